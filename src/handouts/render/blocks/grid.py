"""One way to make a platypus Table whose decoration is tagged as artifacts.

Tables carry lists, call-outs and real tables. ReportLab draws a table's
backgrounds and grid lines itself; its render callback brackets them so a
screen reader never meets a cell shading as content, while the cell
flowables tag themselves.
"""

from __future__ import annotations

import contextlib
from typing import Any

from reportlab.platypus import Table
from reportlab.platypus.doctemplate import FrameBreak, LayoutError

from handouts.tagging import rlcompat
from handouts.tagging.keeps import KeepEdge
from handouts.tagging.tagger import Tagger

_OPEN = {"startBG", "startLines"}
_CLOSE = {"endBG", "endLines"}


class TooWide(LayoutError):
    """A table whose fixed column widths add up to more than the room it was given.

    ReportLab draws such a table past the margin without a word (its own
    bounds check only runs when a table is split), so `PageTable` checks on
    every wrap and `render` turns this into an error naming the element.
    """

    def __init__(self, ident: str, width: float, room: float) -> None:
        super().__init__(
            f"{ident} is {width / 72:.2f}in wide but only {room / 72:.2f}in is available; too wide for the page"
        )
        self.ident, self.width, self.room = ident, width, room


class PageTable(Table):
    """A Table with plainly resolved column widths that is never wider than its room, and
    whose continuation, once split at the foot of a page, starts on the next page.

    Widths: ReportLab sizes ``*`` and ``%`` columns so that no column is
    narrower than its longest word; one long unbroken word in role data (a
    web address) then squeezes the other columns below their own minimum,
    and the build failed with "too wide for cell". Our paragraphs split long
    words anyway, so widths are resolved here: fixed widths as given, ``%``
    of the room, ``*`` an equal share of the rest. Where everything fits
    this is what ReportLab gives too.

    Splits: without the FrameBreak, ReportLab offers the rest of a table
    split between rows to the space left on the same page, and then splits
    inside the next row there: the header rows get repeated in the middle of
    the page. Only a split asked for by the page frame (not a split inside a
    table cell) is changed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._width_spec = list(rlcompat.table_widths(self))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if any(not isinstance(w, (int, float)) for w in self._width_spec):
            rlcompat.set_table_widths(self, resolve_widths(self._width_spec, availWidth))
        width, height = super().wrap(availWidth, availHeight)
        if width > availWidth + 0.5:
            raise TooWide(self.ident or "a table", width, availWidth)
        return width, height

    # True when a cell holds a keep group (`<keep>`, a chart with its title, a QR code with its address).
    holds_keeps = False

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        frame = rlcompat.placing_frame(self)
        if self.holds_keeps and frame is not None and not rlcompat.frame_at_top(frame):
            # A box (columns, a call-out) holding a keep group moves whole to the next page when it fits
            # there, so the group is not torn; a box taller than a page still splits, on a fresh page.
            _, page_height = rlcompat.frame_size(frame)
            _, height = rlcompat.drawn_size(self)
            if height is not None and height <= page_height:
                return []
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and rlcompat.placed_in_frame(self):
            return [parts[0], FrameBreak(), parts[1]]
        return parts

    def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float) -> Any:
        """Split a cell's content inside its padding: see `padded_split`."""
        inner, width = padded_split(style, width)
        return super()._splitCell(value, inner, oldHeight, newHeight, width)


def padded_split(style: Any, width: float) -> tuple[Any, float]:
    """The cell style and width to split a cell's content with, so the first part fits inside the padding.

    ReportLab (checked on 5.0.0 and 5.1.0) splits a cell's flowables at the
    column's full width, padding included, and fills the first part down to
    the cut with no room for the bottom padding. At the full width a
    paragraph has fewer lines than where it is drawn, so the first part came
    out taller than the room: the last lines of a call-out split at the foot
    of a page were drawn over the footer. The style handed on has no side
    padding (the width is the content's own) and the bottom padding counted
    with the top, so the cut leaves room for it; the cell keeps its own style.
    """
    inner = style.copy()
    inner.leftPadding = inner.rightPadding = 0
    inner.topPadding = style.topPadding + style.bottomPadding
    return inner, width - style.leftPadding - style.rightPadding


def resolve_widths(spec: list[Any], room: float) -> list[float]:
    """Column widths in points: numbers as given, "N%" of ``room``, "*" (or None) an equal share of what is left."""
    fixed = sum(w for w in spec if isinstance(w, (int, float)))
    percent = sum(float(w[:-1]) * room / 100 for w in spec if isinstance(w, str) and w.endswith("%"))
    stars = sum(1 for w in spec if w is None or w == "*")
    share = max(0.0, room - fixed - percent) / stars if stars else 0.0
    widths: list[float] = []
    for w in spec:
        if isinstance(w, (int, float)):
            widths.append(float(w))
        elif isinstance(w, str) and w.endswith("%"):
            widths.append(float(w[:-1]) * room / 100)
        else:
            widths.append(share)
    return widths


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

    # ReportLab reports the start and the end of the shading and of the rules in separate callbacks:
    # the artifact sequence is entered at one and closed at the other.
    decoration = contextlib.ExitStack()

    def on_render(table: Table, event: str, *args: Any) -> None:
        if event in _OPEN:
            decoration.enter_context(tagger.marked(table.canv, None))
        elif event in _CLOSE:
            decoration.close()

    style = [("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "TOP"), *commands]
    table = PageTable(
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
    table.holds_keeps = any(_holds_keep(cell) for row in data for cell in row)
    return table


def _holds_keep(cell: Any) -> bool:
    """Whether a cell's content has a keep group, directly or in a box (a call-out in a column) inside it."""
    items = cell if isinstance(cell, (list, tuple)) else [cell]
    return any(isinstance(item, KeepEdge) or getattr(item, "holds_keeps", False) for item in items)
