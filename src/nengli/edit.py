"""Registering: records written into the phase files, checked before they are written.

The text of each record is written by the line editor (lineedit.set_records: only the lines
of the records being added or changed are touched).

Registering goes through a ``Session`` (``with editing(data_dir, today) as session``): every
phase file locked, the campaign loaded once; ``session.prepare(edits)`` makes any number of
registrations in one or more phase files (one reading of each file, one edit) and checks
only the edited files, against the roster already loaded; ``session.write`` writes each
atomically. ``record()`` (``nengli record``) and ``intake`` both register this way.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal, NamedTuple

from .levels import find_units, name_index
from .lineedit import EditError, Entry, set_records, split_bom, unified_diff
from .model import Campaign, Phase, Problem, Record, Source, Task, Unit
from .problems import has_errors, no_phase, problem
from .zh import inner_quotes


# ---- registering: one load, edits, a check of what changed ------------------------------------

Kind = Literal["add", "same", "change"]


@dataclass(frozen=True, slots=True)
class UnitChange:
    unit: Unit
    kind: Kind
    new: Entry
    old: Entry | None = None
    task: Task | None = None


class Edit(NamedTuple):
    """One registration to make: ``entry`` for ``unit`` under task id ``task`` of a phase."""

    phase: int
    task: str
    unit: Unit
    entry: Entry


@dataclass
class FileEdit:
    """One phase file: its text before and after the edits."""

    path: Path
    display: str
    bom: bytes
    old: str
    new: str

    @property
    def data(self) -> bytes:
        return self.bom + self.new.encode("utf-8")

    @property
    def diff(self) -> str:
        return unified_diff(self.display, self.old, self.new)


@dataclass
class Batch:
    """What ``Session.prepare`` made of some edits: ``ready`` to write, nothing to do, or
    ``refused`` with the problems (and then nothing may be written)."""

    status: Literal["ready", "noop", "refused"]
    changes: list[UnitChange] = field(default_factory=list)
    files: list[FileEdit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Session:
    """The campaign, loaded once while every phase file is locked against other writers."""

    data_dir: Path
    today: dt.date
    campaign: Campaign | None
    problems: list[Problem]
    #: phase files by the name problems show for them
    paths: dict[str, Path]

    @property
    def refused(self) -> list[Problem]:
        """Why nothing may be registered now (errors in the data, a lock not had), or []."""
        if self.campaign is not None and not has_errors(self.problems):
            return []
        if any(p.code in ("locked", "git-unmerged") for p in self.problems):
            return self.problems
        return self.problems + [problem("record-before-invalid", None)]

    def prepare(self, edits: list[Edit], *, force: bool = False, keep_note: bool = False) -> Batch:
        """The edited phase files, each checked against the loaded roster; nothing written.

        A unit already registered differently is refused unless ``force``. A new date or
        note keeps the materials filed with the old record; with ``keep_note`` (no --note
        given) an entry without a note keeps the old record's note too.
        """
        campaign = self.campaign
        assert campaign is not None
        batch = Batch("noop")
        by_phase: dict[int, list[tuple[Task, Unit, Entry]]] = {}
        records: dict[int, dict[tuple[str, str], Record]] = {}
        for edit in edits:
            phase = campaign.phase(edit.phase)
            assert phase is not None, edit.phase
            task = phase.task(edit.task)
            assert task is not None, edit.task
            if phase.number not in records:
                records[phase.number] = {(r.task, r.unit): r for r in phase.records}
            existing = records[phase.number].get((edit.task, edit.unit.id))
            entry = edit.entry
            if existing is None:
                batch.changes.append(UnitChange(edit.unit, "add", entry, task=task))
                by_phase.setdefault(phase.number, []).append((task, edit.unit, entry))
                continue
            old = Entry.of(existing)
            if entry.exempt is None and not entry.files and old.files:
                entry = Entry(entry.date, entry.note, None, old.files)
            if keep_note and not entry.note and old.note:  # 逾期补报 stays with a new date
                entry = Entry(entry.date, old.note, entry.exempt, entry.files)
            if old == entry:
                batch.changes.append(UnitChange(edit.unit, "same", entry, old, task=task))
                continue
            batch.changes.append(UnitChange(edit.unit, "change", entry, old, task=task))
            by_phase.setdefault(phase.number, []).append((task, edit.unit, entry))
            if not force:
                batch.problems.append(problem(
                    "record-changed", existing.source, unit=edit.unit.id, task=inner_quotes(task.title),
                    old=old.describe(), new=entry.describe()))
        if batch.problems:
            batch.status = "refused"
            return batch
        for number, mine in by_phase.items():
            phase = campaign.phase(number)
            assert phase is not None
            try:
                edited, found = self._edit(phase, mine)
            except EditError as exc:
                edited, found = None, [exc.problem(Source(phase.source.file))]
            errors = [p for p in found if p.is_error]
            if edited is None or errors:
                batch.status = "refused"
                batch.problems = errors or found
                return batch
            batch.files.append(edited)
            seen = {(p.code, p.message) for p in self.problems}
            batch.warnings += [p for p in found if (p.code, p.message) not in seen]
        if batch.files:
            batch.status = "ready"
        return batch

    def _edit(self, phase: Phase, edits: list[tuple[Task, Unit, Entry]]
              ) -> tuple[FileEdit | None, list[Problem]]:
        """One phase file with ``edits`` made, and the problems of the edited file."""
        from .load import with_excerpts
        from .read import decode_text
        from .parse import parse_phase
        from .validate import check_phases

        campaign = self.campaign
        assert campaign is not None
        display = phase.source.file
        path = self.paths[display]
        bom, text = split_bom(path.read_bytes())
        index = name_index(campaign)
        new_text = set_records(
            text, [(t.id, u.id, e) for t, u, e in edits], resolve=index,
            order={u.id: u.index for u in campaign.units}, tasks=[t.id for t in phase.tasks])
        edited = FileEdit(path, display, bom, text, new_text)
        # only this file changed: it alone is read again, against the roster already loaded
        parsed, found = decode_text(edited.data, path, display)
        if parsed is None:
            return None, found
        new_phase, more, where = parse_phase(parsed)
        found += more
        if new_phase is not None:
            checked, more = check_phases([(new_phase, where)], list(campaign.categories),
                                         list(campaign.units), index, self.today)
            found += more
            new_phase = checked[0] if checked else None
        found = with_excerpts(found, {display: parsed})
        if new_phase is None or has_errors(found):
            return None, found + [problem("record-invalid", None)]
        _verify(phase, new_phase, {(t.id, u.id): e for t, u, e in edits})
        return edited, found

    def write(self, batch: Batch) -> list[Problem]:
        """Write the batch's files, each atomically; the problem if one cannot be written."""
        from . import gitio
        from .driver import ensure_merge_driver
        from .files import describe_os_error, write_atomic

        for edited in batch.files:
            try:
                write_atomic(edited.path, edited.data)
            except OSError as exc:
                return [problem("write-failed", Source(edited.display), path=edited.display,
                                reason=describe_os_error(exc))]
        ensure_merge_driver(self.data_dir)
        return []


