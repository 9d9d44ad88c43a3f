"""`handouts inspect` knows our print file for what it is, reads each distinct page once, and says what it read.

The print file is untagged by design (for paper; its individual PDFs are the
accessible ones): inspect names it as such and advises no option the user did
not give. An untagged PDF from elsewhere is "not accessible as a web document";
our own untagged handout was built with --no-tags. Pages that draw exactly the
same are read once, and a finding on one stands for its copies; past the page
budget the rest is a sample (every distinct content, the pages with the most
marks of their own, an even spread), and the output says so.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handouts.build import render_handout
from handouts.inputs.fonts import builtin_font_path
from handouts.inspection import Settings, inspect_file
from handouts.inspection.audit import audit_pdf
from handouts.inspection.origin import HANDOUT, OTHER, PRINT_FILE, origin
from handouts.inspection.pageplan import plan_pages
from handouts.inspection.syntax import syntax_problems
from handouts.jobs.batch import run_job
from tests.conftest import PAIR, ROOT
from tests.support.jobkit import STUDENTS, job_copy

PRINT_FILE_SUMMARY = "a print file: untagged by design, for paper"
SANS = "PrintFileSans"
pdfmetrics.registerFont(TTFont(SANS, builtin_font_path("regular")))


@pytest.fixture
def print_file(job, tmp_path) -> Path:
    """The test job's print file: copies of two comparisons and four personalised checklists."""
    return run_job(job / "job.toml", output=tmp_path / "print.pdf").path


def _contents(page: pikepdf.Page) -> tuple:
    contents = page.obj.get("/Contents")  # (a blank back has none)
    parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    return tuple(part.objgen for part in parts)


def test_our_print_file_is_named_as_one_and_no_option_is_advised(run, print_file):
    code, out = run("inspect", str(print_file))
    assert code == 0, out
    assert f"{print_file}: {PRINT_FILE_SUMMARY}" in out
    assert "--individual" in out  # where the accessible copies are
    assert "--no-tags" not in out and "not accessible" not in out and "warning" not in out, out
    code, out = run("inspect", "--strict", str(print_file))
    assert code == 0, out  # being untagged is what a print file is, not a fault


def test_the_audit_of_a_print_file_lists_no_accessibility_problems(print_file):
    audit = audit_pdf(print_file, "print.pdf")
    assert audit.origin == PRINT_FILE and not audit.tagged
    assert audit.problems == []
    assert not audit.accessible  # it is for paper; it is never called accessible


def test_an_untagged_pdf_from_elsewhere_is_not_told_about_our_options(run, tmp_path):
    path = tmp_path / "flyer.pdf"
    canvas = Canvas(str(path), invariant=1, initialFontName=SANS)
    canvas.setTitle("Open house")
    canvas.setFont(SANS, 11)
    canvas.drawString(72, 700, "Open house on Saturday")
    canvas.save()
    code, out = run("inspect", str(path))
    assert code == 0, out  # not being accessible is a warning: the file may still print well
    assert "not accessible as a web document" in out
    assert "--no-tags" not in out and "print file" not in out and "--individual" not in out
    assert f"{path}: not accessible (" in out


def test_our_untagged_handout_says_how_it_was_built(run, tmp_path):
    path = tmp_path / "plain.pdf"
    assert run("build", "comparison", *PAIR, "--no-tags", "-o", str(path))[0] == 0
    code, out = run("inspect", str(path))
    assert code == 0
    assert "it was built with --no-tags" in out and "print file" not in out


def test_a_print_file_is_known_by_its_shape_when_its_producer_says_nothing(print_file):
    with pikepdf.open(print_file) as pdf:
        assert origin(pdf) == PRINT_FILE
        pdf.docinfo[pikepdf.Name.Producer] = "handouts"  # as a handout's: the shared pages still tell
        assert origin(pdf) == PRINT_FILE
        del pdf.docinfo[pikepdf.Name.Creator]
        pdf.docinfo[pikepdf.Name.Producer] = "Some other tool"
        assert origin(pdf) == OTHER
    rendered, _ = render_handout("comparison", PAIR, tagged=False)
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        assert origin(pdf) == HANDOUT


