"""PDF of the notice and the bulletin (`--format pdf`, `--out x.pdf`): the Word file nengli
writes, converted by LibreOffice and read back with poppler's pdftotext; what happens where no
converter is found or it fails; and the output extensions nengli refuses (.doc, .xls, .txt …).

The real conversions are skipped, with the reason, only where LibreOffice or poppler is not
installed (.ci/run installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from nengli.render import pdf

_CONVERTS = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed; apt-get install "
           "libreoffice-writer-nogui fonts-noto-cjk poppler-utils")


def CONVERTS(test):
    """A test that starts LibreOffice: seconds each, so marked slow."""
    return pytest.mark.slow(_CONVERTS(test))


POSIX = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in converters are shell scripts")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return re.sub(r"\s", "", out)


@pytest.fixture
def fonts(monkeypatch):
    """The official faces mapped to Noto CJK, as in docs/documents.md (test_print does the same)."""
    monkeypatch.setenv("FONTCONFIG_FILE", str(ROOT / "docs" / "fonts.conf"))


@CONVERTS
def test_report_pdf_carries_the_laggard_clause(make_data, cli, tmp_path, fonts):
    make_data()
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "督导通报.pdf")
    assert result.exit_code == 0, result.output
    out = tmp_path / "督导通报.pdf"
    assert out.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(out)
    assert "督导通报" in text
    assert "动员部署会召开情况汇总：除二中、三中未按时报送外，其它单位均已完成。" in text
    assert "2022年1月24日" in text
    assert "已写入 督导通报.pdf" in result.output
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left beside the PDF"


@CONVERTS
def test_bulletin_pdf_with_format_option(make_data, cli, tmp_path, fonts):
    make_data()
    result = cli("bulletin", "--issue", "6", "--phase", "1", "--date", "2022-01-24",
                 "--format", "pdf", "--out", "简报第6期.pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "简报第6期.pdf")
    assert "第6期" in text
    assert "清单报送情况汇总：除二中、三中未按时报送外" in text


@pytest.fixture
def no_converter(monkeypatch, tmp_path):
    """A machine without LibreOffice: nothing on PATH, nothing in the install folders."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    nowhere = [tmp_path / "LibreOffice" / "program" / "soffice"]
    monkeypatch.setattr(pdf, "converter_places", lambda *args, **kwargs: nowhere)
    return nowhere


def test_no_converter_says_what_to_do_in_wps_and_word(make_data, cli, tmp_path, no_converter):
    make_data()
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "督导通报.pdf")
    assert result.exit_code == 1
    assert result.output.startswith("错误：生成 PDF 需要 LibreOffice，本机没有找到（查找了 PATH 中的 soffice、"
                                    f"libreoffice，以及 {no_converter[0].parent}）。")
    assert "nengli report --phase 1 --date 2022-01-24 --out 督导通报.docx" in result.output
    assert "用 WPS 打开后点“文件 → 输出为PDF”（Word：“文件 → 另存为”，保存类型选“PDF”）" in result.output
    assert not (tmp_path / "督导通报.pdf").exists()
    result = cli("bulletin", "--issue", "6", "--phase", "1", "--out", "简报.pdf")
    assert result.exit_code == 1
    assert "nengli bulletin --issue 6 --phase 1 --date 2022-01-24 --out 简报第6期.docx" in result.output


def stand_in(folder: Path, script: str) -> None:
    """A `soffice` on PATH that runs ``script`` (sh) instead of converting."""
    folder.mkdir(exist_ok=True)
    exe = folder / "soffice"
    exe.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    exe.chmod(0o755)


@POSIX
def test_a_failing_converter_is_reported_and_nothing_written(make_data, cli, tmp_path, monkeypatch):
    make_data()
    stand_in(tmp_path / "bin", "echo 'Error: source file could not be loaded'\nexit 1\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    (tmp_path / "督导通报.pdf").write_bytes(b"old")
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "督导通报.pdf")
    assert result.exit_code == 1
    assert ("错误：无法把 Word 文件转换为 PDF：LibreOffice 没有生成 PDF，退出码 1"
            "（LibreOffice：Error: source file could not be loaded）。") in result.output
    assert (tmp_path / "督导通报.pdf").read_bytes() == b"old"


