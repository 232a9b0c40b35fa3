"""Every call to git: provenance of the data, one-file commits, sync's plumbing (the history
of the records and the roster is history.py's, the merge driver's registration driver.py's).

git is run as a program (never through a shell), with UTF-8 in and out and paths shown
unquoted, so Chinese file names survive on every platform. Nothing here prints; failures are
``GitError`` carrying a message code, which the caller turns into a Problem.
"""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from .layout import is_own_file
from .problems import ProblemError

#: git's own messages in English (they are parsed), paths unquoted, no pager, never a prompt
_CONFIG = ("-c", "core.quotepath=false", "-c", "color.ui=false", "-c", "i18n.logOutputEncoding=utf-8")
#: characters of a commit id shown in documents
SHORT = 7


class GitError(ProblemError):
    """A git failure, as a message code of messages.py and its fields."""


#: what git exports to its hooks and drivers (``git rev-parse --local-env-vars``): inherited,
#: they would point a git run in another folder at the wrong repository
_LOCAL_VARS = ("GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS",
               "GIT_CONFIG_COUNT", "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE",
               "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE", "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS",
               "GIT_REPLACE_REF_BASE", "GIT_PREFIX", "GIT_INTERNAL_SUPER_PREFIX", "GIT_SHALLOW_FILE",
               "GIT_COMMON_DIR")
#: seconds a local git command may take; fetch and push get NETWORK_TIMEOUT
TIMEOUT = 120
NETWORK_TIMEOUT = 300


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in _LOCAL_VARS and not k.startswith("GIT_CONFIG_KEY_")
           and not k.startswith("GIT_CONFIG_VALUE_")}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", PAGER="cat", LC_ALL="C", LANGUAGE="C",
               GIT_MERGE_AUTOEDIT="no")
    return env


