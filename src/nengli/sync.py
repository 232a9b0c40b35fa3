"""``nengli sync``: share the clerk's work through the office's repository, and take the
colleagues' work in.

What a clerk would otherwise do with five git commands, each step checked:

1. data edited by hand is committed, only when ``nengli check`` passes, with a message that
   names the records it changes;
2. the colleagues' commits are fetched and merged with nengli's record-level merge driver
   (merge.py); the merged data is checked before the merge is committed;
3. the result is pushed (fetched and merged again if a colleague pushed meanwhile).

A true conflict (one record changed differently on both sides) is found before anything is
committed: the merge is cancelled, the local branch stays where it was, and the problem names
both values, who gave them, and the commands that settle it. No commit is ever rewritten.
Nothing here prints; the CLI shows the SyncResult.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from . import gitio
from .gitio import GitError
from .history import RecordChange, history, net_changes, phase_records, record_changes
from .roster import RosterChange
from .layout import is_duban_file, is_own_file, is_phase_file, is_units_file
from .model import Problem, Source
from .problems import has_errors, problem
from .zh import inner_quotes

Status = Literal["synced", "up-to-date", "dry-run", "refused", "conflict"]
#: how often sync fetches and merges again when a colleague pushed in between
ATTEMPTS = 3
MERGE_MESSAGE = "合并同事的登记（nengli sync）"


@dataclass
class SyncResult:
    """What sync did (or, with --dry-run, would do), for the CLI to show."""

    status: Status
    problems: list[Problem] = field(default_factory=list)
    #: problems of the data that came in, which sync did not cause and did not stop for
    warnings: list[Problem] = field(default_factory=list)
    remote: str = ""
    branch: str = ""
    #: the commit of the hand edits ("" with none) and its message
    committed: str = ""
    message: str = ""
    #: the records and units that came in (their net change), each with who changed it last
    incoming: list[RecordChange] = field(default_factory=list)
    incoming_roster: list[RosterChange] = field(default_factory=list)
    #: the records and units this clone adds to the remote's (their net change)
    outgoing: list[RecordChange] = field(default_factory=list)
    outgoing_roster: list[RosterChange] = field(default_factory=list)
    #: the number of commits pushed to a remote that had none (the first sync after init)
    first_push: int = 0
    #: "fast-forward", "merge" or "" (nothing came in)
    merged: str = ""
    pushed: bool = False
    head: str = ""
    #: (phase number, task id) -> task title, to describe the changes
    titles: dict[tuple[int | None, str], str] = field(default_factory=dict)
    #: category key -> name, to describe the roster's changes
    category_names: dict[str, str] = field(default_factory=dict)


def sync(data_dir: Path, *, dry_run: bool = False, today: dt.date | None = None) -> SyncResult:
    """The whole ``nengli sync`` command."""
    result = SyncResult("refused")
    try:
        _sync(Path(data_dir), result, dry_run, today or dt.date.today())
    except GitError as exc:
        result.status = "refused"
        result.problems.append(exc.problem())
    return result


def _sync(data_dir: Path, result: SyncResult, dry_run: bool, today: dt.date) -> None:
    from .levels import name_index
    from .load import load
    from .read import display_name

    gitio.run(["--version"], data_dir)  # git-missing, rather than "not in a repository"
    repo = gitio.repo_root(data_dir)
    if repo is None:
        result.problems.append(problem("sync-not-git", None, path=display_name(data_dir)))
        return
    branch = gitio.current_branch(repo)
    unfinished = gitio.in_progress(repo)
    if unfinished is not None:
        result.problems.append(problem("sync-in-progress", None, what=unfinished[0],
                                       abort=unfinished[1]))
        return
    if branch is None:
        result.problems.append(problem("sync-detached", None))
        return
    if not dry_run and not gitio.has_identity(repo):
        result.problems.append(problem("git-identity", None))
        return
    shared = gitio.upstream(repo, branch)
    if shared is None:
        result.problems.append(problem("sync-no-remote", None))
        return
    remote, remote_branch, configured = shared
    result.remote, result.branch = remote, remote_branch
    prefix = _prefix(repo, data_dir)
    edits, outside = _changes(repo, prefix)
    if outside:
        result.problems.append(problem("sync-dirty-outside", None, files="、".join(outside[:5])
                                       + (f" 等 {len(outside)} 个文件" if len(outside) > 5 else "")))
        return

    campaign, problems = load(data_dir, today)
    if campaign is None or has_errors(problems):
        result.problems += problems + [problem("sync-check-failed", None)]
        return
    resolve = name_index(campaign)
    result.titles = {(p.number, t.id): t.title for p in campaign.phases for t in p.tasks}
    result.category_names = {c.key: c.name for c in campaign.categories}
    if edits:
        result.message = hand_edit_message(repo, edits, resolve, result.titles,
                                           result.category_names)
        if not dry_run:
            result.committed = gitio.commit_paths(repo, [repo / e for e in edits], result.message)
    if not dry_run:
        from .driver import ensure_merge_driver

        ensure_merge_driver(data_dir)

    tracking = f"refs/remotes/{remote}/{remote_branch}"
    for _attempt in range(ATTEMPTS):
        gitio.fetch(repo, remote)
        there = gitio.commit_id(repo, tracking)
        if there is not None and gitio.count_commits(repo, f"HEAD..{there}"):
            base = gitio.merge_base(repo, "HEAD", there)
            if base is not None:  # what came in: the net change since the common commit
                records, units = net_changes(data_dir, base, there, resolve)
                result.incoming = _combine(result.incoming, records, _record_key)
                result.incoming_roster = _combine(result.incoming_roster, units, _unit_key)
            if not _merge(repo, data_dir, there, result, dry_run, today, resolve):
                return
        ahead = gitio.count_commits(repo, f"{there}..HEAD" if there else "HEAD")
        result.head = gitio.run(["rev-parse", "--short", "HEAD"], repo).stdout.strip()
        if ahead:
            if there is None:  # a new remote: all of it goes, counted from the first commit
                result.first_push = ahead
                roots = gitio.run(["rev-list", "--max-parents=0", "HEAD"], repo).stdout.split()
                base = roots[0] if len(roots) == 1 else None
            else:
                base = gitio.merge_base(repo, "HEAD", there)
            result.outgoing, result.outgoing_roster = net_changes(data_dir, base, "HEAD", resolve)
        if dry_run:
            result.status = "conflict" if result.problems else "dry-run"
            return
        if not ahead:
            result.status = "synced" if result.merged else "up-to-date"
            return
        if gitio.push(repo, remote, remote_branch, set_upstream=not configured):
            result.pushed = True
            result.status = "synced"
            return
    result.problems.append(problem("sync-push-raced", None, remote=remote, attempts=ATTEMPTS))


def _merge(repo: Path, data_dir: Path, there: str, result: SyncResult, dry_run: bool,
           today: dt.date, resolve: dict[str, str]) -> bool:
    """Merge the fetched commit ``there``; False when sync must stop (problems said why)."""
    from .load import load

    behind = gitio.count_commits(repo, f"HEAD..{there}")
    if not behind:
        return True
    base = gitio.merge_base(repo, "HEAD", there)
    if base is None:
        result.problems.append(problem("sync-unrelated", None, remote=result.remote))
        return False
    # a dry run has not committed the hand edits it would commit
    fast_forward = gitio.count_commits(repo, f"{there}..HEAD") == 0 and not \
        (dry_run and result.message)
    if dry_run:
        if not fast_forward:
            found = explain(repo, data_dir, base, there, _both_changed(repo, base, there), resolve,
                            result.titles, f"{result.remote}/{result.branch}", worktree=True)
            result.problems += found
        result.merged = "fast-forward" if fast_forward else "merge"
        return True
    conflicted = gitio.merge(repo, there, fast_forward=fast_forward)
    if conflicted is None:
        result.problems.append(problem("sync-unrelated", None, remote=result.remote))
        return False
    if conflicted:
        gitio.abort_merge(repo)
        result.problems += explain(repo, data_dir, base, there, conflicted, resolve, result.titles,
                                   f"{result.remote}/{result.branch}")
        result.status = "conflict"
        return False
    campaign, problems = load(data_dir, today)
    if fast_forward:
        result.warnings += problems  # the colleagues' data as they pushed it
        result.merged = "fast-forward"
        return True
    if campaign is None or has_errors(problems):
        gitio.abort_merge(repo)
        result.problems += problems + [problem("sync-merged-invalid", None)]
        return False
    gitio.commit_merge(repo, MERGE_MESSAGE)
    result.merged = "merge"
    return True


# ---- what changed ---------------------------------------------------------------------------

def _record_key(c: RecordChange) -> tuple:
    return (c.file, c.task, c.unit)


def _unit_key(c: RosterChange) -> tuple:
    return (c.unit,)


def _combine(earlier: list, later: list, key) -> list:
    """Two rounds of incoming changes as one change per record or unit (sync fetches again
    when a colleague pushed meanwhile): what it was before the first, what it is after the last."""
    out = {key(c): c for c in earlier}
    for c in later:
        first = out.get(key(c))
        if first is None:
            out[key(c)] = c
        elif isinstance(c, RecordChange):
            if first.old == c.new:
                del out[key(c)]
                continue
            kind = "add" if first.old is None else "remove" if c.new is None else "change"
            out[key(c)] = replace(c, old=first.old, kind=kind)
        else:
            out[key(c)] = replace(c, kind="add") if first.kind == "add" and c.kind == "change" else c
    return list(out.values())


def _prefix(repo: Path, data_dir: Path) -> str:
    rel = os.path.relpath(data_dir.resolve(), repo.resolve()).replace("\\", "/")
    return "" if rel == "." else rel + "/"


def _changes(repo: Path, prefix: str) -> tuple[list[str], list[str]]:
    """(data files changed, files outside the data folder changed), from the top of the repo.

    nengli's own lock and temporary files, files never added outside data/, and new files in
    data/ that are not data (an editor's backup, an Excel lock file) do not count.
    """
    edits, outside = [], []
    for status, path in gitio.changed_paths(repo):
        if is_own_file(path):
            continue
        if path.startswith(prefix):
            if status != "??" or Path(path).suffix.lower() in (".yaml", ".yml", ".md"):
                edits.append(path)
        elif status != "??":
            outside.append(path)
    return edits, outside


def describe(change: RecordChange, titles: dict[tuple[int | None, str], str]) -> str:
    """清单报送 二中 2022-01-21 / … 2022-01-21 → 2022-01-22 / … （删除）"""
    from .lineedit import Entry

    title = titles.get((change.phase, change.task), change.task)
    if change.kind == "remove":
        return f"{title} {change.unit}（删除）"
    new = Entry(*change.new).describe()
    if change.kind == "change":
        return f"{title} {change.unit} {Entry(*change.old).describe()} → {new}"
    return f"{title} {change.unit} {new}"


def hand_edit_message(repo: Path, paths: list[str], resolve: dict[str, str],
                      titles: dict[tuple[int | None, str], str],
                      category_names: dict[str, str] | None = None) -> str:
    """登记：清单报送 二中 2022-01-21（等 3 条）, or 修改名册：新增 七中（等 2 处）, with one line per
    record and per unit below; or the files, when neither changed."""
    from .roster import describe as describe_unit, diff, read_roster

    lines, units = [], []
    for path in paths:
        full = repo / path
        now = full.read_bytes() if full.exists() else None
        if is_units_file(path):
            units += [describe_unit(c, category_names) for c in
                      diff(read_roster(gitio.blob(repo, "HEAD", path)), read_roster(now))]
            continue
        if not is_phase_file(path):
            continue
        number, old = phase_records(gitio.blob(repo, "HEAD", path), path, resolve)
        new_no, new = phase_records(now, path, resolve)
        for task, unit, kind, before, after in record_changes(old, new):
            lines.append(describe(RecordChange("", "", dt.date.min, "", path, new_no or number,
                                               task, unit, kind, before, after), titles))
    files = "、".join(Path(p).name for p in paths)
    if not lines and not units:
        return f"修改数据：{files}"
    if lines:
        subject = f"登记：{lines[0]}" + (f" 等 {len(lines)} 条" if len(lines) > 1 else "")
    else:
        subject = f"修改名册：{units[0]}" + (f" 等 {len(units)} 处" if len(units) > 1 else "")
    body = lines + [f"名册：{u}" for u in units]
    return "\n\n".join([subject, "\n".join(body), f"文件：{files}"])


def _both_changed(repo: Path, base: str, there: str) -> list[str]:
    """Files changed since ``base`` both here (committed or not) and in ``there``."""
    ours = set(gitio.run(["diff", "--name-only", "-z", base], repo).stdout.split("\0"))
    theirs = gitio.run(["diff", "--name-only", "-z", base, there], repo).stdout.split("\0")
    return [p for p in theirs if p and p in ours]


# ---- explaining a conflict ------------------------------------------------------------------

def explain(repo: Path, data_dir: Path, base: str, there: str, paths: list[str],
            resolve: dict[str, str], titles: dict[tuple[int | None, str], str],
            theirs_ref: str, *, worktree: bool = False) -> list[Problem]:
    """Why merging ``there`` into HEAD stops: each record changed differently on both sides,
    with both values, who committed each, and what to type; each file whose other text was
    changed differently. ``worktree``: our side is the files as they are (a dry run, before
    the hand edits are committed)."""
    from .merge import merge_phase, roster_of
    from .read import display_name

    _, order = roster_of(data_dir)
    mine = _authors(data_dir, resolve, f"{base}..HEAD")
    uncommitted = problem("sync-uncommitted", None).message
    theirs = _authors(data_dir, resolve, f"{base}..{there}")
    out: list[Problem] = []
    for path in paths:
        display = display_name(repo / path)
        versions = [gitio.blob(repo, rev, path) or b"" for rev in (base, "HEAD", there)]
        if worktree:
            versions[1] = (repo / path).read_bytes() if (repo / path).exists() else b""
        if is_units_file(path):
            out += _explain_roster(data_dir, display, versions, f"{base}..HEAD",
                                   f"{base}..{there}", theirs_ref, worktree)
            continue
        if is_duban_file(path):
            from .duban.merge import conflicts

            found = conflicts(*versions)
            out += [problem("sync-duban-conflict", Source(display), file=display, number=number,
                            why=why, theirs=theirs_ref) for number, why in found]
            if not found:
                out.append(problem("sync-text-conflict", Source(display), file=display,
                                   theirs=theirs_ref))
            continue
        if not is_phase_file(path):
            out.append(problem("sync-text-conflict", Source(display), file=display, theirs=theirs_ref))
            continue
        merged = merge_phase(*versions, resolve=resolve, order=order)
        number, ours_records = phase_records(versions[1], path, resolve)
        _, theirs_records = phase_records(versions[2], path, resolve)
        for c in merged.conflicts:
            key = (c.task, c.unit)
            title = titles.get((number, c.task), c.task)
            out.append(problem(
                "sync-conflict", Source(display, c.line, 1), excerpt=_line(versions[1], c.line),
                unit=c.unit, task=inner_quotes(title),
                ours=_said(c.ours, ours_records.get(key)),
                theirs=_said(c.theirs, theirs_records.get(key)),
                ours_by=mine.get(key, uncommitted), theirs_by=theirs.get(key, "同事"),
                take_theirs=_settle(display, c.task, c.unit, theirs_records.get(key)),
                take_ours=_settle(display, c.task, c.unit, ours_records.get(key))))
        if merged.text_conflicts:
            out.append(problem("sync-text-conflict", Source(display), file=display, theirs=theirs_ref))
    return out


def _explain_roster(data_dir: Path, display: str, versions: list[bytes], mine: str, theirs: str,
                    theirs_ref: str, worktree: bool) -> list[Problem]:
    """Each unit whose same field was changed differently on both sides (or that one side
    removed and the other changed): both values, who wrote each, and the edit that settles it."""
    from .history import roster_history
    from .merge_units import merge_units
    from .roster import FIELD_NAMES

    merged = merge_units(*versions)
    by_me = {} if worktree else _unit_authors(roster_history(data_dir, revisions=(mine,)))
    by_them = _unit_authors(roster_history(data_dir, revisions=(theirs,)))
    uncommitted = problem("sync-uncommitted", None).message
    gone = problem("sync-removed", None).message
    out = []
    for c in merged.conflicts:
        key = (c.unit, c.field)
        f = c.field
        if f is None:
            what = ""
            take_theirs = (f"在 {display} 中加回单位“{c.unit}”：{c.theirs}" if c.ours is None
                           else f"在 {display} 中删去单位“{c.unit}”的几行（第 {c.line} 行起）")
            take_ours = (f"删去单位“{c.unit}”的几行" if c.ours is None
                         else f"加回单位“{c.unit}”：{c.ours}")
        else:
            what = f"的{FIELD_NAMES.get(f, f)}"
            if c.ours is None:
                take_theirs = f"在 {display} 中单位“{c.unit}”下加一行“{f}: {c.theirs}”"
                take_ours = f"删去单位“{c.unit}”的“{f}: {c.theirs}”这一行"
            elif c.theirs is None:
                take_theirs = f"删去 {display} 第 {c.line} 行“{f}: {c.ours}”"
                take_ours = f"在单位“{c.unit}”下加回一行“{f}: {c.ours}”"
            else:
                take_theirs = f"把 {display} 第 {c.line} 行中的“{f}: {c.ours}”改为“{f}: {c.theirs}”"
                take_ours = f"把单位“{c.unit}”的“{f}: {c.theirs}”改回“{f}: {c.ours}”"
        out.append(problem(
            "sync-roster-conflict", Source(display, c.line, 1), excerpt=_line(versions[1], c.line),
            unit=c.unit, what=what,
            ours=c.ours if c.ours is not None else gone, theirs=c.theirs if c.theirs is not None else gone,
            ours_by=by_me.get(key) or by_me.get((c.unit, None)) or uncommitted,
            theirs_by=by_them.get(key) or by_them.get((c.unit, None)) or "同事",
            take_theirs=take_theirs, take_ours=take_ours))
    if merged.result.text_conflicts > len(merged.conflicts):
        out.append(problem("sync-text-conflict", Source(display), file=display, theirs=theirs_ref))
    return out


def _line(data: bytes, number: int) -> str:
    """Line ``number`` (1-based) of a file's bytes, for the excerpt under a message."""
    lines = data.decode("utf-8", "replace").lstrip("\ufeff").split("\n")
    return lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else ""


def _unit_authors(changes: list[RosterChange]) -> dict[tuple[str, str | None], str]:
    """(unit, field) and (unit, None) -> who last changed it: 张三（2022-01-26 提交 abc1234）."""
    out: dict[tuple[str, str | None], str] = {}
    for c in changes:
        who = f"{c.author}（{c.date.isoformat() if c.date else ''} 提交 {c.commit}）"
        out.setdefault((c.unit, None), who)
        for f, _old, _new in c.fields:
            out.setdefault((c.unit, f), who)
    return out


def _authors(data_dir: Path, resolve: dict[str, str], revisions: str) -> dict[tuple[str, str], str]:
    """(task, unit) -> who last changed that record in ``revisions``: 张三（2022-01-26，abc1234）."""
    out: dict[tuple[str, str], str] = {}
    for c in history(data_dir, resolve, revisions=(revisions,)):
        out.setdefault((c.task, c.unit), f"{c.author}（{c.date.isoformat()} 提交 {c.commit}）")
    return out


def _said(written: str | None, record: tuple | None) -> str:
    """A record's value in words (2022-01-26（备注：补报）), else as written; or “removed”."""
    from .lineedit import Entry

    if written is None:
        return problem("sync-removed", None).message
    return Entry(*record).describe() if record is not None else written


def _settle(display: str, task: str, unit: str, value: tuple | None) -> str:
    """The command that makes this clone's record ``value``."""
    if value is None:
        return problem("sync-remove-line", None, file=display, unit=unit).message
    date, note, exempt = value
    args = ["nengli", "record", task, unit]
    if exempt is not None:
        args += ["--exempt", exempt]
    else:
        args += ["--date", date.isoformat()]
    args += ["--note", note or ""]  # without --note, record keeps the note already there
    return " ".join(_quote(a) for a in args) + " --force --commit"


def _quote(arg: str) -> str:
    return f'"{arg}"' if not arg or any(ch.isspace() or ch in "\"'&|<>;$`" for ch in arg) else arg
