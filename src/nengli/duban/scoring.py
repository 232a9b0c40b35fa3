"""Scores a school can recompute: campaign.yaml ``scoring:`` applied to a phase. Pure.

Each applicable unit starts from ``start`` and loses points for each task not reported by its
due date (``missing``), each reported late (``late``), each day late (``per_day``: to the report
of a late task, to the statistics day of a missing one, the days the one status rule counts),
at most ``task_max`` for one task's report; and for each 督办 notice sent for the phase's tasks
by the statistics day (``催办``, ``督办``, ``挂牌督办``). An exempt task costs nothing, nor do the
notices of it. The score is never below ``floor``.

Every point is a ``Deduction`` with its rule, task, date and the record (file:line) or the
督办单 (number) it comes from; a cap or the floor is a line of its own that gives points back.
So the lines of ``rank --why`` always add up to the score ``rank`` prints.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from ..model import Scoring, Task, Unit
from ..progress import PhaseProgress
from .ladder import known_steps

Kind = str  # "missing", "late", "days", "cap", "notice", "floor"


class Deduction(NamedTuple):
    kind: Kind
    points: Decimal
    #: the rule's amount (per item, per day, per notice) and what it counted
    amount: Decimal
    count: int
    task: Task | None
    date: dt.date | None
    #: where it comes from: the record's file:line, the 督办单's number, or "" (no record)
    source: str
    level: str = ""


class Score(NamedTuple):
    unit: Unit
    start: Decimal
    deductions: tuple[Deduction, ...]
    place: int = 0

    @property
    def lost(self) -> Decimal:
        return sum((d.points for d in self.deductions), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.start - self.lost


def amount(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def unit_scores(progress: PhaseProgress, items, scoring: Scoring) -> tuple[Score, ...]:
    """Every unit with at least one applicable task in the phase, scored and placed: higher
    score first, equal scores sharing a place, then roster order."""
    phase = progress.phase
    start = amount(scoring.start)
    per_notice = {level: amount(v) for level, v in scoring.notices}
    rows: dict[str, list] = {}
    units: dict[str, Unit] = {}
    for tp in progress.tasks:
        for row in tp.rows:
            rows.setdefault(row.unit.id, []).append((tp.task, row))
            units[row.unit.id] = row.unit
    notices: dict[tuple[str, str], list] = {}
    for item in items:
        if item.phase != phase.number:
            continue
        for step in known_steps(item, progress.as_of):
            if step.kind == "notice":
                notices.setdefault((item.unit, item.task), []).append((item, step))
    scores = []
    for uid in sorted(units, key=lambda u: units[u].index):
        lines: list[Deduction] = []
        for task, row in rows[uid]:
            if row.status == "exempt":
                continue
            lines += _report_lines(task, row, scoring)
            for item, step in notices.get((uid, task.id), ()):
                each = per_notice.get(step.level, Decimal(0))
                if each:
                    lines.append(Deduction("notice", each, each, 1, task, step.date, item.number,
                                           step.level))
        lost = sum((d.points for d in lines), Decimal(0))
        floor = amount(scoring.floor) if scoring.floor else None
        if floor is not None and start - lost < floor:
            back = floor - (start - lost)
            lines.append(Deduction("floor", -back, floor, 0, None, None, ""))
        scores.append(Score(units[uid], start, tuple(lines)))
    return _placed(scores)


def _report_lines(task: Task, row, scoring: Scoring) -> list[Deduction]:
    """What one task's report costs: missing or late, the days, and the cap."""
    out: list[Deduction] = []
    record = row.record
    where = f"{record.source.file}:{record.source.line}" if record is not None else ""
    if row.status == "missing":
        each = amount(scoring.missing)
        if each:
            out.append(Deduction("missing", each, each, 1, task, task.due, ""))
    elif row.status == "late":
        each = amount(scoring.late)
        if each:
            out.append(Deduction("late", each, each, 1, task, record.date, where))
    if row.status in ("missing", "late") and row.days_late:
        day = amount(scoring.per_day)
        if day:
            out.append(Deduction("days", day * row.days_late, day, row.days_late, task,
                                 record.date if row.status == "late" else task.due, where))
    if scoring.task_max and out:
        cap = amount(scoring.task_max)
        lost = sum((d.points for d in out), Decimal(0))
        if lost > cap:
            out.append(Deduction("cap", cap - lost, cap, 0, task, None, ""))
    return out


def _placed(scores: list[Score]) -> tuple[Score, ...]:
    ordered = sorted(scores, key=lambda s: -s.total)  # stable: roster order within a score
    out: list[Score] = []
    for i, s in enumerate(ordered):
        place = out[-1].place if out and out[-1].total == s.total else i + 1
        out.append(s._replace(place=place))
    return tuple(out)


class GroupScore(NamedTuple):
    group: int
    units: int
    average: Decimal
    place: int = 0


def group_scores(scores: tuple[Score, ...]) -> tuple[GroupScore, ...]:
    """Each 督导组's average score over its units (to two decimals), placed; ungrouped units
    belong to no group."""
    sums: dict[int, list] = {}
    first: dict[int, int] = {}
    for s in scores:
        g = s.unit.group
        if g is None:
            continue
        sums.setdefault(g, []).append(s.total)
        first[g] = min(first.get(g, s.unit.index), s.unit.index)
    groups = [GroupScore(g, len(v), (sum(v, Decimal(0)) / len(v)).quantize(Decimal("0.01")))
              for g, v in sorted(sums.items(), key=lambda kv: first[kv[0]])]
    ordered = sorted(groups, key=lambda g: -g.average)
    out: list[GroupScore] = []
    for i, g in enumerate(ordered):
        place = out[-1].place if out and out[-1].average == g.average else i + 1
        out.append(g._replace(place=place))
    return tuple(out)


def shown(value: Decimal) -> str:
    """A score or an amount as people write it: 100, 97.5, 0.25 (no trailing zeros)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def rules_facts(scoring: Scoring | None) -> dict[str, object] | None:
    """The scoring table for a document's template (the amounts as written), or None."""
    if scoring is None:
        return None
    return {"start": scoring.start, "missing": scoring.missing, "late": scoring.late,
            "per_day": scoring.per_day, "task_max": scoring.task_max, "floor": scoring.floor,
            "notices": [{"level": level, "points": v} for level, v in scoring.notices],
            "attach": scoring.attach}
