"""Located-error explanations: what went wrong on a line, in words a clerk can act on.

libyaml reports a syntax error in English at the place where it gave up, which is often the
line after the mistake. The usual causes in an office are a full-width mark typed where YAML
syntax belongs (：，【】“”　), a colon without its space (``一中:2022-01-15``) and a value
holding ``: `` or `` #`` unquoted; this module finds those near the mark and says so at the
right column, and otherwise translates libyaml's words.
"""

from __future__ import annotations

import re

import yaml

from ..model import Problem, Source
from ..problems import problem
from ..read import Text
from .nodes import NULL, MappingNode, Node, SequenceNode

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
ID_FULLWIDTH = "：，、“”‘’　【】［］｛｝"
ID_FULLWIDTH_RE = re.compile("[" + re.escape(ID_FULLWIDTH) + "]")

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


def what_node(node: Node) -> str:
    """How a message names what was found instead: a mapping, a list, nothing, or the text."""
    if isinstance(node, MappingNode):
        return "映射（“键: 值”）"
    if isinstance(node, SequenceNode):
        return "列表"
    if node.style == "" and NULL.fullmatch(node.value):
        return "空值"
    return f"“{node.value}”"


def fullwidth_problem(text: Text, line: int, col: int, ch: str) -> Problem:
    """A full-width mark at ``line``:``col`` standing where YAML needs its ASCII twin."""
    name, ascii_, after = FULLWIDTH[ch]
    excerpt = text.line(line)
    if ch == "　" and ":" not in excerpt:  # a full-width space standing in for ": "
        name, ascii_, after = "全角空格“　”", ": ", "（英文冒号加一个空格）"
    return problem("fullwidth", Source(text.display, line, col), line=line, what=name,
                   ascii=ascii_, char=ch, after=after, excerpt=excerpt)


def colon_without_space(text: Text, line: int, *, before: bool = True) -> Problem | None:
    """``一中:2022-01-15``: YAML reads the line as one text, and stumbles only on the next
    line (or after a comment), if at all. Said at the line itself (or, with ``before``, at the
    content line above it), None when neither is such a line."""
    for number in (line, *(_content_lines_before(text, line) if before else ())):
        found = _COLON_NO_SPACE.match(text.line(number))
        if found:
            written = text.line(number).strip()
            return problem("colon-space", Source(text.display, number, found.end() + 1),
                           line=number, text=written, fixed=written.replace(":", ": ", 1),
                           excerpt=text.line(number))
    return None


def _content_lines_before(text: Text, line: int) -> list[int]:
    """The nearest line above ``line`` that is not blank nor only a comment (as a list)."""
    for number in range(line - 1, 0, -1):
        stripped = text.line(number).strip()
        if stripped and not stripped.startswith("#"):
            return [number]
    return []


def _needs_quotes(text: Text, exc: yaml.MarkedYAMLError, line: int) -> Problem | None:
    """A value holding ``: `` or `` #`` unquoted (``note: 原因: 补报``, ``{note: 逾期 #2
    补报}``): YAML reads them as syntax. Said at the mark, with the value quoted."""
    numbers = [line]
    if exc.context_mark is not None:  # a flow mapping: where it opened
        numbers.insert(0, exc.context_mark.line + 1)
    for number in numbers:
        written = text.line(number)
        for m in _KEY_VALUE.finditer(written):
            value = m.group("value").strip()
            mark = ": " if ": " in value else " #" if " #" in value else ""
            if not mark or value[:1] in "\"'[{":
                continue
            if mark == " #":  # the # and all after it is a comment: the "}" went with it
                value = (value + written[m.end():]).split("}")[0].strip() \
                    if "{" in written[:m.start()] else value
            col = m.start("value") + value.index(mark) + (1 if mark == " #" else 0)
            why = "（冒号加空格表示“键: 值”）" if mark == ": " else "（“#”及后面的文字是注释，会被忽略）"
            return problem("quote-value", Source(text.display, number, col + 1), value=value,
                           mark=mark.strip(), why=why, fixed=f'{m.group("key")}: "{value}"',
                           excerpt=written)
    return None


def syntax_problem(text: Text, exc: yaml.MarkedYAMLError) -> Problem:
    """The one problem to show for a YAML syntax error in ``text``: at the full-width mark,
    the colon without a space or the value to quote that caused it when one is near, else
    libyaml's message in Chinese at libyaml's place."""
    whole = text.text
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and mark is not None and mark.index >= len(whole):
        mark = exc.context_mark  # where the unclosed quote or bracket opened
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    english = " ".join(filter(None, [exc.context, exc.problem]))
    # the pure-Python parser words and places a few mistakes its own way: as libyaml does,
    # an unknown escape is shown at its backslash, a stray directive at its line
    if "unknown escape character" in english and col > 1 \
            and text.line(line)[col - 2:col - 1] == "\\":
        col -= 1
    if "expected '<document start>'" in english:
        directive = next((n for n, ln in enumerate(whole.splitlines(), 1) if ln.startswith("%")), 0)
        if directive:  # libyaml stops after the directive's name
            name = re.match(r"%[0-9A-Za-z_-]*", whole.splitlines()[directive - 1])
            line, col, english = directive, name.end() + 1, "while scanning a directive"  # type: ignore[union-attr]
    if "expected a single document" in english:
        return problem("multi-doc", Source(text.display, line, col), excerpt=text.line(line))
    # A full-width mark on this line or the one before is the usual cause: say so plainly.
    for number in (line, line - 1):
        found = suspect_fullwidth(text.line(number))
        if found:
            return fullwidth_problem(text, number, found[0] + 1, found[1])
    said = colon_without_space(text, line) or _needs_quotes(text, exc, line)
    if said is not None:
        return said
    for fragments, what, hint in _YAML_WORDS:
        if any(f in english for f in ((fragments,) if isinstance(fragments, str) else fragments)):
            break
    else:
        what, hint = f"无法解析（{exc.problem or english}）", "请对照 README 中的示例检查这一行的写法。"
    return problem("yaml", Source(text.display, line, col), what=what, hint=hint,
                   excerpt=text.line(line))
