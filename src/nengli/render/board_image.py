"""The board as a long image for WeChat: PNG parts 1080 pixels wide, each at most 4,000 high.

The board's facts (``board_facts``, the view model the HTML page is drawn from too) fill
templates/board-image.xml.j2, which says *what* the image shows, in words, as a short list of
blocks in a small markup (below); this module only lays those blocks out and draws them with
Pillow in a CJK font found on the machine (fonts.py). The campaign may override the template,
as it may the page's.

Blocks (children of ``<image>``):

- ``<running>``: the line at the top of every part; ``{page}`` and ``{pages}`` are filled in
- ``<h1>`` … ``<h4>``, ``<p class="meta|note|warn" keep="yes">``: text, wrapped (``keep``:
  on the same part as the next block)
- ``<cards>`` of ``<card level="…"><b>3个单位</b>label</card>``: headline figures side by side
- ``<bar>`` of ``<seg level="…" n="…"/>``: a completion bar, segments in proportion
- ``<list>`` of ``<item mark="1.">``: a numbered list with hanging indent
- ``<table cols="…">`` of ``<tr>`` with ``<th>`` / ``<td level="…">``: a grid
- ``<gap/>``: some space

Inside text: ``<s level="…">`` (the level's colour), ``<s class="dim">``, ``<b>``, ``<br/>``,
``<sw level="…"/>`` (a legend swatch). Every value from the data arrives escaped (the template
is autoescaped), so a unit named ``<b>`` is text.

Sizes are for a phone: the image is shown 390 points wide, so 40 pixels of body text read as
about 14-point text, without zooming. The same facts and fonts give the same bytes.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .fonts import FontFiles
from .palette import PAGE, PALETTE, TEXT, TRACK, rgb

TEMPLATE_NAME = "board-image.xml.j2"
WIDTH = 1080
MAX_HEIGHT = 4000
MARGIN = 54
CONTENT = WIDTH - 2 * MARGIN
#: pixel sizes of the text of each block (a 1080-pixel image is shown 390 points wide)
SIZES = {"h1": 58, "h2": 50, "h3": 44, "p": 40, "item": 40, "meta": 32, "note": 32,
         "running": 30, "card-value": 60, "card-label": 42, "table": 30}
LINE = 1.45
DIM = "#424242"
RULE = "#e0e0e0"
#: characters that do not begin a line (they hang at the end of the line before)
NO_START = set("，。、；：！？）》」』”’%．,.;:!?)]}")
#: characters that do not end a line (they go down with what they open)
NO_END = set("（《「『“‘([{")
_WORD = re.compile(r"[A-Za-z0-9@#&+_./:%\-]+|\s+|.", re.S)


class ImageError(Exception):
    """The template's markup cannot be drawn; ``line`` is the line of the markup."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


# ---- fonts ------------------------------------------------------------------------------------

class Fonts:
    """The CJK face at every size used, regular and bold."""

    def __init__(self, files: FontFiles) -> None:
        from PIL import ImageFont

        self._files = files
        self._index = {files.regular: _chinese_face(files.regular)}
        if files.bold is not None:
            self._index[files.bold] = _chinese_face(files.bold)
        self._cache: dict[tuple[int, bool], Any] = {}
        self._ImageFont = ImageFont

    def get(self, size: int, bold: bool = False) -> Any:
        key = (size, bold)
        if key not in self._cache:
            path = self._files.bold if bold and self._files.bold else self._files.regular
            self._cache[key] = self._ImageFont.truetype(
                str(path), size, index=self._index[path],
                layout_engine=self._ImageFont.Layout.BASIC)
        return self._cache[key]

    def fake_bold(self, bold: bool) -> int:
        """A stroke that thickens a regular face where no bold face was found."""
        return 1 if bold and self._files.bold is None else 0


