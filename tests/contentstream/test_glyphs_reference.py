"""`read_page` against the glyph reader it replaced, kept here as the reference.

The reader now looks each code's width and character up in per-font tables,
shares fonts between pages and makes `Glyph` without its frozen ``__init__``;
the reference does all of it glyph by glyph as it used to. Both must give the
same glyphs and shapes (compared by repr, so -0.0 and 0.0 differ) or fail
with the same message, on generated content streams and on every page of a
personalised checklist's probe render.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pikepdf
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from handouts.contentstream import glyphs as reader
from handouts.contentstream.glyphs import Glyph, Shape, Unsupported, read_page
from handouts.contentstream.interpreter import GraphicsState, Interpreter, Point, number
from handouts.contentstream.matrix import Matrix, multiply
from handouts.inputs.brand import load_brand
from handouts.inputs.fonts import load_fonts

ROOT = Path(__file__).resolve().parents[2]

# -- the reference: glyphs.py's reader before the per-font tables ------------------------

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass
class _OldFont:
    name: str
    first: int
    widths: list[float]
    to_unicode: dict[int, str]

    def width(self, code: int) -> float:
        index = code - self.first
        return self.widths[index] / 1000.0 if 0 <= index < len(self.widths) else 0.0


def _old_load_font(font: pikepdf.Object) -> _OldFont:
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
    return _OldFont(name, int(font.get("/FirstChar", 0)), widths, mapping)


def _old_show(items: list, state: GraphicsState, tm: Matrix, glyphs: list[Glyph], position: int) -> Matrix:
    font = state.font
    if font is None or not state.size:
        raise Unsupported("text shown before a font was set")
    a, b, c, d, e, f = multiply(tm, state.ctm)
    if abs(b) > 1e-6 or abs(c) > 1e-6:
        raise Unsupported("rotated or skewed text")
    size, scale = state.size, state.scale
    x_scale, y_size = size * scale * a, size * d
    origin_y = f + state.rise * d
    pen = 0.0
    for item_index, item in enumerate(items):
        if not isinstance(item, pikepdf.String):
            pen -= number(item) / 1000.0 * size * scale
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


class _OldReader(Interpreter):
    def __init__(self, page: pikepdf.Page) -> None:
        super().__init__(page)
        resources: Any = page.obj.get("/Resources", {})
        self.resources: Any = resources.get("/Font", {})
        self.fonts: dict[str, _OldFont] = {}
        self.glyphs: list[Glyph] = []
        self.shapes: list[Shape] = []

    def load_font(self, name: str) -> _OldFont:
        font = self.fonts.get(name)
        if font is None:
            if name not in self.resources:
                raise Unsupported(f"font {name} is not in the page resources")
            font = self.fonts[name] = _old_load_font(self.resources[name])
        return font

    def show_text(self, operator: str, items: list) -> None:
        self.tm = _old_show(items, self.state, self.tm, self.glyphs, self.position)

    def paint_path(self, operator: str, subpaths: list[list[Point]]) -> None:
        if operator == "n":
            return
        for sub in subpaths:
            if sub:
                xs, ys = [p[0] for p in sub], [p[1] for p in sub]
                self.shapes.append(Shape(min(xs), min(ys), max(xs), max(ys)))


def _old_read_page(page: pikepdf.Page) -> tuple[list[Glyph], list[Shape]]:
    old = _OldReader(page)
    old.run()
    return old.glyphs, old.shapes


# -- comparing ------------------------------------------------------------------------------


def _outcome(read: Any, page: pikepdf.Page) -> str:
    """What reading the page gives, as text: every field's repr, or the failure and its message."""
    try:
        glyphs, shapes = read(page)
    except Exception as exc:  # the reference's failures are part of what is compared
        return f"{type(exc).__name__}: {exc}"
    return repr(([_fields(g) for g in glyphs], [_fields(s) for s in shapes]))


def _fields(obj: Any) -> tuple:
    names = obj._fields if isinstance(obj, tuple) else [f.name for f in fields(obj)]  # (`Glyph` is a named tuple)
    return tuple(getattr(obj, name) for name in names)


def _same(page: pikepdf.Page) -> None:
    assert _outcome(read_page, page) == _outcome(_old_read_page, page)


@functools.cache
def _base() -> bytes:
    """A one-page PDF with two subset fonts, /F2+0 (the brand's regular face) and /F3+0 (its bold)."""
    fonts = load_fonts(load_brand(None))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 200), invariant=1, pageCompression=0)
    canvas.setFont(fonts.regular, 12)
    canvas.drawString(10, 10, "abcdef xyz ABC")
    canvas.setFont(fonts.bold, 12)
    canvas.drawString(10, 30, "Qé jX")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page_with(content: bytes) -> tuple[pikepdf.Pdf, pikepdf.Page]:
    pdf = pikepdf.open(io.BytesIO(_base()))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    return pdf, page