@pytest.mark.slow  # waits out its one-second time limit
@POSIX
def test_a_converter_that_hangs_is_stopped(tmp_path):
    stand_in(tmp_path / "bin", f"sleep 30 &\necho $! > {tmp_path / 'child'}\nsleep 30\n")
    with pytest.raises(pdf.ConversionError, match="LibreOffice 在 1 秒内没有完成转换"):
        pdf.docx_to_pdf(b"PK", tmp_path / "bin" / "soffice", timeout=1)
    child = int((tmp_path / "child").read_text())
    # the office process the converter started is ended with it (its process group)
    with pytest.raises(ProcessLookupError):
        for _ in range(50):
            os.kill(child, 0)
            time.sleep(0.1)


def test_converter_places_on_windows_include_the_per_user_install(tmp_path):
    env = {"ProgramFiles": r"C:\Program Files", "ProgramFiles(x86)": r"C:\Program Files (x86)",
           "LOCALAPPDATA": r"C:\Users\张三\AppData\Local", "PATH": ""}
    places = [str(p).replace("/", "\\") for p in pdf.converter_places(env, "win32")]
    assert places == [
        r"C:\Program Files\LibreOffice\program\soffice.com",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.com",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        r"C:\Users\张三\AppData\Local\Programs\LibreOffice\program\soffice.com",
        r"C:\Users\张三\AppData\Local\Programs\LibreOffice\program\soffice.exe",
    ]


def test_find_converter_takes_the_first_install_folder_that_has_one(tmp_path, monkeypatch):
    program = tmp_path / "Programs" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"")
    env = {"LOCALAPPDATA": str(tmp_path), "PATH": str(tmp_path / "nothing")}
    assert pdf.find_converter(env, "win32") == program / "soffice.exe"
    assert pdf.find_converter({"PATH": str(tmp_path / "nothing")}, "win32") is None


# ---- extensions nengli does not write (issue 19 item 12) -------------------------------------

@pytest.mark.parametrize("args, suffix, newer, known", [
    (["report", "--phase", "1", "--out", "通报.doc"], ".doc", ".docx", "md、docx、json、pdf"),
    (["report", "--phase", "1", "--out", "通报.txt"], ".txt", None, "md、docx、json、pdf"),
    (["report", "--phase", "1", "--out", "通报.xlsx"], ".xlsx", None, "md、docx、json、pdf"),
    (["bulletin", "--issue", "6", "--out", "简报.DOC"], ".DOC", ".docx", "md、docx、pdf"),
    (["bulletin", "--issue", "6", "--out", "简报.json"], ".json", None, "md、docx、pdf"),
    (["export", "--out", "台账.xls"], ".xls", ".xlsx", "xlsx、csv"),
    (["export", "--out", "台账.pdf"], ".pdf", None, "xlsx、csv"),
])
def test_an_extension_nengli_does_not_write_is_refused(make_data, cli, tmp_path, args, suffix,
                                                        newer, known):
    make_data()
    result = cli(*args)
    assert result.exit_code == 2, result.output
    command = args[0]
    older = f"（nengli 写的是 {newer} 文件，WPS 和 Office 都能打开）" if newer else ""
    assert result.output.startswith(f"用法错误：nengli {command} 不能生成扩展名为“{suffix}”的文件{older}。\n")
    assert f"提示：可用的格式：{known}；输出文件的扩展名写成其中之一，例如 nengli {command}" in result.output
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_a_name_without_extension_takes_the_format(make_data, cli, tmp_path):
    make_data()
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "第一阶段通报")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "第一阶段通报").read_text(encoding="utf-8").startswith("# 督导通报\n")


def test_pdf_needs_out(make_data, cli):
    make_data()
    result = cli("report", "--phase", "1", "--format", "pdf")
    assert result.exit_code == 2
    assert result.output == ("用法错误：生成 PDF 文件（--format pdf）时必须用 --out 指定文件名。\n"
                             "  提示：例如：nengli report --phase 1 --date 2022-01-24 --out 督导通报.pdf\n")
