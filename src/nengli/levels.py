"""Warning levels (红黄绿) on top of progress: how urgent each unit's task is on a given day.

The levels are those of the supervision systems offices already use:

- ``green``  done on time
- ``blue``   exempt (免报)
- ``yellow`` not yet reported and due within ``warn_days`` days (default 3), due day included
- ``red``    not reported and the due date has passed
- ``orange`` reported, but after the due date
- ``none``   not yet reported, the due date still outside the warning window

Everything here is pure: plain data and a date in, plain data out.
"""

# No `from __future__ import annotations`: typing.NamedTuple would turn every field's
# annotation into a ForwardRef, compiled at import (a measurable part of start-up).

import datetime as dt
import re
from typing import Any, Iterable, Literal, NamedTuple

from .model import Campaign, Problem, Task, Unit
from .progress import PhaseProgress, Status, TaskProgress, UnitStatus

Level = Literal["green", "blue", "yellow", "red", "orange", "none"]
#: from the most to the least urgent: the level of a group of cells is the first one present
SEVERITY: tuple[Level, ...] = ("red", "yellow", "orange", "none", "green", "blue")
#: what the legend, the matrix and the ledger call each level
LEVEL_NAMES: dict[Level, str] = {"green": "按时报送", "orange": "逾期补报", "red": "逾期未报",
                                 "yellow": "临近截止", "blue": "免报", "none": "待报"}
DEFAULT_WARN_DAYS = 3
SETTING = "warn_days"


def level_of(status: Status, due: dt.date, as_of: dt.date, warn_days: int = DEFAULT_WARN_DAYS
             ) -> Level:
    """The warning level of one status on ``as_of`` for a task due on ``due``."""
    if status == "on_time":
        return "green"
    if status == "late":
        return "orange"
    if status == "exempt":
        return "blue"
    if status == "missing":
        return "red"
    return "yellow" if (due - as_of).days <= warn_days else "none"


def worst(levels: Iterable[Level]) -> Level:
    """The most urgent of ``levels``; ``none`` when there are none."""
    present = set(levels)
    for level in SEVERITY:
        if level in present:
            return level
    return "none"


def row_level(row: UnitStatus, task: Task, as_of: dt.date, warn_days: int) -> Level:
    return level_of(row.status, task.due, as_of, warn_days)


def task_level(tp: TaskProgress, as_of: dt.date, warn_days: int) -> Level:
    """A task's level: that of its most urgent unit."""
    return worst(row_level(r, tp.task, as_of, warn_days) for r in tp.rows)


def level_counts(tp: TaskProgress, as_of: dt.date, warn_days: int) -> dict[str, int]:
    """How many applicable units of a task are at each level (every level present as a key)."""
    counts = dict.fromkeys(SEVERITY, 0)
    for r in tp.rows:
        counts[row_level(r, tp.task, as_of, warn_days)] += 1
    return counts


class Cell(NamedTuple):
    """One unit on one task, with its level."""

    task: Task
    row: UnitStatus
    level: Level


class UnitLine(NamedTuple):
    """A row of the unit × task matrix: ``cells`` follow the phase's tasks, None = not applicable."""

    unit: Unit
    cells: tuple[Cell | None, ...]
    level: Level


def unit_matrix(progress: PhaseProgress, warn_days: int) -> tuple[UnitLine, ...]:
    """The units in the phase's scope, in roster order, each with a cell per task."""
    by_task = [{r.unit.id: r for r in tp.rows} for tp in progress.tasks]
    scope = {c.key for c, _ in progress.scope}
    units: dict[str, Unit] = {}
    for tp in progress.tasks:
        for r in tp.rows:
            units.setdefault(r.unit.id, r.unit)
    lines = []
    for unit in sorted(units.values(), key=lambda u: u.index):
        if unit.category not in scope:
            continue
        cells = tuple(
            Cell(tp.task, rows[unit.id], row_level(rows[unit.id], tp.task, progress.as_of, warn_days))
            if unit.id in rows else None
            for tp, rows in zip(progress.tasks, by_task))
        lines.append(UnitLine(unit, cells, worst(c.level for c in cells if c is not None)))
    return tuple(lines)


# ---- choosing units -------------------------------------------------------------------------

def find_category(campaign: Campaign, value: str) -> str | None:
    """The key of the category called ``value`` (its key or its name), or None."""
    value = value.strip()
    for c in campaign.categories:
        if value == c.key:
            return c.key
    for c in campaign.categories:
        if value in (c.name, c.label):
            return c.key
    return None


def name_index(campaign: Campaign) -> dict[str, str]:
    """Every id and alias -> unit id."""
    index: dict[str, str] = {}
    for u in campaign.units:
        for name in u.aliases:
            index.setdefault(name, u.id)
    for u in campaign.units:
        index[u.id] = u.id
    return index


_UNIT_SEPARATORS = re.compile(r"[,，、]")


def find_units(campaign: Campaign, refs: list[str]) -> tuple[list[Unit], list[Problem]]:
    """The units ``refs`` name (by id or alias, in roster order), and a problem for each name
    that is no unit's."""
    from .problems import problem
    from .suggest import Suggester

    index = name_index(campaign)
    by_id = {u.id: u for u in campaign.units}
    suggest = Suggester(list(index))
    units: list[Unit] = []
    problems = []
    names: list[str] = []
    for ref in refs:
        # "24中，31中" or "24中、31中" typed as one argument: ids never contain these marks
        names += [ref.strip()] if ref.strip() in index else \
            [part.strip() for part in _UNIT_SEPARATORS.split(ref) if part.strip()]
    for ref in names:
        uid = index.get(ref)
        if uid is None:
            problems.append(problem("unknown-unit", None, value=ref, suggest=suggest(ref)))
        elif by_id[uid] not in units:
            units.append(by_id[uid])
    units.sort(key=lambda u: u.index)
    return units, problems


def select_units(campaign: Campaign, group: int | None = None, category: str | None = None
                 ) -> Campaign:
    """The campaign restricted to the units of ``group`` and/or ``category`` (a key).

    Roster positions (``Unit.index``) are kept, so every list stays in the official order.
    """
    units = tuple(u for u in campaign.units
                  if (group is None or u.group == group)
                  and (category is None or u.category == category))
    return campaign._replace(units=units)


def groups_of(campaign: Campaign) -> list[int]:
    """The supervision groups named in the roster, in number order."""
    return sorted({u.group for u in campaign.units if u.group is not None})


# ---- the setting ----------------------------------------------------------------------------

def read_warn_days(value: Any) -> int | None:
    """A ``warn_days`` setting as a number of days: the default when unset, None when it is
    not a number of days (0–999)."""
    if value is None or value == "":
        return DEFAULT_WARN_DAYS
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 4:
        return int(value.strip())
    return None


def warn_days_of(campaign: Campaign) -> int:
    """``warn_days`` from data/campaign.yaml; the default 3 when unset or bad (load has
    warned about a bad one, at its place in the file)."""
    days = read_warn_days(campaign.settings.get(SETTING))
    return DEFAULT_WARN_DAYS if days is None else days
