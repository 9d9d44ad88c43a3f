"""Fit a handout to its page budget: the steps tried, in order, and what a page's fill is.

A layout is written for the examples' brands; another school's font, paper,
footer or data can push it a page over, or leave a continuation page with a
line or two on it. Rather than refuse, the build tries a few fixed steps,
the smallest first, and keeps the first result that fits (`build.py` runs
the loop). Each step keeps every earlier one:

1. as designed;
2. tighter spacing (less space between blocks, lines and table cells);
3. balanced columns: tables marked ``balance="true"`` share their ``*``
   columns by what each holds (when the handout has such a table);
4. rebalanced across pages: when the handout kept its budget but ended
   on a nearly empty page, it is set as designed (columns balanced) with
   its ``<pagebreak when="rebalance"/>`` taken (a layout puts one where a
   second page may start: the pathway sheet's table), so both pages hold
   a fair share; tried only where the layout has such a break;
5. smaller headings: headings and the lead a step down the type scale;
6. normal tables set at the small size (9 pt). Body text stays 10 pt at
   every step: that, and 9 pt for tables, is the floor;
7. the parts the layout marks ``optional="true"`` left out, one at a time,
   the last in the handout first (closing notes before the introduction).

Balancing changes little (the same text, the same sizes, columns a little
unequal) but costs: measuring every cell at a dozen widths is about half a
render, which a handout that fits as designed, or with tighter spacing
(most that run over: a longer name, a wider font), does not pay. A fair
share on two pages comes before smaller type or anything left out:
nothing is lost.

A layout bounds how far fitting may go with ``fit`` on ``<handout>``
(``none``, ``spacing``, ``type`` or ``optional``, the default). The steps
are fixed, so fitting is deterministic: the same inputs give the same
step and the same bytes. A normal build that fits as designed renders once;
a step that does not fit is only laid out (its page count and what it drew
decide), and only the step kept is written as a PDF (`document.LaidOut`).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.render.styles import DEFAULT_SCALE, TypeScale
from handouts.tagging.nodes import DrawnBox

BOUNDS = ("none", "spacing", "type", "optional")
# A continuation page whose content reaches less than this share down the frame is nearly empty
# (as inspection's near-empty check counts it).
MIN_FILL = 0.30
# A sample of ordinary English text, to compare how wide two fonts set the same words.
SAMPLE = "Medical assistants check patients in, take vital signs and help the doctor; pay 40,000 a year."


@dataclass(frozen=True)
class Fit:
    """One fitting step: the type scale to set in, and whether optional parts are left out."""

    step: str
    scale: TypeScale
    drop_optional: int = 0  # how many optional blocks to leave out, counted from the end of the handout
    rebalance: bool = False  # take the layout's <pagebreak when="rebalance"/>
    balance: bool = False  # share balance="true" tables' columns by content


def steps(
    bound: str = "optional",
    optional: int = 0,
    base: TypeScale = DEFAULT_SCALE,
    *,
    balance: bool = False,
    rebalance: bool = False,
) -> list[Fit]:
    """The steps to try, smallest first, up to and including ``bound`` (one of `BOUNDS`).

    ``optional``: how many blocks the handout marks optional (one step for each); ``balance``: it has a
    balance="true" table; ``rebalance``: it has a <pagebreak when="rebalance"/>.
    """
    every = [Fit("as designed", base)]
    if bound == "none":
        return every
    tight = base.tightened()
    every.append(Fit("tighter spacing", tight))
    if balance:
        every.append(Fit("columns balanced", tight, balance=True))
    if rebalance:
        every.append(Fit("rebalanced across pages", base, rebalance=True, balance=balance))
    if bound == "spacing":
        return every
    stepped = tight.stepped()
    every.append(Fit("smaller headings", stepped, balance=balance))
    # Smaller table type (never under 9 pt) comes before leaving anything out: a reader loses less.
    small = stepped.small_tables()
    if small != stepped:  # (tables are already at 9 pt in the standard edition: no step, no extra render)
        every.append(Fit("tables set small", small, balance=balance))
    dropped = optional if bound == "optional" else 0
    every += [
        Fit(f"{n} optional part{'s' if n > 1 else ''} left out", small, n, balance=balance)
        for n in range(1, dropped + 1)
    ]
    return every


def page_fill(boxes: list[DrawnBox], page_size: tuple[float, float], margins: tuple[float, ...]) -> dict[int, float]:
    """How far down the body frame each page's content reaches (0 to 1), from what the renderer drew."""
    top, _, bottom, _ = margins
    frame_top, frame_height = page_size[1] - top, page_size[1] - top - bottom
    lowest: dict[int, float] = {}
    for box in boxes:
        if box.artifact:
            continue
        lowest[box.page] = min(lowest.get(box.page, box.y0), box.y0)
    return {page: (frame_top - y) / frame_height if frame_height > 0 else 1.0 for page, y in lowest.items()}


def nearly_empty_last_page(
    pages: int, boxes: list[DrawnBox], page_size: tuple[float, float], margins: tuple[float, ...]
) -> bool:
    """True when a handout of two or more pages ends on a page holding only a few lines."""
    if pages < 2:
        return False
    fill = page_fill(boxes, page_size, margins)
    return fill.get(pages - 1, 1.0) < MIN_FILL


def width_ratio(font: str, default: str) -> float:
    """How much wider ``font`` sets ordinary text than ``default`` (1.18: 18% wider)."""
    return stringWidth(SAMPLE, font, 10) / stringWidth(SAMPLE, default, 10)
