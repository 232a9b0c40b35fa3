"""Terminal views of one unit (``nengli unit``) and of the data's history (``nengli log``)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import zh
from ..dossier import Dossier, TaskLine
from ..progress import STATUS_NAMES
from .daily import group_name
from .terminal import LEVEL_STYLES, labelled, packed, show



def status_text(line: TaskLine) -> Text:
    label = STATUS_NAMES.get(line.status, "不适用")  # type: ignore[call-overload]
    # the colour is the level's (a pending task inside warn_days is yellow), never the status's
    style = "dim" if line.level is None else LEVEL_STYLES[line.level]
    if line.status == "late":
        label += f"（{line.days_late}天）"
    elif line.status == "missing":
        label += f"（已过{line.days_late}天）"
    return Text(label, style=style)


def print_dossier(d: Dossier, console: Console) -> None:
    u = d.unit
    head = Text(u.name, style="bold")
    if u.name != u.id:
        head.append(f"（{u.id}）")
    console.print(head)
    facts = [f"类别：{d.category}",
             f"督导组：{group_name(u.group)}" if u.group is not None else "督导组：未分组",
             f"联系人：{u.reach}" if u.reach else "联系人：未登记"]
    if u.aliases:
        facts.append(f"别名：{'、'.join(u.aliases)}")
    for line in packed(facts, console.width, first="", sep="　", indent=""):
        console.print(line)
    for p in d.phases:
        phase = p.phase
        title = f"{phase.title}（{zh.cn_month_day(phase.start)}—{zh.cn_month_day(phase.end)}）"
        if not p.in_scope:
            console.print(Text(f"{title}：本阶段不含{d.category}", style="dim"))
            continue
        table = Table(title=Text(title), box=box.SIMPLE_HEAD, title_justify="left", header_style="bold")
        blocks = [Text(title, style="bold")]
        table.add_column("任务", overflow="fold", ratio=1, min_width=10)
        table.add_column("截止", no_wrap=True)
        table.add_column("状态", no_wrap=True)
        table.add_column("报送日期", no_wrap=True)
        table.add_column("备注", overflow="fold", ratio=1)
        for line in p.lines:
            r = line.record
            day = zh.cn_month_day(r.date) if r is not None and r.date else ""
            note = r.note if r is not None else ""
            if r is not None and r.exempt is not None:
                note = "；".join(x for x in (r.exempt, note) if x)
            due = zh.cn_month_day(line.task.due)
            table.add_row(Text(line.task.title), due, status_text(line), day, Text(note))
            blocks.append(Text(line.task.title))
            blocks += packed([labelled("截止", due), labelled("状态", status_text(line)),
                              *([labelled("报送日期", day)] if day else []),
                              *([labelled("备注", note)] if note else [])], console.width)
        show(console, table, blocks + [Text("")])
    if d.materials:
        console.print(f"已归档的材料（{len(d.materials)}份）：")
        for phase, task, path in d.materials:
            console.print(Text(f"  {phase.title}　{task.title}　{path}"))
    owes = d.owes
    if not owes:
        console.print(Text(f"截至{zh.cn_date(d.as_of)}，没有尚未报送的任务。", style="green"))
        return
    console.print(f"截至{zh.cn_date(d.as_of)}尚未报送（{len(owes)}项）：")
    for phase, line in owes:
        for text in packed([phase.title, line.task.title, f"{zh.cn_month_day(line.task.due)}截止",
                            status_text(line)], console.width, sep="　", indent="    "):
            console.print(text)


_KIND = {"add": ("新增", "green"), "change": ("修改", "yellow"), "remove": ("删除", "red")}


def _value(v) -> str:
    if v is None:
        return ""
    date, note, exempt = v
    text = f"免报（{exempt}）" if exempt is not None else (date.isoformat() if date else "")
    return f"{text}，{note}" if note else text


def print_history(changes, titles: dict[tuple[int | None, str], str], console: Console) -> None:
    """One row per record change, newest commit first."""
    if not changes:
        console.print("git 历史中没有登记的变化。")
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for name in ("提交日期", "提交人", "提交", "阶段"):
        table.add_column(name, no_wrap=True)
    table.add_column("任务", overflow="fold", ratio=1)
    table.add_column("单位", no_wrap=True)
    table.add_column("变化", no_wrap=True)
    table.add_column("内容", overflow="fold", ratio=1)
    blocks: list[Text] = []
    for c in changes:
        kind, style = _KIND[c.kind]
        content = _value(c.new) if c.kind != "remove" else _value(c.old)
        if c.kind == "change":
            content = f"{_value(c.old)} → {_value(c.new)}"
        phase = str(c.phase) if c.phase is not None else ""
        title = titles.get((c.phase, c.task), c.task)
        table.add_row(c.date.isoformat(), Text(c.author), c.commit, phase, Text(title), Text(c.unit),
                      Text(kind, style=style), Text(content))
        blocks += packed([c.date.isoformat(), c.author, c.commit], console.width, first="")
        blocks += packed([*([labelled("阶段", phase)] if phase else []), labelled("任务", title),
                          labelled("单位", c.unit), Text(kind, style=style), content], console.width)
    show(console, table, blocks)
    console.print(f"共 {len(changes)} 条变化。")
