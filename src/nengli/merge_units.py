"""Three-way merge of units.yaml unit by unit: the merge driver's roster half (merge.py merges
the phase files).

Adding a unit is the most common roster edit, and with several clerks two of them add units
the same week: git's line merge calls two additions at the end of a list a conflict, and the
obvious way out loses one of them. Here the units are merged as data:

1. each version's units are read with their exact lines (lineedit.roster_lines), a field's
   value compared as parsed YAML;
2. units added, changed or removed on either side combine, field by field: a change on one
   side wins, the same change on both sides is one change; only the same field of the same
   unit changed differently (or a unit removed on one side and changed on the other) is a
   conflict;
3. the roster's order is kept: the units both sides have stay in order (theirs, if only they
   reordered), ours' new units where we put them, theirs' new units after the last unit of
   their category; a unit changed on one side only keeps that side's lines, a unit changed on
   both takes the other side's fields into our lines (lineedit.set_unit_fields);
4. the merged units replace the units of all three versions, and ``git merge-file`` merges
   the rest (categories, comments) exactly as git would.

A conflict leaves git's markers around the unit, ours above and theirs below, so nothing is
lost; ``nengli sync`` explains it (``conflicts``) with both values and who wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .lineedit import (EditError, UnitLines, node_text, node_value, pair, place_units, roster_lines,
                       set_unit_fields, shift_lines, split_bom, three_way_bom)
from .merge import MergeResult


class Unit(NamedTuple):
    """One unit of one version: its fields' values, their YAML text, and its lines."""

    id: str
    values: dict[str, Any]
    texts: dict[str, str]
    #: 0-based line of each field's key, for messages
    lines_of: dict[str, int]
    where: UnitLines
    lines: tuple[str, ...]
    gap: tuple[str, ...]
    column: int


class Version(NamedTuple):
    units: dict[str, Unit]
    lines: list[str]
    head: int
    tail: int
    dash: str
    nl: str
    categories: list[str]
    #: ``units: []`` as written, when there were no units (lineedit.RosterLines.opened)
    opened: str


@dataclass(frozen=True, slots=True)
class UnitConflict:
    """One field of one unit changed differently on both sides (``field`` None: the unit was
    removed on one side and changed on the other). The values are YAML text, None for absent."""

    unit: str
    field: str | None
    base: str | None
    ours: str | None
    theirs: str | None
    #: 1-based line in our version (of the field, else of the unit), else in theirs
    line: int


@dataclass
class RosterMerge:
    result: MergeResult
    conflicts: list[UnitConflict] = field(default_factory=list)


def read_version(text: str) -> Version:
    """The units of one version of units.yaml with their lines (EditError, yaml.YAMLError
    when they cannot be read one by one)."""
    import yaml

    r = roster_lines(text)
    units: dict[str, Unit] = {}
    for u in r.units:
        if u.id in units:
            raise EditError("import-flow-units")  # the same unit twice: for check to explain
        values, texts, lines_of = {}, {}, {}
        for k, v in u.node.value:
            if not isinstance(k, yaml.ScalarNode) or k.value == "id":
                continue
            values[k.value] = node_value(v)
            texts[k.value] = node_text(v, r.lines)
            lines_of[k.value] = k.start_mark.line
        lines_of["id"] = u.node.start_mark.line
        units[u.id] = Unit(u.id, values, texts, lines_of, u, tuple(r.lines[u.start:u.end]),
                           tuple(r.lines[u.end:u.gap]), u.node.start_mark.column)
    categories: list[str] = []
    found = pair(r.root, "categories")
    if found is not None and isinstance(found[1], yaml.MappingNode):
        categories = [k.value for k, _v in found[1].value if isinstance(k, yaml.ScalarNode)]
    return Version(units, r.lines, r.head, r.tail, r.dash, r.nl, categories, r.opened)


def _merge_fields(b: Unit | None, o: Unit, t: Unit, out: list[UnitConflict]
                  ) -> dict[str, str | None] | None:
    """The fields theirs brings into our unit (text, None: removed), or None on a conflict."""
    bv = b.values if b else {}
    take: dict[str, str | None] = {}
    clash = False
    for f in dict.fromkeys([*o.values, *t.values, *bv]):
        ov, tv, was = o.values.get(f), t.values.get(f), bv.get(f)
        if ov == tv or tv == was:
            continue
        if ov == was:
            take[f] = t.texts.get(f)
            continue
        clash = True
        out.append(UnitConflict(o.id, f, b.texts.get(f) if b else None, o.texts.get(f),
                                t.texts.get(f), o.lines_of.get(f, o.lines_of["id"]) + 1))
    return None if clash else take


def _category(u: Unit) -> str:
    value = u.values.get("category")
    return value if isinstance(value, str) else ""


