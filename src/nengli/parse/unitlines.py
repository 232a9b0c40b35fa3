"""Roster entries read without YAML: the plain units of units.yaml, by regex.

A roster of ten thousand units is most of units.yaml, and nearly every entry is written the way
``nengli init``, ``import-units`` and the README write it::

  - id: 24中
    name: 郑州市第二十四中学
    category: school
    aliases: [二十四中]
    group: 3
    contact: 某老师 0371-00000000

Each such entry — known fields, each once, each value a plain text that the general reader
would take as it is written, without a word — is taken out of the text (its lines left empty,
so every other line keeps its number) and read here. The rest of the file is composed and read
the general way. As in ``recordlines``, ``Entries.fits`` checks the composed rest against what
the scan assumed, and the caller reads the whole file the general way when it does not fit or
has a syntax error. tests/test_unitlines.py compares both ways.
"""

import re
from typing import NamedTuple

from ..model import Source, Unit
from .explain import ID_FULLWIDTH
from .nodes import BOOLS, NULL, NUMBER, OCTAL, MappingNode, Node, ScalarNode, SequenceNode, is_null
from .recordlines import BLOCK_END, NOT_PLAIN, last_mark
from .values import parse_group

_UNITS = re.compile(r"^units:[ ]*(?:#[^\n]*)?$", re.M)
#: a value that is its own text (see recordlines): no indicator first, no ":", "#", quote,
#: bracket or comma, no space at either end
_VALUE = r"[^\s:#'\"{}\[\],&*!|>%@`?~-](?:[^\t\n:#'\"{}\[\],]*[^\s:#'\"{}\[\],])?"
#: one line of an entry: ``  - key: value`` (its first) or ``    key: value``; aliases a flow list
_LINE = re.compile(rf"^(?P<indent>[ ]*)(?P<dash>- )?(?P<key>[a-z_]+):[ ]+"
                   rf"(?:(?P<value>{_VALUE})|\[(?P<list>[^\n\[\]{{}}#'\"]*)\])[ ]*$")
