"""doctor: is this computer ready for nengli?"""

# No `from __future__ import annotations` here: Typer reads the annotations of every command
# at each run, and string annotations would be evaluated anew each time (start-up cost).

import sys
from typing import Annotated

import typer

from .app import DataOption, app


@app.command("doctor")
def doctor_command(
    data: DataOption = None,
    offline: Annotated[bool, typer.Option(
        "--offline", help="不检查远程仓库能否连接（没有网络时）。")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON，供其他程序使用。")] = False,
) -> None:
    """检查本机能否正常使用 nengli：每项一行，✓ 为正常，✗ 后面是改法。

    依次检查 nengli 和 Python 的版本、git 及其提交人、数据文件夹和 nengli check、git 仓库、
    合并程序（已登记并且可以运行）、远程仓库能否连接、公文字体、控制台编码、材料文件夹能否写入，
    Windows 上还检查长路径支持。全部通过时退出码为 0，否则为 1。
    示例：nengli doctor、nengli doctor --offline --json
    """
    from ..doctor import Setting, diagnose, healthy
    from ..render.doctor import doctor_json, doctor_text

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    checks = diagnose(Setting(data=data, offline=offline, encoding=encoding))
    sys.stdout.write(doctor_json(checks) if as_json else doctor_text(checks, encoding))
    raise typer.Exit(0 if healthy(checks) else 1)
