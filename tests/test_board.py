"""nengli board: the leaders' HTML page, read back with a real HTML parser (html.parser).

Colours are written out here as the page must show them (the same meaning as the terminal and
the Excel ledger: 按时 green, 逾期补报 orange, 逾期未报 red, 临近截止 yellow, 免报 blue).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gitutil import git, isolate_git, make_repo

SCRIPT = "<script>alert(1)</script>"

UNITS = f"""\
categories:
  school: {{name: 学校, counter: 所}}
  office: {{name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}}
units:
  - id: 一中
    name: 郑州市第一中学
    category: school
    group: 1
    contact: 王老师
    phone: 0371-11111111
  - id: 二中
    category: school
    group: 2
  - id: "{SCRIPT}"
    category: school
    group: 2
  - id: 三中
    category: school
    group: 1
    contact: 李主任
    phone: 138 0000 0000
  - id: 办公室
    category: office
    group: 3
"""

PHASE = f"""\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - id: meet
    title: 动员部署会召开
    applies_to: [school]
    due: 2022-01-10
  - id: list
    title: 清单报送
    due: 2022-01-20
records:
  meet:
    一中: 2022-01-09
    二中: {{date: 2022-01-12, note: 电话催报后补报}}
  list:
    一中: 2022-01-15
    二中: {{date: 2022-01-19, note: 次日才报}}
    三中: {{date: 2022-01-18, files: {{材料/第1阶段/清单报送/三中-清单.docx: {"a" * 64}}}}}
    办公室: {{exempt: 经批准暂缓}}
"""

ROSTER = ["一中", "二中", SCRIPT, "三中", "办公室"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None") -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Node"]:
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.classes)
                and all(n.attrs.get(k) == v for k, v in attrs.items())]


class Tree(HTMLParser):
    """A small DOM: enough to find elements by tag, class and attribute and read their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.at = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_startendtag(self, tag, attrs):
        self.at.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.at))

    def handle_endtag(self, tag):
        node = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"unbalanced </{tag}>"
        self.at = node.parent

    def handle_data(self, data):
        self.at.children.append(data)


def parse(page: str) -> Node:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert tree.at is tree.root, f"unclosed <{tree.at.tag}>"
    return tree.root


