"""The benchmark generator (benchmarks/gen.py): deterministic, valid, and its counts are nengli's.

Nothing here is timed; the timings live in benchmarks/run.py.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: generated campaigns run as separate processes: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "benchmarks" / "gen.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def campaign(gen, tmp_path_factory):
    """A 2,000-unit campaign, 3 phases × 10 tasks, and what the generator says is in it."""
    data = tmp_path_factory.mktemp("bench") / "data"
    return data, gen.generate(data, units=2000, phases=3, tasks=10, fill=0.95, seed=7)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_same_seed_same_bytes_other_seed_other_bytes(gen, tmp_path):
    first = gen.generate(tmp_path / "a", units=300, phases=2, tasks=4, seed=3)
    second = gen.generate(tmp_path / "b", units=300, phases=2, tasks=4, seed=3)
    gen.generate(tmp_path / "c", units=300, phases=2, tasks=4, seed=4)
    assert first == second
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert list(_files(tmp_path / "a")) == ["phases/phase1.yaml", "phases/phase2.yaml", "units.yaml"]
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_roster_sizes_and_names(gen, campaign):
    data, expected = campaign
    assert gen.category_sizes(10_000) == {"school": 7000, "kindergarten": 2000,
                                          "institution": 700, "office": 300}
    text = (data / "units.yaml").read_text(encoding="utf-8")
    assert text.count("\n  - id: ") == expected["units"] == 2000
    assert "  - id: 郑州1中\n    name: 郑州市第一中学\n    category: school\n    aliases: [郑州一中]\n" in text
    assert gen.cn_number(24) == "二十四" and gen.cn_number(105) == "一百零五"
    assert gen.cn_number(1203) == "一千二百零三" and gen.cn_number(310) == "三百一十"


def test_records_are_about_95_percent_filled(campaign):
    _, expected = campaign
    statuses = [t for tasks in expected["status"].values() for t in tasks]
    applicable = sum(t["applicable"] for t in statuses)
    assert 0.90 < expected["records"] / applicable < 0.96
    # the shapes the benchmark is meant to exercise are all there
    assert all(sum(t[k] for t in statuses) > 0 for k in ("on_time", "late", "missing", "pending", "exempt"))


def test_generated_campaign_passes_check(campaign, cli):
    data, expected = campaign
    result = cli("check", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert (f"数据无误：{expected['units']} 个单位，{expected['phases']} 个阶段，"
            f"{expected['tasks']} 项任务，{expected['records']} 条登记。") in result.output


@pytest.mark.parametrize("phase", ["1", "2", "3"])
def test_status_json_gives_the_generated_counts(campaign, cli, phase):
    data, expected = campaign
    result = cli("status", "--json", "--data", str(data), "--phase", phase,
                 "--as-of", expected["as_of"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    fields = ("id", "applicable", "on_time", "late", "missing", "pending", "exempt", "laggards")
    assert [{k: t[k] for k in fields} for t in got["tasks"]] == expected["status"][phase]


# ---- start-up: what the benchmark's start-up targets rely on (not timed) -----------------------

HEAVY = ("jinja2", "docx", "openpyxl", "ruamel", "markdown_it", "pygments", "pydantic", "lxml",
         "PIL")
#: standard modules the terminal commands need not pay for: dataclasses (~1 ms to import; nengli's
#: records are NamedTuples), hashlib (OpenSSL, ~2 ms: materials' sha256 only when there are
#: files), importlib.resources with zipfile and tempfile (packaged files are found as paths)
AVOIDED = ("dataclasses", "hashlib", "importlib.resources", "zipfile", "tempfile")
_SEEN = ("sorted(({m.split('.')[0] for m in sys.modules} & set(%r)) | (set(sys.modules) & set(%r)))"
         % (HEAVY, AVOIDED))
_PROBE = """
import sys
started = []
sys.addaudithook(lambda event, args: event in ("subprocess.Popen", "os.posix_spawn", "os.system")
                 and started.append(event))
sys.argv = ["nengli", *sys.argv[1:]]
from nengli.cli import main
try:
    main()
except SystemExit:
    pass
heavy = %s
commands = sorted(m for m in sys.modules if m.startswith("nengli.cli.")
                  and m not in ("nengli.cli.app", "nengli.cli.chinese", "nengli.cli.complete"))
sys.stderr.write("PROBE " + repr((heavy, started)) + "\\n")
sys.stderr.write("COMMANDS " + repr(commands) + "\\n")
""" % (_SEEN,)


_BARE_TYPER = """
import sys
from typing import Optional
import typer, rich.table, yaml
app = typer.Typer()
@app.command()
def one(number: Optional[int] = None) -> None:
    pass
@app.command()
def two() -> None:
    pass
try:
    app(["one", "--number", "1"])
except SystemExit:
    pass
