"""Records in a phase file: ``set_records`` writes any number of them from one reading of
the text, each on its own line, a new one where the roster puts it within its task."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .text import EditError, compose, is_null, last_line, newline, pair, scalar, split_lines


@dataclass(frozen=True, slots=True)
class Entry:
    """The value of one record: a date, or an exemption, and an optional note."""

    date: dt.date | None = None
    note: str = ""
    exempt: str | None = None
    #: the materials filed for it: (path, sha256) pairs
    files: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, record) -> "Entry":
        return cls(record.date, record.note or "", record.exempt, record.files)

    def describe(self) -> str:
        """In words, for messages: 2022-01-26（备注：逾期补报） / 免报（经批准暂缓）."""
        if self.exempt is not None:
            text = f"免报（{self.exempt}）" if self.exempt else "免报"
        else:
            text = self.date.isoformat() if self.date else "（无日期）"
        return f"{text}（备注：{self.note}）" if self.note else text


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


# ---- records in a phase file ------------------------------------------------------------------

def _indent_step(root, lines: list[str], default: int = 2) -> int:
    """The file's indentation step, read off the first task's ``- `` (when it has one)."""
    tasks = pair(root, "tasks")
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

    lines = split_lines(text)
    nl = newline(lines)
    root = compose(text) if root is None else root
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
    records = pair(root, "records")
    if records is None:
        tasks_pair = pair(root, "tasks")
        at = (last_line(tasks_pair[1]) + 1) if tasks_pair else len(lines)
        base = root.start_mark.column
        splices.append((at, at, ["", f"{' ' * base}records:"] + block(base + step, step, task_order)))
        return _splice(lines, splices, nl)
    rkey, rnode = records
    if is_null(rnode):
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
        found = pair(rnode, task)
        if found is None:
            mine = rank.get(task, len(tasks))
            after = [i for i, (k, _v) in enumerate(pairs) if rank.get(k.value, len(tasks)) > mine]
            new_blocks.setdefault(after[0] if after else len(pairs), []).append(task)
            continue
        tkey, tnode = found
        if is_null(tnode):
            _clear_null(lines, tnode)
            at = tkey.start_mark.line + 1
            col = tkey.start_mark.column + unit_step
            splices.append((at, at, [" " * col + record_line(u, e) for u, e in by_task[task]]))
            continue
        if not isinstance(tnode, yaml.MappingNode) or tnode.flow_style:
            raise EditError("record-flow", what=f"任务“{task}”的登记")
        splices += _task_splices(lines, tnode, by_task[task], resolve, order, record_line)
    for where, task_ids in new_blocks.items():
        at = (last_line(pairs[-1][1]) + 1 if where == len(pairs)
              else pairs[0][0].start_mark.line if where == 0
              else last_line(pairs[where - 1][1]) + 1)
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
            first, last = k.start_mark.line, last_line(v)
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
        at = (last_line(pairs[-1][1]) + 1 if after == len(pairs)
              else pairs[0][0].start_mark.line if after == 0
              else last_line(pairs[after - 1][1]) + 1)
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
            if 0 < start <= len(lines) and not lines[start - 1].endswith("\n"):
                lines[start - 1] += nl
            lines[start:start] = [ln + nl for ln in new]
        else:
            lines[start:end] = [ln[:-1] + nl if ln.endswith("\n") else ln for ln in new]
    return "".join(lines)
