"""Deterministic synthetic campaigns for the benchmarks (and for the generator's own test).

    python benchmarks/gen.py OUT_DIR --units 10000 --phases 3 --tasks 10 [--fill 0.95] [--seed 1]

writes OUT_DIR/units.yaml and OUT_DIR/phases/phaseN.yaml in the format of the README (OUT_DIR is
the data folder itself) and prints, as JSON, what ``nengli status --json --as-of AS_OF`` must
report for every phase: the generator decides every status itself, so the counts are known
before nengli reads a byte.

The campaign looks like a province's: units spread over cities, named the way offices name
them (洛阳24中 = 洛阳市第二十四中学, with the alias 洛阳二十四中), in four categories, with some
records written by alias, some with notes, a few exempt, some late and about 5 % missing.
Only the standard library is used, and the same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
from pathlib import Path
from typing import Any, Iterator

from nengli.zh import cn_number

CITIES = ("郑州", "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌",
          "漯河", "三门峡", "南阳", "商丘", "信阳", "周口", "驻马店", "济源")
DISTRICTS = ("城关", "东城", "西城", "南关", "北关", "老城", "新区", "高新", "经开", "河西",
             "河东", "城南", "城北", "湖滨", "山阳", "龙湖")
INSTITUTIONS = ("教研室", "电教馆", "信息中心", "招生考试中心", "教育督导室", "学生资助中心",
                "体卫艺中心", "教师进修学校", "青少年活动中心", "教育装备中心", "成人教育中心",
                "勤工俭学办公室")
OFFICES = ("办公室", "人事处", "财务处", "基础教育处", "职业教育处", "安保处", "机关党委",
           "党风行风建设办公室", "发展规划处", "教师工作处", "体卫艺处", "政策法规处",
           "宣传处", "审计处", "离退休干部处", "督导处")
NOTES = ("逾期补报", "线上召开", "已电话说明", "补充材料", "纸质材料另送")
EXEMPT = ("经批准暂缓", "撤并中免报", "领导小组同意免报")
TASK_TITLES = ("动员部署会召开", "创新案例、改革案例", "“三个清单”制定、报送", "自查报告",
               "问题整改台账", "典型经验材料", "专题学习研讨", "调研报告", "制度建设清单",
               "满意度测评", "工作总结", "宣传信息报送")

#: share of the roster per category, in roster order
CATEGORIES: tuple[tuple[str, str, str, float, str], ...] = (
    # key, name, counter, share, extra fields
    ("school", "中小学", "所", 0.70, ""),
    ("kindergarten", "幼儿园", "所", 0.20, ""),
    ("institution", "二级机构", "个", 0.07, ""),
    ("office", "局机关处室", "个", 0.03, ", label: 局机关各处室, separate: true"),
)

# ---- names ------------------------------------------------------------------------------------

def _schools() -> Iterator[tuple[str, str, list[str]]]:
    """(id, full name, aliases): 洛阳24中 and 洛阳3小, city by city, number by number."""
    for n in itertools.count(1):
        for city in CITIES:
            yield f"{city}{n}中", f"{city}市第{cn_number(n)}中学", [f"{city}{cn_number(n)}中"]
            yield f"{city}{n}小", f"{city}市第{cn_number(n)}小学", [f"{city}{cn_number(n)}小"]


def _kindergartens() -> Iterator[tuple[str, str, list[str]]]:
    for n in itertools.count(1):
        for city in CITIES:
            yield f"{city}{n}幼", f"{city}市第{cn_number(n)}幼儿园", []


def _institutions() -> Iterator[tuple[str, str, list[str]]]:
    for kind in INSTITUTIONS:
        for city in CITIES:
            yield f"{city}{kind}", f"{city}市教育局{kind}", []
    for district in DISTRICTS:
        for kind in INSTITUTIONS:
            for city in CITIES:
                yield f"{city}{district}{kind}", f"{city}市{district}区教育局{kind}", []
    for n in itertools.count(2):  # only past ~3,700 institutions
        for kind in INSTITUTIONS:
            for city in CITIES:
                yield f"{city}{kind}{n}", f"{city}市教育局{kind}（{cn_number(n)}）", []


def _offices() -> Iterator[tuple[str, str, list[str]]]:
    for city in CITIES:
        for kind in OFFICES:
            yield f"{city}局{kind}", f"{city}市教育局{kind}", []
    for district in DISTRICTS:
        for city in CITIES:
            for kind in OFFICES:
                yield f"{city}{district}{kind}", f"{city}市{district}区教育局{kind}", []
    for n in itertools.count(2):
        for city in CITIES:
            for kind in OFFICES:
                yield f"{city}局{kind}{n}", f"{city}市教育局{kind}（{cn_number(n)}）", []


_NAMES = {"school": _schools, "kindergarten": _kindergartens, "institution": _institutions,
          "office": _offices}


def category_sizes(units: int) -> dict[str, int]:
    """How many units of each category a roster of ``units`` has (each category at least one)."""
    sizes = {key: max(1, round(units * share)) for key, _, _, share, _ in CATEGORIES}
    sizes["school"] += units - sum(sizes.values())
    return sizes


# ---- the campaign ----------------------------------------------------------------------------

def _phase_dates(number: int) -> tuple[dt.date, dt.date]:
    start = dt.date(2022, 1, 1) + dt.timedelta(days=70 * (number - 1))
    return start, start + dt.timedelta(days=60)


def _due(start: dt.date, j: int) -> dt.date:
    return start + dt.timedelta(days=8 + 5 * j)


def as_of_date(phases: int) -> dt.date:
    """The statistics date the expected counts are for: late in the last phase, so that its
    first tasks are past due (laggards) and its last ones still pending."""
    start, _ = _phase_dates(phases)
    return start + dt.timedelta(days=50)


def generate(out: Path | str, units: int = 10_000, phases: int = 3, tasks: int = 10,
             fill: float = 0.95, seed: int = 1, errors: float = 0.0) -> dict[str, Any]:
    """Write the data folder ``out`` and return what nengli must find in it.

    ``errors`` > 0 adds, after that share of the records, a wrong line of the kinds people
    write (a misspelt unit, the same unit twice, once by its alias), for timing ``check`` on
    bad data: the data then fails the check, but every other line, and so every count below,
    stays as it would be without them.

    The result: ``units``, ``phases``, ``tasks``, ``records`` (what ``nengli check`` counts),
    ``as_of``, and ``status``: {phase number: [per task {id, applicable, on_time, late,
    missing, pending, exempt, laggards}]} as ``nengli status --json --as-of AS_OF`` gives it.
    """
    rng = random.Random(seed)
    wrong = random.Random(seed + 1)  # its own stream: errors never change the good lines
    out = Path(out)
    (out / "phases").mkdir(parents=True, exist_ok=True)
    as_of = as_of_date(phases)

    # roster: categories in order, units of each category together, in generation order
    roster: list[tuple[str, str, str, list[str]]] = []  # (id, name, category, aliases)
    for key, size in category_sizes(units).items():
        names = _NAMES[key]()
        roster.extend((uid, name, key, aliases) for uid, name, aliases in itertools.islice(names, size))
    lines = ["# 合成数据（benchmarks/gen.py 生成），仅用于性能测试。", "", "categories:"]
    for key, name, counter, _, extra in CATEGORIES:
        lines.append(f"  {key}: {{name: {name}, counter: {counter}{extra}}}")
    lines += ["", "units:"]
    for i, (uid, name, key, aliases) in enumerate(roster):
        lines += [f"  - id: {uid}", f"    name: {name}", f"    category: {key}"]
        if aliases:
            lines.append(f"    aliases: [{', '.join(aliases)}]")
        lines += [f"    group: {i % 40 + 1}",
                  f"    contact: 某老师 0371-{rng.randrange(10**7, 10**8)}"]
    (out / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")

    keys = [c[0] for c in CATEGORIES]
    expected: dict[str, Any] = {"units": len(roster), "phases": phases, "tasks": phases * tasks,
                                "records": 0, "as_of": as_of.isoformat(), "status": {}}
    for number in range(1, phases + 1):
        start, end = _phase_dates(number)
        lines = [f"# 第{cn_number(number)}阶段（合成数据）", "", f"phase: {number}",
                 f"title: 第{cn_number(number)}阶段", "theme: 查找问题、推动整改",
                 f"start: {start}", f"end: {end}", f"scope: [{', '.join(keys)}]", "", "tasks:"]
        plan = []
        for j in range(tasks):
            tid = f"t{number}_{j + 1}"
            # every third task is for schools and kindergartens only, every fifth for offices too
            applies = keys if j % 3 == 0 else keys[:2] if j % 3 == 1 else [k for k in keys if k != "institution"]
            title = TASK_TITLES[j % len(TASK_TITLES)] + (f"（{cn_number(j // len(TASK_TITLES) + 1)}）"
                                                         if j >= len(TASK_TITLES) else "")
            due = _due(start, j)
            lines += [f"  - id: {tid}", f"    title: {title}",
                      f"    applies_to: [{', '.join(applies)}]", f"    due: {due}"]
            plan.append((tid, due, set(applies)))
        lines += ["", "records:"]
        statuses = []
        for tid, due, applies in plan:
            lines.append(f"  {tid}:")
            counts = dict.fromkeys(("applicable", "on_time", "late", "missing", "pending",
                                    "exempt"), 0)
            laggards = []
            for uid, _, key, aliases in roster:
                if key not in applies:
                    continue
                counts["applicable"] += 1
                roll = rng.random()
                if due > as_of:
                    # not yet due: only the early ones have reported
                    fill_here = fill * 0.5
                else:
                    fill_here = fill
                if roll >= fill_here:
                    status = "missing" if as_of > due else "pending"
                    counts[status] += 1
                    if status == "missing":
                        laggards.append(uid)
                    continue
                ref = aliases[0] if aliases and rng.random() < 0.1 else uid
                kind = rng.random()
                if kind < 0.01:
                    lines.append(f"    {ref}: {{exempt: {rng.choice(EXEMPT)}}}")
                    counts["exempt"] += 1
                    expected["records"] += 1
                    continue
                late_days = rng.randint(1, 6) if kind < 0.11 else 0
                date = due + dt.timedelta(days=late_days)
                if late_days == 0 or date > as_of:
                    date = max(start, due - dt.timedelta(days=rng.randint(0, 5)))
                    date = min(date, as_of)
                if date <= due:
                    counts["on_time"] += 1
                else:
                    counts["late"] += 1
                    laggards.append(uid)
                if rng.random() < 0.05:
                    lines.append(f"    {ref}: {{date: {date}, note: {rng.choice(NOTES)}}}")
                else:
                    lines.append(f"    {ref}: {date}")
                expected["records"] += 1
                if errors and wrong.random() < errors:
                    lines.append(_wrong_line(wrong, uid, aliases, date))
            statuses.append({"id": tid, **counts, "laggards": laggards})
        lines += ["", "notice:", "  title: 督导通报",
                  "  intro: 为推动活动深入开展，领导小组办公室对各单位工作进展情况进行了督导。",
                  "  method: 采取查阅资料、线上督导相结合的方式进行。",
                  "  next_steps: [请各单位对照问题清单，逐项整改到位。]",
                  "  issuer: 领导小组办公室"]
        (out / "phases" / f"phase{number}.yaml").write_text("\n".join(lines) + "\n",
                                                            encoding="utf-8", newline="\n")
        expected["status"][str(number)] = statuses
    return expected


def _wrong_line(rng: random.Random, uid: str, aliases: list[str], date: dt.date) -> str:
    kind = rng.random()
    if kind < 0.5:
        return f"    {uid}学: {date}"  # not in the roster: unknown unit, with a did-you-mean
    if aliases and kind < 0.75:
        return f"    {aliases[0]}: {date}"  # the same unit again, by its alias
    return f"    {uid}: {date}"  # the same key twice in the mapping


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="the data folder to write")
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--phases", type=int, default=3)
    ap.add_argument("--tasks", type=int, default=10)
    ap.add_argument("--fill", type=float, default=0.95, help="share of records filled")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--errors", type=float, default=0.0,
                    help="share of records followed by a wrong line (the data then fails check)")
    args = ap.parse_args(argv)
    expected = generate(args.out, args.units, args.phases, args.tasks, args.fill, args.seed,
                        args.errors)
    json.dump(expected, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