_FIELDS = frozenset(("id", "name", "category", "aliases", "group", "contact", "phone"))
#: what the general reader says something about in an id or a name: full-width marks, digits
#: and letters (read as ASCII, with a warning)
_SLOW = re.compile("[" + re.escape(ID_FULLWIDTH) + "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


class Entry(NamedTuple):
    """A unit read here: the unit (its ``index`` set by the caller), where its category is
    written, and its aliases each with where it is written."""

    line: int  # 0-based line of the entry's first line
    unit: Unit
    category_source: Source
    aliases: list[tuple[str, Source]]


class Entries(NamedTuple):
    """The scan of units.yaml: the text left for YAML and the entries taken out, in order."""

    text: str
    units_line: int  # 0-based line of the units key
    #: 0-based first lines of the entries left to YAML
    kept: frozenset[int]
    taken: list[Entry]

    def fits(self, root: Node) -> bool:
        """Whether the rest of the file, composed, is what the scan took it for."""
        if not isinstance(root, MappingNode):
            return False
        found = [(k, v) for k, v in root.value if isinstance(k, ScalarNode) and k.value == "units"]
        if len(found) != 1 or found[0][0].start_mark.line != self.units_line:
            return False
        node = found[0][1]
        if is_null(node):
            return not self.kept
        if not isinstance(node, SequenceNode) or node.flow_style:
            return False
        if {item.start_mark.line for item in node.value} != self.kept:
            return False
        taken = iter(self.taken)
        nxt = next(taken, None)
        for item in node.value:
            while nxt is not None and nxt.line <= item.start_mark.line:
                nxt = next(taken, None)
            end = last_mark(item)
            if nxt is not None and (end.line, end.column) > (nxt.line, 0):
                return False  # this entry runs over one taken out
        return True


def _plain_id(value: str) -> bool:
    """Whether the general reader takes ``value`` as an id as it is, without a word."""
    if _SLOW.search(value):
        return False
    return not (value.isascii() and (NULL.fullmatch(value) or OCTAL.fullmatch(value)
                                     or value in BOOLS or NUMBER.fullmatch(value)))


def scan(text: str, file: str) -> Entries | None:
    """The plain roster entries of ``text``, or None when there are none (or the file is not
    shaped plainly enough to tell)."""
    found = list(_UNITS.finditer(text))
    if len(found) != 1 or NOT_PLAIN.search(text):
        return None
    start = found[0].end() + 1
    if start >= len(text):
        return None
    end_match = BLOCK_END.search(text, start)
    end = end_match.start() if end_match else len(text)
    first = text.count("\n", 0, start)  # the block's first line, 0-based
    lines = text[start:end].split("\n")

    # group the lines into entries: an entry starts at a "- " line of the list's indentation
    items: list[tuple[int, int]] = []  # (first, last + 1) line of each entry within the block
    dash = -1  # the column of the list's dashes
    for i, line in enumerate(lines):
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            continue
        width = len(line) - len(content)
        if dash < 0:
            dash = width
        if width < dash:
            return None
        if width == dash:
            if not content.startswith("- "):
                return None
            items.append((i, i + 1))
        elif items:
            items[-1] = (items[-1][0], i + 1)
    taken: list[Entry] = []
    kept: set[int] = set()
    for lo, hi in items:
        entry = _entry(lines, lo, hi, dash, first, file)
        if entry is None:
            kept.add(first + lo)
            continue
        taken.append(entry)
        for i in range(lo, hi):
            lines[i] = ""
    if not taken:
        return None
    rest = "\n".join(lines)
    return Entries(text[:start] + rest + text[end:], first - 1, frozenset(kept), taken)


def _entry(lines: list[str], lo: int, hi: int, dash: int, first: int, file: str) -> Entry | None:
    """The entry of lines ``lo``..``hi`` when every line is a plain field, else None."""
    values: dict[str, tuple[str, int, int]] = {}  # field -> (text, 0-based line, 0-based column)
    for i in range(lo, hi):
        line = lines[i]
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            continue
        m = _LINE.match(line)
        if m is None:
            return None
        key = m.group("key")
        if (len(m.group("indent")), bool(m.group("dash"))) != ((dash, True) if i == lo else (dash + 2, False)):
            return None
        if key not in _FIELDS or key in values or (m.group("list") is not None) != (key == "aliases"):
            return None
        value = m.group("value") if key != "aliases" else m.group("list")
        values[key] = (value, first + i, m.start("value") if key != "aliases" else m.start("list"))
    if "id" not in values or "category" not in values:
        return None
    uid, line, col = values["id"]
    category, cat_line, cat_col = values["category"]
    if not _plain_id(uid) or not _plain_id(category):
        return None
    texts = {}
    for key in ("name", "contact", "phone"):
        value = values.get(key, ("",))[0]
        if value and NULL.fullmatch(value):
            return None
        texts[key] = value
    group = None
    if "group" in values:
        group = parse_group(values["group"][0])
        if group is None:
            return None
    aliases: list[tuple[str, Source]] = []
    if "aliases" in values:
        listed, a_line, a_col = values["aliases"]
        if listed.strip():
            offset = 0
            for part in listed.split(","):
                alias = part.strip()
                if not alias or not re.fullmatch(_VALUE, alias) or not _plain_id(alias):
                    return None
                at = a_col + offset + (len(part) - len(part.lstrip(" ")))
                aliases.append((alias, Source(file, a_line + 1, at + 1)))
                offset += len(part) + 1
    unit = Unit(id=uid, name=texts["name"] or uid, category=category, index=0,
                source=Source(file, line + 1, col + 1), aliases=tuple(a for a, _ in aliases),
                group=group, contact=texts["contact"], phone=texts["phone"])
    return Entry(first + lo, unit, Source(file, cat_line + 1, cat_col + 1), aliases)
