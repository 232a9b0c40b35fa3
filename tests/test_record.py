"""nengli record: exact line edits of the phase file, refusals that leave it byte-identical."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from gitutil import added_removed, isolate_git, make_repo
from nengli.lineedit import Entry, scalar, set_record, set_records
from nengli.load import load

PHASE_FILE = "data/phases/phase1.yaml"

COMMENTED = """\
# 第一阶段   （注释要原样保留）

phase: 1
title: "第一阶段"          # 引号也保留
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

records:
  # 动员会
  meet:
    一中: 2022-01-09    # 现场
    二中: {date: 2022-01-12, note: 逾期补报}

  list:
    一中: 2022-01-15
    办公室: {exempt: 经批准暂缓}   # 经批准
notice:
  title: 督导通报
"""


@pytest.fixture
def repo(make_data, monkeypatch, tmp_path):
    """The small campaign of conftest, as a git repository."""
    isolate_git(monkeypatch)

    def make(files: dict[str, str] | None = None) -> Path:
        make_data(files)
        return make_repo(tmp_path)

    return make


def read(path: str = PHASE_FILE) -> bytes:
    return Path(path).read_bytes()


def test_record_adds_one_line_in_roster_order(repo, cli):
    root = repo()
    result = cli("record", "list", "三中", "--date", "2022-01-18")
    assert result.exit_code == 0, result.output
    assert "已登记：三中 “清单报送” 2022-01-18。" in result.output
    assert "已写入 data/phases/phase1.yaml。" in result.output
    assert added_removed(root) == (["    三中: 2022-01-18"], [])
    lines = read().decode().splitlines()
    # between 一中 and 办公室: the roster's order, not the end of the task
    i = lines.index("    三中: 2022-01-18")
    assert lines[i - 1] == "    一中: 2022-01-15" and lines[i + 1].startswith("    办公室:")


def test_comments_quotes_and_blank_lines_survive(repo, cli):
    root = repo({"phases/phase1.yaml": COMMENTED})
    before = read().decode()
    result = cli("record", "meet", "三中", "--date", "2022-01-11", "--note", "线上召开")
    assert result.exit_code == 0, result.output
    after = read().decode()
    new = "    三中: {date: 2022-01-11, note: 线上召开}\n"
    anchor = "    二中: {date: 2022-01-12, note: 逾期补报}\n"
    assert after == before.replace(anchor, anchor + new)
    assert added_removed(root) == ([new.rstrip("\n")], [])


def test_alias_writes_the_canonical_id(repo, cli):
    root = repo()
    result = cli("record", "清单报送", "二中", "第一中学", "--date", "2022-01-19", "--force")
    assert result.exit_code == 0, result.output
    added, removed = added_removed(root)
    assert added == ["    一中: 2022-01-19", "    二中: 2022-01-19"]
    assert removed == ["    一中: 2022-01-15"]
    assert "第一中学" not in read().decode()


def test_same_record_again_is_a_no_op(repo, cli):
    repo()
    before = read()
    result = cli("record", "meet", "二中", "--date", "2022-01-12", "--note", "逾期补报")
    assert result.exit_code == 0, result.output
    assert "无需修改：二中 在“动员部署会召开”下已登记为 2022-01-12（备注：逾期补报）。" in result.output
    assert read() == before


def test_changing_a_record_needs_force_and_keeps_the_comment(repo, cli):
    root = repo({"phases/phase1.yaml": COMMENTED})
    before = read()
    result = cli("record", "meet", "一中", "--date", "2022-01-08")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:20:5: 错误：单位“一中”在任务“动员部署会召开”下已登记为 2022-01-09，" \
           "与这次的 2022-01-08 不同。" in result.output
    assert "--force" in result.output
    assert read() == before
    result = cli("record", "meet", "一中", "--date", "2022-01-08", "--force")
    assert result.exit_code == 0, result.output
    assert "已修改：一中 “动员部署会召开” 2022-01-09 → 2022-01-08。" in result.output
    assert added_removed(root) == (["    一中: 2022-01-08    # 现场"], ["    一中: 2022-01-09    # 现场"])


def test_failed_validation_leaves_the_file_byte_identical(repo, cli):
    repo()
    before = read()
    # 办公室 is an office; the meeting applies to schools only: the edited data would be invalid
    result = cli("record", "meet", "办公室", "--date", "2022-01-09")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:17:5: 错误：单位“办公室”属于“局机关处室”，任务“动员部署会召开”不适用于该类别。" \
        in result.output
    assert "这次登记会使数据出现下列错误，因此没有写入，文件未修改。" in result.output
    assert read() == before


def test_invalid_data_before_is_refused(repo, cli):
    repo({"units.yaml": "categories:\n  school: {name: 学校}\nunits:\n  - id: 一中\n    category: shcool\n"})
    before = read()
    result = cli("record", "meet", "一中")
    assert result.exit_code == 1
    assert "data/units.yaml:5:15: 错误：类别“shcool”没有在 units.yaml 的 categories 中定义" in result.output
    assert "数据中已有下列错误，先改正后才能登记。" in result.output
    assert read() == before


def test_bom_and_crlf_are_kept(repo, cli):
    repo()
    path = Path(PHASE_FILE)
    crlf = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(crlf)
    result = cli("record", "list", "三中", "--date", "2022-01-18")
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    anchor = "    一中: 2022-01-15\r\n".encode()
    assert after == crlf.replace(anchor, anchor + "    三中: 2022-01-18\r\n".encode())


def test_dry_run_prints_the_diff_and_writes_nothing(repo, cli):
    repo()
    before = read()
    result = cli("record", "list", "三中", "--date", "2022-01-18", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "--- a/data/phases/phase1.yaml\n+++ b/data/phases/phase1.yaml\n" in result.output
    assert "\n+    三中: 2022-01-18\n" in result.output
    assert "文件未改动" in result.output
    assert read() == before


def test_unknown_unit_and_task_are_usage_errors(repo, cli):
    repo()
    before = read()
    result = cli("record", "list", "四中")
    assert result.exit_code == 2
    assert "用法错误：名册中没有单位“四中”" in result.output
    result = cli("record", "lsit", "一中")
    assert result.exit_code == 2
    assert "用法错误：没有任务“lsit”，是不是“list”？" in result.output
    result = cli("record", "list", "一中", "--date", "2022-01-18", "--exempt", "暂缓")
    assert result.exit_code == 2
    assert "--exempt 与 --date 不能同时使用" in result.output
    result = cli("record", "list", "一中", "--date", "1月18日")
    assert result.exit_code == 2
    assert read() == before


def test_exempt_and_quoted_note(repo, cli, tmp_path):
    repo()
    result = cli("record", "meet", "三中", "--exempt", "学校迁建，经批准暂缓")
    assert result.exit_code == 0, result.output
    result = cli("record", "list", "二中", "--date", "2022-01-19", "--note", "补报: 见附件 #2")
    assert result.exit_code == 0, result.output
    text = read().decode()
    assert "    三中: {exempt: 学校迁建，经批准暂缓}\n" in text
    assert '    二中: {date: 2022-01-19, note: "补报: 见附件 #2"}\n' in text
    campaign, problems = load(tmp_path / "data")
    records = {(r.task, r.unit): r for r in campaign.phases[0].records}
    assert records[("list", "二中")].note == "补报: 见附件 #2"
    assert records[("meet", "三中")].exempt == "学校迁建，经批准暂缓"


@pytest.mark.parametrize("phase, expected", [
    # no records at all: the block goes after the tasks
    ("records:\n", "records:\n  list:\n    三中: 2022-01-18\n"),
    ("records: ~   # 还没有登记\n", "records:   # 还没有登记\n  list:\n    三中: 2022-01-18\n"),
    ("records:\n  meet:\n    一中: 2022-01-09\n",
     "records:\n  meet:\n    一中: 2022-01-09\n  list:\n    三中: 2022-01-18\n"),
    ("records:\n  list: {}\n  meet:\n    一中: 2022-01-09\n",
     "records:\n  list:\n    三中: 2022-01-18\n  meet:\n    一中: 2022-01-09\n"),
])
def test_new_task_blocks(repo, cli, phase, expected):
    head = "phase: 1\ntitle: 第一阶段\nstart: 2022-01-01\nend: 2022-01-31\ntasks:\n" \
           "  - id: meet\n    title: 动员部署会召开\n    applies_to: [school]\n    due: 2022-01-10\n" \
           "  - id: list\n    title: 清单报送\n    due: 2022-01-20\n"
    repo({"phases/phase1.yaml": head + phase})
    result = cli("record", "list", "三中", "--date", "2022-01-18")
    assert result.exit_code == 0, result.output
    assert read().decode() == head + expected


def test_records_missing_entirely_go_after_the_tasks(repo, cli):
    head = "phase: 1\ntitle: 第一阶段\nstart: 2022-01-01\nend: 2022-01-31\ntasks:\n" \
           "  - id: list\n    title: 清单报送\n    due: 2022-01-20\n"
    tail = "\nnotice:\n  title: 督导通报\n"
    repo({"phases/phase1.yaml": head + tail})
    result = cli("record", "list", "二中", "--date", "2022-01-18")
    assert result.exit_code == 0, result.output
    assert read().decode() == head + "\nrecords:\n  list:\n    二中: 2022-01-18\n" + tail


def test_flow_style_task_is_refused_with_a_hint(repo, cli):
    phase = COMMENTED.replace("  list:\n    一中: 2022-01-15\n    办公室: {exempt: 经批准暂缓}   # 经批准\n",
                              "  list: {一中: 2022-01-15}\n")
    repo({"phases/phase1.yaml": phase})
    before = read()
    result = cli("record", "list", "二中", "--date", "2022-01-18")
    assert result.exit_code == 1
    assert "任务“list”的登记写在一行的花括号里" in result.output
    assert read() == before


def test_scalar_quotes_what_yaml_would_misread():
    assert scalar("逾期补报") == "逾期补报"
    assert scalar("yes") == '"yes"'
    assert scalar("0101") == '"0101"'
    assert scalar("a: b") == '"a: b"'
    assert scalar("") == '""'
    assert scalar('说"明"') == '"说\\"明\\""'


def test_set_record_is_pure_text_in_text_out():
    text = "phase: 1\ntasks:\n  - id: t\nrecords:\n  t:\n    b: 2022-01-02\n"
    out = set_record(text, "t", "a", Entry(dt.date(2022, 1, 1)), resolve={"a": "a", "b": "b"},
                     order={"a": 0, "b": 1}, tasks=["t"])
    assert out == "phase: 1\ntasks:\n  - id: t\nrecords:\n  t:\n    a: 2022-01-01\n    b: 2022-01-02\n"


ROSTER = "categories:\n  school: {name: 学校, counter: 所}\nunits:\n" + "".join(
    f"  - id: 校{i:02d}\n    category: school\n" for i in range(1, 13))


@pytest.mark.slow
def test_concurrent_records_from_several_processes_all_land(repo, tmp_path):
    repo({"units.yaml": ROSTER,
          "phases/phase1.yaml": "phase: 1\ntitle: 第一阶段\nstart: 2022-01-01\nend: 2022-01-31\n"
                                "tasks:\n  - id: t\n    title: 任务\n    due: 2022-01-20\n"
                                "records:\n  t:\n    校01: 2022-01-02\n"})
    procs = [subprocess.Popen([sys.executable, "-m", "nengli", "record", "t", f"校{i:02d}",
                               "--date", f"2022-01-{i:02d}"], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for i in range(2, 12)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode("utf-8", "replace")
    campaign, problems = load(tmp_path / "data")
    assert not [p for p in problems if p.is_error]
    got = {r.unit: r.date for r in campaign.phases[0].records}
    assert got == {f"校{i:02d}": dt.date(2022, 1, i if i > 1 else 2) for i in range(1, 12)}
    lines = read().decode().splitlines()
    # every process put its unit in roster order, whatever order they ran in
    assert lines[-11:] == [f"    校{i:02d}: 2022-01-{(i if i > 1 else 2):02d}" for i in range(1, 12)]


def test_multi_line_records_are_replaced_whole_and_inserted_after(repo, cli):
    phase = COMMENTED.replace("    二中: {date: 2022-01-12, note: 逾期补报}\n",
                              "    二中:\n      date: 2022-01-12\n      note: 逾期补报\n")
    repo({"phases/phase1.yaml": phase})
    result = cli("record", "meet", "三中", "--date", "2022-01-13")
    assert result.exit_code == 0, result.output
    assert "      note: 逾期补报\n    三中: 2022-01-13\n\n  list:" in read().decode()
    result = cli("record", "meet", "二中", "--date", "2022-01-11", "--note", "", "--force")
    assert result.exit_code == 0, result.output
    assert read().decode() == phase.replace(
        "    二中:\n      date: 2022-01-12\n      note: 逾期补报\n",
        "    二中: 2022-01-11\n    三中: 2022-01-13\n")


BUSY = """\
# 第一阶段   （注释要原样保留）

