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
    if result.status in ("refused", "conflict"):
        print_problems(result.warnings)
        fail(result.problems)
    if result.merged == "merge":
        out.write(f"{will}合并同事的修改{'' if dry_run else f'（合并提交 {result.head}）'}。\n")
    elif result.merged == "fast-forward":
        out.write(f"{will}更新到同事的最新版本。\n")
    if result.outgoing:
        mine = "；".join(describe(c, result.titles) for c in result.outgoing)
        out.write(f"{will}推送本机的 {len(result.outgoing)} 条登记：{mine}\n")
    print_problems(result.warnings)
    where = f"{result.remote}/{result.branch}"
    if dry_run:
        out.write("（试运行：只从远程仓库取回了同事的提交以便比较，没有改动文件、提交和远程仓库。）\n")
    elif result.status == "up-to-date":
        out.write(f"已是最新：本机与 {where} 一致，无需同步。\n")
    else:
        out.write(f"已同步：本机与 {where} 一致（{result.head}）。\n")


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
    from .. import gitio, gitstate
    from ..merge import drive
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
    raise typer.Exit(0 if result.clean else gitio.DRIVER_CONFLICT)
