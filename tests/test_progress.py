"""progress: the status of every unit on every task as of a date (pure, no files)."""

from __future__ import annotations

import datetime as dt

import pytest

from nengli.load import load
from nengli.model import Record, Source
from nengli.progress import default_phase, phase_progress, status_of, unit_status

DUE = dt.date(2022, 1, 20)
SRC = Source("x.yaml", 1, 1)


def rec(date=None, exempt=None):
    return Record(task="t", unit="u", ref="u", source=SRC, date=date, exempt=exempt)


@pytest.mark.parametrize(
    "record, as_of, expected",
    [
        (rec(dt.date(2022, 1, 20)), dt.date(2022, 1, 24), "on_time"),  # on the due day
        (rec(dt.date(2022, 1, 10)), dt.date(2022, 1, 15), "on_time"),  # before due, as of before due
        (rec(dt.date(2022, 1, 21)), dt.date(2022, 1, 24), "late"),
        (rec(dt.date(2022, 1, 24)), dt.date(2022, 1, 24), "late"),  # reported on the as-of day
        (rec(dt.date(2022, 1, 25)), dt.date(2022, 1, 24), "missing"),  # dated after as-of: not known yet
        (rec(dt.date(2022, 1, 19)), dt.date(2022, 1, 18), "pending"),  # future record, before due
        (None, dt.date(2022, 1, 20), "pending"),  # due today: still pending
        (None, dt.date(2022, 1, 21), "missing"),  # the day after due
        (rec(exempt="经批准暂缓"), dt.date(2022, 1, 24), "exempt"),
        (rec(exempt=""), dt.date(2022, 1, 10), "exempt"),
    ],
)
def test_status_of(record, as_of, expected):
    assert status_of(record, DUE, as_of) == expected


def test_phase_progress_counts_and_laggards(make_data):
    data = make_data()
    campaign, problems = load(data)
    assert problems == []
    phase = campaign.phase(1)
    progress = phase_progress(campaign, phase, dt.date(2022, 1, 24))
    meet, lst = progress.tasks
    # meet applies to schools only: 一中 on time, 二中 late, 三中 missing; 办公室 not applicable
    assert meet.applicable == 3
    assert (meet.counts["on_time"], meet.counts["late"], meet.counts["missing"]) == (1, 1, 1)
    assert [u.id for u in meet.laggards] == ["二中", "三中"]
    assert [r.days_late for r in meet.rows] == [0, 2, 14]
    # list applies to everyone (scope default): 办公室 exempt, 二中 and 三中 missing
    assert lst.applicable == 4
    assert lst.counts == {"on_time": 1, "late": 0, "missing": 2, "pending": 0, "exempt": 1,
                          "applicable": 4}
    assert [u.id for u in lst.laggards] == ["二中", "三中"]
    # the exempt 办公室 is neither done nor owing: 1 of the 3 units that owe the task reported
    assert lst.rate == pytest.approx(1 / 3)
    assert [(c.key, n) for c, n in progress.scope] == [("school", 3), ("office", 1)]


def test_as_of_before_due_makes_pending(make_data):
    campaign, _ = load(make_data())
    progress = phase_progress(campaign, campaign.phase(1), dt.date(2022, 1, 10))
    meet = progress.tasks[0]
    assert meet.counts["on_time"] == 1  # 一中 reported 01-09
    assert meet.counts["pending"] == 2  # 二中's 01-12 report is not known on 01-10
    assert meet.laggards == ()


def test_alias_record_counts_for_the_unit(make_data):
    data = make_data({"phases/phase1.yaml": """\
        phase: 1
        title: 第一阶段
        start: 2022-01-01
        end: 2022-01-31
        tasks:
          - {id: meet, title: 会议, due: 2022-01-10}
        records:
          meet:
            第一中学: 2022-01-05
        """})
    campaign, problems = load(data)
    assert problems == []
    (record,) = campaign.phase(1).records
    assert (record.unit, record.ref) == ("一中", "第一中学")
    progress = phase_progress(campaign, campaign.phase(1), dt.date(2022, 1, 24))
    assert [r.status for r in progress.tasks[0].rows] == ["on_time", "missing", "missing", "missing"]


def test_laggards_follow_roster_order_not_record_order(make_data):
    data = make_data({"phases/phase1.yaml": """\
        phase: 1
        title: 第一阶段
        start: 2022-01-01
        end: 2022-01-31
        tasks:
          - {id: meet, title: 会议, due: 2022-01-10}
        records:
          meet:
            办公室: 2022-01-15
            三中: 2022-01-14
            一中: 2022-01-13
        """})
    campaign, _ = load(data)
    progress = phase_progress(campaign, campaign.phase(1), dt.date(2022, 1, 24))
    assert [u.id for u in progress.tasks[0].laggards] == ["一中", "二中", "三中", "办公室"]


def test_default_phase_is_latest_started(make_data):
    data = make_data({"phases/phase2.yaml": """\
        phase: 2
        title: 第二阶段
        start: 2022-02-01
        end: 2022-02-28
        tasks:
          - {id: a, title: 任务, due: 2022-02-10}
        """})
    campaign, _ = load(data)
    assert default_phase(campaign, dt.date(2021, 12, 1)).number == 1  # none started: the first
    assert default_phase(campaign, dt.date(2022, 1, 31)).number == 1
    assert default_phase(campaign, dt.date(2022, 2, 1)).number == 2


def test_unit_status_agrees_with_phase_progress(make_data):
    """phase_progress inlines unit_status for speed: both must give the same rows."""
    campaign, _ = load(make_data())
    phase = campaign.phase(1)
    records = {(r.task, r.unit): r for r in phase.records}
    for as_of in (dt.date(2022, 1, 5), dt.date(2022, 1, 10), dt.date(2022, 1, 12), dt.date(2022, 2, 1)):
        for tp in phase_progress(campaign, phase, as_of).tasks:
            for row in tp.rows:
                assert row == unit_status(row.unit, records.get((tp.task.id, row.unit.id)),
                                          tp.task.due, as_of)
