"""A clerk's whole campaign: the wrong results and lost data found on the way, one test each."""

from __future__ import annotations

import re

import pytest

from conftest import PHASE, UNITS
from nengli.render.markdown import parse as parse_markdown


# ---- bulletin body: numbered lines on consecutive lines ---------------------------------------

def test_numbered_lines_without_blank_lines_are_separate_items():
    blocks = parse_markdown("工作要求：\n1. 确立一套机制。\n2. 建立一本台账，\n逐项销号。\n3. 形成一批案例。\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "工作要求："),
        ("item", "1.确立一套机制。"),
        ("item", "2.建立一本台账，逐项销号。"),
        ("item", "3.形成一批案例。"),
    ]


# ---- the output format follows --out's extension ----------------------------------------------

def test_report_out_docx_writes_word_without_format(make_data, cli, tmp_path):
    make_data()
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "通报.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "通报.docx").read_bytes()[:2] == b"PK"


def test_report_out_json_writes_json(make_data, cli, tmp_path):
    make_data()
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "通报.json")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "通报.json").read_text(encoding="utf-8").lstrip().startswith("{")


def test_export_out_csv_writes_csv(make_data, cli, tmp_path):
    make_data()
    result = cli("export", "--phase", "1", "--as-of", "2022-01-24", "--out", "台账.csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "台账.csv").read_bytes().startswith("\ufeff".encode("utf-8"))


def test_bulletin_out_docx_writes_word(make_data, cli, tmp_path):
    make_data()
    result = cli("bulletin", "--issue", "1", "--phase", "1", "--date", "2022-01-24", "--out", "简报.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "简报.docx").read_bytes()[:2] == b"PK"


def test_format_contradicting_the_extension_is_refused(make_data, cli, tmp_path):
    make_data()
    result = cli("report", "--phase", "1", "--format", "md", "--out", "通报.docx")
    assert result.exit_code == 2
    assert "--format md 与输出文件“通报.docx”的扩展名“.docx”不一致" in result.output
    assert not (tmp_path / "通报.docx").exists()
    result = cli("export", "--format", "xlsx", "--out", "台账.csv")
    assert result.exit_code == 2
    assert "--format xlsx 与输出文件“台账.csv”的扩展名“.csv”不一致" in result.output


def test_extension_the_command_cannot_write_is_refused(make_data, cli, tmp_path):
    make_data()
    result = cli("report", "--phase", "1", "--out", "通报.xlsx")
    assert result.exit_code == 2
    assert "nengli report 不能生成扩展名为“.xlsx”的文件" in result.output
    assert "可用的格式：md、docx、json" in result.output


# ---- an exemption needs a reason -------------------------------------------------------------

@pytest.mark.parametrize("value, got, col", [
    ("{exempt: false}", "布尔值“false”", 19),
    ("{exempt: true}", "布尔值“true”", 19),
    ("{exempt: }", "空值", 19),
    ("{exempt: ''}", "空白", 19),
])
def test_exempt_without_a_reason_is_refused(make_data, cli, value, got, col):
    make_data({"phases/phase1.yaml": PHASE.replace("办公室: {exempt: 经批准暂缓}", f"办公室: {value}")})
    result = cli("check")
    assert result.exit_code == 1
    assert f"data/phases/phase1.yaml:19:{col}: 错误：免报原因（exempt）要写明原因的文字，这里却是{got}。" \
        in result.output
    assert "写成 {exempt: 经批准暂缓}" in result.output


@pytest.mark.parametrize("value", ["", " ", "false"])
def test_record_exempt_without_a_reason_is_a_usage_error(make_data, cli, value):
    data = make_data()
    before = (data / "phases/phase1.yaml").read_bytes()
    result = cli("record", "list", "二中", "--exempt", value)
    assert result.exit_code == 2
    assert "选项 --exempt 要写明免报原因" in result.output
    assert (data / "phases/phase1.yaml").read_bytes() == before


# ---- aliases written as one value ------------------------------------------------------------

@pytest.mark.parametrize("aliases, sep", [("第一中学、市一中", "、"), ("第一中学,市一中", ","),
                                          ("第一中学，市一中", "，")])
def test_aliases_on_one_line_hint_the_list(make_data, cli, aliases, sep):
    make_data({"units.yaml": UNITS.replace("aliases: [第一中学]", f"aliases: {aliases}")})
    result = cli("check")
    assert result.exit_code == 1
    assert f"data/units.yaml:7:14: 错误：别名写成了一个值“{aliases}”：“{sep}”在这里不能分隔多个值。" \
        in result.output
    assert "提示：多个值写成方括号列表，用英文逗号和空格分隔：[第一中学, 市一中]" in result.output


def test_alias_with_a_comma_inside_a_list_is_warned(make_data, cli):
    make_data({"units.yaml": UNITS.replace("aliases: [第一中学]", 'aliases: ["第一中学,市一中"]')})
    result = cli("check", "--strict")
    assert result.exit_code == 1
    assert "data/units.yaml:7:15: 警告：别名“第一中学,市一中”中有逗号，会被当作一个整体" in result.output
    assert "多个值写成 [第一中学, 市一中]" in result.output


# ---- one date grammar, and hints that use the value and the phase's year -----------------------

@pytest.mark.parametrize("written, hint", [
    ("20240318", "请写成 2024-03-18。"),
    ("3月18日", "请写成 2024-03-18（要写上年份）。"),
    ("2024.3.18", "请写成 2024-03-18。"),
])
def test_date_hint_uses_the_value_and_the_phase_year(make_data, cli, written, hint):
    phase = PHASE.replace("2022-01", "2024-03").replace("due: 2024-03-20", f"due: {written}")
    make_data({"phases/phase1.yaml": phase})
    result = cli("check")
    assert result.exit_code == 1
    assert f"data/phases/phase1.yaml:12:10: 错误：截止日期 due“{written}”的写法不对" in result.output
    assert hint in result.output


@pytest.mark.parametrize("written", ["20220124", "2022-W04-1", "2022-01-24T00:00"])
def test_command_line_refuses_what_the_files_refuse(make_data, cli, written):
    make_data()
    result = cli("status", "--as-of", written)
    assert result.exit_code == 2
    assert f"选项 --as-of 的日期“{written}”无效" in result.output
    assert "例如 2022-01-24" in result.output or written == "2022-W04-1"


def test_command_line_accepts_what_the_files_accept(make_data, cli):
    make_data()
    for written in ("2022-1-24", "２０２２－０１－２４"):
        result = cli("status", "--as-of", written, "--json")
        assert result.exit_code == 0, result.output
        assert '"as_of": "2022-01-24"' in result.output


# ---- full-width digits: read as ASCII everywhere ---------------------------------------------

def test_fullwidth_id_is_read_as_ascii_and_warned(make_data, cli):
    data = make_data({"units.yaml": UNITS.replace("id: 三中", "id: １０３中")})
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "data/units.yaml:12:9: 警告：单位简称（id）“１０３中”中有全角数字或字母，已按“103中”读取。" \
        in result.output
    result = cli("record", "list", "103中", "--date", "2022-01-18")
    assert result.exit_code == 0, result.output
    assert "103中: 2022-01-18" in (data / "phases/phase1.yaml").read_text(encoding="utf-8")
    result = cli("unit", "１０３中", "--as-of", "2022-01-24")
    assert result.exit_code == 0, result.output


def test_fullwidth_record_key_finds_the_unit(make_data, cli):
    make_data({"phases/phase1.yaml": PHASE.replace("    一中: 2022-01-15", "    一中: 2022-01-15\n    ３中: 2022-01-16")
               , "units.yaml": UNITS.replace("id: 三中", "id: 3中")})
    result = cli("status", "--as-of", "2022-01-24", "--json")
    assert result.exit_code == 0, result.output
    assert "“３中”中有全角数字或字母，已按“3中”读取" in result.output


@pytest.mark.parametrize("written", ["３", "第三组", "第3组"])
def test_group_written_as_the_roster_sheet_writes_it(make_data, cli, written):
    make_data({"units.yaml": UNITS.replace("    group: 3\n", f"    group: {written}\n")})
    result = cli("status", "--as-of", "2022-01-24", "--group", written, "--by", "unit", "--json")
    assert result.exit_code == 0, result.output
    assert "办公室" in result.output and "二中" not in result.output


def test_group_option_that_is_no_group_is_a_usage_error(make_data, cli):
    make_data()
    result = cli("status", "--group", "第九组")
    assert result.exit_code == 2
    assert "名册中没有第 9 督导组（已有：1、2、3）" in result.output


# ---- import-units: blank cells keep values; person and phone apart; bytes kept ------------------

ROSTER = """\
categories:
  school:      {name: 学校, counter: 所}   # 对齐的空格保留
  office: {name: 局机关处室, counter: 个}
units:
  # 第一组
  - id: 一中
    name:   示例市第一中学
    category: school
    aliases: [ 第一中学 ]
    contact: 王老师 0000-00000001  # 联系人和电话

  - id: 二中
    category: school
    contact: 李老师
    phone: 0000-00000002
  - {id: 办公室, category: office}
"""


def _sheet(path, text):
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    return path


def test_blank_cells_keep_the_person_or_the_phone(make_data, cli, tmp_path):
    data = make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE.replace("三中", "二中")})
    sheet = _sheet(tmp_path / "名册.csv", "单位简称,联系人,电话\n一中,,0371-12345678\n二中,赵老师,\n")
    result = cli("import-units", str(sheet))
    assert result.exit_code == 0, result.output
    assert "修改 一中（电话：0000-00000001 → 0371-12345678）" in result.stdout
    assert "修改 二中（联系人：李老师 → 赵老师）" in result.stdout
    text = (data / "units.yaml").read_text(encoding="utf-8")
    assert "    contact: 王老师  # 联系人和电话\n    phone: 0371-12345678\n" in text
    assert "    contact: 赵老师\n    phone: 0000-00000002\n" in text
    result = cli("unit", "一中", "--as-of", "2022-01-24")
    assert "王老师 0371-12345678" in result.stdout


