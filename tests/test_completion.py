"""Tab completion, driven the way the shell drives it: typer's protocol of environment variables
(``_NENGLI_COMPLETE=complete_bash`` with ``COMP_WORDS`` and ``COMP_CWORD``; zsh and fish pass
``_TYPER_COMPLETE_ARGS``), with nengli's output read back as the shell reads it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import SHIPPED
from nengli.cli import app
from nengli.cli.complete import roster_mentioning


def bash(words: str, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """What bash gets when Tab is pressed after ``words`` (the last word is the one completed)."""
    split = words.split(" ")
    result = CliRunner().invoke(app, [], prog_name="nengli", env={
        "_NENGLI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(split) - 1),
        **(env or {})})
    return result.exit_code, [line for line in result.stdout.split("\n") if line]


@pytest.fixture
def shipped(monkeypatch):
    monkeypatch.setenv("NENGLI_DATA", str(SHIPPED))


@pytest.mark.parametrize(("words", "expected"), [
    ("nengli st", ["status"]),
    ("nengli unit 2", ["2中", "24中"]),
    ("nengli unit 二十", ["二十四中"]),  # an alias
    ("nengli record cases 10", ["101中", "102中", "103中", "106中", "107中"]),
    ("nengli record cases 24中 3", ["3中", "31中", "34中", "36中", "38中"]),
    ("nengli record ", ["mobilization", "cases", "lists", "problems", "rectify"]),
    ("nengli record --phase 2 ", ["problems", "rectify"]),
    ("nengli record -p 1 c", ["cases"]),
    ("nengli status --phase ", ["1", "2"]),
    ("nengli report -p ", ["1", "2"]),
    ("nengli status --group 1", ["1", "10", "11"]),
    ("nengli remind -c ", ["school", "institution", "office"]),
    ("nengli status --by ", ["task", "unit"]),
    ("nengli report -f d", ["docx"]),
])
def test_bash_completes_commands_units_tasks_phases_groups_categories(shipped, words, expected):
    assert bash(words) == (0, expected)


def test_zsh_and_fish_get_the_unit_names_as_descriptions(shipped):
    base = {"_TYPER_COMPLETE_ARGS": "nengli unit 24"}
    zsh = CliRunner().invoke(app, [], prog_name="nengli",
                             env={"_NENGLI_COMPLETE": "complete_zsh", **base})
    assert zsh.exit_code == 0
    assert '"24中":"郑州市第二十四中学"' in zsh.stdout
    fish = CliRunner().invoke(app, [], prog_name="nengli", env={
        "_NENGLI_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args", **base})
    assert fish.exit_code == 0
    assert fish.stdout.splitlines() == ["24中\t郑州市第二十四中学"]


def test_data_option_on_the_line_is_used(tmp_path, monkeypatch, make_data):
    make_data()
    monkeypatch.chdir(tmp_path.parent)
    assert bash(f"nengli unit --data {tmp_path / 'data'} 一") == (0, ["一中"])
    assert bash(f"nengli unit --data {tmp_path / 'data'} 第") == (0, ["第一中学"])


def test_data_found_upward_from_the_current_folder(make_data, tmp_path, monkeypatch):
    make_data()
    (tmp_path / "data" / "phases" / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "data" / "phases" / "notes")
    assert bash("nengli record ") == (0, ["meet", "list"])


def test_paths_complete_files_and_folders(make_data, tmp_path):
    make_data()
    (tmp_path / "通报模板.md.j2").write_text("x", encoding="utf-8")
    assert bash("nengli report --template 通") == (0, ["通报模板.md.j2"])
    assert bash("nengli status --data da") == (0, ["data/"])
    assert bash("nengli status --data data/ph") == (0, ["data/phases/"])


@pytest.mark.parametrize("files", [
    {"units.yaml": "units:\n  - id: [\n", "phases/phase1.yaml": "phase: 1\ntasks: {\n"},
    {"units.yaml": "\ufeff单位: 1\n", "phases/phase1.yaml": "records:\n  - 一中\n"},
    {"units.yaml": None, "phases/phase1.yaml": None},
])
@pytest.mark.parametrize("words", ["nengli unit ", "nengli record ", "nengli record x ",
                                   "nengli status -p ", "nengli status -g ", "nengli status -c "])
def test_broken_or_missing_data_offers_nothing_and_prints_nothing(make_data, files, words):
    make_data(files)
    assert bash(words) == (0, [])


def test_no_data_anywhere_offers_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    assert bash("nengli unit ") == (0, [])
    assert bash("nengli unit --data /nonexistent ") == (0, [])


@pytest.mark.slow
def test_the_installed_entry_point_speaks_the_protocol_and_says_nothing_else(tmp_path):
    """A real process, as the shell starts it: candidates on stdout, nothing on stderr."""
    env = {**os.environ, "NENGLI_DATA": str(SHIPPED), "_NENGLI_COMPLETE": "complete_bash",
           "COMP_WORDS": "nengli unit 外", "COMP_CWORD": "2"}
    done = subprocess.run([sys.executable, "-m", "nengli"], capture_output=True, env=env, cwd=tmp_path)
    assert (done.returncode, done.stdout.decode("utf-8"), done.stderr) == (0, "外国语\n", b"")
    env["NENGLI_DATA"] = str(tmp_path)  # no units.yaml here
    done = subprocess.run([sys.executable, "-m", "nengli"], capture_output=True, env=env, cwd=tmp_path)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, b"", b"")


def test_help_lists_the_completion_options_in_chinese():
    result = CliRunner().invoke(app, ["--help"], prog_name="nengli")
    assert "--install-completion" in result.stdout and "开启 Tab 补全" in result.stdout
    assert "--show-completion" in result.stdout and "补全脚本" in result.stdout


# ---- the roster cut down to the entries that mention the word typed ----------------------------

ROSTER = """\
# 名册
categories:
  school: {name: 学校}
units:
  - id: 一中
    aliases: [第一中学]   # 注释
    group: 1

  - id: 二中
    # 二中的说明
    group: 2
  - {id: 三中, aliases: [第三中学]}
notice: 一
"""


def test_roster_keeps_only_entries_mentioning_the_word_and_everything_else():
    assert roster_mentioning(ROSTER, "第") == """\
# 名册
categories:
  school: {name: 学校}
units:
  - id: 一中
    aliases: [第一中学]   # 注释
    group: 1

  - {id: 三中, aliases: [第三中学]}
notice: 一
"""
    assert roster_mentioning(ROSTER, "二中") == ROSTER.replace(
        "  - id: 一中\n    aliases: [第一中学]   # 注释\n    group: 1\n\n", "").replace(
        "  - {id: 三中, aliases: [第三中学]}\n", "")
    assert roster_mentioning(ROSTER, "") == ROSTER
    flow = "units: [{id: 一中}, {id: 二中}]\n"
    assert roster_mentioning(flow, "二") == flow  # not a block list: kept whole
