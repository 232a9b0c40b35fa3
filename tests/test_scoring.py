"""Scores a school can recompute: campaign.yaml ``scoring:``, ``nengli rank`` by score, and
``rank --why 单位`` whose lines add up to the score rank prints — for every unit of a generated
campaign with 督办 notices; the rule table as the notice's attachment."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from nengli.load import load
from nengli.progress import phase_progress
from test_duban import CAMPAIGN, PHASE, UNITS

SCORING = CAMPAIGN + ("scoring: {start: 100, missing: 10, late: 1, per_day: 0.5, task_max: 12,\n"
                      "          催办: 2, 督办: 5, 挂牌督办: 10, floor: 60, attach: true}\n")


@pytest.fixture
def scored(make_data, cli):
    data = make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE, "campaign.yaml": SCORING})
    for args in (("三中", "plan", "--date", "2022-01-21"), ("三中", "plan", "--date", "2022-01-27"),
                 ("三中", "meet", "--date", "2022-01-17")):
        assert cli("duban", "issue", *args).exit_code == 0
    return data


def test_rank_why_lists_every_deduction_with_its_rule_task_date_and_source(scored, cli):
    # 三中 owes all three tasks; each task's report costs at most 12, the notices come on top;
    # 100 - (12 + 2 + 12 + 2 + 5 + 12) = 55 is below the floor of 60
    result = cli("rank", "--as-of", "2022-02-08", "--why", "三中")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "某市第三中学（三中）第一阶段得分：60（第5名，统计日期：2022年2月8日）\n"
        "\n"
        "  序号   任务         扣分规则                    日期      依据                   扣分\n"
        " ───────────────────────────────────────────────────────────────────────────────────────\n"
        "     1   动员部署会   逾期未报，每项扣10分        1月14日   未登记                  -10\n"
        "     2   动员部署会   逾期25天，每天扣0.5分       1月14日                         -12.5\n"
        "     3   动员部署会   每项任务最多扣12分                                          +10.5\n"
        "     4   动员部署会   发出催办通知单，每份扣2分   1月17日   〔2022〕督办第002号      -2\n"
        "     5   实施方案     逾期未报，每项扣10分        1月20日   未登记                  -10\n"
        "     6   实施方案     逾期19天，每天扣0.5分       1月20日                          -9.5\n"
        "     7   实施方案     每项任务最多扣12分                                           +7.5\n"
        "     8   实施方案     发出催办通知单，每份扣2分   1月21日   〔2022〕督办第001号      -2\n"
        "     9   实施方案     发出督办通知单，每份扣5分   1月27日   〔2022〕督办第001号      -5\n"
        "    10   创新案例     逾期未报，每项扣10分        1月28日   未登记                  -10\n"
        "    11   创新案例     逾期11天，每天扣0.5分       1月28日                          -5.5\n"
        "    12   创新案例     每项任务最多扣12分                                           +3.5\n"
        "    13                得分不低于60分                                                 +5\n"
        "\n"
        "基础分 100，扣分合计 40，得分 60。\n")


def test_a_late_report_names_its_record_and_an_exempt_task_costs_nothing(scored, cli):
    out = cli("rank", "--as-of", "2022-02-08", "--why", "二中").stdout
    lines = [ln.split() for ln in out.splitlines() if re.match(r"\s+\d+\s", ln)]
    assert lines == [
        ["1", "实施方案", "逾期补报，每项扣1分", "1月25日", "data/phases/phase1.yaml:24", "-1"],
        ["2", "实施方案", "逾期5天，每天扣0.5分", "1月25日", "data/phases/phase1.yaml:24", "-2.5"],
        ["3", "创新案例", "逾期未报，每项扣10分", "1月28日", "未登记", "-10"],
        ["4", "创新案例", "逾期11天，每天扣0.5分", "1月28日", "-5.5"],
        ["5", "创新案例", "每项任务最多扣12分", "+3.5"]]
    assert out.endswith("基础分 100，扣分合计 15.5，得分 84.5。\n")
    exempt = cli("rank", "--as-of", "2022-02-08", "--why", "办公室").stdout
    assert exempt == "某市教育局办公室（办公室）第一阶段得分：100（第1名，统计日期：2022年2月8日）\n基础分 100，没有扣分。\n"


def test_rank_orders_by_score_when_a_scoring_table_is_set(scored, cli):
    out = cli("rank", "--as-of", "2022-02-08").stdout
    assert out.startswith(
        "第一阶段单位得分排名\n"
        "\n"
        "  名次   单位     组   得分   扣分   未报   逾期   通知单\n"
        " ─────────────────────────────────────────────────────────\n"
        "     1   一中      1    100      0      0      0        0\n"
        "     1   办公室    3    100      0      0      0        0\n"
        "     3   二中      1   84.5   15.5      1      1        0\n"
        "     4   四中      2     76     24      2      0        0\n"
        "     5   三中      2     60     40      3      0        3\n")
    data = json.loads(cli("rank", "--as-of", "2022-02-08", "--json").stdout)
    assert [(u["id"], u["place"], u["score"]) for u in data["units"]] == [
        ("一中", 1, 100.0), ("办公室", 1, 100.0), ("二中", 3, 84.5), ("四中", 4, 76.0), ("三中", 5, 60.0)]
    # groups by their units' average: 3 (办公室 100), 1 (一中, 二中: 92.25), 2 (三中, 四中: 68)
    assert [(g["group"], g["place"], g["average"]) for g in data["groups"]] == [
        (3, 1, 100.0), (1, 2, 92.25), (2, 3, 68.0)]


def test_why_needs_a_scoring_table(make_data, cli):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE, "campaign.yaml": CAMPAIGN})
    result = cli("rank", "--why", "三中")
    assert result.exit_code == 2
    assert result.stderr.startswith("用法错误：data/campaign.yaml 中没有考核评分表（scoring），rank --why 无从列出扣分。")
    unknown = cli("rank", "--why", "五中")
    assert unknown.exit_code == 2


def test_the_notice_appends_the_rule_table_as_an_attachment(scored, cli, tmp_path):
    text = cli("report", "--phase", "1", "--date", "2022-02-08").stdout
    # the 附件说明 right above the signature (this phase has no issuer: the date alone)
    assert "\n附件：考核评分细则\n\n2022年2月8日\n" in text
    assert text.endswith(
        "附件\n\n# 考核评分细则\n\n"
        "1. 各单位以100分为基础分，按以下各项扣分，最低60分；获准免报的任务及其督办不扣分。\n\n"
        "2. 任务截止后仍未报送的，每项扣10分。\n\n"
        "3. 逾期补报的，每项扣1分。\n\n"
        "4. 每逾期一天扣0.5分（补报的算至报送之日，未报的算至统计日期），每项任务最多扣12分。\n\n"
        "5. 被督办的，每发出一份催办通知单扣2分，每发出一份督办通知单扣5分，每发出一份挂牌督办通知单扣10分。\n\n"
        "6. 统计日期为2022年2月8日。各单位可按本细则和督导通报、督办通知单自行核算得分，有异议的请及时反馈。\n")
    assert cli("report", "--phase", "1", "--date", "2022-02-08", "--out", "通报.docx").exit_code == 0
    import docx

    paragraphs = docx.Document(str(tmp_path / "通报.docx")).paragraphs
    label = next(i for i, p in enumerate(paragraphs) if p.text == "附件")
    assert paragraphs[label].style.style_id == "GBAttachment"
    assert paragraphs[label].paragraph_format.page_break_before is True
    assert (paragraphs[label + 1].text, paragraphs[label + 1].style.style_id) == ("考核评分细则", "GBTitle")


# ---- a generated campaign: every unit's --why adds up to the score rank prints --------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """benchmarks/gen.py's campaign (80 units, 2 phases of 6 tasks), a scoring table, and a
    duban.yaml with 1 to 3 notices for every third unit that still owes a task."""
    spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "benchmarks" / "gen.py")
    gen = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(gen)
    data = tmp_path_factory.mktemp("scored") / "data"
    facts = gen.generate(data, units=80, phases=2, tasks=6, fill=0.8, seed=11)
    as_of = dt.date.fromisoformat(facts["as_of"])
    (data / "campaign.yaml").write_text(
        "scoring: {start: 100, missing: 8, late: 1, per_day: 0.5, task_max: 15, 催办: 1.5, 督办: 3,\n"
        "          挂牌督办: 6, floor: 70}\n", encoding="utf-8")
    campaign, problems = load(data, as_of)
    assert campaign is not None, problems
    lines = ["items:"]
    n = 0
    for phase in campaign.phases:
        for tp in phase_progress(campaign, phase, as_of).tasks:
            for row in tp.rows:
                if row.status != "missing" or row.unit.index % 3:
                    continue
                n += 1
                lines += [f"  〔2022〕督办第{n:03d}号:", f"    unit: {row.unit.id}", f"    phase: {phase.number}",
                          f"    task: {tp.task.id}", "    log:"]
                for k, level in enumerate(("催办", "督办", "挂牌督办")[: 1 + n % 3]):
                    day = tp.task.due + dt.timedelta(days=1 + 7 * k)
                    if day <= as_of:
                        lines.append(f"      - {{date: {day}, level: {level}, until: {day + dt.timedelta(days=5)}}}")
                if lines[-1] == "    log:":
                    lines[-5:] = []
                    n -= 1
    (data / "duban.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    campaign, problems = load(data, as_of)
    assert campaign is not None and not [p for p in problems if p.is_error], problems
    assert len(campaign.items) > 10
    return data, as_of, campaign


def _scores_printed(out: str) -> dict[str, Decimal]:
    """unit id -> the score in rank's table (名次 单位 组 得分 …)."""
    scores = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 8 and parts[0].isdigit():
            scores[parts[1]] = Decimal(parts[3])
    return scores


