"""A clerk's whole campaign: the wrong results and lost data found on the way, one test each."""

from __future__ import annotations

from nengli.render.markdown import parse as parse_markdown


# ---- bulletin body: numbered lines on consecutive lines ---------------------------------------

def test_numbered_lines_without_blank_lines_are_separate_items():
    blocks = parse_markdown("工作要求：\n1. 确立一套机制。\n2. 建立一本台账，\n逐项销号。\n3. 形成一批案例。\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "工作要求："),
        ("item", "1.确立一套机制。"),
        ("item", "2.建立一本台账，逐项销号。"),
        ("item", "3.形成一批案例。"),
    ]
