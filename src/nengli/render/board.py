"""The leaders' board, as a view model: what the board says, computed once.

Two places draw it: templates/board.html.j2 (the HTML page) and board_image.py with
templates/board-image.xml.j2 (the long image for WeChat); a campaign's own templates of those
names override nengli's. This module only gathers the facts: those of the notice for each
phase (``notice_facts``) and what the board shows besides — the warning level of every unit on
every task (levels), who is late (with contact and phone), who is due within the warning days
(the 催报 call list's rule), per 巡回督导组 and per unit — with the current phase first.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, Iterable, Mapping

from ..levels import LEVEL_NAMES, SEVERITY, Level, UnitLine, level_counts, unit_matrix
from ..model import Campaign, Problem, Unit
from ..progress import LAGGING, STATUS_NAMES, PhaseProgress, default_phase
from ..remind import call_list
from .daily import group_name
from .notice import notice_facts, render_named
from .palette import TRACK, css_palette

TEMPLATE_NAME = "board.html.j2"
#: the order of a bar's segments: done (on time, late), overdue, coming, not yet due, exempt
BAR_ORDER: tuple[Level, ...] = ("green", "orange", "red", "yellow", "none", "blue")


def made_at(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """When the page is made, in local time: SOURCE_DATE_EPOCH when set (so that a build is
    repeatable), else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch)).astimezone()
    return dt.datetime.now().astimezone()


