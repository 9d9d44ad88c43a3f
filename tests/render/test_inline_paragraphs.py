"""Paragraphs made without ReportLab's HTML parser are the paragraphs ReportLab would make.

`inline.make_paragraph` hands ReportLab's paragraph parser a tuple tree
instead of markup text. These tests generate inline content (every inline
element, text with characters markup treats specially, odd whitespace) and
compare the fragments, attribute by attribute, and the drawn page, with
what ``Paragraph(markup, style)`` makes of the same markup.
"""

from __future__ import annotations

import io
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from handouts.build import Inputs, brand_for
from handouts.inputs.fonts import MissingGlyphs, load_fonts
from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext
from handouts.render.blocks.inline import clean_whitespace, convert, escape, hex_color, make_paragraph, spaced
from handouts.render.styles import Styles
from handouts.tagging.tagger import Tagger

BRAND = brand_for(Inputs())
STYLES = Styles(BRAND, load_fonts(BRAND))
# Characters the font has, plus what markup and whitespace handling treat specially.
TEXT = st.text(alphabet="ab Z9.,'\"&<>;#/=\u00a0\u2009\t\n()–é", max_size=14)


def _ctx(anchors: bool) -> BuildContext:
    ctx = BuildContext(STYLES, Tagger(), BRAND, {}, "test", 500.0)
    ctx.citations = {"s1": 1, "s2": 2}
    ctx.source_anchors = anchors
    return ctx


def _inline(depth: int = 0) -> st.SearchStrategy:
    leaf = st.one_of(
        TEXT,
        st.just(Element("br", {})),
        st.sampled_from(["s1", "s2"]).map(lambda s: Element("cite", {"source": s})),
    )
    if depth >= 2:
        return leaf
    inner = st.lists(st.deferred(lambda: _inline(depth + 1)), max_size=3)
    return st.one_of(
        leaf,
        st.builds(lambda tag, kids: Element(tag, {}, kids), st.sampled_from(["b", "i", "u"]), inner),
        st.builds(
            lambda href, kids: Element("a", {"href": href}, kids),
            st.sampled_from(["https://example.org/a?b=1&c=2", 'https://x.org/"q"<>', "mailto:a@b.org"]),
            inner,
        ),
    )


def _frags(paragraph: Paragraph) -> list[dict]:
    return [{k: v for k, v in vars(f).items()} for f in paragraph.frags]


def _page(paragraph: Paragraph) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 400), invariant=1, initialFontName=STYLES.fonts.regular)
    paragraph.wrapOn(canvas, 180, 400)
    paragraph.drawOn(canvas, 10, 10)
    for number in (1, 2):  # where citation marks link to
        canvas.bookmarkPage(f"source-{number}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_inline(), max_size=5),
    st.booleans(),
    st.sampled_from(["p", "td", "th", "callout", "p-small"]),
    st.sampled_from(["left", "center", "right"]),
)
def test_a_paragraph_of_inline_content_is_the_one_reportlab_makes_from_its_markup(children, anchors, style_name, align):
    markup = convert(children, _ctx(anchors)).markup or "\u00a0"
    style = STYLES.aligned(style_name, align)
    ours, theirs = make_paragraph(markup, style), Paragraph(markup, style)
    assert _frags(ours) == _frags(theirs)
    assert ours.text == theirs.text
    assert _page(ours) == _page(theirs)
    # Made again (its fragments kept from the first time), after the first was wrapped, split and drawn.
    ours.split(180, 12)
    again = make_paragraph(markup, style)
    assert _frags(again) == _frags(Paragraph(markup, style))
    assert again.text == theirs.text
    assert _page(again) == _page(Paragraph(markup, style))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_paragraph_of_plain_text_is_the_one_reportlab_makes_from_its_markup(text):
    style = STYLES["p"]
    ours, theirs = make_paragraph(escape(text), style), Paragraph(escape(text), style)
    assert _frags(ours) == _frags(theirs)
    assert _page(ours) == _page(theirs)


def test_text_that_looks_like_markup_stays_text():
    para = make_paragraph(escape('<b>not bold</b> &amp; <a href="x">no link</a>'), STYLES["p"])
    assert para.getPlainText() == '<b>not bold</b> &amp; <a href="x">no link</a>'
    assert {f.fontName for f in para.frags} == {STYLES["p"].fontName}
    assert not any(f.link for f in para.frags)


