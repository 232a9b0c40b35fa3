"""Stage 4: who has done what, as of a date. Pure: plain data and a date in, plain data out."""

# No `from __future__ import annotations`: typing.NamedTuple would turn every field's
# annotation into a ForwardRef, compiled at import (a measurable part of start-up).

import datetime as dt
from typing import Callable, Literal, Mapping, NamedTuple

from .model import Campaign, Category, Phase, Record, Task, Unit

Status = Literal["on_time", "late", "missing", "pending", "exempt"]
#: the statuses of an applicable unit, in the order reports count them
STATUSES: tuple[Status, ...] = ("on_time", "late", "missing", "pending", "exempt")
#: what every table and document calls each status, in the order of STATUSES
STATUS_NAMES: dict[Status, str] = {"on_time": "按时", "late": "逾期", "missing": "未报",
                                   "pending": "待报", "exempt": "免报"}


#: the statuses that make a unit a laggard (未按时报送): reported late, or not at all past the due date
LAGGING: frozenset[Status] = frozenset(("late", "missing"))


def done_rate(counts: Mapping[str, int]) -> float | None:
    """Completion rate from counts per status: the share of the units that owe the task (every
    applicable unit but the exempt ones) that have reported it, on time or late. An exempt unit
    is neither done nor owing. None when no unit owes the task."""
    owing = sum(counts.get(s, 0) for s in STATUSES) - counts.get("exempt", 0)
    if not owing:
        return None
    return (counts.get("on_time", 0) + counts.get("late", 0)) / owing


class UnitStatus(NamedTuple):
    """One applicable unit on one task."""

    unit: Unit
    status: Status
    record: Record | None
    #: days past the due date: of the report if late, of ``as_of`` if still missing
    days_late: int = 0


def task_rule(due: dt.date, as_of: dt.date) -> Callable[[Unit, Record | None], UnitStatus]:
    """THE status rule: for a task due on ``due``, seen on ``as_of``, the status of an
    applicable unit given its record (None: it has none).

    A record dated after ``as_of`` is not yet known on that day, so it counts as no record and
    is not returned: no view shows its date, note or materials. A row's record is therefore set
    exactly when the unit has reported (on time or late) or is exempt.
    What depends on the task and the day only is worked out once here, not once per unit.
    """
    unreported: Status = "missing" if as_of > due else "pending"
    unreported_days = (as_of - due).days if as_of > due else 0

    def rule(unit: Unit, record: Record | None) -> UnitStatus:
        if record is None:
            return UnitStatus(unit, unreported, None, unreported_days)
        if record.exempt is not None:
            return UnitStatus(unit, "exempt", record, 0)
        date = record.date
        if date is not None and date <= as_of:
            if date <= due:
                return UnitStatus(unit, "on_time", record, 0)
            return UnitStatus(unit, "late", record, (date - due).days)
        return UnitStatus(unit, unreported, None, unreported_days)

    return rule


def missing_units(campaign: Campaign, phase: Phase, as_of: dt.date) -> dict[str, set[str]]:
    """For each task of ``phase`` with units 未报 on ``as_of``, the ids of those units: what
    ``phase_progress`` counts as ``missing``, worked out from the records alone.

    It is task_rule's ``missing`` read the other way round: past the due date, an applicable
    unit is missing unless it has a record that is exempt or dated by ``as_of``. Only the
    records are walked (in Python); the applicable units minus those answered is a set
    difference. The earlier-phase warning of ``status`` and ``remind`` needs no more than this
    for each earlier phase. tests/test_progress.py checks it against phase_progress.
    """
    ids: dict[str, set[str]] = {}
    for u in campaign.units:
        ids.setdefault(u.category, set()).add(u.id)
    answered: dict[str, set[str]] = {}
    for r in phase.records:
        if r.exempt is not None or (r.date is not None and r.date <= as_of):
            answered.setdefault(r.task, set()).add(r.unit)
    out = {}
    for task in phase.tasks:
        if as_of <= task.due:
            continue
        applicable = set().union(*(ids.get(key, ()) for key in task.applies_to))
        missing = applicable - answered.get(task.id, set())
        if missing:
            out[task.id] = missing
    return out


def unit_status(unit: Unit, record: Record | None, due: dt.date, as_of: dt.date) -> UnitStatus:
    """One unit's status on one task, with its days late."""
    return task_rule(due, as_of)(unit, record)


class CategoryProgress(NamedTuple):
    """A task's figures within one category of units."""

    category: Category
    applicable: int
    laggards: tuple[Unit, ...]
    pending: int
    exempt: int


