"""nengli doctor: is this computer ready for nengli? One check per line, with the fix.

Each check looks at one thing and returns a ``Check``; nothing here prints (render/doctor.py
turns the list into lines or JSON). What a check looks at is an argument — the font folders,
the registry reader, the console's encoding — so that a test can make each one fail on purpose.
The wording is in messages.py: a failed check is a problem of MESSAGES (its hint is the fix),
a passed one the template of CHECKS, a check not made the reason in SKIPPED.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal

from .messages import CHECKS, DOCTOR_NOTES, SKIPPED
from .model import Campaign, Problem
from .problems import problem

Status = Literal["ok", "fail", "skip"]
#: git's features nengli uses: status --porcelain=v2 (git 2.11)
MIN_GIT = (2, 11)
#: seconds the remote has to answer
REMOTE_TIMEOUT = 10
#: seconds the merge driver has to merge three small files
DRIVER_TIMEOUT = 60
#: font files whose names are read
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


@dataclass(frozen=True)
class Check:
    """One line of the doctor's answer."""

    key: str
    status: Status
    #: what was found (passed, or not checked), or what is wrong (failed)
    text: str
    #: for a failure: what to do
    fix: str = ""

    @property
    def label(self) -> str:
        return CHECKS[self.key][0]


def passed(key: str, **fields: object) -> Check:
    return Check(key, "ok", CHECKS[key][1].format(**fields))


def failed(key: str, p: Problem) -> Check:
    return Check(key, "fail", p.message, p.hint)


def skipped(key: str, why: str) -> Check:
    return Check(key, "skip", SKIPPED[why])


def note(which: str, /, **fields: object) -> str:
    return DOCTOR_NOTES[which].format(**fields)


@dataclass
class Setting:
    """What the checks look at; the defaults are this computer's."""

    data: Path | None = None
    offline: bool = False
    #: the encoding nengli's output is written in (the console's, or a redirected file's)
    encoding: str = "utf-8"
    #: the encoding of file names (POSIX: the locale's, unless Python's UTF-8 mode)
    file_names: str = field(default_factory=sys.getfilesystemencoding)
    font_folders: list[Path] | None = None
    windows: bool = os.name == "nt"
    #: whether Windows allows long paths (files.long_paths_enabled, the registry); Windows only
    long_paths: Callable[[], bool] | None = None
    cwd: Path = field(default_factory=Path.cwd)


def diagnose(setting: Setting) -> list[Check]:
    """Every check, in the order shown."""
    from .load import find_data_dir, load

    checks = [check_nengli(), check_python()]
    git = check_git(setting.cwd)
    checks.append(git)
    folder, found = find_data_dir(setting.data, setting.cwd)
    campaign, problems = load(folder) if folder is not None else (None, found)
    root = None
    if git.status != "ok":
        checks.append(skipped("identity", "no-git"))
    else:
        root = _repo_root(folder)
        checks.append(check_identity(root or folder or setting.cwd))
    checks.append(check_data(folder, campaign, problems))
    if folder is None:
        checks += [skipped("repository", "no-data"), skipped("driver", "no-data"),
                   skipped("remote", "no-data")]
    elif git.status != "ok":
        checks += [skipped(key, "no-git") for key in ("repository", "driver", "remote")]
    else:
        repository = check_repository(folder, root)
        checks.append(repository)
        if root is None:
            checks += [skipped("driver", "no-repository"), skipped("remote", "no-repository")]
        else:
            checks += [check_driver(root, folder), check_remote(root, setting.offline)]
    checks.append(check_fonts(campaign, setting.font_folders if setting.font_folders is not None
                              else font_folders()))
    checks.append(check_console(setting.encoding))
    if not setting.windows:  # Windows names files in Unicode whatever the console's code page
        checks.append(check_file_names(setting.file_names))
    checks.append(check_materials(campaign) if campaign is not None else skipped("materials", "no-data"))
    if setting.windows:
        from .files import long_paths_enabled

        checks.append(check_long_paths(setting.long_paths or long_paths_enabled))
    return checks


def healthy(checks: list[Check]) -> bool:
    return not any(c.status == "fail" for c in checks)


