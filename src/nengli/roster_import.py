"""The roster spreadsheet offices keep (xlsx or csv) in and out of data/units.yaml.

Columns are found by their header names (单位简称, 单位全称, 类别, 督导组, 联系人, 电话 and
a few usual variants), wherever the header row is among the first rows. Every problem is
located as ``file:row:column`` of the sheet. Import never drops a unit: units missing from the
sheet are kept and named in a warning (``--replace`` drops them, and adopts the sheet's order,
unless they have registrations). units.yaml is edited line by line, as ``record`` edits a
phase file (see "writing units.yaml" below for why), so comments, spacing, a BOM and Windows
line ends survive; a blank cell leaves the existing value alone, the person and the phone each.

``roster_rows`` is the inverse (the 名册 sheet of ``nengli export``), so that an exported
roster imports back to the same units.yaml.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .files import describe_os_error
from .lineedit import place_units
from .model import Category, Problem, Source, Unit
from .parse import alias_problems, narrow, parse_group
from .problems import has_errors, known_values, problem

Field = Literal["id", "name", "category", "aliases", "group", "person", "phone"]

#: the columns of an exported roster, in order: (header, field)
ROSTER_COLUMNS: tuple[tuple[str, Field], ...] = (
    ("单位简称", "id"), ("单位全称", "name"), ("类别", "category"), ("别名", "aliases"),
    ("督导组", "group"), ("联系人", "person"), ("电话", "phone"),
)
#: header names accepted for each field (compared without spaces, case-insensitively)
HEADERS: dict[Field, tuple[str, ...]] = {
    "id": ("单位简称", "简称", "单位代号", "id"),
    "name": ("单位全称", "全称", "单位名称", "name"),
    "category": ("类别", "单位类别", "类型", "单位类型", "category"),
    "aliases": ("别名", "其他简称", "aliases"),
    "group": ("督导组", "巡回督导组", "督导组编号", "组别", "group"),
    "person": ("联系人", "联系人姓名", "contact"),
    "phone": ("电话", "联系电话", "手机", "手机号", "手机号码", "联系方式", "phone"),
}
#: headers that are expected in such sheets and quietly skipped
IGNORED = ("序号", "编号", "备注")
HEADER_ROWS = 10
SHEET_NAME = "名册"
#: units named in the one warning about units the sheet lacks
MAX_NAMED = 10

_ALIAS_SPLIT = re.compile(r"[、,，;；\s]+")


def _norm(header: str) -> str:
    return re.sub(r"[\s\u3000:：*＊]", "", header).lower()


_LOOKUP = {_norm(name): f for f, names in HEADERS.items() for name in names}


# ---- out: the roster as rows ----------------------------------------------------------------

def split_contact(contact: str) -> tuple[str, str]:
    """``某老师 0371-00000001`` -> (某老师, 0371-00000001) when it splits back losslessly."""
    parts = contact.rsplit(None, 1)
    if len(parts) == 2 and re.fullmatch(r"[0-9+()（）\-－—]{5,}", parts[1]) \
            and f"{parts[0]} {parts[1]}" == contact:
        return parts[0], parts[1]
    return contact, ""


def person_and_phone(unit: Unit) -> tuple[str, str]:
    """The unit's contact person and phone, also from the older combined ``contact`` form."""
    return (unit.contact, unit.phone) if unit.phone else split_contact(unit.contact)


def roster_rows(categories: tuple[Category, ...] | list[Category], units: tuple[Unit, ...] | list[Unit]
                ) -> list[list[str | int]]:
    """The roster sheet, header first, units in roster order."""
    names = {c.key: c.name for c in categories}
    rows: list[list[str | int]] = [[header for header, _ in ROSTER_COLUMNS]]
    for u in units:
        person, phone = person_and_phone(u)
        rows.append([u.id, u.name, names.get(u.category, u.category), "、".join(u.aliases),
                     "" if u.group is None else u.group, person, phone])
    return rows


# ---- in: reading a sheet --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet's cells as text, with the name to show in messages."""

    display: str
    rows: list[list[str]]


