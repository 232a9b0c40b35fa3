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
from typing import Any, NamedTuple, Sequence

from .. import zh
from ..levels import LEVEL_NAMES, Cell, Level, unit_matrix
from ..model import Campaign
from ..progress import STATUS_NAMES, STATUSES, PhaseProgress, done_rate
from .palette import PALETTE, argb

#: the fill of a cell at each level, from the one palette (a level without a fill: none)
FILLS: dict[Level, str] = {level: argb(c.fill) for level, c in PALETTE.items() if c.fill}
UNIT_COLUMNS = ("序号", "单位简称", "类别", "督导组", "联系人")
SUMMARY_COLUMNS = ("阶段", "任务", "截止日期", "类别", "应报", *STATUS_NAMES.values(), "完成率")
SUMMARY_SHEET = "汇总"
DUBAN_SHEET = "督办台账"
ROSTER_SHEET = "名册"
MAX_WIDTH = 40
NOT_APPLICABLE = "—"
#: Excel number formats: dates with the year, the completion rate as a whole percent
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
PERCENT_FORMAT = "0%"
#: named cell styles (Excel's 单元格样式): the header, a plain cell, and a cell per level
HEAD_STYLE, CELL_STYLE = "台账表头", "台账"
#: a style's own number format: a cell on time (green) is a date
STYLE_FORMATS = {LEVEL_NAMES["green"]: DATE_FORMAT}
#: points per printed line of 11-point text in a CJK font, and the cell's padding
LINE_PT, ROW_PAD_PT = 16.5, 4


class Entry(NamedTuple):
    """One cell: its value (text, number or date), the text a reader sees, its fill level and
    its number format."""

    value: str | int | float | dt.date | None
    shown: str
    level: Level | None = None
    number_format: str | None = None


def display_width(text: str) -> int:
    """Columns a text takes in Excel's default font: CJK and full-width characters count 2.
    (Excel's measure, for its column widths; a terminal's is rich's cell_len.)"""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _text(value: str | int | None, level: Level | None = None) -> Entry:
    return Entry(value, "" if value is None else str(value), level)


def _date(day: dt.date, suffix: str = "", level: Level | None = None) -> Entry:
    """A real date cell shown as 2022年1月12日, with ``suffix`` after it in the same cell."""
    fmt = DATE_FORMAT[:-1] + suffix + '"' if suffix else DATE_FORMAT
    return Entry(day, zh.cn_date(day) + suffix, level, fmt)


def ledger_cell(cell: Cell | None) -> Entry:
    """What a ledger cell says: the report date (with the days late), or the status."""
    if cell is None:
        return _text(NOT_APPLICABLE)
    r, level = cell.row, cell.level
    if r.status == "on_time" and r.record and r.record.date:
        return _date(r.record.date, level=level)
    if r.status == "late" and r.record and r.record.date:
        return _date(r.record.date, f"（逾期{r.days_late}天）", level)
    if r.status == "missing":
        return _text(f"未报（逾期{r.days_late}天）", level)
    if r.status == "exempt":
        reason = r.record.exempt if r.record else ""
        return _text(f"免报：{reason}" if reason else "免报", level)
    return _text("待报", level)


def phase_header(progress: PhaseProgress, wrap: bool = True) -> list[str]:
    sep = "\n" if wrap else ""
    return [*UNIT_COLUMNS,
            *(f"{tp.task.title}{sep}（{zh.cn_month_day(tp.task.due)}截止）" for tp in progress.tasks),
            "预警"]


def phase_rows(campaign: Campaign, progress: PhaseProgress, warn_days: int) -> list[list[Entry]]:
    """A row per unit in roster order."""
    names = {c.key: c.name for c in campaign.categories}
    out = []
    for n, line in enumerate(unit_matrix(progress, warn_days), 1):
        u = line.unit
        row = [_text(n), _text(u.id), _text(names.get(u.category, u.category)),
               _text(u.group), _text(u.reach or None)]
        row += [ledger_cell(c) for c in line.cells]
        row.append(_text(LEVEL_NAMES[line.level], line.level))
        out.append(row)
    return out


