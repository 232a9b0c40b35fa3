"""A corpus of broken data files: every one gives exit 1 and a located Chinese message.

Each case is one small mistake a person can make in Notepad, WPS or a git merge, written into
the small campaign of conftest.py. The case names the file, line and column the message must
point at and the words it must say; every command that reads data is then run on it too, to
show that none of them answers with a traceback or writes anything.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from conftest import PHASE, UNITS
from nengli import parse

U = "data/units.yaml"
P1 = "data/phases/phase1.yaml"
P2 = "data/phases/phase2.yaml"


def units(old: str, new: str) -> dict[str, str]:
    assert old in UNITS, old
    return {"units.yaml": UNITS.replace(old, new, 1)}


def phase(old: str, new: str) -> dict[str, str]:
    assert old in PHASE, old
    return {"phases/phase1.yaml": PHASE.replace(old, new, 1)}


def block(output: str, where: str, level: str = "错误") -> str:
    """The printed problem at ``where`` (file:line:col), with its excerpt and hint."""
    lines = output.splitlines()
    head = f"{where}: {level}："
    for i, line in enumerate(lines):
        if line.startswith(head):
            end = i + 1
            while end < len(lines) and lines[end].startswith("  "):
                end += 1
            return "\n".join(lines[i:end])
    raise AssertionError(f"no {level} at {where} in:\n{output}")


LAUGHS = """\
notice:
  a: &a [x, x, x, x, x, x, x, x, x]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
