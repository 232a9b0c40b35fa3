"""Writing records into a phase file the way a careful person would edit it by hand.

The edit is line-based and guided by the YAML node positions: only the lines of the record
being added or changed are touched, so every comment, blank line, quoting style and key
order elsewhere stays byte-identical (a BOM and CRLF line ends too), and ``git diff`` shows
exactly the record. A new record goes where the roster puts it within its task, so two
people adding different units on two clones touch different lines and git merges them.

Registering goes through a ``Session`` (``with editing(data_dir, today) as session``): every
phase file locked, the campaign loaded once; ``session.prepare(edits)`` makes any number of
registrations in one or more phase files (one reading of each file, one edit) and checks
only the edited files, against the roster already loaded; ``session.write`` writes each
atomically. ``record()`` (``nengli record``) and ``intake`` both register this way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal, NamedTuple

from .model import Campaign, Phase, Problem, Record, Source, Task, Unit
from .levels import find_units, name_index
from .problems import ProblemError, has_errors, problem


# ---- what one record says ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Entry:
    """The value of one record: a date, or an exemption, and an optional note."""

    date: dt.date | None = None
    note: str = ""
    exempt: str | None = None
    #: the materials filed for it: (path, sha256) pairs
    files: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, record: Record) -> "Entry":
        return cls(record.date, record.note or "", record.exempt, record.files)

    def describe(self) -> str:
        """In words, for messages: 2022-01-26（备注：逾期补报） / 免报（经批准暂缓）."""
        if self.exempt is not None:
            text = f"免报（{self.exempt}）" if self.exempt else "免报"
        else:
            text = self.date.isoformat() if self.date else "（无日期）"
        return f"{text}（备注：{self.note}）" if self.note else text


class EditError(ProblemError):
    """The file is written in a way this editor will not touch (a message code and fields)."""


# ---- YAML text of a record --------------------------------------------------------------------

_PLAIN_UNSAFE = re.compile(r"""[,\[\]{}#:&*!|>'"%@`\\\x00-\x1f\x7f]""")
_PLAIN_BAD_START = re.compile(r"^[-?~\s]|\s$")

def scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly this text, in a flow or block
    context: plain when that is safe, else double-quoted (JSON escapes are YAML escapes)."""
    from .parse import implicit_scalar

    if text and not _PLAIN_UNSAFE.search(text) and not _PLAIN_BAD_START.search(text) \
            and not implicit_scalar(text) and "\u2028" not in text and "\u2029" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def entry_yaml(entry: Entry) -> str:
    """The value part of a record line: ``2022-01-26`` or ``{date: …, note: …}``."""
    if entry.exempt is not None:
        parts = [f"exempt: {scalar(entry.exempt)}"]
    elif not entry.note and not entry.files:
        assert entry.date is not None
        return entry.date.isoformat()
    else:
        assert entry.date is not None
        parts = [f"date: {entry.date.isoformat()}"]
    if entry.note:
        parts.append(f"note: {scalar(entry.note)}")
    if entry.files:
        parts.append("files: {" + ", ".join(f"{scalar(path)}: {digest}"
                                           for path, digest in entry.files) + "}")
    return "{" + ", ".join(parts) + "}"


# ---- the line-based edit ----------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    """Lines with their ends kept; only ``\\n`` splits (``\\r`` stays with its line)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _compose(text: str):
    from .parse import compose_text

    return compose_text(text)


def _is_null(node) -> bool:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return node.style in ("", None) and node.value in ("", "~", "null", "Null", "NULL")
    return isinstance(node, yaml.MappingNode) and node.flow_style and not node.value


def _last_line(node) -> int:
    """0-based line of the last character of ``node``'s content."""
    import yaml

    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1])
    end = node.end_mark
    if end.column == 0 and end.line > node.start_mark.line:
        return end.line - 1
    return end.line


def _pair(mapping, key: str):
    for k, v in mapping.value:
        if getattr(k, "value", None) == key:
            return k, v
    return None


def _indent_step(root, lines: list[str], default: int = 2) -> int:
    """The file's indentation step, read off the first task's ``- `` (when it has one)."""
    tasks = _pair(root, "tasks")
    if tasks and tasks[1].value and not getattr(tasks[1], "flow_style", True):
        line = lines[tasks[1].value[0].start_mark.line]
        step = len(line) - len(line.lstrip(" ")) - tasks[0].start_mark.column
        if step > 0:
            return step
    return default


