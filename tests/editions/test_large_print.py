"""--large-print, read back: body text at 18 pt, nothing outside the margins or overlapping, fields kept.

The drawn parts (the path diagram, the checklist's boxes, the charts) are
checked as a reader meets them: their text no smaller than the edition's
minimum, the fillable boxes as much larger as the type, no figure broken
inside a number, no page left half empty because an item or a diagram
would not split.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pdfplumber
import pytest

from handouts.build import Inputs, build_handout_bytes
from tests.conftest import EVERY_HANDOUT, PAIR, ROOT
from tests.support.pdfcheck import Pdf, overlapping_chars

ROLES = PAIR
FACTOR = 1.8  # body 18 pt over the designed 10 pt
MINIMUM = 7.0 * FACTOR  # inspection's smallest size (7 pt) in this edition

BUILDS = EVERY_HANDOUT
BRANDS = (None, ROOT / "examples" / "brands" / "lakeside-high")


@cache
def _build(layout: str, roles: tuple[str, ...], large_print: bool) -> tuple[Pdf, tuple[str, ...]]:
    warnings: list = []
    data = build_handout_bytes(layout, roles, Inputs(large_print=large_print), warnings=warnings)
    return Pdf(data), tuple(str(w) for w in warnings)


def _lines(pdf: Pdf) -> list[list[str]]:
    """Each page's text, line by line as laid out."""
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        return [(page.extract_text() or "").splitlines() for page in plumber.pages]


def test_large_print_checklist_has_18_pt_body_text_and_keeps_its_fillable_boxes():
    pdf, warnings = _build("checklist", ("medical-assistant",), True)
    sizes = [round(c["size"], 1) for page in pdf.chars for c in page]
    body = max(set(sizes), key=sizes.count)  # the most common size is the running text
    assert body >= 18.0
    assert [w for w in warnings if "below the" in w or "outside" in w] == []
    assert [problem for page in pdf.chars for problem in overlapping_chars(page)] == []
    assert len([n for n in pdf.reader.get_fields() if n.startswith("medical-assistant--")]) >= 9


def test_large_print_spanish_edition_builds():
    data = build_handout_bytes("checklist", ("medical-assistant",), Inputs(lang="es", large_print=True))
    assert "Quién le puede ayudar" in " ".join(Pdf(data).text.split())


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("layout", "roles"), BUILDS, ids=[f"{layout}-{roles[-1]}" for layout, roles in BUILDS])
def test_every_layout_in_large_print_passes_strict_inspection(layout, roles, lang):
    """The band, footer, headings, call-outs, stacked tables and columns, diagram and key at 18 pt: nothing
    over an edge, no heading alone at a page foot, nothing under the edition's smallest size."""
    for brand in BRANDS:
        warnings: list = []
        data = build_handout_bytes(layout, roles, Inputs(brand=brand, lang=lang, large_print=True), warnings=warnings)
        assert [str(w) for w in warnings] == [], brand
        assert Pdf(data).pages


@pytest.mark.parametrize("role", ROLES)
def test_path_diagram_text_is_never_below_the_editions_minimum(role):
    pdf, _ = _build("pathway", (role,), True)
    small = [(c["text"], round(c["size"], 2)) for page in pdf.chars for c in page if c["size"] < MINIMUM - 0.01]
    assert small == []
    # The diagram's own words, set at least at the minimum and never broken inside a word.
    words = {w["text"] for page in pdf.words for w in page}
    assert {"Education", "Credential", "Job"} <= words, "the key is drawn"
    diagram = [c for page in pdf.chars for c in page if "Italic" in c["fontname"]]
    assert diagram, "the move labels are drawn in italics"
    assert min(c["size"] for c in diagram) >= MINIMUM - 0.01


def test_path_diagram_labels_and_titles_keep_their_words_whole():
    pdf, _ = _build("pathway", ("medical-assistant",), True)
    lines = [line for page in _lines(pdf) for line in page]
    assert not [line for line in lines if re.search(r"\bExperienc\b|On-the-jo\b", line)]
    words = {w["text"] for page in pdf.words for w in page}
    assert "Experience" in words


def test_a_tall_path_splits_between_rows_rather_than_leaving_the_first_page_empty():
    pdf, _ = _build("pathway", ("medical-assistant",), True)
    first = pdf.pages[0]
    assert "High school diploma" in first, "the diagram starts on the page with the heading"
    assert "Nurse" not in first, "and goes on, from a row boundary, on the next"
    assert all(name in pdf.text for name in ("Physician assistant (PA)", "Medical billing and coding specialist"))


def _widgets(pdf: Pdf) -> list[tuple[float, float]]:
    sizes = []
    for page in pdf.reader.pages:
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            if widget["/Subtype"] == "/Widget":
                x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
                sizes.append((x1 - x0, y1 - y0))
    return sizes


def test_large_print_checkboxes_and_their_fields_scale_with_the_type():
    standard, _ = _build("checklist", ("medical-assistant",), False)
    large, _ = _build("checklist", ("medical-assistant",), True)
    small_boxes, large_boxes = _widgets(standard), _widgets(large)
    assert len(large_boxes) == len(small_boxes) == len(large.reader.get_fields()), "one fillable box per item"
    (w, h) = small_boxes[0]
    for lw, lh in large_boxes:
        assert lw >= FACTOR * w - 0.01 and lh >= FACTOR * h - 0.01


def test_large_print_checklist_numbers_stay_whole_and_page_one_is_filled():
    pdf, _ = _build("checklist", ("medical-assistant",), True)
    words = [w for page in pdf.words for w in page]
    assert [w for w in words if w["text"] in (".", "•")] == [], "no full stop broken off a number"
    numbers = [w["text"] for w in words if re.fullmatch(r"\d+\.", w["text"]) and w["x0"] < 72]
    assert numbers == [f"{n}." for n in range(1, 10)]
    # Page 1 runs down to its foot: a tall item splits inside rather than moving whole to page 2.
    page = pdf.chars[0]
    footer_top = max(c["top"] for c in page) - 2  # the footer line is the lowest text on the page
    body_bottom = max(c["bottom"] for c in page if c["top"] < footer_top - 20)
    assert footer_top - body_bottom < 72, "no more than an inch left empty above the footer"


def test_large_print_chart_labels_never_break_inside_a_number():
    pdf, warnings = _build("comparison", ROLES, True)
    chart = next(i for i, page in enumerate(pdf.pages) if "Projected job growth" in page)
    assert "$38,000–$45,000 (2026) [1]" in " ".join(_lines(pdf)[chart])
    for line in _lines(pdf)[chart]:
        for number in re.findall(r"\$[\d,]+", line):
            assert re.fullmatch(r"\$\d{1,3}(,\d{3})*", number), f"{number!r} is broken in {line!r}"
        assert not re.match(r"^\d{1,2} \(", line), f"a number's tail starts the line {line!r}"
    below = min(w["top"] for w in pdf.words[chart] if w["text"] == "Why")  # the call-out under the charts
    drawn = [c for c in pdf.chars[chart] if c["bottom"] < below]
    assert overlapping_chars(drawn) == [], "tick labels and value labels do not collide"
    assert not [w for w in warnings if "below the" in w]
