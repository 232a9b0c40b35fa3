"""Word output: a rendered Markdown document mapped onto the GB/T 9704-2012 layout.

The wording of a notice or bulletin comes only from its Markdown (rendered from a template);
this module decides how each block looks, never what it says. The mapping:

    # 标题                  公文标题: 2号 方正小标宋简体, centred; a title after the first one
                            (an attachment) starts a new page, with the short paragraph
                            before it (附件) as its label in 黑体
    （…） right after it    subtitle: 3号 楷体, centred
    ## / ### / ####         first / second / third level headings: 黑体, 楷体, 仿宋 bold
    paragraphs, 1. items    3号 仿宋, first line indented two characters, exact 28.95 pt lines
    issuer, date            signature: the date of issue (2022年1月24日) and the paragraph
                            before it when that is the issuer, placed as GB/T 9704 7.3.5.2 asks
    --- after the text      版记: 4号 仿宋 between rules, at the foot of the last page
    a bulletin's masthead   everything before the first rule: 内部刊物 line, campaign name,
                            the large red 简报, 第N期, editor and date, then the red line

Chinese fonts are written to every style and run as w:eastAsia (python-docx's font.name sets
only w:ascii/w:hAnsi), theme fonts are removed so they cannot override them, and the East Asian
language is zh-CN, so that Word and WPS both show 仿宋_GB2312 and not a substitute.
Font names are configurable (campaign.yaml ``fonts:``). The file is byte-for-byte the same
for the same input: document dates are the date of issue and the zip entries carry it too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, fields, replace
from typing import Any, Iterable, Literal

from .markdown import Block, parse

Kind = Literal["notice", "bulletin"]

# GB/T 9704-2012 5.2: A4, text block 156 x 225 mm, 22 lines of 28 characters
PAGE_W_MM, PAGE_H_MM = 210, 297
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37, 35, 28, 26
TEXT_W_MM = PAGE_W_MM - LEFT_MM - RIGHT_MM
TEXT_H_MM = PAGE_H_MM - TOP_MM - BOTTOM_MM
LINES, CHARS = 22, 28
BODY_PT = 16.0          # 3号
TITLE_PT = 22.0         # 2号
IMPRINT_PT = 14.0       # 4号: 版记 and page numbers
IMPRINT_LINE_PT = 28.0
MM_PT = 72 / 25.4
# 22 lines fill the 225 mm block at 28.99 pt; Word's usual setting for it is 579 twips
LINE_PT = 28.95
MASTHEAD_NAME_PT = 26.0  # 1号: the campaign name above 简报
MASTHEAD_TITLE_PT = 56.0
RED = "FF0000"
#: character spacing of 3号 text so that 28 characters fill the 156 mm line (28 x 15.6 pt) and a
#: 29th does not (29 x 15.6 > 442.2 pt). At -0.25 pt the line is so full that LibreOffice drops
#: a 、 or ， that falls at its end; 5 pt of slack keeps every mark. (A character grid,
#: w:docGrid linesAndChars, gives 28 characters in Word, but LibreOffice then sets each 16 pt
#: character in two 15.8 pt cells, about 14 to a line.)
CONDENSE = -0.4
#: GB/T 9704 7.5 puts the page number's dash line 7 mm below the text block. A footer whose
#: top edge is 7 mm below it prints the dash of a 4号 "— 1 —" 9.6 mm below (LibreOffice 7.4,
#: Noto Serif CJK for 宋体): the footer is raised by the difference, 2.6 mm
DASH_RAISE_PT = 7.4
#: Windows faces to use where a document's font is not installed (the font table's w:altName)
FALLBACKS = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体",
             "方正仿宋_GBK": "仿宋", "方正楷体_GBK": "楷体", "方正黑体_GBK": "黑体",
             "方正小标宋_GBK": "宋体"}
#: PANOSE numbers of the Windows faces, so that Word can match a similar face as well
PANOSE = {"仿宋": "02010609060101010101", "楷体": "02010609060101010101",
          "黑体": "02010609060101010101", "宋体": "02010600030101010101"}


@dataclass(frozen=True)
class Fonts:
    """Typefaces by role; campaign.yaml ``fonts:`` overrides any of them by these keys."""

    body: str = "仿宋_GB2312"
    title: str = "方正小标宋简体"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    page_number: str = "宋体"
    #: letters and digits inside Chinese text
    latin: str = "Times New Roman"

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> "Fonts":
        chosen = (settings or {}).get("fonts")
        if not isinstance(chosen, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        given = {k: v.strip() for k, v in chosen.items()
                 if k in known and isinstance(v, str) and v.strip()}
        return replace(cls(), **given)


@dataclass(frozen=True)
class Signature:
    """The date of issue as the document writes it, and the issuer's name when known."""

    date: str
    issuer: str | None = None


