"""sync, and the merge driver git runs for the data files."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import DataOption, app, fail, print_problems


@app.command("sync")
def sync_command(
    data: DataOption = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="只显示将要提交、取回和推送的内容，不改动文件和提交。")] = False,
) -> None:
    """与同事同步：提交手工修改的数据，取回并合并同事的登记，检查无误后推送。

    手工修改的数据文件先经 nengli check 检查再提交；合并按登记进行，不同单位的登记总能自动合并；
    同一单位、同一任务两边登记不同时停下，说明双方的登记、提交人和处理办法，本地分支保持原样。
    示例：nengli sync
    """
    from ..load import find_data_dir
    from ..roster import describe as describe_unit
    from ..sync import describe, sync

    folder, problems = find_data_dir(data)
    if folder is None:
        fail(problems)
    result = sync(folder, dry_run=dry_run)
    out = sys.stdout
    will = "将" if dry_run else "已"
    if result.message:
        subject = result.message.splitlines()[0]
        out.write(f"{will}提交手工修改{' ' + result.committed if result.committed else ''}：{subject}\n")
    by_author: dict[str, list[str]] = {}
    for c in result.incoming:
        by_author.setdefault(c.author, []).append(describe(c, result.titles))
    for author, lines in by_author.items():
        out.write(f"同事 {author} 登记了 {len(lines)} 条：{'；'.join(lines)}\n")
    units_by: dict[str, list[str]] = {}
    for u in result.incoming_roster:
        units_by.setdefault(u.author, []).append(describe_unit(u, result.category_names))
    for author, lines in units_by.items():
        out.write(f"同事 {author} 修改了名册：{'；'.join(lines)}\n")
    if result.status in ("refused", "conflict"):
        print_problems(result.warnings)
        fail(result.problems)
    if result.merged == "merge":
        out.write(f"{will}合并同事的修改{'' if dry_run else f'（合并提交 {result.head}）'}。\n")
    elif result.merged == "fast-forward":
        out.write(f"{will}更新到同事的最新版本。\n")
    if result.first_push:
        out.write(f"远程仓库 {result.remote}/{result.branch} 原来是空的：{will}推送本机的全部 "
                  f"{result.first_push} 个提交。\n")
    if result.outgoing:
        mine = "；".join(describe(c, result.titles) for c in result.outgoing)
        since = "第一次提交以来" if result.first_push else ""
        out.write(f"{will}推送本机{since}的 {len(result.outgoing)} 条登记：{mine}\n")
    if result.outgoing_roster:
        mine = "；".join(describe_unit(u, result.category_names) for u in result.outgoing_roster)
        out.write(f"{will}推送本机对名册的修改：{mine}\n")
    print_problems(result.warnings)
    where = f"{result.remote}/{result.branch}"
    if dry_run:
        out.write("（试运行：只从远程仓库取回了同事的提交以便比较，没有改动文件、提交和远程仓库。）\n")
    elif result.status == "up-to-date":
        out.write(f"已是最新：本机与 {where} 一致，无需同步。\n")
    else:
        out.write(f"已同步：本机与 {where} 一致（{result.head}）。\n")


@app.command("setup")
def setup_command(data: DataOption = None) -> None:
    """git clone 之后运行一次：让这个克隆按登记合并数据文件，检查提交人，安装提交前检查。

    登记 nengli 的合并程序（git pull、TortoiseGit、VS Code 合并数据文件时按登记合并，
    合并程序无法运行时留下 git 的冲突标记，不会只剩本机的内容）；检查 git 的提交人姓名和邮箱；
    安装提交前检查（提交数据前运行 nengli check，有错误或冲突标记时不提交）。再运行一次无妨。
    示例：git clone 仓库地址 活动 && cd 活动 && nengli setup
    """
    from ..clone import setup

    result = setup(_data_dir(data))
    out = sys.stdout
    if result.hook_state:
        out.write(("已登记合并程序" if result.driver else "合并程序已登记")
                  + "：git pull、TortoiseGit、VS Code 合并数据文件时按登记合并"
                  "（.git/config、.git/info/attributes）。\n")
    if result.identity:
        out.write(f"提交人：{result.identity}\n")
    said = {"installed": "已安装", "updated": "已更新", "same": "已有"}
    if result.hook_state in said:
        out.write(f"{said[result.hook_state]}提交前检查（{result.hook}）：提交数据前运行 nengli check，"
                  "有错误或冲突标记时不提交。\n")
    elif result.hook_state == "foreign":
        out.write(f"{result.hook} 是另外安装的提交前钩子，没有改动；可以在其中加一行 nengli check。\n")
    if result.problems:
        fail(result.problems)
    out.write("设置完成。以后用 nengli sync 与同事同步。\n")


def _data_dir(data):
    from ..load import find_data_dir

    folder, problems = find_data_dir(data)
    if folder is None:
        fail(problems)
    return folder


@app.command("merge-driver", hidden=True)
def merge_driver_command(
    base: Annotated[Path, typer.Argument(metavar="共同版本")],
    ours: Annotated[Path, typer.Argument(metavar="本地版本")],
    theirs: Annotated[Path, typer.Argument(metavar="对方版本")],
    name: Annotated[str, typer.Argument(metavar="文件")],
) -> None:
    """git 合并数据文件时调用的程序（由 git 运行，不必手工使用）：按登记合并，结果写入本地版本。

    退出码 0 为合并完成，9 为有冲突（文件中留有冲突标记）；其他退出码表示程序本身没能运行，
    登记的命令随即改用下一种方式（见 nengli setup）。
    示例（.git/config 中）：driver = python -m nengli merge-driver %O %A %B %P
    """
    from .. import gitstate
    from ..driver import DRIVER_CONFLICT, drive
    from ..problems import format_problems, problem

    result = drive(base, ours, theirs, name)
    found = []
    if result.fallback:
        found.append(problem("merge-fallback", None, level="warning", file=name,
                             reason=result.fallback))
    if result.conflicts:
        repo = gitstate.find_repo(Path.cwd())
        unfinished = (gitstate.in_progress(repo) if repo else None) or ("合并", "git merge --abort")
        found += [problem("merge-conflict", None, file=name, task=c.task, unit=c.unit,
                          ours=c.ours or "（已删除）", theirs=c.theirs or "（已删除）",
                          abort=unfinished[1])
                  for c in result.conflicts]
    if found:
        sys.stderr.write(format_problems(found) + "\n")
    raise typer.Exit(0 if result.clean else DRIVER_CONFLICT)
