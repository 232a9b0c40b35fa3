"""nengli intake: a folder of received files registered and filed, never guessed, idempotent."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from gitutil import isolate_git, make_repo

PHASE_FILE = "data/phases/phase1.yaml"

UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个}
units:
  - id: 1中
    name: 郑州市第一中学
    category: school
    aliases: [一中]
  - id: 7中
    name: 郑州市第七中学
    category: school
  - id: 11中
    name: 郑州市第十一中学
    category: school
  - id: 24中
    name: 郑州市第二十四中学
    category: school
    aliases: [二十四中]
  - id: 办公室
    name: 局办公室
    category: office
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
    applies_to: [school]
    due: 2022-01-20
  - id: lists
    title: 第一阶段“三个清单”制定、报送
    aliases: [三个清单]
    due: 2022-01-21
records:
  cases:
    7中: 2022-01-10   # 微信收到
"""


def received(path: Path, text: str, day: int) -> Path:
    """A file as saved by the clerk on 2022-01-``day`` (local time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = dt.datetime(2022, 1, day, 10, 30).timestamp()
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def inbox(make_data, tmp_path):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    box = tmp_path / "收件箱"
    received(box / "创新案例" / "【24中】案例.docx", "二十四中的案例", 19)          # before the due date
    received(box / "创新案例" / "郑州市第十一中学-案例(修改版).docx", "十一中", 20)  # on it
    received(box / "创新案例" / "1中" / "案例.docx", "一中的案例", 23)               # after it
    received(box / "创新案例" / "7中 创新案例.docx", "七中", 12)                     # registered already
    received(box / "创新案例" / "7中和11中材料.docx", "两个单位", 12)
    received(box / "创新案例" / "新建文本文档.txt", "新建", 12)
    received(box / "三个清单" / "二十四中" / "清单.xlsx", "清单", 21)               # task and unit by alias
    received(box / "cases" / "办公室-案例.docx", "办公室", 15)                      # task by id; not for offices
    return box


def tree(root: Path, locks: bool = True) -> dict[str, str]:
    """Every file below ``root`` and its sha256; without ``locks``, not the lock files a
    writing nengli leaves beside a phase file (git ignores them)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and (locks or p.suffix != ".lock")}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_intake_registers_files_and_keeps_copies(inbox, cli, tmp_path):
    result = cli("intake", "收件箱")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "报送日期取文件的修改日期（本地时间）；材料归档到 材料/第N阶段/任务名称/单位简称-原文件名。\n" \
           "收件文件夹：收件箱/（8个文件）\n" in out
    # 7中 registered by phone on 1月10日: the file is filed with that registration, its date kept
    assert "已登记 4 项（4 个文件），为已登记的 1 项补存 1 个文件（登记日期不变），跳过 3 个文件。" in out
    assert "已写入 data/phases/phase1.yaml；材料已复制到 材料/，原文件保留在收件文件夹中。" in out
    cases = "材料/第1阶段/创新案例、改革案例"
    lists = "材料/第1阶段/第一阶段“三个清单”制定、报送"
    text = Path(PHASE_FILE).read_text(encoding="utf-8")
    assert text == PHASE.replace(
        "    7中: 2022-01-10   # 微信收到\n",
        f"    1中: {{date: 2022-01-23, files: {{{cases}/1中-案例.docx: {sha('一中的案例')}}}}}\n"
        f"    7中: {{date: 2022-01-10, files: {{{cases}/7中-7中 创新案例.docx: {sha('七中')}}}}}   # 微信收到\n"
        f"    11中: {{date: 2022-01-20, files: {{{cases}/11中-郑州市第十一中学-案例(修改版).docx: {sha('十一中')}}}}}\n"
        f"    24中: {{date: 2022-01-19, files: {{{cases}/24中-【24中】案例.docx: {sha('二十四中的案例')}}}}}\n"
        "  lists:\n"
        f'    24中: {{date: 2022-01-21, files: {{{lists}/24中-清单.xlsx: {sha("清单")}}}}}\n')
    filed = tree(tmp_path / "材料")
    assert filed == {
        "第1阶段/创新案例、改革案例/1中-案例.docx": sha("一中的案例"),
        "第1阶段/创新案例、改革案例/11中-郑州市第十一中学-案例(修改版).docx": sha("十一中"),
        "第1阶段/创新案例、改革案例/24中-【24中】案例.docx": sha("二十四中的案例"),
        "第1阶段/创新案例、改革案例/7中-7中 创新案例.docx": sha("七中"),
        "第1阶段/第一阶段“三个清单”制定、报送/24中-清单.xlsx": sha("清单"),
    }
    # the originals stay in the inbox; the copy keeps the day it was received
    assert (inbox / "创新案例" / "1中" / "案例.docx").is_file()
    copy = tmp_path / "材料" / "第1阶段" / "创新案例、改革案例" / "1中-案例.docx"
    assert dt.date.fromtimestamp(copy.stat().st_mtime) == dt.date(2022, 1, 23)
    assert cli("check").exit_code == 0


