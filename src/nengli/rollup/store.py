"""The git plumbing of nengli rollup: bundles, fetches into a namespace, files read at a commit.

Every git call goes through ``gitio.run`` (UTF-8, a timeout, none of the variables git gives
its hooks). A district's commits live under ``refs/rollup/<code>/``: ``head`` (the commit
pinned in rollup.lock) and, for a source that is itself a rollup (a city seen from the
province), ``sub/…``, its own districts' refs. Nothing is checked out or merged, and refs
under ``refs/rollup/`` are not branches: ``git log``, ``nengli sync`` and ``git push`` leave
them alone. Nothing here prints; failures are GitError with a message code.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, NamedTuple

from ..gitio import NETWORK_TIMEOUT, GitError, run
from ..read import MAX_BYTES

REFS = "refs/rollup"
#: where a fetch lands first, until nengli has decided whether to take it
INCOMING = "refs/rollup-incoming"
#: the districts' commits as a colleague's clone pushed them to the office's shared remote
SHARED = "refs/rollup-shared"
#: the files of a data folder that a rollup reads (phases/ is read whole)
TOP_FILES = ("units.yaml", "campaign.yaml", "rollup.yaml", "rollup.lock")
PHASES = "phases"


def head_ref(code: str) -> str:
    return f"{REFS}/{code}/head"


# ---- bundles ------------------------------------------------------------------------------

class Bundle(NamedTuple):
    """A bundle file's header: its refs (name -> commit) and the commits it needs."""

    path: Path
    refs: dict[str, str]
    prerequisites: tuple[str, ...]
    sha256: bool
    #: where the pack starts in the file
    offset: int


_SIGNATURES = (b"# v2 git bundle\n", b"# v3 git bundle\n")


def bundle_header(path: Path) -> Bundle:
    """The header of a bundle file, or GitError("rollup-bundle-bad") for a file that is not one."""
    name = path.name
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 20)
    except OSError as exc:
        raise GitError("rollup-bundle-unreadable", name=name, reason=exc.strerror or str(exc)) from None
    if not head.startswith(_SIGNATURES):
        raise GitError("rollup-bundle-bad", name=name, reason="这不是 git 数据包（开头的标记不对）")
    end = head.find(b"\n\n")
    if end < 0:
        raise GitError("rollup-bundle-bad", name=name, reason="数据包的头部不完整")
    refs: dict[str, str] = {}
    needs: list[str] = []
    sha256 = False
    for line in head[len(_SIGNATURES[0]):end].decode("utf-8", "replace").split("\n"):
        if line.startswith("@"):
            sha256 = sha256 or line.strip() == "@object-format=sha256"
        elif line.startswith("-"):
            needs.append(line[1:].split(" ")[0])
        elif " " in line:
            oid, ref = line.split(" ", 1)
            refs[ref] = oid
    return Bundle(path, refs, tuple(needs), sha256, end + 2)


def verify_bundle(repo: Path, path: Path) -> Bundle:
    """``git bundle verify`` (its header, and the commits it builds on are in ``repo``), then
    every object of its pack unpacked and its checksum checked, and every ref found among them:
    ``git bundle verify`` reads the header only, and a bundle damaged on the way (a USB stick
    pulled too soon, a mail server that changed bytes) or altered must be refused before any
    of it is fetched. GitError("rollup-bundle-bad") names the file and what is wrong."""
    bundle = bundle_header(path)
    name = path.name
    proc = run(["bundle", "verify", str(path.resolve())], repo, check=False)
    if proc.returncode != 0:
        said = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        missing = [ln for ln in said if "lacks these prerequisite" in ln or ln.startswith(("-", "error: "))]
        reason = ("它只含最近的改动，所需的早先数据本仓库没有" if missing and bundle.prerequisites
                  else (said[-1] if said else f"git bundle verify 退出码 {proc.returncode}"))
        raise GitError("rollup-bundle-bad", name=name, reason=reason)
    with tempfile.TemporaryDirectory(prefix="nengli-bundle-") as folder:
        pack = Path(folder) / "check.pack"
        try:
            with open(path, "rb") as src, open(pack, "wb") as dst:
                src.seek(bundle.offset)
                shutil.copyfileobj(src, dst, 1 << 20)
        except OSError as exc:
            raise GitError("rollup-bundle-unreadable", name=name, reason=exc.strerror or str(exc)) from None
        fmt = ["--object-format=sha256"] if bundle.sha256 else []
        proc = run(["index-pack", *fmt, str(pack)], Path(folder), check=False)
        if proc.returncode != 0:
            said = [ln for ln in proc.stderr.splitlines() if ln.strip()]
            raise GitError("rollup-bundle-bad", name=name,
                           reason="其中的数据已损坏或被改动（" + (said[-1] if said else "git index-pack 失败") + "）")
        held = pack_objects(pack.with_suffix(".idx").read_bytes(), 32 if bundle.sha256 else 20)
    absent = [ref for ref, oid in bundle.refs.items() if oid not in held]
    if absent:
        raise GitError("rollup-bundle-bad", name=name,
                       reason=f"头部列出的 {absent[0]} 不在其中的数据里（数据包被改动过）")
    return bundle


