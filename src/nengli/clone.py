"""``nengli setup``: what a clerk's clone needs once, right after ``git clone``.

A clone gets the repository's files, never its local settings: without this, a new clerk's
first ``git pull`` merges the data files line by line (two registrations next to each other
conflict), commits carry no name, and a file left with conflict markers can be committed.
One command does all of it, and says what it did:

1. the merge driver (driver.register_merge_driver), so ``git pull``, TortoiseGit and VS Code
   merge the data files record by record;
2. the identity git commits with (it is only checked: the name is the clerk's to give);
3. a pre-commit hook that runs ``nengli check`` when data files are committed, and refuses a
   commit of data with errors or with conflict markers left in it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import gitio
from .driver import launch_nengli, register_merge_driver, sh_quoted
from .model import Problem
from .problems import problem

#: the first lines of the hook nengli writes; a hook without them is the user's, and stays
HOOK_MARK = "# nengli: 提交前检查数据"


@dataclass
class SetupResult:
    problems: list[Problem] = field(default_factory=list)
    #: the merge driver was registered now (False: it was there already)
    driver: bool = False
    identity: str = ""
    #: the hook's path (shown from the top of the repository) and what happened to it
    hook: str = ""
    hook_state: str = ""  # "installed", "updated", "same", "foreign"


def hook_script(prefix: str) -> str:
    """The pre-commit hook: nothing to do when no data file is staged, else nengli check on
    the data folder (``prefix``, from the top of the work tree), found as the merge driver
    finds nengli; a commit is refused when no nengli can run, and says how to go on."""
    where = prefix.rstrip("/") or "."
    data = sh_quoted(where)
    return (
        "#!/bin/sh\n"
        f"{HOOK_MARK}（由 nengli setup 安装；删去这个文件就不再检查）\n"
        f"git diff --cached --quiet -- {data} && exit 0\n"
        + launch_nengli(f"check --data {data}", done="0 1").replace("fi; if command", "fi\nif command")
        .rstrip("; ")
        + "\necho \"nengli：找不到可以运行的 nengli，无法在提交前检查数据。请运行 nengli setup；"
          "确要不经检查就提交，用 git commit --no-verify。\" >&2\nexit 1\n")


def setup(data_dir: Path) -> SetupResult:
    """Set the clone of ``data_dir`` up for a clerk; problems say what could not be done."""
    from .read import display_name

    result = SetupResult()
    try:
        root = gitio.repo_root(data_dir)
        if root is None:
            result.problems.append(problem("setup-not-git", None, path=display_name(data_dir)))
            return result
        result.driver = register_merge_driver(data_dir)
        ident = gitio.run(["var", "GIT_AUTHOR_IDENT"], root, check=False)
        if ident.returncode == 0 and gitio.has_identity(root):
            result.identity = ident.stdout.strip().rsplit(" ", 2)[0]
        else:
            result.problems.append(problem("git-identity", None))
        hooks = root / gitio.run(["rev-parse", "--git-path", "hooks"], root).stdout.strip()
        rel = os.path.relpath(Path(data_dir).resolve(), root.resolve()).replace("\\", "/")
        result.hook, result.hook_state = _install_hook(hooks / "pre-commit", "" if rel == "." else rel)
        result.hook = os.path.relpath(hooks / "pre-commit", root).replace("\\", "/")
    except gitio.GitError as exc:
        result.problems.append(exc.problem())
    except OSError as exc:
        from .files import describe_os_error
        from .model import Source

        result.problems.append(problem("write-failed", Source(str(data_dir)), path=str(data_dir),
                                       reason=describe_os_error(exc)))
    return result


def _install_hook(path: Path, prefix: str) -> tuple[str, str]:
    from .files import write_atomic

    script = hook_script(prefix)
    if path.exists():
        have = path.read_text("utf-8", "replace")
        if HOOK_MARK not in have:
            return str(path), "foreign"
        if have == script:
            return str(path), "same"
        state = "updated"
    else:
        state = "installed"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, script.encode("utf-8"))
    path.chmod(0o755)
    return str(path), state
