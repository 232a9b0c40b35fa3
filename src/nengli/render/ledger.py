"""The 台账 (ledger) for leaders who never open a terminal: an Excel workbook, or csv.

Workbook: a 汇总 sheet (counts per task and category, and the colour legend), one sheet per
phase (a row per unit in roster order, a column per task with the report date or status, cells
filled by warning level), and a 名册 sheet that ``nengli import-units`` reads back.
The bytes depend only on the data and the as-of date: the document properties and the zip
entries carry that date instead of the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Sequence

from .. import zh
from ..levels import Cell, Level, unit_matrix
from ..model import Campaign
from ..progress import STATUSES, PhaseProgress

FILLS: dict[Level, str] = {"green": "C6EFCE", "orange": "F8CBAD", "red": "FFC7CE",
                           "yellow": "FFEB9C", "blue": "DDEBF7"}
LEVEL_NAMES: dict[Level, str] = {"green": "按时报送", "orange": "逾期补报", "red": "逾期未报",
                                 "yellow": "临近截止", "blue": "免报", "none": "待报"}
STATUS_NAMES = {"on_time": "按时", "late": "逾期", "missing": "未报", "pending": "待报", "exempt": "免报"}
UNIT_COLUMNS = ("序号", "单位简称", "类别", "督导组", "联系人")
SUMMARY_COLUMNS = ("阶段", "任务", "截止日期", "类别", "应报", "按时", "逾期", "未报", "待报", "免报",
                   "完成率")
SUMMARY_SHEET = "汇总"
ROSTER_SHEET = "名册"
MAX_WIDTH = 40
NOT_APPLICABLE = "—"


def display_width(text: str) -> int:
    """Columns a text takes in Excel's default font: CJK and full-width characters count 2."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def cell_text(cell: Cell | None) -> str:
    """What a ledger cell says: the report date, or the status, with days late."""
    if cell is None:
        return NOT_APPLICABLE
    r = cell.row
    if r.status == "on_time" and r.record and r.record.date:
        return zh.cn_month_day(r.record.date)
    if r.status == "late" and r.record and r.record.date:
        return f"{zh.cn_month_day(r.record.date)}（逾期{r.days_late}天）"
    if r.status == "missing":
        return f"未报（逾期{r.days_late}天）"
    if r.status == "exempt":
        reason = r.record.exempt if r.record else ""
        return f"免报：{reason}" if reason else "免报"
    return "待报"


def phase_header(progress: PhaseProgress, wrap: bool = True) -> list[str]:
    sep = "\n" if wrap else ""
    return [*UNIT_COLUMNS,
            *(f"{tp.task.title}{sep}（{zh.cn_month_day(tp.task.due)}截止）" for tp in progress.tasks),
            "预警"]


def phase_rows(campaign: Campaign, progress: PhaseProgress, warn_days: int
               ) -> list[tuple[list[str | int], list[Level | None]]]:
    """A row per unit in roster order, with the level of each cell (None: no fill)."""
    names = {c.key: c.name for c in campaign.categories}
    out = []
    for n, line in enumerate(unit_matrix(progress, warn_days), 1):
        u = line.unit
        values: list[str | int] = [n, u.id, names.get(u.category, u.category),
                                   "" if u.group is None else u.group, u.reach]
        levels: list[Level | None] = [None] * len(values)
        for c in line.cells:
            values.append(cell_text(c))
            levels.append(c.level if c is not None else None)
        values.append(LEVEL_NAMES[line.level])
        levels.append(line.level)
        out.append((values, levels))
    return out


def summary_rows(progress: PhaseProgress) -> list[list[str | int]]:
    """Per task: the whole (合计), then each category in roster order of categories."""
    rows: list[list[str | int]] = []
    for tp in progress.tasks:
        groups = [("合计", tp.rows)]
        groups += [(cp.category.name, [r for r in tp.rows if r.unit.category == cp.category.key])
                   for cp in tp.by_category]
        for name, rs in groups:
            counts = {s: sum(r.status == s for r in rs) for s in STATUSES}
            done = counts["on_time"] + counts["late"] + counts["exempt"]
            rate = f"{done * 100 // len(rs)}%" if rs else NOT_APPLICABLE
            rows.append([progress.phase.title, tp.task.title, zh.cn_date(tp.task.due), name, len(rs),
                         *(counts[s] for s in STATUSES), rate])
    return rows


