"""The exported 台账, read back with openpyxl: cells, fills, summary, layout, determinism."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from openpyxl import load_workbook

# the colours a reader sees, written out (never imported from the module under test)
GREEN, ORANGE, RED, YELLOW, BLUE = \
    "FFC6EFCE", "FFF8CBAD", "FFFFC7CE", "FFFFEB9C", "FFDDEBF7"


def _export(cli, tmp_path, *args):
    out = tmp_path / "台账.xlsx"
    result = cli("export", "--as-of", "2022-01-24", "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}" in result.stderr
    return out


def _fill(cell):
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def test_workbook_sheets_cells_and_fills(make_data, cli, tmp_path):
    make_data()
    wb = load_workbook(_export(cli, tmp_path))
    assert wb.sheetnames == ["汇总", "第一阶段", "名册"]
    ws = wb["第一阶段"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["序号", "单位简称", "类别", "督导组", "联系人",
                       "动员部署会召开\n（1月10日截止）", "清单报送\n（1月20日截止）", "预警"]
    day = dt.datetime
    assert rows[1:] == [
        [1, "一中", "学校", 1, None, day(2022, 1, 9), day(2022, 1, 15), "按时报送"],
        [2, "二中", "学校", 2, None, day(2022, 1, 12), "未报（逾期4天）", "逾期未报"],
        [3, "三中", "学校", 1, None, "未报（逾期14天）", "未报（逾期4天）", "逾期未报"],
        [4, "办公室", "局机关处室", 3, None, "—", "免报：经批准暂缓", "免报"],
    ]
    # real dates, shown with the year; the days late after a late report's date
    assert ws["F2"].number_format == 'yyyy"年"m"月"d"日"'
    assert ws["F3"].number_format == 'yyyy"年"m"月"d"日（逾期2天）"'
    assert ws["A2"].data_type == "n" and ws["D2"].data_type == "n"
    fills = [[_fill(ws.cell(row=r, column=c)) for c in (6, 7, 8)] for r in range(2, 6)]
    assert fills == [
        [GREEN, GREEN, GREEN],
        [ORANGE, RED, RED],
        [RED, RED, RED],
        [None, BLUE, BLUE],
    ]
    assert _fill(ws["B2"]) is None
    assert ws.freeze_panes == "C2"
    assert all(c.font.b for c in ws[1]) and ws["F1"].alignment.wrap_text
    assert not ws["B2"].font.b


def test_column_widths_count_chinese_characters_twice(make_data, cli, tmp_path):
    """The widest text of a column, a CJK or full-width character counting two, plus two."""
    make_data()
    ws = load_workbook(_export(cli, tmp_path))["第一阶段"]
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    # C: 局机关处室 = 5 x 2; F: 2022年1月12日（逾期2天） = 8 x 2 + 8; H: 逾期未报 = 4 x 2
    assert {k: widths[k] for k in "CFH"} == {"C": 12, "F": 26, "H": 10}


def test_summary_counts_per_task_and_category(make_data, cli, tmp_path):
    make_data()
    ws = load_workbook(_export(cli, tmp_path))["汇总"]
    rows = [[c.value for c in row] for row in ws.iter_rows(max_row=6)]
    assert rows[0] == ["阶段", "任务", "截止日期", "类别", "应报", "按时", "逾期", "未报", "待报",
                       "免报", "完成率"]
    due_10, due_20 = dt.datetime(2022, 1, 10), dt.datetime(2022, 1, 20)
    assert rows[1:] == [
        ["第一阶段", "动员部署会召开", due_10, "合计", 3, 1, 1, 1, 0, 0, pytest.approx(2 / 3)],
        ["第一阶段", "动员部署会召开", due_10, "学校", 3, 1, 1, 1, 0, 0, pytest.approx(2 / 3)],
        # the exempt 办公室 is neither done nor owing: one of the three schools has reported
        ["第一阶段", "清单报送", due_20, "合计", 4, 1, 0, 2, 0, 1, pytest.approx(1 / 3)],
        ["第一阶段", "清单报送", due_20, "学校", 3, 1, 0, 2, 0, 0, pytest.approx(1 / 3)],
        ["第一阶段", "清单报送", due_20, "局机关处室", 1, 0, 0, 0, 0, 1, "—"],
    ]
    # numbers stay numbers: Excel shows 67%, rounding half up
    assert ws["K2"].number_format == "0%" and ws["C2"].number_format == 'yyyy"年"m"月"d"日"'
    assert all(ws.cell(row=2, column=c).data_type == "n" for c in range(5, 12))
    assert ws.freeze_panes == "A2"
    values = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    assert "图例" in values
    legend = {ws.cell(row=r, column=1).value: _fill(ws.cell(row=r, column=1))
              for r in range(values.index("图例") + 2, ws.max_row + 1)}
    assert legend == {"按时报送": GREEN, "逾期补报": ORANGE, "逾期未报": RED, "临近截止": YELLOW,
                      "免报": BLUE, "待报": None}


def test_export_is_deterministic(make_data, cli, tmp_path):
    make_data()
    first = _export(cli, tmp_path).read_bytes()
    second = _export(cli, tmp_path).read_bytes()
    assert first == second
    wb = load_workbook(io.BytesIO(first))
    assert wb.properties.created.date().isoformat() == "2022-01-24"
    assert wb.properties.modified.date().isoformat() == "2022-01-24"


def test_export_group_filter_and_one_phase(make_data, cli, tmp_path):
    make_data()
    wb = load_workbook(_export(cli, tmp_path, "--phase", "1", "--group", "1"))
    assert [c.value for c in wb["第一阶段"]["B"]] == ["单位简称", "一中", "三中"]


def test_csv_has_bom_and_the_same_rows(make_data, cli, tmp_path):
    make_data()
    out = tmp_path / "台账.csv"
    result = cli("export", "--as-of", "2022-01-24", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ("序号,单位简称,类别,督导组,联系人,动员部署会召开（1月10日截止）,"
                        "清单报送（1月20日截止）,预警")
    assert lines[1] == "1,一中,学校,1,,2022年1月9日,2022年1月15日,按时报送"
    assert lines[2] == "2,二中,学校,2,,2022年1月12日（逾期2天）,未报（逾期4天）,逾期未报"
    # to the screen: no BOM, plain line ends
    result = cli("export", "--as-of", "2022-01-24", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("序号,单位简称")


def test_xlsx_needs_out_and_unwritable_out_fails_cleanly(make_data, cli, tmp_path):
    make_data()
    result = cli("export", "--as-of", "2022-01-24")
    assert result.exit_code == 2
    assert "导出 xlsx 文件时必须用 --out 指定文件名。" in result.stderr
    folder = tmp_path / "台账.xlsx"
    folder.mkdir()
    result = cli("export", "--as-of", "2022-01-24", "--out", str(folder))
    assert result.exit_code == 1
    assert "无法写入文件" in result.stderr and "：这是一个文件夹。" in result.stderr
    assert "Excel、WPS" in result.stderr
    assert folder.is_dir() and not list(folder.iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_roster_export(make_data, cli, tmp_path):
    make_data()
    out = tmp_path / "名册.csv"
    result = cli("export", "--roster", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().decode("utf-8-sig").split("\r\n")[:3] == [
        "单位简称,单位全称,类别,别名,督导组,联系人,电话",
        "一中,一中,学校,第一中学,1,,",
        "二中,二中,学校,,2,,",
    ]


def _colour(colour) -> str:
    return colour.rgb if colour is not None and colour.type == "rgb" else f"{colour.type} {colour.value}"


def _style_text(cell) -> str:
    """A cell's style by value: named style, font, fill, borders, alignment, number format
    (what a reader of the sheet sees; openpyxl's defaults left out)."""
    parts = [cell.style]
    f = cell.font
    font = [x for x in (f.name, f.sz and f"{f.sz:g}pt", f.b and "bold", f.i and "italic",
                        f.color is not None and _colour(f.color)) if x]
    if font:
        parts.append("font " + " ".join(font))
    if cell.fill.fill_type:
        parts.append(f"fill {cell.fill.fill_type} {_colour(cell.fill.fgColor)}")
    sides = {name: getattr(cell.border, name) for name in ("left", "right", "top", "bottom")}
    kinds = {(s.style, s.color and _colour(s.color)) for s in sides.values()}
    if len(kinds) == 1 and None not in next(iter(kinds))[:1]:
        style, colour = next(iter(kinds))
        parts.append(f"border {style} {colour}")
    else:
        parts += [f"{name} {s.style} {s.color and _colour(s.color)}"
                  for name, s in sides.items() if s.style]
    a = cell.alignment
    align = [x for x in (a.horizontal, a.vertical and f"v-{a.vertical}", a.wrap_text and "wrap") if x]
    if align:
        parts.append("align " + " ".join(align))
    if cell.number_format != "General":
        parts.append(f"format {cell.number_format}")
    return "; ".join(parts)


def _value_text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def readable(data: bytes) -> str:
    """An .xlsx as text to read in a diff: the zip entries, the document properties, then per
    sheet its print and view settings, column widths, row heights and every cell that holds a
    value or a style (value, then the style by value)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        out = ["entries: " + ", ".join(i.filename for i in z.infolist())]
    wb = load_workbook(io.BytesIO(data))
    p = wb.properties
    out.append(f"properties: creator {p.creator}; last modified by {p.lastModifiedBy}; "
               f"created {p.created.isoformat()}; modified {p.modified.isoformat()}")
    out.append("named styles: " + ", ".join(wb.named_styles))
    for ws in wb.worksheets:
        s = ws.page_setup
        out += ["", f"== {ws.title} {ws.dimensions}",
                f"freeze {ws.freeze_panes}; print {s.orientation} paper {s.paperSize}, "
                f"fit {s.fitToWidth} wide x {s.fitToHeight} tall"
                f"{' (fit to page)' if ws.sheet_properties.pageSetUpPr.fitToPage else ''}, "
                f"centred {ws.print_options.horizontalCentered}; titles rows "
                f"{ws.print_title_rows} columns {ws.print_title_cols}",
                f"header {json.dumps(ws.oddHeader.center.text, ensure_ascii=False)}; footer "
                f"{json.dumps(ws.oddFooter.center.text, ensure_ascii=False)}",
                "widths " + " ".join(f"{k}={d.width:g}" for k, d in sorted(
                    ws.column_dimensions.items(), key=lambda kv: (len(kv[0]), kv[0]))
                    if d.customWidth),
                "heights " + (" ".join(f"{r}={d.height:g}" for r, d in sorted(
                    ws.row_dimensions.items()) if d.height is not None) or "all default")]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                out.append(f"{cell.coordinate} {_value_text(cell.value)} | {_style_text(cell)}")
    return "\n".join(out) + "\n"


def test_shipped_ledger_is_pinned_cell_by_cell(cli, tmp_path, golden):
    """The ledger of the shipped data, every cell's value and style and every sheet's settings,
    as text (tests/golden/ledger-shipped.txt): a speed-up or a refactor of the writer must not
    change what any sheet shows or how it prints."""
    from conftest import SHIPPED

    out = tmp_path / "台账.xlsx"
    result = cli("export", "--data", str(SHIPPED), "--as-of", "2022-01-24", "--out", str(out))
    assert result.exit_code == 0, result.output
    golden("ledger-shipped.txt", readable(out.read_bytes()))


def test_units_near_the_deadline_are_yellow(make_data, cli, tmp_path):
    make_data()
    out = tmp_path / "台账.xlsx"
    result = cli("export", "--as-of", "2022-01-18", "--out", str(out))
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["第一阶段"]
    # 清单报送 is due on 2022-01-20: 二中 and 三中 have not reported two days before
    assert [_fill(ws.cell(row=r, column=7)) for r in range(2, 6)] == [GREEN, YELLOW, YELLOW, BLUE]


def test_every_sheet_prints_on_landscape_a4_with_titles_and_borders(make_data, cli, tmp_path):
    make_data()
    wb = load_workbook(_export(cli, tmp_path))
    for name, columns in (("汇总", None), ("第一阶段", "$A:$B"), ("名册", "$A:$A")):
        ws = wb[name]
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # one page wide, as long as needed
        assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == columns
        assert "&P" in ws.oddFooter.center.text
    ws = wb["第一阶段"]
    for row in ws.iter_rows(min_row=1, max_row=5):
        for cell in row:
            sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
            assert [s.style for s in sides] == ["thin"] * 4, cell.coordinate
    # the two-line header gets the height of two lines: it must not run into the first row
    assert ws.row_dimensions[1].height >= 2 * 15
    assert ws["F1"].alignment.wrap_text and ws["F1"].alignment.vertical == "center"


# ---- found by mutation testing (tests/README.md) ---------------------------------------------

def test_long_text_wraps_at_forty_and_its_row_gets_the_height_of_its_lines(make_data, cli, tmp_path):
    """A column is at most 40 wide, so a text wraps every 38 (the width less the margin of
    two): 76 columns of text are two lines, 77 are three. A line is 16.5 pt, plus 4."""
    from conftest import PHASE

    reason = "因故" * 17 + "缓"  # 35 CJK characters: "免报：" + 70 = 76 columns
    phase = PHASE.replace("办公室: {exempt: 经批准暂缓}",
                          f"办公室: {{exempt: {reason}}}\n    三中: {{exempt: {reason}1}}")
    make_data({"phases/phase1.yaml": phase})
    ws = load_workbook(_export(cli, tmp_path))["第一阶段"]
    assert ws["G4"].value == f"免报：{reason}1" and ws["G5"].value == f"免报：{reason}"
    assert ws.row_dimensions[4].height == 3 * 16.5 + 4  # 三中: 77 columns
    assert ws.row_dimensions[5].height == 2 * 16.5 + 4  # 办公室: 76 columns
    assert ws.row_dimensions[2].height is None  # one line: Excel's own height
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    # G is capped at 40; E (联系人) is empty in every row: its header's width and the margin
    assert (widths["G"], widths["E"]) == (40, 8)


def test_every_part_of_the_workbook_is_dated_the_statistics_day_and_compressed(make_data, cli,
                                                                               tmp_path):
    import zipfile

    make_data()
    with zipfile.ZipFile(_export(cli, tmp_path)) as z:
        infos = z.infolist()
    assert infos and {i.date_time for i in infos} == {(2022, 1, 24, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_sheet_names_excel_accepts():
    """Excel refuses []:*?/\\ in a sheet name and more than 31 characters: they become _, a name
    is cut at 28 (room for a number), an empty one is 阶段, and a name used before gets 2, 3 …"""
    from nengli.render.ledger import _sheet_title

    taken: set[str] = set()
    assert _sheet_title("阶段X:一/二[三]*四?五\\六", taken) == "阶段X_一_二_三__四_五_六"
    long = "第一阶段" + "学" * 30
    assert [_sheet_title(long, taken) for _ in range(3)] == [
        long[:28], long[:28] + "2", long[:28] + "3"]
    assert _sheet_title("", taken) == "阶段"
    assert taken == {"阶段X_一_二_三__四_五_六", long[:28], long[:28] + "2", long[:28] + "3", "阶段"}


def test_csv_writes_none_as_an_empty_cell_with_excel_line_ends():
    from nengli.render.ledger import csv_text

    assert csv_text([["一中", None, 1], ["二中", "王老师", None]]) == "一中,,1\r\n二中,王老师,\r\n"


def test_display_width_counts_cjk_radicals_twice():
    from nengli.render.ledger import display_width

    # U+2E80, the first CJK radical, is where two-column characters begin; U+2E7F is one column
    assert (display_width("\u2e80"), display_width("\u2e7f"), display_width("a中")) == (2, 1, 3)
