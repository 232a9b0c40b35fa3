"""Record lines read without YAML (parse/recordlines.py) give what the general path gives.

Every comparison reads the same text twice — with the lines taken out and read by regex, then
all of it through YAML node by node — and asserts the same phase, the same ``where`` and the
same problems (formatted, so file, line, column and excerpt count). Each file below is also
checked to take the path it is meant to take, so that the comparison is never vacuous.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PHASE, SHIPPED
from nengli.parse import phases, units
from nengli.parse.nodes import compose_text
from nengli.parse.recordlines import scan
from nengli.problems import format_problems
from nengli.read import Text
from test_errors import CASES as BROKEN

HEAD = PHASE.split("records:\n")[0] + "records:\n"


def both(monkeypatch, text: str):
    """parse_phase of ``text`` the fast way and the general way, as comparable values."""
    results = []
    for fast in (True, False):
        monkeypatch.setattr(phases, "FAST_LINES", fast)
        phase, problems, where = phases.parse_phase(Text(Path("p.yaml"), "p.yaml", text))
        results.append((phase, format_problems(problems), where))
    return results


def fast_taken(text: str) -> int:
    """How many record lines the fast path reads in ``text`` (0: it reads the file the
    general way)."""
    lines = scan(text, "p.yaml", {})
    if lines is None:
        return 0
    try:
        root = compose_text(lines.text)
    except Exception:
        return 0
    return sum(len(r) for _, r in lines.tasks.values()) if lines.fits(root) else 0


def test_the_shipped_phases_are_read_alike_and_mostly_without_yaml(monkeypatch):
    for path in sorted((SHIPPED / "phases").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        fast, general = both(monkeypatch, text)
        assert fast == general
        assert fast[0] is not None and fast[0].records
        assert fast_taken(text) > 0.5 * len(fast[0].records)


CASES = {
    # read the fast way, each with some lines left to the general path
    "plain": ("  meet:\n    一中: 2022-01-09\n    二中: {date: 2022-01-12, note: 逾期补报}\n", True),
    "exempt among": ("  meet:\n    一中: 2022-01-09\n    办公室: {exempt: 经批准暂缓}\n    二中: 2022-01-10\n",
                     True),
    "comments": ("  meet:   # 会议\n    # 第一批\n    一中: 2022-01-09  # 电话\n\n    二中: 2022-01-10\n",
                 True),
    "same name, fast and general": ("  meet:\n    一中: 2022-01-09\n    一中: '2022-01-10'\n", True),
    "general then fast, same name": ("  meet:\n    一中: '2022-01-10'\n    一中: 2022-01-09\n", True),
    "quoted task key": ('  "meet":\n    一中: 2022-01-09\n  list:\n    二中: 2022-01-10\n', False),
    "title as key": ("  动员部署会召开:\n    一中: 2022-01-09\n", True),
    "full-width task key": ("  ｍｅｅｔ:\n    一中: 2022-01-09\n", True),
    "unknown task": ("  mee:\n    一中: 2022-01-09\n", True),
    "task twice": ("  meet:\n    一中: 2022-01-09\n  meet:\n    二中: 2022-01-10\n", True),
    "a nested block entry": ("  meet:\n    一中:\n      date: 2022-01-09\n      note: 补报\n"
                             "    二中: 2022-01-10\n", True),
    "note null": ("  meet:\n    一中: {date: 2022-01-09, note: ~}\n    二中: 2022-01-10\n", True),
    "invalid date": ("  meet:\n    一中: 2022-02-30\n    二中: 2022-01-10\n", True),
    "ascii name": ("  meet:\n    A01: 2022-01-09\n    二中: 2022-01-10\n", True),
    "full-width digits": ("  meet:\n    １中: 2022-01-09\n    二中: 2022-01-10\n", True),
    # left to the general path as a whole (the scan or the check after it says no)
    "twice in the fast lines": ("  meet:\n    一中: 2022-01-09\n    一中: 2022-01-10\n", False),
    "a continuation": ("  meet:\n    一中: 2022-01-09\n      补报\n    二中: 2022-01-10\n", False),
    "other indentation": ("  meet:\n    一中: 2022-01-09\n     二中: 2022-01-10\n", False),
    "a quote over lines": ('  meet:\n    一中: {date: 2022-01-09, note: "多行\n    二中: 2022-01-10"}\n'
                           "    三中: 2022-01-11\n", True),
    "a quote over a fast line": ('  meet:\n    一中: {date: 2022-01-09, note: "多行\n    二中: 2022-01-10\n'
                                 '    "}\n    三中: 2022-01-11\n', False),
    "a bracket over lines": ("  meet:\n    一中: {date: 2022-01-09,\n    二中: 2022-01-10\n    }\n", False),
    "a block scalar": ("  meet: |\n    一中: 2022-01-09\n", False),
    "a block scalar entry": ("  meet:\n    一中: |\n      二中: 2022-01-10\n    三中: 2022-01-11\n", False),
    "records at task level": ("  一中: 2022-01-09\n", False),
    "a flow task": ("  meet: {一中: 2022-01-09}\n  list:\n    二中: 2022-01-10\n", True),
    "a tab": ("  meet:\n\t一中: 2022-01-09\n    二中: 2022-01-10\n", False),
    "a carriage return": ("  meet:\n    一中: 2022-01-09\r    二中: 2022-01-10\n", False),
    "a syntax error after": ("  meet:\n    一中: 2022-01-09\n    二中: [2022-01-10\n", False),
    "records twice": ("  meet:\n    一中: 2022-01-09\nrecords:\n  list:\n    二中: 2022-01-10\n", False),
    "an alias": ("  meet: &a\n    一中: 2022-01-09\n  list: *a\n", False),
}


@pytest.mark.parametrize("body,fast", CASES.values(), ids=CASES.keys())
def test_edge_cases_are_read_alike(monkeypatch, body, fast):
    text = HEAD + body + "notice:\n  title: 督导通报\n"
    got, expected = both(monkeypatch, text)
    assert got == expected
    assert (fast_taken(text) > 0) == fast


# ---- any edit --------------------------------------------------------------------------------

BASE = (HEAD + "  meet:\n" + "".join(f"    {n}中: 2022-01-0{1 + i % 9}\n" for i, n in enumerate(
    "一二三四五六七八九")) + "    十中: {date: 2022-01-12, note: 逾期补报}\n    办公室: {exempt: 经批准暂缓}\n"
    "  list:\n    一中: 2022-01-15\n    二中: {date: 2022-01-16, note: 线上召开}\n"
    "notice:\n  title: 督导通报\n")
INSERTS = ["：", "\u3000", "\t", "- ", ": ", "#", " #", "'", '"', "&a ", "*a", "!!str ", "{", "}",
           "[", "]", ",", "|", ">", "?", "\n", "  ", " ", "~", "一中: 2022-01-02\n", "１", "\r"]


@st.composite
def edited(draw):
    lines = BASE.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "insert", "indent"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(0, 6)) + lines[i].lstrip(" ")
        else:
            k = draw(st.integers(0, len(lines[i].rstrip("\n"))))
            lines[i] = lines[i][:k] + draw(st.sampled_from(INSERTS)) + lines[i][k:]
        if not lines:
            break
    return "".join(lines)


def test_the_edited_base_is_read_fast():
    assert fast_taken(BASE) == 12


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=edited())
def test_any_edit_is_read_alike(monkeypatch, text):
    got, expected = both(monkeypatch, text)
    assert got == expected


# ---- the corpus of broken files ---------------------------------------------------------------


@pytest.mark.parametrize("files", [c[1] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_campaigns_load_alike(make_data, monkeypatch, files):
    from nengli.load import load

    data = make_data(files)
    results = []
    for fast in (True, False):  # both fast paths, recordlines and unitlines
        monkeypatch.setattr(phases, "FAST_LINES", fast)
        monkeypatch.setattr(units, "FAST_LINES", fast)
        campaign, problems = load(data)
        results.append((campaign, format_problems(problems)))
    assert results[0] == results[1]
