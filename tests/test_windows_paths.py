"""Paths a Windows office really has: Chinese characters and spaces in every folder, a materials
tree near Windows' 260-character limit, and a file name longer than the file system allows —
each a located Chinese message, never a traceback, and nothing changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from nengli import files

UNITS = """\
categories:
  school: {name: 学校, counter: 所}
units:
  - id: 24中
    category: school
"""

PHASE = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - id: cases
    title: 创新案例、改革案例
    aliases: [创新案例]
    due: 2022-01-20
"""


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.suffix != ".lock"}


@pytest.fixture
def campaign(tmp_path, monkeypatch):
    """A campaign in “我的 文档/督导 活动”, with one received file in “收件箱 1月”, run from there."""
    from conftest import write_data

    root = tmp_path / "我的 文档" / "督导 活动"
    write_data(root, {"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    box = root / "收件箱 1月" / "创新案例"
    box.mkdir(parents=True)
    (box / "【24中】案例.docx").write_text("案例", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    return root


def deep_materials(root: Path, length: int) -> Path:
    """A materials folder setting whose filed path (…/第1阶段/创新案例、改革案例/24中-【24中】案例.docx)
    is ``length`` characters long."""
    tail = "/第1阶段/创新案例、改革案例/24中-【24中】案例.docx"
    folder = root / "材料"
    pad = length - len(str(folder)) - len(tail)
    while pad > 0:  # folders of at most 40 characters: Linux allows 255 bytes a name
        step = min(40, pad - 1) if pad > 41 else pad - 1
        folder = folder / ("深" * step)
        pad -= step + 1
    assert len(str(folder) + tail) == length
    (root / "data" / "campaign.yaml").write_text(f"materials: {folder.as_posix()}\n", encoding="utf-8")
    return folder


def test_windows_limits_paths_to_259_characters_without_long_path_support():
    short, limit = Path("/" + "深" * 258), Path("/" + "深" * 259)  # 259 and 260 characters
    assert files.too_long(short, lambda: False) is None
    assert files.too_long(limit, lambda: False) == 260
    assert files.too_long(limit, lambda: True) is None


def test_a_materials_tree_past_the_limit_is_refused_with_its_place(campaign, cli, monkeypatch):
    monkeypatch.setattr(files, "long_paths_enabled", lambda: False)  # as on Windows by default
    folder = deep_materials(campaign, 262)
    before = tree(campaign)
    result = cli("intake", "收件箱 1月", "--date", "2022-01-19")
    assert result.exit_code == 1
    target = folder / "第1阶段" / "创新案例、改革案例" / "24中-【24中】案例.docx"
    assert result.stderr == (
        f"收件箱 1月/创新案例/【24中】案例.docx: 错误：材料的归档路径有 262 个字符，Windows 不能建立 260 个字符及更长的路径：{target}\n"
        "  提示：请把材料文件夹设得短一些（data/campaign.yaml 中写 materials: D:/材料），或缩短任务名称、文件名；"
        "也可以请 IT 人员开启 Windows 的长路径支持（nengli doctor 写有方法）。本次没有登记，也没有归档任何文件。\n"
        "共 1 个错误，0 个警告。\n")
    assert tree(campaign) == before
    assert not (campaign / "材料").exists()


def test_a_materials_tree_just_inside_the_limit_is_filed(campaign, cli, monkeypatch):
    monkeypatch.setattr(files, "long_paths_enabled", lambda: False)
    folder = deep_materials(campaign, 259)
    result = cli("intake", "收件箱 1月", "--date", "2022-01-19")
    assert result.exit_code == 0, result.output
    assert (folder / "第1阶段" / "创新案例、改革案例" / "24中-【24中】案例.docx").read_text("utf-8") == "案例"


def test_long_paths_enabled_lift_the_limit(campaign, cli, monkeypatch):
    monkeypatch.setattr(files, "long_paths_enabled", lambda: True)
    folder = deep_materials(campaign, 300)
    result = cli("intake", "收件箱 1月", "--date", "2022-01-19")
    assert result.exit_code == 0, result.output
    assert (folder / "第1阶段" / "创新案例、改革案例" / "24中-【24中】案例.docx").exists()


def test_a_file_name_longer_than_the_file_system_allows(campaign, cli):
    """255 bytes per name (ext4, NTFS counts 255 characters): the filed name gains the unit's
    prefix and passes it. A located message from the real OSError, nothing registered."""
    name = "【24中】" + "很" * 78 + ".docx"  # 250 bytes in UTF-8; filed as 24中-…, 256 bytes
    assert len(name.encode()) == 250
    box = campaign / "收件箱 1月" / "创新案例"
    (box / name).write_text("长名字", encoding="utf-8")
    (box / "【24中】案例.docx").unlink()
    before = tree(campaign)
    result = cli("intake", "收件箱 1月", "--date", "2022-01-19")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"材料/第1阶段/创新案例、改革案例: 错误：无法把材料归档到“材料/第1阶段/创新案例、改革案例”："
                                    "文件名或路径太长。\n")
    assert "Traceback" not in result.output
    assert tree(campaign) == before