def to_docx(markdown: str, *, kind: Kind = "notice", fonts: Fonts | None = None,
            signature: Signature | None = None, issued: dt.date | None = None,
            author: str = "", comments: str = "", version: str = "") -> bytes:
    """The Word file (.docx bytes) for a rendered notice or bulletin; ``comments`` and
    ``version`` go to the document properties (备注, 版本), not onto the page."""
    from docx import Document

    fonts = fonts or Fonts()
    blocks = parse(markdown)
    doc = Document()
    _page(doc)
    _settings(doc)
    styles = _Styles(doc, fonts)
    _footers(doc, styles)
    body = doc.element.body
    for p in list(body.iterchildren()):  # the template's empty paragraph
        if p.tag.endswith("}p"):
            body.remove(p)

    masthead, main, imprint = _regions(blocks, kind)
    writer = _Writer(doc, styles, fonts)
    if masthead:
        writer.masthead(masthead)
    writer.main(main, signature)
    if imprint:
        writer.imprint(imprint)

    title = next((b.text for b in main if b.kind == "title"), "")
    _properties(doc, title, author, issued, comments, version)
    out = io.BytesIO()
    doc.save(out)
    return _pinned_zip(out.getvalue(), issued, fonts)


# ---- structure -------------------------------------------------------------------------------

def _regions(blocks: list[Block], kind: Kind) -> tuple[list[Block], list[Block], list[Block]]:
    """(masthead, text, 版记): the 版记 starts at the first rule after the last heading."""
    masthead: list[Block] = []
    if kind == "bulletin":
        first_rule = next((i for i, b in enumerate(blocks) if b.kind == "rule"), None)
        if first_rule is not None:
            masthead, blocks = blocks[:first_rule + 1], blocks[first_rule + 1:]
    last_heading = max((i for i, b in enumerate(blocks) if b.kind in ("title", "heading")),
                       default=-1)
    start = next((i for i, b in enumerate(blocks) if b.kind == "rule" and i > last_heading), None)
    if start is None:
        return masthead, blocks, []
    return masthead, blocks[:start], blocks[start:]


