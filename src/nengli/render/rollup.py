"""The rollup's own views: each district's data version and state, as data (JSON, templates)
and as terminal tables; and what fetch and export did.

The city-wide figures are not rendered here: they are the existing views (status, notice,
board, ledger) over the combined campaign. This module only adds the districts.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..gitio import SHORT
from ..progress import LAGGING, PhaseProgress
from ..rollup.combine import Entry, Round, data_time
from ..rollup.config import SEP
from .terminal import LEVEL_STYLES, labelled, packed, show

#: what each state of a district is called in tables
STATE_NAMES = {"ok": "已报送", "stale": "数据过期", "missing": "未报送", "invalid": "数据有误，未计入"}
STATE_STYLES = {"ok": "", "stale": LEVEL_STYLES["yellow"], "missing": LEVEL_STYLES["red"],
                "invalid": LEVEL_STYLES["red"]}


def _laggard_units(progress: PhaseProgress | None) -> int:
    if progress is None:
        return 0
    return len({r.unit.id for tp in progress.tasks for r in tp.rows if r.status in LAGGING})


def entry_data(entry: Entry, progresses: dict[str, PhaseProgress], warn_days: int | None
               ) -> dict[str, Any]:
    """One district as data: who, which version of its data, its state and its own figures
    (the shape of ``status --json``'s tasks); a rollup's districts under ``districts``."""
    from .data import status_data

    pin = entry.pin
    progress = progresses.get(entry.label)
    data: dict[str, Any] = {
        "code": entry.district.code, "name": entry.district.name, "label": entry.label,
        "state": entry.state,
        "commit": pin.short if pin else None, "full_commit": pin.commit if pin else None,
        "time": pin.time.isoformat() if pin else None, "from": pin.origin if pin else None,
        "contact": entry.district.contact, "phone": entry.district.phone,
        "units": _units(entry),
        "laggard_units": _laggard_units(progress),
        "tasks": status_data(progress, warn_days)["tasks"] if progress is not None else [],
    }
    if entry.parts:
        data["districts"] = [entry_data(e, progresses, warn_days) for e in entry.parts]
    return data


def _units(entry: Entry) -> int:
    return sum(len(leaf.campaign.units) for leaf in entry.leaves() if leaf.campaign is not None)


def status_json(rnd: Round, progress: PhaseProgress, progresses: dict[str, PhaseProgress],
                warn_days: int, by_unit: bool = False) -> dict[str, Any]:
    """``rollup status --json``: the shape of ``status --json`` over the combined campaign
    (laggards named 鼓楼区·24中), and ``districts``."""
    from .data import status_data

    data = status_data(progress, warn_days, by_unit=by_unit)
    data["term"] = rnd.rollup.term
    data["districts"] = [entry_data(e, progresses, warn_days) for e in rnd.entries]
    return data


def notice_data(rnd: Round) -> dict[str, Any]:
    """What the notice and the board say about the districts (templates word it): each
    district's name, state and data version, in rollup.yaml order; ``late`` those that did not
    send usable, current data."""
    districts = []
    for e in rnd.entries:
        pin = e.pin
        districts.append({
            "name": e.district.name, "code": e.district.code, "state": e.state,
            "late": e.state != "ok", "commit": pin.short if pin else "",
            "date": pin.time.date() if pin else None, "when": data_time(pin.time) if pin else "",
            "parts": [{"name": p.label, "state": p.state, "late": p.state != "ok",
                       "commit": p.pin.short if p.pin else "",
                       "date": p.pin.time.date() if p.pin else None,
                       "when": data_time(p.pin.time) if p.pin else ""}
                      for top in e.parts for p in top.walk()],
        })
    return {"term": rnd.rollup.term, "districts": districts,
            "late": [d for d in districts if d["late"]],
            "counted": [d for d in districts if d["state"] in ("ok", "stale")]}


def districts_table(rnd: Round, progresses: dict[str, PhaseProgress]) -> Table:
    table = Table(title=Text(f"各{rnd.rollup.term}数据"), box=box.SIMPLE_HEAD, title_justify="left",
                  header_style="bold")
    table.add_column(rnd.rollup.term, no_wrap=True)
    table.add_column("代码", no_wrap=True)
    table.add_column("数据截至", no_wrap=True)
    table.add_column("版本", no_wrap=True)
    table.add_column("单位", justify="right", no_wrap=True)
    table.add_column("未按时报送", justify="right", no_wrap=True)
    table.add_column("情况", overflow="fold")
    for top in rnd.entries:
        for e in top.walk():
            pin = e.pin
            style = STATE_STYLES[e.state]
            counted = e.label in progresses
            table.add_row(Text(e.label, style=style), e.district.code,
                          data_time(pin.time) if pin else "—", pin.short if pin else "—",
                          str(_units(e)) if counted else "—",
                          str(_laggard_units(progresses.get(e.label))) if counted else "—",
                          Text(_situation(e), style=style))
    return table


def _situation(e: Entry) -> str:
    name = STATE_NAMES[e.state]
    if e.state in ("missing", "stale") and e.district.reach:
        return f"{name}（联系人：{e.district.reach}）"
    return name


def districts_blocks(rnd: Round, progresses: dict[str, PhaseProgress], width: int) -> list[Text]:
    lines = [Text(f"各{rnd.rollup.term}数据", style="bold")]
    for top in rnd.entries:
        for e in top.walk():
            pin = e.pin
            style = STATE_STYLES[e.state]
            facts: list[Text | str] = [Text(e.label, style=style), e.district.code]
            if pin is not None:
                facts.append(labelled("数据截至", data_time(pin.time)))
                facts.append(labelled("版本", pin.short))
            if e.label in progresses:
                facts.append(labelled("单位", str(_units(e))))
                facts.append(labelled("未按时报送", str(_laggard_units(progresses[e.label]))))
            facts.append(Text(_situation(e), style=style))
            lines += packed(facts, width, first="")
    lines.append(Text(""))
    return lines


def version_lines(rnd: Round) -> list[str]:
    """One line per district: 鼓楼区 数据截至 1月24日 16:40，版本 9f1c2ab."""
    out = []
    for top in rnd.entries:
        for e in top.walk():
            if e.pin is None:
                out.append(f"{e.label} 没有数据")
            else:
                out.append(f"{e.label} 数据截至 {data_time(e.pin.time)}，版本 {e.pin.short}"
                           + ("" if e.state in ("ok", "stale") else f"（{STATE_NAMES[e.state]}）"))
    return out


def print_districts(rnd: Round, progresses: dict[str, PhaseProgress], console: Console) -> None:
    console.print()
    show(console, districts_table(rnd, progresses), districts_blocks(rnd, progresses, console.width))
    chase = [e for top in rnd.entries for e in top.walk() if e.state != "ok"]
    if chase:
        console.print(f"需要催报的{rnd.rollup.term}：")
        for e in chase:
            reach = f"，联系人：{e.district.reach}" if e.district.reach else ""
            when = f"，数据截至 {data_time(e.pin.time)}" if e.pin is not None else ""
            console.print(Text(f"  {e.label}（{STATE_NAMES[e.state]}{when}{reach}）",
                               style=STATE_STYLES[e.state]))


# ---- fetch and export --------------------------------------------------------------------------

OUTCOME_NAMES = {"new": "已更新", "same": "没有新数据", "kept": "仍用原版本", "missing": "没有数据包",
                 "failed": "未能取回"}


def fetch_text(result: Any) -> str:
    """What ``nengli rollup fetch`` did, one line per district."""
    lines = []
    for f in result.districts:
        pin = f.pin
        version = f"：版本 {pin.short}，数据截至 {data_time(pin.time)}" if pin is not None else ""
        source = f"，来自 {pin.origin}" if pin is not None and f.outcome == "new" and pin.origin != "." else ""
        lines.append(f"{f.district.name}　{OUTCOME_NAMES[f.outcome]}{version}{source}")
    if result.commit:
        lines.append(f"已写入并提交 rollup.lock（提交 {result.commit}）。")
    elif result.lock_changed:
        lines.append("已写入 rollup.lock（没有提交）。")
    else:
        lines.append("rollup.lock 没有变化。")
    return "\n".join(lines) + "\n"


def export_text(exported: Any) -> str:
    return (f"已生成数据包 {exported.path}：{exported.name}的数据截至 {data_time(exported.time)}，"
            f"版本 {exported.commit[:SHORT]}；已通过校验。\n"
            "请把这个文件发给上级（U 盘、邮件或微信均可），不要改动文件内容。\n")


# ---- the board -------------------------------------------------------------------------------

def district_board(facts: dict[str, Any], rnd: Round) -> dict[str, Any]:
    """The board's facts with a section per district where one board has a section per
    巡回督导组 (a district's groups mean nothing city-wide), in rollup.yaml order."""
    from .board import BAR_ORDER, bar

    owner: dict[str, Entry] = {}
    for top in rnd.entries:
        for leaf in top.leaves():
            assert leaf.campaign is not None
            for u in leaf.campaign.units:
                owner[f"{leaf.label}{SEP}{u.id}"] = top
    for phase in facts["phases"]:
        groups = []
        for top in rnd.entries:
            rows = [row for row in phase["matrix"] if owner.get(row["id"]) is top]
            if not rows:
                continue
            counts = dict.fromkeys(BAR_ORDER, 0)
            for row in rows:
                for cell in row["cells"]:
                    if cell is not None:
                        counts[cell["level"]] += 1
            ids = {row["id"] for row in rows}
            groups.append({
                "number": None, "name": top.district.name, "short": top.district.name,
                "anchor": f"p{phase['phase']['number']}-d{top.district.code}",
                "units": len(rows), "levels": counts, "bar": bar(counts),
                "laggards": [lg["id"] for lg in phase["laggards"] if lg["id"] in ids],
                "lines": [{"id": row["id"], "index": row["index"], "level": row["level"]} for row in rows],
            })
        phase["groups"] = groups
    for unit in facts["units"]:
        top = owner.get(unit["id"])
        unit["group_name"] = top.district.name if top is not None else ""
    return facts
