"""The size guard on data files: explicit in its message, far above a real campaign's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from nengli.read import read_text

#: files of hundreds of megabytes and 200,000 units: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow


def test_a_file_over_512_mb_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    big = tmp_path / "phase9.yaml"
    with big.open("wb") as f:  # sparse: the size is real, the disk blocks are not written
        f.truncate(512 * 1024 * 1024 + 1)
    text, problems = read_text(big, display="data/phases/phase9.yaml")
    assert text is None
    [p] = problems
    assert str(p.source) == "data/phases/phase9.yaml"
    assert p.message == "文件过大（512 MB）：nengli 读取的每个数据文件不超过 512 MB。"
    assert "放进了数据目录" in p.hint


def test_a_file_of_200_000_units_size_is_read(tmp_path: Path) -> None:
    # a phase file of a 200,000-unit campaign (10 tasks) is about 70 MB; the old 64 MB cap refused it
    big = tmp_path / "phase1.yaml"
    line = "    某某单位: 2022-01-10\n".encode("utf-8")
    with big.open("wb") as f:
        f.write(b"records:\n  t1:\n")
        f.write(line * (70 * 1024 * 1024 // len(line)))
    text, problems = read_text(big, display="phase1.yaml")
    assert problems == []
    assert text is not None and text.text.startswith("records:")