@contextmanager
def editing(data_dir: Path, today: dt.date, *, lock: bool = True) -> Iterator[Session]:
    """Lock every phase file (in name order, so two writers never wait on each other), then
    load the campaign once; the locks are held until the ``with`` block ends. A dry run
    (``lock`` false) writes nothing, not even a lock file."""
    from .files import Busy, locked
    from .load import load, phase_files
    from .read import display_name

    paths = phase_files(data_dir)
    with ExitStack() as stack:
        for path in paths if lock else ():
            try:
                stack.enter_context(locked(path))
            except Busy as exc:
                yield Session(data_dir, today, None, [exc.problem(Source(display_name(path)))], {})
                return
        campaign, problems = load(data_dir, today)
        yield Session(data_dir, today, campaign, problems, {display_name(p): p for p in paths})


@dataclass
class RecordResult:
    """What ``record`` did, for the CLI to show. ``status`` picks the exit code."""

    status: Literal["written", "noop", "dry-run", "usage", "refused"]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    phase: Phase | None = None
    task: Task | None = None
    changes: list[UnitChange] = field(default_factory=list)
    file: str = ""
    diff: str = ""
    commit: str = ""
    message: str = ""


def find_task(campaign: Campaign, ref: str, phase: int | None
              ) -> tuple[Phase | None, Task | None, list[Problem], bool]:
    """(phase, task) for a task id or title; problems and whether they are usage errors."""
    from .suggest import Suggester

    phases = [p for p in campaign.phases if phase is None or p.number == phase]
    if phase is not None and not phases:
        return None, None, [no_phase(campaign, phase)], True
    hits = [(p, t) for p in phases for t in p.tasks if ref in (t.id, t.title)]
    if len(hits) == 1:
        return hits[0][0], hits[0][1], [], False
    if hits:
        numbers = [str(p.number) for p, _ in hits]
        return None, None, [problem("record-task-ambiguous", None, value=ref,
                                    phases="、".join(numbers), first=numbers[0])], True
    names = [t.id for p in phases for t in p.tasks]
    suggest = Suggester(names + [t.title for p in phases for t in p.tasks])(ref)
    known = "、".join(f"{t.id}（{t.title}）" for p in phases for t in p.tasks) or "（无）"
    return None, None, [problem("record-unknown-task", None, value=ref, suggest=suggest,
                                known=known)], True


