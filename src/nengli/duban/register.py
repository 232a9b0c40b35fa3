"""``nengli duban issue``, ``extend`` and ``close``: each checked against the ladder and the
data, then written into duban.yaml a line at a time.

A command works in a ``Session`` (``with session(data_dir, today) as s``): duban.yaml locked,
the campaign loaded once. ``s.issue(…)``, ``s.extend(…)`` and ``s.close(…)`` each return a
``Plan``: the new text of duban.yaml, checked by reading it back, or the problems that refuse
it. ``s.write(plan, also=[(path, bytes)])`` writes the other files first (the 通知单) and
duban.yaml last, each atomically, and takes the others back if duban.yaml cannot be written:
a refused or failed command leaves every file as it was.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal, Sequence

from ..model import DUBAN_LEVELS, Campaign, Item, Phase, Problem, Source, Step, Task, Unit
from ..problems import has_errors, problem
from ..zh import inner_quotes
from . import BOOK_FILE
from .ladder import REMIND, Stage, item_for, stage_of
from .numbers import find_items, next_number
from .workdays import Calendar

Status = Literal["ready", "usage", "refused"]
#: what a closing evidence that names a document ends with (then the file must exist)
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps", ".ofd", ".jpg", ".jpeg", ".png", ".xlsx",
                     ".xls", ".zip", ".rar")


@dataclass
class Plan:
    """One change to duban.yaml, ready to write, or refused (``problems``)."""

    status: Status
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: the item as it will be, the step added, and where the unit's task stood before
    item: Item | None = None
    step: Step | None = None
    stage: Stage | None = None
    phase: Phase | None = None
    task: Task | None = None
    unit: Unit | None = None
    #: the notices sent for the item before this one (the 通知单 says what came before)
    earlier: tuple[Step, ...] = ()
    new_item: bool = False
    old: str = ""
    new: str = ""
    bom: bytes = b""
    #: the commit message of ``--commit``
    message: str = ""

    @property
    def data(self) -> bytes:
        return self.bom + self.new.encode("utf-8")


@dataclass
class Session:
    data_dir: Path
    today: dt.date
    campaign: Campaign | None
    problems: list[Problem]
    clerk: str = ""
    has_remote: bool = False

    @property
    def path(self) -> Path:
        return self.data_dir / BOOK_FILE

    @property
    def refused(self) -> list[Problem]:
        """Why nothing may be written now (errors in the data, a lock not had), or []."""
        if self.campaign is not None and not has_errors(self.problems):
            return []
        if any(p.code == "locked" for p in self.problems):
            return self.problems
        return self.problems + [problem("duban-before-invalid", None)]

    # ---- the commands --------------------------------------------------------------------

    def issue(self, unit_ref: str, task_ref: str, *, phase: int | None = None,
              level: str | None = None, date: dt.date | None = None, reason: str = "") -> Plan:
        """A notice for a unit's task: the level the ladder says is due, or ``level``."""
        campaign = self.campaign
        assert campaign is not None
        day = date or self.today
        unit, chosen, task, refused = self._unit_task(unit_ref, task_ref, phase)
        if refused is not None:
            return refused
        assert unit is not None and chosen is not None and task is not None
        if level is not None and level not in DUBAN_LEVELS:
            code = "duban-remind" if level == REMIND else "duban-no-level"
            return Plan("usage", [problem(code, None, value=level, known="、".join(DUBAN_LEVELS))])
        if day > self.today:
            return Plan("usage", [problem("duban-future-date", None, value=day.isoformat(),
                                          today=self.today.isoformat())])
        stage = self._stage(unit, chosen, task, day)
        plan = Plan("refused", stage=stage, phase=chosen, task=task, unit=unit)
        refusal = self._why_not(stage, level, day)
        if refusal is not None:
            plan.problems = [refusal]
            return plan
        level = level or stage.next_level
        assert level is not None
        calendar = Calendar.of(campaign.rules)
        until = calendar.add(day, campaign.rules.days(level))
        step = Step("notice", day, Source(BOOK_FILE), level=level, until=until, reason=reason,
                    by=self.clerk)
        item = stage.item if stage.item is not None and stage.state != "closed" else None
        if item is None:
            number, refused = self._number(day)
            if refused:
                plan.problems = refused
                return plan
            return self._plan(plan, Item(number, unit.id, chosen.number, task.id, (step,),
                                         Source(BOOK_FILE)), step, new_item=True)
        plan.earlier = item.notices
        return self._plan(plan, item._replace(steps=item.steps + (step,)), step)

    def extend(self, number_ref: str, until: dt.date, reason: str, *,
               date: dt.date | None = None) -> Plan:
        """A 延期 of an item's deadline, asked before that deadline passed."""
        day = date or self.today
        item, plan = self._item(number_ref, day)
        if item is None:
            return plan
        stage = plan.stage
        assert stage is not None
        if day > self.today:
            return Plan("usage", [problem("duban-future-date", None, value=day.isoformat(),
                                          today=self.today.isoformat())])
        if stage.state == "closed":
            return self._refuse(plan, "duban-closed", closed=_closed_on(item))
        if stage.state == "to_close":
            return self._refuse(plan, "duban-done-extend", unit=item.unit, task=inner_quotes(plan.task.title),  # type: ignore[union-attr]
                                number=item.number)
        deadline = stage.deadline
        assert deadline is not None
        if day > deadline:
            return self._refuse(plan, "duban-extend-late", number=item.number,
                                deadline=_cn(deadline), day=_cn(day))
        if until <= deadline:
            return self._refuse(plan, "duban-extend-earlier", until=_cn(until), deadline=_cn(deadline))
        if not reason.strip():
            return Plan("usage", [problem("duban-extend-reason", None)])
        step = Step("extend", day, Source(BOOK_FILE), until=until, reason=reason.strip(), by=self.clerk)
        plan.earlier = item.notices
        return self._plan(plan, item._replace(steps=item.steps + (step,)), step)

    def extend_task(self, unit_ref: str, task_ref: str, until: dt.date, reason: str, *,
                    phase: int | None = None, date: dt.date | None = None) -> Plan:
        """A 延期 of a task's own due date, asked before it (no notice sent yet): the matter is
        numbered now (一件一号), and the ladder waits for the new date. A task whose item is
        open already is extended on that item."""
        day = date or self.today
        unit, phase_found, task, refused = self._unit_task(unit_ref, task_ref, phase)
        if refused is not None:
            return refused
        assert unit is not None and phase_found is not None and task is not None
        if day > self.today:
            return Plan("usage", [problem("duban-future-date", None, value=day.isoformat(),
                                          today=self.today.isoformat())])
        stage = self._stage(unit, phase_found, task, day)
        if stage.item is not None and stage.state != "closed":
            return self.extend(stage.item.number, until, reason, date=day)
        plan = Plan("refused", stage=stage, phase=phase_found, task=task, unit=unit)
        if stage.row.status in ("on_time", "late", "exempt"):
            return self._refuse(plan, "duban-done-no-extend", unit=unit.id, task=inner_quotes(task.title))
        deadline = stage.deadline or task.due
        if day > deadline:
            return self._refuse(plan, "duban-extend-late", number=f"“{inner_quotes(task.title)}”",
                                deadline=_cn(deadline), day=_cn(day))
        if until <= deadline:
            return self._refuse(plan, "duban-extend-earlier", until=_cn(until), deadline=_cn(deadline))
        if not reason.strip():
            return Plan("usage", [problem("duban-extend-reason", None)])
        number, refusals = self._number(day)
        if refusals:
            plan.problems = refusals
            return plan
        step = Step("extend", day, Source(BOOK_FILE), until=until, reason=reason.strip(), by=self.clerk)
        return self._plan(plan, Item(number, unit.id, phase_found.number, task.id, (step,),
                                     Source(BOOK_FILE)), step, new_item=True)

    def close(self, number_ref: str, evidence: str, *, date: dt.date | None = None,
              force: bool = False) -> Plan:
        """销号: the item closed, with what shows the matter settled."""
        day = date or self.today
        item, plan = self._item(number_ref, day)
        if item is None:
            return plan
        stage = plan.stage
        assert stage is not None and plan.task is not None
        if day > self.today:
            return Plan("usage", [problem("duban-future-date", None, value=day.isoformat(),
                                          today=self.today.isoformat())])
        if stage.state == "closed":
            return self._refuse(plan, "duban-closed", closed=_closed_on(item))
        evidence = evidence.strip()
        if not evidence:
            return Plan("usage", [problem("duban-evidence", None)])
        evidence, missing = self._evidence(evidence)
        if missing:
            return Plan("usage", [problem("duban-evidence-missing", None, value=evidence)])
        last = max(s.date for s in item.steps)
        if day < last:
            return self._refuse(plan, "duban-close-early", day=_cn(day), last=_cn(last))
        if stage.row.status not in ("on_time", "late", "exempt") and not force:
            return self._refuse(plan, "duban-close-open", unit=item.unit, task=inner_quotes(plan.task.title),
                                task_id=plan.task.id, number=item.number)
        step = Step("close", day, Source(BOOK_FILE), evidence=evidence, by=self.clerk)
        plan.earlier = item.notices
        return self._plan(plan, item._replace(steps=item.steps + (step,)), step)

    # ---- the parts -------------------------------------------------------------------------

    def _unit_task(self, unit_ref: str, task_ref: str, phase: int | None
                   ) -> tuple[Unit | None, Phase | None, Task | None, Plan | None]:
        """The one unit and the task named, asked for that task; else the plan that refuses."""
        from ..edit import find_task
        from ..levels import find_units

        campaign = self.campaign
        assert campaign is not None
        found, problems = find_units(campaign, [unit_ref])
        if problems:
            return None, None, None, Plan("usage", problems)
        if len(found) != 1:
            return None, None, None, Plan("usage", [problem(
                "duban-one-unit", None, value=unit_ref, units="、".join(u.id for u in found))])
        unit = found[0]
        chosen, task, problems, usage = find_task(campaign, task_ref, phase)
        if task is None or chosen is None:
            return None, None, None, Plan("usage" if usage else "refused", problems)
        if unit.category not in task.applies_to or unit.category not in chosen.scope:
            return None, None, None, Plan("refused", [problem(
                "duban-not-asked", None, unit=unit.id, task=inner_quotes(task.title))])
        return unit, chosen, task, None

    def _stage(self, unit: Unit, phase: Phase, task: Task, day: dt.date) -> Stage:
        from ..levels import warn_days_of
        from ..progress import task_rule

        campaign = self.campaign
        assert campaign is not None
        record = next((r for r in phase.records if r.task == task.id and r.unit == unit.id), None)
        row = task_rule(task.due, day)(unit, record)
        item = item_for(campaign.items, unit.id, phase.number, task.id, day)
        return stage_of(row, phase, task, item, day, Calendar.of(campaign.rules),
                        warn_days_of(campaign))

    def _why_not(self, stage: Stage, level: str | None, day: dt.date) -> Problem | None:
        """Why no notice (of ``level``, or of the ladder's level) may be sent on ``day``."""
        unit, task = stage.unit.id, inner_quotes(stage.task.title)
        if stage.state == "closed":
            assert stage.item is not None
            return problem("duban-closed", None, closed=_closed_on(stage.item))
        if stage.row.status in ("on_time", "late", "exempt"):
            what = ("免报" if stage.row.status == "exempt" else
                    f"已于{_cn(stage.row.record.date)}报送" if stage.row.record and stage.row.record.date
                    else "已报送")
            close = (f"请核实后销号：nengli duban close {stage.item.number} --evidence 报送的材料"
                     if stage.item is not None else "不需要督办。")
            return problem("duban-done", None, unit=unit, task=task, what=what, close=close)
        if stage.row.status == "pending" and stage.extension is None:
            return problem("duban-not-overdue", None, unit=unit, task=task, due=_cn(stage.task.due),
                           start=_cn(stage.due_from) if stage.due_from else "")
        if level is not None:
            return None  # by decision: any level, once the task is overdue and still open
        if stage.state == "due":
            return None
        if stage.next_level is None:
            assert stage.last is not None and stage.item is not None
            return problem("duban-top", None, unit=unit, task=task, number=stage.item.number,
                           date=_cn(stage.last.date), level_now=stage.last.level)
        if stage.extension is not None:
            why = f"已同意延期至{_cn(stage.extension.until)}（{stage.extension.date.month}月{stage.extension.date.day}日申请）"  # type: ignore[arg-type]
        elif stage.last is not None:
            assert stage.item is not None
            why = (f"已于{_cn(stage.last.date)}发出{stage.last.level}通知单（{stage.item.number}），"
                   f"办理时限为{_cn(stage.last.until)}")  # type: ignore[arg-type]
        else:
            why = f"截止日期{_cn(stage.task.due)}刚过，遇周末或节假日"
        return problem("duban-not-due", None, unit=unit, task=task, why=why,
                       level_next=stage.next_level, start=_cn(stage.due_from) if stage.due_from else "")

    def _number(self, day: dt.date) -> tuple[str, list[Problem]]:
        """The next number of this clerk's series, or why none may be given here."""
        campaign = self.campaign
        assert campaign is not None
        rules = campaign.rules
        series = dict(rules.series)
        if series:
            mine = series.get(self.clerk)
            if mine is None:
                who = self.clerk or "（本机 git 没有设置 user.name）"
                return "", [problem("duban-no-series", None, name=who,
                                    known="、".join(f"{k}: {v}" for k, v in rules.series))]
        else:
            mine = ""
            if self.has_remote:
                return "", [problem("duban-series-needed", None, name=self.clerk or "张三")]
        return next_number(campaign.items, day.year, rules.word, mine), []

    def _item(self, ref: str, day: dt.date) -> tuple[Item | None, Plan]:
        campaign = self.campaign
        assert campaign is not None
        found = find_items(campaign.items, ref)
        if not found:
            open_ones = [i.number for i in campaign.items if i.closed is None]
            known = "、".join(open_ones[:8]) + ("等" if len(open_ones) > 8 else "") or "（没有未销号的事项）"
            return None, Plan("usage", [problem("duban-no-number", None, value=ref, known=known)])
        if len(found) > 1:
            return None, Plan("usage", [problem("duban-number-ambiguous", None, value=ref,
                                                numbers="、".join(i.number for i in found))])
        item = found[0]
        phase = campaign.phase(item.phase)
        assert phase is not None
        task = phase.task(item.task)
        unit = next(u for u in campaign.units if u.id == item.unit)
        assert task is not None
        stage = self._stage(unit, phase, task, day)
        if stage.item is None or stage.item.number != item.number:
            # opened after ``day``, or another item of the same task is the open one
            first = min(s.date for s in item.steps)
            if first > day:
                return None, Plan("usage", [problem("duban-before-opened", None, number=item.number,
                                                    day=_cn(day), first=_cn(first))])
            stage = stage_of(stage.row, phase, task, item, day, Calendar.of(campaign.rules), 0)
        return item, Plan("refused", stage=stage, phase=phase, task=task, unit=unit)

    def _evidence(self, evidence: str) -> tuple[str, bool]:
        """The evidence as stored: a file that exists, as its path from the campaign folder
        (or as given, outside it); True when it names a document that is not there."""
        folder = self.data_dir.parent
        candidate = Path(evidence)
        for path in (candidate, folder / candidate):
            try:
                if path.is_file():
                    try:
                        return path.resolve().relative_to(folder.resolve()).as_posix(), False
                    except ValueError:
                        return str(path.resolve()), False
            except OSError:
                continue
        named = "/" in evidence or "\\" in evidence or evidence.lower().endswith(DOCUMENT_SUFFIXES)
        return evidence, named and " " not in evidence.strip()

    def _refuse(self, plan: Plan, code: str, **fields: object) -> Plan:
        plan.status = "refused"
        plan.problems = [problem(code, None, **fields)]
        return plan

    def _plan(self, plan: Plan, item: Item, step: Step, *, new_item: bool = False) -> Plan:
        """The plan with duban.yaml's new text, read back and checked: it must say exactly the
        campaign's items with ``item`` in place of its old self."""
        from ..lineedit import EditError, split_bom
        from ..load import with_excerpts
        from ..read import decode_text, display_name
        from .book import check_book, parse_book
        from .lines import add_item, add_step

        campaign = self.campaign
        assert campaign is not None
        path = self.path
        try:
            bom, old = split_bom(path.read_bytes()) if path.exists() else (b"", "")
        except UnicodeDecodeError:  # pragma: no cover - load refused such a file already
            return self._refuse(plan, "not-utf8", guess="")
        try:
            new = (add_item(old, item.number, item.unit, item.phase, item.task, step) if new_item
                   else add_step(old, item.number, step))
        except EditError as exc:
            plan.problems = [exc.problem(Source(display_name(path)))]
            return plan
        display = display_name(path)
        text, found = decode_text(bom + new.encode("utf-8"), path, display)
        if text is not None:
            from ..levels import name_index

            written, more = parse_book(text)
            found += more
            items, more = check_book(written, campaign.units, name_index(campaign), campaign.phases,
                                     None)
            found += more
            errors = [p for p in with_excerpts(found, {display: text}) if p.is_error]
            if errors:
                plan.problems = errors + [problem("duban-invalid", None)]
                return plan
            mine = [i for i in items if i.number == item.number]
            want = [*(i for i in campaign.items if i.number != item.number), item]
            strip = lambda i: (i.number, i.unit, i.phase, i.task,  # noqa: E731
                               tuple(s[:2] + s[3:] for s in i.steps))
            if sorted(map(strip, items)) != sorted(map(strip, want)) or len(mine) != 1:
                raise AssertionError(f"duban.yaml edit changed other items: {item.number}")  # pragma: no cover
            item = mine[0]
            step = item.steps[-1]
        plan.status, plan.item, plan.step, plan.new_item = "ready", item, step, new_item
        plan.old, plan.new, plan.bom = old, new, bom
        plan.message = commit_message(plan)
        return plan

    def write(self, plan: Plan, also: Sequence[tuple[Path, bytes]] = ()) -> list[Problem]:
        """``also`` first (the 通知单), then duban.yaml, each atomically; on a failure every file
        written is taken back, and the problem returned."""
        from ..driver import ensure_merge_driver
        from ..files import describe_os_error, write_atomic
        from ..read import display_name

        done: list[tuple[Path, bytes | None]] = []
        for path, data in [*also, (self.path, plan.data)]:
            try:
                before = path.read_bytes() if path.exists() else None
                write_atomic(path, data)
            except OSError as exc:
                _take_back(done)
                shown = display_name(path)
                if not path.parent.exists():
                    return [problem("write-no-folder", Source(shown), path=shown,
                                    folder=display_name(path.parent))]
                return [problem("write-failed", Source(shown), path=shown,
                                reason=describe_os_error(exc))]
            done.append((path, before))
        ensure_merge_driver(self.data_dir)
        return []