def test_the_table_says_why_a_file_is_skipped(inbox, cli):
    result = cli("intake", "收件箱", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["file"]: r for r in json.loads(result.output)["files"]}
    seven = rows["创新案例/7中 创新案例.docx"]
    assert (seven["registered"], seven["kept_date"], seven["date"], seven["status"]) == \
        (True, "2022-01-10", "2022-01-12", "on_time")
    assert rows["创新案例/7中和11中材料.docx"]["skip"] == "名称中有多个单位：7中、11中"
    assert rows["创新案例/新建文本文档.txt"]["skip"] == "名称中没有可以识别的单位"
    assert rows["cases/办公室-案例.docx"]["skip"] == "任务“创新案例、改革案例”不适用于办公室"
    one = rows["创新案例/1中/案例.docx"]
    assert (one["unit"], one["task"], one["date"], one["status"], one["days_late"]) == \
        ("1中", "cases", "2022-01-23", "late", 3)
    eleven = rows["创新案例/郑州市第十一中学-案例(修改版).docx"]
    assert (eleven["unit"], eleven["status"]) == ("11中", "on_time")  # 1中 and 一中 sit inside
    assert rows["三个清单/二十四中/清单.xlsx"]["task"] == "lists"
    result = cli("intake", "收件箱", "--dry-run")
    assert "逾期3天" in result.output and "按时" in result.output
    assert "已登记 1月10日：补存材料，登记日期不变" in result.output
    assert "（试运行：将登记 4 项（4 个文件），将为已登记的 1 项补存 1 个文件（登记日期不变），跳过 3 个文件；" \
           "没有修改任何文件。）" in result.output


def test_dry_run_changes_nothing_and_a_second_run_changes_nothing(inbox, cli, tmp_path):
    before = tree(tmp_path)
    result = cli("intake", "收件箱", "--dry-run")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path) == before
    assert cli("intake", "收件箱").exit_code == 0
    after = tree(tmp_path)
    result = cli("intake", "收件箱")
    assert result.exit_code == 0, result.output
    assert "没有需要登记的材料：跳过 8 个文件，没有修改任何文件。" in result.output
    assert tree(tmp_path) == after
    rows = {r["file"]: r for r in json.loads(cli("intake", "收件箱", "--json").output)["files"]}
    assert rows["创新案例/1中/案例.docx"]["skip"] == "同一文件已归档：材料/第1阶段/创新案例、改革案例/1中-案例.docx"
    assert tree(tmp_path) == after


def test_a_revised_material_is_filed_as_a_new_version_keeping_the_date(inbox, cli, tmp_path):
    assert cli("intake", "收件箱").exit_code == 0
    cases = "材料/第1阶段/创新案例、改革案例"
    first = f"{cases}/24中-【24中】案例.docx: {sha('二十四中的案例')}"
    # 24中 sends its case again, revised, under the same name (and a day after the due date)
    received(inbox / "1月25日" / "创新案例" / "【24中】案例.docx", "二十四中的案例（修改）", 25)
    result = cli("intake", "收件箱/1月25日", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "收件文件夹：收件箱/1月25日/创新案例/（1个文件）\n\n【24中】案例.docx\n  24中  创新案例、改革案例  1月25日\n" \
           "  已登记 1月19日：另存为新版本，登记日期不变（归档为 24中-【24中】案例（第2版）.docx）\n" in result.stdout
    assert "为已登记的 1 项补存 1 个文件（登记日期不变），跳过 0 个文件。" in result.stdout
    second = f"{cases}/24中-【24中】案例（第2版）.docx: {sha('二十四中的案例（修改）')}"
    assert f"    24中: {{date: 2022-01-19, files: {{{first}, {second}}}}}\n" \
        in Path(PHASE_FILE).read_text(encoding="utf-8")
    # both versions are kept, each as it came
    folder = tmp_path / cases
    assert (folder / "24中-【24中】案例.docx").read_text(encoding="utf-8") == "二十四中的案例"
    assert (folder / "24中-【24中】案例（第2版）.docx").read_text(encoding="utf-8") == "二十四中的案例（修改）"
    # the registration is still on time; running again changes nothing
    status = json.loads(cli("status", "--as-of", "2022-01-26", "--json").stdout)["tasks"][0]
    assert status["late"] == 1 and "24中" not in status["laggards"]
    before = tree(tmp_path)
    result = cli("intake", "收件箱/1月25日", "--json")
    assert json.loads(result.stdout)["files"][0]["skip"] == \
        "同一文件已归档：材料/第1阶段/创新案例、改革案例/24中-【24中】案例（第2版）.docx"
    assert tree(tmp_path) == before


def test_a_new_version_never_takes_a_registered_name_missing_here(inbox, cli, tmp_path):
    # another clerk's clone: the registration names 24中-【24中】案例.docx, which is not on this
    # computer; a revised file of that name must not be filed under the registered name
    import shutil

    assert cli("intake", "收件箱/创新案例").exit_code == 0
    shutil.rmtree(tmp_path / "材料")
    received(inbox / "1月25日" / "【24中】案例.docx", "修改后的案例", 25)
    result = cli("intake", "收件箱/1月25日", "--task", "cases", "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["files"][0]
    assert (row["target"], row["kept_date"]) == (
        "材料/第1阶段/创新案例、改革案例/24中-【24中】案例（第2版）.docx", "2022-01-19")


def test_a_new_version_keeps_the_note_of_the_registration(make_data, cli, tmp_path):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE.replace(
        "7中: 2022-01-10   # 微信收到", "7中: {date: 2022-01-22, note: 逾期补报}")})
    received(tmp_path / "收件箱" / "创新案例" / "7中.docx", "七中", 23)
    result = cli("intake", "收件箱")
    assert result.exit_code == 0, result.output
    assert "已登记 1月22日：补存材料，登记日期不变" in result.stdout
    assert "    7中: {date: 2022-01-22, note: 逾期补报, files: {材料/第1阶段/创新案例、改革案例/7中-7中.docx: " \
        in Path(PHASE_FILE).read_text(encoding="utf-8")


