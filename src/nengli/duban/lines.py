"""duban.yaml edited a line at a time, with the public line editor's tools (lineedit).

Two edits only, both additions: a new item (its lines after the last item) and a new line of
an item's log (after its last line). Every other byte of the file stays as it was — comments,
blank lines, quoting, a BOM, CRLF line ends — so ``git diff`` shows exactly what was issued,
and two clerks who add to different items touch different lines.
"""

from __future__ import annotations

import datetime as dt

from ..lineedit import EditError, compose, last_line, newline, pair, scalar, split_lines
from ..model import Step

HEADER = ("# 督办记录：nengli duban issue、extend、close 写入，一件一号（编号: 单位、阶段、任务、记录）。",
          "# 每行记录一件事：发出通知单（level、until 办理时限）、延期（extend、reason）、销号（close）。")
#: indentation of a new file: items' keys, their fields, the log's "- "
_STEP = 2


def step_text(step: Step) -> str:
    """A log line's mapping: ``{date: 2022-01-21, level: 催办, until: 2022-01-28, by: 张三}``."""
    parts = [f"date: {step.date.isoformat()}"]
    if step.kind == "notice":
        parts += [f"level: {scalar(step.level)}", f"until: {_day(step.until)}"]
        if step.reason:
            parts.append(f"reason: {scalar(step.reason)}")
    elif step.kind == "extend":
        parts += [f"extend: {_day(step.until)}", f"reason: {scalar(step.reason)}"]
    else:
        parts.append(f"close: {scalar(step.evidence)}")
    if step.by:
        parts.append(f"by: {scalar(step.by)}")
    return "{" + ", ".join(parts) + "}"


def _day(day: dt.date | None) -> str:
    assert day is not None
    return day.isoformat()


def add_item(text: str, number: str, unit: str, phase: int, task: str, step: Step) -> str:
    """``text`` with a new item after the last one (the file and ``items:`` made if missing)."""
    import yaml

    lines = split_lines(text)
    nl = newline(lines) if lines else "\n"
    root = compose(text) if text.strip() else None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.value == ""):
        head = [ln.rstrip("\r\n") for ln in lines] if lines else list(HEADER)
        return _joined(head + ["items:"] + _item_lines(_STEP, _STEP, number, unit, phase, task, step), nl)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise EditError("duban-flow", what="duban.yaml")
    found = pair(root, "items")
    if found is None:
        at = last_line(root) + 1
        pad = " " * root.start_mark.column
        block = [f"{pad}items:"] + _item_lines(root.start_mark.column + _STEP, _STEP, number, unit,
                                                   phase, task, step)
        return _insert(lines, at, block, nl)
    key, items = found
    if isinstance(items, yaml.ScalarNode) and items.value in ("", "~", "null") or \
            isinstance(items, yaml.MappingNode) and items.flow_style and not items.value:
        # ``items:`` or ``items: {}``: the new item goes on the lines after the key
        line = lines[key.start_mark.line]
        if items.start_mark.line == key.start_mark.line and items.end_mark.column > items.start_mark.column:
            cut = line[:items.start_mark.column].rstrip(" ") + line[items.end_mark.column:]
            lines[key.start_mark.line] = cut
        return _insert(lines, key.start_mark.line + 1,
                       _item_lines(key.start_mark.column + _STEP, _STEP, number, unit, phase, task, step), nl)
    if not isinstance(items, yaml.MappingNode) or items.flow_style:
        raise EditError("duban-flow", what="items")
    first_key, first_item = items.value[0]
    col = first_key.start_mark.column
    step_col = _STEP
    if isinstance(first_item, yaml.MappingNode) and first_item.value and not first_item.flow_style:
        step_col = first_item.value[0][0].start_mark.column - col
    at = last_line(items.value[-1][1]) + 1
    return _insert(lines, at, _item_lines(col, step_col, number, unit, phase, task, step), nl)


def _item_lines(col: int, step: int, number: str, unit: str, phase: int, task: str,
                first: Step) -> list[str]:
    pad, inner = " " * col, " " * (col + step)
    return [f"{pad}{scalar(number)}:", f"{inner}unit: {scalar(unit)}", f"{inner}phase: {phase}",
            f"{inner}task: {scalar(task)}", f"{inner}log:",
            f"{inner}{' ' * step}- {step_text(first)}"]


def add_step(text: str, number: str, step: Step) -> str:
    """``text`` with ``step`` after the last line of item ``number``'s log."""
    import yaml

    lines = split_lines(text)
    root = compose(text)
    found = pair(root, "items") if isinstance(root, yaml.MappingNode) else None
    if found is None or not isinstance(found[1], yaml.MappingNode) or found[1].flow_style:
        raise EditError("duban-flow", what="items")
    item = next((v for k, v in found[1].value if getattr(k, "value", "").strip() == number), None)
    if not isinstance(item, yaml.MappingNode) or item.flow_style:
        raise EditError("duban-flow", what=f"督办事项“{number}”")
    log = pair(item, "log")
    if log is None or not isinstance(log[1], yaml.SequenceNode) or log[1].flow_style \
            or not log[1].value:
        raise EditError("duban-flow", what=f"督办事项“{number}”的 log")
    entry = log[1].value[0]
    dash = lines[entry.start_mark.line][:entry.start_mark.column]
    at = last_line(log[1]) + 1
    return _insert(lines, at, [f"{dash}{step_text(step)}"], newline(lines))


def _insert(lines: list[str], at: int, new: list[str], nl: str) -> str:
    if 0 < at <= len(lines) and not lines[at - 1].endswith("\n"):
        lines[at - 1] += nl
    lines[at:at] = [ln + nl for ln in new]
    return "".join(lines)


def _joined(lines: list[str], nl: str) -> str:
    return "".join(ln + nl for ln in lines)
