"""The history of the records and of the roster, read from git: ``nengli log``, and what
``nengli sync`` says came in and went out.

Each commit's data files are parsed before and after with nengli's own parsers and compared
record by record (unit by unit for units.yaml). git's history is read whole
(``--full-history``): ``git log -- path`` otherwise follows one side of a merge whose result
equals that side, and the other side's registrations would never be listed. A merge commit
lists only what it did itself: a record whose merged value is on neither side (a conflict
settled by hand); everything else came from the commits it joins, listed with their authors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .gitio import SHORT, GitError, cat_blobs, repo_root, run
from .layout import UNITS_FILE, is_phase_file
from .roster import RosterChange, diff, read_roster

ChangeKind = Literal["add", "change", "remove"]
_ZERO = "0" * 40


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record added, changed or removed by one commit."""

    commit: str
    author: str
    date: dt.date
    subject: str
    file: str
    phase: int | None
    task: str
    unit: str
    kind: ChangeKind
    old: Any = None
    new: Any = None


class Commit(NamedTuple):
    short: str
    author: str
    date: dt.date
    subject: str
    #: (path from the top of the repository, the file's blob in each parent, its blob after)
    files: list[tuple[str, tuple[str, ...], str]]


def _commits(root: Path, paths: list[str], revisions: tuple[str, ...]) -> list[Commit]:
    """The commits of ``revisions`` (default: HEAD's) that touch ``paths``, newest first, each
    with the blobs of those files; a merge lists the files it made differ from every parent."""
    out = run(["log", "--full-history", "--cc", "--no-renames", "--raw", "--no-abbrev",
               "--date=short", "--format=%x1e%H%x1f%an%x1f%cd%x1f%s",  # %cs: git 2.21 and newer only
               *revisions, "--", *paths], root, check=False)
    if out.returncode != 0:  # no commits yet
        return []
    commits = []
    for chunk in out.stdout.split("\x1e")[1:]:
        head, _, rest = chunk.partition("\n")
        full, author, day, subject = (head.split("\x1f") + ["", "", "", ""])[:4]
        files = []
        for line in rest.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            parents = len(meta) - len(meta.lstrip(":"))
            blobs = meta.lstrip(":").split()[parents + 1:2 * parents + 2]
            files.append((path, tuple(blobs[:parents]), blobs[parents]))
        commits.append(Commit(full[:SHORT], author, dt.date.fromisoformat(day), subject, files))
    return commits


def _contents(root: Path, commits: list[Commit]) -> dict[str, bytes]:
    blobs = {b for c in commits for _p, before, after in c.files for b in (*before, after)}
    return cat_blobs(root, sorted(blobs - {_ZERO}))


def history(data_dir: Path, resolve: dict[str, str] | None = None,
            since: dt.date | None = None, phase: int | None = None,
            revisions: tuple[str, ...] = ()) -> list[RecordChange]:
    """Every record change in the phase files, newest commit first (of ``revisions``, e.g.
    ``("HEAD..origin/main",)``; default: all of HEAD's). ``resolve`` (name or alias -> unit
    id) makes a rename of a reference to the same unit no change."""
    data_dir = Path(data_dir)
    root = repo_root(data_dir)
    if root is None:
        raise GitError("not-git", path=str(data_dir))
    resolve = resolve or {}
    commits = [c._replace(files=[f for f in c.files if is_phase_file(f[0])])
               for c in _commits(root, [str((data_dir / "phases").resolve())], revisions)
               if since is None or c.date >= since]
    contents = _contents(root, commits)
    parsed: dict[str, tuple[int | None, dict]] = {}

    def records_of(blob: str, path: str) -> tuple[int | None, dict]:
        if blob not in parsed:
            parsed[blob] = phase_records(contents.get(blob), path, resolve)
        return parsed[blob]

    changes: list[RecordChange] = []
    for c in commits:
        for path, before, after in c.files:
            olds = [records_of(b, path) for b in before]
            new_no, new = records_of(after, path)
            number = new_no if new_no is not None else olds[0][0]
            if phase is not None and number != phase:
                continue
            found = record_changes(olds[0][1], new)
            if len(olds) > 1:  # a merge: only what differs from every side
                found = [ch for ch in found if all(o.get(ch[:2]) != new.get(ch[:2]) for _n, o in olds)]
            changes += [RecordChange(c.short, c.author, c.date, c.subject, path, number, *ch)
                        for ch in found]
    return changes


