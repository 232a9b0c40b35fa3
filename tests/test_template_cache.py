"""Compiled templates are kept between runs (Jinja's byte-code cache), and never change a notice."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from nengli.render.notice import render_template


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    """A temporary directory of the test's own, where Jinja puts its per-user cache folder."""
    home = tmp_path / "tmp"
    home.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(home))
    return home


def cached(home: Path) -> list[Path]:
    return sorted(home.rglob("nengli-sandbox-*.cache"))


def test_second_run_uses_the_compiled_template_and_says_the_same(tmp_path, cache_home):
    template = tmp_path / "通报.md.j2"
    template.write_text("{{ n | cn_number }}项任务\n", encoding="utf-8")
    assert render_template(template, {"n": 3}) == ("三项任务\n", [])
    assert len(cached(cache_home)) == 1
    stamp = cached(cache_home)[0].stat().st_mtime_ns
    assert render_template(template, {"n": 12}) == ("十二项任务\n", [])
    assert cached(cache_home)[0].stat().st_mtime_ns == stamp  # read, not written again


def test_an_edited_template_is_compiled_anew(tmp_path, cache_home):
    template = tmp_path / "通报.md.j2"
    template.write_text("旧：{{ n }}\n", encoding="utf-8")
    assert render_template(template, {"n": 1})[0] == "旧：1\n"
    template.write_text("新：{{ n }}\n", encoding="utf-8")
    assert render_template(template, {"n": 1})[0] == "新：1\n"


def test_a_damaged_cache_is_ignored(tmp_path, cache_home):
    template = tmp_path / "通报.md.j2"
    template.write_text("{{ n }}\n", encoding="utf-8")
    render_template(template, {"n": 1})
    for path in cached(cache_home):
        path.write_bytes(b"\x00not byte code")
    assert render_template(template, {"n": 2}) == ("2\n", [])


def test_errors_keep_their_line_when_the_template_comes_from_the_cache(tmp_path, cache_home):
    template = tmp_path / "通报.md.j2"
    template.write_text("第一行\n{{ missing }}\n", encoding="utf-8")
    for _ in range(2):
        text, problems = render_template(template, {}, display="通报.md.j2")
        assert text is None and [(p.source.file, p.source.line) for p in problems] == [("通报.md.j2", 2)]
