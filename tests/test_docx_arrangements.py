"""Word documents from arrangements a campaign can write itself (its own templates in
templates/, or settings left out of campaign.yaml) that the shipped templates never produce:
a masthead with one line above 简报, or none; an attachment without a 附件 label; a date that
is not the signature. What a reader sees is pinned by value: the face, size, colour and
alignment of each paragraph, and where a page starts.

(tests/README.md filed about 55 mutation survivors of render/docx as "arrangements the shipped
templates never produce"; a campaign may override the templates, so they are reachable.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import SHIPPED
from nengli.render.docx import Signature, iter_paragraphs, to_docx

RED = "FF0000"


def look(p) -> tuple[str, str, str | None, float | None, str | None, str | None]:
    """(text, style id, East Asian face, size in pt, colour, alignment) of a paragraph, read from
    its first run's own properties (nengli sets every run's) and its alignment (its own, or its
    style's)."""
    run = p.runs[0]._r if p.runs else None
    rpr = run.rPr if run is not None else None

    def val(parent, tag, attr="w:val"):
        found = parent.find(qn(tag)) if parent is not None else None
        return found.get(qn(attr)) if found is not None else None

    size = val(rpr, "w:sz")
    return (p.text, p.style.style_id, val(rpr, "w:rFonts", "w:eastAsia"),
            int(size) / 2 if size else None, val(rpr, "w:color"),
            val(p._p.pPr, "w:jc") or val(p.style.element.pPr, "w:jc"))


def page_starts(document) -> list[str]:
    """The text of each paragraph that starts a new page (page break before it)."""
    return [p.text for p in iter_paragraphs(document) if p.paragraph_format.page_break_before]


@pytest.fixture
def campaign(tmp_path, monkeypatch):
    """A copy of the shipped campaign to change; returns its data folder."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    monkeypatch.chdir(tmp_path)
    return data


def bulletin(cli, data: Path) -> docx.document.Document:
    out = data.parent / "简报.docx"
    result = cli("bulletin", "--data", str(data), "--issue", "6", "--phase", "1",
                 "--date", "2022-01-24", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    return docx.Document(out)


def test_a_campaign_without_a_name_keeps_the_classification_line_small_and_black(cli, campaign):
    """campaign.yaml without name: the masthead has one line above 简报, 内部刊物　注意保存: it is
    the classification (黑体 3号, black, top left), not a campaign name in large red type."""
    settings = campaign / "campaign.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"^name:.*\n", "", text, flags=re.M), encoding="utf-8")
    first, second, *_ = iter_paragraphs(bulletin(cli, campaign))
    assert look(first) == ("内部刊物\u3000注意保存", "GBClassification", "黑体", 16.0, None, "left")
    assert look(second) == ("简报", "GBMastheadTitle", "方正小标宋简体", 56.0, RED, "center")


def test_a_masthead_without_the_classification_line_keeps_the_name_large_and_red(cli, campaign):
    """A campaign's bulletin template that leaves out the classification line: the line above
    简报 is the campaign's name (方正小标宋简体 26 pt, red, centred)."""
    template = (Path(__file__).resolve().parent.parent / "templates" / "bulletin.md.j2")
    text = template.read_text(encoding="utf-8")
    own = campaign.parent / "templates" / "bulletin.md.j2"
    own.parent.mkdir(exist_ok=True)
    line = '{{ b.classification | default("内部刊物　注意保存") }}\n\n'
    assert line in text
    own.write_text(text.replace(line, ""), encoding="utf-8")
    first, second, *_ = iter_paragraphs(bulletin(cli, campaign))
    assert look(first) == ("郑州市教育局“能力作风建设年”活动", "GBMastheadName", "方正小标宋简体",
                           26.0, RED, "center")
    assert look(second)[:2] == ("简报", "GBMastheadTitle")


def test_an_attachment_without_a_label_starts_its_own_page_as_a_title(tmp_path):
    """A notice template that appends an attachment without a 附件 line: the second title is a
    title (方正小标宋简体 22 pt, centred) at the top of a new page; the paragraph before it stays
    body text on the page before."""
    document = docx.Document(_write(tmp_path, "# 督导通报\n\n正文一段。\n\n最后一段正文。\n\n"
                                               "# 各单位报送情况一览\n\n附表的说明。\n"))
    paragraphs = list(iter_paragraphs(document))
    assert page_starts(document) == ["各单位报送情况一览"]
    assert look(paragraphs[2])[:2] == ("最后一段正文。", "GBBody")
    assert look(paragraphs[3]) == ("各单位报送情况一览", "GBTitle", "方正小标宋简体", 22.0, None,
                                   "center")


def test_a_labelled_attachment_starts_its_page_with_the_label(tmp_path):
    """附件2 before the second title: the label (黑体 3号, left) starts the new page, the title
    follows it on that page."""
    document = docx.Document(_write(tmp_path, "# 督导通报\n\n正文一段。\n\n附件2\n\n"
                                               "# 各单位报送情况一览\n\n附表的说明。\n"))
    paragraphs = list(iter_paragraphs(document))
    assert page_starts(document) == ["附件2"]
    assert look(paragraphs[2])[:4] == ("附件2", "GBAttachment", "黑体", 16.0)
    assert look(paragraphs[3])[:2] == ("各单位报送情况一览", "GBTitle")


def test_a_date_first_in_the_text_is_a_date_line_and_the_signature_the_last_one(tmp_path):
    """A template that opens the text with the day (2022年1月24日) and ends it with the issuer
    and the day: the signature is the last date, under the issuer; the first stays body text."""
    document = docx.Document(_write(
        tmp_path, "# 督导通报\n\n2022年1月24日\n\n正文一段。\n\n领导小组办公室\n\n2022年1月24日\n",
        Signature("2022年1月24日", "领导小组办公室")))
    paragraphs = list(iter_paragraphs(document))
    assert [look(p)[:2] for p in paragraphs] == [
        ("督导通报", "GBTitle"), ("2022年1月24日", "GBBody"), ("正文一段。", "GBBody"),
        ("领导小组办公室", "GBSignature"), ("2022年1月24日", "GBSignature")]


def test_a_date_above_the_title_is_no_signature(tmp_path):
    """The day above the title and the issuer as the text's last paragraph, with no date after
    it: there is no signature; the date stays a line of text where it was written (not set
    right with a line's space above it, as a signature is), and the issuer is body text."""
    document = docx.Document(_write(
        tmp_path, "2022年1月24日\n\n# 督导通报\n\n正文一段。\n\n领导小组办公室\n",
        Signature("2022年1月24日", "领导小组办公室")))
    assert [look(p)[:2] for p in iter_paragraphs(document)] == [
        ("2022年1月24日", "GBBody"), ("督导通报", "GBTitle"), ("正文一段。", "GBBody"),
        ("领导小组办公室", "GBBody")]


def _write(tmp_path: Path, markdown: str, signature: Signature | None = None) -> Path:
    """The Word file of ``markdown`` as a notice (what a campaign's notice template renders)."""
    out = tmp_path / "通报.docx"
    out.write_bytes(to_docx(markdown, kind="notice", signature=signature))
    return out
