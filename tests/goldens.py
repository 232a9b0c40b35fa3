"""Golden files (tests/golden/): the ``golden`` fixture and the regeneration switch.

``golden("notice-phase1.md", text)`` compares ``text`` with the file. After an intended change
of output, one named file is rewritten at a time::

    NENGLI_REGEN=notice-phase1.md .venv/bin/python -m pytest tests/test_golden.py

The test that owns that file writes it and is reported as *skipped* (it compared nothing);
every other golden test compares as usual. A run whose named file no test wrote fails, so a
typo in the name is not a silent no-op. ``NENGLI_REGEN=1`` (everything at once) is refused, and
so is any regeneration where the ``CI`` environment variable is set: CI compares, never writes.

conftest.py imports the hooks and the fixture from here; tests/test_goldens.py runs them in
a pytester sandbox with golden files of its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import pytest

REGEN = "NENGLI_REGEN"
#: where a project's golden files live, below pytest's root directory
FOLDER = Path("tests") / "golden"
#: the values of CI that mean "not CI" (CI=false is how some runners switch it off)
NOT_CI = ("", "0", "false", "no", "off")

_STATE = pytest.StashKey[dict]()


def under_ci(environ: Mapping[str, str]) -> bool:
    """Whether a CI runner is running us: GitHub Actions, GitLab CI, Travis, CircleCI and the
    project's own .ci/run all set CI."""
    return environ.get("CI", "").strip().lower() not in NOT_CI


def regen_name(environ: Mapping[str, str]) -> str | None:
    """The one golden file NENGLI_REGEN names, or None when it is not set; a UsageError when
    it names no single file, or under CI."""
    value = environ.get(REGEN, "").strip()
    if not value:
        return None
    if under_ci(environ):
        raise pytest.UsageError(
            f"{REGEN} is set, but this is CI (CI={environ.get('CI', '')!r}): CI compares the "
            f"golden files and never rewrites them. Unset {REGEN}.")
    if "," in value or any(sep in value for sep in "/\\") or "." not in value.strip("."):
        raise pytest.UsageError(
            f"{REGEN}={value!r}: name the one golden file to rewrite, as it is named in "
            f"{FOLDER.as_posix()}/, e.g. {REGEN}=notice-phase1.md (one file at a time; "
            f"read its diff before the next).")
    return value


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STATE] = {"name": regen_name(os.environ), "written": set(),
                            "folder": Path(config.rootpath) / FOLDER}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash.get(_STATE, None)
    if not state or not state["name"] or state["name"] in state["written"]:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"{REGEN}={state['name']}: no test wrote {FOLDER.as_posix()}/{state['name']} "
            f"(a typo, or its test did not run)", red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """``golden("name.md", text)``: ``text`` must equal tests/golden/name.md."""
    state = request.config.stash[_STATE]

    def check(name: str, text: str) -> None:
        path = state["folder"] / name
        shown = (FOLDER / name).as_posix()
        if name == state["name"]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            state["written"].add(name)
            pytest.skip(f"wrote {shown}: read the change (git diff {shown}), then run this "
                        f"test again without {REGEN}")
        if not path.exists():
            pytest.fail(f"missing golden file {shown}; write it with {REGEN}={name}",
                        pytrace=False)
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (
            f"output differs from {shown}; if the change is intended: "
            f"{REGEN}={name} .venv/bin/python -m pytest {request.node.nodeid}")

    return check
