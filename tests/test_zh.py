"""zh: numerals, dates and lists as official documents write them."""

import datetime as dt

import pytest

from nengli import zh


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                     (21, "二十一"), (99, "九十九"), (100, "一百"), (105, "一百零五"),
                                     (110, "一百一十"), (0, "〇"), (1203, "一千二百零三"),
                                     (1010, "一千零一十"), (1020, "一千零二十"), (2000, "二千")])
def test_cn_number(n, text):
    assert zh.cn_number(n) == text


def test_cn_date_has_no_leading_zeros():
    assert zh.cn_date(dt.date(2022, 1, 4)) == "2022年1月4日"
    assert zh.cn_date(dt.date(2021, 12, 27)) == "2021年12月27日"


def test_headings_and_lists():
    assert [zh.heading_number(3, level) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert zh.join_names(["24中", "信息中心", "成教室"]) == "24中、信息中心、成教室"
    assert zh.spread("组长") == "组\u3000长"
    assert zh.spread("副组长") == "副组长"


def test_quotes_inside_quotes_become_single_quotes():
    from nengli.zh import nest_quotes

    assert nest_quotes("已登记：31中 “第一阶段“三个清单”制定、报送” 2022-01-26。") == \
        "已登记：31中 “第一阶段‘三个清单’制定、报送” 2022-01-26。"
    assert nest_quotes("“一“二“三”二”一”") == "“一‘二“三”二’一”"
    assert nest_quotes("“a” 和 “b”") == "“a” 和 “b”"
    assert nest_quotes("半个“引号") == "半个“引号"  # unpaired: left as written
    assert nest_quotes("”倒“") == "”倒“"
