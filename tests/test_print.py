"""The Word documents and the Excel ledger as LibreOffice prints them (PDF, read back with poppler).

One soffice run converts the documents of each fixture (start-up is most of its cost); the
sweep of 52 notice lengths is its own run, marked slow. Skipped, with the reason, only where
LibreOffice, poppler or the fonts are not installed (.ci/run installs them). Fonts:
docs/fonts.conf maps the official faces to Noto CJK, as in docs/documents.md; Times New Roman
is Liberation Serif, whose widths are the same, so that lines break where they break in Word.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import ROOT, SHIPPED
from nengli.cli import app
from nengli.render.docx import Letterhead, Signature, iter_paragraphs, to_docx

ARGS = ("--data", str(SHIPPED), "--phase", "1", "--date", "2022-01-24")
OFFICE = "郑州市教育局“能力作风建设年”活动领导小组办公室"
MM = 72 / 25.4
TEXT_BOTTOM_PT = (297 - 35) * MM  # the foot of the text block, from the top of an A4 page
PITCH_PT = 15.6                   # one character of 3号 text, condensed to 28 a line
EXTRA_LINES = (1, 2)              # long notices whose signature ends at the foot of page 2

def _has_fonts() -> bool:
    """Liberation Serif stands for Times New Roman (fontconfig's metric aliases)."""
    if not shutil.which("fc-match"):
        return False
    found = subprocess.run(["fc-match", "Times New Roman"], capture_output=True, text=True)
    return "Liberation Serif" in found.stdout


pytestmark = [pytest.mark.slow, pytest.mark.skipif(  # LibreOffice: not in pytest -m "not slow"
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")
         and _has_fonts()),
    reason="LibreOffice (soffice), poppler-utils (pdftotext, pdftoppm) or the fonts are not "
           "installed; apt-get install libreoffice-writer-nogui libreoffice-calc-nogui "
           "fonts-noto-cjk fonts-liberation2 poppler-utils")]


def _long_notice(markdown: str, extra: int) -> bytes:
    """The shipped notice with ``extra`` more one-line paragraphs before the signature."""
    text = markdown[:markdown.index("数据版本：")]
    lines = "".join(f"第{n}行补充说明。\n\n" for n in range(1, extra + 1))
    text = text.replace(f"{OFFICE}\n", lines + f"{OFFICE}\n", 1)
    imprint = f"\n---\n\n{OFFICE}　　2022年1月24日印发\n\n---\n"
    return to_docx(text + imprint, signature=Signature("2022年1月24日", OFFICE))


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """{name: (source file, its PDF)} for the notice, the bulletin, long notices, the ledger."""
    work = tmp_path_factory.mktemp("print")
    runner = CliRunner()
    commands = {
        "notice.docx": ["report", *ARGS, "--format", "docx"],
        "bulletin.docx": ["bulletin", *ARGS[:2], "--issue", "6", *ARGS[2:], "--format", "docx"],
        "ledger.xlsx": ["export", "--data", str(SHIPPED), "--as-of", "2022-01-24"],
    }
    for name, args in commands.items():
        result = runner.invoke(app, [*args, "--out", str(work / name)])
        assert result.exit_code == 0, result.output
    markdown = runner.invoke(app, ["report", *ARGS]).stdout
    for extra in EXTRA_LINES:
        (work / f"long{extra}.docx").write_bytes(_long_notice(markdown, extra))
    return _convert(work)


def _convert(work: Path) -> dict[str, tuple[Path, Path]]:
    """Every .docx and .xlsx in ``work`` printed to PDF by one soffice run."""
    sources = sorted(p for p in work.iterdir() if p.suffix in (".docx", ".xlsx"))
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "docs" / "fonts.conf")}
    subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    *map(str, sources)], env=env, check=True, capture_output=True, timeout=600)
    return {p.stem: (p, p.with_suffix(".pdf")) for p in sources}


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    return text.split("\f")[:-1]


def _lines(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(text, x of its left edge, top, bottom) of each line of a page, in points."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", "-f", str(page), "-l",
                          str(page), str(pdf), "-"], capture_output=True, check=True).stdout
    lines = []
    for attrs, body in re.findall(r"<line ([^>]*)>(.*?)</line>", out.decode("utf-8"), re.S):
        box = dict(re.findall(r'(\w+)="([\d.]+)"', attrs))
        text = "".join(re.findall(r">([^<]*)</word>", body))
        lines.append((text, float(box["xMin"]), float(box["yMin"]), float(box["yMax"])))
    return lines


def _source_text(path: Path) -> str:
    return "".join(p.text for p in iter_paragraphs(docx.Document(path)))


