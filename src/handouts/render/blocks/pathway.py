"""The advancement-path diagram: ``<pathway>`` with ``<step>`` and ``<move>`` children.

The layout lists the steps and the moves between them; this module checks
the graph, asks `pathlayout` where everything goes (measuring text with the
brand's fonts) and draws boxes, arrows and labels as vector graphics in the
brand's colours. The whole drawing is one Figure in the structure tree,
with the layout's ``alt`` text describing the path in words.

The diagram's text is set in the type scale like the rest of the sheet:
labels and the key at the small size (9 pt), box titles at body size (10 pt)
bold, or the small size when that saves the longest title a line. It never
steps below that to fit: the spacing tightens a little, then a row too full
for the column wraps onto rows of its own (`layout.wrap_rows`), down to one
box a row, and a path taller than the room left on the page continues on
the next page between two of its rows (`_Slice`).

A large-print edition draws the whole diagram at the edition's factor
(text, boxes, gaps, arrows and key), as its type scale sets every size.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, TypeVar

from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from handouts.errors import LayoutError, Problem, RenderError
from handouts.inputs import pathgraph
from handouts.inputs.fonts import check_runs
from handouts.inputs.language import N_, tr
from handouts.markup.parse import Element
from handouts.markup.sheets import KINDS
from handouts.render.blocks.base import BuildContext, builder
from handouts.render.blocks.inline import convert, make_paragraph
from handouts.render.pathway.layout import (
    PathDoesNotFit,
    PathLayout,
    Rect,
    Spacing,
    check_height,
    layout_path,
    widest_row,
)
from handouts.render.styles import Palette, Styles
from handouts.tagging.tagger import StructNode

KIND_NAMES = {"education": N_("Education"), "credential": N_("Credential"), "role": N_("Job")}

SCALES = (1.0, 0.94, 0.875)  # the spacing between boxes, tracks and labels, tightened to fit the page (not the text)
KEY_LINE = 1.3  # the key's line height, times its text size
KEY_SWATCH = 15.0
KEY_PAD = 4.0  # inside the key's box
# Every length above is at the designed scale; a large-print edition multiplies them by its factor.
# Text sizes come from the type scale (`Styles.scale`), which already carries the edition's factor.
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
        # The layout's max-height is at the designed size; large print gives the diagram as much more room.
        self.max_height = None if max_height is None else max_height * styles.scale.factor
        self.legend = legend
        self.key_at: tuple[float, float, bool] | None = None  # x, y from top, stacked?
        self.where = ("", "<pathway>")  # layout file and element, for errors
        self.layout: PathLayout | None = None
        self.scale = 1.0
        self.factor = styles.scale.factor  # above 1 in a large-print edition: every size times this
        self.title_size = styles.scale.body
        self.text_size = styles.scale.small  # the labels and the key
        self.per_row: int | None = None  # boxes side by side when a row had to wrap
        # A label is measured at exactly its longest word's width; wrapped there again, rounding can leave a hair
        # too little and the word broke ("Experienc / e"). Labels are measured and drawn with a half point more.
        self.slack = 0.5 * self.factor

    # -- sizing ---------------------------------------------------------------
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        limit = availHeight if self.max_height is None else min(availHeight, self.max_height)
        last: PathDoesNotFit | None = None  # why the last try did not fit
        # As drawn first; then, when even the tightest spacing will not do, rows wrapped to fewer boxes each
        # (the text keeps its size: it is the type scale's smallest already).
        widest = widest_row([s.id for s in self.steps], self.moves)
        caps: list[int | None] = [None, *range(widest - 1, 0, -1)]
        for fits_page in (True, False):
            for per_row in caps:
                for scale in SCALES:
                    room = limit if fits_page else (self.max_height or 1e6)
                    measure = _Measure(self, scale)
                    # There is no smaller size to step down to: a title word too wide for its box wraps the
                    # rows instead of breaking mid-word, unless the boxes already stand one a row.
                    measure.whole_words = per_row != 1
                    try:
                        layout = self._lay_out(availWidth, room, measure, per_row)
                        extra = self._place_key(layout)
                        if layout.height + extra > room:
                            raise PathDoesNotFit(f"the path and its key need {layout.height + extra:.0f} pt")
                    except PathDoesNotFit as exc:
                        last = exc
                        continue
                    self.layout, self.scale, self.title_size, self.per_row = layout, scale, measure.size, per_row
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
        f = self.factor
        occupied = [*layout.boxes.values(), *(a.label for a in layout.arrows if a.label)]
        for arrow in layout.arrows:
            for (x0, y0), (x1, y1) in zip(arrow.points, arrow.points[1:], strict=False):
                occupied.append(Rect(min(x0, x1) - 1, min(y0, y1) - 1, abs(x1 - x0) + 2, abs(y1 - y0) + 2))
        for x in (0.0, layout.width - stacked_w):
            corner = Rect(x - 6 * f, -2 * f, stacked_w + 12 * f, stacked_h + 8 * f)
            if not any(corner.overlaps(r) for r in occupied):
                self.key_at = (x, 0.0, True)
                return 0.0
        # Below the diagram: in one row, or stacked when the row would be wider than the diagram (large print,
        # longer Spanish names on A4).
        below_stacked = self._key_size(False)[0] > layout.width
        self.key_at = (0.0, layout.height + 6 * f, below_stacked)
        return self._key_size(below_stacked)[1] + 6 * f

    def _key_size(self, stacked: bool) -> tuple[float, float]:
        """Width and height of the key's box: its entries stacked, or in one row, with padding round them."""
        f = self.factor
        font, size = self.styles.fonts.regular, self.text_size
        widths = [(KEY_SWATCH + 5) * f + stringWidth(name, font, size) for _, _, name in self._key_entries()]
        inner_w = max(widths) if stacked else sum(widths) + 14 * f * (len(widths) - 1)
        lines = len(widths) if stacked else 1
        # From the top of the first line's capitals to the foot of the last line's descenders: one size.
        return inner_w + 2 * KEY_PAD * f, (lines - 1) * KEY_LINE * size + size + 2 * KEY_PAD * f

    def _lay_out(self, width: float, height: float, measure: _Measure, per_row: int | None = None) -> PathLayout:
        scale, f = measure.scale, self.factor
        if f == 1:
            spacing = Spacing(stub=6 * scale, pad=3 * scale, hgap=10 * scale)
        else:
            base = Spacing()
            spacing = Spacing(
                stub=6 * scale * f,
                pad=3 * scale * f,
                hgap=10 * scale * f,
                lane=base.lane * f,
                track=base.track * f,
                min_box_width=base.min_box_width * f,
                max_box_width=base.max_box_width * f,
            )
        steps = [s.id for s in self.steps]

        def work() -> tuple[PathLayout, float]:
            # Laid out with no height limit (the limit only decides whether it fits: checked below).
            return layout_path(steps, self.moves, width, math.inf, measure, spacing, per_row), measure.size

        layout, measure.size = _LAYOUTS.get(self._layout_key(width, measure, per_row, spacing), work)
        check_height(layout.height, height)
        return layout

    def _layout_key(self, width: float, measure: _Measure, per_row: int | None, spacing: Spacing) -> tuple[Any, ...]:
        """Everything a layout depends on: the path, its text and what sets it, the width, spacing and rows.

        A handout set again (a fitting step) asks for the same diagram at the same width: it is laid out once.
        """
        scale = self.styles.scale
        sizes = (scale.body, scale.small)  # the title sizes `_Measure.title_height` chooses from
        looks = {(s.kind, s.current) for s in self.steps}
        title_keys = {look: tuple(break_key(self.title_style(*look, size)) for size in sizes) for look in looks}
        steps = tuple((s.id, s.title, title_keys[(s.kind, s.current)]) for s in self.steps)
        text = (break_key(self.label_style()), sizes, measure.size, self.factor, self.slack, measure.whole_words)
        return (steps, tuple(self.moves), tuple(self.labels), text, width, per_row, spacing)

    def title_style(self, kind: str, current: bool, size: float) -> ParagraphStyle:
        """A box title's style; one object per Styles, kind and size, so its paragraphs' fragments are made once."""
        return _derived(self.styles, ("title", kind, current, size), lambda: self._title_style(kind, current, size))

    def _title_style(self, kind: str, current: bool, size: float) -> ParagraphStyle:
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

    def label_style(self) -> ParagraphStyle:
        """A move label's style (one object per Styles and size, as `title_style`)."""
        return _derived(self.styles, ("label", self.text_size), self._label_style)

    def _label_style(self) -> ParagraphStyle:
        size = self.text_size
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
    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A path taller than the room left splits between two of its rows (see `_Slice`).

        Its text is at the type scale's smallest size already, so there is
        nothing to step down; moving it whole could leave a page nearly empty.
        """
        self.wrap(availWidth, availHeight)
        return self.split_between(0.0, self.height, availHeight - self.spaceBefore)

    def split_between(self, y0: float, y1: float, room: float) -> list[Flowable]:
        """The part from ``y0`` to ``y1`` cut at the lowest place between rows that leaves ``room`` above."""
        cuts = [c for c in self._cuts() if y0 < c < y1 and c - y0 <= room]
        if not cuts:
            return []
        cut = max(cuts)
        first, rest = _Slice(self, y0, cut), _Slice(self, cut, y1)
        first.spaceBefore = self.spaceBefore if y0 == 0 else 0.0
        rest.spaceAfter = self.spaceAfter
        return [first, rest]

    def _cuts(self) -> list[float]:
        """Where the drawing may be cut across: in each band, above the labels, so no text or box is cut.

        The first part then ends with the lines leaving a row; the next part
        starts with their labels and arrowheads, so the moves read on.
        """
        assert self.layout is not None
        layout, f = self.layout, self.factor
        rows = sorted({box.y for box in layout.boxes.values()})
        solid = [*layout.boxes.values(), *(a.label for a in layout.arrows if a.label is not None)]
        if self.key_at is not None:
            x, y, stacked = self.key_at
            w, h = self._key_size(stacked)
            solid.append(Rect(x, y, w, h))
        cuts = []
        for upper, lower in pairwise(rows):
            bottom = max(box.bottom for box in layout.boxes.values() if box.y == upper)
            labels = [r.y for r in solid[len(layout.boxes) :] if bottom <= r.y < lower]
            cut = min([lower, *labels]) - 1.5 * f
            if cut > bottom and not any(r.y < cut < r.bottom for r in solid):
                cuts.append(cut)
        return cuts

    def draw(self) -> None:
        self.paint(self.height, 0.0, self.height)

    def paint(self, top: float, start: float, end: float) -> None:
        """Draw on ``self.canv`` with the diagram's top at ``top``: the boxes, labels and key between ``start`` and
        ``end`` (all of them, unless a `_Slice` asks for its part), and every arrow (a slice clips them)."""
        assert self.layout is not None
        canvas = self.canv
        layout = self.layout
        canvas.saveState()
        canvas.setLineJoin(1)
        line = self.colors.muted
        f = self.factor
        for arrow in layout.arrows:
            canvas.setStrokeColor(line)
            canvas.setLineWidth(0.9 * f)
            path = canvas.beginPath()
            x0, y0 = arrow.points[0]
            path.moveTo(x0, top - y0)
            for x, y in arrow.points[1:]:
                path.lineTo(x, top - y)
            canvas.drawPath(path, stroke=1, fill=0)
            tip_x, tip_y = arrow.points[-1]
            _arrowhead(canvas, tip_x, top - tip_y, line, f)
        for arrow in layout.arrows:
            if arrow.label is not None and start <= arrow.label.y < end:
                self._draw_label(arrow.label, self.labels[arrow.move], top)
        for step in self.steps:
            if start <= layout.boxes[step.id].y < end:
                self._draw_box(step, top)
        if self.key_at is not None and start <= self.key_at[1] < end:
            self._draw_key(*self.key_at, top)
        canvas.restoreState()

    def _draw_box(self, step: _Step, top: float) -> None:
        assert self.layout is not None
        canvas = self.canv
        box = self.layout.boxes[step.id]
        fill, stroke, weight = self._look(step.kind, step.current)
        canvas.setFillColor(fill)
        canvas.setStrokeColor(stroke)
        f = self.factor
        canvas.setLineWidth(weight * f)
        if step.optional:
            canvas.setDash([d * f for d in DASH])  # a step the path can skip; the key says so
        canvas.roundRect(box.x, top - box.bottom, box.w, box.h, 3 * f, stroke=1, fill=1)
        canvas.setDash()
        para = make_paragraph(step.title, self.title_style(step.kind, step.current, self.title_size))
        pad = _Measure.BOX_PAD_X * f
        _, h = para.wrap(box.w - 2 * pad, box.h)
        para.drawOn(canvas, box.x + pad, top - box.y - (box.h + h) / 2)

    def _draw_label(self, rect: Any, markup: str, top: float) -> None:
        canvas = self.canv
        canvas.setFillColor(white)
        canvas.rect(rect.x, top - rect.bottom, rect.w, rect.h, stroke=0, fill=1)
        pad = _Measure.LABEL_PAD * self.factor
        para = make_paragraph(markup, self.label_style())
        _, h = para.wrap(rect.w - 2 * pad + self.slack, rect.h)
        para.drawOn(canvas, rect.x + pad, top - rect.y - (rect.h + h) / 2)

    def _draw_key(self, x: float, y_from_top: float, stacked: bool, top: float) -> None:
        """The key to the box styles: a stack of swatches in a corner, or one row underneath."""
        canvas = self.canv
        f = self.factor
        font, size = self.styles.fonts.regular, self.text_size
        # A thin box round the key sets it apart from the steps (a key is not one of the boxes).
        box_w, box_h = self._key_size(stacked)
        box_top = top - y_from_top
        canvas.setStrokeColor(self.colors.muted)
        canvas.setLineWidth(0.5 * f)
        canvas.rect(x, box_top - box_h, box_w, box_h, stroke=1, fill=0)
        canvas.setFont(font, size)
        x += KEY_PAD * f
        baseline = box_top - KEY_PAD * f - 0.75 * size  # the capitals' top at the padding
        for kind, current, name in self._key_entries():
            check_runs([(name, font)], name)
            optional = kind == OPTIONAL
            fill, stroke, weight = (white, self.colors.muted, 1.1) if optional else self._look(kind, current)
            canvas.setFillColor(fill)
            canvas.setStrokeColor(stroke)
            canvas.setLineWidth(min(weight, 1.6) * f)
            if optional:
                canvas.setDash([d * f for d in DASH])
            canvas.roundRect(x, baseline - 0.15 * size, KEY_SWATCH * f, 0.9 * size, 2 * f, stroke=1, fill=1)
            canvas.setDash()
            canvas.setFillColor(self.colors.text)
            canvas.drawString(x + KEY_SWATCH * f + 5 * f, baseline, name)
            if stacked:
                baseline -= KEY_LINE * size
            else:
                x += KEY_SWATCH * f + 5 * f + stringWidth(name, font, size) + 14 * f

    def _key_entries(self) -> list[tuple[str, bool, str]]:
        if not self.legend:
            return []
        entries = [(k, False, tr(KIND_NAMES[k])) for k in KINDS if any(s.kind == k for s in self.steps)]
        if any(s.current for s in self.steps):
            entries.append(("role", True, tr("This career")))
        if any(s.optional for s in self.steps):
            entries.append((OPTIONAL, False, tr("Optional step")))
        return entries


class _Slice(Flowable):
    """The rows of a large-print path from ``y0`` to ``y1`` (down from its top): one page's share of it.

    At 18 pt a path of six or seven rows is taller than what is left of a
    page under the heading and intro, and moving it whole left that page
    nearly empty. A slice draws the whole diagram shifted up and clipped to
    its part; the cut lies between rows, above the labels (`PathDiagram._cuts`),
    so only the lines of the moves cross it.
    """

    def __init__(self, diagram: PathDiagram, y0: float, y1: float) -> None:
        super().__init__()
        self.diagram = diagram
        self.y0, self.y1 = y0, y1
        self.width, self.height = diagram.width, y1 - y0
        self.spaceBefore = self.spaceAfter = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return self.diagram.split_between(self.y0, self.y1, availHeight - self.spaceBefore)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        clip = canvas.beginPath()
        margin = 4 * self.diagram.factor  # room for line widths at the sides; the cut itself is exact
        clip.rect(-margin, 0, self.width + 2 * margin, self.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        self.diagram.canv = canvas
        self.diagram.paint(self.y1, self.y0, self.y1)
        canvas.restoreState()


class _Measure:
    """Text sizes for `pathlayout`, measured with the brand's fonts."""

    BOX_PAD_X = 4.0
    BOX_PAD_Y = 3.0
    LABEL_PAD = 1.0

    def __init__(self, diagram: PathDiagram, scale: float) -> None:
        self.diagram = diagram
        self.scale = scale
        self.factor = diagram.factor
        self.titles = {s.id: s for s in diagram.steps}
        self.size = diagram.title_size
        self._sized_for: float | None = None
        self.whole_words = False  # refuse a width at which a title's longest word would break

    def _lines(self, step: _Step, width: float, size: float) -> tuple[int, float]:
        style = self.diagram.title_style(step.kind, step.current, size)
        lines, height, _ = wrapped(step.title, style, width - 2 * self.BOX_PAD_X * self.factor)
        return lines, height

    def title_height(self, step: str, width: float) -> float:
        """Height of every box at this width; the title size is chosen once per width.

        Boxes share one size, so the longest title sets every box's height.
        Body size (10 pt) unless the small size (9 pt) saves that title a line:
        the larger of the type scale's two text sizes giving the fewest lines.
        """
        f = self.factor
        if self._sized_for != width:
            scale = self.diagram.styles.scale
            sizes = [scale.body, scale.small]
            most = {size: max(self._lines(s, width, size)[0] for s in self.diagram.steps) for size in sizes}
            self.size = next(size for size in sizes if most[size] == min(most.values()))
            self._sized_for = width
            if self.whole_words:
                inner = width - 2 * self.BOX_PAD_X * f
                for s in self.diagram.steps:
                    style = self.diagram.title_style(s.kind, s.current, self.size)
                    if min_width(s.title, style) > inner:
                        raise PathDoesNotFit(f"a word of the step '{s.id}' is wider than its {width:.0f} pt box")
        return self._lines(self.titles[step], width, self.size)[1] + 2 * self.BOX_PAD_Y * f

    def label_min_width(self, move: int) -> float:
        return min_width(self.diagram.labels[move], self.diagram.label_style()) + 2 * self.LABEL_PAD * self.factor

    def label_size(self, move: int, max_width: float) -> tuple[float, float]:
        pad = self.LABEL_PAD * self.factor
        inner = max(max_width - 2 * pad, 1.0)
        _, h, widest = wrapped(self.diagram.labels[move], self.diagram.label_style(), inner + self.diagram.slack)
        return (inner if widest is None else widest) + 2 * pad, h + 2 * pad


