"""The 督办 ladder: where each unit's task stands on a day, and which notice is due. Pure.

    提醒      the task is not reported and due within warn_days (the 黄色 level of levels.py)
    催办      the first working day after the due date, the task still not reported and no
              延期 in force
    督办      the first working day after a 催办's deadline (its date + N working days), the
              task still not reported
    挂牌督办  the first working day after a 督办's deadline (+ M working days), or by decision

A notice's deadline (办理时限) is the ladder's working days for its level after the day it is
sent (campaign.yaml ``duban: ladder:``); a 延期 granted before that deadline moves it. Whether
the task is reported is the one status rule (progress.task_rule), never worked out here; only
what was recorded by the day asked about counts, in the data files as in duban.yaml.
"""

import datetime as dt
from typing import Iterable, Literal, NamedTuple

from ..levels import level_of, warn_days_of
from ..model import DUBAN_LEVELS, Campaign, Item, Phase, Step, Task, Unit
from ..progress import UnitStatus, phase_progress
from .workdays import Calendar

#: 提醒 comes before the written notices; it is a phone call, not a document
REMIND = "提醒"

State = Literal["remind", "due", "waiting", "to_close", "closed", "quiet"]
#: what each state is called in lists
STATE_NAMES: dict[str, str] = {"remind": "提醒", "due": "应发", "waiting": "办理中",
                               "to_close": "待销号", "closed": "已销号", "quiet": ""}


class Stage(NamedTuple):
    """One unit's task on the ladder on ``as_of``."""

    unit: Unit
    phase: Phase
    task: Task
    #: the unit's status by the one status rule
    row: UnitStatus
    state: State
    #: the item (一件一号) of this unit's task, if one was opened by ``as_of``
    item: Item | None = None
    #: the last notice sent (by ``as_of``)
    last: Step | None = None
    #: the 延期 in force (granted after the last notice, by ``as_of``)
    extension: Step | None = None
    #: the deadline in force: the task's due date, a notice's, or an extension's
    deadline: dt.date | None = None
    #: the next level of the ladder (None: 挂牌督办 is the top)
    next_level: str | None = None
    #: the first day ``next_level`` may be sent
    due_from: dt.date | None = None

    @property
    def due(self) -> str | None:
        """The level to send now: 提醒 or a notice's level; None when nothing is due."""
        if self.state == "remind":
            return REMIND
        return self.next_level if self.state == "due" else None


def known_steps(item: Item, as_of: dt.date) -> tuple[Step, ...]:
    """The steps of ``item`` recorded by ``as_of``, in date order (a step's order in the file
    breaks ties)."""
    return tuple(sorted((s for s in item.steps if s.date <= as_of), key=lambda s: s.date))


def next_level(level: str | None) -> str | None:
    """The level after ``level`` (None: the first, 催办); None after the top."""
    if level is None:
        return DUBAN_LEVELS[0]
    at = DUBAN_LEVELS.index(level) if level in DUBAN_LEVELS else len(DUBAN_LEVELS)
    return DUBAN_LEVELS[at + 1] if at + 1 < len(DUBAN_LEVELS) else None


def item_for(items: Iterable[Item], unit: str, phase: int, task: str, as_of: dt.date) -> Item | None:
    """The item of a unit's task as of a day: the first one still open then, else the last one
    closed (an item opened after ``as_of`` does not exist yet)."""
    mine = [i for i in items if i.unit == unit and i.phase == phase and i.task == task
            and any(s.date <= as_of for s in i.steps)]
    for i in mine:
        if not any(s.kind == "close" and s.date <= as_of for s in i.steps):
            return i
    return mine[-1] if mine else None


def stage_of(row: UnitStatus, phase: Phase, task: Task, item: Item | None, as_of: dt.date,
             calendar: Calendar, warn_days: int) -> Stage:
    """Where ``row`` (a unit's status on ``task`` by the one status rule) stands on ``as_of``."""
    unit = row.unit
    steps = known_steps(item, as_of) if item is not None else ()
    if item is not None and not steps:
        item = None
    closed = next((s for s in steps if s.kind == "close"), None)
    if closed is not None:
        return Stage(unit, phase, task, row, "closed", item, _last_notice(steps))
    reported = row.status in ("on_time", "late", "exempt")
    last = _last_notice(steps)
    if reported:
        state: State = "to_close" if item is not None else "quiet"
        return Stage(unit, phase, task, row, state, item, last)
    # the deadline in force: the last notice's, moved by an extension granted after it
    deadline = last.until if last is not None and last.until is not None else task.due
    extension = None
    after = steps.index(last) if last is not None else -1
    for s in steps[after + 1:]:
        if s.kind == "extend" and s.until is not None:
            extension, deadline = s, s.until
    upcoming = next_level(last.level if last is not None else None)
    due_from = calendar.next(deadline) if upcoming is not None else None
    if row.status == "pending" and extension is None:
        remind = level_of(row.status, task.due, as_of, warn_days) == "yellow"
        return Stage(unit, phase, task, row, "remind" if remind else "quiet", item, last, None,
                     deadline, upcoming, due_from)
    if due_from is not None and as_of >= due_from:
        state = "due"
    elif last is not None or extension is not None:
        state = "waiting"
    else:
        state = "quiet"  # due today, or overdue only since a weekend or holiday began
    return Stage(unit, phase, task, row, state, item, last, extension, deadline, upcoming, due_from)


