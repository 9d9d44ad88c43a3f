"""`rlcompat.quick_format_text` writes exactly what ReportLab's ``_formatText`` writes.

Two documents draw the same strings, one through ReportLab's own formatter
and one through the fast one, and must agree on every operator, on the
subset each character lands in, and on the finished PDF's bytes. The
strings mix what the table could get wrong: parentheses, backslashes and
control characters (escaped), no-break spaces (drawn as spaces), characters
the font lacks (byte 0), more characters than one subset holds, fonts with
and without ReportLab's readable-ASCII subset, a standard font, and the
empty string.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import reportlab
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handouts.tagging import rlcompat

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
pdfmetrics.registerFont(TTFont("QuickVera", VERA))
pdfmetrics.registerFont(TTFont("QuickVeraRaw", VERA.with_name("VeraBd.ttf"), asciiReadable=False))
FONTS = ["QuickVera", "QuickVeraRaw", "Helvetica"]
# Vera's characters beyond ASCII: more than the 200-odd a first subset has room for.
GLYPHS = "".join(sorted(chr(code) for code in pdfmetrics.getFont("QuickVera").face.charToGlyph if code > 126))
ODD = "()\\\x00\x01\t\n\x7f\xa0 \u4e00\U0001f600é’–"
CHARS = st.sampled_from(sorted(set(ODD + GLYPHS + "abcXYZ 019.,")))
STRINGS = st.text(CHARS, max_size=40)
OPS = st.lists(st.tuples(st.sampled_from(FONTS), STRINGS), max_size=30)

Formatter = Callable[[object, str], str]


def _draw(ops: list[tuple[str, str]], formatter: Formatter) -> tuple[list[str], bytes]:
    canvas = Canvas(io.BytesIO(), invariant=1)
    text = canvas.beginText(10, 10)
    written = []
    for font, value in ops:
        if rlcompat.text_font(text)[0] != font:
            text.setFont(font, 10, 12)
        formatted = formatter(text, value)
        written.append(formatted)
        rlcompat.text_code(text).append(formatted)
    canvas.drawText(text)
    canvas.showPage()
    return written, canvas.getpdfdata()


def _reportlab(text: object, value: str) -> str:
    return rlcompat.format_text(text, value)


def _same(ops: list[tuple[str, str]]) -> list[str]:
    expected, expected_pdf = _draw(ops, _reportlab)
    written, pdf = _draw(ops, rlcompat.quick_format_text)
    assert written == expected
    assert pdf == expected_pdf
    return written


@settings(max_examples=300, deadline=None)
@given(OPS)
def test_quick_format_text_writes_what_reportlab_writes(ops):
    _same(ops)


def test_every_subset_and_every_escape():
    # Every glyph twice (the second time from the table), in runs that cross from one subset to the next.
    everything = GLYPHS
    runs = [everything[i : i + 37] for i in range(0, len(everything), 37)]
    ops = [("QuickVera", run) for run in runs * 2] + [("QuickVeraRaw", run) for run in runs * 2]
    written = _same([*ops, ("QuickVera", everything), ("QuickVera", ODD * 3), ("QuickVeraRaw", ODD), ("QuickVera", "")])
    assert any("+1 10 Tf" in formatted for formatted in written)  # (a second subset was used)


def test_a_long_string_and_the_standard_fonts():
    _same([("QuickVera", "word (and) \\ more " * 500), ("Helvetica", "plain ( ) \\ é"), ("QuickVera", "word")])


def test_the_escape_table_is_reportlabs():
    from reportlab.lib.rl_accel import escapePDF

    assert "".join(rlcompat._ESCAPED) == escapePDF(bytes(range(256)))
    assert all(escaped.isascii() for escaped in rlcompat._ESCAPED)


def test_after_the_first_string_ascii_is_written_from_the_table(monkeypatch):
    canvas = Canvas(io.BytesIO(), invariant=1)
    text = canvas.beginText(10, 10)
    text.setFont("QuickVera", 10, 12)
    rlcompat.quick_format_text(text, "x")  # ReportLab's own call; every assigned character is learned
    calls: list[str] = []
    monkeypatch.setattr(type(text), "_formatText", lambda self, value: calls.append(value) or "")
    assert rlcompat.quick_format_text(text, "Any (ASCII) text \\ at all.") == r"(Any \(ASCII\) text \\ at all.) Tj"
    assert calls == []


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["textOut", "textLine", "_textOut"]), STRINGS), max_size=12))
def test_quick_text_objects_write_what_reportlabs_write(calls):
    from handouts.tagging.canvas import QuickText

    def draw(make: Callable[[Canvas], object]) -> bytes:
        canvas = Canvas(io.BytesIO(), invariant=1)
        text = make(canvas)
        text.setFont("QuickVera", 10, 12)
        for method, value in calls:
            getattr(text, method)(value)
        canvas.drawText(text)
        canvas.showPage()
        return canvas.getpdfdata()

    assert draw(lambda canvas: QuickText(canvas, 10, 700)) == draw(lambda canvas: canvas.beginText(10, 700))
