"""record, unit, log, init: keeping the data, through git."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..model import Problem
from ..problems import problem
from . import complete
from .app import (AsOfOption, DataOption, app, console, fail, load_campaign, parse_date,
                  phase_option, print_problems)

ForPhase = Annotated[Optional[int], phase_option("阶段编号，如 1。默认：含有该任务的阶段。")]


def _usage(problems: list[Problem]) -> None:
    for p in problems:
        sys.stderr.write(f"用法错误：{p.message}\n  提示：{p.hint}\n")
    raise typer.Exit(2)


def _data_dir(data: Path | None) -> Path:
    from ..load import find_data_dir

    folder, problems = find_data_dir(data)
    if folder is None:
        fail(problems)
    return folder


@app.command("record")
def record_command(
    task: Annotated[str, typer.Argument(
        metavar="任务", autocompletion=complete.tasks, help="任务 id 或任务名称，如 cases。",
        show_default=False)],
    units: Annotated[List[str], typer.Argument(
        metavar="单位...", autocompletion=complete.units, help="单位简称或别名，可以写多个，用空格分开。",
        show_default=False)],
    data: DataOption = None,
    phase: ForPhase = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="日期", help="报送日期，写成 2022-01-26。默认：今天。", show_default=False)] = None,
    note: Annotated[Optional[str], typer.Option(
        "--note", metavar="备注", help="备注，如“逾期补报”。不写时保留已有登记的备注（加 --note \"\" 可清除）。",
        show_default=False)] = None,
    exempt: Annotated[Optional[str], typer.Option(
        "--exempt", metavar="原因", help="登记为经批准免报，并写明原因，如“经批准暂缓”。", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="已有不同的登记时，改为这次的内容。")] = False,
    commit: Annotated[bool, typer.Option(
        "--commit", help="写入后用 git 提交这一个文件（不会带上其他已暂存或未暂存的修改）。")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="只显示将要做的修改（diff），不写入文件。")] = False,
) -> None:
    """登记单位报送情况：把报送日期（或免报）写入阶段文件，只改动登记所在的行。

    同样的登记再做一次不会改动文件；要修改已有的登记须加 --force。写入前后都检查数据，
    有错误时不写入。

    示例：nengli record cases 24中 31中 --date 2022-01-26 --commit
    """
    from ..edit import date_year, record
    from ..zh import nest_quotes
    from ..parse import exempt_flaw, narrow

    if exempt is not None and exempt_flaw(exempt):
        _usage([problem("bad-option-exempt", None, got=exempt_flaw(exempt))])
    task, units = narrow(task), [narrow(u) for u in units]  # １０３中 is 103中, as in the files
    folder = _data_dir(data)
    day = parse_date(date, "--date", year=lambda: date_year(folder, task, phase)) \
        if date is not None else None
    result = record(folder, task, units, phase=phase, date=day, note=note,
                    exempt=exempt, force=force, dry_run=dry_run, commit=commit)
    if result.status == "usage":
        _usage(result.problems)
    if result.status == "refused":
        fail(result.problems)
    print_problems(result.warnings)
    out = sys.stdout
    title = result.task.title if result.task else task
    if result.status == "dry-run":
        out.write(result.diff)
        out.write(f"（试运行：以上是将对 {result.file} 做的修改，文件未改动。）\n")
        return
    for c in result.changes:
        if c.kind == "same":
            line = f"无需修改：{c.unit.id} 在“{title}”下已登记为 {c.new.describe()}。"
        elif c.kind == "add":
            line = f"已登记：{c.unit.id} “{title}” {c.new.describe()}。"
        else:
            old = c.old.describe() if c.old else ""
            line = f"已修改：{c.unit.id} “{title}” {old} → {c.new.describe()}。"
        out.write(nest_quotes(line) + "\n")
    if result.status == "noop":
        if commit:
            out.write("文件没有变化，无需提交。\n")
        return
    out.write(f"已写入 {result.file}。\n")
    if result.commit:
        out.write(f"已提交 {result.commit}：{result.message}\n")
    elif commit:
        sys.stderr.write("登记已写入文件，但提交没有成功：\n")
        fail(result.problems)


@app.command("intake")
def intake_command(
    inbox: Annotated[Path, typer.Argument(
        metavar="文件夹", autocompletion=complete.paths,
        help="存放收到的材料的文件夹（可以按任务、按单位分子文件夹）。", show_default=False)],
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option("只按这一阶段的任务识别。默认：全部阶段。")] = None,
    task: Annotated[Optional[str], typer.Option(
        "--task", metavar="任务", autocompletion=complete.tasks,
        help="这些材料都属于这项任务（任务 id 或名称）。默认：按文件夹名和文件名识别。",
        show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="日期", help="报送日期，写成 2022-01-10。默认：每个文件的修改日期。", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出将要登记的材料，不修改任何文件。")] = False,
    commit: Annotated[bool, typer.Option(
        "--commit", help="登记后用 git 提交改动的阶段文件，提交说明列出这次的登记。")] = False,
    json: Annotated[bool, typer.Option("--json", help="输出 JSON 数据，供其他程序使用。")] = False,
) -> None:
    """收件登记：把一个文件夹中收到的材料逐个认出单位和任务，登记报送日期，并把材料归档。

    单位按文件名或所在文件夹名中的单位简称、全称或别名识别，任务按 --task 或文件夹名、文件名中的任务 id、名称或别名识别；认不出或有歧义的文件、空文件和没下载完的文件列出原因后跳过，其余照常登记。

    材料复制到 材料/第N阶段/任务名称/单位简称-原文件名，原文件保留。已登记的单位再报来的材料作为新版本归档，登记日期不变；再运行一次不会重复登记。

    示例：nengli intake 收件箱/1月10日 --dry-run
    """
    from ..edit import date_year
    from ..intake import intake
    from ..render.intake import intake_data, print_intake, summary

    folder = _data_dir(data)
    day = parse_date(date, "--date", year=lambda: date_year(folder, task, phase)) \
        if date is not None else None
    result = intake(folder, inbox, task_ref=task, phase=phase, date=day,
                    dry_run=dry_run, commit=commit)
    if result.status == "usage":
        _usage(result.problems)
    if result.status == "refused" and not result.folder:
        fail(result.problems)
    if json:
        from ..render.data import to_json

        sys.stdout.write(to_json(intake_data(result)))
    else:
        from ..read import display_name

        print_intake(result, console(), display_name(inbox))
    if result.status == "refused":
        fail(result.warnings + result.problems)
    if not json:
        sys.stdout.write(summary(result))
    # after the table and what was done: the files they are about are listed above
    print_problems(result.warnings)
    if commit and result.status == "written" and not result.commit:
        sys.stderr.write("登记已写入文件，但提交没有成功：\n")
        fail(result.problems)


@app.command("unit")
def unit_command(
    unit: Annotated[str, typer.Argument(metavar="单位", autocompletion=complete.units,
        help="单位简称或别名。", show_default=False)],
    data: DataOption = None,
    as_of: AsOfOption = None,
) -> None:
    """查看一个单位的全部情况：联系人、督导组，各阶段每项任务的完成情况和尚欠的任务。

    示例：nengli unit 24中
    """
    from ..dossier import unit_dossier
    from ..levels import find_units
    from ..parse import narrow
    from ..render.unit import print_dossier

    day = parse_date(as_of, "--as-of")
    campaign = load_campaign(data)
    found, problems = find_units(campaign, [narrow(unit)])
    if problems:
        _usage(problems)
    out = console()
    print_dossier(unit_dossier(campaign, found[0], day), out)
    if campaign.items:
        from ..render.duban import print_unit_items

        print_unit_items(campaign, found[0].id, day, out)


@app.command("log")
def log_command(
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option("只看这一阶段的登记变化。")] = None,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="日期", help="只看这一天及以后的提交，写成 2022-01-20。", show_default=False)] = None,
) -> None:
    """查看登记的历史：每条登记何时新增或修改、由谁提交、在哪个提交中（读自 git 历史）。

    尚未提交的修改不在其中（可用 git status 查看）。
    示例：nengli log --phase 1 --since 2022-01-20
    """
    from .. import gitio
    from ..history import history
    from ..levels import name_index
    from ..render.unit import print_history

    day = parse_date(since, "--since") if since is not None else None
    campaign = load_campaign(data, show_warnings=False)
    try:
        changes = history(campaign.root, name_index(campaign), since=day, phase=phase)
    except gitio.GitError as exc:
        if exc.code == "not-git":  # log only reads: no --commit to leave out
            fail([problem("not-git-log", None, path=str(campaign.root))])
        fail([exc.problem()])
    titles = {(p.number, t.id): t.title for p in campaign.phases for t in p.tasks}
    print_history(changes, titles, console())


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(
        metavar="文件夹", autocompletion=complete.paths,
        help="新活动仓库的文件夹，不存在时自动建立。默认：当前文件夹。", show_default=False)] = Path("."),
) -> None:
    """新建一个活动数据仓库：git 仓库、带说明的单位名册和阶段文件、通报模板，并做第一次提交。

    生成后即可运行 nengli check；按文件中的说明把示例改成本单位的名册和任务。
    示例：nengli init 能力作风建设年
    """
    from ..scaffold import init

    result = init(folder)
    if result.problems:
        fail(result.problems)
    out = sys.stdout
    for path in result.created:
        out.write(f"已建立 {path.relative_to(folder).as_posix()}\n")
    out.write(f"已初始化 git 仓库并提交 {result.commit}。\n"
              f"下一步：编辑 data/units.yaml 和 data/phases/phase1.yaml，然后运行 nengli check。\n")
