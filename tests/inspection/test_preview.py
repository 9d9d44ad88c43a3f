"""`handouts preview`: one PNG per page at the chosen resolution, and a contact sheet, none of them blank."""

from __future__ import annotations

import pytest
from PIL import Image, ImageStat

from tests.conftest import PAIR

STEM = "comparison-medical-assistant-vs-medical-administrative-assistant"


def _variance(path) -> float:
    with Image.open(path) as image:
        return sum(ImageStat.Stat(image.convert("L")).var)


def test_preview_writes_each_page_at_the_chosen_resolution(run, tmp_path):
    code, out = run("preview", "comparison", *PAIR, "--dpi", "50", "-o", "previews")
    assert code == 0, out
    folder = tmp_path / "previews"
    pages = sorted(folder.glob(f"{STEM}-page-*.png"))
    assert [p.name for p in pages] == [f"{STEM}-page-1.png", f"{STEM}-page-2.png"]
    for page in pages:
        with Image.open(page) as image:
            assert image.size == (425, 550)  # Letter, 8.5 x 11 in at 50 dpi
        # A blank page has no variance; printed text and the header band give plenty.
        assert _variance(page) > 500, page
    sheet = folder / f"{STEM}-sheet.png"
    with Image.open(sheet) as image:
        width, height = image.size
    assert width > 2 * height * 0.7  # two pages side by side
    assert _variance(sheet) > 500
    assert f"wrote 2 page images at 50 dpi and previews/{STEM}-sheet.png" in out
    assert not list(tmp_path.rglob("*.pdf"))


def test_preview_of_an_existing_pdf(run, tmp_path):
    assert run("build", "comparison", *PAIR, "-o", "handout.pdf")[0] == 0
    code, out = run("preview", "handout.pdf", "--dpi", "30", "-o", "previews")
    assert code == 0, out
    with Image.open(tmp_path / "previews" / "handout-page-1.png") as image:
        assert image.size == (255, 330)


def test_preview_needs_roles_for_a_layout(run):
    code, out = run("preview", "comparison")
    assert code == 2
    assert "give one or more ROLE ids" in out


def test_preview_of_a_missing_pdf_is_a_clear_error_not_a_bug(run):
    code, out = run("preview", "nothere.pdf")
    assert code == 3
    assert "nothere.pdf: cannot read the PDF" in out
    assert "bug" not in out


def test_preview_takes_the_paper_option_like_build(run, tmp_path):
    code, out = run(
        "preview", "checklist", "medical-assistant", "--paper", "a4", "--dpi", "20", "-o", str(tmp_path / "p")
    )
    assert code == 0, out
    from PIL import Image

    with Image.open(next((tmp_path / "p").glob("*page-1.png"))) as page:
        assert abs(page.width / page.height - 595.28 / 841.89) < 0.01


@pytest.mark.broken_pdfs
def test_preview_of_a_file_that_is_not_a_pdf_names_the_file(run, tmp_path):
    (tmp_path / "notes.pdf").write_text("not a PDF at all")
    code, out = run("preview", "notes.pdf")
    assert code == 3
    assert "notes.pdf: cannot be read as a PDF (" in out and "check that it is a whole PDF file" in out
    assert "bug" not in out and not list(tmp_path.rglob("*.png"))
