"""The Typer app and what every command shares: options, loading, printing problems.

Commands are thin: parse options, call one library function, render, exit
0 (ok), 1 (data problems) or 2 (usage). Nothing here computes.
"""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, NoReturn, Optional

import typer

from ..model import Campaign, Problem
from . import complete
from .chinese import ChineseTyper
from ..problems import format_problems, has_errors, known_values, no_phase, problem

app = ChineseTyper(
    name="nengli",
    help="活动督导工具：登记各单位的报送情况，统计各阶段任务的完成进度，生成督导通报、简报和台账。",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

def number(value: str) -> int:
    """An option's whole number (阶段、督导组、期号), or a usage error (exit 2) in Chinese."""
    try:
        return int(value)
    except ValueError:
        raise typer.BadParameter(f"“{value}”不是整数") from None


def choice(kind: type[Enum]) -> Callable[[str], Enum]:
    """The parser of an option with fixed values (a str Enum): the member, or a usage error naming
    the values. Annotate the option ``str``, not ``kind``: typer before 0.29 would convert an Enum
    annotation a second time, after the parser."""

    def parse(value: str) -> Enum:
        try:
            return kind(value)
        except ValueError:
            known = "、".join(str(k.value) for k in kind)
            raise typer.BadParameter(f"“{value}”不是可选的值，可选：{known}") from None

    return parse


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"nengli {version('nengli')}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", "-V", callback=_show_version, is_eager=True, help="显示 nengli 的版本号并退出。")] = False,
) -> None:
    pass


DataOption = Annotated[Optional[Path], typer.Option(
    "--data", metavar="目录", autocompletion=complete.paths,
    help="数据目录（含 units.yaml 和 phases/）。默认：环境变量 NENGLI_DATA，"
         "或从当前文件夹向上找到的 data/ 文件夹。",
    show_default=False)]


def phase_option(help: str = "阶段编号，如 1。默认：统计日期已开始的最近一个阶段。"):
    """``--phase``/``-p``: a phase number, parsed, completed and shown the same in every
    command; ``help`` says what it chooses there and what the command does without it."""
    return typer.Option("--phase", "-p", parser=number, metavar="编号",
                        autocompletion=complete.phases, help=help, show_default=False)


def out_option(help: str = "写入文件，而不是输出到屏幕。", metavar: str = "文件"):
    """``--out``/``-o``: the file (or folder, with its ``metavar``) a command writes, completed
    as a path; ``help`` says what goes there."""
    return typer.Option("--out", "-o", metavar=metavar, autocompletion=complete.paths, help=help,
                        show_default=False)


PhaseOption = Annotated[Optional[int], phase_option()]
AsOfOption = Annotated[Optional[str], typer.Option(
    "--as-of", metavar="日期", help="统计日期，写成 2022-01-24。默认：今天。", show_default=False)]


def parse_date(value: str | None, option: str, default: dt.date | None = None, *,
               year: Callable[[], int | None] | None = None) -> dt.date:
    """An option's date, or a usage error (exit 2) that says how to write it; ``year`` gives
    the year of the phase the date is for, for the example (asked only for a wrong date)."""
    if value is None:
        return default or dt.date.today()
    from ..parse import explain_date, read_date

    day = read_date(value)  # the data files' one grammar: 2022-01-24 or 2022-1-24, nothing else
    if day is not None:
        return day
    known = year() if year is not None else None
    why, example = explain_date(value, year=known,
                                fallback=f"{known}-01-20" if known else dt.date.today().isoformat())
    fail_usage(problem("bad-option-date", None, option=option, value=value,
                       why=f"：{why}" if why else "", example=example))


def print_problems(problems: list[Problem]) -> None:
    if problems:
        sys.stderr.write(format_problems(problems) + "\n")
        sys.stderr.flush()


def fail(problems: list[Problem], code: int = 1) -> NoReturn:
    print_problems(problems)
    raise typer.Exit(code)


def fail_usage(p: Problem) -> NoReturn:
    sys.stderr.write(f"用法错误：{p.message}\n  提示：{p.hint}\n")
    raise typer.Exit(2)


def load_campaign(data: Path | None, as_of: dt.date | None = None, *,
                  show_warnings: bool = True) -> Campaign:
    """The campaign, or exit 1 after printing every problem."""
    from ..load import find_data_dir, load

    folder, problems = find_data_dir(data)
    if folder is None:
        fail(problems)
    campaign, problems = load(folder, as_of)
    if has_errors(problems) or campaign is None:
        fail(problems)
    if show_warnings:
        print_problems(problems)
    return campaign


def warn_earlier(campaign, progress) -> None:
    """A warning for each earlier phase whose units still owe overdue tasks: remind and status
    show one phase, and phase 1's laggards must not vanish once phase 2 has started."""
    from ..remind import earlier_overdue

    print_problems([problem("earlier-overdue", None, level="warning", phase=e.phase.title,
                            number=e.phase.number, units=e.units, tasks=e.tasks)
                    for e in earlier_overdue(campaign, progress.phase, progress.as_of)])


def choose_phase(campaign: Campaign, number: int | None, as_of: dt.date):
    from ..progress import default_phase

    if number is None:
        return default_phase(campaign, as_of)
    phase = campaign.phase(number)
    if phase is None:
        fail_usage(no_phase(campaign, number))
    return phase


