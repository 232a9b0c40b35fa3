"""The record-level merge of units.yaml: units added, changed and removed on either side
combine; only the same field of the same unit changed differently is a conflict."""

from __future__ import annotations

import pytest

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from nengli.merge import merge_phase
from nengli.merge_units import UnitConflict, merge_units
from nengli.parse import parse_units
from nengli.read import Text

BASE = """\
# 单位名册
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个}
units:
  - id: 一中
    category: school
    contact: 王老师
  - id: 二中
    category: school
    aliases: [第二中学]

  # 局机关
  - id: 办公室
    category: office
"""


def merge(base: str, ours: str, theirs: str):
    return merge_units(base.encode("utf-8"), ours.encode("utf-8"), theirs.encode("utf-8"))


def text_of(merged) -> str:
    return merged.result.data.decode("utf-8")


def test_units_added_on_both_sides_go_after_the_last_unit_of_their_category():
    # import-units appended at the end of the file; a new school still goes among the schools
    ours = BASE + "  - id: 七中\n    category: school\n"
    theirs = BASE + "  - id: 八中\n    category: school\n    phone: 0371-1\n  - id: 财务处\n    category: office\n"
    merged = merge(BASE, ours, theirs)
    assert merged.result.clean and merged.conflicts == []
    assert text_of(merged) == BASE.replace(
        "    aliases: [第二中学]\n",
        "    aliases: [第二中学]\n  - id: 七中\n    category: school\n"
        "  - id: 八中\n    category: school\n    phone: 0371-1\n") + "  - id: 财务处\n    category: office\n"


def test_a_unit_added_by_hand_in_its_place_stays_there():
    ours = BASE.replace("  - id: 二中\n", "  - id: 一中分校\n    category: school\n  - id: 二中\n")
    theirs = BASE.replace("  - id: 二中\n", "  - id: 一中附小\n    category: school\n  - id: 二中\n")
    out = text_of(merge(BASE, ours, theirs))
    assert "    contact: 王老师\n  - id: 一中分校\n    category: school\n  - id: 一中附小\n" \
        "    category: school\n  - id: 二中\n" in out


def test_different_fields_of_one_unit_changed_on_both_sides_combine():
    ours = BASE.replace("王老师", "王老师  # 新联系人")
    ours = ours.replace("    aliases: [第二中学]\n", "    aliases: [第二中学, 二中本部]\n")
    theirs = BASE.replace("    contact: 王老师\n", "    contact: 王老师\n    phone: 0371-66666666\n")
    theirs = theirs.replace("    category: school\n    aliases", "    category: school\n    group: 3\n    aliases")
    merged = merge(BASE, ours, theirs)
    assert merged.result.clean, text_of(merged)
    assert text_of(merged) == BASE.replace(
        "    contact: 王老师\n", "    contact: 王老师  # 新联系人\n    phone: 0371-66666666\n").replace(
        "    category: school\n    aliases: [第二中学]\n",
        "    category: school\n    aliases: [第二中学, 二中本部]\n    group: 3\n")  # group in nengli's order


def test_the_same_change_on_both_sides_counts_once():
    both = BASE.replace("王老师", "李老师") + "  - id: 财务处\n    category: office\n"
    merged = merge(BASE, both, both)
    assert merged.result.clean and text_of(merged) == both


def test_the_same_field_changed_differently_is_a_conflict_with_both_values():
    ours = BASE.replace("王老师", "张老师") + "  - id: 七中\n    category: school\n"
    theirs = BASE.replace("王老师", "李老师").replace("# 单位名册", "# 单位名册（已核对）")
    merged = merge(BASE, ours, theirs)
    assert merged.conflicts == [UnitConflict("一中", "contact", "王老师", "张老师", "李老师", 8)]
    assert not merged.result.clean
    out = text_of(merged)
    # nothing lost: both versions of the unit between git's markers, the rest merged
    assert out.startswith("# 单位名册（已核对）\n")
    assert "units:\n<<<<<<< ours\n  - id: 一中\n    category: school\n    contact: 张老师\n=======\n" \
        "  - id: 一中\n    category: school\n    contact: 李老师\n>>>>>>> theirs\n  - id: 二中\n" in out
    assert "  - id: 七中\n" in out


def test_removed_on_one_side_unchanged_on_the_other_is_removed():
    ours = BASE.replace("  - id: 二中\n    category: school\n    aliases: [第二中学]\n", "")
    theirs = BASE.replace("王老师", "李老师")
    merged = merge(BASE, ours, theirs)
    assert merged.result.clean
    assert "二中" not in text_of(merged) and "李老师" in text_of(merged)


def test_removed_on_one_side_and_changed_on_the_other_is_a_conflict():
    ours = BASE.replace("  - id: 二中\n    category: school\n    aliases: [第二中学]\n", "")
    theirs = BASE.replace("[第二中学]", "[第二中学, 二中本部]")
    merged = merge(BASE, ours, theirs)
    assert merged.conflicts == [UnitConflict("二中", None, None, None,
                                             "{id: 二中, category: school, aliases: [第二中学, 二中本部]}", 9)]
    assert "<<<<<<< ours\n=======\n  - id: 二中\n    category: school\n    aliases: [第二中学, 二中本部]\n" \
        ">>>>>>> theirs\n" in text_of(merged)