@pytest.fixture
def board(make_data, cli, monkeypatch):
    """``board(*args)`` writes the test campaign's board as of 2022-01-18; returns (page, tree)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700049600")  # 2023-11-15 12:00 UTC
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE})

    def run(*args: str) -> tuple[str, Node]:
        result = cli("board", "--as-of", "2022-01-18", "--out", "看板.html", *args)
        assert result.exit_code == 0, result.output
        page = Path("看板.html").read_text(encoding="utf-8")
        return page, parse(page)

    return run


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_headline_counts(board):
    _, tree = board()
    cards = [(c.classes, squash(c.text())) for c in tree.find("div", "card")]
    # the list is due in 2 days and two schools have not sent it: 临近截止 beside 未按时报送
    assert cards == [(["card", "alert"], "3未按时报送单位（个）"), (["card", "soon"], "2临近截止未报单位（个）")]
    assert tree.find("p", "scope")[0].text() == "督查学校4所、局机关处室1个，阶段任务2项。"


def test_no_deadline_near_no_near_card(board):
    _, tree = board("--as-of", "2022-01-26")
    cards = [squash(c.text()) for c in tree.find("div", "card")]
    assert cards == ["3未按时报送单位（个）"]
    assert not tree.find("ol", "near")


def test_near_deadline_list_with_days_left_and_contacts(board):
    _, tree = board()
    items = tree.find("ol", "near")[0].find("li")
    assert [squash(li.text()) for li in items] == [
        "二中：清单报送（1月20日截止，还有2天）名册中没有联系人",
        f"{SCRIPT}：清单报送（1月20日截止，还有2天）名册中没有联系人"]
    _, tree = board("--as-of", "2022-01-20")
    items = tree.find("ol", "near")[0].find("li")
    assert [squash(li.text()) for li in items] == [f"{SCRIPT}：清单报送（今天截止）名册中没有联系人"]


def test_groups_board_omits_categories_it_has_none_of(board):
    _, tree = board("--group", "1")
    assert tree.find("p", "scope")[0].text() == "督查学校2所，阶段任务2项。"
    assert "局机关处室" not in squash(tree.find("section", "phase")[0].text())


def test_task_bars_in_the_terminal_colours(board):
    _, tree = board()
    meet, lst = tree.find("div", "task")
    rects = [(r.attrs["fill"], r.attrs["width"]) for r in meet.find("rect")]
    # the grey track, then 按时 1 (green), 逾期补报 1 (orange), 逾期未报 2 (red) of 4 schools
    assert rects == [("#eeeeee", "100"), ("#2e7d32", "25.0"), ("#ef6c00", "25.0"), ("#c62828", "50.0")]
    assert squash(meet.find("p", "counts")[0].text()) == "按时报送1逾期补报1逾期未报2"
    # the list is due in 2 days: the two schools without it are 临近截止 (yellow); the office 免报 (blue)
    assert [r.attrs["fill"] for r in lst.find("rect")] == ["#eeeeee", "#2e7d32", "#f9a825", "#1565c0"]
    assert squash(lst.find("p", "counts")[0].text()) == "按时报送2临近截止2免报1"
    assert "应报送5个，已完成2个" in squash(lst.text())


def test_laggards_in_roster_order_with_what_they_owe(board):
    _, tree = board()
    items = tree.find("ol", "laggards")[0].find("li")
    assert [li.find("a")[0].text() for li in items] == ["二中", SCRIPT, "三中"]
    assert squash(items[0].text()) == "二中：逾期补报动员部署会召开（2天）名册中没有联系人"
    assert squash(items[2].text()) == "三中：逾期未报动员部署会召开（8天）联系人：李主任电话：13800000000"
    # what is owed is named and coloured by its warning level (逾期补报 orange, 逾期未报 red)
    assert [(sp.classes, squash(sp.text())) for sp in items[0].find("span", "lv")] == [
        (["lv", "orange"], "逾期补报动员部署会召开（2天）")]
    assert [sp.classes for sp in items[2].find("span", "lv")] == [["lv", "red"]]
    # the phone is a link a leader taps to call
    assert [(a.attrs["href"], a.text()) for a in items[2].find("a")] == [
        ("#u3", "三中"), ("tel:13800000000", "138 0000 0000")]


def test_matrix_has_every_unit_in_roster_order_with_coloured_cells(board):
    page, tree = board()
    box = tree.find("div", "box")[0]
    rows = box.find("tbody")[0].find("tr")
    assert [r.find("th")[0].text() for r in rows] == ROSTER
    cells = {r.find("th")[0].text(): [(td.attrs["class"], td.text()) for td in r.find("td")]
             for r in rows}
    assert cells["一中"] == [("green", "1月9日"), ("green", "1月15日")]
    assert cells["二中"] == [("orange", "逾期2天"), ("yellow", "待报")]
    assert cells["三中"] == [("red", "未报8天"), ("green", "1月18日")]
    assert cells["办公室"] == [("na", "—"), ("blue", "免报")]
    # the cells' colours, the same fills as the Excel ledger
    for css in ("td.green{background:#c6efce", "td.orange{background:#f8cbad",
                "td.red{background:#ffc7ce", "td.yellow{background:#ffeb9c", "td.blue{background:#ddebf7"):
        assert css in page
    # the wide matrix scrolls in its own box, the unit column frozen
    assert ".box{overflow:auto;max-width:100%" in page
    assert ".matrix .unit{position:sticky;left:0" in page


def test_groups_have_anchors_a_leader_can_jump_to(board):
    _, tree = board()
    groups = tree.find("div", "group")
    assert [(g.attrs["id"], squash(g.find("h4")[0].text())) for g in groups] == [
        ("p1-g1", "第一巡回督导组（2个单位）"), ("p1-g2", "第二巡回督导组（2个单位）"),
        ("p1-g3", "第三巡回督导组（1个单位）")]
    assert f"未按时报送：二中、{SCRIPT}" in groups[1].text()
    ids = {n.attrs["id"] for n in tree.walk() if "id" in n.attrs}
    links = [n.attrs["href"] for n in tree.find("a")]
    assert {"#p1-g1", "#p1-g2", "#p1-g3"} <= set(links)
    assert all(h[1:] in ids for h in links if h.startswith("#")), "every link lands on the page"


def test_unit_details_contact_statuses_and_materials(board):
    _, tree = board()
    details = tree.find("details", "unit")
    assert [d.find("summary")[0].text() for d in details] == [
        "郑州市第一中学（一中）", "二中", SCRIPT, "三中", "办公室"]
    first = squash(details[0].text())
    assert "联系人：王老师电话：0371-11111111" in first
    assert "动员部署会召开：2022年1月9日按时报送" in first
    assert "动员部署会召开：2022年1月12日报送，逾期2天" in squash(details[1].text())
    assert "（电话催报后补报）" in details[1].text()
    assert "材料：材料/第1阶段/清单报送/三中-清单.docx" in details[3].text()
    assert "免报：经批准暂缓" in details[4].text()
    # a report dated after the as-of date is not yet known on that day: nor is its note
    assert "清单报送：临近截止，1月20日截止" in squash(details[1].text())
    assert "次日才报" not in details[1].text()


def test_every_value_is_escaped(board):
    page, tree = board()
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert len(tree.find("script")) == 1  # the page's own convenience script, nothing else
    assert "alert" not in tree.find("script")[0].text()


def test_no_external_resource(board):
    page, tree = board()
    for node in tree.walk():
        for attr in ("src", "href", "action", "data", "poster", "srcset"):
            value = node.attrs.get(attr)
            assert value is None or value.startswith(("#", "tel:")), (node.tag, attr, value)
        assert node.tag not in ("link", "img", "iframe", "object", "embed", "base")
    assert "@import" not in page
    assert "url(" not in page
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", page.replace("http-equiv", ""))


def test_top_states_date_version_and_made_at(board):
    _, tree = board()
    meta = tree.find("p", "meta")[0].text()
    assert "统计日期：2022年1月18日" in meta
    assert "数据版本：不在 git 仓库中" in meta
    assert "生成时间：2023年11月15日" in meta


def test_same_bytes_twice(board):
    first, _ = board()
    second, _ = board()
    assert first == second


def test_data_version_and_uncommitted_warning(board, monkeypatch, tmp_path):
    isolate_git(monkeypatch)
    make_repo(tmp_path)
    commit = git(tmp_path, "rev-parse", "HEAD").strip()[:7]
    _, tree = board()
    assert f"数据版本：{commit}，2022年1月26日提交" in tree.find("p", "meta")[0].text()
    assert not tree.find("p", "warn")
    Path("data/units.yaml").write_text(UNITS + "\n", encoding="utf-8")
    _, tree = board()
    assert tree.find("p", "warn")[0].text() == "数据有未提交的修改，与上述版本不一致。"


def test_one_group(board):
    _, tree = board("--group", "第二组")
    assert "（第二巡回督导组）" in tree.find("h1")[0].text()
    rows = tree.find("div", "box")[0].find("tbody")[0].find("tr")
    assert [r.find("th")[0].text() for r in rows] == ["二中", SCRIPT]
    assert [g.attrs["id"] for g in tree.find("div", "group")] == ["p1-g2"]


def test_cli_errors_in_chinese(make_data, cli):
    make_data()
    result = cli("board", "--phase", "1")
    assert result.exit_code == 2
    assert "生成看板时必须用 --out 指定文件名：网页（.html）或图片（.png）。" in result.output
    assert "nengli board --phase 1 --out 看板.html，或 nengli board --phase 1 --out 要情.png" in result.output
    result = cli("board", "--group", "9", "--out", "看板.html")
    assert result.exit_code == 2
    assert "名册中没有第 9 督导组（已有：1、2、3）" in result.output
    result = cli("board", "--phase", "7", "--out", "看板.html")
    assert result.exit_code == 2
    assert not Path("看板.html").exists()


def test_campaign_template_overrides_and_a_broken_one_is_located(make_data, cli):
    data = make_data()
    templates = data.parent / "templates"
    templates.mkdir()
    (templates / "board.html.j2").write_text(
        "<p>{{ phases[0].phase.title }}：{{ units | length }}个单位</p>\n", encoding="utf-8")
    result = cli("board", "--as-of", "2022-01-18", "--out", "看板.html")
    assert result.exit_code == 0, result.output
    assert Path("看板.html").read_text(encoding="utf-8") == "<p>第一阶段：4个单位</p>\n"
    (templates / "board.html.j2").write_text("<p>\n{{ phases[0].nothing }}</p>\n", encoding="utf-8")
    result = cli("board", "--as-of", "2022-01-18", "--out", "看板.html")
    assert result.exit_code == 1
    assert "templates/board.html.j2:2:1" in result.output.replace("\\", "/")
    assert Path("看板.html").read_text(encoding="utf-8") == "<p>第一阶段：4个单位</p>\n"


def test_help_is_chinese_with_example(cli):
    result = cli("board", "--help")
    assert result.exit_code == 0
    assert "生成督导看板" in result.output
    assert "nengli board --phase 1 --as-of 2022-01-24 --out 看板.html" in result.output


def test_level_colours_written_out(board):
    """Every level's text, cell and badge colours, as the ledger fills and the terminal use them
    (one palette): written out here by value."""
    page, _ = board()
    expected = {"green": ("#c6efce", "#006100"), "orange": ("#f8cbad", "#833c0b"),
                "red": ("#ffc7ce", "#9c0006"), "yellow": ("#ffeb9c", "#7f6000"),
                "blue": ("#ddebf7", "#1f4e79")}
    for level, (fill, ink) in expected.items():
        assert f".lv.{level}{{color:{ink}}}" in page
        assert f"td.{level}{{background:{fill};color:{ink}}}" in page
        assert f".chips a.{level}{{background:{fill};color:{ink}}}" in page
    assert "td.none{background:#ffffff;color:#616161}" in page
    assert ".chips a.none{background:#eeeeee;color:#616161}" in page
    # the legend's swatches are the bars' colours
    legend = re.findall(r'<i class="sw" style="background:(#[0-9a-f]{6})"></i>([^<]+)<', page)
    assert legend == [("#2e7d32", "按时报送"), ("#ef6c00", "逾期补报"), ("#c62828", "逾期未报"),
                      ("#f9a825", "临近截止"), ("#bdbdbd", "待报"), ("#1565c0", "免报")]


PHASE2 = """\
phase: 2
title: 第二阶段
start: 2022-02-01
end: 2022-02-28
tasks:
  - id: plan
    title: 整改方案
    due: 2022-02-10
