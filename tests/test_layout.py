"""render/layout.py: where lines and pages fall, by value (the widths written out here)."""

from __future__ import annotations

import pytest

from nengli.render.layout import (Box, advances, break_lines, lone_last_character, paginate,
                                  text_width)

# 3号 text condensed by 0.4 pt: 15.6 pt a character, 28 to the 442.2 pt line
SIZE, SPACING, LINE = 16.0, -0.4, 442.2


def test_widths_of_chinese_digits_and_the_space_between():
    """A character 16 pt, a digit Times New Roman's 0.5 em (8 pt), both less 0.4 pt, and a
    quarter em (4 pt) where a digit or letter meets a character, not where it meets a mark."""
    assert advances("中文", SIZE, SPACING) == [15.6, 15.6]
    assert advances("1月", SIZE, SPACING) == [pytest.approx(7.6 + 4), 15.6]
    assert advances("（2）", SIZE, SPACING) == [15.6, pytest.approx(7.6), 15.6]
    assert text_width("2022年1月24日", SIZE, SPACING) == pytest.approx(120)
    # “ ” are set full width (the East Asian face, w:hint), letters by Times New Roman
    assert text_width("“W”", SIZE) == pytest.approx(16 + 16 * 1933 / 2048 + 16)


def test_28_characters_a_line_and_a_closing_mark_hangs():
    text = "甲" * 28 + "，" + "乙" * 3
    assert break_lines(text, SIZE, SPACING, LINE, LINE) == ["甲" * 28 + "，", "乙" * 3]
    # two closing marks cannot both hang: the 28th character goes down with them
    text = "甲" * 28 + "）。" + "乙"
    assert break_lines(text, SIZE, SPACING, LINE, LINE) == ["甲" * 27, "甲）。乙"]


def test_no_opening_mark_at_a_line_end_and_no_number_broken():
    text = "甲" * 27 + "“乙”"
    assert break_lines(text, SIZE, SPACING, LINE, LINE) == ["甲" * 27, "“乙”"]
    text = "甲" * 26 + "2022年"
    assert break_lines(text, SIZE, SPACING, LINE, LINE) == ["甲" * 26, "2022年"]


def test_the_first_line_is_shorter_by_its_indent():
    text = "甲" * 30
    lines = break_lines(text, SIZE, SPACING, LINE - 32, LINE)
    assert [len(line) for line in lines] == [26, 4]


def test_a_last_character_alone():
    assert lone_last_character(["甲" * 28, "员"])
    assert lone_last_character(["甲" * 28, "作。"])
    assert not lone_last_character(["甲" * 28, "工作。"])
    assert not lone_last_character(["员"])


H = 28.95
PAGE = 22 * H + 0.9  # the 225 mm text block holds 22 lines of 28.95 pt


def _pages(placed):
    return [(p.first_page, p.last_page) for p in placed]


def test_pages_fill_to_the_22nd_line():
    placed = paginate([Box((H,) * 20), Box((H,) * 3)], PAGE)
    assert _pages(placed) == [(1, 1), (1, 2)]
    assert placed[-1].bottom == pytest.approx(H)


def test_a_paragraph_kept_with_the_next_moves_whole():
    """The last paragraph of the text (3 lines, kept whole and with the next) and the issuer
    (one line after one blank, kept with the date): 19 + 3 + 2 + 1 = 25 lines; the page ends
    before the last paragraph, which goes to page 2 with the signature."""
    boxes = [Box((H,) * 19), Box((H,) * 3, keep_next=True, keep_lines=True),
             Box((H,), before=H, keep_next=True), Box((H,))]
    assert _pages(paginate(boxes, PAGE)) == [(1, 1), (2, 2), (2, 2), (2, 2)]
    # with room, nothing moves
    assert _pages(paginate(boxes[1:], PAGE)) == [(1, 1)] * 3


def test_a_chain_longer_than_a_page_breaks_where_it_must():
    """A paragraph kept whole but longer than a page starts a page, then breaks at its foot
    (as Word and LibreOffice do: the keep cannot be kept)."""
    boxes = [Box((H,) * 2), Box((H,) * 30, keep_lines=True), Box((H,))]
    placed = paginate(boxes, PAGE)
    assert _pages(placed) == [(1, 1), (2, 3), (3, 3)]
    assert placed[-1].bottom == pytest.approx(9 * H)


def test_a_page_break_before_starts_a_page():
    boxes = [Box((H,) * 2), Box((H,), page_break=True), Box((H,))]
    placed = paginate(boxes, PAGE)
    assert _pages(placed) == [(1, 1), (2, 2), (2, 2)]
    assert placed[-1].bottom == pytest.approx(2 * H)
