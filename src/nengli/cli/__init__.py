"""Command line: ``nengli`` (console script) and ``python -m nengli``.

Each module below registers its commands on the one Typer app; each imports what its
commands need inside the command, so that ``nengli status`` loads no Word, Excel or git code.
"""

from __future__ import annotations

import sys

from .app import app
from . import core  # noqa: F401  status, report, check
from . import documents  # noqa: F401  bulletin (Word and Markdown documents)
from . import daily  # noqa: F401  remind, rank, export, import-units
from . import records  # noqa: F401  record, unit, log, init


def main() -> None:
    """Run the app, keeping output alive on consoles that cannot encode every character."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    app(prog_name="nengli")