# ---- nengli, Python, git ---------------------------------------------------------------------

def check_nengli() -> Check:
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("nengli")
    except PackageNotFoundError:  # pragma: no cover - a source tree not installed
        found = "（未安装）"
    return passed("nengli", version=f"nengli {found}", where=Path(__file__).resolve().parent)


def check_python() -> Check:
    import platform

    return passed("python", version=f"Python {platform.python_version()}", where=sys.executable)


def git_version(text: str) -> tuple[int, ...]:
    """(2, 39, 5) from ``git version 2.39.5`` (or ``2.43.0.windows.1``)."""
    words = text.split()
    numbers = words[2].split(".") if len(words) > 2 else []
    out = []
    for n in numbers[:3]:
        if not n.isdigit():
            break
        out.append(int(n))
    return tuple(out)


def check_git(cwd: Path) -> Check:
    from . import gitio

    try:
        said = gitio.run(["--version"], cwd).stdout.strip()
    except gitio.GitError as exc:
        return failed("git", exc.problem())
    version = git_version(said)
    if version < MIN_GIT:
        return failed("git", problem("doctor-git-old", None, version=".".join(map(str, version)) or said,
                                     needed=".".join(map(str, MIN_GIT))))
    return passed("git", version=said)


def _repo_root(folder: Path | None) -> Path | None:
    from . import gitio

    if folder is None:
        return None
    try:
        return gitio.repo_root(folder)
    except gitio.GitError:
        return None


def check_identity(cwd: Path) -> Check:
    from . import gitio

    if not gitio.has_identity(cwd):
        return failed("identity", problem("git-identity", None))
    ident = gitio.run(["var", "GIT_AUTHOR_IDENT"], cwd).stdout.strip()
    name, _, rest = ident.partition(" <")
    return passed("identity", name=name, email=rest.partition(">")[0])


# ---- the data, its repository, the merge driver, the remote ------------------------------------

def check_data(folder: Path | None, campaign: Campaign | None, problems: list[Problem]) -> Check:
    from .problems import format_problem, sort_problems

    if folder is None:
        return failed("data", problems[0])
    errors = [p for p in sort_problems(problems) if p.is_error]
    if errors or campaign is None:
        first = format_problem(errors[0]).splitlines()[0] if errors else ""
        return failed("data", problem("doctor-data-errors", None, errors=len(errors), first=first))
    warnings = sum(not p.is_error for p in problems)
    return passed("data", path=folder, units=len(campaign.units), phases=len(campaign.phases),
                  warnings=note("warnings", count=warnings) if warnings else "")


def check_repository(folder: Path, root: Path | None) -> Check:
    from . import gitio

    if root is None:
        return failed("repository", problem("not-git", None, path=folder))
    branch = gitio.current_branch(root)
    return passed("repository", path=root, branch=note("branch", name=branch) if branch else note("detached"))


#: the trial merge of the merge driver: two clerks each add a unit at the end of the roster.
#: nengli merges them unit by unit; a line merge (what git falls back to) leaves conflict markers
TRIAL_BASE = "categories:\n  school: {name: 学校, counter: 所}\nunits:\n  - id: 甲\n    category: school\n"
TRIAL_SIDES = ("  - id: 乙\n    category: school\n", "  - id: 丙\n    category: school\n")


def git_shell(root: Path) -> str | None:
    """The sh git runs merge drivers with: Git for Windows' own bash, sh elsewhere."""
    from . import gitio

    if os.name == "nt":
        exec_path = gitio.run(["--exec-path"], root, check=False).stdout.strip()
        if exec_path:  # …/Git/mingw64/libexec/git-core -> …/Git/usr/bin/sh.exe or …/Git/bin/sh.exe
            top = Path(exec_path).parents[2]
            for candidate in (top / "usr" / "bin" / "sh.exe", top / "bin" / "sh.exe"):
                if candidate.is_file():
                    return str(candidate)
    return shutil.which("sh")


