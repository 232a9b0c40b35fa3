"""What changed in a roster between two versions of units.yaml, unit by unit, in words.

``nengli sync`` says which units came and went ("同事 甲 修改了名册：新增 七中"), the commit of
a hand-edited roster names them, and the merge driver compares the units of three versions
field by field. All of them read a version with the one parser and compare with ``diff``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .model import Category, Unit

#: a unit's fields that can change (its id is the unit itself)
FIELDS = ("name", "category", "aliases", "group", "contact", "phone")
#: the fields' names as people say them
FIELD_NAMES = {"name": "全称", "category": "类别", "aliases": "别名", "group": "督导组",
               "contact": "联系人", "phone": "电话"}


@dataclass(frozen=True, slots=True)
class RosterChange:
    """A unit added, changed or removed; with the commit that did it, when read from git."""

    unit: str
    kind: Literal["add", "change", "remove"]
    #: (field, before, after) of each field that differs; for an added unit, its fields
    fields: tuple[tuple[str, Any, Any], ...] = ()
    commit: str = ""
    author: str = ""
    date: dt.date | None = None


class Roster(dict):
    """A version of units.yaml: unit id -> Unit, in roster order, and its categories."""

    categories: tuple[Category, ...] = ()


def read_roster(data: bytes | None, name: str = "units.yaml") -> Roster | None:
    """The units of one version of units.yaml (None: no such file, or one that does not read)."""
    from .parse import parse_units
    from .read import decode_text

    if data is None:
        return None
    text, _ = decode_text(data, Path(name), name)
    if text is None:
        return None
    categories, units, _problems = parse_units(text)
    out = Roster((u.id, u) for u in units)
    out.categories = tuple(categories)
    return out


def values(unit: Unit) -> dict[str, Any]:
    return {f: getattr(unit, f) for f in FIELDS}


def diff(old: dict[str, Unit] | None, new: dict[str, Unit] | None) -> list[RosterChange]:
    """Each unit that differs between two rosters: the new roster's order, then the removed."""
    old, new = old or {}, new or {}
    out = []
    for uid, unit in new.items():
        before = old.get(uid)
        if before is None:
            out.append(RosterChange(uid, "add", tuple(
                (f, None, v) for f, v in values(unit).items()
                if v not in ("", (), None) and not (f == "name" and v == uid))))
            continue
        a, b = values(before), values(unit)
        fields = tuple((f, a[f], b[f]) for f in FIELDS if a[f] != b[f])
        if fields:
            out.append(RosterChange(uid, "change", fields))
    out += [RosterChange(uid, "remove") for uid in old if uid not in new]
    return out


def shown(f: str, value: Any, category_names: dict[str, str] | None = None) -> str:
    if value in (None, "", ()):
        return "（空）"
    if f == "aliases":
        return "、".join(value)
    if f == "category" and category_names:
        return category_names.get(value, value)
    return str(value)


def describe(change: RosterChange, category_names: dict[str, str] | None = None) -> str:
    """新增 七中（类别：学校） / 修改 一中（联系人：王老师 → 李老师） / 删除 五中"""
    if change.kind == "remove":
        return f"删除 {change.unit}"
    if change.kind == "add":
        detail = "，".join(f"{FIELD_NAMES[f]}：{shown(f, new, category_names)}"
                          for f, _old, new in change.fields)
        return f"新增 {change.unit}" + (f"（{detail}）" if detail else "")
    detail = "，".join(f"{FIELD_NAMES[f]}：{shown(f, old, category_names)} → "
                      f"{shown(f, new, category_names)}" for f, old, new in change.fields)
    return f"修改 {change.unit}（{detail}）"