def text_width(text: str) -> float:
    """Width in characters of the body size: ASCII counts half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


_SPLIT = re.compile(r"\u3000{2,}")


# ---- the writer ------------------------------------------------------------------------------

class _Writer:
    def __init__(self, doc: Any, styles: "_Styles", fonts: Fonts) -> None:
        self.doc, self.styles, self.fonts = doc, styles, fonts

    def paragraph(self, block: Block | None, style: str, *, text: str | None = None) -> Any:
        p = self.doc.add_paragraph(style=self.styles.get(style))
        spec = self.styles.specs[style]
        runs = block.runs if block is not None and text is None else ((text or "", False),)
        for chunk, bold in runs:
            self.run(p, chunk, spec, bold=bold or spec.bold)
        return p

    def run(self, p: Any, text: str, spec: "_Spec", *, bold: bool = False) -> Any:
        r = p.add_run(text)
        _rpr(r._r.get_or_add_rPr(), spec.font(self.fonts), spec.latin(self.fonts), spec.size,
             bold=bold, color=spec.color, spacing=spec.char_spacing)
        return r

    def split_line(self, block: Block, style: str, right_indent_chars: float = 0) -> Any:
        """``left　　right`` as one line: left-aligned text, a right tab, right-aligned text."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Pt

        left, right = _SPLIT.split(block.text, maxsplit=1)
        spec = self.styles.specs[style]
        p = self.doc.add_paragraph(style=self.styles.get(style))
        self.run(p, left, spec)
        self.run(p, "\t", spec)
        self.run(p, right, spec)
        stop = TEXT_W_MM * MM_PT - right_indent_chars * spec.size
        p.paragraph_format.tab_stops.add_tab_stop(Pt(stop), WD_TAB_ALIGNMENT.RIGHT)
        return p

    # -- the three regions

    def masthead(self, blocks: list[Block]) -> None:
        title_at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
        before = blocks[:title_at] if title_at is not None else []
        after = blocks[title_at + 1:] if title_at is not None else blocks
        last = None
        for i, b in enumerate(before):
            if b.kind == "rule":
                continue
            style = "classification" if i == 0 and len(before) > 1 else "masthead-name"
            last = self.paragraph(b, style)
        if title_at is not None:
            last = self.paragraph(blocks[title_at], "masthead-title")
        for b in after:
            if b.kind == "rule":
                if last is not None:
                    _border(last._p, "bottom", sz=12, color=RED, space=4)
                    last.paragraph_format.space_after = _pt(LINE_PT)
                continue
            last = (self.split_line(b, "masthead-line") if _SPLIT.search(b.text)
                    else self.paragraph(b, "masthead-issue"))

    def main(self, blocks: list[Block], signature: Signature | None) -> None:
        date_at = issuer_at = None
        if signature is not None:
            date_at = max((i for i, b in enumerate(blocks)
                           if b.kind == "paragraph" and b.text == signature.date), default=None)
            if (date_at is not None and date_at > 0 and signature.issuer
                    and blocks[date_at - 1].text == signature.issuer):
                issuer_at = date_at - 1
        after_title = False
        previous = None
        for i, b in enumerate(blocks):
            if b.kind == "title":
                p = self.paragraph(b, "title")
                labelled = i > 0 and _is_label(blocks[i - 1])
                if i > (1 if labelled else 0):
                    # an attachment: a new page, its label (附件) above the title
                    if labelled:
                        _restyle(previous, self.styles, "attachment-label", self)
                    _page_break_before(previous if labelled else p)
                after_title = True
                previous = p
                continue
            if after_title and b.kind == "paragraph" and b.text.startswith("（") and b.text.endswith("）"):
                previous = self.paragraph(b, "subtitle")
                continue
            if after_title and previous is not None:
                previous.paragraph_format.space_after = _pt(LINE_PT)
            after_title = False
            if i == issuer_at:
                previous = self._signature(b, blocks[date_at], issuer=True)  # type: ignore[index]
            elif i == date_at:
                if issuer_at is None:
                    previous = self._signature(None, b, issuer=False)
                # else: written with the issuer
            elif b.kind == "heading":
                previous = self.paragraph(b, {2: "heading1", 3: "heading2"}.get(b.level, "heading3"))
            elif b.kind == "quote":
                previous = self.paragraph(b, "quote")
            elif b.kind == "rule":
                previous = self.doc.add_paragraph(style=self.styles.get("body"))
                _border(previous._p, "bottom", sz=6, color="000000", space=1)
            else:
                previous = self.paragraph(b, "body")
                _hang_list_line(previous, b.text)

    def _signature(self, issuer_block: Block | None, date: Block, *, issuer: bool) -> Any:
        """GB/T 9704 7.3.5.2: the issuer two characters from the right, the date's first character
        two characters right of the issuer's; a date longer than that moves the issuer left
        instead. Both lines are set from the left, so that the two-character step holds whatever
        width a font gives the quotes or digits of the issuer's name."""
        pitch = BODY_PT + CONDENSE
        line = TEXT_W_MM * MM_PT
        date_w = text_width(date.text) * pitch
        if issuer and issuer_block is not None:
            issuer_left = line - 2 * pitch - text_width(issuer_block.text) * pitch
            date_left = min(issuer_left + 2 * pitch, line - 2 * pitch - date_w)
            issuer_left = min(issuer_left, date_left - 2 * pitch)
            p = self.paragraph(issuer_block, "signature")
            p.paragraph_format.space_before = _pt(LINE_PT)
            p.paragraph_format.left_indent = _pt(issuer_left)
            d = self.paragraph(date, "signature")
            d.paragraph_format.left_indent = _pt(date_left)
            return d
        d = self.paragraph(date, "signature")
        d.paragraph_format.space_before = _pt(LINE_PT)
        d.paragraph_format.left_indent = _pt(line - 2 * pitch - date_w)
        return d

    def imprint(self, blocks: list[Block]) -> None:
        """The 版记: a table pinned to the foot of the last page, its rules as row borders."""
        rows: list[list[Block]] = []
        current: list[Block] | None = None
        for b in blocks:
            if b.kind == "rule":
                current = None
                continue
            if current is None:
                current = []
                rows.append(current)
            current.append(b)
        if not rows:
            return
        table = self.doc.add_table(rows=len(rows), cols=1)
        _float_at_foot(table)
        for r, (row, group) in enumerate(zip(table.rows, rows)):
            cell = row.cells[0]
            cell._tc.remove(cell.paragraphs[0]._p)
            for b in group:
                if _SPLIT.search(b.text):
                    self._imprint_split(cell, b)
                else:
                    self._imprint_line(cell, b)
            # GB/T 9704 7.4.1: the first and last rules thick (0.35 mm: 1 pt, 8 eighths), those
            # between thin (0.25 mm: Word's nearest width is 0.75 pt, 6 eighths)
            top = 8 if r == 0 else 6
            _cell_borders(cell._tc, top=top, bottom=8 if r == len(rows) - 1 else None)
        # a document ends with a paragraph; this one is one point high
        self.doc.add_paragraph(style=self.styles.get("anchor"))

    def _imprint_line(self, cell: Any, b: Block) -> Any:
        spec = self.styles.specs["imprint"]
        p = cell.add_paragraph(style=self.styles.get("imprint"))
        for chunk, bold in b.runs:
            self.run(p, chunk, spec, bold=bold)
        colon = b.text.find("：")
        hang = colon + 1 if 0 < colon <= 6 else 0
        _indent(p, left=1 + hang, right=1, hanging=hang, size=spec.size)
        return p

    def _imprint_split(self, cell: Any, b: Block) -> Any:
        """印发机关 at the left and 印发日期 at the right of one line; when the two do not fit on
        one line, the date goes right-aligned on the next rather than wrapping mid-date."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
        from docx.shared import Pt

        spec = self.styles.specs["imprint"]
        left, right = _SPLIT.split(b.text, maxsplit=1)
        # characters of the imprint size on a line, less the one-character indents and a gap
        room = TEXT_W_MM * MM_PT / spec.size - 2 - 2
        p = cell.add_paragraph(style=self.styles.get("imprint"))
        _indent(p, left=1, right=1, size=spec.size)
        if text_width(left) + text_width(right) > room:
            self.run(p, left, spec)
            date = cell.add_paragraph(style=self.styles.get("imprint"))
            self.run(date, right, spec)
            _indent(date, left=1, right=1, size=spec.size)
            date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            return date
        for chunk in (left, "\t", right):
            self.run(p, chunk, spec)
        p.paragraph_format.tab_stops.add_tab_stop(
            Pt(TEXT_W_MM * MM_PT - 2 * spec.size), WD_TAB_ALIGNMENT.RIGHT)
        return p


_LIST_LABEL = re.compile(r"[^：\u3000]{1,3}(?:\u3000[^：\u3000]{1,2})?：(?=\S+\u3000)")
_LIST_CONTINUED = re.compile(r"\u3000{2,}")


def _hang_list_line(p: Any, text: str) -> None:
    """A line of a list like the 巡回督导组's (组　长：郝海涛　市教育局…, then 　　　　左晓静　…):
    a long line wraps under the name, not back to the margin."""
    m = _LIST_LABEL.match(text) or _LIST_CONTINUED.match(text)
    if m:
        hang = len(m.group(0))
        _indent(p, left=2 + hang, hanging=hang)


def _is_label(block: Block) -> bool:
    """A short paragraph right before an attachment's title is its label (GB/T 9704: 附件,
    without a colon, 黑体, top left)."""
    return block.kind == "paragraph" and text_width(block.text) <= 8


def _restyle(p: Any, styles: "_Styles", name: str, writer: _Writer) -> None:
    p.style = styles.get(name)
    spec = styles.specs[name]
    for r in p.runs:
        rpr = r._r.get_or_add_rPr()
        _rpr(rpr, spec.font(writer.fonts), spec.latin(writer.fonts), spec.size, bold=spec.bold)


# ---- styles ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Spec:
    name: str                      # shown in Word's style list
    style_id: str
    role: str                      # which Fonts field
    size: float
    align: str = "both"            # both, center, left, right
    first_line: float = 2          # characters
    line: float | None = LINE_PT   # exact line height; None = single
    bold: bool = False
    color: str | None = None
    spacing: float | None = None   # character spacing in points
    outline: int | None = None
    keep_next: bool = False
    #: False: the line keeps its own height instead of snapping to the 28.95 pt line grid
    snap: bool = True

    def font(self, fonts: Fonts) -> str:
        return getattr(fonts, self.role)

    @property
    def char_spacing(self) -> float | None:
        if self.spacing is not None:
            return self.spacing
        return CONDENSE if self.size == BODY_PT else None

    def latin(self, fonts: Fonts) -> str:
        return getattr(fonts, self.role) if self.role == "page_number" else fonts.latin


_SPECS = [
    _Spec("公文正文", "GBBody", "body", BODY_PT),
    _Spec("公文标题", "GBTitle", "title", TITLE_PT, align="center", first_line=0, outline=0,
          keep_next=True),
    _Spec("公文副标题", "GBSubtitle", "heading2", BODY_PT, align="center", first_line=0,
          keep_next=True),
    _Spec("一级标题", "GBHeading1", "heading1", BODY_PT, outline=1, keep_next=True),
    _Spec("二级标题", "GBHeading2", "heading2", BODY_PT, outline=2, keep_next=True),
    _Spec("三级标题", "GBHeading3", "body", BODY_PT, bold=True, outline=3, keep_next=True),
    _Spec("引文", "GBQuote", "heading2", BODY_PT),
    _Spec("署名和日期", "GBSignature", "body", BODY_PT, align="left", first_line=0),
    _Spec("附件标识", "GBAttachment", "heading1", BODY_PT, align="left", first_line=0,
          keep_next=True),
    # 28 pt lines, a little under the text's 28.95: a 版记 of two lines then fits the two lines a
    # signature leaves at the foot of a page, where on the grid it missed by a point
    _Spec("版记", "GBImprint", "body", IMPRINT_PT, align="left", first_line=0, line=IMPRINT_LINE_PT),
    _Spec("页码", "GBPageNumber", "page_number", IMPRINT_PT, first_line=0, line=IMPRINT_PT),
    _Spec("刊头密级", "GBClassification", "heading1", BODY_PT, align="left", first_line=0),
    _Spec("刊头名称", "GBMastheadName", "title", MASTHEAD_NAME_PT, align="center", first_line=0,
          line=None, color=RED),
    _Spec("刊头", "GBMastheadTitle", "title", MASTHEAD_TITLE_PT, align="center", first_line=0,
          line=None, color=RED, spacing=MASTHEAD_TITLE_PT / 2),
    _Spec("刊头期号", "GBMastheadIssue", "body", BODY_PT, align="center", first_line=0),
    _Spec("刊头编印", "GBMastheadLine", "body", BODY_PT, align="left", first_line=0),
    # one point high, off the line grid: snapped to it, it took a whole line and could start a
    # page of its own after a full last page
    _Spec("版记锚点", "GBAnchor", "body", 1.0, first_line=0, line=1.0, snap=False),
]
_ROLES = {
    "body": "GBBody", "title": "GBTitle", "subtitle": "GBSubtitle", "heading1": "GBHeading1",
    "heading2": "GBHeading2", "heading3": "GBHeading3", "quote": "GBQuote",
    "signature": "GBSignature", "attachment-label": "GBAttachment", "imprint": "GBImprint",
    "page-number": "GBPageNumber", "classification": "GBClassification",
    "masthead-name": "GBMastheadName", "masthead-title": "GBMastheadTitle",
    "masthead-issue": "GBMastheadIssue", "masthead-line": "GBMastheadLine", "anchor": "GBAnchor",
}


class _Styles:
    """The document's styles: defaults without theme fonts, and one style per role."""

    def __init__(self, doc: Any, fonts: Fonts) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml.ns import qn

        self.doc, self.fonts = doc, fonts
        by_id = {s.style_id: s for s in _SPECS}
        self.specs = {role: by_id[sid] for role, sid in _ROLES.items()}
        styles_el = doc.styles.element
        # no theme font anywhere: each would override the w:eastAsia we set
        for rfonts in styles_el.iter(qn("w:rFonts")):
            for attr in [a for a in rfonts.attrib if a.endswith("Theme") or a.endswith("theme")]:
                del rfonts.attrib[attr]
        defaults = styles_el.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _rpr(rpr, fonts.body, fonts.latin, BODY_PT)
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        for child in list(ppr):
            ppr.remove(child)
        normal = doc.styles["Normal"]
        self._apply(normal, _SPECS[0], fonts)
        self._styles = {}
        for spec in _SPECS:
            style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = spec.style_id
            style.base_style = normal
            style.quick_style = True
            self._apply(style, spec, fonts)
            self._styles[spec.style_id] = style
        for name in ("Header", "Footer"):
            try:
                self._apply(doc.styles[name], self.specs["page-number"], fonts)
            except KeyError:
                pass

    def get(self, role: str) -> Any:
        return self._styles[_ROLES[role]]

    def _apply(self, style: Any, spec: _Spec, fonts: Fonts) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

        rpr = style.element.get_or_add_rPr()
        _rpr(rpr, spec.font(fonts), spec.latin(fonts), spec.size, bold=spec.bold,
             color=spec.color, spacing=spec.char_spacing)
        pf = style.paragraph_format
        pf.alignment = {"both": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                        "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[spec.align]
        pf.space_before = _pt(0)
        pf.space_after = _pt(0)
        if spec.line is None:
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        else:
            pf.line_spacing = _pt(spec.line)
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.keep_with_next = spec.keep_next or None
        ppr = style.element.get_or_add_pPr()
        ind = ppr.get_or_add_ind()
        from docx.oxml.ns import qn
        if spec.first_line:
            ind.set(qn("w:firstLineChars"), str(int(spec.first_line * 100)))
            ind.set(qn("w:firstLine"), str(int(spec.first_line * spec.size * 20)))
        else:
            ind.set(qn("w:firstLineChars"), "0")
            ind.set(qn("w:firstLine"), "0")
        if spec.outline is not None:
            ppr.get_or_add_outlineLvl().set(qn("w:val"), str(spec.outline))
        if not spec.snap:
            from docx.oxml import OxmlElement

            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            _insert_ordered(ppr, snap, _PPR_ORDER)


# ---- low-level XML -----------------------------------------------------------------------------

_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
              "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
              "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
              "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
              "eastAsianLayout", "specVanish", "oMath"]
