"""The advancement-path diagram: ``<pathway>`` with ``<step>`` and ``<move>`` children.

The layout lists the steps and the moves between them; this module checks
the graph, asks `pathlayout` where everything goes (measuring text with the
brand's fonts) and draws boxes, arrows and labels as vector graphics in the
brand's colours. The whole drawing is one Figure in the structure tree,
with the layout's ``alt`` text describing the path in words.

If the diagram does not fit the room left on the page, the text is set a
little smaller (down to the 7 pt floor) before giving up, so a path of a
dozen or more steps still fits one page beside its table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from handouts.errors import LayoutError, Problem, RenderError
from handouts.inputs import pathgraph
from handouts.inputs.fonts import check_runs
from handouts.inputs.language import N_, tr
from handouts.inputs.models import MIN_TEXT_SIZE
from handouts.markup.parse import Element
from handouts.markup.sheets import KINDS
from handouts.render.blocks.base import BuildContext, builder
from handouts.render.blocks.inline import convert, make_paragraph
from handouts.render.pathway.layout import PathDoesNotFit, PathLayout, Rect, Spacing, layout_path
from handouts.render.styles import Palette, Styles
from handouts.tagging.tagger import StructNode

KIND_NAMES = {"education": N_("Education"), "credential": N_("Credential"), "role": N_("Job")}

SCALES = (1.0, 0.94, 0.875)  # labels 7.5 pt down to 7, spacing with them, to fit the page
TITLE_SIZES = (8.0, 7.5, 7.0)  # box titles: the largest of these that needs the fewest lines
KEY_TEXT = 7.5
KEY_LINE = 11.0
KEY_SWATCH = 15.0
KEY_PAD = 4.0  # inside the key's box
DASH = [3, 2]  # the outline of an optional step
OPTIONAL = "optional"  # the key's entry for it (not a kind: any kind of step may be optional)


@dataclass(frozen=True)
class _Step:
    id: str
    title: str  # paragraph markup, already escaped by inline.convert
    kind: str
    current: bool
    optional: bool = False


@builder("pathway")
def build_pathway(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    steps: list[_Step] = []
    moves: list[tuple[str, str]] = []
    labels: list[str] = []
    colors = ctx.styles.colors
    for child in element.elements():
        if child.tag == "step":
            # A link in a box filled with the primary colour takes the box's text colour (see title_style).
            fill = box_fill(child.attrs["kind"], colors)
            markup = convert(
                child.children, ctx, _readable_on(fill, colors.text) if fill is colors.band else None
            ).markup
            attrs = child.attrs
            steps.append(_Step(attrs["id"], markup, attrs["kind"], attrs["current"], attrs["optional"]))
        else:
            moves.append((child.attrs["from"], child.attrs["to"]))
            labels.append(convert(child.children, ctx).markup)
    _check_graph(element, ctx, [s.id for s in steps], moves)
    if not steps:
        return []
    node = ctx.tagger.figure(parent, element.attrs["alt"])
    diagram = PathDiagram(steps, moves, labels, ctx.styles, element.attrs.get("max-height"), element.attrs["legend"])
    diagram.ident = ctx.label(element)
    diagram.where = (ctx.layout, f"<pathway> at rendered markup line {element.line}")
    diagram.spaceBefore = ctx.styles.scale.space(4)
    diagram.spaceAfter = ctx.styles.scale.space(8)
    return [ctx.tagger.wrap(diagram, node)]


def _check_graph(element: Element, ctx: BuildContext, ids: list[str], moves: list[tuple[str, str]]) -> None:
    """The same faults data validation reports (`pathgraph.faults`), for paths a layout writes by hand."""
    where = f"<pathway> at rendered markup line {element.line}"
    problems = []
    for fault in pathgraph.faults(ids, moves):
        if fault.kind == "repeated step":
            what = f"step id '{ids[fault.index]}' is used twice"
            fix = "give every <step> its own id"
        else:
            start, end = moves[fault.index]
            move = f"<move from='{start}' to='{end}'>"
            what, fix = {
                "repeated move": (f"{move} is listed twice", "keep one of the two moves"),
                "unknown step": (f"{move} names a step that is not listed", "every move must join two listed steps"),
                "loop": (
                    "the moves loop back on themselves: " + " -> ".join(fault.cycle),
                    f"a path only moves forward; remove {move} or another move in the loop",
                ),
            }[fault.kind]
        problems.append(Problem(ctx.layout, 0, where, what, fix))
    if problems:
        raise LayoutError(problems=problems)


class PathDiagram(Flowable):
    """Boxes, arrows and labels drawn from a `PathLayout`; sized when platypus wraps it."""

    def __init__(
        self,
        steps: list[_Step],
        moves: list[tuple[str, str]],
        labels: list[str],
        styles: Styles,
        max_height: float | None,
        legend: bool,
    ) -> None:
        super().__init__()
        self.steps = steps
        self.moves = moves
        self.labels = labels
        self.styles = styles
        self.colors: Palette = styles.colors
        self.max_height = max_height
        self.legend = legend
        self.key_at: tuple[float, float, bool] | None = None  # x, y from top, stacked?
        self.where = ("", "<pathway>")  # layout file and element, for errors
        self.layout: PathLayout | None = None
        self.scale = 1.0
        self.title_size = TITLE_SIZES[0]

    # -- sizing ---------------------------------------------------------------
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        limit = availHeight if self.max_height is None else min(availHeight, self.max_height)
        last: PathDoesNotFit | None = None  # why the last try did not fit
        for fits_page in (True, False):
            for scale in SCALES:
                room = limit if fits_page else (self.max_height or 1e6)
                measure = _Measure(self, scale)
                try:
                    layout = self._lay_out(availWidth, room, measure)
                    extra = self._place_key(layout)
                    if layout.height + extra > room:
                        raise PathDoesNotFit(f"the path and its key need {layout.height + extra:.0f} pt")
                except PathDoesNotFit as exc:
                    last = exc
                    continue
                self.layout, self.scale, self.title_size = layout, scale, measure.size
                self.height = layout.height + extra
                return self.width, self.height
        file, where = self.where
        raise RenderError(
            problems=[
                Problem(
                    file,
                    0,
                    where,
                    f"the diagram does not fit: {last}",
                    "shorten step titles and move labels, put fewer steps side by side, "
                    "or give the diagram more room (max-height)",
                )
            ]
        )

    def _place_key(self, layout: PathLayout) -> float:
        """Put the key in an empty top corner when one is free, else in a row underneath; return the extra height."""
        entries = self._key_entries()
        if not entries:
            self.key_at = None
            return 0.0
        stacked_w, stacked_h = self._key_size(True)
        occupied = [*layout.boxes.values(), *(a.label for a in layout.arrows if a.label)]
        for arrow in layout.arrows:
            for (x0, y0), (x1, y1) in zip(arrow.points, arrow.points[1:], strict=False):
                occupied.append(Rect(min(x0, x1) - 1, min(y0, y1) - 1, abs(x1 - x0) + 2, abs(y1 - y0) + 2))
        for x in (0.0, layout.width - stacked_w):
            corner = Rect(x - 6, -2, stacked_w + 12, stacked_h + 8)
            if not any(corner.overlaps(r) for r in occupied):
                self.key_at = (x, 0.0, True)
                return 0.0
        self.key_at = (0.0, layout.height + 6, False)
        return self._key_size(False)[1] + 6

    def _key_size(self, stacked: bool) -> tuple[float, float]:
        """Width and height of the key's box: its entries stacked, or in one row, with padding round them."""
        font, size = self.styles.fonts.regular, KEY_TEXT
        widths = [KEY_SWATCH + 5 + stringWidth(name, font, size) for _, _, name in self._key_entries()]
        inner_w = max(widths) if stacked else sum(widths) + 14 * (len(widths) - 1)
        lines = len(widths) if stacked else 1
        # From the top of the first swatch to the foot of the last line's descenders: 8.5 pt a line.
        return inner_w + 2 * KEY_PAD, (lines - 1) * KEY_LINE + 8.5 + 2 * KEY_PAD

    def _lay_out(self, width: float, height: float, measure: _Measure) -> PathLayout:
        scale = measure.scale
        spacing = Spacing(stub=6 * scale, pad=3 * scale, hgap=10 * scale)
        return layout_path([s.id for s in self.steps], self.moves, width, height, measure, spacing)

    def title_style(self, kind: str, current: bool, size: float) -> ParagraphStyle:
        fill = self._fill(kind, current)
        return ParagraphStyle(
            f"path-{kind}",
            self.styles["td-small"],
            fontName=self.styles.fonts.bold,
            fontSize=size,
            leading=size * 1.15,
            alignment=TA_CENTER,
            textColor=_readable_on(fill, self.colors.text),
            spaceAfter=0,
        )

    def label_style(self, scale: float) -> ParagraphStyle:
        size = max(MIN_TEXT_SIZE, 7.5 * scale)
        return ParagraphStyle(
            "path-label",
            self.styles["td-small"],
            fontName=self.styles.fonts.italic,
            fontSize=size,
            leading=size * 1.15,
            alignment=TA_CENTER,
            textColor=self.colors.text,
            spaceAfter=0,
        )

    def _look(self, kind: str, current: bool) -> tuple[Color, Color, float]:
        """Fill, outline colour and outline width of a box: one look per kind, the current role outlined."""
        fill = self._fill(kind, current)
        if current:
            return fill, self.colors.accent, 2.2
        if kind == "role":
            # The heading shade: the same as the fill for a dark primary, an edge that shows for a light one.
            return fill, self.colors.primary, 0.8
        return fill, self.colors.accent if kind == "credential" else self.colors.primary, 1.1

    def _fill(self, kind: str, current: bool) -> Color:
        return box_fill(kind, self.colors)

    # -- drawing --------------------------------------------------------------
    def draw(self) -> None:
        assert self.layout is not None
        canvas = self.canv
        top = self.height
        layout = self.layout
        canvas.saveState()
        canvas.setLineJoin(1)
        line = self.colors.muted
        for arrow in layout.arrows:
            canvas.setStrokeColor(line)
            canvas.setLineWidth(0.9)
            path = canvas.beginPath()
            x0, y0 = arrow.points[0]
            path.moveTo(x0, top - y0)
            for x, y in arrow.points[1:]:
                path.lineTo(x, top - y)
            canvas.drawPath(path, stroke=1, fill=0)
            tip_x, tip_y = arrow.points[-1]
            _arrowhead(canvas, tip_x, top - tip_y, line)
        for arrow in layout.arrows:
            if arrow.label is not None:
                self._draw_label(arrow.label, self.labels[arrow.move], top)
        for step in self.steps:
            self._draw_box(step, top)
        if self.key_at is not None:
            self._draw_key(*self.key_at)
        canvas.restoreState()

    def _draw_box(self, step: _Step, top: float) -> None:
        assert self.layout is not None
        canvas = self.canv
        box = self.layout.boxes[step.id]
        fill, stroke, weight = self._look(step.kind, step.current)
        canvas.setFillColor(fill)
        canvas.setStrokeColor(stroke)
        canvas.setLineWidth(weight)
        if step.optional:
            canvas.setDash(DASH)  # a step the path can skip; the key says so
        canvas.roundRect(box.x, top - box.bottom, box.w, box.h, 3, stroke=1, fill=1)
        canvas.setDash()
        para = make_paragraph(step.title, self.title_style(step.kind, step.current, self.title_size))
        _, h = para.wrap(box.w - 2 * _Measure.BOX_PAD_X, box.h)
        para.drawOn(canvas, box.x + _Measure.BOX_PAD_X, top - box.y - (box.h + h) / 2)

    def _draw_label(self, rect: Any, markup: str, top: float) -> None:
        canvas = self.canv
        canvas.setFillColor(white)
        canvas.rect(rect.x, top - rect.bottom, rect.w, rect.h, stroke=0, fill=1)
        para = make_paragraph(markup, self.label_style(self.scale))
        _, h = para.wrap(rect.w - 2 * _Measure.LABEL_PAD, rect.h)
        para.drawOn(canvas, rect.x + _Measure.LABEL_PAD, top - rect.y - (rect.h + h) / 2)

    def _draw_key(self, x: float, y_from_top: float, stacked: bool) -> None:
        """The key to the box styles: a stack of swatches in a corner, or one row underneath."""
        canvas = self.canv
        font, size = self.styles.fonts.regular, KEY_TEXT
        # A thin box round the key sets it apart from the steps (a key is not one of the boxes).
        box_w, box_h = self._key_size(stacked)
        box_top = self.height - y_from_top
        canvas.setStrokeColor(self.colors.muted)
        canvas.setLineWidth(0.5)
        canvas.rect(x, box_top - box_h, box_w, box_h, stroke=1, fill=0)
        canvas.setFont(font, size)
        x += KEY_PAD
        baseline = box_top - KEY_PAD - 6.5
        for kind, current, name in self._key_entries():
            check_runs([(name, font)], name)
            optional = kind == OPTIONAL
            fill, stroke, weight = (white, self.colors.muted, 1.1) if optional else self._look(kind, current)
            canvas.setFillColor(fill)
            canvas.setStrokeColor(stroke)
            canvas.setLineWidth(min(weight, 1.6))
            if optional:
                canvas.setDash(DASH)
            canvas.roundRect(x, baseline - 1.5, KEY_SWATCH, 8, 2, stroke=1, fill=1)
            canvas.setDash()
            canvas.setFillColor(self.colors.text)
            canvas.drawString(x + KEY_SWATCH + 5, baseline, name)
            if stacked:
                baseline -= KEY_LINE
            else:
                x += KEY_SWATCH + 5 + stringWidth(name, font, size) + 14

    def _key_entries(self) -> list[tuple[str, bool, str]]:
        if not self.legend:
            return []
        entries = [(k, False, tr(KIND_NAMES[k])) for k in KINDS if any(s.kind == k for s in self.steps)]
        if any(s.current for s in self.steps):
            entries.append(("role", True, tr("This career")))
        if any(s.optional for s in self.steps):
            entries.append((OPTIONAL, False, tr("Optional step")))
        return entries


