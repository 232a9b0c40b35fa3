"""board: the leaders' 督导看板, as one self-contained HTML page or as a long image for WeChat."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..problems import problem
from . import complete
from .app import (AsOfOption, DataOption, GroupOption, OutOption, app, choice, choose_phase,
                  choose_units, fail, fail_usage, load_campaign, out_format, parse_date, phase_option,
                  print_problems, write_file, write_output)

EXAMPLE = "nengli board --phase 1 --as-of 2022-01-24 --out 看板.html"
IMAGE_EXAMPLE = "nengli board --as-of 2022-01-24 --out 要情.png"
#: campaign.yaml: the font of the board image
FONT_SETTING = "font"


class BoardFormat(str, Enum):
    html = "html"
    png = "png"


@app.command()
def board(
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option(
        "阶段编号，如 1。默认：全部阶段（统计日期所在的阶段在前）。")] = None,
    as_of: AsOfOption = None,
    group: GroupOption = None,
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", parser=choice(BoardFormat), metavar="格式",
        autocompletion=complete.values(BoardFormat),
        help="html：网页，电脑和手机浏览器中打开；png：长图（宽 1080 像素，每张不超过 4000 像素，"
             "分成 要情-1.png、要情-2.png …），可直接发到微信群。默认按 --out 的扩展名（.html、.png）。",
        show_default=False)] = None,
    full: Annotated[bool, typer.Option(
        "--full", help="图片中也画出“单位 × 任务”总表（网页中总是有）。")] = False,
    font: Annotated[Optional[str], typer.Option(
        "--font", metavar="字体文件", autocompletion=complete.paths,
        help="图片使用的中文字体文件（.ttf、.ttc、.otf），或字体文件夹中的文件名如 msyh.ttc。"
             "默认：data/campaign.yaml 中的 font:，没有时自动查找本机的中文字体。",
        show_default=False)] = None,
    out: OutOption = None,
) -> None:
    """生成督导看板：网页（.html），或发到微信群的长图（.png）。

    每个阶段列出未按时报送的单位（附联系人和电话）、临近截止尚未报送的单位、各项任务的完成情况、
    各巡回督导组的情况；网页另有单位×任务总表和各单位的情况。统计日期所在的阶段排在最前。
    页首注明统计日期、数据版本和生成时间。文字在 templates/board.html.j2（网页）和
    templates/board-image.xml.j2（图片），可以修改。
    示例：nengli board --phase 1 --as-of 2022-01-24 --out 看板.html
    示例：nengli board --as-of 2022-01-24 --out 要情.png（写出 要情-1.png、要情-2.png …）
    """
    if out is None:
        fail_usage(problem("board-need-file", None))
    fmt = BoardFormat(out_format("board", format, out, BoardFormat, IMAGE_EXAMPLE
                                 if (format or "") == "png" else EXAMPLE))
    day = parse_date(as_of, "--as-of")
    campaign = load_campaign(data)
    chosen = [choose_phase(campaign, phase, day)] if phase is not None else list(campaign.phases)
    campaign = choose_units(campaign, group, None)
    from ..levels import warn_days_of
    from ..parse import parse_group
    from ..progress import phase_progress
    from ..render.board import board_facts, made_at, render_board
    from ..render.notice import data_provenance

    image = fmt is BoardFormat.png
    fonts = _font(campaign, font) if image else None
    facts = board_facts(campaign, [phase_progress(campaign, p, day) for p in chosen],
                        warn_days_of(campaign),
                        data_provenance(campaign.root), made_at(),
                        None if group is None else parse_group(group), full=full or not image)
    if not image:
        page, problems = render_board(campaign, facts)
        if page is None:
            fail(problems)
        print_problems(problems)
        write_output(page, out)
        return
    from ..render.board_image import TEMPLATE_NAME, board_image, part_paths, stale_parts
    from ..render.notice import find_named_template

    markup, problems = render_board(campaign, facts, TEMPLATE_NAME)
    if markup is None:
        fail(problems)
    print_problems(problems)
    from ..read import display_name

    template = display_name(find_named_template(campaign.root.parent, TEMPLATE_NAME))
    parts, problems = board_image(markup, fonts, template)
    if parts is None:
        fail(problems)
    for path, data_ in zip(part_paths(out, len(parts)), parts):
        write_file(path, data_)
    for path in stale_parts(out, len(parts)):
        try:
            path.unlink()
            sys.stderr.write(f"已删除上次生成的 {path}（这次共 {len(parts)} 张）\n")
        except OSError:
            sys.stderr.write(f"注意：{path} 是上次生成的，这次共 {len(parts)} 张，请不要一并发送\n")


def _font(campaign, written: Optional[str]):
    """The CJK font of the image: --font, else font: in campaign.yaml, else one found here."""
    from ..render.board_image import pick_font
    from ..render.fonts import font_dirs

    setting = campaign.settings.get(FONT_SETTING)
    value = written if written else (str(setting) if setting else None)
    source = None if written else campaign.setting_sources.get(FONT_SETTING)
    found, problems = pick_font(value, source, campaign.root.parent, font_dirs())
    if found is None:
        fail(problems)
    return found
