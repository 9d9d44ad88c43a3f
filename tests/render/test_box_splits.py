"""A call-out split at the foot of a page stays inside the page frame and its own box.

ReportLab cut a box's content at the width of the whole cell, its padding
included, where each line holds a word or so more than where it is drawn:
the part left on the page was then a few lines taller than the room, and
its last list item ran over the footer (seen in the large-print comparison,
but any size could do it). The items here are made of equal words, so a
line at the cell's full width holds one word more than at the content's
width and every item is taller where it is drawn than where it was measured;
the call-out is then slid down the page until the break has fallen inside
several items.
"""

from __future__ import annotations

import re

from handouts.build import Inputs, render_handout
from handouts.inspection import inspect_rendered
from tests.conftest import PAIR
from tests.support.layoutkit import write_layout
from tests.support.pdfcheck import Pdf

ITEMS = 8
OFFSETS = range(200, 560, 40)  # spacer heights in points: the page breaks inside the list's 7th item ... 1st
# Word lengths: at least one of them leaves more slack at the end of a line than the box's side padding.
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _item(index: int) -> str:
    word = LETTERS[: 7 + index % 5]
    return f"<li><b>Marker {index}:</b> " + " ".join([word] * (28 + 6 * (index % 3))) + "</li>"


CALLOUT = (
    '<callout tone="note" title="Why sources differ"><p>Figures change with the year and the source.</p><ul>'
    + "".join(_item(i) for i in range(ITEMS))
    + "</ul></callout>"
)


def _render(tmp_path, offset: int):
    folder = tmp_path / str(offset)
    folder.mkdir()
    body = f'<spacer height="{offset}pt"/>\n' + CALLOUT
    layouts = write_layout(folder, body, attrs='fit="none"')
    rendered, _ = render_handout("t", PAIR, Inputs(layouts=[layouts]))
    return rendered


def _outside_frame(rendered, pdf: Pdf) -> list[str]:
    """Characters below the page frame or beside it, the footer's own line ("... Page N of M") aside.

    (The header band above the frame is the page's own furniture; the body starts below it.)
    """
    _, right, bottom, left = rendered.margins
    width, height = rendered.page_size
    bad = []
    for number, chars in enumerate(pdf.chars, start=1):
        lines: dict[float, list[dict]] = {}
        for c in chars:
            lines.setdefault(round(c["bottom"]), []).append(c)
        for line in lines.values():
            if f"Page {number} of" in "".join(c["text"] for c in line):
                continue
            for c in line:
                if c["text"].isspace():
                    continue
                if c["x0"] < left - 0.5 or c["x1"] > width - right + 0.5 or c["bottom"] > height - bottom + 0.5:
                    bad.append(f"page {number}: {c['text']!r} at ({c['x0']:.1f}, {c['bottom']:.1f})")
    return bad


def test_a_callout_split_across_pages_stays_inside_the_frame(tmp_path):
    split_inside_items = 0
    for offset in OFFSETS:
        rendered = _render(tmp_path, offset)
        pdf = Pdf(rendered.pdf)
        assert len(pdf.pages) == 2, offset
        assert _outside_frame(rendered, pdf) == [], offset
        # Nothing over the footer, and no line of the box over its own edge (inspection reads the PDF back).
        # (The second page holds only the rest of the box: that it is nearly empty is beside the point.)
        problems = [str(p) for p in inspect_rendered(rendered, "t.pdf") if "% filled" not in p.what]
        assert problems == [], offset
        found = sorted(int(n) for n in re.findall(r"Marker (\d+)", pdf.text))
        assert found == list(range(ITEMS)), offset  # every item printed, once
        first_page = pdf.pages[0]
        on_first = [int(n) for n in re.findall(r"Marker (\d+)", first_page)]
        split_inside_items += bool(on_first) and max(on_first) < ITEMS - 1  # (none: the break fell before the list)
    assert split_inside_items >= 4  # the break really fell inside the list, at several places
