"""rollup: a city (or a province) over its districts' repositories, at pinned commits."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.main

from ..problems import problem
from . import complete
from .app import (AsOfOption, DataOption, OutOption, PhaseOption, app, choice, choose_phase,
                  console, fail, fail_usage, load_campaign, need_out, out_format, out_option,
                  parse_date, phase_option, print_problems, write_file, write_output)
from .chinese import ChineseTyper
from .documents import ReportFormat

rollup_app = ChineseTyper(
    name="rollup", add_completion=False,
    help="全市汇总：读取各区县活动仓库（或数据包）中固定版本的数据，汇总统计、生成通报和看板；"
         "区县用 nengli rollup export 生成数据包报送。各区县的文件从不合并，每个数字都注明来自哪个区县、哪个版本。",
    no_args_is_help=True,
)


@rollup_app.callback()
def _group() -> None:
    pass  # the group's help is rollup_app's; a group of lazy commands needs a callback to build


app.lazy["rollup"] = lambda: typer.main.get_command(rollup_app)  # built when it runs


class ExportFormat(str, Enum):
    bundle = "bundle"
    xlsx = "xlsx"
    csv = "csv"


def _data_dir(data: Optional[Path]) -> Path:
    from ..load import find_data_dir

    folder, problems = find_data_dir(data)
    if folder is None:
        fail(problems)
    return folder


def _round(data: Optional[Path], day, *, quiet: bool = False):
    """The city's definition (its own data folder) and the round as of ``day``; exit 1 when
    the city's own files cannot be used. Prints the round's problems unless ``quiet``."""
    from ..problems import has_errors
    from ..rollup.combine import open_round

    folder = _data_dir(data)
    definition = load_campaign(folder)
    rnd, problems = open_round(folder, definition, day)
    if rnd is None or has_errors(problems):
        fail(problems)
    if not quiet:
        print_problems([*problems, *rnd.problems])
    return rnd


def _views(rnd, phase_number: Optional[int], day):
    """The combined campaign (carrying the districts for the templates), the phase, the
    combined progress and each district's own."""
    from ..progress import phase_progress
    from ..render.rollup import notice_data
    from ..rollup.combine import progress_tree

    campaign = rnd.campaign._replace(settings={**rnd.campaign.settings, "districts": notice_data(rnd)})
    phase = choose_phase(campaign, phase_number, day)
    return campaign, phase, phase_progress(campaign, phase, day), progress_tree(rnd, phase)


@rollup_app.command()
def fetch(
    data: DataOption = None,
    from_: Annotated[Optional[Path], typer.Option(
        "--from", metavar="文件夹", autocompletion=complete.paths,
        help="各区县数据包（*.bundle）所在的文件夹。默认：rollup.yaml 中的 bundles，"
             "没有写时为活动文件夹中的“数据包”。", show_default=False)] = None,
) -> None:
    """取回各区县最新的数据：数据包先校验再读取，仓库地址直接取回；写入并提交 rollup.lock。

    各区县的数据放在本仓库的 refs/rollup/区县代码/ 下，不检出、不合并；rollup.lock 记下每个区县所用的
    提交编号和提交时间，此后的汇总数字都按这些版本计算。数据包比已汇总的版本旧时不采用。
    示例：nengli rollup fetch --from 收件箱/数据包
    """
    from ..gitio import repo_root
    from ..problems import has_errors
    from ..read import display_name
    from ..render.rollup import fetch_text
    from ..rollup.config import read_config
    from ..rollup.exchange import fetch_all

    folder = _data_dir(data)
    rollup, lock, problems, texts = read_config(folder)
    if rollup is None or has_errors(problems):
        from ..load import with_excerpts

        fail(with_excerpts(problems, texts))
    repo = repo_root(folder)
    if repo is None:
        fail([problem("rollup-not-git", None, path=display_name(folder))])
    bundles = from_ if from_ is not None else folder.parent / rollup.bundles
    result = fetch_all(repo, folder, rollup, lock, bundles)
    print_problems([*problems, *result.all_problems()])
    sys.stdout.write(fetch_text(result))
    if has_errors(result.all_problems()):
        raise typer.Exit(1)


