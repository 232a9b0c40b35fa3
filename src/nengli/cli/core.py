"""status, check: the everyday commands (report is with the documents, documents.py)."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from enum import Enum
from typing import Annotated

import typer

from . import complete
from .app import (AsOfOption, CategoryOption, DataOption, GroupOption, PhaseOption, app, choice,
                  console, fail, parse_date, phase_view, print_problems, warn_earlier)


class By(str, Enum):
    task = "task"
    unit = "unit"


@app.command()
def status(
    data: DataOption = None,
    phase: PhaseOption = None,
    as_of: AsOfOption = None,
    group: GroupOption = None,
    category: CategoryOption = None,
    by: Annotated[str, typer.Option(
        "--by", parser=choice(By), metavar="方式", autocompletion=complete.values(By),
        help="task：按任务汇总；unit：单位 × 任务矩阵，每格一个预警符号。")] = By.task,
    json: Annotated[bool, typer.Option("--json", help="输出 JSON 数据，供其他程序使用。")] = False,
) -> None:
    """查看某一阶段各项任务的完成情况和未按时报送的单位，按预警等级着色。

    绿色按时，橙色逾期补报，红色逾期未报，黄色临近截止（warn_days 天内）未报，蓝色免报。
    示例：nengli status --phase 1 --as-of 2022-01-24 --group 3 --by unit
    """
    from ..levels import warn_days_of

    campaign, progress = phase_view(data, phase, as_of, group, category)
    warn = warn_days_of(campaign)
    warn_earlier(campaign, progress)
    if json:
        from ..render.data import status_data, to_json

        sys.stdout.write(to_json(status_data(progress, warn, by_unit=by is By.unit)))
        return
    from ..render.terminal import print_matrix, print_status

    if by is By.unit:
        print_matrix(progress, warn, console())
    else:
        print_status(progress, console(), warn)


@app.command()
def check(
    data: DataOption = None,
    as_of: AsOfOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="有警告也按失败处理（退出码 1）。")] = False,
) -> None:
    """检查全部数据文件，列出所有错误和警告（文件:行:列）。

    没有错误时退出码为 0；有错误（或使用 --strict 时有警告）退出码为 1。
    示例：nengli check --data data
    """
    from ..load import find_data_dir, load
    from ..problems import has_errors

    day = parse_date(as_of, "--as-of")
    folder, problems = find_data_dir(data)
    if folder is None:
        fail(problems)
    texts: dict = {}
    campaign, problems = load(folder, day, texts=texts)
    if campaign is not None:
        from ..materials import check as check_materials

        problems += check_materials(campaign)
    if campaign is not None:  # the notice's texts, as they would be printed
        from ..scaffold import placeholder_problems

        problems += placeholder_problems(folder, texts.values())
    del texts
    if problems:
        print_problems(problems)
    warned = any(p.level == "warning" for p in problems)  # a note does not fail --strict
    if has_errors(problems) or campaign is None or (strict and warned):
        raise typer.Exit(1)
    records = sum(len(p.records) for p in campaign.phases)
    tasks = sum(len(p.tasks) for p in campaign.phases)
    sys.stdout.write(f"数据无误：{len(campaign.units)} 个单位，{len(campaign.phases)} 个阶段，"
                     f"{tasks} 项任务，{records} 条登记。\n")
