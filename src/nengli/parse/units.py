"""The grammar of units.yaml: the categories and the roster, every value with its place.

Within the file it also checks what only the file can tell with line numbers: unique ids,
known categories, and aliases that name one unit only.
"""

from __future__ import annotations

import difflib

from ..model import Category, Problem, Source, Unit
from ..problems import problem
from ..read import Text
from .explain import what_node
from .nodes import MappingNode, Node, SequenceNode, is_null
from .reader import FileParser
from .unitlines import scan

#: read the plain roster entries without YAML (unitlines.py); the tests turn it off to compare
#: with the general path
FAST_LINES = True

UNITS_FIELDS = {"categories": True, "units": True}
CATEGORY_FIELDS = {"name": True, "counter": False, "label": False, "separate": False}
UNIT_FIELDS = {"id": True, "name": False, "category": True, "aliases": False, "group": False,
               "contact": False, "phone": False}


def parse_units(text: Text) -> tuple[list[Category], list[Unit], list[Problem]]:
    """units.yaml: the categories and the roster, in file order."""
    p = FileParser(text)
    entries = scan(text.text, p.file) if FAST_LINES else None
    root = p.compose(entries.text) if entries is not None else p.compose()
    if entries is not None and (root is None or not entries.fits(root)):
        p, entries = FileParser(text), None  # read the file as written, the general way
        root = p.compose()
    categories: list[Category] = []
    units: list[Unit] = []
    if root is None:
        return categories, units, p.problems
    top = p.fields(root, "units.yaml", UNITS_FIELDS, {"categories": "", "units": ""})
    if top is None:
        return categories, units, p.problems
    cat_keys: set[str] | None = None  # every key written under categories, usable or not
    if "categories" in top:
        node = top["categories"][1]
        if isinstance(node, MappingNode):
            cat_keys = set()
        for key, key_node, value in p.mapping(node, "categories",
                                              "例如：school: {name: 学校, counter: 所}"):
            if cat_keys is not None:
                cat_keys.add(key)
            cat = _category(p, key, key_node, value)
            if cat:
                categories.append(cat)
        if isinstance(node, MappingNode) and not node.value:
            p.report("no-categories", node)
    if "units" in top:
        node = top["units"][1]
        taken = entries.taken if entries is not None else []
        items: list[Node] | None = None
        if taken and is_null(node):
            items = []  # every entry was read by unitlines
        elif not p.check_node(node):
            pass
        elif not isinstance(node, SequenceNode):
            p.report("want-list", node, what="units", got=what_node(node),
                     example="- id: 24中（每个单位一项，以“- ”开头）")
        elif not node.value and not taken:
            p.report("no-units", top["units"][0])
        else:
            items = node.value
        if items is not None:
            placed: list[tuple[Unit, Source, list[tuple[str, Source]]]] = []
            fast = iter(taken)
            nxt = next(fast, None)
            for item in items:  # in file order, with the entries unitlines read
                while nxt is not None and nxt.line < item.start_mark.line:
                    units.append(nxt.unit._replace(index=len(units)))
                    placed.append((units[-1], nxt.category_source, nxt.aliases))
                    nxt = next(fast, None)
                found = _unit(p, item, len(units))
                if found:
                    units.append(found[0])
                    placed.append(found)
            while nxt is not None:
                units.append(nxt.unit._replace(index=len(units)))
                placed.append((units[-1], nxt.category_source, nxt.aliases))
                nxt = next(fast, None)
            _check_roster(p, categories, cat_keys, placed)
    return categories, units, p.problems


