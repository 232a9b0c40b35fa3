"""Editing nengli's YAML files the way a careful person edits them by hand: line by line.

Every writer of the data files goes through here: ``nengli record`` and ``intake`` (a record
in a phase file, ``set_records``), ``import-units`` (a unit's fields in units.yaml,
``edit_roster``), and the merge driver (both). An edit is guided by the YAML node positions and
touches only the lines of what it changes, so every comment, blank line, quoting style and key
order elsewhere stays byte-identical (a BOM and CRLF line ends too), and ``git diff`` shows
exactly the change. A new record goes where the roster puts it within its task, a new unit
after the last unit of its category: two clerks adding different things touch different lines.

A round-trip YAML library (ruamel) was tried on the shipped units.yaml and on hand-written
files: it re-spaces flow mappings (``school:      {…}`` -> ``school: {…}``), ``[ 一中 ,二中 ]``,
``name:   x``, joins a value continued on the next line in units it was not asked to touch, and
drops the UTF-8 BOM that Notepad writes.
"""

from .records import Entry, entry_yaml, set_record, set_records
from .text import (BOM, EditError, compose, is_null, last_line, newline, node_text, node_value,
                   pair, scalar, shift_lines, split_bom, split_lines, three_way_bom, unified_diff,
                   value_span)
from .units import (UNIT_FIELDS, RosterLines, UnitLines, edit_roster, field_text, place_units,
                    roster_lines, set_unit_fields, unit_text)

__all__ = [
    "BOM", "EditError", "Entry", "RosterLines", "UNIT_FIELDS", "UnitLines", "compose", "edit_roster",
    "entry_yaml", "field_text", "is_null", "last_line", "newline", "node_text", "node_value", "pair",
    "place_units", "roster_lines", "scalar", "set_record", "set_records", "set_unit_fields",
    "shift_lines", "split_bom", "split_lines", "three_way_bom", "unified_diff", "unit_text",
    "value_span",
]