# -- text measured once per process -----------------------------------------------------------------------
# A diagram is laid out at several widths and spacings, and a handout that does not fit as designed is
# rendered again: the same titles and labels were wrapped at the same widths again and again (a tenth of a
# pathway sheet's render). What a paragraph's lines come to depends only on its markup, the style's
# attributes that can move a break (font, size, leading, alignment, indents, wrapping options: everything
# but its name, parent and colours) and the width; those are the key.
_T = TypeVar("_T")
_NOT_BREAKING = frozenset(
    {"name", "parent", "textColor", "backColor", "borderColor", "bulletColor", "underlineColor", "strikeColor"}
)


class _Remembered:
    """Answers remembered under their keys, at most ``limit``: the least recently used is forgotten first."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()  # least recently used first

    def get(self, key: tuple[Any, ...], work: Callable[[], _T]) -> _T:
        """The answer remembered under ``key``, else ``work()``'s (then remembered)."""
        answers = self.answers
        if key in answers:
            answers.move_to_end(key)
            return answers[key]
        value = work()
        answers[key] = value
        if len(answers) > self.limit:
            answers.popitem(last=False)
        return value


_MEASURED = _Remembered(4096)
# Whole diagrams, each with the title size it chose (a few kilobytes each).
_LAYOUTS = _Remembered(64)
_BREAK_KEYS: weakref.WeakKeyDictionary[ParagraphStyle, int] = weakref.WeakKeyDictionary()
_BREAK_NUMBERS: dict[tuple[Any, ...], int] = {}
_NUMBERS = itertools.count()
# Per Styles (one per brand, fonts and type scale; see `styles_for`): the diagram's derived styles.
_DERIVED: weakref.WeakKeyDictionary[Styles, dict[tuple[Any, ...], ParagraphStyle]] = weakref.WeakKeyDictionary()


