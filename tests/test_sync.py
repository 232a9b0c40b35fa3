"""nengli sync with real git: a bare remote and three clones, every order of syncing, a true
conflict, and every git failure as a Chinese message."""

from __future__ import annotations

import itertools
import os
import shlex
import sys
from pathlib import Path

import pytest

from gitutil import git, isolate_git, make_repo, set_identity

#: real git: a bare remote and clones: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

PHASE_FILE = "data/phases/phase1.yaml"
UNITS_FILE = "data/units.yaml"

ROSTER = """\
categories:
  school: {name: 学校, counter: 所}
units:
  - id: 一中
    category: school
    contact: 王老师
  - id: 二中
    category: school
  - id: 三中
    category: school
  - id: 四中
    category: school
  - id: 五中
    category: school
"""

PHASE = """\
# 第一阶段
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
    一中: 2022-01-15
    三中: 2022-01-16
    五中: 2022-01-17
"""


@pytest.fixture
def office(make_data, monkeypatch, tmp_path):
    """(remote, {name: clone}): the campaign pushed to a bare remote, cloned by 甲, 乙 and 丙."""
    isolate_git(monkeypatch)
    make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE})
    (tmp_path / ".gitignore").write_text("*.lock\n", encoding="utf-8")
    make_repo(tmp_path)
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(tmp_path), str(remote))
    clones = {}
    for name in ("甲", "乙", "丙"):
        clone = tmp_path / "clones" / name
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        set_identity(clone, f"{name}同事", f"{name}@example.com")
        clones[name] = clone
    return remote, clones


def in_clone(monkeypatch, clone: Path, cli, *args: str, **kwargs):
    monkeypatch.chdir(clone)
    return cli(*args, **kwargs)


def test_three_clones_sync_in_every_order_to_the_same_bytes(office, cli, monkeypatch):
    remote, clones = office
    finals = set()
    start = git(remote, "rev-parse", "main").strip()
    for order in itertools.permutations(clones):
        git(remote, "update-ref", "refs/heads/main", start)
        for clone in clones.values():
            git(clone, "fetch", "-q", "origin")
            git(clone, "reset", "-q", "--hard", start)
        a, b, c = clones["甲"], clones["乙"], clones["丙"]
        # 甲 and 乙 register neighbouring units, 乙 also changes 三中 (--force) next to the new line
        assert in_clone(monkeypatch, a, cli, "record", "list", "二中", "--date", "2022-01-21",
                        "--commit").exit_code == 0
        assert in_clone(monkeypatch, b, cli, "record", "list", "四中", "--date", "2022-01-22",
                        "--note", "逾期补报", "--commit").exit_code == 0
        assert in_clone(monkeypatch, b, cli, "record", "list", "三中", "--date", "2022-01-18",
                        "--force", "--commit").exit_code == 0
        # 丙 edits by hand, without committing: a comment and the roster
        phase = (c / PHASE_FILE).read_text(encoding="utf-8")
        (c / PHASE_FILE).write_text(phase.replace("# 第一阶段\n", "# 第一阶段（丙已核对）\n"),
                                    encoding="utf-8")
        roster = (c / UNITS_FILE).read_text(encoding="utf-8")
        (c / UNITS_FILE).write_text(roster.replace("王老师", "李老师 0371-00000000"), encoding="utf-8")

        for name in order + order:  # the first to sync gets the others' work in the second round
            result = in_clone(monkeypatch, clones[name], cli, "sync")
            assert result.exit_code == 0, (order, name, result.output)
        heads = {git(clone, "rev-parse", "HEAD") for clone in clones.values()}
        assert len(heads) == 1 and heads == {git(remote, "rev-parse", "main")}
        texts = {(clone / PHASE_FILE).read_bytes() for clone in clones.values()}
        assert len(texts) == 1
        text = texts.pop().decode("utf-8")
        assert "<<<<<<<" not in text and ">>>>>>>" not in text
        for clone in clones.values():
            assert git(clone, "status", "--porcelain") == ""
            assert "李老师" in (clone / UNITS_FILE).read_text(encoding="utf-8")
            assert in_clone(monkeypatch, clone, cli, "check").exit_code == 0
        finals.add(text)
    assert finals == {PHASE.replace("# 第一阶段\n", "# 第一阶段（丙已核对）\n").replace(
        "    三中: 2022-01-16\n",
        "    二中: 2022-01-21\n    三中: 2022-01-18\n    四中: {date: 2022-01-22, note: 逾期补报}\n")}


