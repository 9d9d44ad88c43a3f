"""Columns, call-outs, page breaks, keep-together, spacers and rules, read back from the PDF."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from tests.support.layoutkit import content_words, raises_layout_error, render_markup, structure

LEFT = 43.2
FRAME = 612 - 2 * 43.2


def word(pdf, text, page=0):
    return next(w for w in content_words(pdf, page) if w["text"] == text)


def test_two_columns_side_by_side_read_column_by_column(tmp_path):
    body = (
        "<columns><column><h3>First</h3><p>Alpha one.</p><p>Alpha two.</p></column>"
        "<column><h3>Second</h3><p>Beta one.</p></column></columns><p>After.</p>"
    )
    pdf = render_markup(tmp_path, body)
    first, second = word(pdf, "First"), word(pdf, "Second")
    assert first["top"] == pytest.approx(second["top"], abs=0.5)  # side by side
    assert first["x0"] == pytest.approx(LEFT, abs=0.5)
    assert second["x0"] == pytest.approx(LEFT + FRAME / 2 + 9, abs=0.5)  # half the width plus half the gap
    assert word(pdf, "After.")["top"] > word(pdf, "two.")["top"]
    tree = structure(pdf)
    section = tree.children[0]
    assert [c.role for c in section.children] == ["Div", "Div"]
    reading = [n.text for n in tree.walk() if n.role in ("H3", "P")]
    assert reading == ["First", "Alpha one.", "Alpha two.", "Second", "Beta one.", "After."]


def test_three_columns_with_widths_and_gap(tmp_path):
    body = (
        '<columns widths="50%,25%,25%" gap="0.25in"><column><p>Wide</p></column>'
        "<column><p>Narrow</p></column><column><p>Last</p></column></columns>"
    )
    pdf = render_markup(tmp_path, body)
    assert word(pdf, "Narrow")["x0"] == pytest.approx(LEFT + FRAME * 0.5 + 9, abs=0.5)
    assert word(pdf, "Last")["x0"] == pytest.approx(LEFT + FRAME * 0.75 + 9, abs=0.5)


def test_long_columns_continue_on_the_next_page(tmp_path):
    many = "".join(f"<p>Left paragraph {i}.</p>" for i in range(80))
    pdf = render_markup(tmp_path, f"<columns><column>{many}</column><column><p>Right side.</p></column></columns>")
    assert len(pdf.pages) >= 2
    assert "Left paragraph 79." in pdf.pages[-1]
    reading = [n.text for n in structure(pdf).walk() if n.role == "P"]
    assert reading[:80] == [f"Left paragraph {i}." for i in range(80)] and reading[80] == "Right side."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<columns><column><p>x</p></column></columns>", "<columns> holds 1 <column>; give two or three"),
        (
            '<columns widths="40%,30%,30%"><column/><column/></columns>',
            "widths names 3 columns but there are 2 <column> elements",
        ),
        ("<column><p>x</p></column>", "<column>: not allowed inside <handout>"),
    ],
)
def test_column_mistakes(tmp_path, body, message):
    assert message in raises_layout_error(tmp_path, body)


def _edges(pdf):
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        page = plumber.pages[0]
        return [tuple(round(v, 2) for v in e["stroking_color"]) for e in page.lines + page.rects if e["stroke"]]


def test_callouts_in_three_tones_with_titles(tmp_path):
    body = "".join(
        f'<callout tone="{tone}" title="{tone.title()} box">Text of the {tone}.<ul><li>a point</li></ul></callout>'
        for tone in ("note", "tip", "warning")
    )
    pdf = render_markup(tmp_path, body)
    text = pdf.pages[0]
    assert re.search(r"Note box Text of the note\. • ?a point Tip box", text)  # (the bullet is drawn apart)
    edges = set(_edges(pdf))
    assert (0.64, 0.09, 0.1) in edges  # warning red, #a4161a
    assert (0.71, 0.33, 0.04) in edges  # tip: the brand accent
    assert (0.12, 0.31, 0.47) in edges  # note: the brand primary
    divs = [n for n in structure(pdf).children if n.role == "Div"]
    assert [d.children[0].text for d in divs] == ["Note box", "Tip box", "Warning box"]


def test_small_callout_keeps_body_size_text(tmp_path):
    """A small call-out is set tighter, never in smaller type: 10 pt is the floor for running text."""
    pdf = render_markup(tmp_path, '<callout>Normal words.</callout><callout size="small">Small words.</callout>')
    sizes = {c["text"]: c["size"] for c in pdf.chars[0] if c["text"] in "NS"}
    assert sizes["S"] == pytest.approx(sizes["N"]) and sizes["S"] >= 10


def test_pagebreak_starts_a_new_page(tmp_path):
    pdf = render_markup(tmp_path, "<p>Before.</p><pagebreak/><p>After.</p>")
    assert len(pdf.pages) == 2
    assert "Before." in pdf.pages[0] and "After." in pdf.pages[1] and "After." not in pdf.pages[0]


@pytest.mark.parametrize(
    ("body", "inside"),
    [
        (
            "<columns><column><p>One.</p><pagebreak/><p>Two.</p></column><column><p>Three.</p></column></columns>",
            "a column",
        ),
        ("<ul><li>One.<pagebreak/>Two.</li></ul>", "a list item"),
        ('<checklist><item field="one" label="One">Detail.<pagebreak/>More.</item></checklist>', "a list item"),
        ('<callout title="Note"><p>One.</p><pagebreak/><p>Two.</p></callout>', "a call-out"),
        ("<table><tr><th>Head</th></tr><tr><td>One.<keep><pagebreak/></keep>Two.</td></tr></table>", "a table cell"),
    ],
)
def test_pagebreak_inside_a_box_is_refused_naming_where_it_may_go(tmp_path, body, inside):
    """It made its box page-high: "too tall: 72,018 pt" named the box, not the page break."""
    message = raises_layout_error(tmp_path, body)
    assert f"<pagebreak> at rendered markup line 2: a page break cannot go inside {inside}; " in message
    assert "put <pagebreak/> between the handout's own blocks" in message


def test_keep_inside_a_list_item_lays_its_blocks_out_plainly(tmp_path):
    pdf = render_markup(tmp_path, "<ul><li>Item.<keep><p>Kept one.</p><p>Kept two.</p></keep></li></ul>")
    assert "Item. Kept one. Kept two." in pdf.text


def test_keep_moves_its_blocks_together(tmp_path):
    filler = "".join(f"<p>Filler line {i}.</p>" for i in range(36))
    kept = "<keep><h2>Kept heading</h2><p>Kept one.</p><p>Kept two.</p><p>Kept three.</p></keep>"
    pdf = render_markup(tmp_path, filler + kept, attrs='fit="none"')  # (fitting would pull it onto one page)
    assert len(pdf.pages) == 2
    assert "Kept heading" in pdf.pages[1] and "Kept three." in pdf.pages[1]
    loose = render_markup(
        tmp_path, filler + kept.replace("<keep>", "").replace("</keep>", "").replace("h2", "p"), attrs='fit="none"'
    )
    assert "Kept heading" in loose.pages[0]  # without <keep> the first lines stay on page 1


def test_spacer_adds_its_height(tmp_path):
    near = render_markup(tmp_path, "<p>One.</p><p>Two.</p>")
    far = render_markup(tmp_path, '<p>One.</p><spacer height="1in"/><p>Two.</p>')
    gap = word(far, "Two.")["top"] - word(near, "Two.")["top"]
    assert gap == pytest.approx(72, abs=0.5)


def test_rule_draws_a_line_in_a_brand_colour(tmp_path):
    pdf = render_markup(tmp_path, '<p>Above.</p><rule color="accent" thickness="2pt"/><p>Below.</p>')
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        page = plumber.pages[0]
        rules = [e for e in page.lines if e.get("tag") is None or e.get("tag") == "Artifact"]
        ours = [e for e in rules if e["linewidth"] == pytest.approx(2) and e["width"] > 400]
    assert ours and ours[0]["top"] > word(pdf, "Above.")["top"] and ours[0]["top"] < word(pdf, "Below.")["top"]
    assert tuple(round(v, 2) for v in ours[0]["stroking_color"]) == (0.71, 0.33, 0.04)


def test_rule_colour_is_checked(tmp_path):
    message = raises_layout_error(tmp_path, '<rule color="expression(alert(1))"/>')
    assert "is not a colour; write primary, accent, text, background or #rrggbb" in message


def test_sources_list_numbers_sources_in_citation_order(tmp_path):
    body = '<p>B<cite source="fhca-2026"/> then A<cite source="research-com-2026"/>.</p><sources title="Where from"/>'
    pdf = render_markup(tmp_path, body)
    text = pdf.pages[0]
    assert "Where from [1] Florida Healthcare Academy." in text
    assert text.index("[1] Florida") < text.index("[2] Research.com.")
    section = next(n for n in structure(pdf).children if n.role == "Sect")
    assert section.children[0].role == "H2" and section.children[1].role == "L"
