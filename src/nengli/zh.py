"""Official Chinese formatting: numerals, dates and lists the way a 公文 writes them."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 11 -> 十一, 105 -> 一百零五, 110 -> 一百一十, 1203 -> 一千二百零三 (below 10000)."""
    if n < 0:
        return "负" + cn_number(-n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n >= 10000:
        return str(n)
    for unit, word in ((1000, "千"), (100, "百")):
        if n >= unit:
            head, rest = divmod(n, unit)
            text = _DIGITS[head] + word
            if rest == 0:
                return text
            if rest < unit // 10:
                text += "零"
            # inside a larger number 十 is read 一十: 一百一十, 一千零一十
            return text + ("一" + cn_number(rest) if 10 <= rest < 20 else cn_number(rest))
    raise AssertionError(n)  # pragma: no cover - every n below 10000 returned above


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


def percent(rate: float) -> str:
    """A share as people write it, and as Excel's 0% format shows it: 3/7 -> 43% (rounded
    half up, not floored nor to even)."""
    return f"{int(rate * 100 + 0.5 + 1e-9)}%"  # 1e-9: 0.145 * 100 is 14.499… in binary


def nest_quotes(text: str) -> str:
    """Quotes inside quotes as 公文 writes them: “‘三个清单’制定、报送” rather than
    ““三个清单”制定、报送” (a title that has its own quotes, quoted by a message). Text whose
    “ and ” do not pair up is left as it is."""
    if "“" not in text or text.count("“") != text.count("”"):
        return text
    out, depth = [], 0
    for ch in text:
        if ch == "“":
            out.append("‘" if depth % 2 else "“")
            depth += 1
        elif ch == "”":
            depth -= 1
            if depth < 0:
                return text
            out.append("’" if depth % 2 else "”")
        else:
            out.append(ch)
    return "".join(out)


def inner_quotes(text: str) -> str:
    """``text`` to be put inside “…” by a message: its own “” become ‘’."""
    return text.replace("“", "‘").replace("”", "’")
