"""Headings and paragraphs, and the helper that lays out "flow" content."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import CondPageBreak
from reportlab.platypus.flowables import Flowable

from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, build_element, builder, inside_box
from handouts.render.blocks.inline import paragraph
from handouts.tagging.tagger import StructNode

# Room a heading needs below it, so it is never left alone at the foot of a page.
# (keepWithNext would instead drag a whole following table to the next page.)
_ROOM_BELOW = {"h1": 90.0, "h2": 80.0, "h3": 54.0}


@builder("h1", "h2", "h3")
def build_heading(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    node = ctx.tagger.node(element.tag.upper(), parent)
    ctx.heading_level = int(element.tag[1])
    heading = paragraph(element.children, element.tag, ctx, node)
    if inside_box(parent):
        return [heading]
    return [CondPageBreak(_ROOM_BELOW[element.tag] * ctx.styles.scale.factor), heading]


@builder("p")
def build_paragraph(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    size = element.attrs["size"]
    style = "p" if size == "normal" else f"p-{size}"
    node = ctx.tagger.node("P", parent)
    return [paragraph(element.children, style, ctx, node, element.attrs["align"])]


def _has_text(run: list) -> bool:
    """Whether a run of inline content holds anything but whitespace (a loop: ``any`` over a generator
    stopped early throws GeneratorExit into it, for nearly every run)."""
    for child in run:  # noqa: SIM110  (a loop, not any(): see the docstring)
        if not isinstance(child, str) or child.strip():
            return True
    return False


def flow(
    element: Element,
    ctx: BuildContext,
    style: str,
    run_node: Callable[[], StructNode],
    parent: StructNode,
    align: str = "left",
) -> list[Flowable]:
    """Mixed inline text and blocks: each run of inline content becomes one paragraph.

    ``run_node`` makes the structure node for a run (the cell itself for a
    table cell, a new P for a call-out); blocks are built under ``parent``.
    """
    out: list[Flowable] = []
    run: list = []

    def flush() -> None:
        if _has_text(run):
            out.append(paragraph(list(run), style, ctx, run_node(), align))
        run.clear()

    for child in element.children:
        if isinstance(child, str) or _is_inline(child):
            run.append(child)
        else:
            flush()
            out.extend(build_element(child, ctx, parent))  # (in a box: see base.keep_together)
    flush()
    return out


def _is_inline(element: Element) -> bool:
    from handouts.markup.vocabulary import SPECS

    return SPECS[element.tag].kind == "inline"
