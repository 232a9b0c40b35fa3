"""The page, the styles and the page numbers of nengli's Word documents (GB/T 9704-2012).

Every setting that decides where a line or a page breaks is written out, not left to the
program that opens the file, so that Word, WPS and LibreOffice lay the document out alike
(docs/documents.md, "一样的分页"):

- exact line heights everywhere, and the line grid (22 lines of 28.95 pt, ``w:docGrid``) only
  for Word's page setup dialog: the title, the 版记 and the masthead do not snap to it
  (LibreOffice gives a 22 pt title two grid lines where Word gives it one);
- widow control off (``w:widowControl w:val="0"``: Word's default is off, LibreOffice's two
  lines), pages full to the 22nd line; paragraphs that must not be split or left at a page's
  foot say so with keepLines and keepNext;
- Word's own defaults kept where LibreOffice follows them anyway: the line-breaking rules for
  Chinese punctuation (w:kinsoku), a closing mark hanging past the margin at a full line's
  end (w:overflowPunct: written out, LibreOffice 7.4 stops hanging marks), and the quarter em
  Word adds where Chinese meets Latin letters or digits (w:autoSpaceDE/DN: LibreOffice adds a
  fifth of an em there even where the document turns it off). layout.py counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .ooxml import (element, indent, local_name, paragraph_xml, run_xml, section_xml,
                    set_paragraph_prop, set_run_props)

# GB/T 9704-2012 5.2: A4, text block 156 x 225 mm, 22 lines of 28 characters
PAGE_W_MM, PAGE_H_MM = 210, 297
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37, 35, 28, 26
TEXT_W_MM = PAGE_W_MM - LEFT_MM - RIGHT_MM
TEXT_H_MM = PAGE_H_MM - TOP_MM - BOTTOM_MM
MM_PT = 72 / 25.4
TEXT_W_PT = TEXT_W_MM * MM_PT
TEXT_H_PT = TEXT_H_MM * MM_PT
LINES, CHARS = 22, 28
BODY_PT = 16.0          # 3号
TITLE_PT = 22.0         # 2号
IMPRINT_PT = 14.0       # 4号: 版记 and page numbers
#: the 版记's lines: two of them and their rules fit in the two lines of text a signature
#: leaves at a page's foot (2 x 27 + 2 rules of 1 pt < 2 x 28.95)
IMPRINT_LINE_PT = 27.0
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
class Spec:
    """One paragraph style."""

    name: str                      # shown in Word's style list
    style_id: str
    role: str                      # which Fonts field
    size: float
    align: str = "both"            # both, center, left, right
    first_line: float = 2          # characters
    line: float | None = LINE_PT   # exact line height
    bold: bool = False
    color: str | None = None
    spacing: float | None = None   # character spacing in points
    outline: int | None = None
    keep_next: bool = False
    keep_lines: bool = False
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


SPECS = [
    Spec("公文正文", "GBBody", "body", BODY_PT),
    # off the grid: LibreOffice gives a 22 pt line snapped to it two grid lines, Word one
    Spec("公文标题", "GBTitle", "title", TITLE_PT, align="center", first_line=0, outline=0,
         keep_next=True, keep_lines=True, snap=False),
    Spec("公文副标题", "GBSubtitle", "heading2", BODY_PT, align="center", first_line=0,
         keep_next=True, keep_lines=True),
    Spec("一级标题", "GBHeading1", "heading1", BODY_PT, outline=1, keep_next=True, keep_lines=True),
    Spec("二级标题", "GBHeading2", "heading2", BODY_PT, outline=2, keep_next=True, keep_lines=True),
    Spec("三级标题", "GBHeading3", "body", BODY_PT, bold=True, outline=3, keep_next=True,
         keep_lines=True),
    Spec("引文", "GBQuote", "heading2", BODY_PT),
    Spec("引文署名", "GBAttribution", "heading2", BODY_PT, align="right", first_line=0),
    Spec("署名和日期", "GBSignature", "body", BODY_PT, align="left", first_line=0,
         keep_lines=True),
    Spec("附件标识", "GBAttachment", "heading1", BODY_PT, align="left", first_line=0,
         keep_next=True),
    Spec("版记", "GBImprint", "body", IMPRINT_PT, align="left", first_line=0,
         line=IMPRINT_LINE_PT, snap=False),
    Spec("页码", "GBPageNumber", "page_number", IMPRINT_PT, first_line=0, line=IMPRINT_PT),
    Spec("刊头密级", "GBClassification", "heading1", BODY_PT, align="left", first_line=0),
    # the masthead's large lines take whole lines of the grid: two and three
    Spec("刊头名称", "GBMastheadName", "title", MASTHEAD_NAME_PT, align="center", first_line=0,
         line=2 * LINE_PT, color=RED, snap=False),
    Spec("刊头", "GBMastheadTitle", "title", MASTHEAD_TITLE_PT, align="center", first_line=0,
         line=3 * LINE_PT, color=RED, spacing=MASTHEAD_TITLE_PT / 2, snap=False),
    Spec("刊头期号", "GBMastheadIssue", "body", BODY_PT, align="center", first_line=0),
    Spec("刊头编印", "GBMastheadLine", "body", BODY_PT, align="left", first_line=0, snap=False),
    # one point high, off the line grid: snapped to it, it took a whole line and could start a
    # page of its own after a full last page
    Spec("版记锚点", "GBAnchor", "body", 1.0, first_line=0, line=1.0, snap=False),
    # the 版头 (letterhead: campaign.yaml): 发文机关标志 and 发文字号
    Spec("发文机关标志", "GBIssuerMark", "title", MASTHEAD_NAME_PT, align="center", first_line=0,
         line=2 * LINE_PT, color=RED, snap=False),
    Spec("发文字号", "GBDocNumber", "body", BODY_PT, align="center", first_line=0, snap=False),
]
ROLES = {
    "body": "GBBody", "title": "GBTitle", "subtitle": "GBSubtitle", "heading1": "GBHeading1",
    "heading2": "GBHeading2", "heading3": "GBHeading3", "quote": "GBQuote",
    "attribution": "GBAttribution", "signature": "GBSignature",
    "attachment-label": "GBAttachment", "imprint": "GBImprint", "page-number": "GBPageNumber",
    "classification": "GBClassification", "masthead-name": "GBMastheadName",
    "masthead-title": "GBMastheadTitle", "masthead-issue": "GBMastheadIssue",
    "masthead-line": "GBMastheadLine", "anchor": "GBAnchor", "issuer-mark": "GBIssuerMark",
    "doc-number": "GBDocNumber",
}


class Styles:
    """The document's styles: defaults without theme fonts, and one style per role."""

    def __init__(self, doc: Any, fonts: Fonts) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml.ns import qn

        self.doc, self.fonts = doc, fonts
        by_id = {s.style_id: s for s in SPECS}
        self.specs = {role: by_id[sid] for role, sid in ROLES.items()}
        styles_el = doc.styles.element
        # no theme font anywhere: each would override the w:eastAsia we set
        for rfonts in styles_el.iter(qn("w:rFonts")):
            for attr in [a for a in rfonts.attrib if a.endswith("Theme") or a.endswith("theme")]:
                del rfonts.attrib[attr]
        defaults = styles_el.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_run_props(rpr, fonts.body, fonts.latin, BODY_PT)
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        for child in list(ppr):
            ppr.remove(child)
        # the layout settings every paragraph shares (module docstring)
        set_paragraph_prop(ppr, "widowControl", val="0")
        normal = doc.styles["Normal"]
        self._apply(normal, SPECS[0], fonts)
        self._styles = {}
        for spec in SPECS:
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
        return self._styles[ROLES[role]]

    def _apply(self, style: Any, spec: Spec, fonts: Fonts) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        rpr = style.element.get_or_add_rPr()
        set_run_props(rpr, spec.font(fonts), spec.latin(fonts), spec.size, bold=spec.bold,
                      color=spec.color, spacing=spec.char_spacing)
        pf = style.paragraph_format
        pf.alignment = {"both": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                        "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[spec.align]
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        if spec.line is None:
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        else:
            pf.line_spacing = Pt(spec.line)
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.keep_with_next = spec.keep_next or None
        pf.keep_together = spec.keep_lines or None
        ppr = style.element.get_or_add_pPr()
        indent(ppr, size=spec.size, first_line=spec.first_line)
        if spec.outline is not None:
            ppr.get_or_add_outlineLvl().set(_w("val"), str(spec.outline))
        if not spec.snap:
            set_paragraph_prop(ppr, "snapToGrid", val="0")


def _w(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{name}")


def page(doc: Any) -> None:
    """A4, GB/T 9704's margins, footers placed for the page number, the 22-line grid."""
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.header_distance = Mm(15)
    # GB/T 9704 7.5: the page number's dash line sits 7 mm below the text block
    section.footer_distance = Mm(BOTTOM_MM - 7) - Pt(IMPRINT_PT - DASH_RAISE_PT)
    sect = section_xml(section)
    grid = sect.find(_w("docGrid"))
    if grid is None:
        grid = element("docGrid")
        sect.append(grid)
    # 22 lines: the line grid's pitch is the exact line height; Word shows it as 每页 22 行 in
    # its page setup. The 28 characters a line come from the character spacing (CONDENSE).
    grid.set(_w("type"), "lines")
    grid.set(_w("linePitch"), str(round(LINE_PT * 20)))


def settings(doc: Any) -> None:
    """Odd and even page footers; Word 2013's layout (no 兼容模式 in Word's title bar)."""
    doc.settings.odd_and_even_pages_header_footer = True
    root = doc.settings.element
    lang = root.find(_w("themeFontLang"))
    if lang is not None:
        lang.set(_w("val"), "en-US")
        lang.set(_w("eastAsia"), "zh-CN")
    for child in list(root):
        if local_name(child) == "savePreviewPicture":  # nengli writes no thumbnail
            root.remove(child)
    for setting in root.iter(_w("compatSetting")):
        if setting.get(_w("name")) == "compatibilityMode":
            setting.set(_w("val"), "15")


def footers(doc: Any, styles: Styles, write_run: Any) -> None:
    """— 1 — in 4号 宋体: odd pages right, even pages left, one character in from the edge."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    spec = styles.specs["page-number"]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = styles.get("page-number")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
        ppr = paragraph_xml(p).get_or_add_pPr()
        if side == "right":
            indent(ppr, size=spec.size, right=1)
        else:
            indent(ppr, size=spec.size, left=1)
        write_run(p, "— ", spec)
        _page_field(p, spec, write_run)
        write_run(p, " —", spec)


def _page_field(p: Any, spec: Spec, write_run: Any) -> None:
    def field_run(kind: str | None, instr: str | None = None, text: str | None = None) -> None:
        r = run_xml(write_run(p, "", spec))
        for t in r.findall(_w("t")):
            r.remove(t)
        if kind:
            r.append(element("fldChar", fldCharType=kind))
        if instr:
            it = element("instrText")
            it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            it.text = instr
            r.append(it)
        if text:
            t = element("t")
            t.text = text
            r.append(t)

    field_run("begin")
    field_run(None, instr=" PAGE ")
    field_run("separate")
    field_run(None, text="1")
    field_run("end")

