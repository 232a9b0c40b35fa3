"""nengli rollup with real git: district repositories with their own rosters and records, bundles
exported and carried to a city repository, fetched into their own namespace, read at the pinned
commits; and a province over two cities.

Every repository is made here with pinned identities and dates, so every commit id, and every
output that names one, is the same on every machine.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import write_data
from gitutil import git, isolate_git

#: real git repositories and bundles of several districts: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

AS_OF = "2022-01-24"

CATEGORIES = """\
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}
"""

TASKS = """\
phase: 1
title: 第一阶段
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
"""

GULOU_UNITS = CATEGORIES + """\
units:
  - {id: 一中, name: 鼓楼区第一中学, category: school}
  - {id: 二中, name: 鼓楼区第二中学, category: school}
  - {id: 办公室, name: 鼓楼区教育局办公室, category: office}
"""
GULOU_RECORDS = """\
records:
  meet:
    一中: 2022-01-09
    二中: 2022-01-12
  list:
    一中: 2022-01-15
    办公室: {exempt: 经批准暂缓}
"""

JINSHUI_UNITS = CATEGORIES + """\
units:
  - {id: 四中, name: 金水区第四中学, category: school}
  - {id: 五中, name: 金水区第五中学, category: school}
  - {id: 六中, name: 金水区第六中学, category: school}
  - {id: 科室, name: 金水区教育局科室, category: office}
"""
JINSHUI_RECORDS = """\
records:
  meet:
    四中: 2022-01-08
    五中: 2022-01-10
  list:
    四中: 2022-01-19
    六中: 2022-01-21
"""

CITY_UNITS = CATEGORIES + """\
units:
  - {id: 24中, name: 郑州市第二十四中学, category: school}
  - {id: 31中, name: 郑州市第三十一中学, category: school}
  - {id: 局办公室, name: 郑州市教育局办公室, category: office}
"""
CITY_RECORDS = """\
records:
  meet:
    24中: 2022-01-09
  list:
    31中: 2022-01-18
"""

CITY_ROLLUP = """\
# 郑州市：市直单位和各区县
districts:
  - {code: "410100", name: 市直, source: .}
  - {code: "410102", name: 鼓楼区, source: bundle, contact: 王老师, phone: 0371-00000001}
  - {code: "410105", name: 金水区, source: ../金水区}
  - {code: "410108", name: 惠济区, source: bundle, contact: 李老师}
