"""The 简报: masthead, body, the 督导通报 as 附件, and the 报/送/发 版记, in Markdown and Word."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn

from conftest import SHIPPED, paragraph_rules, xml_attrs
from nengli.render.docx import iter_paragraphs

ARGS = ("bulletin", "--data", str(SHIPPED), "--issue", "6", "--phase", "1", "--date", "2022-01-24")
OFFICE = "郑州市教育局“能力作风建设年”活动领导小组办公室"
PARTS = [
    "内部刊物　注意保存",
    "郑州市教育局“能力作风建设年”活动",
    "简报",
    "第6期",
    "领导小组办公室　　2022年1月24日",
    "市教育局“能力作风建设年”活动第一阶段总览",
    "一、聚焦“七项工程”，迅速动员部署",
    "四、实施全程督导，狠抓方案落实",
    "附件",
    "督导通报",
    "（第一阶段）",
    "一、督导情况",
    "二、下一阶段工作安排",
    "报：市“能力作风建设年”活动领导小组办公室",
    "送：市教育局“能力作风建设年”活动领导小组领导",
    "发：局直属学校（单位）党组织、市属各民办学校党组织、市教育局机关各党支部",
    f"{OFFICE}　　2022年1月24日印发",
]


def _in_order(lines: list[str], parts: list[str]) -> list[int]:
    """The index of each part in ``lines``, each found after the one before."""
    found, start = [], 0
    for part in parts:
        at = lines.index(part, start)
        found.append(at)
        start = at + 1
    return found


def test_markdown_bulletin_has_its_parts_in_order(cli):
    result = cli(*ARGS)
    assert result.exit_code == 0, result.output
    lines = [line.removeprefix("# ").removeprefix("## ").removeprefix("### ")
             for line in result.stdout.splitlines()]
    _in_order(lines, PARTS)
    text = result.stdout
    # masthead, then a rule; the 版记 between rules at the end
    assert text.index("---") > text.index("第6期") and text.rstrip().endswith("---")
    assert "除24中、信息中心、成教室未按时报送外" in text
    assert "  \n" not in text and "\n\n\n" not in text


def test_the_attached_notice_ends_without_a_signature(cli):
    """As in the seed, the notice printed as the 简报's 附件 ends with its last paragraph: the
    简报 is issued by its editor, and the notice carries no issuer or date of its own there."""
    result = cli(*ARGS)
    attachment = result.stdout[result.stdout.index("# 督导通报"):]
    text = attachment[:attachment.index("\n---\n")]
    assert OFFICE not in text and "2022年1月24日" not in text
    # (the Markdown's data version lines follow the text)
    lines = [line for line in text.splitlines()
             if line and not line.startswith(("数据版本", "注意：数据有未提交的修改"))]
    assert lines[-1].startswith("巡回督导组成立后")
    alone = cli("report", *ARGS[1:3], "--phase", "1", "--date", "2022-01-24")
    assert f"{OFFICE}\n\n2022年1月24日\n" in alone.stdout


def test_markdown_bulletin_is_stable(cli):
    assert cli(*ARGS).stdout == cli(*ARGS).stdout


def test_word_bulletin_has_its_parts_in_order_and_masthead(cli, tmp_path):
    out = tmp_path / "简报第6期.docx"
    result = cli(*ARGS, "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(out)
    paragraphs = [p for p in iter_paragraphs(document) if p.text]
    texts = [p.text.replace("\t", "　　").replace("\n", "") for p in paragraphs]
    at = _in_order(texts, PARTS)
    by_text = {p.text: p for p in paragraphs}
    title = by_text["简报"]
    run = title.runs[0]._r
    assert run.find(qn("w:rPr")).find(qn("w:color")).get(qn("w:val")) == "FF0000"
    assert title.style.style_id == "GBMastheadTitle"
    # editor left, date right on one line, over the red rule
    line = paragraphs[at[4]]
    assert line.text == "领导小组办公室\t2022年1月24日"
    bottom = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"
    # the attachment starts a new page with its label in 黑体
    label = by_text["附件"]
    assert label.paragraph_format.page_break_before
    assert label.style.style_id == "GBAttachment"
    # the distribution is the 版记 table
    table_texts = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert table_texts[0].startswith("报：")


def test_body_file_and_no_body(make_data, cli, tmp_path):
    make_data()
    plain = cli("bulletin", "--issue", "1", "--date", "2022-01-24")
    assert plain.exit_code == 0, plain.output
    assert "\n附件\n" not in plain.stdout and "# 督导通报" in plain.stdout
    assert plain.stdout.startswith("内部刊物　注意保存\n\n# 简报\n\n第1期\n")
    body = tmp_path / "正文.md"
    body.write_text("## 一、工作进展\n\n各单位按期推进。\n", encoding="utf-8")
    with_body = cli("bulletin", "--issue", "1", "--date", "2022-01-24", "--body", str(body))
    assert with_body.exit_code == 0, with_body.output
    text = with_body.stdout
    assert text.index("## 一、工作进展") < text.index("附件") < text.index("# 督导通报")


def test_default_body_is_bulletins_issue_md(make_data, cli):
    make_data({"bulletins/3.md": "本期正文。\n"})
    result = cli("bulletin", "--issue", "3", "--date", "2022-01-24")
    assert result.exit_code == 0, result.output
    assert "本期正文。\n\n附件\n\n# 督导通报" in result.stdout


def test_missing_body_is_a_usage_error(make_data, cli):
    make_data()
    result = cli("bulletin", "--issue", "1", "--body", "没有.md")
    assert result.exit_code == 2
    assert "找不到简报正文文件“没有.md”" in result.output


def test_word_bulletin_needs_out(cli):
    result = cli(*ARGS, "--format", "docx")
    assert result.exit_code == 2
    assert "必须用 --out 指定文件名" in result.output


def test_help_is_chinese_with_example(cli):
    result = cli("bulletin", "--help")
    assert result.exit_code == 0
    assert "生成一期简报" in result.output and "nengli bulletin --issue 6" in result.output


def test_masthead_styles_and_the_red_rule_by_value(cli, tmp_path):
    """The masthead's lines each in their own style, and one red rule under the editor and
    date line: single, 1.5 pt (12 eighths), 4 pt below the text, a blank line after it."""
    out = tmp_path / "简报第6期.docx"
    assert cli(*ARGS, "--format", "docx", "--out", str(out)).exit_code == 0
    paragraphs = [p for p in iter_paragraphs(docx.Document(out)) if p.text]
    assert [(p.text, p.style.style_id) for p in paragraphs[:5]] == [
        ("内部刊物　注意保存", "GBClassification"),
        ("郑州市教育局“能力作风建设年”活动", "GBMastheadName"),
        ("简报", "GBMastheadTitle"),
        ("第6期", "GBMastheadIssue"),
        ("领导小组办公室\t2022年1月24日", "GBMastheadLine"),
    ]
    assert paragraph_rules(paragraphs) == [
        ("领导小组办公室\t2022年1月24日", "GBMastheadLine", "bottom",
         {"val": "single", "sz": "12", "space": "4", "color": "FF0000"})]
    # the rule (4 pt under the text, 1.5 pt wide) and the space under it take one line
    assert paragraphs[4].paragraph_format.space_after.pt == 23.45
    # the date at a right tab on the right edge of the 156 mm (442.2 pt) text block
    assert [(round(t.position.pt, 1), str(t.alignment)) for t in
            paragraphs[4].paragraph_format.tab_stops] == [(442.2, "RIGHT (2)")]


def test_imprint_lines_indents_by_value(cli, tmp_path):
    """The 版记 (GB/T 9704 7.4): each line one character in from both sides; 报/送/发 lines hang
    under the first name after the colon (two characters), and break between names, not inside
    one (the 发 line after 市属各民办学校党组织、, as in the seed); the long 印发机关 and the
    印发日期 on one line, the date at a right tab. Indents in twentieths of a point and in
    hundredths of a character (14 pt: one character = 280)."""
    out = tmp_path / "简报第6期.docx"
    assert cli(*ARGS, "--format", "docx", "--out", str(out)).exit_code == 0
    table = docx.Document(out).tables[0]
    hang = {"leftChars": "300", "left": "840", "rightChars": "100", "right": "280",
            "hangingChars": "200", "hanging": "560"}
    flush = {"leftChars": "100", "left": "280", "rightChars": "100", "right": "280",
             "firstLineChars": "0", "firstLine": "0"}
    lines = []
    for p in (p for row in table.rows for cell in row.cells for p in cell.paragraphs):
        lines.append((p.text, p.style.style_id, p.alignment,
                      xml_attrs(p._p.pPr.find(qn("w:ind"))),
                      [r.bold for r in p.runs]))
    assert lines == [
        (PARTS[-4], "GBImprint", None, hang, [False]),
        (PARTS[-3], "GBImprint", None, hang, [False]),
        ("发：局直属学校（单位）党组织、市属各民办学校党组织、\n市教育局机关各党支部", "GBImprint", None,
         hang, [False, False]),
        (f"{OFFICE}\t2022年1月24日印发", "GBImprint", None, flush, [False, False, False]),
    ]


def test_the_attribution_under_a_quotation_is_set_right(cli, tmp_path):
    """> ——郑州市教育局党组书记、局长　楚惠东 under the quotation: 楷体 like it, set right (no
    first-line indent), and kept on the quotation's page."""
    out = tmp_path / "简报第6期.docx"
    assert cli(*ARGS, "--format", "docx", "--out", str(out)).exit_code == 0
    paragraphs = [p for p in iter_paragraphs(docx.Document(out)) if p.text]
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("——"))
    quote, attribution = paragraphs[at - 1], paragraphs[at]
    assert attribution.text == "——郑州市教育局党组书记、局长　楚惠东"
    assert attribution.style.style_id == "GBAttribution"
    style = attribution.style
    assert str(style.paragraph_format.alignment) == "RIGHT (2)"
    assert xml_attrs(style.element.pPr.find(qn("w:ind"))) == {"firstLineChars": "0", "firstLine": "0"}
    assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"
    assert quote.style.style_id == "GBQuote" and quote.paragraph_format.keep_with_next
