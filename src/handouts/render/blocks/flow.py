"""Spacing and page control: spacer, rule, page break."""

from __future__ import annotations

from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus.flowables import Flowable, HRFlowable

from handouts.errors import LayoutError, Problem
from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, box_of, builder
from handouts.tagging.tagger import StructNode


@builder("spacer")
def build_spacer(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    return [Spacer(1, element.attrs["height"])]


@builder("rule")
def build_rule(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    color = ctx.styles.colors.named(element.attrs["color"])
    rule = HRFlowable(width="100%", thickness=element.attrs["thickness"], color=color, spaceBefore=4, spaceAfter=6)
    return [ctx.tagger.artifact(rule)]


@builder("pagebreak")
def build_pagebreak(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    """A new page; only between the handout's own blocks.

    Inside a cell, column, call-out or list item the break would make its
    container page-high and unsplittable (ReportLab then reports a block
    72,000 pt tall), so it is refused there, naming where it may go.
    """
    box = box_of(parent)
    if element.attrs.get("when") == "rebalance" and not ctx.rebalance:
        return []  # taken only when the handout would otherwise end on a nearly empty page (render.fitting)
    if box is not None:
        raise LayoutError(
            problems=[
                Problem(
                    ctx.layout,
                    0,
                    f"<pagebreak> at rendered markup line {element.line}",
                    f"a page break cannot go inside {box}",
                    "put <pagebreak/> between the handout's own blocks, before or after the block that holds it",
                )
            ]
        )
    return [PageBreak()]
