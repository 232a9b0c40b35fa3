"""Ranking units and 督导组 by on-time rate and total days late. Pure.

Only tasks whose outcome is known count: on time, late, or missing (past due, not reported).
Pending and exempt tasks count for nobody. Order: on-time rate (high first), then days late
(few first), then roster order; units with nothing counted yet come last, in roster order.
Equal figures share a place (1, 2, 2, 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .model import Unit
from .progress import PhaseProgress


@dataclass(frozen=True, slots=True)
class Standing:
    """The figures of one unit or one group, and its place."""

    #: the unit, or None for a group
    unit: Unit | None
    group: int | None
    #: units in the group (1 for a unit)
    units: int
    on_time: int
    late: int
    missing: int
    days_late: int
    place: int = 0

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def rate(self) -> Fraction | None:
        """On-time share of the counted tasks, exact; None when none is counted."""
        return Fraction(self.on_time, self.counted) if self.counted else None


def _key(s: Standing) -> tuple:
    rate = s.rate
    return (rate is None, -(rate or 0), s.days_late)


def _placed(standings: list[Standing]) -> tuple[Standing, ...]:
    """``standings`` already in roster order: sorted stably by figures, places assigned."""
    ordered = sorted(standings, key=_key)
    out: list[Standing] = []
    for i, s in enumerate(ordered):
        if out and _key(s) == _key(out[-1]):
            place = out[-1].place
        else:
            place = i + 1
        out.append(Standing(s.unit, s.group, s.units, s.on_time, s.late, s.missing, s.days_late,
                            place))
    return tuple(out)


def unit_ranking(progress: PhaseProgress) -> tuple[Standing, ...]:
    """Every unit with at least one applicable task in the phase, ranked."""
    tallies: dict[str, list[int]] = {}
    units: dict[str, Unit] = {}
    for tp in progress.tasks:
        for r in tp.rows:
            t = tallies.setdefault(r.unit.id, [0, 0, 0, 0])
            units[r.unit.id] = r.unit
            if r.status == "on_time":
                t[0] += 1
            elif r.status == "late":
                t[1] += 1
            elif r.status == "missing":
                t[2] += 1
            t[3] += r.days_late
    standings = [Standing(u, u.group, 1, *tallies[u.id])
                 for u in sorted(units.values(), key=lambda u: u.index)]
    return _placed(standings)


def group_ranking(units: tuple[Standing, ...]) -> tuple[Standing, ...]:
    """The groups' sums over their units, ranked; a group's roster place is its first unit's.

    Units without a group are left out: they belong to no group to compare.
    """
    sums: dict[int, list[int]] = {}
    first: dict[int, int] = {}
    for s in units:
        if s.group is None or s.unit is None:
            continue
        t = sums.setdefault(s.group, [0, 0, 0, 0, 0])
        first[s.group] = min(first.get(s.group, s.unit.index), s.unit.index)
        t[0] += 1
        t[1] += s.on_time
        t[2] += s.late
        t[3] += s.missing
        t[4] += s.days_late
    standings = [Standing(None, g, *sums[g]) for g in sorted(sums, key=lambda g: first[g])]
    return _placed(standings)
