"""Call-out boxes and keep-together groups."""

from __future__ import annotations

from reportlab.platypus.flowables import CondPageBreak, Flowable

from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, build_children, builder, inside_box, keep_together
from handouts.render.blocks.grid import grid
from handouts.render.blocks.inline import plain_paragraph
from handouts.render.blocks.text import flow
from handouts.tagging.tagger import StructNode


@builder("callout")
def build_callout(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    node = ctx.tagger.node("Div", parent)
    small = element.attrs["size"] == "small"
    node.style = "box-small" if small else "box"
    colors = ctx.styles.colors
    edge = {"note": colors.primary, "tip": colors.accent, "warning": colors.warning}[element.attrs["tone"]]
    content: list[Flowable] = []
    if element.attrs.get("title"):
        # A visual heading is a heading: the title heads the box, one level under the section it is in.
        title = ctx.tagger.node(ctx.subheading(), node)
        content.append(plain_paragraph(element.attrs["title"], "callout-title", ctx, title))
    style = "callout-small" if small else "callout"
    content += flow(element, ctx, style, lambda: ctx.tagger.node("P", node), node)
    if not content:
        return []
    f = ctx.styles.scale.factor  # (large print: the padding and edge grow with the type)
    commands = [
        ("BACKGROUND", (0, 0), (-1, -1), colors.background),
        ("LINEBEFORE", (0, 0), (0, -1), 3 * f, edge),
        ("LEFTPADDING", (0, 0), (-1, -1), 10 * f),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8 * f),
        ("TOPPADDING", (0, 0), (-1, -1), 7 * f),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * f),
    ]
    box = grid([[content]], ["*"], commands, ctx.tagger, ctx.styles.fonts.regular, ident=ctx.label(element))
    box.spaceBefore = ctx.styles.scale.space(4)
    box.spaceAfter = ctx.styles.scale.space(8)
    if inside_box(parent) or not element.attrs.get("title"):
        return [box]
    # The title never ends a page alone: the box starts where its title and two lines of text fit.
    room = 12 * f + ctx.styles["callout-title"].leading + ctx.styles["callout-title"].spaceAfter
    room += 2 * ctx.styles[style].leading
    return [CondPageBreak(room), box]


@builder("keep")
def build_keep(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    return keep_together(build_children(element, ctx, parent), parent)
