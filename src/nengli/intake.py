"""``nengli intake``: register a folder of received materials, and file them.

Each file of the inbox is matched to a unit (its name, or the name of a folder on its path,
holds the unit's id, full name or an alias) and a task (``--task``, or a file or folder name
that holds the task's id, title or one of its aliases). The longest name found wins; two
different units (or tasks) found at the same strength are never guessed. The date is the
file's modification day in local time unless ``--date``. What can be registered goes
through the same registration as ``nengli record`` (``edit.Session``); the files are copied
into the materials folder and their path and sha256 written on the registration.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

from . import materials, zh
from .edit import Edit, Entry, commit_clean, commit_files, commit_repo, editing, find_task
from .model import Campaign, Phase, Problem, Record, Source, Task, Unit
from .problems import problem
from .progress import unit_status

#: files a computer leaves in folders, never a unit's material
_LITTER = {"thumbs.db", "desktop.ini", ".ds_store"}
#: characters that make a number: a name starting or ending with one must not be read inside
#: a longer number (1中 in 11中, 二中 in 十二中)
_DIGITS = "0123456789〇零一二三四五六七八九十百"


@dataclass
class Item:
    """One file of the inbox and what intake makes of it."""

    path: Path
    #: its path below the inbox, as shown (posix)
    name: str
    date: dt.date
    sha256: str = ""
    unit: Unit | None = None
    phase: Phase | None = None
    task: Task | None = None
    #: why it is not registered ("" when it is)
    skip: str = ""
    target: Path | None = None
    #: the path written on the registration
    stored: str = ""
    status: str = ""  # on_time / late
    days_late: int = 0


@dataclass
class IntakeResult:
    """What intake did or would do. ``status`` picks the exit code."""

    status: Literal["written", "noop", "dry-run", "usage", "refused"]
    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    date_from: Literal["mtime", "option"] = "mtime"
    files: list[str] = field(default_factory=list)
    folder: str = ""
    commit: str = ""
    message: str = ""

    @property
    def registered(self) -> list[Item]:
        return [i for i in self.items if not i.skip]


# ---- names ------------------------------------------------------------------------------------

def _normal(text: str) -> str:
    """Full-width letters and digits as ASCII, letters in lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _found(text: str, names: dict[str, object], longest: int) -> list[tuple[int, int, object]]:
    """(start, end, owner) of each name found in ``text``, without the names that sit inside a
    longer one found there (1中 inside 11中) or inside a longer number or word.

    Every piece of the text up to the ``longest`` name is looked up (a file name is short, a
    roster may be long)."""
    hits = []
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + longest) + 1):
            owner = names.get(text[start:end])
            if owner is None:
                continue
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            if not (before and _joined(before, text[start]) or after and _joined(text[end - 1], after)):
                hits.append((start, end, owner))
    return [h for h in hits
            if not any(o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] > h[1] - h[0] for o in hits)]


def _joined(a: str, b: str) -> bool:
    """Whether two neighbouring characters belong to one number or one ASCII word."""
    return (a in _DIGITS and b in _DIGITS) or (a.isascii() and a.isalnum() and b.isascii() and b.isalnum())


def _pick(parts: list[str], names: dict[str, object], longest: int
          ) -> tuple[object | None, list[object]]:
    """The one owner named by the most specific part (the file name, then its folders from
    the nearest), or None with the owners named there when they are several."""
    for part in parts:
        hits = _found(_normal(part), names, longest)
        owners: list[object] = []
        for h in hits:
            if not any(h[2] is o for o in owners):
                owners.append(h[2])
        if len(owners) == 1:
            return owners[0], []
        if owners:
            return None, owners
    return None, []


def _unique_names(owners: Iterable[tuple[Any, tuple[str, ...]]]) -> dict[str, Any]:
    """Each normalised name → its one owner; a name that two owners share belongs to neither
    (owners are told apart by identity)."""
    names: dict[str, Any] = {}
    clash: set[str] = set()
    for owner, owned in owners:
        for name in owned:
            key = _normal(name)
            if key in names and names[key] is not owner:
                clash.add(key)
            names.setdefault(key, owner)
    return {k: v for k, v in names.items() if k not in clash}


def _unit_names(campaign: Campaign) -> dict[str, Unit]:
    return _unique_names((u, (u.id, u.name, *u.aliases)) for u in campaign.units)


def _task_names(phases: list[Phase]) -> dict[str, tuple[Phase, Task]]:
    return _unique_names(((phase, t), (t.id, t.title, *t.aliases))
                         for phase in phases for t in phase.tasks)