def test_sync_tells_what_came_in_and_what_went_out(office, cli, monkeypatch):
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    assert in_clone(monkeypatch, a, cli, "record", "list", "二中", "四中", "--date", "2022-01-21",
                    "--commit").exit_code == 0
    first = in_clone(monkeypatch, a, cli, "sync")
    assert first.exit_code == 0, first.output
    assert "已推送本机的 2 条登记：清单报送 二中 2022-01-21；清单报送 四中 2022-01-21\n" in first.output
    assert first.output.endswith(f"已同步：本机与 origin/main 一致（{git(a, 'rev-parse', '--short=7', 'HEAD').strip()}）。\n")

    phase = (b / PHASE_FILE).read_text(encoding="utf-8")
    (b / PHASE_FILE).write_text(phase.replace("    五中: 2022-01-17\n", "    五中: 2022-01-19\n"),
                                encoding="utf-8")
    second = in_clone(monkeypatch, b, cli, "sync")
    assert second.exit_code == 0, second.output
    lines = second.output.splitlines()
    assert lines[0].startswith("已提交手工修改 ") and \
        lines[0].endswith("：登记：清单报送 五中 2022-01-17 → 2022-01-19")
    assert "同事 甲同事 登记了 2 条：清单报送 二中 2022-01-21；清单报送 四中 2022-01-21" in lines
    assert any(ln.startswith("已合并同事的修改（合并提交 ") for ln in lines)
    assert "已推送本机的 1 条登记：清单报送 五中 2022-01-17 → 2022-01-19" in lines
    # the hand edit's commit names the record, with 乙 as author
    assert git(b, "log", "-1", "--format=%an|%B", "HEAD^1") == \
        "乙同事|登记：清单报送 五中 2022-01-17 → 2022-01-19\n\n清单报送 五中 2022-01-17 → 2022-01-19\n\n" \
        "文件：phase1.yaml\n\n"

    again = in_clone(monkeypatch, b, cli, "sync")
    assert again.exit_code == 0 and again.output == "已是最新：本机与 origin/main 一致，无需同步。\n"

    # nengli log and the notice's provenance across the merge commit
    log = in_clone(monkeypatch, b, cli, "log", env={"COLUMNS": "160"})
    assert log.exit_code == 0, log.output
    rows = [ln.split() for ln in log.output.splitlines() if ln.strip().startswith("2022-")]
    assert sorted((r[1], r[5], r[6]) for r in rows if r[1] != "张三") == [
        ("乙同事", "五中", "修改"), ("甲同事", "二中", "新增"), ("甲同事", "四中", "新增")]
    report = in_clone(monkeypatch, b, cli, "report", "--phase", "1", "--date", "2022-01-24")
    merge_commit = git(b, "rev-parse", "--short=7", "HEAD").strip()
    assert report.stdout.endswith(f"数据版本：{merge_commit}（2022年1月26日提交）。\n")


def test_true_conflict_names_both_values_and_committers_and_loses_nothing(office, cli, monkeypatch):
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    assert in_clone(monkeypatch, a, cli, "record", "list", "三中", "--date", "2022-01-18", "--force",
                    "--commit").exit_code == 0
    assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    assert in_clone(monkeypatch, b, cli, "record", "list", "三中", "--date", "2022-01-19",
                    "--note", "补报", "--force", "--commit").exit_code == 0
    assert in_clone(monkeypatch, b, cli, "record", "list", "二中", "--date", "2022-01-20",
                    "--commit").exit_code == 0
    head = git(b, "rev-parse", "HEAD")
    before = (b / PHASE_FILE).read_bytes()

    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    a_commit = git(a, "rev-parse", "--short=7", "HEAD").strip()
    b_commit = git(b, "rev-parse", "--short=7", "HEAD~1").strip()
    assert f"{PHASE_FILE}:14:1: 错误：单位“三中”的“清单报送”两边登记不同：" \
           f"本机为 2022-01-19（备注：补报），由 乙同事（2022-01-26 提交 {b_commit}）；" \
           f"同事的为 2022-01-18，由 甲同事（2022-01-26 提交 {a_commit}）。" in result.output
    assert "以同事的为准：运行 nengli record list 三中 --date 2022-01-18 --note \"\" --force --commit，" \
           "再运行 nengli sync。" in result.output
    assert "再运行 nengli record list 三中 --date 2022-01-19 --note 补报 --force --commit，" in result.output
    assert "Traceback" not in result.output
    # nothing merged, nothing lost: the branch, the files and the work tree are as they were
    assert git(b, "rev-parse", "HEAD") == head
    assert (b / PHASE_FILE).read_bytes() == before
    assert git(b, "status", "--porcelain") == ""
    assert not (b / ".git" / "MERGE_HEAD").exists()
    assert in_clone(monkeypatch, b, cli, "check").exit_code == 0

    # doing as told settles it; both clerks' other work survives
    command = shlex.split("nengli record list 三中 --date 2022-01-18 --note \"\" --force --commit")[1:]
    assert in_clone(monkeypatch, b, cli, *command).exit_code == 0
    settled = in_clone(monkeypatch, b, cli, "sync")
    assert settled.exit_code == 0, settled.output
    text = (b / PHASE_FILE).read_text(encoding="utf-8")
    assert "    二中: 2022-01-20\n    三中: 2022-01-18\n" in text
    assert git(b, "merge-base", "--is-ancestor", head.strip(), "HEAD", check=False) == ""


