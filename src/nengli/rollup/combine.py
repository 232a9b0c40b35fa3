"""A round of the rollup: every district read at its pinned commit, checked against the city's
definition of the campaign, and combined into one Campaign that the existing views compute on.

Combined, not merged: the combined campaign's units are the districts' units, appended in
rollup.yaml order, each renamed ``<district>·<id>`` (``鼓楼区·24中``); its phases are the
city's (tasks, deadlines, scope: city figures use the city's definition), with the districts'
records of those tasks. The status rule (progress.py) then runs on it unchanged. Each unit's
Source still names the district's file at its commit (``鼓楼区@9f1c2ab:data/units.yaml:12:5``).

A source that is itself a rollup (a city seen from the province: its data folder has a
rollup.lock) contributes its own districts at the commits its lock pins, one level down
(``郑州市·鼓楼区·24中``); its data folder is only the definition it worked with.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, Mapping, NamedTuple

from ..load import Snapshot, load, with_excerpts
from ..model import Campaign, Phase, Problem, Record, Source, Unit
from ..problems import has_errors, problem
from ..read import Text, decode_text
from . import store
from .config import (FORMAT, FORMAT_SETTING, LOCK_FILE, ROLLUP_FILE, SEP, District, Lock, Pin,
                     Rollup, parse_lock, parse_rollup)

if TYPE_CHECKING:
    from ..progress import PhaseProgress

State = Literal["ok", "stale", "missing", "invalid"]
#: the states whose data are counted
COUNTED: tuple[State, ...] = ("ok", "stale")
#: how deep sources may nest (district → city → province → …)
MAX_DEPTH = 4


class Entry(NamedTuple):
    """One district of the round (or one city, with its own districts as ``parts``)."""

    district: District
    #: the name shown, from the top: 鼓楼区, or 郑州市·鼓楼区 one level down
    label: str
    pin: Pin | None
    #: its data at the pinned commit; None when missing or not usable, and for a rollup
    campaign: Campaign | None
    state: State
    #: the problems of its own files (data errors), as load found them
    problems: tuple[Problem, ...] = ()
    parts: tuple["Entry", ...] = ()

    @property
    def counted(self) -> bool:
        return self.state in COUNTED

    def leaves(self) -> list["Entry"]:
        """The entries whose units are counted: itself, or its parts' leaves."""
        if not self.counted:
            return []
        if self.parts:
            return [leaf for part in self.parts for leaf in part.leaves()]
        return [self] if self.campaign is not None else []

    def walk(self) -> list["Entry"]:
        return [self, *(e for part in self.parts for e in part.walk())]


class Round(NamedTuple):
    """The rollup as of a date: the entries, the combined campaign, and every problem."""

    definition: Campaign
    rollup: Rollup
    entries: tuple[Entry, ...]
    campaign: Campaign
    as_of: dt.date
    #: the rollup's own problems (missing, stale, claimed twice, differences …), each naming
    #: its district and commit; the districts' data problems are on their entries
    problems: tuple[Problem, ...]
    #: each leaf's part of ``campaign``, by label
    pieces: Mapping[str, Campaign] = MappingProxyType({})

    def leaves(self) -> list[Entry]:
        return [leaf for e in self.entries for leaf in e.leaves()]

    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for e in self.entries for x in e.walk() for p in x.problems)]


def display(label: str, pin: Pin) -> str:
    """The name of a district's data folder at its commit, as messages show it."""
    return f"{label}@{pin.short}:{pin.path}"


def read_round(repo: Path, definition: Campaign, rollup: Rollup, lock: Lock | None,
               as_of: dt.date, texts: dict[str, Text] | None = None) -> Round:
    """Every district at its pinned commit, checked, and combined (reads git; never writes).
    ``texts`` (file name shown -> Text) are the local files whose lines problems may quote."""
    files: dict[str, bytes] = {}
    entries = [_judged(e, definition, as_of, rollup.stale_days)
               for e in _entries(repo, rollup.districts, lock, prefix="", depth=0, files=files)]
    problems: list[Problem] = []
    for entry in entries:
        problems += _entry_problems(entry, rollup, definition, as_of)
    leaves = [leaf for e in entries for leaf in e.leaves()]
    problems += claimed_twice(leaves)
    for leaf in leaves:
        problems += differences(leaf, definition)
    problems += own_newer(repo, entries)
    parts = pieces(definition, leaves)
    return Round(definition, rollup, tuple(entries), joined(definition, list(parts.values())),
                 as_of, tuple(quoted(problems, files, texts or {})), parts)