"""


def put(repo: Path, files: dict[str, str]) -> None:
    """Write files of the data folder, leaving the others as they are."""
    for rel, text in files.items():
        path = repo / "data" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit_all(repo: Path, message: str, date: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return git(repo, "rev-parse", "HEAD").strip()


def campaign_repo(folder: Path, units: str, records: str, date: str, *, code: str = "",
                  name: str = "", extra: dict[str, str] | None = None,
                  gitignore: str = "*.lock\n!rollup.lock\n/数据包/\n") -> Path:
    """A campaign repository made as nengli init would leave it, with one commit at ``date``."""
    folder.mkdir(parents=True)
    files = {"units.yaml": units, "phases/phase1.yaml": TASKS + records}
    if code:
        files["campaign.yaml"] = f'rollup: {{code: "{code}", name: {name}}}\n'
    write_data(folder, {**files, **(extra or {})})
    (folder / ".gitignore").write_text(gitignore, encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", f"{name or folder.name}办公室")
    git(folder, "config", "user.email", "office@example.com")
    commit_all(folder, "数据", date)
    return folder


@pytest.fixture
def at(monkeypatch):
    """``at(folder)``: run the next commands from that folder."""
    def go(folder: Path) -> None:
        monkeypatch.chdir(folder)
    return go


@pytest.fixture
def world(tmp_path, monkeypatch):
    """Two districts (鼓楼区 sends bundles, 金水区 is read from its repository's folder) and a
    city with its own units and a rollup.yaml that also lists 惠济区, which never sends."""
    isolate_git(monkeypatch)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    gulou = campaign_repo(tmp_path / "鼓楼区", GULOU_UNITS, GULOU_RECORDS,
                          "2022-01-24T16:40:00+08:00", code="410102", name="鼓楼区")
    jinshui = campaign_repo(tmp_path / "金水区", JINSHUI_UNITS, JINSHUI_RECORDS,
                            "2022-01-23T09:12:00+08:00", code="410105", name="金水区")
    city = campaign_repo(tmp_path / "郑州市", CITY_UNITS, CITY_RECORDS, "2022-01-24T08:30:00+08:00",
                         code="410100", name="郑州市", extra={"rollup.yaml": CITY_ROLLUP})
    (city / "数据包").mkdir()

    class World:
        pass

    w = World()
    w.root, w.gulou, w.jinshui, w.city = tmp_path, gulou, jinshui, city
    w.bundles = city / "数据包"
    return w


def export(cli, at, repo: Path, out: Path, *args: str):
    at(repo)
    result = cli("rollup", "export", "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return result


def fetch(cli, at, city: Path, *args: str):
    at(city)
    return cli("rollup", "fetch", *args)


def ready(cli, at, w) -> None:
    """鼓楼区's bundle carried to the city, and everything fetched."""
    export(cli, at, w.gulou, w.bundles)
    result = fetch(cli, at, w.city)
    assert result.exit_code == 0, result.output


def own_status(cli, at, repo: Path) -> dict:
    at(repo)
    result = cli("status", "--json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


COUNTS = ("applicable", "on_time", "late", "missing", "pending", "exempt")


# ---- the whole round ---------------------------------------------------------------------------

def test_export_writes_a_verified_bundle_named_after_the_district_and_its_data(cli, at, world):
    result = export(cli, at, world.gulou, world.bundles)
    bundle = world.bundles / "鼓楼区-20220124.bundle"
    assert bundle.is_file()
    assert "鼓楼区的数据截至 1月24日 16:40" in result.stdout and "已通过校验" in result.stdout
    assert git(world.gulou, "bundle", "verify", str(bundle)).count("refs/heads/main") == 1
    assert not list(world.bundles.glob("*.tmp"))


def test_fetch_pins_each_district_in_a_committed_lock_and_never_touches_the_branch(cli, at, world):
    export(cli, at, world.gulou, world.bundles)
    head_before = git(world.city, "rev-parse", "HEAD").strip()
    result = fetch(cli, at, world.city)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "市直　已更新：版本 " + head_before[:7] + "，数据截至 1月24日 08:30",
        "鼓楼区　已更新：版本 " + git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
        + "，数据截至 1月24日 16:40，来自 鼓楼区-20220124.bundle",
        "金水区　已更新：版本 " + git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
        + "，数据截至 1月23日 09:12，来自 ../金水区",
        "惠济区　没有数据包",
        f"已写入并提交 rollup.lock（提交 {git(world.city, 'rev-parse', '--short=7', 'HEAD').strip()}）。",
    ]
    lock = (world.city / "data" / "rollup.lock").read_text(encoding="utf-8")
    gulou = git(world.gulou, "rev-parse", "HEAD").strip()
    assert f'  - code: "410102"\n    name: "鼓楼区"\n    commit: "{gulou}"\n' \
           '    time: "2022-01-24T16:40:00+08:00"\n    data: "data"\n    from: "鼓楼区-20220124.bundle"\n' in lock
    assert "410108" not in lock  # 惠济区 sent nothing: no pin
    # the lock is committed (not ignored although *.lock is), alone, on top of the branch
    assert git(world.city, "status", "--porcelain").strip() == ""
    assert git(world.city, "log", "-1", "--format=%P %s").split()[0] == head_before
    assert git(world.city, "show", "--name-only", "--format=", "HEAD").split() == ["data/rollup.lock"]
    # the districts' commits are in their own refs, not branches, never checked out
    refs = git(world.city, "for-each-ref", "--format=%(refname) %(objectname)").splitlines()
    assert f"refs/rollup/410102/head {gulou}" in refs
    assert git(world.city, "branch", "--format=%(refname)").split() == ["refs/heads/main"]
    assert sorted(p.name for p in world.city.iterdir()) == [".git", ".gitignore", "data", "数据包"]


def test_rollup_status_json_totals_are_the_sum_of_each_districts_own_status(cli, at, world):
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "status", "--json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    city = json.loads(result.stdout)
    own = [own_status(cli, at, repo) for repo in (world.city, world.gulou, world.jinshui)]
    # the shape of status --json, then the districts
    assert list(city)[:4] == list(own[0])[:4] == ["phase", "title", "as_of", "tasks"]
    assert set(own[0]) <= set(city) and {"districts", "term"} <= set(city)
    for i, task in enumerate(city["tasks"]):
        assert {k: task[k] for k in COUNTS} == {k: sum(o["tasks"][i][k] for o in own) for k in COUNTS}
        assert task["laggards"] == [f"{name}·{u}" for name, o in zip(("市直", "鼓楼区", "金水区"), own)
                                    for u in o["tasks"][i]["laggards"]]
    assert city["tasks"][0]["laggards"] == ["市直·31中", "鼓楼区·二中", "金水区·六中"]
    districts = {d["name"]: d for d in city["districts"]}
    assert [d["name"] for d in city["districts"]] == ["市直", "鼓楼区", "金水区", "惠济区"]
    for name, o in zip(("市直", "鼓楼区", "金水区"), own):
        assert [{k: t[k] for k in COUNTS} for t in districts[name]["tasks"]] == \
               [{k: t[k] for k in COUNTS} for t in o["tasks"]]
    gulou = districts["鼓楼区"]
    assert gulou["commit"] == git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
    assert gulou["time"] == "2022-01-24T16:40:00+08:00" and gulou["state"] == "ok"
    assert gulou["from"] == "鼓楼区-20220124.bundle" and gulou["units"] == 3
    assert districts["惠济区"] == {
        "code": "410108", "name": "惠济区", "label": "惠济区", "state": "missing", "commit": None,
        "full_commit": None, "time": None, "from": None, "contact": "李老师", "phone": "",
        "units": 0, "laggard_units": 0, "tasks": []}


def test_rollup_status_shows_each_districts_data_version(cli, at, world, golden):
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "status", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    gulou = git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
    line = next(ln for ln in result.stdout.splitlines() if ln.strip().startswith("鼓楼区"))
    assert line.split() == ["鼓楼区", "410102", "1月24日", "16:40", gulou, "3", "1", "已报送"]
    assert "  清单报送（6）：市直·24中、市直·局办公室、鼓楼区·二中、金水区·五中、金水区·六中、金水区·科室" \
        in result.stdout
    assert result.stderr.startswith("data/rollup.yaml:6:12: 警告：惠济区（代码 410108）还没有报送数据（联系人：李老师）。")
    golden("rollup-status.txt", result.stdout)


def test_the_city_notice_names_late_districts_and_every_data_version(cli, at, world, golden):
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "report", "--phase", "1", "--date", AS_OF)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "2. 各区县数据报送情况汇总：除惠济区（尚未报送）外，其它区县均已按时报送数据。" in text
    assert "1. 督查学校7所，局机关处室3个。" in text
    assert "除市直·31中、鼓楼区·二中、金水区·六中未按时报送外" in text
    gulou = git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
    assert f"鼓楼区数据截至1月24日 16:40，版本{gulou}；" in text and text.rstrip().endswith("惠济区未报送数据。")
    golden("rollup-report.md", text)
    facts = json.loads(cli("rollup", "report", "--phase", "1", "--date", AS_OF, "--format", "json").stdout)
    assert [d["state"] for d in facts["campaign"]["districts"]["districts"]] == ["ok", "ok", "ok", "missing"]


