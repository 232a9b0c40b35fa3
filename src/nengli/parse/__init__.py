"""Stage 2: text to records, one file at a time, every value with its line and column.

The stages, in the order the text goes through them:

- ``nodes``   — YAML nodes with positions: libyaml's composer (or PyYAML's pure-Python one made
  to behave alike), no implicit types; the table of what YAML 1.1 would have guessed.
- ``explain`` — the located explanations of a syntax error: full-width marks, a colon without
  its space, a value to quote, libyaml's English in Chinese.
- ``values``  — the grammars of single values the command line shares (dates, group numbers).
- ``reader``  — the FileParser: a node read as the field it stands for, or a problem at its
  line and column.
- ``units``, ``phases`` — the two file grammars.

Reading each node as its field (rather than taking what YAML guessed) keeps the position of
every value and lets the messages say *why* a value is wrong — ``yes`` read as a boolean,
``0101`` as octal, ``2022.1.20`` as text.
"""

from .explain import FULLWIDTH, fullwidth_char, suspect_fullwidth
from .nodes import PYTHON_MAX_NESTING, compose_text, composer, implicit_scalar
from .phases import parse_phase
from .reader import FileParser
from .units import alias_problems, parse_units
from .values import exempt_flaw, explain_date, narrow, parse_group, read_date

__all__ = [
    "FULLWIDTH", "FileParser", "PYTHON_MAX_NESTING", "alias_problems", "compose_text", "composer",
    "exempt_flaw", "explain_date", "fullwidth_char", "implicit_scalar", "narrow", "parse_group",
    "parse_phase", "parse_units", "read_date", "suspect_fullwidth",
]