def quoted(problems: list[Problem], files: dict[str, bytes], texts: dict[str, Text]
           ) -> list[Problem]:
    """The problems with the line each points at, from the districts' files read at their
    commits (``files``, by the name shown) or the city's own (``texts``)."""
    cache = dict(texts)
    for name in {p.source.file for p in problems if p.source is not None and not p.excerpt}:
        if name not in cache and name in files:
            text, _ = decode_text(files[name], Path(name), name)
            if text is not None:
                cache[name] = text
    return with_excerpts(problems, cache)


def _entries(repo: Path, districts: tuple[District, ...], lock: Lock | None, prefix: str,
             depth: int, files: dict[str, bytes]) -> list[Entry]:
    """The entries of one level: the pinned folders read in one batch, each loaded, and each
    that is itself a rollup expanded one level down."""
    pins = {d.code: lock.pin(d.code) if lock is not None and lock.format <= FORMAT else None
            for d in districts}
    folders = store.read_folders(repo, [(p.commit, p.path) for p in pins.values() if p is not None])
    out = []
    for district in districts:
        label = prefix + district.name
        pin = pins[district.code]
        if pin is None:
            out.append(Entry(district, label, None, None, "missing"))
            continue
        folder = folders[(pin.commit, pin.path)]
        shown = display(label, pin)
        files.update((f"{shown}/{name}", data) for name, data in folder.files.items())
        if folder.missing:
            out.append(Entry(district, label, pin, None, "invalid",
                             (_folder_problem(folder.missing, shown, label, pin),)))
            continue
        if not pin.own and LOCK_FILE in folder.files and ROLLUP_FILE in folder.files \
                and depth < MAX_DEPTH:
            out.append(_nested(repo, district, label, pin, folder.files, shown, depth, files))
            continue
        campaign, found = load(Path(pin.path), snapshot=Snapshot(folder.files, shown))
        if not pin.own:
            found += identity_problems(district, campaign, shown, label)
        if campaign is not None and not has_errors(found):
            found += format_problems(campaign, shown, label)
        state: State = "invalid" if campaign is None or has_errors(found) else "ok"
        out.append(Entry(district, label, pin, campaign if state == "ok" else None, state,
                         tuple(found)))
    return out


def _nested(repo: Path, district: District, label: str, pin: Pin, files: dict[str, bytes],
            shown: str, depth: int, seen: dict[str, bytes]) -> Entry:
    """A source that is a rollup: its rollup.yaml and rollup.lock read at the pinned commit,
    and its districts one level down."""
    found: list[Problem] = []
    rollup = lock = None
    text, got = decode_text(files[ROLLUP_FILE], Path(ROLLUP_FILE), f"{shown}/{ROLLUP_FILE}")
    found += got
    if text is not None:
        rollup, got = parse_rollup(text)
        found += got
    text, got = decode_text(files[LOCK_FILE], Path(LOCK_FILE), f"{shown}/{LOCK_FILE}")
    found += got
    if text is not None:
        lock, got = parse_lock(text)
        found += got
    if lock is not None and lock.format > FORMAT:
        found.append(problem("rollup-format", Source(f"{shown}/{LOCK_FILE}"), label=label,
                             what="汇总版本（rollup.lock）", found=lock.format, known=FORMAT))
    if rollup is None or lock is None or has_errors(found):
        return Entry(district, label, pin, None, "invalid", tuple(found))
    parts = _entries(repo, rollup.districts, lock, prefix=label + SEP, depth=depth + 1, files=seen)
    return Entry(district, label, pin, None, "ok", tuple(found), tuple(parts))