# ---- the command ------------------------------------------------------------------------------

def scan(inbox: Path, date: dt.date | None) -> tuple[list[Item], list[Problem]]:
    """The inbox's files (hidden and temporary ones left out), hashed; or why it cannot be read."""
    from .read import display_name

    shown = display_name(inbox)
    if not inbox.is_dir():
        code = "intake-not-dir" if inbox.exists() else "intake-missing"
        return [], [problem(code, Source(shown), path=shown)]
    items, problems = [], []
    for folder, dirs, files in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")) or name.lower() in _LITTER:
                continue
            path = Path(folder) / name
            rel = path.relative_to(inbox).as_posix()
            try:
                day = date or dt.datetime.fromtimestamp(path.stat().st_mtime).date()
                items.append(Item(path, rel, day, materials.sha256(path)))
            except OSError as exc:
                from .files import describe_os_error

                problems.append(problem("intake-unreadable", Source(f"{shown}/{rel}"),
                                        reason=describe_os_error(exc)))
    if not items and not problems:
        problems.append(problem("intake-empty", Source(shown), path=shown))
    return items, problems


def match(campaign: Campaign, items: list[Item], task: tuple[Phase, Task] | None,
          phase: int | None, inbox: str = "") -> list[Problem]:
    """Fill in each item's unit, task, target and skip reason; the problem of the files whose
    task cannot be told. ``inbox`` is the inbox folder's own name, read after the folders
    below it (``nengli intake 收件箱/三个清单``)."""
    units = _unit_names(campaign)
    phases = [p for p in campaign.phases if phase is None or p.number == phase]
    tasks = _task_names(phases)
    unit_len, task_len = (max(map(len, names), default=0) for names in (units, tasks))
    untold: list[Item] = []
    filed: dict[tuple[int, str, str], Record] = {
        (p.number, r.task, r.unit): r for p in ([task[0]] if task else phases) for r in p.records}
    seen: dict[str, Item] = {}
    targets: dict[Path, Item] = {}
    for item in items:
        parts = [Path(item.name).stem, *reversed(Path(item.name).parent.parts), inbox]
        unit, several = _pick(parts, units, unit_len)
        if unit is None:
            item.skip = ("名称中有多个单位：" + "、".join(u.id for u in several)  # type: ignore[attr-defined]
                         if several else "名称中没有可以识别的单位")
            continue
        item.unit = unit  # type: ignore[assignment]
        found, several = (task, []) if task else _pick(parts, tasks, task_len)
        if found is None:
            untold.append(item)
            continue
        item.phase, item.task = found  # type: ignore[misc]
        assert item.phase is not None and item.task is not None
        _judge(campaign, item, filed, seen, targets)
    if untold:
        names = "、".join(i.name for i in untold)
        return [problem("intake-task", None, files=names)]
    return []


def _judge(campaign: Campaign, item: Item, filed: dict, seen: dict[str, Item],
           targets: dict[Path, Item]) -> None:
    """Whether the matched item is registered, and where it goes; else the reason."""
    phase, task, unit = item.phase, item.task, item.unit
    assert phase is not None and task is not None and unit is not None
    if unit.category not in phase.scope or unit.category not in task.applies_to:
        item.skip = f"任务“{task.title}”不适用于{unit.id}"
        return
    item.target = materials.target(campaign, phase, task, unit, item.path.name)
    item.stored = materials.stored(campaign, item.target)
    old = filed.get((phase.number, task.id, unit.id))
    if old is not None:
        same = next((p for p, h in old.files if h == item.sha256), None)
        if same is not None:
            item.skip = f"同一文件已归档：{same}"
        elif old.exempt is not None:
            item.skip = "已登记免报"
        else:
            item.skip = f"已登记 {zh.cn_month_day(old.date)}" if old.date else "已登记"
        return
    if item.sha256 in seen:
        item.skip = f"与 {seen[item.sha256].name} 内容相同"
        return
    if item.target in targets:
        item.skip = f"与 {targets[item.target].name} 归档为同一文件名"
        return
    if materials.exists_with(item.target, item.sha256) is False:
        item.skip = f"归档位置已有另一个同名文件：{item.stored}"
        return
    seen[item.sha256] = item
    targets[item.target] = item
    row = unit_status(unit, Record(task.id, unit.id, unit.id, phase.source, item.date),
                      task.due, item.date)
    item.status, item.days_late = row.status, row.days_late