"""
PHASE3 = PHASE2.replace("phase: 2", "phase: 3").replace("第二阶段", "第三阶段").replace(
    "2022-02", "2022-03").replace("plan", "sum").replace("整改方案", "阶段总结")


def test_current_phase_first_then_earlier_then_later(make_data, cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700049600")
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE, "phases/phase2.yaml": PHASE2,
               "phases/phase3.yaml": PHASE3})
    result = cli("board", "--as-of", "2022-02-08", "--out", "看板.html")
    assert result.exit_code == 0, result.output
    tree = parse(Path("看板.html").read_text(encoding="utf-8"))
    sections = tree.find("section", "phase")
    assert [s.attrs["id"] for s in sections] == ["p2", "p1", "p3"]
    assert sections[0].classes == ["phase", "current"]
    assert squash(sections[0].find("h2")[0].text()) == "第二阶段（2月1日—2月28日）当前阶段"
    assert [squash(a.text()) for a in tree.find("header")[0].find("a")] == [
        "第二阶段（当前）", "第一阶段", "第三阶段", "各单位情况"]
    # the plan is due in 2 days: every unit is near its deadline in the current phase
    assert [squash(c.text()) for c in sections[0].find("div", "card")] == [
        "0未按时报送单位（个）", "5临近截止未报单位（个）"]
    # a phase not yet started says when it starts
    assert sections[2].find("p", "scope")[0].text() == "督查学校4所、局机关处室1个，阶段任务1项，2022年3月1日开始。"
    # each unit's own page still lists its phases in order
    first = tree.find("details", "unit")[0]
    assert [p.text() for p in first.find("p") if "阶段" in p.text()] == ["第一阶段", "第二阶段", "第三阶段"]


#: CSS that the browsers inside WeChat on older phones (Chromium 53–66, X5/XWeb on Android 7–9)
#: do not know: with any of it the first screen could fall apart there
NEWER_CSS = [
    (r"(?<![-\w])gap\s*:", "gap in a flex box (Chromium 84)"),
    (r"\bvar\(", "custom properties (Chromium 49, X5 lacks them)"),
    (r":(is|where|has)\(", ":is/:where/:has (Chromium 88–105)"),
    (r"\b(clamp|min|max)\(", "clamp/min/max (Chromium 79)"),
    (r"aspect-ratio|inset\s*:|@container|@layer|display\s*:\s*grid", "newer layout"),
]


def test_css_is_for_old_wechat_browsers_too(board):
    """The first screen is plain HTML and CSS an old Chromium lays out: no script needed (the
    browser test switches it off) and none of the newer CSS; every flex box has its -webkit-
    spelling first (Android 4.4 WebView and the X5 core)."""
    page, tree = board()
    css = tree.find("style")[0].text()
    for pattern, what in NEWER_CSS:
        assert not re.search(pattern, css), what
    for rule in re.findall(r"[^{}]*\{[^}]*display:flex[^}]*\}", css):
        assert "display:-webkit-flex;display:flex" in rule, rule
    # fit-content unprefixed only from Chromium 94: the -webkit- spelling first
    assert "width:-webkit-fit-content;width:fit-content" in css


def test_bar_segments_sit_side_by_side_over_the_whole_track(board, cli, tmp_path):
    """Each segment starts where the one before it ends, the first at 0 and the last ending at
    100: none overlaps another or leaves a gap (a width alone would not show that)."""
    _, tree = board()
    meet = tree.find("div", "task")[0]
    rects = [(r.attrs["x"], r.attrs["width"]) for r in meet.find("rect")]
    # the track, then 按时 1, 逾期补报 1, 逾期未报 2 of 4 schools, left to right
    assert rects == [("0", "100"), ("0.0", "25.0"), ("25.0", "25.0"), ("50.0", "50.0")]
    # every bar of the shipped board (thirds, sevenths: widths that do not add up exactly)
    out = tmp_path / "shipped.html"
    from conftest import SHIPPED

    result = cli("board", "--data", str(SHIPPED), "--as-of", "2022-01-24", "--out", str(out))
    assert result.exit_code == 0, result.output
    bars = parse(out.read_text(encoding="utf-8")).find("svg", "bar")
    assert len(bars) > 5
    for svg in bars:
        track, *segments = svg.find("rect")
        assert (track.attrs["x"], track.attrs["width"]) == ("0", "100")
        end = 0.0
        for rect in segments:
            x, width = float(rect.attrs["x"]), float(rect.attrs["width"])
            assert abs(x - end) < 0.002 and width > 0, (svg.attrs["aria-label"], x, end)
            end = x + width
        assert abs(end - 100) < 0.002, (svg.attrs["aria-label"], end)
