"""The FileParser: one file's node tree read value by value, every problem collected.

Each reader takes a node and the field it stands for (a date, an id, a title, a list of
categories) and returns the value, or None after reporting why it cannot be read, at the
node's line and column. The two file grammars (``units``, ``phases``) are written with these
readers; nothing here raises for bad data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Iterator

import yaml

from ..model import Problem, Source
from ..problems import problem
from ..read import Text
from .explain import (ID_FULLWIDTH_RE, colon_without_space, fullwidth_char, fullwidth_problem,
                      syntax_problem, what_node)
from .nodes import (BOOLS, NULL, NUMBER, OCTAL, PLAIN_TAGS, MappingNode, Node, ScalarNode,
                    SequenceNode, compose_text, first_shared_node)
from .values import exempt_flaw, explain_date, narrow, parse_group, read_date

MAX_DEPTH = 64
#: what people write between the values of a list typed on one line
_LIST_SEP = re.compile(r"\s*[,，、;；]\s*")


class FileParser:
    """Reads one file's nodes into records, collecting problems instead of raising."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self.file = text.display
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        #: set when a key was unreadable, so "missing field" is not claimed on top of it
        self._garbled = False
        #: dates already read in this file (a campaign has a few hundred distinct ones)
        self.dates: dict[str, dt.date] = {}
        #: the year of the phase being read, for the hint under a date written without one
        self.year: int | None = None

    # ---- positions and problems ---------------------------------------------------------
    def src(self, node: Node) -> Source:
        mark = node.start_mark
        return Source(self.file, mark.line + 1, mark.column + 1)

    def report(self, code: str, node: Node | None, *, level: str = "error", **fields: Any) -> None:
        source = self.src(node) if node is not None else Source(self.file)
        excerpt = self.text.line(source.line) if node is not None else ""
        self.problems.append(problem(code, source, level=level, excerpt=excerpt, **fields))  # type: ignore[arg-type]

    # ---- composing ----------------------------------------------------------------------
    def compose(self, text: str | None = None) -> Node | None:
        """The root node, or None with the problem said. ``text``: the file's text with some
        lines blanked (phases.py reads its common record lines without YAML)."""
        text = self.text.text if text is None else text
        try:
            root = compose_text(text)
        except yaml.MarkedYAMLError as exc:
            self.problems.append(syntax_problem(self.text, exc))
            return None
        except yaml.YAMLError as exc:  # pragma: no cover - libyaml marks all its errors
            self.problems.append(problem("yaml", Source(self.file), what=str(exc), hint=""))
            return None
        if root is None:
            stripped = [ln for ln in text.splitlines() if ln.strip()]
            what = "（只有注释）" if stripped else ""
            self.problems.append(problem("empty", Source(self.file), what=what,
                                         hint="请按 README 中的格式填写内容，或删除这个文件。"))
            return None
        # a node is shared only through an alias, and an alias needs an anchor (&)
        shared = first_shared_node(root) if "&" in text else None
        if shared is not None:
            self.report("alias", shared)
            return None
        return root

    # ---- node readers -------------------------------------------------------------------
    def check_node(self, node: Node) -> bool:
        """Refuse tags and anchors; True when the node may be read."""
        if node.tag not in PLAIN_TAGS:
            self.report("tag", node, tag=node.tag.replace("tag:yaml.org,2002:", "!!"))
            return False
        if not isinstance(node, ScalarNode):
            # an alias is the very same node object met again: refusing it here is what keeps a
            # "billion laughs" file from ever being expanded
            key = id(node)
            if key in self._seen:
                self.report("alias", node)
                return False
            self._seen.add(key)
        return True

    def mapping(self, node: Node, what: str, hint: str = "", *, checked: bool = False,
                item: bool = False) -> Iterator[tuple[str, Node, Node]]:
        """(key, key node, value node) for each pair; duplicate keys reported and skipped.
        ``item``: the mapping is one item of a list (a unit, a task), whose first key met
        again means the next item lost its "- "."""
        if not checked and not self.check_node(node):
            return
        if not isinstance(node, MappingNode):
            if isinstance(node, ScalarNode) and "：" in node.value:
                self._fullwidth_value(node, "：")
                return
            if isinstance(node, ScalarNode) and node.style == "":
                said = colon_without_space(self.text, node.start_mark.line + 1, before=False)
                if said is not None:
                    self.problems.append(said)
                    return
            self.report("want-mapping", node, what=what, got=what_node(node),
                        hint=hint or "每一项写成“键: 值”，冒号为英文冒号，后面跟一个空格。")
            return
        first: dict[str, int] = {}
        lead = (node.value[0][0].value if item and node.value
                and isinstance(node.value[0][0], ScalarNode) else None)
        joined = False
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value in first and not self._garbled:
                # "id:" again in one unit: the next item lost its "- "; say that once, not
                # a duplicate for each of its keys
                if key_node.value == lead and not joined:
                    self.report("missing-dash", key_node, key=lead, first=first[lead])
                joined = joined or key_node.value == lead
                if joined:
                    continue
            key = self.key(key_node, first)
            if key is not None:
                yield key, key_node, value_node

    def key(self, key_node: Node, first: dict[str, int]) -> str | None:
        """A mapping's key, or None with its problem reported; ``first`` holds the keys seen."""
        if not isinstance(key_node, ScalarNode):
            self.report("want-text", key_node, what="键", got=what_node(key_node),
                        example="24中")
            return None
        key = key_node.value
        ch = fullwidth_char(key, "：　") if key_node.style == "" else None
        if ch:
            self._fullwidth_value(key_node, ch)
            self._garbled = True
            return None
        if key in first:
            self.report("dup-key", key_node, key=key, first=first[key])
            return None
        first[key] = key_node.start_mark.line + 1
        return key

    def _fullwidth_value(self, node: ScalarNode, ch: str) -> None:
        line = node.start_mark.line + 1
        excerpt = self.text.line(line)
        start = node.start_mark.column if node.start_mark.line == node.end_mark.line else 0
        col = excerpt.find(ch, start) + 1 or excerpt.find(ch) + 1 or node.start_mark.column + 1
        self.problems.append(fullwidth_problem(self.text, line, col, ch))

    def fields(self, node: Node, what: str, known: dict[str, bool],
               example: dict[str, str], *, item: bool = False) -> dict[str, tuple[Node, Node]] | None:
        """The known fields of a mapping; unknown ones warned, missing required ones reported."""
        if not isinstance(node, MappingNode):
            list(self.mapping(node, what))  # reports the shape problem
            return None
        found: dict[str, tuple[Node, Node]] = {}
        self._garbled = False
        for key, key_node, value_node in self.mapping(node, what, item=item):
            if key in known:
                found[key] = (key_node, value_node)
            else:
                self._unknown_field(key, key_node, value_node, list(known))
        if self._garbled:
            return found
        for name, required in known.items():
            if required and name not in found:
                self.report("missing-field", node, what=what, field=name,
                            example=f"{name}: {example.get(name, '…')}")
        return found

    def _unknown_field(self, key: str, key_node: Node, value_node: Node, known: list[str]) -> None:
        guess = difflib.get_close_matches(key.replace("-", "_").lower(), known, n=1, cutoff=0.6)
        suggest = f"。是不是“{guess[0]}”？" if guess else ""
        hint = (f"请把“{key}”改成“{guess[0]}”。" if guess
                else f"这里可用的字段：{'、'.join(known)}。")
        self.report("unknown-field", key_node, level="warning", field=key, suggest=suggest, hint=hint)
        self.plain(value_node)  # still refuse tags and anchors inside it

    def scalar(self, node: Node, what: str, example: str) -> ScalarNode | None:
        if not self.check_node(node):
            return None
        if isinstance(node, ScalarNode):
            return node
        self.report("want-text", node, what=what, got=what_node(node), example=example)
        return None

    def text_value(self, node: Node, what: str, example: str, *, optional: bool = False) -> str | None:
        """Free text (a name, a title, a note). Numbers are kept as written."""
        n = self.scalar(node, what, example)
        if n is None:
            return None
        if n.style == "" and NULL.fullmatch(n.value):
            if optional:
                return ""
            self.report("want-text", n, what=what, got="空值", example=example)
            return None
        return n.value

    def exempt_reason(self, node: Node) -> str | None:
        """The reason after ``exempt:``: text, never empty nor a yes/no (``exempt: false`` is
        not “not exempt”, and a notice must not print 办公室（false）免于报送)."""
        n = self.scalar(node, "免报原因 exempt", "经批准暂缓")
        if n is None:
            return None
        if n.style == "":
            flaw = "空值" if NULL.fullmatch(n.value) else exempt_flaw(n.value)
        else:
            flaw = "" if n.value.strip() else "空白"
        if flaw:
            self.report("exempt-reason", n, got=flaw)
            return None
        return n.value.strip()

    def ident(self, node: Node, what: str, example: str) -> str | None:
        """An id or a reference: text that YAML must not have read as anything else."""
        n = self.scalar(node, what, example)
        if n is None:
            return None
        value = n.value
        m = ID_FULLWIDTH_RE.search(value)  # fullwidth_char(value, ID_FULLWIDTH), in C
        if m:
            self._fullwidth_value(n, m.group())
            return None
        if n.style == "" and value.isascii():  # null, octal, boolean, number: all ASCII
            if NULL.fullmatch(value):
                self.report("want-text", n, what=what, got="空值", example=example)
                return None
            if OCTAL.fullmatch(value):
                self.report("octal", n, what=what, value=value)
                return None
            kind = ("布尔值（是/否）" if value in BOOLS
                    else "数字" if NUMBER.fullmatch(value) else "")
            if kind:
                self.report("quote-id", n, what=what, value=value, kind=kind)
                return None
        if not value.strip():
            self.report("want-text", n, what=what, got="空白", example=example)
            return None
        narrowed = narrow(value)
        if narrowed != value:  # １０３中 is 103中, so that `record 103中` finds it
            self.report("fullwidth-digits", n, level="warning", what=what, value=value.strip(),
                        narrow=narrowed.strip())
        return narrowed.strip()

    def integer(self, node: Node, what: str, example: str) -> int | None:
        n = self.scalar(node, what, example)
        if n is None:
            return None
        value = narrow(n.value).strip()
        if re.fullmatch(r"[0-9]{1,9}", value) and not (len(value) > 1 and value[0] == "0"):
            return int(value)
        self.report("want-int", n, what=what, value=value, example=example)
        return None

    def group(self, node: Node) -> int | None:
        """A 督导组 number, written as the roster sheet may write it: 3, ３, 第3组, 第三组."""
        n = self.scalar(node, "督导组编号 group", "3")
        if n is None:
            return None
        group = parse_group(n.value)
        if group is None:
            self.report("want-int", n, what="督导组编号 group", value=n.value.strip(), example="3")
        return group

    def date(self, node: Node, what: str) -> dt.date | None:
        n = self.scalar(node, what, "2022-01-20")
        if n is None:
            return None
        return self.date_of(n, what)

    def date_of(self, n: ScalarNode, what: str) -> dt.date | None:
        value = n.value.strip()
        ch = fullwidth_char(value, "“”‘’：，　")
        if ch:
            self._fullwidth_value(n, ch)
            return None
        day = read_date(value)
        if day is not None:
            return day
        why, example = explain_date(value, self.year)
        if why:
            self.report("bad-date", n, what=what, value=value, why=why, example=example)
            return None
        if n.style == "" and NULL.fullmatch(value):
            self.report("want-text", n, what=what, got="空值", example="2022-01-20")
            return None
        self.report("date-form", n, what=what, value=value, example=example)
        return None

    def id_list(self, node: Node, what: str, example: str) -> list[tuple[str, Source]] | None:
        if not self.check_node(node):
            return None
        if isinstance(node, ScalarNode):
            if node.style == "" and NULL.fullmatch(node.value):
                return []
            parts = [x.strip() for x in _LIST_SEP.split(node.value) if x.strip()]
            if len(parts) > 1:  # 第一中学、市一中: one value that was meant as a list
                self.report("list-in-scalar", node, what=what, value=node.value.strip(),
                            sep=_LIST_SEP.search(node.value).group().strip(),  # type: ignore[union-attr]
                            fixed="[" + ", ".join(parts) + "]")
                return None
            # a single value where a list belongs: accept it, it is what the user meant
            value = self.ident(node, what, example)
            return None if value is None else [(value, self.src(node))]
        if not isinstance(node, SequenceNode):
            self.report("want-list", node, what=what, got=what_node(node), example=example)
            return None
        out = []
        for item in node.value:
            value = self.ident(item, what, example)
            if value is not None:
                if "," in value:  # ["第一中学,市一中"]: read as one name, that matches nothing
                    parts = [x.strip() for x in value.split(",") if x.strip()]
                    self.report("item-comma", item, level="warning", what=what, value=value,
                                fixed="[" + ", ".join(parts) + "]")
                out.append((value, self.src(item)))
        return out if len(out) == len(node.value) else None

    def plain(self, node: Node, depth: int = 0) -> Any:
        """Any node as plain Python (str, list, dict), refusing tags, anchors and deep nesting."""
        if depth > MAX_DEPTH:
            self.report("deep-notice", node)
            return None
        if not self.check_node(node):
            return None
        if isinstance(node, ScalarNode):
            return node.value
        if isinstance(node, SequenceNode):
            return [self.plain(item, depth + 1) for item in node.value]
        return {key: self.plain(value, depth + 1)
                for key, _, value in self.mapping(node, "notice", checked=True)}

