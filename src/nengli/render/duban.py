"""督办 views: the 通知单 (Markdown from templates/duban.md.j2, then Word through the notice's
writer), the ladder list and the log in the terminal."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich import box

from .. import zh
from ..model import Campaign, Item, Problem, Step
from ..duban.ladder import STATE_NAMES, Stage, next_level
from .terminal import LEVEL_STYLES, labelled, packed, show

NOTICE_TEMPLATE = "duban.md.j2"


def issuer_of(campaign: Campaign, phase) -> str:
    """Who signs a 通知单: ``duban: issuer:``, else the office, else the phase notice's issuer."""
    settings = campaign.settings if isinstance(campaign.settings, dict) else {}
    for value in (campaign.rules.issuer, settings.get("office"),
                  (phase.notice or {}).get("issuer") if phase is not None else None):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def notice_facts(campaign: Campaign, plan: Any, *, letterhead: bool = False) -> dict[str, Any]:
    """What the 通知单 of ``plan`` (register.Plan, a notice) states, as plain data."""
    step, item, unit, phase, task, stage = (plan.step, plan.item, plan.unit, plan.phase,
                                            plan.task, plan.stage)
    rules = campaign.rules
    return {
        "level": step.level, "number": item.number, "date": step.date, "until": step.until,
        "reason": step.reason, "by_decision": step.level != stage.next_level or stage.state != "due",
        "next_level": next_level(step.level),
        "unit": {"id": unit.id, "name": unit.name},
        "phase": {"number": phase.number, "title": phase.title},
        "task": {"id": task.id, "title": task.title, "due": task.due},
        "status": stage.row.status, "days_late": stage.row.days_late,
        "earlier": [{"level": s.level, "date": s.date, "until": s.until} for s in plan.earlier],
        "extension": ({"date": stage.extension.date, "until": stage.extension.until,
                       "reason": stage.extension.reason} if stage.extension is not None else None),
        "feedback": rules.feedback, "contact": rules.contact, "phone": rules.phone,
        "issuer": issuer_of(campaign, phase), "letterhead": letterhead,
        "campaign": dict(campaign.settings),
    }


def notice_markdown(campaign: Campaign, facts: dict[str, Any]) -> tuple[str | None, list[Problem]]:
    from .notice import render_named

    return render_named(campaign, NOTICE_TEMPLATE, facts)


def notice_docx(campaign: Campaign, facts: dict[str, Any]) -> tuple[bytes | None, list[Problem]]:
    """The 通知单 as a Word file in the notices' GB/T 9704 layout (render/docx.py), headed by
    its title and number. Not under campaign.yaml's ``letterhead:``: GB/T 9704 7.2's 版头 takes
    10 of a page's 22 lines, and the 通知单 with its 回执 would not fit one page."""
    from .docx import Fonts, Signature, to_docx

    text, problems = notice_markdown(campaign, facts)
    if text is None:
        return None, problems
    settings = campaign.settings if isinstance(campaign.settings, dict) else {}
    issued = facts["date"]
    data = to_docx(text, kind="notice", fonts=Fonts.from_settings(settings),
                   signature=Signature(zh.cn_date(issued), facts["issuer"] or None),
                   issued=issued, author=facts["issuer"], comments=facts["number"])
    return data, problems


# ---- the terminal ------------------------------------------------------------------------------

def _since(stage: Stage) -> str:
    """Why the stage is where it is: the previous level and its date and deadline, or the due
    date; an extension in force."""
    last, ext = stage.last, stage.extension
    if last is not None:
        text = f"{zh.cn_month_day(last.date)}发{last.level}，限{zh.cn_month_day(last.until)}"  # type: ignore[arg-type]
    else:
        text = f"{zh.cn_month_day(stage.task.due)}截止"
    if ext is not None:
        text += f"，延期至{zh.cn_month_day(ext.until)}"  # type: ignore[arg-type]
    return text


def _doing(stage: Stage) -> Text:
    if stage.state == "due":
        return Text(f"应发{stage.next_level}", style=LEVEL_STYLES["red"])
    if stage.state == "remind":
        return Text("提醒", style=LEVEL_STYLES["yellow"])
    if stage.state == "to_close":
        return Text("待销号", style=LEVEL_STYLES["green"])
    if stage.next_level is None:
        return Text("挂牌督办中", style=LEVEL_STYLES["orange"])
    return Text(STATE_NAMES[stage.state])


