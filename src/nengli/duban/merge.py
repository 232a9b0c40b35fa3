"""Three-way merge of duban.yaml item by item, line by line of their logs: the part of
nengli's git merge driver (driver.drive) for the 督办 record.

Two clerks each add items (every clerk numbers in a series of their own, so their numbers
differ) and add lines to the logs of items (a 督办 on one side, a 延期 on the other). Git's line
merge calls two additions at the end of the file a conflict; here:

- items are matched by number: an item added on one side is added; removed on one side and
  unchanged on the other, removed; its unit, phase and task changed on one side, changed;
- an item's log is merged as a set of lines: a line added on either side is kept, a line
  removed on one side (and not changed on the other) goes; the lines are then put in date
  order, our side's first on a day;
- the text before the first item and after the last is merged by ``git merge-file``.

A true conflict — the same number given to two different matters (a series shared by
mistake), an item changed on one side and removed on the other, or two 销号 — keeps both
versions of that item between git's conflict markers, and nengli check and sync refuse until
it is settled. A file that cannot be read item by item is merged by ``git merge-file`` alone.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..lineedit import compose, last_line, newline, pair, split_bom, split_lines

_DATE = re.compile(r"date:\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})")


class Entry(NamedTuple):
    """One line of a log: its comparable value and its text after the ``- ``."""

    value: Any
    text: str

    @property
    def date(self) -> str:
        m = _DATE.search(self.text)
        return m.group(1) if m else ""


class Block(NamedTuple):
    """One item as written: its lines, which of them are its log, and its values."""

    lines: list[str]
    #: index range of the log's lines within ``lines``
    log_start: int
    log_end: int
    #: what the log's lines start with (``      - ``)
    dash: str
    header: Any
    entries: list[Entry]


class Book(NamedTuple):
    head: list[str]
    blocks: dict[str, Block]
    tail: list[str]


def _value(node) -> Any:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return ("map", tuple(sorted(((_value(k), _value(v)) for k, v in node.value), key=repr)))
    if isinstance(node, yaml.SequenceNode):
        return ("seq", tuple(_value(v) for v in node.value))
    return None  # pragma: no cover


def read_book(text: str) -> Book | None:
    """duban.yaml as items with their lines; None when it is not written the way nengli writes
    it (items in block style, each log line on a line of its own)."""
    import yaml

    lines = split_lines(text)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline(lines)
    try:
        root = compose(text)
    except yaml.YAMLError:
        return None
    if root is None:
        return Book(lines, {}, [])
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    found = pair(root, "items")
    items = found[1] if found is not None else None
    if items is None or isinstance(items, yaml.ScalarNode) and items.value in ("", "~", "null") \
            or isinstance(items, yaml.MappingNode) and not items.value:
        return Book(lines, {}, [])  # no item yet
    if not isinstance(items, yaml.MappingNode) or items.flow_style:
        return None
    starts = [k.start_mark.line for k, _v in items.value]
    end_all = last_line(items.value[-1][1]) + 1
    # the lines after the last item that belong to it: up to the next key of the root, if any
    after = [k.start_mark.line for k, _v in root.value if k.start_mark.line > starts[-1]]
    tail_at = min(after) if after else len(lines)
    while tail_at > end_all and not lines[tail_at - 1].strip():
        tail_at -= 1
    blocks: dict[str, Block] = {}
    for i, (key, node) in enumerate(items.value):
        if not isinstance(key, yaml.ScalarNode) or not isinstance(node, yaml.MappingNode) \
                or node.flow_style or key.start_mark.column == 0:
            return None
        number = key.value.strip()
        if number in blocks:
            return None
        first = starts[i]
        stop = starts[i + 1] if i + 1 < len(starts) else tail_at
        own = lines[first:stop]
        log = pair(node, "log")
        if log is None or not isinstance(log[1], yaml.SequenceNode) or log[1].flow_style \
                or not log[1].value:
            return None
        entries, rows = [], []
        for entry in log[1].value:
            row = entry.start_mark.line
            if last_line(entry) != row:
                return None
            rows.append(row)
            text_of = lines[row][entry.start_mark.column:].rstrip("\r\n")
            entries.append(Entry(_value(entry), text_of))
        if rows != list(range(rows[0], rows[0] + len(rows))):
            return None  # a comment between the log's lines: leave it to git
        entry = log[1].value[0]
        dash = lines[rows[0]][:entry.start_mark.column]
        header = tuple(sorted((k.value, _value(v)) for k, v in node.value if k.value != "log"))
        blocks[number] = Block(own, rows[0] - first, rows[-1] + 1 - first, dash, header, entries)
    return Book(lines[:starts[0]], blocks, lines[tail_at:])


def merge_book(base: bytes, ours: bytes, theirs: bytes,
               labels: tuple[str, str, str] = ("ours", "base", "theirs")
               ) -> tuple[bytes, int] | None:
    """The merged duban.yaml and its number of conflicts, or None when a side cannot be read
    item by item (then git's line merge does it)."""
    from .. import gitio

    try:
        decoded = [split_bom(x) for x in (base, ours, theirs)]
    except UnicodeDecodeError:
        return None
    books = [read_book(text) for _bom, text in decoded]
    if any(b is None for b in books):
        return None
    b, o, t = books  # type: ignore[misc]
    nl = newline(split_lines(decoded[1][1]) or split_lines(decoded[2][1]))
    head, count = _merge_text(o.head, b.head, t.head, labels, gitio)
    tail, more = _merge_text(o.tail, b.tail, t.tail, labels, gitio)
    count += more
    body: list[str] = []
    for number in [*o.blocks, *(n for n in t.blocks if n not in o.blocks)]:
        lines, why = _merge_block(b.blocks.get(number), o.blocks.get(number),
                                  t.blocks.get(number), labels, nl)
        body += lines
        count += bool(why)
    text = "".join(head + body + tail)
    return decoded[1][0] + text.encode("utf-8"), count


def _merge_text(ours: list[str], base: list[str], theirs: list[str], labels, gitio
                ) -> tuple[list[str], int]:
    if ours == theirs:
        return ours, 0
    if ours == base:
        return theirs, 0
    if theirs == base:
        return ours, 0
    data, count = gitio.merge_file(*("".join(x).encode("utf-8") for x in (ours, base, theirs)),
                                   labels)
    return split_lines(data.decode("utf-8")), count


def _same(a: Block | None, b: Block | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.header == b.header and [e.value for e in a.entries] == [e.value for e in b.entries]


#: why an item cannot be merged (sync-duban-conflict's {why})
WHY = {"two-matters": "两边是不同的事项", "removed": "一边删除了这个事项，另一边又有新的记录",
       "two-closes": "两边各销号一次"}


def conflicts(base: bytes, ours: bytes, theirs: bytes) -> list[tuple[str, str]]:
    """(number, why) of each item the merge cannot settle; [] when none (or when the file is
    left to git's line merge)."""
    try:
        books = [read_book(split_bom(x)[1]) for x in (base, ours, theirs)]
    except UnicodeDecodeError:
        return []
    if any(b is None for b in books):
        return []
    b, o, t = books  # type: ignore[misc]
    out = []
    for number in [*o.blocks, *(n for n in t.blocks if n not in o.blocks)]:
        _lines, why = _merge_block(b.blocks.get(number), o.blocks.get(number),
                                   t.blocks.get(number), ("", "", ""), "\n")
        if why:
            out.append((number, WHY[why]))
    return out


def _merge_block(base: Block | None, ours: Block | None, theirs: Block | None, labels,
                 nl: str) -> tuple[list[str], str]:
    """One item's merged lines; when it is a conflict, both versions between markers and why
    (a key of WHY)."""
    if ours is None and theirs is None:
        return [], ""
    if ours is None or theirs is None:
        present = ours if ours is not None else theirs
        if base is None:
            return list(present.lines), ""  # type: ignore[union-attr]
        if _same(present, base):
            return [], ""  # removed on one side, unchanged on the other
        return _conflict(ours, theirs, labels, nl), "removed"
    if _same(ours, theirs):
        return list(ours.lines), ""
    if ours.header == theirs.header:
        header_from = ours
    elif base is not None and ours.header == base.header:
        header_from = theirs
    elif base is not None and theirs.header == base.header:
        header_from = ours
    else:  # one number, two matters
        return _conflict(ours, theirs, labels, nl), "two-matters"
    was = [e.value for e in base.entries] if base is not None else []
    mine = [e.value for e in ours.entries]
    yours = [e.value for e in theirs.entries]
    merged = [e for e in ours.entries if not (e.value in was and e.value not in yours)]
    merged += [e for e in theirs.entries if e.value not in mine and e.value not in was]
    merged.sort(key=lambda e: e.date)  # stable: our side's first on a day
    if sum(_is_close(e) for e in merged) > 1:
        return _conflict(ours, theirs, labels, nl), "two-closes"
    own = header_from.lines
    lines = own[:header_from.log_start] + [f"{header_from.dash}{e.text}{nl}" for e in merged] \
        + own[header_from.log_end:]
    return lines, ""


def _is_close(entry: Entry) -> bool:
    value = entry.value
    return isinstance(value, tuple) and value[0] == "map" and any(k == "close" for k, _v in value[1])


def _conflict(ours: Block | None, theirs: Block | None, labels, nl: str) -> list[str]:
    return ([f"<<<<<<< {labels[0]}{nl}", *(ours.lines if ours else []), f"======={nl}",
             *(theirs.lines if theirs else []), f">>>>>>> {labels[2]}{nl}"])
