"""督办: the ladder's dates over weekends, holidays and 调休 days; ``duban list`` on several days;
``issue``, ``extend`` and ``close`` with their rules; the record in data/duban.yaml and its
located errors. The campaign is built here; January 2022 has the Spring Festival holiday
(1月31日—2月6日) and two weekend days worked in its place (1月29日, 1月30日)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nengli.duban.workdays import Calendar
from nengli.layout import is_own_file
from nengli.load import load

D = dt.date

UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}
units:
  - id: 一中
    name: 某市第一中学
    category: school
    group: 1
    contact: 王老师
    phone: 0371-00000001
  - id: 二中
    name: 某市第二中学
    category: school
    group: 1
  - id: 三中
    name: 某市第三中学
    category: school
    aliases: [第三中学]
    group: 2
  - id: 四中
    name: 某市第四中学
    category: school
    group: 2
  - id: 办公室
    name: 某市教育局办公室
    category: office
    group: 3
"""

# meet is due on a Friday before an ordinary weekend, plan on a Thursday, cases on the Friday
# before the 调休 weekend and the holiday
PHASE = """\
phase: 1
title: 第一阶段
start: 2022-01-04
end: 2022-02-28
tasks:
  - id: meet
    title: 动员部署会
    applies_to: [school]
    due: 2022-01-14
  - id: plan
    title: 实施方案
    due: 2022-01-20
  - id: cases
    title: 创新案例
    applies_to: [school]
    due: 2022-01-28
records:
  meet:
    一中: 2022-01-13
    二中: 2022-01-14
    四中: 2022-01-14
  plan:
    一中: 2022-01-19
    二中: {date: 2022-01-25, note: 逾期补报}
    办公室: {exempt: 经批准暂缓}
  cases:
    一中: 2022-01-27
"""

CAMPAIGN = """\
name: 某市教育局“能力作风建设年”活动
office: 某市教育局“能力作风建设年”活动领导小组办公室
holidays:
  - 2022-01-31 至 2022-02-06   # 春节
workdays: [2022-01-29, 2022-01-30]
duban:
  ladder: {催办: 3, 督办: 2, 挂牌督办: 2}
  contact: 王老师
  phone: 0371-00000000
  feedback: 办理情况加盖公章后送督导提升组。
  issuer: 督导提升组
"""


@pytest.fixture
def campaign_dir(make_data):
    return make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE, "campaign.yaml": CAMPAIGN})


def listed(cli, day: str, *args: str) -> list[tuple]:
    result = cli("duban", "list", "--as-of", day, "--json", *args)
    assert result.exit_code == 0, result.output
    return [(r["state"], r["unit"], r["task"], r["next_level"], r["due_from"], r["number"])
            for r in json.loads(result.stdout)["items"]]


# ---- working days --------------------------------------------------------------------------

def test_working_days_skip_weekends_and_holidays_and_count_the_weekend_days_worked():
    cal = Calendar(holidays=frozenset(D(2022, 1, 31) + dt.timedelta(days=n) for n in range(7)),
                   workdays=frozenset({D(2022, 1, 29), D(2022, 1, 30)}))
    assert cal.next(D(2022, 1, 14)) == D(2022, 1, 17)           # Friday -> Monday
    assert cal.add(D(2022, 1, 21), 3) == D(2022, 1, 26)         # over a weekend
    assert cal.next(D(2022, 1, 28)) == D(2022, 1, 29)           # a Saturday worked (调休)
    assert cal.add(D(2022, 1, 28), 2) == D(2022, 1, 30)         # and the Sunday
    assert cal.next(D(2022, 1, 30)) == D(2022, 2, 7)            # over the whole holiday
    assert cal.between(D(2022, 1, 28), D(2022, 2, 7)) == 3
    assert cal.add(D(2022, 1, 21), 0) == D(2022, 1, 21)
    plain = Calendar()
    assert plain.next(D(2022, 1, 28)) == D(2022, 1, 31)
    assert not plain.is_workday(D(2022, 1, 29)) and plain.is_workday(D(2022, 1, 31))


def test_holidays_and_workdays_are_read_from_campaign_yaml(campaign_dir):
    campaign, problems = load(campaign_dir)
    assert not problems
    assert campaign.rules.holidays == {D(2022, 1, 31) + dt.timedelta(days=n) for n in range(7)}
    assert campaign.rules.workdays == {D(2022, 1, 29), D(2022, 1, 30)}
    assert campaign.rules.ladder == (("催办", 3), ("督办", 2), ("挂牌督办", 2))


# ---- the ladder's dates --------------------------------------------------------------------

def test_the_first_notice_is_due_on_the_first_working_day_after_the_due_date(campaign_dir, cli):
    # meet, due Friday 1-14: 三中 is reminded on the day, due for 催办 on Monday, not Saturday
    assert ("remind", "三中", "meet", "催办", "2022-01-17", None) in listed(cli, "2022-01-14")
    saturday = listed(cli, "2022-01-15")
    assert not [r for r in saturday if r[2] == "meet"]
    assert ("due", "三中", "meet", "催办", "2022-01-17", None) in listed(cli, "2022-01-17")
    # cases, due Friday 1-28 before the holiday: the 调休 Saturday is a working day
    assert ("due", "二中", "cases", "催办", "2022-01-29", None) in listed(cli, "2022-01-29")


