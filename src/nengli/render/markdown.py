"""The small Markdown subset that notices and bulletins are written in, read into blocks.

Documents are written as Markdown (reviewed in git) and mapped onto official styles for Word
(render/docx.py). Only the structure a 公文 needs is recognised:

    # 标题                    title
    ## 一、…  ### （一）…      headings (## is the first official level, ### the second, …)
    1. 督查…                  a numbered item (the number is kept as text: 1.督查…)
    > ……                      a quotation
    ---                       a rule (the 版记's lines, a masthead's red line)
    anything else             a paragraph; lines of one paragraph are joined

Blocks are separated by blank lines; a numbered line also starts a new block, so items
written on consecutive lines stay separate. ``**bold**`` is the only inline mark. A general Markdown
library (markdown-it) would turn ``1.`` paragraphs into HTML lists and lose the official
numbering, so this reader keeps the text exactly as written, minus the Markdown marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["title", "heading", "paragraph", "item", "quote", "rule"]

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_RULE = re.compile(r"^[ ]{0,3}(?:-[ ]*){3,}$|^[ ]{0,3}(?:\*[ ]*){3,}$|^[ ]{0,3}(?:_[ ]*){3,}$")
_ITEM = re.compile(r"^(\d{1,3})[.．][ \t]+(.*)$")
_QUOTE = re.compile(r"^>[ ]?(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


@dataclass(frozen=True)
class Block:
    """One block of a document: its kind, its plain text and its runs (text, bold)."""

    kind: Kind
    #: heading depth as written (# = 1, ## = 2 …); 0 for other blocks
    level: int = 0
    #: the text as it appears in the document, without Markdown marks
    text: str = ""
    runs: tuple[tuple[str, bool], ...] = field(default=(), compare=False)


def parse(text: str) -> list[Block]:
    """``text`` as a list of blocks, in order."""
    blocks: list[Block] = []
    for lines in _groups(text):
        first = lines[0]
        if _RULE.match(first) and len(lines) == 1:
            blocks.append(Block("rule"))
            continue
        heading = _HEADING.match(first)
        if heading:
            depth = len(heading.group(1))
            blocks.append(_block("title" if depth == 1 else "heading", heading.group(2), depth))
            if len(lines) > 1:
                blocks.extend(parse("\n".join(lines[1:])))
            continue
        quote = _QUOTE.match(first)
        if quote and all(_QUOTE.match(line) for line in lines):
            blocks.append(_block("quote", _join([_QUOTE.match(l).group(1) for l in lines])))  # type: ignore[union-attr]
            continue
        for part in _split_items(lines):
            item = _ITEM.match(part[0])
            if item:
                # official numbering is 1.督查…, without the space Markdown needs after "1."
                body = _join([item.group(2), *part[1:]])
                blocks.append(_block("item", f"{item.group(1)}.{body}"))
            else:
                blocks.append(_block("paragraph", _join(part)))
    return blocks


def _split_items(lines: list[str]) -> list[list[str]]:
    """A run of lines cut before each numbered line: ``1. …`` / ``2. …`` written on
    consecutive lines are separate numbered paragraphs, as they look in Notepad."""
    parts: list[list[str]] = []
    for line in lines:
        if not parts or _ITEM.match(line):
            parts.append([line])
        else:
            parts[-1].append(line)
    return parts


def _groups(text: str) -> list[list[str]]:
    """Runs of non-blank lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        # only ASCII blanks are Markdown's; a full-width space (U+3000) is text that aligns
        if line.strip(" \t"):
            current.append(line.strip(" \t"))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one line: Chinese text joins without a space."""
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def _block(kind: Kind, source: str, level: int = 0) -> Block:
    runs: list[tuple[str, bool]] = []
    pos = 0
    for m in _BOLD.finditer(source):
        if m.start() > pos:
            runs.append((_unescape(source[pos:m.start()]), False))
        runs.append((_unescape(m.group(1)), True))
        pos = m.end()
    if pos < len(source):
        runs.append((_unescape(source[pos:]), False))
    runs = [r for r in runs if r[0]]
    return Block(kind, level, "".join(r[0] for r in runs), tuple(runs))


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)
