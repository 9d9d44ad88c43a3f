"""`<table balance="true">`: the ``*`` columns share their width by what each holds, read back from the PDF.

Balancing is a fitting step (`render.fitting`): these tests set the handout at that step, except the
last, which fits one to its budget.
"""

from __future__ import annotations

import pytest

from handouts.render.fitting import Fit
from handouts.render.styles import DEFAULT_SCALE
from tests.support.layoutkit import content_words, render_markup

LEFT = 43.2
FRAME = 612 - 2 * 43.2
PAD = 4.5  # cell padding of a normal-size table
BALANCED = Fit("columns balanced", DEFAULT_SCALE, balance=True)
LONG = " ".join(["A long sentence that runs on and on about the work."] * 6)


def _table(balance: str, left: str, right: str, label: str = "") -> str:
    head = "<th></th>" if label else ""
    row = f"<th>{label}</th>" if label else ""
    return (
        f'<table widths="{"20%," if label else ""}*,*"{balance} header-rows="1">'
        f"<tr>{head}<th>Fullcolumn</th><th>Shortcolumn</th></tr>"
        f"<tr>{row}<td>{left}</td><td>{right}</td></tr>"
        f"<tr>{row}<td>{left}</td><td>{right}</td></tr>"
        "</table><p>Afterwards</p>"
    )


def _word(pdf, text: str) -> dict:
    return next(w for w in content_words(pdf, 0) if w["text"] == text)


def test_the_fuller_column_is_given_more_width_and_the_table_is_shorter(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    equal = render_markup(tmp_path / "a", _table("", LONG, "Short."))
    balanced = render_markup(tmp_path / "b", _table(' balance="true"', LONG, "Short."), fit=BALANCED)
    # Equal shares without balance; the short column narrower with it, but never under 12 ems (a stacked table's
    # threshold: 12 x 10 pt, plus padding), and never past 1.6 times its equal share.
    assert _word(equal, "Shortcolumn")["x0"] == pytest.approx(LEFT + FRAME / 2 + PAD, abs=0.6)
    short_at = _word(balanced, "Shortcolumn")["x0"] - PAD
    assert short_at > LEFT + FRAME / 2 + 20
    assert LEFT + FRAME - short_at >= 12 * 10 + 2 * PAD - 0.5
    assert short_at - LEFT <= 1.6 * FRAME / 2 + 0.5
    # The same words, in fewer lines: what follows the table starts higher up the page.
    assert _word(balanced, "Afterwards")["top"] < _word(equal, "Afterwards")["top"] - 20
    text = " ".join(w["text"] for w in content_words(balanced, 0))
    assert text.count("sentence") == 12


def test_columns_that_hold_alike_keep_equal_shares(tmp_path):
    pdf = render_markup(
        tmp_path, _table(' balance="true"', "Some words in one cell.", "Some words in the other."), fit=BALANCED
    )
    assert _word(pdf, "Shortcolumn")["x0"] == pytest.approx(LEFT + FRAME / 2 + PAD, abs=0.6)


def test_a_label_column_keeps_its_width(tmp_path):
    pdf = render_markup(tmp_path, _table(' balance="true"', LONG, "Short.", label="Label"), fit=BALANCED)
    assert _word(pdf, "Fullcolumn")["x0"] == pytest.approx(LEFT + 0.2 * FRAME + PAD, abs=0.6)
    assert _word(pdf, "Shortcolumn")["x0"] > LEFT + 0.2 * FRAME + 0.4 * FRAME + PAD + 20


def test_a_call_out_in_a_balanced_column_is_drawn_at_its_column_width(tmp_path):
    """The cell is measured at several widths while the sharing is chosen; a call-out (a table of its own) then
    kept the column positions of the first width and was refused as too wide, or drawn across its neighbour."""
    body = (
        '<table balance="true" header-rows="1"><tr><th>Fullcolumn</th><th>Shortcolumn</th></tr>'
        f'<tr><td><callout title="Boxed">{LONG}</callout></td><td>Short.</td></tr></table>'
    )
    pdf = render_markup(tmp_path, body, fit=BALANCED)
    short_at = _word(pdf, "Shortcolumn")["x0"] - PAD
    assert short_at > LEFT + FRAME / 2 + 20
    inside = [w for w in content_words(pdf, 0) if w["text"] in ("sentence", "Boxed")]
    assert inside and all(w["x1"] < short_at for w in inside)


def test_a_handout_that_fits_as_designed_keeps_equal_columns(tmp_path):
    """Balancing measures every cell at a dozen widths: a handout that fits without it does not pay for it."""
    pdf = render_markup(tmp_path, _table(' balance="true"', LONG, "Short."))
    assert _word(pdf, "Shortcolumn")["x0"] == pytest.approx(LEFT + FRAME / 2 + PAD, abs=0.6)
