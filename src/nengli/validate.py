"""Stage 3: checks across files — every reference resolved, every duplicate found.

Each check takes parsed records and returns problems; nothing is raised. References are
resolved through dictionaries built once, so a roster of ten thousand units costs no more
per record than a roster of ten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from .model import Category, Phase, Problem, Record, Source, Task, Unit
from .problems import problem
from .suggest import Suggester


def check_roster(categories: list[Category], units: list[Unit]
                 ) -> tuple[list[Unit], dict[str, str], list[Problem]]:
    """The roster without duplicate ids, and the name -> id index (ids and aliases).

    The mistakes inside units.yaml (a duplicate id, an unknown category, an alias naming two
    units) are reported by ``parse.parse_units``, which still knows the line of each value;
    here the first of each name simply wins, so the phases can be checked all the same.
    """
    first: dict[str, Unit] = {}
    good: list[Unit] = []
    for u in units:
        if u.id not in first:
            first[u.id] = u
            good.append(u)
    index: dict[str, str] = {u.id: u.id for u in good}
    for u in good:
        for alias in u.aliases:
            index.setdefault(alias, u.id)
    return good, index, []


def check_phases(phases: list[tuple[Phase, dict[str, Any]]], categories: list[Category],
                 units: list[Unit], index: dict[str, str], as_of: dt.date | None,
                 *, roster_ok: bool = True) -> tuple[list[Phase], list[Problem]]:
    """Phases with scope and applies_to filled in and records resolved to unit ids.

    When units.yaml could not be read whole (``roster_ok`` false), a name missing from the
    roster may well be in the unreadable part: such references are left unjudged rather than
    reported as mistakes of the phase files.
    """
    problems: list[Problem] = []
    cat_keys = [c.key for c in categories]
    cat_name = {c.key: c.name for c in categories}
    known_cats = "、".join(f"{c.key}（{c.name}）" for c in categories)
    suggest_cat = Suggester(cat_keys)
    suggest_unit = Suggester(list(index))
    category_of = {u.id: u.category for u in units}
    seen_numbers: dict[int, Phase] = {}
    out: list[Phase] = []
    for phase, where in phases:
        if phase.number in seen_numbers:
            problems.append(problem("dup-phase", phase.source, value=phase.number,
                                    other=seen_numbers[phase.number].source.file))
            continue
        seen_numbers[phase.number] = phase

        scope: list[str] = []
        # where a category, task or scope is unreadable, what follows from it is not judged
        unsure = bool(where.get("scope_broken")) or not roster_ok
        for key, src in where["scope"]:
            if key not in cat_name:
                unsure = True
                if roster_ok:
                    problems.append(problem("unknown-category", src, value=key,
                                            suggest=suggest_cat(key), known=known_cats))
            elif key not in scope:
                scope.append(key)
        if not where["scope"]:
            scope = list(cat_keys)

        tasks: list[Task] = []
        unsure_tasks: set[str] = set(where.get("broken_tasks", ()))
        first_task: dict[str, Source] = {}
        for task in phase.tasks:
            if task.id in first_task:
                problems.append(problem("dup-task", task.source, value=task.id,
                                        first=first_task[task.id].line))
                continue
            first_task[task.id] = task.source
            applies: list[str] = []
            for key, src in where["applies_to"].get(task.id, []):
                if key not in cat_name:
                    unsure_tasks.add(task.id)
                    if roster_ok:
                        problems.append(problem("unknown-category", src, value=key,
                                                suggest=suggest_cat(key), known=known_cats))
                elif key not in scope:
                    unsure_tasks.add(task.id)
                    if not unsure:
                        problems.append(problem("out-of-scope", src, task=task.title, value=key))
                elif key not in applies:
                    applies.append(key)
            if not where["applies_to"].get(task.id):
                applies = list(scope)
            tasks.append(task._replace(applies_to=tuple(applies)))

        problems += _alias_clashes(tasks, where.get("task_aliases", {}))
        task_by_id = {t.id: t for t in tasks}
        suggest_task = Suggester(list(task_by_id))
        known_tasks = "、".join(task_by_id) or "（无）"
        records: list[Record] = []
        seen: dict[tuple[str, str], Record] = {}
        for tid, src in where["record_tasks"].items():
            if tid not in task_by_id and tid not in unsure_tasks \
                    and not where.get("tasks_incomplete"):
                problems.append(problem("unknown-task", src, value=tid,
                                        suggest=suggest_task(tid), known=known_tasks))
        start = phase.start
        last = as_of if as_of is not None else dt.date.max  # a later record is in the future
        append = records.append
        for r in phase.records:
            tid, written, ref, source, date = r[0], r[1], r[2], r[3], r[4]
            task = task_by_id.get(tid)
            if task is None:
                continue
            uid = index.get(ref)
            if uid is None:
                if roster_ok:
                    problems.append(problem("unknown-unit", source, value=ref,
                                            suggest=suggest_unit(ref)))
                continue
            key = (tid, uid)
            prior = seen.get(key)
            if prior is not None:
                via = f"，写作“{prior.ref}”" if prior.ref != ref else ""
                problems.append(problem("dup-record", source, unit=uid, task=task.title,
                                        first=prior.source.line, via=via))
                continue
            seen[key] = r
            category = category_of[uid]
            if category not in task.applies_to:
                if unsure or task.id in unsure_tasks:
                    continue
                problems.append(problem("not-applicable", source, unit=uid,
                                        category=cat_name.get(category, category),
                                        task=task.title, key=category))
                continue
            if date is not None and (date < start or date > last):
                if date < start:
                    problems.append(problem("before-start", source, level="warning", unit=uid,
                                            value=date.isoformat(), start=start.isoformat()))
                if date > last:
                    problems.append(problem("future-record", source, level="warning", unit=uid,
                                            value=date.isoformat(), as_of=last.isoformat()))
            # parse leaves the name as written in ``unit``: most are ids already, kept as they are
            append(r if written == uid else r._replace(unit=uid))
        out.append(phase._replace(scope=tuple(scope), tasks=tuple(tasks),
                                       records=tuple(records)))
    out.sort(key=lambda p: p.number)
    return out, problems


def _alias_clashes(tasks: list[Task], aliases: dict[str, list[tuple[str, Source]]]
                   ) -> list[Problem]:
    """A task's alias naming another task (its id, title or an alias): a folder of that
    name could not be told apart."""
    owner: dict[str, tuple[Task, str]] = {}
    for t in tasks:
        owner.setdefault(t.id, (t, "id"))
        owner.setdefault(t.title, (t, "名称"))
    problems = []
    for t in tasks:
        for alias, src in aliases.get(t.id, ()):
            other, what = owner.setdefault(alias, (t, "别名"))
            if other.id != t.id:
                problems.append(problem("task-alias-clash", src, alias=alias, other=other.id,
                                        what=what, first=other.source))
    return problems


def check_settings(settings: Mapping[str, Any], sources: Mapping[str, Source]) -> list[Problem]:
    """The settings of campaign.yaml that nengli reads itself; a bad one is a warning, and
    its default is used."""
    from .levels import DEFAULT_WARN_DAYS, SETTING, read_warn_days

    value = settings.get(SETTING)
    if read_warn_days(value) is not None:
        return []
    shown = value if isinstance(value, str) else "（列表或映射）"
    return [problem("bad-warn-days", sources.get(SETTING), level="warning", value=shown,
                    default=DEFAULT_WARN_DAYS)]
