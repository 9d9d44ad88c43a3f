"""docs/layouts.md: its attribute tables match the vocabulary, and every example in it renders."""

from __future__ import annotations

import re

import pytest

from handouts.build import Inputs, render_handout
from handouts.markup.reference import examples, update_tables
from handouts.markup.vocabulary import SPECS
from handouts.templating.environment import find_layout, layout_folders
from tests.conftest import ROOT
from tests.support.layoutkit import sample_image
from tests.support.pdfcheck import Pdf

DOC = ROOT / "docs" / "layouts.md"
TEXT = DOC.read_text(encoding="utf-8")
EXAMPLES = examples(TEXT)


def test_attribute_tables_match_the_vocabulary():
    assert update_tables(TEXT) == TEXT, "run: python scripts/layout_docs.py"


def test_every_element_is_documented_and_every_attribute_listed():
    for tag, spec in SPECS.items():
        assert f"`<{tag}>`" in TEXT or f"<{tag}>" in TEXT, f"<{tag}> is not documented"
        if spec.attrs and tag not in ("h1", "h3"):
            assert f"<!-- attributes: {tag} -->" in TEXT, f"<{tag}> has attributes but no table"


def test_every_picture_shown_exists_and_has_an_example():
    shown = re.findall(r"\(images/([a-z0-9-]+)\.png\)", TEXT)
    assert shown
    names = {e.name for e in EXAMPLES}
    for name in shown:
        assert (ROOT / "docs" / "images" / f"{name}.png").is_file(), name
        assert name in names, name


def test_there_is_an_example_for_every_block_element():
    used = set()
    for example in EXAMPLES:
        used.update(re.findall(r"<([a-z][a-z0-9]*)[\s/>]", example.code))
    blocks = {tag for tag, spec in SPECS.items() if spec.kind in ("block", "inline", "child")}
    assert blocks - used == set()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_each_documented_example_renders(tmp_path, example):
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "example.xml.j2").write_text(example.layout(), encoding="utf-8")
    sample_image(folder / "photo.png")
    info = find_layout("example", layout_folders([folder]))
    roles = ["medical-assistant", "medical-administrative-assistant"][: max(info.roles_min, min(2, info.roles_max))]
    rendered, _ = render_handout("example", roles, Inputs(layouts=[folder]))
    pdf = Pdf(rendered.pdf)
    assert pdf.pages[0].strip()
    for words in re.findall(r">([A-Z][a-z]+(?: [a-z]+){1,3})", example.code):
        assert words in pdf.text, f"{words!r} from the example is not in the PDF"