@rollup_app.command()
def check(
    data: DataOption = None,
    as_of: AsOfOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="有警告也按失败处理（退出码 1）。")] = False,
) -> None:
    """检查全市汇总：各区县数据的错误、同一单位被两个区县列入、与市里不同的任务和截止日期、
    数据格式版本、过期和未报送的区县，一次列出，每条注明区县和版本。

    没有错误时退出码为 0；有错误（或使用 --strict 时有警告）退出码为 1。
    示例：nengli rollup check --as-of 2022-01-24
    """
    from ..problems import has_errors

    day = parse_date(as_of, "--as-of")
    rnd = _round(data, day, quiet=True)
    problems = rnd.all_problems()
    print_problems(problems)
    if has_errors(problems) or (strict and problems):
        raise typer.Exit(1)
    leaves = rnd.leaves()
    sys.stdout.write(f"汇总无误：{len(rnd.entries)} 个{rnd.rollup.term}（计入 {len(leaves)} 份数据），"
                     f"{len(rnd.campaign.units)} 个单位。\n")


@rollup_app.command()
def status(
    data: DataOption = None,
    phase: PhaseOption = None,
    as_of: AsOfOption = None,
    json: Annotated[bool, typer.Option(
        "--json", help="输出 JSON 数据：与 nengli status --json 相同的全市数字，另有 districts（各区县）。")] = False,
) -> None:
    """全市汇总的完成情况：各项任务的全市数字、未按时报送的单位（写作“鼓楼区·24中”），以及各区县的数据版本和情况。

    示例：nengli rollup status --phase 1 --as-of 2022-01-24
    """
    from ..levels import warn_days_of

    day = parse_date(as_of, "--as-of")
    rnd = _round(data, day)
    campaign, _phase, progress, progresses = _views(rnd, phase, day)
    warn = warn_days_of(campaign)
    if json:
        from ..render.data import to_json
        from ..render.rollup import status_json

        sys.stdout.write(to_json(status_json(rnd, progress, progresses, warn)))
        return
    from ..render.rollup import print_districts
    from ..render.terminal import print_status

    out = console()
    print_status(progress, out, warn)
    print_districts(rnd, progresses, out)


@rollup_app.command()
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
        help="md：Markdown 文本；docx：Word 文件（须同时用 --out）；json：通报中的全部事实。"
             "默认按 --out 的扩展名，否则为 md。", show_default=False)] = None,
) -> None:
    """生成全市的督导通报：各区县的单位合并统计，未按时报送的单位写作“鼓楼区·24中”，
    并说明哪些区县没有按时报送数据、各区县数据的版本。

    示例：nengli rollup report --phase 1 --date 2022-01-24 --out 全市督导通报.md
    """
    from .documents import write_report

    example = "nengli rollup report --phase 1 --date 2022-01-24 --out 全市督导通报.docx"
    fmt = out_format("report", format, out, ReportFormat, example)
    need_out(fmt, out, example)
    issued = parse_date(date, "--date")
    day = parse_date(as_of, "--as-of", default=issued)
    rnd = _round(data, day)
    campaign, chosen, _progress, _ = _views(rnd, phase, day)
    write_report(campaign, chosen, day, issued, fmt, out, template)


@rollup_app.command()
def board(
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option("阶段编号，如 1。默认：全部阶段。")] = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
) -> None:
    """生成全市的督导看板（一个网页文件）：全市的完成情况、各区县的情况和数据版本。

    示例：nengli rollup board --as-of 2022-01-24 --out 全市看板.html
    """
    if out is None:
        fail_usage(problem("board-need-out", None))
    from ..levels import warn_days_of
    from ..progress import phase_progress
    from ..render.board import board_facts, made_at, render_board
    from ..render.notice import data_provenance

    day = parse_date(as_of, "--as-of")
    rnd = _round(data, day)
    campaign, _phase, _progress, _ = _views(rnd, phase, day)
    chosen = [choose_phase(campaign, phase, day)] if phase is not None else list(campaign.phases)
    from ..render.rollup import district_board

    facts = board_facts(campaign, [phase_progress(campaign, p, day) for p in chosen],
                        warn_days_of(campaign), data_provenance(campaign.root), made_at())
    page, problems = render_board(campaign, district_board(facts, rnd))
    if page is None:
        fail(problems)
    print_problems(problems)
    write_output(page, out)


