"""Documents: `bulletin` (the 简报), and the Word and JSON forms of `report`."""

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
from .app import (DataOption, app, choice, choose_phase, fail, fail_usage, load_campaign, number,
                  parse_date, print_problems, write_file, write_output)

BODY_FOLDER = "bulletins"


class ReportFormat(str, Enum):
    md = "md"
    docx = "docx"
    json = "json"


class BulletinFormat(str, Enum):
    md = "md"
    docx = "docx"


#: the output extensions nengli knows, and the format each one means
FORMAT_OF_SUFFIX = {".md": "md", ".docx": "docx", ".json": "json", ".xlsx": "xlsx", ".csv": "csv"}


def out_format(command: str, chosen: Enum | None, out: Path | None, formats: type[Enum],
               example: str) -> str:
    """The format to write: --format if given, else the one --out's extension names, else the
    command's first format. A known extension that contradicts --format, or that this command
    cannot write, is a usage error (exit 2): a .docx holding Markdown cannot be opened."""
    known = [f.value for f in formats]
    suffix = out.suffix.lower() if out is not None else ""
    inferred = FORMAT_OF_SUFFIX.get(suffix)
    if inferred is not None and inferred not in known:
        fail_usage(problem("format-for-ext", None, command=command, suffix=out.suffix,  # type: ignore[union-attr]
                           known="、".join(known), example=example))
    if chosen is None:
        return inferred or known[0]
    if inferred is not None and inferred != chosen.value:
        fail_usage(problem("format-mismatch", None, format=chosen.value, out=out,
                           suffix=out.suffix, inferred=inferred))  # type: ignore[union-attr]
    return chosen.value


def need_out(fmt: str, out: Path | None, example: str) -> None:
    """A Word file goes to a file: without --out it is a usage error (exit 2)."""
    if fmt == "docx" and out is None:
        fail_usage(problem("docx-need-out", None, example=example))


def write_report(campaign: Campaign, phase, as_of: dt.date, issued: dt.date, fmt: str,
                 out: Path | None, template: Path | None) -> None:
    """`report --format md|docx|json`: the same facts from the same template in each form."""
    from ..progress import phase_progress

    progress = phase_progress(campaign, phase, as_of)
    if fmt == "json":
        from ..render.data import to_json
        from ..render.notice import data_provenance, notice_facts

        facts = notice_facts(campaign, progress, issued, data_provenance(campaign.root))
        write_output(to_json(facts), out)
        return
    if fmt == "docx":
        from ..render.documents import notice_docx

        data, problems = notice_docx(campaign, progress, issued, template)
        if data is None:
            fail(problems)
        print_problems(problems)
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
def bulletin(
    issue: Annotated[int, typer.Option("--issue", "-n", parser=number, metavar="期号",
                                       help="简报期号，如 6（刊头显示“第6期”）。", show_default=False)],
    data: DataOption = None,
    phase: Annotated[Optional[int], typer.Option(
        "--phase", "-p", parser=number, metavar="编号", autocompletion=complete.phases,
        help="作为附件的督导通报所属的阶段编号。默认：印发日期已开始的最近一个阶段。",
        show_default=False)] = None,
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
        help="md：Markdown 文本；docx：Word 文件（须同时用 --out）。默认按 --out 的扩展名（.md、.docx），否则为 md。",
        show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", metavar="文件", autocompletion=complete.paths,
        help="写入文件，而不是输出到屏幕。", show_default=False)] = None,
) -> None:
    """生成一期简报：刊头、正文、附件（督导通报）和版记（报、送、发）。

    刊头和版记的文字来自 data/campaign.yaml，格式见 README“简报”一节。
    示例：nengli bulletin --issue 6 --phase 1 --date 2022-01-24 --format docx --out 简报第6期.docx
    """
    example = "nengli bulletin --issue 6 --phase 1 --date 2022-01-24 --out 简报第6期.docx"
    fmt = out_format("bulletin", format, out, BulletinFormat, example)
    need_out(fmt, out, example)
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
    if fmt == "docx":
        from ..render.documents import bulletin_docx

        result, problems = bulletin_docx(campaign, progress, issued, issue, text)
        if result is None:
            fail(problems)
        print_problems(problems)
        write_file(out, result)  # type: ignore[arg-type]
        return
    from ..render.documents import bulletin_markdown

    md, problems = bulletin_markdown(campaign, progress, issued, issue, text)
    if md is None:
        fail(problems)
    print_problems(problems)
    write_output(md, out)
