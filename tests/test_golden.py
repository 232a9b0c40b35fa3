"""Whole outputs pinned by golden files (tests/golden/); to rewrite one after an intended change,
see tests/README.md (NENGLI_REGEN=notice-phase1.md)."""

from __future__ import annotations

import shutil

from conftest import SHIPPED


def test_phase_one_notice(cli, golden, monkeypatch, tmp_path):
    # a copy outside any git repository, so the notice's provenance line is fixed text
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    monkeypatch.chdir(tmp_path)
    result = cli("report", "--data", str(data), "--phase", "1", "--date", "2022-01-24")
    assert result.exit_code == 0, result.output
    golden("notice-phase1.md", result.stdout)
    # the clauses the seed's 督导通报 states, word for word
    assert "除24中、信息中心、成教室未按时报送外" in result.stdout
    assert "除31中、103中未按时报送外" in result.stdout


def test_phase_one_status_table_80_columns(cli, golden):
    result = cli("status", "--data", str(SHIPPED), "--phase", "1", "--as-of", "2022-01-24",
                 env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    golden("status-phase1-80.txt", result.stdout)


def test_phase_two_status_before_due(cli, golden):
    result = cli("status", "--data", str(SHIPPED), "--phase", "2", "--as-of", "2022-02-26",
                 env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    golden("status-phase2-100.txt", result.stdout)