@pytest.mark.parametrize("name", ["notice", "bulletin", *(f"long{n}" for n in EXTRA_LINES)])
def test_every_mark_survives_28_character_lines(printed, name):
    """Lines hold 28 characters; a 、 or ， that falls at a line's end is printed, not squeezed out."""
    source, pdf = printed[name]
    printed_text = re.sub(r"\s", "", "".join(_pages(pdf)))
    for mark in "、，。；：":
        assert printed_text.count(mark) == _source_text(source).count(mark), mark
    body = [t for t, *_ in _lines(pdf, 1) if len(t) >= 20 and not re.search(r"[0-9A-Za-z]", t)]
    # 28 characters, and a mark that falls 29th hangs at the end of the line
    assert 28 in [len(t) for t in body]
    assert all(len(t) <= 28 or (len(t) == 29 and t[-1] in "、，。；：”）") for t in body), body


@pytest.mark.parametrize("name", ["notice", "bulletin", *(f"long{n}" for n in EXTRA_LINES)])
def test_imprint_at_the_foot_of_the_last_page_and_no_stray_blank_page(printed, name):
    _, pdf = printed[name]
    pages = _pages(pdf)
    for n, page in enumerate(pages, 1):
        # every page has more than its page number, but the one a 版记 of its own may need
        # before it to stand on an even page (blank: not even a page number)
        if n == len(pages) - 1 and len(pages) % 2 == 0 and not page.strip():
            continue
        assert re.sub(r"[\s—\d]", "", page), f"page {n} of {len(pages)} is blank"
    assert "2022年1月24日印发" in re.sub(r"\s", "", pages[-1])
    lines = _lines(pdf, len(pages))
    issued = next(line for line in lines if line[0].endswith("印发"))
    assert TEXT_BOTTOM_PT - 12 < issued[3] <= TEXT_BOTTOM_PT + 1, "the 版记 is not at the foot"


def test_date_starts_two_characters_right_of_the_issuer(printed):
    _, pdf = printed["notice"]
    lines = [line for n in range(1, len(_pages(pdf)) + 1) for line in _lines(pdf, n)]
    issuer = next(line for line in lines if line[0] == OFFICE)
    date = next(line for line in lines if line[0] == "2022年1月24日")
    assert date[1] - issuer[1] == pytest.approx(2 * PITCH_PT, abs=1.5)


def _dark_rows(pdf: Path, work: Path) -> list[float]:
    """Millimetres below the text block of the pixel rows of page 1 that hold a long dark run
    (the dashes of "— 1 —"), from a 254 dpi (10 pixels a millimetre) grey rendering."""
    stem = work / "page"
    subprocess.run(["pdftoppm", "-r", "254", "-gray", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(stem)], check=True, capture_output=True)
    data = stem.with_suffix(".pgm").read_bytes()
    magic, size, depth, pixels = data.split(b"\n", 3)
    width, _ = map(int, size.split())
    top = (297 - 35) * 10
    return [(y - top) / 10 for y in range(top, top + 200)
            if sum(b < 128 for b in pixels[y * width:(y + 1) * width]) > 60]


def test_page_number_dash_7_mm_below_the_text(printed, tmp_path):
    rows = _dark_rows(printed["notice"][1], tmp_path)
    assert rows and sum(rows) / len(rows) == pytest.approx(7, abs=0.5)


def test_ledger_prints_landscape_with_repeated_headers(printed):
    _, pdf = printed["ledger"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape
    pages = _pages(pdf)
    phase_pages = [p for p in pages if "第一阶段　统计日期" in p or "第一阶段 统计日期" in p]
    assert len(phase_pages) >= 2
    for page in phase_pages:
        assert "单位简称" in page and "预警" in page  # the header row on every page
    assert all("第" in p and "页，共" in p for p in pages)
    # 三个清单 among schools: 40 of 41 reported, 97.6 %, printed rounded: 98 % (not floored)
    summary = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-f", "1", "-l", "1",
                              str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert re.search(r"2022年1月21日\s+学校\s+41\s+39\s+1\s+1\s+0\s+0\s+98%", summary)


# ---- one pagination: the title, the signature and the 版记 at every length -------------------

def test_the_title_takes_one_line_on_the_grid(printed):
    """The page has a line grid of 22 lines of 28.95 pt (w:docGrid linePitch 579, Word's 每页
    22 行), widow control is off for every paragraph (docDefaults), and the 22 pt title does not
    snap to the grid (snapToGrid 0) with its exact 28.95 pt line: LibreOffice then gives it one
    line, as Word does, where it gave it two. Under it the subtitle on line 2, a blank line, and
    the text from line 4."""
    from docx.oxml.ns import qn

    source, pdf = printed["notice"]
    document = docx.Document(source)
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))
    widow = defaults.find(qn("w:pPr")).find(qn("w:widowControl"))
    assert widow is not None and widow.get(qn("w:val")) == "0"
    title = next(s for s in document.styles if s.style_id == "GBTitle").element.pPr
    assert title.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    assert title.find(qn("w:spacing")).get(qn("w:line")) == "579"
    lines = _lines(pdf, 1)
    top = 37 * MM  # the text block's top
    assert lines[0][0] == "督导通报" and lines[1][0] == "（第一阶段）"
    # each line's text sits at the same height within its 28.95 pt line
    title_line = (lines[0][2] + lines[0][3]) / 2 - top
    subtitle_line = (lines[1][2] + lines[1][3]) / 2 - top
    first_text = (lines[2][2] + lines[2][3]) / 2 - top
    assert title_line < 28.95 < subtitle_line < 2 * 28.95 < 3 * 28.95 < first_text < 4 * 28.95


