"""Machine-readable output: the same facts as the views, as JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..progress import PhaseProgress


def status_data(progress: PhaseProgress) -> dict[str, Any]:
    """The shape of ``nengli status --json``; laggards as unit ids in roster order."""
    tasks = []
    for tp in progress.tasks:
        c = tp.counts
        tasks.append({
            "id": tp.task.id, "title": tp.task.title, "due": tp.task.due.isoformat(),
            "applicable": tp.applicable, "on_time": c["on_time"], "late": c["late"],
            "missing": c["missing"], "pending": c["pending"], "exempt": c["exempt"],
            "laggards": [u.id for u in tp.laggards],
        })
    return {"phase": progress.phase.number, "title": progress.phase.title,
            "as_of": progress.as_of.isoformat(), "tasks": tasks}


def _default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n"
