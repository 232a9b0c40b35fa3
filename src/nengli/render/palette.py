"""The one palette: the colours of the warning levels (levels.py), for every medium at once.

The board's CSS and bars (templates/board.html.j2, through ``board_facts``), the board image
(board_image.py), the Excel ledger's fills (ledger.py) and the terminal's styles (terminal.py)
are all derived from ``PALETTE``; none of them spells a level's colour itself. A level's
colour is always looked up by the level (``levels.level_of``), never re-derived from a status.

Columns:

- ``fill``: the light background of a cell or a badge (the ledger's cell fill; None: no fill);
  the pale pairs Excel offers as 好、中性、差 and its table styles, legible under black text
- ``ink``: text on that fill, or coloured text on white (dark enough for 4.5:1 contrast)
- ``strong``: a bar segment or a legend swatch (a solid colour, seen from afar)
- ``terminal``: the rich style of the level's text in a terminal (named ANSI colours, which
  every console shows, GBK Windows consoles included)
"""

from __future__ import annotations

from typing import NamedTuple

from ..levels import Level


class Colours(NamedTuple):
    """One level's colours (hex ``#rrggbb``, lower case) and terminal style."""

    fill: str | None
    ink: str
    strong: str
    terminal: str


#: level -> its colours, in the legend's order (the order of a bar's segments)
PALETTE: dict[Level, Colours] = {
    "green": Colours(fill="#c6efce", ink="#006100", strong="#2e7d32", terminal="green"),
    "orange": Colours(fill="#f8cbad", ink="#833c0b", strong="#ef6c00", terminal="dark_orange"),
    "red": Colours(fill="#ffc7ce", ink="#9c0006", strong="#c62828", terminal="bold red"),
    "yellow": Colours(fill="#ffeb9c", ink="#7f6000", strong="#f9a825", terminal="yellow"),
    "none": Colours(fill=None, ink="#616161", strong="#bdbdbd", terminal=""),
    "blue": Colours(fill="#ddebf7", ink="#1f4e79", strong="#1565c0", terminal="blue"),
}
#: what is neither a level nor text: a bar's empty track, a neutral badge, rules
TRACK = "#eeeeee"
#: body text and the page behind it
TEXT, PAGE = "#212121", "#ffffff"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#2e7d32`` -> (46, 125, 50), for drawing."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def argb(hex_colour: str) -> str:
    """``#c6efce`` -> ``FFC6EFCE``, the opaque colour as openpyxl writes it."""
    return "FF" + hex_colour.lstrip("#").upper()


def css_palette() -> dict[str, dict[str, str | None]]:
    """The palette as plain data for a template: level -> {fill, ink, strong}."""
    return {level: {"fill": c.fill, "ink": c.ink, "strong": c.strong}
            for level, c in PALETTE.items()}
