"""What state a clone is in, read from the files under .git without running git.

Every command that reads data asks ``unmerged`` first: while git has a file of the data
folder in conflict (a ``git pull`` stopped, a ``git stash pop`` that clashed), that file may
hold one side only, and nothing may be computed or written from it. Asking git (``git ls-files
-u``) would add a process to every command; the answer is in the index file itself (an entry's
stage is in its flags), so it is read here, and git is asked only when the index is in a form
this reader does not know (a split or sparse index).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

#: what a git operation left unfinished, by the file it leaves in the git folder:
#: (what, the command that cancels it)
IN_PROGRESS = {"MERGE_HEAD": ("合并", "git merge --abort"),
               "rebase-merge": ("变基", "git rebase --abort"),
               "rebase-apply": ("变基", "git rebase --abort"),
               "CHERRY_PICK_HEAD": ("拣选", "git cherry-pick --abort"),
               "REVERT_HEAD": ("还原", "git revert --abort"),
               "BISECT_LOG": ("二分查找", "git bisect reset")}
#: unmerged files and none of the files above: a ``git stash pop`` (or apply) that clashed
STASH = ("取出暂存的修改（git stash pop）", "git reset --merge")


class Repo(NamedTuple):
    """A work tree's git folders: ``git_dir`` holds its index and the files of an unfinished
    merge; ``common_dir`` its config and hooks (the same folder, but in a linked worktree)."""

    top: Path
    git_dir: Path
    common_dir: Path


def find_repo(start: Path) -> Repo | None:
    """The repository whose work tree holds ``start``, found as git finds it (a .git folder,
    or a .git file naming the folder: a linked worktree or a submodule); None outside one."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return Repo(folder, dot, dot)
        if dot.is_file():
            try:
                text = dot.read_text("utf-8", "replace").strip()
            except OSError:
                return None
            if not text.startswith("gitdir:"):
                return None
            git_dir = (folder / text[len("gitdir:"):].strip()).resolve()
            common = git_dir
            try:
                named = (git_dir / "commondir").read_text("utf-8", "replace").strip()
                common = (git_dir / named).resolve()
            except OSError:
                pass
            return Repo(folder, git_dir, common)
    return None


def in_progress(repo: Repo) -> tuple[str, str] | None:
    """The unfinished merge, rebase … of the work tree: (what, command that cancels it)."""
    for name, said in IN_PROGRESS.items():
        if (repo.git_dir / name).exists():
            return said
    return None


class UnknownIndex(Exception):
    """The index is in a form read here only by git itself."""


def unmerged_paths(repo: Repo) -> list[str]:
    """The paths (from the top of the work tree, with /) that have conflict stages in the
    index: each once, in index order. UnknownIndex when only git can tell."""
    try:
        data = (repo.git_dir / "index").read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UnknownIndex(str(exc)) from None
    return _index_unmerged(data)


def _index_unmerged(data: bytes) -> list[str]:
    """The unmerged paths of an index file (git's index-format: versions 2 to 4)."""
    if len(data) < 12 or data[:4] != b"DIRC":
        raise UnknownIndex("no index signature")
    version = int.from_bytes(data[4:8], "big")
    count = int.from_bytes(data[8:12], "big")
    if version not in (2, 3, 4):
        raise UnknownIndex(f"index version {version}")
    out: list[str] = []
    pos, previous = 12, b""
    for _ in range(count):
        flags = int.from_bytes(data[pos + 60:pos + 62], "big")
        head = 62 + (2 if flags & 0x4000 and version >= 3 else 0)
        if version == 4:
            # the name is the previous one less N bytes (a varint), then a NUL-ended suffix
            p, strip = pos + head, 0
            byte = data[p]
            strip = byte & 0x7F
            p += 1
            while byte & 0x80:
                byte = data[p]
                strip = ((strip + 1) << 7) | (byte & 0x7F)
                p += 1
            end = data.index(b"\0", p)
            name = previous[:len(previous) - strip] + data[p:end]
            pos = end + 1
        else:
            length = flags & 0xFFF
            start = pos + head
            end = start + length if length < 0xFFF else data.index(b"\0", start)
            name = data[start:end]
            pos += ((head + len(name)) // 8 + 1) * 8  # NUL-padded to a multiple of 8
        if flags & 0x3000 and (not out or out[-1] != name.decode("utf-8", "replace")):
            out.append(name.decode("utf-8", "replace"))
        previous = name
    # a split index keeps most entries elsewhere, a sparse one folds folders into one entry
    if b"link" in _extensions(data, pos) or b"sdir" in _extensions(data, pos):
        raise UnknownIndex("split or sparse index")
    return out


def _extensions(data: bytes, pos: int) -> set[bytes]:
    names = set()
    end = len(data) - 20  # the checksum (sha1; a sha256 repository's is longer, which only
    while pos + 8 <= end:  # ends the walk early on a signature that is not an extension)
        names.add(data[pos:pos + 4])
        pos += 8 + int.from_bytes(data[pos + 4:pos + 8], "big")
    return names


def unmerged_data(data_dir: Path) -> tuple[Repo, list[str]] | None:
    """The repository and the unmerged files of the data folder (paths from the top of the
    work tree), or None when there are none (or no repository). Runs git only for an index
    it cannot read itself."""
    repo = find_repo(data_dir)
    if repo is None:
        return None
    try:
        paths = unmerged_paths(repo)
    except UnknownIndex:
        from . import gitio

        try:
            out = gitio.run(["ls-files", "-u", "-z"], repo.top).stdout
        except gitio.GitError:
            return None
        paths = list(dict.fromkeys(entry.split("\t", 1)[1] for entry in out.split("\0")
                                   if "\t" in entry))
    if not paths:
        return None
    rel = os.path.relpath(Path(data_dir).resolve(), repo.top).replace("\\", "/")
    prefix = "" if rel == "." else rel.rstrip("/") + "/"
    mine = [p for p in paths if p.startswith(prefix)]
    return (repo, mine) if mine else None


def unmerged_problems(data_dir: Path) -> list:
    """One error while git has files of the data folder in conflict: which files (at the
    first conflict marker of the first), what git left unfinished, and how to go on."""
    from .model import Source
    from .problems import problem
    from .read import display_name

    found = unmerged_data(data_dir)
    if found is None:
        return []
    repo, paths = found
    shown = [display_name(repo.top / p) for p in paths]
    where, excerpt = Source(shown[0]), ""
    try:
        with open(repo.top / paths[0], encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                if line.startswith("<<<<<<<"):
                    where, excerpt = Source(shown[0], number, 1), line
                    break
    except OSError:
        pass
    what, abort = in_progress(repo) or STASH
    return [problem("git-unmerged", where, excerpt=excerpt, what=what, files="、".join(shown),
                    abort=abort)]
