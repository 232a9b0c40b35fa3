"""Property: whatever a person does to a data file, nengli answers with a located message.

Hypothesis mutates the shipped data files the way editors and merges do — deleting,
duplicating and swapping lines, typing full-width marks, tabs, list dashes, colons or a
conflict marker somewhere, cutting the file short — and runs every command that reads data.
Each must succeed (exit 0) or fail with exit 1 and a message that names a file (and, where
there is one, the line and column); none may end in a traceback. Every problem printed names its
place: a data file and a line and column inside it (a template and its line, for a value the
notice template cannot use), or, for a file with nothing in it but comments, the file alone.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SHIPPED
from nengli.cli import app

#: a property test: 60 edited campaigns through three commands: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

FILES = ["units.yaml", "phases/phase1.yaml", "phases/phase2.yaml"]
TEXTS = {name: (SHIPPED / name).read_text(encoding="utf-8") for name in FILES}
INSERTS = ["：", "，", "\u3000", "\t", "“", "”", "- ", ": ", "<<<<<<< HEAD\n", "、", "【", "#",
           "'", '"', "&a ", "*a", "!!python/object/apply:os.system ", "{", "[", "\n"]
COMMANDS = [
    ["check", "--as-of", "2022-01-24"],
    ["status", "--json", "--as-of", "2022-01-24"],
    ["report", "--phase", "1", "--date", "2022-01-24"],
]
#: a problem as format_problems prints it: where, the level, the message
PROBLEM = re.compile(r"^(?P<where>\S.*?): (?P<level>错误|警告|说明)：(?P<message>.*)$", re.M)
UNPLACED = re.compile(r"^(错误|警告|说明)：", re.M)
PLACE = re.compile(r"(?P<file>.+):(?P<line>\d+):(?P<col>\d+)")
#: the only problems of a whole file, which has no line to show
WHOLE_FILE = ("文件是空的。", "文件是空的（只有注释）。")


@st.composite
def mutation(draw, lines: list[str]):
    """One edit of a list of lines (each with its newline)."""
    n = len(lines)
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "insert", "truncate"]))
    if n == 0:
        return lines
    i = draw(st.integers(0, n - 1))
    if kind == "delete":
        return lines[:i] + lines[i + 1:]
    if kind == "duplicate":
        return lines[: i + 1] + [lines[i]] + lines[i + 1:]
    if kind == "swap":
        j = draw(st.integers(0, n - 1))
        out = list(lines)
        out[i], out[j] = out[j], out[i]
        return out
    if kind == "insert":
        line = lines[i]
        k = draw(st.integers(0, len(line.rstrip("\n"))))
        return lines[:i] + [line[:k] + draw(st.sampled_from(INSERTS)) + line[k:]] + lines[i + 1:]
    text = "".join(lines)  # truncate
    cut = draw(st.integers(0, len(text)))
    return text[:cut].splitlines(keepends=True)


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(FILES))
    lines = TEXTS[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(mutation(lines))
    return name, "".join(lines)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(SHIPPED, root / "data")
    return root / "data"


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(change=mutated())
def test_mutated_data_never_crashes(workspace: Path, change):
    name, text = change
    # each example starts from the shipped data, whatever ran before it (another example,
    # or one that failed half-way)
    for other in FILES:
        (workspace / other).write_text(TEXTS[other], encoding="utf-8")
    (workspace / name).write_text(text, encoding="utf-8")
    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(app, [*args, "--data", str(workspace)], catch_exceptions=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args, "".join(__import__("traceback").format_exception(result.exception)))
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
        assert not UNPLACED.search(result.output), (args, result.output)
        problems = list(PROBLEM.finditer(result.output))
        if result.exit_code == 1:
            assert any(p["level"] == "错误" for p in problems), (args, result.output)
        for p in problems:
            assert_placed(workspace, p, texts={**TEXTS, name: text})
    # reading commands never write the data, broken or not
    for other in FILES:
        assert (workspace / other).read_text(encoding="utf-8") == (text if other == name else TEXTS[other])


def assert_placed(workspace: Path, found: re.Match, texts: dict[str, str]) -> None:
    """A printed problem names a file of the data folder and a line and column inside it (or
    the line of the notice template that a value of the data could not fill); only a file
    without content is named alone."""
    where, message = found["where"], found["message"]
    place = PLACE.fullmatch(where)
    file = Path(place["file"] if place else where)
    if not file.is_relative_to(workspace):
        assert place and file.suffix == ".j2" and message.startswith("模板"), found[0]
        return
    name = file.relative_to(workspace).as_posix()
    if place is None:
        assert message in WHOLE_FILE and name in texts, found[0]
        assert all(not line.strip() or line.lstrip().startswith("#")
                   for line in texts[name].splitlines()), found[0]
        return
    line, col = int(place["line"]), int(place["col"])
    if name in texts:
        assert 1 <= line <= len(texts[name].splitlines()) + 1 and col >= 1, found[0]