class _Measure:
    """Text sizes for `pathlayout`, measured with the brand's fonts."""

    BOX_PAD_X = 4.0
    BOX_PAD_Y = 3.0
    LABEL_PAD = 1.0

    def __init__(self, diagram: PathDiagram, scale: float) -> None:
        self.diagram = diagram
        self.scale = scale
        self.titles = {s.id: s for s in diagram.steps}
        self.size = TITLE_SIZES[0]
        self._sized_for: float | None = None

    def _lines(self, step: _Step, width: float, size: float) -> tuple[int, float]:
        para = make_paragraph(step.title, self.diagram.title_style(step.kind, step.current, size))
        _, h = para.wrap(width - 2 * self.BOX_PAD_X, 1e6)
        return len(para.blPara.lines), h

    def title_height(self, step: str, width: float) -> float:
        """Height of every box at this width; the title size is chosen once per width.

        Boxes share one size, so the longest title sets every box's height. A
        slightly smaller size that saves that title a line is worth it: the
        largest size giving the fewest lines (never below 7 pt) is used.
        """
        if self._sized_for != width:
            sizes = [max(MIN_TEXT_SIZE, size * self.scale) for size in TITLE_SIZES]
            most = {size: max(self._lines(s, width, size)[0] for s in self.diagram.steps) for size in sizes}
            self.size = next(size for size in sizes if most[size] == min(most.values()))
            self._sized_for = width
        return self._lines(self.titles[step], width, self.size)[1] + 2 * self.BOX_PAD_Y

    def label_min_width(self, move: int) -> float:
        para = make_paragraph(self.diagram.labels[move], self.diagram.label_style(self.scale))
        return para.minWidth() + 2 * self.LABEL_PAD

    def label_size(self, move: int, max_width: float) -> tuple[float, float]:
        para = make_paragraph(self.diagram.labels[move], self.diagram.label_style(self.scale))
        inner = max(max_width - 2 * self.LABEL_PAD, 1.0)
        _, h = para.wrap(inner, 1e6)
        widths = para.getActualLineWidths0() if hasattr(para, "blPara") else [inner]
        return max(widths, default=inner) + 2 * self.LABEL_PAD, h + 2 * self.LABEL_PAD


def box_fill(kind: str, colors: Palette) -> Color:
    """A step's box colour: jobs in the school's primary (as the band), credentials white, education the background."""
    if kind == "role":
        return colors.band
    if kind == "credential":
        return white
    return colors.background


def _arrowhead(canvas: Any, x: float, y: float, color: Color) -> None:
    """A filled triangle whose tip touches (x, y), pointing down."""
    canvas.setFillColor(color)
    path = canvas.beginPath()
    path.moveTo(x, y)
    path.lineTo(x - 3, y + 5.5)
    path.lineTo(x + 3, y + 5.5)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _readable_on(fill: Color, text_color: Color) -> Color:
    """The brand's text colour or white, whichever reads better on the fill (WCAG contrast)."""
    from handouts.inputs.colors import RGB, contrast

    def rgb(c: Color) -> RGB:
        return RGB(*(round(v * 255) for v in (c.red, c.green, c.blue)))

    return white if contrast(rgb(fill), RGB(255, 255, 255)) > contrast(rgb(fill), rgb(text_color)) else text_color
