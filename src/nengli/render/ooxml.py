"""The WordprocessingML that nengli writes itself, and the one door to python-docx's elements.

python-docx hands out the XML element behind a paragraph, run, table, cell or section only as a
private attribute (``_p``, ``_r``, ``_tbl``, ``_tc``, ``_sectPr``). The five functions at the top
of this module are the only code in nengli that reads those attributes, so that a rename in a
python-docx release is one edit here. The rest builds elements with python-docx's public
``docx.oxml`` helpers (``OxmlElement``, ``qn``) in the order the schema asks.
"""

from __future__ import annotations

from typing import Any

# ---- python-docx's private proxies, in one place -----------------------------------------------


def paragraph_xml(paragraph: Any) -> Any:
    """The ``w:p`` element of a python-docx Paragraph."""
    return paragraph._p


def run_xml(run: Any) -> Any:
    """The ``w:r`` element of a python-docx Run."""
    return run._r


def table_xml(table: Any) -> Any:
    """The ``w:tbl`` element of a python-docx Table."""
    return table._tbl


def cell_xml(cell: Any) -> Any:
    """The ``w:tc`` element of a python-docx table cell."""
    return cell._tc


def section_xml(section: Any) -> Any:
    """The ``w:sectPr`` element of a python-docx Section."""
    return section._sectPr


# ---- elements in schema order -----------------------------------------------------------------

#: the children of w:pPr in the order CT_PPr requires
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
#: the children of w:rPr in the order CT_RPr requires
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
             "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
             "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
             "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
             "eastAsianLayout", "specVanish", "oMath"]
#: the run properties set_run_props owns (and replaces)
_RUN_PROPS = {"rFonts", "b", "bCs", "color", "spacing", "w", "sz", "szCs", "lang"}


def local_name(el: Any) -> str:
    """An element's tag without its namespace: ``w:pBdr`` -> ``pBdr``."""
    return el.tag.split("}")[1]


def insert_ordered(parent: Any, el: Any, order: list[str]) -> Any:
    """Put ``el`` among ``parent``'s children where ``order`` (a schema sequence) wants it,
    replacing a child of the same name."""
    name = local_name(el)
    for child in list(parent):
        if local_name(child) == name:
            parent.remove(child)
    rank = order.index(name)
    for i, child in enumerate(parent):
        other = local_name(child)
        if other in order and order.index(other) > rank:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def element(tag: str, **attrs: str) -> Any:
    """A new ``w:`` element with ``w:`` attributes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def set_paragraph_prop(ppr: Any, tag: str, **attrs: str) -> Any:
    """Set one paragraph property (``keepNext``, ``widowControl`` …) on a w:pPr."""
    return insert_ordered(ppr, element(tag, **attrs), PPR_ORDER)


def set_run_props(rpr: Any, east_asia: str, latin: str, size: float, *, bold: bool = False,
                  color: str | None = None, spacing: float | None = None,
                  scale: int | None = None) -> None:
    """Fonts, size, weight, colour, character spacing and width scale on a w:rPr, and the
    language zh-CN for East Asian text.

    ``w:hint="eastAsia"`` makes Word take the East Asian face for the characters whose face it
    otherwise decides by the hint (MS-OI29500 2.1.88): General Punctuation (“ ” ‘ ’ — …), Latin-1
    symbols such as · and ×. Without it Word sets “ ” in the Latin face (Times New Roman),
    narrow, where LibreOffice and WPS set them full width; with it all three agree. Letters and
    digits (Basic Latin) keep the Latin face either way.
    """
    for child in list(rpr):
        if local_name(child) in _RUN_PROPS:
            rpr.remove(child)
    new = [element("rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin,
                   hint="eastAsia")]
    off = {} if bold else {"val": "0"}
    new += [element("b", **off), element("bCs", **off)]
    if color:
        new.append(element("color", val=color))
    if spacing:
        new.append(element("spacing", val=str(int(round(spacing * 20)))))
    if scale and scale != 100:
        new.append(element("w", val=str(scale)))
    half_points = str(int(round(size * 2)))
    new += [element("sz", val=half_points), element("szCs", val=half_points),
            element("lang", val="en-US", eastAsia="zh-CN")]
    for el in new:
        insert_ordered(rpr, el, RPR_ORDER)


def border(ppr: Any, side: str, *, sz: int, color: str, space: int = 1) -> None:
    """A paragraph rule: ``sz`` in eighths of a point, ``space`` in points from the text."""
    from docx.oxml.ns import qn

    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = insert_ordered(ppr, element("pBdr"), PPR_ORDER)
    bdr.append(element(side, val="single", sz=str(sz), space=str(space), color=color))


def indent(ppr: Any, *, size: float, left: float = 0, right: float = 0, hanging: float = 0,
           first_line: float = 0) -> None:
    """Indents in characters of ``size`` points, as Word's 字符 units (which Word and WPS
    read) and as twips (which LibreOffice reads)."""
    attrs: dict[str, str] = {}
    if left:
        attrs.update(leftChars=str(int(left * 100)), left=str(int(left * size * 20)))
    if right:
        attrs.update(rightChars=str(int(right * 100)), right=str(int(right * size * 20)))
    if hanging:
        attrs.update(hangingChars=str(int(hanging * 100)), hanging=str(int(hanging * size * 20)))
    else:
        attrs.update(firstLineChars=str(int(first_line * 100)),
                     firstLine=str(int(first_line * size * 20)))
    insert_ordered(ppr, element("ind", **attrs), PPR_ORDER)


def cell_borders(tcpr: Any, *, top: int | None, bottom: int | None) -> None:
    """Top and bottom rules of a table cell (eighths of a point), no side rules."""
    borders = element("tcBorders")
    for side, sz in (("top", top), ("left", None), ("bottom", bottom), ("right", None)):
        if sz:
            borders.append(element(side, val="single", sz=str(sz), space="0", color="000000"))
        else:
            borders.append(element(side, val="nil"))
    # tcBorders follows tcW, gridSpan, vMerge, … in tcPr
    tcpr.append(borders)
