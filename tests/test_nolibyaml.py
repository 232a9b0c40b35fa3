"""Without libyaml: a PyYAML built without its C extension (common for Windows and ARM wheels)
gives the same campaign, the same problems, at the same lines, as with it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import SHIPPED
from nengli import parse
from nengli.parse import nodes as parse_nodes
from nengli.load import load
from nengli.problems import format_problems
from nengli.read import Text
from test_errors import CASES

AS_OF = dt.date(2022, 1, 24)
PURE = parse.composer(yaml.BaseLoader)
needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")


def both(monkeypatch, data):
    """``load(data)`` with libyaml's composer, then with the pure-Python one."""
    results = []
    for composer in (parse_nodes.Composer, PURE):
        monkeypatch.setattr(parse_nodes, "Composer", composer)
        campaign, problems = load(data, AS_OF)
        results.append((campaign, format_problems(problems)))
    monkeypatch.undo()
    return results


@needs_libyaml
def test_the_two_composers_differ_where_nengli_smooths_it_over(monkeypatch):
    """What makes the comparison below worth doing: a plain scalar's style is "" from libyaml
    and None from Python, and their error messages are worded differently."""
    text = "a: yes\nb: [1, 2\n"
    c_node = yaml.compose("a: yes\n", Loader=yaml.CBaseLoader)
    py_node = yaml.compose("a: yes\n", Loader=yaml.BaseLoader)
    assert (c_node.value[0][1].style, py_node.value[0][1].style) == ("", None)
    monkeypatch.setattr(parse_nodes, "Composer", PURE)
    assert parse_nodes.compose_text("a: yes\n").value[0][1].style == ""
    words = []
    for loader in (yaml.CBaseLoader, yaml.BaseLoader):
        with pytest.raises(yaml.MarkedYAMLError) as exc:
            yaml.compose(text, Loader=loader)
        words.append(exc.value.problem)
    assert words[0] != words[1]


@needs_libyaml
def test_shipped_data_is_read_alike(monkeypatch):
    (c_campaign, c_out), (py_campaign, py_out) = both(monkeypatch, SHIPPED)
    assert c_campaign is not None and c_campaign.units
    assert py_campaign == c_campaign
    assert py_out == c_out


@needs_libyaml
@pytest.mark.parametrize("files", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_input_gives_the_same_problems(make_data, monkeypatch, files):
    data = make_data(files)
    (c_campaign, c_out), (py_campaign, py_out) = both(monkeypatch, data)
    assert py_out == c_out
    assert py_campaign == c_campaign


# mistakes the two parsers word or place differently, each in a small file of its own
SYNTAX = {
    "block-scalar": "a: |x\n", "directive": "a: 1\n%x\n", "anchor": "a: &\n", "alias": "a: * \n",
    "tag": "a: !一 b\n", "dash": "a: - b\n", "question": "a: ? b\n", "no-colon": "a\nb: 1\n",
    "list-then-key": "- a\nb: 1\n", "two-colons": "a: b: c\n", "simple-key": "a: 1\n? b\nc\n",
    "open-brace": "{a b c d\n", "dedent": "a:\n  b: 1\n c: 2\n", "indent": "a: 1\n  b: 2\n",
    "dedent-list": "a:\n  - b\n c: d\n", "backtick": "a: `x\n", "at": "a: @x\n",
    "colon-in-list": "a: [b, :c]\n", "bracket": "a: [1, 2\nb: 3\n", "brace": "a: {b: 1\nc: 2\n",
    "empty-entry": "a: [1, ,]\n", "undefined-alias": "a: *x\n", "anchor-twice": "a: &x 1\nb: &x 2\n",
    "escape": 'a: "C:\\资料"\n', "quote": 'a: "abc\nb: 1\n', "end": "a: [1, 2",
    "no-space-empty": "a: {b:}\n", "no-space-list": "a: {b:[1]}\n", "empty-in-flow": "a: {b: , c: 1}\n",
    "empty-pair": "a: [b: ]\n", "quoted-key": 'a: {"b":}\n', "two-docs": "a: 1\n---\nb: 2\n",
}


def nodes(node, out):
    """Every scalar's value, style and place, depth first."""
    if isinstance(node, yaml.ScalarNode):
        out.append((node.value, node.style, node.start_mark.line, node.start_mark.column,
                    node.end_mark.line, node.end_mark.column))
    for child in node.value if isinstance(node, yaml.SequenceNode) else ():
        nodes(child, out)
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        nodes(key, out)
        nodes(value, out)
    return out


@needs_libyaml
@pytest.mark.parametrize("text", SYNTAX.values(), ids=SYNTAX.keys())
def test_yaml_mistakes_are_worded_and_placed_alike(monkeypatch, text):
    results = []
    for composer in (parse_nodes.Composer, PURE):
        monkeypatch.setattr(parse_nodes, "Composer", composer)
        parser = parse.FileParser(Text(SHIPPED / "x.yaml", "x.yaml", text))
        root = parser.compose()
        results.append((format_problems(parser.problems), root and nodes(root, [])))
    assert results[1] == results[0]


def test_pyyaml_is_used_through_its_public_api():
    """The loader overrides the resolver's three methods (no implicit types) and one method of
    the Python scanner, fetch_value, for the reason nodes.composer gives; the rest of the pure
    Python path is mended after composing, with yaml.compose and yaml.scan, not by replacing a
    method of PyYAML's parser or composer (the first things to break on its next release)."""
    own = {name for name in vars(PURE) if not (name.startswith("__") and name.endswith("__"))}
    assert own == {"_TAGS", "resolve", "descend_resolver", "ascend_resolver", "fetch_value"}


@pytest.mark.slow
def test_deep_nesting_is_refused_without_a_recursion_error(monkeypatch):
    """Python's composer recurses per level: it stops with libyaml's message (at its own,
    lower, depth) instead of dying at Python's recursion limit."""
    monkeypatch.setattr(parse_nodes, "Composer", PURE)
    text = "a: " + "[" * 2000 + "]" * 2000 + "\n"
    parser = parse.FileParser(Text(SHIPPED / "x.yaml", "x.yaml", text))
    assert parser.compose() is None
    (p,) = parser.problems
    assert str(p.source) == f"x.yaml:1:{3 + parse.PYTHON_MAX_NESTING}"
    assert p.message == "YAML 格式错误：嵌套层次过深。"


@pytest.mark.slow
def test_a_pyyaml_without_libyaml_runs_check(tmp_path):
    """The real thing: a process where ``yaml._yaml`` cannot be imported, as on such an install."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    phase = next((data / "phases").iterdir())
    phase.write_text(phase.read_text(encoding="utf-8") + "extra: [1, 2\n", encoding="utf-8")
    hide = ("import sys; sys.modules['yaml._yaml'] = None\n"
            "import yaml; assert not yaml.__with_libyaml__\n")
    run = "from nengli.cli import main; main()\n"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    env.pop("NENGLI_DATA", None)
    runs = [subprocess.run([sys.executable, "-c", prelude + run, "check", "--data", str(data),
                            "--as-of", "2022-01-24"],
                           capture_output=True, encoding="utf-8", cwd=tmp_path, env=env)
            for prelude in (hide, "")]
    pure, default = runs
    assert pure.returncode == default.returncode == 1, pure.stderr
    assert "方括号列表没有正确结束" in pure.stdout + pure.stderr
    assert pure.stdout == default.stdout
    assert pure.stderr == default.stderr