def _clear_null(lines: list[str], value_node) -> None:
    """``key: ~`` / ``key: {}`` -> ``key:`` (comment kept), so a block can follow."""
    start, end = value_node.start_mark, value_node.end_mark
    if start.line != end.line or start.column == end.column:
        return
    line = lines[start.line]
    lines[start.line] = line[:start.column].rstrip(" ") + line[end.column:]


def _ensure_newline(lines: list[str], index: int, nl: str) -> None:
    if index < len(lines) and not lines[index].endswith("\n"):
        lines[index] += nl


def set_record(text: str, task: str, unit: str, entry: Entry, *, resolve: dict[str, str],
               order: dict[str, int], tasks: list[str]) -> str:
    """``text`` with the record of ``unit`` (a canonical id) under ``task`` set to ``entry``.

    ``resolve`` maps every name and alias to its unit id, ``order`` a unit id to its roster
    place, ``tasks`` is the phase's task ids in order. Everything outside the record's own
    lines is left exactly as it was.
    """
    return set_records(text, [(task, unit, entry)], resolve=resolve, order=order, tasks=tasks)


def set_records(text: str, edits: list[tuple[str, str, Entry]], *, resolve: dict[str, str],
                order: dict[str, int], tasks: list[str], root=None) -> str:
    """``text`` with every ``(task, unit, entry)`` of ``edits`` set, from one reading of it.

    The same text as setting them one by one with ``set_record``: each edit is placed against
    the file as it was (a replaced record's lines, or an insertion point in roster order among
    the records already there), edits meeting at one point are put in roster (or task) order,
    and all are applied from the bottom up so that earlier line numbers stay true. ``root``:
    the text's YAML nodes when the caller has composed them already.
    """
    import yaml

    lines = _lines(text)
    nl = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    root = _compose(text) if root is None else root
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise EditError("record-flow", what="阶段文件")
    step = _indent_step(root, lines)
    rank = {t: i for i, t in enumerate(tasks)}
    by_task: dict[str, list[tuple[str, Entry]]] = {}
    for task, unit, entry in edits:
        by_task.setdefault(task, []).append((unit, entry))
    for units in by_task.values():
        units.sort(key=lambda ue: order.get(ue[0], len(order)))
    task_order = sorted(by_task, key=lambda t: rank.get(t, len(tasks)))

    def record_line(unit: str, entry: Entry) -> str:
        return f"{scalar(unit)}: {entry_yaml(entry)}"

    def block(col: int, unit_step: int, task_ids: list[str]) -> list[str]:
        out = []
        for t in task_ids:
            out.append(f"{' ' * col}{t}:")
            out += [" " * (col + unit_step) + record_line(u, e) for u, e in by_task[t]]
        return out

    # (start, end, new lines[, order]): lines[start:end] becomes the new lines; start == end
    # inserts
    splices: list[tuple] = []
    records = _pair(root, "records")
    if records is None:
        tasks_pair = _pair(root, "tasks")
        at = (_last_line(tasks_pair[1]) + 1) if tasks_pair else len(lines)
        base = root.start_mark.column
        splices.append((at, at, ["", f"{' ' * base}records:"] + block(base + step, step, task_order)))
        return _splice(lines, splices, nl)
    rkey, rnode = records
    if _is_null(rnode):
        _clear_null(lines, rnode)
        at = rkey.start_mark.line + 1
        splices.append((at, at, block(rkey.start_mark.column + step, step, task_order)))
        return _splice(lines, splices, nl)
    if not isinstance(rnode, yaml.MappingNode) or rnode.flow_style:
        raise EditError("record-flow", what="records")

    pairs = rnode.value
    task_col = pairs[0][0].start_mark.column
    unit_step = step
    for _k, v in pairs:
        if isinstance(v, yaml.MappingNode) and v.value and not v.flow_style:
            unit_step = v.value[0][0].start_mark.column - task_col
            break

    new_blocks: dict[int, list[str]] = {}  # a new task block goes before the first later task
    for task in task_order:
        found = _pair(rnode, task)
        if found is None:
            mine = rank.get(task, len(tasks))
            after = [i for i, (k, _v) in enumerate(pairs) if rank.get(k.value, len(tasks)) > mine]
            new_blocks.setdefault(after[0] if after else len(pairs), []).append(task)
            continue
        tkey, tnode = found
        if _is_null(tnode):
            _clear_null(lines, tnode)
            at = tkey.start_mark.line + 1
            col = tkey.start_mark.column + unit_step
            splices.append((at, at, [" " * col + record_line(u, e) for u, e in by_task[task]]))
            continue
        if not isinstance(tnode, yaml.MappingNode) or tnode.flow_style:
            raise EditError("record-flow", what=f"任务“{task}”的登记")
        splices += _task_splices(lines, tnode, by_task[task], resolve, order, record_line)
    for where, task_ids in new_blocks.items():
        at = (_last_line(pairs[-1][1]) + 1 if where == len(pairs)
              else pairs[0][0].start_mark.line if where == 0
              else _last_line(pairs[where - 1][1]) + 1)
        # after any record that goes at the end of the task before it
        splices.append((at, at, block(task_col, unit_step, task_ids), 1))
    return _splice(lines, splices, nl)