SWEEP = [(size, extra) for size in (1, 2) for extra in range(26)]
PARAGRAPH = {1: "第{n}行补充说明。",
             2: "第{n}段补充说明，这一段比一行长，要占两行才能写完，用来检查两行的段落。"}


NUMBER = "郑教能办〔2022〕3号"


def _swept_notice(markdown: str, size: int, extra: int) -> bytes:
    """The shipped notice with ``extra`` more paragraphs of ``size`` lines before the signature;
    those of two-line paragraphs under a 版头 (campaign.yaml letterhead:)."""
    text = markdown[:markdown.index("数据版本：")]
    more = "".join(PARAGRAPH[size].format(n=n) + "\n\n" for n in range(1, extra + 1))
    text = text.replace(f"{OFFICE}\n", more + f"{OFFICE}\n", 1)
    imprint = f"\n---\n\n{OFFICE}　　2022年1月24日印发\n\n---\n"
    head = Letterhead(OFFICE, NUMBER) if size == 2 else None
    return to_docx(text + imprint, signature=Signature("2022年1月24日", OFFICE), letterhead=head)


@pytest.fixture(scope="module")
def swept(tmp_path_factory) -> dict[tuple[int, int], Path]:
    """{(lines a paragraph, paragraphs added): PDF} for the 52 lengths, in one soffice run."""
    work = tmp_path_factory.mktemp("sweep")
    markdown = CliRunner().invoke(app, ["report", *ARGS]).stdout
    for size, extra in SWEEP:
        (work / f"n{size}-{extra:02d}.docx").write_bytes(_swept_notice(markdown, size, extra))
    printed = _convert(work)
    return {(size, extra): printed[f"n{size}-{extra:02d}"][1] for size, extra in SWEEP}


