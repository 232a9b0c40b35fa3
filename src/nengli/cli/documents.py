"""Documents: `report` (the 督导通报, in Markdown, Word, PDF or JSON) and `bulletin` (the 简报)."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..model import Campaign
from ..problems import problem
from . import complete
from .app import (AsOfOption, DataOption, OutOption, app, choice, choose_phase, fail,
                  fail_usage, load_campaign, need_out, number, out_format, parse_date, phase_option,
                  print_problems, write_file, write_output)

BODY_FOLDER = "bulletins"
REPORT_EXAMPLE_PDF = "nengli report --phase 1 --date 2022-01-24 --out 督导通报.pdf"
BULLETIN_EXAMPLE_PDF = "nengli bulletin --issue 6 --phase 1 --date 2022-01-24 --out 简报第6期.pdf"


class ReportFormat(str, Enum):
    md = "md"
    docx = "docx"
    json = "json"
    pdf = "pdf"


class BulletinFormat(str, Enum):
    md = "md"
    docx = "docx"
    pdf = "pdf"


def pdf_converter(example: str) -> Path:
    """LibreOffice, found before any work is done; else exit 1, saying what to do in WPS/Word."""
    from ..render.pdf import converter_places, find_converter

    found = find_converter()
    if found is None:
        places = "、".join(str(p) for p in dict.fromkeys(p.parent for p in converter_places()))
        fail([problem("pdf-no-converter", None, places=places or "常用的安装位置",
                      example=example.replace(".pdf", ".docx"))])
    return found


def write_pdf(out: Path, docx: bytes, converter: Path, example: str) -> None:
    """The Word file nengli has just made, as a PDF (LibreOffice), into ``out``."""
    from ..render.pdf import ConversionError, docx_to_pdf

    try:
        data = docx_to_pdf(docx, converter)
    except ConversionError as exc:
        fail([problem("pdf-failed", None, reason=str(exc), example=example.replace(".pdf", ".docx"))])
    write_file(out, data)


def write_report(campaign: Campaign, phase, as_of: dt.date, issued: dt.date, fmt: str,
                 out: Path | None, template: Path | None, converter: Path | None = None) -> None:
    """`report --format md|docx|json|pdf`: the same facts from the same template in each form;
    the PDF is the Word file, converted (``converter``: LibreOffice)."""
    from ..progress import phase_progress

    progress = phase_progress(campaign, phase, as_of)
    if fmt == "json":
        from ..render.data import to_json
        from ..render.notice import data_provenance, notice_facts

        facts = notice_facts(campaign, progress, issued, data_provenance(campaign.root))
        write_output(to_json(facts), out)
        return
    if fmt in ("docx", "pdf"):
        from ..render.documents import notice_docx

        data, problems = notice_docx(campaign, progress, issued, template)
        if data is None:
            fail(problems)
        print_problems(problems)
        if fmt == "pdf":
            assert converter is not None and out is not None
            write_pdf(out, data, converter, REPORT_EXAMPLE_PDF)
            return
        write_file(out, data)  # type: ignore[arg-type]
        return
    from ..render.notice import render_notice

    text, problems = render_notice(campaign, progress, issued, template)
    if text is None:
        fail(problems)
    write_output(text, out)


def _read_body(path: Path) -> str:
    from ..read import read_text

    if not path.is_file():
        fail_usage(problem("body-missing", None, path=path))
    text, problems = read_text(path)
    # a Markdown body may indent with tabs or full-width spaces; those checks are YAML's
    problems = [p for p in problems if p.code not in ("tab-indent", "fullwidth-space")]
    if text is None or problems:
        fail(problems)
    return text.text  # type: ignore[union-attr]


@app.command()
def report(
    phase: Annotated[int, phase_option("阶段编号，如 1。")],
    data: DataOption = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="日期", help="印发日期，写成 2022-01-24；也是默认的统计日期。默认：今天。",
        show_default=False)] = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
    template: Annotated[Optional[Path], typer.Option(
        "--template", metavar="模板文件", autocompletion=complete.paths,
        help="使用指定的通报模板（Jinja2）。默认：活动仓库的 templates/notice.md.j2。",
        show_default=False)] = None,
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", parser=choice(ReportFormat), metavar="格式",
        autocompletion=complete.values(ReportFormat),
        help="md：Markdown 文本；docx：Word 文件，GB/T 9704 公文格式；pdf：把这个 Word 文件用 LibreOffice "
             "转成 PDF（docx、pdf 须同时用 --out）；json：通报中的全部事实（数据）。"
             "默认按 --out 的扩展名（.md、.docx、.pdf、.json），否则为 md。",
        show_default=False)] = None,
) -> None:
    """生成某一阶段的督导通报（Markdown、Word 或 JSON）。

    示例：nengli report --phase 1 --date 2022-01-24 --out 督导通报.md
    示例：nengli report --phase 1 --date 2022-01-24 --out 督导通报.docx
    示例：nengli report --phase 1 --date 2022-01-24 --out 督导通报.pdf（须安装 LibreOffice）
    """
    example = "nengli report --phase 1 --date 2022-01-24 --out 督导通报.docx"
    fmt = out_format("report", format, out, ReportFormat, example)
    need_out(fmt, out, example)
    converter = pdf_converter(REPORT_EXAMPLE_PDF) if fmt == "pdf" else None
    issued = parse_date(date, "--date")
    day = parse_date(as_of, "--as-of", default=issued)
    campaign = load_campaign(data)
    chosen = choose_phase(campaign, phase, day)
    write_report(campaign, chosen, day, issued, fmt, out, template, converter)


@app.command()
def bulletin(
    issue: Annotated[int, typer.Option("--issue", "-n", parser=number, metavar="期号",
                                       help="简报期号，如 6（刊头显示“第6期”）。", show_default=False)],
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option(
        "作为附件的督导通报所属的阶段编号。默认：印发日期已开始的最近一个阶段。")] = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="日期", help="印发日期，写成 2022-01-24；也是督导通报的统计日期。默认：今天。",
        show_default=False)] = None,
    body: Annotated[Optional[Path], typer.Option(
        "--body", metavar="正文文件", autocompletion=complete.paths,
        help="简报正文（Markdown 文本）。默认：数据目录中的 bulletins/期号.md，"
             "没有时简报只含督导通报。", show_default=False)] = None,
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", parser=choice(BulletinFormat), metavar="格式",
        autocompletion=complete.values(BulletinFormat),
        help="md：Markdown 文本；docx：Word 文件；pdf：把 Word 文件用 LibreOffice 转成 PDF"
             "（docx、pdf 须同时用 --out）。默认按 --out 的扩展名（.md、.docx、.pdf），否则为 md。",
        show_default=False)] = None,
    out: OutOption = None,
) -> None:
    """生成一期简报：刊头、正文、附件（督导通报）和版记（报、送、发）。

    刊头和版记的文字来自 data/campaign.yaml，格式见 README“简报”一节。
    示例：nengli bulletin --issue 6 --phase 1 --date 2022-01-24 --format docx --out 简报第6期.docx
    示例：nengli bulletin --issue 6 --phase 1 --date 2022-01-24 --out 简报第6期.pdf（须安装 LibreOffice）
    """
    example = "nengli bulletin --issue 6 --phase 1 --date 2022-01-24 --out 简报第6期.docx"
    fmt = out_format("bulletin", format, out, BulletinFormat, example)
    need_out(fmt, out, example)
    converter = pdf_converter(BULLETIN_EXAMPLE_PDF) if fmt == "pdf" else None
    issued = parse_date(date, "--date")
    campaign = load_campaign(data)
    chosen = choose_phase(campaign, phase, issued)
    if body is None:
        default = campaign.root / BODY_FOLDER / f"{issue}.md"
        text = _read_body(default) if default.is_file() else ""
    else:
        text = _read_body(body)
    from ..progress import phase_progress

    progress = phase_progress(campaign, chosen, issued)
    if fmt in ("docx", "pdf"):
        from ..render.documents import bulletin_docx

        result, problems = bulletin_docx(campaign, progress, issued, issue, text)
        if result is None:
            fail(problems)
        print_problems(problems)
        if converter is not None:
            write_pdf(out, result, converter, BULLETIN_EXAMPLE_PDF)  # type: ignore[arg-type]
            return
        write_file(out, result)  # type: ignore[arg-type]
        return
    from ..render.documents import bulletin_markdown

    md, problems = bulletin_markdown(campaign, progress, issued, issue, text)
    if md is None:
        fail(problems)
    print_problems(problems)
    write_output(md, out)
