"""Word output: a rendered Markdown document mapped onto the GB/T 9704-2012 layout.

The wording of a notice or bulletin comes only from its Markdown (rendered from a template);
this module decides how each block looks, never what it says. The mapping:

    # 标题                  公文标题: 2号 方正小标宋简体, centred; a title after the first one
                            (an attachment) starts a new page, with the short paragraph
                            before it (附件) as its label in 黑体
    （…） right after it    subtitle: 3号 楷体, centred
    ## / ### / ####         first / second / third level headings: 黑体, 楷体, 仿宋 bold
    paragraphs, 1. items    3号 仿宋, first line indented two characters, exact 28.95 pt lines
    > quote, > ——name       quotation in 楷体; a line that starts with —— is its attribution,
                            set right
    issuer, date            signature: the date of issue (2022年1月24日) and the paragraph
                            before it when that is the issuer, placed as GB/T 9704 7.3.5.2 asks
                            and kept on one page with the last paragraph of the text (7.3.5.4)
    --- after the text      版记: 4号 仿宋 between rules, at the foot of the last page, which is
                            an even one when the 版记 has a page of its own (7.5)
    a bulletin's masthead   everything before the first rule: 内部刊物 line, campaign name,
                            the large red 简报, 第N期, editor and date, then the red line
    a notice's 版头          campaign.yaml ``letterhead:``: 发文机关标志 in red, 发文字号, red rule

Where a decision depends on where lines and pages fall (a last character alone on its line,
the 版记's page), render/layout.py computes the layout that Word, WPS and LibreOffice give the
document, since docx_styles.py fixes every setting that decides it. Styles and page settings
are in docx_styles.py, the file's other parts in docx_package.py, and the XML below python-docx
in ooxml.py. The file is byte-for-byte the same for the same input.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any, Iterable, Literal

from .docx_imprint import write_imprint
from .docx_package import pinned_zip, properties
from .docx_styles import (BODY_PT, CONDENSE, LINE_PT, RED, TEXT_W_PT, Fonts, Spec, Styles,
                          footers, page, settings)
from .layout import Box, break_lines, lone_last_character, text_width
from .markdown import Block, parse
from .ooxml import border, indent, paragraph_xml, run_xml, set_run_props

__all__ = ["Fonts", "Signature", "Letterhead", "to_docx", "iter_paragraphs"]

Kind = Literal["notice", "bulletin"]

#: how far a paragraph may be condensed, beyond the text's own -0.4 pt, to pull a character
#: left alone on its last line back (-1.2 pt: 14.8 pt a character, 5 % tighter than the rest)
TIGHTEST = -1.2


@dataclass(frozen=True)
class Signature:
    """The date of issue as the document writes it, and the issuer's name when known."""

    date: str
    issuer: str | None = None


@dataclass(frozen=True)
class Letterhead:
    """The 版头 of a notice sent alone (GB/T 9704 7.2): the 发文机关标志 in red, the 发文字号
    (may be empty), and the red rule under them."""

    mark: str
    number: str = ""


def to_docx(markdown: str, *, kind: Kind = "notice", fonts: Fonts | None = None,
            signature: Signature | None = None, issued: dt.date | None = None,
            author: str = "", comments: str = "", version: str = "",
            letterhead: Letterhead | None = None, name: str | None = None) -> bytes:
    """The Word file (.docx bytes) for a rendered notice or bulletin; ``comments`` and
    ``version`` go to the document properties (备注, 版本), not onto the page; ``name``, the
    campaign's name, is how a bulletin's masthead tells it from the classification line."""
    from docx import Document

    fonts = fonts or Fonts()
    blocks = parse(markdown)
    doc = Document()
    page(doc)
    settings(doc)
    styles = Styles(doc, fonts)
    writer = _Writer(doc, styles, fonts)
    footers(doc, styles, writer.run)
    body = doc.element.body
    for p in list(body.iterchildren()):  # the template's empty paragraph
        if p.tag.endswith("}p"):
            body.remove(p)

    masthead, main, imprint = _regions(blocks, kind)
    if masthead:
        writer.masthead(masthead, name)
    elif letterhead is not None and letterhead.mark:
        writer.letterhead(letterhead)
    writer.main(main, signature)
    if imprint:
        write_imprint(writer, imprint)

    title = next((b.text for b in main if b.kind == "title"), "")
    properties(doc, title, author, issued, comments, version)
    out = io.BytesIO()
    doc.save(out)
    return pinned_zip(out.getvalue(), issued, fonts, author)


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


