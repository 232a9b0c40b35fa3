"""Measure nengli rollup: a city over --districts districts of --units units each, and
(with --province) a province over cities of districts, as whole processes.

    .venv/bin/python benchmarks/rollup.py [--runs 3] [--districts 100] [--units 100]
                                          [--province 15x10x200] [--keep DIR]
    .venv/bin/python benchmarks/run.py --only rollup      # the same rows, from run.py

Every district is a campaign of benchmarks/gen.py (its own seed, full names made unique) in a
git repository of its own, which sends a bundle (``nengli rollup export``); the city has its own
units too (``source: .``). Measured, each the median of --runs fresh processes:

  rollup export     one district's bundle (made, then verified)
  rollup fetch      every bundle verified and fetched, rollup.lock written and committed;
                    each run on a fresh copy of the city repository
  rollup status --json, report, check   every district read at its pinned commit

Floors, measured in the same run:
  git fetch ×N      a shell loop of plain ``git fetch <bundle>`` into a fresh repository: what
                    git itself needs to take the same data in, without nengli's checks
  status --json     ``nengli status --json`` of ONE campaign holding as many units as all the
                    districts together: the same figures, from one data folder on disk

Targets: fetch ≤ 4 × git fetch ×N (nengli verifies each bundle's pack before fetching it, then
fetches: about twice git's own work, plus reading the new pins); status, report, check
≤ 2 × status --json of the same number of units in one campaign.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
import run  # noqa: E402
from run import Bench, Row, nengli_cmd, run_all, time_row  # noqa: E402

FETCH_LIMIT = 4.0
VIEW_LIMIT = 2.0
#: the districts' commits: on the statistics day of gen.py's campaigns (their data are current)
DATE = f"{gen.as_of_date(3)}T10:00:00+08:00"
GIT_ENV = {"GIT_AUTHOR_DATE": DATE, "GIT_COMMITTER_DATE": DATE, "GIT_CONFIG_NOSYSTEM": "1"}


def _git(cwd: Path, *args: str) -> None:
    import os

    subprocess.run(["git", "-c", "user.name=督导办", "-c", "user.email=office@example.com", *args],
                   cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def _repo(folder: Path) -> None:
    (folder / ".gitignore").write_text("*.lock\n!rollup.lock\n/数据包/\n", encoding="utf-8")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "config", "user.name", "督导办")
    _git(folder, "config", "user.email", "office@example.com")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "数据")


def campaign(folder: Path, units: int, seed: int, name: str, code: str,
             rollup: str | None = None) -> dict:
    """A generated campaign in its own repository; full names prefixed with ``name`` so that no
    two districts claim the same unit."""
    data = folder / "data"
    expected = gen.generate(data, units=units, seed=seed)
    roster = data / "units.yaml"
    roster.write_text(re.sub(r"(?m)^    name: ", f"    name: {name}", roster.read_text(encoding="utf-8")),
                      encoding="utf-8")
    (data / "campaign.yaml").write_text(f'rollup: {{code: "{code}", name: {name}}}\n', encoding="utf-8")
    if rollup is not None:
        (data / "rollup.yaml").write_text(rollup, encoding="utf-8")
    _repo(folder)
    return expected


def rollup_yaml(names: list[tuple[str, str]], own: tuple[str, str] | None, term: str = "区县") -> str:
    lines = [f"term: {term}", "stale_days: 400", "districts:"]
    if own:
        lines.append(f'  - {{code: "{own[0]}", name: {own[1]}, source: .}}')
    lines += [f'  - {{code: "{code}", name: {name}, source: bundle}}' for code, name in names]
    return "\n".join(lines) + "\n"


def _nengli(cwd: Path, *args: str) -> None:
    import os

    done = subprocess.run([*nengli_cmd(), *args], cwd=cwd, capture_output=True,
                          env={**os.environ, **GIT_ENV})
    if done.returncode != 0:
        raise SystemExit(f"nengli {' '.join(args)} failed:\n{done.stderr.decode('utf-8', 'replace')}")


def city(work: Path, name: str, code: str, districts: int, units: int, seed: int) -> Path:
    """A city repository with its own units and ``districts`` districts' bundles in 数据包/."""
    base = work / name
    names = [(f"{code[:4]}{i:02d}" if districts < 100 else f"{code}{i:03d}", f"区{i}") for i in range(1, districts + 1)]
    bundles = base / "city" / "数据包"
    campaign(base / "city", units, seed, name, code, rollup_yaml(names, (code, "市直")))
    bundles.mkdir()
    for i, (dcode, dname) in enumerate(names, 1):
        folder = base / dname
        campaign(folder, units, seed * 1000 + i, f"{name}{dname}", dcode)
        _nengli(folder, "rollup", "export", "--out", str(bundles), "--name", dname)
    return base / "city"


def git_fetch_floor(bundles: Path, scratch: Path) -> str:
    """A Python loop of ``git fetch`` per bundle into a fresh repository under ``scratch``."""
    return ("import subprocess, pathlib, tempfile\n"
            f"repo = pathlib.Path(tempfile.mkdtemp(dir={str(scratch)!r}))\n"
            "subprocess.run(['git', 'init', '-q', str(repo)], check=True)\n"
            f"for i, b in enumerate(sorted(pathlib.Path({str(bundles)!r}).glob('*.bundle'))):\n"
            "    subprocess.run(['git', 'fetch', '-q', str(b), f'+HEAD:refs/x/{i}'], cwd=repo, check=True)\n")


