"""The terminal view of a phase: one rich table, deterministic for a given width.

Every table here has a stacked form (one block per task or unit, its facts packed into lines)
for terminals too narrow to show the table with each cell whole; ``show`` chooses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from .. import zh
from ..levels import LEVEL_NAMES
from ..progress import LAGGING, STATUS_NAMES, PhaseProgress, TaskProgress, done_rate
from .palette import PALETTE

BAR_WIDTH = 8


def bar(rate: float, encoding: str = "utf-8") -> str:
    """A completion bar in characters that also exist in GBK (■□), else ASCII."""
    full, empty = "■", "□"
    try:
        (full + empty).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        full, empty = "#", "-"
    filled = int(rate * BAR_WIDTH)  # floor: a bar is full only when the task is
    return full * filled + empty * (BAR_WIDTH - filled) + f" {zh.percent(rate)}"


#: rich styles of the warning levels (levels.py), from the one palette
LEVEL_STYLES = {level: colours.terminal for level, colours in PALETTE.items()}
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


#: the end of a line: spaces among colour codes; and one colour code
_TRAILING = re.compile(r"(?: |\x1b\[[0-9;]*m)+$", re.M)
_SGR = re.compile(r"\x1b\[[0-9;]*m")


class Unpadded:
    """A text stream for a file or a pipe: rich pads table lines to the console's width;
    this writes each line without the spaces at its end."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._tail = ""  # the start of a line not yet ended
        self.encoding = getattr(out, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        done, _, self._tail = (self._tail + text).rpartition("\n")
        if _:
            self._out.write(_TRAILING.sub(lambda m: "".join(_SGR.findall(m[0])), done) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._tail:
            self._out.write(self._tail)
            self._tail = ""
        self._out.flush()

    def isatty(self) -> bool:
        return False


def fits(console: Console, table: Table) -> bool:
    """Whether ``table`` shows every cell on one line within the console's width."""
    natural = Measurement.get(console, console.options.update_width(10_000), table)
    return natural.maximum <= console.width


def packed(facts: Iterable[Text | str], width: int, first: str = "  ", sep: str = "  ",
           indent: str = "  ") -> list[Text]:
    """Short facts ("按时 54") packed into lines of at most ``width`` cells, each fact whole
    (a fact wider than a line gets a line of its own, which rich then folds). The first line
    starts with ``first``, the others with ``indent``."""
    lines: list[Text] = []
    line: Text | None = None
    used = 0  # the cells of ``line`` so far: added up, not measured again for each fact
    gap = cell_len(sep)
    for fact in facts:
        fact = Text(fact) if isinstance(fact, str) else fact
        size = fact.cell_len
        if line is not None and used + gap + size <= width:
            line.append(sep)
            used += gap
        else:
            if line is not None:
                lines.append(line)
            start = first if line is None else indent
            line, used = Text(start), cell_len(start)
        line.append_text(fact)
        used += size
    if line is not None:
        lines.append(line)
    return lines


def labelled(label: str, value: Text | str) -> Text:
    """A fact of a stacked block: "逾期 3", the value keeping its style."""
    return Text(f"{label} ").append_text(Text(value) if isinstance(value, str) else value)


def show(console: Console, table: Table, blocks: Iterable[Text]) -> None:
    """The table when it fits the console, else its stacked form."""
    if fits(console, table):
        console.print(table)
        return
    for line in blocks:
        console.print(line)


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
        row[0] = Text(tp.task.title, style=_task_style(tp, progress.as_of, warn_days))
        table.add_row(*row)
    return table


def _task_style(tp: TaskProgress, as_of, warn_days: int | None) -> str:
    if warn_days is None:
        return ""
    from ..levels import task_level

    return LEVEL_STYLES[task_level(tp, as_of, warn_days)]


def status_blocks(progress: PhaseProgress, width: int, encoding: str = "utf-8",
                  warn_days: int | None = None) -> list[Text]:
    """The stacked status: the phase, the date, then a block per task."""
    phase = progress.phase
    lines = [Text(f"{phase.title}：{phase.theme}" if phase.theme else phase.title, style="bold"),
             Text(f"统计日期：{zh.cn_date(progress.as_of)}")]
    for tp in progress.tasks:
        lines += [Text(""), Text(tp.task.title, style=_task_style(tp, progress.as_of, warn_days))]
        due = labelled("截止", zh.cn_month_day(tp.task.due))
        if not tp.applicable:
            lines += packed([due, _bar(tp, encoding)], width)
            continue
        lines += packed([
            due, labelled("应报", str(tp.applicable)),
            *(labelled(STATUS_NAMES[status], n) for status, n in _counts(tp).items()),
            labelled("完成率", _bar(tp, encoding))], width)
    lines.append(Text(""))
    return lines


#: the rate column of a task that applies to none of the units shown
NOT_APPLICABLE_RATE = "不适用"
#: the rate column of a task every unit shown is exempt from: nobody owes it, nothing is done
ALL_EXEMPT_RATE = "全部免报"


def _bar(tp: TaskProgress, encoding: str) -> Text:
    """The completion bar; a task no unit shown owes has no rate, and no full green bar."""
    if not tp.applicable:
        return Text(NOT_APPLICABLE_RATE, style="dim")
    rate = done_rate(tp.counts)
    if rate is None:
        return Text(ALL_EXEMPT_RATE, style=LEVEL_STYLES["blue"])
    return Text(bar(rate, encoding), style="green" if rate >= 1 else "")


def _counts(tp: TaskProgress) -> dict[str, Text]:
    """The count of each status (STATUS_NAMES order), late in orange and missing in red."""
    styles = {"late": LEVEL_STYLES["orange"], "missing": LEVEL_STYLES["red"]}
    return {status: _count(tp.counts[status], styles.get(status, "")) for status in STATUS_NAMES}


def _row(tp: TaskProgress, encoding: str) -> list[Text | str]:
    if not tp.applicable:  # no unit shown is asked for it: no counts, not 0 of 0
        na = level_symbols(encoding)[1]
        return [Text(tp.task.title), zh.cn_month_day(tp.task.due),
                *([na] * (1 + len(STATUS_NAMES))), _bar(tp, encoding)]
    return [Text(tp.task.title), zh.cn_month_day(tp.task.due), str(tp.applicable),
            *_counts(tp).values(), _bar(tp, encoding)]


def laggard_lines(progress: PhaseProgress, width: int | None = None) -> list[Text]:
    """One line per task that has laggards: missing in red, late in orange, roster order.
    A line wider than ``width`` breaks between names, never inside one.

    Each unit's name is measured once for all tasks (a dict, not a count per character of
    every line, nor rich's cache, which ten thousand names overflow), and the lines are packed
    by adding those widths: a name and its 、 go on the line while they fit (as ``packed``)."""
    lines = []
    sizes: dict[str, int] = {}
    for tp in progress.tasks:
        names = [(r.unit.id, LEVEL_STYLES["orange" if r.status == "late" else "red"])
                 for r in tp.rows if r.status in LAGGING]
        if not names:
            continue
        head = f"  {tp.task.title}（{len(names)}）："
        for uid, _ in names:
            if uid not in sizes:
                sizes[uid] = cell_len(uid)
        size = cell_len(head) + sum(sizes[uid] for uid, _ in names) + 2 * (len(names) - 1)
        if width is None or size <= width:
            line = Text(head)
            line.append_text(Text("、").join(Text(uid, style=style) for uid, style in names))
            lines.append(line)
            continue
        lines.append(Text(head))
        line, used, last = None, 0, len(names) - 1
        for i, (uid, style) in enumerate(names):
            text, size = (uid, sizes[uid]) if i == last else (uid + "、", sizes[uid] + 2)
            if line is None or used + size > width:
                if line is not None:
                    lines.append(line)
                line, used = Text("    "), 4
            line.append_text(Text(text, style=style))
            used += size
        lines.append(line)  # type: ignore[arg-type]
    return lines


def _count(n: int, style: str) -> Text:
    return Text(str(n), style=style if n else "")


def print_status(progress: PhaseProgress, console: Console, warn_days: int | None = None) -> None:
    show(console, status_table(progress, console.encoding, warn_days),
         status_blocks(progress, console.width, console.encoding, warn_days))
    lines = laggard_lines(progress, console.width)
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


def matrix_blocks(progress: PhaseProgress, warn_days: int, width: int,
                  encoding: str = "utf-8") -> list[Text]:
    """The stacked matrix: per unit (roster order) its id, group, level and a symbol per task."""
    from ..levels import unit_matrix

    symbols, na = level_symbols(encoding)
    lines = [Text(progress.phase.title, style="bold")]
    for line in unit_matrix(progress, warn_days):
        style = LEVEL_STYLES[line.level]
        head: list[Text | str] = [Text(line.unit.id, style=style)]
        if line.unit.group is not None:
            head.append(f"{line.unit.group}组")
        head.append(Text(LEVEL_NAMES[line.level], style=style))
        cells = [Text(f"{n}").append_text(Text(symbols[c.level], style=LEVEL_STYLES[c.level])
                                          if c else Text(na))
                 for n, c in enumerate(line.cells, 1)]
        lines += packed([*head, *cells], width, first="")
    lines.append(Text(""))
    return lines


def matrix_notes(progress: PhaseProgress, warn_days: int, encoding: str = "utf-8") -> list[Text]:
    """Under the matrix: the date, the numbered tasks, and the legend of the symbols."""
    symbols, na = level_symbols(encoding)
    lines = [f"统计日期：{zh.cn_date(progress.as_of)}；临近截止：{warn_days} 天内截止而未报送。"]
    lines += [f"{n}. {tp.task.title}（{zh.cn_month_day(tp.task.due)}截止"
              f"{'' if tp.applicable else '；' + NOT_APPLICABLE_RATE}）"
              for n, tp in enumerate(progress.tasks, 1)]
    lines.append("图例：" + "  ".join(f"{symbols[lv]} {w}" for lv, w in LEVEL_NAMES.items())
                 + f"  {na} 不适用")
    return [Text(line) for line in lines]


def print_matrix(progress: PhaseProgress, warn_days: int, console: Console) -> None:
    show(console, matrix_table(progress, warn_days, console.encoding),
         matrix_blocks(progress, warn_days, console.width, console.encoding))
    for line in matrix_notes(progress, warn_days, console.encoding):
        console.print(line)
