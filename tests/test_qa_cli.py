"""QA: the command line used as office staff use it (edge inputs, paths, consoles)."""

from __future__ import annotations

import datetime as dt

import pytest


def test_out_into_a_missing_folder_says_the_folder_is_missing(make_data, cli, tmp_path):
    make_data()
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "通报/第一阶段.md")
    assert result.exit_code == 1
    assert "通报/第一阶段.md: 错误：无法写入文件“通报/第一阶段.md”：文件夹“通报”不存在。" in result.output
    assert "Excel" not in result.output  # not the hint about a file held open
    assert not (tmp_path / "通报").exists()


def test_out_under_a_file_is_a_located_error(make_data, cli, tmp_path):
    make_data()
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "a.txt/b.md")
    assert result.exit_code == 1
    assert "无法写入文件“a.txt/b.md”" in result.output
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("refs", [["二中，三中"], ["二中、三中"], ["二中,三中"], ["二中、", "三中"]])
def test_record_units_joined_by_commas(make_data, cli, tmp_path, refs):
    make_data()
    result = cli("record", "list", *refs, "--date", "2022-01-18")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "data" / "phases" / "phase1.yaml").read_text(encoding="utf-8")
    assert "    二中: 2022-01-18\n    三中: 2022-01-18\n" in text


def test_record_unknown_unit_among_commas_names_it(make_data, cli):
    make_data()
    result = cli("record", "list", "二中，四中", "--date", "2022-01-18")
    assert result.exit_code == 2
    assert "名册中没有单位“四中”" in result.output
    assert "半角" not in result.output


def test_status_colours_match_the_warning_levels(make_data, cli):
    """levels.py and `status --help`: orange is 逾期补报, red 逾期未报, in the laggards' lines
    as a colour terminal shows them (the escape codes written out)."""
    make_data()
    env = {"COLUMNS": None, "NO_COLOR": None, "TTY_COMPATIBLE": None, "FORCE_COLOR": "1",
           "COLORTERM": "truecolor"}
    result = cli("status", "--phase", "1", "--as-of", "2022-01-24", env=env)
    assert result.exit_code == 0, result.output
    orange, red, reset = "\x1b[38;5;208m", "\x1b[1;31m", "\x1b[0m"
    assert "\n未按时报送的单位（红色逾期未报，橙色逾期补报）：\n" \
           f"  动员部署会召开（2）：{orange}二中{reset}、{red}三中{reset}\n" \
           f"  清单报送（2）：{red}二中{reset}、{red}三中{reset}\n" in result.stdout


@pytest.mark.parametrize(("value", "expected"), [
    ("2024/3/15", "选项 --as-of 的日期“2024/3/15”无效。\n  提示：请写成 年-月-日，例如 2024-03-15。"),
    ("2024年3月15日", "的日期“2024年3月15日”无效。\n  提示：请写成 年-月-日，例如 2024-03-15。"),
    ("2024-02-30", "的日期“2024-02-30”无效：2024年2月没有30日。\n  提示：请写成 年-月-日，例如 2024-02-01。"),
    ("2024-13-01", "的日期“2024-13-01”无效：月份应在 1 到 12 之间。"),
    ("明天", f"的日期“明天”无效。\n  提示：请写成 年-月-日，例如 {dt.date.today().isoformat()}。"),
])
def test_option_date_in_other_forms_gets_its_own_correction(make_data, cli, value, expected):
    make_data()
    result = cli("status", "--as-of", value)
    assert result.exit_code == 2
    assert expected in result.output, result.output


def test_option_date_with_one_digit_month_as_in_the_data_files(make_data, cli):
    make_data()
    result = cli("status", "--as-of", "2022-1-24", "--json")
    assert result.exit_code == 0, result.output
    assert '"as_of": "2022-01-24"' in result.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (["record", "list"], "用法错误：缺少必填的参数“单位”"),
    (["record"], "用法错误：缺少必填的参数“任务”"),
    (["unit"], "用法错误：缺少必填的参数“单位”"),
])
def test_missing_argument_is_named_in_chinese(make_data, cli, args, expected):
    make_data()
    result = cli(*args)
    assert result.exit_code == 2
    assert expected in result.output, result.output


def test_extra_argument_is_said_in_chinese(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "a", "b")
    assert result.exit_code == 2
    assert "用法错误：多余的参数：b。" in result.output, result.output
    assert "Got" not in result.output


def test_data_option_naming_the_campaign_folder_uses_its_data(make_data, cli, tmp_path, monkeypatch):
    # `nengli init 活动` makes 活动/data/; staff then write --data 活动
    make_data()
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = cli("check", "--data", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "数据无误" in result.output
    monkeypatch.setenv("NENGLI_DATA", str(tmp_path))
    assert cli("check").exit_code == 0


@pytest.mark.parametrize("command", ["record", "unit", "init", "import-units"])
def test_argument_help_shows_no_english_type_names(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0
    for english in ("<str>", "<path>", "<text>", "<integer>"):
        assert english not in result.stdout, result.stdout