def test_dry_run_changes_nothing(office, cli, monkeypatch):
    remote, clones = office
    a, b = clones["甲"], clones["乙"]
    assert in_clone(monkeypatch, a, cli, "record", "list", "二中", "--date", "2022-01-21",
                    "--commit").exit_code == 0
    assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    phase = (b / PHASE_FILE).read_text(encoding="utf-8")
    (b / PHASE_FILE).write_text(phase + "    四中: 2022-01-19\n", encoding="utf-8")
    head, remote_head = git(b, "rev-parse", "HEAD"), git(remote, "rev-parse", "main")
    status = git(b, "status", "--porcelain")
    result = in_clone(monkeypatch, b, cli, "sync", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "将提交手工修改：登记：清单报送 四中 2022-01-19",
        "同事 甲同事 登记了 1 条：清单报送 二中 2022-01-21",
        "将合并同事的修改。",
        "（试运行：只从远程仓库取回了同事的提交以便比较，没有改动文件、提交和远程仓库。）"]
    assert git(b, "rev-parse", "HEAD") == head and git(remote, "rev-parse", "main") == remote_head
    assert git(b, "status", "--porcelain") == status


def test_hand_edit_with_errors_is_not_committed(office, cli, monkeypatch):
    _remote, clones = office
    b = clones["乙"]
    phase = (b / PHASE_FILE).read_text(encoding="utf-8")
    (b / PHASE_FILE).write_text(phase + "    四中: 2022-01-32\n", encoding="utf-8")
    head = git(b, "rev-parse", "HEAD")
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    # the error first, then what it means for sync, counted once
    assert result.output.startswith(f"{PHASE_FILE}:15:9: 错误：")
    assert result.output.endswith(
        "错误：数据有上述错误，没有提交，也没有同步。\n"
        "  提示：请按提示改正后再运行 nengli sync；本地和远程仓库都没有改动。\n共 1 个错误，0 个警告。\n")
    assert git(b, "rev-parse", "HEAD") == head


