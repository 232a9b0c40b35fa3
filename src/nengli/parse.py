"""Stage 2: text to records, one file at a time, every value with its line and column.

The text is composed into YAML nodes with PyYAML's base loader (libyaml's, or the pure-Python
one where PyYAML was built without libyaml: same nodes, same messages), which does no implicit
type guessing; this module then reads each node as the field it stands for (a date, an id,
a title). That keeps the position of every value for free and lets the messages say
*why* a value is wrong — ``yes`` read as a boolean, ``0101`` as octal, ``2022.1.20`` as text —
instead of silently taking what YAML guessed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any, Iterator

import yaml

from .model import Category, Phase, Problem, Record, Source, Task, Unit
from .problems import problem
from .read import Text

ScalarNode, MappingNode, SequenceNode = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
Node = yaml.Node

_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_TAGS = {_STR, _MAP, _SEQ, "tag:yaml.org,2002:null"}


#: nesting the pure-Python composer accepts: far beyond any data file (MAX_DEPTH refuses
#: more than 64 anyway), well within Python's recursion limit at three frames a level
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
        _TAGS = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}

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


# libyaml's composer when PyYAML was built with it (a wheel without it is common on Windows
# and ARM); the pure-Python one gives the same nodes and the same messages, only slower
_Composer = composer(getattr(yaml, "CBaseLoader", yaml.BaseLoader))

# What YAML 1.1 (PyYAML's safe schema) would turn a plain scalar into, had we let it.
_BOOL = re.compile(r"(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)")
_NULL = re.compile(r"(?:~|null|Null|NULL|)")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_NUMBER = re.compile(
    r"[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*"
    r"|(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_OTHER_DATE = re.compile(
    r"(?:(\d{4})\s*[./年\-]\s*)?(\d{1,2})\s*[./月\-]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_DATE_TIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]|\s+).*")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def implicit_scalar(text: str) -> bool:
    """Whether YAML 1.1 would read the plain scalar ``text`` as something other than text
    (null, a boolean, a number, a date): the one table for reading the files and for writing
    them (edit.scalar quotes exactly these)."""
    return bool(_NULL.fullmatch(text) or _BOOL.fullmatch(text) or _OCTAL.fullmatch(text)
                or _NUMBER.fullmatch(text) or _ISO_DATE.fullmatch(text)
                or _DATE_TIME.fullmatch(text))


FULLWIDTH: dict[str, tuple[str, str, str]] = {
    "：": ("全角冒号“：”", ":", "，并在冒号后加一个空格"),
    "，": ("全角逗号“，”", ",", ""),
    "“": ("中文引号“ “ ”", '"', ""),
    "”": ("中文引号“ ” ”", '"', ""),
    "‘": ("中文引号“ ‘ ”", "'", ""),
    "’": ("中文引号“ ’ ”", "'", ""),
    "　": ("全角空格", " ", ""),
    "【": ("全角方括号“【”", "[", ""),
    "】": ("全角方括号“】”", "]", ""),
    "［": ("全角方括号“［”", "[", ""),
    "］": ("全角方括号“］”", "]", ""),
    "｛": ("全角花括号“｛”", "{", ""),
    "｝": ("全角花括号“｝”", "}", ""),
    "－": ("全角减号“－”", "-", ""),
    "、": ("顿号“、”", ",", ""),
}
#: marks that never belong in an id, a reference or a date
_ID_FULLWIDTH = "：，、“”‘’　【】［］｛｝"
_ID_FULLWIDTH_RE = re.compile("[" + re.escape(_ID_FULLWIDTH) + "]")

MAX_DEPTH = 64
#: what people write between the values of a list typed on one line
_LIST_SEP = re.compile(r"\s*[,，、;；]\s*")

# libyaml's English, in words a non-programmer can act on: (fragments, what, hint); a second
# fragment is the pure-Python parser's wording of the same mistake
_YAML_WORDS: tuple[tuple[str | tuple[str, ...], str, str], ...] = (
    ("while scanning a block scalar", "“|”或“>”后面不能直接跟文字",
     "“|”“>”在 YAML 中有特殊含义；如果它是文字的一部分，请给整个值加英文引号。"),
    ("while scanning a directive", "以“%”开头的行在 YAML 中有特殊含义",
     "请删除行首的“%”；如果它是文字的一部分，请给整个值加英文引号。"),
    ("while scanning an a", "“&”或“*”后面缺少名字（它们在 YAML 中是锚点和引用）",
     "数据文件中不需要锚点和引用；如果“&”“*”是文字的一部分，请给整个值加英文引号。"),
    (("while scanning a tag", "while parsing a tag"), "以“!”开头的值在 YAML 中是标签",
     "请删除“!”；如果它是文字的一部分，请给整个值加英文引号。"),
    (("block sequence entries are not allowed", "sequence entries are not allowed here"),
     "这里不能以“- ”开始一个列表",
     "列表的每一项“- ”要另起一行、比上一级多缩进；如果“- ”是文字的一部分，请给整个值加英文引号。"),
    ("mapping keys are not allowed", "这里不能出现“?”",
     "请删除多余的“?”；如果它是文字的一部分，请给整个值加英文引号。"),
    ("did not find expected <document start>", "这一行接不上前面的内容",
     "请检查这一行和上一行：是否多了“|”“- ”等符号、少了英文冒号“:”，缩进是否与同一层对齐。"),
    ("mapping values are not allowed", "这里不能出现“键: 值”",
     "可能是上一行或这一行的缩进不对；如果值里本身含有“: ”，请给整个值加英文引号。"),
    ("could not find expected ':'", "缺少英文冒号“:”",
     "每一行写成“键: 值”，冒号是英文冒号，冒号后要有一个空格。"),
    (("did not find expected key", "block mapping expected <block end>"),
     "缩进不一致，这一行与同一层的其他行没有对齐",
     "同一层的行要用同样多的空格缩进；列表的每一项以“- ”开头。"),
    (("did not find expected '-' indicator", "block collection expected <block end>"),
     "列表项的缩进不一致",
     "同一列表的每一项要对齐，都以“- ”开头。"),
    ("expected <block end>", "缩进不一致",
     "同一层的行要用同样多的空格缩进。"),
    ("that cannot start any token", "出现了不能用在这里的字符",
     "如果这是值的一部分，请给整个值加英文引号。"),
    ("found unexpected ':'", "冒号的位置不对",
     "请检查这一行的冒号；值里含有冒号时请给整个值加英文引号。"),
    ("expected ',' or ']'", "方括号列表没有正确结束",
     "列表写成 [a, b, c]：用英文逗号分隔，用英文“]”结束。"),
    ("expected ',' or '}'", "花括号映射没有正确结束",
     "写成 {date: 2022-01-20, note: 说明}：用英文逗号分隔，用英文“}”结束。"),
    (("did not find expected node content", "expected the node content"), "这里缺少内容",
     "请检查这一行是否写完整。"),
    ("found undefined alias", "使用了未定义的引用（*）",
     "数据文件中不需要锚点和引用；请把内容直接写出来。"),
    ("found duplicate anchor", "锚点（&）重复",
     "数据文件中不需要锚点和引用；请把内容直接写出来。"),
    ("unknown escape character", "双引号里的反斜杠“\\”写法不对",
     "Windows 路径等含反斜杠的文字请用单引号括起来，或把“\\”写成“\\\\”。"),
    ("while scanning a quoted scalar", "引号没有成对",
     "请检查这一行的引号是否成对，并使用英文引号。"),
    ("found unexpected end of stream", "文件在引号或括号结束之前就结束了",
     "请检查引号和括号是否成对。"),
    ("found a tab character", "用了 Tab 字符",
     "YAML 只能用空格缩进；请把 Tab 换成空格。"),
    ("exceeded maximum nesting depth", "嵌套层次过深",
     "数据文件只需要几层缩进；请检查文件是否被误改。"),
)


_COMMENT = re.compile(r"(?:^|\s)#")
#: a line whose first colon has no space after it: ``  一中:2022-01-15``, ``- id:24中``
_COLON_NO_SPACE = re.compile(r"[ ]*(?:-[ ]+)?[^\s#'\"{\[:][^:#'\"{}\[\]]*:(?=[^\s:/])")
#: ``key: value`` pairs on a line, in block or flow style (value up to the next , or })
_KEY_VALUE = re.compile(r"(?P<key>[^\s,{}\[\]:#'\"-][^,{}\[\]:#'\"]*?):[ ]+(?P<value>[^,{}\[\]]+)")
_OPEN, _CLOSE = "[{【［｛", "]}】］｝"


def suspect_fullwidth(line: str) -> tuple[int, str] | None:
    """(0-based column, mark) of a full-width mark standing where YAML syntax belongs.

    Full-width punctuation is ordinary Chinese inside a value (“三个清单”、说明：…), so a mark
    only counts where YAML reads structure: a colon before the key's own ``:``, a comma or
    顿号 inside ``[…]``/``{…}``, a bracket, quote or dash where a value or item starts, a
    full-width space right after ``:`` or standing in for ``: `` on a line without one.
    """
    m = _COMMENT.search(line)
    content = line[: m.start()] if m else line
    depth = 0
    start = True  # at the start of a value or item (only spaces, "- ", ": " or "[{," before)
    for i, ch in enumerate(content):
        if ch == "：":
            before = content[:i]
            cut = max(before.rfind(c) for c in (":", *(("{", "[", ",") if depth else ())))
            if cut < 0 or before[cut] != ":":
                return i, ch
        elif ch in "，、" and depth:
            return i, ch
        elif ch in "【［｛“‘－" and start and (ch != "－" or content[i + 1: i + 2] in (" ", "　")):
            return i, ch
        elif ch == "　":
            if i and content[i - 1] in ":-" or (":" not in content and content[:i].strip()
                                                  and content[i:].strip("　 ")):
                return i, ch
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        if ch in "[{,-:" or (ch == " " and start):
            start = True
        elif not ch.isspace():
            start = False
    return None


def fullwidth_char(text: str, chars: str = "".join(FULLWIDTH)) -> str | None:
    """The first full-width punctuation mark in ``text`` that YAML would need in ASCII."""
    for ch in text:
        if ch in chars:
            return ch
    return None


#: full-width digits and Latin letters -> ASCII: the part of NFKC applied to ids and numbers.
#: Full NFKC would also turn an official name's （） into (), so it is kept to these.
_NARROW = str.maketrans({chr(c): chr(c - 0xFEE0) for c in (
    *range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))})
_GROUP = re.compile(r"第?\s*([0-9]{1,4}|[〇一二三四五六七八九十]{1,3})\s*(?:组|小组)?")


def narrow(text: str) -> str:
    """``１０３中`` -> ``103中``: full-width digits and letters as ASCII, everything else kept."""
    return text.translate(_NARROW)


def parse_group(text: str) -> int | None:
    """3, ３, 第3组, 第三组, 三组 -> 3; None when it is not a group number."""
    m = _GROUP.fullmatch(narrow(text).strip())
    if not m:
        return None
    n = m.group(1)
    if n.isdigit():
        return int(n)
    from .zh import cn_number

    for i in range(1, 100):
        if cn_number(i) == n:
            return i
    return None


def _suggest(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"，是不是“{match[0]}”？" if match else ""


def _what_node(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "映射（“键: 值”）"
    if isinstance(node, SequenceNode):
        return "列表"
    if node.style == "" and _NULL.fullmatch(node.value):
        return "空值"
    return f"“{node.value}”"


def _first_shared_node(root: Node) -> Node | None:
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
        self._dates: dict[str, dt.date] = {}
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
    def compose(self) -> Node | None:
        """The root node, or None with the problem said."""
        try:
            root = yaml.compose(self.text.text, Loader=_Composer)
        except yaml.MarkedYAMLError as exc:
            self._syntax_problem(exc)
            return None
        except yaml.YAMLError as exc:  # pragma: no cover - libyaml marks all its errors
            self.problems.append(problem("yaml", Source(self.file), what=str(exc), hint=""))
            return None
        if root is None:
            stripped = [ln for ln in self.text.text.splitlines() if ln.strip()]
            what = "（只有注释）" if stripped else ""
            self.problems.append(problem("empty", Source(self.file), what=what,
                                         hint="请按 README 中的格式填写内容，或删除这个文件。"))
            return None
        # a node is shared only through an alias, and an alias needs an anchor (&)
        shared = _first_shared_node(root) if "&" in self.text.text else None
        if shared is not None:
            self.report("alias", shared)
            return None
        return root

    def _syntax_problem(self, exc: yaml.MarkedYAMLError) -> None:
        text = self.text.text
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text):
            mark = exc.context_mark  # where the unclosed quote or bracket opened
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        english = " ".join(filter(None, [exc.context, exc.problem]))
        # the pure-Python parser words and places a few mistakes its own way: as libyaml does,
        # an unknown escape is shown at its backslash, a stray directive at its line
        if "unknown escape character" in english and col > 1 \
                and self.text.line(line)[col - 2:col - 1] == "\\":
            col -= 1
        if "expected '<document start>'" in english:
            directive = next((n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("%")), 0)
            if directive:  # libyaml stops after the directive's name
                name = re.match(r"%[0-9A-Za-z_-]*", text.splitlines()[directive - 1])
                line, col, english = directive, name.end() + 1, "while scanning a directive"  # type: ignore[union-attr]
        if "expected a single document" in english:
            self.problems.append(problem("multi-doc", Source(self.file, line, col),
                                         excerpt=self.text.line(line)))
            return
        # A full-width mark on this line or the one before is the usual cause: say so plainly.
        for number in (line, line - 1):
            found = suspect_fullwidth(self.text.line(number))
            if found:
                self._fullwidth_at(number, found[0] + 1, found[1])
                return
        if self._colon_without_space(line) or self._needs_quotes(exc, line):
            return
        for fragments, what, hint in _YAML_WORDS:
            if any(f in english for f in ((fragments,) if isinstance(fragments, str) else fragments)):
                break
        else:
            what, hint = f"无法解析（{exc.problem or english}）", "请对照 README 中的示例检查这一行的写法。"
        self.problems.append(problem("yaml", Source(self.file, line, col), what=what, hint=hint,
                                     excerpt=self.text.line(line)))

    def _colon_without_space(self, line: int, *, before: bool = True) -> bool:
        """``一中:2022-01-15``: YAML reads the line as one text, and stumbles only on the next
        line (or after a comment), if at all. Said at the line itself; True when it was."""
        for number in (line, *(self._content_lines_before(line) if before else ())):
            found = _COLON_NO_SPACE.match(self.text.line(number))
            if found:
                text = self.text.line(number).strip()
                self.problems.append(problem(
                    "colon-space", Source(self.file, number, found.end() + 1), line=number,
                    text=text, fixed=text.replace(":", ": ", 1), excerpt=self.text.line(number)))
                return True
        return False

    def _content_lines_before(self, line: int) -> list[int]:
        """The nearest line above ``line`` that is not blank nor only a comment (as a list)."""
        for number in range(line - 1, 0, -1):
            stripped = self.text.line(number).strip()
            if stripped and not stripped.startswith("#"):
                return [number]
        return []

    def _needs_quotes(self, exc: yaml.MarkedYAMLError, line: int) -> bool:
        """A value holding ``: `` or `` #`` unquoted (``note: 原因: 补报``, ``{note: 逾期 #2
        补报}``): YAML reads them as syntax. Said at the mark, with the value quoted."""
        numbers = [line]
        if exc.context_mark is not None:  # a flow mapping: where it opened
            numbers.insert(0, exc.context_mark.line + 1)
        for number in numbers:
            text = self.text.line(number)
            for m in _KEY_VALUE.finditer(text):
                value = m.group("value").strip()
                mark = ": " if ": " in value else " #" if " #" in value else ""
                if not mark or value[:1] in "\"'[{":
                    continue
                if mark == " #":  # the # and all after it is a comment: the "}" went with it
                    value = (value + text[m.end():]).split("}")[0].strip() \
                        if "{" in text[:m.start()] else value
                col = m.start("value") + value.index(mark) + (1 if mark == " #" else 0)
                why = "（冒号加空格表示“键: 值”）" if mark == ": " else "（“#”及后面的文字是注释，会被忽略）"
                self.problems.append(problem(
                    "quote-value", Source(self.file, number, col + 1), value=value,
                    mark=mark.strip(), why=why, fixed=f'{m.group("key")}: "{value}"',
                    excerpt=text))
                return True
        return False

    # ---- node readers -------------------------------------------------------------------
    def _check_node(self, node: Node) -> bool:
        """Refuse tags and anchors; True when the node may be read."""
        if node.tag not in _PLAIN_TAGS:
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
        if not checked and not self._check_node(node):
            return
        if not isinstance(node, MappingNode):
            if isinstance(node, ScalarNode) and "：" in node.value:
                self._fullwidth_value(node, "：")
                return
            if isinstance(node, ScalarNode) and node.style == "" \
                    and self._colon_without_space(node.start_mark.line + 1, before=False):
                return
            self.report("want-mapping", node, what=what, got=_what_node(node),
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
            self.report("want-text", key_node, what="键", got=_what_node(key_node),
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
        self._fullwidth_at(line, col, ch)

    def _fullwidth_at(self, line: int, col: int, ch: str) -> None:
        name, ascii_, after = FULLWIDTH[ch]
        excerpt = self.text.line(line)
        if ch == "　" and ":" not in excerpt:  # a full-width space standing in for ": "
            name, ascii_, after = "全角空格“　”", ": ", "（英文冒号加一个空格）"
        self.problems.append(problem("fullwidth", Source(self.file, line, col), line=line,
                                     what=name, ascii=ascii_, char=ch, after=after, excerpt=excerpt))

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
        if not self._check_node(node):
            return None
        if isinstance(node, ScalarNode):
            return node
        self.report("want-text", node, what=what, got=_what_node(node), example=example)
        return None

    def text_value(self, node: Node, what: str, example: str, *, optional: bool = False) -> str | None:
        """Free text (a name, a title, a note). Numbers are kept as written."""
        n = self.scalar(node, what, example)
        if n is None:
            return None
        if n.style == "" and _NULL.fullmatch(n.value):
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
            flaw = "空值" if _NULL.fullmatch(n.value) else exempt_flaw(n.value)
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
        m = _ID_FULLWIDTH_RE.search(value)  # fullwidth_char(value, _ID_FULLWIDTH), in C
        if m:
            self._fullwidth_value(n, m.group())
            return None
        if n.style == "" and value.isascii():  # null, octal, boolean, number: all ASCII
            if _NULL.fullmatch(value):
                self.report("want-text", n, what=what, got="空值", example=example)
                return None
            if _OCTAL.fullmatch(value):
                self.report("octal", n, what=what, value=value)
                return None
            kind = ("布尔值（是/否）" if _BOOL.fullmatch(value)
                    else "数字" if _NUMBER.fullmatch(value) else "")
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
        if n.style == "" and _NULL.fullmatch(value):
            self.report("want-text", n, what=what, got="空值", example="2022-01-20")
            return None
        self.report("date-form", n, what=what, value=value, example=example)
        return None

    def id_list(self, node: Node, what: str, example: str) -> list[tuple[str, Source]] | None:
        if not self._check_node(node):
            return None
        if isinstance(node, ScalarNode):
            if node.style == "" and _NULL.fullmatch(node.value):
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
            self.report("want-list", node, what=what, got=_what_node(node), example=example)
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
        if not self._check_node(node):
            return None
        if isinstance(node, ScalarNode):
            return node.value
        if isinstance(node, SequenceNode):
            return [self.plain(item, depth + 1) for item in node.value]
        return {key: self.plain(value, depth + 1)
                for key, _, value in self.mapping(node, "notice", checked=True)}


# ---- the two kinds of file ------------------------------------------------------------------

UNITS_FIELDS = {"categories": True, "units": True}
CATEGORY_FIELDS = {"name": True, "counter": False, "label": False, "separate": False}
UNIT_FIELDS = {"id": True, "name": False, "category": True, "aliases": False, "group": False,
               "contact": False, "phone": False}
PHASE_FIELDS = {"phase": True, "title": True, "theme": False, "start": True, "end": True,
                "scope": False, "tasks": True, "records": False, "notice": False}
TASK_FIELDS = {"id": True, "title": True, "applies_to": False, "due": True, "aliases": False}
RECORD_FIELDS = {"date": False, "note": False, "exempt": False, "files": False}


def parse_units(text: Text) -> tuple[list[Category], list[Unit], list[Problem]]:
    """units.yaml: the categories and the roster, in file order."""
    p = FileParser(text)
    root = p.compose()
    categories: list[Category] = []
    units: list[Unit] = []
    if root is None:
        return categories, units, p.problems
    top = p.fields(root, "units.yaml", UNITS_FIELDS, {"categories": "", "units": ""})
    if top is None:
        return categories, units, p.problems
    cat_keys: set[str] | None = None  # every key written under categories, usable or not
    if "categories" in top:
        node = top["categories"][1]
        if isinstance(node, MappingNode):
            cat_keys = set()
        for key, key_node, value in p.mapping(node, "categories",
                                              "例如：school: {name: 学校, counter: 所}"):
            if cat_keys is not None:
                cat_keys.add(key)
            cat = _category(p, key, key_node, value)
            if cat:
                categories.append(cat)
        if isinstance(node, MappingNode) and not node.value:
            p.report("no-categories", node)
    if "units" in top:
        node = top["units"][1]
        if not p._check_node(node):
            pass
        elif not isinstance(node, SequenceNode):
            p.report("want-list", node, what="units", got=_what_node(node),
                     example="- id: 24中（每个单位一项，以“- ”开头）")
        elif not node.value:
            p.report("no-units", top["units"][0])
        else:
            placed = []
            for item in node.value:
                found = _unit(p, item, len(units))
                if found:
                    units.append(found[0])
                    placed.append(found)
            _check_roster(p, categories, cat_keys, placed)
    return categories, units, p.problems


def _check_roster(p: FileParser, categories: list[Category], cat_keys: set[str] | None,
                  placed: list[tuple[Unit, Source, list[tuple[str, Source]]]]) -> None:
    """Within units.yaml: unique ids, known categories, aliases that name one unit only."""
    known = "、".join(f"{c.key}（{c.name}）" for c in categories)
    first: dict[str, Unit] = {}
    for unit, cat_src, _ in placed:
        if unit.id in first:
            p.problems.append(problem("dup-unit", unit.source, unit=unit.id,
                                      first=first[unit.id].source))
            continue
        first[unit.id] = unit
        if cat_keys and unit.category not in cat_keys:
            guess = difflib.get_close_matches(unit.category, sorted(cat_keys), n=1, cutoff=0.5)
            p.problems.append(problem("unknown-category", cat_src, value=unit.category,
                                      suggest=f"，是不是“{guess[0]}”？" if guess else "",
                                      known=known))
    p.problems += alias_problems([(unit, aliases) for unit, _, aliases in placed
                                  if first.get(unit.id) is unit])


def alias_problems(units: list[tuple[Unit, list[tuple[str, Source]]]]) -> list[Problem]:
    """Every alias names one unit only and no unit's id. ``units``: the roster (one unit per
    id), each unit with its aliases and where each is written. units.yaml and import-units
    both ask this."""
    ids = {unit.id for unit, _ in units}
    owner: dict[str, Unit] = {}
    problems = []
    for unit, aliases in units:
        for alias, src in aliases:
            if alias == unit.id:
                continue
            if alias in ids:
                problems.append(problem("alias-is-id", src, alias=alias, other=alias))
            elif alias in owner and owner[alias].id != unit.id:
                problems.append(problem("dup-alias", src, alias=alias, other=owner[alias].id,
                                        first=owner[alias].source))
            else:
                owner.setdefault(alias, unit)
    return problems


def _category(p: FileParser, key: str, key_node: Node, node: Node) -> Category | None:
    key = p.ident(key_node, "类别代号", "school")
    f = p.fields(node, f"类别“{key}”", CATEGORY_FIELDS, {"name": "学校", "counter": "所"})
    if key is None or f is None or "name" not in f:
        return None
    name = p.text_value(f["name"][1], "类别名称", "学校")
    counter = p.text_value(f["counter"][1], "量词", "所", optional=True) if "counter" in f else "个"
    label = p.text_value(f["label"][1], "通报中的称呼", "局机关各处室", optional=True) if "label" in f else ""
    separate = False
    if "separate" in f:
        n = p.scalar(f["separate"][1], "separate", "true")
        if n is not None:
            if n.value in ("true", "True", "yes", "是"):
                separate = True
            elif n.value not in ("false", "False", "no", "否"):
                p.report("want-text", n, what="separate", got=f"“{n.value}”", example="true 或 false")
    if name is None or counter is None or label is None:
        return None
    return Category(key=key, name=name, counter=counter or "个", source=p.src(key_node),
                    label=label or name, separate=separate)


def _unit(p: FileParser, node: Node, index: int
          ) -> tuple[Unit, Source, list[tuple[str, Source]]] | None:
    f = p.fields(node, "单位", UNIT_FIELDS,
                 {"id": "24中", "category": "school", "name": "郑州市第二十四中学"}, item=True)
    if f is None or "id" not in f or "category" not in f:
        return None
    uid = p.ident(f["id"][1], "单位简称（id）", "24中")
    category = p.ident(f["category"][1], "类别", "school")
    name = p.text_value(f["name"][1], "单位全称", "郑州市第二十四中学", optional=True) if "name" in f else ""
    aliases = p.id_list(f["aliases"][1], "别名", "[二十四中]") if "aliases" in f else []
    group = None
    if "group" in f:
        gnode = f["group"][1]
        if not (isinstance(gnode, ScalarNode) and gnode.style == "" and _NULL.fullmatch(gnode.value)):
            group = p.group(gnode)
    contact = p.text_value(f["contact"][1], "联系人", "张老师", optional=True) if "contact" in f else ""
    phone = p.text_value(f["phone"][1], "电话", "0371-00000000", optional=True) if "phone" in f else ""
    if uid is None or category is None or name is None or aliases is None or contact is None \
            or phone is None:
        return None
    unit = Unit(id=uid, name=name or uid, category=category, index=index,
                source=p.src(f["id"][1]), aliases=tuple(a for a, _ in aliases), group=group,
                contact=contact, phone=phone)
    return unit, p.src(f["category"][1]), aliases


def parse_phase(text: Text) -> tuple[Phase | None, list[Problem], dict[str, Any]]:
    """One phase file. Returns the phase, its problems, and where things are (for checks).

    ``where`` also says what could not be read, so that the checks across files do not
    report its consequences as further mistakes: ``broken_tasks`` (task ids whose task is
    unreadable), ``tasks_incomplete`` (some task has no readable id) and ``scope_broken``.
    """
    p = FileParser(text)
    where: dict[str, Any] = {"scope": [], "applies_to": {}, "task_aliases": {}, "record_tasks": {},
                             "broken_tasks": set(), "tasks_incomplete": False,
                             "scope_broken": False}
    root = p.compose()
    if root is None:
        return None, p.problems, where
    f = p.fields(root, "阶段文件", PHASE_FIELDS,
                 {"phase": "1", "title": "第一阶段", "start": "2022-01-09", "end": "2022-01-31",
                  "tasks": "（任务列表）"})
    if f is None:
        return None, p.problems, where
    number = p.integer(f["phase"][1], "阶段编号 phase", "1") if "phase" in f else None
    title = p.text_value(f["title"][1], "阶段名称 title", "第一阶段") if "title" in f else None
    theme = p.text_value(f["theme"][1], "主题 theme", "提高认识、找准问题", optional=True) if "theme" in f else ""
    start = p.date(f["start"][1], "开始日期 start") if "start" in f else None
    p.year = start.year if start else None
    end = p.date(f["end"][1], "结束日期 end") if "end" in f else None
    p.year = p.year or (end.year if end else None)
    if start and end and end < start:
        p.report("date-order", f["end"][1], what="阶段日期", later="结束日期 end",
                 later_value=end.isoformat(), earlier="开始日期 start", earlier_value=start.isoformat())
    scope: list[tuple[str, Source]] = []
    if "scope" in f:
        got = p.id_list(f["scope"][1], "scope 中的类别", "[school, institution, office]")
        where["scope_broken"] = got is None
        scope = got or []
    where["scope"] = scope

    tasks: list[Task] = []
    where["tasks_incomplete"] = "tasks" not in f
    if "tasks" in f:
        tnode = f["tasks"][1]
        if p._check_node(tnode):
            if isinstance(tnode, SequenceNode):
                if not tnode.value:
                    p.report("no-tasks", tnode, level="warning")
                for item in tnode.value:
                    task = _task(p, item, where)
                    if task:
                        tasks.append(task)
            elif isinstance(tnode, ScalarNode) and tnode.style == "" and _NULL.fullmatch(tnode.value):
                p.report("no-tasks", f["tasks"][0], level="warning")
            else:
                where["tasks_incomplete"] = True
                p.report("want-list", tnode, what="tasks", got=_what_node(tnode),
                         example="- id: cases（每个任务一项，以“- ”开头）")
        else:
            where["tasks_incomplete"] = True

    records: list[Record] = []
    ids = {t.id for t in tasks}
    if "records" in f:
        rnode = f["records"][1]
        if not (isinstance(rnode, ScalarNode) and rnode.style == "" and _NULL.fullmatch(rnode.value)):
            for task_id, key_node, by_unit in p.mapping(rnode, "records",
                                                         "写成“任务id:”，下面每行“单位: 日期”。"):
                if task_id not in ids and _title_as_key(p, task_id, key_node, tasks):
                    continue
                tid = p.ident(key_node, "任务 id", "cases")
                if tid is None:
                    continue
                where["record_tasks"][tid] = p.src(key_node)
                if isinstance(by_unit, ScalarNode) and by_unit.style == "" and _NULL.fullmatch(by_unit.value):
                    continue  # a task with no records yet
                _records(p, tid, key_node, by_unit, records)

    notice: dict = {}
    if "notice" in f:
        value = p.plain(f["notice"][1])
        if isinstance(value, dict):
            notice = value
        elif value is not None:
            p.report("want-mapping", f["notice"][1], what="notice", got=_what_node(f["notice"][1]),
                     hint="notice 下写 intro、method、next_steps 等段落。")
    if None in (number, title, start, end):
        return None, p.problems, where
    phase = Phase(number=number, title=title, start=start, end=end,  # type: ignore[arg-type]
                  scope=tuple(s for s, _ in scope), tasks=tuple(tasks), records=tuple(records),
                  source=p.src(f["phase"][1]), theme=theme or "", notice=notice)
    return phase, p.problems, where


def _title_as_key(p: FileParser, key: str, key_node: Node, tasks: list[Task]) -> bool:
    """A task's title (创新案例、改革案例) written where its id belongs: said as such, with
    the id to write, rather than as a 顿号 or an unknown task. True when reported."""
    titles = {t.title: t.id for t in tasks}
    match = key if key in titles else next(iter(difflib.get_close_matches(key, list(titles), 1, 0.6)), None)
    if match is None:
        return False
    p.report("unknown-task", key_node, value=key, known="、".join(t.id for t in tasks),
             suggest=f"：“{match}”是任务“{titles[match]}”的名称，这里要写任务 id“{titles[match]}”")
    return True


def _task(p: FileParser, node: Node, where: dict[str, Any]) -> Task | None:
    f = p.fields(node, "任务", TASK_FIELDS,
                 {"id": "cases", "title": "创新案例、改革案例报送", "due": "2022-01-20"}, item=True)
    if f is None:
        where["tasks_incomplete"] = True
        return None
    tid = p.ident(f["id"][1], "任务 id", "cases") if "id" in f else None
    title = p.text_value(f["title"][1], "任务名称 title", "创新案例、改革案例报送") if "title" in f else None
    due = p.date(f["due"][1], "截止日期 due") if "due" in f else None
    applies: list[tuple[str, Source]] | None = []
    if "applies_to" in f:
        applies = p.id_list(f["applies_to"][1], "applies_to 中的类别", "[school, institution]")
    aliases = p.id_list(f["aliases"][1], "任务别名", "[三个清单]") if "aliases" in f else []
    if tid is None:
        where["tasks_incomplete"] = True
        return None
    if title is None or due is None or applies is None or aliases is None:
        where["broken_tasks"].add(tid)
        return None
    src = p.src(f["id"][1])
    where["applies_to"][tid] = applies
    where["task_aliases"][tid] = aliases
    return Task(id=tid, title=title, due=due, applies_to=tuple(a for a, _ in applies), source=src,
                aliases=tuple(a for a, _ in aliases))


#: a character that sends a record's unit name to the general path (it may need a message)
_REF_SLOW = re.compile("[" + re.escape("：　" + _ID_FULLWIDTH) + "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_date(value: str) -> dt.date | None:
    """The date written as 年-月-日 (2022-01-20 or 2022-1-20, full-width digits too), or None.

    The one date grammar of nengli: the data files and every command-line option read dates
    with this function, so what one accepts the other accepts (not 20220120, not 2022-W03-4).
    """
    m = _ISO_DATE.fullmatch(unicodedata.normalize("NFKC", value).strip())
    if m is None:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def explain_date(value: str, year: int | None = None, fallback: str = "") -> tuple[str, str]:
    """Why ``value`` is not a date nengli reads, and the value written as it should be.

    ``why`` is empty when the value is not a date at all or written in another form
    (2022/1/20, 2022年1月20日, 20220120, with a time); ``example`` is that very date as
    年-月-日 when it can tell. A date without a year gets ``year`` (the phase's, else this
    year's), and so does the example for a value that is no date at all unless ``fallback``
    gives one.
    """
    year = year or dt.date.today().year
    value = unicodedata.normalize("NFKC", value).strip()
    m = _ISO_DATE.fullmatch(value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        why = "月份应在 1 到 12 之间" if not 1 <= mo <= 12 else f"{y}年{mo}月没有{d}日"
        return why, f"{y:04d}-{min(max(mo, 1), 12):02d}-01"
    m = _DATE_TIME.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
    if m and read_date("-".join(m.groups())):
        y, mo, d = (int(g) for g in m.groups())
        return "", f"{y:04d}-{mo:02d}-{d:02d}" + ("（只写日期，不写时间）" if len(value) > 10 else "")
    m = _OTHER_DATE.fullmatch(value)
    if m and m.group(1):
        return "", f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    if m:
        return "", f"{year:04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}（要写上年份）"
    return "", fallback or f"{year:04d}-01-20"


def exempt_flaw(value: str) -> str:
    """Why ``value`` (written unquoted, or typed after --exempt) is no reason to exempt a
    unit: "空白" or "布尔值“false”"; "" when it is one."""
    if not value.strip():
        return "空白"
    if _BOOL.fullmatch(value.strip()):
        return f"布尔值“{value.strip()}”"
    return ""


def _plain_date(value: str, known: dict[str, dt.date]) -> dt.date | None:
    """``2022-01-12`` as a date, remembered in ``known``; None for anything else."""
    date = known.get(value)
    if date is None and _PLAIN_DATE.fullmatch(value):
        try:
            date = known[value] = dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            return None
    return date


def _records(p: FileParser, task: str, key_node: Node, node: Node, out: list[Record]) -> None:
    """The records of one task. Each record's ``unit`` is its name as written until
    validate resolves it to the unit's id (the same object is kept when they agree)."""
    what, hint = f"任务“{task}”的登记", "每行写“单位: 日期”，例如“24中: 2022-01-12”。"
    if not isinstance(node, MappingNode):
        for _ in p.mapping(node, what, hint):  # reports what is wrong with it
            pass
        return
    if not p._check_node(node):
        return
    file, first, dates = p.file, {}, p._dates
    for ref_node, value in node.value:
        # the common line, read in one step: "24中: 2022-01-12", a plain name that is not
        # ASCII (so YAML cannot have read it as a number, boolean or null) and an ISO date.
        # Anything else takes the general path below, with every check and message.
        if type(ref_node) is ScalarNode and type(value) is ScalarNode and ref_node.style == "" \
                and ref_node.tag == _STR and value.tag == _STR:
            ref = ref_node.value
            if not ref.isascii() and ref not in first and _REF_SLOW.search(ref) is None:
                date = _plain_date(value.value, dates)
                unit = ref.strip()
                if date is not None and unit:
                    mark = ref_node.start_mark
                    first[ref] = mark.line + 1
                    out.append(Record(task=task, unit=unit, ref=unit,
                                      source=Source(file, mark.line + 1, mark.column + 1), date=date))
                    continue
        if p.key(ref_node, first) is not None:
            _record(p, task, ref_node, value, out)


def _record(p: FileParser, task: str, ref_node: Node, value: Node, out: list[Record]) -> None:
    """One line of a task's records, any shape, every problem reported."""
    file = p.file
    unit = p.ident(ref_node, "单位", "24中")
    if unit is None:
        return
    mark = ref_node.start_mark
    source = Source(file, mark.line + 1, mark.column + 1)
    if isinstance(value, ScalarNode) and value.tag == _STR:
        # "24中: 2022-01-12", or a date written some other way (said by date_of)
        if value.style == "" and _NULL.fullmatch(value.value):
            p.report("record-empty", ref_node, unit=unit)
            return
        date = p.date_of(value, f"单位“{unit}”的报送日期")
        if date is not None:
            out.append(Record(task=task, unit=unit, ref=unit, source=source, date=date))
        return
    f = p.fields(value, f"单位“{unit}”的登记", RECORD_FIELDS, {"date": "2022-01-20"})
    if f is None:
        return
    date = p.date(f["date"][1], f"单位“{unit}”的报送日期") if "date" in f else None
    note = p.text_value(f["note"][1], "备注 note", "逾期补报", optional=True) if "note" in f else ""
    exempt = None
    if "exempt" in f:
        exempt = p.exempt_reason(f["exempt"][1])
        if exempt is None:
            return
        if "date" in f:
            p.report("record-exempt-date", ref_node, unit=unit)
            return
    files = _files(p, f["files"][1]) if "files" in f else ()
    if "date" in f and date is None or files is None:
        return
    if date is None and exempt is None:
        if "exempt" not in f and "date" not in f:
            p.report("missing-field", value, what=f"单位“{unit}”的登记", field="date",
                     example="date: 2022-01-20")
        return
    out.append(Record(task=task, unit=unit, ref=unit, source=source, date=date,
                      note=note or "", exempt=exempt, files=files))


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _files(p: FileParser, node: Node) -> tuple[tuple[str, str], ...] | None:
    """``files: {材料/…/24中-案例.docx: <sha256>}``: the materials intake filed for a record."""
    out = []
    for path, key_node, value in p.mapping(node, "材料 files", "写成 {材料/…/文件名: sha256}。"):
        digest = p.text_value(value, f"材料“{path}”的 sha256", "64 位十六进制数字")
        if digest is None:
            return None
        if not _SHA256.fullmatch(digest.strip().lower()):
            p.report("bad-sha256", value, path=path, value=digest)
            return None
        if not path.strip():
            p.report("want-text", key_node, what="材料的路径", got="空白", example="材料/第1阶段/…")
            return None
        out.append((path.strip(), digest.strip().lower()))
    return tuple(out) if isinstance(node, MappingNode) else None
