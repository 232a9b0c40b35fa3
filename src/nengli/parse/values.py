"""The grammars of single values that the data files and the command line share.

A date (年-月-日), a 督导组 number, a unit name typed with full-width digits, an exempt
reason: what one accepts the other accepts, and both explain a refusal the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .nodes import BOOLS, DATE_TIME, ISO_DATE

_OTHER_DATE = re.compile(
    r"(?:(\d{4})\s*[./年\-]\s*)?(\d{1,2})\s*[./月\-]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: full-width digits and Latin letters -> ASCII: the part of NFKC applied to ids and numbers.
#: Full NFKC would also turn an official name's （） into (), so it is kept to these.
_NARROW = str.maketrans({chr(c): chr(c - 0xFEE0) for c in (
    *range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))})
_GROUP = re.compile(r"第?\s*([0-9]{1,4}|[〇一二三四五六七八九十]{1,3})\s*(?:组|小组)?")


def narrow(text: str) -> str:
    """``１０３中`` -> ``103中``: full-width digits and letters as ASCII, everything else kept."""
    return text.translate(_NARROW)


def parse_group(text: str) -> int | None:
    """3, ３, 第3组, 第三组, 三组 -> 3; None when it is not a group number."""
    m = _GROUP.fullmatch(narrow(text).strip())
    if not m:
        return None
    n = m.group(1)
    if n.isdigit():
        return int(n)
    from ..zh import cn_number

    for i in range(1, 100):
        if cn_number(i) == n:
            return i
    return None


def read_date(value: str) -> dt.date | None:
    """The date written as 年-月-日 (2022-01-20 or 2022-1-20, full-width digits too), or None.

    The one date grammar of nengli: the data files and every command-line option read dates
    with this function, so what one accepts the other accepts (not 20220120, not 2022-W03-4).
    """
    m = ISO_DATE.fullmatch(unicodedata.normalize("NFKC", value).strip())
    if m is None:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def plain_date(value: str, known: dict[str, dt.date]) -> dt.date | None:
    """``2022-01-12`` exactly (the form nengli writes) as a date, remembered in ``known``; None
    for anything else, which ``read_date`` and ``explain_date`` then judge."""
    date = known.get(value)
    if date is None and _PLAIN_DATE.fullmatch(value):
        try:
            date = known[value] = dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            return None
    return date


def explain_date(value: str, year: int | None = None, fallback: str = "") -> tuple[str, str]:
    """Why ``value`` is not a date nengli reads, and the value written as it should be.

    ``why`` is empty when the value is not a date at all or written in another form
    (2022/1/20, 2022年1月20日, 20220120, with a time); ``example`` is that very date as
    年-月-日 when it can tell. A date without a year gets ``year`` (the phase's, else this
    year's), and so does the example for a value that is no date at all unless ``fallback``
    gives one.
    """
    year = year or dt.date.today().year
    value = unicodedata.normalize("NFKC", value).strip()
    m = ISO_DATE.fullmatch(value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        why = "月份应在 1 到 12 之间" if not 1 <= mo <= 12 else f"{y}年{mo}月没有{d}日"
        return why, f"{y:04d}-{min(max(mo, 1), 12):02d}-01"
    m = DATE_TIME.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
    if m and read_date("-".join(m.groups())):
        y, mo, d = (int(g) for g in m.groups())
        return "", f"{y:04d}-{mo:02d}-{d:02d}" + ("（只写日期，不写时间）" if len(value) > 10 else "")
    m = _OTHER_DATE.fullmatch(value)
    if m and m.group(1):
        return "", f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    if m:
        return "", f"{year:04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}（要写上年份）"
    return "", fallback or f"{year:04d}-01-20"


def exempt_flaw(value: str) -> str:
    """Why ``value`` (written unquoted, or typed after --exempt) is no reason to exempt a
    unit: "空白" or "布尔值“false”"; "" when it is one."""
    if not value.strip():
        return "空白"
    if value.strip() in BOOLS:
        return f"布尔值“{value.strip()}”"
    return ""
