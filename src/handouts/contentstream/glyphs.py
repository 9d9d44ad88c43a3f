"""Where each glyph and each painted shape sits on a page of our own PDFs.

Personalised print jobs draw a student's name over a page rendered once, so
they must know exactly where the layout put the name and what else is near
it. The page is followed by the strict `interpreter.Interpreter`; this
module lays out the glyphs of each text-showing operator (simple fonts with
``/Widths`` and ``/ToUnicode``, upright text) and keeps the box of each
painted subpath. Anything it does not understand raises `Unsupported`; the
caller then falls back to rendering every document in full, so a wrong
reading can cost speed but never a misplaced name.
"""

from __future__ import annotations

import functools
import re
from array import array
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pikepdf

from handouts.contentstream.interpreter import GraphicsState, Interpreter, Point, Unsupported, number
from handouts.contentstream.matrix import Matrix, multiply

__all__ = ["Glyph", "Shape", "Unsupported", "read_page", "strip"]

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


class Glyph(NamedTuple):
    """One drawn character: left edge, advance end, baseline (PDF points from bottom-left).

    A named tuple, not a dataclass: a probe page has about 3,000 glyphs and is
    read three times per roster item, and a tuple is made in a quarter of the
    time a slotted dataclass is (0.3 against 1.3 microseconds here).
    """

    char: str
    x0: float
    x1: float
    baseline: float
    size: float
    font: str  # BaseFont without the subset prefix, e.g. "OpenSans-Bold"
    color: tuple[float, ...]
    source: tuple[int, int, int] = (0, 0, 0)  # operator index, TJ array item, byte: where `strip` finds it
    shift: float = 0.0  # the TJ adjustment that moves the pen as far as this glyph did