def test_init_commits_gitattributes_and_registers_the_driver(tmp_path, cli, monkeypatch):
    isolate_git(monkeypatch)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "张三")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "z@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "张三")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "z@example.com")
    folder = tmp_path / "活动"
    assert cli("init", str(folder)).exit_code == 0
    assert git(folder, "ls-files", ".gitattributes") == ".gitattributes\n"
    assert "data/phases/*.[yY][aA][mM][lL] merge=nengli" in (folder / ".gitattributes").read_text(encoding="utf-8")
    exe = Path(sys.executable).as_posix()
    assert git(folder, "config", "merge.nengli.driver") == (
        f'if [ -x "{exe}" ]; then "{exe}" -m nengli merge-driver %O %A %B %P; s=$?; '
        'if [ $s = 0 ] || [ $s = 9 ]; then exit $s; fi; fi; '
        'if command -v nengli >/dev/null 2>&1; then nengli merge-driver %O %A %B %P; s=$?; '
        'if [ $s = 0 ] || [ $s = 9 ]; then exit $s; fi; fi; '
        'echo "nengli：找不到可以运行的 nengli，以下文件按 git 的方式逐行合并（有冲突时留下冲突标记）；'
        '请在这个仓库中运行 nengli setup：" %P >&2; git merge-file -L ours -L base -L theirs %A %O %B\n')
    # and sync in a clone without a remote says so
    monkeypatch.chdir(folder)
    result = cli("sync")
    assert result.exit_code == 1
    assert "错误：这个仓库没有设置远程仓库，无处同步。" in result.output
    assert "git remote add origin 仓库地址" in result.output
    # an empty remote: the first sync pushes the branch and makes it the upstream
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(folder, "remote", "add", "origin", str(remote))
    (folder / "data" / "phases" / "~phase1.yaml.bak").write_text("备份\n", encoding="utf-8")
    # the clerk's own first registration, after init's sample records
    assert cli("record", "meeting", "二中", "--date", "2024-03-09", "--commit").exit_code == 0
    result = cli("sync")
    assert result.exit_code == 0, result.output
    branch = git(folder, "branch", "--show-current").strip()
    # init's sample records are not the clerk's: only what came after the first commit is listed
    assert result.output.splitlines()[:2] == [
        f"远程仓库 origin/{branch} 原来是空的：已推送本机的全部 2 个提交。",
        "已推送本机第一次提交以来的 1 条登记：动员部署会召开 二中 2024-03-09"]
    assert git(remote, "rev-parse", branch) == git(folder, "rev-parse", "HEAD")
    assert git(folder, "rev-parse", "--abbrev-ref", "@{u}") == f"origin/{branch}\n"
    assert git(folder, "status", "--porcelain") == "?? data/phases/~phase1.yaml.bak\n"


# ---- git's failures, each as a Chinese message -------------------------------------------

def test_merge_in_progress(office, cli, monkeypatch):
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    for clone, words in ((a, "甲的笔记\n"), (b, "乙的笔记\n")):
        (clone / "笔记.txt").write_text(words, encoding="utf-8")
        git(clone, "add", "笔记.txt")
        git(clone, "commit", "-q", "-m", "笔记")
    git(a, "push", "-q", "origin", "main")
    git(b, "pull", "-q", "--no-rebase", "origin", "main", check=False)
    assert (b / ".git" / "MERGE_HEAD").exists()
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    assert "错误：仓库中有一个尚未完成的合并，nengli 不会在此基础上同步。" in result.output
    assert "git merge --abort" in result.output


def test_uncommitted_changes_outside_data_and_detached_head(office, cli, monkeypatch):
    _remote, clones = office
    b = clones["乙"]
    (b / ".gitignore").write_text("*.lock\n*.tmp\n", encoding="utf-8")
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    assert "错误：data 文件夹以外有尚未提交的修改：.gitignore。" in result.output
    git(b, "checkout", "-q", "--", ".gitignore")
    git(b, "checkout", "-q", "--detach")
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    assert "仓库当前不在任何分支上（detached HEAD）" in result.output


def test_remote_gone(office, cli, monkeypatch, tmp_path):
    _remote, clones = office
    b = clones["乙"]
    gone = tmp_path / "搬走了.git"
    git(b, "remote", "set-url", "origin", str(gone))
    assert in_clone(monkeypatch, b, cli, "record", "list", "二中", "--date", "2022-01-21",
                    "--commit").exit_code == 0
    head = git(b, "rev-parse", "HEAD")
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    assert f"错误：无法连接远程仓库 origin（{gone}）。git：fatal: " in result.output
    assert "git remote set-url origin 新地址" in result.output
    assert git(b, "rev-parse", "HEAD") == head


def test_git_not_installed(office, cli, monkeypatch, tmp_path):
    _remote, clones = office
    empty = tmp_path / "无git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = in_clone(monkeypatch, clones["乙"], cli, "sync")
    assert result.exit_code == 1
    assert "错误：找不到 git 程序。" in result.output


def test_authentication_refused_is_explained():
    from nengli.gitio import _remote_error
    import subprocess

    proc = subprocess.CompletedProcess([], 128, "", "remote: HTTP Basic: Access denied\n"
                                       "fatal: Authentication failed for 'https://git.example/x.git/'\n")
    error = _remote_error(proc, "origin", "https://git.example/x.git")
    assert error.code == "sync-auth"
    assert error.fields["detail"] == "remote: HTTP Basic: Access denied"