def _derived(styles: Styles, key: tuple[Any, ...], make: Callable[[], ParagraphStyle]) -> ParagraphStyle:
    """The style ``make`` gives, made once per ``styles`` and ``key`` (nothing changes a style once made)."""
    known = _DERIVED.setdefault(styles, {})
    style = known.get(key)
    if style is None:
        style = known[key] = make()
    return style


def break_key(style: ParagraphStyle) -> int:
    """A number standing for every attribute of ``style`` that can change where its lines break or how tall
    they are: styles equal in all of those share it (a short key: the attributes are some forty pairs)."""
    number = _BREAK_KEYS.get(style)
    if number is None:
        attributes = tuple(sorted((k, v) for k, v in vars(style).items() if k not in _NOT_BREAKING))
        number = _BREAK_NUMBERS.get(attributes)
        if number is None:
            if len(_BREAK_NUMBERS) >= _MEASURED.limit:
                _BREAK_NUMBERS.clear()  # (numbers are never reused: an old one only misses)
            number = _BREAK_NUMBERS[attributes] = next(_NUMBERS)
        _BREAK_KEYS[style] = number
    return number


def wrapped(markup: str, style: ParagraphStyle, width: float) -> tuple[int, float, float | None]:
    """Lines, height and widest line (None when there are no lines) of the paragraph wrapped to ``width``."""

    def work() -> tuple[int, float, float | None]:
        para = make_paragraph(markup, style)
        _, height = para.wrap(width, 1e6)
        widths = para.getActualLineWidths0()
        return len(para.blPara.lines), height, max(widths) if widths else None

    return _MEASURED.get(("wrapped", markup, break_key(style), width), work)


