"""Cover and separator sheets: pages for whoever stands at the copier, not for students.

A cover sheet lists what the job holds and how much paper it takes; a
separator sheet says which item follows, so a print shop can split the
stack. They are drawn straight on a canvas in the brand's embedded font
(one document for the whole job, so one font subset). Every text drawn here
is either checked against the font by `jobplan` (job name, item titles) or
made of ASCII, so no glyph is silently dropped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from .fonts import FontSet, missing_glyphs
from .jobsummary import JobSummary, SummaryRow

MARGIN = 54.0
COVER_ROWS = 28


@dataclass(frozen=True)
class Sheet:
    """One page to draw: the cover (page ``index`` of it) or one item's separator."""

    kind: str  # "cover" or "separator"
    index: int = 0
    row: SummaryRow | None = None


def cover_pages(items: int) -> int:
    """How many pages the cover takes for a job of ``items`` items."""
    return max(1, -(-items // COVER_ROWS))


def draw_sheets(sheets: list[Sheet], summary: JobSummary, fonts: FontSet, page_size: tuple[float, float]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size, invariant=1, initialFontName=fonts.regular, pageCompression=1)
    canvas.setTitle(summary.job)
    canvas.setCreator("handouts")
    for sheet in sheets:
        if sheet.kind == "cover":
            _cover(canvas, sheet.index, summary, fonts, page_size)
        else:
            assert sheet.row is not None
            _separator(canvas, sheet.row, summary, fonts, page_size)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, width: float) -> float:
    """Wrapped text from (x, y) down; returns the y below it."""
    if missing_glyphs(font, text):
        text = text.encode("ascii", "replace").decode("ascii")
    canvas.setFont(font, size)
    for line in simpleSplit(text, font, size, width) or [""]:
        canvas.drawString(x, y, line)
        y -= size * 1.3
    return y


def _cover(canvas: Canvas, page: int, summary: JobSummary, fonts: FontSet, size: tuple[float, float]) -> None:
    width, height = size
    room = width - 2 * MARGIN
    y = height - MARGIN - 20
    y = _text(canvas, MARGIN, y, summary.job, fonts.bold, 20, room) - 4
    sides = "both sides (duplex)" if summary.duplex else "one side (simplex)"
    y = _text(
        canvas,
        MARGIN,
        y,
        f"Print job: {summary.pages} pages on {summary.sheets} sheets of {summary.paper} paper, printed on {sides}.",
        fonts.regular,
        10.5,
        room,
    )
    if summary.failed:
        y = _text(
            canvas,
            MARGIN,
            y,
            f"{summary.failed} item(s) failed and are not in this file; see the summary.",
            fonts.bold,
            10.5,
            room,
        )
    y -= 12
    stops = (0.0, 0.045, 0.54, 0.66, 0.78, 0.86, 0.93)
    labels = ("#", "item", "documents", "pages each", "copies", "pages", "sheets")
    columns = [(label, stop * room) for label, stop in zip(labels, stops, strict=True)]
    title_width = (stops[2] - stops[1]) * room - 8
    canvas.setFont(fonts.bold, 9)
    for label, offset in columns:
        canvas.drawString(MARGIN + offset, y, label)
    y -= 4
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y, width - MARGIN, y)
    y -= 13
    rows = summary.rows[page * COVER_ROWS : (page + 1) * COVER_ROWS]
    for row in rows:
        canvas.setFont(fonts.regular, 9)
        values = [
            row.item,
            row.title,
            str(row.documents),
            str(row.pages_each),
            str(row.copies),
            str(row.pages),
            str(row.sheets),
        ]
        for (_, offset), value in zip(columns, values, strict=True):
            if offset == columns[1][1]:
                value = simpleSplit(value, fonts.regular, 9, title_width)[0] if value else ""
                if value != row.title:
                    value = value.rstrip() + "\u2026"
            if missing_glyphs(fonts.regular, value):
                value = value.encode("ascii", "replace").decode("ascii")
            canvas.drawString(MARGIN + offset, y, value)
        y -= 13
    if page == cover_pages(len(summary.rows)) - 1:
        canvas.line(MARGIN, y + 9, width - MARGIN, y + 9)
        canvas.setFont(fonts.bold, 9)
        canvas.drawString(MARGIN + columns[1][1], y - 4, "total")
        canvas.drawString(MARGIN + columns[5][1], y - 4, str(summary.pages))
        canvas.drawString(MARGIN + columns[6][1], y - 4, str(summary.sheets))


def _separator(canvas: Canvas, row: SummaryRow, summary: JobSummary, fonts: FontSet, size: tuple[float, float]) -> None:
    width, height = size
    room = width - 2 * MARGIN
    canvas.setLineWidth(6)
    canvas.line(MARGIN, height - MARGIN, width - MARGIN, height - MARGIN)
    y = height - MARGIN - 60
    y = _text(canvas, MARGIN, y, f"Item {row.item} of {summary.item_count}", fonts.regular, 14, room) - 6
    y = _text(canvas, MARGIN, y, row.title, fonts.bold, 24, room) - 10
    each = "page" if row.pages_each == 1 else "pages"
    count = f"{row.documents} documents" if row.documents != 1 else "1 document"
    y = _text(
        canvas,
        MARGIN,
        y,
        f"{count} x {row.copies} copies, {row.pages_each} {each} each: {row.sheets} sheets (this one included).",
        fonts.regular,
        12,
        room,
    )
    y = _text(canvas, MARGIN, y, f"Layout: {row.layout}. Roles: {row.roles}.", fonts.regular, 10, room)
    if row.roster:
        _text(canvas, MARGIN, y, f"Roster: {row.roster}.", fonts.regular, 10, room)
    canvas.setFont(fonts.regular, 9)
    canvas.drawString(MARGIN, MARGIN, f"{summary.job}: separator sheet, not a handout")