@dataclass(frozen=True, slots=True)
class Shape:
    """The bounding box of one painted subpath (a rule, a cell background, a box)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class _Font:
    name: str
    first: int
    widths: list[float]
    to_unicode: dict[int, str]
    # Per byte code 0-255: `width` and the character, looked up once per font rather than once per glyph.
    advances: list[float] = field(init=False, repr=False)
    chars: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.advances = [self.width(code) for code in range(256)]
        self.chars = [self.to_unicode.get(code, "\ufffd") for code in range(256)]

    def width(self, code: int) -> float:
        index = code - self.first
        return self.widths[index] / 1000.0 if 0 <= index < len(self.widths) else 0.0


_new_tuple = tuple.__new__  # `Glyph` made without its keyword-taking __new__ (see `_show`)


def _load_font(font: pikepdf.Object) -> _Font:
    if font.get("/Subtype") not in (pikepdf.Name.TrueType, pikepdf.Name.Type1) or "/ToUnicode" not in font:
        raise Unsupported(f"font {font.get('/BaseFont')} is not a simple font with a ToUnicode map")
    base = str(font.get("/BaseFont", "/?"))[1:]
    name = base.split("+", 1)[1] if "+" in base[:7] else base
    widths = array("d", [float(w) for w in font.get("/Widths", [])])
    cmap = font.ToUnicode.read_bytes()
    _to_unicode(cmap)  # first, as it always was: a CMap that cannot be read fails before a bad /FirstChar
    return _font(name, int(font.get("/FirstChar", 0)), widths.tobytes(), cmap)


# A job reads the same few fonts on every page of every probe render: each is made once.
@functools.lru_cache(maxsize=256)
def _to_unicode(cmap: bytes) -> dict[int, str]:
    """The codes a ToUnicode CMap maps (bfrange, then bfchar); shared, so never to be changed."""
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in _BFRANGE.findall(block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in _BFCHAR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be", "replace")
    return mapping


@functools.lru_cache(maxsize=256)
def _font(name: str, first: int, widths: bytes, cmap: bytes) -> _Font:
    """The font with these widths (as doubles: 0.0 and -0.0 are different keys) and ToUnicode CMap."""
    return _Font(name, first, array("d", widths).tolist(), _to_unicode(cmap))


class _Reader(Interpreter):
    """The glyphs and painted subpaths of one page."""

    def __init__(self, page: pikepdf.Page) -> None:
        super().__init__(page)
        resources: Any = page.obj.get("/Resources", {})  # a PDF dictionary; {} when the page has none
        self.resources: Any = resources.get("/Font", {})
        self.fonts: dict[str, _Font] = {}
        self.glyphs: list[Glyph] = []
        self.shapes: list[Shape] = []

    def load_font(self, name: str) -> _Font:
        font = self.fonts.get(name)
        if font is None:
            if name not in self.resources:
                raise Unsupported(f"font {name} is not in the page resources")
            font = self.fonts[name] = _load_font(self.resources[name])
        return font

    def show_text(self, operator: str, items: list) -> None:
        self.tm = _show(items, self.state, self.tm, self.glyphs, self.position)

    def paint_path(self, operator: str, subpaths: list[list[Point]]) -> None:
        if operator == "n":
            return
        for sub in subpaths:
            if sub:
                xs, ys = [p[0] for p in sub], [p[1] for p in sub]
                self.shapes.append(Shape(min(xs), min(ys), max(xs), max(ys)))


def read_page(page: pikepdf.Page) -> tuple[list[Glyph], list[Shape]]:
    """Every glyph and painted subpath on the page, in page coordinates."""
    reader = _Reader(page)
    reader.run()
    return reader.glyphs, reader.shapes


def strip(pdf: pikepdf.Pdf, page: pikepdf.Page, glyphs: list[Glyph]) -> None:
    """Remove ``glyphs`` (as read by `read_page`) from the page, leaving every other mark where it was.

    Each removed glyph becomes a TJ adjustment of the same advance, so text
    after it on the same line does not move.
    """
    operations = list(pikepdf.parse_content_stream(page))
    doomed: dict[tuple[int, int, int], float] = {g.source: g.shift for g in glyphs}
    ops = {g.source[0] for g in glyphs}
    for index in sorted(ops):
        operands, operator = operations[index].operands, operations[index].operator
        if str(operator) not in ("Tj", "TJ"):
            raise Unsupported(f"text drawn with {operator} cannot be taken out")
        items = list(operands[-1]) if str(operator) == "TJ" else [operands[-1]]
        rebuilt: list = []
        for item_index, item in enumerate(items):
            if not isinstance(item, pikepdf.String):
                rebuilt.append(item)
                continue
            kept = bytearray()
            for byte_index, code in enumerate(bytes(item)):
                shift = doomed.get((index, item_index, byte_index))
                if shift is None:
                    kept.append(code)
                    continue
                if kept:
                    rebuilt.append(pikepdf.String(bytes(kept)))
                    kept = bytearray()
                if rebuilt and isinstance(rebuilt[-1], float):
                    rebuilt[-1] += shift
                else:
                    rebuilt.append(shift)
            if kept:
                rebuilt.append(pikepdf.String(bytes(kept)))
        operations[index] = pikepdf.ContentStreamInstruction([pikepdf.Array(rebuilt)], pikepdf.Operator("TJ"))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


def _show(items: list, state: GraphicsState, tm: Matrix, glyphs: list[Glyph], position: int) -> Matrix:
    """Place each glyph of a Tj/TJ and return the text matrix after it.

    Text is never rotated in our output, so the pen only moves along x in
    text space: the rendering matrix is worked out once per call and each
    glyph's position is an offset along it (the same numbers as multiplying
    the full matrices per glyph, with a fraction of the work).
    """
    font = state.font
    if font is None or not state.size:
        raise Unsupported("text shown before a font was set")
    a, b, c, d, e, f = multiply(tm, state.ctm)
    if abs(b) > 1e-6 or abs(c) > 1e-6:
        raise Unsupported("rotated or skewed text")
    size, scale = state.size, state.scale
    x_scale, y_size = size * scale * a, size * d
    origin_y = f + state.rise * d
    char_space, word_space, fill = state.char_space, state.word_space, state.fill
    advances, chars, name = font.advances, font.chars, font.name
    new, glyph = _new_tuple, Glyph
    append, string = glyphs.append, pikepdf.String
    pen = 0.0  # advance along the line, in text space
    for item_index, item in enumerate(items):
        if not isinstance(item, string):
            pen -= number(item) / 1000.0 * size * scale
            continue
        for byte_index, code in enumerate(bytes(item)):
            width = advances[code]
            unscaled = width * size + char_space + (word_space if code == 32 else 0)
            x0 = e + pen * a
            # Fields in `Glyph`'s order; this loop runs once per character on the page.
            source = (position, item_index, byte_index)
            shift = -1000.0 * unscaled / size
            append(new(glyph, (chars[code], x0, x0 + width * x_scale, origin_y, y_size, name, fill, source, shift)))
            pen += unscaled * scale
    return multiply((1, 0, 0, 1, pen, 0), tm)