def summary_rows(progress: PhaseProgress) -> list[list[Entry]]:
    """Per task: the whole (合计), then each category in roster order of categories."""
    rows: list[list[Entry]] = []
    for tp in progress.tasks:
        groups = [("合计", tp.rows)]
        groups += [(cp.category.name, [r for r in tp.rows if r.unit.category == cp.category.key])
                   for cp in tp.by_category]
        for name, rs in groups:
            counts = {s: sum(r.status == s for r in rs) for s in STATUSES}
            rate = done_rate(counts)
            shown = NOT_APPLICABLE if rate is None else zh.percent(rate)
            rows.append([_text(progress.phase.title), _text(tp.task.title),
                         _date(tp.task.due), _text(name), _text(len(rs)),
                         *(_text(counts[s]) for s in STATUSES),
                         _text(shown) if rate is None else Entry(rate, shown, None, PERCENT_FORMAT)])
    return rows


def _sheet_title(title: str, taken: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:28] or "阶段"
    name, n = clean, 2
    while name in taken:
        name, n = f"{clean}{n}", n + 1
    taken.add(name)
    return name


def _styles(wb: Any) -> None:
    """The workbook's named styles (Excel's 单元格样式, which cells take by name): thin borders
    all round, header bold, a fill per level."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="FF000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    plain = Alignment(vertical="center", wrap_text=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    styles = [NamedStyle(HEAD_STYLE, font=Font(bold=True), border=border, alignment=centred),
              NamedStyle(CELL_STYLE, border=border, alignment=plain)]
    for level, rgb in FILLS.items():
        fill = PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)
        name = LEVEL_NAMES[level]
        styles.append(NamedStyle(name, fill=fill, border=border, alignment=centred,
                                 number_format=STYLE_FORMATS.get(name, "General")))
    for style in styles:
        wb.add_named_style(style)


def _table(ws: Any, header: Sequence[str], rows: Sequence[Sequence[Entry]]) -> None:
    """The header and rows from A1 (of an empty sheet), each cell bordered, filled by its level,
    numbers and dates formatted; column widths and row heights that fit the text. Each cell is
    made at its place with its value and given its named style by name, through openpyxl's
    public API (the row number is counted here: ws.max_row searches the whole sheet). Linear
    in the rows; naming the style costs openpyxl a look-up per cell, some 16 % of the export
    of 10,000 units over copying its internal style array as this did before."""
    from openpyxl.utils import get_column_letter

    widths = [0] * len(header)
    measured: dict[str, tuple[int, int]] = {"": (0, 1)}  # text: (width, lines); texts repeat
    for n, row in enumerate([[Entry(h, h) for h in header], *rows], 1):
        lines = 1
        for col, e in enumerate(row, 1):
            style = HEAD_STYLE if n == 1 else (
                LEVEL_NAMES[e.level] if e.level in FILLS else CELL_STYLE)
            cell = ws.cell(row=n, column=col, value=e.value)
            cell.style = style
            if e.number_format and e.number_format != STYLE_FORMATS.get(style):
                cell.number_format = e.number_format
            size = measured.get(e.shown)
            if size is None:
                parts = [display_width(part) for part in e.shown.split("\n")]
                size = measured[e.shown] = (max(parts),
                                            sum(max(1, -(-w // (MAX_WIDTH - 2))) for w in parts))
            if size[0] > widths[col - 1]:
                widths[col - 1] = size[0]
            if size[1] > lines:
                lines = size[1]
        if lines > 1:
            ws.row_dimensions[n].height = lines * LINE_PT + ROW_PAD_PT
    for col, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = min(w + 2, MAX_WIDTH)


def _print_setup(ws: Any, title_columns: str | None, header: str) -> None:
    """Landscape A4, every column on one page width, the header row (and the unit columns)
    repeated on each page, the sheet name and date above and the page number below."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:1"
    if title_columns:
        ws.print_title_cols = title_columns
    ws.oddHeader.center.text = header
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _workbook(as_of: dt.date) -> Any:
    """A workbook dated ``as_of``, with its named styles."""
    from openpyxl import Workbook

    wb = Workbook()
    _styles(wb)
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = "nengli"
    return wb