def pack_objects(idx: bytes, width: int) -> set[str]:
    """The object ids a pack index (version 2, as git index-pack writes it) lists."""
    if idx[:4] != b"\xfftOc" or int.from_bytes(idx[4:8], "big") != 2:
        return set()
    count = int.from_bytes(idx[8 + 255 * 4: 8 + 256 * 4], "big")
    start = 8 + 256 * 4
    return {idx[start + i * width: start + (i + 1) * width].hex() for i in range(count)}


def create_bundle(repo: Path, out: Path, refs: list[str]) -> Bundle:
    """A bundle of ``refs`` (and refs/rollup/*, a rollup's districts) written to ``out``:
    made beside it, verified, then moved into place; a failure leaves nothing behind."""
    tmp = out.with_name(out.name + ".tmp")
    try:
        run(["bundle", "create", str(tmp.resolve()), *refs, f"--glob={REFS}/*"], repo)
        bundle = verify_bundle(repo, tmp)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return bundle._replace(path=out)


# ---- fetching into the district's namespace -------------------------------------------------

def fetch(repo: Path, source: str, ref: str, slot: str, *, network: bool) -> str:
    """Fetch ``ref`` of ``source`` (a repository's path or URL, or a bundle file) and its
    rollup refs into ``refs/rollup-incoming/<slot>/``; the commit fetched. Nothing outside
    that namespace changes until ``take`` moves it in."""
    incoming = f"{INCOMING}/{slot}"
    proc = run(["-c", "protocol.ext.allow=never", "fetch", "--quiet", "--no-tags", source,
                f"+{ref}:{incoming}/head", f"+{REFS}/*:{incoming}/sub/*"], repo, check=False,
               timeout=NETWORK_TIMEOUT if network else 120)
    if proc.returncode != 0:
        said = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        detail = next((ln for ln in said if ln.startswith(("fatal:", "error:"))), said[-1] if said else "")
        raise GitError("rollup-fetch-failed", address=source, detail=detail or f"退出码 {proc.returncode}")
    return run(["rev-parse", f"{incoming}/head^{{commit}}"], repo).stdout.strip()


def take_all(repo: Path, chosen: dict[str, str | None], codes: list[str]) -> None:
    """In one ref transaction, for each district of ``codes``: ``refs/rollup/<code>/`` made
    exactly what its chosen slot fetched (``chosen[code]``; a code not in ``chosen`` keeps its
    refs, as does one chosen with None, this repository's own commits); every incoming ref of
    those districts removed."""
    out = run(["for-each-ref", "--format=%(objectname) %(refname)", REFS + "/", INCOMING + "/"],
              repo).stdout
    refs = {ref: oid for oid, _, ref in (line.partition(" ") for line in out.splitlines()) if ref}
    lines = []
    for code in codes:
        slot = chosen.get(code)
        if slot is not None:
            prefix = f"{INCOMING}/{slot}/"
            new = {f"{REFS}/{code}/" + ref[len(prefix):]: oid for ref, oid in refs.items()
                   if ref.startswith(prefix)}
            lines += [f"delete {ref}" for ref in refs
                      if ref.startswith(f"{REFS}/{code}/") and ref not in new]
            lines += [f"update {ref} {oid}" for ref, oid in sorted(new.items())]
        lines += [f"delete {ref}" for ref in refs if ref.startswith(f"{INCOMING}/{code}/")]
    if lines:
        run(["update-ref", "--stdin"], repo, data=("\n".join(lines) + "\n").encode("utf-8"))


