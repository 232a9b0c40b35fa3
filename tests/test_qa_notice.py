"""QA: the notice's summary sentences read as correct official Chinese in every campaign shape."""

from __future__ import annotations

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
