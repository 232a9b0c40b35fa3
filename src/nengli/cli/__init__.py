"""Command line: ``nengli`` (console script) and ``python -m nengli``.

Each module below registers its commands on the one Typer app; each imports what its
commands need inside the command, so that ``nengli status`` loads no Word, Excel or git code.
"""

from __future__ import annotations

import gc
import os
import sys

from .app import app
from . import core  # noqa: F401  status, report, check
from . import documents  # noqa: F401  bulletin (Word and Markdown documents)
from . import daily  # noqa: F401  remind, rank, export, import-units
from . import records  # noqa: F401  record, unit, log, init
from . import sync  # noqa: F401  sync, merge-driver
from . import board  # noqa: F401  board (the leaders' HTML page)
from . import rollup  # noqa: F401  rollup (a city over its districts' repositories)
from . import duban  # noqa: F401  duban list, issue, extend, close, log
from . import doctor  # noqa: F401  doctor (is this computer ready for nengli?)


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