# Every character either Python or ReportLab counts as whitespace (they differ: no-break space, zero-width space).
WHITESPACE = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) + "\u200b"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=WHITESPACE + "ab<>&é中ע\n\x00", max_size=40))
def test_whitespace_is_cleaned_as_reportlab_cleans_it(text):
    assert clean_whitespace(text) == cleanBlockQuotedText(text)


def test_whitespace_cleaning_on_odd_texts():
    for text in [
        "",
        " ",
        "\n\n",
        "\u00a0",
        " \u00a0 ",
        "a\u200bb",
        "\u200b",
        "a\x00 \u00a0b",
        "\x00",
        "עברית  ו\u00a0עוד\n שורה",
        "x " * 50_000,
    ]:
        assert clean_whitespace(text) == cleanBlockQuotedText(text)


def test_plain_fragments_are_separate_copies():
    style = STYLES["p"]
    para = make_paragraph("one &amp; two", style)
    assert [f.text for f in para.frags] == ["one ", "&", " two"]
    para.frags[0].text = "changed"
    again = make_paragraph("one &amp; two", style)
    assert [f.text for f in again.frags] == ["one ", "&", " two"]
    assert len({id(f) for f in para.frags + again.frags}) == 6


def test_fragments_made_again_are_separate_copies():
    style = STYLES["p"]
    markup = '<b>one</b> <a href="https://example.org" color="#123456"><u>two</u></a>'
    para = make_paragraph(markup, style)
    for frag in para.frags:
        frag.text, frag.fontName = "changed", "Courier"
    para.wrap(20, 100)
    again = make_paragraph(markup, style)
    assert _frags(again) == _frags(Paragraph(markup, style))
    assert not {id(f) for f in para.frags} & {id(f) for f in again.frags}


def test_the_same_markup_in_another_style_is_made_in_that_style():
    markup = "<b>same</b> text"
    for name in ("p", "th", "callout", "p-small"):
        for align in ("left", "center"):
            style = STYLES.aligned(name, align)
            assert _frags(make_paragraph(markup, style)) == _frags(Paragraph(markup, style))


def test_a_missing_glyph_is_reported_every_time():
    for _ in range(2):
        with pytest.raises(MissingGlyphs):
            make_paragraph("snow \u2603 <b>man</b>", STYLES["p"])
        with pytest.raises(MissingGlyphs):
            make_paragraph("snow \u2603", STYLES["p"])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=WHITESPACE + "ab<>&é中ע\n", max_size=40))
def test_spaced_is_the_whitespace_regex(text):
    assert spaced(text) == re.sub(r"\s+", " ", text)
    assert " ".join(text.split()) == re.sub(r"\s+", " ", text).strip()


def test_spaced_on_odd_texts():
    for text in ["", " ", "\u00a0", "\u200b", "a\u3000b ", " עברית\tו\u2028עוד ", "x \n" * 50_000]:
        assert spaced(text) == re.sub(r"\s+", " ", text)


COMPONENT = st.one_of(
    st.floats(min_value=-2, max_value=2, allow_nan=False), st.integers(0, 1), st.sampled_from([0.0, -0.0])
)


@settings(max_examples=300, deadline=None)
@given(COMPONENT, COMPONENT, COMPONENT)
def test_a_link_colour_is_written_as_its_hexval(red, green, blue):
    for _ in range(2):  # the second time from what the first remembered
        assert hex_color(Color(red, green, blue)) == Color(red, green, blue).hexval().replace("0x", "#")


def test_other_kinds_of_colour_are_asked_each_time():
    cmyk = CMYKColor(0.1, 0.5, 0.9, 0.2)
    plain = Color(cmyk.red, cmyk.green, cmyk.blue)
    assert hex_color(plain) == plain.hexval().replace("0x", "#")
    assert hex_color(cmyk) == cmyk.hexval().replace("0x", "#")
    assert hex_color(Color(0, 0, 0)) == "#000000" and hex_color(Color(1, 1, 1)) == "#ffffff"
