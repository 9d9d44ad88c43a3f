"""Tables read back from the PDF: widths, repeated headers, split rows, zebra rows, alignment and spans."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from tests.support.layoutkit import content_words, raises_layout_error, render_markup, structure

LEFT = 43.2
FRAME = 612 - 2 * 43.2
PAD = 4.5  # cell padding of a normal-size table


def word(pdf, text, page=0):
    return next(w for w in content_words(pdf, page) if w["text"] == text)


@pytest.mark.parametrize(
    ("widths", "second_column_at"),
    [("25%,*", LEFT + 0.25 * FRAME), ("2in,*", LEFT + 144), ("*,*", LEFT + FRAME / 2)],
)
def test_column_widths_in_percent_fixed_or_shares(tmp_path, widths, second_column_at):
    pdf = render_markup(tmp_path, f'<table widths="{widths}"><tr><th>One</th><th>Two</th></tr></table>')
    assert word(pdf, "Two")["x0"] == pytest.approx(second_column_at + PAD, abs=0.6)


def test_header_rows_repeat_on_every_page_and_are_tagged_once(tmp_path):
    rows = "".join(f"<tr><td>Row {i}</td><td>Value {i}</td></tr>" for i in range(90))
    pdf = render_markup(tmp_path, f'<table header-rows="1"><tr><th>Name</th><th>Amount</th></tr>{rows}</table>')
    assert len(pdf.pages) >= 2
    for page in range(len(pdf.pages)):
        assert pdf.pages[page].startswith("Name Amount") or " Name Amount " in f" {pdf.pages[page]}"
    assert "Row 89" in pdf.pages[-1]
    tree = structure(pdf)
    headers = tree.find("TH")
    assert [h.text for h in headers] == ["Name", "Amount"]  # repeats are artifacts, not new cells
    assert all(h.attrs.get("Scope") == "Column" for h in headers)
    assert len(tree.find("TD")) == 180


def test_a_row_taller_than_a_page_is_split_not_refused(tmp_path):
    long = " ".join(f"Sentence {i} of a very long cell." for i in range(400))
    pdf = render_markup(tmp_path, f"<table><tr><th>Head</th></tr><tr><td>{long}</td></tr></table>")
    assert len(pdf.pages) >= 2
    assert "Sentence 0 of" in pdf.pages[0]
    assert "Sentence 399 of" in pdf.pages[-1]
    assert "Head" in pdf.pages[1]  # the header row repeats above the rest of the row
    cell_text = " ".join(n.text for n in structure(pdf).find("TD"))
    assert cell_text.count("Sentence") == 400


def _fills(pdf, page=0):
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        return [tuple(round(v, 3) for v in r["non_stroking_color"]) for r in plumber.pages[page].rects if r["fill"]]


BACKGROUND = (0.933, 0.953, 0.973)  # the default brand's background colour, #eef3f8


@pytest.mark.parametrize("zebra", ["true", "false"])
def test_zebra_rows_are_shaded_only_when_asked(tmp_path, zebra):
    rows = "".join(f"<tr><td>r{i}</td></tr>" for i in range(6))
    pdf = render_markup(tmp_path, f'<table zebra="{zebra}"><tr><th>h</th></tr>{rows}</table>')
    shaded = _fills(pdf).count(BACKGROUND)
    assert shaded == (3 if zebra == "true" else 0)


def test_cell_alignment(tmp_path):
    body = (
        '<table widths="2in,2in,2in"><tr><th>h</th><th>h</th><th>h</th></tr>'
        '<tr><td>Left</td><td align="center">Middle</td><td align="right">Right</td></tr></table>'
    )
    pdf = render_markup(tmp_path, body)
    assert word(pdf, "Left")["x0"] == pytest.approx(LEFT + PAD, abs=0.6)
    middle = word(pdf, "Middle")
    assert (middle["x0"] + middle["x1"]) / 2 == pytest.approx(LEFT + 144 + 72, abs=0.6)
    assert word(pdf, "Right")["x1"] == pytest.approx(LEFT + 3 * 144 - PAD, abs=0.6)


def test_column_and_row_spans_place_cells_and_tag_their_extent(tmp_path):
    body = (
        '<table widths="2in,2in,2in">'
        '<tr><th>Item</th><th colspan="2">Both years</th></tr>'
        '<tr><th rowspan="2">Spanned</th><td>A1</td><td>B1</td></tr>'
        "<tr><td>A2</td><td>B2</td></tr>"
        "</table>"
    )
    pdf = render_markup(tmp_path, body)
    # A2 sits in the second column, under A1, because "Spanned" covers the first.
    assert word(pdf, "A2")["x0"] == pytest.approx(word(pdf, "A1")["x0"], abs=0.1)
    assert word(pdf, "A2")["top"] > word(pdf, "A1")["top"]
    tree = structure(pdf)
    spanned = next(n for n in tree.find("TH") if n.text == "Spanned")
    assert spanned.attrs["RowSpan"] == 2 and spanned.attrs["Scope"] == "Row"
    both = next(n for n in tree.find("TH") if n.text == "Both years")
    assert both.attrs["ColSpan"] == 2
    rows = tree.find("TR")
    assert [len(r.children) for r in rows] == [2, 3, 2]


def test_vertical_alignment_in_a_tall_row(tmp_path):
    body = (
        '<table><tr><th>h</th><th>h</th></tr><tr><td valign="middle">Mid</td>'
        "<td>one<br/>two<br/>three<br/>four<br/>five</td></tr></table>"
    )
    pdf = render_markup(tmp_path, body)
    mid, one, five = word(pdf, "Mid"), word(pdf, "one"), word(pdf, "five")
    assert one["top"] + 5 < mid["top"] < five["top"] - 5


def test_a_table_too_wide_for_the_page_is_an_error(tmp_path):
    from handouts.errors import RenderError

    with pytest.raises(RenderError, match=r"<table> at rendered markup line \d+ .*: is too wide: 720 pt where only"):
        render_markup(tmp_path, '<table widths="5in,5in"><tr><td>a</td><td>b</td></tr></table>')


def test_text_in_a_table_body_is_refused(tmp_path):
    message = raises_layout_error(tmp_path, "<table><tr>loose text<td>x</td></tr></table>")
    assert "<tr>: text 'loose text' is not allowed here; <tr> may only contain <th>, <td>" in message


def _colours_of(pdf, text: str) -> set[tuple[float, ...]]:
    """Fill colours of the characters of every word ``text`` on page 1."""
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        page = plumber.pages[0]
        words = [w for w in page.extract_words() if w["text"] == text]
        chars = [c for c in page.chars for w in words if w["x0"] <= c["x0"] < w["x1"] and abs(c["top"] - w["top"]) < 1]
        return {tuple(round(v, 3) for v in c["non_stroking_color"]) for c in chars}


@pytest.mark.parametrize("size", ["normal", "small"])
def test_a_link_in_a_header_cell_is_printed_in_the_header_text_colour(tmp_path, size):
    """On the primary-coloured header row a link takes the header's text colour (it was primary on primary,
    and the build was refused for contrast); in a body cell it stays primary."""
    pdf = render_markup(
        tmp_path,
        f'<table size="{size}"><tr><th>Pay <a href="https://example.org/pay">source</a></th></tr>'
        '<tr><td>See <a href="https://example.org/more">more</a></td></tr></table>',
    )
    assert _colours_of(pdf, "source") == _colours_of(pdf, "Pay") == {(1.0, 1.0, 1.0)}
    assert _colours_of(pdf, "more") == {(0.122, 0.306, 0.475)}  # the built-in brand's primary, #1f4e79
