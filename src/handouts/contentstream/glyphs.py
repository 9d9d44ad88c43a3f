"""Where each glyph and each painted shape sits on a page of our own PDFs.

Personalised print jobs draw a student's name over a page rendered once, so
they must know exactly where the layout put the name and what else is near
it. This reads a page's content stream with pikepdf and follows the few
operators ReportLab writes (graphics state, text state and positioning,
``Tj``/``TJ``, simple fonts with ``/Widths`` and ``/ToUnicode``, paths).
Anything it does not understand raises `Unsupported`; the caller then falls
back to rendering every document in full, so a wrong reading can cost speed
but never a misplaced name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pikepdf

from handouts.contentstream.matrix import IDENTITY, Matrix, apply, multiply

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
_NUMERIC = {
    "cm",
    "rg",
    "g",
    "k",
    "sc",
    "scn",
    "Tc",
    "Tw",
    "Tz",
    "TL",
    "Ts",
    "Td",
    "TD",
    "Tm",
    "m",
    "l",
    "c",
    "v",
    "y",
    "re",
}


class Unsupported(Exception):
    """The page uses something this reader does not follow."""


@dataclass(frozen=True, slots=True)
class Glyph:
    """One drawn character: left edge, advance end, baseline (PDF points from bottom-left)."""

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

    def width(self, code: int) -> float:
        index = code - self.first
        return self.widths[index] / 1000.0 if 0 <= index < len(self.widths) else 0.0


def _load_font(font: pikepdf.Object) -> _Font:
    if font.get("/Subtype") not in (pikepdf.Name.TrueType, pikepdf.Name.Type1) or "/ToUnicode" not in font:
        raise Unsupported(f"font {font.get('/BaseFont')} is not a simple font with a ToUnicode map")
    base = str(font.get("/BaseFont", "/?"))[1:]
    name = base.split("+", 1)[1] if "+" in base[:7] else base
    widths = [float(w) for w in font.get("/Widths", [])]
    mapping: dict[int, str] = {}
    cmap = font.ToUnicode.read_bytes()
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in _BFRANGE.findall(block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in _BFCHAR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be", "replace")
    return _Font(name, int(font.get("/FirstChar", 0)), widths, mapping)


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: tuple[float, ...] = (0.0,)
    font: _Font | None = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0

    def copy(self) -> _State:
        return _State(**{k: getattr(self, k) for k in self.__dataclass_fields__})


def read_page(page: pikepdf.Page) -> tuple[list[Glyph], list[Shape]]:
    """Every glyph and painted subpath on the page, in page coordinates."""
    return _read(page, pikepdf.parse_content_stream(page))


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


def _read(page: pikepdf.Page, operations: Iterable[Any]) -> tuple[list[Glyph], list[Shape]]:
    resources: Any = page.obj.get("/Resources", {})  # a PDF dictionary; {} when the page has none
    fonts_dict = resources.get("/Font", {})
    fonts: dict[str, _Font] = {}
    state = _State()
    stack: list[_State] = []
    tm = tlm = IDENTITY
    glyphs: list[Glyph] = []
    shapes: list[Shape] = []
    path: list[list[tuple[float, float]]] = []
    for position, (operands, operator) in enumerate(operations):
        op = str(operator)
        args = [_number(o) for o in operands if not isinstance(o, pikepdf.Name)] if op in _NUMERIC else []
        if op == "q":
            stack.append(state.copy())
        elif op == "Q":
            if not stack:
                raise Unsupported("unbalanced Q")
            state = stack.pop()
        elif op == "cm":
            state.ctm = multiply(tuple(args), state.ctm)  # type: ignore[arg-type]
        elif op in ("rg", "g", "k", "sc", "scn"):
            state.fill = tuple(args)
        elif op == "BT":
            tm = tlm = IDENTITY
        elif op == "Tf":
            key = str(operands[0])
            if key not in fonts:
                if key not in fonts_dict:
                    raise Unsupported(f"font {key} is not in the page resources")
                fonts[key] = _load_font(fonts_dict[key])
            state.font, state.size = fonts[key], float(operands[1])
        elif op == "Tc":
            state.char_space = args[0]
        elif op == "Tw":
            state.word_space = args[0]
        elif op == "Tz":
            state.scale = args[0] / 100.0
        elif op == "TL":
            state.leading = args[0]
        elif op == "Ts":
            state.rise = args[0]
        elif op in ("Td", "TD"):
            if op == "TD":
                state.leading = -args[1]
            tm = tlm = multiply((1, 0, 0, 1, args[0], args[1]), tlm)
        elif op == "Tm":
            tm = tlm = tuple(args)  # type: ignore[assignment]
        elif op == "T*":
            tm = tlm = multiply((1, 0, 0, 1, 0, -state.leading), tlm)
        elif op in ("Tj", "'", '"', "TJ"):
            if op in ("'", '"'):
                if op == '"':
                    state.word_space, state.char_space = _number(operands[0]), _number(operands[1])
                tm = tlm = multiply((1, 0, 0, 1, 0, -state.leading), tlm)
            items = list(operands[-1]) if op == "TJ" else [operands[-1]]
            tm = _show(items, state, tm, glyphs, position)
        elif op in ("m", "l"):
            point = apply(state.ctm, args[0], args[1])
            if op == "m" or not path:
                path.append([point])
            else:
                path[-1].append(point)
        elif op in ("c", "v", "y"):
            if not path:
                path.append([])
            path[-1].extend(apply(state.ctm, args[i], args[i + 1]) for i in range(0, len(args), 2))
        elif op == "re":
            x, y, w, h = args
            path.append([apply(state.ctm, px, py) for px, py in ((x, y), (x + w, y), (x + w, y + h), (x, y + h))])
        elif op in _PAINT or op == "n":
            if op != "n":
                for sub in path:
                    if sub:
                        xs, ys = [p[0] for p in sub], [p[1] for p in sub]
                        shapes.append(Shape(min(xs), min(ys), max(xs), max(ys)))
            path = []
    return glyphs, shapes


def _show(items: list, state: _State, tm: Matrix, glyphs: list[Glyph], position: int) -> Matrix:
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
    pen = 0.0  # advance along the line, in text space
    for item_index, item in enumerate(items):
        if not isinstance(item, pikepdf.String):
            pen -= _number(item) / 1000.0 * size * scale
            continue
        for byte_index, code in enumerate(bytes(item)):
            width = font.width(code)
            unscaled = width * size + state.char_space + (state.word_space if code == 32 else 0)
            x0 = e + pen * a
            glyphs.append(
                Glyph(
                    font.to_unicode.get(code, "\ufffd"),
                    x0,
                    x0 + width * x_scale,
                    origin_y,
                    y_size,
                    font.name,
                    state.fill,
                    (position, item_index, byte_index),
                    -1000.0 * unscaled / size,
                )
            )
            pen += unscaled * scale
    return multiply((1, 0, 0, 1, pen, 0), tm)


def _number(obj: object) -> float:
    try:
        return float(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Unsupported(f"expected a number, got {obj!r}") from None
