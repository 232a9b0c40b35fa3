"""Editing nengli's YAML files the way a careful person edits them by hand: line by line.

Every writer of the data files goes through here: ``nengli record`` and ``intake`` (a record
in a phase file, ``set_records``), ``import-units`` (a unit's fields in units.yaml,
``edit_roster``), and the merge driver (both). An edit is guided by the YAML node positions and
touches only the lines of what it changes, so every comment, blank line, quoting style and key
order elsewhere stays byte-identical (a BOM and CRLF line ends too), and ``git diff`` shows
exactly the change. A new record goes where the roster puts it within its task, a new unit
after the last unit of its category: two clerks adding different things touch different lines.

A round-trip YAML library (ruamel) was tried on the shipped units.yaml and on hand-written
files: it re-spaces flow mappings (``school:      {…}`` -> ``school: {…}``), ``[ 一中 ,二中 ]``,
``name:   x``, joins a value continued on the next line in units it was not asked to touch, and
drops the UTF-8 BOM that Notepad writes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from .problems import ProblemError


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
    from .parse import compose_text

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
    from .parse import implicit_scalar

    if text and not _PLAIN_UNSAFE.search(text) and not _PLAIN_BAD_START.search(text) \
            and not implicit_scalar(text) and "\u2028" not in text and "\u2029" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Entry:
    """The value of one record: a date, or an exemption, and an optional note."""

    date: dt.date | None = None
    note: str = ""
    exempt: str | None = None
    #: the materials filed for it: (path, sha256) pairs
    files: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, record) -> "Entry":
        return cls(record.date, record.note or "", record.exempt, record.files)

    def describe(self) -> str:
        """In words, for messages: 2022-01-26（备注：逾期补报） / 免报（经批准暂缓）."""
        if self.exempt is not None:
            text = f"免报（{self.exempt}）" if self.exempt else "免报"
        else:
            text = self.date.isoformat() if self.date else "（无日期）"
        return f"{text}（备注：{self.note}）" if self.note else text


def entry_yaml(entry: Entry) -> str:
    """The value part of a record line: ``2022-01-26`` or ``{date: …, note: …}``."""
    if entry.exempt is not None:
        parts = [f"exempt: {scalar(entry.exempt)}"]
    elif not entry.note and not entry.files:
        assert entry.date is not None
        return entry.date.isoformat()
    else:
        assert entry.date is not None
        parts = [f"date: {entry.date.isoformat()}"]
    if entry.note:
        parts.append(f"note: {scalar(entry.note)}")
    if entry.files:
        parts.append("files: {" + ", ".join(f"{scalar(path)}: {digest}"
                                           for path, digest in entry.files) + "}")
    return "{" + ", ".join(parts) + "}"


# ---- records in a phase file ------------------------------------------------------------------

def _indent_step(root, lines: list[str], default: int = 2) -> int:
    """The file's indentation step, read off the first task's ``- `` (when it has one)."""
    tasks = pair(root, "tasks")
    if tasks and tasks[1].value and not getattr(tasks[1], "flow_style", True):
        line = lines[tasks[1].value[0].start_mark.line]
        step = len(line) - len(line.lstrip(" ")) - tasks[0].start_mark.column
        if step > 0:
            return step
    return default


def _clear_null(lines: list[str], value_node) -> None:
    """``key: ~`` / ``key: {}`` -> ``key:`` (comment kept), so a block can follow."""
    start, end = value_node.start_mark, value_node.end_mark
    if start.line != end.line or start.column == end.column:
        return
    line = lines[start.line]
    lines[start.line] = line[:start.column].rstrip(" ") + line[end.column:]


def set_record(text: str, task: str, unit: str, entry: Entry, *, resolve: dict[str, str],
               order: dict[str, int], tasks: list[str]) -> str:
    """``text`` with the record of ``unit`` (a canonical id) under ``task`` set to ``entry``.

    ``resolve`` maps every name and alias to its unit id, ``order`` a unit id to its roster
    place, ``tasks`` is the phase's task ids in order. Everything outside the record's own
    lines is left exactly as it was.
    """
    return set_records(text, [(task, unit, entry)], resolve=resolve, order=order, tasks=tasks)


def set_records(text: str, edits: list[tuple[str, str, Entry]], *, resolve: dict[str, str],
                order: dict[str, int], tasks: list[str], root=None) -> str:
    """``text`` with every ``(task, unit, entry)`` of ``edits`` set, from one reading of it.

    The same text as setting them one by one with ``set_record``: each edit is placed against
    the file as it was (a replaced record's lines, or an insertion point in roster order among
    the records already there), edits meeting at one point are put in roster (or task) order,
    and all are applied from the bottom up so that earlier line numbers stay true. ``root``:
    the text's YAML nodes when the caller has composed them already.
    """
    import yaml

    lines = split_lines(text)
    nl = newline(lines)
    root = compose(text) if root is None else root
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise EditError("record-flow", what="阶段文件")
    step = _indent_step(root, lines)
    rank = {t: i for i, t in enumerate(tasks)}
    by_task: dict[str, list[tuple[str, Entry]]] = {}
    for task, unit, entry in edits:
        by_task.setdefault(task, []).append((unit, entry))
    for units in by_task.values():
        units.sort(key=lambda ue: order.get(ue[0], len(order)))
    task_order = sorted(by_task, key=lambda t: rank.get(t, len(tasks)))

    def record_line(unit: str, entry: Entry) -> str:
        return f"{scalar(unit)}: {entry_yaml(entry)}"

    def block(col: int, unit_step: int, task_ids: list[str]) -> list[str]:
        out = []
        for t in task_ids:
            out.append(f"{' ' * col}{t}:")
            out += [" " * (col + unit_step) + record_line(u, e) for u, e in by_task[t]]
        return out

    # (start, end, new lines[, order]): lines[start:end] becomes the new lines; start == end
    # inserts
    splices: list[tuple] = []
    records = pair(root, "records")
    if records is None:
        tasks_pair = pair(root, "tasks")
        at = (last_line(tasks_pair[1]) + 1) if tasks_pair else len(lines)
        base = root.start_mark.column
        splices.append((at, at, ["", f"{' ' * base}records:"] + block(base + step, step, task_order)))
        return _splice(lines, splices, nl)
    rkey, rnode = records
    if is_null(rnode):
        _clear_null(lines, rnode)
        at = rkey.start_mark.line + 1
        splices.append((at, at, block(rkey.start_mark.column + step, step, task_order)))
        return _splice(lines, splices, nl)
    if not isinstance(rnode, yaml.MappingNode) or rnode.flow_style:
        raise EditError("record-flow", what="records")

    pairs = rnode.value
    task_col = pairs[0][0].start_mark.column
    unit_step = step
    for _k, v in pairs:
        if isinstance(v, yaml.MappingNode) and v.value and not v.flow_style:
            unit_step = v.value[0][0].start_mark.column - task_col
            break

    new_blocks: dict[int, list[str]] = {}  # a new task block goes before the first later task
    for task in task_order:
        found = pair(rnode, task)
        if found is None:
            mine = rank.get(task, len(tasks))
            after = [i for i, (k, _v) in enumerate(pairs) if rank.get(k.value, len(tasks)) > mine]
            new_blocks.setdefault(after[0] if after else len(pairs), []).append(task)
            continue
        tkey, tnode = found
        if is_null(tnode):
            _clear_null(lines, tnode)
            at = tkey.start_mark.line + 1
            col = tkey.start_mark.column + unit_step
            splices.append((at, at, [" " * col + record_line(u, e) for u, e in by_task[task]]))
            continue
        if not isinstance(tnode, yaml.MappingNode) or tnode.flow_style:
            raise EditError("record-flow", what=f"任务“{task}”的登记")
        splices += _task_splices(lines, tnode, by_task[task], resolve, order, record_line)
    for where, task_ids in new_blocks.items():
        at = (last_line(pairs[-1][1]) + 1 if where == len(pairs)
              else pairs[0][0].start_mark.line if where == 0
              else last_line(pairs[where - 1][1]) + 1)
        # after any record that goes at the end of the task before it
        splices.append((at, at, block(task_col, unit_step, task_ids), 1))
    return _splice(lines, splices, nl)


def _task_splices(lines: list[str], tnode, units: list[tuple[str, Entry]],
                  resolve: dict[str, str], order: dict[str, int], record_line
                  ) -> list[tuple[int, int, list[str]]]:
    """The splices that set ``units`` (in roster order) within one task's records."""
    pairs = tnode.value
    col = pairs[0][0].start_mark.column
    at_pair = {resolve.get(k.value, k.value): i for i, (k, _v) in enumerate(pairs)}
    ranks = [order.get(resolve.get(k.value, k.value), len(order)) for k, _v in pairs]
    splices = []
    inserts: dict[int, list[str]] = {}
    for unit, entry in units:
        i = at_pair.get(unit)
        if i is not None:
            k, v = pairs[i]
            first, last = k.start_mark.line, last_line(v)
            tail = ""
            if first == last:
                rest = lines[first].rstrip("\r\n")[v.end_mark.column:]
                if rest.strip().startswith("#"):
                    tail = rest
            ending = "\n" if lines[last].endswith("\n") else ""
            splices.append((first, last + 1, [" " * k.start_mark.column + record_line(unit, entry)
                                               + tail + ending]))
            continue
        mine = order.get(unit, len(order))
        after = next((j for j, r in enumerate(ranks) if r > mine), len(pairs))
        at = (last_line(pairs[-1][1]) + 1 if after == len(pairs)
              else pairs[0][0].start_mark.line if after == 0
              else last_line(pairs[after - 1][1]) + 1)
        inserts.setdefault(at, []).append(" " * col + record_line(unit, entry))
    splices += [(at, at, new) for at, new in inserts.items()]
    return splices


