"""The commands of ``nengli duban``: list, issue, extend, close and log the 督办 ladder's
notices. Imported only when ``nengli duban`` runs (or --help lists it): cli/duban.py."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer
import typer.main

from ..model import Problem
from ..problems import problem
from ..zh import inner_quotes
from . import complete
from .app import (AsOfOption, DataOption, GroupOption, choose_units, console, fail,
                  load_campaign, out_option, parse_date, phase_option, print_problems)
from .chinese import ChineseTyper

duban = ChineseTyper(
    name="duban", add_completion=False, no_args_is_help=True,
    help="督办：从提醒、催办、督办到挂牌督办，发出编号的通知单（Word），延期、销号，并留下记录。")

ForPhase = Annotated[Optional[int], phase_option("阶段编号，如 1。默认：含有该任务的阶段。")]
CommitOption = Annotated[bool, typer.Option(
    "--commit", help="写入后用 git 提交 data/duban.yaml（不会带上其他修改）。")]
NumberArgument = Annotated[str, typer.Argument(
    metavar="编号", help="督办编号：完整的〔2022〕督办第1-001号，或其中的数字，如 1-001、017。",
    show_default=False)]


@duban.callback()
def _group() -> None:
    """督办：从提醒、催办、督办到挂牌督办，发出编号的通知单（Word），延期、销号，并留下记录。

    记录在 data/duban.yaml，阶梯和编号段在 data/campaign.yaml 的 duban 中，通知单的文字在 templates/duban.md.j2。
    示例：nengli duban list
    """


def _usage(problems: list[Problem]) -> None:
    for p in problems:
        sys.stderr.write(f"用法错误：{p.message}\n  提示：{p.hint}\n")
    raise typer.Exit(2)


def _data_dir(data: Optional[Path]) -> Path:
    from ..load import find_data_dir

    folder, problems = find_data_dir(data)
    if folder is None:
        fail(problems)
    return folder


@duban.command("list")
def list_command(
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option("只看这一阶段的任务。默认：全部阶段。")] = None,
    as_of: AsOfOption = None,
    group: GroupOption = None,
    json: Annotated[bool, typer.Option("--json", help="输出 JSON 数据，供其他程序使用。")] = False,
) -> None:
    """督办清单：现在该对谁发哪一级通知单、为什么（上一级通知单的编号和日期），以及要提醒的和待销号的。

    应发的在前（高一级的在前），然后是办理时限未到的、临近截止要提醒的、已报送待销号的。
    示例：nengli duban list --as-of 2022-01-27 --group 3
    """
    from ..duban.ladder import stages
    from ..render.duban import listed, print_list

    day = parse_date(as_of, "--as-of")
    campaign = load_campaign(data)
    chosen = None
    if phase is not None:
        from .app import choose_phase

        chosen = [choose_phase(campaign, phase, day)]
    campaign = choose_units(campaign, group, None)
    rows = listed(stages(campaign, day, chosen))
    if json:
        from ..render.data import to_json
        from ..render.duban import list_data

        sys.stdout.write(to_json(list_data(rows, day)))
        return
    print_list(rows, day, console())


@duban.command("issue")
def issue_command(
    unit: Annotated[str, typer.Argument(metavar="单位", autocompletion=complete.units,
                                        help="单位简称或别名。", show_default=False)],
    task: Annotated[str, typer.Argument(metavar="任务", autocompletion=complete.tasks,
                                        help="任务 id 或名称，如 cases。", show_default=False)],
    data: DataOption = None,
    phase: ForPhase = None,
    level: Annotated[Optional[str], typer.Option(
        "--level", metavar="等级",
        help="催办、督办或挂牌督办。默认：督办阶梯上到期的一级；写明时可以提前或越级（如领导批示挂牌督办）。",
        show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="日期", help="发出日期，写成 2022-01-21。默认：今天。", show_default=False)] = None,
    reason: Annotated[Optional[str], typer.Option(
        "--reason", metavar="依据", help="提前或越级督办的依据，如“局长批示”，写入通知单和记录。",
        show_default=False)] = None,
    out: Annotated[Optional[Path], out_option(
        "通知单的 Word 文件名。默认：活动文件夹的 out/（没有时为当前文件夹）中的“编号+等级通知单.docx”。")] = None,
    commit: CommitOption = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="只显示将要发出的通知单和对 duban.yaml 的修改，不写入任何文件。")] = False,
) -> None:
    """发出督办阶梯上的一份通知单（催办、督办或挂牌督办）：写出编号的 Word 文件，并记入 data/duban.yaml。

    只有上一级已经发出、期满仍未办结时才发下一级（第一级催办在截止日期后的第一个工作日起），
    除非用 --level 写明等级。同一单位的同一任务始终用同一个编号（一件一号）。
    示例：nengli duban issue 24中 cases --commit
    示例：nengli duban issue 24中 cases --level 挂牌督办 --reason 局长批示 --out 挂牌督办通知单.docx
    """
    from ..duban.register import session
    from ..parse import narrow

    day = parse_date(date, "--date") if date is not None else None
    if out is not None and out.suffix.lower() != ".docx":
        _usage([problem("format-for-ext", None, command="duban issue", suffix=out.suffix or "（无）",
                        known="docx", example="nengli duban issue 24中 cases --out 催办通知单.docx",
                        older="")])
    if out is not None and not out.parent.exists():
        fail([problem("write-no-folder", None, path=out, folder=out.parent)])
    folder = _data_dir(data)
    repo = _commit_repo(folder, commit and not dry_run)
    today = dt.date.today()
    with session(folder, today, lock=not dry_run) as s:
        if s.refused:
            fail(s.refused)
        plan = s.issue(narrow(unit), narrow(task), phase=phase,
                       level=narrow(level).strip() if level is not None else None,
                       date=day, reason=(reason or "").strip())
        _stop(plan)
        campaign = s.campaign
        from ..render.duban import notice_docx, notice_facts

        facts = notice_facts(campaign, plan)
        docx, problems = notice_docx(campaign, facts)
        if docx is None:
            fail(problems)
        print_problems(problems)
        target = out or _default_out(folder, plan)
        head = (f"{plan.step.level}通知单 {plan.item.number}：{plan.unit.id}“{inner_quotes(plan.task.title)}”，"
                f"办理时限{_cn(plan.step.until)}")
        if dry_run:
            _dry_run(plan, s, head, target)
            return
        commit = _write(s, plan, repo, also=[(target, docx)])
    sys.stdout.write(f"已发出{head}。\n已写入 {_shown(target)}\n")
    _wrote(s.path, commit, plan.message)


@duban.command("extend")
def extend_command(
    refs: Annotated[List[str], typer.Argument(
        metavar="编号或单位 任务",
        help="督办编号（如 1-001）；还没有发通知单时，写单位和任务（如 24中 cases），延期的是任务本身的截止日期。",
        show_default=False)],
    until: Annotated[str, typer.Option(
        "--until", metavar="日期", help="延期到哪一天，写成 2022-02-10。", show_default=False)],
    reason: Annotated[str, typer.Option(
        "--reason", metavar="理由", help="单位书面申请延期的理由。", show_default=False)],
    data: DataOption = None,
    phase: ForPhase = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="日期", help="单位提出申请的日期（须在办理时限内），写成 2022-01-25。默认：今天。",
        show_default=False)] = None,
    commit: CommitOption = False,
) -> None:
    """延期：单位在办理时限届满前书面申请的，记下新的期限和理由；期满仍未办结的，从新期限的次一工作日起继续督办。

    还没有发通知单的任务，写单位和任务，在截止日期前延期（这时即给这件事编号）。
    示例：nengli duban extend 1-001 --until 2022-02-10 --reason "材料需经党委会审定" --commit
    示例：nengli duban extend 24中 cases --until 2022-01-25 --reason "负责人外出学习"
    """
    from ..duban.register import session
    from ..parse import narrow

    if len(refs) > 2:
        _usage([problem("duban-extend-refs", None, value=" ".join(refs))])
    new = parse_date(until, "--until")
    day = parse_date(date, "--date") if date is not None else None
    folder = _data_dir(data)
    repo = _commit_repo(folder, commit)
    with session(folder, dt.date.today()) as s:
        if s.refused:
            fail(s.refused)
        if len(refs) == 2:
            plan = s.extend_task(narrow(refs[0]), narrow(refs[1]), new, reason, phase=phase, date=day)
        else:
            plan = s.extend(narrow(refs[0]), new, reason, date=day)
        _stop(plan)
        commit = _write(s, plan, repo)
    sys.stdout.write(f"已延期：{plan.item.number}（{plan.unit.id}“{inner_quotes(plan.task.title)}”）"
                     f"办理时限延至{_cn(plan.step.until)}，理由：{plan.step.reason}。\n")
    _wrote(s.path, commit, plan.message)


@duban.command("close")
def close_command(
    ref: NumberArgument,
    evidence: Annotated[str, typer.Option(
        "--evidence", metavar="依据", help="销号的依据：整改落实的材料文件，或一句说明。", show_default=False)],
    data: DataOption = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="日期", help="销号日期，写成 2022-02-08。默认：今天。", show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="单位还没有报送也销号（须经领导同意，依据中写明）。")] = False,
    commit: CommitOption = False,
) -> None:
    """销号：单位已报送、整改落实后，凭材料或说明把督办事项办结；销号后不再督办，编号不再使用。

    示例：nengli duban close 1-001 --evidence 材料/第1阶段/创新案例、改革案例/24中-案例.docx --commit
    """
    from ..duban.register import session
    from ..parse import narrow

    day = parse_date(date, "--date") if date is not None else None
    folder = _data_dir(data)
    repo = _commit_repo(folder, commit)
    with session(folder, dt.date.today()) as s:
        if s.refused:
            fail(s.refused)
        plan = s.close(narrow(ref), evidence, date=day, force=force)
        _stop(plan)
        commit = _write(s, plan, repo)
    sys.stdout.write(f"已销号：{plan.item.number}（{plan.unit.id}“{inner_quotes(plan.task.title)}”），"
                     f"依据：{plan.step.evidence}。\n")
    _wrote(s.path, commit, plan.message)


@duban.command("log")
def log_command(
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option("只看这一阶段的任务。")] = None,
    group: GroupOption = None,
) -> None:
    """督办记录：每份通知单、每次延期和销号，按日期排列，注明编号、单位、任务和经办人。

    示例：nengli duban log --phase 1
    """
    from ..render.duban import log_rows, print_log

    campaign = load_campaign(data)
    if phase is not None:
        from .app import choose_phase

        choose_phase(campaign, phase, dt.date.today())
    campaign = choose_units(campaign, group, None)
    shown = {u.id for u in campaign.units}
    items = [i for i in campaign.items if i.unit in shown and (phase is None or i.phase == phase)]
    titles = {(p.number, t.id): t.title for p in campaign.phases for t in p.tasks}
    print_log(log_rows(items), titles, console())


# ---- shared ------------------------------------------------------------------------------------

def _cn(day) -> str:
    from ..zh import cn_date

    return cn_date(day)


def _shown(path: Path) -> str:
    from ..read import display_name

    return display_name(path)


def _commit_repo(folder: Path, commit: bool) -> Optional[Path]:
    if not commit:
        return None
    from ..edit import commit_repo

    repo, refused = commit_repo(folder)
    if refused:
        fail(refused)
    return repo


def _stop(plan) -> None:
    """Exit when the plan is refused: 2 for a command written wrong, 1 for the data's answer."""
    if plan.status == "usage":
        _usage(plan.problems)
    if plan.status != "ready":
        fail(plan.problems)