_NUMBERS = st.sampled_from(["0", "-0", "1", "-1", "0.5", "-2.25", "12", "100", "1000", "-500", "3.14159", "0.001"])
# Mostly codes the fonts have, spaces (which Tw widens) among them, and some they do not.
_CODES = st.one_of(st.sampled_from(list(b"  abcxyzABCQj\xe9")), st.integers(0, 255))
_TEXT = st.lists(_CODES, min_size=1, max_size=8).map(lambda b: b"<" + bytes(b).hex().encode() + b">")
_FONTS = st.sampled_from([b"/F2+0"] * 4 + [b"/F3+0"] * 4 + [b"/F1", b"/F9"])  # mostly the page's fonts
_SKEW = st.sampled_from(["0"] * 8 + ["-0", "1"])  # mostly upright: skewed text fails at once


def _matrix(name: str) -> st.SearchStrategy[bytes]:
    parts = st.tuples(_NUMBERS, _SKEW, _SKEW, _NUMBERS, _NUMBERS, _NUMBERS)
    return parts.map(lambda v: " ".join([*v, name]).encode())


def _op(name: str, count: int) -> st.SearchStrategy[bytes]:
    return st.lists(_NUMBERS, min_size=count, max_size=count).map(lambda v: " ".join([*v, name]).encode())


_STATE = st.one_of(
    st.tuples(_FONTS, _NUMBERS).map(lambda t: t[0] + b" " + t[1].encode() + b" Tf"),
    *(_op(name, 1) for name in ("Tc", "Tw", "Tz", "TL", "Ts", "g")),
    _op("rg", 3),
    _op("Td", 2),
    _op("TD", 2),
    _matrix("Tm"),
    _matrix("cm"),
    _op("re", 4),
    st.sampled_from([b"T*", b"q", b"Q", b"BT", b"ET", b"f", b"S", b"n"]),
)
_SHOW = st.one_of(
    _TEXT.map(lambda t: t + b" Tj"),
    _TEXT.map(lambda t: t + b" '"),
    st.tuples(_NUMBERS, _NUMBERS, _TEXT).map(lambda t: f"{t[0]} {t[1]} ".encode() + t[2] + b' "'),
    st.lists(st.one_of(_TEXT, _NUMBERS.map(str.encode)), max_size=5).map(
        lambda items: b"[" + b" ".join(items) + b"] TJ"
    ),
)
_OPERATOR = st.one_of(_STATE, _SHOW)  # half of them show text
_UPRIGHT_START = b"BT /F2+0 12 Tf 10 150 Td "


@settings(max_examples=300, deadline=None)
@given(st.lists(_OPERATOR, min_size=3, max_size=25), st.sampled_from([True, True, True, False]))
def test_generated_content_streams_read_as_the_reference_reads_them(operators, upright):
    """Any mix of text, state and path operators: the same glyphs and shapes, or the same failure."""
    content = (_UPRIGHT_START if upright else b"") + b" ".join(operators)
    pdf, page = _page_with(content)
    with pdf:
        _same(page)


def test_the_same_font_read_from_two_pages_is_read_the_same():
    """Fonts are shared between readings: a second page (and a second file) reads as the first."""
    content = b"BT /F2+0 12 Tf 10 150 Td (abc) Tj /F3+0 9 Tf 2 Tc [(Q) -250 <e9>] TJ ET"
    for _ in range(2):
        pdf, page = _page_with(content)
        with pdf:
            _same(page)


def test_widths_of_minus_zero_make_another_font_than_zero():
    """0.0 == -0.0, so a cache keyed on the numbers would mix them up; the key is their bytes."""
    from array import array

    plus = reader._font("X", 32, array("d", [0.0]).tobytes(), b"")
    minus = reader._font("X", 32, array("d", [-0.0]).tobytes(), b"")
    assert repr(plus.advances[32]) == "0.0" and repr(minus.advances[32]) == "-0.0"


def test_glyphs_made_without_new_equal_glyphs_made_with_it():
    """`_show` makes each `Glyph` from a plain tuple of its values, in the order of its fields."""
    made = reader._new_tuple(Glyph, ("a", 1.0, 2.0, 3.0, 4.0, "F", (0.5,), (1, 2, 3), -5.0))
    named = Glyph(
        char="a", x0=1.0, x1=2.0, baseline=3.0, size=4.0, font="F", color=(0.5,), source=(1, 2, 3), shift=-5.0
    )
    assert made == named and repr(made) == repr(named) and type(made) is Glyph
    assert Glyph._fields == ("char", "x0", "x1", "baseline", "size", "font", "color", "source", "shift")


def test_every_page_of_a_personalised_checklist_probe_render_reads_as_the_reference_reads_it():
    """The pages the career-fair job reads back: its checklist with short and long probes."""
    from handouts.build import Inputs, render_handout
    from handouts.jobs.probes import probes

    inputs = Inputs(brand=ROOT / "examples" / "brands" / "lakeside-high")
    for variant in (0, 1):
        options = {**probes(["student", "adviser"], variant), "date": "April 2026"}
        rendered, _ = render_handout(
            "checklist", ["medical-assistant"], inputs, tagged=False, forms=False, options=options, paper="letter"
        )
        with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
            for page in pdf.pages:
                glyphs, _ = read_page(page)
                assert len(glyphs) > 1000
                _same(page)
