"""The 版记 of a Word document: its lines, its rules, and the page it goes on.

GB/T 9704 7.4: 抄送 and the distribution (报/送/发) lines, then the 印发机关 and 印发日期, between
rules, at the foot of the last page. The 版记 is a table floating at the foot of the text block;
where it does not fit under the text it starts a page of its own, an even one (see write_imprint).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .docx_styles import IMPRINT_LINE_PT, LEFT_MM, TEXT_H_PT, TEXT_W_MM, TEXT_W_PT, Spec
from .layout import break_lines, char_em, paginate, text_width
from .markdown import Block
from .ooxml import (cell_borders, cell_xml, element, indent, paragraph_xml, section_xml,
                    set_paragraph_prop, table_xml)

#: how narrow (per cent of their width) the 印发机关 and 印发日期 may be set to share one line
IMPRINT_NARROWEST = 80
#: points of slack the 版记 keeps above the text's last line on its page
IMPRINT_SLACK = 2.0
_SPLIT = re.compile(r"\u3000{2,}")


def write_imprint(writer: Any, blocks: list[Block]) -> None:
    """The 版记: a table pinned to the foot of the last page, its rules as row borders.

    It goes under the text where it fits; otherwise on the next page, and when that page
    would be an odd one, on the page after it, with the page between left blank: offices
    print on both sides and the 版记 closes the document on the back of its last sheet.
    The blank page and the 版记's own page carry no page number (GB/T 9704 7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    groups: list[list[Block]] = []
    current: list[Block] | None = None
    for b in blocks:
        if b.kind == "rule":
            current = None
            continue
        if current is None:
            current = []
            groups.append(current)
        current.append(b)
    if not groups:
        return
    spec = writer.styles.specs["imprint"]
    rows = [[line for b in group for line in _imprint_lines(b, spec)] for group in groups]
    # its lines, its rules (1 pt outside, 0.75 pt between: GB/T 9704 7.4.1), the anchor
    height = (sum(n for row in rows for *_, n in row) * IMPRINT_LINE_PT + 2 * 1.0
              + (len(rows) - 1) * 0.75 + 1.0)
    _place_imprint(writer, height)

    table = writer.doc.add_table(rows=len(rows), cols=1)
    _float_at_foot(table)
    for r, (row, lines) in enumerate(zip(table.rows, rows)):
        cell = row.cells[0]
        cell_xml(cell).remove(paragraph_xml(cell.paragraphs[0]))
        for kind, payload, _ in lines:
            p = cell.add_paragraph(style=writer.styles.get("imprint"))
            ppr = paragraph_xml(p).get_or_add_pPr()
            if kind == "split":
                left, right, scale = payload
                for chunk in (left, "\t", right):
                    writer.run(p, chunk, spec, scale=scale)
                indent(ppr, size=spec.size, left=1, right=1)
                _right_tab(p, TEXT_W_PT - spec.size)
            elif kind == "right":
                writer.run(p, payload, spec)
                indent(ppr, size=spec.size, left=1, right=1)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                block, hang, breaks = payload
                _imprint_runs(writer, p, block, spec, breaks)
                indent(ppr, size=spec.size, left=1 + hang, right=1, hanging=hang)
        # GB/T 9704 7.4.1: the first and last rules thick (0.35 mm: 1 pt, 8 eighths), those
        # between thin (0.25 mm: Word's nearest width is 0.75 pt, 6 eighths)
        top = 8 if r == 0 else 6
        tcpr = cell_xml(cell).get_or_add_tcPr()
        cell_borders(tcpr, top=top, bottom=8 if r == len(rows) - 1 else None)
    # a document ends with a paragraph; the table floats on this one, one point high
    writer.doc.add_paragraph(style=writer.styles.get("anchor"))

def _imprint_lines(b: Block, spec: Spec) -> list[tuple[str, Any, int]]:
    """A 版记 paragraph as the paragraphs it is written in, each with its number of lines:
    ("split", (印发机关, 印发日期, spacing)) on one line, ("right", text) a date set right
    on its own line, or ("line", (block, hang, break positions)) for 报/送/发/抄送 and
    other text."""
    if _SPLIT.search(b.text):
        left, right = _SPLIT.split(b.text, maxsplit=1)
        # GB/T 9704 7.4.3: 印发机关 one character from the left, 印发日期 one from the
        # right, on one line: narrowed (Word's 字符缩放) down to IMPRINT_NARROWEST so that
        # they fit with a character between them, else the date on the next line
        room = TEXT_W_PT - 2 * spec.size
        for scale in range(100, IMPRINT_NARROWEST - 1, -1):
            if (_scaled_width(left, spec.size, scale) + spec.size
                    + _scaled_width(right, spec.size, scale) <= room):
                return [("split", (left, right, scale), 1)]
        office = Block("paragraph", 0, left, ((left, False),))
        return [("line", (office, 0, []), _imprint_count(left, 0, spec)),
                ("right", right, 1)]
    colon = b.text.find("：")
    hang = colon + 1 if 0 < colon <= 6 else 0
    # the names after the key start (1 + hang) characters in, as their wrapped lines do
    breaks = (_name_breaks(b.text, hang, spec.size, TEXT_W_PT - (2 + hang) * spec.size)
              if hang else [])
    count = len(breaks) + 1 if breaks else _imprint_count(b.text, hang, spec)
    return [("line", (b, hang, breaks), count)]

