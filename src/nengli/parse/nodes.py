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
from typing import Any

import yaml

ScalarNode, MappingNode, SequenceNode = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
Node = yaml.Node

STR_TAG, MAP_TAG, SEQ_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
#: the tags of untagged nodes; any other tag was written in the file (``!!python/…``)
PLAIN_TAGS = {STR_TAG, MAP_TAG, SEQ_TAG, "tag:yaml.org,2002:null"}

#: nesting the pure-Python composer accepts: far beyond any data file (the readers refuse
#: more than 64 levels anyway), well within Python's recursion limit at three frames a level
PYTHON_MAX_NESTING = 200


def composer(loader: type) -> type:
    """``loader`` with its resolver cut to what it does here anyway: no implicit types and no
    path resolvers, so an untagged node gets the plain tag of its kind. The composer calls
    these three methods once per node; the inherited general ones cost more.

    libyaml's loader (CBaseLoader) and the pure-Python one (BaseLoader) give the same nodes,
    but for the style of a plain scalar: "" from libyaml, None from Python; the Python
    composer's scalars are made "" here, so every reader can test ``style == ""``. The Python
    composer recurses once per level of nesting, so it stops at PYTHON_MAX_NESTING levels
    with libyaml's own error (libyaml stops at 1000) rather than at Python's recursion limit.
    Besides, the Python parser accepts "{key:}" where libyaml refuses it, and places an empty
    flow value right after its ":" where libyaml places it at the next ",", "]" or "}": the
    methods below make it do as libyaml does. They are the Python parser's; libyaml parses
    in C and never calls them.
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

        def compose_scalar_node(self, anchor: Any) -> ScalarNode:
            node = super().compose_scalar_node(anchor)
            if node.style is None:
                node.style = ""
                mark = node.start_mark
                if not node.value and mark.buffer is not None and mark.index == node.end_mark.index:
                    # "{exempt: }": libyaml places the empty value at the "}" after the spaces
                    skip = len(mark.buffer[mark.pointer:]) - len(mark.buffer[mark.pointer:].lstrip(" "))
                    if mark.buffer[mark.pointer + skip: mark.pointer + skip + 1] in (",", "]", "}"):
                        node.start_mark = node.end_mark = yaml.Mark(
                            mark.name, mark.index + skip, mark.line, mark.column + skip,
                            mark.buffer, mark.pointer + skip)
            return node

        def compose_node(self, parent: Any, index: Any) -> Node:
            self.nesting = getattr(self, "nesting", 0) + 1
            try:
                if self.nesting > PYTHON_MAX_NESTING:
                    mark = self.peek_event().start_mark
                    raise yaml.composer.ComposerError("while increasing flow level", mark,
                                                      "exceeded maximum nesting depth", mark)
                return super().compose_node(parent, index)
            finally:
                self.nesting -= 1

    return Composer


#: libyaml's composer when PyYAML was built with it (a wheel without it is common on Windows
#: and ARM); the pure-Python one gives the same nodes and the same messages, only slower
Composer = composer(getattr(yaml, "CBaseLoader", yaml.BaseLoader))


def compose_text(text: str) -> Node | None:
    """The node tree of ``text`` (None for a file with no content); raises PyYAML's
    ``MarkedYAMLError`` for a syntax error, whose mark says where."""
    return yaml.compose(text, Loader=Composer)


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