def share(repo: Path, remote: str, *, push: bool) -> None:
    """Exchange the districts' commits with the office's shared remote, where the clerks'
    clones meet: fetch them (into ``refs/rollup-shared/``, objects only: what this clone pins
    is rollup.lock's to say), or push this clone's ``refs/rollup/``. GitError on failure."""
    args = (["push", "--quiet", "--force", remote, f"{REFS}/*:{REFS}/*"] if push else
            ["fetch", "--quiet", "--no-tags", remote, f"+{REFS}/*:{SHARED}/*"])
    proc = run(args, repo, check=False, timeout=NETWORK_TIMEOUT)
    if proc.returncode != 0:
        said = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        raise GitError("rollup-share-failed", remote=remote,
                       detail=next((ln for ln in said if ln.startswith(("fatal:", "error:"))),
                                   said[-1] if said else f"退出码 {proc.returncode}"))


def resolve(repo: Path, rev: str) -> str | None:
    proc = run(["rev-parse", "-q", "--verify", f"{rev}^{{commit}}"], repo, check=False)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def own_data_paths(path: str) -> list[str]:
    """The files of the data folder ``path`` that hold the data (not rollup.yaml nor the lock)."""
    prefix = "" if path in (".", "") else path.rstrip("/") + "/"
    return [f"{prefix}units.yaml", f"{prefix}campaign.yaml", f"{prefix}{PHASES}"]


def last_change(repo: Path, rev: str, path: str) -> str | None:
    """The last commit reachable from ``rev`` that changed the data of the folder ``path``:
    the version of a repository's own data, which the commit of rollup.lock does not move."""
    proc = run(["log", "-1", "--format=%H", rev, "--", *own_data_paths(path)], repo, check=False)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def is_ancestor(repo: Path, older: str, newer: str) -> bool:
    return run(["merge-base", "--is-ancestor", older, newer], repo, check=False).returncode == 0


# ---- reading objects ------------------------------------------------------------------------

def cat_batch(repo: Path, names: list[str], *, check_only: bool = False
              ) -> dict[str, tuple[str, str, bytes | int] | None]:
    """Many objects in one ``git cat-file --batch``: name -> (oid, type, content) (with
    ``check_only``: the size instead of the content), None where there is no such object."""
    if not names:
        return {}
    wanted = list(dict.fromkeys(names))
    proc = run(["cat-file", "--batch-check" if check_only else "--batch"], repo,
               data="".join(n + "\n" for n in wanted).encode("utf-8"), binary=True)
    data = proc.stdout
    out: dict[str, tuple[str, str, bytes | int] | None] = {}
    pos = 0
    for name in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].decode("utf-8", "replace").split(" ")
        pos = end + 1
        if len(header) != 3 or header[1] in ("missing", "ambiguous"):
            out[name] = None
            continue
        oid, kind, size = header[0], header[1], int(header[2])
        if check_only:
            out[name] = (oid, kind, size)
        else:
            out[name] = (oid, kind, data[pos:pos + size])
            pos += size + 1
    return out


def tree_entries(content: bytes, width: int = 20) -> dict[str, tuple[str, str]]:
    """A tree object's entries: name -> (mode, oid); ``width`` is the bytes of an object id
    (20 for SHA-1, 32 for SHA-256)."""
    entries: dict[str, tuple[str, str]] = {}
    pos = 0
    while pos < len(content):
        space = content.index(b" ", pos)
        nul = content.index(b"\0", space)
        mode = content[pos:space].decode("ascii")
        name = content[space + 1:nul].decode("utf-8", "surrogateescape")
        oid = content[nul + 1:nul + 1 + width].hex()
        entries[name] = (mode, oid)
        pos = nul + 1 + width
    return entries


