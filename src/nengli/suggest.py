"""Did you mean: the nearest known name to one that is no unit's, task's or category's.

The guess is a scan of the choices (``difflib``), so a load asks for at most MAX_SUGGESTIONS
of them: a file with thousands of unknown names stays linear. A name holding a full-width mark
gets that mark pointed out instead, which is the usual reason it matched nothing.
"""

from __future__ import annotations

import difflib

from .parse.explain import FULLWIDTH, fullwidth_char

#: did-you-mean costs a scan of the roster; past this many unknown names, skip the guess
MAX_SUGGESTIONS = 25


class Suggester:
    """``suggest(word)``: the words to put after "no such unit" — the full-width mark in it,
    or "，是不是“…”？" with the closest choice, or nothing."""

    def __init__(self, choices: list[str]) -> None:
        self.choices = choices
        self.left = MAX_SUGGESTIONS

    def __call__(self, word: str) -> str:
        ch = fullwidth_char(word)
        if ch:
            return f"（其中有{FULLWIDTH[ch][0]}，请改为半角“{FULLWIDTH[ch][1]}”）"
        if self.left <= 0:
            return ""
        self.left -= 1
        match = difflib.get_close_matches(word, self.choices, n=1, cutoff=0.5)
        return f"，是不是“{match[0]}”？" if match else ""