def _splice(lines: list[str], splices: list[tuple], nl: str) -> str:
    """Apply the splices from the bottom up (a replacement before an insertion at its start;
    of two insertions at one place, the one with the higher fourth field, if any, goes below).

    A replaced line keeps its own ending (``\\n`` there means "the file's"), an inserted one
    gets the file's, and the line before an insertion gets an ending if it was the last.
    """
    for start, end, new, *_ in sorted(splices, key=lambda s: (s[0], s[1], s[3:]), reverse=True):
        if start == end:
            if 0 < start <= len(lines) and not lines[start - 1].endswith("\n"):
                lines[start - 1] += nl
            lines[start:start] = [ln + nl for ln in new]
        else:
            lines[start:end] = [ln[:-1] + nl if ln.endswith("\n") else ln for ln in new]
    return "".join(lines)


# ---- units in units.yaml ----------------------------------------------------------------------

#: the fields of a unit in the order nengli writes them
UNIT_FIELDS = ("id", "name", "category", "aliases", "group", "contact", "phone")


class UnitLines(NamedTuple):
    """One unit of units.yaml as written: its lines are ``lines[start:end]`` of the file, the
    comment lines just above its ``- `` included; ``lines[end:gap]`` are the blank or comment
    lines after it that belong to no unit (they stay after it)."""

    id: str
    node: Any
    start: int
    end: int
    gap: int


