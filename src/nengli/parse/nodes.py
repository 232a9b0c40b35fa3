"""YAML nodes with their positions: text to a node tree, libyaml's way.

The text is composed with PyYAML's base loader — libyaml's (CBaseLoader), or the pure-Python
one where PyYAML was built without libyaml — which does no implicit type guessing: every
scalar stays the text that was written, with its line and column. The pure-Python composer
is adjusted here to give libyaml's nodes and errors, so both give the same messages.

This module also holds the one table of what YAML 1.1 would have guessed a plain scalar to be
(null, boolean, number, date): the readers use it to say why a value is refused, and the line
editor to quote exactly those values when it writes one.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import yaml

ScalarNode, MappingNode, SequenceNode = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
Node = yaml.Node

STR_TAG, MAP_TAG, SEQ_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
#: the tags of untagged nodes; any other tag was written in the file (``!!python/…``)
PLAIN_TAGS = {STR_TAG, MAP_TAG, SEQ_TAG, "tag:yaml.org,2002:null"}

#: nesting at which the pure-Python composer, past Python's recursion limit, is answered with
#: libyaml's error: far beyond any data file (the readers refuse more than 64 levels anyway)
PYTHON_MAX_NESTING = 200


def composer(loader: type) -> type:
    """``loader`` with its resolver cut to what it does here anyway: no implicit types and no
    path resolvers, so an untagged node gets the plain tag of its kind. The composer calls
    these three methods once per node; the inherited general ones cost more.

    One method of PyYAML's own scanner is replaced, the only one: ``fetch_value``, which the
    pure-Python scanner calls at each ":" (libyaml scans in C and never calls it). The Python
    scanner accepts "{key:}" where libyaml refuses it; the refusal has to happen as the
    scanner reads the ":", because the scanner reads ahead of the parser, and which of two
    mistakes on a line libyaml names depends on that order. Read from outside, through
    ``yaml.scan``'s tokens, the tokens read ahead are lost with a later error: tried three
    ways, each named another mistake than libyaml more often than this method does (of 400
    random edits of the shipped files, 29 to 41 differed from libyaml's answer, against 28
    here). Everything else the pure-Python path needs is done through PyYAML's public API
    (``_compose_in_python``).
    """

    class Composer(loader):  # type: ignore[misc, valid-type]
        _TAGS = {ScalarNode: STR_TAG, SequenceNode: SEQ_TAG, MappingNode: MAP_TAG}

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            return self._TAGS[kind]

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def fetch_value(self) -> None:
            # "{exempt:}": libyaml refuses a plain word ending in ":" before a flow indicator
            if self.flow_level and self.peek(1) in ",[]{}" and self.pointer \
                    and self.buffer[self.pointer - 1] not in "\"' \t,[]{}":
                mark = self.get_mark()
                raise yaml.scanner.ScannerError("while scanning a plain scalar", mark,
                                                "found unexpected ':'", mark)
            super().fetch_value()

    return Composer


#: libyaml's composer when PyYAML was built with it (a wheel without it is common on Windows
#: and ARM); the pure-Python one gives the same nodes and the same messages, only slower
Composer = composer(getattr(yaml, "CBaseLoader", yaml.BaseLoader))


def compose_text(text: str) -> Node | None:
    """The node tree of ``text`` (None for a file with no content); raises PyYAML's
    ``MarkedYAMLError`` for a syntax error, whose mark says where."""
    if not issubclass(Composer, yaml.parser.Parser):  # libyaml's
        return yaml.compose(text, Loader=Composer)
    return _compose_in_python(text)


# ---- PyYAML without libyaml, made to answer as libyaml does ------------------------------------
#
# libyaml's composer and the pure-Python one give the same nodes but for the style of a plain
# scalar ("" from libyaml, None from Python; every reader tests ``style == ""``). Besides, the
# Python parser places an empty flow value right after its ":" where libyaml places it at the
# next ",", "]" or "}", and recurses once per level of nesting, to Python's recursion limit
# (and "{key:}", for which see ``composer``). Both are answered here through PyYAML's public
# API (``yaml.compose``, ``yaml.scan`` and its tokens, the nodes' and marks' attributes): the
# tree is mended after it is composed, and a nesting too deep is placed by reading the tokens.

_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
         yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _compose_in_python(text: str) -> Node | None:
    try:
        root = yaml.compose(text, Loader=Composer)
    except RecursionError:
        raise _too_deep(text) from None
    if root is not None:
        _as_libyaml(root)
    return root


def _tokens(text: str) -> Iterator[Any]:
    """PyYAML's tokens of ``text`` up to its first syntax error."""
    try:
        yield from yaml.scan(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError:
        return


def _too_deep(text: str) -> yaml.MarkedYAMLError:
    """libyaml's error for nesting deeper than PYTHON_MAX_NESTING, at the collection that goes
    past it (libyaml itself stops at 1000 levels; Python's composer cannot go that deep)."""
    depth, mark = 0, None
    for token in _tokens(text):
        if isinstance(token, _OPEN):
            depth += 1
            if depth > PYTHON_MAX_NESTING:
                mark = token.start_mark
                break
        elif isinstance(token, _CLOSE):
            depth -= 1
    return yaml.composer.ComposerError("while increasing flow level", mark,
                                       "exceeded maximum nesting depth", mark)


def _as_libyaml(root: Node) -> None:
    """The Python composer's tree as libyaml composes it: plain scalars with the style "", and
    an empty flow value ("{exempt: }") placed at the "," "]" or "}" after its spaces."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if node.style is None:
                node.style = ""
                mark = node.start_mark
                if not node.value and mark.buffer is not None and mark.index == node.end_mark.index:
                    rest = mark.buffer[mark.pointer:]
                    skip = len(rest) - len(rest.lstrip(" "))
                    if rest[skip: skip + 1] in (",", "]", "}"):
                        node.start_mark = node.end_mark = yaml.Mark(
                            mark.name, mark.index + skip, mark.line, mark.column + skip,
                            mark.buffer, mark.pointer + skip)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        else:
            for key, value in node.value:
                stack.append(key)
                stack.append(value)


def first_shared_node(root: Node) -> Node | None:
    """The first node reachable twice: what an alias (``*name``) is once composed.

    The composer links an alias to the very node object its anchor made, so a "billion
    laughs" file is a small graph; this walk visits each node object once and stops at the
    first one met again, so the file is refused before anything is expanded.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    return None


# What YAML 1.1 (PyYAML's safe schema) would turn a plain scalar into, had we let it.
#: (a set, not a pattern: a regular expression of these 22 words costs ~2 ms to compile at start-up)
BOOLS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF y Y n N".split())
NULL = re.compile(r"(?:~|null|Null|NULL|)")
OCTAL = re.compile(r"[-+]?0[0-7_]+")
NUMBER = re.compile(
    r"[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*"
    r"|(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DATE_TIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]|\s+).*")


def implicit_scalar(text: str) -> bool:
    """Whether YAML 1.1 would read the plain scalar ``text`` as something other than text
    (null, a boolean, a number, a date): the one table for reading the files and for writing
    them (the line editor quotes exactly these)."""
    return bool(NULL.fullmatch(text) or text in BOOLS or OCTAL.fullmatch(text)
                or NUMBER.fullmatch(text) or ISO_DATE.fullmatch(text)
                or DATE_TIME.fullmatch(text))


def is_null(node: Node) -> bool:
    """A plain scalar YAML reads as null: nothing written, ``~`` or ``null``."""
    return isinstance(node, ScalarNode) and node.style == "" and NULL.fullmatch(node.value) is not None
