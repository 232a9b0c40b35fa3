"""nengli's git merge driver: how it is registered in a clone, and what git runs.

Registration (``register_merge_driver``) puts the driver in the clone's own config and the
data files' patterns in .git/info/attributes, so no commit is needed for it. The registered
command is sh that can never leave one side of a file alone: it runs the Python nengli last
ran with, else a ``nengli`` on PATH, else ``git merge-file``, which merges by lines and leaves
git's ordinary conflict markers (git runs drivers through sh, Git for Windows through its own
bash). ``drive`` is what the driver does: a phase file merged record by record (merge.py),
units.yaml unit by unit (merge_units.py), duban.yaml item by item (duban/merge.py); anything
else, or a failure of nengli's, by lines.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import gitio
from .gitio import GitError
from .layout import is_duban_file, is_phase_file, is_units_file, merged_patterns
from .merge import MergeResult, merge_phase, roster_of


#: the merge driver's exit status when it merged and left conflict markers in the file; any
#: status but this and 0 means nengli did not run, and the registered command goes on
DRIVER_CONFLICT = 9
#: what the registered command says when no nengli could run (git then merges by lines)
_DRIVER_FELL_BACK = "nengli：找不到可以运行的 nengli，以下文件按 git 的方式逐行合并（有冲突时留下冲突标记）；" \
    "请在这个仓库中运行 nengli setup："


def sh_quoted(path: str) -> str:
    """A path in double quotes for sh (git runs drivers and hooks through sh, Git for
    Windows through its own bash, so a Windows path is written with /)."""
    for ch in '\\"$`':
        path = path.replace(ch, "\\" + ch)
    return f'"{path}"'


def launch_nengli(args: str, python: str | None = None, *, done: str = "0") -> str:
    """sh that runs ``nengli ARGS`` with the first nengli that starts: this very Python (the
    nengli that last ran in the clone, which TortoiseGit and VS Code would not find on PATH),
    else a ``nengli`` found on PATH (the venv moved or was rebuilt); a run that ends with an
    exit status in ``done`` ends the script with it. What follows the returned text runs
    when neither could."""
    exe = sh_quoted(Path(python or sys.executable).as_posix())
    tests = " || ".join(f"[ $s = {code} ]" for code in done.split())
    return (f"if [ -x {exe} ]; then {exe} -m nengli {args}; s=$?; if {tests}; then exit $s; fi; fi; "
            f"if command -v nengli >/dev/null 2>&1; then nengli {args}; s=$?; "
            f"if {tests}; then exit $s; fi; fi; ")


def driver_command(python: str | None = None) -> str:
    """The merge driver as git runs it (through sh, also on Windows). It can never leave
    only our side of a file: when no nengli starts, ``git merge-file`` merges the file by
    lines and leaves git's ordinary conflict markers, as a merge without a driver would."""
    return (launch_nengli("merge-driver %O %A %B %P", python, done=f"0 {DRIVER_CONFLICT}")
            + f'echo "{_DRIVER_FELL_BACK}" %P >&2; git merge-file -L ours -L base -L theirs %A %O %B')


def config_text(value: str) -> str:
    """``value`` as ``git config`` writes it into a config file (to see, without running
    git, that it is there already)."""
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    if value != value.strip() or ";" in value or "#" in value:
        return f'"{text}"'
    return text


def attributes(repo: Path, data_dir: Path) -> list[str]:
    """The .gitattributes lines that send ``data_dir``'s files to nengli's merge."""
    rel = os.path.relpath(Path(data_dir).resolve(), Path(repo).resolve()).replace("\\", "/")
    prefix = "" if rel == "." else rel + "/"
    return [f"{prefix}{pattern} merge=nengli" for pattern in merged_patterns()]


def ensure_merge_driver(data_dir: Path) -> None:
    """Make git merge the data files with nengli in this clone: the driver in the clone's own
    config, and the attributes in .git/info/attributes (the clone's own, never committed, so
    repositories made before nengli had a driver need no commit for it).

    Cheap when nothing is to do: two small files are read, no git runs. Best effort (``nengli
    setup`` does it and says so): a clone without it merges the data files line by line.
    """
    try:
        register_merge_driver(data_dir)
    except (GitError, OSError):
        pass


def register_merge_driver(data_dir: Path) -> bool:
    """Register the merge driver in the clone of ``data_dir``; whether anything changed (False
    outside a repository, and when it was there already). Raises GitError or OSError."""
    from .gitstate import find_repo

    data_dir = Path(data_dir).resolve()
    written = f"\tdriver = {config_text(driver_command())}\n"
    found = find_repo(data_dir)
    if found is not None:
        info = found.common_dir / "info" / "attributes"
        have = info.read_text("utf-8", "replace").splitlines() if info.exists() else []
        config = found.common_dir / "config"
        if config.exists() and written in config.read_text("utf-8", "replace") \
                and all(line in have for line in attributes(found.top, data_dir)):
            return False
    root = gitio.repo_root(data_dir)
    if root is None:
        return False
    gitio.run(["config", "--local", "merge.nengli.name", "nengli：按登记合并数据文件"], root)
    gitio.run(["config", "--local", "merge.nengli.driver", driver_command()], root)
    info = root / gitio.run(["rev-parse", "--git-path", "info/attributes"], root).stdout.strip()
    add_lines(info, attributes(root, data_dir))
    return True


def add_lines(path: Path, lines: list[str]) -> bool:
    """Add the ``lines`` an attributes file lacks (made if missing); whether it changed."""
    from .files import write_atomic

    text = path.read_bytes().decode("utf-8", "replace") if path.exists() else ""
    present = {ln.strip() for ln in text.splitlines()}
    missing = [ln for ln in lines if ln not in present]
    if not missing:
        return False
    lead = "" if not text or text.endswith("\n") else "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, (text + lead + "\n".join(missing) + "\n").encode("utf-8"))
    return True


def drive(base: Path, ours: Path, theirs: Path, name: str) -> MergeResult:
    """What ``git merge`` runs for a data file: the merged file into ``ours``.

    ``name`` is the file's path in the repository; git runs the driver in the top folder of
    the work tree, so the roster is read from there. A failure of the record merge is no
    reason to stop a merge: git's line merge does it instead, and ``fallback`` says why.
    """
    from .files import write_atomic

    rel = Path(name)
    versions = base.read_bytes(), ours.read_bytes(), theirs.read_bytes()
    result = None
    why = ""
    try:
        if is_phase_file(rel):
            resolve, order = roster_of(rel.parent.parent)
            result = merge_phase(*versions, resolve=resolve, order=order)
        elif is_units_file(rel):
            from .merge_units import merge_units

            result = merge_units(*versions).result
        elif is_duban_file(rel):
            from .duban.merge import merge_book

            merged = merge_book(*versions)
            result = MergeResult(merged[0], text_conflicts=merged[1]) if merged else None
    except Exception as exc:  # noqa: BLE001 - a merge must never stop on nengli: git's own line merge
        why = f"{type(exc).__name__}: {exc}"
    if result is None:
        data, count = gitio.merge_file(versions[1], versions[0], versions[2], ("ours", "base", "theirs"))
        result = MergeResult(data, text_conflicts=count, fallback=why)
    write_atomic(ours, result.data)
    return result
