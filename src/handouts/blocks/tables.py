"""Tables: header rows that repeat on every page, zebra rows, spans, tagged cells.

Structure: Table > THead > TR > TH (Scope Column), then TBody > TR > TH
(Scope Row) or TD. Repeated header rows on later pages are drawn by the same
cell wrappers a second time, which `tagging.Tagged` turns into artifacts.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import white
from reportlab.platypus.flowables import Flowable

from ..markup import Element
from ..tagging import StructNode
from .base import BuildContext, builder
from .grid import grid
from .inline import plain_paragraph
from .text import flow


@builder("table")
def build_table(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    # A row a loop left empty has nothing to show (and a table of only such rows made ReportLab fail).
    rows = [row for row in element.elements() if row.elements()]
    if not rows:
        return []
    header_rows = min(element.attrs["header-rows"], len(rows))
    small = element.attrs["size"] == "small"
    columns = max(sum(cell.attrs["colspan"] for cell in row.elements()) for row in rows)
    table_node = ctx.tagger.node("Table", parent)
    if element.attrs.get("caption"):
        table_node.alt = element.attrs["caption"]
    head = ctx.tagger.node("THead", table_node) if header_rows else None
    body = ctx.tagger.node("TBody", table_node)
    data: list[list[Any]] = []
    commands: list[tuple] = []
    colors = ctx.styles.colors
    for r, row in enumerate(rows):
        in_head = r < header_rows
        row_node = ctx.tagger.node("TR", head if in_head else body)
        cells: list[Any] = []
        c = 0
        for cell in row.elements():
            span = min(cell.attrs["colspan"], columns - c)
            if cell.tag == "th":
                scope = cell.attrs.get("scope") or ("col" if in_head else "row")
                role, style = "TH", ("th" if in_head else "th-row")
                attrs = {"owner": "Table", "Scope": "Column" if scope == "col" else "Row"}
            else:
                role, style, attrs = "TD", "td", {}
            if small:
                style += "-small"
            cell_node = ctx.tagger.node(role, row_node, attrs=attrs)
            cell_node.style = "td-small" if small else "td"
            content = flow(
                cell, ctx, style, lambda n=cell_node: n, cell_node, cell.attrs["align"], bold=cell.tag == "th"
            )
            if not content:
                content = [plain_paragraph("\u00a0", style, ctx, None)]
            cells.append(content)
            if span > 1:
                commands.append(("SPAN", (c, r), (c + span - 1, r)))
                cells.extend([""] * (span - 1))
            c += span
        while c < columns:
            cells.append(plain_paragraph("\u00a0", "td-small" if small else "td", ctx, None))
            c += 1
        data.append(cells)
    pad = 3.5 if small else 4.5
    commands += [
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad - 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad - 0.5),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.5, colors.rule),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.primary))
    if element.attrs["zebra"] and len(rows) > header_rows:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [white, colors.background]))
    table = grid(
        data,
        _widths(element.attrs.get("widths"), columns),
        commands,
        ctx.tagger,
        ctx.styles.fonts.regular,
        repeat_rows=header_rows,
        ident=ctx.label(element),
    )
    table.spaceBefore = 2
    table.spaceAfter = 8
    return [table]


def _widths(spec: tuple | None, columns: int) -> list[Any]:
    if not spec:
        return ["*"] * columns
    widths: list[Any] = []
    for kind, value in spec[:columns]:
        widths.append("*" if kind == "*" else f"{value:g}%" if kind == "%" else value)
    widths += ["*"] * (columns - len(widths))
    return widths