def _last_notice(steps: tuple[Step, ...]) -> Step | None:
    notices = [s for s in steps if s.kind == "notice"]
    return notices[-1] if notices else None


def stages(campaign: Campaign, as_of: dt.date, phases: Iterable[Phase] | None = None
           ) -> list[Stage]:
    """Every applicable unit's task in ``phases`` (default: all), on the ladder on ``as_of``,
    by phase, task and roster order."""
    calendar = Calendar.of(campaign.rules)
    warn = warn_days_of(campaign)
    by_key: dict[tuple[str, int, str], list[Item]] = {}
    for item in campaign.items:
        by_key.setdefault((item.unit, item.phase, item.task), []).append(item)
    out = []
    for phase in (campaign.phases if phases is None else phases):
        progress = phase_progress(campaign, phase, as_of)
        for tp in progress.tasks:
            for row in tp.rows:
                mine = by_key.get((row.unit.id, phase.number, tp.task.id), ())
                item = item_for(mine, row.unit.id, phase.number, tp.task.id, as_of) if mine else None
                out.append(stage_of(row, phase, tp.task, item, as_of, calendar, warn))
    return out


def overdue_workdays(stage: Stage, as_of: dt.date, calendar: Calendar) -> int:
    """Working days since the deadline in force passed (0 when it has not)."""
    if stage.deadline is None:
        return 0
    return calendar.between(stage.deadline, as_of)


def notice_counts(items: Iterable[Item], phase: int | None, as_of: dt.date) -> dict[str, int]:
    """How many notices of each level were sent by ``as_of`` (in ``phase``'s tasks, or all),
    with ``items`` (matters opened), ``closed`` and ``extended``."""
    counts = dict.fromkeys(DUBAN_LEVELS, 0)
    counts.update(items=0, closed=0, extended=0)
    for item in items:
        if phase is not None and item.phase != phase:
            continue
        steps = known_steps(item, as_of)
        if not steps:
            continue
        counts["items"] += 1
        for s in steps:
            if s.kind == "notice":
                counts[s.level] = counts.get(s.level, 0) + 1
            elif s.kind == "close":
                counts["closed"] += 1
            else:
                counts["extended"] += 1
    return counts


def counts_facts(items: Iterable[Item], phase: int | None, as_of: dt.date) -> dict[str, object]:
    """The counts as documents state them: ``notices`` (each level with its count, in ladder
    order), ``total`` notices, ``items`` opened, ``closed`` and ``extended``."""
    counts = notice_counts(items, phase, as_of)
    notices = [{"level": level, "count": counts[level]} for level in DUBAN_LEVELS]
    return {"notices": notices, "total": sum(n["count"] for n in notices),
            "items": counts["items"], "closed": counts["closed"], "extended": counts["extended"]}


def item_stages(campaign: Campaign, as_of: dt.date) -> list[tuple[Item, Stage]]:
    """Every item known by ``as_of`` (file order) with where its unit's task stands by it."""
    calendar = Calendar.of(campaign.rules)
    warn = warn_days_of(campaign)
    rows: dict[tuple[str, int, str], tuple[UnitStatus, Phase, Task]] = {}
    for phase in campaign.phases:
        if not any(i.phase == phase.number for i in campaign.items):
            continue
        for tp in phase_progress(campaign, phase, as_of).tasks:
            for row in tp.rows:
                rows[(row.unit.id, phase.number, tp.task.id)] = (row, phase, tp.task)
    out = []
    for item in campaign.items:
        found = rows.get((item.unit, item.phase, item.task))
        if found is None or not known_steps(item, as_of):
            continue  # not applicable (check warned), or opened later
        row, phase, task = found
        out.append((item, stage_of(row, phase, task, item, as_of, calendar, warn)))
    return out