def test_the_same_lock_gives_the_same_bytes(cli, at, world, tmp_path):
    ready(cli, at, world)
    at(world.city)
    runs = [[cli("rollup", *args).stdout for args in (
        ("status", "--as-of", AS_OF), ("status", "--json", "--as-of", AS_OF),
        ("report", "--phase", "1", "--date", AS_OF), ("check", "--as-of", AS_OF))]]
    board = tmp_path / "看板.html"
    os.environ["SOURCE_DATE_EPOCH"] = "1643000000"
    try:
        pages = []
        for _ in range(2):
            assert cli("rollup", "board", "--as-of", AS_OF, "--out", str(board)).exit_code == 0
            pages.append(board.read_bytes())
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert pages[0] == pages[1]
    # fetching again brings nothing new: the lock and every output stay as they were
    lock = (world.city / "data" / "rollup.lock").read_bytes()
    again = fetch(cli, at, world.city)
    assert again.exit_code == 0 and again.stdout.splitlines()[-1] == "rollup.lock 没有变化。"
    assert "鼓楼区　没有新数据：" in again.stdout
    assert (world.city / "data" / "rollup.lock").read_bytes() == lock
    # a district moving on changes nothing until the city fetches again
    (world.jinshui / "data" / "phases" / "phase1.yaml").write_text(
        TASKS + JINSHUI_RECORDS + "    五中: 2022-01-20\n", encoding="utf-8")
    commit_all(world.jinshui, "五中 清单", "2022-01-24T17:00:00+08:00")
    at(world.city)
    runs.append([cli("rollup", *args).stdout for args in (
        ("status", "--as-of", AS_OF), ("status", "--json", "--as-of", AS_OF),
        ("report", "--phase", "1", "--date", AS_OF), ("check", "--as-of", AS_OF))])
    assert runs[0] == runs[1]


# ---- bundles that must not be read --------------------------------------------------------------

def _tamper(path: Path, at_fraction: float = 0.6) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at_fraction)] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage, reason", [
    ("flip", "其中的数据已损坏或被改动"),
    ("truncate", "其中的数据已损坏或被改动"),
    ("header", "头部列出的 refs/heads/main 不在其中的数据里（数据包被改动过）"),
    ("not-a-bundle", "这不是 git 数据包（开头的标记不对）"),
])
def test_a_damaged_or_altered_bundle_is_refused_before_anything_is_read(cli, at, world, damage, reason):
    export(cli, at, world.gulou, world.bundles)
    bundle = world.bundles / "鼓楼区-20220124.bundle"
    data = bundle.read_bytes()
    if damage == "flip":
        _tamper(bundle)
    elif damage == "truncate":
        bundle.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "header":
        head, _, pack = data.partition(b"\n\n")
        lines = head.split(b"\n")
        lines = [ln[:-len(b"refs/heads/main")].replace(ln[:40], b"0" * 39 + b"1") + b"refs/heads/main"
                 if ln.endswith(b"refs/heads/main") else ln for ln in lines]
        bundle.write_bytes(b"\n".join(lines) + b"\n\n" + pack)
    else:
        bundle.write_bytes("鼓楼区的数据\n".encode("utf-8"))
    result = fetch(cli, at, world.city)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"数据包/鼓楼区-20220124.bundle: 错误：数据包“鼓楼区-20220124.bundle”没有通过校验：{reason}")
    assert "请对方重新运行 nengli rollup export" in result.stderr
    assert "鼓楼区　未能取回" in result.stdout
    assert '"410102"' not in (world.city / "data" / "rollup.lock").read_text(encoding="utf-8")
    assert "rollup" not in git(world.city, "for-each-ref", "--format=%(refname)", "refs/rollup/410102")
    assert git(world.city, "for-each-ref", "refs/rollup-incoming").strip() == ""


def test_a_bundle_of_another_district_is_refused(cli, at, world):
    export(cli, at, world.jinshui, world.bundles, "--name", "金水")
    (world.bundles / "金水-20220123.bundle").rename(world.bundles / "鼓楼区-20220123.bundle")
    result = fetch(cli, at, world.city)
    assert result.exit_code == 1
    assert "鼓楼区（代码 410102）的数据中，campaign.yaml 写明这是金水区（410105）的活动数据。" in result.stderr
    assert '"410102"' not in (world.city / "data" / "rollup.lock").read_text(encoding="utf-8")


def test_an_older_bundle_never_replaces_the_pinned_data(cli, at, world):
    ready(cli, at, world)
    old = world.bundles / "鼓楼区-20220124.bundle"
    kept = old.read_bytes()
    (world.gulou / "data" / "phases" / "phase1.yaml").write_text(
        TASKS + GULOU_RECORDS + "    二中: 2022-01-25\n", encoding="utf-8")
    commit_all(world.gulou, "二中 清单", "2022-01-25T10:00:00+08:00")
    export(cli, at, world.gulou, world.bundles)
    assert (world.bundles / "鼓楼区-20220125.bundle").is_file()
    result = fetch(cli, at, world.city)  # both bundles in the folder: the newer one is taken
    assert "鼓楼区　已更新：版本 " + git(world.gulou, "rev-parse", "--short=7", "HEAD").strip() in result.stdout
    (world.bundles / "鼓楼区-20220125.bundle").unlink()
    assert old.read_bytes() == kept
    lock = (world.city / "data" / "rollup.lock").read_bytes()
    result = fetch(cli, at, world.city)  # only the older one left
    assert result.exit_code == 0, result.output
    assert "鼓楼区　仍用原版本" in result.stdout
    assert "比已汇总的版本" in result.stderr and "还旧，没有采用" in result.stderr
    assert (world.city / "data" / "rollup.lock").read_bytes() == lock
    assert git(world.city, "rev-parse", "refs/rollup/410102/head").strip() == \
        git(world.gulou, "rev-parse", "HEAD").strip()


