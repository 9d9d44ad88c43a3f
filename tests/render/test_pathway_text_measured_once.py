"""The pathway diagram's text measurements, remembered per process, are the ones worked out afresh."""

from __future__ import annotations

import itertools

import pytest
from reportlab.lib.colors import blue, red
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from handouts.build import Inputs, brand_for, render_handout
from handouts.inputs.fonts import load_fonts
from handouts.render.blocks import inline, pathway
from tests.conftest import PAIR

FONTS = load_fonts(brand_for(Inputs()))
BASE = ParagraphStyle("t", fontName=FONTS.bold, fontSize=10, leading=11.5, alignment=TA_CENTER)
STYLES = [
    BASE,
    ParagraphStyle("t-9", BASE, fontSize=9, leading=10.35),
    ParagraphStyle("t-lead", BASE, leading=14),
    ParagraphStyle("t-font", BASE, fontName=FONTS.italic),
    ParagraphStyle("t-left", BASE, alignment=TA_LEFT),
    ParagraphStyle("t-indent", BASE, leftIndent=6),
    ParagraphStyle("t-nosplit", BASE, splitLongWords=0),
]
MARKUPS = [
    "Medical Assistant",
    "Certified <b>Clinical</b> Medical Assistant (CCMA)",
    "Associate degree in health information technology",
    "Supercalifragilisticexpialidocious",
    "Office<br/>Manager",
]
WIDTHS = [30.0, 56.5, 88.0, 124.0, 400.0]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(pathway, "_MEASURED", type(pathway._MEASURED)())


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The markup of every paragraph made from here on."""
    seen: list[str] = []
    real = inline.make_paragraph

    def counting(markup, style):
        seen.append(markup)
        return real(markup, style)

    monkeypatch.setattr(pathway, "make_paragraph", counting)
    return seen


def _worked_out(markup: str, style: ParagraphStyle, width: float) -> tuple[int, float, float | None]:
    para = inline.make_paragraph(markup, style)
    _, height = para.wrap(width, 1e6)
    widths = para.getActualLineWidths0()
    return len(para.blPara.lines), height, max(widths) if widths else None


def test_remembered_lines_heights_and_widths_are_those_worked_out():
    cases = list(itertools.product(MARKUPS, STYLES, WIDTHS))
    for markup, style, width in cases * 2:  # (the second time round, every answer is remembered)
        assert pathway.wrapped(markup, style, width) == _worked_out(markup, style, width), (markup, style.name, width)
    for markup, style in itertools.product(MARKUPS, STYLES):
        assert pathway.min_width(markup, style) == inline.make_paragraph(markup, style).minWidth()
    assert len({pathway.wrapped(m, s, w) for m, s, w in cases}) > len(cases) // 4  # (the inputs do differ)


def test_an_answer_is_worked_out_once_and_a_differing_input_misses(made):
    pathway.wrapped(MARKUPS[1], BASE, 88.0)
    pathway.wrapped(MARKUPS[1], BASE, 88.0)
    assert made == [MARKUPS[1]]
    pathway.wrapped(MARKUPS[1], BASE, 88.5)  # another width
    pathway.wrapped(MARKUPS[2], BASE, 88.0)  # another text
    for style in STYLES[1:]:  # anything else that moves a break
        pathway.wrapped(MARKUPS[1], style, 88.0)
    assert len(made) == 3 + len(STYLES[1:])


def test_a_style_differing_only_in_colour_shares_the_answers(made):
    pathway.wrapped(MARKUPS[0], ParagraphStyle("red", BASE, textColor=red), 60.0)
    pathway.wrapped(MARKUPS[0], ParagraphStyle("blue", BASE, textColor=blue, backColor=red), 60.0)
    assert made == [MARKUPS[0]]


def test_the_memory_is_bounded_and_forgets_the_least_recently_used_first(monkeypatch, made):
    monkeypatch.setattr(pathway, "_MEASURED_LIMIT", 3)
    for width in (10.0, 20.0, 30.0):
        pathway.wrapped("Medical Assistant", BASE, width)
    pathway.wrapped("Medical Assistant", BASE, 10.0)  # used again: 20 is now the oldest
    pathway.wrapped("Medical Assistant", BASE, 40.0)
    assert len(pathway._MEASURED) == 3
    made.clear()
    pathway.wrapped("Medical Assistant", BASE, 10.0)
    assert made == []
    pathway.wrapped("Medical Assistant", BASE, 20.0)
    assert made == ["Medical Assistant"]


def test_the_diagram_measures_each_title_once_however_often_the_sheet_is_set(made):
    """The medical assistant's sheet is set three times (as designed, tighter, rebalanced) at two sizes."""
    rendered, _ = render_handout("pathway", PAIR[:1], tagged=False, forms=False)
    assert rendered.fit == "rebalanced across pages"
    first = len(made)
    made.clear()
    again, _ = render_handout("pathway", PAIR[:1], tagged=False, forms=False)
    assert again.pdf == rendered.pdf
    # The second time, paragraphs are made only to be drawn: each attempt makes the same ones, a box's title or a
    # move's label each, and measures nothing again.
    drawn = len(made) // 3
    assert made == made[:drawn] * 3 and len(made) < first
