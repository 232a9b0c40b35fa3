"""status filters and the unit matrix, remind (the call list) and rank, through the CLI too."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

from nengli.load import load
from nengli.progress import phase_progress
from nengli.rank import group_ranking, unit_ranking
from nengli.remind import call_list

D = dt.date

# conftest's campaign plus an ungrouped unit first in the roster
UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}
units:
  - id: 四中
    name: 第四中学
    category: school
  - id: 一中
    category: school
    group: 1
  - id: 二中
    name: 第二中学
    category: school
    group: 2
    contact: 王老师 0371-22222222
  - id: 三中
    name: 第三中学
    category: school
    group: 1
    contact: 李老师 0371-33333333
  - id: 办公室
    category: office
    group: 3
"""


def _progress(make_data, as_of, files=None):
    campaign, problems = load(make_data(files), as_of)
    assert campaign is not None, problems
    return campaign, phase_progress(campaign, campaign.phases[0], as_of)


# ---- remind ---------------------------------------------------------------------------------

def test_call_list_contents_and_order(make_data):
    # 2022-01-18, warn 3: meet (due 01-10) is missing for 三中 and 四中; list (due 01-20) is
    # due in 2 days for 二中, 三中, 四中; 二中's late meet report (orange) is not chased
    _, progress = _progress(make_data, D(2022, 1, 18), {"units.yaml": UNITS})
    calls = call_list(progress, 3)
    assert [g.group for g in calls] == [1, 2, None]  # by group number, ungrouped last
    flat = [(g.group, r.unit.id, [(o.task.id, o.level, o.days) for o in r.owed])
            for g in calls for r in g.reminders]
    assert flat == [
        (1, "三中", [("meet", "red", 8), ("list", "yellow", 2)]),
        (2, "二中", [("list", "yellow", 2)]),
        (None, "四中", [("meet", "red", 8), ("list", "yellow", 2)]),
    ]
    assert calls[0].reminders[0].level == "red"


def test_call_list_outside_the_window_is_only_red(make_data):
    _, progress = _progress(make_data, D(2022, 1, 16), {"units.yaml": UNITS})
    flat = [(r.unit.id, [o.task.id for o in r.owed]) for g in call_list(progress, 3)
            for r in g.reminders]
    assert flat == [("三中", ["meet"]), ("四中", ["meet"])]
    # a wider window brings the list task in
    flat = [(r.unit.id, [o.task.id for o in r.owed]) for g in call_list(progress, 4)
            for r in g.reminders]
    assert flat == [("三中", ["meet", "list"]), ("二中", ["list"]), ("四中", ["meet", "list"])]


def test_remind_text_cli(make_data, cli):
    make_data({"units.yaml": UNITS})
    result = cli("remind", "--phase", "1", "--as-of", "2022-01-18")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "第一阶段催报名单（统计日期：2022年1月18日，黄色提醒提前 3 天）：共 3 个单位。\n"
        "\n"
        "第一巡回督导组（1 个单位）\n"
        "  1. 三中　李老师 0371-33333333\n"
        "     [逾期] 动员部署会召开：1月10日截止，已逾期8天\n"
        "     [临近] 清单报送：1月20日截止，还有2天\n"
        "\n"
        "第二巡回督导组（1 个单位）\n"
        "  1. 二中　王老师 0371-22222222\n"
        "     [临近] 清单报送：1月20日截止，还有2天\n"
        "\n"
        "未分组单位（1 个单位）\n"
        "  1. 四中　（名册中没有联系人）\n"
        "     [逾期] 动员部署会召开：1月10日截止，已逾期8天\n"
        "     [临近] 清单报送：1月20日截止，还有2天\n")


def test_remind_md_group_filter_and_message(make_data, cli):
    make_data({"units.yaml": UNITS})
    result = cli("remind", "--as-of", "2022-01-20", "--group", "1", "--format", "md")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# 第一阶段催报名单\n")
    assert "## 第一巡回督导组\n\n### 1. 三中（李老师 0371-33333333）\n" in text
    assert "- 清单报送：今天（1月20日）截止。" in text
    assert ("> 第三中学：按照第一阶段工作安排，贵单位“动员部署会召开”已于1月10日截止，"
            "至今未报送；“清单报送”将于1月20日截止，尚未报送。请抓紧完成并报送，谢谢！") in text
    assert "二中" not in text and "四中" not in text



