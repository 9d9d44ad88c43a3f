"""One way to make a platypus Table whose decoration is tagged as artifacts.

Tables carry lists, call-outs and real tables. ReportLab draws a table's
backgrounds and grid lines itself; its render callback brackets them so a
screen reader never meets a cell shading as content, while the cell
flowables tag themselves.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table
from reportlab.platypus.doctemplate import FrameBreak, LayoutError

from ..tagging import Tagger

_OPEN = {"startBG", "startLines"}
_CLOSE = {"endBG", "endLines"}


class PageTable(Table):
    """A Table whose continuation, once split at the foot of a page, starts on the next page.

    Without this, ReportLab offers the rest of a table split between rows
    to the space left on the same page, and then splits inside the next row
    there: the header rows get repeated in the middle of the page. Only a
    split asked for by the page frame (not a split inside a table cell) is
    changed.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = super().wrap(availWidth, availHeight)
        if width > availWidth + 0.5:
            # ReportLab would draw it past the margin without a word; say so instead.
            raise LayoutError(
                f"{self.ident or 'a table'} is {width / 72:.2f}in wide but only {availWidth / 72:.2f}in is "
                "available; too wide for the page"
            )
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and getattr(self, "_frame", None) is not None:
            return [parts[0], FrameBreak(), parts[1]]
        return parts


def grid(
    data: list[list[Any]],
    col_widths: list[Any],
    commands: list[tuple],
    tagger: Tagger,
    font: str,
    repeat_rows: int = 0,
    ident: str = "",
) -> Table:
    """A Table with artifact-tagged decoration, splitting by row and within tall rows."""

    def on_render(table: Table, event: str, *args: Any) -> None:
        if event in _OPEN:
            tagger.begin(table.canv, None)
        elif event in _CLOSE:
            tagger.end(table.canv)

    style = [("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "TOP"), *commands]
    return PageTable(
        data,
        colWidths=col_widths,
        style=style,
        repeatRows=repeat_rows,
        splitByRow=1,
        splitInRow=24,
        hAlign="LEFT",
        renderCB=on_render,
        ident=ident,
    )