def min_width(markup: str, style: ParagraphStyle) -> float:
    """The narrowest the paragraph can be set without breaking a word."""
    return _MEASURED.get(("min width", markup, break_key(style)), lambda: make_paragraph(markup, style).minWidth())


def box_fill(kind: str, colors: Palette) -> Color:
    """A step's box colour: jobs in the school's primary (as the band), credentials white, education the background."""
    if kind == "role":
        return colors.band
    if kind == "credential":
        return white
    return colors.background


def _arrowhead(canvas: Any, x: float, y: float, color: Color, factor: float = 1.0) -> None:
    """A filled triangle whose tip touches (x, y), pointing down; ``factor`` times the designed size."""
    canvas.setFillColor(color)
    path = canvas.beginPath()
    path.moveTo(x, y)
    path.lineTo(x - 3 * factor, y + 5.5 * factor)
    path.lineTo(x + 3 * factor, y + 5.5 * factor)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _readable_on(fill: Color, text_color: Color) -> Color:
    """The brand's text colour or white, whichever reads better on the fill (WCAG contrast)."""
    from handouts.inputs.colors import RGB, contrast

    def rgb(c: Color) -> RGB:
        return RGB(*(round(v * 255) for v in (c.red, c.green, c.blue)))

    return white if contrast(rgb(fill), RGB(255, 255, 255)) > contrast(rgb(fill), rgb(text_color)) else text_color
