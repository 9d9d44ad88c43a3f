"""Cover and separator sheets print every item's whole title, however long: two items never read alike."""

from __future__ import annotations

from handouts.jobs.batch import run_job
from tests.support.jobkit import STUDENTS, edit, job_copy
from tests.support.pdfcheck import Pdf

A = "Comparison for the spring career fair at the north campus health sciences night, clinical first"
B = "Comparison for the spring career fair at the north campus health sciences night, office first"


def test_long_titles_wrap_whole_on_the_cover_and_their_separators(tmp_path):
    manifest = job_copy(tmp_path, STUDENTS[:2])
    edit(manifest, "separators = false", "separators = true\ncover = true")
    edit(manifest, 'title = "Comparison A"', f'title = "{A}"')
    edit(manifest, 'title = "Comparison B"', f'title = "{B}"')
    pdf = Pdf.open(run_job(manifest, output=tmp_path / "out" / "fair.pdf", jobs=1).path)
    cover = pdf.pages[0]
    assert A in cover and B in cover
    assert "\u2026" not in cover
    separators = [page for page in pdf.pages if "separator sheet, not a handout" in page]
    assert any(A in page for page in separators) and any(B in page for page in separators)