sys.stderr.write("PROBE " + repr(%s) + "\\n")
""" % (_SEEN,)


def _typer_own_imports() -> list[str]:
    """What the floor's libraries import themselves to run any command (typer 0.29: pydantic;
    rich: dataclasses)."""
    done = subprocess.run([sys.executable, "-c", _BARE_TYPER], capture_output=True, text=True,
                          encoding="utf-8")
    probe = [line for line in done.stderr.splitlines() if line.startswith("PROBE ")]
    assert probe, done.stderr
    return ast.literal_eval(probe[-1][len("PROBE "):])


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["check"], ["--help"],
                                  ["remind", "--phase", "1", "--as-of", "2022-01-24"],
                                  ["unit", "24中", "--as-of", "2022-01-24"]])
def test_everyday_commands_import_no_heavy_library_and_start_no_process(args):
    """status, check, remind, unit and --help on the shipped data load no Jinja, Word, Excel,
    round-trip YAML, Markdown or pydantic code, none of the AVOIDED standard modules, and start
    no process (git): start-up stays near Python's. What typer itself imports for every command
    (pydantic, from typer 0.29) is not nengli's."""
    env = {**os.environ, "NENGLI_DATA": str(ROOT / "data")}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env=env)
    probe = [line for line in done.stderr.splitlines() if line.startswith("PROBE ")]
    assert probe, done.stderr
    heavy, started = ast.literal_eval(probe[-1][len("PROBE "):])
    assert (sorted(set(heavy) - set(_typer_own_imports())), started) == ([], []), probe[-1]


@pytest.mark.parametrize("args, modules", [
    (["status"], ["nengli.cli.core"]),
    (["check"], ["nengli.cli.core"]),
    (["report", "--phase", "1", "--date", "2022-01-24"], ["nengli.cli.documents"]),
    (["remind", "--phase", "1", "--as-of", "2022-01-24"], ["nengli.cli.daily"]),
    (["unit", "24中", "--as-of", "2022-01-24"], ["nengli.cli.records"]),
    (["board", "--phase", "1", "--as-of", "2022-01-24", "--out", "{tmp}/看板.html"],
     ["nengli.cli.board"]),
    (["--help"], []),
])
def test_everyday_commands_import_only_their_own_command_module(args, modules, tmp_path):
    """A run imports the module of the command it runs and no other command module (the
    app knows the others from its table, cli/__init__.py); `--help` imports none."""
    env = {**os.environ, "NENGLI_DATA": str(ROOT / "data")}
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env=env)
    probe = [line for line in done.stderr.splitlines() if line.startswith("COMMANDS ")]
    assert probe and done.returncode == 0, done.stderr
    assert ast.literal_eval(probe[-1][len("COMMANDS "):]) == modules


_IMPORTS_WITH_GC = """
import gc, sys
seen = {}
sys.addaudithook(lambda event, args: event == "import" and args[0] in ("typer", "yaml", "nengli.cli")
                 and seen.setdefault(args[0], gc.isenabled()))
sys.argv = ["nengli", "check"]
from nengli.__main__ import run
try:
    run()
except SystemExit:
    pass
sys.stderr.write("PROBE " + repr(sorted(seen.items())) + "\\n")
sys.stderr.write("FROZEN " + repr((gc.get_freeze_count(), len(gc.get_objects()))) + "\\n")
"""


def test_the_console_script_imports_the_command_line_with_the_collector_paused():
    """`nengli` and `python -m nengli` start in nengli.__main__.run, which pauses the cyclic
    collector before typer, PyYAML and nengli's command line are imported, and freezes every
    object when the command is done (Python's collections at shutdown skip them): ~20 ms."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"nengli": "nengli.__main__:run"}
    env = {**os.environ, "NENGLI_DATA": str(ROOT / "data")}
    done = subprocess.run([sys.executable, "-c", _IMPORTS_WITH_GC], capture_output=True, text=True,
                          encoding="utf-8", env=env)
    probe = [line for line in done.stderr.splitlines() if line.startswith("PROBE ")]
    assert probe, done.stderr
    assert ast.literal_eval(probe[-1][len("PROBE "):]) == [
        ("nengli.cli", False), ("typer", False), ("yaml", False)]
    assert done.stdout.startswith("数据无误：76 个单位"), done.stdout
    frozen = [line for line in done.stderr.splitlines() if line.startswith("FROZEN ")]
    frozen, left = ast.literal_eval(frozen[-1][len("FROZEN "):])
    assert frozen > 10_000 and left < 20, (frozen, left)  # left: the exit's own few objects


@pytest.mark.parametrize("args", [["check"], ["status"], ["report", "--phase", "1"],
                                  ["unit", "一中"]])
def test_each_data_file_is_read_once_per_command(make_data, cli, monkeypatch, args):
    """Every command reads and decodes each data file once (check's placeholder warnings read
    the texts load already has, not the files again)."""
    from nengli import read

    data = make_data({})
    decoded: list[str] = []
    real = read.decode_text

    def counting(data_bytes, path, display, **kwargs):
        decoded.append(path.name)
        return real(data_bytes, path, display, **kwargs)

    monkeypatch.setattr(read, "decode_text", counting)
    result = cli(*args, "--data", str(data), "--as-of", "2022-01-24")
    assert result.exit_code in (0, 1), result.output
    assert decoded and sorted(decoded) == sorted(set(decoded)), decoded
