"""Text from the data is printed as written: square brackets, rich markup and HTML-like text in
titles, names, contacts, notes and exempt reasons reach every command's output literally."""

from __future__ import annotations

import json

import pytest

from gitutil import isolate_git, make_repo

UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}
units:
  - id: 一中
    name: 郑州市第一中学[/v2]
    category: school
    group: 1
    contact: "[bold]x[/bold]老师"
    phone: 0371-12345678
  - id: 二中[修订]
    name: <b>&amp;</b>第二中学
    category: school
    group: 2
    contact: 【王】老师[2022]
  - id: 办公室
    category: office
    group: 1
"""

PHASE = """\
phase: 1
title: 第一阶段[/v2]
theme: 找准问题[bold]x[/bold]
start: 2022-01-01
end: 2022-01-31
tasks:
  - id: fix
    title: 整改清单报送[/v2]
    due: 2022-01-10
  - id: plan
    title: 方案[bold]x[/bold]【】[2022]<b>&amp;</b>
    applies_to: [school]
    due: 2022-01-20
  - id: sum
    title: 总结[修订]
    due: 2022-01-24
records:
  fix:
    一中: {date: 2022-01-12, note: "逾期[/v2]<b>&amp;</b>"}
    办公室: {exempt: "经批准[修订]暂缓"}
  plan:
    一中: 2022-01-15
