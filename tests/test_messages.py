"""Every problem(...) call fills every field its message and hint ask for.

A missing field would raise KeyError while reporting a problem, i.e. a traceback exactly when
the user needs a clear message; this test reads the source so that no such call can slip in.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import nengli
from nengli.messages import MESSAGES

SOURCE = Path(nengli.__file__).parent


def _fields(code: str) -> set[str]:
    names: set[str] = set()
    for text in MESSAGES[code]:
        names.update(f for _, f, _, _ in string.Formatter().parse(text) if f)
    return names


#: what takes a message code as its first argument: problems, and the errors that carry one
RAISERS = ("problem", "report", "ProblemError", "GitError", "EditError", "Busy")


def _calls():
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                    in RAISERS and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                if any(k.arg is None for k in node.keywords):
                    given = None  # **fields: checked where the dict is built
                else:
                    given = {k.arg for k in node.keywords}
                yield f"{path.relative_to(SOURCE)}:{node.lineno}", node.args[0].value, given


def _strings() -> set[str]:
    """Every string constant in the code outside the message table."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if path.name != "messages.py":
            found.update(n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                         if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return found


CALLS = list(_calls())


def test_the_scan_finds_the_calls():
    assert len(CALLS) > 100


@pytest.mark.parametrize("where, code, given", CALLS, ids=[c[0] for c in CALLS])
def test_call_names_a_message_and_fills_it(where, code, given):
    assert code in MESSAGES, f"{where}: no message {code!r} in messages.py (misspelt?)"
    missing = _fields(code) - given if given is not None else set()
    assert not missing, f"{where}: problem {code!r} lacks {sorted(missing)}"


def test_every_message_is_used():
    """A message no code can produce is dead text in docs/errors.md, or a misspelt use."""
    unused = sorted(set(MESSAGES) - _strings())
    assert not unused, f"messages.py codes used nowhere in the code: {unused}"