def _task_splices(lines: list[str], tnode, units: list[tuple[str, Entry]],
                  resolve: dict[str, str], order: dict[str, int], record_line
                  ) -> list[tuple[int, int, list[str]]]:
    """The splices that set ``units`` (in roster order) within one task's records."""
    pairs = tnode.value
    col = pairs[0][0].start_mark.column
    at_pair = {resolve.get(k.value, k.value): i for i, (k, _v) in enumerate(pairs)}
    ranks = [order.get(resolve.get(k.value, k.value), len(order)) for k, _v in pairs]
    splices = []
    inserts: dict[int, list[str]] = {}
    for unit, entry in units:
        i = at_pair.get(unit)
        if i is not None:
            k, v = pairs[i]
            first, last = k.start_mark.line, _last_line(v)
            tail = ""
            if first == last:
                rest = lines[first].rstrip("\r\n")[v.end_mark.column:]
                if rest.strip().startswith("#"):
                    tail = rest
            ending = "\n" if lines[last].endswith("\n") else ""
            splices.append((first, last + 1, [" " * k.start_mark.column + record_line(unit, entry)
                                               + tail + ending]))
            continue
        mine = order.get(unit, len(order))
        after = next((j for j, r in enumerate(ranks) if r > mine), len(pairs))
        at = (_last_line(pairs[-1][1]) + 1 if after == len(pairs)
              else pairs[0][0].start_mark.line if after == 0
              else _last_line(pairs[after - 1][1]) + 1)
        inserts.setdefault(at, []).append(" " * col + record_line(unit, entry))
    splices += [(at, at, new) for at, new in inserts.items()]
    return splices


def _splice(lines: list[str], splices: list[tuple], nl: str) -> str:
    """Apply the splices from the bottom up (a replacement before an insertion at its start;
    of two insertions at one place, the one with the higher fourth field, if any, goes below).

    A replaced line keeps its own ending (``\\n`` there means "the file's"), an inserted one
    gets the file's, and the line before an insertion gets an ending if it was the last.
    """
    for start, end, new, *_ in sorted(splices, key=lambda s: (s[0], s[1], s[3:]), reverse=True):
        if start == end:
            if start > 0:
                _ensure_newline(lines, start - 1, nl)
            lines[start:start] = [ln + nl for ln in new]
        else:
            lines[start:end] = [ln[:-1] + nl if ln.endswith("\n") else ln for ln in new]
    return "".join(lines)


# ---- bytes in, bytes out ----------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"


def split_bom(data: bytes) -> tuple[bytes, str]:
    if data.startswith(_BOM):
        return _BOM, data[len(_BOM):].decode("utf-8")
    return b"", data.decode("utf-8")


def unified_diff(display: str, old: str, new: str) -> str:
    out = difflib.unified_diff(
        [ln.rstrip("\r\n") + "\n" for ln in _lines(old)],
        [ln.rstrip("\r\n") + "\n" for ln in _lines(new)],
        fromfile=f"a/{display}", tofile=f"b/{display}")
    return "".join(out)


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
        if any(p.code == "locked" for p in self.problems):
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
                    "record-changed", existing.source, unit=edit.unit.id, task=task.title,
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
        from .files import describe_os_error, write_atomic

        for edited in batch.files:
            try:
                write_atomic(edited.path, edited.data)
            except OSError as exc:
                return [problem("write-failed", Source(edited.display), path=edited.display,
                                reason=describe_os_error(exc))]
        gitio.ensure_merge_driver(self.data_dir)
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
        known = "、".join(str(p.number) for p in campaign.phases)
        return None, None, [problem("no-phase", None, value=phase, known=f"（已有：{known}）")], True
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
