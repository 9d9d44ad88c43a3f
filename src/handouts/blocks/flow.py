"""Spacing and page control: spacer, rule, page break."""

from __future__ import annotations

from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus.flowables import Flowable, HRFlowable

from ..markup import Element
from ..tagging import StructNode
from .base import BuildContext, builder


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
    return [PageBreak()]
