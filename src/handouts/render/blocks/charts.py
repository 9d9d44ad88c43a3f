"""Horizontal bar charts of sourced figures: value labels, a unit axis, citation marks, alt text.

Each bar carries a whole figure (value or range, unit, period, source), put
there by the layout's ``bar()`` helper, so the chart needs no data lookup.
Every bar is labelled with its value, period and citation mark, exactly as
the figure prints in text; the axis is captioned with the unit in words.

A range (e.g. a pay range) is drawn, by default (``ranges="span"``), as a
floating bar from its low end to its high end: a bar from 0 would say the
pay starts at nothing. With ``ranges="midpoint"`` it is a bar to the middle
of the range with a thin line from low to high. Either way the label states
both ends. Tick labels are centred on their ticks: the plot is inset by half
the "0" label so the first one is not pushed right by the margin.

A value label goes after its bar while it fits there on one line in half
the chart's width; when it does not (large print, a narrow column) every
value label goes on its own line under its bar, full width, so a figure is
never broken inside a number ("$45,00 / 0") and the bars keep their room.
Bar height, gaps and ticks grow with a large-print edition's factor.

The chart is one Figure in the structure tree; its alt text says every
value in words, so a screen reader gets what the eye gets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from handouts.errors import LayoutError, Problem
from handouts.inputs.language import tr
from handouts.inputs.models import Figure, Unit
from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, builder, keep_together
from handouts.render.blocks.inline import drawn_paragraph, plain_paragraph
from handouts.tagging.tagger import StructNode
from handouts.templating.figures import axis_label, format_number, plot_value, short_value, spoken_value

BAR_HEIGHT = 9.0
ROW_GAP = 5.0
TICK = 3.0
STEPS = (1.0, 2.0, 2.5, 5.0)
MAX_TICKS = 6


@dataclass
class Bar:
    label: str
    figure: Figure
    citation: int

    @property
    def value_text(self) -> str:
        return f"{short_value(self.figure)} ({self.figure.period}) [{self.citation}]"


def bar_figure(element: Element) -> Figure:
    """The figure a <bar> carries (a chart needs no measure or year, only what it draws)."""
    a = element.attrs
    return Figure(
        unit=Unit(a["unit"]),
        measure=a["label"],
        period=a["period"],
        year=0,
        source=a["source"],
        value=a.get("value"),
        low=a.get("low"),
        high=a.get("high"),
        qualifier=a.get("qualifier"),
    )


def axis_ticks(top: float, room: float, label_width: float) -> list[float]:
    """Round tick values from 0 past ``top``, as many as fit ``room`` with labels ``label_width`` wide."""
    most = min(MAX_TICKS, max(2, int(room // (label_width + 8))))
    top = top or 1.0
    magnitude = 10 ** math.floor(math.log10(top / most)) if top / most > 0 else 1.0
    for scale in (1, 10, 100):
        for step in STEPS:
            size = step * magnitude * scale
            count = math.ceil(top / size - 1e-9)
            if count + 1 <= most:
                return [round(i * size, 9) for i in range(count + 1)]
    return [0.0, top]


class BarChart(Flowable):
    """The drawn chart: label above each bar, value label after it, axis and caption below."""

    width: float  # set by wrap
    height: float

    draws_links = False  # its labels are plain text (tagging._may_link)

    def __init__(self, bars: list[Bar], ctx: BuildContext, ranges: str, width: float | None) -> None:
        super().__init__()
        self.bars = bars
        self.ranges = ranges
        self.wanted_width = width
        self.colors = ctx.styles.colors
        unit = bars[0].figure.unit
        self.labels = [drawn_paragraph(b.label, "chart-label", ctx) for b in bars]
        self.values = [drawn_paragraph(b.value_text, "chart-value", ctx) for b in bars]
        # Bars start at 0: a negative figure (a shrinking job market) draws no bar, and its label says the value.
        self.top = max(0.0, *((b.figure.high if b.figure.is_range else b.figure.value) or 0.0 for b in bars))
        self.unit = unit
        self.tick_style = ctx.styles["chart-axis"]
        tick_texts = [format_number(v, unit) for v in (self.top, self.top * 2)]
        self.tick_width = max(stringWidth(t, self.tick_style.fontName, self.tick_style.fontSize) for t in tick_texts)
        caption = axis_label(unit)
        # The "0" label is centred on the axis's start: the plot starts half its width in from the left.
        zero = format_number(0.0, unit)
        self.plot_left = stringWidth(zero, self.tick_style.fontName, self.tick_style.fontSize) / 2 + 0.5
        self.caption = drawn_paragraph(caption, "chart-axis", ctx, "center")
        self.tick_paragraphs: list[tuple[float, Paragraph, float]] = []  # value, its label, the label's height
        self.ctx = ctx
        self.factor = ctx.styles.scale.factor  # bar height, gaps and ticks grow with large print's type
        self.below = False  # value labels under their bars (see wrap)
        self._wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # Tables ask again at the same width (to size, then to draw the cell); the chart depends on the width alone.
        if availWidth == self._wrapped_width:
            return self.width, self.height
        width = min(self.wanted_width or availWidth, availWidth)
        style = self.values[0].style
        f = self.factor
        bar_h, gap = BAR_HEIGHT * f, ROW_GAP * f
        widest = max(stringWidth(b.value_text, style.fontName, style.fontSize) for b in self.bars) + 2
        self.below = widest > width * 0.5
        if self.below:
            # Under the bar, full width: the plot takes the whole width but room for the last tick label's half.
            self.value_width = width
            self.plot_width = width - self.plot_left - (self.tick_width + 8) / 2
        else:
            self.value_width = min(widest, width * 0.5)
            self.plot_width = width - self.value_width - 5 - self.plot_left
        self.rows: list[tuple[float, float, float]] = []
        for label, value in zip(self.labels, self.values, strict=True):
            _, label_h = label.wrap(width, availHeight)
            _, value_h = value.wrap(self.value_width, availHeight)
            if self.below:
                self.rows.append((label_h, value_h, label_h + 1 + bar_h + 1 + value_h + gap))
            else:
                self.rows.append((label_h, value_h, label_h + 1 + max(bar_h, value_h) + gap))
        self.ticks = axis_ticks(self.top, self.plot_width, self.tick_width)
        self.tick_paragraphs = []
        for tick in self.ticks:
            paragraph = drawn_paragraph(format_number(tick, self.unit), "chart-axis", self.ctx, "center")
            self.tick_paragraphs.append((tick, paragraph, paragraph.wrap(self.tick_width + 8, availHeight)[1]))
        tick_h = max(h for _, _, h in self.tick_paragraphs)
        _, caption_h = self.caption.wrap(self.plot_width, availHeight)
        self.axis_height = TICK * f + 1 + tick_h + caption_h
        self.width = width
        self.height = sum(row[2] for row in self.rows) + self.axis_height
        self._wrapped_width = availWidth
        return self.width, self.height

    @property
    def bar_height(self) -> float:
        return BAR_HEIGHT * self.factor

    def x_of(self, value: float) -> float:
        return self.plot_left + self.plot_width * max(value, 0.0) / self.ticks[-1]

    def draw(self) -> None:
        canvas = self.canv
        colors = self.colors
        canvas.saveState()
        axis_y = self.axis_height
        y = self.height
        for bar, label, value, (label_h, value_h, row_h) in zip(
            self.bars, self.labels, self.values, self.rows, strict=True
        ):
            label.drawOn(canvas, 0, y - label_h)
            if self.below:
                bar_y = y - label_h - 1 - self.bar_height
                self._draw_bar(bar.figure, bar_y)
                value.drawOn(canvas, self.plot_left, bar_y - 1 - value_h)
            else:
                band = max(self.bar_height, value_h)
                bar_y = y - label_h - 1 - (band + self.bar_height) / 2
                end = self._draw_bar(bar.figure, bar_y)
                value.drawOn(canvas, end + 4, y - label_h - 1 - (band + value_h) / 2)
            y -= row_h
        # Axis line, ticks and their labels, then the unit caption.
        canvas.setStrokeColor(colors.muted)
        f = self.factor
        canvas.setLineWidth(0.6 * f)
        canvas.line(self.plot_left, axis_y, self.x_of(self.ticks[-1]), axis_y)
        for tick, paragraph, h in self.tick_paragraphs:  # each wrapped in wrap(), at this width
            x = self.x_of(tick)
            canvas.line(x, axis_y, x, axis_y - TICK * f)
            w = self.tick_width + 8
            # Centred on the tick (the paragraph is centred in its box); only the last is kept off the edge.
            left = min(x - w / 2, self.width - w)
            paragraph.drawOn(canvas, left, axis_y - TICK * f - 1 - h)
        self.caption.drawOn(canvas, self.plot_left, 0)
        canvas.restoreState()

    def _draw_bar(self, figure: Figure, y: float) -> float:
        """Draw one bar at height ``y``; returns where its label may start."""
        canvas = self.canv
        colors = self.colors
        canvas.setFillColor(colors.accent)
        start = self.x_of(0.0)
        if not figure.is_range:
            end = self.x_of(figure.value or 0.0)
            canvas.rect(start, y, end - start, self.bar_height, stroke=0, fill=1)
            return end
        low, high = self.x_of(figure.low or 0.0), self.x_of(figure.high or 0.0)
        if self.ranges == "midpoint":
            middle = self.x_of(plot_value(figure))
            canvas.rect(start, y, middle - start, self.bar_height, stroke=0, fill=1)
            canvas.setStrokeColor(colors.text)
            canvas.setLineWidth(0.8 * self.factor)
            mid_y = y + self.bar_height / 2
            canvas.line(low, mid_y, high, mid_y)
            canvas.line(low, mid_y - 2.5 * self.factor, low, mid_y + 2.5 * self.factor)
            canvas.line(high, mid_y - 2.5 * self.factor, high, mid_y + 2.5 * self.factor)
            return max(high, middle)
        # A floating bar from low to high: the pay starts at the low end, not at 0.
        canvas.rect(low, y, high - low, self.bar_height, stroke=0, fill=1)
        return high


def describe(title: str, bars: list[Bar]) -> str:
    """Alt text: the title, the unit and every bar's value in words, with period and source number."""
    unit = axis_label(bars[0].figure.unit)
    values = "; ".join(
        tr("{label}: {value} ({period}, source {number})").format(
            label=b.label, value=spoken_value(b.figure), period=b.figure.period, number=b.citation
        )
        for b in bars
    )
    return tr("Bar chart, {title}, in {unit}. {values}.").format(title=title, unit=unit, values=values)


@builder("chart")
def build_chart(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    bars = [Bar(b.attrs["label"], bar_figure(b), ctx.citations[b.attrs["source"]]) for b in element.elements()]
    units = sorted({b.figure.unit.value for b in bars})
    if len(units) > 1:
        raise LayoutError(
            problems=[
                Problem(
                    ctx.layout,
                    0,
                    "<chart>",
                    f"its bars mix units ({', '.join(units)}); one chart has one axis",
                    f"make one chart per unit ({ctx.where(element)})",
                )
            ]
        )
    title = element.attrs["title"]
    heading = plain_paragraph(title, "chart-title", ctx, ctx.tagger.node(ctx.subheading(), parent))
    alt = describe(title, bars)
    figure = ctx.tagger.figure(parent, alt)
    chart = BarChart(bars, ctx, element.attrs["ranges"], element.attrs.get("width"))
    chart.spaceAfter = ctx.styles.scale.space(8)
    return keep_together([heading, ctx.tagger.wrap(chart, figure, alt)], parent)
