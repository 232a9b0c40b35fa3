"""The one rule for which files are phase files, and nengli's own file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from nengli.layout import is_duban_file, is_own_file, is_phase_file, merged_patterns, phase_files


@pytest.mark.parametrize("path", [
    "phases/phase1.yaml", "data/phases/Phase4.YAML", "data/phases/第二阶段.Yml",
    "D:\\活动\\data\\phases\\phase3.yml", "/srv/活动/data/phases/.phase5.yaml"])
def test_phase_files_in_any_case_and_any_form_of_path(path):
    assert is_phase_file(path)


@pytest.mark.parametrize("path", [
    "data/units.yaml", "data/phases/phase4.yaml.txt", "data/phases/.phase1.yaml.lock",
    "data/phases/.phase1.yaml.3fa9c2d1b0e4.tmp", "data/phases/旧/phase1.yaml",
    "data/phases/phase1.yaml~", "data/phases.yaml", "data/phases/phase1"])
def test_not_phase_files(path):
    assert not is_phase_file(path)


def test_the_loader_reads_what_the_predicate_names(tmp_path):
    folder = tmp_path / "phases"
    folder.mkdir()
    for name in ("phase1.yaml", "Phase2.YAML", "phase3.YML", "说明.txt", ".phase1.yaml.lock"):
        (folder / name).write_text("", encoding="utf-8")
    assert [p.name for p in phase_files(tmp_path)] == ["Phase2.YAML", "phase1.yaml", "phase3.YML"]


def test_git_attribute_patterns_match_every_case():
    assert merged_patterns() == ("units.yaml", "phases/*.[yY][aA][mM][lL]", "phases/*.[yY][mM][lL]",
                                 "duban.yaml")


@pytest.mark.parametrize("path, expected", [
    ("data/duban.yaml", True), ("duban.yaml", True), ("D:\\活动\\data\\Duban.YAML", True),
    ("data/phases/duban.yaml", False), ("data/.duban.yaml.lock", False), ("data/duban.yml", False)])
def test_the_duban_record(path, expected):
    assert is_duban_file(path) is expected


def test_own_files():
    assert is_own_file(".phase1.yaml.lock") and is_own_file(".units.yaml.0a1b2c3d4e5f.tmp")
    assert not is_own_file("phase1.yaml") and not is_own_file(Path("lock.txt"))