def _folder_problem(missing: str, shown: str, label: str, pin: Pin) -> Problem:
    if missing == "no-commit":
        return problem("rollup-no-commit", Source(shown), label=label, commit=pin.short)
    if missing.startswith("too-big:"):
        _, name, size = missing.split(":", 2)
        return problem("too-big", Source(f"{shown}/{name}"), size=size, limit=store.MAX_BYTES // 2**20)
    return problem("rollup-no-folder", Source(shown), label=label, commit=pin.short, path=pin.path)


def identity_problems(district: District, campaign: Campaign | None, shown: str, label: str
                      ) -> list[Problem]:
    """The district's campaign.yaml says it is another district (``rollup: {code: …}``): the
    wrong repository or a bundle renamed by hand."""
    if campaign is None:
        return []
    own = campaign.settings.get("rollup")
    code = str(own.get("code", "")).strip() if isinstance(own, dict) else ""
    if not code or code == district.code:
        return []
    name = str(own.get("name", "")).strip() if isinstance(own, dict) else ""
    return [problem("rollup-identity", campaign.setting_sources.get("rollup", Source(shown)),
                    label=label, dcode=district.code, other=f"{name}（{code}）" if name else code)]


def format_problems(campaign: Campaign, shown: str, label: str) -> list[Problem]:
    """A district whose data are in a newer format than this nengli reads."""
    value = campaign.settings.get(FORMAT_SETTING)
    if value is None:
        return []
    where = campaign.setting_sources.get(FORMAT_SETTING, Source(f"{shown}/campaign.yaml"))
    number = str(value).strip()
    if not number.isdigit() or int(number) > FORMAT:
        return [problem("rollup-format", where, label=label, what="数据格式（data_format）",
                        found=number, known=FORMAT)]
    return []


# ---- the round's own checks -------------------------------------------------------------------

def _entry_problems(entry: Entry, rollup: Rollup, definition: Campaign, as_of: dt.date
                    ) -> list[Problem]:
    """Missing, stale and unusable districts (and, inside a rollup, its districts)."""
    out: list[Problem] = []
    for e in entry.walk():
        where = e.district.where if e is entry else (e.pin.where if e.pin else e.district.where)
        if e.state == "missing":
            reach = f"（联系人：{e.district.reach}）" if e.district.reach else ""
            if e.district.own:
                out.append(problem("rollup-missing-own", where, level="warning", label=e.label))
            elif e.district.bundled:
                out.append(problem("rollup-missing", where, level="warning", label=e.label,
                                   dcode=e.district.code, reach=reach, folder=rollup.bundles))
            else:
                out.append(problem("rollup-missing-repo", where, level="warning", label=e.label,
                                   dcode=e.district.code, reach=reach, address=e.district.source))
        elif e.state == "invalid":
            errors = sum(p.is_error for p in e.problems)
            out.append(problem("rollup-invalid", where, level="warning", label=e.label,
                               commit=e.pin.short if e.pin else "", errors=errors))
        elif e.state == "stale" and e.pin is not None:
            why = stale_reason(e.pin, definition, as_of, rollup.stale_days)
            if why:
                out.append(problem("rollup-stale", where, level="warning", label=e.label,
                                   when=data_time(e.pin.time), commit=e.pin.short, why=why))
    return out


def data_time(when: dt.datetime) -> str:
    """A data version's time as the notices write it: 1月24日 16:40 (the committer's clock)."""
    return f"{when.month}月{when.day}日 {when:%H:%M}"


def stale_reason(pin: Pin, definition: Campaign, as_of: dt.date, stale_days: int) -> str:
    """Why the pinned data are too old to stand for ``as_of`` ("" when they are not): older
    than a deadline that has passed (reports made after the commit are not in it), or older
    than ``stale_days`` days."""
    day = pin.time.date()
    passed = [t for p in definition.phases for t in p.tasks if day <= t.due < as_of]
    if passed:
        last = max(passed, key=lambda t: (t.due, t.title))
        return f"不晚于任务“{last.title}”的截止日期（{last.due.month}月{last.due.day}日），此后报送的登记都不在其中"
    age = (as_of - day).days
    if age > stale_days:
        return f"距统计日期已有 {age} 天（超过 {stale_days} 天即算过期）"
    return ""


def _judged(entry: Entry, definition: Campaign, as_of: dt.date, stale_days: int) -> Entry:
    """The entry (and its parts) marked stale where its data are too old for ``as_of``."""
    parts = tuple(_judged(e, definition, as_of, stale_days) for e in entry.parts)
    # a repository's own units are as current as its last fetch (own_newer says when not)
    stale = entry.state == "ok" and entry.pin is not None and not entry.pin.own \
        and bool(stale_reason(entry.pin, definition, as_of, stale_days))
    return entry._replace(parts=parts, state="stale" if stale else entry.state)


def claimed_twice(leaves: list[Entry]) -> list[Problem]:
    """The same unit (the same full name) in the rosters of two districts: counted twice."""
    first: dict[str, tuple[Entry, Unit]] = {}
    out = []
    for leaf in leaves:
        assert leaf.campaign is not None and leaf.pin is not None
        for unit in leaf.campaign.units:
            key = unit.name.strip()
            other = first.get(key)
            if other is None:
                first[key] = (leaf, unit)
                continue
            if other[0] is leaf:
                continue
            o_leaf, o_unit = other
            assert o_leaf.pin is not None
            out.append(problem("rollup-claimed-twice", unit.source, name=key, label=leaf.label,
                               commit=leaf.pin.short, id=unit.id, other=o_leaf.label,
                               other_commit=o_leaf.pin.short, other_id=o_unit.id,
                               other_where=str(o_unit.source)))
    return out


def differences(leaf: Entry, definition: Campaign) -> list[Problem]:
    """Where a district's phases, tasks, deadlines or categories differ from the city's: shown,
    and the city's definition used."""
    campaign, pin = leaf.campaign, leaf.pin
    assert campaign is not None and pin is not None
    label, commit = leaf.label, pin.short
    out: list[Problem] = []
    known = {c.key: c for c in definition.categories}
    for c in campaign.categories:
        if c.key not in known:
            count = sum(u.category == c.key for u in campaign.units)
            out.append(problem("rollup-diff-category", c.source, level="warning", label=label,
                               commit=commit, key=c.key, name=c.name, count=count,
                               known="、".join(f"{k}（{v.name}）" for k, v in known.items())))
    for city in definition.phases:
        mine = campaign.phase(city.number)
        if mine is None:
            out.append(problem("rollup-diff-no-phase", Source(f"{display(label, pin)}/phases"),
                               level="warning", label=label, commit=commit, phase=city.title,
                               number=city.number))
            continue
        for task in city.tasks:
            theirs = mine.task(task.id)
            if theirs is None:
                out.append(problem("rollup-diff-no-task", mine.source, level="warning",
                                   label=label, commit=commit, phase=city.title, task=task.title,
                                   id=task.id))
                continue
            if theirs.due != task.due:
                out.append(problem("rollup-diff-due", theirs.source, level="warning", label=label,
                                   commit=commit, task=task.title, theirs=_cn(theirs.due),
                                   ours=_cn(task.due)))
            if set(theirs.applies_to) != set(task.applies_to):
                out.append(problem("rollup-diff-applies", theirs.source, level="warning",
                                   label=label, commit=commit, task=task.title,
                                   theirs=_cats(theirs.applies_to, campaign), ours=_cats(task.applies_to, definition)))
            if theirs.title != task.title:
                out.append(problem("rollup-diff-title", theirs.source, level="warning",
                                   label=label, commit=commit, id=task.id, theirs=theirs.title,
                                   ours=task.title))
        ids = {t.id for t in city.tasks}
        for theirs in mine.tasks:
            if theirs.id not in ids:
                out.append(problem("rollup-diff-extra-task", theirs.source, level="warning",
                                   label=label, commit=commit, task=theirs.title, id=theirs.id,
                                   phase=city.title))
    numbers = {p.number for p in definition.phases}
    for mine in campaign.phases:
        if mine.number not in numbers:
            out.append(problem("rollup-diff-extra-phase", mine.source, level="warning",
                               label=label, commit=commit, phase=mine.title, number=mine.number))
    return out


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cats(keys: tuple[str, ...], campaign: Campaign) -> str:
    names = {c.key: c.name for c in campaign.categories}
    return "、".join(names.get(k, k) for k in keys) or "（无）"


def own_newer(repo: Path, entries: list[Entry]) -> list[Problem]:
    """The city's own units (source ``.``) changed in later commits than the one pinned:
    ``nengli rollup fetch`` takes them in."""
    out = []
    for e in entries:
        if e.pin is None or not e.district.own:
            continue
        tip = store.resolve(repo, e.district.branch or "HEAD")
        last = store.last_change(repo, tip, e.pin.path) if tip is not None else None
        if last is not None and last != e.pin.commit and store.is_ancestor(repo, e.pin.commit, last):
            out.append(problem("rollup-own-newer", e.district.where, level="warning", label=e.label,
                               commit=e.pin.short, tip=last[:len(e.pin.short)]))
    return out


def open_round(data_dir: Path, definition: Campaign, as_of: dt.date
               ) -> tuple[Round | None, list[Problem]]:
    """The round of the city whose data folder is ``data_dir`` (its rollup.yaml and
    rollup.lock, its repository), or the problems of those files."""
    from ..gitio import repo_root
    from ..read import display_name
    from .config import read_config

    rollup, lock, problems, texts = read_config(data_dir)
    problems = with_excerpts(problems, texts)
    if rollup is None or has_errors(problems):
        return None, problems
    repo = repo_root(data_dir)
    if repo is None:
        return None, [*problems, problem("rollup-not-git", Source(display_name(data_dir)),
                                         path=display_name(data_dir))]
    return read_round(repo, definition, rollup, lock, as_of, texts), problems


def progress_tree(rnd: Round, phase: Phase) -> dict[str, "PhaseProgress"]:
    """Each entry's own figures (its leaves' units only, under the city's definition), by
    label; the combined figures are ``phase_progress(rnd.campaign, …)``."""
    from ..progress import phase_progress

    out = {}
    for top in rnd.entries:
        for e in top.walk():
            leaves = e.leaves()
            if leaves:
                mine = joined(rnd.definition, [rnd.pieces[leaf.label] for leaf in leaves])
                out[e.label] = phase_progress(mine, mine.phase(phase.number) or phase, rnd.as_of)
    return out


# ---- combining ----------------------------------------------------------------------------

def renamed(definition: Campaign, leaf: Entry, start: int) -> Campaign:
    """One leaf's units (renamed ``<district>·<id>``, numbered from ``start`` in its roster
    order) and its records of the city's tasks, under the city's definition. Units of a
    category the city does not have are left out (a difference)."""
    campaign = leaf.campaign
    assert campaign is not None
    known = {c.key for c in definition.categories}
    units: list[Unit] = []
    new_ids: dict[str, str] = {}
    for u in campaign.units:
        if u.category not in known:
            continue
        new = f"{leaf.label}{SEP}{u.id}"
        new_ids[u.id] = new
        units.append(u._replace(id=new, index=start + len(units), aliases=(), group=None))
    mine = {p.number: p for p in campaign.phases}
    phases = []
    for phase in definition.phases:
        tasks = {t.id for t in phase.tasks}
        theirs = mine.get(phase.number)
        # _make rather than _replace (twice as fast: a province renames a million records);
        # every field after ``ref`` is kept as it is
        records = [] if theirs is None else [
            Record._make((r.task, new_ids[r.unit], new_ids[r.unit], *r[3:]))
            for r in theirs.records if r.task in tasks and r.unit in new_ids]
        phases.append(phase._replace(records=tuple(records)))
    return definition._replace(units=tuple(units), phases=tuple(phases))


def joined(definition: Campaign, pieces: list[Campaign]) -> Campaign:
    """Renamed leaves side by side: their units in order, each phase with all their records."""
    units = tuple(u for piece in pieces for u in piece.units)
    phases = tuple(phase._replace(records=tuple(r for piece in pieces for r in piece.phases[i].records))
                   for i, phase in enumerate(definition.phases))
    return definition._replace(units=units, phases=phases)


def combine(definition: Campaign, leaves: list[Entry]) -> Campaign:
    """The city's definition with the leaves' units and their records (see ``renamed``), in
    rollup.yaml order."""
    return joined(definition, list(pieces(definition, leaves).values()))


def pieces(definition: Campaign, leaves: list[Entry]) -> dict[str, Campaign]:
    """Each leaf renamed (by label), numbered on from the one before."""
    out: dict[str, Campaign] = {}
    start = 0
    for leaf in leaves:
        out[leaf.label] = piece = renamed(definition, leaf, start)
        start += len(piece.units)
    return out