"""

# (id, files, where, words)  — every case exits 1 with an error at ``where``
CASES: list[tuple[str, dict, str, list[str]]] = [
    # --- YAML syntax ------------------------------------------------------------------------
    ("bad-indent", phase("    title: 清单报送", "      title: 清单报送"), f"{P1}:11:12",
     ["YAML 格式错误", "这里不能出现“键: 值”", "缩进"]),
    ("dedent-in-list", phase("    title: 清单报送", "   title: 清单报送"), f"{P1}:11:4",
     ["YAML 格式错误", "缩进不一致"]),
    ("tab-indent", units("    group: 2\n", "\tgroup: 2\n"), f"{U}:11:1",
     ["第11行用 Tab 键缩进", "换成空格"]),
    ("unclosed-bracket", phase("applies_to: [school]", "applies_to: [school"), f"{P1}:9:8",
     ["方括号列表没有正确结束", "[a, b, c]"]),
    ("unclosed-quote", phase("title: 清单报送", 'title: "清单报送'), f"{P1}:11:12",
     ["YAML 格式错误", "引号"]),
    ("backslash-in-quotes", phase("title: 清单报送", 'title: "D:\\资料\\清单"'), f"{P1}:11:15",
     ["反斜杠", "单引号"]),
    ("two-documents", phase("records:", "---\nrecords:"), f"{P1}:13:1",
     ["多个 YAML 文档", "---"]),
    ("dash-in-value", phase("title: 第一阶段", "title: - 第一阶段"), f"{P1}:2:8",
     ["这里不能以“- ”开始一个列表", "英文引号"]),
    ("pipe-before-key", phase("records:", "|records:"), f"{P1}:13:2",
     ["“|”或“>”后面不能直接跟文字"]),
    ("percent-line", phase("records:", "%records:"), f"{P1}:13:9",
     ["以“%”开头的行在 YAML 中有特殊含义"]),
    ("bang-before-key", phase("    一中: 2022-01-15", "    !一中: 2022-01-15"), f"{P1}:18:6",
     ["以“!”开头的值在 YAML 中是标签"]),
    # --- full-width punctuation where YAML needs ASCII -------------------------------------
    ("fullwidth-colon-key", units("  - id: 二中", "  - id： 二中"), f"{U}:9:7",
     ["第9行使用了全角冒号“：”", "改成“:”", "冒号后加一个空格"]),
    ("fullwidth-colon-no-space", phase("title: 第一阶段", "title：第一阶段"), f"{P1}:2:6",
     ["第2行使用了全角冒号“：”"]),
    ("fullwidth-colon-record", phase("    一中: 2022-01-15", "    一中：2022-01-15"), f"{P1}:18:7",
     ["第18行使用了全角冒号“：”"]),
    ("fullwidth-colon-in-flow", phase("{date: 2022-01-12,", "{date： 2022-01-12,"), f"{P1}:16:14",
     ["第16行使用了全角冒号“：”"]),
    ("fullwidth-space-after-colon", phase("start: 2022-01-01", "start:　2022-01-01"), f"{P1}:3:7",
     ["第3行", "全角空格"]),
    ("fullwidth-space-indent", units("    group: 2\n", "　　group: 2\n"), f"{U}:11:1",
     ["第11行用了全角空格", "半角"]),
    ("fullwidth-space-for-colon", phase("    一中: 2022-01-09", "    一中　2022-01-09"),
     f"{P1}:15:7", ["第15行使用了全角空格", "“: ”"]),
    ("fullwidth-comma-list", units("[第一中学]", "[第一中学，一高]"), f"{U}:7:19",
     ["第7行使用了全角逗号“，”", "改成“,”"]),
    ("fullwidth-comma-flow-map", phase("2022-01-12, note", "2022-01-12， note"), f"{P1}:16:26",
     ["第16行使用了全角逗号“，”"]),
    ("enumeration-comma-list", phase("applies_to: [school]", "applies_to: [school、office]"),
     f"{P1}:8:24", ["第8行使用了顿号“、”", "改成“,”"]),
    ("chinese-quotes-id", units("    category: office", "    category: “office”"), f"{U}:16:15",
     ["第16行使用了中文引号", "英文"]),
    ("chinese-quotes-date", phase("一中: 2022-01-09", "一中: “2022-01-09”"), f"{P1}:15:9",
     ["第15行使用了中文引号"]),
    ("fullwidth-bracket", phase("applies_to: [school]", "applies_to: 【school】"), f"{P1}:8:17",
     ["第8行使用了全角方括号“【”"]),
    # --- encodings, binaries, merges ------------------------------------------------------
    ("conflict-markers", units("  - id: 三中", "<<<<<<< HEAD\n  - id: 三中\n=======\n"
                                "  - id: 三\n>>>>>>> main"), f"{U}:12:1",
     ["git 合并冲突标记“<<<<<<<”", "合并尚未解决"]),
    # --- duplicates -------------------------------------------------------------------------
    ("dup-key-top", phase("title: 第一阶段", "title: 第一阶段\ntitle: 第二阶段"), f"{P1}:3:1",
     ["键“title”重复出现（第一次在第2行）"]),
    ("dup-key-deep", phase("{date: 2022-01-12, note: 逾期补报}",
                           "{date: 2022-01-12, note: 逾期补报, date: 2022-01-13}"),
     f"{P1}:16:40", ["键“date”重复出现（第一次在第16行）"]),
    ("dup-key-category", units("  office: {", "  school: {name: 学校}\n  office: {"), f"{U}:3:3",
     ["键“school”重复出现（第一次在第2行）"]),
    ("dup-unit", units("  - id: 二中", "  - id: 一中"), f"{U}:9:9",
     ["单位简称“一中”重复（第一次在 data/units.yaml:5:9）"]),
    ("dup-alias", units("    group: 2", "    aliases: [第一中学]\n    group: 2"), f"{U}:11:15",
     ["别名“第一中学”已被单位“一中”使用"]),
    ("alias-is-other-id", units("    group: 2", "    aliases: [三中]\n    group: 2"), f"{U}:11:15",
     ["别名“三中”与另一个单位“三中”的简称相同"]),
    ("dup-task", phase("  - id: list", "  - id: meet"), f"{P1}:10:9",
     ["任务 id“meet”重复（第一次在第6行）"]),
    ("dup-phase", {"phases/phase2.yaml": PHASE}, f"{P2}:1:8",
     ["阶段编号 1 重复", "data/phases/phase1.yaml 也是第 1 阶段"]),
    ("dup-record-via-alias", phase("    一中: 2022-01-09", "    一中: 2022-01-09\n    第一中学: 2022-01-09"),
     f"{P1}:16:5", ["单位“一中”在任务“动员部署会召开”下登记了两次"]),
    # --- dates --------------------------------------------------------------------------------
    ("impossible-day", phase("due: 2022-01-10", "due: 2022-02-30"), f"{P1}:9:10",
     ["“2022-02-30”不是有效的日期", "2022年2月没有30日", "年-月-日"]),
    ("impossible-month", phase("一中: 2022-01-09", "一中: 2022-13-01"), f"{P1}:15:9",
     ["“2022-13-01”不是有效的日期", "月份应在 1 到 12 之间"]),
    ("date-dots", phase("due: 2022-01-10", "due: 2022.1.20"), f"{P1}:9:10",
     ["“2022.1.20”的写法不对", "请写成 2022-01-20"]),
    ("date-slashes", phase("start: 2022-01-01", "start: 2022/01/01"), f"{P1}:3:8",
     ["“2022/01/01”的写法不对", "请写成 2022-01-01"]),
    ("date-chinese", phase("一中: 2022-01-09", "一中: 1月9日"), f"{P1}:15:9",
     ["“1月9日”的写法不对", "请写成 2022-01-09（要写上年份）"]),
    ("date-with-time", phase("due: 2022-01-10", "due: 2022-01-10 17:00"), f"{P1}:9:10",
     ["写法不对", "2022-01-10（只写日期，不写时间）"]),
    ("end-before-start", phase("end: 2022-01-31", "end: 2021-01-31"), f"{P1}:4:6",
     ["结束日期 end（2021-01-31）早于开始日期 start（2022-01-01）"]),
    # --- shapes and values ----------------------------------------------------------------
    ("list-for-mapping", units("categories:\n  school: {name: 学校, counter: 所}\n  office: "
                               "{name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}",
                               "categories: [school, office]"), f"{U}:1:13",
     ["categories应当是“键: 值”形式的映射，这里却是列表"]),
    ("mapping-for-list", phase("applies_to: [school]", "applies_to: {school: 1}"), f"{P1}:8:17",
     ["应当是列表", "映射"]),
    ("tasks-not-list", {"phases/phase1.yaml": "phase: 1\ntitle: 第一阶段\nstart: 2022-01-01\n"
                        "end: 2022-01-31\ntasks: 动员部署会\n"}, f"{P1}:5:8",
     ["tasks应当是列表", "“动员部署会”"]),
    ("number-unit-id", units("  - id: 二中", "  - id: 2"), f"{U}:9:9",
     ["单位简称（id）“2”被 YAML 读成了数字", "写成 \"2\""]),
    ("number-task-id", phase("  - id: list", "  - id: 12"), f"{P1}:10:9",
     ["任务 id“12”被 YAML 读成了数字"]),
    ("yes-task-id", phase("  - id: list", "  - id: yes"), f"{P1}:10:9",
     ["任务 id“yes”被 YAML 读成了布尔值", "写成 \"yes\""]),
    ("off-alias", units("[第一中学]", "[off]"), f"{U}:7:15",
     ["别名“off”被 YAML 读成了布尔值"]),
    ("octal-unit-id", units("  - id: 三中", "  - id: 0101"), f"{U}:12:9",
     ["“0101”以 0 开头", "八进制", "写成 \"0101\""]),
    ("phase-number-text", phase("phase: 1", "phase: 一"), f"{P1}:1:8",
     ["阶段编号 phase应当是整数，这里却是“一”", "阿拉伯数字"]),
    ("missing-category", units("    category: office\n", ""), f"{U}:15:5",
     ["单位缺少必填项“category”", "category: school"]),
    ("missing-task-title", phase("    title: 清单报送\n", ""), f"{P1}:10:5",
     ["缺少必填项“title”"]),
    ("missing-phase-start", phase("start: 2022-01-01\n", ""), f"{P1}:1:1",
     ["阶段文件缺少必填项“start”"]),
    ("empty-record", phase("一中: 2022-01-09", "一中:"), f"{P1}:15:5",
     ["单位“一中”的登记内容是空的", "一中: 2022-01-20"]),
    ("date-and-exempt", phase("{exempt: 经批准暂缓}", "{date: 2022-01-15, exempt: 暂缓}"),
     f"{P1}:19:5", ["同时写了 date 和 exempt"]),
    # --- references -----------------------------------------------------------------------
    ("unknown-category-unit", units("    category: office", "    category: offce"), f"{U}:16:15",
     ["类别“offce”没有在 units.yaml 的 categories 中定义，是不是“office”？", "school（学校）"]),
    ("unknown-category-applies", phase("applies_to: [school]", "applies_to: [schol]"),
     f"{P1}:8:18", ["类别“schol”没有在 units.yaml 的 categories 中定义，是不是“school”？"]),
    ("unknown-category-scope", phase("end: 2022-01-31", "end: 2022-01-31\nscope: [school, ofice]"),
     f"{P1}:5:17", ["类别“ofice”", "是不是“office”？"]),
    ("unknown-unit", phase("    一中: 2022-01-09", "    四中: 2022-01-09"), f"{P1}:15:5",
     ["名册中没有单位“四中”", "units.yaml"]),
    ("unknown-alias", phase("    一中: 2022-01-15", "    第一中: 2022-01-15"), f"{P1}:18:5",
     ["名册中没有单位“第一中”，是不是“第一中学”？"]),
    ("unknown-task", phase("  meet:", "  meat:"), f"{P1}:14:3",
     ["本阶段没有任务“meat”，是不是“meet”？", "meet、list"]),
    ("not-applicable", phase("    一中: 2022-01-09", "    办公室: 2022-01-09"), f"{P1}:15:5",
     ["单位“办公室”属于“局机关处室”，任务“动员部署会召开”不适用于该类别", "applies_to 中加入 office"]),
    ("out-of-scope", phase("end: 2022-01-31", "end: 2022-01-31\nscope: [school]"), f"{P1}:20:5",
     ["单位“办公室”属于“局机关处室”，任务“清单报送”不适用于该类别"]),
    ("applies-outside-scope", phase("end: 2022-01-31\n", "end: 2022-01-31\nscope: [office]\n"),
     f"{P1}:9:18", ["applies_to 含有“school”，但本阶段的 scope 不含这一类别"]),
    # --- files that are not there or not text -------------------------------------------------
    ("empty-units", {"units.yaml": ""}, U, ["文件是空的"]),
    ("comments-only", {"units.yaml": "# 名册\n# 待填写\n"}, U, ["文件是空的（只有注释）"]),
    ("empty-phase-file", {"phases/phase2.yaml": "\n\n"}, P2, ["文件是空的"]),
    ("no-phase-files", {"phases/phase1.yaml": None}, "data/phases",
     ["phases 文件夹中没有任何阶段文件", "phases/phase1.yaml"]),
    # --- hostile YAML ---------------------------------------------------------------------------
    ("billion-laughs", phase("records:", LAUGHS + "records:"), f"{P1}:14:6",
     ["不支持 YAML 锚点和引用（& 与 *）"]),
    ("scalar-alias", phase("title: 第一阶段", "title: &t 第一阶段\ntheme: *t"), f"{P1}:2:8",
     ["不支持 YAML 锚点和引用"]),
    ("merge-key", phase("    title: 清单报送", "    title: 清单报送\n    <<: *x"), f"{P1}:12:9",
     ["使用了未定义的引用（*）"]),
    ("python-tag", phase("title: 第一阶段", "title: !!python/object/apply:os.system [echo hi]"),
     f"{P1}:2:8", ["不支持 YAML 标签“!!python/object/apply:os.system”", "不执行文件中的任何代码"]),
    ("local-tag", phase("title: 清单报送", "title: !secret 清单报送"), f"{P1}:11:12",
     ["不支持 YAML 标签“!secret”"]),
]


@pytest.mark.parametrize("files,where,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_input_is_located(make_data, cli, files, where, words):
    make_data(files)
    result = cli("check", "--as-of", "2022-01-24")
    assert result.exit_code == 1, result.output
    found = block(result.output, where)
    for word in words:
        assert word in found, f"{word!r} not in:\n{found}"
    assert "Traceback" not in result.output
    assert "提示：" in found  # every message says what to do


@pytest.mark.parametrize("files", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_every_reading_command_fails_cleanly(make_data, cli, files, tmp_path):
    """status, status --json and report say the same problems, exit 1, and write nothing."""
    make_data(files)
    out = tmp_path / "通报.md"
    for args in (["status", "--as-of", "2022-01-24"], ["status", "--json"],
                 ["report", "--phase", "1", "--date", "2022-01-24", "--out", str(out)]):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert re.search(r"^\S+(:\d+:\d+)?: 错误：", result.output, re.M), result.output
        assert not out.exists()


def test_case_count():
    assert len(CASES) >= 30


def test_no_cascade_when_roster_is_broken(make_data, cli):
    """A broken units.yaml is reported once; phases are still read, but not judged against it."""
    make_data(units("  - id: 二中", "  - id： 二中"))
    result = cli("check")
    assert result.exit_code == 1
    assert "名册中没有单位" not in result.output
    assert "没有在 units.yaml 的 categories 中定义" not in result.output
    assert result.output.count("错误：") == 1, result.output


def test_no_cascade_from_a_broken_task(make_data, cli):
    make_data(phase("due: 2022-01-10", "due: 2022-02-30"))
    result = cli("check")
    assert result.exit_code == 1
    assert "本阶段没有任务" not in result.output
    assert result.output.count("错误：") == 1, result.output


def test_no_cascade_from_a_broken_applies_to(make_data, cli):
    make_data(phase("applies_to: [school]", "applies_to: [schol]"))
    result = cli("check")
    assert "不适用于该类别" not in result.output
    assert result.output.count("错误：") == 1, result.output


def test_check_reports_every_problem_in_every_file_sorted(make_data, cli):
    broken_phase2 = PHASE.replace("phase: 1", "phase: 2").replace("due: 2022-01-10", "due: 2022-02-30")
    make_data({
        "units.yaml": UNITS.replace("    category: office", "    category: offce")
                           .replace("  - id: 三中", "  - id: 0101"),
        "phases/phase1.yaml": PHASE.replace("一中: 2022-01-09", "一中: 2022/01/09")
                                   .replace("title: 清单报送", "title: 清单报送\n    titel: x"),
        "phases/phase2.yaml": broken_phase2,
    })
    result = cli("check")
    assert result.exit_code == 1
    heads = [line.split(": ", 1)[0] for line in result.output.splitlines()
             if re.match(r"^\S+:\d+:\d+: ", line)]
    assert heads == [f"{P1}:12:5", f"{P1}:16:9", f"{P2}:9:10", f"{U}:12:9", f"{U}:16:15"]
    assert "共 4 个错误，1 个警告。" in result.output


# --- warnings ---------------------------------------------------------------------------------

WARNINGS = [
    ("applies-to", phase("applies_to: [school]", "applies-to: [school]"), f"{P1}:8:5",
     ["不认识的字段“applies-to”，它会被忽略。是不是“applies_to”？", "改成“applies_to”"]),
    ("catagory", units("    category: school\n    aliases", "    category: school\n"
                                                           "    catagory: school\n    aliases"),
     f"{U}:7:5", ["不认识的字段“catagory”", "是不是“category”？"]),
    ("top-level-typo", {"units.yaml": UNITS + "catagories: {}\n"}, f"{U}:18:1",
     ["不认识的字段“catagories”", "是不是“categories”？"]),
    ("before-start", phase("一中: 2022-01-09", "一中: 2021-12-30"), f"{P1}:15:5",
     ["报送日期 2021-12-30 早于本阶段开始日期 2022-01-01"]),
    ("after-as-of", phase("一中: 2022-01-15", "一中: 2022-03-15"), f"{P1}:18:5",
     ["报送日期 2022-03-15 晚于统计日期 2022-01-24"]),
    ("no-tasks", {"phases/phase2.yaml": "phase: 2\ntitle: 第二阶段\nstart: 2022-02-01\n"
                                        "end: 2022-02-28\ntasks: []\n"},
     "data/phases/phase2.yaml:5:8", ["本阶段还没有任何任务", "在 tasks 下添加任务"]),
]


@pytest.mark.parametrize("files,where,words", [c[1:] for c in WARNINGS], ids=[c[0] for c in WARNINGS])
def test_warnings_do_not_fail_unless_strict(make_data, cli, files, where, words):
    make_data(files)
    result = cli("check", "--as-of", "2022-01-24")
    assert result.exit_code == 0, result.output
    found = block(result.output, where, "警告")
    for word in words:
        assert word in found, f"{word!r} not in:\n{found}"
    assert "？。" not in result.output
    assert "数据无误" in result.output
    strict = cli("check", "--as-of", "2022-01-24", "--strict")
    assert strict.exit_code == 1
    block(strict.output, where, "警告")


def test_missing_field_with_misspelled_key_says_both(make_data, cli):
    make_data(units("    category: office", "    catagory: office"))
    result = cli("check")
    assert result.exit_code == 1
    assert "单位缺少必填项“category”" in block(result.output, f"{U}:15:5")
    assert "是不是“category”？" in block(result.output, f"{U}:16:5", "警告")


# --- files and folders --------------------------------------------------------------------------

def test_missing_units_file_with_data_option(make_data, cli):
    make_data({"units.yaml": None})
    result = cli("check", "--data", "data")
    assert result.exit_code == 1
    assert "data/units.yaml: 错误：缺少文件 data/units.yaml。" in result.output
    assert "units.yaml" in result.output


def test_missing_units_file_found_upward(make_data, cli):
    make_data({"units.yaml": None})
    result = cli("status")
    assert result.exit_code == 1
    assert "找不到数据目录" in result.output and "--data" in result.output


def test_data_option_not_a_folder(make_data, cli):
    make_data()
    result = cli("check", "--data", "nowhere")
    assert result.exit_code == 1
    assert "数据目录“nowhere”不存在或不是文件夹" in result.output


def test_gbk_file_says_encoding_and_how_to_resave(make_data, cli):
    data = make_data()
    (data / "phases" / "phase1.yaml").write_bytes(PHASE.encode("gbk"))
    result = cli("check")
    assert result.exit_code == 1
    found = block(result.output, f"{P1}:2:8")
    assert "文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码" in found
    assert "另存为" in found and "UTF-8" in found


def test_utf16_file(make_data, cli):
    data = make_data()
    (data / "units.yaml").write_bytes(UNITS.encode("utf-16"))
    result = cli("check")
    assert result.exit_code == 1
    assert f"{U}: 错误：文件不是 UTF-8 编码（看起来是 UTF-16" in result.output


def test_binary_file(make_data, cli):
    data = make_data()
    (data / "phases" / "phase2.yaml").write_bytes(b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
    result = cli("check")
    assert result.exit_code == 1
    assert "这不是文本文件（含有二进制内容）" in block(result.output, f"{P2}:1:1")


def test_directory_where_a_file_belongs(make_data, cli):
    data = make_data()
    (data / "phases" / "phase2.yaml").mkdir()
    result = cli("check")
    assert result.exit_code == 1
    assert f"{P2}: 错误：“{P2}”是一个文件夹，这里需要的是文件。" in result.output


def test_units_file_is_a_directory(make_data, cli):
    data = make_data({"units.yaml": None})
    (data / "units.yaml").mkdir()
    result = cli("check", "--data", "data")
    assert result.exit_code == 1
    assert f"“{U}”是一个文件夹" in result.output


def test_unreadable_file(make_data, cli, monkeypatch):
    data = make_data()
    path = data / "phases" / "phase1.yaml"
    if sys.platform == "win32" or os.geteuid() == 0:
        # chmod 000 denies nothing to root (CI) nor on Windows: the system's refusal is
        # simulated where the file is read, for this one file
        real = Path.read_bytes

        def denied(self: Path) -> bytes:
            if self.name == path.name:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", denied)
    path.chmod(0)
    try:
        result = cli("check")
    finally:
        path.chmod(0o644)
    assert result.exit_code == 1
    assert f"{P1}: 错误：无法读取文件：没有读取权限。" in result.output


def test_conflict_markers_reported_at_each_marker(make_data, cli):
    make_data(CASES[[c[0] for c in CASES].index("conflict-markers")][1])
    result = cli("check")
    for line, marker in ((12, "<<<<<<<"), (14, "======="), (16, ">>>>>>>")):
        assert f"“{marker}”" in block(result.output, f"{U}:{line}:1")


# --- accepted silently ----------------------------------------------------------------------------

def test_bom_and_crlf_are_accepted_with_identical_results(make_data, cli):
    data = make_data()
    plain = cli("status", "--phase", "1", "--as-of", "2022-01-24", "--json")
    assert plain.exit_code == 0, plain.output
    for name, text in (("units.yaml", UNITS), ("phases/phase1.yaml", PHASE)):
        (data / name).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    windows = cli("status", "--phase", "1", "--as-of", "2022-01-24", "--json")
    assert windows.exit_code == 0, windows.output
    assert json.loads(windows.stdout) == json.loads(plain.stdout)
    assert windows.output == plain.output
    assert cli("check").output == cli("check").output and cli("check").exit_code == 0


def test_fullwidth_punctuation_inside_text_is_fine(make_data, cli):
    """Full-width marks are ordinary Chinese inside titles and notes: no complaint."""
    make_data(phase("title: 清单报送", "title: 第一阶段“三个清单”制定、报送：说明，备注　全角"))
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "警告" not in result.output


def test_quoted_numbers_are_fine_as_ids(make_data, cli):
    make_data(units("  - id: 二中", '  - id: "2"'))
    result = cli("check")
    assert "“2”" not in result.output
    assert "名册中没有单位“二中”" in result.output  # the records still name 二中


# --- hostile YAML: structural guarantees, no timing -------------------------------------------

def test_aliases_are_refused_before_anything_expands(monkeypatch):
    """The composer links an alias to the same node object; the walk refuses the second visit,
    so a billion-laughs file is never expanded: the walk touches each node once."""
    from nengli.read import Text

    text = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(20))
    visits = 0
    real = parse.FileParser.check_node

    def counting(self, node):
        nonlocal visits
        visits += 1
        return real(self, node)

    monkeypatch.setattr(parse.FileParser, "check_node", counting)
    p = parse.FileParser(Text(Path("x.yaml"), "x.yaml", text))
    assert p.compose() is None  # refused as a whole
    assert [pr.code for pr in p.problems] == ["alias"]
    assert visits == 0  # nothing was read from the refused file


def test_tags_are_never_constructed(make_data, cli, tmp_path):
    marker = tmp_path / "pwned"
    make_data({"phases/phase1.yaml": PHASE + f"notice: !!python/object/apply:os.system "
                                             f"['touch {marker}']\n"})
    result = cli("report", "--phase", "1")
    assert result.exit_code == 1
    assert not marker.exists()


# --- docs/errors.md ---------------------------------------------------------------------------

def test_every_message_has_an_example():
    from nengli.messages import EXAMPLES, MESSAGES

    missing = [code for code in MESSAGES if not EXAMPLES.get(code)]
    assert not missing, f"add an example to EXAMPLES in messages.py for {missing}"
    assert not set(EXAMPLES) - set(MESSAGES)


def test_docs_errors_md_is_generated_from_the_messages():
    from conftest import ROOT
    from nengli.messages import render_table

    committed = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert committed == render_table(), "regenerate: python -m nengli.messages > docs/errors.md"


def test_docs_sample_is_what_check_prints(make_data, cli):
    from nengli.messages import render_table

    doc = render_table()
    sample = doc.split("```text\n", 1)[1].split("```", 1)[0]
    make_data(phase("    due: 2022-01-20", "    due：2022-01-20"))
    result = cli("check")
    assert sample in result.output


def test_a_very_long_line_is_shown_around_the_column(make_data, cli):
    make_data({"phases/phase1.yaml": PHASE + "notice: " + "[" * 3000 + "]" * 3000 + "\n"})
    result = cli("check")
    assert result.exit_code == 1
    found = block(result.output, f"{P1}:20:1008")
    assert "嵌套层次过深" in found
    excerpt, caret = found.splitlines()[1:3]
    assert len(excerpt) < 100 and excerpt.startswith("  20 | …[[[") and excerpt.endswith("…")
    # column 1008 is shown 41 characters into the window (after "…"), under the same "["
    assert caret.index("^") == len("  20 | ") + 41 and excerpt[len("  20 | ") + 41] == "["


def test_the_caret_stands_under_the_column_in_the_terminals_cells():
    """The caret is placed in the cells a terminal gives the characters before the column: two
    for a Chinese character or a full-width mark, one for a half-width katakana, none for a
    combining accent (the same measure as the tables)."""
    from nengli.model import Problem, Source
    from nengli.problems import format_problem

    line = "  学校：ｶﾅe\u0301 x\n"  # 学校： = 6 cells, ｶﾅ = 2, é = 1, space = 1
    shown = format_problem(Problem(Source("data/units.yaml", 3, 11), "错", excerpt=line))
    excerpt, caret = shown.splitlines()[1:3]
    assert excerpt == "  3 |   学校：ｶﾅe\u0301 x"
    assert caret == "    |             ^"  # under the x: 2 + 6 + 2 + 1 + 1 = 12 cells in


# --- notice.team: a shape the template relies on -----------------------------------------------

TEAM = """\
notice:
  team:
    - role: 组长
      members: [郝海涛　主任]
    - role: 副组长
    - role: 成员
      member: [贾立峰　科员]