def test_git_runs_without_the_repository_variables_of_a_hook(office, cli, monkeypatch, tmp_path):
    # a hook or a driver inherits GIT_DIR/GIT_INDEX_FILE pointing at another repository
    _remote, clones = office
    monkeypatch.setenv("GIT_DIR", str(clones["甲"] / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(clones["甲"] / ".git" / "index"))
    assert in_clone(monkeypatch, clones["乙"], cli, "record", "list", "二中", "--date", "2022-01-21",
                    "--commit").exit_code == 0
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.delenv("GIT_INDEX_FILE")
    assert git(clones["乙"], "log", "-1", "--format=%s").startswith("登记：清单报送 二中 ")
    assert git(clones["甲"], "log", "-1", "--format=%s") == "初始数据\n"


def test_merge_that_would_break_the_data_is_not_made(office, cli, monkeypatch):
    # 甲 renames the task, 乙 registers under the old name: each side is valid, the merge is not
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    phase = (a / PHASE_FILE).read_text(encoding="utf-8")
    (a / PHASE_FILE).write_text(phase.replace("id: list", "id: lists").replace("  list:", "  lists:"),
                                encoding="utf-8")
    assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    assert in_clone(monkeypatch, b, cli, "record", "list", "二中", "--date", "2022-01-19",
                    "--commit").exit_code == 0
    head = git(b, "rev-parse", "HEAD")
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    assert "错误：本阶段没有任务“list”" in result.output
    assert "与同事的登记合并后，数据会出现上述错误，因此没有合并，也没有推送。" in result.output
    assert git(b, "rev-parse", "HEAD") == head
    assert git(b, "status", "--porcelain") == ""


def test_text_changed_differently_on_both_sides_is_explained(office, cli, monkeypatch):
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    for clone, title in ((a, "清单报送（甲）"), (b, "清单报送（乙）")):
        phase = (clone / PHASE_FILE).read_text(encoding="utf-8")
        (clone / PHASE_FILE).write_text(phase.replace("title: 清单报送", f"title: {title}"),
                                        encoding="utf-8")
    assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    assert f"{PHASE_FILE}: 错误：本机和同事都修改了 {PHASE_FILE} 中的同一处文字（不是登记），无法自动合并。" \
        in result.output
    assert f"git diff HEAD...origin/main -- {PHASE_FILE}" in result.output
    assert git(b, "status", "--porcelain") == ""
    assert "清单报送（乙）" in (b / PHASE_FILE).read_text(encoding="utf-8")


def test_remote_with_another_history(office, cli, monkeypatch, tmp_path):
    _remote, clones = office
    b = clones["乙"]
    other = tmp_path / "别的仓库"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    set_identity(other)
    (other / "说明.txt").write_text("另一个仓库\n", encoding="utf-8")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "另一个仓库")
    git(b, "remote", "set-url", "origin", str(other))
    head = git(b, "rev-parse", "HEAD")
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    assert "错误：本地仓库与远程仓库 origin 没有共同的历史，不能合并。" in result.output
    assert git(b, "rev-parse", "HEAD") == head


def test_dry_run_foresees_a_conflict_with_a_hand_edit(office, cli, monkeypatch):
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    assert in_clone(monkeypatch, a, cli, "record", "list", "五中", "--date", "2022-01-18", "--force",
                    "--commit").exit_code == 0
    assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    phase = (b / PHASE_FILE).read_text(encoding="utf-8")
    (b / PHASE_FILE).write_text(phase.replace("五中: 2022-01-17", "五中: 2022-01-19"), encoding="utf-8")
    result = in_clone(monkeypatch, b, cli, "sync", "--dry-run")
    assert result.exit_code == 1
    assert "本机为 2022-01-19，由 本机尚未提交的修改；同事的为 2022-01-18，由 甲同事" in result.output
    assert "将合并" not in result.output
    assert git(b, "status", "--porcelain") == f" M {PHASE_FILE}\n"


def test_a_new_phase_file_named_in_capitals_is_committed_with_its_records(office, cli, monkeypatch):
    # Windows keeps Phase2.YAML as typed: sync commits it as a phase file, naming its records
    _remote, clones = office
    b = clones["乙"]
    (b / "data" / "phases" / "Phase2.YAML").write_text(
        "phase: 2\ntitle: 第二阶段\nstart: 2022-02-01\nend: 2022-02-28\ntasks:\n"
        "  - id: plan\n    title: 整改方案\n    due: 2022-02-20\nrecords:\n  plan:\n"
        "    一中: 2022-02-15\n    二中: 2022-02-16\n", encoding="utf-8")
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 0, result.output
    assert git(b, "log", "-1", "--format=%B") == (
        "登记：整改方案 一中 2022-02-15 等 2 条\n\n整改方案 一中 2022-02-15\n整改方案 二中 2022-02-16\n\n"
        "文件：Phase2.YAML\n\n")
    assert git(b, "status", "--porcelain") == ""