def _take_back(done: list[tuple[Path, bytes | None]]) -> None:
    """Each written file as it was before (removed if it was not there)."""
    from ..files import write_atomic

    for path, before in reversed(done):
        try:
            if before is None:
                path.unlink()
            else:
                write_atomic(path, before)
        except OSError:
            pass


def commit_message(plan: Plan) -> str:
    """督办：〔2022〕督办第1-001号 催办 24中 创新案例、改革案例"""
    step, item, task = plan.step, plan.item, plan.task
    assert step is not None and item is not None and task is not None
    what = {"notice": step.level, "extend": f"延期至{step.until.isoformat() if step.until else ''}",
            "close": "销号"}[step.kind]
    return f"督办：{item.number} {what} {item.unit} {task.title}"


def _cn(day: dt.date | None) -> str:
    from ..zh import cn_date

    return cn_date(day) if day is not None else ""


def _closed_on(item: Item) -> str:
    closed = item.closed
    assert closed is not None
    return f"{item.number}已于{_cn(closed.date)}销号（依据：{closed.evidence}）"


def clerk_of(data_dir: Path) -> tuple[str, bool]:
    """(git's user.name here, whether the repository has a remote): who issues, and whether
    colleagues may be issuing in other clones. ("", False) outside git."""
    from .. import gitio

    try:
        repo = gitio.repo_root(data_dir)
        if repo is None:
            return "", False
        name = gitio.run(["config", "user.name"], repo, check=False).stdout.strip()
        remotes = gitio.run(["remote"], repo, check=False).stdout.split()
        return name, bool(remotes)
    except gitio.GitError:
        return "", False


@contextmanager
def session(data_dir: Path, today: dt.date, *, lock: bool = True) -> Iterator[Session]:
    """duban.yaml locked against other writers, then the campaign loaded once; the lock is
    held until the ``with`` block ends."""
    from contextlib import ExitStack

    from ..files import Busy, locked
    from ..load import load
    from ..read import display_name

    path = data_dir / BOOK_FILE
    with ExitStack() as stack:
        if lock:
            try:
                stack.enter_context(locked(path))
            except Busy as exc:
                yield Session(data_dir, today, None, [exc.problem(Source(display_name(path)))])
                return
        campaign, problems = load(data_dir, today)
        name, remote = clerk_of(data_dir)
        yield Session(data_dir, today, campaign, problems, name, remote)
