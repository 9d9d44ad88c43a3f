"""--lang en,es: one PDF, English first, each edition from an odd page, each part tagged with its language."""

from __future__ import annotations

import pytest
from pdfua import validate

from handouts.build import Inputs, build_handout, build_handout_bytes
from handouts.inspection.audit import audit_pdf
from tests.conftest import PAIR
from tests.support.pdfcheck import Pdf
from tests.support.structtree import Structure


@pytest.fixture(scope="module")
def checklist():
    """The checklist (one page per edition): English page 1, a blank page 2, Spanish from page 3."""
    return build_handout_bytes("checklist", ("medical-assistant",), Inputs(lang="en,es"))


def test_english_first_then_spanish_on_a_fresh_sheet(checklist):
    pdf = Pdf(checklist)
    assert len(pdf.pages) == 3
    assert "Who can help" in pdf.pages[0] and "Quién le puede ayudar" not in pdf.pages[0]
    assert pdf.pages[1].strip() == ""  # the back of the first sheet stays blank
    assert "Quién le puede ayudar" in pdf.pages[2] and "Who can help" not in pdf.pages[2]
    assert pdf.page_sizes[1] == pdf.page_sizes[0]


def test_each_part_is_tagged_with_its_own_language(checklist):
    tree = Structure(checklist)
    assert tree.root.role == "Document"
    parts = [kid for kid in tree.root.kids if getattr(kid, "role", "") == "Part"]
    assert [str(part.obj.Lang) for part in parts] == ["en-US", "es-US"]
    assert {e.page for e in parts[0].walk() if e.page is not None} == {0}
    assert {e.page for e in parts[1].walk() if e.page is not None} == {2}
    assert "Who can help" in parts[0].text and "Quién le puede ayudar" in parts[1].text
    assert str(tree.pdf.Root.Lang) == "en-US"


def test_both_editions_keep_their_fillable_boxes_under_their_own_names(checklist):
    fields = Pdf(checklist).reader.get_fields()
    english = [name for name in fields if name.startswith("medical-assistant--")]
    spanish = [name for name in fields if name.startswith("es--medical-assistant--")]
    assert english and len(spanish) == len(english)


def test_the_joined_pdf_passes_both_accessibility_checkers(checklist, tmp_path):
    path = tmp_path / "both.pdf"
    path.write_bytes(checklist)
    report = validate(str(path))
    assert [f"{f.rule_id}: {f.message}" for f in report.findings] == []
    assert [str(p) for p in audit_pdf(path).problems] == []


def test_a_two_page_edition_needs_no_blank_page_and_the_file_name_says_both(tmp_path):
    result = build_handout("comparison", PAIR, Inputs(lang="en,es"), output=tmp_path)
    assert result.path.name.endswith("-en-es.pdf")
    pdf = Pdf.open(result.path)
    assert len(pdf.pages) == 4
    assert "At a glance" in pdf.pages[0] and "De un vistazo" in pdf.pages[2]
    assert "Page 1 of 2" in pdf.pages[0] and "Página 1 de 2" in pdf.pages[2]


def test_joined_editions_are_byte_identical(checklist):
    assert build_handout_bytes("checklist", ("medical-assistant",), Inputs(lang="en,es")) == checklist


def test_the_cli_builds_both(run):
    code, out = run("build", "pathway", "medical-assistant", "--lang", "en,es")
    assert code == 0, out
    assert "pathway-medical-assistant-en-es.pdf" in out


def test_the_note_on_source_titles_is_in_the_spanish_part_alone(checklist):
    pages = [" ".join(page.split()) for page in Pdf(checklist).pages]
    note = "Los títulos de las fuentes aparecen en el idioma en que se publicaron."
    assert [page.count(note) for page in pages] == [0, 0, 1]
    assert not any("published in" in page for page in pages)
