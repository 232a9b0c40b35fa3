"""Data travelling between levels: ``nengli rollup export`` (a district's verified bundle) and
``nengli rollup fetch`` (the city takes each district's newest data and pins it in rollup.lock).

Nothing here prints: each step's outcome is returned as data, with its problems.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Literal, NamedTuple

from .. import gitio
from ..gitio import GitError
from ..load import Snapshot, load
from ..model import Campaign, Problem, Source
from ..problems import has_errors, problem
from ..read import display_name
from . import store
from .config import LOCK_FILE, OWN, District, Lock, Pin, Rollup, lock_text
from .combine import identity_problems

BUNDLE_SUFFIX = ".bundle"


def data_path(repo: Path, data_dir: Path) -> str:
    """The data folder as a path inside the repository (``data``; ``.`` at its top)."""
    rel = os.path.relpath(Path(data_dir).resolve(), Path(repo).resolve()).replace("\\", "/")
    return "." if rel in ("", ".") else rel


def load_at(repo: Path, commit: str, path: str, shown: str) -> tuple[Campaign | None, list[Problem]]:
    """The campaign in ``path`` as committed in ``commit``, read out of git."""
    folder = store.read_folders(repo, [(commit, path)])[(commit, path)]
    if folder.missing == "no-folder":
        return None, [problem("rollup-export-no-folder", Source(shown), path=path)]
    return load(Path(path), snapshot=Snapshot(folder.files, shown))


# ---- export (the district) -----------------------------------------------------------------

class Exported(NamedTuple):
    path: Path
    name: str
    commit: str
    time: dt.datetime
    refs: tuple[str, ...]


def export_bundle(data_dir: Path, out_dir: Path, name: str | None
                  ) -> tuple[Exported | None, list[Problem]]:
    """A bundle of the campaign's committed history, named ``<name>-<date of the data>.bundle``,
    verified before it is put in ``out_dir``. Refused while the data have uncommitted changes
    (they would not be in it) or the committed data have errors (the city could not use them)."""
    repo = gitio.repo_root(data_dir)
    if repo is None:
        return None, [problem("rollup-export-not-git", Source(display_name(data_dir)),
                              path=display_name(data_dir))]
    commit = store.resolve(repo, "HEAD")
    if commit is None:
        return None, [problem("rollup-export-no-commit", None)]
    if gitio.provenance(data_dir).dirty:
        return None, [problem("rollup-export-dirty", Source(display_name(data_dir)),
                              path=display_name(data_dir))]
    path = data_path(repo, data_dir)
    shown = f"{commit[:gitio.SHORT]}:{path}"
    campaign, problems = load_at(repo, commit, path, shown)
    if campaign is None or has_errors(problems):
        return None, [problem("rollup-export-invalid", None, commit=commit[:gitio.SHORT]), *problems]
    own = campaign.settings.get("rollup")
    name = (name or (str(own.get("name", "")) if isinstance(own, dict) else "")).strip()
    if not name:
        return None, [problem("rollup-export-no-name", None)]
    bad = re.search(r'[\\/:*?"<>|@\s·]', name)
    if bad:
        return None, [problem("rollup-export-bad-name", None, value=name,
                              char="空格" if bad.group().isspace() else bad.group())]
    if not out_dir.is_dir():
        return None, [problem("write-no-folder", Source(str(out_dir)), path=out_dir, folder=out_dir)]
    when = store.commit_times(repo, [commit])[commit]
    out = out_dir / f"{name}-{when:%Y%m%d}{BUNDLE_SUFFIX}"
    branch = gitio.current_branch(repo)
    refs = ["HEAD", *([f"refs/heads/{branch}"] if branch else [])]
    try:
        bundle = store.create_bundle(repo, out, refs)
    except GitError as exc:
        return None, [exc.problem(Source(str(out)))]
    except OSError as exc:
        from ..files import describe_os_error

        return None, [problem("write-failed", Source(str(out)), path=out, reason=describe_os_error(exc))]
    return Exported(out, name, commit, when, tuple(sorted(bundle.refs))), problems


# ---- fetch (the city) -------------------------------------------------------------------------

Outcome = Literal["new", "same", "kept", "missing", "failed"]


class Fetched(NamedTuple):
    """What fetch did for one district."""

    district: District
    outcome: Outcome
    #: the pin now in rollup.lock (None: the district still has no data)
    pin: Pin | None
    #: the pin before this fetch
    before: Pin | None
    problems: tuple[Problem, ...] = ()


class FetchResult(NamedTuple):
    districts: tuple[Fetched, ...]
    #: problems not of one district (bundles nobody claims, the lock's commit)
    problems: tuple[Problem, ...]
    lock_changed: bool
    commit: str = ""

    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for f in self.districts for p in f.problems)]


def bundles_for(folder: Path, districts: tuple[District, ...]
                ) -> tuple[dict[str, list[Path]], list[Path]]:
    """The bundle files in ``folder`` by district code (a file is a district's when its name
    starts with the district's name or code, then the end, "-", "_", a space or a bracket:
    鼓楼区-20220124.bundle, 410102.bundle, 鼓楼区（第二次）.bundle), and those of nobody."""
    found: dict[str, list[Path]] = {d.code: [] for d in districts if d.bundled}
    nobody = []
    files = sorted(p for p in folder.iterdir() if p.is_file()
                   and p.name.lower().endswith(BUNDLE_SUFFIX)) if folder.is_dir() else []
    for path in files:
        stem = path.name[: -len(BUNDLE_SUFFIX)]
        best = None
        for d in districts:
            if not d.bundled:
                continue
            for key in (d.name, d.code):
                if stem.startswith(key) and (len(stem) == len(key) or stem[len(key)] in "-_ （(【[."):
                    if best is None or len(key) > len(best[1]):
                        best = (d.code, key)
        if best is None:
            nobody.append(path)
        else:
            found[best[0]].append(path)
    return found, nobody


class _Got(NamedTuple):
    """A commit fetched (or found, for the repository's own units) for a district."""

    commit: str
    #: the incoming refs it came with (None: this repository's own commit)
    slot: str | None
    origin: str
    path: str


def fetch_all(repo: Path, data_dir: Path, rollup: Rollup, lock: Lock | None,
              bundle_dir: Path) -> FetchResult:
    """Each district's newest data fetched into its namespace and pinned; rollup.lock
    written (and committed) when a pin changed. A district that fails keeps its pin.

    Per district only what cannot be shared runs (verifying and fetching its bundles or its
    repository); the commit times, the identity checks and the ref moves of all districts are
    each one git process."""
    path_in_repo = data_path(repo, data_dir)
    found, nobody = bundles_for(bundle_dir, rollup.districts)
    general = [problem("rollup-bundle-nobody", Source(display_name(p)), level="warning",
                       name=p.name, known="、".join(d.name for d in rollup.districts if d.bundled))
               for p in nobody]
    if any(d.bundled for d in rollup.districts) and not bundle_dir.is_dir():
        general.append(problem("rollup-no-bundle-folder", Source(display_name(bundle_dir)),
                               level="warning", path=display_name(bundle_dir)))
    # 0. the commits colleagues fetched before, from the office's shared remote (if any)
    branch = gitio.current_branch(repo)
    shared = gitio.upstream(repo, branch) if branch else None
    remote = shared[0] if shared else None
    if remote is not None:
        try:
            store.share(repo, remote, push=False)
        except GitError as exc:
            general.append(exc.problem(None)._replace(level="warning"))
            remote = None
    # 1. what each district has to offer
    offers: dict[str, list[_Got]] = {}
    problems: dict[str, list[Problem]] = {d.code: [] for d in rollup.districts}
    for district in rollup.districts:
        mine = problems[district.code]
        if district.own:
            offers[district.code] = _own(repo, data_dir, district, path_in_repo, mine)
        elif district.bundled:
            offers[district.code] = _from_bundles(repo, district, found.get(district.code, []), mine)
        else:
            offers[district.code] = _from_repository(repo, district, data_dir.parent, mine)
    pins = {d.code: lock.pin(d.code) if lock is not None else None for d in rollup.districts}
    times = store.commit_times(repo, {g.commit for gots in offers.values() for g in gots})
    # 2. the newest offer of each district, unless it is what is pinned or older
    chosen: dict[str, _Got] = {}
    outcome: dict[str, Outcome] = {}
    for district in rollup.districts:
        code, before = district.code, pins[district.code]
        gots = offers[code]
        if not gots:
            outcome[code] = "failed" if problems[code] else "missing" if before is None else "kept"
            continue
        best = max(gots, key=lambda g: (times[g.commit], g.slot or ""))
        if before is not None and before.commit == best.commit:
            outcome[code], chosen[code] = "same", best
        elif before is not None and store.is_ancestor(repo, best.commit, before.commit):
            outcome[code] = "kept"
            problems[code].append(problem("rollup-older", district.where, level="warning",
                                          label=district.name, commit=best.commit[:gitio.SHORT],
                                          pinned=before.short))
        else:
            outcome[code], chosen[code] = "new", best
    # 3. the new data read once more: a folder that is not there, or another district's
    new = {code: got for code, got in chosen.items() if outcome[code] == "new"}
    folders = store.read_folders(repo, [(g.commit, g.path) for g in new.values()])
    for district in rollup.districts:
        got = new.get(district.code)
        if got is None:
            continue
        folder = folders[(got.commit, got.path)]
        shown = f"{district.name}@{got.commit[:gitio.SHORT]}:{got.path}"
        if folder.missing == "no-folder":
            refused = [problem("rollup-no-folder", district.where, label=district.name,
                               commit=got.commit[:gitio.SHORT], path=got.path)]
        elif district.own:  # the city's own folder names the city, not its own units' district
            refused = []
        else:
            campaign, _ = load(Path(got.path), snapshot=Snapshot(folder.files, shown))
            refused = identity_problems(district, campaign, shown, district.name)
        if refused:
            problems[district.code] += refused
            outcome[district.code] = "failed"
            del chosen[district.code]
    # 4. the refs of every district in one transaction: the chosen offer's, or as they were
    store.take_all(repo, {code: got.slot for code, got in chosen.items()},
                   [d.code for d in rollup.districts])
    if remote is not None:  # so that colleagues' clones hold the commits rollup.lock pins
        try:
            store.share(repo, remote, push=True)
        except GitError as exc:
            general.append(exc.problem(None)._replace(level="warning"))
    results: list[Fetched] = []
    for district in rollup.districts:
        code, before = district.code, pins[district.code]
        got = chosen.get(code)
        if got is None:
            pin = before
        elif before is not None and before.commit == got.commit:
            pin = before._replace(name=district.name, path=got.path, origin=got.origin,
                                  where=district.where)
        else:
            pin = Pin(code=code, name=district.name, commit=got.commit, time=times[got.commit],
                      path=got.path, origin=got.origin, where=district.where)
        results.append(Fetched(district, outcome[code], pin, before, tuple(problems[code])))
    return _write_lock(repo, data_dir, results, general)


def _write_lock(repo: Path, data_dir: Path, results: list[Fetched], general: list[Problem]
                ) -> FetchResult:
    pins = [f.pin for f in results if f.pin is not None]
    text = lock_text(pins)
    lock_path = data_dir / LOCK_FILE
    old = lock_path.read_bytes() if lock_path.exists() else None
    changed = old != text.encode("utf-8")
    commit = ""
    if changed:
        from ..files import write_atomic

        write_atomic(lock_path, text.encode("utf-8"))
    if changed or gitio.has_changes(repo, lock_path):
        moved = [f"{f.district.name} {f.pin.short}" for f in results
                 if f.pin is not None and f.outcome == "new"]
        message = "rollup: " + ("、".join(moved) if moved else "更新 rollup.lock")
        if not gitio.has_identity(repo):
            general.append(problem("git-identity", None))
        else:
            try:
                # a repository made before rollup.lock was excepted from its .gitignore's
                # "*.lock" (nengli's edit locks): added by force once, tracked from then on
                rel = os.path.relpath(lock_path.resolve(), Path(repo).resolve()).replace("\\", "/")
                if gitio.run(["ls-files", "--error-unmatch", "--", rel], repo, check=False).returncode:
                    gitio.run(["add", "--force", "--", rel], repo)
                commit = gitio.commit_file(repo, lock_path, message)
            except GitError as exc:
                general.append(exc.problem(Source(display_name(lock_path))))
    return FetchResult(tuple(results), tuple(general), changed, commit)


def _own(repo: Path, data_dir: Path, district: District, path_in_repo: str,
         problems: list[Problem]) -> list[_Got]:
    """The city's own units: the last commit of this repository that changed its data."""
    path = district.path if district.path != "data" or path_in_repo == "data" else path_in_repo
    tip = store.resolve(repo, district.branch or "HEAD")
    commit = store.last_change(repo, tip, path) if tip is not None else None
    if commit is None:
        problems.append(problem("rollup-own-no-commit", district.where, label=district.name,
                                branch=district.branch or "HEAD"))
        return []
    if path == path_in_repo and gitio.provenance(data_dir).dirty:
        problems.append(problem("rollup-own-dirty", district.where, level="warning",
                                label=district.name, commit=commit[:gitio.SHORT]))
    return [_Got(commit, None, OWN, path)]


def _from_bundles(repo: Path, district: District, bundles: list[Path],
                  problems: list[Problem]) -> list[_Got]:
    """Each of the district's bundles verified, then fetched into a slot of its own."""
    out = []
    for i, path in enumerate(bundles):
        slot = f"{district.code}/{i}"
        try:
            bundle = store.verify_bundle(repo, path)
            commit = store.fetch(repo, str(path.resolve()), _bundle_ref(bundle, district), slot,
                                 network=False)
        except GitError as exc:
            problems.append(exc.problem(Source(display_name(path))))
            continue
        out.append(_Got(commit, slot, path.name, district.path))
    return out


def _from_repository(repo: Path, district: District, campaign_dir: Path,
                     problems: list[Problem]) -> list[_Got]:
    source = district.source
    local = None if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://|^[^/\\]+@[^/\\]+:", source) \
        else campaign_dir / source
    if local is not None and local.exists():
        source = str(local.resolve())
    ref = f"refs/heads/{district.branch}" if district.branch else "HEAD"
    slot = f"{district.code}/0"
    try:
        commit = store.fetch(repo, source, ref, slot, network=local is None)
    except GitError as exc:
        problems.append(exc.problem(district.where))
        return []
    return [_Got(commit, slot, district.source, district.path)]


def _bundle_ref(bundle: store.Bundle, district: District) -> str:
    if district.branch:
        ref = f"refs/heads/{district.branch}"
        if ref not in bundle.refs:
            raise GitError("rollup-bundle-branch", name=bundle.path.name, branch=district.branch,
                           known="、".join(r.removeprefix("refs/heads/") for r in bundle.refs
                                          if r.startswith("refs/heads/")) or "（没有）")
        return ref
    if "HEAD" in bundle.refs:
        return "HEAD"
    heads = [r for r in bundle.refs if r.startswith("refs/heads/")]
    if len(heads) == 1:
        return heads[0]
    raise GitError("rollup-bundle-branch", name=bundle.path.name, branch="HEAD",
                   known="、".join(r.removeprefix("refs/heads/") for r in heads) or "（没有）")
