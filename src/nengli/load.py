"""The one entry point for data: find the folder, read, parse, validate.

``load(data_dir)`` returns ``(campaign, problems)``. It never raises for bad data and never
prints; the campaign is None only when the problems leave nothing to compute on.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Mapping, NamedTuple

from .layout import CAMPAIGN_FILE, PHASES_DIR, UNITS_FILE, is_own_file, is_phase_file
from .gitstate import unmerged_problems
from .layout import phase_files as disk_phase_files
from .duban import BOOK_FILE, SETTING_KEYS as DUBAN_SETTINGS
from .model import Campaign, Phase, Problem, Rules, Source
from .parse import FileParser, parse_phase, parse_units
from .problems import has_errors, problem
from .read import Text, decode_text, display_name, read_text
from .validate import check_phases, check_roster, check_settings

ENV_VAR = "NENGLI_DATA"


def find_data_dir(option: str | Path | None = None, cwd: Path | None = None
                  ) -> tuple[Path | None, list[Problem]]:
    """``--data``, else $NENGLI_DATA, else the nearest ``data/units.yaml`` upward from ``cwd``."""
    given = option if option is not None else os.environ.get(ENV_VAR) or None
    if given is not None:
        path = Path(given).expanduser()
        if not path.is_dir():
            return None, [problem("data-not-dir", Source(str(given)), path=given)]
        if not (path / UNITS_FILE).exists() and (path / "data" / UNITS_FILE).is_file():
            return path / "data", []  # the campaign's folder (nengli init 活动) rather than its data/
        return path, []
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / UNITS_FILE).is_file():
            return folder / "data", []
        if folder.name == "data" and (folder / UNITS_FILE).is_file():
            return folder, []
    return None, [problem("no-data", None)]


class Snapshot(NamedTuple):
    """A data folder's files as they are somewhere other than on disk (a commit in git, read
    by nengli rollup): the bytes of each file by its path below the folder (``units.yaml``,
    ``phases/phase1.yaml``), and the name messages show for the folder (``鼓楼区@9f1c2ab:data``)."""

    files: Mapping[str, bytes]
    display: str

    def phase_names(self) -> list[Path]:
        """The files directly in phases/, as paths below the folder."""
        prefix = PHASES_DIR + "/"
        return [Path(name) for name in self.files
                if name.startswith(prefix) and "/" not in name[len(prefix):]]


def phase_files(data_dir: Path, snapshot: Snapshot | None = None) -> list[Path]:
    """The phase files (layout.is_phase_file: *.yaml and *.yml in any case, as Windows keeps
    Phase4.YAML), on disk or in a snapshot."""
    if snapshot is not None:
        return sorted(data_dir / p for p in snapshot.phase_names() if is_phase_file(p))
    return disk_phase_files(data_dir)


def stray_files(data_dir: Path, snapshot: Snapshot | None = None) -> list[Problem]:
    """A warning for each other file in phases/ (``phase4.yaml.txt`` from Notepad): not read."""
    if snapshot is not None:
        others = [(p.name, f"{snapshot.display}/{p.as_posix()}")
                  for p in sorted(snapshot.phase_names())]
    else:
        folder = data_dir / PHASES_DIR
        if not folder.is_dir():
            return []
        others = [(p.name, display_name(p)) for p in sorted(folder.iterdir()) if p.is_file()]
    return [problem("phase-not-read", Source(shown), level="warning", name=name,
                    stem=name.split(".")[0] or name)
            for name, shown in others
            if not is_phase_file(f"{PHASES_DIR}/{name}") and not name.startswith(".")
            and not is_own_file(name)]


def load(data_dir: Path, as_of: dt.date | None = None, *,
         replace: dict[Path, bytes] | None = None, snapshot: Snapshot | None = None,
         texts: dict[str, Text] | None = None) -> tuple[Campaign | None, list[Problem]]:
    """Everything in ``data_dir``: the campaign and every problem found, in file order.

    ``replace`` gives the content of some files instead of reading them from disk: it is how an
    edit is validated before it is written. ``snapshot`` gives every file: nothing is read
    from disk, and messages name the files as the snapshot does. ``texts``, when given, is
    filled with the text of each file read (by the name shown for it): a check that reads the
    files as written gets them without reading them a second time.
    """
    if snapshot is None:
        # a file git left in conflict may hold one side only: nothing is read until it is settled
        unsettled = unmerged_problems(data_dir)
        if unsettled:
            return None, unsettled
    problems: list[Problem] = []
    texts = {} if texts is None else texts
    replace = replace or {}

    def read(path: Path) -> Text | None:
        if snapshot is not None:
            rel = path.relative_to(data_dir).as_posix()
            shown = f"{snapshot.display}/{rel}"
            data = snapshot.files.get(rel)
            if data is None:
                text, found = None, [problem("missing-file", Source(shown), name=shown)]
            else:
                text, found = decode_text(data, path, shown)
        elif path in replace:
            text, found = decode_text(replace[path], path, display_name(path))
        else:
            text, found = read_text(path)
        problems.extend(found)
        if text is not None:
            texts[text.display] = text
        return text

    units_text = read(data_dir / UNITS_FILE)
    categories, units = [], []
    if units_text is not None and not has_errors(problems):
        categories, units, found = parse_units(units_text)
        problems.extend(found)
    roster, index, found = check_roster(categories, units)
    problems.extend(found)
    roster_ok = not has_errors(problems)  # else unresolved names may be in the unread part

    files = phase_files(data_dir, snapshot)
    problems.extend(stray_files(data_dir, snapshot))
    if not files:
        problems.append(problem("no-phases", Source(
            display_name(data_dir / PHASES_DIR) if snapshot is None
            else f"{snapshot.display}/{PHASES_DIR}")))
    parsed: list[tuple[Phase, dict]] = []
    for path in files:
        before = len(problems)
        text = read(path)
        if text is None or has_errors(problems[before:]):
            continue
        phase, found, where = parse_phase(text)
        problems.extend(found)
        if phase is not None:
            parsed.append((phase, where))
    phases, found = check_phases(parsed, categories, roster, index, as_of, roster_ok=roster_ok)
    problems.extend(found)
    items, found = _duban_items(data_dir, snapshot, read, roster, index, phases, as_of, roster_ok)
    problems.extend(found)

    settings: dict = {}
    sources: dict[str, Source] = {}
    rules = Rules()
    if (CAMPAIGN_FILE in snapshot.files if snapshot is not None
            else (data_dir / CAMPAIGN_FILE).exists()):
        before = len(problems)
        text = read(data_dir / CAMPAIGN_FILE)
        if text is not None and not has_errors(problems[before:]):
            parser = FileParser(text)
            root = parser.compose()
            if root is not None:
                value = parser.plain(root)
                if isinstance(value, dict):
                    settings = value
                    for key_node, value_node in root.value:  # the first of a key, as plain's
                        sources.setdefault(key_node.value, parser.src(value_node))
                    if any(key in value for key in DUBAN_SETTINGS):
                        from .duban.settings import read_rules

                        rules, found = read_rules(text, root)
                        problems.extend(found)
                    if "letterhead" in value:  # the 版头 of a notice sent alone
                        from .letterhead import check_letterhead

                        problems.extend(check_letterhead(text, root))
                elif value is not None:
                    parser.report("want-mapping", root, what="campaign.yaml", got="其他内容",
                                  hint="campaign.yaml 中每一项写成“键: 值”。")
            problems.extend(parser.problems)
    problems.extend(check_settings(settings, sources))

    problems = with_excerpts(problems, texts)
    if not roster or not phases:
        return None, problems
    return Campaign(root=data_dir, categories=tuple(categories), units=tuple(roster),
                    phases=tuple(phases), settings=settings, setting_sources=sources,
                    items=items, rules=rules), problems


def _duban_items(data_dir: Path, snapshot: Snapshot | None, read, roster: list, index: dict,
                 phases: list[Phase], as_of: dt.date | None, roster_ok: bool
                 ) -> tuple[tuple, list[Problem]]:
    """The 督办 items of duban.yaml, when the folder has one (nothing of them is imported
    otherwise), checked against the roster and the phases."""
    present = (BOOK_FILE in snapshot.files) if snapshot is not None \
        else (data_dir / BOOK_FILE).is_file()
    if not present:
        return (), []
    from .duban.book import check_book, parse_book

    problems: list[Problem] = []
    text = read(data_dir / BOOK_FILE)
    if text is None:
        return (), problems
    written, found = parse_book(text)
    problems.extend(found)
    items, found = check_book(written, roster, index, phases, as_of, roster_ok=roster_ok)
    return items, problems + found


def with_excerpts(problems: list[Problem], texts: dict[str, Text]) -> list[Problem]:
    """The problems with the line of ``texts`` each points at (where it has none yet)."""
    return [p if p.excerpt or p.source is None or not p.source.line or p.source.file not in texts
            else p._replace(excerpt=texts[p.source.file].line(p.source.line)) for p in problems]
