"""What ``nengli intake`` shows: the table the clerk checks, then what was done; or JSON."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import zh
from ..intake import IntakeResult, Item


def _state(item: Item) -> Text:
    if item.skip:
        return Text(f"跳过：{item.skip}", style="dim")
    if item.status == "late":
        return Text(f"逾期{item.days_late}天", style="dark_orange")
    return Text("按时", style="green")


def print_intake(result: IntakeResult, console: Console) -> None:
    """The table: file → unit, task, date, on time or late, where it is filed; or why not."""
    source = "按 --date 指定" if result.date_from == "option" else "取文件的修改日期（本地时间）"
    console.print(f"报送日期{source}；材料归档到 {result.folder}/。", markup=False)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    table.add_column("文件", overflow="fold", ratio=2)
    table.add_column("单位", no_wrap=True)
    table.add_column("任务", overflow="fold", ratio=1)
    table.add_column("报送日期", no_wrap=True)
    table.add_column("情况", overflow="fold", ratio=1)
    table.add_column("归档为", overflow="fold", ratio=2)
    for item in result.items:
        table.add_row(Text(item.name), Text(item.unit.id if item.unit else "—"),
                      Text(item.task.title if item.task else "—"),
                      zh.cn_month_day(item.date) if item.unit and item.task else "—",
                      _state(item), Text(item.stored if not item.skip else "—"))
    console.print(table)


def summary(result: IntakeResult) -> str:
    """The lines under the table."""
    done = result.registered
    units = len({(i.task.id, i.unit.id) for i in done})  # type: ignore[union-attr]
    skipped = len(result.items) - len(done)
    if result.status == "dry-run":
        return (f"（试运行：将登记 {units} 项（{len(done)} 个文件），跳过 {skipped} 个文件；"
                f"没有修改任何文件。）\n")
    if result.status == "noop":
        return f"没有需要登记的材料：跳过 {skipped} 个文件，没有修改任何文件。\n"
    lines = [f"已登记 {units} 项（{len(done)} 个文件），跳过 {skipped} 个文件。",
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
        "files": [{
            "file": i.name,
            "unit": i.unit.id if i.unit else None,
            "phase": i.phase.number if i.phase else None,
            "task": i.task.id if i.task else None,
            "date": i.date.isoformat(),
            "registered": not i.skip,
            "status": i.status or None,
            "days_late": i.days_late,
            "skip": i.skip or None,
            "target": i.stored or None,
            "sha256": i.sha256,
        } for i in result.items],
    }
