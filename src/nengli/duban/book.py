"""data/duban.yaml: the record of the 督办 items, read with positions and checked.

    items:
      〔2022〕督办第1-001号:                       # 编号：一件一号
        unit: 24中
        phase: 1
        task: cases
        log:                                        # 一行一件事，按日期
          - {date: 2022-01-21, level: 催办, until: 2022-01-28, by: 张三}
          - {date: 2022-01-27, extend: 2022-02-10, reason: 需经党委会审定, by: 张三}
          - {date: 2022-02-08, close: 材料/第1阶段/创新案例、改革案例/24中-案例.docx, by: 张三}

``nengli duban issue``, ``extend`` and ``close`` write it a line at a time (register.py); a
clerk may read and correct it in Notepad, and every mistake is said at its line and column.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..model import DUBAN_LEVELS, Item, Phase, Problem, Source, Step, Unit
from ..parse import FileParser
from ..parse.explain import what_node
from ..parse.nodes import Node, SequenceNode, is_null
from ..problems import problem
from ..zh import inner_quotes
from ..read import Text
from ..suggest import Suggester

ITEM_FIELDS = {"unit": True, "phase": True, "task": True, "log": True}
STEP_FIELDS = {"date": True, "level": False, "until": False, "extend": False, "reason": False,
               "close": False, "by": False}
#: the field that says what a line of the log is
KINDS = {"level": "notice", "extend": "extend", "close": "close"}


class Written(NamedTuple):
    """An item as parsed, before its unit, phase and task are checked against the campaign."""

    item: Item
    #: where the unit, phase and task are written
    unit_at: Source
    phase_at: Source
    task_at: Source


def parse_book(text: Text) -> tuple[list[Written], list[Problem]]:
    """Every readable item of duban.yaml, and the problems of the file."""
    p = FileParser(text)
    root = p.compose()
    if root is None:
        # an empty duban.yaml (a fresh campaign, or all items removed) is no mistake
        return [], [x for x in p.problems if x.code != "empty"]
    f = p.fields(root, "督办记录 duban.yaml", {"items": False}, {})
    if f is None or "items" not in f or is_null(f["items"][1]):
        return [], p.problems
    out: list[Written] = []
    for number, key_node, node in p.mapping(f["items"][1], "items（督办事项）",
                                            "每个督办事项写成“编号:”，下面是 unit、phase、task 和 log。"):
        written = _item(p, number.strip(), key_node, node)
        if written is not None:
            out.append(written)
    return out, p.problems


def _item(p: FileParser, number: str, key_node: Node, node: Node) -> Written | None:
    what = f"督办事项“{number}”"
    f = p.fields(node, what, ITEM_FIELDS, {"unit": "24中", "phase": "1", "task": "cases",
                                           "log": "（每行一件事）"})
    if f is None:
        return None
    unit = p.ident(f["unit"][1], "单位 unit", "24中") if "unit" in f else None
    phase = p.integer(f["phase"][1], "阶段 phase", "1") if "phase" in f else None
    task = p.ident(f["task"][1], "任务 task", "cases") if "task" in f else None
    steps = _log(p, f["log"][1], what) if "log" in f else None
    if None in (unit, phase, task, steps) or not number:
        return None
    item = Item(number=number, unit=unit, phase=phase, task=task,  # type: ignore[arg-type]
                steps=tuple(steps), source=p.src(key_node), ref=unit)  # type: ignore[arg-type]
    return Written(item, p.src(f["unit"][1]), p.src(f["phase"][1]), p.src(f["task"][1]))


def _log(p: FileParser, node: Node, what: str) -> list[Step] | None:
    if not p.check_node(node):
        return None
    if not isinstance(node, SequenceNode) or not node.value:
        p.report("want-list", node, what=f"{what}的 log", got=("空列表" if isinstance(node, SequenceNode)
                                                              else what_node(node)),
                 example="- {date: 2022-01-21, level: 催办, until: 2022-01-28}")
        return None
    steps = []
    for entry in node.value:
        step = _step(p, entry)
        if step is None:
            return None
        steps.append(step)
    closed = None
    for step, entry in zip(steps, node.value):
        if closed is not None:
            p.report("duban-after-close", entry, number=what, closed=closed.date.isoformat())
            return None
        if step.kind == "close":
            closed = step
    for i in range(1, len(steps)):
        if steps[i].date < steps[i - 1].date:
            p.report("duban-step-order", node.value[i], level="warning",
                     date=steps[i].date.isoformat(), before=steps[i - 1].date.isoformat())
    return steps


def _step(p: FileParser, node: Node) -> Step | None:
    f = p.fields(node, "督办记录的一行", STEP_FIELDS, {"date": "2022-01-21"})
    if f is None:
        return None
    kinds = [k for k in KINDS if k in f]
    if len(kinds) != 1:
        p.report("duban-step-kind", node, got="、".join(kinds) if kinds else "都没有写")
        return None
    date = p.date(f["date"][1], "日期 date") if "date" in f else None
    by = p.text_value(f["by"][1], "经办人 by", "张三", optional=True) if "by" in f else ""
    if date is None or by is None:
        return None
    source = p.src(node)
    key = kinds[0]
    value = f[key][1]
    if key == "level":
        level = p.text_value(value, "等级 level", "催办")
        if level is None:
            return None
        if level.strip() not in DUBAN_LEVELS:
            p.report("duban-level", value, value=level, suggest=Suggester(list(DUBAN_LEVELS))(level))
            return None
        if "until" not in f:
            p.report("missing-field", node, what=f"{level}通知单", field="until",
                     example="until: 2022-01-28（办理时限）")
            return None
        until = p.date(f["until"][1], "办理时限 until")
        reason = p.text_value(f["reason"][1], "依据 reason", "领导批示", optional=True) \
            if "reason" in f else ""
        if until is None or reason is None:
            return None
        if until < date:
            p.report("date-order", f["until"][1], what=f"{level}通知单", later="发出日期 date",
                     later_value=date.isoformat(), earlier="办理时限 until", earlier_value=until.isoformat())
            return None
        return Step("notice", date, source, level=level.strip(), until=until, reason=reason.strip(),
                    by=by.strip())
    if key == "extend":
        until = p.date(value, "延期至 extend")
        if until is None:
            return None
        if "reason" not in f:
            p.report("missing-field", node, what="延期", field="reason", example="reason: 延期的理由")
            return None
        reason = p.text_value(f["reason"][1], "延期理由 reason", "需经党委会审定")
        if reason is None:
            return None
        if not reason.strip():
            p.report("want-text", f["reason"][1], what="延期理由 reason", got="空白", example="需经党委会审定")
            return None
        if "until" in f:
            p.report("unknown-field", f["until"][0], level="warning", field="until", suggest="",
                     hint="延期的新期限写在 extend 后面，until 只用于通知单。")
        return Step("extend", date, source, until=until, reason=reason.strip(), by=by.strip())
    evidence = p.text_value(value, "销号依据 close", "材料/第1阶段/…/24中-案例.docx")
    if evidence is None:
        return None
    if not evidence.strip():
        p.report("want-text", value, what="销号依据 close", got="空白", example="已报送，见材料/第1阶段/…")
        return None
    return Step("close", date, source, evidence=evidence.strip(), by=by.strip())


def check_book(written: list[Written], units: list[Unit] | tuple[Unit, ...],
               index: dict[str, str], phases: list[Phase] | tuple[Phase, ...],
               as_of: dt.date | None, *, roster_ok: bool = True) -> tuple[tuple[Item, ...], list[Problem]]:
    """The items whose unit, phase and task are the campaign's, with the unit's id; a problem
    for every other one, and a warning for a unit with two open items on one task."""
    problems: list[Problem] = []
    by_number = {p.number: p for p in phases}
    by_id = {u.id: u for u in units}
    suggest_unit = Suggester(list(index))
    out: list[Item] = []
    open_items: dict[tuple[str, int, str], Item] = {}
    for w in written:
        item = w.item
        uid = index.get(item.unit)
        if uid is None:
            if roster_ok:
                problems.append(problem("unknown-unit", w.unit_at, value=item.unit,
                                        suggest=suggest_unit(item.unit)))
            continue
        phase = by_number.get(item.phase)
        if phase is None:
            known = "、".join(str(n) for n in by_number) or "（无）"
            problems.append(problem("duban-unknown-phase", w.phase_at, value=item.phase, known=known))
            continue
        task = phase.task(item.task)
        if task is None:
            tasks = [t.id for t in phase.tasks]
            titles = {t.title: t.id for t in phase.tasks}
            hint = (f"：“{item.task}”是任务“{titles[item.task]}”的名称，这里要写任务 id“{titles[item.task]}”"
                    if item.task in titles else Suggester(tasks)(item.task))
            problems.append(problem("duban-unknown-task", w.task_at, value=item.task, phase=phase.number,
                                    suggest=hint, known="、".join(tasks) or "（无）"))
            continue
        unit = by_id[uid]
        if unit.category not in task.applies_to or unit.category not in phase.scope:
            problems.append(problem("duban-not-applicable", w.unit_at, level="warning", unit=uid,
                                    task=inner_quotes(task.title), number=item.number))
        for step in item.steps:
            if as_of is not None and step.date > as_of:
                problems.append(problem("duban-future", step.source, level="warning",
                                        value=step.date.isoformat(), as_of=as_of.isoformat()))
        item = item._replace(unit=uid)
        if item.closed is None:
            key = (uid, item.phase, item.task)
            other = open_items.get(key)
            if other is not None:
                problems.append(problem("duban-two-items", item.source, level="warning", unit=uid,
                                        task=inner_quotes(task.title), number=item.number, other=other.number,
                                        line=other.source.line))
            else:
                open_items[key] = item
        out.append(item)
    return tuple(out), problems
