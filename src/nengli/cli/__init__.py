"""Command line: ``nengli`` (console script) and ``python -m nengli``.

The modules of ``COMMANDS`` register their commands on the one Typer app when they are
imported, and a run imports only the module of the command it runs: ``nengli status`` does not
define the other commands, and each command imports what it needs inside the command, so that
``nengli status`` loads no Word, Excel or git code. The app's help lists every command from
``COMMANDS`` without importing any of them.
"""

from __future__ import annotations

import gc
import os
import sys

from .app import app
from .chinese import Listed

#: every command of the app, in the order its help lists them: the module that registers it and
#: the first paragraph of its help (tests/test_cli.py checks both against the modules)
COMMANDS = {
    "rollup": Listed("nengli.cli.rollup", "全市汇总：读取各区县活动仓库（或数据包）中固定版本的数据，"
                     "汇总统计、生成通报和看板；区县用 nengli rollup export 生成数据包报送。"
                     "各区县的文件从不合并，每个数字都注明来自哪个区县、哪个版本。"),
    "bulletin": Listed("nengli.cli.documents", "生成一期简报：刊头、正文、附件（督导通报）和版记（报、送、发）。"),
    "status": Listed("nengli.cli.core", "查看某一阶段各项任务的完成情况和未按时报送的单位，按预警等级着色。"),
    "report": Listed("nengli.cli.documents", "生成某一阶段的督导通报（Markdown、Word 或 JSON）。"),
    "check": Listed("nengli.cli.core", "检查全部数据文件，列出所有错误和警告（文件:行:列）。"),
    "remind": Listed("nengli.cli.daily", "列出需要催报的单位：逾期未报（红）和临近截止未报（黄），"
                     "按督导组分组，附联系人。"),
    "rank": Listed("nengli.cli.daily", "按按时率和逾期天数给各单位、各巡回督导组排名；成绩相同按名册顺序排列。"),
    "export": Listed("nengli.cli.daily", "导出台账：每个单位一行、每项任务一列，填报送日期或状态，按预警等级着色。"),
    "import-units": Listed("nengli.cli.daily", "从名册表（xlsx 或 csv）新建或更新 data/units.yaml。"),
    "record": Listed("nengli.cli.records", "登记单位报送情况：把报送日期（或免报）写入阶段文件，只改动登记所在的行。"),
    "intake": Listed("nengli.cli.records", "收件登记：把一个文件夹中收到的材料逐个认出单位和任务，"
                     "登记报送日期，并把材料归档。"),
    "unit": Listed("nengli.cli.records", "查看一个单位的全部情况：联系人、督导组，各阶段每项任务的完成情况和尚欠的任务。"),
    "log": Listed("nengli.cli.records", "查看登记的历史：每条登记何时新增或修改、由谁提交、在哪个提交中（读自 git 历史）。"),
    "init": Listed("nengli.cli.records", "新建一个活动数据仓库：git 仓库、带说明的单位名册和阶段文件、"
                   "通报模板，并做第一次提交。"),
    "sync": Listed("nengli.cli.sync", "与同事同步：提交手工修改的数据，取回并合并同事的登记，检查无误后推送。"),
    "setup": Listed("nengli.cli.sync", "git clone 之后运行一次：让这个克隆按登记合并数据文件，检查提交人，"
                    "安装提交前检查。"),
    "merge-driver": Listed("nengli.cli.sync", "git 合并数据文件时调用的程序（由 git 运行，不必手工使用）："
                           "按登记合并，结果写入本地版本。", hidden=True),
    "board": Listed("nengli.cli.board", "生成督导看板：网页（.html），或发到微信群的长图（.png）。"),
    "duban": Listed("nengli.cli.duban", "督办：从提醒、催办、督办到挂牌督办，发出编号的通知单（Word），"
                    "延期、销号，并留下记录。"),
    "doctor": Listed("nengli.cli.doctor", "检查本机能否正常使用 nengli：每项一行，✓ 为正常，✗ 后面是改法。"),
}
app.listed.update(COMMANDS)


def main() -> None:
    """Run the app, keeping output alive on consoles that cannot encode every character."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    # A large campaign is a million small objects and no reference cycles: the cyclic
    # collector would walk the growing heap again and again while it loads (half the load
    # time at 10,000 units). A command is one short process, so it runs without it.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        app(prog_name="nengli")
    except KeyboardInterrupt:
        sys.stderr.write("已中止。\n")
        sys.exit(130)
    except Exception as exc:  # a bug, not the user's fault: say so in one paragraph
        if os.environ.get("NENGLI_DEBUG"):
            raise
        sys.stderr.write(f"nengli 内部错误：{type(exc).__name__}: {exc}\n"
                         "  这是程序的问题，不是数据的问题。请把所用的命令和这段信息发给维护人员；"
                         "设置环境变量 NENGLI_DEBUG=1 可以看到详细信息。\n")
        sys.exit(3)
    finally:
        if gc_was_enabled:
            gc.enable()
