"""Bulleted and numbered lists, tagged L > LI > Lbl + LBody.

A list is a label column and a body column (`itemlist.ItemList`), so items
split cleanly across pages and the label can be tagged apart from the body.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus.flowables import Flowable

from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, builder
from handouts.render.blocks.itemlist import ItemList, Label
from handouts.render.blocks.text import flow
from handouts.tagging.tagger import StructNode

BULLETS = ("\u2022", "\u2013", "\u2022")


@builder("ul", "ol")
def build_list(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    depth = sum(1 for p in _ancestors(parent) if p.role == "L")
    style = _list_style(parent)
    list_node = ctx.tagger.node("L", parent)
    rows = []
    start = element.attrs.get("start") or 1
    items = element.elements()
    widest = len(str(start + len(items) - 1)) if element.tag == "ol" else 0  # the last number printed
    label_width = 8 + 5.5 * widest if element.tag == "ol" else 10
    for index, item in enumerate(items):
        item_node = ctx.tagger.node("LI", list_node)
        label = f"{start + index}." if element.tag == "ol" else BULLETS[depth % len(BULLETS)]
        label_style = ctx.styles[style]
        label_flowable = ctx.tagger.wrap(
            Label(label, label_style), ctx.tagger.node("Lbl", item_node), label, label_style.fontSize
        )
        body = ctx.tagger.node("LBody", item_node)

        def item_run(node: StructNode = body) -> StructNode:  # every run of text is the item's body
            return node

        rows.append((label_flowable, flow(item, ctx, style, item_run, body)))
    if not rows:
        return []
    indent = 4 if depth == 0 else 0
    items = ItemList(rows, label_width, indent=indent, gap=2, ident=ctx.label(element))
    items.spaceAfter = ctx.styles.scale.space(4) if depth == 0 else 0
    return [items]


def _ancestors(node: StructNode | None) -> Iterator[StructNode]:
    while node is not None:
        yield node
        node = node.parent


def _list_style(parent: StructNode) -> str:
    """Lists inside table cells use the cell's smaller text, and small call-outs small text."""
    for node in _ancestors(parent):
        if node.role in ("TD", "TH"):
            return node.style or "td"
        if node.style == "box-small":
            return "li-small"
    return "li"
