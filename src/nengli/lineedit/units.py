"""Units in units.yaml: each unit's own lines (with the comments above it), its fields set or
removed one by one, new units in nengli's layout after the last unit of their category."""

from __future__ import annotations

from typing import Any, NamedTuple

from .text import EditError, compose, last_line, pair, scalar, split_bom, split_lines, value_span


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
