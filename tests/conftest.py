"""Shared test helpers: inline data folders, the CLI runner, golden files.

Golden files live in tests/golden/; the ``golden`` fixture and the regeneration switch
(``NENGLI_REGEN=name-of-the-file``, one file at a time, never under CI) are in goldens.py.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from typer.testing import CliRunner

from goldens import golden, pytest_configure, pytest_sessionfinish  # noqa: F401 (hooks, fixture)
from nengli.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"

UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}
units:
  - id: 一中
    category: school
    aliases: [第一中学]
    group: 1
  - id: 二中
    category: school
    group: 2
  - id: 三中
    category: school
    group: 1
  - id: 办公室
    category: office
    group: 3
"""

PHASE = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - id: meet
    title: 动员部署会召开
    applies_to: [school]
    due: 2022-01-10
  - id: list
    title: 清单报送
    due: 2022-01-20
records:
  meet:
    一中: 2022-01-09
    二中: {date: 2022-01-12, note: 逾期补报}
  list:
    一中: 2022-01-15
    办公室: {exempt: 经批准暂缓}
"""


def xml_name(el) -> str:
    """An OOXML element's tag without its namespace: ``w:pBdr`` -> ``pBdr``."""
    return el.tag.split("}")[1]


def xml_attrs(el) -> dict[str, str]:
    """An OOXML element's attributes without their namespace."""
    return {k.split("}")[1]: v for k, v in el.attrib.items()}


def paragraph_rules(paragraphs) -> list[tuple[str, str, str, dict[str, str]]]:
    """(text, style id, side, attributes) of every paragraph border, in document order."""
    from docx.oxml.ns import qn

    rules = []
    for p in paragraphs:
        found = p._p.pPr.find(qn("w:pBdr")) if p._p.pPr is not None else None
        for line in found if found is not None else ():
            rules.append((p.text, p.style.style_id, xml_name(line), xml_attrs(line)))
    return rules


def write_data(root: Path, files: dict[str, str]) -> Path:
    """A data folder under ``root`` with ``files`` ({relative path: text}); returns the folder.

    ``units.yaml`` and ``phases/phase1.yaml`` default to the small campaign above unless given
    (pass None as the text to leave a file out).
    """
    data = root / "data"
    (data / "phases").mkdir(parents=True, exist_ok=True)
    merged = {"units.yaml": UNITS, "phases/phase1.yaml": PHASE, **files}
    for rel, text in merged.items():
        if text is None:
            continue
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    return data


@pytest.fixture(scope="session", autouse=True)
def shipped_data_untouched():
    """No test may leave anything in the shipped data/ (a lock file from a command run on it
    made another test read the wrong file): its files, byte for byte, after the run as before."""

    def files() -> dict[str, bytes]:
        return {p.relative_to(SHIPPED).as_posix(): p.read_bytes()
                for p in sorted(SHIPPED.rglob("*")) if p.is_file()}

    before = files()
    yield
    after = files()
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert not changed, f"tests changed the shipped data/: {changed}; run commands on a copy"


@pytest.fixture
def make_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Build a data folder and run from its parent, so messages show ``data/...`` paths."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NENGLI_DATA", raising=False)

    def make(files: dict[str, str] | None = None) -> Path:
        return write_data(tmp_path, files or {})

    return make


@pytest.fixture
def cli():
    """Run nengli in-process: ``cli("status", "--json")`` -> click Result."""
    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)

    return run
