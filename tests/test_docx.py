"""The 督导通报 as a Word file: GB/T 9704 layout, fonts that take effect, same text as Markdown."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import shutil

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import SHIPPED, paragraph_rules, xml_attrs, xml_name
from nengli.render.docx import iter_paragraphs
from nengli.render.markdown import parse

ARGS = ("--data", str(SHIPPED), "--phase", "1", "--date", "2022-01-24")
OFFICE = "郑州市教育局“能力作风建设年”活动领导小组办公室"


def _once_per_module_but_not_under_mutmut(fixture_name, config) -> str:
    """Module scope normally; function scope in a mutation run, where mutmut picks the tests
    to run for a mutant by the tests that called its function, and a module fixture's calls
    would count for the module's first test only (its other tests would never be run)."""
    import os

    return "function" if os.environ.get("MUTANT_UNDER_TEST") else "module"


@pytest.fixture(scope=_once_per_module_but_not_under_mutmut)
def notice(tmp_path_factory):
    """(Markdown text, docx path, docx bytes) of the shipped phase-one notice."""
    from typer.testing import CliRunner

    from nengli.cli import app

    runner = CliRunner()
    out = tmp_path_factory.mktemp("docx") / "督导通报.docx"
    md = runner.invoke(app, ["report", *ARGS])
    assert md.exit_code == 0, md.output
    result = runner.invoke(app, ["report", *ARGS, "--format", "docx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return md.stdout, out, out.read_bytes()


def _style(document, style_id: str):
    return next(s for s in document.styles if s.style_id == style_id)


def _rfonts(element) -> dict[str, str]:
    rfonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return xml_attrs(rfonts)


def _size(element) -> float:
    return int(element.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val"))) / 2


def test_page_is_a4_with_gbt9704_margins(notice):
    section = docx.Document(notice[1]).sections[0]
    def mm(*lengths):
        return tuple(round(x.mm, 1) for x in lengths)

    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.bottom_margin) == (37, 35)
    assert mm(section.left_margin, section.right_margin) == (28, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


def _bold(element) -> bool:
    b = element.find(qn("w:rPr")).find(qn("w:b"))
    return b is not None and b.get(qn("w:val")) not in ("0", "false")


@pytest.mark.parametrize("style_id, font, size, bold", [
    ("GBBody", "仿宋_GB2312", 16, False),          # 正文: 3号仿宋
    ("GBTitle", "方正小标宋简体", 22, False),       # 标题: 2号小标宋
    ("GBSubtitle", "楷体_GB2312", 16, False),
    ("GBHeading1", "黑体", 16, False),             # 一级标题
    ("GBHeading2", "楷体_GB2312", 16, False),      # 二级标题
    ("GBHeading3", "仿宋_GB2312", 16, True),       # 三级标题: 仿宋加粗
    ("GBQuote", "楷体_GB2312", 16, False),         # 引文
    ("GBSignature", "仿宋_GB2312", 16, False),
    ("GBAttachment", "黑体", 16, False),           # 附件标识
    ("GBImprint", "仿宋_GB2312", 14, False),       # 版记: 4号仿宋
    ("GBPageNumber", "宋体", 14, False),           # 页码: 4号宋体
])
def test_styles_set_east_asian_font_size_and_weight(notice, style_id, font, size, bold):
    style = _style(docx.Document(notice[1]), style_id)
    fonts = _rfonts(style.element)
    assert fonts["eastAsia"] == font
    assert not any(k.endswith(("Theme", "theme")) for k in fonts)
    assert _size(style.element) == size
    assert _bold(style.element) is bold
    lang = style.element.find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_headings_and_quotes_in_a_notice_look_as_styled(tmp_path):
    """Runs of each kind of block carry the same face, size and weight as their style."""
    from nengli.render.docx import to_docx

    md = ("# 标题\n\n## 一、一级\n\n### （一）二级\n\n#### 1.三级\n\n> 引文\n\n正文\n")
    document = docx.Document(io.BytesIO(to_docx(md)))
    runs = {p.text: p.runs[0]._r for p in document.paragraphs if p.runs}
    seen = {text: (_rfonts(r)["eastAsia"], _size(r), _bold(r)) for text, r in runs.items()}
    assert seen == {"标题": ("方正小标宋简体", 22, False), "一、一级": ("黑体", 16, False),
                    "（一）二级": ("楷体_GB2312", 16, False), "1.三级": ("仿宋_GB2312", 16, True),
                    "引文": ("楷体_GB2312", 16, False), "正文": ("仿宋_GB2312", 16, False)}


def test_body_has_exact_lines_and_two_character_indent(notice):
    style = _style(docx.Document(notice[1]), "GBBody")
    pf = style.paragraph_format
    assert pf.line_spacing == Pt(28.95)
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    ind = style.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


def test_runs_carry_fonts_and_no_theme_font_is_left(notice):
    document = docx.Document(notice[1])
    paragraphs = list(iter_paragraphs(document))
    title = next(p for p in paragraphs if p.style.style_id == "GBTitle")
    assert title.text == "督导通报"
    assert _rfonts(title.runs[0]._r)["eastAsia"] == "方正小标宋简体"
    assert _size(title.runs[0]._r) == 22
    heading = next(p for p in paragraphs if p.style.style_id == "GBHeading1")
    assert heading.text == "一、督导情况"
    assert _rfonts(heading.runs[0]._r)["eastAsia"] == "黑体"
    body = next(p for p in paragraphs if p.style.style_id == "GBBody")
    assert _rfonts(body.runs[0]._r) == {"ascii": "Times New Roman", "hAnsi": "Times New Roman",
                                        "eastAsia": "仿宋_GB2312", "cs": "Times New Roman",
                                        "hint": "eastAsia"}
    import zipfile

    with zipfile.ZipFile(notice[1]) as z:
        for name in ("word/styles.xml", "word/document.xml"):
            assert "Theme=" not in z.read(name).decode("utf-8").replace("cstheme", "Theme")


def test_docx_text_equals_markdown_text(notice):
    md, path, _ = notice
    # the printed notice carries no data version; the Markdown ends with it
    assert md.rstrip().splitlines()[-1].startswith("数据版本：")
    md = md[:md.index("数据版本：")]
    expected = []
    for line in md.splitlines():
        if not line.strip():
            continue
        line = re.sub(r"^#+ ", "", line)
        line = re.sub(r"^(\d+)\. ", r"\1.", line)
        expected.append(line)
    document = docx.Document(path)
    body = [p.text for p in document.paragraphs if p.text]
    assert body == expected
    assert body == [b.text for b in parse(md)]
    # every fact of the notice is there, in the same order
    assert body.index("2022年1月24日") > body.index(OFFICE)
    assert body[-1] == "2022年1月24日"
    assert any("除24中、信息中心、成教室未按时报送外" in t for t in body)


def test_data_version_goes_to_the_document_properties(notice, cli, tmp_path):
    props = docx.Document(notice[1]).core_properties
    assert re.fullmatch(r"数据版本：[0-9a-f]{7}，\d{4}年\d{1,2}月\d{1,2}日提交(；.*)?", props.comments)
    assert props.version and props.version in props.comments
    assert not any("数据版本" in p.text for p in iter_paragraphs(docx.Document(notice[1])))


def test_data_version_note_where_campaign_yaml_asks(tmp_path, cli):
    """campaign.yaml data_version_note: true prints it as a 附注 under the 成文日期 (GB/T 9704
    7.3.6: in brackets, two characters in), before the 版记."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    with (data / "campaign.yaml").open("a", encoding="utf-8") as f:
        f.write("data_version_note: true\n")
    out = tmp_path / "n.docx"
    result = cli("report", "--data", str(data), "--phase", "1", "--date", "2022-01-24",
                 "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(out)
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[-2] == "2022年1月24日"
    note = next(p for p in document.paragraphs if p.text.startswith("（数据版本："))
    assert note.text.endswith("）") and note.style.style_id == "GBBody"
    assert texts[-1] == note.text
    # the 附注 stays on the date's page
    date = next(p for p in document.paragraphs if p.text == "2022年1月24日")
    assert date.paragraph_format.keep_with_next is True


def test_signature_date_starts_two_characters_right_of_the_issuer(notice):
    """GB/T 9704 7.3.5.2, set from the left: the issuer ends two characters from the right
    margin, the date starts two characters (of 15.6 pt: 16 pt less the condensing) right of it."""
    document = docx.Document(notice[1])
    issuer = next(p for p in document.paragraphs if p.text == OFFICE)
    date = next(p for p in document.paragraphs if p.text == "2022年1月24日")
    for p in (issuer, date):
        assert p.style.style_id == "GBSignature"
    assert issuer.paragraph_format.space_before == Pt(28.95)
    pitch = 15.6
    line = 156 / 25.4 * 72
    # 24 characters of the office's name; 2022年1月24日 is 6.5 characters wide (digits half)
    assert issuer.paragraph_format.left_indent.pt == pytest.approx(line - 26 * pitch, abs=0.1)
    assert date.paragraph_format.left_indent.pt == pytest.approx(line - 24 * pitch, abs=0.1)


def test_wrapped_team_lines_hang_under_the_name(notice):
    document = docx.Document(notice[1])
    lines = {p.text: p for p in document.paragraphs}
    role = lines["成　员：杨金召　市教育局党风行风建设办公室二级主任科员"]
    more = lines["　　　　贾立峰　市教育局机关党委一级科员"]
    for p in (role, more):
        ind = p._p.pPr.ind
        # the first line starts two characters in, a wrapped line six (under the name)
        assert (ind.get(qn("w:leftChars")), ind.get(qn("w:hangingChars"))) == ("600", "400")


def test_font_table_names_windows_fallbacks(notice):
    import zipfile

    with zipfile.ZipFile(notice[1]) as z:
        table = docx.oxml.parse_xml(z.read("word/fontTable.xml"))
    fonts = {f.get(qn("w:name")): f for f in table.iter(qn("w:font"))}

    def alt(name):
        el = fonts[name].find(qn("w:altName"))
        return None if el is None else el.get(qn("w:val"))

    assert (alt("仿宋_GB2312"), alt("楷体_GB2312"), alt("方正小标宋简体")) == ("仿宋", "楷体", "宋体")
    assert fonts["仿宋_GB2312"].find(qn("w:charset")).get(qn("w:val")) == "86"
    assert fonts["仿宋_GB2312"].find(qn("w:panose1")).get(qn("w:val")) == "02010609060101010101"
    assert "黑体" in fonts and alt("黑体") is None


def test_imprint_is_a_table_at_the_foot_between_rules(notice):
    document = docx.Document(notice[1])
    assert len(document.tables) == 1
    table = document.tables[0]
    paragraphs = table.rows[-1].cells[0].paragraphs
    # 印发机关 and 印发日期 on one line as in the seed, their characters set at 84 % width
    assert [p.text for p in paragraphs] == [f"{OFFICE}\t2022年1月24日印发"]
    run = paragraphs[0].runs[0]
    assert _rfonts(run._r)["eastAsia"] == "仿宋_GB2312" and _size(run._r) == 14
    assert {r._r.rPr.find(qn("w:w")).get(qn("w:val")) for r in paragraphs[0].runs} == {"84"}
    position = table._tbl.tblPr.find(qn("w:tblpPr"))
    assert position.get(qn("w:tblpYSpec")) == "bottom"
    borders = table.rows[-1].cells[0]._tc.tcPr.find(qn("w:tcBorders"))
    assert borders.find(qn("w:top")).get(qn("w:val")) == "single"
    assert borders.find(qn("w:bottom")).get(qn("w:val")) == "single"


def test_markdown_keeps_full_width_spaces_that_align_text():
    from nengli.render.markdown import parse

    (block,) = parse("\u3000\u3000\u3000\u3000左晓静　市教育局安保处副处长\n")
    assert block.text == "\u3000\u3000\u3000\u3000左晓静　市教育局安保处副处长"


def test_page_numbers_odd_right_even_left(notice):
    document = docx.Document(notice[1])
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    for footer, align in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert str(p.alignment).startswith(align)
        assert _rfonts(p.runs[0]._r)["eastAsia"] == "宋体" and _size(p.runs[0]._r) == 14


def test_same_input_gives_same_bytes(notice, cli, tmp_path):
    again = tmp_path / "again.docx"
    result = cli("report", *ARGS, "--format", "docx", "--out", str(again))
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == notice[2]
    props = docx.Document(again).core_properties
    assert props.created == dt.datetime(2022, 1, 24, tzinfo=dt.timezone.utc) and props.title == "督导通报"


def test_fonts_come_from_campaign_yaml(make_data, cli):
    make_data({"campaign.yaml": "fonts:\n  body: 方正仿宋_GBK\n  heading1: 方正黑体_GBK\n"})
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--format", "docx",
                 "--out", "通报.docx")
    assert result.exit_code == 0, result.output
    document = docx.Document("通报.docx")
    assert _rfonts(_style(document, "GBBody").element)["eastAsia"] == "方正仿宋_GBK"
    assert _rfonts(_style(document, "GBHeading1").element)["eastAsia"] == "方正黑体_GBK"
    assert _rfonts(_style(document, "GBTitle").element)["eastAsia"] == "方正小标宋简体"


def test_docx_without_out_is_a_usage_error(cli):
    result = cli("report", *ARGS, "--format", "docx")
    assert result.exit_code == 2
    assert "生成 Word 文件（--format docx）时必须用 --out 指定文件名" in result.output


def test_docx_into_missing_folder_is_a_located_error(cli, tmp_path):
    target = tmp_path / "没有这个文件夹" / "通报.docx"
    result = cli("report", *ARGS, "--format", "docx", "--out", str(target))
    assert result.exit_code == 1
    assert "无法写入文件" in result.output and str(target) in result.output
    assert not target.exists()


def test_json_has_the_notice_facts(cli):
    result = cli("report", *ARGS, "--format", "json")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["date"] == "2022-01-24" and facts["phase"]["number"] == 1
    cases = next(t for t in facts["tasks"] if t["id"] == "cases")
    assert cases["laggards"] == ["24中", "信息中心", "成教室"]
    assert [c["count"] for c in facts["scope"]] == [41, 13, 22]


def test_unknown_format_is_a_usage_error(cli):
    result = cli("report", *ARGS, "--format", "pdf")
    assert result.exit_code == 2


# ---- the Markdown reader -------------------------------------------------------------------

def test_markdown_blocks():
    blocks = parse("# 标题\n\n（第一阶段）\n\n## 一、情况\n\n1. 第一项\n接上一行\n\n"
                   "正文**加粗**文字\n\n> 引文\n\n---\n\n甲　　乙\n")
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("title", 1, "标题"), ("paragraph", 0, "（第一阶段）"), ("heading", 2, "一、情况"),
        ("item", 0, "1.第一项接上一行"), ("paragraph", 0, "正文加粗文字"), ("quote", 0, "引文"),
        ("rule", 0, ""), ("paragraph", 0, "甲　　乙")]
    assert blocks[4].runs == (("正文", False), ("加粗", True), ("文字", False))


def test_markdown_joins_latin_words_with_a_space():
    assert parse("PAGE\nfield")[0].text == "PAGE field"


# ---- found by mutation testing (tests/README.md) ---------------------------------------------

def _signature_lines(markdown: str, signature) -> list[tuple[str, float | None, float | None]]:
    import io

    from nengli.render.docx import to_docx

    document = docx.Document(io.BytesIO(to_docx(markdown, signature=signature)))
    return [(p.text, p.paragraph_format.left_indent and round(p.paragraph_format.left_indent.pt, 1),
             p.paragraph_format.space_before and p.paragraph_format.space_before.pt)
            for p in document.paragraphs if p.style.style_id == "GBSignature"]


# 2022年1月24日 as Word sets it: seven digits of Times New Roman (8 pt, less the 0.4 pt of
# condensing: 7.6), three characters of 15.6 pt, and a quarter em (4 pt) at each of the five
# places where a digit meets a character: 53.2 + 46.8 + 20 = 120 pt. Two characters (2 x 15.6)
# from the right of the 442.2 pt line it starts at 442.2 - 31.2 - 120 = 291.0 pt.


def test_a_date_wider_than_the_step_moves_a_short_issuer_left():
    """A short issuer (7 characters, 109.2 pt) over 2022年1月24日 (120 pt): the date ends two
    characters from the right, at 291.0 pt; the issuer starts two characters before it, at
    259.8 pt, not where its own two-character margin would put it (301.8 pt)."""
    from nengli.render.docx import Signature

    md = "# 通知\n\n正文一段。\n\n市教育局活动办\n\n2022年1月24日\n"
    assert _signature_lines(md, Signature("2022年1月24日", "市教育局活动办")) == [
        ("市教育局活动办", 259.8, 28.95), ("2022年1月24日", 291.0, None)]


def test_a_date_without_issuer_ends_two_characters_from_the_right():
    from nengli.render.docx import Signature

    md = "# 通知\n\n正文一段。\n\n2022年1月24日\n"
    assert _signature_lines(md, Signature("2022年1月24日")) == [("2022年1月24日", 291.0, 28.95)]


def test_imprint_table_floats_at_the_foot_of_the_text_block_full_width(notice):
    """Word's 'vertical: bottom, relative to margin', placed from the page's edge at the 28 mm
    left margin (1587 twips), 156 mm wide (8844 twips), fixed layout, no cell margins."""
    tbl = docx.Document(notice[1]).tables[0]._tbl
    props = [(xml_name(c), xml_attrs(c), [(xml_name(x), xml_attrs(x)) for x in c])
             for c in tbl.tblPr]
    assert props == [
        ("tblpPr", {"leftFromText": "0", "rightFromText": "0", "topFromText": "0",
                    "bottomFromText": "0", "vertAnchor": "margin", "horzAnchor": "page",
                    "tblpX": "1587", "tblpYSpec": "bottom"}, []),
        ("tblW", {"w": "8844", "type": "dxa"}, []),
        ("tblLayout", {"type": "fixed"}, []),
        ("tblCellMar", {}, [("left", {"w": "0", "type": "dxa"}), ("right", {"w": "0", "type": "dxa"})]),
    ]
    assert [xml_attrs(g) for g in tbl.tblGrid] == [{"w": "8844"}]
    assert {tuple(sorted(xml_attrs(tc.tcPr.tcW).items())) for tc in tbl.iter(qn("w:tc"))} == {
        (("type", "dxa"), ("w", "8844"))}


def _rules(table) -> list[dict[str, dict[str, str]]]:
    """Each row's cell borders: {side: attributes}."""
    out = []
    for row in table.rows:
        borders = row.cells[0]._tc.tcPr.find(qn("w:tcBorders"))
        out.append({xml_name(b): xml_attrs(b) for b in borders})
    return out


def test_imprint_rules_thick_outside_thin_between(cli, tmp_path):
    """GB/T 9704 7.4.1: the 版记's first and last rules 0.35 mm (1 pt: 8 eighths of a point),
    the rules between 0.25 mm (Word's nearest, 0.75 pt: 6 eighths); no side rules. The
    bulletin's 版记 has two rows (报/送/发, then 印发), the notice's one."""
    thick = {"val": "single", "sz": "8", "space": "0", "color": "000000"}
    thin = {"val": "single", "sz": "6", "space": "0", "color": "000000"}
    nil = {"val": "nil"}
    out = tmp_path / "简报.docx"
    result = cli("bulletin", "--data", str(SHIPPED), "--issue", "6", "--phase", "1",
                 "--date", "2022-01-24", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(out)
    assert _rules(document.tables[0]) == [
        {"top": thick, "left": nil, "bottom": nil, "right": nil},
        {"top": thin, "left": nil, "bottom": thick, "right": nil},
    ]
    # the document ends with the one-point anchor paragraph the floating table hangs from
    assert document.paragraphs[-1].style.style_id == "GBAnchor"


def test_notice_imprint_is_one_row_between_two_thick_rules(notice):
    thick = {"val": "single", "sz": "8", "space": "0", "color": "000000"}
    document = docx.Document(notice[1])
    assert _rules(document.tables[0]) == [
        {"top": thick, "left": {"val": "nil"}, "bottom": thick, "right": {"val": "nil"}}]
    assert document.paragraphs[-1].style.style_id == "GBAnchor"


def test_text_runs_are_condensed_by_two_fifths_of_a_point(notice):
    """28 characters a line (GB/T 9704 5.2.1) need each character 0.4 pt narrower: w:spacing
    -8 twentieths on every run of body text and headings; the title is not condensed. One
    line is condensed further, by 0.85 pt (-17): 成　员：杨金召　市教育局…二级主任科员 is 27
    characters after a two-character indent, 421.2 pt at 15.6 pt where the line has 410.2, and
    its 员 would stand alone on the next line; at 15.15 pt (409.05) it fits."""
    document = docx.Document(notice[1])
    spacing = {}
    for p in iter_paragraphs(document):
        for r in p.runs:
            sp = r._r.rPr.find(qn("w:spacing"))
            value = None if sp is None else sp.get(qn("w:val"))
            spacing.setdefault(p.style.style_id, set()).add(value)
            if value == "-17":
                assert p.text == "成　员：杨金召　市教育局党风行风建设办公室二级主任科员"
    assert spacing["GBTitle"] == {None}
    assert spacing["GBHeading1"] == spacing["GBSubtitle"] == {"-8"}
    assert spacing["GBBody"] == {"-8", "-17"}


def test_parts_are_dated_the_issue_day_and_properties_default_empty(notice):
    import io
    import zipfile

    from nengli.render.docx import to_docx

    with zipfile.ZipFile(notice[1]) as z:
        assert {i.date_time for i in z.infolist()} == {(2022, 1, 24, 0, 0, 0)}
    props = docx.Document(io.BytesIO(to_docx("# 标题\n\n正文。\n"))).core_properties
    assert (props.title, props.author, props.comments, props.version) == ("标题", "", "", "")


# GB/T 9704 7.4.3: the 印发机关 one character (14 pt) from the left, the 印发日期 one from the
# right: 414.2 pt between. The date, 2022年1月24日印发, is seven digits of 7 pt, five characters
# of 14 pt and five quarter-em spaces where digits meet characters (3.5 pt): 136.5 pt. With a
# character between them, an office of n characters fits at 100 % while 14 n + 14 + 136.5 is
# at most 414.2 (n = 18); narrower characters (Word's 字符缩放, w:w) fit more, down to 80 %.
@pytest.mark.parametrize("office, lines, scale", [
    ("市教育局活动办", ["市教育局活动办\t2022年1月24日印发"], None),
    # 19: (266 + 119) x 0.99 + 17.5 + 14 = 412.7
    ("甲" * 19, ["甲" * 19 + "\t2022年1月24日印发"], "99"),
    # 25: (350 + 119) x 0.81 + 31.5 = 411.4; at 82 % it is 416.1
    ("甲" * 25, ["甲" * 25 + "\t2022年1月24日印发"], "81"),
    # 26: (364 + 119) x 0.80 + 31.5 = 417.9: the date goes right, on the next line
    ("甲" * 26, ["甲" * 26, "2022年1月24日印发"], None),
])
def test_imprint_office_and_date_share_a_line_only_when_they_fit(tmp_path, cli, office, lines,
                                                                 scale):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    campaign = data / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8").replace(f"office: {OFFICE}", f"office: {office}")
    assert f"office: {office}" in text
    campaign.write_text(text, encoding="utf-8")
    out = tmp_path / "n.docx"
    result = cli("report", "--data", str(data), "--phase", "1", "--date", "2022-01-24",
                 "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    cell = docx.Document(out).tables[0].rows[-1].cells[0]
    assert [p.text for p in cell.paragraphs] == lines
    # on one line the date is right-aligned at a tab one character (of 14 pt) in from the
    # 442.2 pt line; on two lines it has no tab
    assert [[(round(t.position.pt, 1), str(t.alignment)) for t in p.paragraph_format.tab_stops]
            for p in cell.paragraphs] == ([[(428.2, "RIGHT (2)")]] if len(lines) == 1 else [[], []])
    widths = {r._r.rPr.find(qn("w:w")) for p in cell.paragraphs for r in p.runs}
    assert {None if w is None else w.get(qn("w:val")) for w in widths} == {scale}


def test_distribution_lines_hang_under_the_first_name_after_a_short_key(tmp_path, cli):
    """报/送/发-style keys of up to six characters: the line's continuation hangs under the first
    character after the colon (left = 1 + key + colon, hanging = key + colon, in characters of
    14 pt = 280 twips); a longer key does not hang. The first colon counts, not a later one."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    campaign = data / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    start = text.index("  distribution:")
    end = text.index("\n\n", start)
    campaign.write_text(text[:start] + "  distribution:\n"
                        "    抄送: 市委教育工委（办公室：综合科）\n"
                        "    主送单位名称: 市教育局各处室\n"
                        "    主送单位名称等: 各区县教育局\n" + text[end:], encoding="utf-8")
    out = tmp_path / "b.docx"
    result = cli("bulletin", "--data", str(data), "--issue", "6", "--phase", "1",
                 "--date", "2022-01-24", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = docx.Document(out).tables[0].rows

    def ind(p):
        return xml_attrs(p._p.pPr.find(qn("w:ind")))

    def hanging(chars):
        return {"leftChars": f"{100 + chars * 100}", "left": f"{280 + chars * 280}",
                "rightChars": "100", "right": "280",
                "hangingChars": f"{chars * 100}", "hanging": f"{chars * 280}"}

    assert [(p.text, ind(p)) for p in rows[0].cells[0].paragraphs] == [
        ("抄送：市委教育工委（办公室：综合科）", hanging(3)),
        ("主送单位名称：市教育局各处室", hanging(7)),
        ("主送单位名称等：各区县教育局", {"leftChars": "100", "left": "280", "rightChars": "100",
                                "right": "280", "firstLineChars": "0", "firstLine": "0"}),
    ]


def test_fonts_setting_keeps_known_text_values_only():
    from nengli.render.docx import Fonts

    fonts = Fonts.from_settings({"fonts": {"heading1": " 方正黑体_GBK ", "body": 3, "nosuch": "宋体",
                                           "title": "  "}})
    assert (fonts.heading1, fonts.body, fonts.title) == ("方正黑体_GBK", "仿宋_GB2312", "方正小标宋简体")


# (alignment, character spacing in twentieths of a point, colour, quick style) of each style;
# every style sits on Normal with no space before or after (lines are set by line pitch)
STYLE_LOOK = {
    "Normal": ("JUSTIFY", "-8", None, True),
    "Header": ("JUSTIFY", None, None, False),
    "Footer": ("JUSTIFY", None, None, False),
    "GBBody": ("JUSTIFY", "-8", None, True),
    "GBTitle": ("CENTER", None, None, True),
    "GBSubtitle": ("CENTER", "-8", None, True),
    "GBHeading1": ("JUSTIFY", "-8", None, True),
    "GBHeading2": ("JUSTIFY", "-8", None, True),
    "GBHeading3": ("JUSTIFY", "-8", None, True),
    "GBQuote": ("JUSTIFY", "-8", None, True),
    "GBAttribution": ("RIGHT", "-8", None, True),
    "GBSignature": ("LEFT", "-8", None, True),
    "GBAttachment": ("LEFT", "-8", None, True),
    "GBImprint": ("LEFT", None, None, True),
    "GBPageNumber": ("JUSTIFY", None, None, True),
    "GBClassification": ("LEFT", "-8", None, True),
    "GBMastheadName": ("CENTER", None, "FF0000", True),
    "GBMastheadTitle": ("CENTER", "560", "FF0000", True),
    "GBMastheadIssue": ("CENTER", "-8", None, True),
    "GBMastheadLine": ("LEFT", "-8", None, True),
    "GBAnchor": ("JUSTIFY", None, None, True),
    "GBIssuerMark": ("CENTER", None, "FF0000", True),
    "GBDocNumber": ("CENTER", "-8", None, True),
}


def test_every_style_by_value(notice):
    document = docx.Document(notice[1])
    seen = {}
    for s in document.styles:
        if s.style_id not in STYLE_LOOK:
            continue
        rpr = s.element.rPr
        spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
        color = rpr.find(qn("w:color")) if rpr is not None else None
        pf = s.paragraph_format
        assert (pf.space_before, pf.space_after) == (0, 0), s.style_id
        assert (s.base_style.style_id if s.base_style else None) == (
            None if s.style_id == "Normal" else "Normal"), s.style_id
        seen[s.style_id] = (pf.alignment.name, spacing.get(qn("w:val")) if spacing is not None else None,
                            color.get(qn("w:val")) if color is not None else None, s.quick_style)
    assert seen == STYLE_LOOK


def test_a_rule_in_the_text_is_a_thin_black_line_under_an_empty_body_paragraph():
    import io

    from nengli.render.docx import to_docx

    md = "# 标题\n\n正文一段。\n\n---\n\n## 一、下一部分\n\n正文二段。\n"
    paragraphs = docx.Document(io.BytesIO(to_docx(md))).paragraphs
    assert paragraph_rules(paragraphs) == [
        ("", "GBBody", "bottom", {"val": "single", "sz": "6", "space": "1", "color": "000000"})]


def test_page_number_field_and_place_by_value(notice):
    """GB/T 9704 7.5: — 1 — one character in from the right on odd pages, from the left on even
    pages, its line 7 mm under the text block: the footer sits 28 mm (35 mm margin less 7)
    above the page's foot, less the 6.6 pt between the 14 pt line's top and its dashes."""
    section = docx.Document(notice[1]).sections[0]
    assert round(section.header_distance.mm, 1) == 15.0
    assert round(section.footer_distance.pt, 2) == 72.75
    assert section._sectPr.find(qn("w:docGrid")).get(qn("w:type")) == "lines"
    for footer, indent in ((section.footer, {"rightChars": "100", "right": "280"}),
                           (section.even_page_footer, {"leftChars": "100", "left": "280"})):
        p = footer.paragraphs[0]
        assert not footer.is_linked_to_previous
        assert p.style.style_id == "GBPageNumber"
        assert xml_attrs(p._p.pPr.find(qn("w:ind"))) == {
            **indent, "firstLineChars": "0", "firstLine": "0"}
        parts = [(xml_name(c), c.get(qn("w:fldCharType")), c.text)
                 for r in p._p.findall(qn("w:r")) for c in r
                 if xml_name(c) in ("fldChar", "instrText", "t")]
        assert parts == [("t", None, "— "), ("fldChar", "begin", None), ("instrText", None, " PAGE "),
                         ("fldChar", "separate", None), ("t", None, "1"), ("fldChar", "end", None),
                         ("t", None, " —")]


def test_a_document_without_issue_date_is_dated_1980_and_every_part_readable():
    """Without an issue date every zip entry carries the zip format's first day; entries are
    deflated, -rw-r--r--, and the thumbnail python-docx's template carries is left out."""
    import io
    import zipfile

    from nengli.render.docx import to_docx

    data = to_docx("# 标题\n\n正文。\n", author="办公室")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    assert {(i.date_time, i.compress_type, i.external_attr) for i in infos} == {
        ((1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED, 0o644 << 16)}
    assert "docProps/thumbnail.jpeg" not in {i.filename for i in infos}
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.author, props.last_modified_by, props.subject, props.keywords,
            props.revision) == ("办公室", "办公室", "", "", 1)


def test_font_table_describes_each_chinese_face_for_substitution(notice):
    import zipfile

    with zipfile.ZipFile(notice[1]) as z:
        table = z.read("word/fontTable.xml")
    assert table.startswith(b'<?xml version=\'1.0\' encoding=\'UTF-8\' standalone=\'yes\'?>')
    fonts = {f.get(qn("w:name")): f for f in docx.oxml.parse_xml(table).iter(qn("w:font"))}
    for name in ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "黑体"):
        values = {xml_name(c): c.get(qn("w:val")) for c in fonts[name]}
        assert (values["charset"], values["family"], values["pitch"]) == ("86", "modern", "fixed"), name


def test_the_styles_we_write_are_pinned_whole(notice, golden):
    """Every paragraph and run property of the styles nengli writes (the GB styles, Normal,
    Header, Footer), one line each, against tests/golden/docx-styles.txt: indents in
    characters and twips, line pitch, keep-with-next, outline level, grid snapping, fonts,
    sizes, colours, language. Regenerate with NENGLI_REGEN=docx-styles.txt after an intended change."""
    document = docx.Document(notice[1])

    def props(el) -> str:
        if el is None:
            return "-"
        parts = []
        for child in el:
            if xml_name(child) == "tabs":  # python-docx's template's, not ours
                continue
            attrs = " ".join(f"{k}={v}" for k, v in sorted(xml_attrs(child).items()))
            parts.append(f"{xml_name(child)}[{attrs}]")
        return " ".join(parts)

    lines = []
    for s in document.styles:
        if s.style_id.startswith("GB") or s.style_id in ("Normal", "Header", "Footer"):
            lines.append(f"{s.style_id} ({s.name})\n  pPr: {props(s.element.pPr)}\n"
                         f"  rPr: {props(s.element.rPr)}\n")
    golden("docx-styles.txt", "".join(lines))


# ---- the face Word chooses for each character ------------------------------------------------

# MS-OI29500 2.1.88 (Word's reading of ISO/IEC 29500 17.3.2.26, rFonts): a run with w:cs or
# w:rtl uses the cs face; a run whose eastAsia face is "Times New Roman" with ascii equal to
# hAnsi uses the ascii face; otherwise the Unicode block of each character decides. The blocks
# of the characters nengli's documents hold, as (first, last, rule):
WORD_FONT_BLOCKS = [
    (0x0000, 0x007F, "ascii"),     # Basic Latin
    (0x00A0, 0x00FF, "latin-1"),   # Latin-1 Supplement: hAnsi, some symbols eastAsia if hinted
    (0x2000, 0x206F, "hint"),      # General Punctuation (“ ” ‘ ’ — …): hAnsi unless hinted
    (0x3000, 0x303F, "eastAsia"),  # CJK Symbols and Punctuation (、 。 《 》 【 】 〔 〕)
    (0x4E00, 0x9FFF, "eastAsia"),  # CJK Unified Ideographs
    (0xFF00, 0xFFEF, "eastAsia"),  # Halfwidth and Fullwidth Forms (， ： ； （ ）)
]
# Latin-1 characters that take eastAsia when the hint is eastAsia
LATIN1_EAST_ASIAN = {0xA1, 0xA4, 0xA7, 0xA8, 0xAA, 0xAD, 0xAF, *range(0xB0, 0xB5),
                     *range(0xB6, 0xBB), *range(0xBC, 0xC0), 0xD7, 0xF7}
CJK_PUNCTUATION = "“”‘’、—…（）：，。；《》·"


def _word_face(ch: str, fonts: dict[str, str], complex_script: bool = False) -> str:
    if complex_script:
        return fonts["cs"]
    if fonts.get("eastAsia") == "Times New Roman" and fonts.get("ascii") == fonts.get("hAnsi"):
        return fonts["ascii"]
    hinted = fonts.get("hint") == "eastAsia"
    code = ord(ch)
    rule = next((r for first, last, r in WORD_FONT_BLOCKS if first <= code <= last), None)
    assert rule is not None, f"{ch!r} (U+{code:04X}) is in a block this test does not know"
    if rule == "latin-1":
        return fonts["eastAsia"] if hinted and code in LATIN1_EAST_ASIAN else fonts["hAnsi"]
    if rule == "hint":
        return fonts["eastAsia"] if hinted else fonts["hAnsi"]
    return fonts[rule]


def _resolved_fonts(document, paragraph, run) -> tuple[dict[str, str], bool]:
    """The run's rFonts attributes as Word resolves them: the run's own, then its paragraph
    style's and the styles it is based on, then the document defaults; and whether the run
    has w:cs or w:rtl."""
    fonts: dict[str, str] = {}

    def take(rpr):
        found = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if found is not None:
            for key, value in xml_attrs(found).items():
                fonts.setdefault(key, value)

    rpr = run._r.rPr
    take(rpr)
    style = paragraph.style
    while style is not None:
        take(style.element.rPr)
        style = style.base_style
    defaults = document.styles.element.find(qn("w:docDefaults"))
    take(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    flags = rpr is not None and (rpr.find(qn("w:cs")) is not None or rpr.find(qn("w:rtl")) is not None)
    return fonts, flags


def _chinese_punctuation_faces(document) -> list[tuple[str, str, str]]:
    """(character, the face Word gives it, the run's East Asian face) for every Chinese mark in
    every run of the body, its tables and its footers."""
    section = document.sections[0]
    paragraphs = [*iter_paragraphs(document), *section.footer.paragraphs,
                  *section.even_page_footer.paragraphs]
    seen = []
    for p in paragraphs:
        for r in p.runs:
            fonts, complex_script = _resolved_fonts(document, p, r)
            for ch in r.text:
                if ch in CJK_PUNCTUATION:
                    seen.append((ch, _word_face(ch, fonts, complex_script), fonts["eastAsia"]))
    return seen


def test_word_sets_every_chinese_mark_in_the_east_asian_face(notice, cli, tmp_path):
    """Every run that holds Chinese punctuation (“ ” ‘ ’ 、 — … （ ） ： ， 。 ； 《 》 ·), in the
    notice, the bulletin and a document with each mark: the face Word chooses by its rules
    (above) is the run's East Asian face (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体; 宋体 for
    the page number's dashes), never
    Times New Roman, which sets “ ” narrow and pushes the lines of Word's print apart from
    WPS's and LibreOffice's."""
    from nengli.render.docx import to_docx

    bulletin = tmp_path / "简报.docx"
    assert cli("bulletin", "--data", str(SHIPPED), "--issue", "6", "--phase", "1", "--date",
               "2022-01-24", "--format", "docx", "--out", str(bulletin)).exit_code == 0
    marks = ("# 标点“引号”\n\n正文“引号”‘单引号’、顿号——破折号……省略号（括号）：冒号，"
             "逗号。句号；分号《书名》间隔·号\n\n> ——某某\n")
    documents = [docx.Document(notice[1]), docx.Document(bulletin),
                 docx.Document(io.BytesIO(to_docx(marks)))]
    chinese = {"仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体"}
    for document in documents:
        seen = _chinese_punctuation_faces(document)
        assert {ch for ch, _, _ in seen} >= set("“”、（）：，。")
        wrong = [(ch, face) for ch, face, east_asia in seen
                 if face != east_asia or face not in chinese]
        assert wrong == []
    assert set("“”‘’、—…（）：，。；《》·") <= {ch for ch, _, _ in
                                           _chinese_punctuation_faces(documents[2])}


def test_the_face_rules_tell_a_hinted_run_from_one_without():
    """The rules of the test above are not a formality: without the hint Word sets “ ” — … in
    the Latin face, and the ideographic 、 in the East Asian one either way."""
    plain = {"ascii": "Times New Roman", "hAnsi": "Times New Roman", "eastAsia": "仿宋_GB2312",
             "cs": "Times New Roman"}
    hinted = {**plain, "hint": "eastAsia"}
    assert [_word_face(ch, plain) for ch in "“—、A·"] == [
        "Times New Roman", "Times New Roman", "仿宋_GB2312", "Times New Roman", "Times New Roman"]
    assert [_word_face(ch, hinted) for ch in "“—、A·"] == [
        "仿宋_GB2312", "仿宋_GB2312", "仿宋_GB2312", "Times New Roman", "仿宋_GB2312"]
    assert _word_face("“", hinted, complex_script=True) == "Times New Roman"


def test_file_properties_name_nengli_and_the_fonts_used_only(notice):
    """python-docx's template was made on a Mac: its application properties say "Microsoft
    Macintosh Word" and "Normal.dotm", its font table lists ＭＳ 明朝 and other faces no notice
    uses. The file says it was written by nengli for the office, and lists its own faces."""
    import zipfile

    with zipfile.ZipFile(notice[1]) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
        table = docx.oxml.parse_xml(z.read("word/fontTable.xml"))
        settings = z.read("word/settings.xml").decode("utf-8")
    assert "<Application>nengli</Application>" in app
    assert f"<Company>{OFFICE}</Company>" in app
    for stale in ("Macintosh", "Microsoft", "Normal.dotm", "Template"):
        assert stale not in app
    assert [f.get(qn("w:name")) for f in table.iter(qn("w:font"))] == [
        "Times New Roman", "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"]
    # Word 2013's layout, so that Word does not open it in 兼容模式; no preview picture asked for
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    assert "savePreviewPicture" not in settings


# ---- the 版头 of a notice sent alone (campaign.yaml letterhead:) -----------------------------

LETTERHEAD = ("letterhead:\n"
              "  mark: 郑州市教育局“能力作风建设年”活动领导小组办公室\n"
              "  number: 郑教能办〔2022〕3号\n")


def test_letterhead_heads_the_notice_in_red(make_data, cli):
    """GB/T 9704 7.2: the 发文机关标志 centred in red 小标宋, the 发文字号 centred under it with
    the red rule, then the title. The 24-character mark is set at 1号 (26 pt) and 70 % width
    (24 x 26 x 0.70 = 436.8 pt of the 442.2 pt line); its box is two lines, the space above it
    and under it three (72.4 and 14.45 pt); the number two lines under it, the rule 6 pt under
    the number's line (1.5 pt, red), the title two lines under the rule: ten lines in all."""
    make_data({"campaign.yaml": LETTERHEAD})
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "通报.docx")
    assert result.exit_code == 0, result.output
    paragraphs = docx.Document("通报.docx").paragraphs
    mark, number, title = paragraphs[:3]
    assert (mark.text, mark.style.style_id) == ("郑州市教育局“能力作风建设年”活动领导小组办公室",
                                                "GBIssuerMark")
    assert (number.text, number.style.style_id) == ("郑教能办〔2022〕3号", "GBDocNumber")
    assert (title.text, title.style.style_id) == ("督导通报", "GBTitle")
    run = mark.runs[0]._r.rPr
    assert {xml_name(c): xml_attrs(c).get("val") for c in run
            if xml_name(c) in ("color", "sz", "w", "spacing")} == {
        "color": "FF0000", "sz": "52", "w": "70"}
    assert _rfonts(mark.runs[0]._r)["eastAsia"] == "方正小标宋简体"
    assert (mark.paragraph_format.space_before.pt, mark.paragraph_format.space_after.pt) == (
        72.4, 14.45)
    assert number.paragraph_format.space_before.pt == pytest.approx(57.9)
    # the rule and the rest of its line (28.95 - 6 - 1.5), and two lines more
    assert number.paragraph_format.space_after.pt == pytest.approx(28.95 - 7.5 + 28.95)
    assert paragraph_rules([number]) == [
        ("郑教能办〔2022〕3号", "GBDocNumber", "bottom",
         {"val": "single", "sz": "12", "space": "6", "color": "FF0000"})]


def test_a_short_mark_is_set_large(make_data, cli):
    """A short 发文机关标志 takes the largest size that fits at 70 % width or more: 初号 (42 pt),
    at full width when it fits (6 x 42 = 252 pt)."""
    make_data({"campaign.yaml": "letterhead:\n  mark: 郑州市教育局\n"})
    assert cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "通报.docx").exit_code == 0
    mark, title = docx.Document("通报.docx").paragraphs[:2]
    rpr = mark.runs[0]._r.rPr
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "84" and rpr.find(qn("w:w")) is None
    # no 发文字号: the rule under the mark itself
    assert title.text == "督导通报" and paragraph_rules([mark])[0][2] == "bottom"


def test_no_letterhead_without_the_setting_nor_in_a_bulletin(notice, make_data, cli):
    styles = {p.style.style_id for p in docx.Document(notice[1]).paragraphs}
    assert not styles & {"GBIssuerMark", "GBDocNumber"}
    make_data({"campaign.yaml": LETTERHEAD})
    assert cli("bulletin", "--issue", "1", "--date", "2022-01-24", "--out", "简报.docx").exit_code == 0
    styles = {p.style.style_id for p in docx.Document("简报.docx").paragraphs}
    assert not styles & {"GBIssuerMark", "GBDocNumber"}


@pytest.mark.parametrize("number, why, fixed", [
    ("郑教能办[2022]03号", "年份要用六角括号“〔〕”括起来、发文顺序号不编虚位（1 不写成 01）",
     "郑教能办〔2022〕3号"),
    ("郑教能办（2022）第3号", "年份要用六角括号“〔〕”括起来、发文顺序号前不加“第”字", "郑教能办〔2022〕3号"),
    ("郑教能办〔22〕3号", "年份要写全称（四位数字）", "郑教能办〔2022〕3号"),
    ("郑教能办〔２０２２〕３号", "数字要用半角阿拉伯数字", "郑教能办〔2022〕3号"),
    ("郑教能办〔2022〕3", "发文顺序号后要加“号”字", "郑教能办〔2022〕3号"),
    ("三号文件", "应由机关代字、年份和发文顺序号组成", "×教办〔2022〕3号"),
])
def test_a_wrong_document_number_is_a_located_error(make_data, cli, number, why, fixed):
    """GB/T 9704 7.2.4: 机关代字, the year in full in 六角括号, the sequence number without 第 and
    without a leading 0, then 号. Any other form is refused at its line and column, with the
    form rewritten; nothing is written."""
    make_data({"campaign.yaml": f"name: 活动\nletterhead:\n  mark: 某市教育局\n  number: {number}\n"})
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "通报.docx")
    assert result.exit_code == 1
    assert (f"data/campaign.yaml:4:11: 错误：发文字号“{number}”的写法不对：{why}。"
            in result.output.replace("\\", "/"))
    assert f"例如：number: {fixed}（" in result.output
    assert not Path("通报.docx").exists()


def test_letterhead_mistakes_are_located(make_data, cli):
    """A letterhead without its mark, a key misspelt, a mark that is a list, a mark too long
    for the line: each said at its line and column."""
    make_data({"campaign.yaml": "letterhead:\n  nubmer: 郑教能办〔2022〕3号\n"})
    result = cli("check")
    assert result.exit_code == 1
    out = result.output.replace("\\", "/")
    assert "data/campaign.yaml:2:3: 错误：版头 letterhead缺少必填项“mark”。" in out
    assert "data/campaign.yaml:2:3: 警告：不认识的字段“nubmer”，它会被忽略。是不是“number”？" in out
    make_data({"campaign.yaml": "letterhead:\n  mark: [某市教育局, 某市财政局]\n"})
    out = cli("check").output.replace("\\", "/")
    assert "data/campaign.yaml:2:9: 错误：发文机关标志 mark应当是文字，这里却是列表。" in out
    long_mark = "某" * 41
    make_data({"campaign.yaml": f"letterhead:\n  mark: {long_mark}\n"})
    result = cli("check")
    assert result.exit_code == 1
    assert (f"data/campaign.yaml:2:9: 错误：发文机关标志“{long_mark}”有 41 个字，版头的一行放不下（最多 40 个字）。"
            in result.output.replace("\\", "/"))


def test_the_signature_is_kept_with_the_text_and_nothing_else(notice):
    """GB/T 9704 7.3.5.4 in Word's terms: the text's last paragraph is kept whole and with the
    next (the issuer), the issuer with the date; the date itself keeps with nothing (the 版记
    after it floats, and may start a section of its own)."""
    paragraphs = [p for p in docx.Document(notice[1]).paragraphs if p.text]
    last, issuer, date = paragraphs[-3:]
    assert last.text.startswith("巡回督导组成立后") and (issuer.text, date.text) == (
        OFFICE, "2022年1月24日")
    assert (last.paragraph_format.keep_with_next, last.paragraph_format.keep_together) == (True, True)
    assert issuer.paragraph_format.keep_with_next is True
    assert date.paragraph_format.keep_with_next is None
    # the style keeps each signature line whole
    assert issuer.style.paragraph_format.keep_together is True
    others = [p for p in paragraphs[:-3] if p.style.style_id == "GBBody"]
    assert not any(p.paragraph_format.keep_with_next for p in others)