def test_the_next_level_follows_the_deadline_of_the_last_notice(campaign_dir, cli):
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21").exit_code == 0
    # 催办 on Friday 1-21, 3 working days: Mon 24, Tue 25, Wed 26 is the deadline
    days = {d: listed(cli, d) for d in ("2022-01-21", "2022-01-26", "2022-01-27")}
    number = "〔2022〕督办第001号"
    assert ("waiting", "三中", "plan", "督办", "2022-01-27", number) in days["2022-01-21"]
    assert ("waiting", "三中", "plan", "督办", "2022-01-27", number) in days["2022-01-26"]
    assert ("due", "三中", "plan", "督办", "2022-01-27", number) in days["2022-01-27"]
    # 督办 on Friday 1-28, 2 working days: the 调休 Saturday and Sunday; 挂牌督办 after the holiday
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-28").exit_code == 0
    assert ("waiting", "三中", "plan", "挂牌督办", "2022-02-07", number) in listed(cli, "2022-02-06")
    assert ("due", "三中", "plan", "挂牌督办", "2022-02-07", number) in listed(cli, "2022-02-07")
    campaign, _ = load(campaign_dir)
    notices = campaign.items[0].notices
    assert [(s.level, s.date, s.until) for s in notices] == [
        ("催办", D(2022, 1, 21), D(2022, 1, 26)), ("督办", D(2022, 1, 28), D(2022, 1, 30))]


def test_list_on_several_days_as_text(campaign_dir, cli, golden):
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21").exit_code == 0
    assert cli("duban", "issue", "四中", "plan", "--date", "2022-01-21").exit_code == 0
    assert cli("record", "plan", "四中", "--date", "2022-01-24").exit_code == 0
    out = cli("duban", "list", "--as-of", "2022-01-27").stdout
    # 督办 due first (the higher level first), then the reminders (cases is due tomorrow),
    # then the item to close: 四中 reported after its 催办
    golden("duban-list-120.txt", out)
    rows = [line.split()[:3] for line in out.splitlines()[4:10]]
    assert rows == [["应发督办", "三中", "实施方案"], ["应发催办", "三中", "动员部署会"],
                    ["提醒", "二中", "创新案例"], ["提醒", "三中", "创新案例"],
                    ["提醒", "四中", "创新案例"], ["待销号", "四中", "实施方案"]]
    empty = cli("duban", "list", "--as-of", "2022-01-05")
    assert empty.stdout == "截至2022年1月5日，没有需要督办、提醒或销号的事项。\n"
    by_group = listed(cli, "2022-01-27", "--group", "1")
    assert [r[1] for r in by_group] == ["二中"]


# ---- issue: the Word file and the record ---------------------------------------------------

def _docx(path: Path):
    import docx

    return docx.Document(str(path))


def _east_asia(run) -> str:
    from docx.oxml.ns import qn

    rpr = run._r.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else ""


def test_issue_writes_the_numbered_notice_as_word_and_records_it(campaign_dir, cli, tmp_path):
    result = cli("duban", "issue", "第三中学", "plan", "--date", "2022-01-21", "--out", "催办.docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "已发出催办通知单 〔2022〕督办第001号：三中“实施方案”，办理时限2022年1月26日。\n"
        "已写入 催办.docx\n"
        "已记入 data/duban.yaml。\n")
    assert (campaign_dir / "duban.yaml").read_text(encoding="utf-8") == (
        "# 督办记录：nengli duban issue、extend、close 写入，一件一号（编号: 单位、阶段、任务、记录）。\n"
        "# 每行记录一件事：发出通知单（level、until 办理时限）、延期（extend、reason）、销号（close）。\n"
        "items:\n"
        "  〔2022〕督办第001号:\n"
        "    unit: 三中\n"
        "    phase: 1\n"
        "    task: plan\n"
        "    log:\n"
        "      - {date: 2022-01-21, level: 催办, until: 2022-01-26}\n")
    doc = _docx(tmp_path / "催办.docx")
    paragraphs = [(p.text, p.style.style_id) for p in doc.paragraphs if p.text]
    assert paragraphs == [
        ("催办通知单", "GBTitle"),
        ("〔2022〕督办第001号", "GBBody"),
        ("承办单位：某市第三中学", "GBBody"),
        ("督办事项：第一阶段“实施方案”报送，原定时限2022年1月20日。", "GBBody"),
        ("当前情况：截至2022年1月21日仍未报送，已逾期1天。", "GBBody"),
        ("办理要求：请于2022年1月26日前办结并书面反馈（一事一文，加盖公章）；确需延期的，请在期限"
         "届满前书面申请，写明理由和拟办结日期；逾期仍未办结的，将发督办通知单。", "GBBody"),
        ("反馈方式：办理情况加盖公章后送督导提升组。", "GBBody"),
        ("联系人：王老师　电话：0371-00000000", "GBBody"),
        ("督导提升组", "GBSignature"),
        ("2022年1月21日", "GBSignature"),
        ("- - - - - - - - - - - - -（沿此线剪开）- - - - - - - - - - - - -", "GBBody"),
        ("回执：〔2022〕督办第001号", "GBBody"),
        ("签收人：　　　　　　签收时间：　　年　　月　　日", "GBBody"),
    ]
    title = doc.paragraphs[0]
    assert {_east_asia(r) for r in title.runs} == {"方正小标宋简体"}
    body = [p for p in doc.paragraphs if p.text.startswith(("承办单位", "回执", "签收人"))]
    assert {_east_asia(r) for p in body for r in p.runs} == {"仿宋_GB2312"}
    assert {r.font.size.pt for p in body for r in p.runs} == {16.0}
    assert doc.core_properties.comments == "〔2022〕督办第001号"
    # the same notice again is the same bytes (dated by the day of issue)
    first = (tmp_path / "催办.docx").read_bytes()
    (campaign_dir / "duban.yaml").unlink()
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21", "--out", "催办.docx").exit_code == 0
    assert (tmp_path / "催办.docx").read_bytes() == first