"""

TITLES = ["整改清单报送[/v2]", "方案[bold]x[/bold]【】[2022]<b>&amp;</b>", "总结[修订]"]
AS_OF = "2022-01-22"
WIDE = {"COLUMNS": "300", "NO_COLOR": "1"}


@pytest.fixture
def data(make_data):
    return make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})


def run_ok(cli, *args: str, env: dict[str, str] | None = None) -> str:
    result = cli(*args, env=env or WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_all(text: str, parts: list[str]) -> None:
    missing = [p for p in parts if p not in text]
    assert not missing, f"not printed literally: {missing}\n{text}"


def test_status_prints_titles_and_units_literally(data, cli):
    out = run_ok(cli, "status", "--as-of", AS_OF)
    assert_all(out, ["第一阶段[/v2]：找准问题[bold]x[/bold]", *TITLES, "二中[修订]"])


def test_stacked_status_prints_titles_literally(data, cli):
    out = run_ok(cli, "status", "--as-of", AS_OF, env={"COLUMNS": "40", "NO_COLOR": "1"})
    assert_all(out, ["第一阶段[/v2]：找准问题[bold]x[/bold]", *TITLES, "二中[修订]"])
    out = run_ok(cli, "status", "--by", "unit", "--as-of", AS_OF, env={"COLUMNS": "20", "NO_COLOR": "1"})
    assert_all(out, ["第一阶段[/v2]", "二中[修订]"])
    out = run_ok(cli, "rank", "--as-of", AS_OF, env={"COLUMNS": "40", "NO_COLOR": "1"})
    assert_all(out, ["第一阶段[/v2]单位排名", "二中[修订]"])


def test_matrix_prints_units_and_titles_literally(data, cli):
    out = run_ok(cli, "status", "--by", "unit", "--as-of", AS_OF)
    assert_all(out, ["第一阶段[/v2]", "二中[修订]", *TITLES])


def test_json_keeps_the_text(data, cli):
    facts = json.loads(run_ok(cli, "status", "--by", "unit", "--json", "--as-of", AS_OF))
    assert [t["title"] for t in facts["tasks"]] == TITLES
    facts = json.loads(run_ok(cli, "report", "--phase", "1", "--date", AS_OF, "--format", "json"))
    assert [t["title"] for t in facts["tasks"]] == TITLES


def test_report_and_bulletin_keep_the_text(data, cli):
    out = run_ok(cli, "report", "--phase", "1", "--date", AS_OF)
    assert_all(out, [*TITLES[:2], "二中[修订]"])
    out = run_ok(cli, "bulletin", "--issue", "1", "--phase", "1", "--date", AS_OF)
    assert_all(out, [*TITLES[:2], "二中[修订]"])


def test_check_and_its_problems_keep_the_text(make_data, cli):
    make_data({"units.yaml": UNITS,
               "phases/phase1.yaml": PHASE + "    办公室: 2022-01-15\n"})
    result = cli("check", env=WIDE)
    assert result.exit_code == 1
    assert ("data/phases/phase1.yaml:23:5: 错误：单位“办公室”属于“局机关处室”，"
            f"任务“{TITLES[1]}”不适用于该类别。") in result.stderr


def test_check_passes_on_the_data(data, cli):
    assert "数据无误：3 个单位，1 个阶段，3 项任务，3 条登记。" in run_ok(cli, "check")


def test_remind_keeps_contacts_and_titles(data, cli):
    out = run_ok(cli, "remind", "--as-of", AS_OF)
    assert_all(out, ["[bold]x[/bold]老师 0371-12345678", "二中[修订]", "【王】老师[2022]", *TITLES])
    out = run_ok(cli, "remind", "--as-of", AS_OF, "--format", "md")
    assert_all(out, ["二中[修订]", "【王】老师[2022]", *TITLES])


def test_rank_keeps_unit_ids(data, cli):
    out = run_ok(cli, "rank", "--as-of", AS_OF)
    assert_all(out, ["第一阶段[/v2]单位排名", "二中[修订]", "一中"])


@pytest.mark.parametrize("columns", ["300", "40"])
def test_unit_keeps_name_contact_notes_and_exempt_reason(data, cli, columns):
    env = {"COLUMNS": columns, "NO_COLOR": "1"}
    out = run_ok(cli, "unit", "一中", "--as-of", AS_OF, env=env)
    flat = "".join(line.strip() for line in out.splitlines())
    assert_all(flat, ["郑州市第一中学[/v2]", "[bold]x[/bold]老师", "逾期[/v2]<b>&amp;</b>", *TITLES])
    out = run_ok(cli, "unit", "二中[修订]", "--as-of", AS_OF, env=env)
    flat = "".join(line.strip() for line in out.splitlines())
    assert_all(flat, ["<b>&amp;</b>第二中学（二中[修订]）", "【王】老师[2022]"])
    out = run_ok(cli, "unit", "办公室", "--as-of", AS_OF, env=env)
    assert "经批准[修订]暂缓" in "".join(line.strip() for line in out.splitlines())


def test_export_csv_keeps_the_text(data, cli):
    out = run_ok(cli, "export", "--format", "csv", "--as-of", AS_OF)
    assert_all(out, [*TITLES, "二中[修订]"])
    out = run_ok(cli, "export", "--format", "csv", "--roster")
    assert_all(out, ["郑州市第一中学[/v2]", "<b>&amp;</b>第二中学", "【王】老师[2022]"])


def test_import_units_dry_run_keeps_the_text(data, cli, tmp_path):
    sheet = tmp_path / "名册.csv"
    sheet.write_text("简称,单位全称,类别,联系人\n"
                     "一中,郑州市第一中学[修订],学校,[bold]y[/bold]老师\n"
                     "三中[2022],<b>&amp;</b>三中,学校,【李】[/v2]\n", encoding="utf-8")
    out = run_ok(cli, "import-units", str(sheet), "--dry-run")
    assert_all(out, ["郑州市第一中学[/v2] → 郑州市第一中学[修订]", "[bold]y[/bold]老师",
                     "新增 三中[2022]", "<b>&amp;</b>三中", "【李】[/v2]"])


def test_log_keeps_titles_units_and_notes(data, cli, monkeypatch):
    isolate_git(monkeypatch)
    make_repo(data.parent)
    result = cli("record", "sum", "二中[修订]", "--date", "2022-01-21", "--note", "[修订]<i>补</i>",
                 "--commit", env=WIDE)
    assert result.exit_code == 0, result.output
    out = run_ok(cli, "log")
    assert_all(out, ["总结[修订]", "二中[修订]", "2022-01-21，[修订]<i>补</i>", TITLES[0],
                     "逾期[/v2]<b>&amp;</b>", "免报（经批准[修订]暂缓）"])