class RosterLines(NamedTuple):
    """units.yaml as lines around its units: ``lines[:head]`` before the first unit,
    ``lines[tail:]`` after the last; ``dash`` is how a unit's first line begins."""

    lines: list[str]
    nl: str
    units: list[UnitLines]
    head: int
    tail: int
    dash: str
    root: Any
    #: ``units: []`` as it was written, when it was opened to ``units:`` for items to follow
    opened: str = ""


def roster_lines(text: str) -> RosterLines:
    """units.yaml's units with their lines. EditError("import-flow-units") when the units are
    not a block list of mappings with an id each (``units: [{…}, {…}]`` has no lines of its
    own to edit); yaml.YAMLError when the text is no YAML."""
    import yaml

    lines = split_lines(text)
    nl = "\r\n" if "\r\n" in text else "\n"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += nl
    root = compose(text)
    found = pair(root, "units") if isinstance(root, yaml.MappingNode) else None
    if found is None:
        raise EditError("import-flow-units")
    key, seq = found
    items = seq.value if isinstance(seq, yaml.SequenceNode) else []
    if items and seq.flow_style:
        raise EditError("import-flow-units")
    units: list[UnitLines] = []
    floor = key.start_mark.line + 1
    starts = []
    for item in items:
        uid = pair(item, "id") if isinstance(item, yaml.MappingNode) else None
        if uid is None or not isinstance(uid[1], yaml.ScalarNode):
            raise EditError("import-flow-units")
        start = item.start_mark.line
        while start > floor and lines[start - 1].strip().startswith("#"):
            start -= 1
        starts.append(start)
        floor = last_line(item) + 1
    for i, item in enumerate(items):
        end = last_line(item) + 1
        gap = starts[i + 1] if i + 1 < len(items) else end
        units.append(UnitLines(pair(item, "id")[1].value, item, starts[i], end, gap))
    if items:
        dash = lines[items[0].start_mark.line][:items[0].start_mark.column]
        head, tail = starts[0], units[-1].end
    else:  # `units:`, `units: []` or `units: ~`: the items go on the lines after the key
        dash = " " * (key.start_mark.column + 2) + "- "
        at = key.start_mark.line
        opened = ""
        if seq.end_mark.line == at and seq.end_mark.column > seq.start_mark.column:
            line = opened = lines[at]
            lines[at] = line[:seq.start_mark.column].rstrip(" ") + line[seq.end_mark.column:]
        head = tail = at + 1
        return RosterLines(lines, nl, units, head, tail, dash, root, opened)
    return RosterLines(lines, nl, units, head, tail, dash, root)


