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
    for rel in ("data/units.yaml", "data/phases/phase1.yaml", "data/campaign.yaml", ".gitignore",
                "README.md", "templates/notice.md.j2", "out/说明.txt"):
        assert f"已建立 {rel}" in result.output
        assert (repo / rel).is_file()
    assert git(repo, "log", "--format=%s|%an") == "新建活动数据仓库（nengli init）|张三\n"
    assert git(repo, "status", "--porcelain") == ""
    assert (repo / "templates" / "notice.md.j2").read_bytes() == default_template().read_bytes()
    assert "*.lock" in (repo / ".gitignore").read_text(encoding="utf-8")
    assert "# 单位名册" in (repo / "data" / "units.yaml").read_text(encoding="utf-8")

    check = cli("check", "--data", str(repo / "data"))
    assert check.exit_code == 0, check.output
    assert check.stdout == "数据无误：4 个单位，1 个阶段，2 项任务，2 条登记。\n"


def test_the_new_repo_names_its_categories_as_the_shipped_data_does(identity, cli):
    # a clerk who learnt `--category 局机关处室` on the shipped data types it in a new campaign
    from conftest import SHIPPED
    from nengli.load import load

    assert cli("init", "新活动").exit_code == 0
    shipped, _ = load(SHIPPED)
    new, _ = load(identity / "新活动" / "data")
    assert shipped is not None and new is not None
    names = {c.key: (c.name, c.label) for c in shipped.categories}
    assert [(c.key, c.name, c.label) for c in new.categories] == [
        ("school", "学校", "学校（单位）"), ("institution", "二级机构", "二级机构"),
        ("office", "局机关处室", "局机关各处室")]
    assert all(names[c.key] == (c.name, c.label) for c in new.categories)
    result = cli("status", "--data", str(identity / "新活动" / "data"), "--category", "局机关处室",
                 "--as-of", "2024-03-25", "--json")
    assert result.exit_code == 0, result.output


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


def test_placeholders_of_the_skeleton_are_warned_until_replaced(identity, cli):
    assert cli("init", "新活动").exit_code == 0
    data = identity / "新活动" / "data"
    result = cli("check", "--data", str(data), "--strict")
    assert result.exit_code == 1
    phase = "新活动/data/phases/phase1.yaml"
    for where, text in ((f"{phase}:39:11", "（落款单位）"), (f"{phase}:37:10", "（通报开头的一段话，写明本阶段工作的背景。）"),
                        (f"{phase}:32:19", "（示例：经批准暂缓）"),
                        ("新活动/data/campaign.yaml:5:7", "（活动名称，如：某某市教育局“能力作风建设年”活动）")):
        assert f"{where}: 警告：“{text}”是 nengli init 示例中的占位文字，会原样出现在通报、简报或催报消息中。" \
            in result.output, result.output
    # filled in: no warning, strict check passes
    (data / "campaign.yaml").write_text("name: 某市教育局“能力作风建设年”活动\noffice: 某市教育局办公室\n",
                                        encoding="utf-8")
    text = (data / "phases" / "phase1.yaml").read_text(encoding="utf-8")
    text = text.replace("（示例：经批准暂缓）", "经批准暂缓").replace("（落款单位）", "某市教育局办公室")
    text = text.replace("（通报开头的一段话，写明本阶段工作的背景。）", "为推进活动开展……")
    text = text.replace("（督导方式，例如：采取听取汇报、汇总上报资料等方式进行督导。）", "采取听取汇报的方式。")
    (data / "phases" / "phase1.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "--data", str(data), "--strict")
    assert result.exit_code == 0, result.output


def test_the_readme_commands_of_a_new_repo_work(identity, cli, monkeypatch):
    assert cli("init", "新活动").exit_code == 0
    repo = identity / "新活动"
    monkeypatch.chdir(repo)
    result = cli("report", "--phase", "1", "--out", "out/督导通报.md")
    assert result.exit_code == 0, result.output
    assert (repo / "out" / "督导通报.md").is_file()
    assert git(repo, "status", "--porcelain") == ""  # the output is not for the repository
    remind = cli("remind", "--as-of", "2024-03-25", "--format", "md")
    assert remind.exit_code == 0, remind.output
    assert "——（印发机关，如：某某市教育局“能力作风建设年”活动领导小组办公室）" in remind.stdout
    bulletin = cli("bulletin", "--issue", "1", "--phase", "1", "--date", "2024-03-25")
    assert bulletin.exit_code == 0, bulletin.output
    assert "报：（上级单位，如：市“能力作风建设年”活动领导小组办公室）" in bulletin.stdout