def _when(stage: Stage) -> str:
    """The day it turns: the next level due from, or the day the task was reported."""
    if stage.state == "to_close":
        r = stage.row.record
        return f"{zh.cn_month_day(r.date)}报送" if r is not None and r.date else "免报"
    if stage.state in ("due", "waiting") and stage.due_from is not None:
        return f"{zh.cn_month_day(stage.due_from)}起"
    return ""


#: the order of the list: what to send first
_ORDER = {"due": 0, "waiting": 1, "remind": 2, "to_close": 3}


def listed(stages: Iterable[Stage]) -> list[Stage]:
    """The stages a 督查 office acts on, most urgent first: notices due (the higher level
    first), then those waiting for a deadline, the reminders, and the items to close."""
    from ..model import DUBAN_LEVELS

    def key(s: Stage) -> tuple:
        level = DUBAN_LEVELS.index(s.next_level) if s.state == "due" and s.next_level else 0
        return (_ORDER[s.state], -level, s.phase.number, s.unit.index)

    return sorted((s for s in stages if s.state in _ORDER), key=key)


def print_list(stages: list[Stage], as_of: dt.date, console: Console) -> None:
    """``duban list``: one row per unit's task the office acts on."""
    if not stages:
        console.print(f"截至{zh.cn_date(as_of)}，没有需要督办、提醒或销号的事项。")
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold",
                  title=Text(f"督办清单（{zh.cn_date(as_of)}）"), title_justify="left")
    for name, wrap in (("办理", False), ("单位", False), ("任务", True), ("编号", False),
                       ("依据", True), ("时间", False)):
        table.add_column(name, no_wrap=not wrap, overflow="fold", ratio=1 if wrap else None)
    blocks: list[Text] = [Text(f"督办清单（{zh.cn_date(as_of)}）", style="bold")]
    for s in stages:
        number = s.item.number if s.item is not None else ""
        table.add_row(_doing(s), Text(s.unit.id), Text(s.task.title), number, Text(_since(s)),
                      _when(s))
        blocks += packed([_doing(s), Text(s.unit.id), Text(s.task.title), number, Text(_since(s)),
                          _when(s)], console.width, first="")
    show(console, table, blocks)
    counts: dict[str, int] = {}
    for s in stages:
        name = f"应发{s.next_level}" if s.state == "due" else STATE_NAMES[s.state]
        counts[name] = counts.get(name, 0) + 1
    console.print("共 " + "，".join(f"{k} {v} 件" for k, v in counts.items()) + "。")


def step_words(step: Step) -> str:
    """What a log line says, in words: 发出催办通知单（限1月28日前办结）/ 延期至2月10日（理由）/ 销号（依据）."""
    if step.kind == "notice":
        text = f"发出{step.level}通知单（限{zh.cn_month_day(step.until)}）"  # type: ignore[arg-type]
        return text + (f"，{step.reason}" if step.reason else "")
    if step.kind == "extend":
        return f"延期至{zh.cn_month_day(step.until)}（{step.reason}）"  # type: ignore[arg-type]
    return f"销号（{step.evidence}）"


def log_rows(items: Iterable[Item]) -> list[tuple[Step, Item]]:
    """Every step of every item, by date (then by number, then as written)."""
    rows = [(s, i) for i in items for s in i.steps]
    return sorted(rows, key=lambda si: (si[0].date, si[1].number))


def print_log(rows: list[tuple[Step, Item]], titles: dict[tuple[int, str], str],
              console: Console) -> None:
    if not rows:
        console.print("还没有督办记录（data/duban.yaml）。")
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for name, wrap in (("日期", False), ("编号", False), ("单位", False), ("任务", True),
                       ("办理", True), ("经办人", False)):
        table.add_column(name, no_wrap=not wrap, overflow="fold", ratio=1 if wrap else None)
    blocks: list[Text] = []
    for step, item in rows:
        title = titles.get((item.phase, item.task), item.task)
        table.add_row(step.date.isoformat(), item.number, Text(item.unit), Text(title),
                      Text(step_words(step)), Text(step.by))
        blocks += packed([step.date.isoformat(), item.number, Text(item.unit)], console.width, first="")
        blocks += packed([labelled("任务", title), Text(step_words(step)),
                          *([labelled("经办人", step.by)] if step.by else [])], console.width)
    show(console, table, blocks)
    notices = sum(s.kind == "notice" for s, _ in rows)
    console.print(f"共 {len({i.number for _, i in rows})} 个督办事项，{notices} 份通知单。")


