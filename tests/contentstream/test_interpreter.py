"""The content-stream interpreter, read through its three consumers: glyphs, paint runs and marked content.

Pages are drawn by ReportLab (for an embedded subset font with widths and a
ToUnicode map) and then given content streams written here, so each operator
is exercised on its own. Positions are checked against pdfplumber, an
independent reader.
"""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from handouts.contentstream.glyphs import Unsupported, read_page
from handouts.contentstream.interpreter import Interpreter
from handouts.contentstream.marks import MarkedContent
from handouts.contentstream.paint import paint_runs
from handouts.inputs.brand import load_brand
from handouts.inputs.fonts import load_fonts

TEXT = "abcdef xyz"


@pytest.fixture(scope="module")
def base() -> bytes:
    """A one-page PDF whose font /F2+0 has every letter of TEXT (ReportLab's first subset keeps ASCII codes)."""
    fonts = load_fonts(load_brand(None))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 200), invariant=1, pageCompression=0)
    canvas.setFont(fonts.regular, 12)
    canvas.drawString(10, 10, TEXT)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _pdf(base: bytes, content: bytes, image: bool = False) -> bytes:
    with pikepdf.open(io.BytesIO(base)) as pdf:
        page = pdf.pages[0]
        assert "/F2+0" in page.Resources.Font
        page.obj.Contents = pdf.make_stream(content)
        if image:
            picture = pdf.make_stream(
                b"\x80",
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=1,
                Height=1,
                ColorSpace=pikepdf.Name.DeviceGray,
                BitsPerComponent=8,
            )
            page.Resources.XObject = pikepdf.Dictionary(Im0=picture)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _glyphs(data: bytes):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return read_page(pdf.pages[0])


def _runs(data: bytes):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return list(paint_runs(pdf.pages[0]))


def _marks(data: bytes) -> tuple[list[int], int]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        content = MarkedContent(pdf.pages[0])
        return list(content.mcids()), content.outside


