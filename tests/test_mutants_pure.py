"""Cases found by mutation testing of progress, levels and rank (tests/README.md): each test
fails on a changed rule that the rest of the suite let through."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from types import SimpleNamespace

from nengli.load import load
from nengli.model import Record, Source, Unit
from nengli.progress import UnitStatus, done_rate, phase_progress, unit_status
from nengli.levels import find_units, read_warn_days, unit_matrix
from nengli.rank import group_ranking, unit_ranking

D = dt.date
SRC = Source("data/units.yaml", 1, 1)


def unit(uid: str, index: int, group: int | None) -> Unit:
    return Unit(uid, uid, "school", index, SRC, group=group)


def progress_of(*tasks: list[tuple[Unit, str, int]]):
    """The part of a PhaseProgress that the ranking reads: per task, (unit, status, days late)."""
    return SimpleNamespace(tasks=[SimpleNamespace(rows=[UnitStatus(u, s, None, d) for u, s, d in rows])
                                  for rows in tasks])


def test_done_rate_from_partial_counts():
    # a status left out of the counts is a status no unit has
    assert done_rate({"late": 1, "missing": 1}) == 0.5
    assert done_rate({"on_time": 1, "missing": 3}) == 0.25
    assert done_rate({"on_time": 2, "exempt": 2}) == 1.0
    assert done_rate({"exempt": 2}) is None
    assert done_rate({}) is None


def test_unit_status_names_its_unit():
    u = unit("一中", 0, 1)
    row = unit_status(u, None, D(2022, 1, 20), D(2022, 1, 24))
    assert row == UnitStatus(u, "missing", None, 4)


def test_a_report_not_yet_known_counts_days_from_the_due_date():
    u = unit("一中", 0, 1)
    later = Record(task="t", unit="一中", ref="一中", source=SRC, date=D(2022, 1, 30))
    row = unit_status(u, later, D(2022, 1, 20), D(2022, 1, 24))
    assert (row.status, row.days_late) == ("missing", 4)


def test_pending_and_exempt_per_category(make_data):
    campaign, _ = load(make_data())
    meet, lst = phase_progress(campaign, campaign.phases[0], D(2022, 1, 10)).tasks
    # 一中 reported meet on 01-09; 二中's report of 01-12 is not known on 01-10
    assert [(cp.category.key, cp.applicable, cp.pending, cp.exempt) for cp in meet.by_category] \
        == [("school", 3, 2, 0)]
    assert [(cp.category.key, cp.applicable, cp.pending, cp.exempt) for cp in lst.by_category] \
        == [("school", 3, 3, 0), ("office", 1, 0, 1)]


def test_unit_matrix_skips_units_outside_the_scope_and_names_tasks(make_data):
    campaign, _ = load(make_data())
    progress = phase_progress(campaign, campaign.phases[0], D(2022, 1, 18))
    # the schools come first in the roster; a scope of the offices only keeps 办公室
    offices = progress._replace(scope=tuple((c, n) for c, n in progress.scope if c.key == "office"))
    lines = unit_matrix(offices, 3)
    assert [line.unit.id for line in lines] == ["办公室"]
    assert [c.task.id if c else None for c in lines[0].cells] == [None, "list"]
    assert [c.task.id for c in unit_matrix(progress, 3)[0].cells] == ["meet", "list"]


def test_find_units_in_roster_order_and_by_a_name_with_a_comma(make_data):
    campaign, _ = load(make_data())
    # by id the order would be 一中, 三中, 二中 (code points); the roster says 一中, 二中, 三中
    units, problems = find_units(campaign, ["三中", "二中、一中"])
    assert ([u.id for u in units], problems) == (["一中", "二中", "三中"], [])
    # a roster alias written with a comma (load warns) is still found as written, not split
    roster = campaign._replace(units=(campaign.units[0]._replace(aliases=("第一中学,市一中",)),
                                      *campaign.units[1:]))
    units, problems = find_units(roster, ["第一中学,市一中"])
    assert ([u.id for u in units], problems) == (["一中"], [])


def test_warn_days_as_written():
    # empty means unset (the default 3); up to three digits; anything else is no number of days
    assert [read_warn_days(v) for v in ("", None, " 5 ", "0", "999", "1000", "-1", "三")] \
        == [3, 3, 5, 0, 999, None, None, None]


def test_unit_ranking_counts_every_late_task_and_one_unit_each():
    a, b = unit("甲", 0, 1), unit("乙", 1, 1)
    progress = progress_of([(a, "late", 2), (b, "late", 1)], [(a, "late", 3), (b, "on_time", 0)])
    units = unit_ranking(progress)
    assert [(s.unit.id, s.units, s.on_time, s.late, s.missing, s.days_late, s.rate, s.place)
            for s in units] == [("乙", 1, 1, 1, 0, 1, Fraction(1, 2), 1),
                                ("甲", 1, 0, 2, 0, 5, Fraction(0), 2)]
    (group,) = group_ranking(units)
    assert (group.group, group.units, group.late, group.days_late) == (1, 2, 3, 6)


def test_group_ranking_leaves_out_ungrouped_units_and_keeps_roster_order():
    # an ungrouped unit first; group 2's first unit comes before group 1's in the roster,
    # and equal figures keep that order
    loose, g2, g1 = unit("散", 0, None), unit("乙", 1, 2), unit("甲", 2, 1)
    progress = progress_of([(loose, "pending", 0), (g2, "pending", 0), (g1, "pending", 0)])
    groups = group_ranking(unit_ranking(progress))
    assert [(s.group, s.unit, s.units, s.place) for s in groups] == [(2, None, 1, 1), (1, None, 1, 1)]
