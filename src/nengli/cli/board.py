"""board: the leaders' 督导看板, one self-contained HTML page."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

from typing import Annotated, Optional

from ..problems import problem
from .app import (AsOfOption, DataOption, GroupOption, OutOption, app, choose_phase, choose_units,
                  fail, fail_usage, load_campaign, parse_date, phase_option, print_problems,
                  write_output)

EXAMPLE = "nengli board --phase 1 --as-of 2022-01-24 --out 看板.html"


@app.command()
def board(
    data: DataOption = None,
    phase: Annotated[Optional[int], phase_option("阶段编号，如 1。默认：全部阶段。")] = None,
    as_of: AsOfOption = None,
    group: GroupOption = None,
    out: OutOption = None,
) -> None:
    """生成督导看板：一个网页文件，手机和电脑上离线即可打开，供领导和各巡回督导组查看。

    每个阶段列出督查单位数、各项任务的完成情况（按时、逾期补报、逾期未报、临近截止、免报）、
    未按时报送的单位、单位×任务总表、各巡回督导组和各单位的情况；页首注明统计日期、数据版本和生成时间。
    文字和样式在 templates/board.html.j2，可以修改。
    示例：nengli board --phase 1 --as-of 2022-01-24 --out 看板.html
    """
    if out is None:
        fail_usage(problem("board-need-out", None))
    day = parse_date(as_of, "--as-of")
    campaign = load_campaign(data)
    chosen = [choose_phase(campaign, phase, day)] if phase is not None else list(campaign.phases)
    campaign = choose_units(campaign, group, None)
    from ..levels import warn_days_of
    from ..parse import parse_group
    from ..progress import phase_progress
    from ..render.board import board_facts, made_at, render_board
    from ..render.notice import data_provenance

    facts = board_facts(campaign, [phase_progress(campaign, p, day) for p in chosen],
                        warn_days_of(campaign),
                        data_provenance(campaign.root), made_at(),
                        None if group is None else parse_group(group))
    page, problems = render_board(campaign, facts)
    if page is None:
        fail(problems)
    print_problems(problems)
    write_output(page, out)
