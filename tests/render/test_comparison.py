"""The comparison handout, read back from the PDF as a reader would see it."""

from __future__ import annotations

import pytest

from handouts.build import Inputs, build_handout
from tests.conftest import FIXTURES, PAIR
from tests.support.pdfcheck import LETTER, Pdf, text_outside

ROW_LABELS = [
    "Primary focus",
    "Patient care",
    "Clinical duties",
    "Typical duties",
    "Education and program length",
    "Certification",
    "Pay",
    "Job outlook",
    "Work settings",
    "Advancement",
]


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = build_handout("comparison", PAIR, output=out)
    return result, Pdf.open(result.path)


def test_written_with_a_sensible_name(comparison):
    result, _ = comparison
    assert result.path.name == "comparison-medical-assistant-vs-medical-administrative-assistant.pdf"


def test_letter_and_at_most_two_pages(comparison):
    _, pdf = comparison
    assert 1 <= len(pdf.pages) <= 2
    assert all(size == pytest.approx(LETTER, abs=0.5) for size in pdf.page_sizes)


def test_title_names_both_roles(comparison):
    _, pdf = comparison
    assert "Medical Assistant or Medical Administrative Assistant?" in pdf.pages[0]
    assert pdf.reader.metadata.title.startswith("Medical Assistant and Medical Administrative Assistant")


def test_every_comparison_row_label_is_printed(comparison):
    _, pdf = comparison
    for label in ROW_LABELS:  # (the table runs on to page 2, its header row repeated)
        assert label in pdf.text, label


def test_each_figure_carries_its_period_and_citation_mark(comparison):
    _, pdf = comparison
    text = pdf.text
    # Newest BLS projection (FHCA, [2]) is the default; Research.com is [1].
    assert "12.5% (through 2034) [2]" in text
    assert "4.2% (through 2034) [2]" in text
    assert "$38,000–$45,000 a year (2026) [1]" in text
    assert "$35,000–$42,000 a year (2026) [1]" in text
    assert "$44,200 a year (2024) [1]" in text
    # Research.com gives no year for the work settings' shares: the article's date is not passed off as one.
    assert (
        "Physicians' offices – 56%; Hospitals – 16%; Outpatient care centers – 9% (period not stated; published 2026) [1]"
        in text
    )
    assert "(2026) [1]; Urgent" not in text


def test_other_figures_are_listed_with_their_own_source(comparison):
    _, pdf = comparison
    assert "16% (2021-2031) [1]" in pdf.text
    assert "9% (2021-2031) [1]" in pdf.text


def test_sources_list_shows_publisher_title_and_date(comparison):
    _, pdf = comparison
    text = pdf.text
    assert (
        "[1] Research.com. “2026 Medical Assistant vs. Medical Administrative Assistant: Explaining the Difference.” 2026."
        in text
    )
    assert (
        "[2] Florida Healthcare Academy. “Medical Assistant vs Medical Office Assistant: Key Differences Explained.” 28 January 2026."
        in text
    )


def test_fonts_are_embedded(comparison):
    _, pdf = comparison
    fonts = pdf.fonts()
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)


def test_no_text_outside_the_page_margins(comparison):
    _, pdf = comparison
    # Body margins are 0.6 in at the sides; the footer sits in the bottom 0.75 in
    # but never inside the 0.25 in unprintable border.
    assert text_outside(pdf, left=43.2, right=43.2, top=18, bottom=18) == []


def test_structure_is_sound(comparison):
    _, pdf = comparison
    assert pdf.check_structure() == []


def test_three_roles_in_three_legible_columns(tmp_path):
    inputs = Inputs(data=[FIXTURES / "third-role"])
    result = build_handout("comparison", [*PAIR, "clinic-receptionist"], inputs, output=tmp_path)
    pdf = Pdf.open(result.path)
    assert len(pdf.pages) <= 2
    assert "Clinic Receptionist" in pdf.pages[0]
    assert "Medical Assistant, Medical Administrative Assistant and Clinic Receptionist" in pdf.pages[0]
    sizes = {round(c["size"], 1) for c in pdf.chars[0] if c["text"].strip()}
    assert min(sizes) >= 7.0
    assert text_outside(pdf, left=43.2, right=43.2, top=18, bottom=18) == []


def test_two_builds_are_byte_identical(tmp_path):
    first = build_handout("comparison", PAIR, output=tmp_path / "a.pdf")
    second = build_handout("comparison", PAIR, output=tmp_path / "b.pdf")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_written_file_is_readable_by_others_as_a_normal_write_would_be(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        result = build_handout("comparison", PAIR, output=tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o644
