"""Checklists: ``<checklist>`` of ``<item>``s, each with a box to tick on paper or on screen.

Every item's box is drawn twice over, on purpose. A plain square in the page
content prints on any printer and survives any PDF tool that drops form
fields; over it sits an AcroForm checkbox widget (ReportLab's
``canvas.acroForm.checkbox``) with no border or fill of its own, so on a
tablet or in a PDF reader the same square can be ticked. The widget's
appearance is vector paths only (no ZapfDingbats or Helvetica enters the
file), its tooltip names the item, and its field name comes from the
layout, which derives it from ids in the data so it stays the same from
build to build.

Structure: L > LI > Lbl (the number, and a Form element that owns the
widget) + LBody (the item's text). The box is wrapped for its Form node
(``Tagger.form``) like any tagged flowable: the printed square is an
artifact, and the widget it makes becomes the Form's OBJR; `structure`
gives it its StructParent entry and the tooltip as TU.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from handouts.errors import LayoutError, Problem
from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, builder
from handouts.render.blocks.grid import grid
from handouts.render.blocks.inline import plain_paragraph
from handouts.render.blocks.text import flow
from handouts.render.styles import Palette
from handouts.tagging.tagger import StructNode

BOX = 11.0  # side of the printed square at the designed size, in points (times the edition's factor)
NUMBER_WIDTH = 14.0  # the number column at the designed size; wider when the number needs it


@builder("checklist")
def build_checklist(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    items = element.elements()
    if not items:
        return []
    numbered = element.attrs["numbered"]
    numbering = "Decimal" if numbered else "None"
    factor = ctx.styles.scale.factor  # a large-print edition scales the box and its gaps with the type
    list_node = ctx.tagger.node("L", parent, attrs={"owner": "List", "ListNumbering": numbering})
    rows: list[list[Any]] = []
    for number, item in enumerate(items, start=1):
        name = item.attrs["field"]
        if name in ctx.form_fields:
            raise LayoutError(
                problems=[
                    Problem(
                        ctx.layout,
                        0,
                        f"<item field> at rendered markup line {item.line}",
                        f"form field name '{name}' is used twice",
                        "give every checklist item its own field name, e.g. from the role id and the item id",
                    )
                ]
            )
        ctx.form_fields.add(name)
        label = item.attrs["label"]
        item_node = ctx.tagger.node("LI", list_node)
        mark = ctx.tagger.node("Lbl", item_node)
        number_cell = plain_paragraph(f"{number}." if numbered else "", "check-number", ctx, mark if numbered else None)
        tooltip = f"{number}. {label}" if numbered else label
        checkbox = CheckBox(name, tooltip, ctx.styles.colors, ctx.forms, BOX * factor)
        box = ctx.tagger.wrap(checkbox, ctx.tagger.form(mark, tooltip))
        body = ctx.tagger.node("LBody", item_node)
        content = [plain_paragraph(label, "check-label", ctx, ctx.tagger.node("P", body))]

        def paragraph(body: StructNode = body) -> StructNode:
            return ctx.tagger.node("P", body)

        content += flow(item, ctx, "check-detail", paragraph, body)
        rows.append([number_cell, box, content])
    space = ctx.styles.scale.space  # padding above and below tightens with the fitting step
    commands = [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), space(4)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), space(3)),
        ("TOPPADDING", (1, 0), (1, -1), space(4) + _box_drop(ctx)),
        ("LEFTPADDING", (2, 0), (2, -1), 8 * factor),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, ctx.styles.colors.rule),
    ]
    number_width = _number_width(len(items), ctx) if numbered else 0
    table = grid(
        rows,
        [number_width, BOX * factor + 1, "*"],
        commands,
        ctx.tagger,
        ctx.styles.fonts.regular,
        ident=ctx.label(element),
    )
    table.spaceBefore = space(2)
    table.spaceAfter = space(8)
    if factor > 1:
        # Large-print items are tall: ReportLab would rather move a whole item to the next page than split it,
        # which left half a page empty. Split inside the item instead (between its lines, never one line alone).
        table.splitByRow = 0
    return [table]


def _number_width(count: int, ctx: BuildContext) -> float:
    """The number column: the designed width, or the widest number ("12.") and a gap before the box if wider.

    Large-print numbers are wider than the designed column, and a number that did not fit broke its full
    stop onto a line of its own under it.
    """
    style = ctx.styles["check-number"]
    factor = ctx.styles.scale.factor
    widest = stringWidth(f"{count}.", style.fontName, style.fontSize) + 3 * factor
    return max(NUMBER_WIDTH * factor, round(widest, 2))


def _box_drop(ctx: BuildContext) -> float:
    """How far the box sits below the top of the label's line, so it lines up with the label's capitals."""
    style = ctx.styles["check-label"]
    factor = ctx.styles.scale.factor
    if factor <= 1:
        return 0.5
    return max(0.5, round((style.leading - BOX * factor) / 2, 2))


class CheckBox(Flowable):
    """A printed square with a fillable checkbox widget of the same size on top.

    Wrapped for a Form node (see `build_checklist`), which makes what it
    draws an artifact and files the widget under the node.
    """

    draws_links = False

    def __init__(self, name: str, tooltip: str, colors: Palette, fillable: bool = True, side: float = BOX) -> None:
        super().__init__()
        self.name = name
        self.tooltip = tooltip
        self.colors = colors
        self.fillable = fillable  # False: the printed square alone (see `BuildContext.forms`)
        self.side = side  # larger in a large-print edition
        self.width = self.height = side

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.side, self.side

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.colors.text)
        canvas.setFillColorRGB(1, 1, 1)
        side = self.side
        canvas.setLineWidth(0.9 if side <= BOX else round(0.9 * side / BOX, 2))
        canvas.rect(0, 0, side, side, stroke=1, fill=1)
        canvas.restoreState()
        if not self.fillable:
            return
        inset = 1.5 * side / BOX  # keeps the tick inside the printed square's stroke
        canvas.acroForm.checkbox(
            name=self.name,
            tooltip=self.tooltip,
            x=inset,
            y=inset,
            size=side - 2 * inset,
            relative=True,
            buttonStyle="check",
            shape="square",
            fillColor=None,
            borderColor=None,
            borderWidth=None,
            textColor=self.colors.primary,
            fieldFlags="",
            annotationFlags="print",
        )
