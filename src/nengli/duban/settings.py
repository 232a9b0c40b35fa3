"""The 督办 settings of campaign.yaml, read with their positions: working days, the ladder,
numbering, the notice's contact lines and the scoring table.

    holidays: [2022-01-31 至 2022-02-06, 2022-04-05]   # 法定节假日：一天，或“日期 至 日期”
    workdays: [2022-01-29, 2022-01-30]                  # 调休上班的周末
    duban:
      ladder: {催办: 5, 督办: 5, 挂牌督办: 5}            # 各级通知单的办理时限（工作日）
      number: 督办                                      # 〔2022〕督办第017号
      series: {张三: 1, 李四: 2}                         # 各人的编号段（git 的 user.name）
      contact: 王老师
      phone: 0371-00000000
      feedback: 办理情况加盖公章后送……
      issuer: ……领导小组办公室                          # 落款；默认 office
    scoring: {start: 100, missing: 10, per_day: 1, task_max: 10, 催办: 2, 督办: 5, 挂牌督办: 10,
              floor: 60, attach: true}

Every mistake is an error at its line and column: a holiday read wrong would move every
deadline the ladder computes, silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..model import DUBAN_LEVELS, Problem, Rules, Scoring
from ..parse import FileParser, read_date
from ..parse.explain import what_node
from ..parse.nodes import MappingNode, Node, SequenceNode, is_null
from ..read import Text
from ..suggest import Suggester

DUBAN_FIELDS = {"ladder": False, "number": False, "series": False, "contact": False,
                "phone": False, "feedback": False, "issuer": False}
SCORING_FIELDS = {"start": False, "missing": False, "late": False, "per_day": False,
                  "task_max": False, "floor": False, "attach": False,
                  **{level: False for level in DUBAN_LEVELS}}
#: the longest deadline a notice may give, in working days (a quarter)
MAX_DAYS = 60
#: the longest holiday written as one range (a typo such as 2022-01-31 至 2023-02-06 is no holiday)
MAX_RANGE_DAYS = 60
_RANGE = re.compile(r"\s*(?:至|到|~|～)\s*")
_DECIMAL = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,4})?")
_YES = ("true", "yes", "是", "on")
_NO = ("false", "no", "否", "off")


def read_rules(text: Text, root: Node) -> tuple[Rules, list[Problem]]:
    """The settings in ``root`` (campaign.yaml's nodes), every problem located."""
    p = FileParser(text)  # its own parser: the one of load has walked these nodes already
    values: dict[str, Any] = {}
    if isinstance(root, MappingNode):
        for key, _key_node, node in p.mapping(root, "campaign.yaml", checked=True):
            if key == "holidays":
                values["holidays"] = _days(p, node, "法定节假日 holidays")
            elif key == "workdays":
                values["workdays"] = _days(p, node, "调休上班日 workdays")
            elif key == "duban":
                values.update(_duban(p, node))
            elif key == "scoring":
                values["scoring"] = _scoring(p, node)
    return Rules(**values), p.problems


def _days(p: FileParser, node: Node, what: str) -> frozenset[dt.date]:
    """A list of dates and ranges (``2022-01-31 至 2022-02-06``); one value alone is a list of one."""
    if not p.check_node(node) or is_null(node):
        return frozenset()
    items = node.value if isinstance(node, SequenceNode) else [node]
    days: set[dt.date] = set()
    for item in items:
        n = p.scalar(item, what, "2022-01-31")
        if n is None:
            continue
        parts = _RANGE.split(n.value.strip())
        if len(parts) == 1:
            day = p.date_of(n, what)
            if day is not None:
                days.add(day)
            continue
        ends = [read_date(part) for part in parts]
        if len(parts) != 2 or None in ends:
            p.report("holiday-range", n, what=what, value=n.value.strip())
            continue
        first, last = ends  # type: ignore[misc]
        if last < first or (last - first).days >= MAX_RANGE_DAYS:
            p.report("holiday-range", n, what=what, value=n.value.strip())
            continue
        day = first
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    return frozenset(days)


def _duban(p: FileParser, node: Node) -> dict[str, Any]:
    f = p.fields(node, "duban（督办设置）", DUBAN_FIELDS, {})
    if f is None:
        return {}
    out: dict[str, Any] = {}
    if "ladder" in f:
        ladder = _ladder(p, f["ladder"][1])
        if ladder is not None:
            out["ladder"] = ladder
    if "number" in f:
        word = p.text_value(f["number"][1], "编号字样 number", "督办")
        if word is not None and word.strip():
            out["word"] = word.strip()
    if "series" in f:
        out["series"] = _series(p, f["series"][1])
    for key in ("contact", "phone", "feedback", "issuer"):
        if key in f:
            value = p.text_value(f[key][1], key, "……", optional=True)
            if value:
                out[key] = value.strip()
    return out


def _ladder(p: FileParser, node: Node) -> tuple[tuple[str, int], ...] | None:
    days = dict(Rules().ladder)
    suggest = Suggester(list(DUBAN_LEVELS))
    for level, key_node, value in p.mapping(node, "ladder（督办阶梯）",
                                            "写成“等级: 工作日数”，例如 {催办: 5, 督办: 5, 挂牌督办: 5}。"):
        if level not in days:
            p.report("duban-level", key_node, value=level, suggest=suggest(level))
            continue
        n = p.integer(value, f"“{level}”的办理时限", "5")
        if n is None:
            continue
        if not 1 <= n <= MAX_DAYS:
            p.report("duban-days", value, grade=level, value=n, most=MAX_DAYS)
            continue
        days[level] = n
    return tuple((level, days[level]) for level in DUBAN_LEVELS)


def _series(p: FileParser, node: Node) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    taken: dict[str, tuple[str, int]] = {}
    for name, _key_node, value in p.mapping(node, "series（编号段）", "写成“user.name: 段号”，例如 {张三: 1, 李四: 2}。"):
        series = p.text_value(value, f"“{name}”的编号段", "1")
        if series is None:
            continue
        series = series.strip()
        if not series or re.search(r"[\s〔〕第号]", series):
            p.report("duban-series", value, name=name, value=series)
            continue
        if series in taken:
            other, line = taken[series]
            p.report("duban-series-dup", value, value=series, other=other, line=line)
            continue
        taken[series] = (name, value.start_mark.line + 1)
        out.append((name.strip(), series))
    return tuple(out)


def _scoring(p: FileParser, node: Node) -> Scoring | None:
    f = p.fields(node, "scoring（考核评分）", SCORING_FIELDS, {})
    if f is None:
        return None
    values: dict[str, Any] = {"source": p.src(node)}
    notices = []
    for key, (_k, value) in f.items():
        if key == "attach":
            flag = _flag(p, value)
            if flag is not None:
                values["attach"] = flag
            continue
        amount = _amount(p, value, key)
        if amount is None:
            continue
        if key in DUBAN_LEVELS:
            notices.append((key, amount))
        else:
            values[key] = amount
    values["notices"] = tuple(sorted(notices, key=lambda kv: DUBAN_LEVELS.index(kv[0])))
    return Scoring(**values)


def _amount(p: FileParser, node: Node, key: str) -> str | None:
    n = p.scalar(node, f"scoring 的 {key}", "10")
    if n is None:
        return None
    value = n.value.strip()
    if not _DECIMAL.fullmatch(value):
        p.report("scoring-number", n, key=key, value=value)
        return None
    return value


def _flag(p: FileParser, node: Node) -> bool | None:
    n = p.scalar(node, "scoring 的 attach", "true")
    if n is None:
        return None
    value = n.value.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    p.report("scoring-flag", n, value=n.value.strip(), got=what_node(n))
    return None