def roster_history(data_dir: Path, revisions: tuple[str, ...] = ()) -> list[RosterChange]:
    """Every unit added, changed or removed in units.yaml, newest commit first."""
    data_dir = Path(data_dir)
    root = repo_root(data_dir)
    if root is None:
        raise GitError("not-git", path=str(data_dir))
    commits = _commits(root, [str((data_dir / UNITS_FILE).resolve())], revisions)
    contents = _contents(root, commits)
    out: list[RosterChange] = []
    for c in commits:
        for _path, before, after in c.files:
            olds = [read_roster(contents.get(b)) for b in before]
            new = read_roster(contents.get(after))
            found = diff(olds[0], new)
            if len(olds) > 1:
                found = [ch for ch in found if all(
                    (o or {}).get(ch.unit) != (new or {}).get(ch.unit) for o in olds)]
            out += [RosterChange(ch.unit, ch.kind, ch.fields, c.short, c.author, c.date)
                    for ch in found]
    return out


def phase_records(data: bytes | None, path: str, resolve: dict[str, str]
                  ) -> tuple[int | None, dict[tuple[str, str], tuple]]:
    """A phase file's number and records, (task, unit id) -> (date, note, exempt), read with
    nengli's own parser; (None, {}) for no file or one that does not read."""
    from .parse import parse_phase
    from .read import decode_text

    if data is None:
        return None, {}
    text, _ = decode_text(data, Path(path), path)
    if text is None:
        return None, {}
    ph, _problems, _where = parse_phase(text)
    if ph is None:
        return None, {}
    return ph.number, {(r.task, resolve.get(r.ref, r.ref)): (r.date, r.note, r.exempt)
                       for r in ph.records}


def record_changes(old: dict, new: dict) -> list[tuple[str, str, ChangeKind, Any, Any]]:
    """(task, unit, kind, before, after) for every record that differs, in ``new``'s order."""
    out = []
    for key in list(new) + [k for k in old if k not in new]:
        before, after = old.get(key), new.get(key)
        if before != after:
            kind: ChangeKind = "add" if before is None else "remove" if after is None else "change"
            out.append((key[0], key[1], kind, before, after))
    return out


# ---- the net change between two commits (what sync says came in and went out) ---------------

def net_changes(data_dir: Path, base: str | None, tip: str, resolve: dict[str, str]
                ) -> tuple[list[RecordChange], list[RosterChange]]:
    """Each record and each unit that differs between commit ``base`` (None: nothing) and
    ``tip``, once, however many commits in between touched it; each with the last commit of
    ``base..tip`` that changed it (its author is who made the change)."""
    data_dir = Path(data_dir)
    root = repo_root(data_dir)
    if root is None:
        raise GitError("not-git", path=str(data_dir))
    where = str(data_dir.resolve())
    if base is None:
        listed = run(["ls-tree", "-r", "--full-tree", tip, "--", where], root).stdout
        files = [(ln.split("\t", 1)[1], _ZERO, ln.split()[2]) for ln in listed.splitlines() if "\t" in ln]
    else:
        listed = run(["diff", "--no-renames", "--raw", "--no-abbrev", base, tip, "--", where], root).stdout
        files = [(ln.split("\t", 1)[1], ln.split()[2], ln.split()[3])
                 for ln in listed.splitlines() if ln.startswith(":")]
    prefix = Path(where).relative_to(root.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    contents = cat_blobs(root, sorted({b for _p, x, y in files for b in (x, y)} - {_ZERO}))
    span = (f"{base}..{tip}",) if base else (tip,)
    records: list[RecordChange] = []
    roster: list[RosterChange] = []
    last: dict[tuple[str, str, str], RecordChange] = {}
    if any(is_phase_file(path) for path, _b, _a in files):
        for ch in history(data_dir, resolve, revisions=span):
            last.setdefault((ch.file, ch.task, ch.unit), ch)
    for path, before, after in files:
        if is_phase_file(path) and path.startswith(prefix):
            old_no, old = phase_records(contents.get(before), path, resolve)
            new_no, new = phase_records(contents.get(after), path, resolve)
            number = new_no if new_no is not None else old_no
            found = record_changes(old, new)
            for task, unit, kind, was, now in found:
                by = last.get((path, task, unit))
                records.append(RecordChange(by.commit if by else "", by.author if by else "",
                                            by.date if by else dt.date.min, by.subject if by else "",
                                            path, number, task, unit, kind, was, now))
        elif path == prefix + UNITS_FILE:
            found_units = diff(read_roster(contents.get(before)), read_roster(contents.get(after)))
            last_unit: dict[str, RosterChange] = {}
            for ch in roster_history(data_dir, revisions=span):
                last_unit.setdefault(ch.unit, ch)
            for ch in found_units:
                by = last_unit.get(ch.unit)
                roster.append(RosterChange(ch.unit, ch.kind, ch.fields, by.commit if by else "",
                                           by.author if by else "", by.date if by else None))
    return records, roster
