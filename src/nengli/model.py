"""The campaign's data types: small immutable records, each knowing where it was written.

NamedTuples rather than dataclasses: as immutable, and several times cheaper to define,
which counts for the start-up time of every command.

Everything the loader produces is one of these. Nothing here reads files or prints.
"""

# No `from __future__ import annotations`: typing.NamedTuple would turn every field's
# annotation into a ForwardRef, compiled at import (a measurable part of start-up).

import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Mapping, NamedTuple

#: a note says what was not looked at and why; it is neither an error nor a warning
Level = Literal["error", "warning", "note"]


class Source(NamedTuple):
    """A place in a data file: 1-based line and column."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


class Problem(NamedTuple):
    """Something wrong in the data, kept as data until one function prints it."""

    source: Source | None
    message: str
    hint: str = ""
    level: Level = "error"
    code: str = ""
    #: the offending line of the file, for an excerpt with a caret
    excerpt: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        s = self.source
        return (s.file, s.line, s.col, self.message) if s else ("", 0, 0, self.message)


class Category(NamedTuple):
    """A kind of unit (学校, 二级机构, 局机关处室); the order in the file is the order in reports."""

    key: str
    name: str
    counter: str
    source: Source
    #: how the notice names the whole category when all its units are done (e.g. 局机关各处室)
    label: str = ""
    #: named in a clause of its own in the notice rather than pooled under “其它学校（单位）”
    separate: bool = False


class Unit(NamedTuple):
    """One supervised unit. ``index`` is its place in the roster, the official order."""

    id: str
    name: str
    category: str
    index: int
    source: Source
    aliases: tuple[str, ...] = ()
    group: int | None = None
    #: the contact person (older rosters write the phone here too: ``王老师 0371-00000000``)
    contact: str = ""
    phone: str = ""

    @property
    def reach(self) -> str:
        """Person and phone as one line, for call lists: ``王老师 0371-00000000``."""
        return " ".join(x for x in (self.contact, self.phone) if x)


class Task(NamedTuple):
    """A phase task with a deadline, for the categories in ``applies_to``."""

    id: str
    title: str
    due: dt.date
    applies_to: tuple[str, ...]
    source: Source
    #: other names of the task, for folders of received materials (三个清单)
    aliases: tuple[str, ...] = ()


class Record(NamedTuple):
    """What one unit reported for one task. ``unit`` is the canonical id, ``ref`` as written."""

    task: str
    unit: str
    ref: str
    source: Source
    date: dt.date | None = None
    note: str = ""
    exempt: str | None = None
    #: the materials filed for it (nengli intake): (path, sha256) pairs, each where written
    files: tuple[tuple[str, str], ...] = ()


class Phase(NamedTuple):
    """One phase file: its tasks, the records against them, and the notice's free text."""

    number: int
    title: str
    start: dt.date
    end: dt.date
    scope: tuple[str, ...]
    tasks: tuple[Task, ...]
    records: tuple[Record, ...]
    source: Source
    theme: str = ""
    notice: Mapping[str, Any] = MappingProxyType({})

    def task(self, task_id: str) -> Task | None:
        for t in self.tasks:
            if t.id == task_id:
                return t
        return None


#: the written notices of the 督办 ladder, in order: 催办, then 督办, then 挂牌督办 (提醒, the
#: level before them, is the 黄色 warning and no document)
DUBAN_LEVELS: tuple[str, ...] = ("催办", "督办", "挂牌督办")


class Step(NamedTuple):
    """One line of a 督办 item's log in data/duban.yaml: a notice sent (``level``), a deadline
    extended (``extend``: the new date in ``until``), or the item closed (销号, ``evidence``)."""

    kind: Literal["notice", "extend", "close"]
    date: dt.date
    source: Source
    #: a notice's level (one of DUBAN_LEVELS)
    level: str = ""
    #: a notice's deadline (办理时限), or the new deadline an extension grants
    until: dt.date | None = None
    #: why: an extension's reason, or a notice issued by decision (--level) rather than by the ladder
    reason: str = ""
    #: what shows the matter settled (a file or a description), for a close
    evidence: str = ""
    #: who recorded it (git's user.name)
    by: str = ""


class Item(NamedTuple):
    """One 督办 matter, “一件一号”: a unit's task, its number, and its log in date order."""

    number: str
    unit: str
    phase: int
    task: str
    steps: tuple[Step, ...]
    source: Source
    #: the unit as written in the file (an alias, perhaps)
    ref: str = ""

    @property
    def notices(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.kind == "notice")

    @property
    def closed(self) -> Step | None:
        return next((s for s in self.steps if s.kind == "close"), None)


class Scoring(NamedTuple):
    """campaign.yaml ``scoring:``: points deducted from ``start``, so a school can recompute its
    score. Amounts are exact decimals written as text (“0.5”)."""

    start: str = "100"
    #: each task not reported past its due date
    missing: str = "0"
    #: each task reported late
    late: str = "0"
    #: each day late (of a late report, or of a missing one up to the statistics day)
    per_day: str = "0"
    #: the most one task's report may cost (empty: no limit)
    task_max: str = ""
    #: each notice sent, by level (DUBAN_LEVELS)
    notices: tuple[tuple[str, str], ...] = ()
    #: the lowest score (empty: none)
    floor: str = ""
    #: the notice (督导通报) appends the table of these rules as an attachment
    attach: bool = False
    source: Source | None = None


class Rules(NamedTuple):
    """The 督办 settings of campaign.yaml: working days, the ladder, numbering, the notice's
    contact lines, and the scoring table."""

    #: days off (法定节假日) and weekend days worked (调休上班)
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    #: (level, working days of its deadline), in DUBAN_LEVELS order
    ladder: tuple[tuple[str, int], ...] = (("催办", 5), ("督办", 5), ("挂牌督办", 5))
    #: the word of a number: 〔2022〕督办第017号
    word: str = "督办"
    #: (git user.name, series) pairs: each clerk numbers in a series of their own
    series: tuple[tuple[str, str], ...] = ()
    contact: str = ""
    phone: str = ""
    feedback: str = ""
    issuer: str = ""
    scoring: Scoring | None = None

    def days(self, level: str) -> int:
        return dict(self.ladder).get(level, 5)


class Campaign(NamedTuple):
    """Everything loaded from one data folder."""

    root: Path
    categories: tuple[Category, ...]
    units: tuple[Unit, ...]
    phases: tuple[Phase, ...]
    #: free settings from data/campaign.yaml (masthead, distribution, warn_days …)
    settings: Mapping[str, Any] = MappingProxyType({})
    #: where each setting's value is written in campaign.yaml
    setting_sources: Mapping[str, Source] = MappingProxyType({})
    #: the 督办 items of data/duban.yaml, in file order
    items: tuple[Item, ...] = ()
    #: the 督办 and scoring settings of campaign.yaml
    rules: Rules = Rules()

    def phase(self, number: int) -> Phase | None:
        for p in self.phases:
            if p.number == number:
                return p
        return None

    def category(self, key: str) -> Category | None:
        for c in self.categories:
            if c.key == key:
                return c
        return None
