"""Views of the daily work: the 催报 call list (text, or Markdown through a template) and the
ranking tables."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import zh
from ..model import Campaign, Problem
from ..progress import STATUS_NAMES, PhaseProgress
from .terminal import LEVEL_STYLES, labelled, packed

if TYPE_CHECKING:  # `nengli unit` uses group_name alone: no ranking or call-list code for it
    from ..rank import Standing
    from ..remind import GroupCalls

REMIND_TEMPLATE = "remind.md.j2"


def group_name(group: int | None) -> str:
    return "未分组单位" if group is None else f"第{zh.cn_number(group)}巡回督导组"


def owed_phrase(level: str, days: int, due) -> str:
    day = zh.cn_month_day(due)
    if level == "red":
        return f"{day}截止，已逾期{days}天"
    return f"今天（{day}）截止" if days == 0 else f"{day}截止，还有{days}天"


def remind_text(calls: tuple[GroupCalls, ...], progress: PhaseProgress, warn_days: int) -> str:
    """The call list as plain text: group, unit and contact, then each task it owes."""
    units = sum(len(g.reminders) for g in calls)
    head = (f"{progress.phase.title}催报名单（统计日期：{zh.cn_date(progress.as_of)}，"
            f"黄色提醒提前 {warn_days} 天）：")
    lines = [head + (f"共 {units} 个单位。" if units else "没有需要催报的单位。")]
    for g in calls:
        lines.append("")
        lines.append(f"{group_name(g.group)}（{len(g.reminders)} 个单位）")
        for n, r in enumerate(g.reminders, 1):
            contact = f"　{r.unit.reach}" if r.unit.reach else "　（名册中没有联系人）"
            lines.append(f"  {n}. {r.unit.id}{contact}")
            for o in r.owed:
                mark = "逾期" if o.level == "red" else "临近"
                lines.append(f"     [{mark}] {o.task.title}：{owed_phrase(o.level, o.days, o.task.due)}")
    return "\n".join(lines) + "\n"


def remind_facts(campaign: Campaign, calls: tuple[GroupCalls, ...], progress: PhaseProgress,
                 warn_days: int) -> dict[str, Any]:
    phase = progress.phase
    return {
        "phase": {"number": phase.number, "title": phase.title, "theme": phase.theme},
        "as_of": progress.as_of,
        "warn_days": warn_days,
        "notice": phase.notice,
        "campaign": campaign.settings,
        "units": sum(len(g.reminders) for g in calls),
        "groups": [{
            "group": g.group,
            "reminders": [{
                "id": r.unit.id, "name": r.unit.name, "contact": r.unit.reach, "level": r.level,
                "owed": [{"id": o.task.id, "title": o.task.title, "due": o.task.due,
                          "level": o.level, "days": o.days} for o in r.owed],
            } for r in g.reminders],
        } for g in calls],
    }


def remind_markdown(campaign: Campaign, calls: tuple[GroupCalls, ...], progress: PhaseProgress,
                    warn_days: int) -> tuple[str | None, list[Problem]]:
    """The call list with a 催报 message per unit, from templates/remind.md.j2."""
    from .notice import default_template, render_template

    local = campaign.root.parent / "templates" / REMIND_TEMPLATE
    path = local if local.is_file() else default_template(REMIND_TEMPLATE)
    from ..read import display_name

    return render_template(Path(path), remind_facts(campaign, calls, progress, warn_days),
                           display=display_name(Path(path)))


def _rate(s: Standing) -> str:
    rate = s.rate
    return "—" if rate is None else zh.percent(float(rate))


def _rank_caption(progress: PhaseProgress) -> str:
    return (f"统计日期：{zh.cn_date(progress.as_of)}。按时率 = 按时 ÷（按时 + 逾期 + 未报）；"
            "逾期天数：补报的算到报送日，未报的算到统计日期。")


def _unit_style(s: Standing) -> str:
    return LEVEL_STYLES["red"] if s.missing else LEVEL_STYLES["orange"] if s.late else ""


def rank_tables(units: tuple[Standing, ...], groups: tuple[Standing, ...],
                progress: PhaseProgress) -> list[Table]:
    """The units' table, then the groups' (when the roster has groups). The explanation of
    the figures is not a caption: a caption wraps at the table's width, not the console's."""
    ut = Table(title=Text(f"{progress.phase.title}单位排名"), box=box.SIMPLE_HEAD,
               title_justify="left", header_style="bold")
    for name, justify in (("名次", "right"), ("单位", "left"), ("组", "right"), ("按时", "right"),
                          ("逾期", "right"), ("未报", "right"), ("按时率", "right"),
                          ("逾期天数", "right")):
        ut.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for s in units:
        assert s.unit is not None
        ut.add_row(str(s.place), Text(s.unit.id, style=_unit_style(s)),
                   "" if s.group is None else str(s.group), str(s.on_time), str(s.late),
                   str(s.missing), _rate(s), str(s.days_late))
    tables = [ut]
    if groups:
        gt = Table(title="督导组排名", box=box.SIMPLE_HEAD, title_justify="left", header_style="bold")
        for name in ("名次", "督导组", "单位数", "按时", "逾期", "未报", "按时率", "逾期天数"):
            gt.add_column(name, justify="left" if name == "督导组" else "right", no_wrap=True)
        for s in groups:
            gt.add_row(str(s.place), group_name(s.group), str(s.units), str(s.on_time), str(s.late),
                       str(s.missing), _rate(s), str(s.days_late))
        tables.append(gt)
    return tables


def _standing_facts(s: Standing) -> list[Text | str]:
    return [labelled(STATUS_NAMES["on_time"], str(s.on_time)), labelled(STATUS_NAMES["late"], str(s.late)),
            labelled(STATUS_NAMES["missing"], str(s.missing)), labelled("按时率", _rate(s)),
            labelled("逾期天数", str(s.days_late))]


def rank_blocks(units: tuple[Standing, ...], groups: tuple[Standing, ...],
                progress: PhaseProgress, width: int) -> tuple[list[Text], list[Text]]:
    """The stacked rankings: a line or two per unit, then per group."""
    ul = [Text(f"{progress.phase.title}单位排名", style="bold")]
    for s in units:
        assert s.unit is not None
        head: list[Text | str] = [Text(f"{s.place}. ").append_text(Text(s.unit.id, style=_unit_style(s)))]
        if s.group is not None:
            head.append(f"{s.group}组")
        ul += packed([*head, *_standing_facts(s)], width, first="")
    gl = [Text("督导组排名", style="bold")]
    for s in groups:
        gl += packed([f"{s.place}. {group_name(s.group)}", labelled("单位数", str(s.units)),
                      *_standing_facts(s)], width, first="")
    gl.append(Text(""))
    return ul, gl


def print_rank(units: tuple[Standing, ...], groups: tuple[Standing, ...], progress: PhaseProgress,
               console: Console) -> None:
    from .terminal import show

    blocks = rank_blocks(units, groups, progress, console.width)
    for n, (table, lines) in enumerate(zip(rank_tables(units, groups, progress), blocks)):
        show(console, table, lines)
        if n == 0:  # under the units, as wide as the console
            console.print(Text(_rank_caption(progress)))
            console.print()


_FIELD_NAMES = {"name": "全称", "category": "类别", "aliases": "别名", "group": "督导组",
                "contact": "联系人", "phone": "电话"}


def import_summary(plan, units_path: Path, dry_run: bool) -> str:
    """What import-units did (or, with --dry-run, would do), one line per unit changed."""
    from ..read import display_name

    added = [c for c in plan.changes if c.kind == "add"]
    updated = [c for c in plan.changes if c.kind == "update"]
    kept = [c for c in plan.changes if c.kind == "keep"]
    dropped = [c for c in plan.changes if c.kind == "drop"]
    lines = []

    def shown(f: str, value: object) -> str:
        return _blank(plan.category_names.get(value, value) if f == "category" else value)

    for c in added:
        detail = "，".join(f"{_FIELD_NAMES[f]}：{shown(f, new)}" for f, _, new in c.fields)
        lines.append(f"  新增 {c.unit}" + (f"（{detail}）" if detail else ""))
    for c in updated:
        detail = "，".join(f"{_FIELD_NAMES[f]}：{shown(f, old)} → {shown(f, new)}"
                          for f, old, new in c.fields)
        lines.append(f"  修改 {c.unit}（{detail}）")
    lines += [f"  删除 {c.unit}" for c in dropped]
    name = display_name(units_path)
    if not plan.changed:
        head = f"{name} 无需修改：名册表与现有名册一致。"
    else:
        verb = "将" if dry_run else "已"
        head = (f"{name}：{verb}新增 {len(added)} 个单位，{verb}修改 {len(updated)} 个单位"
                + (f"，{verb}删除名册表中没有的 {len(dropped)} 个单位" if dropped else "")
                + (f"，保留名册表中没有的 {len(kept)} 个单位" if kept else "")
                + (f"，{verb}按名册表的顺序排列" if plan.reordered else "") + "。")
        if dry_run:
            head += "（试运行，没有写入文件）"
    return "\n".join([head, *lines]) + "\n"


def _blank(value: object) -> str:
    return "（空）" if value in (None, "") else str(value)