def test_bundles_nobody_claims_are_named(cli, at, world):
    (world.bundles / "新建文件夹.bundle").write_bytes(b"x")
    result = fetch(cli, at, world.city)
    assert "数据包/新建文件夹.bundle: 警告：数据包“新建文件夹.bundle”不属于 rollup.yaml 中收数据包的任何区县" \
        in result.stderr
    assert "收数据包的区县：鼓楼区、惠济区" in result.stderr


# ---- rollup check ----------------------------------------------------------------------------------

def test_the_same_unit_in_two_districts_is_reported_with_both_commits(cli, at, world):
    units = JINSHUI_UNITS + "  - {id: 一中, name: 鼓楼区第一中学, category: school}\n"
    (world.jinshui / "data" / "units.yaml").write_text(units, encoding="utf-8")
    commit_all(world.jinshui, "名册", "2022-01-24T09:00:00+08:00")
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "check", "--as-of", AS_OF)
    assert result.exit_code == 1
    g = git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
    j = git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
    line = units.splitlines().index("  - {id: 一中, name: 鼓楼区第一中学, category: school}") + 1
    assert (f"金水区@{j}:data/units.yaml:{line}:10: 错误：单位“鼓楼区第一中学”同时在鼓楼区（版本 {g}，简称“一中”，"
            f"鼓楼区@{g}:data/units.yaml:5:10）和金水区（版本 {j}，简称“一中”）的名册中，汇总时计算了两次。") in result.stderr
    assert "共 1 个错误，1 个警告。" in result.stderr


def test_a_district_that_changed_a_deadline_is_shown_and_the_city_date_counts(cli, at, world):
    (world.jinshui / "data" / "phases" / "phase1.yaml").write_text(
        (TASKS + JINSHUI_RECORDS).replace("due: 2022-01-20", "due: 2022-01-25"), encoding="utf-8")
    commit_all(world.jinshui, "延期", "2022-01-23T09:12:00+08:00")
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "check", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    j = git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
    assert (f"金水区@{j}:data/phases/phase1.yaml:10:9: 警告：金水区（版本 {j}）把任务“清单报送”的截止日期定为 "
            "2022年1月25日，市里为 2022年1月20日；汇总按市里的截止日期计算。") in result.stderr
    assert "  10 |   - id: list\n     |         ^" in result.stderr
    assert cli("rollup", "check", "--as-of", AS_OF, "--strict").exit_code == 1
    # 金水区 thinks 六中 (1月21日) on time; the city's date makes it late, and 五中 missing
    own = own_status(cli, at, world.jinshui)["tasks"][1]
    assert (own["on_time"], own["late"], own["missing"]) == (2, 0, 0)
    at(world.city)
    jinshui = next(d for d in json.loads(cli("rollup", "status", "--json", "--as-of", AS_OF).stdout)
                   ["districts"] if d["name"] == "金水区")
    assert {k: jinshui["tasks"][1][k] for k in ("on_time", "late", "missing")} == \
           {"on_time": 1, "late": 1, "missing": 2}


def test_every_other_difference_from_the_city_definition(cli, at, world):
    phase = (TASKS.replace("applies_to: [school]", "applies_to: [school, office]")
             .replace("title: 清单报送", "title: 清单")
             + "  - {id: safety, title: 安全检查, due: 2022-01-22}\n" + JINSHUI_RECORDS)
    units = JINSHUI_UNITS.replace("  office:", "  primary: {name: 小学, counter: 所}\n  office:") \
        + "  - {id: 一小, category: primary}\n"
    put(world.jinshui, {"phases/phase1.yaml": phase, "units.yaml": units,
                               "phases/phase9.yaml": TASKS.replace("phase: 1", "phase: 9")})
    commit_all(world.jinshui, "改动", "2022-01-23T09:12:00+08:00")
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "check", "--as-of", AS_OF)
    j = git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
    said = result.stderr
    for text in (f"金水区（版本 {j}）的类别“primary”（小学）市里没有，这一类的 1 个单位不计入汇总。",
                 f"金水区（版本 {j}）的任务“动员部署会召开”适用于学校、局机关处室，市里为学校；汇总按市里的范围计算。",
                 f"金水区（版本 {j}）把任务 list 称为“清单”，市里为“清单报送”；汇总用市里的名称。",
                 f"金水区（版本 {j}）的第一阶段中有市里没有的任务“安全检查”（safety），不计入汇总。",
                 f"金水区（版本 {j}）的第一阶段（phase: 9）市里没有，不计入汇总。"):
        assert text in said
    assert result.exit_code == 0
    status = json.loads(cli("rollup", "status", "--json", "--as-of", AS_OF).stdout)
    assert next(d for d in status["districts"] if d["name"] == "金水区")["tasks"][0]["applicable"] == 3


def test_a_district_without_a_task_counts_it_missing(cli, at, world):
    put(world.jinshui, {"phases/phase1.yaml": TASKS.split("  - id: list")[0]
                               + "records:\n  meet:\n    四中: 2022-01-08\n"})
    commit_all(world.jinshui, "少一项", "2022-01-23T09:12:00+08:00")
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "check", "--as-of", AS_OF)
    j = git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
    assert (f"金水区@{j}:data/phases/phase1.yaml:1:8: 警告：金水区（版本 {j}）的第一阶段中没有任务“清单报送”（list），"
            "该任务都按未报统计。") in result.stderr
    status = json.loads(cli("rollup", "status", "--json", "--as-of", AS_OF).stdout)
    jinshui = next(d for d in status["districts"] if d["name"] == "金水区")
    assert jinshui["tasks"][1]["missing"] == 4


