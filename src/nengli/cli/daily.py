"""remind, rank, export, import-units: the office's daily work; and the unit filters of status."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..problems import problem
from . import complete
from .app import (AsOfOption, CategoryOption, DataOption, GroupOption, OutOption, PhaseOption,
                  app, choice, choose_phase, choose_units, console, fail, fail_usage, load_campaign,
                  out_format, parse_date, phase_option, phase_view, print_problems, warn_earlier,
                  write_file, write_output)


class RemindFormat(str, Enum):
    text = "text"
    md = "md"


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"


@app.command()
def remind(
    data: DataOption = None,
    phase: PhaseOption = None,
    as_of: AsOfOption = None,
    group: GroupOption = None,
    category: CategoryOption = None,
    format: Annotated[str, typer.Option(
        "--format", "-f", parser=choice(RemindFormat), metavar="格式",
        autocompletion=complete.values(RemindFormat),
        help="text：电话督导用的催报名单；md：每个单位一条可直接发送的催报消息"
             "（文字在 templates/remind.md.j2）。")] = RemindFormat.text,
    out: OutOption = None,
) -> None:
    """列出需要催报的单位：逾期未报（红）和临近截止未报（黄），按督导组分组，附联系人。

    示例：nengli remind --phase 1 --group 3 --format md --out 催报.md
    """
    from ..levels import warn_days_of
    from ..remind import call_list

    campaign, progress = phase_view(data, phase, as_of, group, category)
    warn = warn_days_of(campaign)
    warn_earlier(campaign, progress)
    calls = call_list(progress, warn)
    if format is RemindFormat.text:
        from ..render.daily import remind_text

        write_output(remind_text(calls, progress, warn), out)
        return
    from ..render.daily import remind_markdown

    text, problems = remind_markdown(campaign, calls, progress, warn)
    if text is None:
        fail(problems)
    write_output(text, out)


@app.command()
def rank(
    data: DataOption = None,
    phase: PhaseOption = None,
    as_of: AsOfOption = None,
    category: CategoryOption = None,
    why: Annotated[Optional[str], typer.Option(
        "--why", metavar="单位", autocompletion=complete.units,
        help="列出这个单位的每一项扣分（规则、任务、日期、登记或督办单），合计即得分；"
             "须在 data/campaign.yaml 中设置 scoring。", show_default=False)] = None,
    json: Annotated[bool, typer.Option("--json", help="输出 JSON 数据，供其他程序使用。")] = False,
) -> None:
    """按按时率和逾期天数给各单位、各巡回督导组排名；成绩相同按名册顺序排列。

    只统计结果已确定的任务（按时、逾期补报、逾期未报），待报和免报的不计入。
    data/campaign.yaml 中有 scoring（考核评分表）时按得分排名，--why 单位 列出得分的每一项扣分。
    示例：nengli rank --phase 1 --as-of 2022-01-24
    示例：nengli rank --phase 1 --as-of 2022-01-24 --why 24中
    """
    campaign, progress = phase_view(data, phase, as_of, None, category)
    scoring = campaign.rules.scoring
    if why is not None and scoring is None:
        fail_usage(problem("rank-no-scoring", None))
    if scoring is not None:
        _scored(campaign, progress, scoring, why, json)
        return
    from ..rank import group_ranking, unit_ranking

    units = unit_ranking(progress)
    groups = group_ranking(units)
    if json:
        from ..render.data import rank_data, to_json

        sys.stdout.write(to_json(rank_data(progress, units, groups)))
        return
    from ..render.daily import print_rank

    print_rank(units, groups, progress, console())


def _scored(campaign, progress, scoring, why: Optional[str], json: bool) -> None:
    """``rank`` with a scoring table: the scores, or (``--why``) one unit's deductions."""
    from ..duban.scoring import group_scores, unit_scores
    from ..render import scores as view

    scores = unit_scores(progress, campaign.items, scoring)
    if why is not None:
        from ..levels import find_units
        from ..parse import narrow

        found, problems = find_units(campaign, [narrow(why)])
        if problems or len(found) != 1:
            fail_usage(problems[0] if problems else problem("duban-one-unit", None, value=why,
                                                             units="、".join(u.id for u in found)))
        mine = next((s for s in scores if s.unit.id == found[0].id), None)
        if mine is None:
            fail_usage(problem("rank-not-ranked", None, unit=found[0].id, phase=progress.phase.title))
        if json:
            from ..render.data import to_json

            sys.stdout.write(to_json(view.why_data(progress, mine)))
            return
        view.print_why(mine, progress, console())
        return
    groups = group_scores(scores)
    if json:
        from ..render.data import to_json

        sys.stdout.write(to_json(view.scores_data(progress, scores, groups)))
        return
    view.print_scores(scores, groups, progress, console())


