"""Tab completion: what the shell offers for units, tasks, phases, groups, categories and paths.

typer's own mechanism calls these (``nengli --install-completion``; the shell runs nengli with
``_NENGLI_COMPLETE`` set). Each reads what it needs of the data found the usual way (--data,
NENGLI_DATA, upward search) with nengli's one parser, and only that: the roster entries that
mention the word typed so far, the head of each phase file (up to ``records:``). Completion
prints nothing but candidates: missing or broken data simply offers nothing.
"""

# No `from __future__ import annotations` here: typer reads these functions' annotations to
# know which of its values (ctx, incomplete) to pass.

import os
import re
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Tuple, Type

import typer

Candidates = List[Tuple[str, str]]
_RECORDS = re.compile(rb"^records[ \t]*:", re.M)
_UNITS = re.compile(r"^units[ \t]*:[ \t]*(?:#.*)?$", re.M)
_ITEM = re.compile(r"^([ \t]*)- ", re.M)


def _quietly(find: Callable[[typer.Context, str], Iterable[Tuple[str, str]]]
             ) -> Callable[[typer.Context, str], Candidates]:
    """``find`` with every failure turned into no candidates: a message or a traceback would be
    printed into the user's command line."""

    def complete(ctx: typer.Context, incomplete: str) -> Candidates:
        try:
            return [(value, help) for value, help in find(ctx, incomplete)
                    if value.startswith(incomplete)]
        except Exception:  # noqa: BLE001 - see the docstring
            return []

    return complete


def _data_dir(ctx: typer.Context) -> Path:
    from ..load import find_data_dir

    folder, _ = find_data_dir(ctx.params.get("data"))
    if folder is None:
        raise LookupError("no data")
    return folder


def roster_mentioning(text: str, word: str) -> str:
    """units.yaml with only the roster entries whose text contains ``word`` (all of them when
    ``word`` is empty): parsing 20 entries instead of 10,000 on every Tab. The roster is the
    block list under ``units:``; anything else is kept as it is."""
    head = _UNITS.search(text)
    first = _ITEM.search(text, head.end()) if head and word else None
    if first is None:
        return text
    indent = len(first.group(1))
    kept, entry = [text[: first.start()]], []
    lines = iter(text[first.start():].split("\n"))
    for line in lines:
        body = line.lstrip(" \t")
        level = len(line) - len(body)
        if level <= indent and body and not body.startswith("#"):
            if any(word in piece for piece in entry):
                kept.extend(line + "\n" for line in entry)
            entry = []
            if not body.startswith("-"):  # the next top-level key: the roster is over
                kept.append("\n".join([line, *lines]))
                break
        entry.append(line)
    else:
        if any(word in piece for piece in entry):
            kept.append("\n".join(entry))
    return "".join(kept)


def _roster(ctx: typer.Context, word: str):
    """(categories, units) of units.yaml, the roster cut down to entries mentioning ``word``."""
    from ..load import UNITS_FILE
    from ..parse import parse_units
    from ..read import Text, read_text

    text, _ = read_text(_data_dir(ctx) / UNITS_FILE)
    if text is None:
        return [], []
    categories, units, _ = parse_units(Text(text.path, text.display,
                                            roster_mentioning(text.text, word)))
    return categories, units


def _phases(ctx: typer.Context) -> Iterator:
    """Each readable phase file's phase, parsed from the file's head (up to ``records:``)."""
    from ..load import phase_files
    from ..parse import parse_phase
    from ..read import decode_text, display_name

    for path in phase_files(_data_dir(ctx)):
        with path.open("rb") as f:
            data = f.read(1 << 16)
            cut = _RECORDS.search(data)
            if cut is None:
                data += f.read()
                cut = _RECORDS.search(data)
        text, _ = decode_text(data[: cut.start()] if cut else data, path, display_name(path))
        phase = parse_phase(text)[0] if text is not None else None
        if phase is not None:
            yield phase


@_quietly
def units(ctx: typer.Context, incomplete: str) -> Iterator[Tuple[str, str]]:
    for unit in _roster(ctx, incomplete)[1]:
        yield unit.id, unit.name
        for alias in unit.aliases:
            yield alias, f"{unit.id}的别名"


@_quietly
def tasks(ctx: typer.Context, incomplete: str) -> Iterator[Tuple[str, str]]:
    wanted = ctx.params.get("phase")
    for phase in _phases(ctx):
        if wanted in (None, phase.number):
            for task in phase.tasks:
                yield task.id, task.title


@_quietly
def phases(ctx: typer.Context, incomplete: str) -> Iterator[Tuple[str, str]]:
    for phase in _phases(ctx):
        yield str(phase.number), phase.title


@_quietly
def groups(ctx: typer.Context, incomplete: str) -> Iterator[Tuple[str, str]]:
    found = sorted({u.group for u in _roster(ctx, "")[1] if u.group is not None})
    for group in found:
        yield str(group), f"第{group}组"


@_quietly
def categories(ctx: typer.Context, incomplete: str) -> Iterator[Tuple[str, str]]:
    for category in _roster(ctx, "\0")[0]:  # no roster entry holds NUL: the categories alone
        yield category.key, category.name


def values(kind: Type[Enum]) -> Callable[[str], List[str]]:
    """The fixed values of an option (--format, --by)."""

    def complete(incomplete: str) -> List[str]:
        return [str(k.value) for k in kind if str(k.value).startswith(incomplete)]

    return complete


@_quietly
def paths(ctx: typer.Context, incomplete: str) -> Iterator[Tuple[str, str]]:
    """Files and folders (a folder with its separator, to go on typing)."""
    folder = incomplete[: max(incomplete.rfind("/"), incomplete.rfind("\\")) + 1]
    with os.scandir(Path(folder or ".").expanduser()) as entries:
        for entry in entries:
            yield folder + entry.name + ("/" if entry.is_dir() else ""), ""
