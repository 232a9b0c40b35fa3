"""nengli board --format png: the long image for WeChat, read back as a person would, with OCR
(tesseract, chi_sim), and measured: 1080 pixels wide, parts of at most 4,000, numbered, the same
bytes twice; the font found (or the message that says where nengli looked); the colours, by
value, as the board page, the ledger and the terminal show them.

The OCR tests are skipped, saying why, only where tesseract or its chi_sim data is missing
(.ci/run installs them); the font tests need a CJK font (Debian: fonts-noto-cjk, installed
with Chromium by .ci/run).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from conftest import write_data
from nengli.cli import app
from nengli.render import fonts

EPOCH = "1642917600"  # 2022-01-23 14:00 +08:00


def _tesseract_has_chinese() -> bool:
    if not shutil.which("tesseract"):
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "chi_sim" in (langs.stdout + langs.stderr).split()


_HAS_OCR = pytest.mark.skipif(not _tesseract_has_chinese(),
                              reason="tesseract with chi_sim is not installed; apt-get install "
                                     "tesseract-ocr tesseract-ocr-chi-sim")


def OCR(test):
    """A test that reads the image with tesseract: seconds per part, so marked slow."""
    return pytest.mark.slow(_HAS_OCR(test))
HAS_CJK_FONT = fonts.find_cjk_font(fonts.font_dirs()) is not None
pytestmark = pytest.mark.skipif(not HAS_CJK_FONT, reason="no CJK font on this machine "
                                "(Debian: apt-get install fonts-noto-cjk)")

# 25 schools, 2 institutions, an office; three tasks. On 23 January: meet (due the 10th) and
# cases (due the 20th) have 7 laggards; the list (due the 25th) is unreported everywhere: 28
# units near the deadline, a list long enough to need a second part.
UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  institution: {name: 二级机构, counter: 个}
  office: {name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}
units:
  - {id: 实验小学, category: school, group: 1, contact: 赵老师, phone: 0371-60000001}
""" + "".join(f"  - {{id: {n}中, category: school, group: {n % 3 + 1}, contact: 钱老师, "
              f"phone: 0371-6{n:07d}}}\n" for n in range(1, 25)) + """\
  - {id: 信息中心, category: institution, group: 2, contact: 孙主任, phone: 0371-67000002}
  - {id: 成教室, category: institution, group: 3, contact: 李主任, phone: 0371-67000003}
  - {id: 办公室, category: office, group: 3, contact: 周主任, phone: 0371-67000004}
"""
PHASE = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - {id: meet, title: 动员部署会召开, due: 2022-01-10}
  - {id: cases, title: 创新案例, due: 2022-01-20, applies_to: [school, institution]}
  - {id: list, title: 三个清单, due: 2022-01-25}
records:
  meet:
""" + "".join(f"    {n}中: 2022-01-09\n" for n in range(1, 25)) + """\
    信息中心: 2022-01-09
    成教室: 2022-01-12
    办公室: 2022-01-09
  cases:
""" + "".join(f"    {n}中: 2022-01-18\n" for n in range(1, 21)) + """\
    21中: 2022-01-21