def test_log_lists_the_registrations_of_both_sides_of_a_merge_once(office, cli, monkeypatch):
    # the conflict settled the colleague's way: the merge equals both sides, and git log -- path
    # would follow one side only, dropping the registration that was right
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    assert in_clone(monkeypatch, a, cli, "record", "list", "三中", "--date", "2022-01-18", "--force",
                    "--commit").exit_code == 0
    assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    assert in_clone(monkeypatch, b, cli, "record", "list", "三中", "--date", "2022-01-19",
                    "--note", "补报", "--force", "--commit").exit_code == 0
    assert in_clone(monkeypatch, b, cli, "sync").exit_code == 1
    assert in_clone(monkeypatch, b, cli, "record", "list", "三中", "--date", "2022-01-18", "--note", "",
                    "--force", "--commit").exit_code == 0
    assert in_clone(monkeypatch, b, cli, "sync").exit_code == 0
    a_commit = git(a, "rev-parse", "--short=7", "HEAD").strip()
    log = in_clone(monkeypatch, b, cli, "log", env={"COLUMNS": "200"})
    assert log.exit_code == 0, log.output
    rows = [ln.split() for ln in log.output.splitlines() if ln.strip().startswith("2022-")]
    mine = [(r[1], r[2] == a_commit, r[5], r[6], " ".join(r[7:])) for r in rows if r[1] != "张三"]
    assert sorted(mine) == sorted([
        ("甲同事", True, "三中", "修改", "2022-01-16 → 2022-01-18"),
        ("乙同事", False, "三中", "修改", "2022-01-16 → 2022-01-19，补报"),
        ("乙同事", False, "三中", "修改", "2022-01-19，补报 → 2022-01-18")])
    assert "共 6 条变化。" in log.output  # the three records of the first commit, and these three


# ---- the roster: units merge one by one -------------------------------------------------------

OFFICE_ROSTER = """\
# 单位名册
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个}
units:
  - id: 一中
    name: 郑州市第一中学
    category: school
    contact: 王老师
  - id: 二中
    name: 郑州市第二中学
    category: school
  - id: 三中
    category: school
    phone: 0371-00000003

  # 局机关
  - id: 办公室
    category: office
"""


@pytest.fixture
def roster_office(make_data, monkeypatch, tmp_path):
    """A campaign with schools and offices, pushed to a bare remote, cloned by 甲, 乙 and 丙."""
    isolate_git(monkeypatch)
    make_data({"units.yaml": OFFICE_ROSTER,
               "phases/phase1.yaml": PHASE.replace("    五中: 2022-01-17\n", "")})
    (tmp_path / ".gitignore").write_text("*.lock\n*.tmp\n", encoding="utf-8")
    make_repo(tmp_path)
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(tmp_path), str(remote))
    clones = {}
    for name in ("甲", "乙", "丙"):
        clone = tmp_path / "clones" / name
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        set_identity(clone, f"{name}同事", f"{name}@example.com")
        clones[name] = clone
    return remote, clones


def _sheet(folder: Path, rows: str) -> Path:
    path = folder.parent / f"{folder.name}-名册.csv"
    path.write_text("单位简称,类别,联系人\n" + rows, encoding="utf-8")
    return path


def _units(clone: Path) -> list[tuple]:
    from nengli.parse import parse_units
    from nengli.read import read_text

    text, _ = read_text(clone / UNITS_FILE)
    _cats, units, problems = parse_units(text)
    assert not [p for p in problems if p.is_error], problems
    return [(u.id, u.name, u.category, u.aliases, u.contact, u.phone) for u in units]