def test_only_theirs_reordered_takes_their_order():
    theirs = BASE.replace("  - id: 一中\n    category: school\n    contact: 王老师\n  - id: 二中\n"
                          "    category: school\n    aliases: [第二中学]\n",
                          "  - id: 二中\n    category: school\n    aliases: [第二中学]\n  - id: 一中\n"
                          "    category: school\n    contact: 王老师\n")
    ours = BASE.replace("王老师", "李老师")
    out = text_of(merge(BASE, ours, theirs))
    assert out.index("id: 二中") < out.index("id: 一中") and "李老师" in out


def test_bom_and_windows_line_ends_are_kept():
    notepad = lambda s: "\ufeff" + s.replace("\n", "\r\n")  # noqa: E731
    ours = notepad(BASE.replace("王老师", "李老师"))
    theirs = notepad(BASE + "  - id: 七中\n    category: school\n")
    merged = merge(notepad(BASE), ours, theirs)
    assert merged.result.clean
    assert text_of(merged) == notepad(BASE.replace("王老师", "李老师").replace(
        "    aliases: [第二中学]\n", "    aliases: [第二中学]\n  - id: 七中\n    category: school\n"))


def test_a_bom_added_on_one_side_is_kept_by_both_merges():
    # Notepad adds a BOM when the colleague saves: the merge used to take ours' (none)
    theirs = "\ufeff" + BASE.replace("王老师", "李老师")
    assert merge(BASE, BASE, theirs).result.data.startswith(b"\xef\xbb\xbf")
    phase = "phase: 1\ntitle: 第一阶段\nstart: 2022-01-01\nend: 2022-01-31\ntasks:\n" \
        "  - id: list\n    title: 清单\n    due: 2022-01-20\nrecords:\n  list:\n    一中: 2022-01-15\n"
    merged = merge_phase(phase.encode(), phase.encode(), ("\ufeff" + phase + "    二中: 2022-01-16\n").encode())
    assert merged.clean and merged.data == ("\ufeff" + phase + "    二中: 2022-01-16\n").encode()


def test_a_roster_in_one_flow_list_is_merged_by_lines():
    flow = BASE.split("units:")[0] + "units: [{id: 一中, category: school}]\n"
    merged = merge(flow, flow.replace("一中", "一中 "), flow)
    assert merged.result.clean and merged.conflicts == []


# ---- the property: any edits of both sides, every unit and field accounted for -----------------

UNITS = ["一中", "二中", "三中", "办公室", "财务处"]
CATS = {"一中": "school", "二中": "school", "三中": "school", "办公室": "office", "财务处": "office"}
CONTACTS = [None, "王老师", "李老师"]
GROUPS = [None, "1", "2"]
unit_st = st.one_of(st.none(), st.tuples(st.sampled_from(CONTACTS), st.sampled_from(GROUPS)))
roster_st = st.fixed_dictionaries({u: unit_st for u in UNITS})
edits_st = st.dictionaries(st.sampled_from(UNITS), unit_st, max_size=3)
HEAD = "categories:\n  school: {name: 学校, counter: 所}\n  office: {name: 局机关处室, counter: 个}\nunits:\n"


def render(roster: dict) -> str:
    out = [HEAD]
    for u in UNITS:
        if roster[u] is None:
            continue
        contact, group = roster[u]
        out.append(f"  - id: {u}\n    category: {CATS[u]}\n")
        if group:
            out.append(f"    group: {group}\n")
        if contact:
            out.append(f"    contact: {contact}\n")
    return "".join(out) if len(out) > 1 else HEAD.replace("units:\n", "units: []\n")


@pytest.mark.slow
@settings(max_examples=150, derandomize=True, deadline=None)
@given(base=roster_st, ours_edits=edits_st, theirs_edits=edits_st)
def test_property_units_merge_field_by_field(base, ours_edits, theirs_edits):
    ours, theirs = {**base, **ours_edits}, {**base, **theirs_edits}
    merged = merge(render(base), render(ours), render(theirs))
    expected, conflicted = {}, set()
    for u in UNITS:
        b, o, t = base[u], ours[u], theirs[u]
        if o is None or t is None:
            if o == t or (b is not None and (o or t) == b):
                continue
            if b is not None:
                conflicted.add(u)
                continue
            expected[u] = o or t
            continue
        fields = []
        for i in range(2):
            bv = b[i] if b else None
            if o[i] == t[i] or t[i] == bv:
                fields.append(o[i])
            elif o[i] == bv:
                fields.append(t[i])
            else:
                conflicted.add(u)
        expected[u] = tuple(fields) if len(fields) == 2 else None
    assert {c.unit for c in merged.conflicts} == conflicted
    text = text_of(merged)
    assert text.count("<<<<<<< ours\n") == len(conflicted)  # every conflict marked, none other
    if conflicted:
        return
    _cats, units, problems = parse_units(Text(Path("units.yaml"), "units.yaml", text))
    assert not [p for p in problems if p.is_error and p.code != "no-units"], (text, problems)
    got = {u.id: (u.contact or None, str(u.group) if u.group else None) for u in units}
    assert got == {u: v for u, v in expected.items() if v is not None}
    # roster order: the schools, then the offices
    cats = [CATS[u.id] for u in units]
    assert cats == sorted(cats, key=["school", "office"].index)