def date_question(day: dt.date, phase: Phase, today: dt.date, *, given: bool) -> list[Problem]:
    """Why a registration dated ``day`` needs a second look (and --force): a date after the
    phase's end (no --date at all in a phase long over registers today), or in the future."""
    example = min(phase.end, today).isoformat()
    what = f"报送日期 {day.isoformat()} " if given else f"没有写 --date，报送日期按今天 {day.isoformat()} 算，"
    if day > today:
        return [problem("record-date-future", None, what=what, today=today.isoformat(),
                        example=example)]
    if day > phase.end:
        return [problem("record-date-after-end", None, what=what, phase=phase.title,
                        end=phase.end.isoformat(), example=example)]
    return []


def date_year(data_dir: Path, task_ref: str | None, phase: int | None) -> int | None:
    """The year of the phase a date option is for (the task's, or --phase's, else the latest
    phase begun), so that a hint for ``3月20日`` names that year; None when it cannot tell."""
    from .load import load

    campaign, _problems = load(data_dir)
    if campaign is None or not campaign.phases:
        return None
    chosen = None
    if task_ref is not None:
        chosen, _task, _found, _usage = find_task(campaign, task_ref, phase)
    elif phase is not None:
        chosen = campaign.phase(phase)
    if chosen is None:
        begun = [p for p in campaign.phases if p.start <= dt.date.today()]
        chosen = begun[-1] if begun else campaign.phases[0]
    return chosen.start.year


def commit_message(task: Task, changes: list[UnitChange], entry: Entry) -> str:
    """登记：创新案例、改革案例 24中、31中 2022-01-26"""
    names = "、".join(c.unit.id for c in changes if c.kind != "same")
    what = ("免报" if entry.exempt is not None else entry.date.isoformat() if entry.date else "")
    verb = "修改登记" if all(c.kind == "change" for c in changes if c.kind != "same") else "登记"
    return f"{verb}：{task.title} {names} {what}".rstrip()