def test_date_option_and_task_option(inbox, cli):
    result = cli("intake", "收件箱/创新案例/1中", "--task", "lists", "--date", "2022-01-18")
    assert result.exit_code == 0, result.output
    assert "报送日期按 --date 指定" in result.output
    text = Path(PHASE_FILE).read_text(encoding="utf-8")
    assert "  lists:\n    1中: {date: 2022-01-18, files: {" in text


def test_a_task_that_cannot_be_told_is_listed_and_the_rest_registered(make_data, cli, tmp_path):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    received(tmp_path / "收件箱" / "24中-材料.docx", "材料", 12)
    received(tmp_path / "收件箱" / "三个清单" / "1中.docx", "清单", 12)
    received(tmp_path / "收件箱" / "创新案例和三个清单" / "11中.docx", "两项", 12)
    result = cli("intake", "收件箱", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    # not 按时: it is not registered, and says why
    assert "\n24中-材料.docx\n  24中  跳过：看不出是哪项任务\n" in result.stdout
    assert "\n创新案例和三个清单/11中.docx\n  11中  跳过：名称中有多项任务：创新案例、改革案例、第一阶段“三个清单”制定、报送\n" \
        in result.stdout
    assert "\n已登记 1 项（1 个文件），跳过 2 个文件。\n" in result.stdout
    assert result.stderr == (
        "收件箱: 警告：看不出下列 2 个文件是哪项任务，没有登记：24中-材料.docx、创新案例和三个清单/11中.docx。\n"
        "  提示：请用 --task 指定任务（如 --task cases），或把文件放进以任务 id、名称或别名命名的文件夹"
        "（任务的别名写在阶段文件中，如 aliases: [三个清单]），再运行一次 nengli intake；其余文件已照常处理。\n"
        "共 0 个错误，1 个警告。\n")
    assert "  lists:\n    1中: {date: 2022-01-12, files: {" in Path(PHASE_FILE).read_text(encoding="utf-8")
    # the clerk moves the file into a task folder: the next run registers it
    (tmp_path / "收件箱" / "创新案例").mkdir()
    (tmp_path / "收件箱" / "24中-材料.docx").rename(tmp_path / "收件箱" / "创新案例" / "24中-材料.docx")
    result = cli("intake", "收件箱")
    assert result.exit_code == 0, result.output
    assert "已登记 1 项（1 个文件），跳过 2 个文件。" in result.stdout


@pytest.mark.parametrize("setup, message", [
    (None, "收件箱: 错误：收件文件夹“收件箱”不存在。"),
    ("empty", "收件箱: 错误：收件文件夹“收件箱”中没有文件。"),
    ("litter", "收件箱: 错误：收件文件夹“收件箱”中没有材料，只有 2 个临时文件或系统文件：Thumbs.db、创新案例/~$案例.docx。"),
    ("file", "收件箱: 错误：“收件箱”是一个文件，nengli intake 需要的是存放材料的文件夹。"),
])
def test_missing_and_empty_inboxes(make_data, cli, tmp_path, setup, message):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    if setup == "empty":
        (tmp_path / "收件箱" / "创新案例").mkdir(parents=True)
    elif setup == "litter":
        (tmp_path / "收件箱" / "创新案例").mkdir(parents=True)
        (tmp_path / "收件箱" / "Thumbs.db").write_bytes(b"x")
        (tmp_path / "收件箱" / "创新案例" / "~$案例.docx").write_bytes(b"x")
    elif setup == "file":
        (tmp_path / "收件箱").write_text("x", encoding="utf-8")
    before = tree(tmp_path)
    result = cli("intake", "收件箱")
    assert result.exit_code == 1
    assert message in result.output
    assert tree(tmp_path) == before


def test_phase_data_with_errors_stops_intake(inbox, cli, tmp_path):
    Path(PHASE_FILE).write_text(PHASE.replace("due: 2022-01-20", "due: 2022-01-32"), encoding="utf-8")
    before = tree(tmp_path)
    result = cli("intake", "收件箱")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:10:10: 错误：" in result.output
    assert "数据中已有下列错误，先改正后才能登记。" in result.output
    assert tree(tmp_path, locks=False) == before


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions as non-root")
def test_materials_folder_not_writable_changes_nothing(inbox, cli, tmp_path):
    shelf = tmp_path / "共享盘"
    shelf.mkdir()
    Path("data/campaign.yaml").write_text(f"materials: {shelf.as_posix()}\n", encoding="utf-8")
    shelf.chmod(0o500)
    try:
        before = tree(tmp_path)
        result = cli("intake", "收件箱")
        assert result.exit_code == 1
        assert "错误：无法把材料归档到" in result.output
        assert tree(tmp_path, locks=False) == before
    finally:
        shelf.chmod(0o700)


def test_materials_folder_that_is_a_file_changes_nothing(inbox, cli, tmp_path):
    # the same refusal as above, on every system and as root: no folder can be made below a file
    shelf = tmp_path / "共享盘.txt"
    shelf.write_text("不是文件夹\n", encoding="utf-8")
    Path("data/campaign.yaml").write_text(f"materials: {shelf.as_posix()}\n", encoding="utf-8")
    before = tree(tmp_path)
    result = cli("intake", "收件箱")
    assert result.exit_code == 1
    assert "错误：无法把材料归档到" in result.output
    assert "Traceback" not in result.output
    assert tree(tmp_path, locks=False) == before


def test_materials_setting_outside_the_campaign(inbox, cli, tmp_path):
    Path("data/campaign.yaml").write_text("materials: ../共享盘/材料\n", encoding="utf-8")
    result = cli("intake", "收件箱/三个清单")
    assert result.exit_code == 0, result.output
    shelf = tmp_path.parent / "共享盘" / "材料"
    try:
        assert tree(shelf) == {"第1阶段/第一阶段“三个清单”制定、报送/24中-清单.xlsx": sha("清单")}
        assert f"{shelf.resolve().as_posix()}/第1阶段/" in Path(PHASE_FILE).read_text(encoding="utf-8")
        assert cli("check").exit_code == 0
    finally:
        import shutil
        shutil.rmtree(tmp_path.parent / "共享盘")


def test_check_warns_of_missing_and_changed_materials(inbox, cli, tmp_path):
    assert cli("intake", "收件箱").exit_code == 0
    folder = tmp_path / "材料" / "第1阶段" / "创新案例、改革案例"
    (folder / "1中-案例.docx").unlink()
    (folder / "24中-【24中】案例.docx").write_text("改过了", encoding="utf-8")
    lines = Path(PHASE_FILE).read_text(encoding="utf-8").splitlines()
    one = lines.index(next(ln for ln in lines if ln.startswith("    1中:"))) + 1
    four = lines.index(next(ln for ln in lines if ln.startswith("    24中:"))) + 1
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert f"data/phases/phase1.yaml:{one}:5: 警告：单位“1中”登记的材料“材料/第1阶段/创新案例、改革案例/1中-案例.docx”找不到了。" \
        in result.output
    assert f"data/phases/phase1.yaml:{four}:5: 警告：单位“24中”登记的材料“材料/第1阶段/创新案例、改革案例/24中-【24中】案例.docx”" \
           "与登记时的文件不同（sha256 不符）。" in result.output
    assert cli("check", "--strict").exit_code == 1


def test_check_in_another_clerks_clone_notes_the_absent_materials_once(inbox, cli, tmp_path,
                                                                     monkeypatch):
    # clerk A files the materials (材料/ is git-ignored) and pushes the registrations; clerk B
    # clones: B has the registrations and no 材料/, and `check --strict` must still pass there
    from gitutil import git

    isolate_git(monkeypatch)
    (tmp_path / ".gitignore").write_text("/材料/\n/收件箱/\n", encoding="utf-8")
    make_repo(tmp_path)
    assert cli("intake", "收件箱", "--commit").exit_code == 0
    bare = tmp_path.parent / f"{tmp_path.name}-remote.git"
    git(tmp_path.parent, "clone", "-q", "--bare", str(tmp_path), str(bare))
    clone = tmp_path.parent / f"{tmp_path.name}-clerk-b"
    git(tmp_path.parent, "clone", "-q", str(bare), str(clone))
    assert not (clone / "材料").exists()
    monkeypatch.chdir(clone)

    result = cli("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "材料: 说明：本机没有材料文件夹“材料”，已登记的 5 份材料没有核对。\n"
        "  提示：材料不进 git，只保存在运行 nengli intake 归档材料的电脑上（或 data/campaign.yaml 中 materials "
        "指定的共享盘）；在那台电脑上运行 nengli check 即可核对。其余数据都已检查，这一条不算警告。\n"
        "共 0 个错误，0 个警告。\n")
    assert result.stdout == "数据无误：5 个单位，1 个阶段，2 项任务，5 条登记。\n"

    # what can be checked still is: a broken record is an error there too, at its line
    text = Path(PHASE_FILE).read_text(encoding="utf-8").replace("date: 2022-01-10", "date: 2022-01-32")
    Path(PHASE_FILE).write_text(text, encoding="utf-8")
    result = cli("check", "--strict")
    assert result.exit_code == 1
    seven = next(ln for ln in text.splitlines() if "7中:" in ln)
    line, col = text.splitlines().index(seven) + 1, seven.index("2022-01-32") + 1
    assert f"data/phases/phase1.yaml:{line}:{col}: 错误：" in result.stderr
    assert result.stderr.count("说明：本机没有材料文件夹") == 1


def test_a_materials_folder_on_this_computer_is_checked_file_by_file(inbox, cli, tmp_path):
    assert cli("intake", "收件箱").exit_code == 0
    (tmp_path / "材料" / "第1阶段" / "创新案例、改革案例" / "1中-案例.docx").unlink()
    result = cli("check", "--strict")
    assert result.exit_code == 1
    assert "警告：单位“1中”登记的材料" in result.stderr and "说明" not in result.stderr
    assert "共 0 个错误，1 个警告。" in result.stderr


def test_unit_lists_its_materials(inbox, cli):
    assert cli("intake", "收件箱").exit_code == 0
    result = cli("unit", "24中", "--as-of", "2022-01-25")
    assert result.exit_code == 0, result.output
    assert "已归档的材料（2份）：" in result.output
    assert "第一阶段　创新案例、改革案例　材料/第1阶段/创新案例、改革案例/24中-【24中】案例.docx" in result.output


def test_record_with_a_new_date_keeps_the_materials(inbox, cli):
    assert cli("intake", "收件箱/三个清单").exit_code == 0
    result = cli("record", "lists", "24中", "--date", "2022-01-22", "--force")
    assert result.exit_code == 0, result.output
    text = Path(PHASE_FILE).read_text(encoding="utf-8")
    assert "    24中: {date: 2022-01-22, files: {" in text


def test_commit_lists_the_registrations(inbox, cli, tmp_path, monkeypatch):
    import subprocess

    isolate_git(monkeypatch)
    (tmp_path / ".gitignore").write_text("/材料/\n/收件箱/\n", encoding="utf-8")
    root = make_repo(tmp_path)
    result = cli("intake", "收件箱", "--commit")
    assert result.exit_code == 0, result.output
    assert "已提交" in result.output
    log = subprocess.run(["git", "log", "-1", "--format=%B"], cwd=root, capture_output=True,
                         encoding="utf-8").stdout
    assert log == ("收件登记：4 项，1 项补充材料\n\n"
                   "第一阶段“三个清单”制定、报送 24中\n创新案例、改革案例 1中、11中、24中\n"
                   "补充材料：创新案例、改革案例 7中\n\n")
    shown = subprocess.run(["git", "show", "--name-only", "--format="], cwd=root,
                           capture_output=True, encoding="utf-8").stdout.split()
    assert shown == ["data/phases/phase1.yaml"]


def test_task_alias_clash_is_located(make_data, cli):
    make_data({"units.yaml": UNITS,
               "phases/phase1.yaml": PHASE.replace("aliases: [三个清单]", "aliases: [三个清单, 创新案例]")})
    result = cli("check")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:13:21: 错误：任务别名“创新案例”与任务“cases”的别名相同" in result.output


def test_bad_sha256_is_located(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE.replace(
        "7中: 2022-01-10", "7中: {date: 2022-01-10, files: {材料/a.docx: 12ab}}")})
    result = cli("check")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:17:47: 错误：材料“材料/a.docx”的 sha256“12ab”不是 64 位十六进制数字。" \
        in result.output