_OURS = {"rFonts", "b", "bCs", "color", "spacing", "sz", "szCs", "lang"}


def _rpr(rpr: Any, east_asia: str, latin: str, size: float, *, bold: bool = False,
         color: str | None = None, spacing: float | None = None) -> None:
    """Set fonts (with w:eastAsia and no theme), size, bold, colour, spacing and zh-CN on rPr."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for child in list(rpr):
        if child.tag.split("}")[1] in _OURS:
            rpr.remove(child)
    new = []
    rfonts = OxmlElement("w:rFonts")
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        rfonts.set(qn(f"w:{attr}"), value)
    new.append(rfonts)
    b, bcs = OxmlElement("w:b"), OxmlElement("w:bCs")
    if not bold:
        b.set(qn("w:val"), "0")
        bcs.set(qn("w:val"), "0")
    new += [b, bcs]
    if color:
        c = OxmlElement("w:color")
        c.set(qn("w:val"), color)
        new.append(c)
    if spacing:
        s = OxmlElement("w:spacing")
        s.set(qn("w:val"), str(int(spacing * 20)))
        new.append(s)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(round(size * 2))))
        new.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    new.append(lang)
    for el in new:
        _insert_ordered(rpr, el, _RPR_ORDER)


def _insert_ordered(parent: Any, el: Any, order: list[str]) -> None:
    name = el.tag.split("}")[1]
    rank = order.index(name)
    for i, child in enumerate(parent):
        other = child.tag.split("}")[1]
        if other in order and order.index(other) > rank:
            parent.insert(i, el)
            return
    parent.append(el)


_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
              "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
              "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
              "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
              "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]


def _border(p: Any, side: str, *, sz: int, color: str, space: int = 1) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        _insert_ordered(ppr, bdr, _PPR_ORDER)
    line = OxmlElement(f"w:{side}")
    for k, v in (("val", "single"), ("sz", str(sz)), ("space", str(space)), ("color", color)):
        line.set(qn(f"w:{k}"), v)
    bdr.append(line)


def _indent(p: Any, *, left: float = 0, right: float = 0, hanging: float = 0,
            size: float = BODY_PT) -> None:
    """Indents in characters, as Word's 字符 units and as twips for other readers."""
    from docx.oxml.ns import qn

    ind = p._p.get_or_add_pPr().get_or_add_ind()
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    if left:
        ind.set(qn("w:leftChars"), str(int(left * 100)))
        ind.set(qn("w:left"), str(int(left * size * 20)))
    if right:
        ind.set(qn("w:rightChars"), str(int(right * 100)))
        ind.set(qn("w:right"), str(int(right * size * 20)))
    if hanging:
        ind.set(qn("w:hangingChars"), str(int(hanging * 100)))
        ind.set(qn("w:hanging"), str(int(hanging * size * 20)))
    else:
        ind.set(qn("w:firstLineChars"), "0")
        ind.set(qn("w:firstLine"), "0")


