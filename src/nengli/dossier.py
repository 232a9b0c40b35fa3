"""Everything about one unit across all phases: the screen open while on the phone with it.

Pure: a campaign, a unit and a date in; plain data out.
"""

import datetime as dt
from typing import Literal, NamedTuple

from .levels import Level, level_of, warn_days_of
from .model import Campaign, Phase, Record, Task, Unit
from .progress import task_rule

Line = Literal["on_time", "late", "missing", "pending", "exempt", "not_applicable"]


class TaskLine(NamedTuple):
    """One task of one phase, for the unit."""

    task: Task
    status: Line
    record: Record | None
    #: days past the due date: of the report if late, of the date asked about if still missing
    days_late: int = 0
    #: the warning level (levels.level_of); None for a task that does not apply to the unit
    level: Level | None = None


class PhaseLines(NamedTuple):
    phase: Phase
    in_scope: bool
    lines: tuple[TaskLine, ...]


class Dossier(NamedTuple):
    unit: Unit
    category: str
    as_of: dt.date
    phases: tuple[PhaseLines, ...]

    @property
    def materials(self) -> tuple[tuple[Phase, Task, str], ...]:
        """The materials filed for the unit (nengli intake): phase, task and path."""
        return tuple((p.phase, ln.task, path) for p in self.phases for ln in p.lines
                     if ln.record is not None for path, _ in ln.record.files)

    @property
    def owes(self) -> tuple[tuple[Phase, TaskLine], ...]:
        """Tasks still to be reported: overdue first (oldest due first), then the coming ones."""
        out = [(p.phase, ln) for p in self.phases for ln in p.lines
               if ln.status in ("missing", "pending")]
        return tuple(sorted(out, key=lambda pl: (pl[1].status != "missing", pl[1].task.due)))


def unit_dossier(campaign: Campaign, unit: Unit, as_of: dt.date) -> Dossier:
    category = campaign.category(unit.category)
    warn_days = warn_days_of(campaign)
    phases = []
    for phase in campaign.phases:
        records = {r.task: r for r in phase.records if r.unit == unit.id}
        in_scope = unit.category in phase.scope
        lines = []
        for task in phase.tasks:
            if not in_scope or unit.category not in task.applies_to:
                lines.append(TaskLine(task, "not_applicable", records.get(task.id)))
                continue
            row = task_rule(task.due, as_of)(unit, records.get(task.id))
            lines.append(TaskLine(task, row.status, row.record, row.days_late,
                                  level_of(row.status, task.due, as_of, warn_days)))
        phases.append(PhaseLines(phase, in_scope, tuple(lines)))
    return Dossier(unit, category.name if category else unit.category, as_of, tuple(phases))
