"""Two- and three-column sections, read column by column.

A section is a one-row table whose cells hold each column's blocks. The
structure nodes of column one are all made before those of column two, so
the structure tree (the reading order of a screen reader) goes down the
first column, then the second, whatever the eye does. The row splits across
pages like any tall table row, each column continuing on the next page.
"""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, build_children, builder
from handouts.render.blocks.grid import grid, resolve_widths
from handouts.render.blocks.tables import column_widths
from handouts.tagging.tagger import StructNode

NARROWEST_EMS = 10  # a column narrower than 10 ems of body text (about 20 characters a line) is stacked


@builder("columns")
def build_columns(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    section = ctx.tagger.node("Div", parent)
    columns = element.elements()
    widths = column_widths(element.attrs.get("widths"), len(columns))
    gaps = element.attrs["gap"] * (len(columns) - 1)
    # Too narrow for its type (large print sets 18 pt in a 2.2 in column: two words a line, and a call-out
    # torn from its QR code when the row splits): the columns follow one another, full width, in the order
    # they are read anyway, and their blocks are page-level blocks (headings and call-outs keep their room).
    stacked = min(resolve_widths(widths, ctx.frame_width - gaps)) < NARROWEST_EMS * ctx.styles.scale.body
    cells: list[list[Flowable] | str] = []
    for column in columns:
        node = ctx.tagger.node("Div", section)
        node.style = "column-stacked" if stacked else "column"
        cells.append(build_children(column, ctx, node) or "")
    if not any(cells):
        return []
    kept = [cell for cell in cells if cell]
    if stacked:
        return [flowable for cell in kept for flowable in cell]
    if len(kept) == 1 and any(id(e) in ctx.dropped for column in columns for e in column.walk()):
        # Fitting left a column's only content out: the other column takes the width, not half a page of
        # white beside it.
        return list(kept[0])
    half_gap = element.attrs["gap"] / 2
    last = len(columns) - 1
    commands = [
        ("LEFTPADDING", (0, 0), (-1, -1), half_gap),
        ("RIGHTPADDING", (0, 0), (-1, -1), half_gap),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("RIGHTPADDING", (last, 0), (last, 0), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    table = grid(
        [cells],
        widths,
        commands,
        ctx.tagger,
        ctx.styles.fonts.regular,
        ident=ctx.label(element),
    )
    table.spaceAfter = ctx.styles.scale.space(6)
    return [table]