def _page_break_before(p: Any) -> None:
    p.paragraph_format.page_break_before = True


def _pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def _page(doc: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.header_distance = Mm(15)
    # GB/T 9704 7.5: the page number's dash line sits 7 mm below the text block
    section.footer_distance = Mm(BOTTOM_MM - 7) - _pt(IMPRINT_PT - DASH_RAISE_PT)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    # 22 lines: the line grid's pitch is the exact line height. The 28 characters a line come
    # from the body styles' character spacing (CONDENSE), not from a character grid.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))


def _settings(doc: Any) -> None:
    from docx.oxml.ns import qn

    doc.settings.odd_and_even_pages_header_footer = True
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")


def _footers(doc: Any, styles: _Styles) -> None:
    """— 1 — in 4号 宋体: odd pages right, even pages left, one character in from the edge."""
    section = doc.sections[0]
    spec = styles.specs["page-number"]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = styles.get("page-number")
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
        if side == "right":
            _indent(p, right=1, size=spec.size)
        else:
            _indent(p, left=1, size=spec.size)
        writer = _Writer(doc, styles, styles.fonts)
        writer.run(p, "— ", spec)
        _page_field(p, writer, spec)
        writer.run(p, " —", spec)


def _page_field(p: Any, writer: _Writer, spec: _Spec) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_run(kind: str | None, instr: str | None = None, text: str | None = None) -> None:
        r = writer.run(p, "", spec)
        for t in r._r.findall(qn("w:t")):
            r._r.remove(t)
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._r.append(fc)
        if instr:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = instr
            r._r.append(it)
        if text:
            t = OxmlElement("w:t")
            t.text = text
            r._r.append(t)

    field_run("begin")
    field_run(None, instr=" PAGE ")
    field_run("separate")
    field_run(None, text="1")
    field_run("end")


def _float_at_foot(table: Any) -> None:
    """Pin the table to the foot of the text block (the 版记's place), full width, no margins.

    This is Word's own "vertical position: bottom, relative to margin" (tblpYSpec); Word, WPS
    and LibreOffice place it there.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    tbl = table._tbl
    tblpr = tbl.tblPr
    for child in list(tblpr):
        if child.tag.split("}")[1] in ("tblStyle", "tblLook", "tblW"):
            tblpr.remove(child)
    pos = OxmlElement("w:tblpPr")
    # horizontally from the page's edge, at the left margin: LibreOffice keeps a table that is
    # as wide as the text block and placed from the margin in the text (at the top of a page);
    # placed from the page's edge it floats, at the foot, as in Word
    for k, v in (("leftFromText", "0"), ("rightFromText", "0"), ("topFromText", "0"),
                 ("bottomFromText", "0"), ("vertAnchor", "margin"), ("horzAnchor", "page"),
                 ("tblpX", str(int(Mm(LEFT_MM).twips))), ("tblpYSpec", "bottom")):
        pos.set(qn(f"w:{k}"), v)
    tblpr.insert(0, pos)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(Mm(TEXT_W_MM).twips)))
    width.set(qn("w:type"), "dxa")
    tblpr.append(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "0")
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tblpr.append(margins)
    grid = tbl.tblGrid
    for col in grid.findall(qn("w:gridCol")):
        col.set(qn("w:w"), str(int(Mm(TEXT_W_MM).twips)))
    for tc in tbl.iter(qn("w:tc")):
        tcpr = tc.get_or_add_tcPr()
        w = tcpr.get_or_add_tcW()
        w.set(qn("w:w"), str(int(Mm(TEXT_W_MM).twips)))
        w.set(qn("w:type"), "dxa")


def _cell_borders(tc: Any, *, top: int | None, bottom: int | None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side, sz in (("top", top), ("left", None), ("bottom", bottom), ("right", None)):
        el = OxmlElement(f"w:{side}")
        if sz:
            for k, v in (("val", "single"), ("sz", str(sz)), ("space", "0"), ("color", "000000")):
                el.set(qn(f"w:{k}"), v)
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    # tcBorders follows tcW, gridSpan, vMerge, … in tcPr
    tcpr.append(borders)


# ---- packaging -------------------------------------------------------------------------------

def _properties(doc: Any, title: str, author: str, issued: dt.date | None, comments: str,
                version: str) -> None:
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = comments
    props.version = version
    props.keywords = ""
    props.subject = ""
    props.revision = 1
    if issued is not None:
        when = dt.datetime(issued.year, issued.month, issued.day)
        props.created = when
        props.modified = when
        props.last_printed = when
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]


def _font_table(xml: bytes, fonts: Fonts) -> bytes:
    """The font table with an entry for each Chinese face the document uses; a face that a plain
    Windows lacks (仿宋_GB2312 …) names the one it has (仿宋 …) as w:altName, with its PANOSE."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    root = parse_xml(xml)
    known = {f.get(qn("w:name")): f for f in root.iter(qn("w:font"))}
    for name in dict.fromkeys((fonts.body, fonts.title, fonts.heading1, fonts.heading2,
                               fonts.page_number)):
        if name in known:
            root.remove(known[name])
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt = FALLBACKS.get(name)
        values = [("altName", alt)] if alt else []
        values += [("panose1", PANOSE.get(alt or name)), ("charset", "86"), ("family", "modern"),
                   ("pitch", "fixed")]
        for tag, value in values:
            if value:
                el = OxmlElement(f"w:{tag}")
                el.set(qn("w:val"), value)
                font.append(el)
        root.append(font)
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _pinned_zip(data: bytes, issued: dt.date | None, fonts: Fonts) -> bytes:
    """The same bytes for the same document: every zip entry stamped with the date of issue
    (and the font table completed: _font_table)."""
    stamp = (issued.year, issued.month, issued.day, 0, 0, 0) if issued else (1980, 1, 1, 0, 0, 0)
    if stamp[0] < 1980:
        stamp = (1980, 1, 1, 0, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = src.read(info.filename)
            if info.filename == "word/fontTable.xml":
                content = _font_table(content, fonts)
            dst.writestr(entry, content)
    return out.getvalue()


def iter_paragraphs(document: Any) -> Iterable[Any]:
    """Every paragraph of a python-docx Document's body in order, tables' cells included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.split("}")[1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                for cell in row.cells:
                    yield from cell.paragraphs
