"""The 催报 call list: who must be chased today, for what, since when, grouped by 督导组. Pure.

The records are NamedTuples (immutable, as the frozen dataclasses they were, and without
their ``exec`` at import: remind is imported by every run of ``status``)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from .levels import Level, row_level, worst
from .model import Campaign, Phase, Task, Unit
from .progress import PhaseProgress

#: the levels that put a unit on the call list
CHASED: tuple[Level, ...] = ("red", "yellow")


class Owed(NamedTuple):
    """One task a unit still owes: overdue (red) or due soon (yellow)."""

    task: Task
    level: Level
    #: days past the due date (red), or days left until it (yellow; 0 on the due day)
    days: int


class Reminder(NamedTuple):
    """A unit to call, with everything it owes in the phase's task order."""

    unit: Unit
    owed: tuple[Owed, ...]

    @property
    def level(self) -> Level:
        return worst(o.level for o in self.owed)


class GroupCalls(NamedTuple):
    """The units one 督导组 must call (group None: units without a group)."""

    group: int | None
    reminders: tuple[Reminder, ...]


def call_list(progress: PhaseProgress, warn_days: int) -> tuple[GroupCalls, ...]:
    """Units with red or yellow tasks, by group number (ungrouped last), roster order within."""
    as_of = progress.as_of
    owed: dict[str, list[Owed]] = {}
    units: dict[str, Unit] = {}
    for tp in progress.tasks:
        for r in tp.rows:
            level = row_level(r, tp.task, as_of, warn_days)
            if level not in CHASED:
                continue
            days = (as_of - tp.task.due).days if level == "red" else (tp.task.due - as_of).days
            owed.setdefault(r.unit.id, []).append(Owed(tp.task, level, days))
            units[r.unit.id] = r.unit
    groups: dict[int | None, list[Reminder]] = {}
    for unit in sorted(units.values(), key=lambda u: u.index):
        groups.setdefault(unit.group, []).append(Reminder(unit, tuple(owed[unit.id])))
    order = sorted(groups, key=lambda g: (g is None, g or 0))
    return tuple(GroupCalls(g, tuple(groups[g])) for g in order)


def overdue_since(task: Task) -> dt.date:
    """The first day a missing report counts as overdue."""
    return task.due + dt.timedelta(days=1)


class EarlierOverdue(NamedTuple):
    """An earlier phase in which units still owe tasks past their due date."""

    phase: Phase
    units: int
    tasks: int


def earlier_overdue(campaign: Campaign, phase: Phase, as_of: dt.date) -> tuple[EarlierOverdue, ...]:
    """The phases before ``phase`` with units still not reported past a due date (未报) as of
    ``as_of``: once phase 2 has started, phase 1's laggards must not drop out of sight."""
    from .progress import missing_units

    out = []
    for earlier in campaign.phases:
        if earlier.number >= phase.number:
            continue
        owing = missing_units(campaign, earlier, as_of)
        units = set().union(*owing.values())
        if units:
            out.append(EarlierOverdue(earlier, len(units), len(owing)))
    return tuple(out)