def test_the_next_level_keeps_the_number_and_says_what_came_before(campaign_dir, cli, tmp_path):
    (tmp_path / "out").mkdir()
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21").exit_code == 0
    assert cli("duban", "issue", "二中", "cases", "--date", "2022-01-29").exit_code == 0
    second = cli("duban", "issue", "三中", "plan", "--date", "2022-01-27")
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines()[:2] == [
        "已发出督办通知单 〔2022〕督办第001号：三中“实施方案”，办理时限2022年1月29日。",  # 调休 Saturday
        "已写入 out/〔2022〕督办第001号督办通知单.docx"]
    doc = _docx(tmp_path / "out" / "〔2022〕督办第001号督办通知单.docx")
    texts = [p.text for p in doc.paragraphs]
    assert "当前情况：截至2022年1月27日仍未报送，已逾期7天；1月21日已发催办通知单，限1月26日前办结。" in texts
    assert any(t.endswith("逾期仍未办结的，将发挂牌督办通知单。") for t in texts)
    text = (campaign_dir / "duban.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "      - {date: 2022-01-21, level: 催办, until: 2022-01-26}\n"
        "      - {date: 2022-01-27, level: 督办, until: 2022-01-29}\n"
        "  〔2022〕督办第002号:\n"
        "    unit: 二中\n"
        "    phase: 1\n"
        "    task: cases\n"
        "    log:\n"
        "      - {date: 2022-01-29, level: 催办, until: 2022-02-08}\n")  # over the holiday


def test_a_level_by_decision_needs_the_task_overdue_and_says_its_basis(campaign_dir, cli, tmp_path):
    early = cli("duban", "issue", "三中", "cases", "--level", "挂牌督办", "--date", "2022-01-27")
    assert early.exit_code == 1
    assert early.stderr.startswith("错误：单位“三中”的“创新案例”截止日期为2022年1月28日，还没有逾期，不能发通知单。")
    flagged = cli("duban", "issue", "三中", "meet", "--level", "挂牌督办", "--reason", "局长批示",
                  "--date", "2022-01-18", "--out", "挂牌.docx")
    assert flagged.exit_code == 0, flagged.output
    doc = _docx(tmp_path / "挂牌.docx")
    assert doc.paragraphs[0].text == "挂牌督办通知单"
    assert "当前情况：截至2022年1月18日仍未报送，已逾期4天；依据局长批示。" in [p.text for p in doc.paragraphs]
    assert (campaign_dir / "duban.yaml").read_text(encoding="utf-8").endswith(
        "      - {date: 2022-01-18, level: 挂牌督办, until: 2022-01-20, reason: 局长批示}\n")
    top = cli("duban", "issue", "三中", "meet", "--date", "2022-01-24")
    assert top.exit_code == 1
    assert top.stderr.startswith(
        "错误：单位“三中”的“动员部署会”已于2022年1月18日挂牌督办（〔2022〕督办第001号），这是最高一级。")


