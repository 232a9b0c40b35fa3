"""``nengli intake``: register a folder of received materials, and file them.

Each file of the inbox is matched to a unit (its name, or the name of a folder on its path,
holds the unit's id, full name or an alias) and a task (``--task``, or a file or folder name
that holds the task's id, title or one of its aliases). The longest name found wins; two
different units (or tasks) found at the same strength are never guessed. The date is the
file's modification day in local time unless ``--date``. What can be registered goes
through the same registration as ``nengli record`` (``edit.Session``); the files are copied
into the materials folder and their path and sha256 written on the registration.

What cannot be registered is listed with the reason and left in the inbox, and the rest is
registered: a file whose task cannot be told, an empty file (a download that failed), a
download a browser has not finished. A file for a unit already registered for the task is
filed as a new version of its materials, the registration's date kept. The same bytes sent
for two registrations (two units, or two tasks) are registered for each, with a warning. The
lock files and thumbnails that Word, WPS and Windows leave in folders are not read, but counted.
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
from .edit import Edit, commit_clean, commit_files, commit_repo, editing, find_task
from .lineedit import Entry
from .model import Campaign, Phase, Problem, Record, Source, Task, Unit
from .problems import no_phase, problem
from .progress import unit_status

#: files a computer leaves in folders, never a unit's material
_LITTER = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store"}
#: the owner files of an open Word, Excel or WPS document (~$案例.docx), LibreOffice's locks,
#: and hidden files (names starting with a dot)
_LITTER_PREFIXES = ("~$", ".")
#: temporary files (Word's ~WRL0001.tmp)
_LITTER_SUFFIXES = (".tmp",)
#: downloads a browser has not finished
_PARTIAL_SUFFIXES = (".crdownload", ".part", ".partial", ".download")
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
    #: why it is not registered ("" when it is), and the kind of reason (SKIP_KINDS)
    skip: str = ""
    kind: str = ""
    size: int = 0
    #: the unit's registration for the task already made, whose materials this file joins
    joins: Record | None = None
    target: Path | None = None
    #: the path written on the registration
    stored: str = ""
    status: str = ""  # on_time / late
    days_late: int = 0

    @property
    def kept(self) -> dt.date | None:
        """The date of the registration this file joins as a new version (kept), or None."""
        return self.joins.date if self.joins is not None else None


@dataclass
class IntakeResult:
    """What intake did or would do. ``status`` picks the exit code."""

    status: Literal["written", "noop", "dry-run", "usage", "refused"]
    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    date_from: Literal["mtime", "option"] = "mtime"
    #: the files not read: lock files, thumbnails, hidden and temporary files (below the inbox)
    ignored: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    folder: str = ""
    commit: str = ""
    message: str = ""

    @property
    def registered(self) -> list[Item]:
        return [i for i in self.items if not i.skip]

    @property
    def new(self) -> list[Item]:
        """The files of registrations made now."""
        return [i for i in self.registered if i.joins is None]

    @property
    def versions(self) -> list[Item]:
        """The files added to registrations made before, their dates kept."""
        return [i for i in self.registered if i.joins is not None]


#: the kinds of reason a file is not registered (``skip_kind`` in --json): an empty file, an
#: unfinished download, no unit or several, no task or several, a task not for the unit, a unit
#: exempt from it, the very file filed already, a copy of a file of this run
SKIP_KINDS = ("empty", "partial", "no-unit", "units", "no-task", "tasks", "not-applicable",
              "exempt", "archived", "copy")


def _skip(item: Item, kind: str, reason: str) -> None:
    assert kind in SKIP_KINDS
    item.kind, item.skip = kind, reason


def is_litter(name: str) -> bool:
    """A file a computer or an office program leaves in folders, never a unit's material."""
    low = name.lower()
    return low in _LITTER or low.startswith(_LITTER_PREFIXES) or low.endswith(_LITTER_SUFFIXES)


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