_SPLIT = re.compile(r"\u3000{2,}")
_LIST_LABEL = re.compile(r"[^：\u3000]{1,3}(?:\u3000[^：\u3000]{1,2})?：(?=\S+\u3000)")
_LIST_CONTINUED = re.compile(r"\u3000{2,}")


def _list_hang(text: str) -> int:
    """Characters a line of a list like the 巡回督导组's hangs (组　长：郝海涛　市教育局…, then
    　　　　左晓静　…): its wrapped part goes under the name, not back to the margin; 0 for other
    text."""
    m = _LIST_LABEL.match(text) or _LIST_CONTINUED.match(text)
    return len(m.group(0)) if m else 0


#: what ends a sentence: a paragraph ending so is text (特此通报。), never an attachment's label
_SENTENCE_END = tuple("。！？；：，、….!?;:,")


def _is_label(block: Block) -> bool:
    """A short paragraph right before an attachment's title is its label (GB/T 9704: 附件 and
    its number, without a colon, 黑体, top left); a short sentence there (特此通报。, the last
    paragraph of a text whose template gives its attachment no label) is not."""
    return (block.kind == "paragraph" and text_width(block.text, 1) <= 8
            and not block.text.endswith(_SENTENCE_END))


# ---- the writer ------------------------------------------------------------------------------

@dataclass
class _Laid:
    """A written paragraph and what the page layout needs of it (layout.Box, still mutable)."""

    paragraph: Any
    lines: list[str]
    height: float
    before: float = 0.0
    after: float = 0.0
    keep_next: bool = False
    keep_lines: bool = False
    page_break: bool = False

    def box(self) -> Box:
        return Box(tuple(self.height for _ in self.lines), self.before, self.after,
                   self.keep_next, self.keep_lines, self.page_break)


