"""QA: the notice's summary sentences read as correct official Chinese in every campaign shape."""

from __future__ import annotations

import pytest

UNITS = """\
categories:
  kg: {name: 幼儿园, counter: 所}
  ps: {name: 小学, counter: 所}
  office: {name: 机关处室, counter: 个, label: 机关各处室, separate: true}
units:
  - {id: 一幼, category: kg}
  - {id: 二幼, category: kg}
  - {id: 实小, category: ps}
  - {id: 二小, category: ps}
  - {id: 办公室, category: office}
"""

PHASE3 = """\
phase: 3
title: 第三阶段
start: 2024-05-01
end: 2024-05-31
tasks:
  - {id: partial, title: 方案报送, applies_to: [kg, ps], due: 2024-05-10}
  - {id: allexempt, title: 自查报告, applies_to: [ps], due: 2024-05-12}
  - {id: alllate, title: 幼儿园专项, applies_to: [kg], due: 2024-05-15}
  - {id: sepexempt, title: 清单报送, due: 2024-05-16}
records:
  partial:
    一幼: 2024-05-09
    二幼: 2024-05-09
    实小: 2024-05-09
    二小: {exempt: 撤并}
  allexempt:
    实小: {exempt: 撤并}
    二小: {exempt: 撤并}
  alllate:
    一幼: 2024-05-20
    二幼: 2024-05-21
  sepexempt:
    一幼: 2024-05-08
    办公室: {exempt: 经批准暂缓}
"""


def _report(cli, as_of: str) -> str:
    result = cli("report", "--phase", "3", "--as-of", as_of, "--date", as_of)
    assert result.exit_code == 0, result.output
    return result.stdout


def _line(text: str, title: str) -> str:
    return next(line for line in text.splitlines() if f"{title}情况汇总：" in line)