def test_remind_md_names_the_campaign_from_campaign_yaml(make_data, cli):
    make_data({"units.yaml": UNITS, "campaign.yaml": "name: 某市教育局“能力作风建设年”活动\n"})
    result = cli("remind", "--as-of", "2022-01-20", "--group", "1", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "> 第三中学：按照某市教育局“能力作风建设年”活动第一阶段工作安排，贵单位" in result.stdout

def test_remind_uses_the_campaign_template(make_data, cli, tmp_path):
    make_data()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "remind.md.j2").write_text(
        "{% for g in groups %}{% for r in g.reminders %}{{ r.id }}\n{% endfor %}{% endfor %}",
        encoding="utf-8")
    result = cli("remind", "--as-of", "2022-01-18", "-f", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout == "三中\n二中\n"


def test_remind_nothing_to_chase(make_data, cli):
    make_data()
    result = cli("remind", "--as-of", "2022-01-05")
    assert result.exit_code == 0, result.output
    assert "没有需要催报的单位。" in result.stdout


# ---- rank -----------------------------------------------------------------------------------

def test_rank_hand_computed(make_data):
    # as of 2022-01-24 (conftest campaign):
    #   一中  meet on time, list on time                 -> 2/2, 0 days
    #   二中  meet late (01-12, 2 days), list missing 4   -> 0/2, 6 days
    #   三中  meet missing 14, list missing 4             -> 0/2, 18 days
    #   办公室 list exempt                                 -> nothing counted: last
    _, progress = _progress(make_data, D(2022, 1, 24))
    units = unit_ranking(progress)
    assert [(s.place, s.unit.id, s.on_time, s.late, s.missing, s.rate, s.days_late)
            for s in units] == [
        (1, "一中", 2, 0, 0, Fraction(1), 0),
        (2, "二中", 0, 1, 1, Fraction(0), 6),
        (3, "三中", 0, 0, 2, Fraction(0), 18),
        (4, "办公室", 0, 0, 0, None, 0),
    ]
    groups = group_ranking(units)
    assert [(s.place, s.group, s.units, s.on_time, s.late, s.missing, s.rate, s.days_late)
            for s in groups] == [
        (1, 1, 2, 2, 0, 2, Fraction(1, 2), 18),
        (2, 2, 1, 0, 1, 1, Fraction(0), 6),
        (3, 3, 1, 0, 0, 0, None, 0),
    ]


def test_rank_ties_share_a_place_in_roster_order(make_data):
    # 2022-01-09: only 一中 has reported; everyone else has nothing counted yet
    _, progress = _progress(make_data, D(2022, 1, 9))
    units = unit_ranking(progress)
    assert [(s.place, s.unit.id) for s in units] == [(1, "一中"), (2, "二中"), (2, "三中"), (2, "办公室")]
    # equal figures: the roster decides the order, not the id
    _, progress = _progress(make_data, D(2022, 1, 30), {"phases/phase1.yaml": """\
        phase: 1
        title: 第一阶段
        start: 2022-01-01
        end: 2022-01-31
        tasks:
          - id: list
            title: 清单报送
            due: 2022-01-20
        records:
          list:
            办公室: 2022-01-10
            三中: 2022-01-11
            二中: 2022-01-12
            一中: 2022-01-13
        """})
    assert [(s.place, s.unit.id) for s in unit_ranking(progress)] == [
        (1, "一中"), (1, "二中"), (1, "三中"), (1, "办公室")]


def test_rank_cli_and_json(make_data, cli):
    make_data()
    result = cli("rank", "--as-of", "2022-01-24", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "第一阶段单位排名" in result.stdout and "督导组排名" in result.stdout
    assert result.stdout.index("一中") < result.stdout.index("二中") < result.stdout.index("三中")
    result = cli("rank", "--as-of", "2022-01-24", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(u["id"], u["place"], u["rate"], u["days_late"]) for u in data["units"]] == [
        ("一中", 1, 1.0, 0), ("二中", 2, 0.0, 6), ("三中", 3, 0.0, 18), ("办公室", 4, None, 0)]
    assert [(g["group"], g["place"], g["rate"]) for g in data["groups"]] == [
        (1, 1, 0.5), (2, 2, 0.0), (3, 3, None)]


# ---- status: filters, levels, the matrix ----------------------------------------------------

def test_status_by_unit_matrix_golden_80_columns(make_data, cli, golden):
    make_data({"units.yaml": UNITS})
    result = cli("status", "--as-of", "2022-01-18", "--by", "unit",
                 env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    golden("status-by-unit-80.txt", result.stdout)


def test_status_json_levels_and_units(make_data, cli):
    make_data()
    result = cli("status", "--as-of", "2022-01-18", "--json", "--by", "unit")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"phase", "as_of", "tasks"} <= set(data) and data["warn_days"] == 3
    meet, lst = data["tasks"]
    assert (meet["level"], lst["level"]) == ("red", "yellow")
    assert lst["levels"] == {"red": 0, "yellow": 2, "orange": 0, "none": 0, "green": 1, "blue": 1}
    units = {u["id"]: u for u in data["units"]}
    assert list(units) == ["一中", "二中", "三中", "办公室"]
    assert units["二中"]["tasks"]["meet"] == {"status": "late", "level": "orange",
                                             "date": "2022-01-12", "days_late": 2}
    assert units["办公室"]["tasks"]["meet"] is None and units["办公室"]["level"] == "blue"


def test_status_json_by_unit_hides_a_report_dated_after_as_of(make_data, cli):
    # 二中 reported meet on 2022-01-12; seen on 2022-01-11 that report is not yet known
    make_data()
    result = cli("status", "--as-of", "2022-01-11", "--json", "--by", "unit")
    assert result.exit_code == 0, result.output
    units = {u["id"]: u for u in json.loads(result.stdout)["units"]}
    assert units["二中"]["tasks"]["meet"] == {"status": "missing", "level": "red",
                                             "date": None, "days_late": 1}


def test_status_group_and_category_filters(make_data, cli):
    make_data()
    result = cli("status", "--as-of", "2022-01-24", "--group", "1", "--json")
    assert result.exit_code == 0, result.output
    meet, lst = json.loads(result.stdout)["tasks"]
    assert (meet["applicable"], meet["laggards"]) == (2, ["三中"])
    assert (lst["applicable"], lst["laggards"]) == (2, ["三中"])
    result = cli("status", "--as-of", "2022-01-24", "--category", "局机关处室", "--json")
    assert result.exit_code == 0, result.output
    meet, lst = json.loads(result.stdout)["tasks"]
    assert meet["applicable"] == 0 and (lst["applicable"], lst["exempt"]) == (1, 1)


#: the environment of a pipe (see test_terminal): plain text, 120 columns
PIPE = {"COLUMNS": None, "NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None}


def test_status_of_the_offices_says_which_tasks_do_not_apply(make_data, cli, golden):
    # meet applies to schools only: no office owes it; 办公室 is exempt from list. Neither may
    # show the full green bar of a task that was done.
    make_data()
    args = ("status", "--as-of", "2022-01-24", "--category", "局机关处室")
    result = cli(*args, env=PIPE)
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert "  动员部署会召开   1月10日      —      —      —      —      —      —   不适用" in rows
    assert "  清单报送         1月20日      1      0      0      0      0      1   全部免报" in rows
    assert "■" not in result.stdout and "100%" not in result.stdout
    golden("status-offices-120.txt", result.stdout)

    stacked = cli(*args, env={**PIPE, "COLUMNS": "40"}).stdout
    assert "动员部署会召开\n  截止 1月10日  不适用\n" in stacked
    assert "  完成率 全部免报\n" in stacked and "■" not in stacked

    matrix = cli(*args, "--by", "unit", env=PIPE).stdout
    assert "1. 动员部署会召开（1月10日截止；不适用）\n2. 清单报送（1月20日截止）\n" in matrix

    tasks = json.loads(cli(*args, "--json").stdout)["tasks"]
    assert [(t["id"], t["applicable"], t["level"]) for t in tasks] == [
        ("meet", 0, None), ("list", 1, "blue")]


def test_status_of_an_applicable_task_keeps_its_bar(make_data, cli):
    make_data()
    result = cli("status", "--as-of", "2022-01-24", "--group", "1", "--category", "学校", env=PIPE)
    assert result.exit_code == 0, result.output
    assert "  动员部署会召开   1月10日      2      1      0      1      0      0   ■■■■□□□□ 50%" \
        in result.stdout.splitlines()


def test_status_unknown_group_or_category_is_a_usage_error(make_data, cli):
    make_data()
    result = cli("status", "--group", "9")
    assert result.exit_code == 2
    assert "名册中没有第 9 督导组（已有：1、2、3）" in result.stderr
    result = cli("status", "--category", "医院")
    assert result.exit_code == 2
    assert "没有类别“医院”（已有：school（学校）、office（局机关处室））" in result.stderr


def test_warn_days_from_campaign_yaml(make_data, cli):
    make_data({"campaign.yaml": "warn_days: 1\n"})
    result = cli("status", "--as-of", "2022-01-18", "--json")
    assert json.loads(result.stdout)["tasks"][1]["level"] == "none"
    make_data({"campaign.yaml": "warn_days: 三\n"})
    result = cli("status", "--as-of", "2022-01-18", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["tasks"][1]["level"] == "yellow"
    assert "data/campaign.yaml:1:12: 警告：warn_days“三”不是有效的天数，已按默认的 3 天计算。" in result.stderr
