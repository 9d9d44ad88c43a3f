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
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from handouts.inputs.fonts import FontSet, missing_glyphs
from handouts.jobs.summary import JobSummary, SummaryRow

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
    """Wrapped text from (x, y) down, nothing cut; returns the y below it."""
    text = _safe(text, font)
    canvas.setFont(font, size)
    for line in _broken(text, font, size, width):
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
    _cover_table(canvas, y, page, summary, fonts, width)


# Column edges as shares of the text width: "#" and the title start at their left edge,
# the numbers end at their right edge so digits line up.
_LEFT = (("#", 0.0), ("item", 0.05))
_RIGHT = (("documents", 0.66), ("pages each", 0.78), ("copies", 0.86), ("pages", 0.93), ("sheets", 1.0))


def _cover_table(canvas: Canvas, y: float, page: int, summary: JobSummary, fonts: FontSet, width: float) -> None:
    room = width - 2 * MARGIN
    title_width = 0.52 * room - 8
    canvas.setFont(fonts.bold, 9)
    for label, stop in _LEFT:
        canvas.drawString(MARGIN + stop * room, y, label)
    for label, stop in _RIGHT:
        canvas.drawRightString(MARGIN + stop * room, y, label)
    y -= 4
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y, width - MARGIN, y)
    y -= 13
    for row in summary.rows[page * COVER_ROWS : (page + 1) * COVER_ROWS]:
        failed = row.status == "failed"
        font = fonts.bold if failed else fonts.regular
        canvas.setFont(font, 9)
        canvas.drawString(MARGIN, y, row.item if row.item.isdigit() else "")
        numbers = (
            ("FAILED", "", "", "", "") if failed else (row.documents, row.pages_each, row.copies, row.pages, row.sheets)
        )
        for value, (_, stop) in zip(numbers, _RIGHT, strict=True):
            canvas.drawRightString(MARGIN + stop * room, y, str(value))
        # A long title wraps, smaller, so two items whose titles begin alike still read differently.
        lines, size = _title_lines(_safe(titled(row, summary), font), font, title_width)
        canvas.setFont(font, size)
        for line in lines:
            canvas.drawString(MARGIN + 0.05 * room, y, line)
            y -= size + 1.5
        y -= 13 - (size + 1.5)
    if page == cover_pages(len(summary.rows)) - 1:
        canvas.line(MARGIN, y + 9, width - MARGIN, y + 9)
        canvas.setFont(fonts.bold, 9)
        canvas.drawString(MARGIN + 0.05 * room, y - 4, "total")
        canvas.drawRightString(MARGIN + 0.93 * room, y - 4, str(summary.pages))
        canvas.drawRightString(MARGIN + room, y - 4, str(summary.sheets))


def titled(row: SummaryRow, summary: JobSummary) -> str:
    """An item's title with its edition when the job mixes editions: "Career night (Spanish, large print)".

    The sheets themselves stay in English: they are for whoever stands at the copier.
    """
    return f"{row.title} ({row.edition})" if row.edition and summary.shows_editions else row.title


def _title_lines(title: str, font: str, width: float) -> tuple[list[str], float]:
    """A cover row's title: one line at 9 pt, or wrapped at 8 pt (every word of it printed)."""
    lines = simpleSplit(title, font, 9, width) or [""]
    if len(lines) == 1:
        return lines, 9.0
    return _broken(title, font, 8, width), 8.0


def _broken(text: str, font: str, size: float, width: float) -> list[str]:
    """Wrapped at spaces; a word wider than ``width`` (a long address) broken inside it rather than cut."""
    out: list[str] = []
    for line in simpleSplit(text, font, size, width) or [""]:
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def _safe(text: str, font: str) -> str:
    """Text the font can draw (titles were checked by jobplan; this is a last guard, never a silent box)."""
    return text.encode("ascii", "replace").decode("ascii") if missing_glyphs(font, text) else text


def _separator(canvas: Canvas, row: SummaryRow, summary: JobSummary, fonts: FontSet, size: tuple[float, float]) -> None:
    width, height = size
    room = width - 2 * MARGIN
    canvas.setLineWidth(6)
    canvas.line(MARGIN, height - MARGIN, width - MARGIN, height - MARGIN)
    y = height - MARGIN - 60
    y = _text(canvas, MARGIN, y, f"Item {row.item} of {summary.item_count}", fonts.regular, 14, room) - 6
    y = _text(canvas, MARGIN, y, titled(row, summary), fonts.bold, 24, room) - 10
    each = "page" if row.pages_each == 1 else "pages"
    count = f"{row.documents} documents" if row.documents != 1 else "1 document"
    copies = "1 copy" if row.copies == 1 else f"{row.copies} copies"
    y = _text(
        canvas,
        MARGIN,
        y,
        f"{count} x {copies}, {row.pages_each} {each} each: {row.sheets} sheets (this one included).",
        fonts.regular,
        12,
        room,
    )
    y = _text(canvas, MARGIN, y, f"Layout: {row.layout}. Roles: {row.roles}.", fonts.regular, 10, room)
    if row.roster:
        _text(canvas, MARGIN, y, f"Roster: {row.roster}.", fonts.regular, 10, room)
    # The foot line wraps upwards from the bottom margin: a long job name is printed whole, inside the margins.
    foot = _safe(f"{summary.job}: separator sheet, not a handout", fonts.regular)
    lines = _broken(foot, fonts.regular, 9, room)
    _text(canvas, MARGIN, MARGIN + (len(lines) - 1) * 9 * 1.3, foot, fonts.regular, 9, room)
