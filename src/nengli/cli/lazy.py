"""Typer's help renderer without the parts of it nengli never uses (start-up time of --help).

``typer.rich_utils`` imports rich's Markdown renderer (markdown-it) and rich's traceback
renderer (pygments) at module level: about 25 ms, a third of ``nengli --help``. nengli's help
is rich markup, never Markdown, and a traceback is rendered only if nengli itself crashes.
While ``typer.rich_utils`` is imported, the two modules are stand-ins whose classes import
the real ones on first use; the stand-ins are then taken out of ``sys.modules``, so any
later ``import rich.markdown`` gets the real module.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

#: module -> the one class typer.rich_utils takes from it
_DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def _stand_in(module: str, name: str) -> type:
    def real() -> Any:
        return getattr(importlib.import_module(module), name)

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        return real()(*args, **kwargs)

    def from_exception(cls: type, *args: Any, **kwargs: Any) -> Any:
        return real().from_exception(*args, **kwargs)

    return type(name, (), {"__new__": new, "from_exception": classmethod(from_exception),
                           "__module__": module, "__doc__": f"Imports {module}.{name} when used."})


def typer_rich_utils() -> types.ModuleType:
    """``typer.rich_utils``, imported without markdown-it and pygments."""
    if "typer.rich_utils" in sys.modules:
        return sys.modules["typer.rich_utils"]
    placed = []
    for module, name in _DEFERRED.items():
        if module not in sys.modules:
            stub = types.ModuleType(module)
            setattr(stub, name, _stand_in(module, name))
            sys.modules[module] = stub
            placed.append(module)
    try:
        from typer import rich_utils
    finally:
        for module in placed:
            del sys.modules[module]
    return rich_utils