phase: 1
title: "第一阶段"          # 引号也保留
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
      title: 创新案例
      due: 2022-01-25

records:
    # 动员会
    meet:
        二中:
            date: 2022-01-12
            note: 逾期补报   # 多行登记

    cases: ~    # 还没有

    list:
        第一中学: 2022-01-15   # 写的是别名
        办公室: {exempt: 经批准暂缓}   # 经批准
notice:
  title: 督导通报
"""
BUSY_RECORDS = [["meet", "三中", "一中", "--date", "2022-01-09"],
                ["cases", "二中", "一中", "--date", "2022-01-24", "--note", "补报: 见附件 #2"],
                ["list", "一中", "--date", "2022-01-16", "--note", "", "--force"],
                ["list", "三中", "二中", "--date", "2022-01-21"],
                ["meet", "二中", "--date", "2022-01-11", "--note", "", "--force"]]


def test_registrations_write_the_bytes_they_wrote_before_the_batch_editor(repo, cli):
    """tests/golden/record-crlf-bom.yaml was written by record as it was before registrations
    went through one load and a batch edit (each unit edited and the campaign loaded anew):
    a BOM, CRLF, comments, an alias replaced, a multi-line record, a null task, 4-space indent."""
    repo({"phases/phase1.yaml": None})
    Path(PHASE_FILE).write_bytes(b"\xef\xbb\xbf" + BUSY.replace("\n", "\r\n").encode())
    for args in BUSY_RECORDS:
        result = cli("record", *args)
        assert result.exit_code == 0, result.output
    expected = (Path(__file__).parent / "golden" / "record-crlf-bom.yaml").read_bytes()
    assert expected.startswith(b"\xef\xbb\xbf") and b"\r\n" in expected
    assert read() == expected


def test_a_batch_of_edits_is_the_same_text_as_one_edit_at_a_time():
    resolve = {"一中": "一中", "第一中学": "一中", "二中": "二中", "三中": "三中", "办公室": "办公室",
               "四中": "四中"}
    order = {"一中": 0, "二中": 1, "三中": 2, "办公室": 3, "四中": 4}
    tasks = ["meet", "list", "cases"]
    edits = [("cases", "三中", Entry(dt.date(2022, 1, 3))), ("meet", "一中", Entry(dt.date(2022, 1, 4))),
             ("list", "一中", Entry(dt.date(2022, 1, 5), "补报")), ("list", "二中", Entry(None, "", "暂缓")),
             ("meet", "三中", Entry(dt.date(2022, 1, 6))), ("cases", "一中", Entry(dt.date(2022, 1, 7))),
             ("list", "四中", Entry(dt.date(2022, 1, 8), files=(("材料/a b.docx", "0" * 64),)))]
    heads = [BUSY, BUSY.replace("\n", "\r\n"), BUSY.split("records:")[0],
             BUSY.split("records:")[0] + "records: {}\nnotice: {}\n",
             BUSY.replace("    cases: ~    # 还没有\n", ""),
             BUSY.replace("records:\n", "records:\n    list: {}\n").replace("        第一中学", "        #")]
    for text in heads:
        one_by_one = text
        for task, unit, entry in edits:
            one_by_one = set_record(one_by_one, task, unit, entry, resolve=resolve, order=order,
                                    tasks=tasks)
        assert set_records(text, edits, resolve=resolve, order=order, tasks=tasks) == one_by_one


@pytest.mark.parametrize("slip", [
    ("    一中: 2022-01-09\n", "    一中: 2022-01-08\n"),  # another unit's date changed
    ("    二中: {date: 2022-01-12, note: 逾期补报}\n", ""),  # another record lost
])
def test_an_edit_that_moves_another_record_is_never_written(make_data, cli, monkeypatch, slip):
    """After the edit, the file is read back: the new record and nothing else may differ."""
    from nengli import edit

    data = make_data()
    path = data / "phases" / "phase1.yaml"
    before = path.read_bytes()
    real = edit.set_records

    def careless(text, edits, **kwargs):  # a bug in the line editor, as a test stands it in
        return real(text, edits, **kwargs).replace(*slip)

    monkeypatch.setattr(edit, "set_records", careless)
    with pytest.raises(AssertionError, match="edit changed other records"):
        cli("record", "list", "三中", "--date", "2022-01-18")
    assert path.read_bytes() == before


@pytest.mark.parametrize("text", ["yes", "Off", "~", "null", "0101", "12", "-1.5", "1_000",
                                  "0x1F", ".inf", "12:30", "2022-01-24", "2022-1-4",
                                  "2022-01-24 10:00"])
def test_scalar_quotes_every_implicit_type_the_reader_knows(text):
    # what scalar writes unquoted must read back as text: one typing table for both sides
    assert scalar(text) == f'"{text}"'


@pytest.mark.parametrize("text", ["1.2.3版", "24中", "第2组", "v2", "2022年1月"])
def test_scalar_leaves_plain_what_reads_back_as_text(text):
    assert scalar(text) == text


def test_a_title_with_its_own_quotes_is_not_quoted_twice(tmp_path, cli, monkeypatch):
    # 第一阶段“三个清单”制定、报送 inside the confirmation's “…” and inside a message's “…”
    import shutil

    from conftest import SHIPPED

    shutil.copytree(SHIPPED, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    result = cli("record", "lists", "31中", "--date", "2022-01-21")
    assert result.exit_code == 0, result.output
    assert "已登记：31中 “第一阶段‘三个清单’制定、报送” 2022-01-21。\n" in result.stdout
    result = cli("record", "lists", "31中", "--date", "2022-01-20")
    assert result.exit_code == 1
    assert "错误：单位“31中”在任务“第一阶段‘三个清单’制定、报送”下已登记为 2022-01-21，与这次的 2022-01-20 不同。" \
        in result.output


# ---- a date that needs a second look (issue 19 #6) ----------------------------------------------

def test_no_date_in_a_phase_long_over_is_a_question_not_today(repo, cli):
    # the phase ended 2022-01-31: without --date, record would register today's date there
    repo()
    before = read()
    today = dt.date.today().isoformat()
    result = cli("record", "list", "三中")
    assert result.exit_code == 1
    assert result.output == (
        f"错误：没有写 --date，报送日期按今天 {today} 算，在第一阶段结束（2022-01-31）之后。\n"
        "  提示：请用 --date 写明实际的报送日期，例如 --date 2022-01-31；确是这一天报送的（阶段结束后补报），"
        "加 --force 再登记。本次没有修改任何文件。\n共 1 个错误，0 个警告。\n")
    assert read() == before
    # a late report after the phase's end, on purpose: --force
    result = cli("record", "list", "三中", "--date", "2022-02-03", "--force")
    assert result.exit_code == 0, result.output
    assert "已登记：三中 “清单报送” 2022-02-03。" in result.output


def test_a_date_in_the_future_is_refused_without_force(repo, cli):
    repo()
    before = read()
    today = dt.date.today().isoformat()
    result = cli("record", "list", "三中", "--date", "2099-01-01", "--dry-run")
    assert result.exit_code == 1
    assert result.output.startswith(f"错误：报送日期 2099-01-01 在今天（{today}）之后，还没有到。\n"
                                    "  提示：请检查日期，例如 --date 2022-01-31；确要登记这个日期，加 --force。")
    assert read() == before


def test_a_date_without_year_is_hinted_with_the_phase_year(repo, cli):
    repo()
    result = cli("record", "list", "三中", "--date", "3月20日")
    assert result.exit_code == 2
    assert result.output == ("用法错误：选项 --date 的日期“3月20日”无效。\n"
                             "  提示：请写成 年-月-日，例如 2022-03-20（要写上年份）。\n")
    result = cli("record", "list", "三中", "--date", "明天")
    assert result.output.endswith("例如 2022-01-20。\n")