def cell_text(value: Any) -> str:
    """A cell as the text a person sees: 3.0 -> 3, None -> ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def read_sheet(path: Path, sheet: str | None = None) -> tuple[Sheet | None, list[Problem]]:
    """The rows of a .xlsx (sheet ``sheet``, else 名册, else the first) or .csv file."""
    from .read import display_name

    display = display_name(path)
    where = Source(display)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        return None, [problem("sheet-type", where, suffix=path.suffix or "（无扩展名）")]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [problem("sheet-missing", where, name=display)]
    except OSError as exc:
        return None, [problem("sheet-unreadable", where, reason=describe_os_error(exc))]
    if suffix == ".csv":
        return Sheet(display, _csv_rows(data)), []
    return _xlsx_rows(data, display, sheet)


def _csv_rows(data: bytes) -> list[list[str]]:
    import csv

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on a Chinese Windows saves “CSV” in the ANSI code page, GBK
        text = data.decode("gb18030", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes, display: str, sheet: str | None) -> tuple[Sheet | None, list[Problem]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return None, [problem("sheet-unreadable", Source(display), reason=type(exc).__name__)]
    try:
        names = wb.sheetnames
        if sheet is not None and sheet not in names:
            return None, [problem("sheet-no-sheet", Source(display), name=sheet,
                                  known=known_values(names))]
        name = sheet or (SHEET_NAME if SHEET_NAME in names else names[0])
        rows = [[cell_text(v) for v in row] for row in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()
    shown = display if name == names[0] and sheet is None else f"{display}[{name}]"
    return Sheet(shown, rows), []


# ---- in: rows to units ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SheetUnit:
    """One row of the sheet: only the fields whose column exists and whose cell is filled."""

    row: int
    source: Source
    id: str
    values: dict[str, Any]


def map_columns(sheet: Sheet) -> tuple[int, dict[Field, int], list[Problem]]:
    """The header row (1-based), field -> column (0-based), and problems about columns."""
    header_at = 0
    for i, row in enumerate(sheet.rows[:HEADER_ROWS]):
        if any(_LOOKUP.get(_norm(c)) == "id" for c in row):
            header_at = i + 1
            break
    if not header_at:
        return 0, {}, [problem("sheet-no-id", Source(sheet.display, 1, 1))]
    columns: dict[Field, int] = {}
    problems = []
    known = "、".join(names[0] for names in HEADERS.values())
    for col, name in enumerate(sheet.rows[header_at - 1]):
        if not name:
            continue
        f = _LOOKUP.get(_norm(name))
        where = Source(sheet.display, header_at, col + 1)
        if f is None:
            if _norm(name) not in IGNORED:
                problems.append(problem("sheet-column", where, level="warning", name=name, known=known))
        elif f in columns:
            problems.append(problem("sheet-dup-column", where, level="warning", name=name,
                                    first=columns[f] + 1))
        else:
            columns[f] = col
    return header_at, columns, problems


def sheet_units(sheet: Sheet, categories: list[Category]
                ) -> tuple[list[SheetUnit], dict[Field, int], list[Problem]]:
    """Each filled row as a SheetUnit, bad rows reported (file:row:col) and left out."""
    header_at, columns, problems = map_columns(sheet)
    if not header_at:
        return [], columns, problems
    cat_keys = {c.key: c.key for c in categories}
    for c in categories:
        cat_keys.setdefault(c.name, c.key)
        cat_keys.setdefault(c.label, c.key)
    known_cats = "、".join(f"{c.key}（{c.name}）" for c in categories)
    out: list[SheetUnit] = []
    first: dict[str, int] = {}
    for number, row in enumerate(sheet.rows[header_at:], header_at + 1):
        def cell(f: Field) -> str:
            col = columns.get(f)
            return row[col].strip() if col is not None and col < len(row) else ""

        def at(f: Field) -> Source:
            return Source(sheet.display, number, columns.get(f, 0) + 1)

        if not any(cell(f) for f in columns):
            continue
        uid = narrow(cell("id"))
        if uid != cell("id"):
            problems.append(problem("fullwidth-digits", at("id"), level="warning", what="单位简称",
                                    value=cell("id"), narrow=uid))
        if not uid:
            problems.append(problem("sheet-empty-id", at("id"), row=number))
            continue
        if uid in first:
            problems.append(problem("sheet-dup-id", at("id"), unit=uid, first=first[uid]))
            continue
        first[uid] = number
        values: dict[str, Any] = {}
        bad = False
        if cell("name"):
            values["name"] = cell("name")
        if cell("category"):
            value = cell("category")
            key = cat_keys.get(value)
            if key is None and categories:
                match = difflib.get_close_matches(value, list(cat_keys), n=1, cutoff=0.5)
                problems.append(problem("unknown-category", at("category"), value=value,
                                        suggest=f"，是不是“{match[0]}”？" if match else "",
                                        known=known_cats))
                bad = True
            values["category"] = key or value
        if cell("aliases"):
            values["aliases"] = tuple(a for a in _ALIAS_SPLIT.split(cell("aliases")) if a)
        if cell("group"):
            group = parse_group(cell("group"))
            if group is None:
                problems.append(problem("want-int", at("group"), what="督导组", value=cell("group"),
                                        example="3"))
                bad = True
            values["group"] = group
        if cell("person"):
            values["contact"] = cell("person")
        if cell("phone"):
            values["phone"] = cell("phone")
        if not bad:
            out.append(SheetUnit(number, at("id"), uid, values))
    if not out and not has_errors(problems):
        problems.append(problem("sheet-no-rows", Source(sheet.display)))
    return out, columns, problems


# ---- the plan: what changes in units.yaml ---------------------------------------------------

FIELD_ORDER = ("id", "name", "category", "aliases", "group", "contact", "phone")


@dataclass(frozen=True, slots=True)
class Change:
    """One unit added, updated, kept (in units.yaml, not in the sheet) or dropped (--replace)."""

    kind: Literal["add", "update", "keep", "drop"]
    unit: str
    #: (field, old value, new value) for an update; (field, None, value) for an add
    fields: tuple[tuple[str, Any, Any], ...] = ()


@dataclass
class ImportPlan:
    """What ``import-units`` would do: the changes, the new file bytes, and the problems."""

    changes: list[Change] = field(default_factory=list)
    data: bytes | None = None
    problems: list[Problem] = field(default_factory=list)
    created: bool = False
    #: --replace put the units in the sheet's order, and that differs from the file's
    reordered: bool = False
    #: category key -> name, to show changes in the words of the sheet
    category_names: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.reordered or any(c.kind in ("add", "update", "drop") for c in self.changes)


def plan_import(sheet_path: Path, units_path: Path, sheet_name: str | None = None, *,
                replace: bool = False) -> ImportPlan:
    """Read the sheet and units.yaml; never writes.

    With ``replace`` the roster becomes the sheet's: its units in its order, units missing
    from it dropped, unless a phase file has registrations for them (each one located).
    """
    from .parse import parse_units
    from .read import display_name, read_text

    plan = ImportPlan()
    categories: list[Category] = []
    units: list[Unit] = []
    original: bytes | None = None
    if units_path.exists():
        text, found = read_text(units_path)
        plan.problems += found
        if text is None or has_errors(found):
            return plan
        categories, units, found = parse_units(text)
        # an empty roster is what a new campaign starts from: not an error here
        found = [p for p in found if p.code != "no-units"]
        plan.problems += found
        if has_errors(found):
            return plan
        try:
            original = units_path.read_bytes()
        except OSError as exc:
            plan.problems.append(problem("unreadable", Source(text.display),
                                         reason=describe_os_error(exc)))
            return plan
    else:
        plan.created = True

    sheet, found = read_sheet(sheet_path, sheet_name)
    plan.problems += found
    if sheet is None:
        return plan
    rows, columns, found = sheet_units(sheet, categories)
    plan.problems += found
    if has_errors(plan.problems):
        return plan

    new_categories: list[str] = []
    if not categories:  # a new roster: categories as written in the sheet, in order of appearance
        for r in rows:
            c = r.values.get("category")
            if c and c not in new_categories:
                new_categories.append(c)
        categories = [Category(key=c, name=c, counter="个", source=Source(sheet.display), label=c)
                      for c in new_categories]
    known_cats = "、".join(c.name for c in categories) or "（无）"
    plan.category_names = {c.key: c.name for c in categories}

    by_id = {u.id: u for u in units}
    merged: dict[str, Unit] = {u.id: u for u in units}
    sheet_ids: list[str] = []
    rewrite: dict[str, tuple[str, ...]] = {}  # unit -> the fields to write anew
    for r in rows:
        old = by_id.get(r.id)
        if old is None:
            if "category" not in r.values:
                plan.problems.append(problem("sheet-no-category", r.source, unit=r.id, known=known_cats))
                continue
            sheet_ids.append(r.id)
            v = r.values
            unit = Unit(id=r.id, name=v.get("name", r.id), category=v["category"], index=len(merged),
                        source=r.source, aliases=v.get("aliases", ()), group=v.get("group"),
                        contact=v.get("contact", ""), phone=v.get("phone", ""))
            merged[r.id] = unit
            plan.changes.append(Change("add", r.id, tuple(
                (f, None, _shown(f, getattr(unit, f))) for f in FIELD_ORDER[1:] if f in v)))
            continue
        sheet_ids.append(r.id)
        diffs = []
        updates: dict[str, Any] = {}
        # with --replace the sheet is the roster: a blank cell of a column it has clears the field
        given = dict(r.values)
        if replace:
            blank = {"name": r.id, "aliases": (), "group": None, "contact": "", "phone": ""}
            for f, empty in blank.items():
                if ("person" if f == "contact" else f) in columns:
                    given.setdefault(f, empty)
        for f in FIELD_ORDER[1:5]:
            if f in given and given[f] != getattr(old, f):
                diffs.append((f, _shown(f, getattr(old, f)), _shown(f, given[f])))
                updates[f] = given[f]
        # person and phone each keep their old value when their cell is blank
        person, phone = person_and_phone(old)
        new_person, new_phone = given.get("contact", person), given.get("phone", phone)
        if (new_person, new_phone) != (person, phone):
            diffs += [(f, a, b) for f, a, b in (("contact", person, new_person),
                                                ("phone", phone, new_phone)) if a != b]
            # written as two fields from now on (an older 王老师 0371-… contact is split)
            updates.update({f: v for f, v in (("contact", new_person), ("phone", new_phone))
                            if v != getattr(old, f)})
        if updates:
            merged[r.id] = old._replace(source=r.source, **updates)
            plan.changes.append(Change("update", r.id, tuple(diffs)))
            rewrite[r.id] = tuple(updates)
    missing = [u for u in units if u.id not in set(sheet_ids)]
    if replace:
        plan.problems += _registered(units_path.parent, missing)
        plan.changes += [Change("drop", u.id) for u in missing]
        for u in missing:
            del merged[u.id]
        kept = [i for i in sheet_ids if i in by_id]
        plan.reordered = kept != [u.id for u in units if u.id in set(kept)]
        order = sheet_ids
    else:
        plan.changes += [Change("keep", u.id) for u in missing]
        if missing:  # once, however many: a sheet of one new unit keeps all the others
            names = "、".join(u.id for u in missing[:MAX_NAMED]) + ("等" if len(missing) > MAX_NAMED else "")
            plan.problems.append(problem("sheet-kept", missing[0].source, level="warning",
                                         count=len(missing), units=names))
        # a new unit goes after the last unit of its category, not after the offices
        order = place_units([(u.id, u.category) for u in units],
                            [(i, merged[i].category) for i in sheet_ids if i not in by_id],
                            [c.key for c in categories])
    if has_errors(plan.problems):
        return plan

    # a unit from the sheet is located at its row there
    found = alias_problems([(u, [(a, u.source) for a in u.aliases]) for u in merged.values()])
    plan.problems += found
    if has_errors(found) or not plan.changed:
        return plan
    if original is None:
        plan.data = _new_roster(new_categories, [merged[i] for i in order]).encode("utf-8")
    else:
        plan.data = _edit_roster(original, [merged[i] for i in order], set(by_id), rewrite)
        if plan.data is None:
            plan.problems.append(problem("import-flow-units", Source(display_name(units_path))))
    return plan


def _registered(data_dir: Path, missing: list[Unit]) -> list[Problem]:
    """Each registration of a unit about to be dropped, located in its phase file."""
    from .load import load

    if not missing:
        return []
    campaign, problems = load(data_dir)
    if campaign is None or has_errors(problems):
        return [p for p in problems if p.is_error]
    ids = {u.id for u in missing}
    return [problem("replace-registered", r.source, unit=r.unit)
            for p in campaign.phases for r in p.records if r.unit in ids]


def _shown(f: str, value: Any) -> Any:
    if f == "aliases":
        return "、".join(value)
    return value


# ---- writing units.yaml: line-exact edits ---------------------------------------------------
#
# Like `record`, import-units changes only the lines of the fields it changes (lineedit), so
# comments, blank lines, quotes, spacing, the BOM and Windows line ends stay as they were.

_HEADER = ("# 单位名册：顺序即各类名单（通报、统计）中的正式顺序。\n"
           "# 由 nengli import-units 从名册表生成；类别的代号和量词可以按需修改。\n")


def _unit_fields(unit: Unit) -> list[tuple[str, str]]:
    """The (field, YAML text) pairs a new unit is written with, in the usual order."""
    from .lineedit import UNIT_FIELDS, field_text

    return [(f, field_text(f, getattr(unit, f))) for f in UNIT_FIELDS
            if getattr(unit, f) not in ("", (), None) and not (f == "name" and unit.name == unit.id)]


def _new_roster(categories: list[str], units: list[Unit]) -> str:
    from .lineedit import scalar, unit_text

    lines = [_HEADER, "categories:\n"]
    lines += [f"  {scalar(c)}: {{name: {scalar(c)}, counter: 个}}\n" for c in categories]
    lines.append("units:\n")
    lines += [unit_text(_unit_fields(u), "  - ", "\n") for u in units]
    return "".join(lines)


def _edit_roster(original: bytes, units: list[Unit], known: set[str],
                 updated: dict[str, tuple[str, ...]]) -> bytes | None:
    """units.yaml with ``units`` in this order: the ``known`` ones (already in the file) with
    only the fields in ``updated`` rewritten, the others new; None for a flow-style roster."""
    from .lineedit import EditError, edit_roster, field_text

    by_id = {u.id: u for u in units}

    def text(f: str, unit: Unit) -> str | None:  # None: the field goes (a cleared cell)
        value = getattr(unit, f)
        if value in ("", (), None) or (f == "name" and value == unit.id):
            return None
        return field_text(f, value)

    try:
        return edit_roster(
            original, [(u.id, None if u.id in known else _unit_fields(u)) for u in units],
            {uid: {f: text(f, by_id[uid]) for f in fields} for uid, fields in updated.items()})
    except EditError:
        return None


# ---- the command's one call -----------------------------------------------------------------

def import_roster(sheet_path: Path, units_path: Path, sheet_name: str | None = None, *,
                  dry_run: bool = False, replace: bool = False) -> ImportPlan:
    """Plan the import and, unless ``dry_run`` or there are errors, write units.yaml atomically.

    The plan and the write happen under the same lock file other nengli commands take for
    units.yaml, so a concurrent edit can never be overwritten by a stale plan.
    """
    from .driver import ensure_merge_driver
    from .files import Busy, locked, write_atomic
    from .read import display_name

    try:
        with locked(units_path):
            plan = plan_import(sheet_path, units_path, sheet_name, replace=replace)
            if dry_run or plan.data is None or has_errors(plan.problems):
                return plan
            try:
                write_atomic(units_path, plan.data)
                ensure_merge_driver(units_path.parent)
            except OSError as exc:
                plan.problems.append(problem(
                    "write-failed", Source(display_name(units_path)), path=display_name(units_path),
                    reason=describe_os_error(exc)))
            return plan
    except Busy as exc:
        return ImportPlan(problems=[exc.problem(Source(display_name(units_path)))])
