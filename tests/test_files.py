"""files: atomic writes with ordinary permissions, the one lock; library calls leave the
process as they found it (umask, garbage collector)."""

from __future__ import annotations

import gc
import os
import stat
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from nengli import files
from nengli.files import lock_file, write_atomic
from nengli.load import load


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


def test_the_new_bytes_reach_the_disk_before_the_rename(tmp_path, monkeypatch):
    """A power cut right after the rename must find the new content, not an empty file: the
    temporary file is flushed and fsynced, whole, before it replaces the target."""
    target = tmp_path / "phase1.yaml"
    target.write_bytes(b"old")
    data = "登记：24中 2022-01-19\n".encode("utf-8") * 1000
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        st = os.fstat(fd)
        events.append(("fsync", st.st_ino, st.st_size))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", os.stat(src).st_ino, Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(target, data)
    assert [e[0] for e in events] == ["fsync", "replace"]
    (_, synced, size), (_, renamed, dst) = events
    assert (synced, size) == (renamed, len(data))  # the very file renamed, synced whole
    assert dst == target
    assert target.read_bytes() == data


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_new_file_mode_without_touching_the_umask(tmp_path, monkeypatch):
    mask = os.umask(0o027)  # an office's stricter umask
    try:
        def no_umask(*args):
            raise AssertionError("os.umask changes the whole process's umask, even for a moment")

        monkeypatch.setattr(os, "umask", no_umask)
        write_atomic(tmp_path / "new.md", b"x")
    finally:
        monkeypatch.undo()
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_load_leaves_the_garbage_collector_as_it_was(make_data):
    data = make_data()
    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    load(data)
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    gc.disable()
    try:
        load(data)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_one_lock_for_every_writer(make_data, cli, monkeypatch):
    """record and import-units take the same lock file and give up with the same message."""
    data = make_data()
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.05)
    sheet = data.parent / "名册.csv"
    sheet.write_text("单位简称,类别\n一中,学校\n", encoding="utf-8")
    for target, args in ((data / "phases" / "phase1.yaml", ("record", "meet", "三中")),
                         (data / "units.yaml", ("import-units", str(sheet)))):
        before = target.read_bytes()
        name = f"data/{target.relative_to(data).as_posix()}"
        assert lock_file(target).name == f".{target.name}.lock"
        with FileLock(str(lock_file(target))):
            result = cli(*args)
        assert result.exit_code == 1, result.output
        assert f"文件 {name} 正被另一个 nengli 命令修改，等待超时。" in result.output
        assert f"删除 data/{lock_file(target).relative_to(data).as_posix()} 后再试" in result.output
        assert target.read_bytes() == before
