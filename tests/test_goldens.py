"""The golden-file switch itself (goldens.py), run on a sandbox project of two golden tests:
NENGLI_REGEN rewrites the one file it names, and only it; its test says so instead of passing;
a name no test wrote fails the run; "1" and CI are refused before any test runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldens import regen_name, under_ci

pytest_plugins = ["pytester"]

TESTS = Path(__file__).resolve().parent

SANDBOX_TESTS = """\
def test_notice(golden):
    golden("notice.md", "新的通报\\n")


def test_table(golden):
    golden("table.txt", "新的表格\\n")
"""


@pytest.fixture
def sandbox(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project whose conftest uses goldens.py, with both golden files out of date."""
    for name in ("NENGLI_REGEN", "CI"):
        monkeypatch.delenv(name, raising=False)
    pytester.syspathinsert(TESTS)
    pytester.makeini("[pytest]\n")  # the sandbox is pytest's root directory
    pytester.makeconftest("from goldens import golden, pytest_configure, pytest_sessionfinish\n")
    folder = pytester.path / "tests" / "golden"
    folder.mkdir(parents=True)
    (folder / "notice.md").write_text("旧的通报\n", encoding="utf-8")
    (folder / "table.txt").write_text("旧的表格\n", encoding="utf-8")
    pytester.makepyfile(test_sandbox=SANDBOX_TESTS)
    return pytester


def golden_text(sandbox: pytest.Pytester, name: str) -> str:
    return (sandbox.path / "tests" / "golden" / name).read_text(encoding="utf-8")


def test_without_the_switch_nothing_is_written_and_a_difference_fails(sandbox):
    result = sandbox.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*output differs from tests/golden/notice.md; if the change is "
                                 "intended: NENGLI_REGEN=notice.md *test_sandbox.py::test_notice*"])
    assert golden_text(sandbox, "notice.md") == "旧的通报\n"
    assert golden_text(sandbox, "table.txt") == "旧的表格\n"


def test_the_switch_rewrites_the_one_file_it_names_and_its_test_does_not_pass(sandbox,
                                                                               monkeypatch):
    monkeypatch.setenv("NENGLI_REGEN", "notice.md")
    result = sandbox.runpytest("-rs")
    # the named file's test wrote and compared nothing: skipped, not passed; the other compared
    result.assert_outcomes(skipped=1, failed=1)
    result.stdout.fnmatch_lines(["*wrote tests/golden/notice.md: read the change "
                                 "(git diff tests/golden/notice.md), then run this test again "
                                 "without NENGLI_REGEN*"])
    assert golden_text(sandbox, "notice.md") == "新的通报\n"
    assert golden_text(sandbox, "table.txt") == "旧的表格\n"
    monkeypatch.delenv("NENGLI_REGEN")
    sandbox.runpytest("-k", "notice").assert_outcomes(passed=1, deselected=1)


def test_a_name_no_test_writes_fails_the_run(sandbox, monkeypatch):
    monkeypatch.setenv("NENGLI_REGEN", "notise.md")
    result = sandbox.runpytest()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*NENGLI_REGEN=notise.md: no test wrote tests/golden/notise.md "
                                 "(a typo, or its test did not run)*"])
    assert not (sandbox.path / "tests" / "golden" / "notise.md").exists()
    # the named test deselected: nothing written, and the run says so
    monkeypatch.setenv("NENGLI_REGEN", "notice.md")
    result = sandbox.runpytest("-k", "table")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert golden_text(sandbox, "notice.md") == "旧的通报\n"


@pytest.mark.parametrize("value", ["1", "true", "all", "notice.md,table.txt",
                                   "tests/golden/notice.md", "notice"])
def test_regenerating_everything_or_a_path_is_refused_before_any_test_runs(sandbox, monkeypatch,
                                                                          value):
    monkeypatch.setenv("NENGLI_REGEN", value)
    result = sandbox.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*NENGLI_REGEN={value!r}: name the one golden file to rewrite, "
                                 "as it is named in tests/golden/, e.g. "
                                 "NENGLI_REGEN=notice-phase1.md (one file at a time; *"])
    assert golden_text(sandbox, "notice.md") == "旧的通报\n"
    assert golden_text(sandbox, "table.txt") == "旧的表格\n"


@pytest.mark.parametrize("ci", ["true", "1", "woodpecker"])
def test_regenerating_under_ci_is_refused(sandbox, monkeypatch, ci):
    monkeypatch.setenv("NENGLI_REGEN", "notice.md")
    monkeypatch.setenv("CI", ci)
    result = sandbox.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*NENGLI_REGEN is set, but this is CI (CI={ci!r}): CI compares "
                                 "the golden files and never rewrites them. Unset NENGLI_REGEN.*"])
    assert golden_text(sandbox, "notice.md") == "旧的通报\n"


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, False), ({"CI": ""}, False), ({"CI": "false"}, False), ({"CI": "0"}, False),
    ({"CI": "true"}, True), ({"CI": "True"}, True), ({"CI": "1"}, True),
])
def test_what_counts_as_ci(environ, expected):
    assert under_ci(environ) is expected


def test_an_unset_or_empty_switch_regenerates_nothing():
    assert regen_name({}) is None
    assert regen_name({"NENGLI_REGEN": ""}) is None
    assert regen_name({"NENGLI_REGEN": "", "CI": "true"}) is None
    assert regen_name({"NENGLI_REGEN": "status-phase1-80.txt"}) == "status-phase1-80.txt"


def test_ci_run_sets_ci_before_the_tests():
    """.ci/run is this project's CI: it must set what the check reads, before pytest runs."""
    script = (TESTS.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert 'export CI="${CI:-true}"' in script
    assert script.index('export CI="${CI:-true}"') < script.index("-m pytest")
