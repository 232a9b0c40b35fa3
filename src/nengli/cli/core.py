"""status, report, check: the everyday commands."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .documents import (REPORT_EXAMPLE_PDF, ReportFormat, need_out, out_format, pdf_converter,
                        write_report)
from . import complete
from .app import (AsOfOption, CategoryOption, DataOption, GroupOption, OutOption, PhaseOption, app,
                  choice, choose_phase, console, fail, load_campaign, parse_date, phase_option,
                  phase_view, print_problems)


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
    from .daily import warn_earlier

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
def report(
    phase: Annotated[int, phase_option("阶段编号，如 1。")],
    data: DataOption = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="日期", help="印发日期，写成 2022-01-24；也是默认的统计日期。默认：今天。",
        show_default=False)] = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
    template: Annotated[Optional[Path], typer.Option(
        "--template", metavar="模板文件", autocompletion=complete.paths,
        help="使用指定的通报模板（Jinja2）。默认：活动仓库的 templates/notice.md.j2。",
        show_default=False)] = None,
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", parser=choice(ReportFormat), metavar="格式",
        autocompletion=complete.values(ReportFormat),
        help="md：Markdown 文本；docx：Word 文件，GB/T 9704 公文格式；pdf：把这个 Word 文件用 LibreOffice "
             "转成 PDF（docx、pdf 须同时用 --out）；json：通报中的全部事实（数据）。"
             "默认按 --out 的扩展名（.md、.docx、.pdf、.json），否则为 md。",
        show_default=False)] = None,
) -> None:
    """生成某一阶段的督导通报（Markdown、Word 或 JSON）。

    示例：nengli report --phase 1 --date 2022-01-24 --out 督导通报.md
    示例：nengli report --phase 1 --date 2022-01-24 --out 督导通报.docx
    示例：nengli report --phase 1 --date 2022-01-24 --out 督导通报.pdf（须安装 LibreOffice）
    """
    example = "nengli report --phase 1 --date 2022-01-24 --out 督导通报.docx"
    fmt = out_format("report", format, out, ReportFormat, example)
    need_out(fmt, out, example)
    converter = pdf_converter(REPORT_EXAMPLE_PDF) if fmt == "pdf" else None
    issued = parse_date(date, "--date")
    day = parse_date(as_of, "--as-of", default=issued)
    campaign = load_campaign(data)
    chosen = choose_phase(campaign, phase, day)
    write_report(campaign, chosen, day, issued, fmt, out, template, converter)


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
