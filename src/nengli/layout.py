"""Where nengli's files are: the data folder's layout, the one rule for "is this a phase
file", and the names of the files nengli itself leaves beside the data for a moment.

The loader, the git attributes of the merge driver, the merge driver, ``nengli log`` and
``nengli sync`` all ask here, so that a file one of them reads as a phase every other one
merges, logs and commits as a phase (``Phase4.YAML``, saved so by Windows, included).
"""

from __future__ import annotations

from pathlib import Path, PurePath, PurePosixPath

UNITS_FILE = "units.yaml"
PHASES_DIR = "phases"
CAMPAIGN_FILE = "campaign.yaml"
#: the record of the 督办 items (nengli duban)
DUBAN_FILE = "duban.yaml"
#: a phase file's name ends with one of these, in any case
PHASE_SUFFIXES = (".yaml", ".yml")

#: the lock file of a data file: ``.NAME.lock`` beside it
LOCK_SUFFIX = ".lock"
#: a file being written: ``.NAME.<random>.tmp`` beside it, renamed over NAME when complete
TEMP_SUFFIX = ".tmp"


def _posix(path: str | PurePath) -> PurePosixPath:
    return PurePosixPath(str(path).replace("\\", "/"))


def is_phase_file(path: str | PurePath) -> bool:
    """Whether ``path`` names a phase file: directly in a folder named ``phases``, ending in
    .yaml or .yml in any case. ``path`` may be absolute, or relative to the data folder or
    to the top of the repository, with / or \\ between its parts."""
    p = _posix(path)
    return p.parent.name == PHASES_DIR and p.suffix.lower() in PHASE_SUFFIXES


def is_units_file(path: str | PurePath) -> bool:
    """Whether ``path`` names a roster: a units.yaml (in any case, as Windows may save it)."""
    return _posix(path).name.lower() == UNITS_FILE


def is_duban_file(path: str | PurePath) -> bool:
    """Whether ``path`` names the 督办 record: a duban.yaml (in any case) not in phases/."""
    p = _posix(path)
    return p.name.lower() == DUBAN_FILE and p.parent.name != PHASES_DIR


def phase_files(data_dir: Path) -> list[Path]:
    """The phase files of a data folder, in name order."""
    folder = Path(data_dir) / PHASES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_phase_file(p))


def is_own_file(name: str | PurePath) -> bool:
    """Whether ``name`` is one of nengli's lock or temporary files (not data, never committed)."""
    return str(name).endswith((LOCK_SUFFIX, TEMP_SUFFIX))


def lock_file(path: Path) -> Path:
    return path.with_name(f".{path.name}{LOCK_SUFFIX}")


def temp_file(path: Path, token: str) -> Path:
    return path.with_name(f".{path.name}.{token}{TEMP_SUFFIX}")


def _any_case(text: str) -> str:
    """A glob that matches ``text`` in any case: ``.yaml`` -> ``.[yY][aA][mM][lL]``."""
    return "".join(f"[{ch.lower()}{ch.upper()}]" if ch.lower() != ch.upper() else ch for ch in text)


def merged_patterns() -> tuple[str, ...]:
    """The files of a data folder that nengli's merge driver merges, as git attribute patterns
    relative to the data folder: the roster, every phase file and the 督办 record (git matches
    attributes case-sensitively on Linux and macOS, so the suffixes are written in any case)."""
    return (UNITS_FILE, *(f"{PHASES_DIR}/*{_any_case(s)}" for s in PHASE_SUFFIXES), DUBAN_FILE)
