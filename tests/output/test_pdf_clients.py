"""Every kind of PDF handouts writes reads with zero errors and zero warnings in clients we did not write.

Ghostscript renders every page and re-distills the file with pdfwrite; poppler
renders (pdftoppm), extracts text (pdftotext) and lists fonts (pdffonts); qpdf
checks structure and decodes every stream; pdf.js loads every page as a web
viewer does. One PDF of each kind: the three built-in handouts on the default
brand, a handout in each example brand kit (logo, own fonts, A4), a
personalised job's individual PDFs, and the career-fair example's print file
with its cover, separators, duplex blanks and 300 name overlays.

See `tests.support.pdfclients` for what counts as a complaint; a client missing on a
user's machine skips these tests, under ``CI=true`` it fails them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.build import Inputs, build_handout
from handouts.jobs.batch import run_job
from tests.conftest import PAIR, ROOT
from tests.support.jobkit import STUDENTS, job_copy
from tests.support.pdfclients import assert_clean_in_every_client, duplicate_font_names, pdfjs_read, require

BRANDS = ROOT / "examples" / "brands"


@pytest.fixture(scope="module")
def career_fair(tmp_path_factory) -> Path:
    """The example print file as an office would print it: 1,588 pages."""
    folder = tmp_path_factory.mktemp("fair")
    return run_job(ROOT / "examples" / "career-fair" / "job.toml", output=folder / "fair.pdf").path


@pytest.mark.parametrize(
    ("layout", "roles", "brand"),
    [
        ("comparison", PAIR, None),
        ("checklist", PAIR[:1], None),
        ("pathway", PAIR[:1], None),
        ("comparison", PAIR, "lakeside-high"),
        ("checklist", PAIR[1:], "northfield-college"),
        ("pathway", PAIR[1:], "northfield-college"),
    ],
)
def test_a_handout_is_clean_in_every_client(tmp_path, layout, roles, brand):
    inputs = Inputs(brand=BRANDS / brand if brand else None)
    result = build_handout(layout, roles, inputs, output=tmp_path / "out")
    assert_clean_in_every_client(result.path, tmp_path)
    assert duplicate_font_names(result.path) == {}


@pytest.mark.parametrize(
    ("layout", "roles", "edition"),
    [
        ("checklist", PAIR[:1], Inputs(lang="en,es")),  # a blank back page between the editions
        ("comparison", PAIR, Inputs(lang="es", large_print=True)),
        ("pathway", PAIR[:1], Inputs(lang="en,es", large_print=True)),
    ],
)
def test_every_edition_is_clean_in_every_client(tmp_path, layout, roles, edition):
    """Editions are joined and re-laid out by code the standard builds never reach."""
    result = build_handout(layout, roles, edition, output=tmp_path / "out")
    assert_clean_in_every_client(result.path, tmp_path)
    assert duplicate_font_names(result.path) == {}


def test_an_untagged_handout_is_clean_in_every_client(tmp_path):
    result = build_handout("comparison", PAIR, Inputs(brand=BRANDS / "lakeside-high"), output=tmp_path, tagged=False)
    assert_clean_in_every_client(result.path, tmp_path)


def test_individual_job_pdfs_are_clean_in_every_client(tmp_path):
    job = job_copy(tmp_path, STUDENTS[:3])
    result = run_job(job, output=tmp_path / "out" / "fair.pdf", individual=True, jobs=1)
    pdfs = sorted(result.individual.rglob("*.pdf"))
    assert len(pdfs) >= 4  # the handouts and one checklist per student
    require("pdf.js")
    assert {p: probs for p, probs in pdfjs_read(*pdfs).items() if probs} == {}
    for pdf in (pdfs[0], pdfs[-1]):
        assert_clean_in_every_client(pdf, tmp_path)


def test_a_small_print_file_is_clean_in_every_client(tmp_path):
    """Cover, separators, duplex blanks and overlaid names, in a file small enough to read quickly."""
    job = job_copy(tmp_path, STUDENTS[:5])
    result = run_job(job, output=tmp_path / "out" / "fair.pdf", jobs=1)
    assert_clean_in_every_client(result.path, tmp_path)
    assert duplicate_font_names(result.path) == {}


def test_the_career_fair_print_file_is_clean_in_every_client(career_fair, tmp_path):
    assert_clean_in_every_client(career_fair, tmp_path)


def test_no_two_font_programs_in_the_print_file_share_a_name(career_fair):
    assert duplicate_font_names(career_fair) == {}
