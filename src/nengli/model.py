"""The campaign's data types: small immutable records, each knowing where it was written.

NamedTuples rather than dataclasses: as immutable, and several times cheaper to define,
which counts for the start-up time of every command.

Everything the loader produces is one of these. Nothing here reads files or prints.
"""

from __future__ import annotations

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