def _lines_by_page(pdf: Path) -> list[list[tuple[str, float, float, float]]]:
    """(text, x of its left edge, top, bottom) of each line of each page, from one pdftotext."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8")
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", out, re.S):
        lines = []
        for attrs, body in re.findall(r"<line ([^>]*)>(.*?)</line>", page, re.S):
            box = dict(re.findall(r'(\w+)="([\d.]+)"', attrs))
            text = "".join(re.findall(r">([^<]*)</word>", body))
            lines.append((text, float(box["xMin"]), float(box["yMin"]), float(box["yMax"])))
        pages.append(lines)
    return pages


@functools.lru_cache(maxsize=None)
def _printed_pages(pdf: Path) -> list[dict[str, list]]:
    """Each page's lines sorted out: the page number (— N —), the 版记 (its 14 pt lines), the
    issuer and the date of the signature (16 pt), and the text (any other line)."""
    pages = []
    for lines in _lines_by_page(pdf):
        page: dict[str, list] = {"number": [], "imprint": [], "issuer": [], "date": [], "text": []}
        for line in lines:
            text, _, top, bottom = line
            if re.fullmatch(r"—\d+—", text):
                page["number"].append(text)
            elif bottom - top < 19.5:  # 14 pt: 18.2 pt high in the PDF, 16 pt: 20.8
                page["imprint"].append(line)
            elif text == OFFICE and bottom - top < 25:  # not the 版头's 26 pt 发文机关标志
                page["issuer"].append(line)
            elif text == "2022年1月24日":
                page["date"].append(line)
            else:
                page["text"].append(line)
        pages.append(page)
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("size, extra", SWEEP)
def test_signature_and_imprint_at_every_length(swept, size, extra):
    """Printed at 52 lengths (the shipped notice and 0 to 25 more paragraphs of one line, or of
    two lines under a 版头), every page holds: no signature without text of the body (GB/T 9704 7.3.5.4), the
    date on the issuer's page, and the 版记 at the foot of the last page, which is an even page
    unless the text shares it; where the 版记 would stand alone on an odd page it goes to the
    next, and the page between is blank. The blank page and the 版记's page after it carry no
    page number (7.5); every other page its own."""
    pages = _printed_pages(swept[size, extra])
    for n, page in enumerate(pages, 1):
        where = f"page {n} of {len(pages)}"
        if page["issuer"] or page["date"]:
            assert page["text"], f"{where}: the signature without text"
        assert bool(page["issuer"]) == bool(page["date"]), f"{where}: issuer and date apart"
        blank = not (page["text"] or page["issuer"] or page["imprint"])
        if blank:
            assert not page["number"], f"{where}: a blank page with a page number"
            assert n == len(pages) - 1, f"{where}: a blank page that is not before the 版记"
        elif page["imprint"] and not page["text"] and n > 1 and not pages[n - 2]["text"]:
            assert not page["number"], f"{where}: the 版记 after a blank page numbered"
        else:
            assert page["number"] == [f"—{n}—"], where
    last = pages[-1]
    assert last["imprint"] and not any(p["imprint"] for p in pages[:-1])
    assert "2022年1月24日印发" in "".join(line[0] for line in last["imprint"])
    foot = max(line[3] for line in last["imprint"])
    assert TEXT_BOTTOM_PT - 12 < foot <= TEXT_BOTTOM_PT + 1, "the 版记 is not at the foot"
    assert len(pages) % 2 == 0 or last["text"], "the 版记 alone on an odd page"


@pytest.mark.slow
def test_the_sweep_meets_each_case(swept):
    """The lengths swept reach every case the rules above decide: the 版记 under the text on an
    even page and on an odd page, alone on an even page after the text's odd one, and after a
    blank page; the signature moved with the text's last paragraph to a new page."""
    seen = set()
    for pdf in swept.values():
        pages = _printed_pages(pdf)
        last = pages[-1]
        if last["text"]:
            seen.add("under the text, even" if len(pages) % 2 == 0 else "under the text, odd")
        elif pages[-2]["text"]:
            seen.add("alone, after the text")
        else:
            seen.add("alone, after a blank page")
        signed = next(p for p in pages if p["issuer"])
        if sum(len(p["text"]) for p in pages) and len(signed["text"]) <= 2:
            seen.add("signature with the last paragraph on a new page")
    assert seen == {"under the text, even", "under the text, odd", "alone, after the text",
                    "alone, after a blank page", "signature with the last paragraph on a new page"}


def test_the_bulletin_attribution_ends_at_the_right_margin(printed):
    _, pdf = printed["bulletin"]
    line = next(line for line in _lines(pdf, 1) if line[0].startswith("——"))
    right = (28 + 156) * MM  # the text block's right edge
    assert line[0].endswith("楚惠东")
    # the line's last character ends at the margin
    words = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", "-f", "1", "-l", "1", str(pdf),
                            "-"], capture_output=True, check=True).stdout.decode("utf-8")
    ends = [float(x) for x in re.findall(r'xMax="([\d.]+)"[^>]*>[^<]*楚惠东</word>', words)]
    assert ends and right - 3 < ends[0] <= right + 0.5


@pytest.mark.slow
def test_the_letterhead_as_gbt_9704_places_it(swept):
    """GB/T 9704 7.2.3 to 7.2.6 on the printed 版头: the 发文机关标志's characters start about
    35 mm under the text block's top (within 3 mm: the glyphs' own top is inside their line),
    the 发文字号 is centred under it, and the title starts under them on the 11th line."""
    lines = _lines(swept[2, 0], 1)
    top = 37 * MM
    mark, number, title = lines[0], lines[1], lines[2]
    assert mark[0] == OFFICE and number[0].replace(" ", "") == NUMBER and title[0] == "督导通报"
    # the PDF's box of a line starts at its font's ascent, 0.12 em above the characters' top
    assert (mark[2] + 0.12 * 26 - top) / MM == pytest.approx(35, abs=3)
    centre = (28 + 78) * MM
    assert (number[1] + _right(swept[2, 0], number)) / 2 == pytest.approx(centre, abs=2)
    assert 10 * 28.95 < (title[2] + title[3]) / 2 - top < 11 * 28.95


def _right(pdf: Path, line) -> float:
    """The right edge of ``line`` (from its words, which pdftotext's line box reports)."""
    words = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", "-f", "1", "-l", "1", str(pdf),
                            "-"], capture_output=True, check=True).stdout.decode("utf-8")
    ends = [float(x) for y, x in re.findall(r'yMin="([\d.]+)" xMax="([\d.]+)"', words)
            if abs(float(y) - line[2]) < 1]
    return max(ends)
