"""Where the lines and pages of a nengli Word document fall, computed before it is written.

A notice is laid out on a fixed frame (GB/T 9704: 22 lines of 28 characters): every line has an
exact height, every character a known width (the East Asian faces are full width, the Latin face
is Times New Roman, whose widths are below), nothing is left to widow control, and the keeps
are explicit. Word, WPS and LibreOffice then break lines and pages alike, and this module can
say where they will, which decides what GB/T 9704 leaves to the layout: a paragraph's last
character alone on its line, an organisation's name broken by a line end in the 版记, and on
which page the 版记 goes.

Pure computation: text and numbers in, lines and page numbers out.
"""

from __future__ import annotations

from dataclasses import dataclass

#: advance widths of Times New Roman, in ems, for " " to "~" (Liberation Serif, which
#: LibreOffice uses in its place, has the same widths by design)
_TIMES = [512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569,
          1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155,
          909, 1886, 1479, 1366, 1366, 1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821,
          1479, 1479, 1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682, 569,
          682, 961, 1024, 682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569, 569, 1024, 569,
          1593, 1024, 1024, 1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983,
          410, 983, 1108]
TIMES_EM = {chr(32 + i): w / 2048 for i, w in enumerate(_TIMES)}

#: may not begin a line (Word's 后置标点 for Chinese); one of them at a full line's end hangs
#: past the margin instead (w:overflowPunct, which Word, WPS and LibreOffice all honour)
NO_LINE_START = set("!%),.:;?]}¢°·’”…‰′″›℃∶、。〃〉》」』】〕〗〞！＂％＇），．：；？］｝～")
#: may not end a line (前置标点)
NO_LINE_END = set("$([{£¥‘“〈《「『【〔〖〝＄（［｛￡￥")
#: punctuation that does not count as a character left alone on a paragraph's last line
PUNCTUATION = NO_LINE_START | NO_LINE_END | set("—")


def char_em(ch: str) -> float:
    """A character's width in ems: Times New Roman's for Basic Latin, full width otherwise
    (every other character nengli writes is set in the East Asian face: see ooxml.set_run_props)."""
    return TIMES_EM.get(ch, 1.0 if ch >= " " else 0.0)


#: the space Word adds where Chinese meets a Latin letter or digit (w:autoSpaceDE/DN, on by
#: default), in ems; LibreOffice adds 0.2 em there whatever the setting says, so nengli leaves
#: Word's default on and both programs set such a line within a point or two of each other
AUTOSPACE_EM = 0.25


def _ideograph(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def advances(text: str, size: float, spacing: float = 0.0) -> list[float]:
    """Each character's advance in points at ``size`` with ``spacing`` added, the automatic
    space between Chinese and Latin letters or digits counted with the character before it."""
    out = [char_em(ch) * size + spacing for ch in text]
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if (_ideograph(a) and _latin(b)) or (_latin(a) and _ideograph(b)):
            out[i] += AUTOSPACE_EM * size
    return out


def text_width(text: str, size: float, spacing: float = 0.0) -> float:
    """Points that ``text`` takes at ``size`` points with ``spacing`` added after each character."""
    return sum(advances(text, size, spacing))


def break_lines(text: str, size: float, spacing: float, first: float, rest: float) -> list[str]:
    """``text`` broken into lines ``first`` points wide, then ``rest`` points wide, as Word
    breaks Chinese: anywhere between characters, not inside a Latin word or number, never
    before a closing mark (one such mark at a full line's end hangs in the margin) nor after an
    opening one."""
    widths = advances(text, size, spacing)
    # tokens: (start, end) of the units a line may not break inside: a run of Latin letters and
    # digits, or one character
    tokens: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if tokens and _latin(ch) and _latin(text[i - 1]):
            tokens[-1] = (tokens[-1][0], i + 1)
        else:
            tokens.append((i, i + 1))

    def width(t: tuple[int, int]) -> float:
        return sum(widths[t[0]:t[1]])

    def closing(k: int) -> bool:
        return text[tokens[k][0]] in NO_LINE_START

    lines: list[str] = []
    start = 0
    room = first
    while start < len(tokens):
        x = 0.0
        end = start
        while end < len(tokens) and x + width(tokens[end]) <= room + 0.01:
            x += width(tokens[end])
            end += 1
        if end < len(tokens):
            if closing(end) and (end + 1 == len(tokens) or not closing(end + 1)):
                end += 1  # hangs
            else:
                while end - 1 > start and closing(end):
                    end -= 1
                while end - 1 > start and text[tokens[end - 1][0]] in NO_LINE_END:
                    end -= 1
            end = max(end, start + 1)
        lines.append(text[tokens[start][0]:tokens[end - 1][1]])
        start = end
        room = rest
    return lines or [""]


def lone_last_character(lines: list[str]) -> bool:
    """A paragraph of several lines whose last line holds one character (and punctuation)."""
    return len(lines) > 1 and sum(ch not in PUNCTUATION for ch in lines[-1]) <= 1


# ---- pages -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    """A paragraph as the page sees it: its lines' heights, the space around it, its keeps."""

    lines: tuple[float, ...]
    before: float = 0.0
    after: float = 0.0
    #: its last line stays on the page of the next paragraph's first line (w:keepNext)
    keep_next: bool = False
    #: not split across pages (w:keepLines)
    keep_lines: bool = False
    #: starts a page (w:pageBreakBefore)
    page_break: bool = False


@dataclass(frozen=True)
class Placed:
    """Where a box fell: the pages of its first and last lines, and the points used on its
    last page up to the end of its last line (space after included)."""

    first_page: int
    last_page: int
    bottom: float


def paginate(boxes: list[Box], page_height: float) -> list[Placed]:
    """Pages of the boxes, filled from the top as Word fills them; page numbers count from 1.

    A line goes on the page if its foot is within ``page_height``. Where one does not fit, the
    page ends before the first line of the chain of kept lines it belongs to (a paragraph kept
    whole, a paragraph kept with the next); a chain longer than a page is broken where it must,
    as Word and LibreOffice both do.
    """
    # each line: (box index, height, glued to the next line)
    lines: list[tuple[int, float, bool]] = []
    starts: list[int] = []
    for i, box in enumerate(boxes):
        starts.append(len(lines))
        n = len(box.lines)
        for j, h in enumerate(box.lines):
            height = h + (box.before if j == 0 else 0) + (box.after if j == n - 1 else 0)
            glued = (box.keep_lines and j < n - 1) or (box.keep_next and j == n - 1)
            lines.append((i, height, glued))
    page_of = [0] * len(lines)
    foot = [0.0] * len(lines)
    page, y, top = 1, 0.0, 0  # top: index of the page's first line
    k = 0
    while k < len(lines):
        i, h, _ = lines[k]
        forced = boxes[i].page_break and k == starts[i] and k > top
        if forced or (y + h > page_height + 0.01 and k > top):
            cut = k
            if not forced:
                while cut > top and lines[cut - 1][2]:
                    cut -= 1
                if cut == top:  # the whole page is one chain: break where it must
                    cut = k
            page, top, y = page + 1, cut, 0.0
            k = cut
            continue
        page_of[k] = page
        y += h
        foot[k] = y
        k += 1
    placed = []
    for i, box in enumerate(boxes):
        first, last = starts[i], starts[i] + len(box.lines) - 1
        placed.append(Placed(page_of[first], page_of[last], foot[last]))
    return placed
