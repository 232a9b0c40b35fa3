"""The command line's own words in Chinese: usage line, help panels, and usage errors.

Typer and Click print their framework text ("Usage:", "Options", "No such option") in English
and offer no translation hook, so nengli uses its own command classes: they catch Click's
usage errors and say them in Chinese, and name the help panels in Chinese when help is shown.
Nothing here is imported by Typer's help machinery until help is actually printed.
"""

from __future__ import annotations

import copy
import re
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer >= 0.26 vendors click
    from typer._click import exceptions as _x
except ImportError:  # pragma: no cover - typer < 0.26 uses click itself
    from click import exceptions as _x  # type: ignore[no-redef]

_NO_ARGS = getattr(_x, "NoArgsIsHelpError", ())

HELP_OPTION_TEXT = "显示本帮助并退出。"
USAGE_PREFIX = "用法："

_PANELS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "DEFAULT_STRING": "[默认：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "DEPRECATED_STRING": "（已弃用）",
    "RICH_HELP": "运行 [blue]“{command_path} {help_option}”[/] 查看帮助。",
}


def _localize_help_panels() -> None:
    from .lazy import typer_rich_utils

    rich_utils = typer_rich_utils()  # without markdown-it and pygments: see lazy.py

    for name, text in _PANELS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


_VALUE = re.compile(r"^'?(.*?)'? is not a valid (\w+)")
_CHOICE = re.compile(r"^'?(.*?)'? is not one of (.*)\.$")
_KINDS = {"integer": "整数", "int": "整数", "float": "数字", "boolean": "“是”或“否”（true/false）",
          "path": "路径", "file": "文件", "directory": "文件夹"}


def _value_problem(message: str) -> str:
    m = _CHOICE.match(message)
    if m:
        choices = "、".join(c.strip(" '") for c in m.group(2).split(","))
        return f"“{m.group(1)}”不是可选的值，可选：{choices}"
    m = _VALUE.match(message)
    if m:
        return f"“{m.group(1)}”不是{_KINDS.get(m.group(2), m.group(2))}"
    if "does not exist" in message:
        return "路径不存在"
    return message


def _param_name(param: Any, hint: str | None = None) -> str:
    if hint:
        return hint.strip("'\"")
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument" and getattr(param, "metavar", None):
        return param.metavar.rstrip(".…")  # its Chinese name in --help: 单位... -> 单位
    opts = getattr(param, "opts", None) or []
    longest = max(opts, key=len) if opts else getattr(param, "name", "")
    return longest.upper() if getattr(param, "param_type_name", "") == "argument" else longest


def usage_error_text(e: Exception) -> str:
    """A Click usage error in Chinese."""
    kind = type(e).__name__
    message = getattr(e, "message", str(e))
    if kind == "NoSuchOption":
        text = f"没有选项“{e.option_name}”"  # type: ignore[attr-defined]
        possible = getattr(e, "possibilities", None)
        if possible:
            text += "，是不是 " + "、".join(sorted(possible)) + "？"
        return text
    if kind == "MissingParameter":
        param = getattr(e, "param", None)
        if getattr(param, "param_type_name", "") == "argument":
            return f"缺少必填的参数“{_param_name(param)}”"
        what = "参数" if getattr(param, "param_type_name", "") == "argument" else "选项"
        return f"缺少必填的{what} {_param_name(param, getattr(e, 'param_hint', None))}"
    if kind == "BadOptionUsage":
        name = getattr(e, "option_name", "")
        if "requires an argument" in message:
            return f"选项 {name} 后面要写一个值"
        return f"选项 {name} 的用法不对：{message}"
    if kind == "BadParameter":
        name = _param_name(getattr(e, "param", None), getattr(e, "param_hint", None))
        return f"{name} 的值无效：{_value_problem(message)}"
    m = re.match(r"No such command '(.*)'", message)
    if m:
        return f"没有命令“{m.group(1)}”"
    m = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if m:
        return f"多余的参数：{m.group(1)}"
    return message


def _print_usage_error(e: Exception) -> None:
    ctx = getattr(e, "ctx", None)
    path = ctx.command_path if ctx is not None else "nengli"
    sys.stderr.write(f"用法错误：{usage_error_text(e)}。\n  提示：运行“{path} --help”查看用法。\n")


def _unnamed(kind: Any) -> Any:
    """``kind`` (a Click type) without the English type name typer shows after an argument
    (<str>, <path>); the argument's Chinese metavar already says what it is."""
    if getattr(kind, "_nengli_unnamed", False):
        return kind
    quiet = copy.copy(kind)
    quiet.__class__ = type(type(kind).__name__, (type(kind),),
                           {"get_metavar": lambda self, *args, **kwargs: "", "_nengli_unnamed": True})
    return quiet


class _Chinese:
    """Mixed into nengli's command and group classes."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)  # type: ignore[misc]
        except _NO_ARGS as e:  # type: ignore[misc]
            if not standalone_mode:
                raise
            sys.stdout.write(e.ctx.get_help() + "\n")  # type: ignore[union-attr]
            sys.exit(2)
        except _x.UsageError as e:
            if not standalone_mode:
                raise
            _print_usage_error(e)
            sys.exit(e.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            sys.stderr.write("已中止。\n")
            sys.exit(1)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def format_help(self, ctx, formatter) -> None:
        _localize_help_panels()
        for param in getattr(self, "params", ()):
            if param.param_type_name == "argument" and param.metavar:
                param.type = _unnamed(param.type)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class ChineseCommand(_Chinese, TyperCommand):
    pass


class ChineseGroup(_Chinese, TyperGroup):
    pass


class ChineseTyper(typer.Typer):
    """A Typer app whose commands speak Chinese (see module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ChineseGroup)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        kwargs.setdefault("cls", ChineseCommand)
        kwargs.setdefault("options_metavar", "[选项]")
        return super().command(*args, **kwargs)
