"""Measure nengli against its performance targets, as whole processes.

    .venv/bin/python benchmarks/run.py [--runs 5] [--units 10000] [--small 1000] [--huge 100000]
                                       [--only startup|scale|completion|rollup] [--keep DIR]

Every figure is the **median** of ``--runs`` runs of a fresh process (after one warm-up run),
shown with its min–max. Two clocks are read for each run: the wall time, and the CPU time
(user + system) of the process and of the processes it waited for (git), from
``resource.getrusage(RUSAGE_CHILDREN)`` in a small wrapper process that also reads the peak
resident memory. Targets are judged on CPU time, which another engineer's tests on the same
cores slow far less than the wall clock; the wall time is printed beside it. The floors each
figure is compared to are measured in the same run, interleaved with it, so a busy machine
slows both sides alike. Where the ``resource`` module does not exist (Windows) only the wall
time is measured, memory is n/a and the targets are judged on the wall time. Prints one table
of ratios with pass/fail, and exits 1 if a target is missed. Rows marked ``info`` are
references; ``stretch`` rows are goals beyond the targets and never fail the run.

Floors (fresh processes, cyclic GC off as nengli runs, C libyaml):
  import          ``python -c "import typer, rich.table, yaml"``
  events          libyaml's event stream of the campaign's files (``yaml.parse``, CBaseLoader)
  compose         libyaml's node tree of the files with CBaseLoader (``yaml.compose``)
  compose nengli  the same tree built by nengli's own composer (``nengli.parse.nodes``: libyaml,
                  with a resolver cut to what nengli needs; it is the faster of the two)
  yaml.load       full type conversion (``yaml.load``, CSafeLoader)

Targets:
  start-up  status, check, report, remind, unit, board on the shipped data: ≤ 1.3 × import
            (board --format png, where it exists: for reference)
  scale     at --units: check, status (with and without --json), report, remind, board
            ≤ 2.5 × events (stretch: check ≤ 1.0 × compose nengli); record (one registration,
            written) and intake (100 files, dry run) ≤ 1.3 × check; export xlsx ≤ 3 × status;
            merge-driver (one phase file, three versions) ≤ 2 × compose nengli (all files, once)
  png       board --format png at --units against board (HTML), for reference
  memory    peak RSS of every command at --units ≤ 1.0 × compose nengli's, the merge driver's
            ≤ 1.5 ×; record, intake ≤ 1.5 × check's
  growth    --small → --units ≤ 11 × for every command, and for check on a campaign whose last
            phase file is indented with tabs throughout (a problem on every line);
            --units → --huge ≤ 10.5 × (with --huge)
  complete  Tab completion at --units (tasks, tasks of a phase, units from a typed prefix):
            ≤ 2 × import; groups (the whole roster is read) for reference
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402  (benchmarks/gen.py, next to this file)

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

STARTUP_LIMIT = 1.3
SCALE_LIMIT = 2.5
RECORD_LIMIT = 1.3
EXPORT_LIMIT = 3.0
MERGE_LIMIT = 2.0
MEMORY_LIMIT = 1.0
MERGE_MEMORY_LIMIT = 1.5
WRITE_MEMORY_LIMIT = 1.5
GROWTH_LIMIT = 11.0
HUGE_GROWTH_LIMIT = 10.5
COMPLETE_LIMIT = 2.0

STARTUP_FLOOR = "import typer, rich.table, yaml"
_READ = ("import gc, sys, yaml\n"
         "gc.disable()\n"
         "keep = []\n"
         "for name in sys.argv[1:]:\n"
         "    with open(name, encoding='utf-8') as f:\n"
         "        text = f.read()\n")
EVENTS_FLOOR = _READ + "    for _ in yaml.parse(text, Loader=yaml.CBaseLoader): pass\n"
COMPOSE_FLOOR = _READ + "    keep.append(yaml.compose(text, Loader=yaml.CBaseLoader))\n"
NENGLI_COMPOSE_FLOOR = ("from nengli.parse.nodes import compose_text\n" + _READ
                        + "    keep.append(compose_text(text))\n")
LOAD_FLOOR = _READ + "    keep.append(yaml.load(text, Loader=yaml.CSafeLoader))\n"


# ---- one process ------------------------------------------------------------------------------

@dataclass
class Sample:
    wall: float
    cpu: float | None  # user + system seconds of the process and the processes it waited for
    rss: int | None  # bytes


def _child(cmd: list[str]) -> None:
    """Wrapper mode: run ``cmd`` once, print its wall and CPU time, peak memory and exit code
    as JSON. stdout goes to a pipe that is read and thrown away (not a terminal)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": rss,
               "rc": done.returncode, "stderr": done.stderr.decode("utf-8", "replace")[-2000:]},
              sys.stdout)


