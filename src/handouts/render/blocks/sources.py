"""The numbered sources list: every source cited in the handout, in citation order."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak
from reportlab.platypus.flowables import AnchorFlowable, Flowable

from handouts.inputs.models import Source
from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, builder, inside_box
from handouts.render.blocks.grid import grid
from handouts.render.blocks.inline import SOURCE_ANCHOR, convert, make_paragraph, plain_paragraph
from handouts.tagging.tagger import StructNode


def describe(source: Source) -> str:
    """Publisher, title and date as one reference line."""
    return f"{source.publisher}. \u201c{source.title}.\u201d {_date(source.date)}."


def _date(date: str) -> str:
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return date


@builder("sources")
def build_sources(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    if not ctx.citations:
        return []
    section = ctx.tagger.node("Sect", parent)
    heading = plain_paragraph(element.attrs["title"], "h3", ctx, ctx.tagger.node("H2", section))
    # Never leave the heading alone at the foot of a page.
    out: list[Flowable] = [heading] if inside_box(parent) else [CondPageBreak(54), heading]
    list_node = ctx.tagger.node("L", section)
    rows = []
    for source_id, number in sorted(ctx.citations.items(), key=lambda item: item[1]):
        source = ctx.sources[source_id]
        item = ctx.tagger.node("LI", list_node)
        label = plain_paragraph(f"[{number}]", "source", ctx, ctx.tagger.node("Lbl", item))
        text = describe(source)
        # The citation marks link here; their annotations are described by the source they point to.
        ctx.tagger.link_descriptions[f"#{SOURCE_ANCHOR}{number}"] = f"Source {number}: {text}"
        body_node = ctx.tagger.node("LBody", item)
        if source.url:
            inline = convert([text + " ", Element("a", {"href": source.url}, [source.url])], ctx)
            para = make_paragraph(inline.markup, ctx.styles["source"])
            body = ctx.tagger.wrap(para, body_node, inline.plain, ctx.styles["source"].fontSize)
        else:
            body = plain_paragraph(text, "source", ctx, body_node)
        rows.append([[AnchorFlowable(f"{SOURCE_ANCHOR}{number}"), label], body])
    commands = [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    out.append(grid(rows, [18, "*"], commands, ctx.tagger, ctx.styles.fonts.regular, ident=ctx.label(element)))
    return out