@pytest.mark.slow
def test_rank_why_adds_up_to_the_score_rank_prints_for_every_unit(generated, cli, monkeypatch):
    data, as_of, campaign = generated
    monkeypatch.setenv("COLUMNS", "200")
    for phase in campaign.phases:
        args = ("--data", str(data), "--phase", str(phase.number), "--as-of", as_of.isoformat())
        printed = _scores_printed(cli("rank", *args).stdout)
        ranked = json.loads(cli("rank", *args, "--json").stdout)["units"]
        assert set(printed) == {u["id"] for u in ranked} and len(printed) > 60
        assert any(s < 100 for s in printed.values()) and any(s == 70 for s in printed.values())
        notices = 0
        for n, (unit_id, score) in enumerate(printed.items()):
            out = cli("rank", *args, "--why", unit_id).stdout
            # a deduction is -x, a cap or the floor gives back +x
            points = [-Decimal(m.group(1)) for m in re.finditer(r"\s([-+][0-9.]+)$", out, re.M)]
            notices += out.count("通知单，每份扣")
            total = Decimal(re.search(r"得分 ([0-9.]+)。$", out.strip()).group(1)) if points else \
                Decimal(re.search(r"得分：([0-9.]+)", out).group(1))
            assert Decimal(100) - sum(points, Decimal(0)) == total == score, (unit_id, out)
            if n % 5 == 0:  # the JSON says the same, for a fifth of the units
                why = json.loads(cli("rank", *args, "--why", unit_id, "--json").stdout)
                assert why["start"] - sum(d["points"] for d in why["deductions"]) == why["score"] \
                    == float(score)
        assert notices > 5


def test_the_views_survive_a_gbk_console(scored, cli):
    """Every character of the 督办 and score views has a GBK code (a Chinese Windows console)."""
    assert cli("duban", "extend", "1", "--until", "2022-02-10", "--reason", "疫情",
               "--date", "2022-01-28").exit_code == 0
    for args in (("duban", "list", "--as-of", "2022-02-08"), ("duban", "log"),
                 ("rank", "--as-of", "2022-02-08"), ("rank", "--as-of", "2022-02-08", "--why", "三中"),
                 ("unit", "三中", "--as-of", "2022-02-08")):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        result.stdout.encode("gbk")
