"""The structure of nengli's modules (STYLE.md): they import each other without a circle (one
direction of data), take no underscore name from one another, and a long one says why.

Every ``from . import`` and ``from .x import`` in src/nengli counts, those inside functions
too: a circle hidden in a function still makes two modules that cannot be read or tested apart.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "nengli"


@functools.cache
def modules(src: Path) -> dict[str, tuple[Path, ast.Module]]:
    """Each module of nengli (``nengli.parse.nodes``): its file and its syntax tree, read once
    for the tests of this file."""
    found = {}
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def module_imports() -> dict[str, set[str]]:
    """Each module of nengli (``nengli.parse.nodes``) and the nengli modules it imports."""
    files = {name: path for name, (path, _) in modules(SRC).items()}
    edges: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(modules(SRC)[name][1]):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                for candidate in (f"{target}.{alias.name}", target):
                    if candidate in files:
                        edges[name].add(candidate)
                        break
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_finder_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_import_map_is_read():
    edges = module_imports()
    assert "nengli.parse.reader" in edges["nengli.parse.phases"]
    assert "nengli.validate" in edges["nengli.load"]


def test_no_import_circle():
    assert circles(module_imports()) == []


def private_imports() -> list[str]:
    """Every underscore name one module of nengli takes from another: ``from .x import _y``,
    and ``x._y`` where ``x`` is a nengli module it imported (``from . import x``,
    ``import nengli.x as x``). Dunder names (``__version__``) are public."""
    files = {name: path for name, (path, _) in modules(SRC).items()}
    found = []
    for name, path in sorted(files.items()):
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = modules(SRC)[name][1]
        bound: set[str] = set()  # the local names bound to nengli modules
        where = lambda node: f"{path.relative_to(SRC.parent).as_posix()}:{node.lineno}"  # noqa: E731
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target not in files:
                    continue
                for alias in node.names:
                    if f"{target}.{alias.name}" in files:
                        bound.add(alias.asname or alias.name)
                    elif _private(alias.name) and target != name:
                        found.append(f"{where(node)}: from {target} import {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in files and alias.asname:
                        bound.add(alias.asname)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr) \
                    and isinstance(node.value, ast.Name) and node.value.id in bound:
                found.append(f"{where(node)}: {node.value.id}.{node.attr}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_the_private_import_finder_sees_both_forms(tmp_path, monkeypatch):
    package = tmp_path / "nengli"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("def _hidden(): pass\n__version__ = '1'\n", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "b.py").write_text(
        "from ..a import _hidden, __version__\nfrom .. import a\n\n\ndef f():\n    return a._hidden\n",
        encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "SRC", package)
    assert private_imports() == ["nengli/sub/b.py:1: from nengli.a import _hidden",
                                 "nengli/sub/b.py:6: a._hidden"]


def test_no_underscore_name_is_imported_across_modules():
    assert private_imports() == []


#: lines past which a module says in the README's code map why it is one module
LONG = 550


def test_every_long_module_says_why_in_the_code_map():
    """A module over LONG lines is named, with its reason, in the README's 开发 section (较长的模块)."""
    readme = (SRC.parent.parent / "README.md").read_text(encoding="utf-8")
    reasons = next(line for line in readme.split("\n- ") if "较长的模块" in line)
    named = set(re.findall(r"`([\w/]+\.py)`", reasons))
    long = {path.relative_to(SRC).as_posix() for path, _ in modules(SRC).values()
            if len(path.read_text(encoding="utf-8").splitlines()) > LONG}
    assert long - named == set(), f"over {LONG} lines without a reason in README.md: {long - named}"
