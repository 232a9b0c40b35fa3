"""The terminal views as a person sees them: narrow terminals get a stacked layout with every
title whole and no line wider than the terminal; output into a pipe or a file has no padding,
no trailing spaces and no colour codes; the colours of the warning levels, written out."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from conftest import SHIPPED, write_data
from nengli.dossier import unit_dossier
from nengli.load import load
from nengli.progress import phase_progress
from nengli.render.terminal import print_matrix, print_status
from nengli.render.unit import print_dossier

WIDTHS = [40, 60, 80, 120]
#: the environment of a pipe: none of the variables that change rich's mind
PIPE = {"COLUMNS": None, "NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
ESC = "\x1b"

LONG_PHASE = """\
phase: 1
title: 第一阶段
theme: 提高认识、找准问题、明确整改方向、建立长效机制
start: 2022-01-01
end: 2022-01-31
tasks:
  - id: meet
    title: 关于召开全市教育系统“能力作风建设年”活动动员部署会并报送会议纪要和照片的通知
    applies_to: [school]
    due: 2022-01-10
  - id: list
    title: 清单报送
    due: 2022-01-20
  - id: report
    title: Annual review of the 2022 work plan (revised draft, second round)
    due: 2022-01-25
records:
  meet:
    一中: 2022-01-09
    二中: {date: 2022-01-12, note: 逾期补报，附会议纪要、照片和签到表，已由督导组核实}
  list:
    一中: 2022-01-15
    办公室: {exempt: 经批准暂缓}