def check_driver(root: Path, data_dir: Path) -> Check:
    """The merge driver is in this clone's config, the data files are given to it, and the
    command git would run merges a trial roster unit by unit (not by lines, as git does when
    the registered command finds no nengli that starts)."""
    from . import gitio
    from .files import describe_os_error
    from .layout import PHASES_DIR, UNITS_FILE, phase_files

    command = gitio.run(["config", "--get", "merge.nengli.driver"], root, check=False).stdout.strip()
    if not command:
        return failed("driver", problem("doctor-driver-unregistered", None))
    units = data_dir / UNITS_FILE
    phases = phase_files(data_dir)
    for path in (units, phases[0] if phases else data_dir / PHASES_DIR / "phase1.yaml"):
        rel = os.path.relpath(path.resolve(), root.resolve()).replace("\\", "/")
        said = gitio.run(["check-attr", "merge", "--", rel], root).stdout.strip()
        value = said.rsplit(": ", 1)[-1] if said else "unspecified"
        if value != "nengli":
            return failed("driver", problem("doctor-driver-attributes", None, file=rel, value=value))
    sh = git_shell(root)
    if sh is None:
        return failed("driver", problem("doctor-driver-failed", None, outcome=note("driver-no-sh"), said="。"))
    rel = os.path.relpath(units.resolve(), root.resolve()).replace("\\", "/")
    with tempfile.TemporaryDirectory(prefix="nengli-doctor-") as tmp:
        files = {key: Path(tmp) / f"units.{key}.yaml" for key in "OAB"}
        files["O"].write_text(TRIAL_BASE, encoding="utf-8")
        files["A"].write_text(TRIAL_BASE + TRIAL_SIDES[0], encoding="utf-8")
        files["B"].write_text(TRIAL_BASE + TRIAL_SIDES[1], encoding="utf-8")
        # git puts each path in single quotes into the command and runs it with sh -c
        paths = {"%O": files["O"], "%A": files["A"], "%B": files["B"], "%P": Path(rel)}

        def fill(match: re.Match) -> str:
            key = match.group()
            return "%" if key == "%%" else "7" if key == "%L" else shlex.quote(paths[key].as_posix())

        script = re.sub(r"%[OABPL%]", fill, command)
        try:
            proc = subprocess.run([sh, "-c", script], cwd=root, capture_output=True, timeout=DRIVER_TIMEOUT,
                                  encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            return failed("driver", problem("doctor-driver-failed", None,
                                            outcome=note("driver-timeout", seconds=DRIVER_TIMEOUT), said="。"))
        except OSError as exc:
            return failed("driver", problem("doctor-driver-failed", None,
                                            outcome=f"{sh}：{describe_os_error(exc)}", said="。"))
        merged = files["A"].read_text("utf-8", "replace")
    said = (proc.stderr or proc.stdout).strip().splitlines()
    if proc.returncode != 0 or "<<<<<<<" in merged or not all(side in merged for side in TRIAL_SIDES):
        outcome = note("driver-markers") if "<<<<<<<" in merged else note("driver-exit", code=proc.returncode)
        return failed("driver", problem("doctor-driver-failed", None, outcome=outcome,
                                        said=note("driver-said", said=said[0]) if said else "。"))
    return passed("driver")


def check_remote(root: Path, offline: bool) -> Check:
    from . import gitio

    branch = gitio.current_branch(root)
    shared = gitio.upstream(root, branch or "HEAD")
    if shared is None:
        return skipped("remote", "no-remote")
    if offline:
        return skipped("remote", "offline")
    remote = shared[0]
    try:
        gitio.reachable(root, remote, timeout=REMOTE_TIMEOUT)
    except gitio.GitError as exc:
        return failed("remote", exc.problem())
    return passed("remote", remote=remote, url=gitio.remote_url(root, remote))


# ---- fonts --------------------------------------------------------------------------------------

def font_folders() -> list[Path]:
    """Where this system keeps fonts for every program (Word, WPS, LibreOffice)."""
    if os.name == "nt":
        windows = Path(os.environ.get("WINDIR") or os.environ.get("SystemRoot") or "C:\\Windows")
        local = os.environ.get("LOCALAPPDATA")
        return [windows / "Fonts", *([Path(local) / "Microsoft" / "Windows" / "Fonts"] if local else [])]
    home = Path.home()
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    shared = (os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    # WPS for Linux (统信 UOS、麒麟) carries fonts of its own
    return [data_home / "fonts", home / ".fonts", *(Path(d) / "fonts" for d in shared if d),
            Path("/opt/kingsoft/wps-office/office6/fonts")]


def font_names(folders: list[Path]) -> set[str]:
    """The family and full names, in every language a font gives them, of the fonts below
    ``folders`` (casefolded). A file that does not read as a font is passed over."""
    from fontTools.ttLib import TTCollection, TTFont

    names: set[str] = set()
    for folder in folders:
        try:
            paths = [p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES]
        except OSError:
            continue
        for path in paths:
            try:
                if path.suffix.lower() in (".ttc", ".otc"):
                    collection = TTCollection(str(path), lazy=True)
                    fonts = list(collection.fonts)
                else:
                    collection = None
                    fonts = [TTFont(str(path), lazy=True)]
                try:
                    for font in fonts:
                        for record in font["name"].names:
                            if record.nameID in (1, 4, 16):
                                names.add(record.toUnicode().strip().casefold())
                finally:
                    for font in fonts:
                        font.close()
                    if collection is not None:
                        collection.close()
            except Exception:  # noqa: BLE001 - fontTools raises many kinds for a damaged file
                continue
    return names


def document_fonts(campaign: Campaign | None) -> list[str]:
    """The Chinese faces the Word documents name (campaign.yaml ``fonts:`` or the defaults)."""
    from .render.docx_styles import Fonts

    fonts = Fonts.from_settings(campaign.settings if campaign is not None else None)
    return list(dict.fromkeys((fonts.body, fonts.title, fonts.heading1, fonts.heading2, fonts.page_number)))


def check_fonts(campaign: Campaign | None, folders: list[Path]) -> Check:
    from .render.docx_package import FALLBACKS

    have = font_names(folders)
    present, substituted, missing = [], [], []
    for face in document_fonts(campaign):
        fallback = FALLBACKS.get(face)
        if face.casefold() in have:
            present.append(face)
        elif fallback and fallback.casefold() in have:
            substituted.append(note("font-substituted", font=face, fallback=fallback))
        else:
            missing.append(note("font-missing", font=face, fallback=fallback) if fallback else face)
    if missing:
        return failed("fonts", problem("doctor-fonts", None, missing="、".join(missing)))
    found = [note("fonts-found", fonts="、".join(present))] if present else []
    return passed("fonts", text="；".join(found + substituted))


# ---- console, materials, long paths --------------------------------------------------------------

def check_console(encoding: str) -> Check:
    try:
        "督导通报：仿宋".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return failed("console", problem("doctor-console", None, encoding=encoding))
    try:
        "✓✗".encode(encoding)
        extra = ""
    except UnicodeEncodeError:
        extra = note("console-symbols")
    return passed("console", encoding=encoding, note=extra)


def check_file_names(encoding: str) -> Check:
    """File names in UTF-8, as git, the .gitignore nengli writes and every other PC read them."""
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = encoding
    if name != "utf-8":
        return failed("file-names", problem("doctor-file-names", None, encoding=encoding))
    return passed("file-names", encoding=name)


def check_materials(campaign: Campaign) -> Check:
    """A file can be made in the materials folder (or in the folder that will hold it)."""
    from . import materials
    from .files import describe_os_error

    folder = materials.folder(campaign)
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    extra = "" if folder.is_dir() else note("materials-new")
    try:
        if not probe.is_dir():
            raise NotADirectoryError(20, "not a folder", str(probe))
        fd, name = tempfile.mkstemp(prefix=".nengli-doctor-", dir=probe)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        return failed("materials", problem("doctor-materials", None, path=folder, reason=describe_os_error(exc)))
    return passed("materials", path=folder, note=extra)


def check_long_paths(enabled: Callable[[], bool]) -> Check:
    if enabled():
        return passed("long-paths")
    return failed("long-paths", problem("doctor-long-paths", None))