def _sheet_title(title: str, taken: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:28] or "阶段"
    name, n = clean, 2
    while name in taken:
        name, n = f"{clean}{n}", n + 1
    taken.add(name)
    return name


def workbook_bytes(campaign: Campaign, progresses: Sequence[PhaseProgress], warn_days: int,
                   as_of: dt.date) -> bytes:
    """The whole ledger as .xlsx bytes; same data and date, same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from ..roster_import import roster_rows

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")
    fills = {lv: PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)
             for lv, rgb in FILLS.items()}
    wb = Workbook()
    taken = {SUMMARY_SHEET, ROSTER_SHEET}

    summary = wb.active
    summary.title = SUMMARY_SHEET
    table = [list(SUMMARY_COLUMNS)]
    for progress in progresses:
        table += summary_rows(progress)
    for row in table:
        summary.append(row)
    summary.append([])
    summary.append([f"统计日期：{zh.cn_date(as_of)}；黄色表示截止前 {warn_days} 天内尚未报送。"])
    summary.append(["图例"])
    # rows are counted here: ws.max_row scans the whole sheet on every call
    for n, (level, name) in enumerate(LEVEL_NAMES.items(), len(table) + 4):
        summary.append([name])
        if level in fills:
            summary.cell(row=n, column=1).fill = fills[level]
    _finish(summary, len(SUMMARY_COLUMNS), bold, wrap, freeze="A2")

    for progress in progresses:
        ws = wb.create_sheet(_sheet_title(progress.phase.title, taken))
        header = phase_header(progress)
        ws.append(header)
        for n, (values, levels) in enumerate(phase_rows(campaign, progress, warn_days), 2):
            ws.append(values)
            for col, level in enumerate(levels, 1):
                if level in fills:
                    ws.cell(row=n, column=col).fill = fills[level]  # type: ignore[index]
        _finish(ws, len(header), bold, wrap, freeze="C2")

    roster = wb.create_sheet(ROSTER_SHEET)
    for row in roster_rows(campaign.categories, campaign.units):
        roster.append(row)
    _finish(roster, len(roster_rows((), ())[0]), bold, wrap, freeze="B2")

    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "nengli"
    wb.properties.lastModifiedBy = "nengli"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _pin_zip_times(buffer.getvalue(), stamp)


def _finish(ws, columns: int, bold, wrap, freeze: str) -> None:
    """Bold wrapped header, frozen panes, column widths that fit Chinese text."""
    from openpyxl.utils import get_column_letter

    for col in range(1, columns + 1):
        cell = ws.cell(row=1, column=col)
        cell.font = bold
        cell.alignment = wrap
    ws.freeze_panes = freeze
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        for cell in row:
            if cell.value is None:
                continue
            if cell.row > 1 and cell.column == 1 and ws.cell(row=cell.row, column=2).value is None:
                continue  # a note under the summary table spans columns; it must not widen column A
            w = max(display_width(part) for part in str(cell.value).split("\n"))
            widths[cell.column] = max(widths.get(cell.column, 0), w)
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(w + 2, MAX_WIDTH)


def _pin_zip_times(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with every entry dated ``stamp`` (zipfile stamps entries with the clock)."""
    import zipfile

    out = io.BytesIO()
    when = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=when)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps ``modified`` with the clock when saving, whatever was set
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso, content)
            dst.writestr(pinned, content)
    return out.getvalue()


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    """csv with CRLF line ends, as Excel writes it (add the BOM when writing a file)."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def phase_csv(campaign: Campaign, progress: PhaseProgress, warn_days: int) -> str:
    rows: list[list[str | int]] = [phase_header(progress, wrap=False)]
    rows += [values for values, _ in phase_rows(campaign, progress, warn_days)]
    return csv_text(rows)


def roster_csv(campaign: Campaign) -> str:
    from ..roster_import import roster_rows

    return csv_text(roster_rows(campaign.categories, campaign.units))


def roster_workbook_bytes(campaign: Campaign, as_of: dt.date) -> bytes:
    """Only the 名册 sheet, for editing the roster in Excel and importing it back."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from ..roster_import import roster_rows

    wb = Workbook()
    ws = wb.active
    ws.title = ROSTER_SHEET
    rows = roster_rows(campaign.categories, campaign.units)
    for row in rows:
        ws.append(row)
    _finish(ws, len(rows[0]), Font(bold=True), Alignment(wrap_text=True, vertical="center"), "B2")
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = "nengli"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _pin_zip_times(buffer.getvalue(), stamp)

