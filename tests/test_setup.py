"""nengli setup: the one command a new clerk runs after git clone (merge driver, identity,
pre-commit check), tested in real clones of a bare remote."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gitutil import git, isolate_git, make_repo, set_identity

#: real git: clones, hooks and the merge driver: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

ROSTER = """\
categories:
  school: {name: 学校, counter: 所}
units:
  - id: 一中
    category: school
  - id: 二中
    category: school
  - id: 三中
    category: school
  - id: 四中
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
    三中: 2022-01-16
"""
PHASE_FILE = "data/phases/phase1.yaml"


@pytest.fixture
def fresh(make_data, monkeypatch, tmp_path):
    """(remote, clone): a campaign on a bare remote, and a clone in which nengli never ran."""
    isolate_git(monkeypatch)
    make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE})
    (tmp_path / ".gitignore").write_text("*.lock\n*.tmp\n", encoding="utf-8")
    make_repo(tmp_path)
    remote = tmp_path.parent / f"{tmp_path.name}-remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(tmp_path), str(remote))
    clone = tmp_path.parent / f"{tmp_path.name}-新同事"
    git(tmp_path, "clone", "-q", str(remote), str(clone))
    set_identity(clone, "新同事", "new@example.com")
    monkeypatch.chdir(clone)
    return remote, clone


def commit(clone: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "commit", "-q", *args], cwd=clone, capture_output=True,
                          encoding="utf-8")


def test_setup_prepares_a_fresh_clone_in_one_command(fresh, cli, tmp_path):
    remote, clone = fresh
    assert git(clone, "config", "--get", "merge.nengli.driver", check=False) == ""
    result = cli("setup")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "已登记合并程序：git pull、TortoiseGit、VS Code 合并数据文件时按登记合并（.git/config、.git/info/attributes）。\n"
        "提交人：新同事 <new@example.com>\n"
        "已安装提交前检查（.git/hooks/pre-commit）：提交数据前运行 nengli check，有错误或冲突标记时不提交。\n"
        "设置完成。以后用 nengli sync 与同事同步。\n")
    assert git(clone, "check-attr", "merge", "--", PHASE_FILE, "data/units.yaml") == \
        f"{PHASE_FILE}: merge: nengli\ndata/units.yaml: merge: nengli\n"
    hook = clone / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK) and hook.read_text(encoding="utf-8").startswith(
        "#!/bin/sh\n# nengli: 提交前检查数据（由 nengli setup 安装；删去这个文件就不再检查）\n"
        'git diff --cached --quiet -- "data" && exit 0\n')
    again = cli("setup")
    assert again.exit_code == 0
    assert again.output.splitlines()[0].startswith("合并程序已登记：")
    assert again.output.splitlines()[2].startswith("已有提交前检查（.git/hooks/pre-commit）")

    # the first plain git pull of the new clerk merges neighbouring registrations
    other = tmp_path.parent / f"{tmp_path.name}-老同事"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    set_identity(other, "老同事", "old@example.com")
    (other / PHASE_FILE).write_text(PHASE.replace("    三中", "    二中: 2022-01-17\n    三中"),
                                    encoding="utf-8")
    git(other, "commit", "-q", "-am", "老同事登记二中")
    git(other, "push", "-q", "origin", "main")
    (clone / PHASE_FILE).write_text(PHASE.replace("三中: 2022-01-16", "三中: 2022-01-18")
                                    + "    四中: 2022-01-19\n", encoding="utf-8")
    assert commit(clone, "-am", "新同事登记").returncode == 0
    pulled = subprocess.run(["git", "pull", "--no-rebase", "--no-edit", "origin", "main"], cwd=clone,
                            capture_output=True, encoding="utf-8")
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert (clone / PHASE_FILE).read_text(encoding="utf-8").endswith(
        "    一中: 2022-01-15\n    二中: 2022-01-17\n    三中: 2022-01-18\n    四中: 2022-01-19\n")


def test_the_hook_refuses_data_with_errors_or_markers_and_lets_the_rest_through(fresh, cli):
    _remote, clone = fresh
    assert cli("setup").exit_code == 0
    (clone / PHASE_FILE).write_text(PHASE + "<<<<<<< ours\n    四中: 2022-01-19\n=======\n"
                                    "    四中: 2022-01-20\n>>>>>>> theirs\n", encoding="utf-8")
    refused = commit(clone, "-am", "带冲突标记")
    assert refused.returncode == 1
    assert f"{PHASE_FILE}:13:1: 错误：" in refused.stdout + refused.stderr
    assert git(clone, "log", "-1", "--format=%s") == "初始数据\n"
    git(clone, "checkout", "-q", "--", PHASE_FILE)
    (clone / "说明.txt").write_text("不是数据\n", encoding="utf-8")
    git(clone, "add", "说明.txt")
    assert commit(clone, "-m", "说明").returncode == 0  # no data staged: nengli is not asked
    (clone / PHASE_FILE).write_text(PHASE + "    四中: 2022-01-19\n", encoding="utf-8")
    allowed = commit(clone, "-am", "登记四中")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_the_hook_refuses_when_no_nengli_can_run(fresh, cli, monkeypatch):
    _remote, clone = fresh
    assert cli("setup").exit_code == 0
    hook = clone / ".git" / "hooks" / "pre-commit"
    exe = Path(sys.executable).as_posix()
    hook.write_text(hook.read_text(encoding="utf-8").replace(exe, "/搬走了/python"), encoding="utf-8")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    (clone / PHASE_FILE).write_text(PHASE + "    四中: 2022-01-19\n", encoding="utf-8")
    refused = commit(clone, "-am", "登记四中")
    assert refused.returncode == 1
    assert refused.stderr == ("nengli：找不到可以运行的 nengli，无法在提交前检查数据。请运行 nengli setup；"
                              "确要不经检查就提交，用 git commit --no-verify。\n")


def test_setup_without_identity_says_so_and_does_the_rest(fresh, cli):
    _remote, clone = fresh
    git(clone, "config", "--unset", "user.name")
    git(clone, "config", "--unset", "user.email")
    result = cli("setup")
    assert result.exit_code == 1
    assert "错误：git 还没有设置提交人的姓名和邮箱，无法提交。" in result.output
    assert "设置完成" not in result.output
    assert git(clone, "config", "--get", "merge.nengli.driver") != ""
    assert (clone / ".git" / "hooks" / "pre-commit").exists()


def test_setup_keeps_a_hook_it_did_not_write(fresh, cli):
    _remote, clone = fresh
    hook = clone / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\npre-commit run\n", encoding="utf-8")
    result = cli("setup")
    assert result.exit_code == 0
    assert ".git/hooks/pre-commit 是另外安装的提交前钩子，没有改动；可以在其中加一行 nengli check。" in result.output
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\npre-commit run\n"


def test_setup_outside_git(make_data, cli, monkeypatch, tmp_path):
    isolate_git(monkeypatch)
    make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = cli("setup")
    assert result.exit_code == 1
    assert result.output == (
        "错误：“data”不在 git 仓库中，没有什么要设置的。\n"
        "  提示：请在用 git clone 取得的活动仓库中运行 nengli setup；新建活动用 nengli init。\n共 1 个错误，0 个警告。\n")