@pytest.mark.parametrize("args, code, said", [
    (["三中", "plan", "--date", "2022-01-20"], 1,
     "错误：单位“三中”的“实施方案”截止日期为2022年1月20日，还没有逾期，不能发通知单。\n"
     "  提示：截止日期前请电话提醒（nengli remind）；逾期仍未报送的，2022年1月21日起可以发催办通知单。\n"),
    (["一中", "plan", "--date", "2022-01-24"], 1,
     "错误：单位“一中”的“实施方案”已于2022年1月19日报送，不需要再发通知单。\n  提示：不需要督办。\n"),
    (["办公室", "plan", "--date", "2022-01-24"], 1,
     "错误：单位“办公室”的“实施方案”免报，不需要再发通知单。\n  提示：不需要督办。\n"),
    (["办公室", "meet", "--date", "2022-01-24"], 1,
     "错误：单位“办公室”不需要报送“动员部署会”（不在任务的 applies_to 或阶段的 scope 中），不能对它督办。\n"),
    (["三中", "plan", "--level", "提醒"], 2,
     "用法错误：提醒是截止日期前的电话提醒，不发通知单。\n"),
    (["三中", "plan", "--level", "红牌"], 2, "用法错误：没有督办等级“红牌”。\n"),
    (["三中", "plan", "--date", "2099-01-01"], 2, "用法错误：日期 2099-01-01 晚于今天"),
    (["五中", "plan"], 2, "用法错误：名册中没有单位“五中”"),
    (["三中", "plans"], 2, "用法错误：没有任务“plans”，是不是“plan”？"),
    (["三中", "plan", "--out", "催办.doc"], 2, "用法错误：nengli duban issue 不能生成扩展名为“.doc”的文件"),
])
def test_issue_refusals_are_said_and_write_nothing(campaign_dir, cli, tmp_path, args, code, said):
    def files() -> dict[str, bytes]:  # nengli's own lock files are no data (layout.is_own_file)
        return {p.name: p.read_bytes() for p in tmp_path.rglob("*")
                if p.is_file() and not is_own_file(p.name)}

    before = files()
    result = cli("duban", "issue", *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(said), result.stderr
    assert files() == before


def test_a_second_notice_before_the_deadline_is_refused_with_the_day_it_may_go(campaign_dir, cli):
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21").exit_code == 0
    before = (campaign_dir / "duban.yaml").read_bytes()
    again = cli("duban", "issue", "三中", "plan", "--date", "2022-01-26")
    assert again.exit_code == 1
    assert again.stderr == (
        "错误：单位“三中”的“实施方案”已于2022年1月21日发出催办通知单（〔2022〕督办第001号），"
        "办理时限为2022年1月26日，还不到发督办通知单的时候。\n"
        "  提示：期满仍未办结的，2022年1月27日起可以发督办通知单；确需提前或越级督办的，加 --level 写明等级，"
        "并用 --reason 写明依据（如领导批示）。\n"
        "共 1 个错误，0 个警告。\n")
    assert (campaign_dir / "duban.yaml").read_bytes() == before


# ---- extend and close ----------------------------------------------------------------------

def test_extend_only_before_the_deadline_and_to_a_later_day(campaign_dir, cli):
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21").exit_code == 0
    late = cli("duban", "extend", "001", "--until", "2022-02-10", "--reason", "需经党委会审定",
               "--date", "2022-01-27")
    assert late.exit_code == 1
    assert late.stderr.startswith("错误：〔2022〕督办第001号的办理时限2022年1月26日已过（今天是2022年1月27日）：延期须在办理时限届满前申请。")
    earlier = cli("duban", "extend", "1", "--until", "2022-01-25", "--reason", "需经党委会审定",
                  "--date", "2022-01-24")
    assert earlier.exit_code == 1
    assert earlier.stderr.startswith("错误：延期后的期限2022年1月25日不晚于现在的办理时限2022年1月26日。")
    blank = cli("duban", "extend", "1", "--until", "2022-02-10", "--reason", " ", "--date", "2022-01-24")
    assert blank.exit_code == 2 and blank.stderr.startswith("用法错误：延期须写明理由。")
    ok = cli("duban", "extend", "〔2022〕督办第001号", "--until", "2022-02-10", "--reason",
             "需经党委会审定", "--date", "2022-01-26")
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("已延期：〔2022〕督办第001号（三中“实施方案”）办理时限延至2022年2月10日，理由：需经党委会审定。\n")
    assert (campaign_dir / "duban.yaml").read_text(encoding="utf-8").endswith(
        "      - {date: 2022-01-26, extend: 2022-02-10, reason: 需经党委会审定}\n")
    # the ladder waits for the new deadline: 督办 from the next working day after it
    assert ("waiting", "三中", "plan", "督办", "2022-02-11", "〔2022〕督办第001号") in listed(cli, "2022-02-10")
    assert ("due", "三中", "plan", "督办", "2022-02-11", "〔2022〕督办第001号") in listed(cli, "2022-02-11")


def test_close_needs_the_task_reported_and_evidence(campaign_dir, cli, tmp_path):
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21").exit_code == 0
    still_open = cli("duban", "close", "001", "--evidence", "电话说明", "--date", "2022-01-24")
    assert still_open.exit_code == 1
    assert still_open.stderr == (
        "错误：单位“三中”的“实施方案”还没有报送，〔2022〕督办第001号不能销号：销号要以整改落实为依据。\n"
        "  提示：报送后先登记（nengli record plan 三中 --date 报送日期），再销号；确经领导同意不再督办的，加 --force。\n"
        "共 1 个错误，0 个警告。\n")
    missing = cli("duban", "close", "001", "--evidence", "材料/三中整改.pdf", "--date", "2022-01-24")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("用法错误：销号依据“材料/三中整改.pdf”像是一个文件，但找不到它。")
    assert cli("record", "plan", "三中", "--date", "2022-01-25").exit_code == 0
    (tmp_path / "材料").mkdir()
    (tmp_path / "材料" / "三中方案.pdf").write_bytes(b"%PDF-1.4")
    closed = cli("duban", "close", "001", "--evidence", str(tmp_path / "材料" / "三中方案.pdf"),
                 "--date", "2022-01-26")
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.startswith("已销号：〔2022〕督办第001号（三中“实施方案”），依据：材料/三中方案.pdf。\n")
    assert (campaign_dir / "duban.yaml").read_text(encoding="utf-8").endswith(
        "      - {date: 2022-01-26, close: 材料/三中方案.pdf}\n")
    again = cli("duban", "close", "001", "--evidence", "再次", "--date", "2022-01-27")
    assert again.exit_code == 1
    assert again.stderr.startswith("错误：〔2022〕督办第001号已于2022年1月26日销号（依据：材料/三中方案.pdf），不能再办理。")
    assert not [r for r in listed(cli, "2022-01-27") if r[1:3] == ("三中", "plan")]
    # a closed number is never given again: the next item takes the next number
    assert cli("duban", "issue", "三中", "meet", "--date", "2022-01-27").exit_code == 0
    campaign, _ = load(campaign_dir)
    assert [i.number for i in campaign.items] == ["〔2022〕督办第001号", "〔2022〕督办第002号"]


def test_close_with_force_and_a_sentence(campaign_dir, cli):
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21").exit_code == 0
    forced = cli("duban", "close", "1", "--evidence", "经分管局领导同意，不再督办", "--force",
                 "--date", "2022-01-24")
    assert forced.exit_code == 0, forced.output
    assert (campaign_dir / "duban.yaml").read_text(encoding="utf-8").endswith(
        "      - {date: 2022-01-24, close: 经分管局领导同意，不再督办}\n")
    nothing = cli("duban", "close", "7", "--evidence", "x")
    assert nothing.exit_code == 2
    assert nothing.stderr.startswith("用法错误：没有督办编号“7”。")


def test_duban_log_lists_every_step_by_date(campaign_dir, cli):
    assert cli("duban", "issue", "三中", "plan", "--date", "2022-01-21").exit_code == 0
    assert cli("duban", "issue", "三中", "meet", "--date", "2022-01-24").exit_code == 0
    assert cli("duban", "extend", "2", "--until", "2022-02-10", "--reason", "疫情", "--date",
               "2022-01-25").exit_code == 0
    out = cli("duban", "log").stdout
    lines = [ln.split() for ln in out.splitlines() if ln.strip().startswith("2022-")]
    assert lines == [
        ["2022-01-21", "〔2022〕督办第001号", "三中", "实施方案", "发出催办通知单（限1月26日）"],
        ["2022-01-24", "〔2022〕督办第002号", "三中", "动员部署会", "发出催办通知单（限1月27日）"],
        ["2022-01-25", "〔2022〕督办第002号", "三中", "动员部署会", "延期至2月10日（疫情）"]]
    assert out.splitlines()[-1] == "共 2 个督办事项，3 份通知单。" or "共 2 个督办事项" in out


# ---- data/duban.yaml: every mistake at its line and column ---------------------------------

ITEM = """\
items:
  〔2022〕督办第001号:
    unit: 三中
    phase: 1
    task: plan
    log:
      - {date: 2022-01-21, level: 催办, until: 2022-01-26}
"""


@pytest.mark.parametrize("text, said", [
    (ITEM.replace("level: 催办", "level: 催促"),
     "data/duban.yaml:7:35: 错误：没有督办等级“催促”，是不是“催办”？"),
    (ITEM.replace("unit: 三中", "unit: 三仲"),
     "data/duban.yaml:3:11: 错误：名册中没有单位“三仲”，是不是“三中”？"),
    (ITEM.replace("task: plan", "task: 实施方案"),
     "data/duban.yaml:5:11: 错误：第 1 阶段没有任务“实施方案”：“实施方案”是任务“plan”的名称，这里要写任务 id“plan”。"),
    (ITEM.replace("phase: 1", "phase: 2"),
     "data/duban.yaml:4:12: 错误：没有第 2 阶段（已有：1）。"),
    (ITEM.replace("until: 2022-01-26", "until: 2022-1-32"),
     "data/duban.yaml:7:46: 错误：办理时限 until“2022-1-32”不是有效的日期：2022年1月没有32日。"),
    (ITEM.replace("until: 2022-01-26", "until: 2022-01-20"),
     "data/duban.yaml:7:46: 错误：催办通知单：发出日期 date（2022-01-21）早于办理时限 until（2022-01-20）。"),
    (ITEM.replace(", level: 催办, until: 2022-01-26", ", until: 2022-01-26"),
     "data/duban.yaml:7:9: 错误：督办记录的一行应当写明是哪件事：level（发出通知单）、extend（延期）、close（销号）三者之一，这里都没有写。"),
    (ITEM.replace("until: 2022-01-26}", "until: 2022-01-26, close: 已报}"),
     "data/duban.yaml:7:9: 错误：督办记录的一行应当写明是哪件事：level（发出通知单）、extend（延期）、close（销号）三者之一，这里level、close。"),
    (ITEM + "      - {date: 2022-01-22, close: 已报送}\n      - {date: 2022-01-27, level: 督办, until: 2022-01-28}\n",
     "data/duban.yaml:9:9: 错误：督办事项“〔2022〕督办第001号”已于 2022-01-22 销号，之后不能再有记录。"),
    (ITEM + "      - {date: 2022-01-24, extend: 2022-02-10}\n",
     "data/duban.yaml:8:9: 错误：延期缺少必填项“reason”。"),
    (ITEM + "      - {date: 2022-01-24, close: \"\"}\n",
     "data/duban.yaml:8:35: 错误：销号依据 close应当是文字，这里却是空白。"),
    (ITEM.replace("    log:\n      - {date: 2022-01-21, level: 催办, until: 2022-01-26}\n", "    log: []\n"),
     "data/duban.yaml:6:10: 错误：督办事项“〔2022〕督办第001号”的 log应当是列表（每项以“- ”开头，或写成 [a, b]），这里却是空列表。"),
    (ITEM + "  〔2022〕督办第001号:\n    unit: 四中\n    phase: 1\n    task: plan\n    log:\n      - {date: 2022-01-21, level: 催办, until: 2022-01-26}\n",
     "data/duban.yaml:8:3: 错误：键“〔2022〕督办第001号”重复出现（第一次在第2行）。"),
    (ITEM.replace("    task: plan\n", ""),
     "data/duban.yaml:3:5: 错误：督办事项“〔2022〕督办第001号”缺少必填项“task”。"),
    (ITEM.replace("date: 2022-01-21, level", "date：2022-01-21, level"),
     "data/duban.yaml:7:14: 错误：第7行使用了全角冒号“：”"),
])
def test_bad_duban_lines_are_located(campaign_dir, cli, text, said):
    (campaign_dir / "duban.yaml").write_text(text, encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    assert said in result.stderr, result.stderr
    # and nothing is issued while the record is wrong
    refused = cli("duban", "issue", "四中", "plan", "--date", "2022-01-24")
    assert refused.exit_code == 1
    assert said in refused.stderr and "先改正后才能办理督办" in refused.stderr


@pytest.mark.parametrize("text, said", [
    (ITEM + "      - {date: 2022-01-20, level: 督办, until: 2022-01-28}\n",
     "data/duban.yaml:8:9: 警告：这一行的日期 2022-01-20 早于上一行的 2022-01-21：督办记录应按日期先后排列。"),
    (ITEM + "  〔2022〕督办第002号:\n    unit: 三中\n    phase: 1\n    task: plan\n    log:\n      - {date: 2022-01-21, level: 催办, until: 2022-01-26}\n",
     "data/duban.yaml:8:3: 警告：单位“三中”的“实施方案”有两个未销号的督办编号：〔2022〕督办第002号 和 〔2022〕督办第001号（第2行）。"),
    (ITEM.replace("unit: 三中", "unit: 办公室").replace("task: plan", "task: meet"),
     "data/duban.yaml:3:11: 警告：督办事项 〔2022〕督办第001号 的单位“办公室”不需要报送“动员部署会”"),
    (ITEM.replace("until: 2022-01-26}", "until: 2022-01-26, remark: 电话已通知}"),
     "data/duban.yaml:7:58: 警告：不认识的字段“remark”，它会被忽略。"),
])
def test_doubtful_duban_lines_are_warned_at_their_place(campaign_dir, cli, text, said):
    (campaign_dir / "duban.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "--as-of", "2022-01-27")
    assert result.exit_code == 0, result.output
    assert said in result.stderr, result.stderr
    assert cli("check", "--strict", "--as-of", "2022-01-27").exit_code == 1


@pytest.mark.parametrize("text, said", [
    ("holidays: [2022-01-31至2-6]\n",
     "data/campaign.yaml:1:12: 错误：法定节假日 holidays“2022-01-31至2-6”不是日期，也不是“日期 至 日期”的一段假期"),
    ("holidays: [2022-02-06 至 2022-01-31]\n", "data/campaign.yaml:1:12: 错误：法定节假日 holidays“2022-02-06 至 2022-01-31”"),
    ("workdays: [2022/1/29]\n",
     "data/campaign.yaml:1:12: 错误：调休上班日 workdays“2022/1/29”的写法不对，nengli 只认“年-月-日”形式的日期。"),
    ("duban:\n  ladder: {催办: 0}\n", "data/campaign.yaml:2:16: 错误：“催办”的办理时限 0 个工作日不在 1 到 60 之间。"),
    ("duban:\n  ladder: {催促: 3}\n", "data/campaign.yaml:2:12: 错误：没有督办等级“催促”，是不是“催办”？"),
    ("duban:\n  series: {张三: 1, 李四: 1}\n",
     "data/campaign.yaml:2:23: 错误：编号段“1”已分给“张三”（第2行）：两位同事用同一段会编出相同的编号。"),
    ("duban:\n  lader: {催办: 3}\n", "data/campaign.yaml:2:3: 警告：不认识的字段“lader”，它会被忽略。是不是“ladder”？"),
    ("scoring: {missing: 十}\n", "data/campaign.yaml:1:20: 错误：scoring 中 missing 的分值“十”不是不小于 0 的数。"),
    ("scoring: {attach: 附}\n", "data/campaign.yaml:1:19: 错误：scoring 中 attach 应当写 true 或 false，这里却是“附”。"),
])
def test_bad_duban_settings_are_located(make_data, cli, text, said):
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": PHASE, "campaign.yaml": text})
    result = cli("check")
    assert said in result.stderr, result.stderr
    assert result.exit_code == (0 if "警告" in said else 1)


# ---- counted in the notice, the board, the ledger and nengli unit --------------------------

@pytest.fixture
def worked(campaign_dir, cli):
    """三中 plan: 催办 1-21, 督办 1-27; 二中 cases: 催办 1-29, reported 2-7, closed 2-8."""
    for args in (("issue", "三中", "plan", "--date", "2022-01-21"),
                 ("issue", "三中", "plan", "--date", "2022-01-27"),
                 ("issue", "二中", "cases", "--date", "2022-01-29")):
        assert cli("duban", *args).exit_code == 0
    assert cli("record", "cases", "二中", "--date", "2022-02-07").exit_code == 0
    assert cli("duban", "close", "002", "--evidence", "已报送", "--date", "2022-02-08").exit_code == 0
    return campaign_dir


def test_the_notice_says_how_many_notices_the_phase_sent(worked, cli):
    late = cli("report", "--phase", "1", "--date", "2022-02-08").stdout
    assert "\n5. 督办情况：本阶段共发出催办通知单2份、督办通知单1份，已办结销号1件。\n" in late
    early = cli("report", "--phase", "1", "--date", "2022-01-25").stdout
    assert "\n5. 督办情况：本阶段共发出催办通知单1份。\n" in early
    before = cli("report", "--phase", "1", "--date", "2022-01-20").stdout
    assert "督办情况" not in before
    facts = json.loads(cli("report", "--phase", "1", "--date", "2022-02-08", "--format", "json").stdout)
    assert facts["duban"] == {"notices": [{"level": "催办", "count": 2}, {"level": "督办", "count": 1},
                                          {"level": "挂牌督办", "count": 0}],
                              "total": 3, "items": 2, "closed": 1, "extended": 0}


def test_the_board_counts_the_notices(worked, cli, tmp_path):
    assert cli("board", "--as-of", "2022-02-08", "--out", "看板.html").exit_code == 0
    html = (tmp_path / "看板.html").read_text(encoding="utf-8")
    assert '<div class="card"><b>3</b><span>督办通知单（份）</span></div>' in html
    assert "<p class=\"scope\">本阶段共发出催办通知单2份、督办通知单1份，已办结销号1件。</p>" in html


def test_the_ledger_has_a_duban_sheet(worked, cli, tmp_path):
    import openpyxl

    assert cli("export", "--as-of", "2022-02-08", "--out", "台账.xlsx").exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "台账.xlsx")
    assert wb.sheetnames == ["汇总", "第一阶段", "督办台账", "名册"]
    ws = wb["督办台账"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    day = lambda m, d: dt.datetime(2022, m, d)  # noqa: E731
    assert rows == [
        ["编号", "单位", "督导组", "阶段", "任务", "原定时限", "催办", "督办", "挂牌督办", "办理时限",
         "延期至", "状态", "销号日期", "销号依据"],
        ["〔2022〕督办第001号", "三中", 2, "第一阶段", "实施方案", day(1, 20), day(1, 21), day(1, 27),
         None, day(1, 29), None, "应发挂牌督办", None, None],
        ["〔2022〕督办第002号", "二中", 1, "第一阶段", "创新案例", day(1, 28), day(1, 29), None, None,
         None, None, "已销号", day(2, 8), "已报送"]]
    assert ws["L2"].fill.fgColor.rgb == "FFFFC7CE"   # 应发: red
    assert ws["L3"].fill.fgColor.rgb == "FFC6EFCE"   # 已销号: green
    assert ws["G2"].number_format == 'yyyy"年"m"月"d"日"'
    # without duban.yaml the ledger is as it was
    (worked / "duban.yaml").unlink()
    assert cli("export", "--as-of", "2022-02-08", "--out", "台账2.xlsx").exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "台账2.xlsx").sheetnames == ["汇总", "第一阶段", "名册"]


def test_unit_shows_its_items(worked, cli):
    out = cli("unit", "三中", "--as-of", "2022-02-08").stdout
    assert out.endswith("督办（1件）：\n"
                        "  〔2022〕督办第001号　实施方案　1月21日催办（限1月26日） → 1月27日督办（限1月29日）\n")
    other = cli("unit", "二中", "--as-of", "2022-02-08").stdout
    assert "〔2022〕督办第002号　创新案例　1月29日催办（限2月8日） → 2月8日销号（已报送）" in other
    assert "督办" not in cli("unit", "一中", "--as-of", "2022-02-08").stdout


def test_a_task_extended_before_its_due_date_is_numbered_and_waits(campaign_dir, cli, tmp_path):
    late = cli("duban", "extend", "三中", "plan", "--until", "2022-01-27", "--reason", "校长外出",
               "--date", "2022-01-21")
    assert late.exit_code == 1
    assert late.stderr.startswith("错误：“实施方案”的办理时限2022年1月20日已过（今天是2022年1月21日）：延期须在办理时限届满前申请。")
    ok = cli("duban", "extend", "三中", "plan", "--until", "2022-01-27", "--reason", "校长外出学习",
             "--date", "2022-01-19")
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("已延期：〔2022〕督办第001号（三中“实施方案”）办理时限延至2022年1月27日，理由：校长外出学习。\n")
    assert (campaign_dir / "duban.yaml").read_text(encoding="utf-8").endswith(
        "    task: plan\n    log:\n      - {date: 2022-01-19, extend: 2022-01-27, reason: 校长外出学习}\n")
    # no 催办 the day after the due date: the 延期 is on file; the ladder waits for its new date
    assert ("waiting", "三中", "plan", "催办", "2022-01-28", "〔2022〕督办第001号") in listed(cli, "2022-01-21")
    early = cli("duban", "issue", "三中", "plan", "--date", "2022-01-27")
    assert early.exit_code == 1
    assert "已同意延期至2022年1月27日（1月19日申请），还不到发催办通知单的时候" in early.stderr
    sent = cli("duban", "issue", "三中", "plan", "--date", "2022-01-28", "--out", "催办.docx")
    assert sent.exit_code == 0, sent.output
    import docx

    texts = [p.text for p in docx.Document(str(tmp_path / "催办.docx")).paragraphs]
    assert "当前情况：截至2022年1月28日仍未报送，已逾期8天；经同意延期至1月27日。" in texts
    too_many = cli("duban", "extend", "三中", "四中", "plan", "--until", "2022-02-10", "--reason", "x")
    assert too_many.exit_code == 2
    assert too_many.stderr.startswith("用法错误：延期写一个督办编号，或“单位 任务”两项，这里写了“三中 四中 plan”。")
    # 一中 reported on 1-19: on the 20th there is nothing to extend
    done = cli("duban", "extend", "一中", "plan", "--until", "2022-02-10", "--reason", "x", "--date", "2022-01-20")
    assert done.exit_code == 1
    assert done.stderr.startswith("错误：单位“一中”的“实施方案”已经报送或免报，不需要延期。")


def test_a_title_with_its_own_quotes_and_a_narrow_terminal(make_data, cli, tmp_path, monkeypatch):
    quoted = PHASE.replace("title: 实施方案", "title: “三个清单”制定")
    make_data({"units.yaml": UNITS, "phases/phase1.yaml": quoted, "campaign.yaml": CAMPAIGN})
    result = cli("duban", "issue", "三中", "plan", "--date", "2022-01-21", "--out", "催办.docx")
    assert result.stdout.startswith("已发出催办通知单 〔2022〕督办第001号：三中“‘三个清单’制定”，办理时限2022年1月26日。")
    import docx

    texts = [p.text for p in docx.Document(str(tmp_path / "催办.docx")).paragraphs]
    assert "督办事项：第一阶段“‘三个清单’制定”报送，原定时限2022年1月20日。" in texts
    again = cli("duban", "issue", "三中", "plan", "--date", "2022-01-22")
    assert again.stderr.startswith("错误：单位“三中”的“‘三个清单’制定”已于")
    monkeypatch.setenv("COLUMNS", "40")
    for args in (("duban", "list", "--as-of", "2022-01-27"), ("duban", "log")):
        out = cli(*args).stdout
        assert "〔2022〕督办第001号" in out
        assert max(sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in out.splitlines()) <= 40, out


def test_issue_dry_run_shows_the_change_and_writes_nothing(campaign_dir, cli, tmp_path):
    result = cli("duban", "issue", "三中", "plan", "--date", "2022-01-21", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+      - {date: 2022-01-21, level: 催办, until: 2022-01-26}\n" in result.stdout
    assert result.stdout.endswith(
        "（试运行：将发出催办通知单 〔2022〕督办第001号：三中“实施方案”，办理时限2022年1月26日，"
        "写入 〔2022〕督办第001号催办通知单.docx；文件未改动。）\n")
    assert not (campaign_dir / "duban.yaml").exists()
    assert not list(tmp_path.glob("*.docx"))