def test_a_districts_data_errors_are_named_with_district_and_commit(cli, at, world):
    put(world.jinshui, {"phases/phase1.yaml": TASKS + JINSHUI_RECORDS.replace(
        "五中: 2022-01-10", "五中: 2022-01-32")})
    commit_all(world.jinshui, "写错", "2022-01-23T09:12:00+08:00")
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "check", "--as-of", AS_OF)
    assert result.exit_code == 1
    j = git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
    assert (f"金水区@{j}:data/phases/phase1.yaml:16:9: 错误：单位“五中”的报送日期“2022-01-32”不是有效的日期："
            "2022年1月没有32日。") in result.stderr
    assert "  16 |     五中: 2022-01-32" in result.stderr
    assert f"data/rollup.yaml:5:12: 警告：金水区的数据（版本 {j}）有 1 个错误，本次没有计入汇总。" in result.stderr
    # the views go on with the districts that can be used, and say which is left out
    status = cli("rollup", "status", "--as-of", AS_OF)
    assert status.exit_code == 0
    assert "数据有误，未计入" in next(ln for ln in status.stdout.splitlines() if "金水区" in ln)
    report = cli("rollup", "report", "--phase", "1", "--date", AS_OF).stdout
    assert "除金水区（数据有误，未计入）、惠济区（尚未报送）外，其它区县均已按时报送数据。" in report
    assert "金水区·" not in report


def test_stale_and_missing_districts_are_chased(cli, at, world):
    export(cli, at, world.gulou, world.bundles)
    at(world.city)
    fetch(cli, at, world.city)
    at(world.city)
    # 金水区's data are of 1月23日: current on 1月24日, 9 days old on 2月1日
    result = cli("rollup", "check", "--as-of", "2022-02-01")
    j = git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
    assert (f"data/rollup.yaml:5:12: 警告：金水区的数据截至 1月23日 09:12（版本 {j}），距统计日期已有 9 天"
            "（超过 7 天即算过期）。") in result.stderr
    assert "市直的数据截至" not in result.stderr  # the city's own units: current as of the fetch
    # older than a deadline that has passed: reports after the commit are not in it
    result = cli("rollup", "check", "--as-of", "2022-01-21")
    assert "金水区" not in result.stderr
    (world.city / "data" / "rollup.yaml").write_text(CITY_ROLLUP + "stale_days: 30\n", encoding="utf-8")
    report = cli("rollup", "report", "--phase", "1", "--date", "2022-02-01").stdout
    assert "除惠济区（尚未报送）外，其它区县均已按时报送数据。" in report
    put(world.city, {"phases/phase1.yaml": TASKS.replace("due: 2022-01-20", "due: 2022-01-23")
                            + CITY_RECORDS, "rollup.yaml": CITY_ROLLUP + "stale_days: 30\n"})
    result = cli("rollup", "check", "--as-of", AS_OF)
    assert (f"金水区的数据截至 1月23日 09:12（版本 {j}），不晚于任务“清单报送”的截止日期（1月23日），"
            "此后报送的登记都不在其中。") in result.stderr
    report = cli("rollup", "report", "--phase", "1", "--date", AS_OF).stdout
    assert "除金水区（数据截至1月23日）、惠济区（尚未报送）外，其它区县均已按时报送数据。" in report
    status = cli("rollup", "status", "--as-of", AS_OF).stdout
    assert "需要催报的区县：\n  金水区（数据过期，数据截至 1月23日 09:12）\n  惠济区（未报送，联系人：李老师）" in status


def test_the_citys_own_newer_records_wait_for_fetch(cli, at, world):
    ready(cli, at, world)
    put(world.city, {"phases/phase1.yaml": TASKS + CITY_RECORDS + "    24中: 2022-01-24\n"})
    commit_all(world.city, "24中 清单", "2022-01-24T19:00:00+08:00")
    at(world.city)
    result = cli("rollup", "check", "--as-of", AS_OF)
    assert "市直（本仓库的单位）在汇总所用的版本" in result.stderr and "之后又有提交" in result.stderr
    fetch(cli, at, world.city)
    assert "之后又有提交" not in cli("rollup", "check", "--as-of", AS_OF).stderr


# ---- the files ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, where, message", [
    (CITY_ROLLUP.replace('"410105"', '"410102"'), "data/rollup.yaml:5:12",
     "区县代码“410102”重复（第一次在第4行）。"),
    (CITY_ROLLUP.replace("name: 金水区", "name: 金水区/二七区"), "data/rollup.yaml:5:28",
     "区县名称“金水区/二七区”中有“/”，名称中不能有这个字符。"),
    (CITY_ROLLUP.replace('code: "410105"', 'code: "4101 05"'), "data/rollup.yaml:5:12",
     "区县代码“4101 05”只能由数字、英文字母、“-”和“_”组成（不超过 40 个字符）。"),
    (CITY_ROLLUP.replace("source: ../金水区}", "branch: main}"), "data/rollup.yaml:5:5",
     "区县缺少必填项“source”。"),
    (CITY_ROLLUP.replace("source: ../金水区", "source: -u"), "data/rollup.yaml:5:41",
     "数据来源 source“-u”的写法不对：不能以“-”开头，分支名中不能有空格。"),
    ("districts: []\n", "data/rollup.yaml:1:1", "rollup.yaml 的 districts 中没有任何区县。"),
    ("districts:\n  - {code: 1, name: 甲, source: bundle, sorce: x}\n", "data/rollup.yaml:2:40",
     "不认识的字段“sorce”，它会被忽略。是不是“source”？"),
])
def test_rollup_yaml_mistakes_are_located(cli, at, world, text, where, message):
    put(world.city, {"rollup.yaml": text})
    at(world.city)
    result = cli("rollup", "status", "--as-of", AS_OF)
    assert f"{where}: " in result.stderr and message in result.stderr, result.stderr
    if "警告" not in result.stderr.split(where)[1][:4]:
        assert result.exit_code == 1


def test_without_rollup_yaml(cli, at, world):
    (world.city / "data" / "rollup.yaml").unlink()
    at(world.city)
    result = cli("rollup", "status")
    assert result.exit_code == 1
    assert result.stderr.startswith("data/rollup.yaml: 错误：没有 data/rollup.yaml：这个活动仓库还没有列出要汇总的区县。")


