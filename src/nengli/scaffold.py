"""``nengli init``: a new campaign repository that teaches its own format.

The files come from the package (nengli/skeleton/ and the default notice template), so a
bureau that installs nengli gets a working repo with no download: git init, the files, and a
first commit; ``nengli check`` passes on it at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .model import Problem, Source
from .problems import problem

if TYPE_CHECKING:
    from .read import Text

#: skeleton file -> place in the new repository
FILES = {
    "units.yaml": "data/units.yaml",
    "phase1.yaml": "data/phases/phase1.yaml",
    "campaign.yaml": "data/campaign.yaml",
    "out.txt": "out/说明.txt",
    "gitignore": ".gitignore",
    "README.md": "README.md",
}
FIRST_COMMIT = "新建活动数据仓库（nengli init）"


#: the skeleton's files: package data, plain files beside this module (a wheel or a checkout)
SKELETON = Path(__file__).resolve().with_name("skeleton")


class InitResult:
    """What ``init`` made: the files created, the first commit, or the problems that stopped it.
    (A plain class: ``check`` imports this module, and dataclasses costs it ~1 ms to import.)"""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.created: list[Path] = []
        self.commit = ""
        self.problems: list[Problem] = []


def skeleton(name: str) -> bytes:
    return (SKELETON / name).read_bytes()


def init(folder: Path) -> InitResult:
    """Create the campaign repository in ``folder`` (made if missing); refuse to overwrite."""
    from . import gitio
    from .driver import add_lines, attributes, ensure_merge_driver
    from .files import describe_os_error, write_atomic
    from .render.notice import TEMPLATE_NAME, default_template

    folder = Path(folder)
    result = InitResult(folder)
    if (folder / "data" / "units.yaml").exists():
        result.problems.append(problem("init-exists", None, path=str(folder)))
        return result
    try:
        check_dir = folder if folder.is_dir() else Path.cwd()
        if not gitio.has_identity(check_dir):
            result.problems.append(problem("git-identity", None))
            return result
        folder.mkdir(parents=True, exist_ok=True)
        root = gitio.repo_root(folder)
        if root is None or root.resolve() != folder.resolve():
            gitio.init_repo(folder)
        targets = {folder / rel: skeleton(name) for name, rel in FILES.items()}
        targets[folder / "templates" / TEMPLATE_NAME] = default_template().read_bytes()
        for path, data in targets.items():
            if path.exists():  # an existing README or .gitignore is the user's: keep it
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            result.created.append(path)
        # every clone merges the data files record by record, once nengli has run there
        if add_lines(folder / ".gitattributes", attributes(folder, folder / "data")):
            result.created.append(folder / ".gitattributes")
        result.commit = gitio.commit_paths(folder, result.created, FIRST_COMMIT)
        ensure_merge_driver(folder)
    except gitio.GitError as exc:
        result.problems.append(exc.problem())
    except OSError as exc:
        result.problems.append(problem("write-failed", Source(str(folder)), path=str(folder),
                                       reason=describe_os_error(exc)))
    return result


# ---- the skeleton's placeholders ------------------------------------------------------------

#: skeleton files whose values are samples to replace
SAMPLE_FILES = ("phase1.yaml", "campaign.yaml")
#: a value written wholly in full-width brackets is a placeholder: the skeleton's one convention
_PLACEHOLDER = re.compile(r"（.+）")


def placeholders() -> frozenset[str]:
    """Every value of the skeleton's phase and campaign files written wholly in （…）, such as
    （落款单位）: the texts a new campaign must replace. The skeleton files are their only list."""
    import yaml

    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and _PLACEHOLDER.fullmatch(value):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # the same strings, libyaml's speed
    for name in SAMPLE_FILES:
        walk(yaml.load(skeleton(name).decode("utf-8"), Loader=loader))
    return frozenset(found)


def placeholder_problems(data_dir: Path, texts: Iterable[Text]) -> list[Problem]:
    """A warning at each placeholder of the skeleton still in the campaign's phase files or
    campaign.yaml: it would reach the notice, the 简报 or every 催报 message as written.
    ``texts``: the files as ``load`` read them (each file is read once per command)."""
    from .load import CAMPAIGN_FILE, phase_files

    marks = placeholders()
    by_path = {text.path: text for text in texts}
    out = []
    for path in (data_dir / CAMPAIGN_FILE, *phase_files(data_dir)):
        text = by_path.get(path)
        if text is None or not any(m in text.text for m in marks):
            continue
        for number, line in enumerate(text.text.split("\n"), 1):
            content = line.split(" #")[0] if not line.lstrip().startswith("#") else ""
            for mark in sorted(marks):
                col = content.find(mark)
                if col >= 0:
                    out.append(problem("placeholder", Source(text.display, number, col + 1),
                                       level="warning", text=mark, excerpt=line))
    return out

