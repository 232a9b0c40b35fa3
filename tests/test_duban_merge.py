"""duban.yaml merged item by item: the merge itself, and two clerks issuing in two real clones
of one bare remote on the same day, who sync and end with the same record and no number given
twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitutil import git, isolate_git, make_repo, set_identity
from nengli.duban.merge import merge_book
from nengli.load import load
from test_duban import CAMPAIGN, PHASE, UNITS

#: real git: clones and the merge driver: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

HEAD = "items:\n"
A = ("  〔2022〕督办第1-001号:\n    unit: 三中\n    phase: 1\n    task: plan\n    log:\n"
     "      - {date: 2022-01-21, level: 催办, until: 2022-01-26, by: 甲同事}\n")
B = ("  〔2022〕督办第2-001号:\n    unit: 四中\n    phase: 1\n    task: plan\n    log:\n"
     "      - {date: 2022-01-21, level: 催办, until: 2022-01-26, by: 乙同事}\n")


def merged(base: str, ours: str, theirs: str):
    result = merge_book(base.encode(), ours.encode(), theirs.encode())
    assert result is not None
    return result[0].decode("utf-8"), result[1]


def test_items_added_on_both_sides_are_both_kept_ours_first():
    assert merged(HEAD, HEAD + A, HEAD + B) == (HEAD + A + B, 0)
    assert merged("", HEAD + A, HEAD + B) == (HEAD + A + B, 0)
    assert merged(HEAD + A, HEAD + A, HEAD + A + B) == (HEAD + A + B, 0)


def test_lines_added_to_one_item_on_both_sides_are_both_kept_in_date_order():
    escalated = A + "      - {date: 2022-01-27, level: 督办, until: 2022-01-29, by: 甲同事}\n"
    extended = A + "      - {date: 2022-01-25, extend: 2022-02-10, reason: 疫情, by: 乙同事}\n"
    text, conflicts = merged(HEAD + A, HEAD + escalated, HEAD + extended)
    assert conflicts == 0
    assert text == HEAD + A + ("      - {date: 2022-01-25, extend: 2022-02-10, reason: 疫情, by: 乙同事}\n"
                               "      - {date: 2022-01-27, level: 督办, until: 2022-01-29, by: 甲同事}\n")


def test_an_item_removed_on_one_side_and_kept_on_the_other_goes():
    assert merged(HEAD + A + B, HEAD + B, HEAD + A + B) == (HEAD + B, 0)


def test_one_number_for_two_matters_is_a_conflict_with_both_versions():
    other = A.replace("unit: 三中", "unit: 二中")
    text, conflicts = merged(HEAD, HEAD + A, HEAD + other)
    assert conflicts == 1
    assert text == HEAD + "<<<<<<< ours\n" + A + "=======\n" + other + ">>>>>>> theirs\n"


def test_two_closes_of_one_item_are_a_conflict():
    one = A + "      - {date: 2022-01-25, close: 已报送, by: 甲同事}\n"
    two = A + "      - {date: 2022-01-26, close: 经核实已整改, by: 乙同事}\n"
    text, conflicts = merged(HEAD + A, HEAD + one, HEAD + two)
    assert conflicts == 1 and "<<<<<<< ours\n" in text


def test_comments_and_a_bom_and_crlf_survive():
    base = "\ufeff# 督办记录\r\nitems:\r\n" + A.replace("\n", "\r\n")
    ours = base + B.replace("\n", "\r\n")
    theirs = base.replace("# 督办记录", "# 督办记录（第一阶段）")
    text, conflicts = merged(base, ours, theirs)
    assert conflicts == 0
    assert text == theirs + B.replace("\n", "\r\n")


def test_a_record_written_otherwise_is_left_to_git():
    assert merge_book(b"items: {}\n", b"items: {x: 1}\n", b"items:\n") is None


# ---- two clerks, two clones, one remote -----------------------------------------------------

SERIES = CAMPAIGN.replace("  issuer: 督导提升组\n", "  issuer: 督导提升组\n  series: {甲同事: 1, 乙同事: 2}\n")


@pytest.fixture
def office(make_data, monkeypatch, tmp_path):
    isolate_git(monkeypatch)
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE, "campaign.yaml": SERIES})
    (tmp_path / ".gitignore").write_text("*.lock\n*.docx\n", encoding="utf-8")
    make_repo(tmp_path)
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(tmp_path), str(remote))
    clones = {}
    for name in ("甲", "乙"):
        clone = tmp_path / "clones" / name
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        set_identity(clone, f"{name}同事", f"{name}@example.com")
        clones[name] = clone
    return remote, clones


def run(monkeypatch, cli, clone: Path, *args: str):
    monkeypatch.chdir(clone)
    result = cli(*args)
    assert result.exit_code == 0, (args, result.output)
    return result


@pytest.mark.slow
def test_two_clerks_issuing_on_the_same_day_never_give_one_number_twice(office, cli, monkeypatch):
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    # the same day, before either syncs: each numbers in their own series
    run(monkeypatch, cli, a, "duban", "issue", "三中", "plan", "--date", "2022-01-21", "--commit")
    run(monkeypatch, cli, b, "duban", "issue", "四中", "plan", "--date", "2022-01-21", "--commit")
    run(monkeypatch, cli, b, "duban", "issue", "三中", "meet", "--date", "2022-01-21", "--commit")
    for name in ("甲", "乙", "甲"):
        run(monkeypatch, cli, clones[name], "sync")
    texts = {(c / "data" / "duban.yaml").read_bytes() for c in clones.values()}
    assert len(texts) == 1
    campaign, problems = load(a / "data")
    assert not [p for p in problems if p.is_error]
    numbers = sorted((i.number, i.unit, i.task) for i in campaign.items)
    assert numbers == [("〔2022〕督办第1-001号", "三中", "plan"), ("〔2022〕督办第2-001号", "四中", "plan"),
                       ("〔2022〕督办第2-002号", "三中", "meet")]
    # the next round: each adds to the other's item and issues again, on one day
    run(monkeypatch, cli, a, "record", "plan", "四中", "--date", "2022-01-24", "--commit")
    run(monkeypatch, cli, a, "duban", "close", "2-001", "--evidence", "已报送", "--date", "2022-01-24",
        "--commit")
    run(monkeypatch, cli, a, "duban", "issue", "三中", "cases", "--date", "2022-01-29", "--commit")
    run(monkeypatch, cli, b, "duban", "extend", "1-001", "--until", "2022-02-10", "--reason", "疫情",
        "--date", "2022-01-24", "--commit")
    run(monkeypatch, cli, b, "duban", "issue", "二中", "cases", "--date", "2022-01-29", "--commit")
    for name in ("乙", "甲", "乙"):
        run(monkeypatch, cli, clones[name], "sync")
    texts = {(c / "data" / "duban.yaml").read_bytes() for c in clones.values()}
    assert len(texts) == 1
    text = texts.pop().decode("utf-8")
    assert "<<<<<<<" not in text
    for clone in clones.values():
        assert git(clone, "status", "--porcelain") == ""
        assert run(monkeypatch, cli, clone, "check").exit_code == 0
    campaign, _ = load(a / "data")
    numbers = [i.number for i in campaign.items]
    assert sorted(numbers) == ["〔2022〕督办第1-001号", "〔2022〕督办第1-002号", "〔2022〕督办第2-001号",
                               "〔2022〕督办第2-002号", "〔2022〕督办第2-003号"]
    by = {i.number: [(s.kind, s.by) for s in i.steps] for i in campaign.items}
    assert by["〔2022〕督办第1-001号"] == [("notice", "甲同事"), ("extend", "乙同事")]
    assert by["〔2022〕督办第2-001号"] == [("notice", "乙同事"), ("close", "甲同事")]


def test_a_shared_repository_without_series_refuses_to_number(make_data, cli, monkeypatch, tmp_path):
    isolate_git(monkeypatch)
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE, "campaign.yaml": CAMPAIGN})
    make_repo(tmp_path)
    git(tmp_path, "remote", "add", "origin", str(tmp_path / "remote.git"))
    result = cli("duban", "issue", "三中", "plan", "--date", "2022-01-21")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "错误：这个仓库与同事共用（设有远程仓库），而 data/campaign.yaml 没有设置编号段，几位同事同一天发单会编出相同的编号。\n"
        "  提示：请在 data/campaign.yaml 中为每位发单的同事设一个编号段，例如：duban: {series: {张三: 1, 李四: 2}}")
    assert not (tmp_path / "data" / "duban.yaml").exists()
    # a clerk the series do not name is told which name to add
    (tmp_path / "data" / "campaign.yaml").write_text(SERIES, encoding="utf-8")
    stranger = cli("duban", "issue", "三中", "plan", "--date", "2022-01-21")
    assert stranger.exit_code == 1
    assert stranger.stderr.startswith(
        "错误：data/campaign.yaml 的编号段 duban.series 中没有“张三”（本机 git 的 user.name），无法编号。")


def test_the_conflicts_are_named_with_their_number_and_why():
    from nengli.duban.merge import conflicts

    other = A.replace("unit: 三中", "unit: 二中")
    assert conflicts(HEAD.encode(), (HEAD + A).encode(), (HEAD + other).encode()) == [
        ("〔2022〕督办第1-001号", "两边是不同的事项")]
    changed = A + "      - {date: 2022-01-25, close: 已报送}\n"
    assert conflicts((HEAD + A).encode(), HEAD.encode(), (HEAD + changed).encode()) == [
        ("〔2022〕督办第1-001号", "一边删除了这个事项，另一边又有新的记录")]
    assert conflicts(HEAD.encode(), (HEAD + A).encode(), (HEAD + B).encode()) == []


@pytest.mark.slow
def test_one_series_in_two_clones_is_stopped_at_sync_and_explained(office, cli, monkeypatch):
    _remote, clones = office
    a, b = clones["甲"], clones["乙"]
    set_identity(b, "甲同事", "jia2@example.com")  # the same name on a second computer
    run(monkeypatch, cli, a, "duban", "issue", "三中", "plan", "--date", "2022-01-21", "--commit")
    run(monkeypatch, cli, b, "duban", "issue", "四中", "plan", "--date", "2022-01-21", "--commit")
    run(monkeypatch, cli, a, "sync")
    head = git(b, "rev-parse", "HEAD")
    before = (b / "data" / "duban.yaml").read_bytes()
    monkeypatch.chdir(b)
    result = cli("sync")
    assert result.exit_code == 1
    assert "data/duban.yaml：督办编号 〔2022〕督办第1-001号 两边不一致（两边是不同的事项），无法自动合并。" in result.stderr
    assert "多半是两人用了同一个编号段" in result.stderr
    assert git(b, "rev-parse", "HEAD") == head
    assert (b / "data" / "duban.yaml").read_bytes() == before
