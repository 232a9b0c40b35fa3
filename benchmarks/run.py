"""Measure nengli against its performance targets (issue 4), as whole processes.

    .venv/bin/python benchmarks/run.py [--runs 5] [--units 10000] [--small 1000] [--only startup]

Every figure is the best of ``--runs`` runs of a fresh process (after one warm-up run), with
the floors it is compared to measured in the same run and interleaved with it, so a busy
machine slows both sides alike. Peak memory is each process's maximum resident set size,
read by a small wrapper process with ``resource.getrusage(RUSAGE_CHILDREN)``; where the
``resource`` module does not exist (Windows) time is measured directly and memory is shown as
n/a. Prints one table of ratios with pass/fail, and exits 1 if a target is missed.

Targets:
  start-up  ``nengli status`` (stdout not a terminal), ``nengli check`` and ``nengli --help`` on the
            shipped data: ≤ 1.3 × ``python -c "import typer, rich.table, yaml"``
  scale     a generated campaign (10,000 units, 4 categories, 3 phases × 10 tasks, ~95 % filled):
            ``status --json``, ``check`` and ``report --phase 3`` each ≤ 1.5 × the time of
            ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same files in a fresh process,
            and ≤ 3 × its peak memory
  growth    from 1,000 to 10,000 units each of those grows ≤ 11× in time; so does ``check`` on
            data where 1 % of the records are followed by a wrong line (unknown unit,
            duplicate), which exercises did-you-mean, duplicate detection and located messages
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402  (benchmarks/gen.py, next to this file)

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

STARTUP_LIMIT = 1.3
SCALE_LIMIT = 1.5
MEMORY_LIMIT = 3.0
GROWTH_LIMIT = 11.0

STARTUP_FLOOR = "import typer, rich.table, yaml"
YAML_FLOOR = ("import sys, yaml\n"
              "for name in sys.argv[1:]:\n"
              "    with open(name, encoding='utf-8') as f:\n"
              "        yaml.load(f.read(), Loader=yaml.CSafeLoader)\n")
# references, not targets: how much of the floor is the cyclic GC, and the bare C composer
# (what nengli's reading starts from) with the GC paused as nengli pauses it
YAML_NO_GC = "import gc; gc.disable()\n" + YAML_FLOOR
COMPOSE_NO_GC = ("import gc, sys, yaml\n"
                 "gc.disable()\n"
                 "nodes = []\n"
                 "for name in sys.argv[1:]:\n"
                 "    with open(name, encoding='utf-8') as f:\n"
                 "        nodes.append(yaml.compose(f.read(), Loader=yaml.CBaseLoader))\n")


# ---- one process ------------------------------------------------------------------------------

@dataclass
class Sample:
    seconds: float
    rss: int | None  # bytes


def _child(cmd: list[str]) -> None:
    """Wrapper mode: run ``cmd`` once, print its time, peak memory and exit code as JSON."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rss *= 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    json.dump({"seconds": seconds, "rss": rss, "rc": done.returncode,
               "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}, sys.stdout)


