"""`canvas.SpacedText`, for paragraphs without links, writes what `canvas.TaggedText` writes.

TaggedText holds each run back in case a link splits the text; a paragraph
known to hold no links gets SpacedText, which writes each run at once. The
same random paragraphs (bold, italic, colours, underlines, no-break spaces,
words too long for a line, every alignment) are drawn both ways and must
give the same PDF, byte for byte.
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from handouts.build import Inputs, brand_for
from handouts.inputs.fonts import load_fonts
from handouts.render.blocks.inline import escape
from handouts.tagging.canvas import SpacedText, TaggedText, TaggingCanvas
from handouts.tagging.structure import write_structure
from handouts.tagging.tagger import Tagger

FONTS = load_fonts(brand_for(Inputs()))
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé’()\\\xa0", min_size=1, max_size=30)


class _Canvas(TaggingCanvas):
    def __init__(self, *args: Any, tagger: Tagger, held: bool, made: list[type], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tagger = tagger
        self.held = held
        self.made = made

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:
        text = TaggedText(self, x, y, direction=direction) if self.held else super().beginText(x, y, direction)
        self.made.append(type(text))
        return text

    def save(self) -> None:
        write_structure(self, self._tagger, "t", "en-US", self.getPageNumber() - 1)
        super().save()


def _draw(markup: str, style: ParagraphStyle, held: bool) -> tuple[bytes, list[type]]:
    tagger = Tagger()
    node = tagger.node("P")
    buffer = io.BytesIO()
    made: list[type] = []
    doc = BaseDocTemplate(buffer, pagesize=(300, 800), invariant=1, initialFontName=FONTS.regular)
    doc.addPageTemplates([PageTemplate(frames=[Frame(20, 20, 260, 760)])])
    flowable = tagger.wrap(Paragraph(markup, style), node)
    doc.build([flowable], canvasmaker=lambda *a, **k: _Canvas(*a, tagger=tagger, held=held, made=made, **k))
    return buffer.getvalue(), made


@st.composite
def paragraphs(draw: Any) -> str:
    """Paragraph markup without links: runs of words, some bold, italic, coloured or underlined."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        text = escape(" ".join(draw(st.lists(WORDS, min_size=1, max_size=14))))
        kind = draw(st.sampled_from(["", "b", "i", "u", "color"]))
        if kind == "color":
            text = f'<font color="#1f4e79">{text}</font>'
        elif kind:
            text = f"<{kind}>{text}</{kind}>"
        parts.append(text)
    return " ".join(parts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    markup=paragraphs(),
    alignment=st.sampled_from([TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY]),
    size=st.sampled_from([7.5, 13.0]),
)
def test_spaced_text_writes_what_tagged_text_writes(markup, alignment, size):
    style = ParagraphStyle("t", fontName=FONTS.regular, fontSize=size, leading=size * 1.3, alignment=alignment)
    spaced, made = _draw(markup, style, held=False)
    held, _ = _draw(markup, style, held=True)
    assert SpacedText in made
    assert spaced == held