def _imprint_count(text: str, hang: int, spec: Spec) -> int:
    return len(break_lines(text, spec.size, 0, TEXT_W_PT - 2 * spec.size,
                           TEXT_W_PT - (2 + hang) * spec.size))

def _imprint_runs(writer: Any, p: Any, block: Block, spec: Spec, breaks: list[int]) -> None:
    """``block``'s runs, with a line break before each character position in ``breaks``."""
    pos = 0
    cuts = sorted(breaks)
    for chunk, bold in block.runs:
        start = 0
        for cut in [c - pos for c in cuts if pos < c < pos + len(chunk)]:
            writer.run(p, chunk[start:cut], spec, bold=bold).add_break()
            start = cut
        writer.run(p, chunk[start:], spec, bold=bold)
        pos += len(chunk)

def _place_imprint(writer: Any, height: float) -> None:
    """Where the 版记 of ``height`` points goes: under the text, the next page, or the page
    after a blank one (imprint)."""
    placed = paginate([laid.box() for laid in writer.flow], TEXT_H_PT)
    if not placed:
        return
    last = placed[-1]
    if TEXT_H_PT - last.bottom >= height + IMPRINT_SLACK:
        return
    if last.last_page % 2 == 0:
        _blank_page_section(writer)
    starter = writer.doc.add_paragraph(style=writer.styles.get("anchor"))
    starter.paragraph_format.page_break_before = True

def _blank_page_section(writer: Any) -> None:
    """End the text's section after its last paragraph and start one without page numbers
    whose first page is blank."""
    body_sect = section_xml(writer.doc.sections[-1])
    ppr = paragraph_xml(writer.flow[-1].paragraph).get_or_add_pPr()
    ppr.replace(set_paragraph_prop(ppr, "sectPr"), copy.deepcopy(body_sect))
    for ref in list(body_sect):
        if ref.tag.endswith("}footerReference") or ref.tag.endswith("}headerReference"):
            body_sect.remove(ref)
    section = writer.doc.sections[-1]
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
    writer.doc.add_paragraph(style=writer.styles.get("anchor"))  # the blank page


def _name_breaks(text: str, start: int, size: float, room: float) -> list[int]:
    """Positions in ``text`` (after ``start``, the key and its colon) before which a line break
    keeps each name of a 、-separated list whole: a name that does not fit on the line starts the
    next one (GB/T 9704 7.4.2 hangs them under the first name). [] when the list fits on one
    line or a name is wider than a line."""
    names = re.findall(r"[^、，]+[、，]?", text[start:])
    x, pos, out = 0.0, start, []
    for name in names:
        # the 、 after a name may hang past the line's end
        w = text_width(name.rstrip("、，。"), size)
        if x and x + w > room + 0.01:
            out.append(pos)
            x = 0.0
        if w > room:
            return []
        x += text_width(name, size)
        pos += len(name)
    return out


def _scaled_width(text: str, size: float, scale: int) -> float:
    """``text``'s width with its characters at ``scale`` per cent (w:w); the space between
    Chinese and Latin counted unscaled, to be safe."""
    plain = sum(char_em(ch) * size for ch in text)
    return plain * scale / 100 + text_width(text, size) - plain


def _right_tab(p: Any, position: float) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    p.paragraph_format.tab_stops.add_tab_stop(Pt(position), WD_TAB_ALIGNMENT.RIGHT)


def _float_at_foot(table: Any) -> None:
    """Pin the table to the foot of the text block (the 版记's place), full width, no margins.

    This is Word's own "vertical position: bottom, relative to margin" (tblpYSpec); Word, WPS
    and LibreOffice place it there.
    """
    from docx.oxml.ns import qn
    from docx.shared import Mm

    tbl = table_xml(table)
    tblpr = tbl.tblPr
    for child in list(tblpr):
        if child.tag.split("}")[1] in ("tblStyle", "tblLook", "tblW"):
            tblpr.remove(child)
    # horizontally from the page's edge, at the left margin: LibreOffice keeps a table that is
    # as wide as the text block and placed from the margin in the text (at the top of a page);
    # placed from the page's edge it floats, at the foot, as in Word
    tblpr.insert(0, element("tblpPr", leftFromText="0", rightFromText="0", topFromText="0",
                            bottomFromText="0", vertAnchor="margin", horzAnchor="page",
                            tblpX=str(int(Mm(LEFT_MM).twips)), tblpYSpec="bottom"))
    full = str(int(Mm(TEXT_W_MM).twips))
    tblpr.append(element("tblW", w=full, type="dxa"))
    tblpr.append(element("tblLayout", type="fixed"))
    margins = element("tblCellMar")
    for side in ("left", "right"):
        margins.append(element(side, w="0", type="dxa"))
    tblpr.append(margins)
    for col in tbl.tblGrid.findall(qn("w:gridCol")):
        col.set(qn("w:w"), full)
    for tc in tbl.iter(qn("w:tc")):
        w = tc.get_or_add_tcPr().get_or_add_tcW()
        w.set(qn("w:w"), full)
        w.set(qn("w:type"), "dxa")
