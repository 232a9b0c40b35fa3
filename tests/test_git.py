"""record --commit, merges between clones, nengli log, and the notice's provenance: real git."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gitutil import git, isolate_git, make_repo, set_identity
from nengli.gitio import commit_file, provenance

#: real git: repositories, clones and history: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

PHASE_FILE = "data/phases/phase1.yaml"

ROSTER = """\
categories:
  school: {name: 学校, counter: 所}
units:
  - id: 一中
    category: school
  - id: 二中
    category: school
    aliases: [第二中学]
  - id: 三中
    category: school
  - id: 四中
    category: school
  - id: 五中
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
    五中: 2022-01-17
"""


@pytest.fixture
def repo(make_data, monkeypatch, tmp_path) -> Path:
    isolate_git(monkeypatch)
    make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE})
    (tmp_path / ".gitignore").write_text("*.lock\n", encoding="utf-8")  # as nengli init writes
    return make_repo(tmp_path)


def test_commit_takes_only_the_data_file(repo, cli):
    # other work in progress: a staged new file, a staged change and an unstaged change
    (repo / "笔记.txt").write_text("暂存的笔记\n", encoding="utf-8")
    (repo / "data" / "units.yaml").write_text(ROSTER + "# 尚未暂存的修改\n", encoding="utf-8")
    git(repo, "add", "笔记.txt")
    staged_before = git(repo, "diff", "--cached")
    result = cli("record", "list", "第二中学", "--date", "2022-01-26", "--commit")
    assert result.exit_code == 0, result.output
    assert "已提交 " in result.output
    assert git(repo, "log", "-1", "--format=%s|%an|%ae") == \
        "登记：清单报送 二中 2022-01-26|张三|zhangsan@example.com\n"
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == f"{PHASE_FILE}\n"
    assert git(repo, "show", "--format=", "-U0", "HEAD").splitlines()[-1] == "+    二中: 2022-01-26"
    # the other changes are exactly as they were: staged stays staged, unstaged unstaged
    assert git(repo, "diff", "--cached") == staged_before
    assert git(repo, "diff", "--name-only") == "data/units.yaml\n"
    assert git(repo, "status", "--porcelain", "--", PHASE_FILE) == ""


def test_commit_refuses_when_the_phase_file_has_uncommitted_changes(repo, cli):
    # an earlier registration written without --commit would be committed under this one's name
    assert cli("record", "list", "二中", "--date", "2022-01-18").exit_code == 0
    before = (repo / PHASE_FILE).read_bytes()
    head = git(repo, "rev-parse", "HEAD")
    result = cli("record", "list", "四中", "--date", "2022-01-19", "--commit")
    assert result.exit_code == 1
    assert f"{PHASE_FILE}: 错误：{PHASE_FILE} 有尚未提交的修改" in result.output
    assert "去掉 --commit" in result.output
    assert (repo / PHASE_FILE).read_bytes() == before
    assert git(repo, "rev-parse", "HEAD") == head


def test_commit_file_with_other_staged_changes_in_the_same_repo(repo):
    (repo / "a.txt").write_text("a\n", encoding="utf-8")
    git(repo, "add", "a.txt")
    path = repo / PHASE_FILE
    path.write_text(PHASE + "    # 手工添加的注释\n", encoding="utf-8")
    short = commit_file(repo, path, "测试提交")
    assert git(repo, "rev-parse", "--short", "HEAD").strip() == short
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == f"{PHASE_FILE}\n"
    assert git(repo, "diff", "--cached", "--name-only") == "a.txt\n"


def test_commit_outside_git_is_refused_before_writing(make_data, cli, monkeypatch):
    isolate_git(monkeypatch)
    data = make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(data.parent.parent))
    before = (data / "phases" / "phase1.yaml").read_bytes()
    result = cli("record", "list", "二中", "--commit")
    assert result.exit_code == 1
    assert "错误：“data”不在 git 仓库中，无法提交。" in result.output
    assert "去掉 --commit" in result.output
    assert (data / "phases" / "phase1.yaml").read_bytes() == before


def test_commit_without_identity_is_refused_before_writing(repo, cli):
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    before = (repo / PHASE_FILE).read_bytes()
    result = cli("record", "list", "二中", "--commit")
    assert result.exit_code == 1
    assert "git 还没有设置提交人的姓名和邮箱" in result.output
    assert (repo / PHASE_FILE).read_bytes() == before


def test_two_clones_record_different_units_and_merge_without_conflict(repo, tmp_path, cli,
                                                                      monkeypatch):
    git(repo, "config", "receive.denyCurrentBranch", "ignore")
    a, b = tmp_path / "甲", tmp_path / "乙"
    git(tmp_path, "clone", "-q", str(repo), str(a))
    git(tmp_path, "clone", "-q", str(repo), str(b))
    set_identity(a, "甲同事", "a@example.com")
    set_identity(b, "乙同事", "b@example.com")

    monkeypatch.chdir(a)
    assert cli("record", "list", "二中", "--date", "2022-01-21", "--commit").exit_code == 0
    git(a, "push", "-q", "origin", "main")
    monkeypatch.chdir(b)
    assert cli("record", "list", "四中", "--date", "2022-01-22", "--note", "逾期补报",
               "--commit").exit_code == 0

    git(b, "fetch", "-q", "origin")
    merged = git(b, "merge", "--no-edit", "origin/main", check=False)
    assert "CONFLICT" not in merged
    assert git(b, "status", "--porcelain") == ""
    text = (b / PHASE_FILE).read_text(encoding="utf-8")
    assert text.endswith("  list:\n    一中: 2022-01-15\n    二中: 2022-01-21\n    三中: 2022-01-16\n"
                         "    四中: {date: 2022-01-22, note: 逾期补报}\n    五中: 2022-01-17\n")
    monkeypatch.chdir(b)
    assert cli("check").exit_code == 0


def test_log_reads_record_history_from_git(repo, cli, monkeypatch):
    assert cli("record", "list", "二中", "--date", "2022-01-21", "--commit").exit_code == 0
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2022-01-28T09:00:00+08:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2022-01-28T09:00:00+08:00")
    git(repo, "config", "user.name", "李四")
    assert cli("record", "list", "二中", "--date", "2022-01-22", "--force", "--commit").exit_code == 0
    result = cli("log", env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    lines = [ln.split() for ln in result.output.splitlines() if ln.strip().startswith("2022-")]
    head = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert lines[0] == ["2022-01-28", "李四", head, "1", "清单报送", "二中", "修改",
                        "2022-01-21", "→", "2022-01-22"]
    assert lines[1][:7] == ["2022-01-26", "张三", git(repo, "rev-parse", "--short=7", "HEAD~1").strip(),
                            "1", "清单报送", "二中", "新增"]
    # the first commit added the three records that were there from the start
    assert [ln[5] for ln in lines[2:]] == ["一中", "三中", "五中"]
    assert "共 5 条变化。" in result.output

    result = cli("log", "--since", "2022-01-27", env={"COLUMNS": "160"})
    assert "共 1 条变化。" in result.output
    result = cli("log", "--phase", "2")
    assert "git 历史中没有登记的变化。" in result.output


def test_log_outside_git(make_data, cli, monkeypatch):
    isolate_git(monkeypatch)
    data = make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(data.parent.parent))
    result = cli("log")
    assert result.exit_code == 1
    assert "不在 git 仓库中" in result.output


def test_notice_ends_with_reproducible_provenance(repo, cli, monkeypatch):
    first = cli("report", "--phase", "1", "--date", "2022-01-24")
    assert first.exit_code == 0, first.output
    commit = git(repo, "rev-parse", "HEAD").strip()[:7]
    assert first.stdout.endswith(f"2022年1月24日\n\n数据版本：{commit}（2022年1月26日提交）。\n")
    # the same commit gives the same notice, however often it is made
    assert cli("report", "--phase", "1", "--date", "2022-01-24").stdout == first.stdout
    # nengli's own lock files do not count as changes
    (repo / "data" / "phases" / ".phase1.yaml.lock").write_text("", encoding="utf-8")
    assert cli("report", "--phase", "1", "--date", "2022-01-24").stdout == first.stdout

    with open(repo / PHASE_FILE, "a", encoding="utf-8") as f:
        f.write("    四中: 2022-01-19\n")
    dirty = cli("report", "--phase", "1", "--date", "2022-01-24").stdout
    assert dirty.endswith(f"数据版本：{commit}（2022年1月26日提交）。\n\n"
                          "注意：数据有未提交的修改，本通报与上述版本不一致。\n")


def test_provenance_outside_git_and_before_the_first_commit(make_data, cli, monkeypatch, tmp_path):
    isolate_git(monkeypatch)
    data = make_data({"units.yaml": ROSTER, "phases/phase1.yaml": PHASE})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = cli("report", "--phase", "1", "--date", "2022-01-24")
    assert result.stdout.endswith("2022年1月24日\n\n数据版本：不在 git 仓库中。\n")
    git(tmp_path, "init", "-q")
    p = provenance(data)
    assert p.in_git and p.commit == "" and p.dirty
    result = cli("report", "--phase", "1", "--date", "2022-01-24")
    assert result.stdout.endswith("数据版本：尚未提交。\n\n注意：数据有未提交的修改，本通报与上述版本不一致。\n")


def test_a_git_that_hangs_is_stopped_with_a_message(repo, cli, monkeypatch):
    import subprocess

    from nengli import gitio

    real = subprocess.run

    def hang(args, **kwargs):  # git log never ends (a huge history on a network drive)
        assert kwargs["timeout"] == gitio.TIMEOUT
        if "log" in args:
            raise subprocess.TimeoutExpired(args, kwargs["timeout"])
        return real(args, **kwargs)

    monkeypatch.setattr(gitio.subprocess, "run", hang)
    before = (repo / PHASE_FILE).read_bytes()
    result = cli("log")
    assert result.exit_code == 1
    assert f"git log 超过 {gitio.TIMEOUT} 秒仍未完成，已停止。" in result.output
    assert (repo / PHASE_FILE).read_bytes() == before


def test_provenance_runs_two_git_processes_in_a_repository_and_one_outside(repo, monkeypatch, tmp_path):
    import subprocess

    started: list[str] = []
    real = subprocess.run

    def counting(args, **kwargs):
        started.append(args[0])
        return real(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    p = provenance(repo / "data")
    assert p.in_git and len(p.commit) == 7 and not p.dirty
    assert started == ["git", "git"]
    (repo / "data" / "units.yaml").write_text(ROSTER + "\n", encoding="utf-8")
    assert provenance(repo / "data").dirty
    started.clear()
    outside = tmp_path.parent / f"{tmp_path.name}-外"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert not provenance(outside).in_git
    assert started == ["git"]


# ---- a phase file whose name Windows kept in capitals -----------------------------------------

PHASE2 = """\
phase: 2
title: 第二阶段
start: 2022-02-01
end: 2022-02-28
tasks:
  - id: plan
    title: 整改方案
    due: 2022-02-20