def run(args: list[str], cwd: Path, *, check: bool = True, data: bytes | None = None,
        binary: bool = False, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """``git ARGS`` in ``cwd``; text is UTF-8 (or bytes when ``binary``)."""
    try:
        proc = subprocess.run(
            ["git", *_CONFIG, *args], cwd=str(cwd), input=data if binary else
            (data.decode("utf-8") if data is not None else None),
            capture_output=True, env=_env(), timeout=timeout,
            **({} if binary else {"encoding": "utf-8", "errors": "replace"}))
    except FileNotFoundError:
        raise GitError("git-missing") from None
    except subprocess.TimeoutExpired:
        raise GitError("git-timeout", command=f"git {args[0]}", seconds=int(timeout)) from None
    except OSError as exc:
        raise GitError("git-failed", reason=str(exc), hint="请确认 git 已正确安装。") from None
    if check and proc.returncode != 0:
        err = proc.stderr if not binary else proc.stderr.decode("utf-8", "replace")
        raise GitError("git-failed", reason=(err or "").strip() or f"git {args[0]} 退出码 {proc.returncode}",
                       hint="请在命令行中运行 git status 查看仓库状态。")
    return proc


def repo_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path``, or None outside one. Raises
    GitError("git-missing") when git is not installed: not being in a repository is another
    matter, with another remedy."""
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    try:
        proc = run(["rev-parse", "--show-toplevel"], folder, check=False)
    except GitError as exc:
        if exc.code == "git-missing":
            raise
        return None
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    return Path(proc.stdout.strip())


def has_identity(cwd: Path) -> bool:
    """Whether git knows who commits (user.name and user.email, from any config level)."""
    return run(["var", "GIT_COMMITTER_IDENT"], cwd, check=False).returncode == 0 and \
        run(["var", "GIT_AUTHOR_IDENT"], cwd, check=False).returncode == 0


def _retrying(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run, waiting while another git process holds the index (several nengli at once)."""
    for _ in range(80):
        proc = run(args, cwd, check=False)
        if proc.returncode == 0 or "index.lock" not in proc.stderr:
            break
        time.sleep(0.25)
    if proc.returncode != 0:
        raise GitError("git-failed", reason=(proc.stderr or proc.stdout).strip(),
                       hint="请在命令行中运行 git status 查看仓库状态。")
    return proc


def commit_file(repo: Path, path: Path, message: str) -> str:
    """Commit exactly ``path`` with ``message``; returns the short commit id.

    ``git commit -- PATH`` (``--only``) commits the file's working-tree content and nothing
    else: whatever else the user has staged stays staged, and unstaged edits stay unstaged.
    """
    rel = os.path.relpath(Path(path).resolve(), Path(repo).resolve()).replace("\\", "/")
    _retrying(["add", "--", rel], repo)
    _retrying(["commit", "--quiet", "--no-edit", "-m", message, "--only", "--", rel], repo)
    return run(["rev-parse", "--short", "HEAD"], repo).stdout.strip()


def has_changes(repo: Path, path: Path) -> bool:
    """Whether ``path`` differs from its last commit (staged, unstaged, or not yet tracked)."""
    rel = os.path.relpath(Path(path).resolve(), Path(repo).resolve()).replace("\\", "/")
    return bool(run(["status", "--porcelain", "--", rel], repo).stdout.strip())


def merge_file(ours: bytes, base: bytes, theirs: bytes, labels: tuple[str, str, str]
               ) -> tuple[bytes, int]:
    """``git merge-file``: the line merge of three texts and its number of conflicts."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="nengli-merge-") as folder:
        names = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            (Path(folder) / name).write_bytes(data)
            names.append(name)
        args = ["merge-file", "-p"]
        for label in labels:
            args += ["-L", label]
        proc = run([*args, *names], Path(folder), check=False, binary=True)
    if proc.returncode > 127 or proc.returncode < 0:
        raise GitError("git-failed", reason=proc.stderr.decode("utf-8", "replace").strip(),
                       hint="请确认 git 已正确安装。")
    return proc.stdout, proc.returncode


# ---- sharing with the office's repository (nengli sync) ---------------------------------------

#: what a git operation left unfinished, by the file it leaves in .git: (what, how to cancel)
_IN_PROGRESS = {"MERGE_HEAD": ("合并", "merge --abort"), "rebase-merge": ("变基", "rebase --abort"),
                "rebase-apply": ("变基", "rebase --abort"),
                "CHERRY_PICK_HEAD": ("拣选", "cherry-pick --abort"),
                "REVERT_HEAD": ("还原", "revert --abort"), "BISECT_LOG": ("二分查找", "bisect reset")}
#: git's words (LC_ALL=C) for a remote that refused the login, and for one that cannot be reached
_AUTH = ("Authentication failed", "Permission denied", "could not read Username",
         "could not read Password", "terminal prompts disabled", "error: 401", "error: 403",
         "Access denied", "Invalid username or password", "Host key verification failed")
_UNREACHABLE = ("Could not resolve", "Connection refused", "timed out", "Failed to connect",
                "Network is unreachable", "does not appear to be a git repository",
                "not found", "error: 404", "No such file or directory", "unable to access",
                "Could not read from remote repository", "Connection reset", "Connection closed")


def in_progress(repo: Path) -> tuple[str, str] | None:
    """The unfinished merge, rebase … in the repository: (what, git command that cancels it)."""
    names = list(_IN_PROGRESS)
    args = ["rev-parse"]
    for name in names:
        args += ["--git-path", name]
    paths = run(args, repo).stdout.splitlines()
    for name, path in zip(names, paths):
        if (Path(repo) / path).exists():
            return _IN_PROGRESS[name]
    return None


def current_branch(repo: Path) -> str | None:
    """The checked-out branch, or None on a detached HEAD."""
    proc = run(["symbolic-ref", "-q", "--short", "HEAD"], repo, check=False)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def upstream(repo: Path, branch: str) -> tuple[str, str, bool] | None:
    """(remote, branch there, configured) the branch shares with: its upstream, else origin
    (or the only remote) under the same branch name; None without any remote."""
    remote = run(["config", "--get", f"branch.{branch}.remote"], repo, check=False).stdout.strip()
    merge = run(["config", "--get", f"branch.{branch}.merge"], repo, check=False).stdout.strip()
    if remote and remote != "." and merge.startswith("refs/heads/"):
        return remote, merge[len("refs/heads/"):], True
    remotes = run(["remote"], repo).stdout.split()
    if not remotes:
        return None
    return ("origin" if "origin" in remotes else remotes[0]), branch, False


def remote_url(repo: Path, remote: str) -> str:
    return run(["remote", "get-url", remote], repo, check=False).stdout.strip()


def _remote_error(proc: subprocess.CompletedProcess, remote: str, url: str) -> GitError:
    said = (proc.stderr or proc.stdout or "").strip()
    last = said.splitlines()[-1] if said else ""
    detail = next((ln for ln in said.splitlines() if ln.startswith(("fatal:", "remote:", "ERROR"))),
                  last)
    if any(word in said for word in _AUTH):
        return GitError("sync-auth", remote=remote, url=url, detail=detail)
    if any(word in said for word in _UNREACHABLE):
        return GitError("sync-unreachable", remote=remote, url=url, detail=detail)
    return GitError("git-failed", reason=said or f"退出码 {proc.returncode}",
                    hint="请在命令行中运行 git status 查看仓库状态。")


def fetch(repo: Path, remote: str) -> None:
    proc = run(["fetch", "--quiet", remote], repo, check=False, timeout=NETWORK_TIMEOUT)
    if proc.returncode != 0:
        raise _remote_error(proc, remote, remote_url(repo, remote))


def reachable(repo: Path, remote: str, timeout: float) -> None:
    """Whether ``remote`` answers, read only (git ls-remote); raises the GitError fetch would."""
    proc = run(["ls-remote", "--heads", remote], repo, check=False, timeout=timeout)
    if proc.returncode != 0:
        raise _remote_error(proc, remote, remote_url(repo, remote))


def push(repo: Path, remote: str, branch: str, *, set_upstream: bool) -> bool:
    """Push HEAD to ``branch`` of ``remote``; False when the remote has moved on meanwhile."""
    args = ["push", "--quiet", *(["--set-upstream"] if set_upstream else []), remote,
            f"HEAD:refs/heads/{branch}"]
    proc = run(args, repo, check=False, timeout=NETWORK_TIMEOUT)
    if proc.returncode == 0:
        return True
    said = proc.stderr
    if "[rejected]" in said and ("non-fast-forward" in said or "fetch first" in said):
        return False
    if "[remote rejected]" in said or "hook declined" in said:
        raise GitError("sync-push-refused", remote=remote, branch=branch,
                       detail=said.strip().splitlines()[-1])
    raise _remote_error(proc, remote, remote_url(repo, remote))


def commit_id(repo: Path, rev: str) -> str | None:
    """The full id of ``rev``, or None when there is no such commit."""
    proc = run(["rev-parse", "-q", "--verify", f"{rev}^{{commit}}"], repo, check=False)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def count_commits(repo: Path, revisions: str) -> int:
    return int(run(["rev-list", "--count", revisions], repo).stdout.strip() or 0)


def merge_base(repo: Path, a: str, b: str) -> str | None:
    proc = run(["merge-base", a, b], repo, check=False)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def changed_paths(repo: Path) -> list[tuple[str, str]]:
    """(status, path) of every change in the work tree and index, untracked files included."""
    out = run(["status", "--porcelain=v1", "-z", "--untracked-files=all"], repo).stdout
    parts = out.split("\0")
    found, i = [], 0
    while i < len(parts):
        entry = parts[i]
        i += 1
        if len(entry) < 4:
            continue
        found.append((entry[:2], entry[3:]))
        if entry[0] in "RC":
            i += 1  # the name it had before
    return found


def blob(repo: Path, rev: str, path: str) -> bytes | None:
    """The file ``path`` (from the top of the repository) as it is in ``rev``; None if absent."""
    proc = run(["cat-file", "blob", f"{rev}:{path}"], repo, check=False, binary=True)
    return proc.stdout if proc.returncode == 0 else None


def merge(repo: Path, rev: str, *, fast_forward: bool) -> list[str] | None:
    """Merge ``rev`` into the work tree without committing (or fast-forward to it); the paths
    left in conflict ([] when clean), or None when the histories share nothing."""
    args = ["merge", "--ff-only", rev] if fast_forward else \
        ["merge", "--no-ff", "--no-commit", "--no-edit", rev]
    proc = run(args, repo, check=False)
    if proc.returncode == 0:
        return []
    if "unrelated histories" in proc.stderr:
        return None
    conflicted = run(["diff", "--name-only", "-z", "--diff-filter=U"], repo).stdout.split("\0")
    conflicted = [p for p in conflicted if p]
    if not conflicted:
        raise GitError("git-failed", reason=(proc.stderr or proc.stdout).strip(),
                       hint="请在命令行中运行 git status 查看仓库状态。")
    return conflicted


def abort_merge(repo: Path) -> None:
    run(["merge", "--abort"], repo)


def commit_merge(repo: Path, message: str) -> str:
    _retrying(["commit", "--quiet", "--no-edit", "-m", message], repo)
    return run(["rev-parse", "--short", "HEAD"], repo).stdout.strip()


def init_repo(folder: Path) -> None:
    run(["init", "--quiet"], folder)


def commit_paths(repo: Path, paths: list[Path], message: str) -> str:
    """Add and commit exactly ``paths`` (the first commit of ``nengli init``)."""
    rels = [os.path.relpath(Path(p).resolve(), Path(repo).resolve()).replace("\\", "/") for p in paths]
    _retrying(["add", "--", *rels], repo)
    _retrying(["commit", "--quiet", "--no-edit", "-m", message, "--", *rels], repo)
    return run(["rev-parse", "--short", "HEAD"], repo).stdout.strip()


# ---- provenance ---------------------------------------------------------------------------

class Provenance(NamedTuple):
    """Which version of the data a document was made from."""

    in_git: bool
    commit: str = ""
    full: str = ""
    date: dt.date | None = None
    dirty: bool = False
    #: not in git because git is not installed on this computer
    git_missing: bool = False

    def facts(self) -> dict[str, Any]:
        return {"in_git": self.in_git, "commit": self.commit, "full_commit": self.full,
                "date": self.date, "dirty": self.dirty, "git_missing": self.git_missing}


def provenance(data_dir: Path) -> Provenance:
    """The last commit that changed ``data_dir``, its date, and whether the folder has changes
    not yet committed. Same commit and clean folder: same answer, every time."""
    data_dir = Path(data_dir)
    # git status answers outside a work tree (fails) and before the first commit (no oid), so
    # git log runs only where there is a commit to name: two processes at most
    status = run(["status", "--porcelain=v2", "--branch", "--untracked-files=all", "--", "."],
                 data_dir, check=False)
    if status.returncode != 0:
        return Provenance(in_git=False)
    lines = status.stdout.splitlines()
    # an entry's path ends the line (a rename: the new path, before the tab)
    dirty = any(line.strip() and not line.startswith("#")
                and not is_own_file(line.split("\t")[0].rstrip().rstrip('"'))
                for line in lines)
    if "# branch.oid (initial)" in lines:  # no commit yet
        return Provenance(in_git=True, dirty=True)
    # %cd with --date=short rather than %cs, which git before 2.21 (统信 UOS 20 has 2.20) prints as is
    log = run(["log", "-1", "--date=short", "--format=%H %cd", "--", "."], data_dir, check=False)
    full = short = ""
    date = None
    parts = log.stdout.split() if log.returncode == 0 else []
    if len(parts) == 2:
        # a fixed length, not git's %h, whose length grows with the repository
        full, short = parts[0], parts[0][:SHORT]
        date = dt.date.fromisoformat(parts[1])
    return Provenance(in_git=True, commit=short, full=full, date=date, dirty=dirty or not full)


def cat_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Many blobs in one git process: blob id -> bytes."""
    if not blobs:
        return {}
    proc = run(["cat-file", "--batch"], root, data="".join(b + "\n" for b in blobs).encode(),
               binary=True)
    data = proc.stdout
    out: dict[str, bytes] = {}
    pos = 0
    while pos < len(data):
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        out[header[0].decode()] = data[pos:pos + size]
        pos += size + 1
    return out