def _check_roster(p: FileParser, categories: list[Category], cat_keys: set[str] | None,
                  placed: list[tuple[Unit, Source, list[tuple[str, Source]]]]) -> None:
    """Within units.yaml: unique ids, known categories, aliases that name one unit only."""
    known = "、".join(f"{c.key}（{c.name}）" for c in categories)
    first: dict[str, Unit] = {}
    for unit, cat_src, _ in placed:
        if unit.id in first:
            p.problems.append(problem("dup-unit", unit.source, unit=unit.id,
                                      first=first[unit.id].source))
            continue
        first[unit.id] = unit
        if cat_keys and unit.category not in cat_keys:
            guess = difflib.get_close_matches(unit.category, sorted(cat_keys), n=1, cutoff=0.5)
            p.problems.append(problem("unknown-category", cat_src, value=unit.category,
                                      suggest=f"，是不是“{guess[0]}”？" if guess else "",
                                      known=known))
    p.problems += alias_problems([(unit, aliases) for unit, _, aliases in placed
                                  if first.get(unit.id) is unit])


def alias_problems(units: list[tuple[Unit, list[tuple[str, Source]]]]) -> list[Problem]:
    """Every alias names one unit only and no unit's id. ``units``: the roster (one unit per
    id), each unit with its aliases and where each is written. units.yaml and import-units
    both ask this."""
    ids = {unit.id for unit, _ in units}
    owner: dict[str, Unit] = {}
    problems = []
    for unit, aliases in units:
        for alias, src in aliases:
            if alias == unit.id:
                continue
            if alias in ids:
                problems.append(problem("alias-is-id", src, alias=alias, other=alias))
            elif alias in owner and owner[alias].id != unit.id:
                problems.append(problem("dup-alias", src, alias=alias, other=owner[alias].id,
                                        first=owner[alias].source))
            else:
                owner.setdefault(alias, unit)
    return problems


def _category(p: FileParser, key: str, key_node: Node, node: Node) -> Category | None:
    key = p.ident(key_node, "类别代号", "school")
    f = p.fields(node, f"类别“{key}”", CATEGORY_FIELDS, {"name": "学校", "counter": "所"})
    if key is None or f is None or "name" not in f:
        return None
    name = p.text_value(f["name"][1], "类别名称", "学校")
    counter = p.text_value(f["counter"][1], "量词", "所", optional=True) if "counter" in f else "个"
    label = p.text_value(f["label"][1], "通报中的称呼", "局机关各处室", optional=True) if "label" in f else ""
    separate = False
    if "separate" in f:
        n = p.scalar(f["separate"][1], "separate", "true")
        if n is not None:
            if n.value in ("true", "True", "yes", "是"):
                separate = True
            elif n.value not in ("false", "False", "no", "否"):
                p.report("want-text", n, what="separate", got=f"“{n.value}”", example="true 或 false")
    if name is None or counter is None or label is None:
        return None
    return Category(key=key, name=name, counter=counter or "个", source=p.src(key_node),
                    label=label or name, separate=separate)


def _unit(p: FileParser, node: Node, index: int
          ) -> tuple[Unit, Source, list[tuple[str, Source]]] | None:
    f = p.fields(node, "单位", UNIT_FIELDS,
                 {"id": "24中", "category": "school", "name": "郑州市第二十四中学"}, item=True)
    if f is None or "id" not in f or "category" not in f:
        return None
    uid = p.ident(f["id"][1], "单位简称（id）", "24中")
    category = p.ident(f["category"][1], "类别", "school")
    name = p.text_value(f["name"][1], "单位全称", "郑州市第二十四中学", optional=True) if "name" in f else ""
    aliases = p.id_list(f["aliases"][1], "别名", "[二十四中]") if "aliases" in f else []
    group = None
    if "group" in f:
        gnode = f["group"][1]
        if not is_null(gnode):
            group = p.group(gnode)
    contact = p.text_value(f["contact"][1], "联系人", "张老师", optional=True) if "contact" in f else ""
    phone = p.text_value(f["phone"][1], "电话", "0371-00000000", optional=True) if "phone" in f else ""
    if uid is None or category is None or name is None or aliases is None or contact is None \
            or phone is None:
        return None
    unit = Unit(id=uid, name=name or uid, category=category, index=index,
                source=p.src(f["id"][1]), aliases=tuple(a for a, _ in aliases), group=group,
                contact=contact, phone=phone)
    return unit, p.src(f["category"][1]), aliases