class _Writer:
    def __init__(self, doc: Any, styles: Styles, fonts: Fonts) -> None:
        self.doc, self.styles, self.fonts = doc, styles, fonts
        #: the paragraphs of the text flow, in order, as the page layout sees them
        self.flow: list[_Laid] = []

    # -- paragraphs and runs

    def run(self, p: Any, text: str, spec: Spec, *, bold: bool = False,
            spacing: float | None = None, scale: int | None = None) -> Any:
        r = p.add_run(text)
        set_run_props(run_xml(r).get_or_add_rPr(), spec.font(self.fonts), spec.latin(self.fonts),
                      spec.size, bold=bold, color=spec.color,
                      spacing=spec.char_spacing if spacing is None else spacing, scale=scale)
        return r

    def paragraph(self, runs: Iterable[tuple[str, bool]], style: str, *,
                  spacing: float | None = None, scale: int | None = None,
                  first: float | None = None, rest: float = 0.0, right: float = 0.0,
                  lines: list[str] | None = None) -> _Laid:
        """A paragraph of ``style`` in the text flow. ``first`` and ``rest`` are the points its
        first and later lines start from the left margin (default: the style's first-line
        indent, and 0), ``right`` from the right margin; they size its lines, the caller sets
        the indents themselves."""
        spec = self.styles.specs[style]
        runs = list(runs)
        p = self.doc.add_paragraph(style=self.styles.get(style))
        for chunk, bold in runs:
            self.run(p, chunk, spec, bold=bold or spec.bold, spacing=spacing, scale=scale)
        if lines is None:
            text = "".join(chunk for chunk, _ in runs)
            lines = self.lines(text, spec, spacing, first, rest, right)
        laid = _Laid(p, lines, spec.line or LINE_PT, keep_next=spec.keep_next,
                     keep_lines=spec.keep_lines)
        self.flow.append(laid)
        return laid

    def lines(self, text: str, spec: Spec, spacing: float | None = None,
              first: float | None = None, rest: float = 0.0, right: float = 0.0) -> list[str]:
        """``text``'s lines in ``spec``'s size and spacing (layout.break_lines)."""
        start = spec.first_line * spec.size if first is None else first
        size_spacing = spec.char_spacing if spacing is None else spacing
        return break_lines(text, spec.size, size_spacing or 0.0, TEXT_W_PT - start - right,
                           TEXT_W_PT - rest - right)

    def tightened(self, text: str, spec: Spec, first: float | None = None,
                  rest: float = 0.0) -> tuple[float | None, list[str]]:
        """The character spacing for ``text`` and its lines: the style's, or, when that leaves
        one character alone on the last line (成　员：…二级主任科员 with 员 below), the least
        condensing down to TIGHTEST that pulls it back."""
        lines = self.lines(text, spec, None, first, rest)
        if not lone_last_character(lines) or spec.char_spacing is None:
            return None, lines
        spacing = spec.char_spacing
        while spacing - 0.05 >= TIGHTEST - 1e-9:
            spacing = round(spacing - 0.05, 2)
            tighter = self.lines(text, spec, spacing, first, rest)
            if len(tighter) < len(lines):
                return spacing, tighter
        return None, lines

    def text(self, block: Block, style: str, *, hang: int = 0) -> _Laid:
        """A block of running text, its last character never alone on its line."""
        spec = self.styles.specs[style]
        first = None
        rest = 0.0
        if hang:
            first, rest = 2 * spec.size, (2 + hang) * spec.size
        spacing, lines = self.tightened(block.text, spec, first, rest)
        laid = self.paragraph(block.runs, style, spacing=spacing, lines=lines)
        if hang:
            indent(paragraph_xml(laid.paragraph).get_or_add_pPr(), size=spec.size,
                   left=2 + hang, hanging=hang)
        return laid

    def split_line(self, block: Block, style: str, right_indent_chars: float = 0) -> _Laid:
        """``left　　right`` as one line: left-aligned text, a right tab, right-aligned text."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Pt

        left, right = _SPLIT.split(block.text, maxsplit=1)
        spec = self.styles.specs[style]
        laid = self.paragraph([(left, False), ("\t", False), (right, False)], style,
                              lines=[block.text])
        stop = TEXT_W_PT - right_indent_chars * spec.size
        laid.paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(stop), WD_TAB_ALIGNMENT.RIGHT)
        return laid

    # -- the regions

    def masthead(self, blocks: list[Block], name: str | None = None) -> None:
        """The lines above the title: the campaign's ``name`` in large red type, any other
        line the classification (内部刊物　注意保存); without a name, the first line is the
        classification and the lines after it the name."""
        title_at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
        before = blocks[:title_at] if title_at is not None else []
        after = blocks[title_at + 1:] if title_at is not None else blocks
        last = None
        for i, b in enumerate(before):
            if b.kind == "rule":
                continue
            is_name = b.text == name if name else i > 0
            style = "masthead-name" if is_name else "classification"
            last = self.paragraph(b.runs, style, first=0)
        if title_at is not None:
            last = self.paragraph(blocks[title_at].runs, "masthead-title", first=0)
        for b in after:
            if b.kind == "rule":
                if last is not None:
                    self.red_rule(last)
                continue
            last = (self.split_line(b, "masthead-line") if _SPLIT.search(b.text)
                    else self.paragraph(b.runs, "masthead-issue", first=0))

    def red_rule(self, laid: _Laid, *, space: int = 4) -> None:
        """The red rule under a masthead or 版头 (1.5 pt, ``space`` points under the text), and
        below it the rest of one line: the rule and the space take one whole line in all."""
        from docx.shared import Pt

        border(paragraph_xml(laid.paragraph).get_or_add_pPr(), "bottom", sz=12, color=RED,
               space=space)
        laid.after = LINE_PT - (space + 1.5)
        laid.paragraph.paragraph_format.space_after = Pt(laid.after)
        laid.after += space + 1.5

    def letterhead(self, head: Letterhead) -> None:
        """GB/T 9704 7.2: the 发文机关标志 centred in red, its top about 35 mm under the text
        block's top; the 发文字号 two lines under it; a red rule 4 mm under the 发文字号 and the
        title two lines under the rule. Every part takes whole lines (10 in all), so that the
        text below stays on the line grid."""
        from docx.shared import Pt

        spec = self.styles.specs["issuer-mark"]
        size, scale = _mark_size(head.mark)
        mark = self.paragraph([(head.mark, False)], "issuer-mark", scale=scale, first=0,
                              lines=[head.mark])
        set_run_props(run_xml(mark.paragraph.runs[0]).get_or_add_rPr(), spec.font(self.fonts),
                      spec.latin(self.fonts), size, color=RED, spacing=0, scale=scale)
        # its characters sit low in their two-line box: half a line of the space above it goes
        # below it, which brings their top to about 35 mm under the text block's top
        mark.before, mark.after = 72.4, 14.45  # 1448 and 289 twips: three lines together
        pf = mark.paragraph.paragraph_format
        pf.space_before, pf.space_after = Pt(mark.before), Pt(mark.after)
        if head.number:
            number = self.paragraph([(head.number, False)], "doc-number", first=0,
                                    lines=[head.number])
            number.before = 2 * LINE_PT
            number.paragraph.paragraph_format.space_before = Pt(number.before)
            # about 4 mm under the 发文字号's characters, then the title two lines down
            self.red_rule(number, space=6)
            number.after += LINE_PT
            number.paragraph.paragraph_format.space_after = Pt(number.after - 7.5)
        else:
            self.red_rule(mark, space=6)
            mark.after += 14.45 + 2 * LINE_PT
            mark.paragraph.paragraph_format.space_after = Pt(mark.after - 7.5)

    def main(self, blocks: list[Block], signature: Signature | None) -> None:
        from docx.shared import Pt

        date_at = issuer_at = None
        if signature is not None:
            # the last paragraph that is the date, below the title: a date above it is a dateline
            title_at = next((i for i, b in enumerate(blocks) if b.kind == "title"), -1)
            date_at = max((i for i, b in enumerate(blocks) if i > title_at
                           and b.kind == "paragraph" and b.text == signature.date), default=None)
            if (date_at is not None and date_at > 0 and signature.issuer
                    and blocks[date_at - 1].text == signature.issuer):
                issuer_at = date_at - 1
        after_title = False
        previous: _Laid | None = None
        for i, b in enumerate(blocks):
            if b.kind == "title":
                p = self.paragraph(b.runs, "title", first=0)
                labelled = i > 0 and _is_label(blocks[i - 1])
                if i > (1 if labelled else 0):
                    # an attachment: a new page, its label (附件) above the title
                    if labelled and previous is not None:
                        self.restyle(previous, "attachment-label")
                    starts = previous if labelled and previous is not None else p
                    starts.page_break = True
                    starts.paragraph.paragraph_format.page_break_before = True
                after_title = True
                previous = p
                continue
            if after_title and b.kind == "paragraph" and b.text.startswith("（") and b.text.endswith("）"):
                previous = self.paragraph(b.runs, "subtitle", first=0)
                continue
            if after_title and previous is not None:
                previous.after = LINE_PT
                previous.paragraph.paragraph_format.space_after = Pt(LINE_PT)
            after_title = False
            if i == (date_at if issuer_at is None else issuer_at) and previous is not None:
                # GB/T 9704 7.3.5.4: no page with the signature and no text: the text's last
                # paragraph, whole, stays on the signature's page
                previous.keep_next = previous.keep_lines = True
                pf = previous.paragraph.paragraph_format
                pf.keep_with_next = pf.keep_together = True
            if i == issuer_at:
                previous = self.signature(b, blocks[date_at], issuer=True)  # type: ignore[index]
            elif i == date_at:
                if issuer_at is None:
                    previous = self.signature(None, b, issuer=False)
                # else: written with the issuer
            elif b.kind == "heading":
                previous = self.text(b, {2: "heading1", 3: "heading2"}.get(b.level, "heading3"))
            elif b.kind == "quote":
                if b.text.startswith("——"):
                    previous = self.attribution(b, previous)
                else:
                    previous = self.text(b, "quote")
            elif b.kind == "rule":
                previous = self.paragraph([], "body", lines=[""])
                border(paragraph_xml(previous.paragraph).get_or_add_pPr(), "bottom", sz=6,
                       color="000000", space=1)
                previous.after = 1.75
            else:
                previous = self.text(b, "body", hang=_list_hang(b.text))
            if date_at is not None and i == date_at + 1 and previous is not None:
                # a 附注 under the date stays with it
                self.flow[-2].keep_next = True
                self.flow[-2].paragraph.paragraph_format.keep_with_next = True

    def attribution(self, block: Block, quote: _Laid | None) -> _Laid:
        """——姓名 under a quotation: set right, on the quotation's page."""
        if quote is not None:
            quote.keep_next = True
            quote.paragraph.paragraph_format.keep_with_next = True
        return self.paragraph(block.runs, "attribution", first=0)

    def restyle(self, laid: _Laid, role: str) -> None:
        laid.paragraph.style = self.styles.get(role)
        spec = self.styles.specs[role]
        laid.keep_next, laid.keep_lines = spec.keep_next, spec.keep_lines
        for r in laid.paragraph.runs:
            set_run_props(run_xml(r).get_or_add_rPr(), spec.font(self.fonts),
                          spec.latin(self.fonts), spec.size, bold=spec.bold,
                          spacing=spec.char_spacing)

    def signature(self, issuer_block: Block | None, date: Block, *, issuer: bool) -> _Laid:
        """GB/T 9704 7.3.5.2: the issuer two characters from the right, the date's first character
        two characters right of the issuer's; a date longer than that moves the issuer left
        instead. Both lines are set from the left, at the widths Word gives their characters
        (quotes full width in the East Asian face, digits in Times New Roman: layout.text_width)."""
        from docx.shared import Pt

        pitch = BODY_PT + CONDENSE
        line = TEXT_W_PT
        date_w = text_width(date.text, BODY_PT, CONDENSE)
        if issuer and issuer_block is not None:
            issuer_left = line - 2 * pitch - text_width(issuer_block.text, BODY_PT, CONDENSE)
            date_left = min(issuer_left + 2 * pitch, line - 2 * pitch - date_w)
            issuer_left = min(issuer_left, date_left - 2 * pitch)
            p = self.paragraph(issuer_block.runs, "signature", first=issuer_left,
                               rest=issuer_left)
            p.before = LINE_PT
            p.keep_next = True
            pf = p.paragraph.paragraph_format
            pf.space_before, pf.left_indent, pf.keep_with_next = Pt(LINE_PT), Pt(issuer_left), True
            d = self.paragraph(date.runs, "signature", first=date_left, rest=date_left)
            d.paragraph.paragraph_format.left_indent = Pt(date_left)
            return d
        d = self.paragraph(date.runs, "signature", first=line - 2 * pitch - date_w)
        d.before = LINE_PT
        d.paragraph.paragraph_format.space_before = Pt(LINE_PT)
        d.paragraph.paragraph_format.left_indent = Pt(line - 2 * pitch - date_w)
        return d


def _mark_size(mark: str) -> tuple[float, int]:
    """The 发文机关标志's size and width scale: the largest of 初号, 小初, 1号 and 2号 that fits the
    line at no less than 70 % width (GB/T 9704 leaves the size to the office: 醒目、美观、庄重)."""
    width = text_width(mark, 1)
    for size in (42.0, 36.0, 26.0, 22.0):
        scale = int(TEXT_W_PT / (width * size) * 100)
        if scale >= 70:
            return size, min(scale, 100)
    return 22.0, max(int(TEXT_W_PT / (width * 22.0) * 100), 33)


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

