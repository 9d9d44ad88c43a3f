"""Cover and separator sheets print every item's whole title, however long: two items never read alike."""

from __future__ import annotations

from handouts.jobs.batch import run_job
from tests.support.jobkit import STUDENTS, edit, job_copy
from tests.support.pdfcheck import Pdf

JOB = "Spring career fair at the north campus, health sciences night, with families and the adult learning centre"
A = "Comparison for the spring career fair at the north campus health sciences night, clinical first"
B = "Comparison for the spring career fair at the north campus health sciences night, office first"


def test_long_titles_wrap_whole_on_the_cover_and_their_separators(tmp_path):
    manifest = job_copy(tmp_path, STUDENTS[:2])
    edit(manifest, "separators = false", "separators = true\ncover = true")
    edit(manifest, 'name = "Test fair"', f'name = "{JOB}"')
    edit(manifest, 'title = "Comparison A"', f'title = "{A}"')
    edit(manifest, 'title = "Comparison B"', f'title = "{B}"')
    result = run_job(manifest, output=tmp_path / "out" / "fair.pdf", jobs=1)
    pdf = Pdf.open(result.path)
    cover = pdf.pages[0]
    assert A in cover and B in cover
    assert "\u2026" not in cover
    separators = [page for page in pdf.pages if "separator sheet, not a handout" in page]
    assert any(A in page for page in separators) and any(B in page for page in separators)
    assert all(JOB in " ".join(page.split()) for page in separators)  # the foot line wraps, whole
    sheets = [n for n, page in enumerate(pdf.pages) if n == 0 or "separator sheet, not a handout" in page]
    for n in sheets:  # every cover and separator character inside the 54 pt side margins
        width = pdf.page_sizes[n][0]
        outside = [c for c in pdf.chars[n] if c["x1"] > width - 53.5]
        assert outside == [], (n, "".join(c["text"] for c in outside))


def test_long_titles_wrap_whole_in_the_terminal_summary(tmp_path):
    manifest = job_copy(tmp_path, STUDENTS[:2])
    edit(manifest, 'title = "Comparison A"', f'title = "{A}"')
    edit(manifest, 'title = "Comparison B"', f'title = "{B}"')
    table = run_job(manifest, output=tmp_path / "out" / "fair.pdf", jobs=1).summary.table()
    assert "\u2026" not in table
    header, *lines = table.splitlines()
    start, end = header.index("item"), header.index("documents")
    column = " ".join(" ".join(line[start:end] for line in lines).split())  # the item column, line after line
    assert A in column and B in column
    assert max(len(line) for line in table.splitlines()) <= 120  # a wide terminal, with the oldest-figure column