def intake(data_dir: Path, inbox: Path, *, task_ref: str | None = None, phase: int | None = None,
           date: dt.date | None = None, dry_run: bool = False, commit: bool = False,
           today: dt.date | None = None) -> IntakeResult:
    """The whole ``nengli intake`` command."""
    today = today or dt.date.today()
    result = IntakeResult("noop", date_from="option" if date else "mtime")
    result.items, result.problems = scan(inbox, date)
    if result.problems:
        result.status = "refused"
        return result
    repo, refused = commit_repo(data_dir) if commit and not dry_run else (None, [])
    if refused:
        result.status, result.problems = "refused", refused
        return result

    with editing(data_dir, today, lock=not dry_run) as session:
        if session.refused:
            result.status, result.problems = "refused", session.refused
            return result
        campaign = session.campaign
        assert campaign is not None
        result.folder = materials.stored(campaign, materials.folder(campaign))
        chosen = None
        if task_ref is not None:
            found_phase, found_task, found, usage = find_task(campaign, task_ref, phase)
            if found_task is None or found_phase is None:
                result.status, result.problems = "usage" if usage else "refused", found
                return result
            chosen = (found_phase, found_task)
        elif phase is not None and campaign.phase(phase) is None:
            known = "、".join(str(p.number) for p in campaign.phases)
            result.status = "usage"
            result.problems = [problem("no-phase", None, value=phase, known=f"（已有：{known}）")]
            return result
        result.problems = match(campaign, result.items, chosen, phase, inbox.resolve().name)
        if result.problems:
            result.status = "refused"
            return result
        batch = session.prepare(_edits(result.registered))
        result.problems, result.warnings = batch.problems, batch.warnings
        if batch.status == "refused":
            result.status = "refused"
            return result
        result.files = [f.display for f in batch.files]
        result.message = commit_message(result.registered)
        if batch.status == "noop":
            return result
        if dry_run:
            result.status = "dry-run"
            return result
        if repo is not None:
            result.problems = commit_clean(repo, [f.path for f in batch.files])
            if result.problems:
                result.status = "refused"
                return result
        copied, result.problems = _file(result.registered)
        if not result.problems:
            result.problems = session.write(batch)
        if result.problems:
            for path in copied:  # nothing registered: the copies made for it go too
                path.unlink(missing_ok=True)
            result.status = "refused"
            return result
        result.status = "written"
        if repo is not None:
            result.commit, result.problems = commit_files(repo, [f.path for f in batch.files],
                                                          result.message)
        return result


def _edits(items: list[Item]) -> list[Edit]:
    """One registration per unit and task, with every file of it."""
    entries: dict[tuple[int, str, str], tuple[Item, list[Item]]] = {}
    for item in items:
        assert item.phase is not None and item.task is not None and item.unit is not None
        key = (item.phase.number, item.task.id, item.unit.id)
        entries.setdefault(key, (item, []))[1].append(item)
    edits = []
    for (number, task, _), (first, group) in entries.items():
        day = min(i.date for i in group)
        files = tuple((i.stored, i.sha256) for i in group)
        edits.append(Edit(number, task, first.unit, Entry(day, files=files)))  # type: ignore[arg-type]
    return edits


def _file(items: list[Item]) -> tuple[list[Path], list[Problem]]:
    """Copy the items into the materials folder; the copies made, or the problem."""
    from .files import describe_os_error
    from .read import display_name

    copied: list[Path] = []
    for item in items:
        assert item.target is not None
        if item.target.exists():  # the very file, filed by a run that stopped before registering
            continue
        try:
            item.target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item.path, item.target)
        except OSError as exc:
            if item.target.is_file():  # half a copy
                item.target.unlink(missing_ok=True)
            for path in copied:
                path.unlink(missing_ok=True)
            shown = display_name(item.target.parent)
            return [], [problem("intake-unwritable", Source(shown), path=shown,
                                reason=describe_os_error(exc))]
        copied.append(item.target)
    return copied, []


def commit_message(items: list[Item]) -> str:
    """收件登记：3 个单位 / 创新案例、改革案例 24中、31中 …"""
    by_task: dict[tuple[int, str], list[Item]] = {}
    for item in items:
        assert item.phase is not None and item.task is not None
        by_task.setdefault((item.phase.number, item.task.id), []).append(item)
    lines = []
    for group in by_task.values():
        names = "、".join(dict.fromkeys(i.unit.id for i in sorted(group, key=lambda i: i.unit.index)))  # type: ignore[union-attr]
        lines.append(f"{group[0].task.title} {names}")  # type: ignore[union-attr]
    units = len({(i.task.id, i.unit.id) for i in items})  # type: ignore[union-attr]
    return f"收件登记：{units} 项\n\n" + "\n".join(lines)
