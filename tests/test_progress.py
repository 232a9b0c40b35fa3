"""progress: the status of every unit on every task as of a date (pure, no files)."""

from __future__ import annotations

import datetime as dt

import pytest

from nengli.load import load
from nengli.model import Record, Source, Unit
from nengli.progress import default_phase, phase_progress, pools, task_rule, unit_status

DUE = dt.date(2022, 1, 20)
SRC = Source("x.yaml", 1, 1)
UNIT = Unit("u", "u", "school", 0, SRC)


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
def test_the_status_rule(record, as_of, expected):
    assert task_rule(DUE, as_of)(UNIT, record).status == expected
    assert unit_status(UNIT, record, DUE, as_of).status == expected
    # the row carries the record exactly when it counts: reported by as_of, or exempt
    returned = task_rule(DUE, as_of)(UNIT, record).record
    assert (returned is record) if expected in ("on_time", "late", "exempt") else (returned is None)


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


def test_every_status_comes_from_the_one_rule(make_data, monkeypatch):
    """phase_progress, unit_status and the unit dossier all ask progress.task_rule."""
    from nengli import dossier, progress

    campaign, _ = load(make_data())
    as_of = dt.date(2022, 1, 24)
    real = progress.task_rule

    def everyone_late(due, day):
        rule = real(due, day)
        return lambda unit, record: rule(unit, record)._replace(status="late")

    monkeypatch.setattr(progress, "task_rule", everyone_late)
    monkeypatch.setattr(dossier, "task_rule", everyone_late)
    for tp in phase_progress(campaign, campaign.phase(1), as_of).tasks:
        assert {r.status for r in tp.rows} == {"late"}
    assert unit_status(campaign.units[0], None, DUE, as_of).status == "late"
    lines = dossier.unit_dossier(campaign, campaign.units[0], as_of).phases[0].lines
    assert {ln.status for ln in lines} == {"late"}


def test_category_laggards_follow_roster_order(make_data):
    """Per category, the laggards keep the roster's order, which is not the order of the ids."""
    data = make_data({"units.yaml": """\
        categories:
          school: {name: 学校, counter: 所}
          office: {name: 处室, counter: 个}
        units:
          - {id: 31中, category: school}
          - {id: 办公室, category: office}
          - {id: 103中, category: school}
          - {id: 24中, category: school}
          - {id: 信息中心, category: office}
          - {id: 财务处, category: office}
        """, "phases/phase1.yaml": """\
        phase: 1
        title: 第一阶段
        start: 2022-01-01
        end: 2022-01-31
        tasks:
          - {id: meet, title: 会议, due: 2022-01-10}
        records:
          meet:
            24中: 2022-01-14
            办公室: 2022-01-09
        """})
    campaign, problems = load(data)
    assert problems == []
    (meet,) = phase_progress(campaign, campaign.phase(1), dt.date(2022, 1, 24)).tasks
    school, office = meet.by_category
    assert [u.id for u in school.laggards] == ["31中", "103中", "24中"]
    assert [u.id for u in office.laggards] == ["信息中心", "财务处"]
    assert [u.id for u in meet.laggards] == ["31中", "103中", "24中", "信息中心", "财务处"]


def test_pools_put_each_separate_category_in_a_clause_of_its_own(make_data):
    units = """\
categories:
  office: {name: 局机关处室, counter: 个, separate: true}
  school: {name: 学校, counter: 所}
  inst: {name: 二级机构, counter: 个}
  private: {name: 民办学校, counter: 所, separate: true}
  empty: {name: 幼儿园, counter: 所}
units:
  - {id: 财务处, category: office}
  - {id: 人事处, category: office}
  - {id: 一中, category: school}
  - {id: 信息中心, category: inst}
  - {id: 二中, category: school}
  - {id: 枫杨, category: private}
"""
    phase = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - {id: t, title: 清单, due: 2022-01-20}
records:
  t:
    财务处: 2022-01-22
    人事处: 2022-01-19
    一中: {exempt: 暂缓}
    二中: 2022-01-19
"""
    campaign, problems = load(make_data({"units.yaml": units, "phases/phase1.yaml": phase}),
                              dt.date(2022, 1, 24))
    assert campaign is not None, problems
    tp = phase_progress(campaign, campaign.phases[0], dt.date(2022, 1, 24)).tasks[0]
    found = [([cp.category.key for cp in p.parts], p.separate, p.applicable, p.owing, p.on_time,
              p.late, p.exempt, [u.id for u in p.laggards]) for p in pools(tp)]
    # the pooled categories (school, inst) together, where the first of them stands; 幼儿园
    # has no units and no clause
    assert found == [
        (["office"], True, 2, 2, 1, 1, 0, ["财务处"]),
        (["school", "inst"], False, 3, 2, 1, 0, 1, ["信息中心"]),
        (["private"], True, 1, 1, 0, 0, 0, ["枫杨"]),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_missing_units_are_the_status_rules_missing(tmp_path, seed):
    """missing_units (the earlier-phase warning) reads the records alone; on generated campaigns
    (late, missing, exempt, aliases, reports dated after the day) and on every day from before
    the first due date to after the last, it names exactly the units phase_progress counts
    missing, task by task."""
    import sys
    from pathlib import Path

    from nengli.progress import missing_units

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import gen

    data = tmp_path / "data"
    gen.generate(data, units=150, phases=2, tasks=4, fill=0.8, seed=seed)
    campaign, problems = load(data)
    assert campaign is not None
    compared = 0
    for phase in campaign.phases:
        first = min(t.due for t in phase.tasks) - dt.timedelta(days=2)
        for offset in range(0, 60, 3):
            day = first + dt.timedelta(days=offset)
            expected = {tp.task.id: {u.id for u in tp.units("missing")}
                        for tp in phase_progress(campaign, phase, day).tasks
                        if tp.counts["missing"]}
            assert missing_units(campaign, phase, day) == expected
            compared += bool(expected)
    assert compared > 10  # the days chosen do find missing units
