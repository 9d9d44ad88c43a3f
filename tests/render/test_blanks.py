"""Lines to write on (<blanks>), read back from the PDF: each line as long as its width share says."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.build import Inputs, brand_for
from handouts.inputs.fonts import load_fonts
from handouts.render.blocks.blanks import GAP
from handouts.render.styles import Styles
from tests.support.layoutkit import raises_layout_error, render_markup

FRAME = 612 - 2 * 43.2
STYLES = Styles(brand_for(Inputs()), load_fonts(brand_for(Inputs())))


def _room(*labels: str) -> float:
    """The row's writing room: the frame less every label and the gaps between blanks."""
    style = STYLES["blank-label"]
    return (
        FRAME
        - sum(stringWidth(label, style.fontName, style.fontSize) + 6 for label in labels)
        - GAP * (len(labels) - 1)
    )


def _lines(pdf) -> list[float]:
    """Lengths of the lines to write on, left to right (the rules under the values, not the page's own)."""
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        page = plumber.pages[0]
        lines = [line for line in page.lines if line["top"] > 100 and line["width"] < FRAME - 1]
        return [line["width"] for line in sorted(lines, key=lambda line: line["x0"])]


@pytest.mark.parametrize(
    ("widths", "shares"),
    [
        (("30%", "30%"), (30, 30)),  # the rest of the row is left empty: shares are not scaled up to fill it
        (("50%", "18%", None), (50, 18, 32)),  # the checklist's row: the unsized blank takes what is left
        ((None, None), (50, 50)),
        (("100%",), (100,)),
    ],
)
def test_each_line_takes_its_share_of_the_writing_room(tmp_path, widths, shares):
    labels = ["Name", "Date", "Adviser"][: len(widths)]
    blanks = "".join(
        f'<blank label="{label}"' + (f' width="{width}"' if width else "") + "/>"
        for label, width in zip(labels, widths, strict=True)
    )
    pdf = render_markup(tmp_path, f"<blanks>{blanks}</blanks>")
    room = _room(*labels)
    assert _lines(pdf) == pytest.approx([room * share / 100 for share in shares], abs=0.5)


@pytest.mark.parametrize(
    ("blanks", "what"),
    [
        (
            '<blank label="Name" width="60%"/><blank label="Date" width="50%"/>',
            "the widths of 'Name' (60%) and 'Date' (50%) add up to 110%, more than the row; "
            "make the width shares add up to 100% at most",
        ),
        (
            '<blank label="Name" width="100%"/><blank label="Date"/>',
            "'Date' is left no room: the widths given add up to 100%; give the blanks with a width smaller shares",
        ),
        (
            '<blank label="Name" width="95%"/><blank label="Date"/>',
            "the labels and widths leave 'Date' a line 22 pt long; a line to write on needs at least 0.5 in; "
            "shorten the labels, give these blanks a larger width, or split the row into two <blanks>",
        ),
        (
            "".join(f'<blank label="A long label, number {i}"/>' for i in range(5)),
            "the labels and widths leave 'A long label, number 0', 'A long label, number 1', 'A long label, number 2', "
            "'A long label, number 3' and 'A long label, number 4' no line at all",
        ),
    ],
)
def test_widths_that_cannot_be_drawn_are_refused_naming_the_blanks(tmp_path, blanks, what):
    """They were drawn squeezed, or refused as "wider than its table cell" (or a ValueError)."""
    message = raises_layout_error(tmp_path, f"<blanks>{blanks}</blanks>")
    assert f"<blanks> at rendered markup line 2: {what}" in message