def measure(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> Sample:
    # as installed: byte-code caches on (pip writes them), no data folder or width from outside
    drop = ("NENGLI_DATA", "COLUMNS", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    if resource is not None:
        out = subprocess.run([sys.executable, __file__, "--child", "--", *cmd], cwd=cwd, env=env,
                             capture_output=True, check=True)
        got = json.loads(out.stdout)
        rc, err, sample = got["rc"], got["stderr"], Sample(got["seconds"], got["rss"])
    else:
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        sample = Sample(time.perf_counter() - start, None)
        rc, err = done.returncode, done.stderr.decode("utf-8", "replace")
    if rc not in ok:
        raise SystemExit(f"command failed (exit {rc}): {' '.join(cmd)}\n{err}")
    return sample


@dataclass
class Bench:
    """A command and the best of its samples."""

    name: str
    cmd: list[str]
    cwd: Path
    ok: tuple[int, ...] = (0,)
    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return min(s.seconds for s in self.samples)

    @property
    def rss(self) -> int | None:
        values = [s.rss for s in self.samples if s.rss is not None]
        return min(values) if values else None


def run_all(benches: list[Bench], runs: int) -> None:
    """One warm-up each (byte-code caches, disk cache), then ``runs`` interleaved rounds."""
    for b in benches:
        measure(b.cmd, b.cwd, b.ok)
    for i in range(runs):
        for b in benches:
            b.samples.append(measure(b.cmd, b.cwd, b.ok))
        print(f"  round {i + 1}/{runs} done", file=sys.stderr)


# ---- the targets ------------------------------------------------------------------------------

def nengli_cmd() -> list[str]:
    """The console script next to this Python (what users type), else ``python -m nengli``."""
    folder = Path(sys.executable).parent
    for name in ("nengli", "nengli.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    found = shutil.which("nengli")
    return [found] if found else [sys.executable, "-m", "nengli"]


@dataclass
class Row:
    group: str
    what: str
    value: float
    floor: float
    limit: float | None  # None: shown for reference, not a target
    unit: str

    @property
    def ratio(self) -> float:
        return self.value / self.floor

    @property
    def ok(self) -> bool:
        return self.limit is None or self.ratio <= self.limit


def _yaml_files(data: Path) -> list[str]:
    return [str(data / "units.yaml")] + [str(p) for p in sorted((data / "phases").glob("*.yaml"))]


def startup(runs: int) -> list[Row]:
    nengli = nengli_cmd()
    floor = Bench("floor", [sys.executable, "-c", STARTUP_FLOOR], ROOT)
    benches = [floor,
               Bench("nengli status", [*nengli, "status"], ROOT),
               Bench("nengli check", [*nengli, "check"], ROOT),
               Bench("nengli --help", [*nengli, "--help"], ROOT)]
    print("start-up (shipped data)…", file=sys.stderr)
    run_all(benches, runs)
    return [Row("start-up", b.name, b.seconds, floor.seconds, STARTUP_LIMIT, "ms")
            for b in benches[1:]]


def campaign_benches(data: Path, as_of: str, tag: str, errors: Path | None) -> list[Bench]:
    nengli = nengli_cmd()
    d = str(data)
    out = [Bench(f"yaml.load {tag}", [sys.executable, "-c", YAML_FLOOR, *_yaml_files(data)], data.parent),
           Bench(f"status --json {tag}", [*nengli, "status", "--json", "--data", d, "--phase", "3",
                                          "--as-of", as_of], data.parent),
           Bench(f"check {tag}", [*nengli, "check", "--data", d, "--as-of", as_of], data.parent),
           Bench(f"report --phase 3 {tag}", [*nengli, "report", "--phase", "3", "--data", d,
                                             "--date", as_of], data.parent)]
    if errors is not None:
        out.append(Bench(f"check (1 % wrong lines) {tag}",
                         [*nengli, "check", "--data", str(errors), "--as-of", as_of],
                         errors.parent, ok=(1,)))
    return out


def reference_benches(data: Path) -> list[Bench]:
    files = _yaml_files(data)
    return [Bench("yaml.load, GC off (reference)", [sys.executable, "-c", YAML_NO_GC, *files],
                  data.parent),
            Bench("yaml.compose CBaseLoader, GC off (reference)",
                  [sys.executable, "-c", COMPOSE_NO_GC, *files], data.parent)]


def scale(runs: int, units: int, small: int, work: Path, growth: bool) -> list[Row]:
    sizes = [units] + ([small] if growth else [])
    benches: dict[int, list[Bench]] = {}
    references: list[Bench] = []
    for n in sizes:
        print(f"generating {n:,} units…", file=sys.stderr)
        data = work / f"u{n}" / "data"
        expected = gen.generate(data, units=n, phases=3, tasks=10, fill=0.95, seed=1)
        bad = None
        if growth:
            bad = work / f"u{n}e" / "data"
            gen.generate(bad, units=n, phases=3, tasks=10, fill=0.95, seed=1, errors=0.01)
        benches[n] = campaign_benches(data, expected["as_of"], f"({n:,})", bad)
        if n == units:
            references = reference_benches(data)
    print("scale and growth…", file=sys.stderr)
    run_all([b for n in sizes for b in benches[n]] + references, runs)

    rows = []
    big = benches[units]
    floor = big[0]
    for b in big[1:4]:
        rows.append(Row("scale", b.name, b.seconds, floor.seconds, SCALE_LIMIT, "ms"))
    for b in references:
        rows.append(Row("scale", b.name, b.seconds, floor.seconds, None, "ms"))
    if floor.rss is not None:
        for b in big[1:4]:
            rows.append(Row("memory", b.name, b.rss or 0, floor.rss, MEMORY_LIMIT, "MB"))
    if growth:
        for b_big, b_small in zip(big[1:], benches[small][1:]):
            rows.append(Row("growth", b_big.name.replace(f"({units:,})", f"{small:,} → {units:,}"),
                            b_big.seconds, b_small.seconds, GROWTH_LIMIT, "ms"))
        rows.append(Row("growth", f"yaml.load (reference) {small:,} → {units:,}", big[0].seconds,
                        benches[small][0].seconds, None, "ms"))
    return rows


def show(rows: list[Row]) -> str:
    def fmt(value: float, unit: str) -> str:
        return f"{value * 1000:,.0f} ms" if unit == "ms" else f"{value / 2**20:,.0f} MB"

    head = ("group", "measured", "value", "floor", "ratio", "limit", "")
    table = [head] + [(r.group, r.what, fmt(r.value, r.unit), fmt(r.floor, r.unit),
                       f"{r.ratio:.2f}×", f"≤ {r.limit:g}×" if r.limit else "",
                       "info" if r.limit is None else "pass" if r.ok else "FAIL")
                      for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    lines = []
    for i, line in enumerate(table):
        cells = [c.ljust(w) if j < 2 else c.rjust(w) for j, (c, w) in enumerate(zip(line, widths))]
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
    ap.add_argument("--runs", type=int, default=5, help="measured runs per command (best is kept)")
    ap.add_argument("--units", type=int, default=10_000, help="units in the scale campaign")
    ap.add_argument("--small", type=int, default=1_000, help="units in the growth baseline")
    ap.add_argument("--only", choices=("startup", "scale"), help="run one group only")
    ap.add_argument("--keep", type=Path, help="write the generated campaigns here and keep them")
    args = ap.parse_args(argv)

    rows: list[Row] = []
    if args.only in (None, "startup"):
        rows += startup(args.runs)
    if args.only in (None, "scale"):
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            rows += scale(args.runs, args.units, args.small, args.keep, growth=True)
        else:
            with tempfile.TemporaryDirectory(prefix="nengli-bench-") as tmp:
                rows += scale(args.runs, args.units, args.small, Path(tmp), growth=True)
    print(f"Python {sys.version.split()[0]} on {sys.platform}, best of {args.runs} runs;"
          f" memory {'by getrusage' if resource else 'not measured (no resource module)'}")
    print(show(rows))
    targets = [r for r in rows if r.limit is not None]
    failed = [r for r in targets if not r.ok]
    print(f"\n{len(targets) - len(failed)} of {len(targets)} targets met" +
          (": FAILED " + "; ".join(f"{r.group} {r.what}" for r in failed) if failed else "."))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