records:
  plan:
    一中: 2022-02-15
    三中: 2022-02-16
    五中: 2022-02-17
"""


def test_a_phase_file_named_in_capitals_is_merged_by_the_driver_and_logged(repo, tmp_path, cli,
                                                                           monkeypatch):
    # Notepad on Windows saves Phase2.YAML as typed; git on Linux and macOS matches attribute
    # patterns case-sensitively, so "phases/*.yaml" gave it no driver, and log skipped it
    (repo / "data" / "phases" / "Phase2.YAML").write_text(PHASE2, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "第二阶段")
    git(repo, "config", "receive.denyCurrentBranch", "ignore")
    a, b = tmp_path / "甲", tmp_path / "乙"
    for clone, name in ((a, "甲同事"), (b, "乙同事")):
        git(tmp_path, "clone", "-q", str(repo), str(clone))
        set_identity(clone, name, f"{name}@example.com")
    monkeypatch.chdir(a)
    assert cli("record", "plan", "二中", "--date", "2022-02-18", "--commit").exit_code == 0
    git(a, "push", "-q", "origin", "main")
    monkeypatch.chdir(b)
    # 三中 changed next to where 二中 goes, and 四中 added: one hunk for git's line merge
    assert cli("record", "plan", "三中", "--date", "2022-02-19", "--force", "--commit").exit_code == 0
    assert cli("record", "plan", "四中", "--date", "2022-02-21", "--commit").exit_code == 0
    assert "data/phases/*.[yY][aA][mM][lL] merge=nengli" in \
        (b / ".git" / "info" / "attributes").read_text(encoding="utf-8").splitlines()
    assert git(b, "check-attr", "merge", "--", "data/phases/Phase2.YAML") == \
        "data/phases/Phase2.YAML: merge: nengli\n"
    pulled = git(b, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert "CONFLICT" not in pulled
    assert git(b, "status", "--porcelain") == ""
    assert (b / "data" / "phases" / "Phase2.YAML").read_text(encoding="utf-8").endswith(
        "  plan:\n    一中: 2022-02-15\n    二中: 2022-02-18\n    三中: 2022-02-19\n"
        "    四中: 2022-02-21\n    五中: 2022-02-17\n")
    result = cli("log", "--phase", "2", env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    rows = [ln.split()[:7] for ln in result.output.splitlines() if ln.strip().startswith("2022-")]
    assert sorted((r[1], r[3], r[5], r[6]) for r in rows) == sorted([
        ("乙同事", "2", "三中", "修改"), ("乙同事", "2", "四中", "新增"), ("甲同事", "2", "二中", "新增"),
        ("张三", "2", "一中", "新增"), ("张三", "2", "三中", "新增"), ("张三", "2", "五中", "新增")])
