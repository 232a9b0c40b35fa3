"""sync, and the merge driver git runs for the data files."""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import app


@app.command("merge-driver", hidden=True)
def merge_driver_command(
    base: Annotated[Path, typer.Argument(metavar="共同版本")],
    ours: Annotated[Path, typer.Argument(metavar="本地版本")],
    theirs: Annotated[Path, typer.Argument(metavar="对方版本")],
    name: Annotated[str, typer.Argument(metavar="文件")],
) -> None:
    """git 合并数据文件时调用的程序（由 git 运行，不必手工使用）：按登记合并，结果写入本地版本。

    示例（.git/config 中）：driver = python -m nengli merge-driver %O %A %B %P
    """
    from ..merge import drive
    from ..problems import format_problems, problem

    result = drive(base, ours, theirs, name)
    if result.conflicts:
        sys.stderr.write(format_problems([
            problem("merge-conflict", None, file=name, task=c.task, unit=c.unit,
                    ours=c.ours or "（已删除）", theirs=c.theirs or "（已删除）")
            for c in result.conflicts]) + "\n")
    raise typer.Exit(0 if result.clean else 1)
