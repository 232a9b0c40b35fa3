"""Stage 1: bytes on disk to text, with the problems a person's editor can cause.

Encoding (GBK from Notepad/WPS), a UTF-8 BOM, leftover git conflict markers, tabs and
full-width spaces used for indentation: each is found here, before YAML sees the text,
so that the message can say what happened in plain words.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .model import Problem, Source
from .problems import problem

#: the largest data file nengli reads: a guard against a wrong file put in data/ (a video, a
#: database dump), not a limit of the campaign: 512 MB is about 16 million registrations
#: in one phase file, and reading it takes about 20 times its size in memory
MAX_BYTES = 512 * 1024 * 1024
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?=\s|$)", re.M)
_BAD_INDENT = re.compile(r"^[ ]*([\t\u3000])[ \t\u3000]*[^\s]", re.M)


class Text:
    """A data file's text and the name to show for it. (A plain class with slots: a frozen
    dataclass compiles its methods with ``exec`` at import, a measurable part of start-up.)"""

    __slots__ = ("path", "display", "text", "_lines")

    def __init__(self, path: Path, display: str, text: str) -> None:
        self.path = path
        self.display = display
        self.text = text
        #: the text split into lines on the first call of line(): a file with thousands of
        #: problems is split once, not scanned from the top for each excerpt
        self._lines: list[str] = []

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return (self.path, self.display, self.text) == (other.path, other.display, other.text)

    def __hash__(self) -> int:
        return hash((self.path, self.display, self.text))

    def __repr__(self) -> str:
        return f"Text(path={self.path!r}, display={self.display!r}, text=<{len(self.text)} characters>)"

    def line(self, number: int) -> str:
        """Line ``number`` (1-based), for an excerpt under a message."""
        if number < 1:
            return ""
        if not self._lines:
            self._lines.extend(self.text.split("\n"))
        return self._lines[number - 1] if number <= len(self._lines) else ""


def display_name(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path).replace("\\", "/") if _is_below_cwd(path) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _is_below_cwd(path: Path) -> bool:
    try:
        path.resolve().relative_to(Path.cwd().resolve())
        return True
    except (ValueError, OSError):
        return False


def read_text(path: Path, *, display: str | None = None, yaml: bool = True
              ) -> tuple[Text | None, list[Problem]]:
    """The file's text, or the problems that stop it being read."""
    display = display or display_name(path)
    where = Source(display)
    try:
        if path.is_dir():
            return None, [problem("is-dir", where, name=display)]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [problem("too-big", where, size=size // 2**20, limit=MAX_BYTES // 2**20)]
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [problem("missing-file", where, name=display)]
    except PermissionError:
        return None, [problem("unreadable", where, reason="没有读取权限")]
    except OSError as exc:
        return None, [problem("unreadable", where, reason=exc.strerror or type(exc).__name__)]
    return decode_text(data, path, display, yaml=yaml)


def read_template(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """A template's text, with the same checks as a data file's except YAML's indentation
    rules (a template may indent with tabs); None with the problems when it cannot be used."""
    if not path.exists():
        return None, [problem("template-missing", Source(display), name=display)]
    text, found = read_text(path, display=display, yaml=False)
    if text is None or found:
        return None, found
    return text.text, []


def decode_text(data: bytes, path: Path, display: str, *, yaml: bool = True
                ) -> tuple[Text | None, list[Problem]]:
    """A file's bytes (from disk, or from git or an edit not yet written) as text."""
    where = Source(display)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [problem("not-utf8", where, guess="（看起来是 UTF-16，即记事本的“Unicode”）")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [problem("binary", Source(display, line, 1))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start: exc.start].decode("utf-8", "replace")) + 1
        guess = excerpt = ""
        try:
            excerpt = Text(path, display, data.decode("gb18030")).line(line).rstrip("\r")
            guess = "（看起来是 GBK/GB18030 编码，记事本里显示为 ANSI）"
        except UnicodeDecodeError:
            pass
        return None, [problem("not-utf8", Source(display, line, col), guess=guess, excerpt=excerpt)]

    text = text.replace("\r\n", "\n")
    found = Text(path, display, text)
    problems = []
    line_of = LineCounter(text)
    for m in _CONFLICT.finditer(text):
        line = line_of(m.start())
        problems.append(problem("conflict", Source(display, line, 1), marker=m.group(1),
                                excerpt=found.line(line)))
    line_of = LineCounter(text)
    for m in _BAD_INDENT.finditer(text) if yaml else ():
        line = line_of(m.start())
        col = m.start(1) - m.start() + 1
        code = "tab-indent" if m.group(1) == "\t" else "fullwidth-space"
        problems.append(problem(code, Source(display, line, col), line=line,
                                excerpt=found.line(line)))
    return found, problems


class LineCounter:
    """``line_of(offset)``: the 1-based line of each offset of ``text``, asked in increasing
    order; every newline is counted once, so a file with a problem on each of its lines (an
    editor set to indent with tabs) is still read in one pass."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def __call__(self, offset: int) -> int:
        if offset < self.offset:  # not in order: count from the start (never the case here)
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line