def _chinese_face(path: Path) -> int:
    """The face of a collection (.ttc) made for simplified Chinese (Noto Sans CJK SC, not JP),
    else the first."""
    from PIL import ImageFont

    if path.suffix.lower() != ".ttc":
        return 0
    for index in range(16):
        try:
            family = ImageFont.truetype(str(path), 12, index=index).getname()[0] or ""
        except OSError:
            break
        if re.search(r"\bSC\b|GB|CN|YaHei|SimSun|SimHei|DengXian|简", family):
            return index
    return 0


def has_chinese(path: Path) -> bool:
    """Whether the font draws Chinese characters (not the empty box of a missing glyph)."""
    from PIL import ImageFont

    try:
        font = ImageFont.truetype(str(path), 40, index=_chinese_face(path))
    except OSError:
        return False
    missing = font.getmask("\U000f0000")  # a private-use character no font draws
    return all(bytes(font.getmask(ch)) != bytes(missing) and font.getmask(ch).getbbox()
               for ch in "统计国")


def readable(path: Path) -> bool:
    from PIL import ImageFont

    try:
        ImageFont.truetype(str(path), 12)
    except OSError:
        return False
    return True


# ---- the markup -------------------------------------------------------------------------------

@dataclass
class Run:
    text: str
    colour: str = TEXT
    bold: bool = False
    swatch: str | None = None  # a legend swatch's colour (text is empty)
    newline: bool = False      # a forced line break before this run
    whole: bool = False        # never broken between lines (a legend's name, "按时报送 30")


def _colour(el: ET.Element, default: str) -> str:
    level = el.get("level")
    if level:
        if level not in PALETTE:
            raise ImageError(f"不认识的预警等级 level=\"{level}\"（可用：{'、'.join(PALETTE)}）")
        return PALETTE[level].ink  # type: ignore[index]
    if "dim" in (el.get("class") or "").split():
        return DIM
    return default


def _squeeze(text: str | None) -> str:
    """Markup text as it reads: line breaks and the indentation around them removed."""
    return re.sub(r"\s*\n\s*", "", text or "")


def runs_of(el: ET.Element, colour: str = TEXT, bold: bool = False) -> list[Run]:
    """The inline content of a block as runs of one colour and weight each."""
    runs = [Run(_squeeze(el.text), colour, bold)] if _squeeze(el.text) else []
    for child in el:
        if child.tag == "br":
            runs.append(Run("", colour, bold, newline=True))
        elif child.tag == "sw":
            level = child.get("level", "")
            if level not in PALETTE:
                raise ImageError(f"不认识的预警等级 level=\"{level}\"（可用：{'、'.join(PALETTE)}）")
            runs.append(Run("", swatch=PALETTE[level].strong))  # type: ignore[index]
        elif child.tag in ("s", "b"):
            inner = runs_of(child, _colour(child, colour), bold or child.tag == "b")
            if "nobr" in (child.get("class") or "").split():
                inner = [Run("".join(r.text for r in inner), inner[0].colour, inner[0].bold,
                             whole=True)] if inner else []
            runs += inner
        else:
            raise ImageError(f"文字中不能有 <{child.tag}>（可用：s、b、br、sw）")
        if _squeeze(child.tail):
            runs.append(Run(_squeeze(child.tail), colour, bold))
    return runs


#: what expat's most likely complaints about a template's markup mean
_EXPAT = {"mismatched tag": "标记没有成对", "not well-formed (invalid token)": "有不合格式的字符",
          "unclosed token": "有没写完的标记", "undefined entity": "有不认识的 & 写法",
          "junk after document element": "</image> 之后还有内容", "no element found": "内容是空的"}


def parse_markup(markup: str) -> tuple[ET.Element, dict[int, int]]:
    """The markup's element tree, and the line each element starts on (by ``id``)."""
    from xml.parsers import expat

    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict[str, str]) -> None:
        lines[id(builder.start(tag, attrs))] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(markup, True)
    except expat.ExpatError as exc:
        english = expat.ErrorString(exc.code) or ""
        raise ImageError(f"{_EXPAT.get(english, '格式不正确')}（{english}）", exc.lineno) from None
    return builder.close(), lines


