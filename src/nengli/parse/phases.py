"""The grammar of a phase file: the phase, its tasks, the records and the notice's words.

Records are most of a campaign's text (one line per unit and task), so the common line —
``24中: 2022-01-12`` — is read in one step; every other shape takes the general path with all
its checks and messages.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..model import Phase, Problem, Record, Source, Task
from ..problems import problem
from ..read import Text
from .explain import what_node
from .nodes import STR_TAG, MappingNode, Node, ScalarNode, SequenceNode, is_null
from .reader import FileParser
from .recordlines import REF_SLOW, scan
from .values import plain_date

#: read the common record lines without YAML (recordlines.py); the tests turn it off to
#: compare with the general path
FAST_LINES = True

PHASE_FIELDS = {"phase": True, "title": True, "theme": False, "start": True, "end": True,
                "scope": False, "tasks": True, "records": False, "notice": False}
TASK_FIELDS = {"id": True, "title": True, "applies_to": False, "due": True, "aliases": False}
RECORD_FIELDS = {"date": False, "note": False, "exempt": False, "files": False}


def parse_phase(text: Text) -> tuple[Phase | None, list[Problem], dict[str, Any]]:
    """One phase file. Returns the phase, its problems, and where things are (for checks).

    ``where`` also says what could not be read, so that the checks across files do not
    report its consequences as further mistakes: ``broken_tasks`` (task ids whose task is
    unreadable), ``tasks_incomplete`` (some task has no readable id) and ``scope_broken``.
    """
    p = FileParser(text)
    where: dict[str, Any] = {"scope": [], "applies_to": {}, "task_aliases": {}, "record_tasks": {},
                             "broken_tasks": set(), "tasks_incomplete": False,
                             "scope_broken": False}
    lines = scan(text.text, p.file, p.dates) if FAST_LINES else None
    root = p.compose(lines.text) if lines is not None else p.compose()
    if lines is not None and (root is None or not lines.fits(root)):
        p, lines = FileParser(text), None  # read the file as written, the general way
        root = p.compose()
    if root is None:
        return None, p.problems, where
    taken = lines.tasks if lines is not None else {}
    f = p.fields(root, "阶段文件", PHASE_FIELDS,
                 {"phase": "1", "title": "第一阶段", "start": "2022-01-09", "end": "2022-01-31",
                  "tasks": "（任务列表）"})
    if f is None:
        return None, p.problems, where
    number = p.integer(f["phase"][1], "阶段编号 phase", "1") if "phase" in f else None
    title = p.text_value(f["title"][1], "阶段名称 title", "第一阶段") if "title" in f else None
    theme = p.text_value(f["theme"][1], "主题 theme", "提高认识、找准问题", optional=True) if "theme" in f else ""
    start = p.date(f["start"][1], "开始日期 start") if "start" in f else None
    p.year = start.year if start else None
    end = p.date(f["end"][1], "结束日期 end") if "end" in f else None
    p.year = p.year or (end.year if end else None)
    if start and end and end < start:
        p.report("date-order", f["end"][1], what="阶段日期", later="结束日期 end",
                 later_value=end.isoformat(), earlier="开始日期 start", earlier_value=start.isoformat())
    scope: list[tuple[str, Source]] = []
    if "scope" in f:
        got = p.id_list(f["scope"][1], "scope 中的类别", "[school, institution, office]")
        where["scope_broken"] = got is None
        scope = got or []
    where["scope"] = scope

    tasks: list[Task] = []
    where["tasks_incomplete"] = "tasks" not in f
    if "tasks" in f:
        tnode = f["tasks"][1]
        if p.check_node(tnode):
            if isinstance(tnode, SequenceNode):
                if not tnode.value:
                    p.report("no-tasks", tnode, level="warning")
                for item in tnode.value:
                    task = _task(p, item, where)
                    if task:
                        tasks.append(task)
            elif is_null(tnode):
                p.report("no-tasks", f["tasks"][0], level="warning")
            else:
                where["tasks_incomplete"] = True
                p.report("want-list", tnode, what="tasks", got=what_node(tnode),
                         example="- id: cases（每个任务一项，以“- ”开头）")
        else:
            where["tasks_incomplete"] = True

    records: list[Record] = []
    ids = {t.id for t in tasks}
    if "records" in f:
        rnode = f["records"][1]
        if not is_null(rnode):
            for task_id, key_node, by_unit in p.mapping(rnode, "records",
                                                         "写成“任务id:”，下面每行“单位: 日期”。"):
                if task_id not in ids and _title_as_key(p, task_id, key_node, tasks):
                    continue
                tid = p.ident(key_node, "任务 id", "cases")
                if tid is None:
                    continue
                where["record_tasks"][tid] = p.src(key_node)
                fast = taken.get(key_node.start_mark.line)
                if fast is None and is_null(by_unit):
                    continue  # a task with no records yet
                _records(p, tid, key_node, by_unit, records, fast[1] if fast else [])

    notice: dict = {}
    if "notice" in f and isinstance(f["notice"][1], MappingNode):
        # free words for the template, read as plain data; only the team list has a shape
        for key, _, value_node in p.mapping(f["notice"][1], "notice"):
            notice[key] = _team(p, value_node) if key == "team" else p.plain(value_node, 1)
    elif "notice" in f:
        value = p.plain(f["notice"][1])
        if value is not None:
            p.report("want-mapping", f["notice"][1], what="notice", got=what_node(f["notice"][1]),
                     hint="notice 下写 intro、method、next_steps 等段落。")
    if None in (number, title, start, end):
        return None, p.problems, where
    phase = Phase(number=number, title=title, start=start, end=end,  # type: ignore[arg-type]
                  scope=tuple(s for s, _ in scope), tasks=tuple(tasks), records=tuple(records),
                  source=p.src(f["phase"][1]), theme=theme or "", notice=notice)
    return phase, p.problems, where


TEAM_FIELDS = {"role": True, "members": True}


def _team(p: FileParser, node: Node) -> list[dict[str, Any]]:
    """notice.team, the 巡回督导组 list: each role with its members, checked here so that a
    role without ``members:`` or a misspelt key is said at its line, not by the template.
    One member may be written alone (``members: 某某``); it is read as a list of one."""
    if is_null(node) or not p.check_node(node):
        return []
    if not isinstance(node, SequenceNode):
        p.report("want-list", node, what="notice 的 team", got=what_node(node),
                 example="`team: [{role: 组长, members: [某某]}]`")
        return []
    team = []
    for item in node.value:
        found = p.fields(item, "督导组名单的一项", TEAM_FIELDS,
                         {"role": "组长", "members": "[某某　职务]"}, item=True)
        if found is None or len(found) < len(TEAM_FIELDS):
            continue
        role = p.text_value(found["role"][1], "role", "组长")
        members_node = found["members"][1]
        if isinstance(members_node, SequenceNode):
            members = [p.text_value(m, "members 的一项", "某某　职务") for m in members_node.value]
        else:
            members = [p.text_value(members_node, "members", "[某某　职务]")]
        if role is None or None in members:
            continue
        team.append({"role": role, "members": members})
    return team


def _title_as_key(p: FileParser, key: str, key_node: Node, tasks: list[Task]) -> bool:
    """A task's title (创新案例、改革案例) written where its id belongs: said as such, with
    the id to write, rather than as a 顿号 or an unknown task. True when reported."""
    titles = {t.title: t.id for t in tasks}
    match = key if key in titles else next(iter(difflib.get_close_matches(key, list(titles), 1, 0.6)), None)
    if match is None:
        return False
    p.report("unknown-task", key_node, value=key, known="、".join(t.id for t in tasks),
             suggest=f"：“{match}”是任务“{titles[match]}”的名称，这里要写任务 id“{titles[match]}”")
    return True


def _task(p: FileParser, node: Node, where: dict[str, Any]) -> Task | None:
    f = p.fields(node, "任务", TASK_FIELDS,
                 {"id": "cases", "title": "创新案例、改革案例报送", "due": "2022-01-20"}, item=True)
    if f is None:
        where["tasks_incomplete"] = True
        return None
    tid = p.ident(f["id"][1], "任务 id", "cases") if "id" in f else None
    title = p.text_value(f["title"][1], "任务名称 title", "创新案例、改革案例报送") if "title" in f else None
    due = p.date(f["due"][1], "截止日期 due") if "due" in f else None
    applies: list[tuple[str, Source]] | None = []
    if "applies_to" in f:
        applies = p.id_list(f["applies_to"][1], "applies_to 中的类别", "[school, institution]")
    aliases = p.id_list(f["aliases"][1], "任务别名", "[三个清单]") if "aliases" in f else []
    if tid is None:
        where["tasks_incomplete"] = True
        return None
    if title is None or due is None or applies is None or aliases is None:
        where["broken_tasks"].add(tid)
        return None
    src = p.src(f["id"][1])
    where["applies_to"][tid] = applies
    where["task_aliases"][tid] = aliases
    return Task(id=tid, title=title, due=due, applies_to=tuple(a for a, _ in applies), source=src,
                aliases=tuple(a for a, _ in aliases))



def _records(p: FileParser, task: str, key_node: Node, node: Node, out: list[Record],
             taken: list[Record]) -> None:
    """The records of one task, in file order: those of the lines ``recordlines`` read
    (``taken``) and the entries of ``node``, the rest. Each record's ``unit`` is its name as
    written until validate resolves it to the unit's id (the same object is kept when they
    agree)."""
    what, hint = f"任务“{task}”的登记", "每行写“单位: 日期”，例如“24中: 2022-01-12”。"
    if taken and taken[0].task != task:  # the key as written was not the id (１班 -> 1班)
        taken = [r._replace(task=task) for r in taken]
    if taken and is_null(node):
        out.extend(taken)  # scan took each name once, so there is no duplicate to find
        return
    if not isinstance(node, MappingNode):
        for _ in p.mapping(node, what, hint):  # reports what is wrong with it
            pass
        return
    if not p.check_node(node):
        return
    file, first, dates = p.file, {}, p.dates
    fast = iter(taken)
    nxt = next(fast, None)
    for ref_node, value in node.value:
        while nxt is not None and nxt.source.line <= ref_node.start_mark.line:
            _taken(p, nxt, first, out)
            nxt = next(fast, None)
        # the common line, read in one step: "24中: 2022-01-12", a plain name that is not
        # ASCII (so YAML cannot have read it as a number, boolean or null) and an ISO date.
        # Anything else takes the general path below, with every check and message.
        if type(ref_node) is ScalarNode and type(value) is ScalarNode and ref_node.style == "" \
                and ref_node.tag == STR_TAG and value.tag == STR_TAG:
            ref = ref_node.value
            if not ref.isascii() and ref not in first and REF_SLOW.search(ref) is None:
                date = plain_date(value.value, dates)
                unit = ref.strip()
                if date is not None and unit:
                    mark = ref_node.start_mark
                    first[ref] = mark.line + 1
                    out.append(Record(task=task, unit=unit, ref=unit,
                                      source=Source(file, mark.line + 1, mark.column + 1), date=date))
                    continue
        if p.key(ref_node, first) is not None:
            _record(p, task, ref_node, value, out)
    while nxt is not None:
        _taken(p, nxt, first, out)
        nxt = next(fast, None)


def _taken(p: FileParser, record: Record, first: dict[str, int], out: list[Record]) -> None:
    """The record of a line ``recordlines`` read, among other entries of its task: a name met
    before in the task is the same problem as a duplicate key."""
    ref, source = record.ref, record.source
    if ref in first:
        p.problems.append(problem("dup-key", source, excerpt=p.text.line(source.line),
                                  key=ref, first=first[ref]))
        return
    first[ref] = source.line
    out.append(record)


def _record(p: FileParser, task: str, ref_node: Node, value: Node, out: list[Record]) -> None:
    """One line of a task's records, any shape, every problem reported."""
    file = p.file
    unit = p.ident(ref_node, "单位", "24中")
    if unit is None:
        return
    mark = ref_node.start_mark
    source = Source(file, mark.line + 1, mark.column + 1)
    if isinstance(value, ScalarNode) and value.tag == STR_TAG:
        # "24中: 2022-01-12", or a date written some other way (said by date_of)
        if is_null(value):
            p.report("record-empty", ref_node, unit=unit)
            return
        date = p.date_of(value, f"单位“{unit}”的报送日期")
        if date is not None:
            out.append(Record(task=task, unit=unit, ref=unit, source=source, date=date))
        return
    f = p.fields(value, f"单位“{unit}”的登记", RECORD_FIELDS, {"date": "2022-01-20"})
    if f is None:
        return
    date = p.date(f["date"][1], f"单位“{unit}”的报送日期") if "date" in f else None
    note = p.text_value(f["note"][1], "备注 note", "逾期补报", optional=True) if "note" in f else ""
    exempt = None
    if "exempt" in f:
        exempt = p.exempt_reason(f["exempt"][1])
        if exempt is None:
            return
        if "date" in f:
            p.report("record-exempt-date", ref_node, unit=unit)
            return
    files = _files(p, f["files"][1]) if "files" in f else ()
    if "date" in f and date is None or files is None:
        return
    if date is None and exempt is None:
        if "exempt" not in f and "date" not in f:
            p.report("missing-field", value, what=f"单位“{unit}”的登记", field="date",
                     example="date: 2022-01-20")
        return
    out.append(Record(task=task, unit=unit, ref=unit, source=source, date=date,
                      note=note or "", exempt=exempt, files=files))


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _files(p: FileParser, node: Node) -> tuple[tuple[str, str], ...] | None:
    """``files: {材料/…/24中-案例.docx: <sha256>}``: the materials intake filed for a record."""
    out = []
    for path, key_node, value in p.mapping(node, "材料 files", "写成 {材料/…/文件名: sha256}。"):
        digest = p.text_value(value, f"材料“{path}”的 sha256", "64 位十六进制数字")
        if digest is None:
            return None
        if not _SHA256.fullmatch(digest.strip().lower()):
            p.report("bad-sha256", value, path=path, value=digest)
            return None
        if not path.strip():
            p.report("want-text", key_node, what="材料的路径", got="空白", example="材料/第1阶段/…")
            return None
        out.append((path.strip(), digest.strip().lower()))
    return tuple(out) if isinstance(node, MappingNode) else None