@app.command()
def export(
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option(
        "阶段编号，如 1。xlsx 默认导出全部阶段（每阶段一个工作表）；csv 默认导出统计日期所在的阶段。")] = None,
    as_of: AsOfOption = None,
    group: GroupOption = None,
    category: CategoryOption = None,
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", parser=choice(ExportFormat), metavar="格式",
        autocompletion=complete.values(ExportFormat),
        help="xlsx：Excel 台账（汇总、各阶段、名册）；csv：一个阶段的台账（UTF-8 带 BOM，Excel 可直接打开）。"
             "默认按 --out 的扩展名（.xlsx、.csv），否则为 xlsx。", show_default=False)] = None,
    roster: Annotated[bool, typer.Option(
        "--roster", help="只导出单位名册（可在 Excel 中修改后用 nengli import-units 导回）。")] = False,
    out: OutOption = None,
) -> None:
    """导出台账：每个单位一行、每项任务一列，填报送日期或状态，按预警等级着色。

    工作簿含“汇总”（各任务、各类别的统计）、每个阶段一个工作表、“名册”（可用 import-units 导回）。
    示例：nengli export --phase 1 --as-of 2022-01-24 --format xlsx --out 台账.xlsx
    """
    format = ExportFormat(out_format("export", format, out, ExportFormat,
                                     "nengli export --phase 1 --out 台账.xlsx"))
    day = parse_date(as_of, "--as-of")
    if format is ExportFormat.xlsx and out is None:
        fail_usage(problem("need-out", None, format="xlsx"))
    campaign = load_campaign(data)
    campaign = choose_units(campaign, group, category)
    from ..render import ledger

    if roster:
        if format is ExportFormat.csv:
            text = ledger.roster_csv(campaign)
        else:
            assert out is not None
            write_file(out, ledger.roster_workbook_bytes(campaign, day))
            return
    else:
        from ..levels import warn_days_of
        from ..progress import phase_progress

        warn = warn_days_of(campaign)
        if format is ExportFormat.xlsx:
            chosen = [choose_phase(campaign, phase, day)] if phase is not None else campaign.phases
            progresses = [phase_progress(campaign, p, day) for p in chosen]
            assert out is not None
            write_file(out, ledger.workbook_bytes(campaign, progresses, warn, day))
            return
        progress = phase_progress(campaign, choose_phase(campaign, phase, day), day)
        text = ledger.phase_csv(campaign, progress, warn)
    if out is None:
        sys.stdout.write(text.replace("\r\n", "\n"))
    else:
        write_file(out, ("\ufeff" + text).encode("utf-8"))


@app.command("import-units")
def import_units(
    file: Annotated[Path, typer.Argument(
        metavar="名册表", autocompletion=complete.paths,
        help="单位名册表：.xlsx 或 .csv 文件，第一行为列名。", show_default=False)],
    data: DataOption = None,
    sheet: Annotated[Optional[str], typer.Option(
        "--sheet", metavar="工作表", help="读取哪个工作表。默认：名为“名册”的工作表，没有则读第一个。",
        show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="只列出将要做的修改，不写入 units.yaml。")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="用名册表取代现有名册：按名册表的顺序排列，删除表中没有的单位"
                          "（如 nengli init 的示例单位）；有登记的单位不删除，列出其登记的位置。")] = False,
) -> None:
    """从名册表（xlsx 或 csv）新建或更新 data/units.yaml。

    按列名识别：单位简称（必填）、单位全称、类别、别名、督导组、联系人、电话。已有单位按简称更新，
    新单位添加到名册末尾；表中空白的格子不改动原有内容；名册表中没有的单位保留不删，并给出提示。
    有错误时（列出名册表的行号）不写入任何内容。
    加 --replace 时以名册表为准：按表中的顺序排列，删除表中没有的单位（有登记的单位除外）。
    示例：nengli import-units 单位名册.xlsx --dry-run
    示例：nengli import-units 单位名册.xlsx --replace
    """
    from ..load import UNITS_FILE, find_data_dir
    from ..problems import has_errors
    from ..roster_import import import_roster

    folder, problems = find_data_dir(data)
    if folder is None:
        fail(problems)
    units_path = folder / UNITS_FILE
    plan = import_roster(file, units_path, sheet, dry_run=dry_run, replace=replace)
    if has_errors(plan.problems):
        fail(plan.problems)
    print_problems(plan.problems)
    from ..render.daily import import_summary

    sys.stdout.write(import_summary(plan, units_path, dry_run))