"""
LAGGARDS = ["实验小学", "21中", "22中", "23中", "24中", "信息中心", "成教室"]


def normal(text: str) -> str:
    """OCR text compared as read: no spaces; the brackets, colons and semicolons tesseract reads
    half-width; and no quotation marks (it reads a wide gap between two fields as ”)."""
    text = re.sub(r"[\s“”]", "", text)
    return text.translate(str.maketrans("（）：；〈〉《》，", "():;()(),"))


def ocr(*paths: Path, height: int | None = None) -> list[str]:
    """What tesseract reads on each image (its top ``height`` pixels), the images read side by
    side, each given in grey (tesseract's own reduction of colour loses dark-yellow text on the
    yellow fill, which a phone shows plainly)."""
    greys = []
    for path in paths:
        grey = path.with_name(path.stem + ".grey.png")
        with Image.open(path) as im:
            im.convert("L").crop((0, 0, im.width, min(im.height, height or im.height))).save(grey)
        greys.append(grey)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one thread each: the images run in parallel
    runs = [subprocess.Popen(["tesseract", str(g), "-", "-l", "chi_sim"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env) for g in greys]
    texts = [normal(run.communicate()[0].decode("utf-8")) for run in runs]
    for grey in greys:
        grey.unlink()
    assert all(run.returncode == 0 for run in runs)
    return texts


def make_image(folder: Path, *args: str, env: dict[str, str] | None = None):
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(folder)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
            for key, value in (env or {}).items():
                mp.setenv(key, value)
            return runner.invoke(app, ["board", "--as-of", "2022-01-23", "--out", "要情.png", *args],
                                 catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """The campaign's image, made once: (folder, [part paths], CLI output)."""
    folder = tmp_path_factory.mktemp("image")
    write_data(folder, {"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    result = make_image(folder)
    assert result.exit_code == 0, result.output
    parts = sorted(folder.glob("要情-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    return folder, parts, result.output


@pytest.fixture(scope="module")
def read(image):
    """What OCR reads on each part."""
    return ocr(*image[1])


def test_parts_are_1080_wide_at_most_4000_high_and_numbered(image):
    folder, parts, output = image
    assert [p.name for p in parts] == ["要情-1.png", "要情-2.png"]
    assert not (folder / "要情.png").exists()
    for part in parts:
        with Image.open(part) as im:
            assert im.format == "PNG"
            assert im.width == 1080
            assert 1000 < im.height <= 4000, (part, im.height)
    assert output == "已写入 要情-1.png\n已写入 要情-2.png\n"


@OCR
def test_ocr_reads_the_numbering_date_and_headline_counts(read):
    for n, text in enumerate(read, 1):
        assert f"第{n}/2页" in text, text[:80]
        assert "统计日期:2022年1月23日" in text
    first = read[0]
    assert "督导要情" in first
    assert "未按时报送7个单位" in first
    assert "临近截止尚未报送28个单位" in first
    assert "学校25所、二级机构2个、局机关处室1个,阶段任务3项。" in first


@OCR
def test_ocr_reads_the_laggards_with_days_contact_and_phone(read):
    text = "".join(read)
    section = text[text.index("未按时报送的单位"):text.index("临近截止尚未报送的单位")]
    found = [name for name in LAGGARDS if name in section]
    assert found == LAGGARDS, section
    # in roster order, each with what it owes and how late, and whom to call
    assert [section.index(name) for name in LAGGARDS] == sorted(section.index(n) for n in LAGGARDS)
    assert "实验小学逾期未报动员部署会召开(13天)、创新案例(3天)" in section
    assert "联系人:赵老师电话:0371-60000001" in section
    assert "成教室逾期未报创新案例(3天);逾期补报动员部署会召开(2天)" in section
    assert "联系人:李主任电话:0371-67000003" in section


@OCR
def test_ocr_reads_the_near_deadline_list_tasks_and_groups(read):
    text = "".join(read)
    near = text[text.index("临近截止尚未报送的单位"):text.index("任务完成情况")]
    assert "三个清单(1月25日截止,还有2天)" in near
    assert "办公室" in near and "联系人:周主任电话:0371-67000004" in near
    assert "2022年1月10日截止应报送28个,已完成27个" in text  # meet: 实验小学 missing
    assert "2022年1月20日截止应报送27个,已完成21个" in text  # cases: 20 on time, 21中 late
    assert "第一巡回督导组(9个单位)" in text
    assert "由nengli根据数据仓库中的登记生成,统计日期2022年1月23日" in text


def test_same_bytes_on_a_second_run(image, tmp_path):
    folder, parts, _ = image
    write_data(tmp_path, {"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    result = make_image(tmp_path)
    assert result.exit_code == 0, result.output
    again = sorted(tmp_path.glob("要情-*.png"))
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in parts]


def _colours(path: Path) -> dict[tuple[int, int, int], int]:
    with Image.open(path) as im:
        return {c: n for n, c in im.convert("RGB").getcolors(1 << 24)}


def test_colours_by_level_written_out(image):
    """Bars in the board's colours, headline cards on the ledger's fills (one palette)."""
    colours: dict[tuple[int, int, int], int] = {}
    for part in image[1]:
        for c, n in _colours(part).items():
            colours[c] = colours.get(c, 0) + n
    solid = {c for c, n in colours.items() if n >= 2000}
    assert (0x2e, 0x7d, 0x32) in solid  # 按时报送, green bar
    assert (0xc6, 0x28, 0x28) in solid  # 逾期未报, red bar
    assert (0xf9, 0xa8, 0x25) in solid  # 临近截止, yellow bar
    assert (0xff, 0xc7, 0xce) in solid  # the 未按时报送 card on the red fill
    assert (0xff, 0xeb, 0x9c) in solid  # the 临近截止 card on the yellow fill
    assert colours.get((0xef, 0x6c, 0x00), 0) >= 200  # 逾期补报, the orange sliver of a bar


def test_bar_segments_meet_without_gap_or_overlap(image):
    """The first task's bar, one pixel row across the 972 pixels between the margins: green
    (26 on time of 28), orange (1 late), red (1 missing), end to end."""
    green, orange, red = (0x2e, 0x7d, 0x32), (0xef, 0x6c, 0x00), (0xc6, 0x28, 0x28)
    with Image.open(image[1][1]) as im:
        rgb = im.convert("RGB")
        # the first bar (not a legend swatch): green across most of the width
        top = next(y for y in range(rgb.height)
                   if rgb.getpixel((60, y)) == green and rgb.getpixel((900, y)) == green)
        row = [rgb.getpixel((x, top + 5)) for x in range(54, 1026)]
    assert rgb.getpixel((53, top + 5)) == (0xff, 0xff, 0xff)  # the margin, left and right
    assert rgb.getpixel((1026, top + 5)) == (0xff, 0xff, 0xff)
    assert row == [green] * 903 + [orange] * 34 + [red] * 35  # round(972 × 26/28), then × 27/28


@pytest.mark.slow  # tesseract reads a part, where installed
def test_group_image_leaves_out_categories_it_has_none_of(tmp_path):
    write_data(tmp_path, {"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    result = make_image(tmp_path, "--group", "1")
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("要情-*.png")] == ["要情-1.png"]
    if _tesseract_has_chinese():
        text, = ocr(tmp_path / "要情-1.png", height=1000)  # the title and the headline
        assert "督查学校9所,阶段任务3项。" in text
        assert "局机关处室" not in text and "二级机构" not in text
        assert "(第一巡回督导组)" in text


@pytest.mark.slow  # tesseract reads a part, where installed
def test_full_adds_the_matrix_and_stale_parts_are_removed(tmp_path):
    write_data(tmp_path, {"units.yaml": UNITS, "phases/phase1.yaml": PHASE})
    result = make_image(tmp_path, "--full")
    assert result.exit_code == 0, result.output
    made = sorted(tmp_path.glob("要情-*.png"))
    assert len(made) == 3
    if _tesseract_has_chinese():  # the matrix goes on in the last part under its header row again
        top, = ocr(made[2], height=400)
        assert "单位任务1任务2任务3" in top, top
    foreign = tmp_path / "要情-5.png"
    foreign.write_bytes(b"\x89PNG a picture of someone else's")
    (tmp_path / "要情-4.png").write_bytes(made[0].read_bytes())  # an old part of nengli's
    result = make_image(tmp_path)
    assert result.exit_code == 0, result.output
    assert "已删除上次生成的 要情-3.png（这次共 2 张）" in result.output
    assert "已删除上次生成的 要情-4.png（这次共 2 张）" in result.output
    assert sorted(p.name for p in tmp_path.glob("要情-*.png")) == ["要情-1.png", "要情-2.png", "要情-5.png"]
    assert foreign.read_bytes() == b"\x89PNG a picture of someone else's"


def test_a_unit_name_with_markup_characters_is_text(make_data, cli, tmp_path):
    make_data({"units.yaml": UNITS.replace("实验小学", '"<b>实验&小学</b>"'),
               "phases/phase1.yaml": PHASE.replace("实验小学", '"<b>实验&小学</b>"')})
    result = cli("board", "--as-of", "2022-01-23", "--out", "要情.png")
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the freedesktop font folders")
def test_no_cjk_font_says_where_it_looked(make_data, cli, tmp_path, monkeypatch):
    make_data()
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_DIRS", f"{tmp_path / 'share'}:{tmp_path / 'local'}")
    result = cli("board", "--as-of", "2022-01-18", "--out", "要情.png")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"错误：生成图片需要中文字体，本机没有找到（查找了：{home}/.local/share/fonts、{home}/.fonts、"
        f"{tmp_path}/share/fonts、{tmp_path}/local/fonts）。\n")
    assert "用 --font 指定一个中文字体文件，例如 --font C:\\Windows\\Fonts\\msyh.ttc（微软雅黑）" in result.output
    assert "apt install fonts-noto-cjk" in result.output
    assert not list(tmp_path.glob("要情*"))


def test_a_font_given_that_is_missing_or_not_a_font(make_data, cli, tmp_path):
    make_data()
    result = cli("board", "--as-of", "2022-01-18", "--out", "要情.png", "--font", "雅黑.ttf")
    assert result.exit_code == 1
    assert result.output.startswith("错误：找不到字体文件“雅黑.ttf”（也查找了字体文件夹：")
    (tmp_path / "假字体.ttf").write_text("不是字体", encoding="utf-8")
    (tmp_path / "data" / "campaign.yaml").write_text("name: 测试活动\nfont: 假字体.ttf\n", encoding="utf-8")
    result = cli("board", "--as-of", "2022-01-18", "--out", "要情.png")
    assert result.exit_code == 1
    assert result.output.startswith("data/campaign.yaml:2:7: 错误：字体“假字体.ttf”不是字体文件，或已损坏，不能用来画中文。")
    assert not list(tmp_path.glob("要情*"))


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans (a font without Chinese) not installed")
def test_a_font_without_chinese_is_refused(make_data, cli):
    make_data()
    result = cli("board", "--as-of", "2022-01-18", "--out", "要情.png", "--font", str(DEJAVU))
    assert result.exit_code == 1
    assert result.output.startswith(f"错误：字体“{DEJAVU}”中没有中文字形，不能用来画中文。")


def test_a_broken_image_template_is_located(make_data, cli, tmp_path):
    data = make_data()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "board-image.xml.j2").write_text(
        "<image>\n<table><p>{{ as_of }}</p></table>\n</image>\n", encoding="utf-8")
    result = cli("board", "--as-of", "2022-01-18", "--out", "要情.png")
    assert result.exit_code == 1
    assert ("templates/board-image.xml.j2: 错误：图片模板的内容无法绘制：<table> 中只能有 <tr>"
            "（生成的内容第 2 行：<table><p>2022-01-18</p></table>）") in result.output.replace("\\", "/")
    (tmp_path / "templates" / "board-image.xml.j2").write_text("<image>\n<p>未闭合\n</image>\n", encoding="utf-8")
    result = cli("board", "--as-of", "2022-01-18", "--out", "要情.png")
    assert result.exit_code == 1
    assert "图片模板的内容无法绘制：标记没有成对（mismatched tag）（生成的内容第 3 行：</image>）" in result.output
    assert data.exists() and not list(tmp_path.glob("要情*"))


def test_format_and_extension(make_data, cli, tmp_path):
    make_data()
    result = cli("board", "--as-of", "2022-01-18", "--format", "png", "--out", "看板.html")
    assert result.exit_code == 2
    assert "--format png 与输出文件“看板.html”的扩展名“.html”不一致" in result.output
    result = cli("board", "--as-of", "2022-01-18", "--out", "要情.jpg")
    assert result.exit_code == 2
    assert "nengli board 不能生成扩展名为“.jpg”的文件（nengli 写的是 .png 文件" in result.output
    assert not list(tmp_path.glob("要情*")) and not list(tmp_path.glob("看板*"))


# ---- finding a font (pure: folders and file names) -------------------------------------------

def test_font_dirs_on_windows_include_the_per_user_folder():
    env = {"WINDIR": r"C:\Windows", "LOCALAPPDATA": r"C:\Users\张三\AppData\Local"}
    dirs = [str(d).replace("/", "\\") for d in fonts.font_dirs(env, "win32", Path("/h"))]
    assert dirs == [r"C:\Windows\Fonts", r"C:\Users\张三\AppData\Local\Microsoft\Windows\Fonts"]


def test_font_dirs_on_linux_follow_xdg():
    dirs = fonts.font_dirs({"XDG_DATA_DIRS": "/usr/local/share:/usr/share"}, "linux", Path("/home/u"))
    assert [d.as_posix() for d in dirs] == ["/home/u/.local/share/fonts", "/home/u/.fonts",
                                            "/usr/local/share/fonts", "/usr/share/fonts"]


def test_find_cjk_font_prefers_yahei_then_finds_its_bold(tmp_path):
    windows, user = tmp_path / "Windows" / "Fonts", tmp_path / "user"
    windows.mkdir(parents=True)
    user.mkdir()
    for name in ("arial.ttf", "simsun.ttc", "msyhbd.ttc"):
        (windows / name).write_bytes(b"")
    (user / "msyh.ttc").write_bytes(b"")
    assert fonts.find_cjk_font([windows, user]) == fonts.FontFiles(user / "msyh.ttc", windows / "msyhbd.ttc")
    assert fonts.find_cjk_font([windows]) == fonts.FontFiles(windows / "simsun.ttc", None)
    assert fonts.find_cjk_font([tmp_path / "nowhere"]) is None


def test_find_cjk_font_in_a_debian_tree(tmp_path):
    noto = tmp_path / "opentype" / "noto"
    wqy = tmp_path / "truetype" / "wqy"
    noto.mkdir(parents=True)
    wqy.mkdir(parents=True)
    for path in (noto / "NotoSansCJK-Regular.ttc", noto / "NotoSansCJK-Bold.ttc", wqy / "wqy-microhei.ttc"):
        path.write_bytes(b"")
    assert fonts.find_cjk_font([tmp_path]) == fonts.FontFiles(noto / "NotoSansCJK-Regular.ttc",
                                                              noto / "NotoSansCJK-Bold.ttc")
    (noto / "NotoSansCJK-Regular.ttc").unlink()
    assert fonts.find_cjk_font([tmp_path]) == fonts.FontFiles(wqy / "wqy-microhei.ttc", None)


def test_a_long_list_shows_its_first_30_and_says_how_many_more(tmp_path):
    """On a phone nobody reads 40 names: the image lists 30 in roster order and says where the
    rest are (the page, or a group's image)."""
    import datetime as dt

    from nengli.load import load
    from nengli.progress import phase_progress
    from nengli.render.board import board_facts, render_board
    from nengli.render.board_image import TEMPLATE_NAME, parse_markup

    many = UNITS + "".join(f"  - {{id: {n}中, category: school, group: 1}}\n" for n in range(25, 40))
    data = write_data(tmp_path, {"units.yaml": many, "phases/phase1.yaml": PHASE})
    campaign, problems = load(data)
    assert campaign is not None, problems
    progress = phase_progress(campaign, campaign.phases[0], dt.date(2022, 1, 23))
    facts = board_facts(campaign, [progress], 3, {"in_git": False, "dirty": False},
                        dt.datetime(2022, 1, 23, 14),
                        full=False)
    markup, problems = render_board(campaign, facts, TEMPLATE_NAME)
    assert markup is not None, problems
    root, _ = parse_markup(markup)
    lists = root.findall("list")
    assert [len(x) for x in lists] == [22, 30]  # 7 + 15 new schools late on both; 43 near, 30 shown
    assert [x.get("mark") for x in lists[1]][-1] == "30."
    notes = ["".join(p.itertext()) for p in root.findall("p")]
    assert "以上是按名册顺序的前30个，另有13个单位，完整名单见督导看板网页，或按督导组生成图片（--group）。" in notes
