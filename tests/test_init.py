"""nengli init: a new campaign repository that passes nengli check at once."""

from __future__ import annotations

import pytest

from gitutil import git, isolate_git
from nengli.render.notice import default_template


@pytest.fixture
def identity(monkeypatch, tmp_path):
    isolate_git(monkeypatch)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "张三")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "zhangsan@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "张三")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "zhangsan@example.com")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_makes_a_committed_repo_that_checks_clean(identity, cli):
    result = cli("init", "新活动")
    assert result.exit_code == 0, result.output
    repo = identity / "新活动"
    for rel in ("data/units.yaml", "data/phases/phase1.yaml", ".gitignore", "README.md",
                "templates/notice.md.j2"):
        assert f"已建立 {rel}" in result.output
        assert (repo / rel).is_file()
    assert git(repo, "log", "--format=%s|%an") == "新建活动数据仓库（nengli init）|张三\n"
    assert git(repo, "status", "--porcelain") == ""
    assert (repo / "templates" / "notice.md.j2").read_bytes() == default_template().read_bytes()
    assert "*.lock" in (repo / ".gitignore").read_text(encoding="utf-8")
    assert "# 单位名册" in (repo / "data" / "units.yaml").read_text(encoding="utf-8")

    check = cli("check", "--data", str(repo / "data"))
    assert check.exit_code == 0, check.output
    assert check.output == "数据无误：4 个单位，1 个阶段，2 项任务，2 条登记。\n"


def test_record_and_report_work_in_the_new_repo(identity, cli, monkeypatch):
    assert cli("init", "新活动").exit_code == 0
    repo = identity / "新活动"
    monkeypatch.chdir(repo)
    result = cli("record", "meeting", "二中", "--date", "2024-03-09", "--commit")
    assert result.exit_code == 0, result.output
    assert git(repo, "status", "--porcelain") == ""  # the lock file is ignored
    assert git(repo, "log", "-1", "--format=%s") == "登记：动员部署会召开 二中 2024-03-09\n"
    report = cli("report", "--phase", "1", "--date", "2024-03-25")
    assert report.exit_code == 0, report.output
    head = git(repo, "rev-parse", "HEAD").strip()[:7]
    assert report.stdout.endswith(f"数据版本：{head}（2022年1月26日提交）。\n")


def test_init_never_overwrites(identity, cli):
    assert cli("init").exit_code == 0
    units = (identity / "data" / "units.yaml").read_bytes()
    result = cli("init")
    assert result.exit_code == 1
    assert "错误：“.”中已有活动数据（data/units.yaml），不会覆盖。" in result.output
    assert (identity / "data" / "units.yaml").read_bytes() == units


def test_init_without_git_identity_says_how_to_set_it(identity, cli, monkeypatch):
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name)
    # never guess a name from the machine: as on a fresh Windows install with no git config
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.useConfigOnly")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "true")
    result = cli("init", "新活动")
    assert result.exit_code == 1
    assert "git config --global user.name" in result.output
    assert not (identity / "新活动").exists()
