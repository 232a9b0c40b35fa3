"""Three-way merge of a phase file record by record: the merge driver's phase half
(merge_units.py merges units.yaml, driver.py is what git runs).

A phase file is text around a table of records (task → unit → value). Two clerks who register
neighbouring units touch neighbouring lines, and git's line merge calls that a conflict. Here
the records are merged as data and only the text around them is left to git:

1. each version's records are read with their exact lines; a record's value is compared as
   parsed YAML, never field by field, so fields added later merge the same way;
2. the records are merged three-way: a change on one side wins, the same change on both sides
   is one change, different changes on both sides are a conflict;
3. each version is brought to the merged records with the line editor ``nengli record`` uses
   (a new record goes where the roster puts it, a kept record keeps its lines), so the three
   versions differ only outside the records, and ``git merge-file`` merges that text exactly as
   git would.

The result is what ``nengli record`` would have written on top of either side. A file whose
records cannot be read line by line (a syntax error, records in braces) is merged by
``git merge-file`` alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .layout import UNITS_FILE
from .lineedit import (EditError, Entry, compose, is_null, last_line, newline, node_value, pair,
                       set_records, shift_lines, split_bom, split_lines, three_way_bom)

Key = tuple[str, str]
#: a note no data file has: marks the lines where set_records put the records being moved in
_PLACEHOLDER = "nengli-merge-placeholder-7f3a9c"


class Item(NamedTuple):
    """One record as written: its task, unit id, parsed value and exact lines (a NamedTuple:
    a large file has a hundred thousand of them)."""

    task: str
    unit: str
    value: Any
    lines: tuple[str, ...]
    first: int
    last: int
    column: int
    #: where the value is: (line, column) of its start and end, 0-based
    span: tuple[int, int, int, int]

    @property
    def value_text(self) -> str:
        """The value as written, on one line: ``2022-01-26`` or ``{date: …, note: …}``."""
        start_line, start_col, end_line, end_col = self.span
        parts = []
        for number in range(start_line, min(end_line, self.last) + 1):
            line = self.lines[number - self.first]
            parts.append(line[start_col if number == start_line else 0:
                              end_col if number == end_line else len(line)].strip())
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Conflict:
    """The same record changed differently on both sides (None: removed on that side)."""

    task: str
    unit: str
    base: str | None
    ours: str | None
    theirs: str | None
    #: 1-based line of the record in our version (else in theirs)
    line: int = 0


class Version(NamedTuple):
    """One version of a phase file as the merge reads it."""

    items: dict[Key, Item]
    #: the phase's task ids, in order
    tasks: list[str]
    #: the YAML nodes of the text (None for an empty file)
    root: Any


@dataclass
class MergeResult:
    data: bytes
    #: the record conflicts; text conflicts outside the records are counted in ``text_conflicts``
    conflicts: list[Conflict] = field(default_factory=list)
    text_conflicts: int = 0
    #: why the record merge gave way to git's line merge (a failure of nengli's), or ""
    fallback: str = ""

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.text_conflicts


# ---- reading the records with their lines -----------------------------------------------------

def read_items(text: str, resolve: dict[str, str]) -> Version | None:
    """Every record of a phase file by (task, unit id), and the ids of its tasks; None when
    the records are not written one per line in block style (then only a line merge is safe)."""
    import yaml

    try:
        root = compose(text)
    except yaml.YAMLError:
        return None
    if root is None:
        return Version({}, [], None)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    task_ids = []
    tasks = pair(root, "tasks")
    if tasks and isinstance(tasks[1], yaml.SequenceNode):
        for task in tasks[1].value:
            tid = pair(task, "id") if isinstance(task, yaml.MappingNode) else None
            if tid:
                task_ids.append(tid[1].value)
    found = pair(root, "records")
    if found is None or is_null(found[1]):
        return Version({}, task_ids, root)
    rnode = found[1]
    if not isinstance(rnode, yaml.MappingNode) or rnode.flow_style:
        return None
    lines = split_lines(text)
    items: dict[Key, Item] = {}
    for tkey, tnode in rnode.value:
        if not isinstance(tkey, yaml.ScalarNode):
            return None
        if is_null(tnode):
            continue
        if not isinstance(tnode, yaml.MappingNode) or tnode.flow_style:
            return None
        for k, v in tnode.value:
            if not isinstance(k, yaml.ScalarNode):
                return None
            key = (tkey.value, resolve.get(k.value, k.value))
            first, last = k.start_mark.line, last_line(v)
            if key in items or lines[first][:k.start_mark.column].strip():
                return None  # the same record twice: for nengli check to explain, not to guess
            own = (lines[first].rstrip("\r\n"),) if first == last else \
                tuple(ln.rstrip("\r\n") for ln in lines[first:last + 1])
            items[key] = Item(key[0], key[1], node_value(v), own, first, last, k.start_mark.column,
                              (v.start_mark.line, v.start_mark.column, v.end_mark.line,
                               v.end_mark.column))
    return Version(items, task_ids, root)


# ---- merging the records ----------------------------------------------------------------------

def merge_items(base: dict[Key, Item], ours: dict[Key, Item], theirs: dict[Key, Item]
                ) -> tuple[dict[Key, Item | None], list[Conflict]]:
    """The merged records (None: removed) and the conflicts, in ours' order then theirs'."""
    merged: dict[Key, Item | None] = {}
    conflicts: list[Conflict] = []
    for key in [*ours, *(k for k in theirs if k not in ours), *(k for k in base if k not in ours
                                                                 and k not in theirs)]:
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        bv, ov, tv = (x.value if x else None for x in (b, o, t))
        if ov == tv:
            # the same value: a change of its lines alone (a comment) comes from the side made it
            merged[key] = o if o is None or b is None or o.lines != b.lines else t
        elif ov == bv:
            merged[key] = t
        elif tv == bv:
            merged[key] = o
        else:
            conflicts.append(Conflict(key[0], key[1], b and b.value_text, o and o.value_text,
                                      t and t.value_text, (o or t).first + 1))  # type: ignore[union-attr]
            merged[key] = o or t  # a place for the conflict markers
    return merged, conflicts


def _reindent(item: Item, column: int) -> list[str]:
    return shift_lines(list(item.lines), column - item.column)


def conform(text: str, version: Version, merged: dict[Key, Item | None], **where: Any) -> str:
    """``text`` with its records made the merged records; nothing else is touched.

    A record both have keeps its place and takes the merged lines; a record the text lacks is
    put where ``nengli record`` would put it (``where``: set_records' resolve, order and
    tasks); a record the merge removed loses its lines. set_records makes all the changes in
    one reading of the text, each on a line that says which change it is; those lines then
    become the merged records' own lines (or go).
    """
    fill: list[Item | None] = []
    edits = []

    def mark(key: Key, item: Item | None) -> None:
        edits.append((key[0], key[1], Entry(dt.date(2000, 1, 1), f"{_PLACEHOLDER}{len(fill)}")))
        fill.append(item)

    for key, item in version.items.items():
        want = merged.get(key)
        if want is None or want.lines != item.lines:
            mark(key, want)
    for key, want in merged.items():
        if want is not None and key not in version.items:
            mark(key, want)
    if not edits:
        return text
    placed = set_records(text, edits, root=version.root, **where)
    lines = split_lines(placed)
    nl = newline(lines)
    out = []
    for line in lines:
        at = line.find(_PLACEHOLDER)
        if at < 0:
            out.append(line)
            continue
        item = fill[int(re.match(r"\d+", line[at + len(_PLACEHOLDER):]).group())]  # type: ignore[union-attr]
        if item is None:
            continue
        ending = line[len(line.rstrip("\r\n")):]
        column = len(line) - len(line.lstrip(" "))
        out += [ln + (ending or nl) for ln in _reindent(item, column)]
        if not ending:
            out[-1] = out[-1][:-len(nl)]
    return "".join(out)


# ---- the whole file ---------------------------------------------------------------------------

def merge_phase(base: bytes, ours: bytes, theirs: bytes, *, resolve: dict[str, str] | None = None,
                order: dict[str, int] | None = None, labels: tuple[str, str, str] = ("ours", "base", "theirs")
                ) -> MergeResult:
    """Merge three versions of a phase file: records as data, the rest with git merge-file.

    ``resolve`` maps names and aliases to unit ids and ``order`` unit ids to roster places
    (both from units.yaml; empty, new records go after the others of their task).
    """
    from . import gitio

    resolve, order = resolve or {}, order or {}
    try:
        decoded = [split_bom(x) for x in (base, ours, theirs)]
    except UnicodeDecodeError:
        decoded = []
    versions = [read_items(text, resolve) for _bom, text in decoded]
    if not decoded or any(v is None for v in versions):
        data, count = gitio.merge_file(ours, base, theirs, labels)
        return MergeResult(data, text_conflicts=count)
    b, o, t = versions  # type: ignore[misc]
    merged, conflicts = merge_items(b.items, o.items, t.items)
    tasks = list(dict.fromkeys(o.tasks + t.tasks + b.tasks))
    try:
        texts = [conform(text, version, merged, resolve=resolve, order=order, tasks=tasks)
                 for (_bom, text), version in zip(decoded, versions)]  # type: ignore[arg-type]
    except EditError:
        data, count = gitio.merge_file(ours, base, theirs, labels)
        return MergeResult(data, text_conflicts=count)
    bom = three_way_bom(*(b for b, _text in decoded))
    out, count = gitio.merge_file(*(t.encode("utf-8") for t in (texts[1], texts[0], texts[2])),
                                  labels)
    text = out.decode("utf-8")
    if conflicts and not count:
        text = _mark(text, conflicts, o.items, t.items, resolve, labels)
    return MergeResult(bom + text.encode("utf-8"), conflicts, count)


def _mark(text: str, conflicts: list[Conflict], ours: dict[Key, Item], theirs: dict[Key, Item],
          resolve: dict[str, str], labels: tuple[str, str, str]) -> str:
    """The merged text with git's conflict markers around each conflicting record."""
    found = read_items(text, resolve)
    merged = found.items if found else {}
    lines = split_lines(text)
    nl = newline(lines)
    for c in sorted(conflicts, key=lambda c: merged[(c.task, c.unit)].first
                    if (c.task, c.unit) in merged else -1, reverse=True):
        key = (c.task, c.unit)
        here = merged.get(key)
        if here is None:
            continue  # removed on our side: the marker would have nowhere to stand
        o, t = ours.get(key), theirs.get(key)
        block = [f"<<<<<<< {labels[0]}", *(_reindent(o, here.column) if o else []), "=======",
                 *(_reindent(t, here.column) if t else []), f">>>>>>> {labels[2]}"]
        ending = nl if lines[here.last].endswith("\n") else ""
        lines[here.first:here.last + 1] = [ln + nl for ln in block[:-1]] + [block[-1] + ending]
    return "".join(lines)


# ---- the roster the driver reads ----------------------------------------------------------------

def roster_of(data_dir: Path) -> tuple[dict[str, str], dict[str, int]]:
    """(name or alias -> unit id, unit id -> roster place) from units.yaml, as far as it reads."""
    from .levels import name_index
    from .model import Campaign
    from .parse import parse_units
    from .read import decode_text

    path = data_dir / UNITS_FILE
    try:
        text, _ = decode_text(path.read_bytes(), path, path.name)
    except OSError:
        return {}, {}
    if text is None:
        return {}, {}
    _cats, units, _problems = parse_units(text)
    campaign = Campaign(root=data_dir, categories=(), units=tuple(units), phases=())
    return name_index(campaign), {u.id: u.index for u in units}
