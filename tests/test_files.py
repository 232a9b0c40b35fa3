"""files.write_atomic: all or nothing, and ordinary permissions."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from nengli.files import write_atomic


def test_replaces_content_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old")
    write_atomic(target, "新内容".encode("utf-8"))
    assert target.read_text(encoding="utf-8") == "新内容"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_new_file_gets_umask_mode_and_existing_keeps_its_mode(tmp_path):
    fresh = tmp_path / "new.md"
    write_atomic(fresh, b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.yaml"
    kept.write_bytes(b"y")
    os.chmod(kept, 0o640)
    write_atomic(kept, b"z")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_failure_leaves_original_byte_identical(tmp_path, monkeypatch):
    target = tmp_path / "a.yaml"
    target.write_bytes(b"original")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]
