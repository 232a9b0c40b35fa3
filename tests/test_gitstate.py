"""What a clone's .git says without running git: unmerged files in any index version, the
unfinished operation, linked worktrees; and nengli refusing to read data git left in conflict."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gitutil import git, isolate_git, make_repo
from nengli.gitstate import UnknownIndex, find_repo, unmerged_data, unmerged_paths

#: real git repositories: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

ROSTER = """\
categories:
  school: {name: 学校, counter: 所}
units:
  - id: 一中
    category: school
  - id: 二中
    category: school
"""
PHASE = """\
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
"""
PHASE_FILE = "data/phases/phase1.yaml"


@pytest.fixture
def repo(make_data, monkeypatch, tmp_path) -> Path:
    isolate_git(monkeypatch)
    make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE})
    (tmp_path / "说明 文件.txt").write_text("甲\n", encoding="utf-8")
    return make_repo(tmp_path)


def _conflict(repo: Path) -> None:
    """A merge stopped on the phase file and on a file outside data/ (git's own line merge:
    no nengli driver in this repository)."""
    here = git(repo, "branch", "--show-current").strip()
    git(repo, "checkout", "-q", "-b", f"同事-{here}")
    for path, text in ((PHASE_FILE, PHASE.replace("2022-01-15", "2022-01-16")),
                       ("说明 文件.txt", "乙\n")):
        (repo / path).write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "同事")
    git(repo, "checkout", "-q", here)
    for path, text in ((PHASE_FILE, PHASE.replace("2022-01-15", "2022-01-17")),
                       ("说明 文件.txt", "丙\n")):
        (repo / path).write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "本机")
    git(repo, "merge", f"同事-{here}", check=False)


@pytest.mark.parametrize("version", ["2", "3", "4"])
def test_unmerged_paths_read_from_every_index_version(repo, version):
    _conflict(repo)
    git(repo, "update-index", "--index-version", version)
    if version == "3":  # an entry with the extended flags (intent to add)
        (repo / "新文件.txt").write_text("新\n", encoding="utf-8")
        git(repo, "add", "-N", "新文件.txt")
    data = (repo / ".git" / "index").read_bytes()
    assert int.from_bytes(data[4:8], "big") == int(version)
    found = find_repo(repo / "data")
    assert found is not None and found.top == repo
    by_git = list(dict.fromkeys(line.split("\t", 1)[1] for line in
                                git(repo, "ls-files", "-u", "-z").split("\0") if "\t" in line))
    assert unmerged_paths(found) == by_git == [PHASE_FILE, "说明 文件.txt"]
    assert unmerged_data(repo / "data") == (found, [PHASE_FILE])


def test_a_split_index_is_asked_of_git(repo, monkeypatch):
    _conflict(repo)
    git(repo, "update-index", "--split-index")
    with pytest.raises(UnknownIndex):
        unmerged_paths(find_repo(repo))
    assert unmerged_data(repo / "data")[1] == [PHASE_FILE]


def test_nothing_unmerged_costs_no_git_process(repo, monkeypatch):
    started = []
    real = subprocess.run

    def counting(args, **kwargs):
        started.append(args)
        return real(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    assert unmerged_data(repo / "data") is None
    assert started == []


def test_a_linked_worktree_has_its_own_index_and_the_shared_config(repo, tmp_path):
    other = tmp_path.parent / f"{tmp_path.name}-工作树"
    git(repo, "worktree", "add", "-q", "-b", "另一个", str(other))
    found = find_repo(other / "data" / "phases")
    assert found.top == other and found.common_dir == repo / ".git"
    assert found.git_dir == repo / ".git" / "worktrees" / other.name
    _conflict(other)
    assert unmerged_data(other / "data") == (found, [PHASE_FILE])
    assert unmerged_data(repo / "data") is None


def test_a_stash_that_clashed_is_refused_with_its_own_remedy(repo, cli):
    (repo / PHASE_FILE).write_text(PHASE + "    二中: 2022-01-18\n", encoding="utf-8")
    git(repo, "stash", "-q")
    (repo / PHASE_FILE).write_text(PHASE + "    二中: 2022-01-19\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "另一个登记")
    git(repo, "stash", "pop", check=False)
    result = cli("status", "--as-of", "2022-01-24")
    assert result.exit_code == 1
    assert result.output == (
        f"{PHASE_FILE}:12:1: 错误：git 的取出暂存的修改（git stash pop）还没有完成：{PHASE_FILE} 中还有冲突没有解决，"
        "文件中可能只有一方的内容，nengli 不读取这样的数据。\n"
        "  12 | <<<<<<< Updated upstream\n"
        "     | ^\n"
        "  提示：要放弃这次取出暂存的修改（git stash pop）、回到之前的状态，运行 git reset --merge，然后运行 nengli sync；"
        "要自己解决，在文件中保留正确的内容、删去 <<<<<<<、=======、>>>>>>> 标记行，再运行 git add 文件名 和 git commit。\n"
        "共 1 个错误，0 个警告。\n")
    git(repo, "reset", "-q", "--merge")
    assert cli("status", "--as-of", "2022-01-24").exit_code == 0