def test_roster_edits_in_three_clones_merge_unit_by_unit_in_every_order(roster_office, cli,
                                                                         monkeypatch):
    remote, clones = roster_office
    start = git(remote, "rev-parse", "main").strip()
    for order in itertools.permutations(clones):
        git(remote, "update-ref", "refs/heads/main", start)
        for clone in clones.values():
            git(clone, "fetch", "-q", "origin")
            git(clone, "reset", "-q", "--hard", start)
        a, b, c = clones["甲"], clones["乙"], clones["丙"]
        # 甲 imports a school and an office (import-units), and corrects 三中's phone by hand
        result = in_clone(monkeypatch, a, cli, "import-units", str(_sheet(a, "六中,学校,\n财务处,局机关处室,\n")))
        assert result.exit_code == 0, result.output
        text = (a / UNITS_FILE).read_text(encoding="utf-8")
        (a / UNITS_FILE).write_text(text.replace("0371-00000003", "0371-33333333"), encoding="utf-8")
        # 乙 adds a school by hand at the end of the file, and renames 二中 (full name, alias)
        text = (b / UNITS_FILE).read_text(encoding="utf-8")
        (b / UNITS_FILE).write_text(text.replace(
            "    name: 郑州市第二中学\n", "    name: 郑州市第二中学（本部）\n    aliases: [二中本部]\n")
            + "  - id: 七中\n    category: school\n", encoding="utf-8")
        assert in_clone(monkeypatch, b, cli, "record", "list", "二中", "--date", "2022-01-19",
                        "--commit").exit_code == 0
        # 丙 imports another school with its contact, and changes 一中's contact
        result = in_clone(monkeypatch, c, cli, "import-units", str(_sheet(c, "八中,学校,赵老师\n一中,,李老师\n")))
        assert result.exit_code == 0, result.output

        for name in order + order:
            result = in_clone(monkeypatch, clones[name], cli, "sync")
            assert result.exit_code == 0, (order, name, result.output)
        heads = {git(clone, "rev-parse", "HEAD") for clone in clones.values()}
        assert len(heads) == 1 and heads == {git(remote, "rev-parse", "main")}
        rosters = {(clone / UNITS_FILE).read_bytes() for clone in clones.values()}
        assert len(rosters) == 1, order
        units = _units(a)
        assert {u[0] for u in units} == {"一中", "二中", "三中", "六中", "七中", "八中", "办公室", "财务处"}
        # category order: every school before the offices; the three schools first as they were
        assert [u[2] for u in units] == ["school"] * 6 + ["office"] * 2
        assert [u[0] for u in units][:3] == ["一中", "二中", "三中"]
        assert units[0][4] == "李老师" and units[1][1:4] == ("郑州市第二中学（本部）", "school", ("二中本部",))
        assert units[2][5] == "0371-33333333"
        assert ("八中", "八中", "school", (), "赵老师", "") in units
        text = rosters.pop().decode("utf-8")
        assert "<<<<<<<" not in text and text.startswith("# 单位名册\n") and "\n  # 局机关\n  - id: 办公室\n" in text
        for clone in clones.values():
            assert git(clone, "status", "--porcelain") == ""
            result = in_clone(monkeypatch, clone, cli, "check")
            assert result.exit_code == 0 and result.output == "数据无误：8 个单位，1 个阶段，1 项任务，3 条登记。\n"


def test_sync_names_the_units_that_came_in_and_went_out(roster_office, cli, monkeypatch):
    _remote, clones = roster_office
    a, b = clones["甲"], clones["乙"]
    result = in_clone(monkeypatch, a, cli, "import-units", str(_sheet(a, "六中,学校,孙老师\n")))
    assert result.exit_code == 0, result.output
    text = (a / UNITS_FILE).read_text(encoding="utf-8")
    (a / UNITS_FILE).write_text(text.replace("王老师", "李老师"), encoding="utf-8")
    first = in_clone(monkeypatch, a, cli, "sync")
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert lines[0].endswith("：修改名册：修改 一中（联系人：王老师 → 李老师） 等 2 处")
    assert "已推送本机对名册的修改：修改 一中（联系人：王老师 → 李老师）；新增 六中（类别：学校，联系人：孙老师）" in lines
    assert git(a, "log", "-1", "--format=%B").endswith(
        "名册：修改 一中（联系人：王老师 → 李老师）\n名册：新增 六中（类别：学校，联系人：孙老师）\n\n"
        "文件：units.yaml\n\n")
    # 甲 changes the contact twice more: 乙 hears of the net change once, not of every commit
    for contact in ("赵老师", "钱老师"):
        text = (a / UNITS_FILE).read_text(encoding="utf-8")
        (a / UNITS_FILE).write_text(text.replace("孙老师" if contact == "赵老师" else "赵老师", contact),
                                    encoding="utf-8")
        assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    text = (b / UNITS_FILE).read_text(encoding="utf-8")
    (b / UNITS_FILE).write_text(text.replace("  # 局机关\n", "  # 局机关\n  - id: 财务处\n    category: office\n"),
                                encoding="utf-8")
    second = in_clone(monkeypatch, b, cli, "sync")
    assert second.exit_code == 0, second.output
    lines = second.output.splitlines()
    assert "同事 甲同事 修改了名册：修改 一中（联系人：王老师 → 李老师）；新增 六中（类别：学校，联系人：钱老师）" in lines
    assert "已推送本机对名册的修改：新增 财务处（类别：局机关处室）" in lines


