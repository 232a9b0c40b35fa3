"""The scored ranking (``nengli rank`` with campaign.yaml ``scoring:``) and every deduction
behind one unit's score (``nengli rank --why 单位``), in the terminal and as JSON."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import zh
from ..duban.scoring import Deduction, GroupScore, Score, shown
from ..progress import PhaseProgress
from .daily import group_name
from .terminal import labelled, packed, show


def rule_words(d: Deduction) -> str:
    """The rule a deduction applies, in words: 逾期2天，每天扣1分."""
    a = shown(d.amount)
    return {"missing": f"逾期未报，每项扣{a}分",
            "late": f"逾期补报，每项扣{a}分",
            "days": f"逾期{d.count}天，每天扣{a}分",
            "cap": f"每项任务最多扣{a}分",
            "notice": f"发出{d.level}通知单，每份扣{a}分",
            "floor": f"得分不低于{a}分"}[d.kind]


def _points(d: Deduction) -> str:
    """-10 for a deduction, +3.5 for points given back (ASCII signs: a GBK console has no −)."""
    return f"-{shown(d.points)}" if d.points > 0 else f"+{shown(-d.points)}"


def _counts(s: Score) -> tuple[int, int, int]:
    missing = sum(d.kind == "missing" for d in s.deductions)
    late = sum(d.kind == "late" for d in s.deductions)
    notices = sum(d.kind == "notice" for d in s.deductions)
    return missing, late, notices


def score_tables(scores: tuple[Score, ...], groups: tuple[GroupScore, ...],
                 progress: PhaseProgress) -> list[Table]:
    ut = Table(title=Text(f"{progress.phase.title}单位得分排名"), box=box.SIMPLE_HEAD,
               title_justify="left", header_style="bold")
    for name in ("名次", "单位", "组", "得分", "扣分", "未报", "逾期", "通知单"):
        ut.add_column(name, justify="left" if name == "单位" else "right", no_wrap=True)
    for s in scores:
        missing, late, notices = _counts(s)
        ut.add_row(str(s.place), Text(s.unit.id), "" if s.unit.group is None else str(s.unit.group),
                   shown(s.total), shown(s.lost), str(missing), str(late), str(notices))
    tables = [ut]
    if groups:
        gt = Table(title="督导组排名（平均得分）", box=box.SIMPLE_HEAD, title_justify="left",
                   header_style="bold")
        for name in ("名次", "督导组", "单位数", "平均得分"):
            gt.add_column(name, justify="left" if name == "督导组" else "right", no_wrap=True)
        for g in groups:
            gt.add_row(str(g.place), group_name(g.group), str(g.units), shown(g.average))
        tables.append(gt)
    return tables


def print_scores(scores: tuple[Score, ...], groups: tuple[GroupScore, ...],
                 progress: PhaseProgress, console: Console) -> None:
    tables = score_tables(scores, groups, progress)
    blocks = [[Text(f"{progress.phase.title}单位得分排名", style="bold")], [Text("督导组排名（平均得分）", style="bold")]]
    for s in scores:
        missing, late, notices = _counts(s)
        blocks[0] += packed([f"{s.place}. {s.unit.id}", labelled("得分", shown(s.total)),
                             labelled("扣分", shown(s.lost)), labelled("未报", str(missing)),
                             labelled("逾期", str(late)), labelled("通知单", str(notices))],
                            console.width, first="")
    for g in groups:
        blocks[1] += packed([f"{g.place}. {group_name(g.group)}", labelled("单位数", str(g.units)),
                             labelled("平均得分", shown(g.average))], console.width, first="")
    for n, (table, lines) in enumerate(zip(tables, blocks)):
        show(console, table, lines)
        if n == 0:
            console.print(Text(f"统计日期：{zh.cn_date(progress.as_of)}。得分按 data/campaign.yaml 的 scoring 计算；"
                               "nengli rank --why 单位 列出每一项扣分。"))
            console.print()


def print_why(score: Score, progress: PhaseProgress, console: Console) -> None:
    """Every deduction of one unit, adding up to its score."""
    u = score.unit
    console.print(Text(f"{u.name}（{u.id}）{progress.phase.title}得分：{shown(score.total)}"
                       f"（第{score.place}名，统计日期：{zh.cn_date(progress.as_of)}）", style="bold"))
    if not score.deductions:
        console.print(f"基础分 {shown(score.start)}，没有扣分。")
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for name, wrap in (("序号", False), ("任务", True), ("扣分规则", True), ("日期", False),
                       ("依据", False), ("扣分", False)):
        table.add_column(name, no_wrap=not wrap, overflow="fold", ratio=1 if wrap else None,
                         justify="right" if name in ("序号", "扣分") else "left")
    blocks: list[Text] = []
    for n, d in enumerate(score.deductions, 1):
        task = d.task.title if d.task is not None else ""
        day = zh.cn_month_day(d.date) if d.date is not None else ""
        source = d.source or ("未登记" if d.kind == "missing" else "")
        table.add_row(str(n), Text(task), Text(rule_words(d)), day, Text(source), _points(d))
        blocks += packed([f"{n}. {_points(d)}", Text(task), Text(rule_words(d)), day, Text(source)],
                         console.width, first="")
    show(console, table, blocks)
    console.print(f"基础分 {shown(score.start)}，扣分合计 {shown(score.lost)}，得分 {shown(score.total)}。")


def scores_data(progress: PhaseProgress, scores: tuple[Score, ...], groups: tuple[GroupScore, ...]
                ) -> dict[str, Any]:
    """``nengli rank --json`` with a scoring table: the units' and groups' scores and places."""
    return {"phase": progress.phase.number, "as_of": progress.as_of.isoformat(),
            "units": [{"id": s.unit.id, "group": s.unit.group, "place": s.place,
                       "score": float(s.total), "lost": float(s.lost)} for s in scores],
            "groups": [{"group": g.group, "units": g.units, "place": g.place,
                        "average": float(g.average)} for g in groups]}


def why_data(progress: PhaseProgress, score: Score) -> dict[str, Any]:
    return {"phase": progress.phase.number, "as_of": progress.as_of.isoformat(),
            "unit": score.unit.id, "place": score.place, "start": float(score.start),
            "deductions": [{"rule": rule_words(d), "kind": d.kind,
                            "task": d.task.id if d.task is not None else None,
                            "date": d.date.isoformat() if d.date else None,
                            "source": d.source, "points": float(d.points)} for d in score.deductions],
            "score": float(score.total)}
