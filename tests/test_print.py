"""The Word documents and the Excel ledger as LibreOffice prints them (PDF, read back with poppler).

One soffice run converts every document of this module (start-up is most of its cost). Skipped,
with the reason, only where LibreOffice or poppler is not installed (.ci/run installs them).
Fonts: docs/fonts.conf maps the official faces to Noto CJK, as in docs/documents.md.
"""

from __future__ import annotations

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
from nengli.render.docx import Signature, iter_paragraphs, to_docx

ARGS = ("--data", str(SHIPPED), "--phase", "1", "--date", "2022-01-24")
OFFICE = "郑州市教育局“能力作风建设年”活动领导小组办公室"
MM = 72 / 25.4
TEXT_BOTTOM_PT = (297 - 35) * MM  # the foot of the text block, from the top of an A4 page
PITCH_PT = 15.6                   # one character of 3号 text, condensed to 28 a line
EXTRA_LINES = (1, 2)              # long notices whose signature ends at the foot of page 2

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="LibreOffice (soffice) and poppler-utils (pdftotext, pdftoppm) are not installed; "
           "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk "
           "poppler-utils")


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
    sources = sorted(p for p in work.iterdir() if p.suffix in (".docx", ".xlsx"))
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "docs" / "fonts.conf")}
    subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    *map(str, sources)], env=env, check=True, capture_output=True, timeout=300)
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
def test_imprint_at_the_foot_of_the_last_page_and_no_blank_page(printed, name):
    _, pdf = printed[name]
    pages = _pages(pdf)
    for n, page in enumerate(pages, 1):
        # every page has more than its page number
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
