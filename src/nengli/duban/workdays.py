"""Working days: Monday to Friday, less the listed holidays, plus the weekend days worked in
their place (调休). Pure."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..model import Rules

_DAY = dt.timedelta(days=1)


class Calendar(NamedTuple):
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    @classmethod
    def of(cls, rules: Rules) -> "Calendar":
        return cls(rules.holidays, rules.workdays)

    def is_workday(self, day: dt.date) -> bool:
        """A 调休 day listed in ``workdays`` is worked even on a weekend (and even if also
        listed as a holiday: the later notice of the State Council wins, which lists it so)."""
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``day`` itself when ``n`` is 0)."""
        while n > 0:
            day += _DAY
            if self.is_workday(day):
                n -= 1
        return day

    def next(self, day: dt.date) -> dt.date:
        """The first working day after ``day``."""
        return self.add(day, 1)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += _DAY
            count += self.is_workday(day)
        return count