def commit_times(repo: Path, commits: Iterable[str]) -> dict[str, dt.datetime]:
    """Each commit's committer time in the committer's own time zone."""
    found = cat_batch(repo, list(commits))
    out: dict[str, dt.datetime] = {}
    for name, got in found.items():
        if got is None or got[1] != "commit":
            continue
        for line in bytes(got[2]).split(b"\n"):  # type: ignore[arg-type]
            if not line:
                break
            if line.startswith(b"committer "):
                stamp, zone = line.rsplit(b" ", 2)[1:]
                sign = -1 if zone.startswith(b"-") else 1
                minutes = int(zone[1:3]) * 60 + int(zone[3:5])
                tz = dt.timezone(sign * dt.timedelta(minutes=minutes))
                out[name] = dt.datetime.fromtimestamp(int(stamp), tz)
                break
    return out


class Folder(NamedTuple):
    """The files of a data folder at a commit (for load's Snapshot), or why it has none."""

    files: dict[str, bytes]
    #: "" when read; else "no-folder" (no such folder in the commit), "no-commit" (the commit
    #: is not in this repository), or "too-big:<name>:<MB>" (a file past read.MAX_BYTES)
    missing: str = ""


def read_folders(repo: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], Folder]:
    """The data folders ``(commit, path)``, all of them in four git processes whatever their
    number: their trees, the phases/ trees, the sizes of the files, then the files.

    Only what the loader reads is taken: TOP_FILES and the files directly in phases/ (a file
    there that is not .yaml is listed with no content: the loader only names it)."""
    out: dict[tuple[str, str], Folder] = {}
    if not wanted:
        return out

    def spec(commit: str, path: str) -> str:
        return f"{commit}^{{tree}}" if path in (".", "") else f"{commit}:{path}"

    commits = cat_batch(repo, [c for c, _ in wanted], check_only=True)
    trees = cat_batch(repo, [spec(c, p) for c, p in wanted if commits.get(c)])
    tops: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    for commit, path in wanted:
        if not commits.get(commit):
            out[(commit, path)] = Folder({}, "no-commit")
            continue
        got = trees.get(spec(commit, path))
        if got is None or got[1] != "tree":
            out[(commit, path)] = Folder({}, "no-folder")
            continue
        tops[(commit, path)] = tree_entries(got[2], len(got[0]) // 2)  # type: ignore[arg-type]
    phase_trees = cat_batch(repo, [entries[PHASES][1] for entries in tops.values()
                                   if entries.get(PHASES, ("", ""))[0] == "40000"])
    blobs: dict[tuple[str, str], dict[str, str]] = {}
    for key, entries in tops.items():
        mine = {name: oid for name, (mode, oid) in entries.items()
                if name in TOP_FILES and mode.startswith("100")}
        sub = phase_trees.get(entries.get(PHASES, ("", ""))[1])
        if sub is not None:
            for name, (mode, oid) in tree_entries(sub[2], len(sub[0]) // 2).items():  # type: ignore[arg-type]
                if mode.startswith("100"):
                    mine[f"{PHASES}/{name}"] = oid
        blobs[key] = mine
    wanted_blobs = [oid for mine in blobs.values() for name, oid in mine.items() if _read_whole(name)]
    sizes = cat_batch(repo, wanted_blobs, check_only=True)
    small = [oid for oid in wanted_blobs if sizes.get(oid) and int(sizes[oid][2]) <= MAX_BYTES]  # type: ignore[index, arg-type]
    contents = cat_batch(repo, small)
    for key, mine in blobs.items():
        files: dict[str, bytes] = {}
        missing = ""
        for name, oid in sorted(mine.items()):
            if not _read_whole(name):
                files[name] = b""
                continue
            got = contents.get(oid)
            if got is None:
                size = sizes.get(oid)
                missing = missing or f"too-big:{name}:{int(size[2]) // 2**20 if size else 0}"  # type: ignore[arg-type]
                continue
            files[name] = got[2]  # type: ignore[assignment]
        out[key] = Folder(files, missing)
    return out


def _read_whole(name: str) -> bool:
    """Whether the loader reads this file's content (TOP_FILES, phases/*.yaml|yml)."""
    return not name.startswith(PHASES + "/") or name.lower().endswith((".yaml", ".yml"))
