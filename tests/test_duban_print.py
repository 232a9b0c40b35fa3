"""The 督办通知单 as LibreOffice prints it: one A4 page, the number, and the 回执 below the cut
line on that page (PDF read back with poppler). Skipped, with the reason, only where
LibreOffice or poppler is not installed (.ci/run installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from test_duban import CAMPAIGN, PHASE, UNITS

pytestmark = [pytest.mark.slow, pytest.mark.skipif(  # LibreOffice: not in pytest -m "not slow"
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed; "
           "apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils")]

LONG_NAMES = UNITS.replace("name: 某市第三中学", "name: 某市第三中学（某市教育科学研究院附属实验学校）")


@pytest.fixture
def printed(make_data, cli, tmp_path) -> dict[str, tuple[Path, list[str]]]:
    """{level: (the PDF, its pages' text)} for a 催办, a 督办 and a 挂牌督办 of one item, with a
    long unit name, a feedback line and two earlier notices to tell of."""
    # the office's 版头 is for its notices: a 通知单 under it would not fit one page
    head = "letterhead:\n  mark: 某市教育局“能力作风建设年”活动领导小组办公室\n"
    make_data({"units.yaml": LONG_NAMES, "phases/phase1.yaml": PHASE, "campaign.yaml": CAMPAIGN + head})
    out = tmp_path / "out"
    out.mkdir()
    for level, day in (("催办", "2022-01-21"), ("督办", "2022-01-27"), ("挂牌督办", "2022-02-07")):
        result = cli("duban", "issue", "三中", "plan", "--date", day, "--out", str(out / f"{level}.docx"))
        assert result.exit_code == 0, result.output
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "docs" / "fonts.conf")}
    sources = sorted(out.glob("*.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, sources)],
                   env=env, check=True, capture_output=True, timeout=300)
    pages = {}
    for source in sources:
        pdf = source.with_suffix(".pdf")
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        pages[source.stem] = (pdf, text.split("\f")[:-1])
    return pages


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.slow
def test_each_notice_is_one_page_with_its_number_and_the_receipt_below_the_cut(printed):
    for level, (_pdf, pages) in printed.items():
        assert len(pages) == 1, (level, pages)
        page = _flat(pages[0])
        assert page.startswith(f"{level}通知单〔2022〕督办第001号承办单位：某市第三中学（某市教育科学研究院附属实验学校）"), page
        cut = page.index("（沿此线剪开）")
        assert page.index("督导提升组") < cut
        after = page[cut + len("（沿此线剪开）"):].lstrip("-")
        assert after.startswith("回执：〔2022〕督办第001号签收人：签收时间：年月日"), after
    last = _flat(printed["挂牌督办"][1][0])
    assert "1月21日已发催办通知单，限1月26日前办结；1月27日已发督办通知单，限1月29日前办结" in last
    assert "将发" not in last  # no level above 挂牌督办
