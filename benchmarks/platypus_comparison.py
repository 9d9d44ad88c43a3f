"""Baseline: the comparison handout hand-written in plain ReportLab platypus.

What a competent developer would write without handouts: styles, a header
band and "Page X of Y" footer from a counting canvas, two tables with
bullet lists in cells, a shaded call-out, a sources list; the same Open
Sans fonts, embedded. No templating, no markup, no tagging, no inspection:
the floor handouts builds on.

    python benchmarks/platypus_comparison.py out.pdf      # cold: one handout from a fresh process
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content import Chart, Comparison, comparison
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

FONTS = Path(__file__).resolve().parent.parent / "src" / "handouts" / "builtin" / "fonts"
PRIMARY = colors.HexColor("#1f4e79")
SHADE = colors.HexColor("#eef3f8")
RULE = colors.HexColor("#9aafc3")
TEXT = colors.HexColor("#1f2328")
ACCENT = colors.HexColor("#b4530a")
LIGHT = colors.HexColor("#f0d4bf")
_registered = False


def register_fonts() -> None:
    global _registered
    if not _registered:
        for name, file in (("OS", "Regular"), ("OS-B", "Bold"), ("OS-I", "Italic"), ("OS-BI", "BoldItalic")):
            pdfmetrics.registerFont(TTFont(name, FONTS / f"OpenSans-{file}.ttf"))
        pdfmetrics.registerFontFamily("OS", normal="OS", bold="OS-B", italic="OS-I", boldItalic="OS-BI")
        _registered = True


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="OS", fontSize=9.5, leading=13.2, textColor=TEXT, spaceAfter=5)
    return {
        "body": body,
        "lead": ParagraphStyle("lead", body, fontSize=11, leading=15, spaceAfter=8),
        "h1": ParagraphStyle("h1", body, fontName="OS-B", fontSize=19, leading=23, textColor=PRIMARY, spaceAfter=6),
        "h2": ParagraphStyle("h2", body, fontName="OS-B", fontSize=13, leading=16, textColor=PRIMARY, spaceBefore=10),
        "h3": ParagraphStyle("h3", body, fontName="OS-B", fontSize=10.5, leading=13.5, spaceBefore=6),
        "th": ParagraphStyle("th", body, fontName="OS-B", fontSize=9, leading=11.5, textColor=colors.white),
        "thr": ParagraphStyle("thr", body, fontName="OS-B", fontSize=8.5, leading=11, spaceAfter=0),
        "td": ParagraphStyle("td", body, fontSize=8.5, leading=11, spaceAfter=2),
        "src": ParagraphStyle("src", body, fontSize=7.5, leading=9.8, textColor=colors.HexColor("#575a5e")),
        "small": ParagraphStyle("small", body, fontSize=8, leading=10.6, textColor=colors.HexColor("#575a5e")),
    }


class NumberedCanvas(Canvas):
    """The usual platypus recipe for "Page X of Y": hold pages, draw footers at save."""

    def __init__(self, *args, **kwargs):
        kwargs["initialFontName"] = "OS"
        super().__init__(*args, **kwargs)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._furniture(total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _furniture(self, total: int) -> None:
        width, height = self._pagesize
        self.setFillColor(PRIMARY)
        self.roundRect(0.5 * inch, height - 1.2 * inch, width - inch, 0.8 * inch, 6, stroke=0, fill=1)
        self.setFillColor(colors.white)
        self.setFont("OS-B", 12)
        self.drawString(0.65 * inch, height - 0.86 * inch, "Career Advising Office")
        self.setFont("OS", 8.5)
        self.drawRightString(width - 0.6 * inch, height - 0.84 * inch, "Career comparison")
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(0.6 * inch, 0.62 * inch, width - 0.6 * inch, 0.62 * inch)
        self.setFillColor(colors.HexColor("#575a5e"))
        self.setFont("OS", 7)
        self.drawString(0.6 * inch, 0.46 * inch, "Career Advising Office")
        self.drawRightString(width - 0.6 * inch, 0.46 * inch, f"Page {self._pageNumber} of {total}")


class BarChart(Flowable):
    """A hand-drawn horizontal bar chart: name above each bar, value after it, axis and caption below."""

    def __init__(self, chart: Chart, width: float) -> None:
        super().__init__()
        self.chart = chart
        self.width = width
        self.height = 16 + len(chart.bars) * 24 + 24

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, chart = self.canv, self.chart
        plot = self.width * 0.55
        c.setFont("OS-B", 9)
        c.setFillColor(TEXT)
        c.drawString(0, self.height - 10, chart.title)
        y = self.height - 16
        for name, low, high, label in chart.bars:
            c.setFont("OS", 7.5)
            c.setFillColor(TEXT)
            c.drawString(0, y - 8, name)
            y -= 19
            c.setFillColor(ACCENT)
            c.rect(0, y, plot * low / chart.top, 9, stroke=0, fill=1)
            if high > low:
                c.setFillColor(LIGHT)
                c.setStrokeColor(ACCENT)
                c.rect(plot * low / chart.top, y, plot * (high - low) / chart.top, 9, stroke=1, fill=1)
            c.setFillColor(TEXT)
            c.drawString(plot * high / chart.top + 4, y + 2, label)
            y -= 5
        c.setStrokeColor(RULE)
        c.line(0, y, plot, y)
        c.setFont("OS", 6.5)
        for i in range(5):
            x = plot * i / 4
            c.line(x, y, x, y - 3)
            value = chart.top * i / 4
            c.drawCentredString(x, y - 10, f"{value:,.0f}" if chart.top > 100 else f"{value:g}")
        c.drawString(0, y - 19, chart.axis)


def _cell(text: str, items: list[str], st: dict[str, ParagraphStyle]) -> list:
    out = [Paragraph(escape(text), st["td"])] if text else []
    if items:
        out.append(
            ListFlowable(
                [ListItem(Paragraph(escape(i), st["td"]), leftIndent=10) for i in items],
                bulletType="bullet",
                bulletFontName="OS",
                bulletFontSize=8,
                leftIndent=10,
            )
        )
    return out


def flowables(doc: Comparison, st: dict[str, ParagraphStyle], width: float) -> list:
    story: list = [Paragraph(escape(doc.heading), st["h1"]), Paragraph(escape(doc.lead), st["lead"])]
    story += [Paragraph(f"<b>{escape(a)}</b> {escape(b)}", st["body"]) for a, b in doc.intros]
    story.append(Paragraph("At a glance", st["h2"]))
    rows = [[Paragraph("", st["th"])] + [Paragraph(escape(c), st["th"]) for c in doc.columns]]
    for label, cells in doc.glance:
        rows.append([Paragraph(escape(label), st["thr"])] + [_cell(t, i, st) for t, i in cells])
    first = 0.19 * width
    table_style = [
        ("FONTNAME", (0, 0), (-1, -1), "OS"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4.5),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    cols = [first] + [(width - first) / len(doc.columns)] * len(doc.columns)
    story.append(Table(rows, colWidths=cols, repeatRows=1, style=TableStyle(table_style), splitInRow=24))
    story.append(Paragraph("Which one fits you?", st["h2"]))
    fits = [[Paragraph(escape(f"{c} could suit you if you"), st["th"]) for c in doc.columns]]
    fits.append([_cell("", items, st) for items in doc.fits])
    fits_style = TableStyle(table_style[:3] + table_style[4:])  # no zebra rows
    story.append(Table(fits, colWidths=[width / len(doc.columns)] * len(doc.columns), style=fits_style))
    if doc.charts:
        story.append(Paragraph("Pay and job growth", st["h2"]))
        half = (width - 24) / 2
        cells = [BarChart(chart, half) for chart in doc.charts] + [""] * (2 - len(doc.charts))
        no_padding = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
        style = TableStyle([("FONTNAME", (0, 0), (-1, -1), "OS"), *no_padding])
        story.append(Table([cells], colWidths=[half + 24, half], style=style))
    callout = [Paragraph("<b>Why sources give different numbers</b>", st["body"])]
    callout.append(
        Paragraph(
            "Career figures change with the year they describe and with who collected them. Where our sources "
            "disagree we show the newest figure, or the one that compares like with like, and list the others here.",
            st["body"],
        )
    )
    callout += _cell("", doc.others, st)
    story.append(
        Table(
            [[callout]],
            colWidths=[width],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), "OS"),
                    ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, PRIMARY),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ]
            ),
        )
    )
    sources = [Paragraph("Sources", st["h3"])] + [Paragraph(escape(s), st["src"]) for s in doc.sources]
    story.append(KeepTogether(sources))
    story.append(Paragraph(escape(doc.note), st["small"]))
    return story


def build_pdf(doc: Comparison) -> bytes:
    # Binary Flate streams, as handouts writes (ReportLab's default adds ASCII85 on top): the same kind of file.
    rl_config.useA85 = 0
    register_fonts()
    buffer = io.BytesIO()
    margin = 0.6 * inch
    template = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        # SimpleDocTemplate's frame pads 6 pt on every side.
        leftMargin=margin - 6,
        rightMargin=margin - 6,
        topMargin=1.42 * inch - 6,
        bottomMargin=0.75 * inch - 6,
        title=doc.title,
        invariant=1,
        initialFontName="OS",
    )
    template.build(flowables(doc, styles(), LETTER[0] - 2 * margin), canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> None:
    from handouts.inputs.roles import load_catalog  # the data loader alone: no templating to import

    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0]) if args else Path("platypus-comparison.pdf")
    role_ids = args[1:3] or ["medical-assistant", "medical-administrative-assistant"]
    catalog = load_catalog([Path(a) for a in args[3:]])
    out.write_bytes(build_pdf(comparison([catalog.roles[r] for r in role_ids], catalog.sources)))


if __name__ == "__main__":
    main()