"""


def test_a_team_role_without_members_is_a_data_error_not_a_template_error(make_data, cli):
    # before, check passed and report blamed nengli's own template ("members" misspelt there)
    make_data({"phases/phase1.yaml": PHASE + TEAM})
    first = len(PHASE.splitlines()) + 1  # the line of "notice:"
    result = cli("check")
    assert result.exit_code == 1, result.output
    found = block(result.output, f"{P1}:{first + 4}:7")
    assert "督导组名单的一项缺少必填项“members”" in found
    assert "请补上一行，例如：members: [某某　职务]" in found
    assert "不认识的字段“member”，它会被忽略。是不是“members”？" in block(
        result.output, f"{P1}:{first + 6}:7", "警告")
    report = cli("report", "--phase", "1")
    assert report.exit_code == 1
    assert "模板" not in report.output
    assert f"{P1}:{first + 4}:7" in report.output


def test_a_team_member_written_alone_is_a_list_of_one(make_data, cli):
    make_data({"phases/phase1.yaml": PHASE + "notice:\n  team:\n    - role: 组长\n"
                                             "      members: 郝海涛　主任\n"})
    result = cli("report", "--phase", "1", "--date", "2022-01-24")
    assert result.exit_code == 0, result.output
    # one line for the one member, not a line per character
    assert "组　长：郝海涛　主任\n" in result.stdout
    assert "\n郝\n" not in result.stdout


def test_a_team_that_is_not_a_list_is_located(make_data, cli):
    make_data({"phases/phase1.yaml": PHASE + "notice:\n  team: 郝海涛\n"})
    first = len(PHASE.splitlines()) + 1
    result = cli("check")
    assert result.exit_code == 1
    assert "notice 的 team应当是列表" in block(result.output, f"{P1}:{first + 1}:9")