def _write(s, plan, repo: Optional[Path], also=()) -> str:
    """Write the plan (and ``also``, the 通知单, first); commit duban.yaml with --commit.
    Returns the commit's id ("" without --commit)."""
    from ..edit import commit_clean, commit_files

    if repo is not None:
        refused = commit_clean(repo, [s.path])
        if refused:
            fail(refused)
    problems = s.write(plan, list(also))
    if problems:
        fail(problems)
    print_problems(plan.warnings)
    if repo is None:
        return ""
    commit, problems = commit_files(repo, [s.path], plan.message)
    if problems:
        sys.stderr.write("督办记录已写入文件，但提交没有成功：\n")
        fail(problems)
    return commit


def _wrote(path: Path, commit: str, message: str) -> None:
    sys.stdout.write(f"已记入 {_shown(path)}。\n")
    if commit:
        sys.stdout.write(f"已提交 {commit}：{message}\n")


def _default_out(folder: Path, plan) -> Path:
    """out/ of the campaign folder (made by nengli init), else the current folder."""
    name = f"{plan.item.number}{plan.step.level}通知单.docx"
    out = folder.parent / "out"
    return out / name if out.is_dir() else Path(name)


def _dry_run(plan, s, head: str, target: Path) -> None:
    from ..lineedit import unified_diff

    sys.stdout.write(unified_diff(_shown(s.path), plan.old, plan.new))
    sys.stdout.write(f"（试运行：将发出{head}，写入 {_shown(target)}；文件未改动。）\n")


def command():
    """The ``duban`` group as click runs it."""
    return typer.main.get_command(duban)
