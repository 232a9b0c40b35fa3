"""The record-level merge of phase files: the pure function, a property test, and git's own
merge running nengli's driver in real clones."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gitutil import git, isolate_git, make_repo, set_identity
from nengli.load import load
from nengli.merge import Conflict, merge_phase
from nengli.parse import parse_phase
from nengli.read import Text

UNITS = ["一中", "二中", "三中", "四中", "五中", "六中"]
ORDER = {u: i for i, u in enumerate(UNITS)}
ROSTER = "categories:\n  school: {name: 学校, counter: 所}\nunits:\n" + "".join(
    f"  - id: {u}\n    category: school\n" for u in UNITS)
HEAD = """\
# 第一阶段的登记
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - id: list
    title: 清单报送
    due: 2022-01-20
  - id: cases
    title: 创新案例
    due: 2022-01-25
"""
BASE = HEAD + """\
records:
  list:
    一中: 2022-01-15
    三中: 2022-01-16   # 先电话报送
    五中: 2022-01-17
  cases:
    一中: {date: 2022-01-21, note: 线上}
"""


def merge(base: str, ours: str, theirs: str):
    return merge_phase(base.encode(), ours.encode(), theirs.encode(), order=ORDER)


def text_of(result) -> str:
    return result.data.decode("utf-8")


def test_neighbours_registered_on_both_sides_merge_in_roster_order():
    ours = BASE.replace("    三中", "    二中: 2022-01-21\n    三中")
    theirs = BASE.replace("    五中", "    四中: {date: 2022-01-22, note: 逾期补报}\n    五中")
    result = merge(BASE, ours, theirs)
    assert result.clean
    assert text_of(result) == BASE.replace(
        "    三中", "    二中: 2022-01-21\n    三中").replace(
        "    五中", "    四中: {date: 2022-01-22, note: 逾期补报}\n    五中")
    # the same in the other direction
    assert text_of(merge(BASE, theirs, ours)) == text_of(result)


def test_forced_change_next_to_an_insertion_keeps_one_line_per_unit():
    # git's merge=union would keep both 三中 lines: a duplicate key
    ours = BASE.replace("三中: 2022-01-16   # 先电话报送", "三中: 2022-01-18   # 先电话报送")
    theirs = BASE.replace("    三中", "    二中: 2022-01-19\n    三中")
    result = merge(BASE, ours, theirs)
    assert result.clean
    assert "    一中: 2022-01-15\n    二中: 2022-01-19\n    三中: 2022-01-18   # 先电话报送\n" \
        "    五中: 2022-01-17\n" in text_of(result)


def test_same_change_on_both_sides_is_one_change():
    both = BASE.replace("    五中", "    四中: 2022-01-20\n    五中")
    result = merge(BASE, both, both)
    assert result.clean and text_of(result) == both


def test_removal_on_one_side_and_text_edits_merge():
    ours = BASE.replace("    五中: 2022-01-17\n", "").replace("# 第一阶段的登记", "# 第一阶段的登记（已核对）")
    theirs = BASE.replace("  cases:\n", "  # 第二项任务\n  cases:\n").replace(
        "    一中: {date", "    二中: 2022-01-24\n    一中: {date")
    result = merge(BASE, ours, theirs)
    assert result.clean, text_of(result)
    out = text_of(result)
    assert out.startswith("# 第一阶段的登记（已核对）\n")
    assert "五中" not in out
    # a record one side wrote keeps the place that side gave it, out of roster order too (the
    # other side did not touch the task), whichever side is ours
    assert "  # 第二项任务\n  cases:\n    二中: 2022-01-24\n    一中: {date: 2022-01-21, note: 线上}\n" in out
    assert text_of(merge(BASE, theirs, ours)) == out


def test_a_comment_on_a_record_line_comes_from_the_side_that_wrote_it():
    ours = BASE.replace("# 先电话报送", "# 先电话报送，后补书面")
    theirs = BASE.replace("    五中", "    四中: 2022-01-20\n    五中")
    out = text_of(merge(BASE, ours, theirs))
    assert "    三中: 2022-01-16   # 先电话报送，后补书面\n    四中: 2022-01-20\n" in out


def test_records_of_a_task_new_on_both_sides_and_a_new_records_section():
    base = HEAD
    ours = HEAD + "records:\n  cases:\n    二中: 2022-01-22\n"
    theirs = HEAD + "records:\n  list:\n    四中: 2022-01-12\n"
    result = merge(base, ours, theirs)
    assert result.clean, text_of(result)
    phase, problems, _ = parse_phase(Text(Path("p.yaml"), "p.yaml", text_of(result)))
    assert not problems
    assert {(r.task, r.unit, r.date) for r in phase.records} == {
        ("cases", "二中", dt.date(2022, 1, 22)), ("list", "四中", dt.date(2022, 1, 12))}


def test_different_changes_are_a_conflict_with_markers_and_both_values():
    ours = BASE.replace("三中: 2022-01-16", "三中: 2022-01-19")
    theirs = BASE.replace("三中: 2022-01-16", "三中: {date: 2022-01-18, note: 补报}")
    result = merge(BASE, ours, theirs)
    assert not result.clean
    assert result.conflicts == [Conflict("list", "三中", "2022-01-16", "2022-01-19",
                                         "{date: 2022-01-18, note: 补报}", 16)]
    assert "    一中: 2022-01-15\n<<<<<<< ours\n    三中: 2022-01-19   # 先电话报送\n=======\n" \
           "    三中: {date: 2022-01-18, note: 补报}   # 先电话报送\n>>>>>>> theirs\n    五中" in text_of(result)


def test_removed_on_one_side_and_changed_on_the_other_is_a_conflict():
    ours = BASE.replace("    五中: 2022-01-17\n", "")
    theirs = BASE.replace("五中: 2022-01-17", "五中: 2022-01-18")
    result = merge(BASE, ours, theirs)
    assert result.conflicts == [Conflict("list", "五中", "2022-01-17", None, "2022-01-18", 17)]
    assert "<<<<<<< ours\n=======\n    五中: 2022-01-18\n>>>>>>> theirs\n" in text_of(result)


def test_text_conflict_outside_the_records_falls_to_git_markers():
    ours = BASE.replace("title: 第一阶段", "title: 第一阶段（试行）")
    theirs = BASE.replace("title: 第一阶段", "title: 第一阶段（正式）").replace(
        "    五中", "    四中: 2022-01-20\n    五中")
    result = merge(BASE, ours, theirs)
    assert result.text_conflicts == 1 and not result.conflicts
    out = text_of(result)
    assert "<<<<<<< ours\ntitle: 第一阶段（试行）\n=======\ntitle: 第一阶段（正式）\n>>>>>>> theirs\n" in out
    assert "    四中: 2022-01-20\n" in out  # the records merged all the same


def test_crlf_and_bom_are_kept():
    crlf = lambda s: ("\ufeff" + s.replace("\n", "\r\n"))  # noqa: E731
    ours = BASE.replace("    三中", "    二中: 2022-01-21\n    三中")
    theirs = BASE.replace("    五中", "    四中: 2022-01-22\n    五中")
    result = merge(crlf(BASE), crlf(ours), crlf(theirs))
    assert result.clean
    assert text_of(result) == crlf(BASE.replace("    三中", "    二中: 2022-01-21\n    三中")
                                   .replace("    五中", "    四中: 2022-01-22\n    五中"))


def test_unreadable_version_is_merged_by_lines():
    ours = BASE.replace("  list:\n", "  list: {一中: 2022-01-15}\n  list2:\n")
    theirs = BASE.replace("end: 2022-01-31", "end: 2022-02-28")
    result = merge(BASE, ours, theirs)
    assert result.clean and "end: 2022-02-28" in text_of(result) and "list: {" in text_of(result)


# ---- the property: records merge three-way, the file stays loadable ---------------------------

VALUES = [None, "2022-01-12", "2022-01-19", "{date: 2022-01-22, note: 逾期补报}", "{exempt: 经批准暂缓}"]
KEYS = [(t, u) for t in ("list", "cases") for u in UNITS]
records_st = st.fixed_dictionaries({k: st.sampled_from(VALUES) for k in KEYS})
edits_st = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(VALUES), max_size=5)


def render(records: dict, head: str = HEAD, comment: bool = False) -> str:
    out = [head, "records:\n"]
    for task in ("list", "cases"):
        lines = [f"    {u}: {records[(task, u)]}\n" for u in UNITS if records[(task, u)]]
        if lines:
            out.append(f"  {task}:\n")
            out.extend(lines)
    if comment:
        out.append("# 登记到此为止\n")
    return "".join(out)


def records_of(text: str) -> dict:
    phase, problems, _ = parse_phase(Text(Path("p.yaml"), "p.yaml", text))
    assert phase is not None and not [p for p in problems if p.is_error], problems
    out = {}
    for r in phase.records:
        if r.exempt is not None:
            out[(r.task, r.unit)] = "{exempt: " + r.exempt + "}"
        elif r.note:
            out[(r.task, r.unit)] = "{date: " + r.date.isoformat() + ", note: " + r.note + "}"
        else:
            out[(r.task, r.unit)] = r.date.isoformat()
    return out


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("merge") / "data"
    (data / "phases").mkdir(parents=True)
    (data / "units.yaml").write_text(ROSTER, encoding="utf-8")
    (data / "phases" / "phase1.yaml").write_text(render({k: None for k in KEYS}), encoding="utf-8")
    return data


@pytest.mark.slow
@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=records_st, ours_edits=edits_st, theirs_edits=edits_st, comment=st.booleans())
def test_property_records_merge_three_way(data_dir, base, ours_edits, theirs_edits, comment):
    ours, theirs = {**base, **ours_edits}, {**base, **theirs_edits}
    head_theirs = HEAD.replace("# 第一阶段的登记", "# 第一阶段的登记（同事改）")
    result = merge(render(base), render(ours, comment=comment), render(theirs, head_theirs))
    expected, conflicts = {}, set()
    for k in KEYS:
        b, o, t = base[k], ours[k], theirs[k]
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        else:
            conflicts.add(k)
            continue
        if value:
            expected[k] = value
    assert {(c.task, c.unit) for c in result.conflicts} == conflicts
    assert result.text_conflicts == 0
    text = text_of(result)
    assert text.count("<<<<<<< ours\n") == len(conflicts)
    # each side of every conflict, taken whole, is a readable file with every other record
    # merged: a conflict does not stop the merge of the rest
    for side, values in (("ours", ours), ("theirs", theirs)):
        taken = {**expected, **{k: values[k] for k in conflicts if values[k]}}
        assert records_of(take(text, side)) == taken, side
    if conflicts:
        return
    assert text.startswith("# 第一阶段的登记（同事改）\n")
    assert text.endswith("# 登记到此为止\n") == comment
    assert records_of(text) == expected
    path = data_dir / "phases" / "phase1.yaml"
    campaign, problems = load(data_dir, dt.date(2022, 1, 31), replace={path: result.data})
    assert campaign is not None and not [p for p in problems if p.is_error], problems


def take(text: str, side: str) -> str:
    """``text`` with each conflict settled by taking ``side`` ("ours" or "theirs") whole."""
    out, keep = [], True
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<< "):
            keep = side == "ours"
        elif line == "=======\n":
            keep = side == "theirs"
        elif line.startswith(">>>>>>> "):
            keep = True
        elif keep:
            out.append(line)
    return "".join(out)


# ---- git runs the driver ----------------------------------------------------------------------

PHASE_FILE = "data/phases/phase1.yaml"


@pytest.fixture
def clones(make_data, monkeypatch, tmp_path):
    """A bare remote with the campaign, and two clones 甲 and 乙 in which nengli has run once."""
    isolate_git(monkeypatch)
    make_data({"units.yaml": ROSTER, "phases/phase1.yaml": BASE})
    (tmp_path / ".gitignore").write_text("*.lock\n", encoding="utf-8")
    (tmp_path / ".gitattributes").write_text(
        "data/units.yaml merge=nengli\ndata/phases/*.yaml merge=nengli\n", encoding="utf-8")
    make_repo(tmp_path)
    remote = tmp_path.parent / f"{tmp_path.name}-remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(tmp_path), str(remote))
    out = []
    for name in ("甲", "乙"):
        clone = tmp_path.parent / f"{tmp_path.name}-{name}"
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        set_identity(clone, f"{name}同事", f"{name}@example.com")
        out.append(clone)
    return out


@pytest.mark.slow
def test_git_pull_merges_neighbouring_registrations_with_the_driver(clones, cli, monkeypatch):
    a, b = clones
    monkeypatch.chdir(a)
    assert cli("record", "list", "二中", "--date", "2022-01-21", "--commit").exit_code == 0
    git(a, "push", "-q", "origin", "main")
    monkeypatch.chdir(b)
    assert cli("record", "list", "三中", "--date", "2022-01-18", "--force", "--commit").exit_code == 0
    assert cli("record", "list", "四中", "--date", "2022-01-22", "--commit").exit_code == 0
    # nengli registered its driver in the clone; a plain git pull (TortoiseGit, VS Code) uses it
    assert "merge-driver %O %A %B %P" in git(b, "config", "merge.nengli.driver")
    git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert git(b, "status", "--porcelain") == ""
    assert (b / PHASE_FILE).read_text(encoding="utf-8").endswith(
        "  list:\n    一中: 2022-01-15\n    二中: 2022-01-21\n    三中: 2022-01-18   # 先电话报送\n"
        "    四中: 2022-01-22\n    五中: 2022-01-17\n  cases:\n    一中: {date: 2022-01-21, note: 线上}\n")
    assert cli("check").exit_code == 0


@pytest.mark.slow
def test_git_pull_with_a_true_conflict_stops_with_markers_nengli_check_explains(clones, cli,
                                                                                monkeypatch):
    a, b = clones
    monkeypatch.chdir(a)
    assert cli("record", "list", "三中", "--date", "2022-01-18", "--force", "--commit").exit_code == 0
    git(a, "push", "-q", "origin", "main")
    monkeypatch.chdir(b)
    assert cli("record", "list", "三中", "--date", "2022-01-19", "--force", "--commit").exit_code == 0
    pulled = subprocess.run(["git", "pull", "--no-rebase", "--no-edit", "origin", "main"], cwd=b,
                            capture_output=True, encoding="utf-8")
    assert "CONFLICT" in pulled.stdout
    # the driver says which registrations differ, and what to type
    assert f"错误：{PHASE_FILE}：单位“三中”在任务“list”下，本地登记为 2022-01-19，对方登记为 2022-01-18，" \
        "无法自动合并。\n  提示：请运行 git merge --abort 取消这次合并，再运行 nengli sync" in pulled.stderr
    assert "<<<<<<< ours\n    三中: 2022-01-19" in (b / PHASE_FILE).read_text(encoding="utf-8")
    for command in ("check", "status"):
        result = cli(command)
        assert result.exit_code == 1
        assert result.output.startswith(
            f"{PHASE_FILE}:16:1: 错误：git 的合并还没有完成：{PHASE_FILE} 中还有冲突没有解决，"
            "文件中可能只有一方的内容，nengli 不读取这样的数据。\n  16 | <<<<<<< ours\n")
        assert "  提示：要放弃这次合并、回到之前的状态，运行 git merge --abort，然后运行 nengli sync；" \
            in result.output


# ---- a driver that cannot start never hides the colleague's side ------------------------------

def _neighbouring_registrations(a: Path, b: Path, cli, monkeypatch) -> None:
    """甲 registers 二中 and pushes; 乙 changes 三中 and registers 四中: one hunk for a line merge."""
    monkeypatch.chdir(a)
    assert cli("record", "list", "二中", "--date", "2022-01-21", "--commit").exit_code == 0
    git(a, "push", "-q", "origin", "main")
    monkeypatch.chdir(b)
    assert cli("record", "list", "三中", "--date", "2022-01-18", "--force", "--commit").exit_code == 0
    assert cli("record", "list", "四中", "--date", "2022-01-22", "--commit").exit_code == 0


def _venv_moved(clone: Path) -> None:
    """The interpreter registered in the clone is gone (the venv was moved or rebuilt)."""
    config = clone / ".git" / "config"
    text = config.read_text(encoding="utf-8")
    exe = Path(sys.executable).as_posix()
    assert text.count(exe) == 2
    config.write_text(text.replace(exe, "/搬走了/venv/bin/python"), encoding="utf-8")


@pytest.mark.slow
def test_a_driver_whose_python_is_gone_leaves_git_markers_and_nengli_refuses(clones, cli,
                                                                              monkeypatch):
    a, b = clones
    _neighbouring_registrations(a, b, cli, monkeypatch)
    _venv_moved(b)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # no nengli on PATH either
    pulled = subprocess.run(["git", "pull", "--no-rebase", "--no-edit", "origin", "main"], cwd=b,
                            capture_output=True, encoding="utf-8")
    assert pulled.returncode == 1 and "CONFLICT (content): Merge conflict in data/phases/phase1.yaml" \
        in pulled.stdout
    assert "nengli：找不到可以运行的 nengli，以下文件按 git 的方式逐行合并（有冲突时留下冲突标记）；" \
        "请在这个仓库中运行 nengli setup： data/phases/phase1.yaml\n" in pulled.stderr
    assert "not found" not in pulled.stderr  # no English from sh about the missing python
    text = (b / PHASE_FILE).read_text(encoding="utf-8")
    # git's own markers: the colleague's 二中 is in the file, beside this clone's lines
    assert "<<<<<<< ours\n    三中: 2022-01-18   # 先电话报送\n    四中: 2022-01-22\n=======\n" \
        "    二中: 2022-01-21\n    三中: 2022-01-16   # 先电话报送\n>>>>>>> theirs\n" in text
    for command in ("check", "status"):
        result = cli(command)
        assert result.exit_code == 1, result.output
        assert result.output.startswith(
            f"{PHASE_FILE}:16:1: 错误：git 的合并还没有完成：{PHASE_FILE} 中还有冲突没有解决，"
            "文件中可能只有一方的内容，nengli 不读取这样的数据。\n  16 | <<<<<<< ours\n")
    # recording on top of the unfinished merge is refused too, with the same one message
    result = cli("record", "list", "五中", "--date", "2022-01-23", "--force")
    assert result.exit_code == 1
    assert result.output.count("错误：") == 1 and "git merge --abort" in result.output


@pytest.mark.slow
def test_a_driver_whose_python_is_gone_runs_the_nengli_on_path(clones, cli, monkeypatch, tmp_path):
    a, b = clones
    _neighbouring_registrations(a, b, cli, monkeypatch)
    _venv_moved(b)
    bin_dir = tmp_path / "新的venv"
    bin_dir.mkdir()
    launcher = bin_dir / "nengli"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m nengli "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    pulled = subprocess.run(["git", "pull", "--no-rebase", "--no-edit", "origin", "main"], cwd=b,
                            capture_output=True, encoding="utf-8")
    assert pulled.returncode == 0, pulled.stderr
    assert (b / PHASE_FILE).read_text(encoding="utf-8").endswith(
        "  list:\n    一中: 2022-01-15\n    二中: 2022-01-21\n    三中: 2022-01-18   # 先电话报送\n"
        "    四中: 2022-01-22\n    五中: 2022-01-17\n  cases:\n    一中: {date: 2022-01-21, note: 线上}\n")
    assert cli("check").exit_code == 0


def test_a_failure_inside_the_record_merge_says_so_and_merges_by_lines(tmp_path, cli, monkeypatch):
    # nengli starts, but its record merge fails (a bug): git's line merge, and a word on stderr
    from nengli import driver

    def broken(*args, **kwargs):
        raise KeyError("三中")

    monkeypatch.setattr(driver, "merge_phase", broken)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "phases").mkdir(parents=True)
    (tmp_path / "data" / "units.yaml").write_text(ROSTER, encoding="utf-8")
    ours = BASE.replace("三中: 2022-01-16", "三中: 2022-01-19")
    theirs = BASE.replace("note: 线上", "note: 线上报送")
    for name, text in (("O", BASE), ("A", ours), ("B", theirs)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("merge-driver", "O", "A", "B", PHASE_FILE)
    assert result.exit_code == 0
    assert result.output == (
        "警告：nengli 按登记合并 data/phases/phase1.yaml 时出了问题（KeyError: '三中'），"
        "已改为按 git 的方式逐行合并。\n  提示：请用 git diff 核对这个文件的合并结果；有冲突标记时按标记处理。"
        "请把这段信息发给维护人员。\n共 0 个错误，1 个警告。\n")
    assert (tmp_path / "A").read_text(encoding="utf-8") == ours.replace("note: 线上", "note: 线上报送")


@pytest.mark.slow
def test_log_after_a_conflict_settled_by_hand_lists_each_side_and_the_settlement(clones, cli,
                                                                                 monkeypatch):
    a, b = clones
    monkeypatch.chdir(a)
    assert cli("record", "list", "三中", "--date", "2022-01-18", "--force", "--commit").exit_code == 0
    git(a, "push", "-q", "origin", "main")
    monkeypatch.chdir(b)
    assert cli("record", "list", "三中", "--date", "2022-01-19", "--force", "--commit").exit_code == 0
    git(b, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    # settled by hand with a third date, as a clerk might after a phone call
    (b / PHASE_FILE).write_text(BASE.replace("三中: 2022-01-16", "三中: 2022-01-20"), encoding="utf-8")
    git(b, "add", PHASE_FILE)
    git(b, "commit", "-q", "--no-edit")
    merge_commit = git(b, "rev-parse", "--short=7", "HEAD").strip()
    result = cli("log", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    rows = [ln.split() for ln in result.output.splitlines() if ln.strip().startswith("2022-")]
    assert sorted((r[1], r[2] == merge_commit, r[5], " ".join(r[7:])) for r in rows if r[1] != "张三") \
        == sorted([("甲同事", False, "三中", "2022-01-16 → 2022-01-18"),
                   ("乙同事", False, "三中", "2022-01-16 → 2022-01-19"),
                   ("乙同事", True, "三中", "2022-01-19 → 2022-01-20")])