class TaskProgress(NamedTuple):
    """A task's figures as of a date; laggards (late + missing) in roster order."""

    task: Task
    rows: tuple[UnitStatus, ...]
    counts: dict[str, int]
    laggards: tuple[Unit, ...]
    by_category: tuple[CategoryProgress, ...]

    @property
    def applicable(self) -> int:
        return len(self.rows)

    def units(self, status: Status) -> tuple[Unit, ...]:
        return tuple(r.unit for r in self.rows if r.status == status)

    @property
    def rate(self) -> float:
        """The task's completion rate (done_rate); 1.0 when no unit owes it."""
        rate = done_rate(self.counts)
        return 1.0 if rate is None else rate


class Pool(NamedTuple):
    """The units one clause of a notice speaks of: every category that is not ``separate``
    pooled together (“除……外，其它学校（单位）均已完成”), or one ``separate`` category on its own
    (“局机关各处室除财务处外全部完成”)."""

    #: the categories of the clause, each with its figures, in roster order
    parts: tuple[CategoryProgress, ...]
    separate: bool
    applicable: int
    on_time: int
    late: int
    pending: int
    exempt: int
    #: late and missing, in roster order
    laggards: tuple[Unit, ...]

    @property
    def owing(self) -> int:
        """The units that owe the task: applicable and not exempt."""
        return self.applicable - self.exempt


def pools(tp: TaskProgress) -> tuple[Pool, ...]:
    """THE rule of who goes in which clause of a task's summary: the units of the categories
    that are not ``separate`` in one pool, each ``separate`` category in a pool of its own;
    the pools in the order of their first category, a category no unit of which is asked for
    the task in none."""
    groups: list[list[CategoryProgress]] = []
    pooled: list[CategoryProgress] | None = None
    for cp in tp.by_category:
        if not cp.applicable:
            continue
        if cp.category.separate:
            groups.append([cp])
        elif pooled is None:
            pooled = [cp]
            groups.append(pooled)
        else:
            pooled.append(cp)
    out = []
    for parts in groups:
        keys = {cp.category.key for cp in parts}
        rows = [r for r in tp.rows if r.unit.category in keys]
        out.append(Pool(
            parts=tuple(parts), separate=parts[0].category.separate, applicable=len(rows),
            on_time=sum(r.status == "on_time" for r in rows),
            late=sum(r.status == "late" for r in rows),
            pending=sum(r.status == "pending" for r in rows),
            exempt=sum(r.status == "exempt" for r in rows),
            laggards=tuple(r.unit for r in rows if r.status in LAGGING)))
    return tuple(out)


class PhaseProgress(NamedTuple):
    """A phase as of a date: per task, and the units supervised per category."""

    phase: Phase
    as_of: dt.date
    tasks: tuple[TaskProgress, ...]
    #: (category, number of roster units) for the categories in the phase's scope
    scope: tuple[tuple[Category, int], ...]


def default_phase(campaign: Campaign, as_of: dt.date) -> Phase:
    """The latest phase that has started by ``as_of``, else the first."""
    started = [p for p in campaign.phases if p.start <= as_of]
    return started[-1] if started else campaign.phases[0]


def phase_progress(campaign: Campaign, phase: Phase, as_of: dt.date) -> PhaseProgress:
    """Every task of ``phase`` as of ``as_of``: one pass over the roster per task."""
    by_task: dict[str, dict[str, Record]] = {}
    for r in phase.records:
        by_task.setdefault(r.task, {})[r.unit] = r
    categories = [c for c in campaign.categories if c.key in phase.scope]
    units_by_cat: dict[str, list[Unit]] = {c.key: [] for c in campaign.categories}
    for u in campaign.units:
        units_by_cat.setdefault(u.category, []).append(u)
    tasks = []
    for task in phase.tasks:
        applies = set(task.applies_to)
        records = by_task.get(task.id, {})
        rule = task_rule(task.due, as_of)
        rows: list[UnitStatus] = []
        counts = dict.fromkeys(STATUSES, 0)
        cat_rows: dict[str, list[UnitStatus]] = {c.key: [] for c in categories if c.key in applies}
        for unit in campaign.units:
            if unit.category not in applies:
                continue
            row = rule(unit, records.get(unit.id))
            counts[row.status] += 1
            rows.append(row)
            mine = cat_rows.get(unit.category)
            if mine is not None:
                mine.append(row)
        laggards = tuple(r.unit for r in rows if r.status in LAGGING)
        by_cat = tuple(CategoryProgress(
            category=c, applicable=len(mine),
            laggards=tuple(r.unit for r in mine if r.status in LAGGING),
            pending=sum(r.status == "pending" for r in mine),
            exempt=sum(r.status == "exempt" for r in mine))
            for c in categories if c.key in applies for mine in (cat_rows[c.key],))
        counts["applicable"] = len(rows)
        tasks.append(TaskProgress(task, tuple(rows), counts, laggards, by_cat))
    scope = tuple((c, len(units_by_cat.get(c.key, []))) for c in categories)
    return PhaseProgress(phase, as_of, tuple(tasks), scope)