def test_a_lock_edited_by_hand_is_located(cli, at, world):
    ready(cli, at, world)
    lock = world.city / "data" / "rollup.lock"
    text = lock.read_text(encoding="utf-8")
    gulou = git(world.gulou, "rev-parse", "HEAD").strip()
    lock.write_text(text.replace(gulou, gulou[:7]), encoding="utf-8")
    at(world.city)
    result = cli("rollup", "status", "--as-of", AS_OF)
    assert result.exit_code == 1
    line = text.splitlines().index(f'    commit: "{gulou}"') + 1
    assert f'data/rollup.lock:{line}:13: 错误：rollup.lock 中的提交编号 commit“{gulou[:7]}”不对。' in result.stderr
    assert "git checkout -- data/rollup.lock" in result.stderr


def test_a_pinned_commit_this_clone_lacks(cli, at, world, tmp_path):
    ready(cli, at, world)
    clone = tmp_path / "同事"
    git(tmp_path, "clone", "-q", "--no-local", str(world.city), str(clone))
    at(clone)
    result = cli("rollup", "status", "--as-of", AS_OF)
    assert result.exit_code == 0
    g = git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
    assert f"鼓楼区@{g}:data: 警告：" not in result.stderr
    assert f"data/rollup.yaml:4:12: 警告：鼓楼区的数据（版本 {g}）有 1 个错误，本次没有计入汇总。" in result.stderr
    check = cli("rollup", "check", "--as-of", AS_OF)
    assert f"鼓楼区@{g}:data: 错误：本仓库中没有鼓楼区的版本 {g}（rollup.lock 记录的版本）。" in check.stderr


def test_an_old_repository_whose_gitignore_ignores_every_lock(cli, at, world):
    (world.city / ".gitignore").write_text("*.lock\n", encoding="utf-8")
    commit_all(world.city, "gitignore", "2022-01-24T08:40:00+08:00")
    ready(cli, at, world)
    assert git(world.city, "ls-files", "data/rollup.lock").strip() == "data/rollup.lock"
    # tracked from now on: only the bundles this old .gitignore does not know are left over
    assert git(world.city, "status", "--porcelain").strip() == "?? 数据包/"


def test_a_district_in_a_newer_data_format(cli, at, world):
    put(world.jinshui, {"campaign.yaml": 'rollup: {code: "410105", name: 金水区}\ndata_format: 2\n'})
    commit_all(world.jinshui, "新格式", "2022-01-23T09:12:00+08:00")
    ready(cli, at, world)
    at(world.city)
    result = cli("rollup", "check", "--as-of", AS_OF)
    j = git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
    assert result.exit_code == 1
    assert (f"金水区@{j}:data/campaign.yaml:2:14: 错误：金水区的数据格式（data_format）是第 2 版，"
            "这台电脑上的 nengli 只能读到第 1 版。") in result.stderr


# ---- export refusals ------------------------------------------------------------------------------

def test_export_refuses_uncommitted_or_wrong_data_and_leaves_nothing(cli, at, world):
    phase = world.gulou / "data" / "phases" / "phase1.yaml"
    phase.write_text(TASKS + GULOU_RECORDS + "    二中: 2022-01-22\n", encoding="utf-8")
    at(world.gulou)
    result = cli("rollup", "export", "--out", str(world.bundles))
    assert result.exit_code == 1
    assert "data: 错误：“data”中有尚未提交的修改：数据包只含已提交的数据，这些修改不会报送上去。" in result.stderr
    phase.write_text(TASKS + GULOU_RECORDS + "    二中: 2022-13-22\n", encoding="utf-8")
    commit_all(world.gulou, "写错", "2022-01-24T17:00:00+08:00")
    result = cli("rollup", "export", "--out", str(world.bundles))
    assert result.exit_code == 1
    short = git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
    assert result.stderr.startswith(f"错误：已提交的数据（版本 {short}）有下列错误，没有生成数据包：")
    assert f"{short}:data/phases/phase1.yaml:20:9: 错误：" in result.stderr
    assert list(world.bundles.iterdir()) == []


def test_export_needs_a_name(cli, at, world):
    put(world.gulou, {"campaign.yaml": "name: 鼓楼区活动\n"})
    commit_all(world.gulou, "设置", "2022-01-24T17:00:00+08:00")
    at(world.gulou)
    result = cli("rollup", "export", "--out", str(world.bundles))
    assert result.exit_code == 1
    assert "不知道本单位在汇总中的名称" in result.stderr and "--name 鼓楼区" in result.stderr
    ok = cli("rollup", "export", "--out", str(world.bundles), "--name", "鼓楼区")
    assert ok.exit_code == 0 and (world.bundles / "鼓楼区-20220124.bundle").is_file()


