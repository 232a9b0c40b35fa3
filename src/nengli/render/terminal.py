"""The terminal view of a phase: one rich table, deterministic for a given width."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import zh
from ..progress import PhaseProgress, TaskProgress

BAR_WIDTH = 8


def bar(rate: float, encoding: str = "utf-8") -> str:
    """A completion bar in characters that also exist in GBK (■□), else ASCII."""
    full, empty = "■", "□"
    try:
        (full + empty).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        full, empty = "#", "-"
    filled = int(rate * BAR_WIDTH)  # floor: a bar is full only when the task is
    return full * filled + empty * (BAR_WIDTH - filled) + f" {int(rate * 100)}%"


def status_table(progress: PhaseProgress, encoding: str = "utf-8") -> Table:
    phase = progress.phase
    title = f"{phase.title}：{phase.theme}" if phase.theme else phase.title
    table = Table(title=title, caption=f"统计日期：{zh.cn_date(progress.as_of)}",
                  box=box.SIMPLE_HEAD, title_justify="left", caption_justify="left",
                  header_style="bold")
    table.add_column("任务", overflow="fold", ratio=1, min_width=10)
    table.add_column("截止", no_wrap=True)
    for name in ("应报", "按时", "逾期", "未报", "待报", "免报"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("完成率", no_wrap=True)
    for tp in progress.tasks:
        table.add_row(*_row(tp, encoding))
    return table


def _row(tp: TaskProgress, encoding: str) -> list[Text | str]:
    c = tp.counts
    return [
        tp.task.title, zh.cn_month_day(tp.task.due), str(tp.applicable),
        str(c["on_time"]), _count(c["late"], "yellow"), _count(c["missing"], "red"),
        str(c["pending"]), str(c["exempt"]),
        Text(bar(tp.rate, encoding), style="green" if tp.rate >= 1 else ""),
    ]


def laggard_lines(progress: PhaseProgress) -> list[Text]:
    """One line per task that has laggards: missing in red, late in yellow, roster order."""
    lines = []
    for tp in progress.tasks:
        names = [Text(r.unit.id, style="yellow" if r.status == "late" else "bold red")
                 for r in tp.rows if r.status in ("late", "missing")]
        if names:
            line = Text(f"  {tp.task.title}（{len(names)}）：")
            line.append_text(Text("、").join(names))
            lines.append(line)
    return lines


def _count(n: int, style: str) -> Text:
    return Text(str(n), style=style if n else "")


def print_status(progress: PhaseProgress, console: Console) -> None:
    console.print(status_table(progress, console.encoding))
    lines = laggard_lines(progress)
    if lines:
        console.print("未按时报送的单位（红色未报，黄色逾期补报）：")
        for line in lines:
            console.print(line)
    else:
        console.print("没有未按时报送的单位。")