"""


def titles_of(data, phase: int = 1) -> list[str]:
    campaign, _ = load(data)
    return [t.title for t in campaign.phase(phase).tasks]


def assert_fits(out: str, width: int) -> None:
    wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert not wide, f"wider than {width} columns: {wide}"


def assert_whole(out: str, title: str, width: int) -> None:
    """A title that fits a line is on one line; a longer one is all there, folded in order
    (rich breaks a line at a space, which it drops)."""
    lines = out.splitlines()
    if cell_len(title) <= width:
        assert any(title in line for line in lines), f"{title!r} not whole on a line:\n{out}"
    else:
        assert re.sub(r"\s", "", title) in re.sub(r"\s", "", out), f"{title!r} cut:\n{out}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("phase, as_of", [("1", "2022-01-24"), ("2", "2022-02-26")])
def test_shipped_status_fits_every_width(cli, width, phase, as_of):
    result = cli("status", "--data", str(SHIPPED), "--phase", phase, "--as-of", as_of,
                 env={**PIPE, "COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout, width)
    for title in titles_of(SHIPPED, int(phase)):
        assert_whole(result.stdout, title, width)
    assert "…" not in result.stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_long_titles_fit_every_width(make_data, cli, width):
    data = make_data({"phases/phase1.yaml": LONG_PHASE})
    env = {**PIPE, "COLUMNS": str(width)}
    result = cli("status", "--as-of", "2022-01-24", env=env)
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout, width)
    for title in titles_of(data):
        assert_whole(result.stdout, title, width)
    assert "…" not in result.stdout
    # the unit view: titles and the long note whole too
    result = cli("unit", "二中", "--as-of", "2022-01-24", env=env)
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout, width)
    for title in titles_of(data):
        assert_whole(result.stdout, title, width)
    assert_whole(result.stdout, "逾期补报，附会议纪要、照片和签到表，已由督导组核实", width)
    assert "…" not in result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [("status", "--by", "unit"), ("rank",), ("unit", "24中")])
def test_other_views_fit_every_width(cli, width, args):
    result = cli(*args, "--data", str(SHIPPED), "--as-of", "2022-01-24",
                 env={**PIPE, "COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout, width)
    assert "…" not in result.stdout
    if args[0] != "unit":
        # every laggard's id whole on a line
        for unit in ("24中", "信息中心", "成教室", "31中", "103中"):
            assert any(re.search(rf"(^|[^0-9]){unit}", line) for line in result.stdout.splitlines()), unit


def test_wide_terminal_keeps_the_table_and_narrow_one_stacks(cli):
    args = ("status", "--data", str(SHIPPED), "--phase", "1", "--as-of", "2022-01-24")
    wide = cli(*args, env={**PIPE, "COLUMNS": "120"}).stdout
    assert "  任务" in wide and "─" in wide
    narrow = cli(*args, env={**PIPE, "COLUMNS": "80"}).stdout
    assert "─" not in narrow
    assert "动员部署会召开\n  截止 1月14日  应报 54  按时 54  逾期 0  未报 0  待报 0  免报 0\n" in narrow


@pytest.mark.parametrize("phase, as_of", [("1", "2022-01-24"), ("2", "2022-02-26")])
def test_the_table_is_kept_down_to_exactly_its_own_width(cli, phase, as_of):
    """The status table at its natural width (read off a 200-column run) is the same table;
    one column less and it stacks, every line within the terminal. The natural width is the
    header rule's: a space (the box's left edge), the rule, a space (its right edge, which
    output into a pipe drops with every space at a line's end)."""
    args = ("status", "--data", str(SHIPPED), "--phase", phase, "--as-of", as_of)
    wide = cli(*args, env={**PIPE, "COLUMNS": "200"}).stdout
    rule = next(line for line in wide.splitlines() if "─" in line)
    assert re.fullmatch(" ─+", rule)
    width = cell_len(rule) + 1
    table = wide.split("\n\n")[1]
    assert max(cell_len(line) for line in table.splitlines()) < width and 60 < width < 200
    exact = cli(*args, env={**PIPE, "COLUMNS": str(width)}).stdout
    assert exact.split("\n\n")[1] == table
    narrower = cli(*args, env={**PIPE, "COLUMNS": str(width - 1)}).stdout
    assert "─" not in narrower and "  截止 " in narrower
    assert_fits(narrower, width - 1)


@pytest.mark.parametrize("name, args", [
    ("status-phase1-40.txt", ("status", "--phase", "1")),
    ("status-by-unit-phase1-40.txt", ("status", "--by", "unit", "--phase", "1")),
    ("rank-phase1-40.txt", ("rank", "--phase", "1")),
    ("unit-24-40.txt", ("unit", "24中")),
])
def test_stacked_layouts_golden_40_columns(cli, golden, name, args):
    result = cli(*args, "--data", str(SHIPPED), "--as-of", "2022-01-24",
                 env={**PIPE, "COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    golden(name, result.stdout)


def test_rank_footer_spans_the_console_not_the_table(cli, golden):
    # the explanation under the units' ranking was the table's caption, wrapped at the
    # table's ~75 columns even in 120-column output
    result = cli("rank", "--data", str(SHIPPED), "--phase", "1", "--as-of", "2022-01-24", env=PIPE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    footer = ("统计日期：2022年1月24日。按时率 = 按时 ÷（按时 + 逾期 + 未报）；"
              "逾期天数：补报的算到报送日，未报的算到统计日期。")
    assert footer in lines
    assert lines[lines.index(footer) + 1:lines.index(footer) + 3] == ["", "督导组排名"]
    golden("rank-phase1-120.txt", result.stdout)


def test_long_titles_golden_60_columns(make_data, cli, golden):
    make_data({"phases/phase1.yaml": LONG_PHASE})
    result = cli("status", "--as-of", "2022-01-24", env={**PIPE, "COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    golden("status-long-titles-60.txt", result.stdout)


# --- into a pipe or a file -------------------------------------------------------------------

PIPED = [("status", "--phase", "1"), ("status", "--by", "unit", "--phase", "1"),
         ("rank", "--phase", "1"), ("unit", "24中"), ("remind", "--phase", "1")]


@pytest.mark.parametrize("args", PIPED)
def test_piped_output_has_no_padding_and_no_colour(cli, args):
    result = cli(*args, "--data", str(SHIPPED), "--as-of", "2022-01-24", env=PIPE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert ESC not in out
    assert [line for line in out.splitlines() if line.endswith(" ")] == []
    assert_fits(out, 120)  # a pipe has no width of its own: 120 columns unless COLUMNS says


def test_piped_status_is_the_full_table(cli):
    out = cli("status", "--data", str(SHIPPED), "--phase", "1", "--as-of", "2022-01-24",
              env=PIPE).stdout
    assert out.splitlines()[:5] == [
        "第一阶段：提高认识、找准问题",
        "",
        "  任务                           截止      应报   按时   逾期   未报   待报   免报   完成率",
        " " + "─" * 98,
        "  动员部署会召开                 1月14日     54     54      0      0      0      0   ■■■■■■■■ 100%",
    ]


@pytest.mark.parametrize("args", PIPED[:3])
def test_force_color_gives_colour_without_trailing_spaces(cli, args):
    env = {**PIPE, "FORCE_COLOR": "1", "COLORTERM": "truecolor"}
    result = cli(*args, "--data", str(SHIPPED), "--as-of", "2022-01-24", env=env)
    assert result.exit_code == 0, result.output
    assert "\x1b[1;31m" in result.stdout  # 逾期未报 in red
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert [line for line in plain.splitlines() if line.endswith(" ")] == []


def test_no_color_wins_over_force_color(cli):
    env = {**PIPE, "FORCE_COLOR": "1", "NO_COLOR": "1", "COLORTERM": "truecolor"}
    result = cli("status", "--by", "unit", "--data", str(SHIPPED), "--phase", "1",
                 "--as-of", "2022-01-24", env=env)
    assert result.exit_code == 0, result.output
    assert "\x1b[1m" in result.stdout  # bold stays, as rich does
    assert re.findall(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;[0-9;]+)m", result.stdout) == []


# --- the colours of the levels, written out ---------------------------------------------------

COLOUR_UNITS = """\
categories:
  school: {name: 学校, counter: 所}
units:
  - {id: 甲校, category: school, group: 1}
  - {id: 乙校, category: school, group: 1}
  - {id: 丙校, category: school, group: 2}
  - {id: 丁校, category: school, group: 2}
  - {id: 戊校, category: school, group: 3}
"""

COLOUR_PHASE = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - {id: early, title: 早报任务, due: 2022-01-05}
  - {id: a, title: 甲类任务, due: 2022-01-10}
  - {id: b, title: 乙类任务, due: 2022-01-20}
records:
  early: {甲校: 2022-01-02, 乙校: 2022-01-02, 丙校: 2022-01-02, 丁校: 2022-01-02, 戊校: {exempt: 经批准}}
  a:
    甲校: 2022-01-09
    乙校: 2022-01-12
    丁校: 2022-01-09
    戊校: {exempt: 经批准}
  b: {甲校: 2022-01-15, 乙校: 2022-01-15, 丙校: 2022-01-15, 戊校: {exempt: 经批准}}
"""

GREEN, ORANGE, RED, YELLOW, BLUE = "\x1b[32m", "\x1b[38;5;208m", "\x1b[1;31m", "\x1b[33m", "\x1b[34m"
RESET = "\x1b[0m"


@pytest.fixture
def colour_progress(tmp_path):
    data = write_data(tmp_path, {"units.yaml": COLOUR_UNITS, "phases/phase1.yaml": COLOUR_PHASE})
    campaign, problems = load(data)
    assert campaign is not None, problems
    return campaign, phase_progress(campaign, campaign.phase(1), dt.date(2022, 1, 18))


def render(width: int, draw) -> str:
    out = io.StringIO()
    draw(Console(file=out, width=width, force_terminal=True, color_system="truecolor",
                 markup=False, highlight=False, emoji=False, _environ={}))
    return out.getvalue()


def line_with(out: str, text: str) -> str:
    return next(line for line in out.splitlines() if text in line)


@pytest.mark.parametrize("width", [100, 40])
def test_matrix_colours_per_level(colour_progress, width):
    _, progress = colour_progress
    out = render(width, lambda c: print_matrix(progress, 3, c))
    expected = {"甲校": (GREEN, "●", "按时报送"), "乙校": (ORANGE, "▲", "逾期补报"),
                "丙校": (RED, "×", "逾期未报"), "丁校": (YELLOW, "△", "临近截止"),
                "戊校": (BLUE, "◎", "免报")}
    for unit, (code, symbol, word) in expected.items():
        line = line_with(out, unit)
        assert code + unit in line, (unit, line)
        assert code + symbol + RESET in line or code + symbol + " " in line, (unit, line)
        assert code + word in line, (unit, line)
    assert line_with(out, "甲校").count(GREEN + "●") == 3


@pytest.mark.parametrize("width", [120, 40])
def test_status_colours_per_level(colour_progress, width):
    _, progress = colour_progress
    out = render(width, lambda c: print_status(progress, c, 3))
    assert GREEN + "早报任务" in out     # everyone on time or exempt
    assert RED + "甲类任务" in out       # 丙校 has not reported
    assert YELLOW + "乙类任务" in out    # 丁校 has not, due in two days
    assert GREEN + "■■■■■■■■ 100%" in out
    # the laggards: late in orange, missing in red
    assert f"{ORANGE}乙校{RESET}、{RED}丙校{RESET}" in out


def test_unit_colours_per_level(colour_progress):
    # nengli unit colours a task by its warning level, as status, the board and the ledger do:
    # 丁校's 乙类任务 is pending and due in two days (warn_days 3), so it is yellow, not plain
    campaign, _ = colour_progress
    day = dt.date(2022, 1, 18)
    expected = {"甲校": [GREEN + "按时"], "乙校": [ORANGE + "逾期（2天）"],
                "丙校": [RED + "未报（已过8天）"], "丁校": [YELLOW + "待报"],
                "戊校": [BLUE + "免报"]}
    for unit, codes in expected.items():
        found = next(u for u in campaign.units if u.id == unit)
        out = render(120, lambda c: print_dossier(unit_dossier(campaign, found, day), c))
        for code in codes:
            assert code in out, (unit, out)


def test_unit_pending_outside_the_warning_days_is_plain(colour_progress):
    campaign, _ = colour_progress
    found = next(u for u in campaign.units if u.id == "丁校")
    out = render(120, lambda c: print_dossier(unit_dossier(campaign, found, dt.date(2022, 1, 12)), c))
    line = line_with(out, "乙类任务")
    assert "待报" in line and YELLOW not in line, line


@pytest.mark.parametrize("width", WIDTHS)
def test_log_fits_every_width(make_data, cli, monkeypatch, width):
    from gitutil import isolate_git, make_repo

    isolate_git(monkeypatch)
    data = make_data({"phases/phase1.yaml": LONG_PHASE})
    make_repo(data.parent)
    result = cli("record", "list", "二中", "--date", "2022-01-21", "--note", "逾期补报，材料齐全",
                 "--commit")
    assert result.exit_code == 0, result.output
    result = cli("log", env={**PIPE, "COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout, width)
    for title in titles_of(data)[:2]:
        assert_whole(result.stdout, title, width)
    assert_whole(result.stdout, "2022-01-21，逾期补报，材料齐全", width)
    assert "…" not in result.stdout
    assert "共 5 条变化。" in result.stdout