def unit_text(fields: list[tuple[str, str]], dash: str, nl: str) -> str:
    """A new unit's lines: ``- id: …`` then one ``field: value`` line each, under ``dash``."""
    indent = " " * len(dash)
    return "".join((dash if i == 0 else indent) + f"{f}: {text}{nl}"
                   for i, (f, text) in enumerate(fields))


def set_unit_fields(own: list[str], first: int, item, values: dict[str, str | None],
                    nl: str) -> list[str]:
    """One unit's lines (``own``, starting at file line ``first``) with each field of
    ``values`` set to its YAML text, or removed when the text is None; a field it lacks is
    added after the field before it in UNIT_FIELDS' order. Everything else stays as written."""
    import yaml

    present = {k.value: (k, v) for k, v in item.value}
    file_lines = _FileLines(own, first)
    offsets = [0]
    for line in own:
        offsets.append(offsets[-1] + len(line))

    def at(line: int, col: int) -> int:
        return offsets[line - first] + col

    def place(f: str) -> int:
        return UNIT_FIELDS.index(f) if f in UNIT_FIELDS else len(UNIT_FIELDS)

    edits: list[tuple[int, int, int, str]] = []  # (start, end, field's place, new text)
    keys = [k.value for k, _v in item.value]
    for f, text in values.items():
        if f in present:
            k, v = present[f]
            line, col, end, end_col = value_span(v, file_lines)
            if text is not None:
                edits.append((at(line, col), at(end, end_col), place(f), text))
                continue
            i = keys.index(f)
            if item.flow_style:
                if line != end or k.start_mark.line != line:
                    raise EditError("import-flow-units")
                if i > 0:  # ", phone: …" after the value before it
                    prev = item.value[i - 1][1]
                    edits.append((at(*value_span(prev, file_lines)[2:]), at(end, end_col), place(f), ""))
                elif len(keys) > 1:  # "phone: …, " up to the next key
                    nxt = item.value[1][0].start_mark
                    edits.append((at(line, k.start_mark.column), at(nxt.line, nxt.column), place(f), ""))
                else:
                    raise EditError("import-flow-units")
            elif k.start_mark.line == item.start_mark.line:  # on the "- " line: the next field moves up
                if i + 1 >= len(keys):
                    raise EditError("import-flow-units")
                nxt = item.value[i + 1][0].start_mark
                edits.append((at(k.start_mark.line, k.start_mark.column), at(nxt.line, nxt.column),
                              place(f), ""))
            else:
                edits.append((at(k.start_mark.line, 0), at(end + 1, 0), place(f), ""))
        elif text is None:
            continue
        elif item.flow_style:  # {id: 2中, category: school}: ", phone: …" after the last value
            end = item.value[-1][1].end_mark
            edits.append((at(end.line, end.column),) * 2 + (place(f), f", {f}: {text}"))
        else:  # a line of its own, after the field that comes before it in the usual order
            before = [g for g in keys if place(g) <= place(f)]
            after = last_line(present[before[-1]][1] if before else item.value[-1][1]) + 1
            indent = " " * item.value[0][0].start_mark.column
            edits.append((at(after, 0), at(after, 0), place(f), f"{indent}{f}: {text}{nl}"))
    if any(not isinstance(v, (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode))
           for _k, v in item.value):  # pragma: no cover - composed nodes are one of these
        raise EditError("import-flow-units")
    block = "".join(own)
    # bottom up, and at one place the later field first, so that it ends up below
    for start, end, _place, new in sorted(edits, reverse=True):
        block = block[:start] + new + block[end:]
    return split_lines(block)


