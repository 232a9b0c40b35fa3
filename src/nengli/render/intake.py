"""What ``nengli intake`` shows: the table the clerk checks, then what was done; or JSON."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import zh
from ..intake import IntakeResult, Item
from .terminal import packed, show

#: how many names of files not read the line above the table lists
LITTER_SHOWN = 5


def _state(item: Item, folder: str = "") -> Text:
    """What became of the file; ``folder``, the folder every name shown starts with, is left
    out of the names a reason gives (与 案例(1).docx 内容相同)."""
    if item.skip:
        reason = item.skip.replace(f"{folder}/", "") if folder else item.skip
        return Text(f"跳过：{reason}", style="dim")
    if item.joins is not None:  # a registration made before
        assert item.unit is not None
        filed = PurePosixPath(item.stored).name
        what = "另存为新版本" if item.joins.files else "补存材料"
        day = zh.cn_month_day(item.kept) if item.kept else ""
        return Text(f"已登记 {day}：{what}，登记日期不变"
                    + (f"（归档为 {filed}）" if filed != f"{item.unit.id}-{item.path.name}" else ""))
    if item.status == "late":
        return Text(f"逾期{item.days_late}天", style="dark_orange")
    return Text("按时", style="green")


def common_folder(names: list[str]) -> str:
    """The folders every name starts with (``1月10日/创新案例``), or ""."""
    folders = [PurePosixPath(n).parent.parts for n in names]
    if not folders:
        return ""
    common = []
    for parts in zip(*folders):
        if any(p != parts[0] for p in parts):
            break
        common.append(parts[0])
    return "/".join(common)


def _inbox_lines(result: IntakeResult, shown: str, prefix: str, width: int) -> list[Text]:
    """The inbox, once, and the files not read; a long line breaks between names."""
    folder = f"{shown}/{prefix}" if prefix else shown
    cut = len(prefix) + 1 if prefix else 0
    lines = [Text(f"收件文件夹：{folder}/（{len(result.items)}个文件）")]
    if result.ignored:
        names = [n[cut:] for n in result.ignored[:LITTER_SHOWN]]
        end = f"等{len(result.ignored)}个。" if len(result.ignored) > LITTER_SHOWN else "。"
        facts = [f"另有{len(result.ignored)}个锁定文件、缩略图等临时文件不是材料，没有读取："]
        facts += [n + "、" for n in names[:-1]] + [names[-1] + end]
        lines += packed(facts, width, first="", sep="", indent="  ")
    return lines


def print_intake(result: IntakeResult, console: Console, inbox: str = "") -> None:
    """The table: file → unit, task, date, on time or late, or why it is not registered.

    The folder every file is in is named once above the table (``inbox``, the folder as
    typed, and the subfolders all files share), and so is the rule of where files are filed;
    when a row does not fit on one line, every file becomes a block of its own lines, its
    name whole on the first."""
    source = "按 --date 指定" if result.date_from == "option" else "取文件的修改日期（本地时间）"
    console.print(f"报送日期{source}；材料归档到 {result.folder}/第N阶段/任务名称/单位简称-原文件名。",
                  markup=False)
    prefix = common_folder([i.name for i in result.items] + result.ignored)
    for line in _inbox_lines(result, inbox or ".", prefix, console.width):
        console.print(line)
    cut = len(prefix) + 1 if prefix else 0
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for name in ("文件", "单位", "任务", "报送日期", "情况"):
        table.add_column(name, overflow="fold")
    blocks: list[Text] = []
    for item in result.items:
        name = Text(item.name[cut:])
        unit = item.unit.id if item.unit else "—"
        task = item.task.title if item.task else "—"
        day = zh.cn_month_day(item.date) if item.unit and item.task else "—"
        table.add_row(name, Text(unit), Text(task), day, _state(item, prefix))
        blocks.append(name)
        facts: list[Text | str] = [Text(f) for f in (unit, task, day) if f != "—"]
        blocks += packed([*facts, _state(item, prefix)], console.width)
    show(console, table, [Text(""), *blocks, Text("")])


def summary(result: IntakeResult) -> str:
    """The lines under the table."""
    new, versions = result.new, result.versions
    count = len({(i.phase.number, i.task.id, i.unit.id) for i in new})  # type: ignore[union-attr]
    more = len({(i.phase.number, i.task.id, i.unit.id) for i in versions})  # type: ignore[union-attr]
    skipped = len(result.items) - len(result.registered)
    dry = result.status == "dry-run"
    parts = []
    if new or not versions:
        parts.append(f"{'将' if dry else '已'}登记 {count} 项（{len(new)} 个文件）")
    if versions:
        parts.append(f"{'将' if dry else ''}为已登记的 {more} 项补存 {len(versions)} 个文件（登记日期不变）")
    done = "，".join(parts)
    if result.status == "dry-run":
        return f"（试运行：{done}，跳过 {skipped} 个文件；没有修改任何文件。）\n"
    if result.status == "noop":
        return f"没有需要登记的材料：跳过 {skipped} 个文件，没有修改任何文件。\n"
    lines = [f"{done}，跳过 {skipped} 个文件。",
             f"已写入 {'、'.join(result.files)}；材料已复制到 {result.folder}/，原文件保留在收件文件夹中。"]
    if result.commit:
        lines.append(f"已提交 {result.commit}：{result.message.splitlines()[0]}")
    return "\n".join(lines) + "\n"


def intake_data(result: IntakeResult) -> dict[str, Any]:
    """The result as plain data for ``--json``."""
    return {
        "status": result.status,
        "date_from": result.date_from,
        "materials": result.folder,
        "written": result.files if result.status == "written" else [],
        "commit": result.commit or None,
        "ignored": result.ignored,
        "files": [{
            "file": i.name,
            "unit": i.unit.id if i.unit else None,
            "phase": i.phase.number if i.phase else None,
            "task": i.task.id if i.task else None,
            "date": i.date.isoformat(),
            "registered": not i.skip,
            # a new version of a registration made before: that registration's date, kept
            "kept_date": i.kept.isoformat() if i.kept and not i.skip else None,
            "status": i.status or None,
            "days_late": i.days_late,
            "skip": i.skip or None,
            "skip_kind": i.kind or None,
            "target": i.stored or None,
            "sha256": i.sha256,
            "bytes": i.size,
        } for i in result.items],
    }