def scan(inbox: Path, date: dt.date | None) -> tuple[list[Item], list[Problem], list[str]]:
    """The inbox's files, hashed, and the names of those not read (is_litter); or why it
    cannot be read."""
    from .read import display_name

    shown = display_name(inbox)
    if not inbox.is_dir():
        code = "intake-not-dir" if inbox.exists() else "intake-missing"
        return [], [problem(code, Source(shown), path=shown)], []
    items, problems, ignored = [], [], []
    for folder, dirs, files in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(inbox).as_posix()
            if is_litter(name):
                ignored.append(rel)
                continue
            try:
                stat = path.stat()
                day = date or dt.datetime.fromtimestamp(stat.st_mtime).date()
                items.append(Item(path, rel, day, materials.sha256(path), size=stat.st_size))
            except OSError as exc:
                from .files import describe_os_error

                problems.append(problem("intake-unreadable", Source(f"{shown}/{rel}"),
                                        reason=describe_os_error(exc)))
    if not items and not problems:
        if ignored:
            problems.append(problem("intake-only-litter", Source(shown), path=shown,
                                    count=len(ignored), names=_some(ignored)))
        else:
            problems.append(problem("intake-empty", Source(shown), path=shown))
    return items, problems, ignored


def _some(names: list[str], most: int = 5) -> str:
    """``a、b、c`` or, past ``most`` names, ``a、b、c、d、e 等 9 个``."""
    shown = "、".join(names[:most])
    return shown if len(names) <= most else f"{shown} 等 {len(names)} 个"


def match(campaign: Campaign, items: list[Item], task: tuple[Phase, Task] | None,
          phase: int | None, inbox: str = "", shown: str = "") -> list[Problem]:
    """Fill in each item's unit, task, target and skip reason; the warnings about the files
    not registered that the clerk must see to, and about the same bytes sent for two
    registrations. ``inbox`` is the inbox folder's own name, read after the folders below it
    (``nengli intake 收件箱/三个清单``); ``shown``, the inbox as problems name it."""
    units = _unit_names(campaign)
    phases = [p for p in campaign.phases if phase is None or p.number == phase]
    tasks = _task_names(phases)
    unit_len, task_len = (max(map(len, names), default=0) for names in (units, tasks))
    filed: dict[tuple[int, str, str], Record] = {
        (p.number, r.task, r.unit): r for p in campaign.phases for r in p.records}
    judge = _Judge(campaign, filed)
    for item in items:
        suffix = Path(item.name).suffix.lower()
        if not item.size:
            _skip(item, "empty", "文件是空的（0 字节）")
            continue
        if suffix in _PARTIAL_SUFFIXES:
            _skip(item, "partial", f"没有下载完（{suffix}）")
            continue
        parts = [Path(item.name).stem, *reversed(Path(item.name).parent.parts), inbox]
        unit, several = _pick(parts, units, unit_len)
        if unit is None:
            if several:
                _skip(item, "units", "名称中有多个单位：" + "、".join(u.id for u in several))  # type: ignore[attr-defined]
            else:
                _skip(item, "no-unit", "名称中没有可以识别的单位")
            continue
        item.unit = unit  # type: ignore[assignment]
        found, several = (task, []) if task else _pick(parts, tasks, task_len)
        if found is None:
            if several:
                _skip(item, "tasks", "名称中有多项任务：" + "、".join(t.title for _, t in several))  # type: ignore[misc]
            else:
                _skip(item, "no-task", "看不出是哪项任务")
            continue
        item.phase, item.task = found  # type: ignore[misc]
        judge(item)
    return _warnings(campaign, items, filed, shown)


