"""Problems as data: made from the message table, sorted, and printed by one function."""

from __future__ import annotations

from typing import Iterable

from .messages import HEADINGS, MESSAGES, SUMMARIES
from .model import Campaign, Level, Problem, Source


def problem(code: str, source: Source | None, *, level: Level = "error", excerpt: str = "",
            **fields: object) -> Problem:
    """A Problem with the message and hint of ``code`` filled from ``fields``."""
    message, hint = MESSAGES[code]
    return Problem(source=source, message=_tidy(message.format(**fields)),
                   hint=_tidy(hint.format(**fields)), level=level, code=code, excerpt=excerpt)


def known_values(values: Iterable[object]) -> str:
    """``（已有：1、2）``: the values there are, as a usage error lists them after what was
    asked for (phases, groups, categories, sheets)."""
    return "（已有：" + "、".join(str(v) for v in values) + "）"


def no_phase(campaign: Campaign, number: int) -> Problem:
    """The usage error for a phase number the campaign does not have, listing those it has:
    ``--phase`` of every command, and the phase of ``record``'s and ``intake``'s tasks."""
    return problem("no-phase", None, value=number, known=known_values(p.number for p in campaign.phases))


class ProblemError(Exception):
    """A failure of an action (git, an edit, a lock) as a message code and its fields; the
    caller that knows where it happened turns it into a Problem with ``problem()``."""

    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code, fields)
        self.code = code
        self.fields = fields

    def problem(self, source: Source | None = None) -> Problem:
        return problem(self.code, source, **self.fields)


def _tidy(text: str) -> str:
    """A question ("，是不是“X”？") filled in before the message's own full stop ends the
    sentence itself: no "？。" or "。。" in what the user reads."""
    return text.replace("？。", "？").replace("。。", "。")


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by file, line and column; each distinct problem once."""
    seen: set[tuple] = set()
    out = []
    for p in sorted(problems, key=Problem.sort_key):
        key = (p.source, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


_LEVEL = {"error": "错误", "warning": "警告", "note": "说明"}

#: characters of an offending line shown under a message; longer lines are cut around the column
EXCERPT_WIDTH = 80


def format_problem(p: Problem) -> str:
    """``file:line:col: 错误：message``, the line with a caret, then the hint."""
    where = f"{p.source}: " if p.source else ""
    lines = [f"{where}{_LEVEL[p.level]}：{p.message}"]
    if p.excerpt and p.source and p.source.line:
        text = p.excerpt.rstrip("\r\n").replace("\t", " ")
        col = max(p.source.col - 1, 0)
        if len(text) > EXCERPT_WIDTH:  # a window of a very long line, around the column
            start = max(min(col - EXCERPT_WIDTH // 2, len(text) - EXCERPT_WIDTH), 0)
            head, tail = ("…" if start else ""), ("…" if start + EXCERPT_WIDTH < len(text) else "")
            text = head + text[start: start + EXCERPT_WIDTH] + tail
            col = col - start + len(head)
        number = str(p.source.line)
        lines.append(f"  {number} | {text}")
        # the caret sits under the column, measured in the terminal's cells as the tables are
        # (rich's cell_len: wide characters take two, combining marks none)
        from rich.cells import cell_len

        pad = cell_len(text[:col])
        lines.append(f"  {' ' * len(number)} | {' ' * pad}^")
    if p.hint:
        lines.append(f"  提示：{p.hint}")
    return "\n".join(lines)


def format_problems(problems: Iterable[Problem]) -> str:
    """All problems, sorted (a summary of them, such as "数据有上述错误", after them), then a
    one-line count of the problems listed, not of their heading or summary."""
    problems = list(problems)
    ordered = sort_problems(p for p in problems if p.code not in SUMMARIES) \
        + sort_problems(p for p in problems if p.code in SUMMARIES)
    errors = sum(p.is_error and p.code not in HEADINGS and p.code not in SUMMARIES for p in ordered)
    warnings = sum(p.level == "warning" for p in ordered)
    body = "\n".join(format_problem(p) for p in ordered)
    summary = f"共 {errors} 个错误，{warnings} 个警告。"
    return f"{body}\n{summary}" if body else summary
