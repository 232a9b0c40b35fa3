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


def _calls():
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                    in ("problem", "report") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and node.args[0].value in MESSAGES):
                if any(k.arg is None for k in node.keywords):
                    continue  # **fields: checked where the dict is built
                yield (f"{path.relative_to(SOURCE)}:{node.lineno}", node.args[0].value,
                       {k.arg for k in node.keywords})


CALLS = list(_calls())


def test_the_scan_finds_the_calls():
    assert len(CALLS) > 100


@pytest.mark.parametrize("where, code, given", CALLS, ids=[c[0] for c in CALLS])
def test_call_fills_its_message(where, code, given):
    missing = _fields(code) - given
    assert not missing, f"{where}: problem {code!r} lacks {sorted(missing)}"