def _save(wb: Any, as_of: dt.date) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return _pin_zip_times(buffer.getvalue(), dt.datetime(as_of.year, as_of.month, as_of.day))


def workbook_bytes(campaign: Campaign, progresses: Sequence[PhaseProgress], warn_days: int,
                   as_of: dt.date) -> bytes:
    """The whole ledger as .xlsx bytes; same data and date, same bytes."""
    wb = _workbook(as_of)
    taken = {SUMMARY_SHEET, ROSTER_SHEET}
    dated = f"统计日期：{zh.cn_date(as_of)}"

    summary = wb.active
    summary.title = SUMMARY_SHEET
    table = [row for progress in progresses for row in summary_rows(progress)]
    _table(summary, SUMMARY_COLUMNS, table)
    below = len(table) + 3
    summary.cell(row=below, column=1,
                 value=f"{dated}；完成率不计免报单位；黄色表示截止前 {warn_days} 天内尚未报送。")
    summary.cell(row=below + 1, column=1, value="图例")
    for n, (level, name) in enumerate(LEVEL_NAMES.items(), below + 2):
        cell = summary.cell(row=n, column=1, value=name)
        cell.style = name if level in FILLS else CELL_STYLE
    summary.freeze_panes = "A2"
    _print_setup(summary, None, f"&A　{dated}")

    for progress in progresses:
        ws = wb.create_sheet(_sheet_title(progress.phase.title, taken))
        _table(ws, phase_header(progress), phase_rows(campaign, progress, warn_days))
        ws.freeze_panes = "C2"
        _print_setup(ws, "A:B", f"&A　{dated}")

    if campaign.items:
        _duban_sheet(wb, campaign, as_of, taken, dated)
    _roster_sheet(wb.create_sheet(ROSTER_SHEET), campaign)
    return _save(wb, as_of)


def _duban_sheet(wb: Any, campaign: Campaign, as_of: dt.date, taken: set[str], dated: str
                 ) -> None:
    """督办台账: a row per 督办 item known by the statistics day (render/duban.ledger_rows)."""
    from .duban import LEDGER_COLUMNS, ledger_rows

    rows = ledger_rows(campaign, as_of)
    if not rows:
        return
    ws = wb.create_sheet(_sheet_title(DUBAN_SHEET, taken))
    _table(ws, LEDGER_COLUMNS,
           [[_date(v, level=lv) if isinstance(v, dt.date) else _text(v, lv) for v, lv in row]
            for row in rows])
    ws.freeze_panes = "C2"
    _print_setup(ws, "A:B", f"&A　{dated}")


def _roster_sheet(ws: Any, campaign: Campaign) -> None:
    from ..roster_import import roster_rows

    header, *rows = roster_rows(campaign.categories, campaign.units)
    _table(ws, [str(h) for h in header],
           [[_text(v if v != "" else None) for v in r] for r in rows])
    ws.freeze_panes = "B2"
    _print_setup(ws, "A:A", "&A")


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
    rows: list[list[str]] = [phase_header(progress, wrap=False)]
    rows += [[e.shown for e in row] for row in phase_rows(campaign, progress, warn_days)]
    return csv_text(rows)


def roster_csv(campaign: Campaign) -> str:
    from ..roster_import import roster_rows

    return csv_text(roster_rows(campaign.categories, campaign.units))


def roster_workbook_bytes(campaign: Campaign, as_of: dt.date) -> bytes:
    """Only the 名册 sheet, for editing the roster in Excel and importing it back."""
    wb = _workbook(as_of)
    ws = wb.active
    ws.title = ROSTER_SHEET
    _roster_sheet(ws, campaign)
    return _save(wb, as_of)
