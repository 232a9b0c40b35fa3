"""The 编号 of a 督办 item: 〔2022〕督办第017号, one per item, never given twice. Pure.

Several clerks issue notices, each in a clone of the office's repository, and a number is
printed on paper the moment it is given: it can never be changed at the next ``sync``. So
each clerk numbers in a series of their own (campaign.yaml ``duban: series: {张三: 1, 李四: 2}``,
keyed by git's user.name): 张三 gives 〔2022〕督办第1-001号, 第1-002号…, 李四 第2-001号…, and two
clones can never give the same number, whatever they do before they sync. Numbers restart
each year (the year of the day the item is opened). Without series (an office with one clerk)
the numbers are 〔2022〕督办第001号.

Within a series the next number is one more than the highest that series has given that
year, closed items included: a number is never given twice, even after its item is closed.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from ..model import Item

_NUMBER = re.compile(r"〔(\d{4})〕(.*?)第(.+?)号")


class Number(NamedTuple):
    year: int
    word: str
    series: str
    seq: int

    def text(self) -> str:
        prefix = f"{self.series}-" if self.series else ""
        return f"〔{self.year}〕{self.word}第{prefix}{self.seq:03d}号"


def parse_number(text: str) -> Number | None:
    """The parts of a number nengli gave; None for one written some other way."""
    m = _NUMBER.fullmatch(text.strip())
    if m is None:
        return None
    series, _, seq = m.group(3).rpartition("-")
    if not seq.isdigit():
        return None
    return Number(int(m.group(1)), m.group(2), series, int(seq))


def next_number(items: Iterable[Item], year: int, word: str, series: str) -> str:
    """The next number of ``series`` in ``year``."""
    used = [n.seq for n in (parse_number(i.number) for i in items)
            if n is not None and (n.year, n.word, n.series) == (year, word, series)]
    return Number(year, word, series, max(used, default=0) + 1).text()


def find_items(items: Iterable[Item], ref: str) -> list[Item]:
    """The items ``ref`` names: the whole number as printed, or its figures as people type
    them at a prompt: ``017`` or ``17`` (the sequence), ``1-17`` (series and sequence),
    ``2022-1-17`` (year, series, sequence) or ``2022-17`` (year and sequence)."""
    from ..parse import narrow

    ref = narrow(ref).strip()
    items = list(items)
    exact = [i for i in items if i.number == ref]
    if exact:
        return exact
    figures = re.findall(r"\d+", ref)
    if not figures or len(figures) > 3 or re.search(r"[^\d\s\-〔〕第号年./]", re.sub(r"督办|催办|督查", "", ref)):
        return []
    found = []
    for item in items:
        n = parse_number(item.number)
        if n is None:
            continue
        options = []
        if len(figures) == 1:
            options.append(int(figures[0]) == n.seq)
        elif len(figures) == 2:
            options.append(figures[0] == n.series and int(figures[1]) == n.seq)
            options.append(len(figures[0]) == 4 and int(figures[0]) == n.year
                           and int(figures[1]) == n.seq)
        else:
            options.append(int(figures[0]) == n.year and figures[1] == n.series
                           and int(figures[2]) == n.seq)
        if any(options):
            found.append(item)
    return found