def merge_units(base: bytes, ours: bytes, theirs: bytes,
                labels: tuple[str, str, str] = ("ours", "base", "theirs")) -> RosterMerge:
    """Merge three versions of units.yaml. A version that cannot be read unit by unit (a
    syntax error, ``units: [{…}]``) leaves the whole file to ``git merge-file``."""
    import yaml

    from . import gitio

    try:
        decoded = [split_bom(x) for x in (base, ours, theirs)]
        b, o, t = (read_version(text) for _bom, text in decoded)
    except (UnicodeDecodeError, EditError, yaml.YAMLError):
        data, count = gitio.merge_file(ours, base, theirs, labels)
        return RosterMerge(MergeResult(data, text_conflicts=count))

    conflicts: list[UnitConflict] = []
    # what each unit becomes: its lines in our layout, or a conflict block
    chosen: dict[str, list[str]] = {}
    gaps: dict[str, list[str]] = {}
    category: dict[str, str] = {}
    for uid in dict.fromkeys([*o.units, *t.units, *b.units]):
        bu, ou, tu = b.units.get(uid), o.units.get(uid), t.units.get(uid)
        if ou is None and tu is None:
            continue
        if ou is None or tu is None:
            kept = ou or tu
            assert kept is not None
            if bu is not None and bu.values == kept.values:
                continue  # removed on one side, unchanged on the other: removed
            category[uid] = _category(kept)
            gaps[uid] = _gap_in(kept, o) if ou is not None else []
            if bu is None:  # added on one side
                chosen[uid] = _lines_in(kept, o)
                continue
            conflicts.append(UnitConflict(uid, None, None, _whole(ou), _whole(tu),
                                          kept.lines_of["id"] + 1))
            chosen[uid] = _marked(ou, tu, o, labels)
            continue
        category[uid] = _category(ou)
        gaps[uid] = _gap_in(ou, o)
        if ou.values == tu.values:
            # the same unit: a change of its lines alone (a comment) from the side that made it
            same = ou if bu is None or ou.lines != bu.lines else tu
            chosen[uid] = _lines_in(same, o)
            continue
        take = _merge_fields(bu, ou, tu, conflicts)
        if take is None:
            chosen[uid] = _marked(ou, tu, o, labels)
        elif bu is not None and ou.lines == bu.lines:
            chosen[uid] = _lines_in(tu, o)  # changed by theirs alone: their lines
            category[uid] = _category(tu)
        else:
            chosen[uid] = set_unit_fields(list(ou.lines), ou.where.start, ou.where.node, take, o.nl)
            if isinstance(tu.values.get("category"), str) and "category" in take:
                category[uid] = tu.values["category"]

    order = _order(b, o, t, chosen, category)
    body: list[str] = []
    for i, uid in enumerate(order):
        body += chosen[uid]
        nxt = order[i + 1] if i + 1 < len(order) else None
        if nxt is not None and nxt not in b.units:
            # a new unit put in after this one takes this one's gap: blank lines and loose
            # comments stay after the run of units
            gaps[nxt] = gaps.pop(uid, []) + gaps.get(nxt, [])
            continue
        body += gaps.get(uid, [])
    body_text = "".join(body)
    texts = [_around(v, body_text) for v in (b, o, t)]
    out, count = gitio.merge_file(*(x.encode("utf-8") for x in (texts[1], texts[0], texts[2])), labels)
    bom = three_way_bom(*(bom for bom, _text in decoded))
    return RosterMerge(MergeResult(bom + out, text_conflicts=count + len(conflicts)), conflicts)


def _around(v: Version, body: str) -> str:
    """A version's text with its units replaced by ``body`` (the units always follow the line
    of ``units:``, so ``head`` is at least 1); no units at all keep ``units: []`` as written."""
    key_line = v.opened if not body and v.opened else v.lines[v.head - 1]
    return "".join(v.lines[:v.head - 1]) + key_line + body + "".join(v.lines[v.tail:])


def _order(b: Version, o: Version, t: Version, chosen: dict[str, list[str]],
           category: dict[str, str]) -> list[str]:
    """The merged units' order. The units that were there stay in our order (in theirs where
    only theirs reordered them). Then each side's new units, ours first: one its side put
    right after a unit of its own category stays after that unit (a unit added by hand in its
    place); any other (import-units used to append at the end) goes after the last unit of its
    category."""
    old = [u for u in o.units if u in chosen and u in b.units]
    common = [u for u in b.units if u in chosen and u in o.units and u in t.units]
    theirs_rel = [u for u in t.units if u in common]
    if [u for u in old if u in common] == common and theirs_rel != common:
        moved = iter(theirs_rel)
        old = [next(moved) if u in common else u for u in old]
    seq = list(old)
    was = set(old)
    categories = list(dict.fromkeys(o.categories + t.categories))
    for side in (o, t):
        order = list(side.units)
        for i, uid in enumerate(order):
            if uid not in chosen or uid in seq:
                continue
            mine = category[uid]
            anchor = next((u for u in reversed(order[:i]) if u in seq), None)
            if anchor is not None and category[anchor] == mine:
                at = seq.index(anchor) + 1
                while at < len(seq) and seq[at] not in was and category[seq[at]] == mine:
                    at += 1  # after the new units already put there (ours before theirs)
                seq.insert(at, uid)
            else:
                seq = place_units([(u, category[u]) for u in seq], [(uid, mine)], categories)
    return seq


def _lines_in(u: Unit, into: Version) -> list[str]:
    """A unit's lines in the layout of ``into``: its indentation and line ends."""
    shift = len(into.dash) - u.column
    return [ln.rstrip("\r\n") + into.nl for ln in shift_lines(list(u.lines), shift)]


def _gap_in(u: Unit, into: Version) -> list[str]:
    return [ln.rstrip("\r\n") + into.nl for ln in u.gap]


def _whole(u: Unit | None) -> str | None:
    """A unit as one line of YAML text, for messages: {id: 五中, category: school}."""
    if u is None:
        return None
    return "{" + ", ".join([f"id: {u.id}", *(f"{f}: {text}" for f, text in u.texts.items())]) + "}"


def _marked(ou: Unit | None, tu: Unit | None, o: Version, labels: tuple[str, str, str]) -> list[str]:
    """git's conflict markers around our lines of a unit and theirs."""
    nl = o.nl
    return ([f"<<<<<<< {labels[0]}{nl}", *(_lines_in(ou, o) if ou else []), f"======={nl}",
             *(_lines_in(tu, o) if tu else []), f">>>>>>> {labels[2]}{nl}"])

