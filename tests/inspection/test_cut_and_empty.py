"""Inspection finds text cut to fit or run past its box, a nearly empty page and a keep group torn apart.

Each fixture is made to have the fault (a layout, or a PDF drawn with
ReportLab's canvas for a file from elsewhere), and the same check is shown
quiet where the fault is absent. `handouts build --strict` refuses each.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from handouts.build import Inputs, inspect_handout, render_handout
from handouts.inspection import Settings, clipping, inspect_pdf
from tests.conftest import PAIR, pdfs_in
from tests.support.layoutkit import write_layout
from tests.support.pdfcheck import Pdf

LONG_PARAGRAPHS = "{% for i in range(n) %}<p>{{ role.summary }} {{ role.summary }}</p>{% endfor %}"


def _findings(tmp_path, body: str) -> list[str]:
    folder = write_layout(tmp_path, body)
    rendered, info = render_handout("t", PAIR[:1], Inputs(layouts=[folder]))
    return [str(p) for p in inspect_handout(rendered, info, Inputs().brand or _default_brand(), "t.pdf")]


def _default_brand():
    from handouts.inputs.models import Brand

    return Brand()


def _of(findings: list[str], words: str) -> list[str]:
    return [f for f in findings if words in f]


# -- elided --------------------------------------------------------------------------------------


def test_text_ending_in_an_ellipsis_is_reported_as_cut(tmp_path):
    findings = _findings(tmp_path, "<p>Tous les élèves et leurs familles peuvent prendre rendez-…</p>")
    (found,) = _of(findings, "ellipsis")
    assert re.search(r't\.pdf: page 1, 0\.60 in from left, [\d.]+ in from top: text ".*rendez-…" ends in an', found)


def test_an_ellipsis_in_a_pdf_from_elsewhere_is_found_too(tmp_path):
    path = tmp_path / "elsewhere.pdf"
    canvas = Canvas(str(path), pagesize=LETTER, invariant=1)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(72, 72, "www.lycee-marie-curie.example/orientation/met\u2026")
    canvas.drawString(72, 600, "A sentence that ends as sentences do.")
    canvas.save()
    found = [str(p) for p in inspect_pdf(path) if "ellipsis" in p.what]
    assert len(found) == 1 and "orientation/met" in found[0]


def test_text_with_no_ellipsis_or_dots_in_the_middle_is_not_reported(tmp_path):
    findings = _findings(tmp_path, "<p>Wait... then go. The end of the line is not cut.</p>")
    assert _of(findings, "ellipsis") == []


# -- past its box --------------------------------------------------------------------------------


def test_a_letter_wider_than_its_column_is_reported_past_the_box(tmp_path):
    """ReportLab breaks a long word inside it, but not a letter: a column narrower than one runs over."""
    body = '<table widths="14pt,*" header-rows="1"><tr><th>A</th><th>B</th></tr><tr><td>WWW</td><td>Fits.</td></tr>'
    findings = _findings(tmp_path, body + "</table>")
    found = _of(findings, "past the edge of its box")
    assert any(re.search(r'text "W+" runs [\d.]+ pt past the edge of its box', f) for f in found), found


def test_text_that_fits_its_cells_is_not_reported(tmp_path):
    body = '<table widths="1.5in,*" header-rows="1"><tr><th>A</th><th>B</th></tr><tr><td>Short words wrap.</td><td>Fits.</td></tr></table>'
    assert _of(_findings(tmp_path, body), "past the edge") == []


# -- near-empty pages ----------------------------------------------------------------------------


def test_a_page_holding_a_line_or_two_is_reported(tmp_path):
    body = "{% set n = 3 %}" + LONG_PARAGRAPHS + "<pagebreak/><p>Only this line.</p>"
    findings = _findings(tmp_path, body)
    (found,) = _of(findings, "filled")
    assert re.search(r"page 2, .*: page 2 of 2 is only \d+% filled", found)


def test_a_one_page_sheet_may_be_short_and_a_full_last_page_is_fine(tmp_path):
    assert _of(_findings(tmp_path, "<p>One line on one page.</p>"), "filled") == []
    body = "{% set n = 3 %}" + LONG_PARAGRAPHS + "<pagebreak/>{% set n = 6 %}" + LONG_PARAGRAPHS
    assert _of(_findings(tmp_path, body), "filled") == []


def test_a_print_file_style_blank_back_is_not_reported(tmp_path):
    """A page with nothing but furniture (a blank back for duplex) is deliberate."""
    path = tmp_path / "backs.pdf"
    canvas = Canvas(str(path), pagesize=LETTER, invariant=1)
    canvas.setFont("Helvetica", 10)
    for y in range(700, 100, -14):
        canvas.drawString(72, y, "A full page of text.")
    canvas.showPage()
    canvas.showPage()  # the blank back
    canvas.save()
    settings = Settings(margins=(72.0, 72.0, 72.0, 72.0))
    assert [p for p in inspect_pdf(path, settings) if "filled" in p.what] == []


# -- keep groups ---------------------------------------------------------------------------------


def test_a_keep_group_taller_than_the_room_left_is_reported_split(tmp_path):
    body = "{% set n = 4 %}" + LONG_PARAGRAPHS + "<keep><h2>Kept together</h2>{% set n = 9 %}" + LONG_PARAGRAPHS
    findings = _findings(tmp_path, body + "</keep>")
    (found,) = _of(findings, "must stay together")
    assert 'text "Kept together" starts a group' in found and re.search(r"runs on to page \d", found)


def test_a_tall_keep_group_below_a_few_lines_is_split_where_it_stands_not_moved(tmp_path):
    """Moving it on would leave the few lines alone on a nearly empty page: the lesser fault is the split,
    which the layout chose, so inspection reports neither."""
    body = "{% set n = 1 %}" + LONG_PARAGRAPHS + "<keep><h2>Kept together</h2>{% set n = 11 %}" + LONG_PARAGRAPHS
    folder = write_layout(tmp_path, body + "</keep>")
    rendered, _ = render_handout("t", PAIR[:1], Inputs(layouts=[folder]))
    assert "Kept together" in Pdf(rendered.pdf).pages[0]  # not moved on to page 2
    findings = _findings(tmp_path, body + "</keep>")
    assert _of(findings, "must stay together") == [] and _of(findings, "filled") == []


def test_a_keep_group_that_fits_moves_whole_and_is_not_reported(tmp_path):
    body = "{% set n = 5 %}" + LONG_PARAGRAPHS + "<keep><h2>Kept together</h2>{% set n = 2 %}" + LONG_PARAGRAPHS
    assert _of(_findings(tmp_path, body + "</keep>"), "must stay together") == []


def test_a_call_out_moves_whole_with_its_qr_code_and_address(tmp_path):
    """A call-out holding a QR code (a keep group) moves to the next page whole rather than split the code
    from its address, wherever the page ends (issue 16: it split here before)."""
    filler = "{% for i in range(n) %}<p>{{ role.summary }}</p>{% endfor %}"
    body = (
        "{% set n = 9 %}"
        + filler
        + '<callout title="Find out more">{% set n = 3 %}'
        + filler
        + '<qr url="https://www.lakeside.example/careers" size="1.5in"/></callout>'
    )
    for n in range(8, 16):  # push the call-out down past the page end, one paragraph at a time
        findings = _findings(tmp_path, body.replace("{% set n = 9 %}", f"{{% set n = {n} %}}", 1))
        assert _of(findings, "must stay together") == [], n


def test_strict_build_refuses_a_split_keep_group_and_writes_nothing(run, tmp_path):
    body = "{% set n = 4 %}" + LONG_PARAGRAPHS + "<keep><h2>Kept together</h2>{% set n = 9 %}"
    folder = write_layout(tmp_path, body + LONG_PARAGRAPHS + "</keep>")
    code, out = run("build", "t", PAIR[0], "--layouts", str(folder), "--strict")
    assert code == 4 and "must stay together" in out and "not written" in out, out
    assert pdfs_in(tmp_path) == []


# -- headings at the foot of a page --------------------------------------------------------------


def test_a_heading_left_at_the_foot_of_a_page_is_reported(tmp_path):
    """A heading followed by columns that cannot split and do not fit what is left of the page."""
    filler = "{% for i in range(n) %}<p>{{ role.summary }}</p>{% endfor %}"
    tall = '<columns><column><spacer height="3in"/><p>Below.</p></column><column><p>Beside.</p></column></columns>'
    for n in range(6, 20):
        findings = _findings(tmp_path, f"{{% set n = {n} %}}" + filler + "<h2>Pay and job growth</h2>" + tall)
        found = _of(findings, "is a heading at the foot of page 1")
        if found:
            assert 'text "Pay and job growth"' in found[0] and "starts on page 2" in found[0]
            return
    raise AssertionError("no filler length left the heading at the foot of the page")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab .\u2026\n\t\u00a0…", max_size=12))
def test_only_lines_ending_in_an_ellipsis_are_searched_and_none_is_missed(text):
    line = text.rstrip()
    assert bool(line.endswith(clipping._ELLIPSES) and clipping.ELIDED.search(line)) == bool(
        clipping.ELIDED.search(line)
    )
