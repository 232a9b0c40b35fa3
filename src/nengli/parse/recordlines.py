"""Record lines read without YAML: the common shapes of a phase file's records, by regex.

Records are nearly all of a campaign's text — one line per unit and task — and almost every one
is written ``24中: 2022-01-12`` or ``24中: {date: 2022-01-12, note: 逾期补报}``. Composing those
lines into YAML nodes (two scalars, four marks each) costs more than everything nengli then
does with them. So the records block is scanned here first: each line of those two shapes, with
a plain name that YAML can only read as that very text and a valid date, is taken out of the
text (left as an empty line, so every other line keeps its number) and read directly. The rest
of the file — the phase, the tasks, the notice, and any record line of another shape — is
composed as before and read by the general path with all its checks and messages.

The lines taken out must mean in YAML exactly what they are read as. Each is complete on its
line, and the scan takes one only where the structure around it is plain block YAML: under a
task line ``  任务id:`` of the records mapping, at the indentation of that task's entries, not
followed by a more indented line (which would continue its value). ``Lines.fits`` then checks
the composed rest of the file against what the scan assumed — the records mapping's keys are
the task lines, no other entry's value runs over a line taken out — and the caller reads the
whole file the general way when it does not fit (and whenever the rest has a syntax error,
so that the message is the one for the file as written). tests/test_recordlines.py checks that
both ways give the same phase and the same problems, on edited files too.
"""

# No `from __future__ import annotations`: typing.NamedTuple would turn every field's
# annotation into a ForwardRef, compiled at import (a measurable part of start-up).

import datetime as dt
import re
from typing import NamedTuple

from ..model import Record, Source
from .explain import ID_FULLWIDTH
from .nodes import NULL, MappingNode, Node, ScalarNode, SequenceNode, is_null
from .values import plain_date