@rollup_app.command()
def export(
    data: DataOption = None,
    out: Annotated[Optional[Path], out_option(
        "数据包：写入这个文件夹（如 U 盘），默认为当前文件夹；台账：写入这个文件（.xlsx 或 .csv）。",
        metavar="文件夹或文件")] = None,
    name: Annotated[Optional[str], typer.Option(
        "--name", metavar="名称",
        help="本单位在汇总中的名称，数据包以它命名（如 鼓楼区-20220124.bundle）。"
             "默认：data/campaign.yaml 中 rollup 的 name。", show_default=False)] = None,
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", parser=choice(ExportFormat), metavar="格式",
        autocompletion=complete.values(ExportFormat),
        help="bundle：报送给上级的数据包（默认）；xlsx、csv：全市汇总的台账（如 nengli export）。"
             "--out 以 .xlsx、.csv 结尾时按扩展名。", show_default=False)] = None,
    phase: Annotated[Optional[int], phase_option(
        "台账的阶段编号。默认：xlsx 为全部阶段，csv 为统计日期所在的阶段。")] = None,
    as_of: AsOfOption = None,
) -> None:
    """区县：生成报送给上级的数据包；市里：加 --format xlsx 导出全市汇总的台账。

    数据包（鼓楼区-20220124.bundle，日期是数据最后一次提交的日期）含活动仓库已提交的全部数据，
    生成后立即校验；有未提交的修改或数据有错误时不生成。汇总仓库（有 rollup.lock）的数据包
    同时带上它所汇总的各区县的数据，上一级即可按同样的办法汇总。
    示例：nengli rollup export --out E:\\
    示例：nengli rollup export --format xlsx --out 全市台账.xlsx
    """
    suffix = out.suffix.lower() if out is not None else ""
    if format is None:
        format = ExportFormat(suffix[1:]) if suffix in (".xlsx", ".csv") else ExportFormat.bundle
    if format is ExportFormat.bundle:
        if suffix in (".xlsx", ".csv"):
            fail_usage(problem("format-mismatch", None, format="bundle", out=out, suffix=out.suffix,  # type: ignore[union-attr]
                               inferred=suffix[1:]))
        from ..render.rollup import export_text
        from ..rollup.exchange import export_bundle

        exported, problems = export_bundle(_data_dir(data), out or Path.cwd(), name)
        if exported is None:
            fail(problems)
        print_problems(problems)
        sys.stdout.write(export_text(exported))
        return
    if suffix in (".xlsx", ".csv") and suffix[1:] != format.value:
        fail_usage(problem("format-mismatch", None, format=format.value, out=out, suffix=out.suffix,  # type: ignore[union-attr]
                           inferred=suffix[1:]))
    if format is ExportFormat.xlsx and out is None:
        fail_usage(problem("need-out", None, format="xlsx"))
    from ..levels import warn_days_of
    from ..progress import phase_progress
    from ..render import ledger

    day = parse_date(as_of, "--as-of")
    rnd = _round(data, day)
    campaign, chosen, progress, _ = _views(rnd, phase, day)
    warn = warn_days_of(campaign)
    if format is ExportFormat.xlsx:
        phases = [chosen] if phase is not None else list(campaign.phases)
        assert out is not None
        write_file(out, ledger.workbook_bytes(campaign, [phase_progress(campaign, p, day) for p in phases],
                                              warn, day))
        return
    text = ledger.phase_csv(campaign, progress, warn)
    if out is None:
        sys.stdout.write(text.replace("\r\n", "\n"))
    else:
        write_file(out, ("\ufeff" + text).encode("utf-8"))
