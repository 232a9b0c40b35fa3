"""The command line's own words in Chinese: usage line, help titles, and usage errors.

Only what typer and click offer to every program (works the same with typer 0.24 on click, and
with typer 0.26+ that carries its own copy of click):

- gettext: typer and click print the words around nengli's help ("Options", "required",
  "No such command") through gettext's default domain. While a command runs, that domain is
  bound to nengli's catalog (``locale/zh_CN/LC_MESSAGES/messages.po``) and Chinese is asked for.
- Usage errors: the command runs with ``standalone_mode=False``, so click raises its documented
  exceptions instead of printing them; nengli says them in Chinese from their attributes (the
  option, the parameter, the possibilities), never from click's English message. Values that
  need converting go through nengli's own parsers (``app.py``), which fail with Chinese text.
- Help: plain help (``rich_markup_mode=None``, so no Markdown or rich help machinery is
  imported), with nengli's own ``help=`` and ``metavar=`` texts; the usage line and the
  参数/选项/命令 sections are written by nengli from the parameters' public attributes.
"""

from __future__ import annotations

import gettext
import importlib
import inspect
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

HELP_OPTION_TEXT = "显示本帮助并退出。"
USAGE_PREFIX = "用法："
#: the help of the options typer adds itself (shell completion), in nengli's words
OPTION_HELP = {
    "install_completion": "开启 Tab 补全（bash、zsh、fish 或 PowerShell，自动识别正在使用的），"
                          "重新打开终端后生效。",
    "show_completion": "显示正在使用的命令行的补全脚本，供复制或自行安装。",
}
#: gettext's default domain, the one typer and click use (``from gettext import gettext as _``)
DOMAIN = "messages"
LOCALE = Path(__file__).with_name("locale")

#: click's UsageError as the typer in use has it: the base class of the public typer.BadParameter
#: (click's own class under typer < 0.26, typer's copy of it from 0.26 on)
UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


@contextmanager
def in_chinese() -> Iterator[None]:
    """typer's and click's gettext words in Chinese while the block runs."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    before = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = "zh_CN"  # gettext's first choice; nengli speaks only Chinese
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


def _kinds(e: Exception) -> set[str]:
    """The names of click's exception classes ``e`` is an instance of."""
    return {c.__name__ for c in type(e).__mro__}


def _shown(argument: Any) -> str:
    """An argument as help and usage show it: its Chinese metavar (单位...)."""
    return argument.metavar or argument.name.upper()


def _param_name(param: Any) -> str:
    """A parameter as an error names it: an argument by its metavar, an option by its long name."""
    if param.param_type_name == "argument":
        return _shown(param).rstrip(".…")  # 单位... -> 单位
    return max(param.opts, key=len)


def _option_text(e: Any) -> str:
    """BadOptionUsage: an option written without its value, or a switch given a value."""
    name = e.option_name
    ctx = getattr(e, "ctx", None)
    params = ctx.command.params if ctx is not None else []
    if any(name in p.opts and getattr(p, "is_flag", False) for p in params):
        return f"选项 {name} 是开关，后面不能写值"
    return f"选项 {name} 后面要写一个值"


def usage_error_text(e: Any) -> str:
    """A click usage error in Chinese, one sentence."""
    kinds = _kinds(e)
    if "NoSuchOption" in kinds:
        text = f"没有选项“{e.option_name}”"
        if e.possibilities:
            return text + "，是不是 " + "、".join(sorted(e.possibilities)) + "？"
        return text + "。"
    param = getattr(e, "param", None)
    if "MissingParameter" in kinds and param is not None:
        if param.param_type_name == "argument":
            return f"缺少必填的参数“{_param_name(param)}”。"
        return f"缺少必填的选项 {_param_name(param)}。"
    if "BadOptionUsage" in kinds:
        return _option_text(e) + "。"
    if "BadParameter" in kinds:  # raised by nengli's own parsers, in Chinese
        prefix = f"{_param_name(param)} 的值无效：" if param is not None else "值无效："
        return prefix + e.message + "。"
    text = e.message.rstrip("。")  # in Chinese: nengli's ctx.fail, or through the catalog
    return text if text.endswith("？") else text + "。"


def _print_usage_error(e: Any) -> None:
    ctx = getattr(e, "ctx", None)
    path = ctx.command_path if ctx is not None else "nengli"
    sys.stderr.write(f"用法错误：{usage_error_text(e)}\n  提示：运行“{path} --help”查看用法。\n")


def _section(formatter: Any, title: str, rows: list[tuple[str, str]]) -> None:
    if rows:
        formatter.write_paragraph()
        formatter.write(f"{title}：\n")
        formatter.indent()
        formatter.write_dl(rows)
        formatter.dedent()