def console(file=None):
    """A rich console. Into a file or a pipe: plain text 120 columns wide (COLUMNS to change),
    no spaces at the ends of lines; colour only where rich gives it (a terminal, FORCE_COLOR;
    never with NO_COLOR).

    Markup is off: what nengli prints comes from the data, where [修订] is text, not a style.
    """
    from rich.console import Console

    out = file or sys.stdout
    width = None
    if not out.isatty():
        from ..render.terminal import Unpadded

        out = Unpadded(out)
        if not os.environ.get("COLUMNS"):
            width = 120
    return Console(file=out, width=width, markup=False, highlight=False, emoji=False)


def write_file(out: Path, data: bytes) -> None:
    """Bytes into ``out``, atomically; a file that cannot be written is a located error (exit 1)."""
    from ..files import describe_os_error, write_atomic
    from ..model import Source

    if not out.parent.exists():  # not an Excel/WPS lock: say so, rather than write-failed's hint
        fail([problem("write-no-folder", Source(str(out)), path=out, folder=out.parent)])
    try:
        write_atomic(out, data)
    except OSError as exc:
        fail([problem("write-failed", Source(str(out)), path=out, reason=describe_os_error(exc))])
    sys.stderr.write(f"已写入 {out}\n")


def write_output(text: str, out: Path | None) -> None:
    """Text to stdout, or into ``out`` (see write_file)."""
    if out is None:
        sys.stdout.write(text)
        return
    write_file(out, text.encode("utf-8"))


#: the output extensions nengli writes, and the format each one means
FORMAT_OF_SUFFIX = {".md": "md", ".docx": "docx", ".json": "json", ".pdf": "pdf",
                    ".xlsx": "xlsx", ".csv": "csv", ".html": "html", ".htm": "html", ".png": "png"}
#: older formats people type out of habit, and the one nengli writes instead
OLDER_SUFFIX = {".doc": ".docx", ".xls": ".xlsx", ".wps": ".docx", ".et": ".xlsx",
                ".jpg": ".png", ".jpeg": ".png"}
#: formats written as bytes, which need --out
BINARY = ("docx", "pdf", "xlsx", "png")


def out_format(command: str, chosen: Enum | None, out: Path | None, formats: type[Enum],
               example: str) -> str:
    """The format to write: --format if given, else the one --out's extension names, else the
    command's first format. An extension this command does not write (a .doc, an .xls, a
    .txt), or one that contradicts --format, is a usage error (exit 2): a file named .doc that
    holds Markdown opens as garbage. A name without an extension takes the format."""
    known = [f.value for f in formats]
    suffix = out.suffix.lower() if out is not None else ""
    inferred = FORMAT_OF_SUFFIX.get(suffix)
    if suffix and (inferred is None or inferred not in known):
        newer = OLDER_SUFFIX.get(suffix)
        older = f"（nengli 写的是 {newer} 文件，WPS 和 Office 都能打开）" if newer and \
            FORMAT_OF_SUFFIX[newer] in known else ""
        fail_usage(problem("format-for-ext", None, command=command, suffix=out.suffix,  # type: ignore[union-attr]
                           known="、".join(known), example=example, older=older))
    if chosen is None:
        return inferred or known[0]
    if inferred is not None and inferred != chosen.value:
        fail_usage(problem("format-mismatch", None, format=chosen.value, out=out,
                           suffix=out.suffix, inferred=inferred))  # type: ignore[union-attr]
    return chosen.value


def need_out(fmt: str, out: Path | None, example: str) -> None:
    """A Word or PDF file goes to a file: without --out it is a usage error (exit 2)."""
    if fmt in BINARY and out is None:
        kind = {"docx": "Word", "pdf": "PDF", "png": "图片"}.get(fmt, fmt)
        fail_usage(problem("docx-need-out", None, kind=kind, format=fmt,
                           example=example.replace(".docx", f".{fmt}")))


GroupOption = Annotated[Optional[str], typer.Option(
    "--group", "-g", metavar="编号", autocompletion=complete.groups,
    help="只看这个巡回督导组的单位，如 3（或 第3组、第三组）。", show_default=False)]
CategoryOption = Annotated[Optional[str], typer.Option(
    "--category", "-c", metavar="类别", autocompletion=complete.categories,
    help="只看这一类单位：类别代号或名称，如 school 或 学校。", show_default=False)]
OutOption = Annotated[Optional[Path], out_option()]


def choose_units(campaign: Campaign, written: str | None, category: str | None) -> Campaign:
    """The campaign limited to --group/--category, or a usage error naming the known values."""
    from ..levels import find_category, groups_of, select_units
    from ..parse import parse_group

    group = None if written is None else parse_group(written)
    if written is not None and (group is None or group not in groups_of(campaign)):
        groups = groups_of(campaign)
        fail_usage(problem("no-group", None, value=written if group is None else group,
                           known=known_values(groups) if groups else "（名册中没有填写督导组）"))
    key = None
    if category is not None:
        key = find_category(campaign, category)
        if key is None:
            categories = (f"{c.key}（{c.name}）" for c in campaign.categories)
            fail_usage(problem("no-category", None, value=category,
                               known=known_values(categories)))
    if group is None and key is None:
        return campaign
    return select_units(campaign, group, key)


def phase_view(data: Path | None, phase: int | None, as_of: str | None,
               group: str | None = None, category: str | None = None):
    """What every view command starts with: the data loaded, the phase and the units chosen,
    and the progress computed as of the date. Returns (campaign, progress)."""
    from ..progress import phase_progress

    day = parse_date(as_of, "--as-of")
    campaign = load_campaign(data)
    chosen = choose_phase(campaign, phase, day)
    campaign = choose_units(campaign, group, category)
    return campaign, phase_progress(campaign, chosen, day)
