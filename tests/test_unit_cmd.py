"""nengli unit: one unit across all phases, the screen open while on the phone with it."""

from __future__ import annotations

import datetime as dt

from nengli.dossier import unit_dossier
from nengli.load import load

UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个}
units:
  - id: 一中
    name: 示例市第一中学
    category: school
    aliases: [第一中学]
    group: 3
    contact: 王老师 0371-00000001
  - id: 办公室
    category: office
"""

PHASE2 = """\
phase: 2
title: 第二阶段
start: 2022-02-01
end: 2022-02-28
scope: [school]
tasks:
  - id: rectify
    title: 整改方案制定
    due: 2022-02-20
records:
  rectify:
    一中: {exempt: 学校迁建}
"""

PHASE1 = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - id: meet
    title: 动员部署会召开
    applies_to: [school]
    due: 2022-01-10
  - id: list
    title: 清单报送
    due: 2022-01-20
  - id: cases
    title: 案例报送
    due: 2022-01-30
records:
  meet:
    一中: {date: 2022-01-12, note: 线上召开}
"""


def test_unit_shows_contact_group_statuses_and_what_it_owes(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE1, "phases/phase2.yaml": PHASE2})
    result = cli("unit", "第一中学", "--as-of", "2022-01-25", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "示例市第一中学（一中）" in out
    assert "类别：学校　督导组：第三巡回督导组　联系人：王老师 0371-00000001　别名：第一中学" in out
    row = next(ln for ln in out.splitlines() if "动员部署会召开" in ln).split()
    assert row == ["动员部署会召开", "1月10日", "逾期（2天）", "1月12日", "线上召开"]
    row = next(ln for ln in out.splitlines() if "清单报送" in ln and "截止" not in ln).split()
    assert row == ["清单报送", "1月20日", "未报（已过5天）"]
    assert next(ln for ln in out.splitlines() if "整改方案制定" in ln).split()[2:] == ["免报", "学校迁建"]
    assert "截至2022年1月25日尚未报送（2项）：" in out
    owes = out.split("尚未报送（2项）：")[1].split("\n")
    assert owes[1].split() == ["第一阶段", "清单报送", "1月20日截止", "未报（已过5天）"]
    assert owes[2].split() == ["第一阶段", "案例报送", "1月30日截止", "待报"]


def test_unit_out_of_scope_phase_and_not_applicable_task(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE1, "phases/phase2.yaml": PHASE2})
    result = cli("unit", "办公室", "--as-of", "2022-02-25", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "督导组：未分组　联系人：未登记" in result.output
    assert "第二阶段（2月1日—2月28日）：本阶段不含局机关处室" in result.output
    assert next(ln for ln in result.output.splitlines() if "动员部署会召开" in ln).split()[2] == "不适用"


def test_unknown_unit_is_a_usage_error_with_a_guess(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE1})
    result = cli("unit", "一中学")
    assert result.exit_code == 2
    assert "用法错误：名册中没有单位“一中学”，是不是“第一中学”？" in result.output


def test_dossier_is_pure(make_data):
    data = make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE1})
    campaign, _ = load(data)
    d = unit_dossier(campaign, campaign.units[0], dt.date(2022, 1, 5))
    assert [ln.status for ln in d.phases[0].lines] == ["pending", "pending", "pending"]
    assert [ln.task.id for _, ln in d.owes] == ["meet", "list", "cases"]


def test_unit_does_not_show_a_report_dated_after_the_as_of_date(make_data, cli):
    # the default data: 二中 reported meet on 01-12 (late); on 01-11 that is not yet known
    make_data()
    result = cli("unit", "二中", "--as-of", "2022-01-11")
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.stdout.splitlines() if "动员部署会召开" in ln)
    assert "未报" in line
    assert "1月12日" not in line and "逾期补报" not in line, line
