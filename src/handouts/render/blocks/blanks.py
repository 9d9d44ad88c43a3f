"""Lines to write on: ``<blanks>`` of ``<blank label=".." value=".."/>`` (name, date, adviser).

A blank is a label and a rule to write on. When the layout gives a value
(a print job passes the student's name through the template's ``options``)
it is printed on the rule instead: set smaller, down to the 7 pt floor, until
it fits on one line, and wrapped onto more lines only if even that is too
long, so a long name never runs past its rule or the page margin.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from handouts.errors import LayoutError, Problem
from handouts.inputs.models import MIN_TEXT_SIZE
from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, builder
from handouts.render.blocks.grid import grid
from handouts.render.blocks.inline import convert, make_paragraph, plain_paragraph
from handouts.tagging.tagger import StructNode

GAP = 16.0  # between one blank's rule and the next blank's label
MIN_LINE = 36.0  # the shortest line worth writing on by hand: half an inch


@builder("blanks")
def build_blanks(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    blanks = element.elements()
    if not blanks:
        return []
    styles = ctx.styles
    factor = styles.scale.factor  # labels scale with the edition's type; the gaps round them scale too
    gap = GAP * factor
    label_style = styles["blank-label"]
    label_widths = [
        stringWidth(b.attrs["label"], label_style.fontName, label_style.fontSize) + 6 * factor for b in blanks
    ]
    room = ctx.frame_width - sum(label_widths) - gap * (len(blanks) - 1)
    value_widths = line_widths(element, ctx, room)
    row: list[Any] = []
    widths: list[float] = []
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 12 * factor),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * factor),
    ]
    for index, (blank, label_w, value_w) in enumerate(zip(blanks, label_widths, value_widths, strict=True)):
        node = ctx.tagger.node("P", parent)
        label = blank.attrs["label"]
        value = (blank.attrs.get("value") or "").strip()
        node.text = f"{label}: {value}" if value else f"{label}:"
        column = len(row)
        row.append(plain_paragraph(label, "blank-label", ctx, node))
        row.append(_value(value, value_w, ctx, node) if value else plain_paragraph("\u00a0", "blank-value", ctx, None))
        widths += [label_w, value_w]
        commands.append(("LINEBELOW", (column + 1, 0), (column + 1, 0), 0.75, styles.colors.text))
        commands.append(("LEFTPADDING", (column + 1, 0), (column + 1, 0), 3 * factor))
        if index < len(blanks) - 1:
            row.append("")
            widths.append(gap)
    table = grid([row], widths, commands, ctx.tagger, styles.fonts.regular, ident=ctx.label(element))
    table.spaceBefore = 0
    table.spaceAfter = ctx.styles.scale.space(10)
    return [table]


def line_widths(element: Element, ctx: BuildContext, room: float) -> list[float]:
    """Each blank's line: its share of ``room`` (what the labels and gaps leave), or an equal part of the rest.

    Shares mean what they say: two blanks of 30% take 30% each, and the row
    ends short. Widths that cannot be drawn (shares past 100%, a blank left
    no share, a line too short to write on) are refused naming the blanks.
    """
    blanks = element.elements()
    labels = [f"'{b.attrs['label']}'" for b in blanks]
    given = [b.attrs.get("width") for b in blanks]
    fixed = sum(g for g in given if g)
    unsized = [label for label, g in zip(labels, given, strict=True) if not g]
    what, fix = "", ""
    if fixed > 100:
        sized = [f"{label} ({g:g}%)" for label, g in zip(labels, given, strict=True) if g]
        what = f"the widths of {_and(sized)} add up to {fixed:g}%, more than the row"
        fix = "make the width shares add up to 100% at most"
    elif unsized and fixed >= 100:
        what = f"{_and(unsized)} {'is' if len(unsized) == 1 else 'are'} left no room: the widths given add up to 100%"
        fix = "give the blanks with a width smaller shares, so that some of the row is left for the others"
    else:
        each = (100 - fixed) / len(unsized) if unsized else 0.0
        widths = [room * (g or each) / 100 for g in given]
        short = [label for label, width in zip(labels, widths, strict=True) if width < MIN_LINE]
        if not short:
            return widths
        narrowest = min(widths)
        line = f"a line {narrowest:.0f} pt long" if narrowest > 0 else "no line at all"
        what = f"the labels and widths leave {_and(short)} {line}; a line to write on needs at least 0.5 in"
        fix = "shorten the labels, give these blanks a larger width, or split the row into two <blanks>"
    raise LayoutError(problems=[Problem(ctx.layout, 0, f"<blanks> at rendered markup line {element.line}", what, fix)])


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _value(value: str, width: float, ctx: BuildContext, node: StructNode) -> Flowable:
    """The value on its line: body size; a value too long for it (a long name) steps down to the scale's small
    size, then half a point at a time to the 7 pt floor, and wraps only when even that is too wide.

    A student's name broken over two lines, the second over the label below, reads worse than a name set a
    little small; only names that need it get a size off the scale.
    """
    inline = convert([value], ctx)  # escaped; make_paragraph checks its glyphs
    base = ctx.styles["blank-value"]
    room = width - 4 * ctx.styles.scale.factor
    size = base.fontSize
    if stringWidth(inline.plain, base.fontName, size) > room:
        size = ctx.styles.scale.small
    floor = MIN_TEXT_SIZE * ctx.styles.scale.factor  # inspection's minimum follows the edition
    while size > floor and stringWidth(inline.plain, base.fontName, size) > room:
        size = max(floor, size - 0.5)
    style = ParagraphStyle(f"blank-value-{size:g}", base, fontSize=size, leading=size * 1.2)
    return ctx.tagger.wrap(make_paragraph(inline.markup, style), node, inline.plain, size)