def copies(repo: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        dst = repo.parent / f"{repo.name}-{i}"
        shutil.copytree(repo, dst, symlinks=True)
        out.append(dst)
    return out


def measure_city(runs: int, districts: int, units: int, work: Path) -> list[Row]:
    n = nengli_cmd()
    print(f"rollup: making {districts} districts × {units} units…", file=sys.stderr)
    repo = city(work, "甲市", "410100", districts, units, seed=7)
    bundles = repo / "数据包"
    # the floor of the views: one campaign with as many units as the whole city
    one = work / "一个活动" / "data"
    expected = gen.generate(one, units=units * (districts + 1), seed=3)
    as_of = expected["as_of"]
    fresh = copies(repo, runs + 1)
    fetch = Bench(f"rollup fetch ({districts} × {units})",
                  lambda i: [*n, "rollup", "fetch", "--data", str(fresh[i] / "data"),
                             "--from", str(bundles)], repo, env=GIT_ENV)
    (work / "floor").mkdir()
    floor = Bench(f"git fetch ×{districts}", [sys.executable, "-c",
                                              git_fetch_floor(bundles, work / "floor")], work)
    export = Bench("rollup export (one district)",
                   [*n, "rollup", "export", "--out", str(work), "--name", "区1"], work / "甲市" / "区1")
    run_all([fetch, floor, export], runs)
    ready = fresh[0]  # fetched by the warm-up run
    views = {args[0]: Bench(f"rollup {' '.join(args)} ({districts} × {units})",
                            [*n, "rollup", *args, "--data", str(ready / "data")], ready, ok=(0, 1))
             for args in (["status", "--json", "--phase", "3", "--as-of", as_of],
                          ["report", "--phase", "3", "--date", as_of],
                          ["check", "--as-of", as_of])}
    single = Bench(f"status --json ({units * (districts + 1):,} units, one campaign)",
                   [*n, "status", "--json", "--phase", "3", "--as-of", as_of, "--data", str(one)],
                   one.parent)
    run_all([single, *views.values()], runs)
    rows = [time_row("rollup", fetch, floor, FETCH_LIMIT), time_row("rollup", export, floor, None)]
    rows += [time_row("rollup", b, single, VIEW_LIMIT) for b in views.values()]
    return rows


def measure_province(cities: int, districts: int, units: int, work: Path) -> list[Row]:
    """One run of each step of a province (too long to repeat): each city fetches its
    districts and exports; the province fetches the cities and reports."""
    n = nengli_cmd()
    print(f"province: {cities} cities × {districts} districts × {units} units…", file=sys.stderr)
    prov = work / "省"
    names = [(f"41{i:02d}00", f"市{i}") for i in range(1, cities + 1)]
    campaign(prov, units, 1, "省", "410000", rollup_yaml(names, ("410000", "省直"), "省辖市"))
    (prov / "数据包").mkdir()
    city_fetch = Bench(f"one city's rollup fetch ({districts} × {units}), median of {cities}",
                       [*n, "rollup", "fetch"], prov, env=GIT_ENV)
    for i, (code, name) in enumerate(names, 1):
        repo = city(work, name, code, districts, units, seed=100 + i)
        city_fetch.samples.append(run.measure(city_fetch.argv(0), repo, (0,), GIT_ENV))
        _nengli(repo, "rollup", "export", "--out", str(prov / "数据包"), "--name", name)
    as_of = gen.as_of_date(3).isoformat()
    rows = []
    for what, args in (("fetch", ["rollup", "fetch"]),
                       ("status --json", ["rollup", "status", "--json", "--phase", "3", "--as-of", as_of]),
                       ("report", ["rollup", "report", "--phase", "3", "--date", as_of]),
                       ("check", ["rollup", "check", "--as-of", as_of])):
        b = Bench(f"province rollup {what} ({cities} × {districts} × {units})", [*n, *args], prov,
                  ok=(0, 1), env=GIT_ENV)
        b.samples.append(run.measure(b.argv(0), b.cwd, b.ok, b.env))
        rows.append(Row("province", b.name, b.seconds, b.seconds, "itself", None, "ms", b.spread,
                        wall=b.wall, wall_floor=b.wall))
    rows.append(Row("province", city_fetch.name, city_fetch.seconds, city_fetch.seconds, "itself",
                    None, "ms", city_fetch.spread, wall=city_fetch.wall, wall_floor=city_fetch.wall))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--districts", type=int, default=100)
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--province", help="also a province: CITIESxDISTRICTSxUNITS, e.g. 15x10x200")
    ap.add_argument("--keep", type=Path, help="write the repositories here and keep them")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nengli-rollup-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = measure_city(args.runs, args.districts, args.units, work)
        if args.province:
            c, d, u = (int(x) for x in args.province.lower().split("x"))
            rows += measure_province(c, d, u, work / "province")
    print(f"Python {sys.version.split()[0]} on {sys.platform}, median of {args.runs} runs")
    print(run.show(rows))
    failed = [r for r in rows if r.limit is not None and not r.ok]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