def test_a_true_roster_conflict_is_explained_and_loses_nothing(roster_office, cli, monkeypatch):
    _remote, clones = roster_office
    a, b = clones["甲"], clones["乙"]
    for clone, contact in ((a, "张老师"), (b, "李老师")):
        text = (clone / UNITS_FILE).read_text(encoding="utf-8")
        (clone / UNITS_FILE).write_text(text.replace("王老师", contact), encoding="utf-8")
    (b / UNITS_FILE).write_text((b / UNITS_FILE).read_text(encoding="utf-8")
                                + "  - id: 财务处\n    category: office\n", encoding="utf-8")
    assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 1
    b_commit = git(b, "rev-parse", "--short=7", "HEAD").strip()
    a_commit = git(a, "rev-parse", "--short=7", "HEAD").strip()
    assert (f"{UNITS_FILE}:9:1: 错误：名册中单位“一中”的联系人两边改得不同：本机为 李老师，"
            f"由 乙同事（2022-01-26 提交 {b_commit}）；同事的为 张老师，由 甲同事（2022-01-26 提交 {a_commit}）。\n"
            "  9 |     contact: 李老师\n") in result.output
    assert (f"  提示：请与同事核实。以同事的为准：把 {UNITS_FILE} 第 9 行中的“contact: 李老师”改为“contact: 张老师”，"
            "再运行 nengli sync。以本机的为准：先做前面两步，再把单位“一中”的“contact: 张老师”改回“contact: 李老师”，"
            "然后运行 nengli sync。本次没有合并，本地分支和提交保持原样。") in result.output
    assert "共 1 个错误，0 个警告。" in result.output
    before = (b / UNITS_FILE).read_bytes()
    assert git(b, "status", "--porcelain") == "" and b"\xe6\x9d\x8e\xe8\x80\x81\xe5\xb8\x88" in before
    assert not (b / ".git" / "MERGE_HEAD").exists()
    # doing as told settles it, and 乙's new office is not lost
    (b / UNITS_FILE).write_text(before.decode("utf-8").replace("contact: 李老师", "contact: 张老师"),
                                encoding="utf-8")
    settled = in_clone(monkeypatch, b, cli, "sync")
    assert settled.exit_code == 0, settled.output
    assert [u[0] for u in _units(b)] == ["一中", "二中", "三中", "办公室", "财务处"]
    assert _units(b)[0][4] == "张老师"


def test_sync_lists_the_net_change_of_each_record_once(office, cli, monkeypatch):
    # 甲 registers 二中, corrects it twice and syncs after each: 乙 hears of one registration
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    for day in ("2022-01-19", "2022-01-20", "2022-01-21"):
        assert in_clone(monkeypatch, a, cli, "record", "list", "二中", "--date", day, "--force",
                        "--commit").exit_code == 0
        assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    assert in_clone(monkeypatch, a, cli, "record", "list", "五中", "--date", "2022-01-18", "--force",
                    "--commit").exit_code == 0
    assert in_clone(monkeypatch, a, cli, "record", "list", "五中", "--date", "2022-01-17", "--force",
                    "--commit").exit_code == 0  # and back: no change at all
    assert in_clone(monkeypatch, a, cli, "sync").exit_code == 0
    result = in_clone(monkeypatch, b, cli, "sync")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "同事 甲同事 登记了 1 条：清单报送 二中 2022-01-21",
        "已更新到同事的最新版本。",
        f"已同步：本机与 origin/main 一致（{git(b, 'rev-parse', '--short=7', 'HEAD').strip()}）。"]