class _Judge:
    """Whether a matched item is registered, and where it is filed; else the reason."""

    def __init__(self, campaign: Campaign, filed: dict[tuple[int, str, str], Record]) -> None:
        self.campaign = campaign
        self.filed = filed
        #: the items registered so far, per registration
        self.batch: dict[tuple[int, str, str], list[Item]] = {}
        #: every place a file is filed at or will be: none is filed twice
        self.taken = {materials.located(campaign, path).resolve()
                      for r in filed.values() for path, _ in r.files}

    def __call__(self, item: Item) -> None:
        phase, task, unit = item.phase, item.task, item.unit
        assert phase is not None and task is not None and unit is not None
        if unit.category not in phase.scope or unit.category not in task.applies_to:
            _skip(item, "not-applicable", f"任务“{task.title}”不适用于{unit.id}")
            return
        key = (phase.number, task.id, unit.id)
        old = self.filed.get(key)
        if old is not None:
            same = next((p for p, h in old.files if h == item.sha256), None)
            if same is not None:
                _skip(item, "archived", f"同一文件已归档：{same}")
                return
            if old.exempt is not None:
                _skip(item, "exempt", "已登记免报")
                return
        mine = self.batch.setdefault(key, [])
        twin = next((i for i in mine if i.sha256 == item.sha256), None)
        if twin is not None:  # the same file twice from one unit (a 副本): filed once
            _skip(item, "copy", f"与 {twin.name} 内容相同")
            return
        target = materials.free_target(
            materials.target(self.campaign, phase, task, unit, item.path.name),
            item.sha256, self.taken)
        self.taken.add(target.resolve())
        item.target = target
        item.stored = materials.stored(self.campaign, target)
        item.joins = old
        mine.append(item)
        # a new version keeps the registration, and so its standing
        day = old.date if old is not None and old.date is not None else item.date
        row = unit_status(unit, Record(task.id, unit.id, unit.id, phase.source, day), task.due, day)
        item.status, item.days_late = row.status, row.days_late


def _warnings(campaign: Campaign, items: list[Item], filed: dict[tuple[int, str, str], Record],
              shown: str) -> list[Problem]:
    """What the clerk must see to: the files that need a --task, a new download; and the
    same bytes filed for two registrations (two units, or one unit's two tasks)."""
    problems = []

    def where(item: Item) -> Source:
        return Source(f"{shown}/{item.name}" if shown else item.name)

    def files(group: list[Item]) -> str:
        return _some([i.name for i in group], 10)

    for code, kinds in (("intake-task", ("no-task", "tasks")), ("intake-empty-file", ("empty",)),
                        ("intake-partial", ("partial",))):
        group = [i for i in items if i.kind in kinds]
        if group:
            problems.append(problem(code, Source(shown) if shown else None, level="warning",
                                    count=len(group), files=files(group)))
    titles = {(p.number, t.id): t.title for p in campaign.phases for t in p.tasks}
    archived: dict[str, list[tuple[tuple[int, str, str], str]]] = {}
    for key, r in filed.items():
        for path, digest in r.files:
            archived.setdefault(digest, []).append((key, path))
    new: dict[str, list[Item]] = {}
    for item in items:
        if not item.skip:
            new.setdefault(item.sha256, []).append(item)
    for digest, group in new.items():
        places = [(key, path) for key, path in archived.get(digest, [])]
        places += [((i.phase.number, i.task.id, i.unit.id), i.name)  # type: ignore[union-attr]
                   for i in group]
        keys = list(dict.fromkeys(key for key, _ in places))
        if len(keys) < 2:
            continue
        one_task = len({key[:2] for key in keys}) == 1
        who = "、".join(unit if one_task else f"{unit}（{titles[(number, task)]}）"
                       for number, task, unit in keys)
        problems.append(problem("intake-same-file", where(group[0]), level="warning", who=who,
                                files="、".join(dict.fromkeys(path for _, path in places))))
    return problems


