"""Warning levels (红黄绿) around each deadline, the unit matrix, the filters and warn_days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nengli.levels import (find_category, level_of, select_units, task_level, unit_matrix,
                           warn_days_of, worst)
from nengli.load import load
from nengli.model import Source, Unit
from nengli.progress import phase_progress, task_rule
from nengli.render.terminal import ASCII_SYMBOLS, LEVEL_SYMBOLS, level_symbols

D = dt.date
DUE = D(2022, 1, 20)
UNIT = Unit("一中", "一中", "school", 0, Source("data/units.yaml", 4, 9))


@pytest.mark.parametrize("as_of, warn, expected", [
    (D(2022, 1, 16), 3, "none"),     # the day before the warning window
    (D(2022, 1, 17), 3, "yellow"),   # first day inside it
    (D(2022, 1, 19), 3, "yellow"),
    (D(2022, 1, 20), 3, "yellow"),   # the due day: still not late
    (D(2022, 1, 21), 3, "red"),      # the day after: missing
    (D(2022, 1, 19), 0, "none"),     # warn_days 0: only the due day is yellow
    (D(2022, 1, 20), 0, "yellow"),
    (D(2022, 1, 10), 10, "yellow"),
    (D(2022, 1, 9), 10, "none"),
])
def test_pending_and_missing_around_the_deadline(as_of, warn, expected):
    assert level_of(task_rule(DUE, as_of)(UNIT, None).status, DUE, as_of, warn) == expected


def test_done_and_exempt_levels_do_not_depend_on_the_window():
    for as_of in (D(2022, 1, 16), D(2022, 1, 20), D(2022, 1, 25)):
        assert level_of("on_time", DUE, as_of) == "green"
        assert level_of("late", DUE, as_of) == "orange"
        assert level_of("exempt", DUE, as_of) == "blue"


def test_worst_orders_by_urgency():
    assert worst(["green", "orange", "yellow"]) == "yellow"
    assert worst(["green", "red", "yellow"]) == "red"
    assert worst(["green", "blue"]) == "green"
    assert worst(["blue"]) == "blue"
    assert worst(["green", "none"]) == "none"
    assert worst([]) == "none"


def _campaign(make_data, files=None):
    folder = make_data(files)
    campaign, problems = load(folder, D(2022, 1, 24))
    assert campaign is not None, problems
    return campaign


def test_unit_matrix_rows_in_roster_order_with_levels(make_data):
    campaign = _campaign(make_data)
    progress = phase_progress(campaign, campaign.phases[0], D(2022, 1, 18))
    lines = unit_matrix(progress, 3)
    assert [line.unit.id for line in lines] == ["一中", "二中", "三中", "办公室"]
    table = {line.unit.id: [c.level if c else None for c in line.cells] for line in lines}
    assert table == {"一中": ["green", "green"], "二中": ["orange", "yellow"],
                     "三中": ["red", "yellow"], "办公室": [None, "blue"]}
    assert [line.level for line in lines] == ["green", "yellow", "red", "blue"]
    assert [task_level(tp, progress.as_of, 3) for tp in progress.tasks] == ["red", "yellow"]


def test_select_units_by_group_and_category(make_data):
    campaign = _campaign(make_data)
    assert [u.id for u in select_units(campaign, group=1).units] == ["一中", "三中"]
    assert [u.id for u in select_units(campaign, category="office").units] == ["办公室"]
    assert [u.id for u in select_units(campaign, group=1, category="office").units] == []
    assert find_category(campaign, "学校") == "school"
    assert find_category(campaign, "局机关各处室") == "office"
    assert find_category(campaign, "school") == "school"
    assert find_category(campaign, "医院") is None
    # roster places survive the filter, so lists stay in the official order
    assert [u.index for u in select_units(campaign, group=1).units] == [0, 2]


def test_warn_days_default_setting_and_bad_value(make_data, cli, monkeypatch):
    assert warn_days_of(_campaign(make_data)) == 3
    assert warn_days_of(_campaign(make_data, {"campaign.yaml": "warn_days: 5\n"})) == 5
    folder = make_data({"campaign.yaml": "title: 活动\nwarn_days: 三天\n"})
    campaign, problems = load(folder, D(2022, 1, 24))
    assert warn_days_of(campaign) == 3
    # the loader says where, like any other problem of the data files
    (p,) = problems
    assert str(p.source) == "data/campaign.yaml:2:12"
    assert p.level == "warning"
    assert "warn_days“三天”不是有效的天数" in p.message
    assert p.excerpt == "warn_days: 三天"
    assert campaign.setting_sources["title"] == Source("data/campaign.yaml", 1, 8)
    result = cli("check")
    assert "data/campaign.yaml:2:12: 警告：warn_days“三天”不是有效的天数，已按默认的 3 天计算。" in result.output
    _, problems = load(make_data({"campaign.yaml": "warn_days: -1\n"}))
    assert problems and str(problems[0].source) == "data/campaign.yaml:1:12"
    _, problems = load(make_data({"campaign.yaml": "warn_days:\n  - 3\n"}))
    (p,) = problems
    assert str(p.source) == "data/campaign.yaml:2:3"
    assert p.message.startswith("warn_days“（列表或映射）”不是有效的天数")


def test_warn_days_is_read_once_by_the_loader(make_data, monkeypatch):
    """levels does not read campaign.yaml again to find where a setting is written."""
    campaign = _campaign(make_data, {"campaign.yaml": "warn_days: 三天\n"})
    opened = []
    real = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: opened.append(self) or real(self, *a, **k))
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self) or b"")
    assert warn_days_of(campaign) == 3
    assert opened == []


def test_level_symbols_exist_in_gbk_else_ascii():
    assert level_symbols("gbk") == (LEVEL_SYMBOLS, "—")
    assert level_symbols("ascii") == (ASCII_SYMBOLS, "-")
    assert len(set(LEVEL_SYMBOLS.values())) == len(LEVEL_SYMBOLS)
