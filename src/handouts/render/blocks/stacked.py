"""A table too narrow for its type size, set as one block per column: the stacked form.

In large print (18 pt) the comparison's "At a glance" table, a label column
and one column per career, left two or three words a line in each career's
column. Stacked, each career becomes a block of its own: its name in a
heading row across the block, then one row per label, the label beside its
value. Each block is tagged as a table of its own, THead > TR > TH (Scope
Column) for the name and TBody > TR > TH (Scope Row) + TD for each row, so a
screen reader still hears "Primary focus: ..." under the career's name.
Blocks split between rows like any table and repeat their heading row on
the next page.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import white
from reportlab.platypus.flowables import Flowable

from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext
from handouts.render.blocks.cells import build_cell
from handouts.render.blocks.grid import grid
from handouts.tagging.tagger import StructNode

# A column whose text would be narrower than this many ems of the cell's type size is too narrow to read
# comfortably (about 25 characters a line): the table is stacked. The built-in layouts' columns are 15 ems
# and wider at the standard sizes, 8.5 to 11.5 ems in large print.
STACK_BELOW_EMS = 12.0
LABEL_SHARE = "30%"  # the label column of a stacked block: the labels ("Education and program length") wrap less


def build_stacked(
    element: Element,
    cells: dict[tuple[int, int], Element],
    rows: int,
    data_columns: list[int],
    labelled: bool,
    ctx: BuildContext,
    parent: StructNode,
) -> list[Flowable]:
    """One block per column in ``data_columns``: its header cell (row 0) as a heading row, then its body rows.

    ``cells`` maps (row, column) to the cell there; ``labelled``: column 0 holds the row labels.
    """
    small = element.attrs["size"] == "small"
    pad = 3.5 if small else 4.5
    space = ctx.styles.scale.space
    colors = ctx.styles.colors
    blocks: list[Flowable] = []
    for number, column in enumerate(data_columns):
        table_node = ctx.tagger.node("Table", parent)
        head_row = ctx.tagger.node("TR", ctx.tagger.node("THead", table_node))
        body = ctx.tagger.node("TBody", table_node)
        span = 2 if labelled else 1
        heading = build_cell(cells[(0, column)], ctx, head_row, in_head=True, small=small, colspan=span, scope="col")
        data: list[list[Any]] = [[heading, ""] if labelled else [heading]]
        for r in range(1, rows):
            row_node = ctx.tagger.node("TR", body)
            value = cells[(r, column)]
            if labelled:
                label = build_cell(cells[(r, 0)], ctx, row_node, in_head=False, small=small, scope="row")
                data.append([label, build_cell(value, ctx, row_node, in_head=False, small=small)])
            else:
                data.append([build_cell(value, ctx, row_node, in_head=False, small=small)])
        commands: list[tuple] = [
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), space(pad - 1)),
            ("BOTTOMPADDING", (0, 0), (-1, -1), space(pad - 0.5)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.rule),
            ("BACKGROUND", (0, 0), (-1, 0), colors.band),
        ]
        if labelled:
            commands.append(("SPAN", (0, 0), (1, 0)))
        # The heading row stays with the first row, and the last row is never left alone at the top of a
        # page (a block's tail of one row made a page of the large-print comparison nearly empty).
        commands.append(("NOSPLIT", (0, 0), (-1, 1)))
        if rows > 3:
            commands.append(("NOSPLIT", (0, rows - 2), (-1, rows - 1)))
        if element.attrs["zebra"] and rows > 1:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, colors.background]))
        block = grid(
            data,
            [LABEL_SHARE, "*"] if labelled else ["*"],
            commands,
            ctx.tagger,
            ctx.styles.fonts.regular,
            repeat_rows=1,
            ident=ctx.label(element),
        )
        block.spaceBefore = space(2) if number == 0 else space(6)
        block.spaceAfter = space(8) if number == len(data_columns) - 1 else 0
        blocks.append(block)
    return blocks