#: characters YAML refuses or reads as a line break (\r, \x85, \u2028, \u2029): a file holding
#: any is left to the general path, which says so at its place
NOT_PLAIN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_RECORDS = re.compile(r"^records:[ ]*(?:#[^\n]*)?$", re.M)
#: the first line after the records block: a line starting at column 0 that is no comment
BLOCK_END = re.compile(r"^[^ \n#]", re.M)
#: a character that sends a record's unit name to the general path (it may need a message):
#: full-width marks, and full-width digits and letters (read as ASCII, with a warning)
REF_SLOW = re.compile("[" + re.escape("：　" + ID_FULLWIDTH) + "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
#: a plain scalar that is its own text in block and flow context alike: no indicator first, no
#: ":", "#", quote, bracket or comma anywhere, no space at either end (a unit's name or a note)
_NAME = r"[^\s:#'\"{}\[\],&*!|>%@`?~-](?:[^\t\n:#'\"{}\[\],]*[^\s:#'\"{}\[\],])?"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: every line of the records block: a record line of the two shapes (indent, name, date, or
#: date and note of the flow form), or any other line (``other``)
_ROW = re.compile(
    rf"^(?:([ ]+)({_NAME}):[ ]+(?:({_DATE})"
    rf"|\{{[ ]*date:[ ]+({_DATE})[ ]*,[ ]*note:[ ]+({_NAME})[ ]*\}})"
    r"(?:[ ]+#[^\n]*)?[ ]*|([^\n]*))$", re.M)
#: a line of the records mapping that opens a task's entries: ``  cases:`` (a comment may follow)
_TASK = re.compile(r"^([^\s#'\"{}\[\],&*!|>%@`?-][^\n#:]*):[ ]*(?:#[^\n]*)?$")



class Lines(NamedTuple):
    """The scan of one phase file: the text left for YAML and the record lines taken out."""

    text: str
    #: 0-based line of the records key
    records_line: int
    #: 0-based lines of the records mapping's own entries (task lines and any other)
    entry_lines: frozenset[int]
    #: per task line (0-based): the indentation of its entries and the records of the lines
    #: taken out, in file order, with the task's key as written (the general path reads the
    #: key itself, and says what is wrong with it)
    tasks: dict[int, tuple[int, list[Record]]]

    def fits(self, root: Node) -> bool:
        """Whether the rest of the file, composed, is what the scan took it for."""
        if not isinstance(root, MappingNode):
            return False
        found = [(k, v) for k, v in root.value if isinstance(k, ScalarNode) and k.value == "records"]
        if len(found) != 1 or found[0][0].start_mark.line != self.records_line:
            return False
        records = found[0][1]
        if not isinstance(records, MappingNode) or records.flow_style:
            return False
        if {k.start_mark.line for k, _ in records.value} != self.entry_lines:
            return False
        for key, value in records.value:
            task = self.tasks.get(key.start_mark.line)
            if task is None:
                continue
            indent, lines = task
            if is_null(value):
                continue
            if not isinstance(value, MappingNode) or value.flow_style:
                return False
            taken = iter(lines)
            nxt = next(taken, None)
            for k, v in value.value:
                if k.start_mark.column != indent:
                    return False
                while nxt is not None and nxt.source.line - 1 <= k.start_mark.line:
                    nxt = next(taken, None)
                end = last_mark(v)
                if nxt is not None and (end.line, end.column) > (nxt.source.line - 1, indent):
                    return False  # this entry's value runs over a line taken out
        return True


def last_mark(node: Node):
    """Where ``node``'s own text ends: a block collection's end mark is where the next token
    starts, past any blank lines, so its last child's end is taken instead."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node.end_mark


def scan(text: str, file: str, dates: dict[str, dt.date]) -> Lines | None:
    """The record lines of ``text`` that can be read without YAML, or None when there are none
    (or the file is not shaped plainly enough to tell). ``file``: the name its sources show;
    ``dates``: the file's date cache."""
    found = list(_RECORDS.finditer(text))
    if len(found) != 1 or NOT_PLAIN.search(text):
        return None
    start = found[0].end() + 1
    if start >= len(text):
        return None
    end_match = BLOCK_END.search(text, start)
    end = end_match.start() if end_match else len(text)
    block = text[start:end]
    first = text.count("\n", 0, start) + 1  # the block's first line, 1-based
    lines = block.split("\n")
    rows = _ROW.findall(block)
    if len(rows) != len(lines):  # one row per line, or the pattern is not what it seems
        return None

    entries: set[int] = set()
    tasks: dict[int, tuple[int, list[Record]]] = {}
    top = -1  # the records mapping's indentation
    task: list[Record] | None = None  # the records taken under the current task line, if one
    task_key = ""  # that task line's key, as written
    names: set[str] = set()  # the names taken under it: a name met twice is left to YAML
    task_line = 0
    indent = -1  # that task's entries' indentation
    after_taken = False  # the last line that is no comment was taken out
    null, get, plain, slow = NULL.fullmatch, dates.get, plain_date, REF_SLOW.search
    slow_chars = slow(block) is not None  # else no name needs the test (one search, in C)
    record, source, new = Record, Source, tuple.__new__
    for i, (spaces, ref, date_text, flow_date, note, other) in enumerate(rows):
        if ref:
            date = get(date_text or flow_date) or plain(date_text or flow_date, dates)
            if date is not None and not ref.isascii() and not (note and null(note)) \
                    and not (slow_chars and slow(ref)):
                width = len(spaces)
                if task is None or width <= top or ref in names:
                    return None
                if indent < 0:
                    indent = width
                    tasks[task_line] = (indent, task)
                elif width != indent:
                    return None
                names.add(ref)
                # tuple.__new__: the NamedTuples' own __new__, without its Python frame
                task.append(new(record, (task_key, ref, ref, new(source, (file, first + i, width + 1)),
                                         date, note, None, ())))
                lines[i] = ""
                after_taken = True
                continue
            other = lines[i]
        content = other.lstrip(" ")
        if not content or content[0] == "#":
            continue
        width = len(other) - len(content)
        if top < 0:
            top = width
        if width < top or width == 0 or content[0] == "\t":
            return None
        if width == top:
            entries.add(first + i - 1)
            task, task_line, indent, names = None, 0, -1, set()
            found = _TASK.match(content)
            if found:
                task, task_line, task_key = [], first + i - 1, found.group(1).rstrip(" ")
        elif task is not None:
            if indent < 0:
                indent = width
                tasks[task_line] = (indent, task)
            elif width > indent and after_taken:
                return None  # would continue the value of the line taken out above
        after_taken = False
    if not tasks:
        return None
    rest = "\n".join(lines)
    return Lines(text[:start] + rest + text[end:], first - 2, frozenset(entries),
                 {line: value for line, value in tasks.items() if value[1]})