# ---- layout: blocks become atoms, atoms fill parts ------------------------------------------------

Draw = Callable[[Any, int], None]  # (ImageDraw, top y) -> None


@dataclass
class Atom:
    """A slice of the image that is never cut between two parts: a line of text, a bar, a
    row of cards or of a table."""

    height: int
    draw: Draw
    keep_with_next: bool = False
    space_before: int = 0
    #: drawn again above this atom when it begins a part (a table's header row)
    header: "Atom | None" = None


@dataclass
class Layout:
    fonts: Fonts
    atoms: list[Atom] = field(default_factory=list)
    running: str = ""

    # -- text ----------------------------------------------------------------------------------

    def lines(self, runs: list[Run], size: int, width: int, indent: int = 0
              ) -> list[list[tuple[Run, str, int]]]:
        """Runs wrapped to ``width`` pixels: lines of (run, text, x). Words of Latin letters and
        digits (a phone number, a date) and ``nobr`` runs are not broken, a swatch stays with
        the word after it, closing marks hang at a line's end, opening marks do not end one."""
        tokens: list[tuple[Run, str, int]] = []  # (run, text, width); a swatch has no text
        for run in runs:
            if run.newline:
                tokens.append((run, "\n", 0))
            if run.swatch is not None:
                tokens.append((run, "", int(size * 0.8) + size // 4))
                continue
            font = self.fonts.get(size, run.bold)
            for token in ([run.text] if run.whole else _WORD.findall(run.text)):
                tokens.append((run, token, int(round(font.getlength(token)))))
        lines: list[list[tuple[Run, str, int]]] = [[]]
        x = indent
        n = 0
        while n < len(tokens):
            run, token, w = tokens[n]
            if token == "\n":
                lines.append([])
                x = indent
                n += 1
                continue
            if token.isspace() and x == indent:
                n += 1
                continue
            need = w
            if run.swatch is not None and n + 1 < len(tokens):
                need += tokens[n + 1][2]  # the swatch and its label go together
            fits = x + need <= width or not lines[-1] or (token and token[0] in NO_START)
            if not fits and w > width - indent and token:
                # a word longer than a whole line: break it between characters
                font = self.fonts.get(size, run.bold)
                for ch in token:
                    cw = int(round(font.getlength(ch)))
                    if x + cw > width and lines[-1]:
                        lines.append([])
                        x = indent
                    lines[-1].append((run, ch, x))
                    x += cw
                n += 1
                continue
            if not fits:
                carried = []
                # an opening mark (“（《) does not end a line: it goes down with the word
                while lines[-1] and lines[-1][-1][1] and lines[-1][-1][1][-1] in NO_END:
                    carried.insert(0, lines[-1].pop())
                lines.append([])
                x = indent
                for c_run, c_token, _ in carried:
                    lines[-1].append((c_run, c_token, x))
                    x += int(round(self.fonts.get(size, c_run.bold).getlength(c_token)))
                if token.isspace():
                    n += 1
                    continue
            lines[-1].append((run, token, x))
            x += w
            n += 1
        return [line for line in lines if line] or [[]]

    def text(self, runs: list[Run], size: int, *, left: int = MARGIN, width: int = CONTENT,
             indent: int = 0, first: str = "", keep: bool = False, space: int = 0,
             background: str | None = None) -> None:
        """A paragraph: a line of text per atom (a paragraph may continue on the next part)."""
        height = int(size * LINE)
        ascent = self.fonts.get(size).getmetrics()[0]
        pad = size // 3 if background else 0
        wrapped = self.lines(runs, size, width - 2 * pad - indent, 0)
        for n, line in enumerate(wrapped):
            def draw(d: Any, y: int, line=line, n=n, last=n == len(wrapped) - 1) -> None:
                if background:
                    d.rectangle((left, y, left + width - 1, y + height + (pad if last else 0) - 1),
                                fill=rgb(background))
                base = y + (height - size) // 2 + ascent - size // 12
                if n == 0 and first:
                    d.text((left + pad, base), first, font=self.fonts.get(size), fill=rgb(TEXT),
                           anchor="ls")
                for run, token, x in line:
                    at = left + pad + indent + x
                    if run.swatch is not None:
                        box = int(size * 0.8)
                        d.rectangle((at, base - box + size // 10, at + box - 1, base + size // 10 - 1),
                                    fill=rgb(run.swatch))
                        continue
                    stroke = self.fonts.fake_bold(run.bold)
                    d.text((at, base), token, font=self.fonts.get(size, run.bold),
                           fill=rgb(run.colour), anchor="ls", stroke_width=stroke,
                           stroke_fill=rgb(run.colour) if stroke else None)

            self.atoms.append(Atom(height + (pad if n == len(wrapped) - 1 else 0), draw,
                                   keep_with_next=keep or n < min(1, len(wrapped) - 1),
                                   space_before=space if n == 0 else 0))

    # -- blocks --------------------------------------------------------------------------------

    def heading(self, el: ET.Element, size: int, space: int, rule: bool = False) -> None:
        self.text(runs_of(el, TEXT, True), size, keep=True, space=space)
        if rule:
            colour = PALETTE["red"].strong

            def draw(d: Any, y: int) -> None:
                d.rectangle((MARGIN, y + 4, MARGIN + CONTENT - 1, y + 7), fill=rgb(colour))

            self.atoms.append(Atom(16, draw, keep_with_next=True))

    def paragraph(self, el: ET.Element) -> None:
        kind = (el.get("class") or "").split()
        keep = el.get("keep") == "yes"
        if "meta" in kind or "note" in kind:
            self.text(runs_of(el, DIM), SIZES["meta"], space=6, keep=keep)
        elif "warn" in kind:
            self.text(runs_of(el, PALETTE["red"].ink), SIZES["p"], space=12, keep=keep,
                      background=PALETTE["red"].fill)
        else:
            self.text(runs_of(el), SIZES["p"], space=10, keep=keep)

    def cards(self, el: ET.Element) -> None:
        """Headline figures, a card a row, each its label and its figure in large type on one
        line (``<card level="red"><b>5个单位</b>未按时报送</card>``): read across a phone
        like a sentence, as OCR reads it too."""
        cards = [c for c in el if c.tag == "card"]
        if len(cards) != len(el):
            raise ImageError("<cards> 中只能有 <card>")
        pad, gap = 28, 14
        label_size, value_size = SIZES["card-label"], SIZES["card-value"]
        height = int(value_size * 1.25) + 2 * pad // 2 + 12
        for n, card in enumerate(cards):
            value = card.find("b")
            label = _squeeze(value.tail if value is not None else card.text)
            figure = _squeeze(value.text if value is not None else "")

            def draw(d: Any, y: int, card=card, label=label, figure=figure) -> None:
                small, big = self.fonts.get(label_size), self.fonts.get(value_size, True)
                level = card.get("level")
                colours = PALETTE.get(level) if level else None  # type: ignore[call-overload]
                ink = colours.ink if colours else TEXT
                d.rounded_rectangle((MARGIN, y, MARGIN + CONTENT - 1, y + height - 1), radius=12,
                                    fill=rgb(colours.fill if colours and colours.fill else PAGE),
                                    outline=rgb(RULE), width=2)
                base = y + (height + value_size) // 2 - value_size // 8
                d.text((MARGIN + pad, base), label, font=small, fill=rgb(TEXT), anchor="ls")
                d.text((MARGIN + CONTENT - pad, base), figure, font=big, fill=rgb(ink), anchor="rs",
                       stroke_width=self.fonts.fake_bold(True), stroke_fill=rgb(ink))

            self.atoms.append(Atom(height, draw, space_before=16 if n == 0 else gap,
                                   keep_with_next=n < len(cards) - 1))

    def bar(self, el: ET.Element) -> None:
        segments = []
        for seg in el:
            level = seg.get("level", "")
            if seg.tag != "seg" or level not in PALETTE:
                raise ImageError("<bar> 中只能有 <seg level=\"预警等级\" n=\"个数\"/>")
            try:
                segments.append((PALETTE[level].strong, int(seg.get("n", "0"))))  # type: ignore[index]
            except ValueError:
                raise ImageError(f"<seg> 的 n=\"{seg.get('n')}\" 不是整数") from None
        total = sum(n for _, n in segments)
        height = 40

        def draw(d: Any, y: int) -> None:
            d.rectangle((MARGIN, y, MARGIN + CONTENT - 1, y + height - 1), fill=rgb(TRACK))
            done = 0
            for colour, n in segments:
                # each segment from the rounded end of the ones before: no gap, no overlap
                x0 = MARGIN + round(CONTENT * done / total) if total else MARGIN
                done += n
                x1 = MARGIN + round(CONTENT * done / total) if total else MARGIN
                if x1 > x0:
                    d.rectangle((x0, y, x1 - 1, y + height - 1), fill=rgb(colour))

        self.atoms.append(Atom(height, draw, space_before=8))

    def items(self, el: ET.Element) -> None:
        size = SIZES["item"]
        font = self.fonts.get(size)
        marks = [item.get("mark", "•") for item in el]
        hang = max((int(font.getlength(m)) for m in marks), default=0) + size // 3
        for item, mark in zip(el, marks):
            if item.tag != "item":
                raise ImageError("<list> 中只能有 <item>")
            first = len(self.atoms)
            self.text(runs_of(item), size, left=MARGIN + hang, width=CONTENT - hang, space=10)
            mark_draw = self.atoms[first].draw

            def draw(d: Any, y: int, inner=mark_draw, mark=mark) -> None:
                inner(d, y)
                height = int(size * LINE)
                base = y + (height - size) // 2 + font.getmetrics()[0] - size // 12
                d.text((MARGIN, base), mark, font=font, fill=rgb(TEXT), anchor="ls")

            self.atoms[first].draw = draw
            # an item's lines stay together
            for atom in self.atoms[first:-1]:
                atom.keep_with_next = True

    def table(self, el: ET.Element) -> None:
        rows = [r for r in el if r.tag == "tr"]
        if len(rows) != len(el):
            raise ImageError("<table> 中只能有 <tr>")
        size = SIZES["table"]
        columns = max((len(r) for r in rows), default=0)
        if not columns:
            return
        first = int(el.get("first", "0") or 0) or CONTENT // (columns + 1) * 2
        rest = (CONTENT - first) // max(1, columns - 1) if columns > 1 else 0
        widths = [first] + [rest] * (columns - 1)
        widths[-1] += CONTENT - sum(widths)
        pad = 8
        line_h = int(size * LINE)
        head: Atom | None = None
        for r, row in enumerate(rows):
            cells = []
            for cell in row:
                if cell.tag not in ("td", "th"):
                    raise ImageError("<tr> 中只能有 <td> 或 <th>")
                bold = cell.tag == "th"
                cells.append((cell, self.lines(runs_of(cell, _colour(cell, TEXT), bold), size,
                                               widths[len(cells)] - 2 * pad)))
            height = max(len(lines) for _, lines in cells) * line_h + 2 * pad

            def draw(d: Any, y: int, cells=cells, height=height, header=r == 0) -> None:
                x = MARGIN
                for (cell, lines), w in zip(cells, widths):
                    level = cell.get("level")
                    fill = PALETTE[level].fill if level in PALETTE else None  # type: ignore[index]
                    background = TRACK if header else (fill or PAGE)
                    d.rectangle((x, y, x + w - 1, y + height - 1), fill=rgb(background),
                                outline=rgb(RULE), width=1)
                    for k, line in enumerate(lines):
                        base = y + pad + k * line_h + (line_h - size) // 2 + \
                            self.fonts.get(size).getmetrics()[0] - size // 12
                        for run, token, tx in line:
                            d.text((x + pad + tx, base), token, font=self.fonts.get(size, run.bold),
                                   fill=rgb(run.colour), anchor="ls",
                                   stroke_width=self.fonts.fake_bold(run.bold),
                                   stroke_fill=rgb(run.colour) if self.fonts.fake_bold(run.bold) else None)
                    x += w

            atom = Atom(height, draw, keep_with_next=r == 0, space_before=12 if r == 0 else 0,
                        header=None if r == 0 else head)
            if r == 0:
                head = atom
            self.atoms.append(atom)

    def block(self, el: ET.Element) -> None:
        tag = el.tag
        if tag == "running":
            self.running = _squeeze(el.text)
        elif tag == "h1":
            self.heading(el, SIZES["h1"], 0)
        elif tag == "h2":
            self.heading(el, SIZES["h2"], 44, rule=True)
        elif tag == "h3":
            self.heading(el, SIZES["h3"], 28)
        elif tag == "h4":
            self.heading(el, SIZES["p"], 20)
        elif tag == "p":
            self.paragraph(el)
        elif tag == "cards":
            self.cards(el)
        elif tag == "bar":
            self.bar(el)
        elif tag == "list":
            self.items(el)
        elif tag == "table":
            self.table(el)
        elif tag == "gap":
            self.atoms.append(Atom(0, lambda d, y: None, space_before=int(el.get("px", "24") or 24)))
        else:
            raise ImageError(f"不认识的块 <{tag}>（可用：running、h1、h2、h3、h4、p、cards、bar、list、table、gap）")


# ---- parts ----------------------------------------------------------------------------------------

def _parts(atoms: list[Atom], room: int) -> list[list[tuple[Atom, int]]]:
    """Atoms packed into parts of at most ``room`` pixels: (atom, y within the part). A heading
    is not left alone at the foot of a part; space before an atom is dropped at a part's top."""
    parts: list[list[tuple[Atom, int]]] = [[]]
    y = 0
    n = 0
    fresh = True  # nothing but a repeated header on this part yet
    while n < len(atoms):
        # the atom and those it must stay with
        group = [atoms[n]]
        while group[-1].keep_with_next and n + len(group) < len(atoms) and len(group) < 8:
            group.append(atoms[n + len(group)])
        space = group[0].space_before if parts[-1] else 0
        need = space + sum(a.height for a in group) + sum(a.space_before for a in group[1:])
        if not fresh and y + need > room:
            parts.append([])
            y = 0
            fresh = True
            header = atoms[n].header
            if header is not None:  # a table goes on: its header row first
                parts[-1].append((header, 0))
                y = header.height
            continue
        atom = atoms[n]
        y += space if parts[-1] else 0
        parts[-1].append((atom, y))
        y += atom.height
        fresh = False
        n += 1
    return [p for p in parts if p]


def draw_parts(markup: str, fonts: Fonts) -> list[bytes]:
    """The image's parts as PNG bytes, from the template's markup."""
    from PIL import Image, ImageDraw, PngImagePlugin

    root, lines = parse_markup(markup)
    if root.tag != "image":
        raise ImageError("图片模板的内容应写在 <image> … </image> 中", 1)
    layout = Layout(fonts)
    for el in root:
        try:
            layout.block(el)
        except ImageError as exc:
            exc.line = exc.line or lines.get(id(el), 0)
            raise
    head_size = SIZES["running"]
    # the running line wraps: its longest filling ("第88/88页") sets its height on every part
    running_lines = len(layout.lines([Run(layout.running.replace("{page}", "88").replace(
        "{pages}", "88"))], head_size, CONTENT))
    head = int(head_size * LINE) * running_lines + 24
    top, bottom = MARGIN // 2, MARGIN
    room = MAX_HEIGHT - top - head - bottom
    parts = _parts(layout.atoms, room)
    out = []
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "nengli")
    for number, part in enumerate(parts, 1):
        body = part[-1][1] + part[-1][0].height
        height = top + head + body + bottom
        image = Image.new("RGB", (WIDTH, height), rgb(PAGE))
        d = ImageDraw.Draw(image)
        # the running line: which campaign, which day, which part
        running = layout.running.replace("{page}", str(number)).replace("{pages}", str(len(parts)))
        font = fonts.get(head_size)
        for k, line in enumerate(layout.lines([Run(running, DIM)], head_size, CONTENT)):
            for _, token, x in line:
                d.text((MARGIN + x, top + k * int(head_size * LINE) + font.getmetrics()[0]), token,
                       font=font, fill=rgb(DIM), anchor="ls")
        d.rectangle((MARGIN, top + head - 14, MARGIN + CONTENT - 1, top + head - 13), fill=rgb(RULE))
        for atom, y in part:
            atom.draw(d, top + head + y)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", pnginfo=info)
        out.append(buffer.getvalue())
    return out


def part_paths(out: Path, count: int) -> list[Path]:
    """``要情.png`` -> ``要情-1.png`` … ``要情-N.png``."""
    return [out.with_name(f"{out.stem}-{n}{out.suffix}") for n in range(1, count + 1)]


def stale_parts(out: Path, count: int) -> list[Path]:
    """Parts of an earlier, longer image beside ``out`` (``要情-4.png`` when this one has 3),
    made by nengli (their PNG text says so): left there, they would be sent with the new ones."""
    stale = []
    n = count + 1
    while True:
        path = out.with_name(f"{out.stem}-{n}{out.suffix}")
        if not path.is_file():
            break
        try:
            made_by_us = b"Software\x00nengli" in path.read_bytes()[:4096]
        except OSError:
            made_by_us = False
        if made_by_us:
            stale.append(path)
        n += 1
    return stale


# ---- the font, and the whole image ----------------------------------------------------------------

def pick_font(value: str | None, source: Any, base: Path | None, dirs: list[Path]
              ) -> tuple[FontFiles | None, list[Any]]:
    """The font to draw with: the one named (``--font`` or ``font:``, at ``source``), else the
    first CJK font found in ``dirs``; or the problem that says where nengli looked."""
    from ..problems import problem
    from .fonts import find_cjk_font, named_font

    places = "、".join(str(d) for d in dirs)
    if value:
        path = named_font(value, base, dirs)
        if path is None:
            return None, [problem("font-missing", source, value=value, places=places)]
        if not readable(path):
            return None, [problem("font-not-cjk", source, path=value, why="不是字体文件，或已损坏")]
        if not has_chinese(path):
            return None, [problem("font-not-cjk", source, path=value, why="中没有中文字形")]
        return FontFiles(path, None), []
    found = find_cjk_font(dirs)
    if found is None:
        return None, [problem("no-cjk-font", None, places=places)]
    return found, []


def board_image(markup: str, fonts: FontFiles, template: str) -> tuple[list[bytes] | None, list[Any]]:
    """The image's parts from the template's markup, or the problem that stops them."""
    from ..model import Source
    from ..problems import problem

    try:
        return draw_parts(markup, Fonts(fonts)), []
    except ImageError as exc:
        lines = markup.splitlines()
        line = exc.line or 0
        content = lines[line - 1].strip()[:80] if 0 < line <= len(lines) else ""
        return None, [problem("image-markup", Source(template), what=str(exc), line=line or "?",
                              content=content or "—", template=template)]
