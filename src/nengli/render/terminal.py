"""The terminal view of a phase: one rich table, deterministic for a given width."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import zh
from ..levels import LEVEL_NAMES
from ..progress import LAGGING, STATUS_NAMES, PhaseProgress, TaskProgress

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


#: rich styles of the warning levels (levels.py)
LEVEL_STYLES = {"green": "green", "blue": "blue", "yellow": "yellow", "red": "bold red",
                "orange": "dark_orange", "none": ""}
#: one symbol per level, all present in GBK (Windows consoles), and an ASCII fallback
LEVEL_SYMBOLS = {"green": "●", "orange": "▲", "red": "×", "yellow": "△", "blue": "◎", "none": "○"}
ASCII_SYMBOLS = {"green": "v", "orange": "!", "red": "X", "yellow": "?", "blue": "e", "none": "."}
NOT_APPLICABLE = ("—", "-")


def level_symbols(encoding: str = "utf-8") -> tuple[dict[str, str], str]:
    """The level symbols and the not-applicable mark the console can print."""
    try:
        ("".join(LEVEL_SYMBOLS.values()) + NOT_APPLICABLE[0]).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return ASCII_SYMBOLS, NOT_APPLICABLE[1]
    return LEVEL_SYMBOLS, NOT_APPLICABLE[0]


def status_table(progress: PhaseProgress, encoding: str = "utf-8",
                 warn_days: int | None = None) -> Table:
    phase = progress.phase
    title = f"{phase.title}：{phase.theme}" if phase.theme else phase.title
    table = Table(title=Text(title), caption=f"统计日期：{zh.cn_date(progress.as_of)}",
                  box=box.SIMPLE_HEAD, title_justify="left", caption_justify="left",
                  header_style="bold")
    table.add_column("任务", overflow="fold", ratio=1, min_width=10)
    table.add_column("截止", no_wrap=True)
    for name in ("应报", *STATUS_NAMES.values()):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("完成率", no_wrap=True)
    for tp in progress.tasks:
        row = _row(tp, encoding)
        if warn_days is not None:
            from ..levels import task_level

            row[0] = Text(tp.task.title, style=LEVEL_STYLES[task_level(tp, progress.as_of, warn_days)])
        table.add_row(*row)
    return table


def _row(tp: TaskProgress, encoding: str) -> list[Text | str]:
    c = tp.counts
    return [
        Text(tp.task.title), zh.cn_month_day(tp.task.due), str(tp.applicable),
        str(c["on_time"]), _count(c["late"], LEVEL_STYLES["orange"]),
        _count(c["missing"], LEVEL_STYLES["red"]),
        str(c["pending"]), str(c["exempt"]),
        Text(bar(tp.rate, encoding), style="green" if tp.rate >= 1 else ""),
    ]


def laggard_lines(progress: PhaseProgress) -> list[Text]:
    """One line per task that has laggards: missing in red, late in orange, roster order."""
    lines = []
    for tp in progress.tasks:
        names = [Text(r.unit.id, style=LEVEL_STYLES["orange" if r.status == "late" else "red"])
                 for r in tp.rows if r.status in LAGGING]
        if names:
            line = Text(f"  {tp.task.title}（{len(names)}）：")
            line.append_text(Text("、").join(names))
            lines.append(line)
    return lines


def _count(n: int, style: str) -> Text:
    return Text(str(n), style=style if n else "")


def print_status(progress: PhaseProgress, console: Console, warn_days: int | None = None) -> None:
    console.print(status_table(progress, console.encoding, warn_days))
    lines = laggard_lines(progress)
    if lines:
        console.print("未按时报送的单位（红色逾期未报，橙色逾期补报）：")
        for line in lines:
            console.print(line)
    else:
        console.print("没有未按时报送的单位。")


def matrix_table(progress: PhaseProgress, warn_days: int, encoding: str = "utf-8") -> Table:
    """Units (roster order) × tasks (numbered; see matrix_notes): a level symbol per cell."""
    from ..levels import unit_matrix

    symbols, na = level_symbols(encoding)
    table = Table(title=Text(progress.phase.title), box=box.SIMPLE_HEAD, title_justify="left",
                  header_style="bold")
    table.add_column("单位", no_wrap=True)
    table.add_column("组", justify="right", no_wrap=True)
    for n, _ in enumerate(progress.tasks, 1):
        table.add_column(str(n), justify="center", no_wrap=True)
    table.add_column("预警", no_wrap=True)
    for line in unit_matrix(progress, warn_days):
        cells = [Text(symbols[c.level], style=LEVEL_STYLES[c.level]) if c else Text(na)
                 for c in line.cells]
        table.add_row(Text(line.unit.id, style=LEVEL_STYLES[line.level]),
                      "" if line.unit.group is None else str(line.unit.group), *cells,
                      Text(LEVEL_NAMES[line.level], style=LEVEL_STYLES[line.level]))
    return table


def matrix_notes(progress: PhaseProgress, warn_days: int, encoding: str = "utf-8") -> list[Text]:
    """Under the matrix: the date, the numbered tasks, and the legend of the symbols."""
    symbols, na = level_symbols(encoding)
    lines = [f"统计日期：{zh.cn_date(progress.as_of)}；临近截止：{warn_days} 天内截止而未报送。"]
    lines += [f"{n}. {tp.task.title}（{zh.cn_month_day(tp.task.due)}截止）"
              for n, tp in enumerate(progress.tasks, 1)]
    lines.append("图例：" + "  ".join(f"{symbols[lv]} {w}" for lv, w in LEVEL_NAMES.items())
                 + f"  {na} 不适用")
    return [Text(line) for line in lines]


def print_matrix(progress: PhaseProgress, warn_days: int, console: Console) -> None:
    console.print(matrix_table(progress, warn_days, console.encoding))
    for line in matrix_notes(progress, warn_days, console.encoding):
        console.print(line)
