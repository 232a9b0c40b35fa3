"""The 版头 of campaign.yaml, read with its positions: the head of a notice sent on its own.

    letterhead:                                              # 单独印发通报时的版头（GB/T 9704 7.2）
      mark: 郑州市教育局“能力作风建设年”活动领导小组办公室    # 发文机关标志，红色
      number: 郑教能办〔2022〕3号                              # 发文字号，可省略

Every mistake is located (file:line:col): a 发文字号 written 郑教能办[2022]03号 or 第3号 is
refused with the form GB/T 9704 7.2.4 asks (六角括号, the year in full, no 第, no leading 0),
and a typo in a key is named, so that no notice is printed with a wrong or missing head.
The Word writer takes the values from the plain settings (``letterhead_of``).
"""

from __future__ import annotations

import re
from typing import Any

from .model import Problem
from .parse import FileParser, narrow
from .parse.nodes import MappingNode, Node
from .read import Text

SETTING = "letterhead"
FIELDS = {"mark": True, "number": False}
EXAMPLE = {"mark": "××市教育局办公室", "number": "×教办〔2022〕3号"}
#: the most characters a 发文机关标志 may have: at 2号 (22 pt) and half width, 40 fill the line
MARK_MAX = 40
_NUMBER = re.compile(r"\S+〔[0-9]{4}〕[1-9][0-9]*号")
_LOOSE = re.compile(r"(?P<code>.*?)\s*[〔\[［【（(〈<]\s*(?P<year>[0-9]+)\s*[〕\]］】）)〉>]\s*"
                    r"(?P<first>第)?\s*(?P<seq>[0-9]+)\s*(?P<hao>号)?")


def check_letterhead(text: Text, root: Node) -> list[Problem]:
    """The problems of campaign.yaml's ``letterhead:`` (``root``: the file's nodes)."""
    p = FileParser(text)  # its own parser: load's has walked these nodes already
    if not isinstance(root, MappingNode):
        return []
    for key, _key_node, node in p.mapping(root, "campaign.yaml", checked=True):
        if key != SETTING:
            continue
        found = p.fields(node, "版头 letterhead", FIELDS, EXAMPLE)
        if not found:
            continue
        if "mark" in found:
            mark_node = found["mark"][1]
            mark = p.text_value(mark_node, "发文机关标志 mark", EXAMPLE["mark"])
            if mark is not None and len(mark.strip()) > MARK_MAX:
                p.report("letterhead-mark-long", mark_node, mark=mark.strip(),
                         count=len(mark.strip()), most=MARK_MAX)
        if "number" in found:
            number_node = found["number"][1]
            number = p.text_value(number_node, "发文字号 number", EXAMPLE["number"],
                                  optional=True)
            if number:
                fixed, why = number_flaw(number.strip())
                if why:
                    p.report("letterhead-number", number_node, value=number.strip(), why=why,
                             fixed=fixed or EXAMPLE["number"])
    return p.problems


def number_flaw(value: str) -> tuple[str, str]:
    """("", "") for a 发文字号 in GB/T 9704's form, else (the value rewritten in it, what is
    wrong); the rewrite is "" where nengli cannot tell the parts."""
    if _NUMBER.fullmatch(value):
        return "", ""
    m = _LOOSE.fullmatch(narrow(value))
    if m is None or not m.group("code"):
        return "", "应由机关代字、年份和发文顺序号组成"
    why = []
    if value.find("〔") < 0 or value.find("〕") < 0:
        why.append("年份要用六角括号“〔〕”括起来")
    year = m.group("year")
    if len(year) != 4:
        why.append("年份要写全称（四位数字）")
        year = ("20" + year.zfill(2)) if len(year) <= 2 else year
    if narrow(value) != value:
        why.append("数字要用半角阿拉伯数字")
    if m.group("first"):
        why.append("发文顺序号前不加“第”字")
    seq = m.group("seq")
    if seq.startswith("0"):
        why.append("发文顺序号不编虚位（1 不写成 01）")
    if not m.group("hao"):
        why.append("发文顺序号后要加“号”字")
    fixed = f"{m.group('code')}〔{year}〕{int(seq)}号"
    return fixed, "、".join(why) or "应写成“机关代字〔年份〕序号号”"


def letterhead_of(settings: dict[str, Any] | None) -> tuple[str, str] | None:
    """(发文机关标志, 发文字号) from the plain settings, or None where there is no 版头 (load has
    checked them: a campaign with a wrong one does not get this far)."""
    value = (settings or {}).get(SETTING)
    if not isinstance(value, dict) or not isinstance(value.get("mark"), str):
        return None
    mark = value["mark"].strip()
    number = value.get("number")
    return (mark, number.strip() if isinstance(number, str) else "") if mark else None
