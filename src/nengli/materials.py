"""The materials units sent in: where they are filed, their fingerprint, whether they are intact.

``nengli intake`` copies each registered file to
``<materials>/第N阶段/<任务名称>/<单位简称>-<原文件名>`` and writes on the registration the
path (relative to the campaign folder when inside it) and its sha256. ``<materials>`` is
``材料`` in the campaign folder, or ``materials:`` in data/campaign.yaml (relative to the
campaign folder, or absolute, e.g. a shared drive).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .model import Campaign, Phase, Problem, Source, Task, Unit
from .problems import problem

DEFAULT_FOLDER = "材料"
#: characters Windows does not allow in a file or folder name
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def campaign_root(campaign: Campaign) -> Path:
    """The campaign's folder: the one holding data/."""
    return campaign.root.parent


def folder(campaign: Campaign) -> Path:
    """Where the materials are filed."""
    value = campaign.settings.get("materials")
    if not isinstance(value, str) or not value.strip():
        return campaign_root(campaign) / DEFAULT_FOLDER
    path = Path(value.strip()).expanduser()
    return path if path.is_absolute() else campaign_root(campaign) / path


def target(campaign: Campaign, phase: Phase, task: Task, unit: Unit, name: str) -> Path:
    """Where a unit's file for a task is filed: 材料/第1阶段/创新案例/24中-案例.docx."""
    title = _UNSAFE.sub("_", task.title).strip(" .") or task.id
    return folder(campaign) / f"第{phase.number}阶段" / title / f"{unit.id}-{name}"


def stored(campaign: Campaign, path: Path) -> str:
    """The path written on the registration: relative to the campaign folder when inside it."""
    root = campaign_root(campaign).resolve()
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def located(campaign: Campaign, path: str) -> Path:
    """The file a registration's path names."""
    p = Path(path)
    return p if p.is_absolute() else campaign_root(campaign) / p


def sha256(path: Path) -> str:
    import hashlib  # here: OpenSSL's module costs `check` ~2 ms to import, and most have no files

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(campaign: Campaign) -> list[Problem]:
    """A warning for every filed material that is gone or no longer the file registered.

    The materials folder is not in git (``/材料/`` in .gitignore): only the computer that ran
    ``nengli intake`` (or one that reaches the shared drive of ``materials:``) has it. Where
    the folder is absent its files cannot be checked; one note says so, not a warning per file.
    """
    from .read import display_name

    shelf = folder(campaign)
    absent = not shelf.is_dir()
    problems = []
    unchecked = 0
    for phase in campaign.phases:
        for r in phase.records:
            for path, digest in r.files:
                file = located(campaign, path)
                if absent and _inside(file, shelf):
                    unchecked += 1
                    continue
                try:
                    found = sha256(file) if file.is_file() else None
                except OSError:
                    found = None
                if found is None:
                    problems.append(problem("material-missing", r.source, level="warning",
                                            unit=r.unit, path=path))
                elif found != digest:
                    problems.append(problem("material-changed", r.source, level="warning",
                                            unit=r.unit, path=path))
    if unchecked:
        shown = display_name(shelf)
        problems.append(problem("materials-absent", Source(shown), level="note", folder=shown,
                                files=unchecked))
    return problems


def _inside(path: Path, parent: Path) -> bool:
    return path.resolve().is_relative_to(parent.resolve())


def exists_with(path: Path, digest: str) -> bool | None:
    """Whether ``path`` holds the file of ``digest``: True, False (another file), None (none)."""
    # os.path.exists, not Path.exists, which raises on Python 3.11 for a name too long for the
    # file system: that file cannot exist
    if not os.path.exists(path):
        return None
    return os.path.isfile(path) and sha256(path) == digest


def free_target(path: Path, digest: str, taken: set[Path]) -> Path:
    """``path``, or the first of ``名（第2版）.docx``, ``名（第3版）.docx`` … that no registration
    names (``taken``: resolved paths) and that holds no other file: a revised material never
    replaces the one filed before it. A file already there with these very bytes (a run that
    stopped before registering) is used as it is."""
    candidate, n = path, 1
    while candidate.resolve() in taken or exists_with(candidate, digest) is False:
        n += 1
        candidate = path.with_name(f"{path.stem}（第{n}版）{path.suffix}")
    return candidate
