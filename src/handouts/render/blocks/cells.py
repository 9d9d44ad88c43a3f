"""One table cell's content and structure node, shared by the grid and the stacked form of a table."""

from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable

from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext
from handouts.render.blocks.inline import plain_paragraph
from handouts.render.blocks.text import flow
from handouts.tagging.tagger import StructNode


def build_cell(
    cell: Element,
    ctx: BuildContext,
    row: StructNode,
    *,
    in_head: bool,
    small: bool,
    colspan: int = 1,
    rowspan: int = 1,
    scope: str | None = None,
) -> list[Flowable]:
    """A cell's flowables, tagged TH (with its Scope) or TD under ``row``; a blank paragraph when empty.

    ``scope`` overrides the cell's own (a stacked table's role name heads its block, a label its row).
    """
    filler = "td-small" if small else "td"
    if cell.tag == "th":
        scope = scope or cell.attrs.get("scope") or ("col" if in_head else "row")
        role, style = "TH", ("th" if in_head else "th-row")
        attrs: dict[str, Any] = {"owner": "Table", "Scope": "Column" if scope == "col" else "Row"}
    else:
        role, style, attrs = "TD", "td", {"owner": "Table"}
    if colspan > 1:
        attrs["ColSpan"] = colspan
    if rowspan > 1:
        attrs["RowSpan"] = rowspan
    if len(attrs) == 1:
        attrs = {}
    if small:
        style += "-small"
    cell_node = ctx.tagger.node(role, row, attrs=attrs)
    cell_node.style = filler

    def cell_run(node: StructNode = cell_node) -> StructNode:  # every run of text is the cell itself
        return node

    content = flow(cell, ctx, style, cell_run, cell_node, cell.attrs["align"])
    return content or [plain_paragraph("\u00a0", style, ctx, None)]


def blank_cell(ctx: BuildContext, small: bool) -> Flowable:
    """An untagged blank, for a grid position no cell covers."""
    return plain_paragraph("\u00a0", "td-small" if small else "td", ctx, None)