def measure(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,),
            extra_env: dict[str, str] | None = None) -> Sample:
    # as installed: byte-code caches on (pip writes them), no data folder or width from outside
    drop = ("NENGLI_DATA", "COLUMNS", "PYTHONDONTWRITEBYTECODE")
    env = {**{k: v for k, v in os.environ.items() if k not in drop}, **(extra_env or {})}
    if resource is not None:
        out = subprocess.run([sys.executable, __file__, "--child", "--", *cmd], cwd=cwd, env=env,
                             capture_output=True, check=True)
        got = json.loads(out.stdout)
        rc, err, sample = got["rc"], got["stderr"], Sample(got["wall"], got["cpu"], got["rss"])
    else:
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        sample = Sample(time.perf_counter() - start, None, None)
        rc, err = done.returncode, done.stderr.decode("utf-8", "replace")
    if rc not in ok:
        raise SystemExit(f"command failed (exit {rc}): {' '.join(cmd)}\n{err}")
    return sample


@dataclass
class Bench:
    """A command and its samples. ``cmd`` may depend on the run's number (a write that must
    change the file every time)."""

    name: str
    cmd: list[str] | Callable[[int], list[str]]
    cwd: Path
    ok: tuple[int, ...] = (0,)
    samples: list[Sample] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # set for the command only

    def argv(self, i: int) -> list[str]:
        return self.cmd(i) if callable(self.cmd) else self.cmd

    def times(self) -> list[float]:
        """The judged clock of each run: CPU time where it was measured, else the wall time."""
        return [s.wall if s.cpu is None else s.cpu for s in self.samples]

    @property
    def seconds(self) -> float:
        return statistics.median(self.times())

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.times()), max(self.times())

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def rss(self) -> int | None:
        values = [s.rss for s in self.samples if s.rss is not None]
        return int(statistics.median(values)) if values else None


def run_all(benches: list[Bench], runs: int) -> None:
    """One warm-up each (byte-code caches, disk cache), then ``runs`` interleaved rounds."""
    for b in benches:
        measure(b.argv(runs), b.cwd, b.ok, b.env)
    for i in range(runs):
        for b in benches:
            b.samples.append(measure(b.argv(i), b.cwd, b.ok, b.env))
        print(f"  round {i + 1}/{runs} done", file=sys.stderr)


# ---- the commands -----------------------------------------------------------------------------