def test_the_city_ledger_over_all_districts(cli, at, world, tmp_path):
    ready(cli, at, world)
    at(world.city)
    out = tmp_path / "全市台账.csv"
    result = cli("rollup", "export", "--out", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("序号,单位简称,类别,")
    assert [r.split(",")[1] for r in rows[1:]] == [
        "市直·24中", "市直·31中", "市直·局办公室", "鼓楼区·一中", "鼓楼区·二中", "鼓楼区·办公室",
        "金水区·四中", "金水区·五中", "金水区·六中", "金水区·科室"]
    assert cli("rollup", "export", "--format", "bundle", "--out", str(out)).exit_code == 2


# ---- one level up -----------------------------------------------------------------------------------

def test_a_province_over_two_cities(cli, at, tmp_path, monkeypatch):
    """Each city rolls up its districts and sends one bundle; the province reads every district
    through the cities' locks, two levels down, and its totals are the sum of the cities'."""
    isolate_git(monkeypatch)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    province = campaign_repo(tmp_path / "省", CITY_UNITS.replace("郑州市第二十四中学", "省实验中学")
                             .replace("郑州市第三十一中学", "省第二实验中学").replace("郑州市教育局办公室", "省教育厅办公室"),
                             CITY_RECORDS, "2022-01-24T08:00:00+08:00", code="410000", name="河南省",
                             extra={"rollup.yaml": 'term: 省辖市\ndistricts:\n'
                                    '  - {code: "410000", name: 省直, source: .}\n'
                                    '  - {code: "410100", name: 郑州市, source: bundle}\n'
                                    '  - {code: "410200", name: 开封市, source: bundle}\n'})
    (province / "数据包").mkdir()
    cities = {}
    for city_name, code, prefix in (("郑州市", "410100", "郑"), ("开封市", "410200", "汴")):
        base = tmp_path / city_name
        base.mkdir()
        d1 = campaign_repo(base / "甲区", GULOU_UNITS.replace("鼓楼区", prefix + "甲区"), GULOU_RECORDS,
                           "2022-01-24T16:40:00+08:00", code=code[:4] + "02", name="甲区")
        d2 = campaign_repo(base / "乙区", JINSHUI_UNITS.replace("金水区", prefix + "乙区"), JINSHUI_RECORDS,
                           "2022-01-23T09:12:00+08:00", code=code[:4] + "05", name="乙区")
        city = campaign_repo(base / "市", CITY_UNITS.replace("郑州市", city_name), CITY_RECORDS,
                             "2022-01-24T08:30:00+08:00", code=code, name=city_name,
                             extra={"rollup.yaml": "districts:\n"
                                    f'  - {{code: "{code}", name: 市直, source: .}}\n'
                                    f'  - {{code: "{code[:4]}02", name: 甲区, source: bundle}}\n'
                                    f'  - {{code: "{code[:4]}05", name: 乙区, source: ../乙区}}\n'
                                    + (f'  - {{code: "{code[:4]}08", name: 丙区, source: bundle}}\n'
                                       if prefix == "汴" else "")})
        (city / "数据包").mkdir()
        export(cli, at, d1, city / "数据包")
        assert fetch(cli, at, city).exit_code == 0
        export(cli, at, city, province / "数据包")
        cities[city_name] = (city, d1, d2)
    assert sorted(p.name for p in (province / "数据包").iterdir()) == \
        ["开封市-20220126.bundle", "郑州市-20220126.bundle"]
    result = fetch(cli, at, province)
    assert result.exit_code == 0, result.output
    at(province)
    top = json.loads(cli("rollup", "status", "--json", "--as-of", AS_OF).stdout)
    parts = [own_status(cli, at, province)]
    for city, _, _ in cities.values():
        at(city)
        parts.append(json.loads(cli("rollup", "status", "--json", "--as-of", AS_OF).stdout))
    for i, task in enumerate(top["tasks"]):
        assert {k: task[k] for k in COUNTS} == {k: sum(p["tasks"][i][k] for p in parts) for k in COUNTS}
    assert top["tasks"][0]["laggards"] == [
        "省直·31中", "郑州市·市直·31中", "郑州市·甲区·二中", "郑州市·乙区·六中",
        "开封市·市直·31中", "开封市·甲区·二中", "开封市·乙区·六中"]
    zhengzhou = top["districts"][1]
    assert zhengzhou["name"] == "郑州市" and zhengzhou["units"] == 10
    assert [d["label"] for d in zhengzhou["districts"]] == ["郑州市·市直", "郑州市·甲区", "郑州市·乙区"]
    city, d1, _ = cities["郑州市"]
    assert zhengzhou["districts"][1]["commit"] == git(d1, "rev-parse", "--short=7", "HEAD").strip()
    at(province)
    report = cli("rollup", "report", "--phase", "1", "--date", AS_OF).stdout
    assert "2. 各省辖市数据报送情况汇总：各省辖市均已按时报送数据。" in report
    # 省直 2 schools and 1 office; each city: 市直 2 + 1, 甲区 2 + 1, 乙区 3 + 1
    assert "1. 督查学校16所，局机关处室7个。" in report
    check = cli("rollup", "check", "--as-of", AS_OF)
    assert check.exit_code == 0, check.output
    assert check.stdout == "汇总无误：3 个省辖市（计入 7 份数据），23 个单位。\n"
    # 开封市 never had 丙区's data: the province sees it missing, where 开封市's own files say so
    kaifeng = git(cities["开封市"][0], "rev-parse", "--short=7", "HEAD").strip()
    assert check.stderr.splitlines()[0] == \
        f"开封市@{kaifeng}:data/rollup.yaml:5:12: 警告：开封市·丙区（代码 410208）还没有报送数据。"
    assert "2. 各省辖市数据报送情况汇总：各省辖市均已按时报送数据。" in report  # the cities all sent
    status = cli("rollup", "status", "--as-of", AS_OF).stdout
    assert "郑州市·甲区" in status and "开封市·乙区" in status
    line = next(ln for ln in status.splitlines() if ln.strip().startswith("开封市·丙区"))
    assert line.split() == ["开封市·丙区", "410208", "—", "—", "—", "—", "未报送"]


def test_the_city_board_has_a_section_per_district_and_their_data_versions(cli, at, world, tmp_path):
    import re

    ready(cli, at, world)
    at(world.city)
    out = tmp_path / "全市看板.html"
    result = cli("rollup", "board", "--as-of", AS_OF, "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    c = git(world.city, "log", "-1", "--format=%h", "--", "data/phases").strip()
    g = git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
    j = git(world.jinshui, "rev-parse", "--short=7", "HEAD").strip()
    assert (f"各区县数据：市直 数据截至1月24日 08:30，版本{c}；鼓楼区 数据截至1月24日 16:40，版本{g}；"
            f"金水区 数据截至1月23日 09:12，版本{j}；惠济区 尚未报送。") in text
    assert '<span class="lv red">惠济区 尚未报送</span>' in page
    assert "<h3>各区县情况</h3>" in page and "各巡回督导组情况" not in page
    assert re.findall(r"<h4>([^<]+)</h4>\n<svg", page) == ["市直（3个单位）", "鼓楼区（3个单位）", "金水区（4个单位）"]
    assert '<nav>区县：<a href="#p1-d410100">市直</a><a href="#p1-d410102">鼓楼区</a>' in page
    assert "类别：学校　区县：鼓楼区" in text
    assert "未按时报送：鼓楼区·二中" in text


def test_a_repository_that_cannot_be_reached_keeps_its_pin(cli, at, world):
    ready(cli, at, world)
    lock = (world.city / "data" / "rollup.lock").read_bytes()
    world.jinshui.rename(world.root / "金水区（已搬走）")
    result = fetch(cli, at, world.city)
    assert result.exit_code == 1
    assert result.stderr.startswith("data/rollup.yaml:5:12: 错误：无法取回“../金水区”的数据：")
    assert "该区县仍用上一次的数据" in result.stderr
    assert "金水区　未能取回：版本 " in result.stdout
    assert (world.city / "data" / "rollup.lock").read_bytes() == lock
    at(world.city)
    assert "还没有取回金水区" not in cli("rollup", "check", "--as-of", AS_OF).stderr


def test_before_the_first_fetch_every_district_is_missing(cli, at, world):
    at(world.city)
    result = cli("rollup", "check", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0::4] == [
        "data/rollup.yaml:3:12: 警告：市直（本仓库自己的单位）还没有计入汇总。",
        "data/rollup.yaml:4:12: 警告：鼓楼区（代码 410102）还没有报送数据（联系人：王老师 0371-00000001）。",
        "data/rollup.yaml:5:12: 警告：还没有取回金水区（代码 410105）的数据。",
        "data/rollup.yaml:6:12: 警告：惠济区（代码 410108）还没有报送数据（联系人：李老师）。",
        "共 0 个错误，4 个警告。"]
    assert "  提示：确认金水区的仓库“../金水区”可以访问后，运行 nengli rollup fetch。" in result.stderr
    assert result.stdout == "汇总无误：4 个区县（计入 0 份数据），0 个单位。\n"


def test_bundles_from_another_folder_and_the_xlsx_ledger(cli, at, world, tmp_path):
    import openpyxl

    usb = tmp_path / "U盘"
    usb.mkdir()
    export(cli, at, world.gulou, usb)
    result = fetch(cli, at, world.city, "--from", str(usb))
    assert result.exit_code == 0, result.output
    assert "鼓楼区　已更新：" in result.stdout and "来自 鼓楼区-20220124.bundle" in result.stdout
    at(world.city)
    out = tmp_path / "全市台账.xlsx"
    assert cli("rollup", "export", "--format", "xlsx", "--out", str(out), "--as-of", AS_OF).exit_code == 0
    sheet = openpyxl.load_workbook(out)["第一阶段"]
    ids = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids[:4] == ["市直·24中", "市直·31中", "市直·局办公室", "鼓楼区·一中"]


def test_uncommitted_city_data_are_named_when_fetching(cli, at, world):
    put(world.city, {"phases/phase1.yaml": TASKS + CITY_RECORDS + "    24中: 2022-01-24\n"})
    result = fetch(cli, at, world.city)
    assert result.exit_code == 0
    assert "data/rollup.yaml:3:12: 警告：本仓库的数据有未提交的修改，市直计入的是最后一次提交（版本 " in result.stderr


def test_a_narrow_terminal_lists_each_district_on_its_own_lines(cli, at, world, monkeypatch):
    from rich.cells import cell_len

    ready(cli, at, world)
    monkeypatch.setenv("COLUMNS", "40")
    at(world.city)
    out = cli("rollup", "status", "--as-of", AS_OF).stdout
    assert all(cell_len(line) <= 40 for line in out.splitlines()), out
    g = git(world.gulou, "rev-parse", "--short=7", "HEAD").strip()
    block = out.split("各区县数据\n", 1)[1]
    assert f"鼓楼区  410102  数据截至 1月24日 16:40\n  版本 {g}  单位 3  未按时报送 1\n  已报送\n" in block


def test_a_colleagues_clone_gets_the_districts_through_the_shared_remote(cli, at, world, tmp_path):
    remote = tmp_path / "全市.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(world.city, "remote", "add", "origin", str(remote))
    git(world.city, "push", "-q", "-u", "origin", "main")
    ready(cli, at, world)  # 甲 fetches the districts: their commits go to the remote too
    git(world.city, "push", "-q", "origin", "main")  # and nengli sync shares rollup.lock
    assert "refs/rollup/410102/head" in git(remote, "for-each-ref", "--format=%(refname)")
    at(world.city)
    theirs = cli("rollup", "status", "--json", "--as-of", AS_OF).stdout
    colleague = tmp_path / "乙的克隆"
    git(tmp_path, "clone", "-q", "--no-local", str(remote), str(colleague))
    git(colleague, "config", "user.name", "乙")
    git(colleague, "config", "user.email", "yi@example.com")
    at(colleague)
    before = cli("rollup", "check", "--as-of", AS_OF)
    assert before.exit_code == 1 and "本仓库中没有鼓楼区的版本" in before.stderr
    lock = (colleague / "data" / "rollup.lock").read_bytes()
    result = fetch(cli, at, colleague)
    assert "鼓楼区　仍用原版本" in result.stdout
    assert (colleague / "data" / "rollup.lock").read_bytes() == lock
    at(colleague)
    assert cli("rollup", "status", "--json", "--as-of", AS_OF).stdout == theirs


def test_a_shared_remote_that_cannot_be_reached_is_only_a_warning(cli, at, world, tmp_path):
    git(world.city, "remote", "add", "origin", str(tmp_path / "不存在.git"))
    git(world.city, "config", "branch.main.remote", "origin")
    git(world.city, "config", "branch.main.merge", "refs/heads/main")
    export(cli, at, world.gulou, world.bundles)
    result = fetch(cli, at, world.city)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("警告：没能与远程仓库“origin”交换各区县的数据：")
    assert "鼓楼区　已更新" in result.stdout