def test_everybody_late_is_not_called_done_by_others(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": None, "phases/p3.yaml": PHASE3})
    line = _line(_report(cli, "2024-05-25"), "幼儿园专项")
    assert "其它" not in line and "除" not in line, line
    assert line.endswith("一幼、二幼均未按时报送。"), line


def test_all_exempt_is_not_called_complete(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": None, "phases/p3.yaml": PHASE3})
    line = _line(_report(cli, "2024-05-25"), "自查报告")
    assert "完成" not in line, line
    assert "实小（撤并）、二小（撤并）免于报送。" in line


def test_separate_category_all_exempt_is_not_called_complete(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": None, "phases/p3.yaml": PHASE3})
    line = _line(_report(cli, "2024-05-25"), "清单报送")
    assert "机关各处室全部完成" not in line, line
    assert line.startswith("5. 清单报送情况汇总：除二幼、实小、二小未按时报送外，其它单位均已完成。")


def test_before_due_no_zero_counts(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": None, "phases/p3.yaml": PHASE3})
    text = _report(cli, "2024-05-01")
    assert "0个" not in text, text
    assert "未按时" not in text
    assert _line(text, "幼儿园专项").endswith(
        "截止日期为2024年5月15日，截至2024年5月1日应报送的2个单位尚未报送。")
    text = _report(cli, "2024-05-09")
    assert _line(text, "方案报送").endswith(
        "截止日期为2024年5月10日，截至2024年5月9日已全部完成。二小（撤并）免于报送。")
    assert _line(text, "清单报送").endswith(
        "截止日期为2024年5月16日，截至2024年5月9日已完成1个，尚有3个未报送。办公室（经批准暂缓）免于报送。")


def test_category_without_units(make_data, cli):
    units = UNITS.replace("  office:", "  ms: {name: 中学, counter: 所}\n  office:")
    phase = PHASE3.replace("tasks:\n", "tasks:\n  - {id: ms, title: 中学材料, applies_to: [ms], due: 2024-05-10}\n")
    make_data({"units.yaml": units, "phases/phase1.yaml": None, "phases/p3.yaml": phase})
    text = _report(cli, "2024-05-25")
    assert "1. 督查幼儿园2所，小学2所，机关处室1个。" in text
    assert _line(text, "中学材料").endswith("中学材料情况汇总：没有需要报送的单位。")


# ---- separate categories: who is named in which clause ---------------------------------------

SEPARATE_UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  institution: {name: 二级机构, counter: 个}
  office: {name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}
  private: {name: 民办学校, counter: 所, label: 市管各民办学校, separate: true}
units:
  - {id: 12中, category: school}
  - {id: 24中, category: school}
  - {id: 信息中心, category: institution}
  - {id: 人事处, category: office}
  - {id: 财务处, category: office}
  - {id: 安保处, category: office}
  - {id: 枫杨, category: private}
  - {id: 外国语, category: private}
"""

SEPARATE_PHASE = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
notice: {others: 学校（单位）}
tasks:
  - {id: t, title: 清单报送, due: 2022-01-20}
records:
  t:
{records}
"""

ON_TIME = "2022-01-19"
LATE = "2022-01-22"


def _summary(make_data, cli, records: dict[str, str]) -> str:
    """The summary sentence of the one task, with ``records`` (unit -> date or exempt reason);
    every unit not named reported on time."""
    units = ["12中", "24中", "信息中心", "人事处", "财务处", "安保处", "枫杨", "外国语"]
    lines = []
    for unit in units:
        value = records.get(unit, ON_TIME)
        if value == "missing":
            continue
        lines.append(f"    {unit}: " + (value if value[0].isdigit() else f"{{exempt: {value}}}"))
    make_data({"units.yaml": SEPARATE_UNITS,
               "phases/phase1.yaml": SEPARATE_PHASE.replace("{records}", "\n".join(lines))})
    result = cli("report", "--phase", "1", "--date", "2022-01-24")
    assert result.exit_code == 0, result.output
    return _line(result.stdout, "清单报送").split("情况汇总：", 1)[1]


@pytest.mark.parametrize("records, sentence", [
    # the case: a late office has a clause of its own, not a place among the schools
    ({"12中": LATE, "财务处": LATE},
     "除12中未按时报送外，其它学校（单位）均已完成，局机关各处室除财务处外全部完成，市管各民办学校全部完成。"),
    ({"财务处": "missing"},
     "各学校、二级机构均全部完成，局机关各处室除财务处外全部完成，市管各民办学校全部完成。"),
    ({}, "各学校、二级机构均全部完成，局机关各处室全部完成，市管各民办学校全部完成。"),
    ({"24中": LATE, "信息中心": "missing", "财务处": LATE, "安保处": "missing", "外国语": LATE},
     "除24中、信息中心未按时报送外，其它学校（单位）均已完成，局机关各处室除财务处、安保处外全部完成，"
     "市管各民办学校除外国语外全部完成。"),
    # nobody of a clause on time
    ({"12中": LATE, "24中": "missing", "信息中心": LATE, "枫杨": LATE, "外国语": "missing"},
     "12中、24中、信息中心均未按时报送，局机关各处室全部完成，市管各民办学校均未按时报送。"),
    ({"人事处": "已撤并", "财务处": LATE, "安保处": "missing"},
     "各学校、二级机构均全部完成，财务处、安保处均未按时报送，市管各民办学校全部完成。人事处（已撤并）免于报送。"),
    # a clause whose units are all exempt says nothing of completion
    ({"枫杨": "停办", "外国语": "停办", "24中": LATE},
     "除24中未按时报送外，其它学校（单位）均已完成，局机关各处室全部完成。枫杨（停办）、外国语（停办）免于报送。"),
    ({"信息中心": "合并", "12中": LATE},
     "除12中未按时报送外，其它学校（单位）均已完成，局机关各处室全部完成，市管各民办学校全部完成。信息中心（合并）免于报送。"),
], ids=["late-office", "missing-office", "all-done", "late-in-every-clause", "none-on-time",
        "offices-exempt-and-late", "private-all-exempt", "institution-exempt"])
def test_every_separate_category_has_its_own_clause(make_data, cli, records, sentence):
    assert _summary(make_data, cli, records) == sentence


def test_a_separate_category_listed_first_speaks_first(make_data, cli):
    units = SEPARATE_UNITS.replace(
        "  school: {name: 学校, counter: 所}\n  institution: {name: 二级机构, counter: 个}\n", "") \
        .replace("  private:", "  school: {name: 学校, counter: 所}\n  institution: {name: 二级机构, counter: 个}\n  private:")
    make_data({"units.yaml": units, "phases/phase1.yaml": SEPARATE_PHASE.replace(
        "{records}", "    12中: 2022-01-22\n    24中: 2022-01-19\n    信息中心: 2022-01-19\n"
                     "    人事处: 2022-01-19\n    安保处: 2022-01-19\n    枫杨: 2022-01-19\n    外国语: 2022-01-19")})
    result = cli("report", "--phase", "1", "--date", "2022-01-24")
    assert result.exit_code == 0, result.output
    assert _line(result.stdout, "清单报送").endswith(
        "清单报送情况汇总：局机关各处室除财务处外全部完成，除12中未按时报送外，其它学校（单位）均已完成，"
        "市管各民办学校全部完成。")


def test_a_task_for_the_offices_alone_names_no_schools(make_data, cli):
    phase = SEPARATE_PHASE.replace("  - {id: t, title: 清单报送, due: 2022-01-20}",
                                   "  - {id: t, title: 清单报送, due: 2022-01-20, applies_to: [office]}")
    make_data({"units.yaml": SEPARATE_UNITS, "phases/phase1.yaml": phase.replace(
        "{records}", "    人事处: 2022-01-19\n    财务处: 2022-01-23\n    安保处: 2022-01-19")})
    result = cli("report", "--phase", "1", "--date", "2022-01-24")
    assert result.exit_code == 0, result.output
    assert _line(result.stdout, "清单报送").endswith("清单报送情况汇总：局机关各处室除财务处外全部完成。")


def test_the_clauses_are_in_the_json_and_the_word_file(make_data, cli, tmp_path):
    import json

    from docx import Document

    _summary(make_data, cli, {"12中": LATE, "财务处": LATE})
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--format", "json")
    assert result.exit_code == 0, result.output
    clauses = json.loads(result.stdout)["tasks"][0]["clauses"]
    assert [(c["separate"], c["label"], c["names"], c["owing"], c["laggards"]) for c in clauses] == [
        (False, "", ["学校", "二级机构"], 3, ["12中"]),
        (True, "局机关各处室", ["局机关处室"], 3, ["财务处"]),
        (True, "市管各民办学校", ["民办学校"], 2, [])]
    out = tmp_path / "通报.docx"
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", str(out))
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert ("2.清单报送情况汇总：除12中未按时报送外，其它学校（单位）均已完成，局机关各处室除财务处外全部完成，"
            "市管各民办学校全部完成。") in texts