def record(data_dir: Path, task_ref: str, unit_refs: list[str], *, phase: int | None = None,
           date: dt.date | None = None, note: str | None = None, exempt: str | None = None,
           force: bool = False, dry_run: bool = False, commit: bool = False,
           today: dt.date | None = None) -> RecordResult:
    """Record ``unit_refs`` under ``task_ref``: the whole ``nengli record`` command.
    ``note`` None (no --note) keeps the note a unit's record already has."""
    today = today or dt.date.today()
    entry = Entry(date=None if exempt is not None else (date or today), note=note or "",
                  exempt=exempt)
    if exempt is not None and date is not None:
        return RecordResult("usage", [problem("record-options", None)])
    repo, refused = commit_repo(data_dir) if commit and not dry_run else (None, [])
    if refused:
        return RecordResult("refused", refused)

    with editing(data_dir, today, lock=not dry_run) as session:
        if session.refused:
            return RecordResult("refused", session.refused)
        campaign = session.campaign
        assert campaign is not None
        chosen, task, found, usage = find_task(campaign, task_ref, phase)
        if task is None or chosen is None:
            return RecordResult("usage" if usage else "refused", found)
        units, found = find_units(campaign, unit_refs)
        if found:
            return RecordResult("usage", found)
        if entry.date is not None and not force:
            found = date_question(entry.date, chosen, today, given=date is not None)
            if found:
                return RecordResult("refused", found, phase=chosen, task=task)
        display = chosen.source.file
        if repo is not None:
            refused = commit_clean(repo, [session.paths[display]])
            if refused:
                return RecordResult("refused", refused)
        batch = session.prepare([Edit(chosen.number, task.id, u, entry) for u in units],
                                force=force, keep_note=note is None)
        result = RecordResult("noop", problems=batch.problems, phase=chosen, task=task,
                              changes=batch.changes, file=display)
        if batch.status != "ready":
            result.status = "refused" if batch.status == "refused" else "noop"
            return result
        result.warnings = batch.warnings
        result.message = commit_message(task, batch.changes, entry)
        if dry_run:
            result.status, result.diff = "dry-run", batch.files[0].diff
            return result
        result.problems = session.write(batch)
        if result.problems:
            result.status = "refused"
            return result
        result.status = "written"
        if repo is not None:
            result.commit, result.problems = commit_files(repo, [session.paths[display]],
                                                          result.message)
        return result


def commit_repo(data_dir: Path) -> tuple[Path | None, list[Problem]]:
    """The git repository ``--commit`` will commit in, or why it cannot."""
    from . import gitio
    from .read import display_name

    try:
        repo = gitio.repo_root(data_dir)
        if repo is None:
            return None, [problem("not-git", None, path=display_name(data_dir))]
        if not gitio.has_identity(repo):
            return None, [problem("git-identity", None)]
    except gitio.GitError as exc:
        return None, [exc.problem()]
    return repo, []


def commit_clean(repo: Path, paths: list[Path]) -> list[Problem]:
    """``--commit`` names this registration only: earlier uncommitted edits of the same
    files would be committed under its name, so they refuse it."""
    from . import gitio
    from .read import display_name

    try:
        for path in paths:
            if gitio.has_changes(repo, path):
                display = display_name(path)
                return [problem("record-commit-dirty", Source(display), name=display)]
    except gitio.GitError as exc:
        return [exc.problem()]
    return []


def commit_files(repo: Path, paths: list[Path], message: str) -> tuple[str, list[Problem]]:
    """Commit exactly ``paths``: the short commit id, or the problem."""
    from . import gitio

    try:
        if len(paths) == 1:
            return gitio.commit_file(repo, paths[0], message), []
        return gitio.commit_paths(repo, paths, message), []
    except gitio.GitError as exc:
        return "", [exc.problem()]


def _verify(old: Phase, new: Phase | None, edits: dict[tuple[str, str], Entry]) -> None:
    """The edited file says exactly what was meant: the new records, and nothing else moved."""
    assert new is not None
    # (date, note, exempt, files) of each record: Entry's fields, without making an Entry
    before = {(r.task, r.unit): r[4:] for r in old.records}
    after = {(r.task, r.unit): r[4:] for r in new.records}
    before.update({key: (e.date, e.note, e.exempt, e.files) for key, e in edits.items()})
    if before != after:  # pragma: no cover - a bug in set_records; never write such a file
        raise AssertionError(f"edit changed other records: {set(before.items()) ^ set(after.items())}")
