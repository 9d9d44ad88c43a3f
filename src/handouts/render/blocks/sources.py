"""The numbered sources list: every source cited in the handout, in citation order, then their credit lines.

A source whose licence asks for a credit line (O*NET's CC BY 4.0: release,
USDOL/ETA, the licence, the trademark) carries it in its ``credit``; every
handout that cites the source prints it under the list, with the licence's
"modified" notice naming the office (the brand's name) after it. Printed by
the list itself, not the layout, so no layout can cite the source and leave
its credit out.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak
from reportlab.platypus.flowables import AnchorFlowable, Flowable

from handouts.inputs.language import edition, tr
from handouts.inputs.models import Source
from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, builder, inside_box, keep_together
from handouts.render.blocks.grid import grid
from handouts.render.blocks.inline import SOURCE_ANCHOR, convert, make_paragraph, plain_paragraph
from handouts.tagging.tagger import StructNode
from handouts.templating.figures import format_date


def describe(source: Source) -> str:
    """Publisher, title and date as one reference line."""
    return f"{source.publisher}. \u201c{source.title}.\u201d {format_date(source.date)}."


SHORT_LIST = 3  # sources kept on one page with their heading


def _first_entry(ctx: BuildContext) -> float:
    """Room for the first source's lines under the heading in large print (two lines at its size)."""
    return 2 * ctx.styles["source"].leading if ctx.styles.scale.factor > 1 else 0.0


@builder("sources")
def build_sources(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    if not ctx.citations:
        return []
    section = ctx.tagger.node("Sect", parent)
    heading = plain_paragraph(element.attrs["title"], "h3", ctx, ctx.tagger.node("H2", section))
    # Never leave the heading alone at the foot of a page.
    room = 54 * ctx.styles.scale.factor + _first_entry(ctx)
    out: list[Flowable] = [heading] if inside_box(parent) else [CondPageBreak(room), heading]
    list_node = ctx.tagger.node("L", section)
    rows = []
    for source_id, number in sorted(ctx.citations.items(), key=lambda item: item[1]):
        source = ctx.sources[source_id]
        item = ctx.tagger.node("LI", list_node)
        label = plain_paragraph(f"[{number}]", "source", ctx, ctx.tagger.node("Lbl", item))
        text = describe(source)
        # The citation marks link here; their annotations are described by the source they point to.
        ctx.tagger.link_descriptions[f"#{SOURCE_ANCHOR}{number}"] = tr("Source {number}: {text}").format(
            number=number, text=text
        )
        body_node = ctx.tagger.node("LBody", item)
        if source.url:
            inline = convert([text + " ", Element("a", {"href": source.url}, [source.url])], ctx)
            para = make_paragraph(inline.markup, ctx.styles["source"])
            body = ctx.tagger.wrap(para, body_node, inline.plain, ctx.styles["source"].fontSize)
        else:
            body = plain_paragraph(text, "source", ctx, body_node)
        rows.append([[AnchorFlowable(f"{SOURCE_ANCHOR}{number}"), label], body])
    # The number column fits the widest "[n]" in the brand's font and size, and a gap (a monospace font
    # sets "[1]" wider than 18 pt, which ran the number into the title).
    style = ctx.styles["source"]
    widest = max((stringWidth(f"[{n}]", style.fontName, style.fontSize) for n in ctx.citations.values()), default=0)
    label_width = max(18 * ctx.styles.scale.factor, widest + style.fontSize * 0.5)
    commands = [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    table = grid(rows, [label_width, "*"], commands, ctx.tagger, ctx.styles.fonts.regular, ident=ctx.label(element))
    if len(rows) <= SHORT_LIST and not inside_box(parent):
        # A short list reads as one block: split, its last entry alone filled a page in large print.
        out[-1:] = keep_together([heading, table], parent)
    else:
        out.append(table)
    out += credit_lines(ctx, section)
    if not edition().english:
        # Titles are citations: they stay as published (mostly English); say so once, by the list.
        note = tr("Source titles are given in the language they were published in.")
        out.append(plain_paragraph(note, "source", ctx, ctx.tagger.node("P", section)))
    return out


def credit_lines(ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    """One small paragraph per cited source with a credit line, in citation order."""
    out: list[Flowable] = []
    for source_id, _ in sorted(ctx.citations.items(), key=lambda item: item[1]):
        source = ctx.sources[source_id]
        if not source.credit:
            continue
        text = source.credit
        if source.modified:
            text += " " + source.modified.replace("{office}", ctx.brand.name)
        out.append(plain_paragraph(text, "source", ctx, ctx.tagger.node("P", parent)))
    return out
