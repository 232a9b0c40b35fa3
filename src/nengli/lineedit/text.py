"""The line editor's ground: bytes and lines as the files have them (a BOM, CRLF), the YAML
nodes that place an edit, and the YAML text of a value."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from ..problems import ProblemError


class EditError(ProblemError):
    """The file is written in a way this editor will not touch (a message code and fields)."""


# ---- bytes and lines --------------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"


def split_bom(data: bytes) -> tuple[bytes, str]:
    """(the UTF-8 BOM or b"", the text after it); UnicodeDecodeError for other encodings."""
    if data.startswith(BOM):
        return BOM, data[len(BOM):].decode("utf-8")
    return b"", data.decode("utf-8")


def split_lines(text: str) -> list[str]:
    """Lines with their ends kept; only ``\\n`` splits (``\\r`` stays with its line)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def newline(lines: list[str]) -> str:
    """The file's line end: CRLF when its first line has one."""
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def three_way_bom(base: bytes, ours: bytes, theirs: bytes) -> bytes:
    """The BOM of a merged file: ours, unless only theirs added or dropped it."""
    return theirs if ours == base else ours


def shift_lines(lines: list[str], shift: int) -> list[str]:
    """Lines moved ``shift`` columns right (left when negative, never past their text)."""
    out = []
    for ln in lines:
        if shift > 0:
            ln = " " * shift + ln if ln.strip() else ln
        elif shift < 0:
            ln = ln[min(-shift, len(ln) - len(ln.lstrip(" "))):]
        out.append(ln)
    return out


def unified_diff(display: str, old: str, new: str) -> str:
    out = difflib.unified_diff(
        [ln.rstrip("\r\n") + "\n" for ln in split_lines(old)],
        [ln.rstrip("\r\n") + "\n" for ln in split_lines(new)],
        fromfile=f"a/{display}", tofile=f"b/{display}")
    return "".join(out)


# ---- YAML nodes -------------------------------------------------------------------------------

def compose(text: str):
    """The text's YAML nodes, composed as the reader composes them (yaml.YAMLError if not YAML)."""
    from ..parse import compose_text

    return compose_text(text)


def pair(mapping, key: str):
    """The (key node, value node) of ``key`` in a mapping node, or None."""
    for k, v in mapping.value:
        if getattr(k, "value", None) == key:
            return k, v
    return None


def is_null(node) -> bool:
    """``key:``, ``key: ~``, ``key: null`` or ``key: {}``: nothing written there yet."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return node.style in ("", None) and node.value in ("", "~", "null", "Null", "NULL")
    return isinstance(node, yaml.MappingNode) and bool(node.flow_style) and not node.value


def last_line(node) -> int:
    """0-based line of the last character of ``node``'s content."""
    import yaml

    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return last_line(node.value[-1])
    end = node.end_mark
    if end.column == 0 and end.line > node.start_mark.line:
        return end.line - 1
    return end.line


def value_span(node, lines: list[str]) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of a value as written, 0-based, comments excluded."""
    end = last_line(node)
    end_col = node.end_mark.column if node.end_mark.line == end \
        else len(lines[end].rstrip("\r\n"))
    return node.start_mark.line, node.start_mark.column, end, end_col


def node_value(node) -> Any:
    """A node as a comparable value: scalars as text, mappings without their key order (two
    versions of a record or a unit are the same when they say the same, however written)."""
    import yaml

    if type(node) is yaml.ScalarNode:
        return node.value
    if isinstance(node, yaml.MappingNode):
        return ("map", tuple(sorted(((node_value(k), node_value(v)) for k, v in node.value), key=repr)))
    if isinstance(node, yaml.SequenceNode):
        return ("seq", tuple(node_value(v) for v in node.value))
    return node.value


def node_text(node, lines: list[str]) -> str:
    """A value as YAML text on one line: as written when it is on one line, else rewritten in
    flow style (a block list of aliases becomes ``[a, b]``)."""
    import yaml

    line, col, end, end_col = value_span(node, lines)
    if line == end:
        return lines[line][col:end_col]
    if isinstance(node, yaml.SequenceNode):
        return "[" + ", ".join(node_text(v, lines) for v in node.value) + "]"
    if isinstance(node, yaml.MappingNode):
        return "{" + ", ".join(f"{node_text(k, lines)}: {node_text(v, lines)}"
                               for k, v in node.value) + "}"
    return scalar(node.value)


# ---- YAML text of a value ---------------------------------------------------------------------

_PLAIN_UNSAFE = re.compile(r"""[,\[\]{}#:&*!|>'"%@`\\\x00-\x1f\x7f]""")
_PLAIN_BAD_START = re.compile(r"^[-?~\s]|\s$")


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly this text, in a flow or block
    context: plain when that is safe, else double-quoted (JSON escapes are YAML escapes)."""
    from ..parse import implicit_scalar

    if text and not _PLAIN_UNSAFE.search(text) and not _PLAIN_BAD_START.search(text) \
            and not implicit_scalar(text) and "\u2028" not in text and "\u2029" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)