def test_a_page_read_once_stands_for_its_copies(tmp_path):
    path = tmp_path / "copies.pdf"
    canvas = Canvas(str(path), invariant=1, initialFontName=SANS)
    canvas.setFont(SANS, 11)
    canvas.drawString(590, 700, "Past the right edge")
    canvas.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for _ in range(4):
            pdf.pages.append(pdf.pages[0])  # a copy: a new page object, the same content and resources
        pdf.save(path)
    inspection = inspect_file(path)
    border = [p for p in inspection.problems if "unprintable border" in p.what]
    assert len(border) == 1, [str(p) for p in inspection.problems]
    assert border[0].where.startswith("page 1 (and 4 pages like it), ")
    assert inspection.coverage.startswith("1 of 5 pages: the other 4 repeat one of them exactly")
    assert not inspection.sampled


def test_a_sample_reads_every_distinct_content_and_the_longest_name(tmp_path):
    path = run_job(job_copy(tmp_path, STUDENTS), output=tmp_path / "print.pdf").path
    longest = max(STUDENTS, key=len)
    with pikepdf.open(path) as pdf:
        whole = plan_pages(pdf)
    with pdfplumber.open(path, pages=[i + 1 for i in whole.read]) as plumber:  # every distinct page
        named = [p.page_number - 1 for p in plumber.pages if longest in (p.extract_text() or "")]
    assert len(named) == 1
    with pikepdf.open(path) as pdf:
        assert not whole.sampled and whole.contents < whole.distinct
        budget = whole.contents + 2
        plan = plan_pages(pdf, budget)
        read_contents = {_contents(pdf.pages[i]) for i in plan.read}
        every_content = {_contents(page) for page in pdf.pages}
    assert plan.sampled and len(plan.read) == budget
    assert read_contents == every_content
    assert named[0] in plan.read  # the page with the most marks of its own: the longest name
    inspection = inspect_file(path, Settings(page_budget=budget))
    assert inspection.sampled
    assert inspection.coverage.startswith(
        f"{budget} of {whole.total} pages: every distinct page content once ({whole.contents})"
    )
    assert f"{whole.distinct - budget} distinct pages were not read" in inspection.coverage


def test_the_career_fair_print_file(run, tmp_path):
    """The example print file (1,588 pages): named as a print file, read with a sampling note, nothing advised."""
    path = run_job(ROOT / "examples" / "career-fair" / "job.toml", output=tmp_path / "fair.pdf").path
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    code, out = run("inspect", str(path))
    assert code == 0, out
    assert (
        f"{path}: text, images and contrast checked on 120 of {pages:,} pages: every distinct page content once" in out
    )
    assert "; --all-pages checks every one" in out
    assert f"{path}: {PRINT_FILE_SUMMARY}" in out
    assert "--no-tags" not in out and "warning" not in out, out


@pytest.mark.broken_pdfs  # a damaged content stream on purpose
def test_the_structure_check_parses_a_shared_content_once(tmp_path):
    """qpdf's check as pikepdf runs it finds the damage on every page sharing the content; ours, once."""
    path = tmp_path / "damaged.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(b"BT /F1 12 Tf (never closed ET")
    for _ in range(2):
        pdf.pages.append(pdf.pages[0])
    pdf.save(path)
    with pikepdf.open(path) as pdf:
        whole = [str(p) for p in pdf.check_pdf_syntax()]
    with pikepdf.open(path) as pdf:
        ours = syntax_problems(pdf)
    assert len(whole) == 3
    with pikepdf.open(path) as pdf:
        # pikepdf before 10 lacks the steps `syntax_problems` runs one by one, so it runs the whole
        # check there (its documented fallback): the same findings, the shared content once per page
        fast = hasattr(pdf, "_check_document_structures") and hasattr(pdf, "_decode_all_streams_and_discard")
    assert ours == (whole[:1] if fast else whole)
    structure = [p for p in inspect_file(path).problems if p.where == "PDF structure"]
    assert len(structure) == (1 if fast else 3)
