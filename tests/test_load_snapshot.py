"""load() from a snapshot of a data folder (files held in memory, as read from a git commit):
the same campaign as from disk, nothing read from disk, every message naming the snapshot."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from conftest import PHASE, UNITS
from nengli.load import Snapshot, load
from nengli.problems import format_problems


def snapshot(files: dict[str, str | bytes], display: str = "鼓楼区@9f1c2ab:data") -> Snapshot:
    return Snapshot({k: v if isinstance(v, bytes) else dedent(v).encode("utf-8")
                     for k, v in files.items()}, display)


def test_a_snapshot_loads_as_the_same_folder_on_disk(make_data):
    folder = make_data()
    on_disk, disk_problems = load(folder)
    held, problems = load(Path("nowhere/data"), snapshot=snapshot(
        {"units.yaml": UNITS, "phases/phase1.yaml": PHASE}))
    assert problems == disk_problems == []
    assert held is not None and on_disk is not None
    assert held.units == tuple(u._replace(source=u.source._replace(
        file="鼓楼区@9f1c2ab:data/units.yaml")) for u in on_disk.units)
    assert [r.unit for r in held.phases[0].records] == [r.unit for r in on_disk.phases[0].records]
    assert held.phases[0].tasks[1].due.isoformat() == "2022-01-20"


def test_nothing_is_read_from_disk(make_data):
    folder = make_data({"phases/phase1.yaml": "这不是阶段文件: [\n"})
    held, problems = load(folder, snapshot=snapshot(
        {"units.yaml": UNITS, "phases/phase1.yaml": PHASE}))
    assert problems == [] and held is not None


def test_problems_name_the_snapshot_file_and_line():
    bad = PHASE.replace("一中: 2022-01-15", "四中: 2022-01-15")
    _, problems = load(Path("data"), snapshot=snapshot(
        {"units.yaml": UNITS, "phases/phase1.yaml": bad}))
    text = format_problems(problems)
    line = bad.splitlines().index("    四中: 2022-01-15") + 1
    assert f"鼓楼区@9f1c2ab:data/phases/phase1.yaml:{line}:5: 错误：" in text
    assert "四中" in text and f"  {line} |     四中: 2022-01-15" in text


def test_a_file_missing_from_the_snapshot_is_named():
    campaign, problems = load(Path("data"), snapshot=snapshot({"phases/phase1.yaml": PHASE}))
    assert campaign is None
    assert problems[0].code == "missing-file"
    assert str(problems[0].source) == "鼓楼区@9f1c2ab:data/units.yaml"


def test_phase_folder_of_a_snapshot_is_read_by_the_same_predicate():
    files = {"units.yaml": UNITS, "phases/Phase1.YAML": PHASE,
             "phases/phase2.yaml.txt": "x", "phases/.hidden": "x", "phases/sub/p.yaml": "x",
             "phases/phase1.lock": ""}
    campaign, problems = load(Path("data"), snapshot=snapshot(files))
    assert campaign is not None and [p.number for p in campaign.phases] == [1]
    assert [(p.code, str(p.source), p.level) for p in problems] == [
        ("phase-not-read", "鼓楼区@9f1c2ab:data/phases/phase2.yaml.txt", "warning")]


def test_a_snapshot_without_phases():
    _, problems = load(Path("data"), snapshot=snapshot({"units.yaml": UNITS}))
    assert [(p.code, str(p.source)) for p in problems] == [("no-phases", "鼓楼区@9f1c2ab:data/phases")]


def test_campaign_settings_come_from_the_snapshot():
    campaign, problems = load(Path("data"), snapshot=snapshot(
        {"units.yaml": UNITS, "phases/phase1.yaml": PHASE, "campaign.yaml": "warn_days: x\n"}))
    assert campaign is not None and campaign.settings == {"warn_days": "x"}
    assert [(p.code, str(p.source)) for p in problems] == [
        ("bad-warn-days", "鼓楼区@9f1c2ab:data/campaign.yaml:1:12")]
