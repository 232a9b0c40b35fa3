"""Commands: see cli/__init__.py."""

from __future__ import annotations

from .app import app  # noqa: F401