class _Chinese:
    """Mixed into nengli's command and group classes."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        with in_chinese():
            try:
                rv = super().main(args, prog_name, complete_var,  # type: ignore[misc]
                                  standalone_mode=False, **extra)
            except UsageError as e:
                if not standalone_mode:
                    raise
                if "NoArgsIsHelpError" in _kinds(e):  # `nengli` alone: the help
                    sys.stdout.write(e.ctx.get_help() + "\n")  # type: ignore[attr-defined]
                    sys.exit(2)
                _print_usage_error(e)
                sys.exit(e.exit_code)  # type: ignore[attr-defined]
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

    def format_help_text(self, ctx, formatter) -> None:
        """The docstring as written, line by line: click would join a paragraph's lines with
        spaces and wrap it at spaces, which Chinese text does not have."""
        text = inspect.cleandoc(self.help or "").partition("\f")[0]  # type: ignore[attr-defined]
        if text:
            formatter.write_paragraph()
            for line in text.splitlines():
                formatter.write(f"{'':>{formatter.current_indent + 2}}{line}\n" if line.strip() else "\n")

    def format_options(self, ctx, formatter) -> None:
        """参数, 选项 (and 命令 for the app): an argument by its Chinese metavar and help."""
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                need = "  [必填]" if param.required else ""
                arguments.append((_shown(param), (getattr(param, "help", None) or "") + need))
            else:
                record = param.get_help_record(ctx)
                if record is not None:
                    options.append((record[0], OPTION_HELP.get(param.name, record[1])))
        _section(formatter, "参数", arguments)
        _section(formatter, "选项", options)
        if isinstance(self, ChineseGroup):
            commands = [(name, command.get_short_help_str(formatter.width - 6 - len(name)))
                        for name in self.list_commands(ctx)
                        if (command := self.listed_command(ctx, name)) is not None
                        and not command.hidden]
            _section(formatter, "命令", commands)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class ChineseCommand(_Chinese, TyperCommand):
    def collect_usage_pieces(self, ctx):
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_shown(param) if param.required else f"[{_shown(param)}]")
        return pieces

    def parse_args(self, ctx, args):
        # Commands accept extra arguments (context_settings below) only to name them in Chinese.
        try:
            rest = super().parse_args(ctx, args)
        except UsageError as e:
            if e.ctx is None:  # type: ignore[attr-defined]  # the parser's errors: say whose
                e.ctx = ctx  # type: ignore[attr-defined]
            raise
        if ctx.args and not ctx.resilient_parsing:
            ctx.fail("多余的参数：" + " ".join(ctx.args))
        return rest


class Listed(NamedTuple):
    """A command the app knows before the module that defines it is imported."""

    #: the module whose import registers the command (``nengli.cli.core``)
    module: str
    #: the first paragraph of its help: what the app's help lists beside its name
    summary: str
    #: left out of the help (run by git, not by people)
    hidden: bool = False


class ChineseGroup(_Chinese, TyperGroup):
    """The app's group: its commands are built when asked for (click's lazy subcommands), so a
    run builds the one command it runs, not all of them; a command in ``listed`` is not even
    imported until then, and the help lists it from its summary."""

    #: command name -> builds that command; ChineseTyper gives each app's group its own
    lazy: dict[str, Callable[[], Any]] = {}
    #: command name -> its module and summary, in the order the help lists them
    listed: dict[str, Listed] = {}

    def list_commands(self, ctx) -> list[str]:
        return list(dict.fromkeys([*self.listed, *super().list_commands(ctx), *self.lazy]))

    def get_command(self, ctx, name: str):
        command = super().get_command(ctx, name)
        if command is None and name not in self.lazy and name in self.listed:
            importlib.import_module(self.listed[name].module)  # registers it in self.lazy
        if command is None and name in self.lazy:
            command = self.lazy[name]()
            self.add_command(command, name)
        return command

    def listed_command(self, ctx, name: str):
        """The command as the help lists it: the command itself once built, else a stand-in
        carrying its summary, so that ``nengli --help`` imports no command module."""
        command = super().get_command(ctx, name)
        if command is None and name in self.listed:
            entry = self.listed[name]
            return TyperCommand(name, help=entry.summary, hidden=entry.hidden)
        return command if command is not None else self.get_command(ctx, name)

    def resolve_command(self, ctx, args):
        """An unknown command said in Chinese, with the nearest one: typer's own suggestion
        ("Did you mean …") is English and cannot be translated."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            from ..problems import problem

            match = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.6)
            ctx.fail(problem("no-command", None, name=name,
                             suggest=f"，您是不是要找“{match[0]}”？" if match else "").message)
        return super().resolve_command(ctx, args)


class ChineseTyper(typer.Typer):
    """A Typer app whose commands speak Chinese (see module docstring), each built by typer
    from its function only when it is run (or listed in help)."""

    def __init__(self, **kwargs: Any) -> None:
        self.lazy: dict[str, Callable[[], Any]] = {}
        self.listed: dict[str, Listed] = {}
        kwargs.setdefault("cls", type("Group", (ChineseGroup,), {"lazy": self.lazy,
                                                                 "listed": self.listed}))
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any):  # type: ignore[override]
        kwargs.setdefault("cls", ChineseCommand)
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs["context_settings"] = {"allow_extra_args": True, **kwargs.get("context_settings", {})}

        def register(function: Callable[..., Any]) -> Callable[..., Any]:
            def build() -> Any:
                alone = typer.Typer(add_completion=False, rich_markup_mode=None,
                                    pretty_exceptions_enable=False)
                alone.command(name, **kwargs)(function)
                return typer.main.get_command(alone)  # a one-command app is that command

            self.lazy[name or function.__name__.lower().replace("_", "-")] = build
            return function

        return register
