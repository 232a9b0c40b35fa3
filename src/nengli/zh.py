"""Official Chinese formatting: numerals, dates and lists the way a 公文 writes them."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 105 -> 一百零五 (for headings and 第N期)."""
    if n < 0:
        return "负" + cn_number(-n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        if rest < 20:
            return head + "一" + cn_number(rest)
        return head + cn_number(rest)
    return str(n)


def cn_date(d: dt.date) -> str:
    """2022-01-24 -> 2022年1月24日 (Arabic numerals, no leading zeros, as GB/T 9704 asks)."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month_day(d: dt.date) -> str:
    """2022-01-24 -> 1月24日."""
    return f"{d.month}月{d.day}日"


def join_names(names: Iterable[object]) -> str:
    """Names joined with the enumeration comma 、."""
    return "、".join(str(n) for n in names)


def spread(word: str, width: int = 3) -> str:
    """组长 -> 组　长: a two-character label spread to line up with three-character ones."""
    if len(word) == 2 and width == 3:
        return word[0] + "\u3000" + word[1]
    return word


HEADING_STYLES = ("{cn}、", "（{cn}）", "{n}.", "（{n}）")


def heading_number(n: int, level: int = 1) -> str:
    """The number of the ``n``-th heading at ``level`` 1–4: 一、 （一） 1. （1）."""
    return HEADING_STYLES[level - 1].format(cn=cn_number(n), n=n)
