"""Text that is not all there: shortened with an ellipsis, or drawn past the edge of its box.

handouts itself never shortens text (the footer, header and cover sheets
wrap or shrink instead), so an ellipsis at the end of a line is what
truncation leaves behind, here or in a PDF from elsewhere. Text wider than
the cell, column or call-out it was set in (an unbreakable word in a narrow
column) runs into its neighbour or off its shading; the renderer records
each text's box and where its lines really end, so that is found from the
drawing (it cannot be told from a finished file).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from handouts.inspection.document import Document
from handouts.inspection.registry import Finding, check, quote

# A line that ends in an ellipsis (one character, or three dots) right after other text: cut text.
ELIDED = re.compile(r"[^\s.]\s?(?:\u2026|\.\.\.)$")
# What every line ELIDED finds ends with (it is searched for only there: a search tries every position).
_ELLIPSES = ("\u2026", "...")
TOLERANCE = 1.0


@check("elided")
def elided_text(doc: Document) -> Iterator[Finding]:
    """A line of text that ends in an ellipsis has most likely been cut to fit."""
    for text in doc.texts:
        line = text.text.rstrip()
        if line.endswith(_ELLIPSES) and ELIDED.search(line):
            yield Finding(
                text.page,
                text.x0,
                text.y1,
                quote(line[-40:]),
                "ends in an ellipsis, so part of it was probably cut off to fit",
                "print the whole text: let it wrap, or shorten it at the source",
                warning=True,
            )


@check("clipped", modes=("drawn",))
def text_past_its_box(doc: Document) -> Iterator[Finding]:
    """Text whose lines run past the left or right edge of the box it was set in."""
    rendered = doc.rendered
    if rendered is None:
        return
    for box in rendered.boxes:
        if box.text_extent is None or not box.text.strip() or box.font_size <= 0:
            continue
        start, end = box.text_extent
        over = max(box.x0 - start, end - box.x1)
        if over > TOLERANCE:
            yield Finding(
                box.page,
                box.x0,
                box.y1,
                quote(box.text),
                f"runs {over:.1f} pt past the edge of its box (a table cell, column or call-out), "
                "where it is cut off or printed over what is next to it",
                "give the column more room, or put a space or a break point (/ - ?) in the long word",
                warning=True,
            )
