"""The pathway diagram's text measurements and layouts, remembered per process, are the ones worked out afresh."""

from __future__ import annotations

import itertools

import pytest
from reportlab.lib.colors import blue, red
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from handouts.build import Inputs, brand_for, render_handout
from handouts.inputs.fonts import load_fonts
from handouts.render.blocks import inline, pathway
from handouts.render.styles import DEFAULT_SCALE, Styles
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
    monkeypatch.setattr(pathway, "_MEASURED", pathway._Remembered(pathway._MEASURED.limit))
    monkeypatch.setattr(pathway, "_LAYOUTS", pathway._Remembered(pathway._LAYOUTS.limit))


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
    monkeypatch.setattr(pathway._MEASURED, "limit", 3)
    for width in (10.0, 20.0, 30.0):
        pathway.wrapped("Medical Assistant", BASE, width)
    pathway.wrapped("Medical Assistant", BASE, 10.0)  # used again: 20 is now the oldest
    pathway.wrapped("Medical Assistant", BASE, 40.0)
    assert len(pathway._MEASURED.answers) == 3
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


# -- whole diagrams ------------------------------------------------------------------------------------------
IDS = ["school", "cert", "job", "lead", "manager"]
MOVES = [
    ("school", "cert"),
    ("school", "job"),
    ("cert", "job"),
    ("job", "lead"),
    ("lead", "manager"),
    ("job", "manager"),
]
TITLES = ["High school diploma", "Certification: CMA or RMA", "Medical Assistant", "Lead Medical Assistant", "Manager"]
LABELS = ["1 year", "on the job", "pass an exam", "3 years", "2 years", "with a degree"]
BRAND = brand_for(Inputs())


def _diagram(styles: Styles, titles: list[str] = TITLES, labels: list[str] = LABELS) -> pathway.PathDiagram:
    kinds = ["education", "credential", "role", "role", "role"]
    steps = [pathway._Step(i, t, k, i == "job") for i, t, k in zip(IDS, titles, kinds, strict=True)]
    return pathway.PathDiagram(steps, list(MOVES), labels, styles, None, True)


def _set(diagram: pathway.PathDiagram, width: float, height: float) -> tuple[object, ...]:
    """What wrapping decided: the layout, its scale, title size and row cap, the size and the key's place."""
    size = diagram.wrap(width, height)
    return diagram.layout, diagram.scale, diagram.title_size, diagram.per_row, size, diagram.key_at


@pytest.fixture
def laid_out(monkeypatch) -> list[tuple[object, ...]]:
    """What each layout worked out from here on was for: text, width, spacing, row cap and size."""
    seen: list[tuple[object, ...]] = []
    real = pathway.layout_path

    def counting(steps, moves, width, max_height, measure, spacing, per_row):
        diagram = measure.diagram
        titles = tuple(step.title for step in diagram.steps)
        seen.append((titles, tuple(diagram.labels), width, spacing, per_row, diagram.factor))
        return real(steps, moves, width, max_height, measure, spacing, per_row)

    monkeypatch.setattr(pathway, "layout_path", counting)
    return seen


CASES = [
    (Styles(BRAND, FONTS), TITLES, LABELS, 520.0, 700.0),
    (Styles(BRAND, FONTS), TITLES, LABELS, 520.0, 188.0),  # too low as designed: the spacing tightens a step
    (Styles(BRAND, FONTS), TITLES, LABELS, 520.0, 184.0),  # two steps
    (Styles(BRAND, FONTS), TITLES, LABELS, 520.0, 150.0),  # too low at any spacing: set whole, to be split
    (Styles(BRAND, FONTS), TITLES, LABELS, 300.0, 700.0),
    (Styles(BRAND, FONTS), [*TITLES[:4], "Practice manager of a large clinic"], LABELS, 520.0, 700.0),
    (
        Styles(BRAND, FONTS),
        TITLES,
        [*LABELS[:5], "with a bachelor's degree in health care administration"],
        520.0,
        700.0,
    ),
    (Styles(BRAND, FONTS, DEFAULT_SCALE.scaled(1.8)), TITLES, LABELS, 520.0, 2000.0),  # large print
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_a_remembered_diagram_is_the_one_worked_out(monkeypatch, case):
    styles, titles, labels, width, height = CASES[case]
    again = [_set(_diagram(styles, titles, labels), width, height) for _ in range(2)]
    monkeypatch.setattr(pathway, "_LAYOUTS", pathway._Remembered(0))  # (remembers nothing)
    monkeypatch.setattr(pathway, "_MEASURED", pathway._Remembered(0))
    fresh = _set(_diagram(styles, titles, labels), width, height)
    assert again[0] == fresh and again[1] == fresh
    assert fresh[1] == {188.0: 0.94, 184.0: 0.875}.get(height, 1.0)  # (what the height allows decides)


def test_a_diagram_is_laid_out_once_and_anything_that_changes_it_misses(laid_out):
    for styles, titles, labels, width, height in CASES:
        _set(_diagram(styles, titles, labels), width, height)
    first = list(laid_out)
    assert len(set(first)) == len(first) >= len(CASES) - 1  # (each worked out once; two heights share one)
    laid_out.clear()
    for styles, titles, labels, width, height in CASES:
        _set(_diagram(styles, titles, labels), width, height)
    assert laid_out == []


def test_a_type_scale_that_sets_the_diagrams_text_alike_shares_its_layout(laid_out):
    """The fitting step "tighter spacing" changes the sheet's spacing, not the diagram's text."""
    _set(_diagram(Styles(BRAND, FONTS)), 520.0, 700.0)
    _set(_diagram(Styles(BRAND, FONTS, DEFAULT_SCALE.tightened())), 520.0, 700.0)
    assert len(laid_out) == 1
