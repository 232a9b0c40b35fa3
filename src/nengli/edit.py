"""Writing records into a phase file the way a careful person would edit it by hand.

The edit is line-based and guided by the YAML node positions: only the lines of the record
being added or changed are touched, so every comment, blank line, quoting style and key
order elsewhere stays byte-identical (a BOM and CRLF line ends too), and ``git diff`` shows
exactly the record. A new record goes where the roster puts it within its task, so two
people adding different units on two clones touch different lines and git merges them.

``record()`` is the whole command: find the file, lock it, re-read it, edit, validate the
edited data with the ordinary loader, write atomically, and optionally commit that one file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .model import Campaign, Phase, Problem, Record, Source, Task, Unit
from .problems import has_errors, problem

#: seconds to wait for another nengli writing the same file
LOCK_TIMEOUT = 60


# ---- what one record says ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Entry:
    """The value of one record: a date, or an exemption, and an optional note."""

    date: dt.date | None = None
    note: str = ""
    exempt: str | None = None

    @classmethod
    def of(cls, record: Record) -> "Entry":
        return cls(record.date, record.note or "", record.exempt)

    def describe(self) -> str:
        """In words, for messages: 2022-01-26（备注：逾期补报） / 免报（经批准暂缓）."""
        if self.exempt is not None:
            text = f"免报（{self.exempt}）" if self.exempt else "免报"
        else:
            text = self.date.isoformat() if self.date else "（无日期）"
        return f"{text}（备注：{self.note}）" if self.note else text


class EditError(Exception):
    """The file is written in a way this editor will not touch (a message code and fields)."""

    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code, fields)
        self.code = code
        self.fields = fields


# ---- YAML text of a record --------------------------------------------------------------------

_PLAIN_UNSAFE = re.compile(r"""[,\[\]{}#:&*!|>'"%@`\\\x00-\x1f\x7f]""")
_PLAIN_BAD_START = re.compile(r"^[-?~\s]|\s$")
_RESOLVED = re.compile(
    r"(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N"
    r"|~|null|Null|NULL|[-+.0-9][-+.0-9_:eExXa-fA-FoObB]*|\.(?:inf|Inf|INF|nan|NaN|NAN))")


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly this text, in a flow or block
    context: plain when that is safe, else double-quoted (JSON escapes are YAML escapes)."""
    if text and not _PLAIN_UNSAFE.search(text) and not _PLAIN_BAD_START.search(text) \
            and not _RESOLVED.fullmatch(text) and "\u2028" not in text and "\u2029" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def entry_yaml(entry: Entry) -> str:
    """The value part of a record line: ``2022-01-26`` or ``{date: …, note: …}``."""
    if entry.exempt is not None:
        parts = [f"exempt: {scalar(entry.exempt)}"]
    elif not entry.note:
        assert entry.date is not None
        return entry.date.isoformat()
    else:
        assert entry.date is not None
        parts = [f"date: {entry.date.isoformat()}"]
    if entry.note:
        parts.append(f"note: {scalar(entry.note)}")
    return "{" + ", ".join(parts) + "}"


# ---- the line-based edit ----------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    """Lines with their ends kept; only ``\\n`` splits (``\\r`` stays with its line)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _compose(text: str):
    import yaml

    try:
        from yaml import CBaseLoader as Loader
    except ImportError:  # pragma: no cover
        from yaml import BaseLoader as Loader  # type: ignore[assignment]
    return yaml.compose(text, Loader=Loader)


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
    import yaml

    lines = _lines(text)
    nl = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    root = _compose(text)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise EditError("record-flow", what="阶段文件")
    step = _indent_step(root, lines)
    record_line = f"{scalar(unit)}: {entry_yaml(entry)}"

    def insert(at: int, new: list[str]) -> str:
        if at > 0:
            _ensure_newline(lines, at - 1, nl)
        lines[at:at] = [ln + nl for ln in new]
        return "".join(lines)

    records = _pair(root, "records")
    if records is None:
        tasks_pair = _pair(root, "tasks")
        at = (_last_line(tasks_pair[1]) + 1) if tasks_pair else len(lines)
        base = " " * root.start_mark.column
        return insert(at, ["", f"{base}records:", f"{base}{' ' * step}{task}:",
                           f"{base}{' ' * 2 * step}{record_line}"])
    rkey, rnode = records
    if _is_null(rnode):
        _clear_null(lines, rnode)
        col = rkey.start_mark.column
        return insert(rkey.start_mark.line + 1, [f"{' ' * (col + step)}{task}:",
                                                  f"{' ' * (col + 2 * step)}{record_line}"])
    if not isinstance(rnode, yaml.MappingNode) or rnode.flow_style:
        raise EditError("record-flow", what="records")

    task_col = rnode.value[0][0].start_mark.column
    unit_step = step
    for _k, v in rnode.value:
        if isinstance(v, yaml.MappingNode) and v.value and not v.flow_style:
            unit_step = v.value[0][0].start_mark.column - task_col
            break

    found = _pair(rnode, task)
    if found is None:
        # a new task block, placed in the order of the phase's tasks
        rank = {t: i for i, t in enumerate(tasks)}
        mine = rank.get(task, len(tasks))
        pairs = rnode.value
        after = [i for i, (k, _v) in enumerate(pairs) if rank.get(k.value, len(tasks)) > mine]
        block = [f"{' ' * task_col}{task}:", f"{' ' * (task_col + unit_step)}{record_line}"]
        if not after:
            return insert(_last_line(pairs[-1][1]) + 1, block)
        first = after[0]
        if first == 0:
            return insert(pairs[0][0].start_mark.line, block)
        return insert(_last_line(pairs[first - 1][1]) + 1, block)

    tkey, tnode = found
    if _is_null(tnode):
        _clear_null(lines, tnode)
        return insert(tkey.start_mark.line + 1,
                      [f"{' ' * (tkey.start_mark.column + unit_step)}{record_line}"])
    if not isinstance(tnode, yaml.MappingNode) or tnode.flow_style:
        raise EditError("record-flow", what=f"任务“{task}”的登记")

    pairs = tnode.value
    col = pairs[0][0].start_mark.column
    for k, v in pairs:
        if resolve.get(k.value, k.value) != unit:
            continue
        first, last = k.start_mark.line, _last_line(v)
        old_first = lines[first]
        tail = ""
        if first == last:
            rest = old_first.rstrip("\r\n")[v.end_mark.column:]
            if rest.strip().startswith("#"):
                tail = rest
        ending = nl if lines[last].endswith("\n") else ""
        lines[first:last + 1] = [" " * k.start_mark.column + record_line + tail + ending]
        return "".join(lines)

    mine = order.get(unit, len(order))
    after = [i for i, (k, _v) in enumerate(pairs)
             if order.get(resolve.get(k.value, k.value), len(order)) > mine]
    new = [" " * col + record_line]
    if not after:
        return insert(_last_line(pairs[-1][1]) + 1, new)
    if after[0] == 0:
        return insert(pairs[0][0].start_mark.line, new)
    return insert(_last_line(pairs[after[0] - 1][1]) + 1, new)


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


# ---- the command ------------------------------------------------------------------------------

Kind = Literal["add", "same", "change"]


@dataclass(frozen=True, slots=True)
class UnitChange:
    unit: Unit
    kind: Kind
    new: Entry
    old: Entry | None = None


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
    from .validate import _Suggester

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
    suggest = _Suggester(names + [t.title for p in phases for t in p.tasks])(ref)
    known = "、".join(f"{t.id}（{t.title}）" for p in phases for t in p.tasks) or "（无）"
    return None, None, [problem("record-unknown-task", None, value=ref, suggest=suggest,
                                known=known)], True


def name_index(campaign: Campaign) -> dict[str, str]:
    """Every id and alias -> unit id."""
    index: dict[str, str] = {}
    for u in campaign.units:
        for name in u.aliases:
            index.setdefault(name, u.id)
    for u in campaign.units:
        index[u.id] = u.id
    return index


_UNIT_SEPARATORS = re.compile(r"[,，、]")


def find_units(campaign: Campaign, refs: list[str]) -> tuple[list[Unit], list[Problem]]:
    from .validate import _Suggester

    index = name_index(campaign)
    by_id = {u.id: u for u in campaign.units}
    suggest = _Suggester(list(index))
    units: list[Unit] = []
    problems = []
    names: list[str] = []
    for ref in refs:
        # "24中，31中" or "24中、31中" typed as one argument: ids never contain these marks
        names += [ref.strip()] if ref.strip() in index else \
            [part.strip() for part in _UNIT_SEPARATORS.split(ref) if part.strip()]
    for ref in names:
        uid = index.get(ref)
        if uid is None:
            problems.append(problem("unknown-unit", None, value=ref, suggest=suggest(ref)))
        elif by_id[uid] not in units:
            units.append(by_id[uid])
    units.sort(key=lambda u: u.index)
    return units, problems


def commit_message(task: Task, changes: list[UnitChange], entry: Entry) -> str:
    """登记：创新案例、改革案例 24中、31中 2022-01-26"""
    names = "、".join(c.unit.id for c in changes if c.kind != "same")
    what = ("免报" if entry.exempt is not None else entry.date.isoformat() if entry.date else "")
    verb = "修改登记" if all(c.kind == "change" for c in changes if c.kind != "same") else "登记"
    return f"{verb}：{task.title} {names} {what}".rstrip()


def record(data_dir: Path, task_ref: str, unit_refs: list[str], *, phase: int | None = None,
           date: dt.date | None = None, note: str = "", exempt: str | None = None,
           force: bool = False, dry_run: bool = False, commit: bool = False,
           today: dt.date | None = None) -> RecordResult:
    """Record ``unit_refs`` under ``task_ref``: the whole ``nengli record`` command."""
    from . import gitio
    from .load import load, phase_files
    from .read import display_name

    today = today or dt.date.today()
    entry = Entry(date=None if exempt is not None else (date or today), note=note or "",
                  exempt=exempt)
    if exempt is not None and date is not None:
        return RecordResult("usage", [problem("record-options", None)])

    repo = None
    if commit and not dry_run:
        try:
            repo = gitio.repo_root(data_dir)
            if repo is None:
                return RecordResult("refused", [problem("not-git", None, path=display_name(data_dir))])
            if not gitio.has_identity(repo):
                return RecordResult("refused", [problem("git-identity", None)])
        except gitio.GitError as exc:
            return RecordResult("refused", [problem(exc.code, None, **exc.fields)])

    campaign, problems = load(data_dir, today)
    if campaign is None or has_errors(problems):
        return RecordResult("refused", problems + [problem("record-before-invalid", None)])
    chosen, task, found, usage = find_task(campaign, task_ref, phase)
    if task is None or chosen is None:
        return RecordResult("usage" if usage else "refused", found)
    units, found = find_units(campaign, unit_refs)
    if found:
        return RecordResult("usage", found)
    path = next((p for p in phase_files(data_dir) if display_name(p) == chosen.source.file), None)
    assert path is not None, chosen.source.file
    display = display_name(path)
    if repo is not None:
        # --commit names this registration only: earlier uncommitted edits of the same file
        # would be committed under its name
        try:
            if gitio.has_changes(repo, path):
                return RecordResult("refused", [problem("record-commit-dirty", Source(display),
                                                        name=display)])
        except gitio.GitError as exc:
            return RecordResult("refused", [problem(exc.code, None, **exc.fields)])

    from filelock import FileLock, Timeout

    lock_path = path.with_name(f".{path.name}.lock")
    try:
        with FileLock(str(lock_path), timeout=LOCK_TIMEOUT):
            return _record_locked(data_dir, path, display, chosen.number, task.id, units, entry,
                                  force=force, dry_run=dry_run, repo=repo, today=today)
    except Timeout:
        return RecordResult("refused", [problem("locked", Source(display), name=display,
                                                lock=display_name(lock_path))])


def _record_locked(data_dir: Path, path: Path, display: str, number: int, task_id: str,
                   units: list[Unit], entry: Entry, *, force: bool, dry_run: bool,
                   repo: Path | None, today: dt.date) -> RecordResult:
    from . import gitio
    from .files import describe_os_error, write_atomic
    from .load import load

    # read again under the lock: another nengli may have written since
    campaign, before = load(data_dir, today)
    if campaign is None or has_errors(before):
        return RecordResult("refused", before + [problem("record-before-invalid", None)])
    phase = campaign.phase(number)
    assert phase is not None
    task = phase.task(task_id)
    assert task is not None
    existing = {r.unit: r for r in phase.records if r.task == task_id}
    changes: list[UnitChange] = []
    refused: list[Problem] = []
    for unit in units:
        old = existing.get(unit.id)
        if old is None:
            changes.append(UnitChange(unit, "add", entry))
            continue
        old_entry = Entry.of(old)
        if old_entry == entry:
            changes.append(UnitChange(unit, "same", entry, old_entry))
            continue
        changes.append(UnitChange(unit, "change", entry, old_entry))
        if not force:
            refused.append(problem("record-changed", old.source, unit=unit.id, task=task.title,
                                   old=old_entry.describe(), new=entry.describe()))
    result = RecordResult("noop", phase=phase, task=task, changes=changes, file=display)
    if refused:
        result.status, result.problems = "refused", refused
        return result
    if all(c.kind == "same" for c in changes):
        return result

    data = path.read_bytes()
    bom, text = split_bom(data)
    index = name_index(campaign)
    order = {u.id: u.index for u in campaign.units}
    task_ids = [t.id for t in phase.tasks]
    new_text = text
    try:
        for c in changes:
            if c.kind != "same":
                new_text = set_record(new_text, task_id, c.unit.id, entry, resolve=index,
                                      order=order, tasks=task_ids)
    except EditError as exc:
        result.status, result.problems = "refused", [problem(exc.code, Source(display), **exc.fields)]
        return result
    new_data = bom + new_text.encode("utf-8")
    result.diff = unified_diff(display, text, new_text)

    after_campaign, after = load(data_dir, today, replace={path: new_data})
    new_errors = [p for p in after if p.is_error]
    if after_campaign is None or new_errors:
        result.status = "refused"
        result.problems = new_errors + [problem("record-invalid", None)]
        return result
    _verify(phase, after_campaign.phase(number), task_id, {c.unit.id for c in changes}, entry)
    seen = {(p.code, p.message) for p in before}
    result.warnings = [p for p in after if (p.code, p.message) not in seen]
    result.message = commit_message(task, changes, entry)
    if dry_run:
        result.status = "dry-run"
        return result
    try:
        write_atomic(path, new_data)
    except OSError as exc:
        result.status = "refused"
        result.problems = [problem("write-failed", Source(display), path=display,
                                   reason=describe_os_error(exc))]
        return result
    result.status = "written"
    gitio.ensure_merge_driver(data_dir)
    if repo is not None:
        try:
            result.commit = gitio.commit_file(repo, path, result.message)
        except gitio.GitError as exc:
            result.problems = [problem(exc.code, None, **exc.fields)]
    return result


def _verify(old: Phase, new: Phase | None, task: str, units: set[str], entry: Entry) -> None:
    """The edited file says exactly what was meant: the new records, and nothing else moved."""
    assert new is not None
    before = {(r.task, r.unit): Entry.of(r) for r in old.records}
    after = {(r.task, r.unit): Entry.of(r) for r in new.records}
    for uid in units:
        before[(task, uid)] = entry
    if before != after:  # pragma: no cover - a bug in set_record; never write such a file
        raise AssertionError(f"edit changed other records: {set(before.items()) ^ set(after.items())}")
