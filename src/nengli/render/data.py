"""Machine-readable output: the same facts as the views, as JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..progress import PhaseProgress


def status_data(progress: PhaseProgress, warn_days: int | None = None, by_unit: bool = False
                ) -> dict[str, Any]:
    """The shape of ``nengli status --json``; laggards as unit ids in roster order.

    With ``warn_days``: each task's warning ``level`` (null when it applies to none of the
    units) and ``levels`` (units per level), and
    ``warn_days``; with ``by_unit`` too: ``units``, one row per unit with a cell per task.
    """
    from ..levels import level_counts, task_level, unit_matrix

    tasks = []
    for tp in progress.tasks:
        c = tp.counts
        row = {
            "id": tp.task.id, "title": tp.task.title, "due": tp.task.due.isoformat(),
            "applicable": tp.applicable, "on_time": c["on_time"], "late": c["late"],
            "missing": c["missing"], "pending": c["pending"], "exempt": c["exempt"],
            "laggards": [u.id for u in tp.laggards],
        }
        if warn_days is not None:
            # a task no unit shown is asked for has no level (not "none", which is 待报)
            row["level"] = task_level(tp, progress.as_of, warn_days) if tp.applicable else None
            row["levels"] = level_counts(tp, progress.as_of, warn_days)
        tasks.append(row)
    data: dict[str, Any] = {"phase": progress.phase.number, "title": progress.phase.title,
                            "as_of": progress.as_of.isoformat(), "tasks": tasks}
    if warn_days is not None:
        data["warn_days"] = warn_days
    if warn_days is not None and by_unit:
        data["units"] = [{
            "id": line.unit.id, "category": line.unit.category, "group": line.unit.group,
            "level": line.level,
            "tasks": {tp.task.id: None if cell is None else {
                "status": cell.row.status, "level": cell.level,
                "date": cell.row.record.date if cell.row.record else None,
                "days_late": cell.row.days_late}
                for tp, cell in zip(progress.tasks, line.cells)},
        } for line in unit_matrix(progress, warn_days)]
    return data


def rank_data(progress: PhaseProgress, units: list, groups: list) -> dict[str, Any]:
    """The shape of ``nengli rank --json``: units and groups with their places and figures."""

    def row(s: Any, key: str, value: Any) -> dict[str, Any]:
        return {key: value, "place": s.place, "units": s.units, "on_time": s.on_time,
                "late": s.late, "missing": s.missing,
                "rate": None if s.rate is None else round(float(s.rate), 4),
                "days_late": s.days_late}

    return {"phase": progress.phase.number, "as_of": progress.as_of.isoformat(),
            "units": [{**row(s, "id", s.unit.id), "group": s.group} for s in units],
            "groups": [row(s, "group", s.group) for s in groups]}


def _default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n"