def list_data(stages: list[Stage], as_of: dt.date) -> dict[str, Any]:
    """The shape of ``nengli duban list --json``."""
    rows = []
    for s in stages:
        rows.append({
            "state": s.state, "due": s.due, "next_level": s.next_level,
            "due_from": s.due_from, "deadline": s.deadline,
            "unit": s.unit.id, "group": s.unit.group, "phase": s.phase.number, "task": s.task.id,
            "status": s.row.status, "number": s.item.number if s.item is not None else None,
            "last": ({"level": s.last.level, "date": s.last.date, "until": s.last.until}
                     if s.last is not None else None),
            "extension": ({"date": s.extension.date, "until": s.extension.until,
                           "reason": s.extension.reason} if s.extension is not None else None),
        })
    return {"as_of": as_of, "items": rows}


def item_lines(campaign: Campaign, unit_id: str, as_of: dt.date) -> list[tuple[Item, str, str]]:
    """(item, task title, its course in words) for each 督办 item of a unit known by ``as_of``:
    1月21日催办（限1月26日）→ 1月27日督办（限1月29日）；1月28日销号（依据）."""
    from ..duban.ladder import known_steps

    titles = {(p.number, t.id): t.title for p in campaign.phases for t in p.tasks}
    out = []
    for item in campaign.items:
        steps = known_steps(item, as_of) if item.unit == unit_id else ()
        if not steps:
            continue
        words = []
        for s in steps:
            if s.kind == "notice":
                words.append(f"{zh.cn_month_day(s.date)}{s.level}（限{zh.cn_month_day(s.until)}）")  # type: ignore[arg-type]
            elif s.kind == "extend":
                words.append(f"{zh.cn_month_day(s.date)}延期至{zh.cn_month_day(s.until)}")  # type: ignore[arg-type]
            else:
                words.append(f"{zh.cn_month_day(s.date)}销号（{s.evidence}）")
        out.append((item, titles.get((item.phase, item.task), item.task), " → ".join(words)))
    return out


def print_unit_items(campaign: Campaign, unit_id: str, as_of: dt.date, console: Console) -> None:
    """The 督办 section of ``nengli unit``: each item's number, task and course."""
    lines = item_lines(campaign, unit_id, as_of)
    if not lines:
        return
    console.print(f"督办（{len(lines)}件）：")
    for item, title, course in lines:
        for text in packed([item.number, Text(title), Text(course)], console.width, sep="　",
                           indent="    "):
            console.print(text)


#: the 督办 sheet of the ledger (nengli export)
LEDGER_COLUMNS = ["编号", "单位", "督导组", "阶段", "任务", "原定时限", "催办", "督办", "挂牌督办",
                  "办理时限", "延期至", "状态", "销号日期", "销号依据"]
#: the fill of each state: 应发 red, 办理中 yellow, 待销号 orange (reported late), 已销号 green
STATE_LEVELS = {"due": "red", "waiting": "yellow", "quiet": "yellow", "to_close": "orange",
                "closed": "green", "remind": "yellow"}


def ledger_rows(campaign: Campaign, as_of: dt.date) -> list[list[tuple[Any, str | None]]]:
    """The 督办 sheet: a row per item, each cell (value, fill level or None); dates as dates."""
    from ..duban.ladder import item_stages, known_steps
    from ..model import DUBAN_LEVELS

    rows = []
    for item, stage in item_stages(campaign, as_of):
        steps = known_steps(item, as_of)
        sent = {s.level: s.date for s in steps if s.kind == "notice"}
        closed = next((s for s in steps if s.kind == "close"), None)
        state = ("挂牌督办中" if stage.state == "waiting" and stage.next_level is None
                 else f"应发{stage.next_level}" if stage.state == "due"
                 else STATE_NAMES.get(stage.state) or "办理中")
        level = STATE_LEVELS.get(stage.state)
        rows.append([(item.number, None), (item.unit, None), (stage.unit.group, None),
                     (stage.phase.title, None), (stage.task.title, None), (stage.task.due, None),
                     *((sent.get(lv), None) for lv in DUBAN_LEVELS),
                     (stage.deadline if stage.state in ("due", "waiting") else None, None),
                     (stage.extension.until if stage.extension is not None else None, None),
                     (state, level), (closed.date if closed else None, None),
                     (closed.evidence if closed else None, None)])
    return rows
