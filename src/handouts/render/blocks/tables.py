"""Tables: header rows that repeat on every page, zebra rows, spans, tagged cells.

Structure: Table > THead > TR > TH (Scope Column), then TBody > TR > TH
(Scope Row) or TD; spanning cells carry ColSpan/RowSpan. Repeated header
rows on later pages are drawn by the same cell wrappers a second time,
which `tagging.Tagged` turns into artifacts.

Cells are placed on a grid the way HTML does it: a cell goes into the first
column of its row not already covered by a row span from above.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import white
from reportlab.platypus.flowables import Flowable

from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, builder
from handouts.render.blocks.cells import blank_cell, build_cell
from handouts.render.blocks.grid import grid, resolve_widths
from handouts.render.blocks.stacked import STACK_BELOW_EMS, build_stacked
from handouts.tagging.tagger import StructNode


@dataclass
class _Placed:
    cell: Element
    row: int
    col: int
    colspan: int
    rowspan: int


def place_cells(rows: list[Element], header_rows: int) -> tuple[list[_Placed], int]:
    """Each cell's grid position and spans, and the number of columns.

    A row span never crosses from the header rows into the body (it is cut at
    the boundary), so repeated headers stay whole.
    """
    covered: set[tuple[int, int]] = set()
    placed: list[_Placed] = []
    columns = 0
    for r, row in enumerate(rows):
        section_end = header_rows if r < header_rows else len(rows)
        c = 0
        for cell in row.elements():
            while (r, c) in covered:
                c += 1
            colspan = cell.attrs["colspan"]
            rowspan = min(cell.attrs["rowspan"], section_end - r)
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, c + dc))
            placed.append(_Placed(cell, r, c, colspan, rowspan))
            c += colspan
            columns = max(columns, c)
    return placed, columns


@builder("table")
def build_table(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    # A row a loop left empty has nothing to show (and a table of only such rows made ReportLab fail).
    rows = [row for row in element.elements() if row.elements()]
    if not rows:
        return []
    header_rows = min(element.attrs["header-rows"], len(rows))
    small = element.attrs["size"] == "small"
    placed, columns = place_cells(rows, header_rows)
    stack = stacking(element, placed, columns, header_rows, ctx)
    if stack is not None:
        cells = {(p.row, p.col): p.cell for p in placed}
        return build_stacked(element, cells, len(rows), stack[0], stack[1], ctx, parent)
    table_node = ctx.tagger.node("Table", parent)
    if element.attrs.get("caption"):
        table_node.alt = element.attrs["caption"]
    head = ctx.tagger.node("THead", table_node) if header_rows else None
    body = ctx.tagger.node("TBody", table_node)
    row_nodes = [ctx.tagger.node("TR", head if r < header_rows else body) for r in range(len(rows))]
    data: list[list[Any]] = [[None] * columns for _ in rows]
    commands: list[tuple] = []
    for p in placed:
        data[p.row][p.col] = build_cell(
            p.cell,
            ctx,
            row_nodes[p.row],
            in_head=p.row < header_rows,
            small=small,
            colspan=p.colspan,
            rowspan=p.rowspan,
        )
        last = (p.col + p.colspan - 1, p.row + p.rowspan - 1)
        if last != (p.col, p.row):
            commands.append(("SPAN", (p.col, p.row), last))
        if p.cell.attrs["valign"] != "top":
            commands.append(("VALIGN", (p.col, p.row), (p.col, p.row), p.cell.attrs["valign"].upper()))
        for dr in range(p.rowspan):
            for dc in range(p.colspan):
                if (dr, dc) != (0, 0):
                    data[p.row + dr][p.col + dc] = ""
    for row in data:
        for c, value in enumerate(row):
            if value is None:
                row[c] = blank_cell(ctx, small)
    pad = 3.5 if small else 4.5
    space = ctx.styles.scale.space  # cell padding above and below tightens with the fitting step
    colors = ctx.styles.colors
    commands += [
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), space(pad - 1)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), space(pad - 0.5)),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.5, colors.rule),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.band))
    if element.attrs["zebra"] and len(rows) > header_rows:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [white, colors.background]))
    table = grid(
        data,
        column_widths(element.attrs.get("widths"), columns),
        commands,
        ctx.tagger,
        ctx.styles.fonts.regular,
        repeat_rows=header_rows,
        ident=ctx.label(element),
        # A balanced column is never narrower than the width at which the table would have been stacked.
        balance_min=STACK_BELOW_EMS * ctx.styles["td-small" if small else "td"].fontSize + 2 * pad
        if element.attrs["balance"] and ctx.balance_columns
        else None,
    )
    table.spaceBefore = space(2)
    table.spaceAfter = space(8)
    return [table]


def stacking(
    element: Element, placed: list[_Placed], columns: int, header_rows: int, ctx: BuildContext
) -> tuple[list[int], bool] | None:
    """The columns to stack and whether column 0 labels the rows, or None to set the table as a grid.

    A table is stacked when the narrowest column holding values (a column of
    row labels aside, and columns given a fixed length) would be narrower
    than `STACK_BELOW_EMS` ems of its cell text at the current type size, on
    the page's full width. Only a
    plain table can be: one header row, every position filled, no spans.
    A table inside a column or call-out is judged on the page's width too,
    so it may stay a grid where it is narrower still.
    """
    rows = max(p.row for p in placed) + 1
    if header_rows != 1 or columns < 2 or rows < 2 or len(placed) != rows * columns:
        return None
    if any(p.colspan > 1 or p.rowspan > 1 for p in placed):
        return None
    cells = {(p.row, p.col): p.cell for p in placed}
    labelled = all(cells[(r, 0)].tag == "th" for r in range(1, rows))
    data_columns = list(range(1 if labelled else 0, columns))
    if not data_columns:
        return None
    small = element.attrs["size"] == "small"
    pad = 3.5 if small else 4.5
    em = ctx.styles["td-small" if small else "td"].fontSize
    spec = column_widths(element.attrs.get("widths"), columns)
    widths = resolve_widths(spec, ctx.frame_width)
    # A column given a fixed length (a tick column of 14pt) is narrow on purpose: only shares are judged.
    shares = [widths[c] for c in data_columns if not isinstance(spec[c], (int, float))]
    if not shares or min(shares) - 2 * pad >= STACK_BELOW_EMS * em:
        return None
    return data_columns, labelled


def column_widths(spec: tuple | None, columns: int) -> list[Any]:
    """ReportLab column widths from the vocabulary's parsed ``widths``: "30%", "*" or points."""
    if not spec:
        return ["*"] * columns
    widths: list[Any] = []
    for kind, value in spec[:columns]:
        widths.append("*" if kind == "*" else f"{value:g}%" if kind == "%" else value)
    widths += ["*"] * (columns - len(widths))
    return widths