def nengli_cmd() -> list[str]:
    """The console script next to this Python (what users type), else ``python -m nengli``."""
    folder = Path(sys.executable).parent
    for name in ("nengli", "nengli.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    found = shutil.which("nengli")
    return [found] if found else [sys.executable, "-m", "nengli"]


def has_command(name: str) -> bool:
    """Whether this nengli has the command (benchmarks of newer commands run where they exist)."""
    done = subprocess.run([*nengli_cmd(), name, "--help"], capture_output=True)
    return done.returncode == 0


@dataclass
class Campaign:
    """A generated campaign and the facts the commands need."""

    data: Path
    as_of: str
    task: str  # a task of the last phase
    unit: str  # a unit that task applies to
    out: Path  # a folder for written files
    inbox: Path  # received files of the first units, for intake


def scale_commands(c: Campaign) -> dict[str, Bench]:
    """The commands measured at scale, by short name (the order of the table)."""
    n = nengli_cmd()
    d, cwd = str(c.data), c.data.parent
    phase = ["--phase", "3"]
    benches = {
        "check": Bench("check", [*n, "check", "--data", d, "--as-of", c.as_of], cwd),
        "status": Bench("status --json", [*n, "status", "--json", "--data", d, *phase,
                                          "--as-of", c.as_of], cwd),
        "status-text": Bench("status", [*n, "status", "--data", d, *phase, "--as-of", c.as_of],
                             cwd),
        "tabs": Bench("check (last phase file tab-indented)", [
            *n, "check", "--data", str(tabbed(c)), "--as-of", c.as_of], cwd, ok=(1,)),
        "report": Bench("report", [*n, "report", "--data", d, *phase, "--date", c.as_of], cwd),
        "remind": Bench("remind", [*n, "remind", "--data", d, *phase, "--as-of", c.as_of], cwd),
        # a real write every run: the date alternates, so the file changes each time
        "record": Bench("record (one unit, written)", lambda i: [
            *n, "record", c.task, c.unit, "--data", d, "--force",
            "--date", f"{c.as_of[:8]}0{1 + i % 2}"], cwd),
        # a day's inbox of 100 files (about 5 of them not registered yet); dry run, so that
        # every run does the same: load, match, edit and check the phase file, write nothing
        "intake": Bench("intake (100 files, dry run)", [
            *n, "intake", str(c.inbox), "--data", d, "--task", c.task, "--date", c.as_of,
            "--dry-run"], cwd),
        "export": Bench("export xlsx", [*n, "export", "--data", d, *phase, "--as-of", c.as_of,
                                        "--format", "xlsx", "--out", str(c.out / "台账.xlsx")], cwd),
    }
    if has_command("merge-driver"):
        # git's merge of the last phase file: each side registered 100 units the other did not
        last = sorted((c.data / "phases").glob("*.yaml"))[-1]
        base, ours, theirs = merge_inputs(last, c.out)
        benches["merge"] = Bench("merge-driver (100 + 100 registrations)", [
            *n, "merge-driver", str(base), str(ours), str(theirs),
            last.relative_to(cwd).as_posix()], cwd)
    if board_png():
        benches["board-png"] = Bench("board --format png", [
            *n, "board", "--data", d, *phase, "--as-of", c.as_of, "--out", str(c.out / "要情.png")], cwd)
    if has_command("board"):
        benches["board"] = Bench("board", [*n, "board", "--data", d, *phase, "--as-of", c.as_of,
                                           "--out", str(c.out / "看板.html")], cwd)
    return benches


def board_png() -> bool:
    """Whether this nengli's board writes the long image for WeChat (``--format png``)."""
    done = subprocess.run([*nengli_cmd(), "board", "--help"], capture_output=True, text=True,
                          encoding="utf-8")
    return done.returncode == 0 and "png" in done.stdout


def merge_inputs(phase: Path, out: Path) -> tuple[Path, Path, Path]:
    """Three versions of ``phase`` for the merge driver: the base lacks 200 records, ours has
    half of them back, theirs the other half (every merge of them gives the file itself)."""
    lines = phase.read_text(encoding="utf-8").splitlines(keepends=True)
    records = [i for i, ln in enumerate(lines) if ln.startswith("    ") and ": " in ln]
    picked = records[:: max(1, len(records) // 200)][:200]
    mine, yours = set(picked[::2]), set(picked[1::2])
    paths = []
    for name, left_out in (("base", mine | yours), ("ours", yours), ("theirs", mine)):
        path = out / f"merge-{name}.yaml"
        path.write_text("".join(ln for i, ln in enumerate(lines) if i not in left_out),
                        encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], paths[2]


def floor_benches(data: Path) -> dict[str, Bench]:
    files = [str(data / "units.yaml")] + [str(p) for p in sorted((data / "phases").glob("*.yaml"))]
    return {name: Bench(name, [sys.executable, "-c", code, *files], data.parent)
            for name, code in (("events", EVENTS_FLOOR), ("compose", COMPOSE_FLOOR),
                               ("compose nengli", NENGLI_COMPOSE_FLOOR),
                               ("yaml.load", LOAD_FLOOR))}


def tabbed(c: Campaign) -> Path:
    """A copy of the campaign whose last phase file is indented with tabs throughout, as an
    editor set to tabs writes it: ``check`` reports every indented line (one pass over the
    text, not a count from the top for each line)."""
    data = c.data.parent / "tabs" / "data"
    shutil.copytree(c.data, data, dirs_exist_ok=True)
    last = sorted((data / "phases").glob("*.yaml"))[-1]
    lines = last.read_text(encoding="utf-8").split("\n")
    last.write_text("\n".join("\t" * ((len(ln) - len(ln.lstrip(" "))) // 2) + ln.lstrip(" ")
                              for ln in lines), encoding="utf-8")
    return data


def make_campaign(work: Path, units: int) -> Campaign:
    print(f"generating {units:,} units…", file=sys.stderr)
    data = work / f"u{units}" / "data"
    expected = gen.generate(data, units=units, phases=3, tasks=10, fill=0.95, seed=1)
    last = expected["status"][str(max(int(k) for k in expected["status"]))][0]
    units_text = (data / "units.yaml").read_text(encoding="utf-8")
    first_unit = units_text.split("  - id: ", 1)[1].split("\n", 1)[0].strip()
    out = work / f"u{units}" / "out"
    out.mkdir(parents=True, exist_ok=True)
    inbox = work / f"u{units}" / "收件箱"
    inbox.mkdir(exist_ok=True)
    for uid in [line.split("  - id: ", 1)[1].strip() for line in units_text.splitlines()
                if line.startswith("  - id: ")][:100]:
        (inbox / f"{uid}-材料.docx").write_bytes(uid.encode("utf-8"))
    # the first task of the last phase applies to every category (gen.py), so to the first unit
    return Campaign(data, expected["as_of"], last["id"], first_unit, out, inbox)


# ---- the table --------------------------------------------------------------------------------

@dataclass
class Row:
    group: str
    what: str
    value: float
    floor: float
    floor_name: str
    limit: float | None  # None: shown for reference, not a target
    unit: str
    spread: tuple[float, float] | None = None
    stretch: bool = False
    wall: float | None = None  # the wall-clock medians beside the judged (CPU) ones
    wall_floor: float | None = None

    @property
    def ratio(self) -> float:
        return self.value / self.floor

    @property
    def wall_ratio(self) -> float | None:
        return self.wall / self.wall_floor if self.wall and self.wall_floor else None

    @property
    def ok(self) -> bool:
        return self.limit is None or self.ratio <= self.limit

    @property
    def verdict(self) -> str:
        if self.limit is None:
            return "info"
        if self.stretch:
            return "stretch met" if self.ok else "stretch missed"
        return "pass" if self.ok else "FAIL"


def time_row(group: str, b: Bench, floor: Bench, limit: float | None, *,
             stretch: bool = False, what: str | None = None) -> Row:
    return Row(group, what or b.name, b.seconds, floor.seconds, floor.name, limit, "ms",
               b.spread, stretch, b.wall, floor.wall)


def startup(runs: int, out: Path) -> list[Row]:
    n = nengli_cmd()
    floor = Bench("import typer, rich.table, yaml", [sys.executable, "-c", STARTUP_FLOOR], ROOT)
    benches = [floor] + [Bench(f"nengli {' '.join(args)}".replace(str(out) + os.sep, ""), [*n, *args], ROOT) for args in (
        ["status"], ["check"], ["report", "--phase", "1", "--date", "2022-01-24"],
        ["remind", "--phase", "1", "--as-of", "2022-01-24"], ["unit", "24中", "--as-of", "2022-01-24"],
        ["board", "--phase", "1", "--as-of", "2022-01-24", "--out", str(out / "看板.html")],
        ["--help"])]
    png = board_png()
    if png:  # the long image: Pillow draws it, not an everyday command's start-up (reference)
        benches.append(Bench("nengli board --phase 1 --as-of 2022-01-24 --out 要情.png",
                             [*n, "board", "--phase", "1", "--as-of", "2022-01-24",
                              "--out", str(out / "要情.png")], ROOT))
    print("start-up (shipped data)…", file=sys.stderr)
    run_all(benches, runs)
    return [time_row("start-up", b, floor, None if png and b is benches[-1] else STARTUP_LIMIT)
            for b in benches[1:]]


def completion(runs: int, units: int, work: Path) -> list[Row]:
    """Tab completion as bash asks for it (typer's protocol), on a campaign of ``units``."""
    c = make_campaign(work, units)
    n = nengli_cmd()
    unit = c.unit[:3]  # a typical prefix: the city and the first character
    floor = Bench("import typer, rich.table, yaml", [sys.executable, "-c", STARTUP_FLOOR], ROOT)
    asks = {"record": "nengli record ", "record --phase 3": "nengli record --phase 3 ",
            f"unit {unit}": f"nengli unit {unit}", "status --group": "nengli status --group "}
    benches = [Bench(f"complete {what}<Tab>", n, c.data.parent, env={
        "NENGLI_DATA": str(c.data), "_NENGLI_COMPLETE": "complete_bash",
        "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)})
        for what, words in asks.items()]
    print(f"completion ({units:,} units)…", file=sys.stderr)
    run_all([floor, *benches], runs)
    limits = (COMPLETE_LIMIT, COMPLETE_LIMIT, COMPLETE_LIMIT, None)  # --group: the whole roster
    return [time_row("complete", b, floor, limit, what=f"{b.name} ({units:,})")
            for b, limit in zip(benches, limits)]


def scale(runs: int, units: int, small: int, huge: int, work: Path) -> list[Row]:
    sizes = [s for s in (small, units, huge) if s]
    campaigns = {s: make_campaign(work, s) for s in sizes}
    commands = {s: scale_commands(c) for s, c in campaigns.items()}
    floors = {s: floor_benches(c.data) for s, c in campaigns.items()}
    print("scale and growth…", file=sys.stderr)
    run_all([b for s in sizes if s != huge for b in (*floors[s].values(), *commands[s].values())],
            runs)
    if huge:
        print(f"{huge:,} units (3 runs)…", file=sys.stderr)
        run_all([*floors[huge].values(), *commands[huge].values()], min(runs, 3))

    big, fl = commands[units], floors[units]
    rows = [time_row("scale", big["check"], fl["events"], SCALE_LIMIT),
            time_row("scale", big["check"], fl["compose nengli"], 1.0, stretch=True)]
    for name in ("status", "status-text", "report", "remind", "board"):
        if name in big:
            rows.append(time_row("scale", big[name], fl["events"], SCALE_LIMIT))
    if "board" in big:  # the leaders' page against the notice of the same phase, for reference
        rows.append(time_row("scale", big["board"], big["report"], None))
    if "board-png" in big and "board" in big:  # the long image against the page, for reference
        rows.append(time_row("scale", big["board-png"], big["board"], None))
    rows.append(time_row("scale", big["record"], big["check"], RECORD_LIMIT))
    if "intake" in big:
        rows.append(time_row("scale", big["intake"], big["check"], RECORD_LIMIT))
    rows.append(time_row("scale", big["export"], big["status"], EXPORT_LIMIT))
    if "merge" in big:
        rows.append(time_row("scale", big["merge"], fl["compose nengli"], MERGE_LIMIT))
    for name in ("compose", "compose nengli", "yaml.load"):
        rows.append(time_row("scale", fl[name], fl["events"], None, what=f"{name} (floor)"))
    if fl["compose"].rss is not None:
        floor = fl["compose nengli"]
        for key, b in big.items():
            if key == "tabs":
                continue  # a broken campaign: its problems, not a read of the data
            rows.append(Row("memory", b.name, b.rss or 0, floor.rss or 1, "compose nengli",
                            MERGE_MEMORY_LIMIT if key == "merge" else MEMORY_LIMIT, "MB"))
        rows.append(Row("memory", "compose (floor)", fl["compose"].rss or 0, floor.rss or 1,
                        "compose nengli", None, "MB"))
        for name in ("record", "intake"):
            if name in big:
                rows.append(Row("memory", big[name].name, big[name].rss or 0,
                                big["check"].rss or 1, "check", WRITE_MEMORY_LIMIT, "MB"))
    steps = [(small, units, GROWTH_LIMIT)] + ([(units, huge, HUGE_GROWTH_LIMIT)] if huge else [])
    for lo, hi, limit in steps:
        for key, b in commands[hi].items():
            rows.append(Row("growth", f"{b.name} {lo:,} → {hi:,}", b.seconds,
                            commands[lo][key].seconds, f"same at {lo:,}", limit, "ms",
                            wall=b.wall, wall_floor=commands[lo][key].wall))
        for key in ("events", "compose", "compose nengli"):
            rows.append(Row("growth", f"{key} (floor) {lo:,} → {hi:,}", floors[hi][key].seconds,
                            floors[lo][key].seconds, f"same at {lo:,}", None, "ms",
                            wall=floors[hi][key].wall, wall_floor=floors[lo][key].wall))
    return rows


def versions() -> str:
    """The versions measured: those this Python has installed (what pip gave)."""
    from importlib import metadata

    import yaml

    found = []
    for name in ("typer", "click", "rich", "PyYAML"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(found) + (" with libyaml" if yaml.__with_libyaml__ else " without libyaml")


def load_average() -> str:
    """The 1-minute load average (the machine is shared), n/a where there is none (Windows)."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"


def show(rows: list[Row]) -> str:
    def fmt(value: float, unit: str) -> str:
        return f"{value * 1000:,.0f} ms" if unit == "ms" else f"{value / 2**20:,.0f} MB"

    def spread(r: Row) -> str:
        return f"{r.spread[0] * 1000:,.0f}–{r.spread[1] * 1000:,.0f}" if r.spread else ""

    head = ("group", "measured", "median", "min–max ms", "floor", "against", "ratio", "limit", "",
            "wall", "wall floor", "wall ratio")
    table = [head] + [(r.group, r.what, fmt(r.value, r.unit), spread(r), fmt(r.floor, r.unit),
                       r.floor_name, f"{r.ratio:.2f}×", f"≤ {r.limit:g}×" if r.limit else "",
                       r.verdict, fmt(r.wall, "ms") if r.wall else "",
                       fmt(r.wall_floor, "ms") if r.wall_floor else "",
                       f"{r.wall_ratio:.2f}×" if r.wall_ratio else "") for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    left = {0, 1, 5, 8}
    lines = []
    for i, line in enumerate(table):
        cells = [c.ljust(w) if j in left else c.rjust(w)
                 for j, (c, w) in enumerate(zip(line, widths))]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] == ["--child", "--"]:
        _child(argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="measured runs per command (median kept)")
    ap.add_argument("--units", type=int, default=10_000, help="units in the scale campaign")
    ap.add_argument("--small", type=int, default=1_000, help="units in the growth baseline")
    ap.add_argument("--huge", type=int, default=0,
                    help="also measure a campaign this large (e.g. 100000; several minutes)")
    ap.add_argument("--only", choices=("startup", "scale", "completion", "rollup"),
                    help="run one group only (rollup: only this way; see benchmarks/rollup.py)")
    ap.add_argument("--keep", type=Path, help="write the generated campaigns here and keep them")
    args = ap.parse_args(argv)

    rows: list[Row] = []
    load_at_start = load_average()
    with tempfile.TemporaryDirectory(prefix="nengli-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.only in (None, "startup"):
            rows += startup(args.runs, work)
        if args.only in (None, "scale"):
            rows += scale(args.runs, args.units, args.small, args.huge, work)
        if args.only in (None, "completion"):
            rows += completion(args.runs, args.units, work)
        if args.only == "rollup":  # 100 district repositories: minutes, so not in the default run
            import rollup

            rows += rollup.measure_city(args.runs, 100, 100, work)
    print(f"Python {sys.version.split()[0]} on {sys.platform} ({versions()}), load average"
          f" {load_at_start} at the start, {load_average()} at the end; median of {args.runs} runs;"
          f" times: {'CPU (user + sys)' if resource else 'wall'};"
          f" memory {'by getrusage' if resource else 'not measured (no resource module)'}")
    print(show(rows))
    targets = [r for r in rows if r.limit is not None and not r.stretch]
    failed = [r for r in targets if not r.ok]
    print(f"\n{len(targets) - len(failed)} of {len(targets)} targets met" +
          (": FAILED " + "; ".join(f"{r.group} {r.what}" for r in failed) if failed else "."))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
