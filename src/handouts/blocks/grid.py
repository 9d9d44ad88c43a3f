"""One way to make a platypus Table whose decoration is tagged as artifacts.

Tables carry lists, call-outs and real tables. ReportLab draws a table's
backgrounds and grid lines itself; its render callback brackets them so a
screen reader never meets a cell shading as content, while the cell
flowables tag themselves.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table

from ..tagging import Tagger

_OPEN = {"startBG", "startLines"}
_CLOSE = {"endBG", "endLines"}


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
    return Table(
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
