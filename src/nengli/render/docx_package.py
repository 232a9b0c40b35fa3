"""The parts of a Word file around its text: properties, font table, and the same bytes each time.

python-docx starts every document from its own template, made on a Mac: its properties say
"Microsoft Macintosh Word" and "Normal.dotm", and its font table lists Japanese and Western
faces nengli never uses (ＭＳ 明朝, ＭＳ ゴシック, Cambria …). A 公文 leaves the office with nengli's
name on it and the fonts it uses, so both are rewritten here.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from .docx_styles import Fonts
from .ooxml import element

#: Windows faces to use where a document's font is not installed (the font table's w:altName)
FALLBACKS = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体",
             "方正仿宋_GBK": "仿宋", "方正楷体_GBK": "楷体", "方正黑体_GBK": "黑体",
             "方正小标宋_GBK": "宋体"}
#: PANOSE numbers of the Windows faces, so that Word can match a similar face as well
PANOSE = {"仿宋": "02010609060101010101", "楷体": "02010609060101010101",
          "黑体": "02010609060101010101", "宋体": "02010600030101010101"}
APPLICATION = "nengli"

_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company>{company}</Company><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def properties(doc: Any, title: str, author: str, issued: dt.date | None, comments: str,
               version: str) -> None:
    """The core properties: title, author (the office), dates of issue, data version."""
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


def app_properties(author: str) -> bytes:
    """docProps/app.xml: written by nengli for ``author``, no template named."""
    from xml.sax.saxutils import escape

    return _APP_XML.format(application=APPLICATION, company=escape(author)).encode("utf-8")


def font_table(xml: bytes, fonts: Fonts) -> bytes:
    """The font table with the faces the document uses and no other: the Latin face as
    python-docx's template describes it, and each Chinese face; a face that a plain Windows
    lacks (仿宋_GB2312 …) names the one it has (仿宋 …) as w:altName, with its PANOSE."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from lxml import etree

    root = parse_xml(xml)
    known = {f.get(qn("w:name")): f for f in root.iter(qn("w:font"))}
    for font in list(root):
        root.remove(font)
    if fonts.latin in known:
        root.append(known[fonts.latin])
    for name in dict.fromkeys((fonts.body, fonts.title, fonts.heading1, fonts.heading2,
                               fonts.page_number)):
        if name == fonts.latin:
            continue
        font = element("font", name=name)
        alt = FALLBACKS.get(name)
        values = [("altName", alt)] if alt else []
        values += [("panose1", PANOSE.get(alt or name)), ("charset", "86"), ("family", "modern"),
                   ("pitch", "fixed")]
        for tag, value in values:
            if value:
                font.append(element(tag, val=value))
        root.append(font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def pinned_zip(data: bytes, issued: dt.date | None, fonts: Fonts, author: str) -> bytes:
    """The same bytes for the same document: every zip entry stamped with the date of issue
    (and the font table and application properties rewritten: font_table, app_properties)."""
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
                content = font_table(content, fonts)
            elif info.filename == "docProps/app.xml":
                content = app_properties(author)
            dst.writestr(entry, content)
    return out.getvalue()