def intake(data_dir: Path, inbox: Path, *, task_ref: str | None = None, phase: int | None = None,
           date: dt.date | None = None, dry_run: bool = False, commit: bool = False,
           today: dt.date | None = None) -> IntakeResult:
    """The whole ``nengli intake`` command."""
    today = today or dt.date.today()
    from .read import display_name

    result = IntakeResult("noop", date_from="option" if date else "mtime")
    result.items, result.problems, result.ignored = scan(inbox, date)
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
            result.status, result.problems = "usage", [no_phase(campaign, phase)]
            return result
        found = match(campaign, result.items, chosen, phase, inbox.resolve().name,
                      display_name(inbox))
        # a new version changes a registration on purpose (its files; never its date)
        batch = session.prepare(_edits(result.registered), force=bool(result.versions))
        result.problems, result.warnings = batch.problems, found + batch.warnings
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
    """One registration per unit and task, with every file of it; a registration made before
    keeps its date and note, and gets the new files after its own."""
    entries: dict[tuple[int, str, str], tuple[Item, list[Item]]] = {}
    for item in items:
        assert item.phase is not None and item.task is not None and item.unit is not None
        key = (item.phase.number, item.task.id, item.unit.id)
        entries.setdefault(key, (item, []))[1].append(item)
    edits = []
    for (number, task, _), (first, group) in entries.items():
        files = tuple((i.stored, i.sha256) for i in group)
        old = first.joins
        if old is not None:
            entry = Entry(old.date, old.note, None, old.files + files)
        else:
            entry = Entry(min(i.date for i in group), files=files)
        edits.append(Edit(number, task, first.unit, entry))  # type: ignore[arg-type]
    return edits


def _file(items: list[Item]) -> tuple[list[Path], list[Problem]]:
    """Copy the items into the materials folder; the copies made, or the problem."""
    from . import files
    from .files import describe_os_error
    from .read import display_name

    for item in items:  # a path Windows cannot make: refused before anything is copied
        assert item.target is not None
        length = files.too_long(item.target)
        if length is not None:
            return [], [problem("path-too-long", Source(display_name(item.path)), path=item.target,
                                length=length, limit=files.MAX_PATH)]
    copied: list[Path] = []
    for item in items:
        assert item.target is not None
        if os.path.exists(item.target):  # the very file, filed by a run that stopped before registering
            continue
        try:
            item.target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item.path, item.target)
        except OSError as exc:
            if os.path.isfile(item.target):  # half a copy (os.path: never raises)
                item.target.unlink(missing_ok=True)
            for path in copied:
                path.unlink(missing_ok=True)
            shown = display_name(item.target.parent)
            return [], [problem("intake-unwritable", Source(shown), path=shown,
                                reason=describe_os_error(exc))]
        copied.append(item.target)
    return copied, []


def commit_message(items: list[Item]) -> str:
    """收件登记：3 项 / 创新案例、改革案例 24中、31中 …; the new versions of registrations
    made before on lines of their own (补充材料：…)."""

    def lines(group: list[Item], head: str = "") -> list[str]:
        by_task: dict[tuple[int, str], list[Item]] = {}
        for item in group:
            assert item.phase is not None and item.task is not None
            by_task.setdefault((item.phase.number, item.task.id), []).append(item)
        out = []
        for mine in by_task.values():
            names = "、".join(dict.fromkeys(i.unit.id for i in sorted(mine, key=lambda i: i.unit.index)))  # type: ignore[union-attr]
            out.append(f"{head}{mine[0].task.title} {names}")  # type: ignore[union-attr]
        return out

    new = [i for i in items if i.joins is None]
    versions = [i for i in items if i.joins is not None]
    count = len({(i.phase.number, i.task.id, i.unit.id) for i in new})  # type: ignore[union-attr]
    more = len({(i.phase.number, i.task.id, i.unit.id) for i in versions})  # type: ignore[union-attr]
    head = "收件登记：" + "，".join(
        ([f"{count} 项"] if new else []) + ([f"{more} 项补充材料"] if versions else []))
    return head + "\n\n" + "\n".join(lines(new) + lines(versions, "补充材料："))