def test_import_edits_only_its_lines_and_keeps_bom_and_crlf(make_data, cli, tmp_path):
    data = make_data()
    original = ("\ufeff" + ROSTER).replace("\n", "\r\n").encode("utf-8")
    (data / "units.yaml").write_bytes(original)
    sheet = _sheet(tmp_path / "名册.csv", "单位简称,类别,督导组,电话\n二中,,3,\n办公室,,,0371-1\n三中,学校,1,0371-3\n")
    result = cli("import-units", str(sheet))
    assert result.exit_code == 0, result.output
    expected = original.decode("utf-8").replace(
        "    category: school\r\n    contact: 李老师", "    category: school\r\n    group: 3\r\n    contact: 李老师"
    ).replace("  - {id: 办公室, category: office}\r\n",
              # the new school after the last school, not after the office
              '  - id: 三中\r\n    category: school\r\n    group: 1\r\n    phone: 0371-3\r\n'
              '  - {id: 办公室, category: office, phone: 0371-1}\r\n')
    assert (data / "units.yaml").read_bytes() == expected.encode("utf-8")


def test_exported_roster_imports_back_byte_identical_with_person_and_phone(make_data, cli, tmp_path):
    data = make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE.replace("三中", "二中")})
    before = (data / "units.yaml").read_bytes()
    for name in ("名册.xlsx", "名册.csv"):
        assert cli("export", "--roster", "--out", str(tmp_path / name)).exit_code == 0
        result = cli("import-units", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert "无需修改" in result.stdout
        assert (data / "units.yaml").read_bytes() == before


def test_replace_adopts_the_sheet_and_drops_the_sample_units(make_data, cli, tmp_path):
    data = make_data({"phases/phase1.yaml": PHASE.replace("    一中: 2022-01-09\n", "")
                      .replace("    一中: 2022-01-15\n", "")})
    sheet = _sheet(tmp_path / "名册.csv", "单位简称,类别\n办公室,局机关处室\n24中,学校\n二中,学校\n")
    result = cli("import-units", str(sheet), "--replace")
    assert result.exit_code == 0, result.output
    assert "已新增 1 个单位，已修改 0 个单位，已删除名册表中没有的 2 个单位，已按名册表的顺序排列。" in result.stdout
    text = (data / "units.yaml").read_text(encoding="utf-8")
    assert re.findall(r"id: (\S+)", text) == ["办公室", "24中", "二中"]
    assert cli("check").exit_code == 0


def test_replace_refuses_to_drop_units_with_registrations(make_data, cli, tmp_path):
    data = make_data()
    before = (data / "units.yaml").read_bytes()
    sheet = _sheet(tmp_path / "名册.csv", "单位简称,类别\n二中,学校\n办公室,局机关处室\n")
    result = cli("import-units", str(sheet), "--replace")
    assert result.exit_code == 1
    for where in ("data/phases/phase1.yaml:15:5", "data/phases/phase1.yaml:18:5"):
        assert f"{where}: 错误：单位“一中”在这里有登记，名册表中却没有它：--replace 不会删除有登记的单位。" \
            in result.output
    assert "三中" not in result.output  # no registrations: it may go
    assert (data / "units.yaml").read_bytes() == before


def test_import_reads_fullwidth_ids_as_ascii(make_data, cli, tmp_path):
    data = make_data()
    sheet = _sheet(tmp_path / "名册.csv", "单位简称,类别,督导组\n１０３中,学校,第三组\n")
    result = cli("import-units", str(sheet))
    assert result.exit_code == 0, result.output
    assert "名册.csv:2:1: 警告：单位简称“１０３中”中有全角数字或字母，已按“103中”读取。" in result.output
    assert "  - id: 103中\n    category: school\n    group: 3\n" in (data / "units.yaml").read_text(encoding="utf-8")


# ---- YAML mistakes said at their own line, with their own cause --------------------------------

@pytest.mark.parametrize("after", ["", "\n    # 注释"])
def test_missing_space_after_colon_is_said_at_its_line(make_data, cli, after):
    make_data({"phases/phase1.yaml": PHASE.replace("    一中: 2022-01-15", "    一中:2022-01-15" + after)})
    result = cli("check")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:18:8: 错误：第18行冒号后面缺少空格，YAML 把“一中:2022-01-15”读成了一整段文字。" \
        in result.output
    assert "提示：在英文冒号后加一个空格：一中: 2022-01-15" in result.output
    assert "共 1 个错误" in result.output


@pytest.mark.parametrize("key, tid", [("清单报送", "list"), ("动员部署会、召开", "meet")])
def test_task_title_as_records_key_names_the_id(make_data, cli, key, tid):
    old = "  list:\n" if tid == "list" else "  meet:\n"
    make_data({"phases/phase1.yaml": PHASE.replace(old, f"  {key}:\n")})
    result = cli("check")
    assert result.exit_code == 1
    line = 17 if tid == "list" else 14
    assert f"data/phases/phase1.yaml:{line}:3: 错误：本阶段没有任务“{key}”：" in result.output
    assert f"这里要写任务 id“{tid}”" in result.output
    assert "顿号" not in result.output


@pytest.mark.parametrize("record, where, value, mark", [
    ("二中: {date: 2022-01-12, note: 逾期 #2 补报}", "16:37", "逾期 #2 补报", "#"),
    ("二中: {date: 2022-01-12, note: 原因: 补报}", "16:36", "原因: 补报", ":"),
])
def test_hash_or_colon_in_an_unquoted_note_hints_quotes(make_data, cli, record, where, value, mark):
    make_data({"phases/phase1.yaml": PHASE.replace("二中: {date: 2022-01-12, note: 逾期补报}", record)})
    result = cli("check")
    assert result.exit_code == 1
    assert f"data/phases/phase1.yaml:{where}: 错误：值“{value}”中有“{mark}”" in result.output
    assert f'提示：给整个值加引号（英文引号）：note: "{value}"' in result.output


def test_block_note_with_colon_hints_quotes(make_data, cli):
    make_data({"phases/phase1.yaml": PHASE.replace(
        "    一中: 2022-01-15", "    一中:\n      date: 2022-01-15\n      note: 原因: 补报")})
    result = cli("check")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:20:15: 错误：值“原因: 补报”中有“:”" in result.output
    assert '加引号（英文引号）：note: "原因: 补报"' in result.output


def test_one_missing_dash_is_one_problem(make_data, cli):
    make_data({"units.yaml": UNITS.replace("  - id: 二中\n", "    id: 二中\n")})
    result = cli("check")
    assert result.exit_code == 1
    assert "data/units.yaml:9:5: 错误：这里又出现了“id:”（上一个在第5行）：这一项前面可能少了“- ”" in result.output
    assert "重复出现" not in result.output
    assert "共 1 个错误" in result.output


def test_missing_space_after_colon_of_a_lone_record(make_data, cli):
    make_data({"phases/phase1.yaml": PHASE.replace(
        "    一中: 2022-01-09\n    二中: {date: 2022-01-12, note: 逾期补报}\n", "    一中:2022-01-09\n")})
    result = cli("check")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:15:8: 错误：第15行冒号后面缺少空格" in result.output


# ---- wrong causes --------------------------------------------------------------------------

@pytest.fixture
def no_git(tmp_path, monkeypatch):
    """A PATH without git on it, as on an office computer where Git was never installed."""
    empty = tmp_path / "没有git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_git_the_notice_says_git_is_not_installed(make_data, cli, no_git):
    make_data()
    result = cli("report", "--phase", "1", "--date", "2022-01-24")
    assert result.exit_code == 0, result.output
    assert "数据版本：本机没有安装 git，无法注明。" in result.stdout
    assert "不在 git 仓库中" not in result.stdout


def test_without_git_record_commit_says_git_is_not_installed(make_data, cli, no_git):
    data = make_data()
    before = (data / "phases/phase1.yaml").read_bytes()
    result = cli("record", "list", "二中", "--date", "2022-01-18", "--commit")
    assert result.exit_code == 1
    assert "错误：找不到 git 程序。" in result.output
    assert "不在 git 仓库中" not in result.output
    assert (data / "phases/phase1.yaml").read_bytes() == before


def test_log_outside_a_repository_does_not_mention_commit(make_data, cli):
    make_data()
    result = cli("log")
    assert result.exit_code == 1
    assert "不在 git 仓库中，没有登记的历史可以查看。" in result.output
    assert "去掉 --commit" not in result.output


def test_phase_files_with_other_extensions_are_warned_or_read(make_data, cli):
    data = make_data({"phases/phase4.yaml.txt": "phase: 4\n",
                      "phases/Phase2.YAML": PHASE.replace("phase: 1", "phase: 2")
                      .replace("第一阶段", "第二阶段").replace("2022-01", "2022-03")})
    (data / "phases" / ".phase1.yaml.lock").write_text("", encoding="utf-8")
    result = cli("check", "--as-of", "2022-03-24")
    assert result.exit_code == 0, result.output
    assert "data/phases/phase4.yaml.txt: 警告：phases 文件夹中的“phase4.yaml.txt”不是 .yaml 文件，没有读取。" \
        in result.output
    assert "请改名为 phase4.yaml" in result.output
    assert "2 个阶段" in result.output  # Phase2.YAML is read
    assert "lock" not in result.output


def test_error_total_counts_the_errors_listed(make_data, cli):
    make_data({"units.yaml": UNITS.replace("  - id: 二中\n    category: school\n    group: 2\n",
                                           "  - id: 二中\n    category: school\n\tgroup: 2\n")})
    result = cli("record", "list", "一中", "--date", "2022-01-18")
    assert result.exit_code == 1
    assert result.output.count("错误：") == 2  # the heading and the one error under it
    assert "错误：数据中已有下列错误，先改正后才能登记。" in result.output
    assert "data/units.yaml:11:1: 错误：第11行用 Tab 键缩进" in result.output
    assert "共 1 个错误，0 个警告。" in result.output


@pytest.mark.parametrize("rate, shown", [(3 / 7, "43%"), (0.145, "15%"), (0.5, "50%"), (1 / 3, "33%"),
                                         (2 / 3, "67%"), (1.0, "100%"), (0.0, "0%"), (1 / 300, "0%")])
def test_percentages_round_half_up(rate, shown):
    from nengli.zh import percent

    assert percent(rate) == shown


def test_status_shows_three_of_seven_as_43_percent(make_data, cli):
    units = "categories:\n  school: {name: 学校, counter: 所}\nunits:\n" + "".join(
        f"  - id: {n}中\n    category: school\n" for n in range(1, 8))
    phase = ("phase: 1\ntitle: 第一阶段\nstart: 2022-01-01\nend: 2022-01-31\ntasks:\n"
             "  - {id: list, title: 清单报送, due: 2022-01-20}\nrecords:\n  list:\n"
             "    1中: 2022-01-10\n    2中: 2022-01-10\n    3中: 2022-01-10\n")
    make_data({"units.yaml": units, "phases/phase1.yaml": phase})
    result = cli("status", "--as-of", "2022-01-24")
    assert result.exit_code == 0, result.output
    assert "43%" in result.output and "42%" not in result.output


def test_record_force_with_a_new_date_keeps_the_note(make_data, cli):
    data = make_data()
    path = data / "phases/phase1.yaml"
    result = cli("record", "meet", "二中", "--date", "2022-01-13", "--force")
    assert result.exit_code == 0, result.output
    assert "    二中: {date: 2022-01-13, note: 逾期补报}\n" in path.read_text(encoding="utf-8")
    result = cli("record", "meet", "二中", "--date", "2022-01-14", "--note", "补报材料", "--force")
    assert result.exit_code == 0, result.output
    assert "    二中: {date: 2022-01-14, note: 补报材料}\n" in path.read_text(encoding="utf-8")
    result = cli("record", "meet", "二中", "--date", "2022-01-14", "--note", "", "--force")
    assert result.exit_code == 0, result.output
    assert "    二中: 2022-01-14\n" in path.read_text(encoding="utf-8")


# ---- earlier phases' laggards stay in sight ---------------------------------------------------

PHASE2 = """\
phase: 2
title: 第二阶段
start: 2022-02-01
end: 2022-02-28
tasks:
  - {id: plan, title: 整改方案, due: 2022-02-20}
"""


@pytest.mark.parametrize("command", ["remind", "status"])
def test_after_phase_two_starts_phase_one_laggards_are_said(make_data, cli, command):
    make_data({"phases/phase2.yaml": PHASE2})
    result = cli(command, "--as-of", "2022-02-05")
    assert result.exit_code == 0, result.output
    assert "警告：第一阶段（第 1 阶段）仍有 2 个单位逾期未报（2 项任务）。" in result.output
    assert "查看并催报：nengli remind --phase 1" in result.output


def test_no_note_when_earlier_phases_are_done(make_data, cli):
    make_data({"phases/phase2.yaml": PHASE2, "phases/phase1.yaml": PHASE.replace(
        "    一中: 2022-01-15\n", "    一中: 2022-01-15\n    二中: 2022-01-15\n    三中: 2022-01-15\n")
        .replace("    二中: {date: 2022-01-12, note: 逾期补报}\n", "    二中: 2022-01-12\n    三中: 2022-01-12\n")})
    result = cli("remind", "--as-of", "2022-02-05")
    assert result.exit_code == 0, result.output
    assert "逾期未报" not in result.output


def test_reminder_signature_is_the_office_of_campaign_yaml(make_data, cli):
    make_data({"campaign.yaml": "office: 某市教育局活动办公室\n",
               "phases/phase1.yaml": PHASE + "notice:\n  issuer: （落款单位）\n"})
    result = cli("remind", "--as-of", "2022-01-24", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "谢谢！——某市教育局活动办公室" in result.stdout
    assert "（落款单位）" not in result.stdout


def test_misspelt_command_is_said_in_chinese_with_the_nearest_one(cli):
    result = cli("stauts")
    assert result.exit_code == 2
    assert "用法错误：没有命令“stauts”，您是不是要找“status”？\n" in result.output
    assert "Did you mean" not in result.output
    result = cli("xyz")
    assert result.exit_code == 2
    assert "用法错误：没有命令“xyz”。\n" in result.output


def test_replace_clears_a_field_whose_cell_is_blank(make_data, cli, tmp_path):
    # with --replace the sheet is the roster: a blank 督导组 or 联系人 means none, said in the list
    data = make_data({"units.yaml": ROSTER.replace("    category: school\n    contact: 李老师",
                                                   "    category: school\n    group: 2\n    contact: 李老师")})
    sheet = _sheet(tmp_path / "名册.csv", "单位简称,单位全称,类别,别名,督导组,联系人,电话\n"
                   "一中,,学校,,,王老师,0000-00000001\n二中,,学校,,,,\n办公室,,局机关处室,,,,\n")
    result = cli("import-units", str(sheet), "--replace")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "data/units.yaml：已新增 0 个单位，已修改 2 个单位。\n"
        "  修改 一中（全称：示例市第一中学 → 一中，别名：第一中学 → （空））\n"
        "  修改 二中（督导组：2 → （空），联系人：李老师 → （空），电话：0000-00000002 → （空））\n")
    assert (data / "units.yaml").read_text(encoding="utf-8") == ROSTER.replace(
        "    name:   示例市第一中学\n", "").replace("    aliases: [ 第一中学 ]\n", "").replace(
        "    contact: 李老师\n    phone: 0000-00000002\n", "")
    assert cli("check").exit_code == 0