def test_text_state_and_line_operators_place_glyphs_where_pdfplumber_does(base):
    """Tc, Tw, Tz, TL, Td, TD, T*, ' and TJ adjustments, read back glyph by glyph."""
    content = (
        b"BT 1 0 0 1 10 150 Tm /F2+0 12 Tf 1 Tc 2 Tw 80 Tz 14 TL (ab cd) Tj T* (ef) Tj (xy z) ' "
        b"(ab) ' 0 -20 TD [(cd) -500 (ef)] TJ T* 100 Tz (a b) Tj ET"
    )
    data = _pdf(base, content)
    glyphs, _ = _glyphs(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
    ours = [g for g in glyphs if not g.char.isspace()]
    theirs = [c for c in chars if not c["text"].isspace()]
    assert "".join(g.char for g in ours) == "abcdefxyzabcdefab" == "".join(c["text"] for c in theirs)
    for glyph, char in zip(ours, theirs, strict=True):
        assert glyph.x0 == pytest.approx(char["x0"], abs=0.01), glyph
        assert glyph.baseline == pytest.approx(char["matrix"][5], abs=0.01), glyph
    lines = sorted({round(g.baseline, 2) for g in ours}, reverse=True)
    # Down by the leading (14) three times, by 20 (TD, which sets the leading to 20), then by 20.
    assert lines == [150.0, 136.0, 122.0, 108.0, 88.0, 68.0]


def test_double_quote_sets_the_spacing_then_shows_on_the_next_line(base):
    """``aw ac (s) "`` is ``aw Tw ac Tc (s) '`` (ISO 32000-1 table 109; pdfminer stays on the line, so not compared)."""
    start = b"BT /F2+0 12 Tf 10 150 Td 14 TL (ab) Tj "
    quoted, _ = _glyphs(_pdf(base, start + b'3 1 (a bc) " (d) Tj ET'))
    spelled, _ = _glyphs(_pdf(base, start + b"3 Tw 1 Tc (a bc) ' (d) Tj ET"))
    assert [(g.char, g.x0, g.x1, g.baseline) for g in quoted] == [(g.char, g.x0, g.x1, g.baseline) for g in spelled]
    assert [g.baseline for g in quoted] == [150.0, 150.0, 136.0, 136.0, 136.0, 136.0, 136.0]


def test_text_rise_lifts_the_baseline_as_pdfplumber_lifts_the_glyph_box(base):
    data = _pdf(base, b"BT /F2+0 12 Tf 10 150 Td (a) Tj 3 Ts (b) Tj -2 Ts (c) Tj ET")
    glyphs, _ = _glyphs(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
    assert [g.baseline for g in glyphs] == [150.0, 153.0, 148.0]
    assert [round(c["y0"] - chars[0]["y0"], 2) for c in chars] == [0.0, 3.0, -2.0]


def test_q_and_Q_save_and_restore_the_text_state_with_the_graphics_state(base):
    """Leading set inside q ... Q is gone after Q (ISO 32000-1 9.3.1: the text state is part of the graphics state)."""
    content = b"BT /F2+0 12 Tf 14 TL ET q BT 30 TL ET Q BT 10 150 Td (ab) Tj T* (cd) Tj ET"
    glyphs, _ = _glyphs(_pdf(base, content))
    assert [g.baseline for g in glyphs] == [150.0, 150.0, 136.0, 136.0]


def test_shapes_are_the_boxes_of_painted_subpaths_in_page_space(base):
    content = b"q 2 0 0 2 10 10 cm 0 0 5 5 re 10 0 m 20 4 l S 0 0 m 1 1 l n Q 0 0 1 1 re f"
    _, shapes = _glyphs(_pdf(base, content))
    assert [(s.x0, s.y0, s.x1, s.y1) for s in shapes] == [(10, 10, 20, 20), (30, 10, 50, 18), (0, 0, 1, 1)]


@pytest.mark.parametrize(
    "content",
    [
        b"q Q Q",  # nothing saved
        b"1 0 0 cm",  # too few numbers
        b"1 0 0 1 (x) 0 cm",  # a string where a number goes
        b"BT (ab) Tj ET",  # no font yet
        b"BT /F2+0 12 Tf (ab) TJ ET",  # TJ without an array
        b"BT /F9 12 Tf ET",  # not a font of the page
        b"BT /F2+0 Tf ET",  # no size
        b"BT /F2+0 12 Tf 0 1 -1 0 50 50 Tm (ab) Tj ET",  # rotated text
    ],
)
def test_the_strict_reader_refuses_what_it_cannot_follow(base, content):
    """Print jobs then render each document in full (a wrong reading would misplace a name)."""
    with pytest.raises(Unsupported):
        _glyphs(_pdf(base, content))


def test_the_lenient_reader_passes_over_what_it_cannot_follow(base):
    """Inspect reads files from anywhere: a malformed operator is skipped as a viewer skips it."""
    content = b"Q 1 0 0 cm BT /F2+0 Tf /F2+0 12 Tf [(a)] TJ (ab) TJ 10 10 Td ET"
    runs = _runs(_pdf(base, content))
    assert [(r.color, r.background, r.size) for r in runs] == [((0, 0, 0), (255, 255, 255), 12.0)] * 2


def test_a_text_run_is_judged_on_the_last_fill_under_it_with_the_colour_q_and_Q_leave(base):
    content = (
        b"q 1 0 0 rg 0 0 100 100 re f Q 0 0 1 rg q 0 1 0 rg Q "
        b"BT /F2+0 12 Tf 10 10 Td (ab) Tj 0 150 Td (cd) Tj ET q 0 0 0 1 k 0 0 200 200 re S Q"
    )
    runs = _runs(_pdf(base, content))
    assert [(r.color, r.background) for r in runs] == [((0, 0, 255), (255, 0, 0)), ((0, 0, 255), (255, 255, 255))]


def test_invisible_text_is_not_judged_and_the_render_mode_is_restored_by_Q(base):
    content = b"q BT 3 Tr ET Q BT /F2+0 12 Tf 10 10 Td (ab) Tj 3 Tr (cd) Tj ET"
    assert len(_runs(_pdf(base, content))) == 1


def test_text_on_an_image_has_no_background(base):
    content = b"q 100 0 0 100 0 0 cm /Im0 Do Q BT /F2+0 12 Tf 10 10 Td (ab) Tj 0 120 Td (cd) Tj ET"
    runs = _runs(_pdf(base, content, image=True))
    assert [r.background for r in runs] == [None, (255, 255, 255)]


def test_marks_outside_marked_content_are_counted_and_mcids_listed_in_drawing_order(base):
    content = (
        b"/P <</MCID 0>> BDC BT /F2+0 12 Tf (ab) Tj ET EMC 0 0 5 5 re f "
        b"/Artifact BMC 0 0 m 9 9 l S /P <</MCID 3>> BDC EMC EMC BT /F2+0 12 Tf (x) Tj ET "
        b"/P <</MCID 0>> BDC 0 0 m 1 1 l n EMC EMC /Im0 Do BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI"
    )
    assert _marks(_pdf(base, content, image=True)) == ([0, 3, 0], 4)  # f, Tj, Do, the inline image


def test_a_consumer_sees_the_state_each_operator_leaves(base):
    """The hooks are called with the text matrix and text state as the operator left them."""

    class Shown(Interpreter):
        seen: list

        def show_text(self, operator, items):
            state = self.state
            self.seen.append((operator, self.tm[4:], state.leading, state.word_space, state.char_space, state.size))

    content = b"BT /F2+0 9 Tf 10 100 Td 5 TL (a) ' 0 -20 TD (b) Tj T* (c) Tj 1 2 (d) \" ET"
    with pikepdf.open(io.BytesIO(_pdf(base, content))) as pdf:
        shown = Shown(pdf.pages[0])
        shown.seen = []
        shown.run()
    assert shown.seen == [
        ("'", (10, 95), 5, 0, 0, 9),
        ("Tj", (10, 75), 20, 0, 0, 9),
        ("Tj", (10, 55), 20, 0, 0, 9),
        ('"', (10, 35), 20, 1, 2, 9),
    ]
