"""Lists (label column + body column) split across pages without losing or overprinting an item."""

from __future__ import annotations

import re

import pytest

from handouts.build import Inputs, build_handout
from handouts.inspection import inspect_pdf
from tests.conftest import PAIR
from tests.support.pdfcheck import Pdf


def _layout(tmp_path, body: str):
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "lists.xml.j2").write_text(f'{{#- roles: 1 -#}}\n<handout title="Lists">\n{body}\n</handout>\n')
    return Inputs(layouts=[folder])


def test_a_long_list_runs_onto_the_next_page_item_by_item(tmp_path):
    items = "".join(
        f"<li>Step {n}: {{{{ role.summary }}}}<ul><li>Detail {n}a</li><li>Detail {n}b</li></ul></li>"
        for n in range(1, 31)
    )
    result = build_handout("lists", [PAIR[0]], _layout(tmp_path, f"<ol>{items}</ol>"), output=tmp_path / "l.pdf")
    assert result.warnings == []
    pdf = Pdf.open(result.path)
    assert len(pdf.pages) >= 3
    text = pdf.text
    for n in range(1, 31):
        assert re.search(rf"\b{n}\. ?Step {n}:", text), n  # the label is drawn apart from the text
        assert f"Detail {n}a" in text and f"Detail {n}b" in text
    assert inspect_pdf(result.path) == []


def test_an_item_taller_than_a_page_splits_inside_its_body(tmp_path):
    long = " ".join(["{{ role.summary }}"] * 30)
    body = f"<ul><li>Short first item</li><li><p>{long}</p><p>Closing words of the long item.</p></li></ul>"
    result = build_handout("lists", [PAIR[0]], _layout(tmp_path, body), output=tmp_path / "t.pdf")
    assert result.warnings == []
    pdf = Pdf.open(result.path)
    assert len(pdf.pages) >= 2
    assert "Closing words of the long item." in pdf.text
    assert pdf.text.count("\u2022") == 2  # each label printed once, not again on the continuation page
    assert inspect_pdf(result.path) == []


def test_the_number_column_is_as_wide_as_the_widest_number_printed(tmp_path):
    """Nine items print 1. to 9.: one digit, so the text starts as close as with a bullet's column plus
    one digit (it was sized for "10"); 1 to 10 needs two digits."""
    from tests.support.layoutkit import content_words, render_markup

    def text_x(body: str) -> float:
        pdf = render_markup(tmp_path, body)
        return min(w["x0"] for w in content_words(pdf) if w["text"] == "Item")

    nine = text_x("<ol>" + "<li>Item</li>" * 9 + "</ol>")
    ten = text_x("<ol>" + "<li>Item</li>" * 10 + "</ol>")
    assert nine == pytest.approx(43.2 + 4 + 8 + 5.5 + 2, abs=0.1)  # margin, indent, label column, gap
    assert ten == pytest.approx(nine + 5.5, abs=0.1)
    assert text_x('<ol start="98">' + "<li>Item</li>" * 2 + "</ol>") == pytest.approx(ten, abs=0.1)  # 98., 99.
