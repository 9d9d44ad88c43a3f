"""Splitting a paragraph's marked content around its links moves nothing on the page.

`tagcanvas.TaggedText` ends and restarts the text object at each link
boundary and puts the text position back by its own arithmetic. These tests
draw random paragraphs with links (any alignment, sizes, wrapping anywhere)
tagged and untagged and compare every character's position, and check that
each link's text ends up inside its Link element and that the marked
content keeps a space wherever a line breaks between words.
"""

from __future__ import annotations

import io

import pdfplumber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from handouts.build import Inputs, brand_for
from handouts.inputs.fonts import load_fonts
from handouts.render.blocks.inline import escape
from handouts.tagging.canvas import TaggingCanvas
from handouts.tagging.structure import write_structure
from handouts.tagging.tagger import Annotation, Marked, StructNode, Tagger

FONTS = load_fonts(brand_for(Inputs()))
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


class _Canvas(TaggingCanvas):
    def __init__(self, *args, tagger: Tagger, **kwargs):
        super().__init__(*args, **kwargs)
        self._tagger = tagger

    def save(self):
        if self._tagger.enabled:
            write_structure(self, self._tagger, "t", "en-US", self.getPageNumber() - 1)
        super().save()


def _draw(markup: str, style: ParagraphStyle, tagged: bool) -> tuple[bytes, StructNode]:
    tagger = Tagger(enabled=tagged)
    node = tagger.node("P")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(300, 800), invariant=1, initialFontName=FONTS.regular)
    doc.addPageTemplates([PageTemplate(frames=[Frame(20, 20, 260, 760)])])
    flowable = tagger.wrap(Paragraph(markup, style), node)
    doc.build([flowable], canvasmaker=lambda *a, **k: _Canvas(*a, tagger=tagger, **k))
    return buffer.getvalue(), node


def _chars(pdf: bytes) -> list[tuple]:
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        # Spaces are left out: tagging adds one, invisible, where a line breaks between words.
        return [
            (c["text"], c["x0"], c["top"], c["fontname"])
            for p in plumber.pages
            for c in p.chars
            if not c["text"].isspace()
        ]


def _same_places(a: list[tuple], b: list[tuple]) -> bool:
    """Same characters in the same fonts, each within 0.05 pt (the PDF's glyph widths are rounded to 1/1000 em,
    so a run restarted at ReportLab's own position can differ from the viewer's running sum by that much)."""
    return len(a) == len(b) and all(
        (ta, fa) == (tb, fb) and abs(xa - xb) <= 0.05 and abs(ya - yb) <= 0.01
        for (ta, xa, ya, fa), (tb, xb, yb, fb) in zip(a, b, strict=True)
    )


def _content_text(pdf: bytes) -> str:
    """The characters in content order, as a reader that trusts the characters (not their places) gets them."""
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        return "".join(c["text"] for p in plumber.pages for c in p.chars)


@st.composite
def paragraphs(draw):
    """Paragraph markup: runs of words, some of them links (some bold); the text of each link; all the text."""
    parts, links, texts = [], [], []
    for index in range(draw(st.integers(1, 6))):
        words = draw(st.lists(WORDS, min_size=1, max_size=14))
        text = " ".join(words)
        texts.append(text)
        if draw(st.booleans()):
            inner = f"<b>{escape(text)}</b>" if draw(st.booleans()) else escape(text)
            parts.append(f'<a href="https://example.org/{index}" color="#1f4e79"><u>{inner}</u></a>')
            links.append(text)
        else:
            parts.append(escape(text))
    return " ".join(parts), links, " ".join(texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraph=paragraphs(),
    alignment=st.sampled_from([TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY]),
    size=st.sampled_from([7.5, 9.5, 13.0]),
)
def test_links_split_out_without_moving_a_character(paragraph, alignment, size):
    markup, links, plain = paragraph
    style = ParagraphStyle("t", fontName=FONTS.regular, fontSize=size, leading=size * 1.3, alignment=alignment)
    tagged, node = _draw(markup, style, True)
    untagged, _ = _draw(markup, style, False)
    assert _same_places(_chars(tagged), _chars(untagged))
    assert " ".join(_content_text(tagged).split()) == plain
    link_nodes = [kid for kid in node.kids() if isinstance(kid, StructNode)]
    assert [" ".join(link.text.split()) for link in link_nodes] == links
    for link in link_nodes:
        assert link.role == "Link"
        assert any(isinstance(k, Annotation) for k in link.kids())
        assert any(isinstance(k, Marked) for k in link.kids())