def test_several_files_of_one_unit_make_one_registration(make_data, cli, tmp_path):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    received(tmp_path / "收件箱" / "创新案例" / "24中" / "案例.docx", "案例", 19)
    received(tmp_path / "收件箱" / "创新案例" / "24中" / "附件.pdf", "附件", 18)
    received(tmp_path / "收件箱" / "创新案例" / "二十四中-案例(副本).docx", "案例", 19)  # the same bytes
    result = cli("intake", "收件箱", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["file"]: r for r in json.loads(result.output)["files"]}
    # the folder's own files are read before its subfolders'
    assert rows["创新案例/24中/案例.docx"]["skip"] == "与 创新案例/二十四中-案例(副本).docx 内容相同"
    folder = "材料/第1阶段/创新案例、改革案例"
    assert f"    24中: {{date: 2022-01-18, files: {{{folder}/24中-二十四中-案例(副本).docx: {sha('案例')}, " \
           f"{folder}/24中-附件.pdf: {sha('附件')}}}}}\n" in Path(PHASE_FILE).read_text(encoding="utf-8")


def test_names_inside_names_are_not_read(make_data, cli, tmp_path):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    box = tmp_path / "收件箱" / "三个清单"
    received(box / "【11中】清单.docx", "a", 12)      # not 1中
    received(box / "一中 清单（定稿）.docx", "b", 12)  # 一中 is 1中's alias
    received(box / "十一中清单.docx", "c", 12)        # 一中 inside a number: no unit named
    received(box / "２４中清单.docx", "d", 12)        # full-width digits
    result = cli("intake", "收件箱", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    units = {r["file"]: r["unit"] for r in json.loads(result.output)["files"]}
    assert units == {"三个清单/【11中】清单.docx": "11中", "三个清单/一中 清单（定稿）.docx": "1中",
                     "三个清单/十一中清单.docx": None, "三个清单/２４中清单.docx": "24中"}


NESTED_UNITS = """\
categories:
  school: {name: 学校, counter: 所}
units:
  - id: 实验中学
    name: 郑州市实验中学
    category: school
  - id: 实验中学分校
    name: 郑州市实验中学分校
    category: school
    aliases: [实验分校]
"""


def test_the_longest_name_wins_where_names_contain_each_other(make_data, cli, tmp_path):
    """实验中学 is inside 实验中学分校, with no number around it: the longer name is the unit,
    in a file name, in a folder name and by the full name; both whole is two units."""
    make_data({"units.yaml": NESTED_UNITS, "phases/phase1.yaml": PHASE.split("records:")[0]})
    box = tmp_path / "收件箱" / "三个清单"
    received(box / "实验中学分校-清单.docx", "a", 12)
    received(box / "【实验中学】清单.docx", "b", 12)
    received(box / "实验中学分校" / "清单.docx", "c", 12)
    received(box / "郑州市实验中学分校清单.docx", "d", 12)
    received(box / "实验中学、实验中学分校清单.docx", "e", 12)
    result = cli("intake", "收件箱", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["file"]: (r["unit"], r["skip"]) for r in json.loads(result.output)["files"]}
    assert rows == {
        "三个清单/实验中学分校-清单.docx": ("实验中学分校", None),
        "三个清单/【实验中学】清单.docx": ("实验中学", None),
        "三个清单/实验中学分校/清单.docx": ("实验中学分校", None),
        "三个清单/郑州市实验中学分校清单.docx": ("实验中学分校", None),
        "三个清单/实验中学、实验中学分校清单.docx": (None, "名称中有多个单位：实验中学、实验中学分校"),
    }


@pytest.fixture
def local_zone(monkeypatch):
    """``local_zone("Asia/Shanghai")``: the process's local time zone for this test (POSIX)."""
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset (setting the local zone of a running process) is POSIX-only")

    def use(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(("zone", "hour", "day", "on_time", "late"), [
    # 00:30 on the 21st in Beijing is 16:30 on the 20th in UTC: 24中's case is a day late
    ("Asia/Shanghai", 0, 21, 1, 1),
    # 23:30 on the 20th (the due day) in California is 07:30 on the 21st in UTC: on time
    ("America/Los_Angeles", 23, 20, 2, 0),
])
def test_the_date_of_a_file_is_its_local_day_near_midnight(make_data, cli, tmp_path, local_zone,
                                                           zone, hour, day, on_time, late):
    local_zone(zone)
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    path = tmp_path / "收件箱" / "创新案例" / "24中.docx"
    path.parent.mkdir(parents=True)
    path.write_text("案例", encoding="utf-8")
    stamp = dt.datetime(2022, 1, day, hour, 30).timestamp()  # local time, as the clerk saw it
    os.utime(path, (stamp, stamp))
    result = cli("intake", "收件箱", "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["files"][0]
    assert (row["unit"], row["date"]) == ("24中", f"2022-01-{day}")
    assert f"    24中: {{date: 2022-01-{day}, files: {{" in Path(PHASE_FILE).read_text(encoding="utf-8")
    # 7中 reported on the 10th; the due date is the 20th
    cases = json.loads(cli("status", "--as-of", "2022-01-24", "--json").stdout)["tasks"][0]
    assert (cases["title"], cases["on_time"], cases["late"]) == ("创新案例、改革案例", on_time, late)


def test_another_file_already_at_the_archive_path_is_kept_and_the_new_one_filed_beside_it(
        inbox, cli, tmp_path):
    """A file nobody registered sits where 24中's case would be filed (copied there by hand, or
    left by a run of another clone): it is not overwritten, and the registration does not
    claim its place with another file's sha256."""
    cases = tmp_path / "材料" / "第1阶段" / "创新案例、改革案例"
    cases.mkdir(parents=True)
    (cases / "24中-【24中】案例.docx").write_text("手工放进来的另一份文件", encoding="utf-8")
    result = cli("intake", "收件箱/创新案例", "--json")
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout)["files"] if r["unit"] == "24中")
    stored = "材料/第1阶段/创新案例、改革案例/24中-【24中】案例（第2版）.docx"
    assert row["target"] == stored
    assert (cases / "24中-【24中】案例.docx").read_text(encoding="utf-8") == "手工放进来的另一份文件"
    assert (cases / "24中-【24中】案例（第2版）.docx").read_text(encoding="utf-8") == "二十四中的案例"
    assert f"    24中: {{date: 2022-01-19, files: {{{stored}: {sha('二十四中的案例')}}}}}\n" \
        in Path(PHASE_FILE).read_text(encoding="utf-8")
    # what is registered is what is on disk
    check = cli("check")
    assert check.exit_code == 0 and "sha256" not in check.output, check.output


# ---- what a day's inbox really holds ------------------------------------------------------------

def test_empty_files_and_unfinished_downloads_are_refused_with_the_reason(make_data, cli, tmp_path):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    box = tmp_path / "收件箱" / "创新案例"
    received(box / "24中-案例.docx", "", 19)                       # WeChat's expired file: 0 bytes
    received(box / "11中-案例.docx.crdownload", "半个文件", 19)     # the browser is still at it
    received(box / "1中-案例.docx", "一中的案例", 19)
    result = cli("intake", "收件箱", env={"COLUMNS": None, "NO_COLOR": None})
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert "  11中-案例.docx.crdownload   —      —                    —          跳过：没有下载完（.crdownload）" in rows
    assert "  24中-案例.docx              —      —                    —          跳过：文件是空的（0 字节）" in rows
    assert "已登记 1 项（1 个文件），跳过 2 个文件。" in result.stdout
    assert result.stderr == (
        "收件箱: 警告：下列 1 个文件是空的（0 字节），没有登记：创新案例/24中-案例.docx。\n"
        "  提示：空文件多半是没有下载成功（微信、QQ 中文件过期或网络中断）；请重新下载或请单位重新发送，"
        "保存到收件文件夹后再运行一次 nengli intake。\n"
        "收件箱: 警告：下列 1 个文件没有下载完，没有登记：创新案例/11中-案例.docx.crdownload。\n"
        "  提示：浏览器下载未完成的文件以 .crdownload、.part 等结尾；请等下载完成（或重新下载）后再运行一次 nengli intake。\n"
        "共 0 个错误，2 个警告。\n")
    text = Path(PHASE_FILE).read_text(encoding="utf-8")
    assert "    1中: {date: 2022-01-19, files: {" in text
    assert "24中:" not in text and "11中:" not in text
    assert not (tmp_path / "材料" / "第1阶段" / "创新案例、改革案例" / "24中-案例.docx").exists()
    # downloaded again: registered on the next run
    received(box / "24中-案例.docx", "二十四中的案例", 20)
    result = cli("intake", "收件箱", "--json")
    rows = {r["file"]: r for r in json.loads(result.stdout)["files"]}
    assert (rows["创新案例/24中-案例.docx"]["registered"], rows["创新案例/24中-案例.docx"]["bytes"]) == (True, 21)
    assert rows["创新案例/11中-案例.docx.crdownload"]["skip_kind"] == "partial"


def test_the_same_file_from_two_units_registers_both_and_warns(make_data, cli, tmp_path):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    box = tmp_path / "收件箱" / "创新案例"
    received(box / "24中-案例.docx", "同一份案例", 19)
    received(box / "11中-案例.docx", "同一份案例", 19)
    received(box / "1中-案例.docx", "一中的案例", 19)
    result = cli("intake", "收件箱")
    assert result.exit_code == 0, result.output
    assert "已登记 3 项（3 个文件），跳过 0 个文件。" in result.stdout
    assert result.stderr == (
        "收件箱/创新案例/11中-案例.docx: 警告：11中、24中报来的文件内容完全相同：创新案例/11中-案例.docx、"
        "创新案例/24中-案例.docx；已分别登记。\n"
        "  提示：两个单位（或同一单位的两项任务）的材料一字不差，多半有一份发错了；请与这些单位核对，"
        "发错的请在阶段文件中改正该登记（改后运行 nengli check 检查）。\n"
        "共 0 个错误，1 个警告。\n")
    text = Path(PHASE_FILE).read_text(encoding="utf-8")
    digest = sha("同一份案例")
    assert f"    11中: {{date: 2022-01-19, files: {{材料/第1阶段/创新案例、改革案例/11中-11中-案例.docx: {digest}}}}}" in text
    assert f"    24中: {{date: 2022-01-19, files: {{材料/第1阶段/创新案例、改革案例/24中-24中-案例.docx: {digest}}}}}" in text

    # a third unit sends it a day later: the archived copies are named in the warning
    received(tmp_path / "收件箱2" / "三个清单" / "1中.docx", "同一份案例", 20)
    result = cli("intake", "收件箱2")
    assert result.exit_code == 0, result.output
    assert ("收件箱2/三个清单/1中.docx: 警告：11中（创新案例、改革案例）、24中（创新案例、改革案例）、"
            "1中（第一阶段“三个清单”制定、报送）报来的文件内容完全相同："
            "材料/第1阶段/创新案例、改革案例/11中-11中-案例.docx、材料/第1阶段/创新案例、改革案例/24中-24中-案例.docx、"
            "三个清单/1中.docx；已分别登记。\n") in result.stderr


def test_lock_files_and_thumbnails_are_counted_and_named(make_data, cli, tmp_path):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    box = tmp_path / "收件箱"
    received(box / "创新案例" / "24中-案例.docx", "案例", 19)
    for name in ("~$中-案例.docx", "Thumbs.db", ".~lock.24中-案例.docx#", "~WRL0001.tmp", "desktop.ini"):
        received(box / "创新案例" / name, "x", 19)
    received(box / "三个清单" / "Thumbs.db", "x", 19)
    result = cli("intake", "收件箱", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:4] == [
        "收件文件夹：收件箱/（1个文件）",
        "另有6个锁定文件、缩略图等临时文件不是材料，没有读取：三个清单/Thumbs.db、创新案例/.~lock.24中-案例.docx#、",
        "  创新案例/Thumbs.db、创新案例/desktop.ini、创新案例/~$中-案例.docx等6个。"]
    data = json.loads(cli("intake", "收件箱", "--dry-run", "--json").stdout)
    assert data["ignored"] == ["三个清单/Thumbs.db", "创新案例/.~lock.24中-案例.docx#", "创新案例/Thumbs.db",
                               "创新案例/desktop.ini", "创新案例/~$中-案例.docx", "创新案例/~WRL0001.tmp"]
    assert [f["file"] for f in data["files"]] == ["创新案例/24中-案例.docx"]


def _wechat_inbox(tmp_path: Path) -> Path:
    """A day of WeChat downloads: long names, a revised file, a copy, a lock file."""
    box = tmp_path / "WeChat Files" / "wxid_abc" / "FileStorage" / "File" / "2022-01"
    received(box / "【24中】关于报送能力作风建设年活动创新案例和改革案例的函（定稿）.docx", "二十四中", 19)
    received(box / "郑州市第十一中学能力作风建设年活动第一阶段创新案例报送材料.pdf", "十一中", 21)
    received(box / "1中 创新案例.docx", "一中", 18)
    received(box / "1中 创新案例(1).docx", "一中", 18)
    received(box / "7中创新案例（修改稿）.docx", "七中修改", 22)
    received(box / "~$中创新案例（修改稿）.docx", "x", 22)
    received(box / "新建 Microsoft Word 文档.docx", "", 22)
    return tmp_path / "WeChat Files"


def test_intake_table_golden_120_columns(make_data, cli, tmp_path, golden):
    # short names fit a table: one row per file, each cell whole, the shared folder said once
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    box = tmp_path / "收件箱" / "1月19日" / "创新案例"
    received(box / "24中-案例.docx", "二十四中", 19)
    received(box / "11中-案例.docx", "十一中", 21)
    received(box / "1中/案例.docx", "一中", 18)
    received(box / "1中/案例(1).docx", "一中", 18)
    received(box / "7中-案例.docx", "七中", 18)
    received(box / "说明.txt", "说明", 18)
    result = cli("intake", "收件箱", "--dry-run", env={"COLUMNS": None, "NO_COLOR": None})
    assert result.exit_code == 0, result.output
    assert "收件文件夹：收件箱/1月19日/创新案例/（6个文件）" in result.stdout
    assert result.stdout.count("1月19日/创新案例") == 1
    assert "─" in result.stdout
    golden("intake-table-120.txt", result.stdout)


def test_intake_long_names_are_never_broken_golden_120_columns(make_data, cli, tmp_path, golden):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    inbox = _wechat_inbox(tmp_path)
    result = cli("intake", str(inbox.relative_to(tmp_path)), "--task", "cases",
                 env={"COLUMNS": None, "NO_COLOR": None})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "收件文件夹：WeChat Files/wxid_abc/FileStorage/File/2022-01/（6个文件）" in lines
    assert result.stdout.count("wxid_abc") == 1
    for name in ("【24中】关于报送能力作风建设年活动创新案例和改革案例的函（定稿）.docx",
                 "郑州市第十一中学能力作风建设年活动第一阶段创新案例报送材料.pdf",
                 "新建 Microsoft Word 文档.docx"):
        assert name in lines
    assert max(map(len, lines)) <= 120
    golden("intake-wechat-120.txt", result.stdout)