class _FileLines:
    """A unit's own lines indexed by their line number in the whole file."""

    def __init__(self, own: list[str], first: int) -> None:
        self.own, self.first = own, first

    def __getitem__(self, line: int) -> str:
        return self.own[line - self.first]


def field_text(f: str, value: Any) -> str:
    """A unit field's value as import-units writes it: ``[a, b]`` for aliases, a group's
    number, a scalar otherwise."""
    if f == "aliases":
        return "[" + ", ".join(scalar(a) for a in value) + "]"
    if f == "group":
        return str(value)
    return scalar(value)


def place_units(existing: list[tuple[str, str]], new: list[tuple[str, str]],
                categories: list[str]) -> list[str]:
    """The ids of ``existing`` units (id, category) in their order, with each ``new`` unit
    after the last unit of its category, in the order given; the first unit of a category
    goes after the units of the categories before it (``categories``: their keys in order),
    a unit of an unknown category at the end."""
    rank = {c: i for i, c in enumerate(categories)}
    out = list(existing)
    for uid, category in new:
        same = [i for i, (_other, cat) in enumerate(out) if cat == category]
        if same:
            at = same[-1] + 1
        elif category in rank:
            at = max((i + 1 for i, (_other, cat) in enumerate(out)
                      if rank.get(cat, len(rank)) < rank[category]), default=0)
        else:
            at = len(out)
        out.insert(at, (uid, category))
    return [uid for uid, _ in out]


def edit_roster(original: bytes, units: list[tuple[str, str | list[tuple[str, str]]]],
                updated: dict[str, dict[str, str | None]]) -> bytes:
    """units.yaml's bytes with its units in the order of ``units``: each ``(id, None)`` is an
    existing unit's own lines (with the fields in ``updated[id]`` set, or removed where the
    text is None), each ``(id, fields)`` a new unit written with these (field, YAML text)
    pairs; the rest of the file untouched. EditError for a roster written as one flow list."""
    bom, text = split_bom(original)
    roster = roster_lines(text)
    lines, nl = roster.lines, roster.nl
    spans = {u.id: u for u in roster.units}
    body: list[str] = []
    for uid, fields in units:
        if fields is not None or uid not in spans:
            body.append(unit_text(list(fields or []), roster.dash, nl))
            continue
        u = spans[uid]
        own = lines[u.start:u.end]
        if uid in updated:
            own = set_unit_fields(own, u.start, u.node, updated[uid], nl)
        body.append("".join(own) + "".join(lines[u.end:u.gap]))
    return bom + ("".join(lines[:roster.head]) + "".join(body)
                  + "".join(lines[roster.tail:])).encode("utf-8")
