"""One way to make a platypus Table whose decoration is tagged as artifacts.

Tables carry lists, call-outs and real tables. ReportLab draws a table's
backgrounds and grid lines itself; its render callback brackets them so a
screen reader never meets a cell shading as content, while the cell
flowables tag themselves.
"""

from __future__ import annotations

import contextlib
import itertools
import math
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
        self._balance_cache: dict[float, list[float]] = {}

    # Set by `grid`: the narrowest a balanced column may be, or None to share ``*`` columns equally.
    balance_min: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if any(not isinstance(w, (int, float)) for w in self._width_spec):
            widths = resolve_widths(self._width_spec, availWidth)
            if self.balance_min is not None:
                widths = self._balanced(widths)
            rlcompat.set_table_widths(self, widths)
        width, height = super().wrap(availWidth, availHeight)
        if width > availWidth + 0.5:
            raise TooWide(self.ident or "a table", width, availWidth)
        return width, height

    def _balanced(self, widths: list[float]) -> list[float]:
        """``widths`` with the ``*`` columns' room shared by what they hold, so the table is as short as it can be.

        Side by side, one career's column can hold twice the text of
        another's; equal shares then leave the short column half empty and
        every row as tall as the long one makes it. The room is cut into
        `BALANCE_UNITS` and the sharing that gives the shortest table is
        found (each column between `BALANCE_RANGE` times its equal share
        and never under ``balance_min``) from each cell's measured heights.
        The equal shares stay unless another way saves 2% of the height:
        columns of the same width read as alike.
        """
        key = round(sum(widths), 2)
        found = self._balance_cache.get(key)
        if found is not None:
            return found
        stars = [c for c, w in enumerate(self._width_spec) if w is None or w == "*"]
        result = widths
        if 2 <= len(stars) <= 4:
            result = _share_by_content(self, widths, stars, self.balance_min or 0.0)
        self._balance_cache[key] = result
        return result

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


BALANCE_UNITS = 96  # steps the balanced columns' room is cut into (a whole number of them for 2, 3 or 4 columns)
BALANCE_COARSE = 4  # the first search tries every 4th step; the second, every step near the best of the first
BALANCE_RANGE = (0.6, 1.6)  # a balanced column's width, times its equal share
BALANCE_SAVING = 0.02  # the share of the table's height another sharing must save over equal columns


def _share_by_content(table: PageTable, widths: list[float], stars: list[int], narrowest: float) -> list[float]:
    """The sharing of the ``stars`` columns' room that makes ``table`` shortest (see `PageTable._balanced`).

    Coarse to fine: every sharing in steps of `BALANCE_COARSE` units, then,
    unless equal shares came out best, every sharing within one coarse step
    of the best; each cell is measured once per width it is tried at (a
    3-column table: some 20 widths a column).
    """
    rows = rlcompat.table_rows(table)
    room = sum(widths[c] for c in stars)
    unit = room / BALANCE_UNITS
    equal = BALANCE_UNITS // len(stars)
    lowest = max(math.ceil(equal * BALANCE_RANGE[0]), math.ceil(narrowest / unit - 1e-9))
    highest = math.floor(equal * BALANCE_RANGE[1])
    if lowest >= equal or rlcompat.has_spans(table):  # (a cell across columns: no single column's height)
        return widths
    others = [
        max((rlcompat.cell_height(table, r, c, widths[c]) for c in range(len(widths)) if c not in stars), default=0.0)
        for r in range(rows)
    ]
    measured: dict[tuple[int, int], list[float]] = {}

    def column(c: int, k: int) -> list[float]:
        if (c, k) not in measured:
            measured[(c, k)] = [rlcompat.cell_height(table, r, c, k * unit) for r in range(rows)]
        return measured[(c, k)]

    def total(shares: tuple[int, ...]) -> float:
        heights = [column(c, k) for c, k in zip(stars, shares, strict=True)]
        return sum(max([others[r], *(h[r] for h in heights)]) for r in range(rows))

    def search(candidates: list[list[int]], best: tuple[int, ...], best_height: float) -> tuple[tuple[int, ...], float]:
        for shares in itertools.product(*candidates[:-1]):
            last = BALANCE_UNITS - sum(shares)
            if last in candidates[-1]:
                height = total((*shares, last))
                if height < best_height - 1e-6:
                    best, best_height = (*shares, last), height
        return best, best_height

    start = (equal,) * len(stars)
    equal_height = total(start)
    coarse = [k for k in range(lowest, highest + 1) if (k - equal) % BALANCE_COARSE == 0]
    best, best_height = search([coarse] * len(stars), start, equal_height)
    if best == start:  # (equal shares are as short as any coarse sharing: the usual case, and the cheap one)
        return widths
    near = [[k for k in range(b - BALANCE_COARSE, b + BALANCE_COARSE + 1) if lowest <= k <= highest] for b in best]
    best, best_height = search(near, best, best_height)
    if best_height > equal_height * (1 - BALANCE_SAVING):
        return widths
    balanced = list(widths)
    for c, k in zip(stars, best, strict=True):
        balanced[c] = k * unit
    # Not a hair wider than the room in floating point: ReportLab refuses to split a table wider than its room.
    balanced[stars[-1]] -= max(0.0, sum(balanced) - sum(widths)) + 1e-6
    return balanced


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
    balance_min: float | None = None,
) -> Table:
    """A Table with artifact-tagged decoration, splitting by row and within tall rows.

    ``balance_min``: share the ``*`` columns by what they hold, none narrower than this (`PageTable._balanced`).
    """

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
    table.balance_min = balance_min
    table.holds_keeps = any(_holds_keep(cell) for row in data for cell in row)
    return table


def _holds_keep(cell: Any) -> bool:
    """Whether a cell's content has a keep group, directly or in a box (a call-out in a column) inside it."""
    items = cell if isinstance(cell, (list, tuple)) else [cell]
    return any(isinstance(item, KeepEdge) or getattr(item, "holds_keeps", False) for item in items)
