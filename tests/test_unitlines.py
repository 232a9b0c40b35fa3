"""Roster entries read without YAML (parse/unitlines.py) give what the general path gives.

As in test_recordlines: every comparison reads the same units.yaml twice — with the plain
entries taken out and read by regex, then all of it through YAML — and asserts the same
categories, units and problems (formatted: file, line, column and excerpt count); each case
also says whether the fast way is taken, so that no comparison is vacuous.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHIPPED
from nengli.parse import units as units_module
from nengli.parse.nodes import compose_text
from nengli.parse.unitlines import scan
from nengli.problems import format_problems
from nengli.read import Text

HEAD = "categories:\n  school: {name: 学校, counter: 所}\n  office: {name: 处室}\nunits:\n"


def both(monkeypatch, text: str):
    results = []
    for fast in (True, False):
        monkeypatch.setattr(units_module, "FAST_LINES", fast)
        categories, units, problems = units_module.parse_units(Text(Path("u.yaml"), "u.yaml", text))
        results.append((categories, units, format_problems(problems)))
    return results


def fast_taken(text: str) -> int:
    entries = scan(text, "u.yaml")
    if entries is None:
        return 0
    try:
        root = compose_text(entries.text)
    except Exception:
        return 0
    return len(entries.taken) if entries.fits(root) else 0


def test_the_shipped_roster_is_read_alike_and_without_yaml(monkeypatch):
    text = (SHIPPED / "units.yaml").read_text(encoding="utf-8")
    fast, general = both(monkeypatch, text)
    assert fast == general
    assert len(fast[1]) > 50 and fast_taken(text) == len(fast[1])


ONE = "  - id: 一中\n    name: 第一中学\n    category: school\n"
CASES = {
    "plain": (ONE + "  - id: 二中\n    category: school\n    aliases: [第二中学, 二中本部]\n    group: 第三组\n"
              "    contact: 某老师 0371-00000000\n    phone: 0371-1\n", True),
    "ascii ids": ("  - id: A01\n    category: school\n  - id: off\n    category: office\n", True),
    "a number id": ("  - id: 0101\n    category: school\n" + ONE, True),
    "full-width digits": ("  - id: １中\n    category: school\n" + ONE, True),
    "a full-width comma": ("  - id: 一中，二中\n    category: school\n", False),
    "same id twice": (ONE + ONE, True),
    "alias of another": (ONE + "  - id: 二中\n    category: school\n    aliases: [一中]\n", True),
    "alias twice": ("  - id: 一中\n    category: school\n    aliases: [甲]\n"
                    "  - id: 二中\n    category: school\n    aliases: [甲]\n", True),
    "unknown category": ("  - id: 一中\n    category: schol\n", True),
    "unknown field": ("  - id: 一中\n    category: school\n    adress: 某路\n" + ONE, True),
    "missing category": ("  - id: 一中\n    name: 第一中学\n" + ONE, True),
    "lost dash": ("  - id: 一中\n    category: school\n    id: 二中\n    category: school\n", False),
    "bad group": ("  - id: 一中\n    category: school\n    group: 甲组\n" + ONE, True),
    "null name": ("  - id: 一中\n    name: ~\n    category: school\n" + ONE, True),
    "empty alias item": ("  - id: 一中\n    category: school\n    aliases: [甲, ]\n" + ONE, True),
    "alias scalar": ("  - id: 一中\n    category: school\n    aliases: 甲、乙\n" + ONE, True),
    "comments": ("  # 学校\n  - id: 一中  # 简称\n    category: school\n\n  - id: 二中\n    category: school\n",
                 True),
    "a continuation": ("  - id: 一中\n    name: 第一\n      中学\n    category: school\n", False),
    "a quote over lines": ('  - id: 一中\n    name: "第一\n  - id: 二中\n    category: school"\n'
                           "    category: school\n", False),
    "flow entry": ("  - {id: 一中, category: school}\n" + ONE.replace("一中", "三中"), True),
    "no units": ("", False),
    "a tab": ("  - id: 一中\n\tcategory: school\n", False),
    "units twice": (ONE + "units:\n" + ONE, False),
}


@pytest.mark.parametrize("body,fast", CASES.values(), ids=CASES.keys())
def test_edge_cases_are_read_alike(monkeypatch, body, fast):
    text = HEAD + body
    got, expected = both(monkeypatch, text)
    assert got == expected
    assert (fast_taken(text) > 0) == fast


BASE = HEAD + "".join(
    f"  - id: {n}中\n    name: 第{n}中学\n    category: school\n    aliases: [{n}校]\n    group: {i % 3 + 1}\n"
    for i, n in enumerate("一二三四五")) + "  - id: 办公室\n    category: office\n    contact: 某老师\n"
INSERTS = ["：", "\u3000", "\t", "- ", ": ", "#", " #", "'", '"', "&a ", "*a", "!!str ", "{", "}",
           "[", "]", ",", "|", ">", "?", "\n", "  ", " ", "~", "１", "id: 六中\n", "、"]


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
    assert fast_taken(BASE) == 6


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=edited())
def test_any_edit_is_read_alike(monkeypatch, text):
    got, expected = both(monkeypatch, text)
    assert got == expected
