"""`tagger._runs` (the colours and sizes the contrast check reads) looks at each style once and finds every run.

It skips a style it has already counted; these tests compare it with the
plain reading of every (style, text) stretch, on paragraphs before and after
wrapping (a wrapped one with style changes keeps words that share their
fragment's style), blank stretches before visible ones in the same style,
a style without a colour, and one-style flowables.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from handouts.build import Inputs, brand_for
from handouts.inputs.fonts import load_fonts
from handouts.tagging.tagger import TextRun, _runs

FONTS = load_fonts(brand_for(Inputs()))
BOLD = frozenset({FONTS.bold})


def _every_stretch(flowable: Any, bold_fonts: frozenset[str]) -> tuple[TextRun, ...]:
    """Every stretch of text, one by one: what `_runs` must find."""
    frags = getattr(flowable, "frags", None)
    if frags:
        if isinstance(frags[0], list):
            pieces = [piece for word in frags for piece in word[1:]]
        else:
            pieces = [(frag, getattr(frag, "text", "")) for frag in frags]
    elif isinstance(getattr(flowable, "text", None), str) and getattr(flowable, "style", None) is not None:
        pieces = [(flowable.style, flowable.text)]
    else:
        pieces = []
    runs = set()
    for style, text in pieces:
        color = getattr(style, "textColor", None)
        if color is not None and text.strip():
            rgb = tuple(round(v, 4) for v in color.rgb())
            runs.add(TextRun(rgb, style.fontSize, style.fontName in bold_fonts))
    return tuple(sorted(runs, key=lambda r: (r.color, r.size, r.bold)))


STRETCH = st.tuples(
    st.sampled_from(["", "b", "i", "red", "small"]),
    st.text(alphabet="ab \xa0\t", min_size=0, max_size=12),
)


def _markup(stretches: list[tuple[str, str]]) -> str:
    parts = []
    for kind, text in stretches:
        text = text.replace("\t", " ")
        if kind == "red":
            parts.append(f'<font color="#c00000">{text}</font>')
        elif kind == "small":
            parts.append(f'<font size="6">{text}</font>')
        elif kind:
            parts.append(f"<{kind}>{text}</{kind}>")
        else:
            parts.append(text)
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(st.lists(STRETCH, min_size=1, max_size=8), st.sampled_from([20, 60, 400]))
def test_runs_are_those_of_every_stretch(stretches, width):
    style = ParagraphStyle("t", fontName=FONTS.regular, fontSize=9, leading=12, textColor=colors.black)
    paragraph = Paragraph(_markup(stretches), style)
    assert _runs(paragraph, BOLD, {}) == _every_stretch(paragraph, BOLD)
    paragraph.wrap(width, 1000)  # words of (style, text) once the text changes style
    known: dict[tuple, TextRun] = {}
    assert _runs(paragraph, BOLD, known) == _every_stretch(paragraph, BOLD)
    assert _runs(paragraph, BOLD, known) == _every_stretch(paragraph, BOLD)  # (from the known runs)


def test_a_style_blank_at_first_is_counted_where_it_has_text():
    red = SimpleNamespace(textColor=colors.red, fontSize=9, fontName=FONTS.regular)
    plain = SimpleNamespace(textColor=None, fontSize=9, fontName=FONTS.regular)
    words = SimpleNamespace(frags=[[5, (red, " ")], [5, (plain, "x")], [5, (red, "y")]])
    assert _runs(words, BOLD, {}) == (TextRun((1.0, 0.0, 0.0), 9, False),)
    label = SimpleNamespace(text="3.", style=SimpleNamespace(textColor=colors.blue, fontSize=8, fontName=FONTS.bold))
    assert _runs(label, BOLD, {}) == (TextRun((0.0, 0.0, 1.0), 8, True),)
    assert _runs(SimpleNamespace(), BOLD, {}) == ()