def bar(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """A completion bar: one segment per level present, with its place and width in percent."""
    total = sum(counts.get(level, 0) for level in BAR_ORDER)
    segments, x = [], 0.0
    for level in BAR_ORDER:
        n = counts.get(level, 0)
        if not n:
            continue
        width = 100.0 * n / total
        segments.append({"level": level, "name": LEVEL_NAMES[level], "count": n,
                         "x": round(x, 3), "width": round(width, 3)})
        x += width
    return segments


def _cell(cell) -> dict[str, Any] | None:
    if cell is None:
        return None
    row = cell.row
    record = row.record
    return {"level": cell.level, "status": row.status, "days_late": row.days_late,
            "date": record.date if record is not None else None,
            "note": record.note if record is not None else "",
            "exempt": record.exempt if record is not None else None,
            "files": [path for path, _ in record.files] if record is not None else []}


def _count_levels(lines: Iterable[UnitLine]) -> dict[str, int]:
    counts = dict.fromkeys(BAR_ORDER, 0)
    for line in lines:
        for cell in line.cells:
            if cell is not None:
                counts[cell.level] += 1
    return counts


def _reach(unit: Unit) -> dict[str, Any]:
    return {"id": unit.id, "name": unit.name, "index": unit.index, "group": unit.group,
            "contact": unit.contact, "phone": unit.phone}


def near_deadline(progress: PhaseProgress, warn_days: int) -> list[dict[str, Any]]:
    """The units not yet reported on a task due within ``warn_days`` (the yellow level), in
    roster order, each with those tasks (days left: 0 on the due day), contact and phone."""
    near = []
    for calls in call_list(progress, warn_days):
        for reminder in calls.reminders:
            coming = [{"task": o.task.title, "due": o.task.due, "days": o.days}
                      for o in reminder.owed if o.level == "yellow"]
            if coming:
                near.append({**_reach(reminder.unit), "level": "yellow",
                             "name": LEVEL_NAMES["yellow"], "tasks": coming})
    return sorted(near, key=lambda u: u["index"])


def phase_board(campaign: Campaign, progress: PhaseProgress, lines: tuple[UnitLine, ...],
                provenance: dict[str, Any] | None, warn_days: int, current: bool = False
                ) -> dict[str, Any]:
    """The notice's facts of one phase, with the board's: bars, matrix, laggards (with contact
    and phone), units near a deadline, groups; ``current``: the phase of the as-of date."""
    facts = notice_facts(campaign, progress, progress.as_of, provenance)
    for task, tp in zip(facts["tasks"], progress.tasks):
        task["levels"] = level_counts(tp, progress.as_of, warn_days)
        task["bar"] = bar(task["levels"])
    titles = [tp.task.title for tp in progress.tasks]
    matrix, laggards = [], []
    for line in lines:
        cells = [_cell(c) for c in line.cells]
        u = line.unit
        matrix.append({"id": u.id, "name": u.name, "index": u.index, "group": u.group,
                       "level": line.level, "cells": cells})
        late = [{"task": title, "days": c["days_late"]}
                for title, c in zip(titles, cells) if c is not None and c["status"] == "late"]
        missing = [{"task": title, "days": c["days_late"]}
                   for title, c in zip(titles, cells) if c is not None and c["status"] == "missing"]
        if any(c is not None and c["status"] in LAGGING for c in cells):
            # what the unit owes, by warning level (逾期未报 before 逾期补报): the name and the
            # colour are the level's, as everywhere else
            owed = [{"level": level, "name": LEVEL_NAMES[level],
                     "tasks": [{"task": title, "days": c["days_late"]}
                               for title, c in zip(titles, cells)
                               if c is not None and c["status"] in LAGGING and c["level"] == level]}
                    for level in SEVERITY]
            laggards.append({**_reach(u), "late": late, "missing": missing,
                             "owed": [o for o in owed if o["tasks"]]})
    near = near_deadline(progress, warn_days)
    by_group: dict[int | None, list[UnitLine]] = {}
    for line in lines:
        by_group.setdefault(line.unit.group, []).append(line)
    groups = []
    for number in sorted(by_group, key=lambda g: (g is None, g or 0)):
        mine = by_group[number]
        counts = _count_levels(mine)
        groups.append({
            "number": number, "name": group_name(number),
            "anchor": f"p{progress.phase.number}-g{'none' if number is None else number}",
            "units": len(mine), "levels": counts, "bar": bar(counts),
            "laggards": [lg["id"] for lg in laggards if lg["group"] == number],
            "near": [n["id"] for n in near if n["group"] == number],
            "lines": [{"id": ln.unit.id, "index": ln.unit.index, "level": ln.level} for ln in mine],
        })
    phase = progress.phase
    facts.update(matrix=matrix, laggards=laggards, near=near, groups=groups,
                 levels=_count_levels(lines), bar=bar(_count_levels(lines)),
                 units=len(lines), current=current,
                 started=progress.as_of >= phase.start, ended=progress.as_of > phase.end,
                 # the categories this board's units belong to: a group without offices
                 # is not told it supervises 0 offices
                 supervised=[s for s in facts["scope"] if s["count"]])
    return facts


def board_order(campaign: Campaign, progresses: list[PhaseProgress]) -> list[PhaseProgress]:
    """The current phase (that of the as-of date) first, then the earlier ones from the latest
    back (their laggards still matter), then those not yet started."""
    if not progresses or not campaign.phases:
        return list(progresses)
    current = default_phase(campaign, progresses[0].as_of).number

    def rank(p: PhaseProgress) -> tuple[int, int]:
        n = p.phase.number
        return (0, 0) if n == current else (1, -n) if n < current else (2, n)

    return sorted(progresses, key=rank)


def board_facts(campaign: Campaign, progresses: list[PhaseProgress], warn_days: int,
                provenance: dict[str, Any] | None, when: dt.datetime,
                group: int | None = None, full: bool = True) -> dict[str, Any]:
    """Everything the board shows, as plain data (``full``: with the unit × task matrix, which
    the image leaves out unless asked)."""
    categories = {c.key: c.name for c in campaign.categories}
    phases, units = [], {}
    current = default_phase(campaign, progresses[0].as_of).number \
        if progresses and campaign.phases else None
    for progress in board_order(campaign, progresses):
        lines = unit_matrix(progress, warn_days)
        phases.append(phase_board(campaign, progress, lines, provenance, warn_days,
                                  current=progress.phase.number == current))
        for line, row in zip(lines, phases[-1]["matrix"]):
            u = line.unit
            if u.id not in units:
                units[u.id] = {"id": u.id, "name": u.name, "index": u.index,
                               "category": categories.get(u.category, u.category),
                               "group": u.group, "group_name": group_name(u.group),
                               "contact": u.contact, "phone": u.phone, "phases": []}
            # (task, cell) pairs for the tasks that apply to the unit
            units[u.id]["phases"].append({
                "number": progress.phase.number, "title": progress.phase.title,
                "level": row["level"],
                "lines": [(t, c) for t, c in zip(phases[-1]["tasks"], row["cells"]) if c is not None]})
    as_of = progresses[0].as_of if progresses else dt.date.today()
    # under each phase, the earlier phases shown whose units still owe overdue tasks: a leader
    # who reads the current phase's 0 must not miss the first phase's laggards further down
    for p in phases:
        p["earlier"] = [{"number": e["phase"]["number"], "title": e["phase"]["title"],
                         "units": sum(1 for lg in e["laggards"] if lg["missing"])}
                        for e in sorted(phases, key=lambda e: e["phase"]["number"])
                        if e["phase"]["number"] < p["phase"]["number"]
                        and any(lg["missing"] for lg in e["laggards"])]
    # each phase's units were met in the order of the phases shown; the list is by roster
    for unit in units.values():
        unit["phases"].sort(key=lambda ph: ph["number"])
    return {
        "as_of": as_of,
        "made_at": {"date": when.date(), "time": when.strftime("%H:%M")},
        "provenance": provenance,
        "campaign": dict(campaign.settings),
        "group": None if group is None else {"number": group, "name": group_name(group)},
        "warn_days": warn_days,
        "level_names": dict(LEVEL_NAMES),
        "status_names": dict(STATUS_NAMES),
        "legend": list(BAR_ORDER),
        "palette": css_palette(),
        "track": TRACK,
        "phases": phases,
        "full": full,
        "units": sorted(units.values(), key=lambda u: u["index"]),
    }


def render_board(campaign: Campaign, facts: dict[str, Any], name: str = TEMPLATE_NAME
                 ) -> tuple[str | None, list[Problem]]:
    """The page (or, with ``name``, the image's markup), from the campaign's template of that
    name or nengli's own."""
    return render_named(campaign, name, facts)

