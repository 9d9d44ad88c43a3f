"""Page furniture from the brand: header band with logo and name, footer with page X of Y.

Drawn once per page when the document is finished (see render.HandoutCanvas),
always as artifacts. Geometry is fixed in points so every layout gets the
same frame; the band sits inside the page margins, never at the paper edge,
so office printers with a 0.25 in unprintable border do not clip it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Paragraph

from .blocks.inline import escape
from .models import Brand
from .styles import Styles
from .tagging import Tagger

BAND_TOP = 0.4 * inch
BAND_HEIGHT = 0.8 * inch
BAND_GAP = 0.22 * inch
BAND_INSET = 0.5 * inch
LOGO_BOX = (1.5 * inch, 0.6 * inch)
FOOTER_RULE = 0.62 * inch
FOOTER_LINE_1 = 0.46 * inch
FOOTER_LINE_2 = 0.33 * inch


def header_height() -> float:
    """Distance from the top of the page to where content may start."""
    return BAND_TOP + BAND_HEIGHT + BAND_GAP


@dataclass
class Furniture:
    brand: Brand
    styles: Styles
    tagger: Tagger
    title: str
    subtitle: str
    page_size: tuple[float, float]
    margins: tuple[float, float, float, float]

    def __post_init__(self) -> None:
        self._logo: ImageReader | None = None
        if self.brand.logo and self.brand.folder:
            self._logo = ImageReader(str(Path(self.brand.folder) / self.brand.logo))

    def draw(self, canvas: Any, total: int) -> None:
        self.tagger.begin(canvas, None)
        canvas.saveState()
        self._header(canvas)
        self._footer(canvas, canvas.getPageNumber(), total)
        canvas.restoreState()
        self.tagger.end(canvas)

    def _header(self, canvas: Any) -> None:
        width, height = self.page_size
        colors = self.styles.colors
        x0, x1 = BAND_INSET, width - BAND_INSET
        y0 = height - BAND_TOP - BAND_HEIGHT
        canvas.setFillColor(colors.primary)
        canvas.roundRect(x0, y0, x1 - x0, BAND_HEIGHT, 6, stroke=0, fill=1)
        pad = 0.1 * inch
        text_x = x0 + pad + 0.05 * inch
        if self._logo is not None:
            iw, ih = self._logo.getSize()
            box_w, box_h = LOGO_BOX
            scale = min(box_w / iw, box_h / ih)
            w, h = iw * scale, ih * scale
            lx, ly = x0 + pad, y0 + (BAND_HEIGHT - h) / 2
            # A white plate keeps any logo legible on any brand colour.
            canvas.setFillColorRGB(1, 1, 1)
            canvas.roundRect(lx - 3, ly - 3, w + 6, h + 6, 3, stroke=0, fill=1)
            canvas.drawImage(self._logo, lx, ly, w, h, mask="auto")
            text_x = lx + w + 0.18 * inch
        right_w = 2.2 * inch if self.subtitle else 0
        name_w = x1 - pad - right_w - text_x
        name = Paragraph(escape(self.brand.name), self.styles["header-name"])
        _, name_h = name.wrap(name_w, BAND_HEIGHT)
        office = self.brand.contact.office or ""
        sub = Paragraph(escape(office), self.styles["header-sub"]) if office else None
        sub_h = sub.wrap(name_w, BAND_HEIGHT)[1] if sub else 0
        block_h = name_h + sub_h + (2 if sub else 0)
        y = y0 + (BAND_HEIGHT + block_h) / 2
        name.drawOn(canvas, text_x, y - name_h)
        _note(canvas, name, text_x, y - name_h, self.brand.name)
        if sub:
            sub.drawOn(canvas, text_x, y - name_h - 2 - sub_h)
            _note(canvas, sub, text_x, y - name_h - 2 - sub_h, office)
        if self.subtitle:
            label = Paragraph(escape(self.subtitle), self.styles.aligned("header-sub", "right"))
            _, lh = label.wrap(right_w, BAND_HEIGHT)
            label.drawOn(canvas, x1 - pad - right_w, y0 + (BAND_HEIGHT - lh) / 2)
            _note(canvas, label, x1 - pad - right_w, y0 + (BAND_HEIGHT - lh) / 2, self.subtitle)

    def _footer(self, canvas: Any, page: int, total: int) -> None:
        width, _ = self.page_size
        _, right, _, left = self.margins
        colors = self.styles.colors
        canvas.setStrokeColor(colors.rule)
        canvas.setLineWidth(0.5)
        canvas.line(left, FOOTER_RULE, width - right, FOOTER_RULE)
        style = self.styles["footer"]
        canvas.setFillColor(style.textColor)
        canvas.setFont(style.fontName, style.fontSize)
        page_label = f"Page {page} of {total}"
        canvas.drawRightString(width - right, FOOTER_LINE_1, page_label)
        room = width - left - right - canvas.stringWidth(page_label, style.fontName, style.fontSize) - 12
        contact = self.brand.contact.line or self.brand.name
        canvas.drawString(left, FOOTER_LINE_1, _fit(canvas, contact, style.fontName, style.fontSize, room))
        if self.brand.footer:
            canvas.drawString(
                left,
                FOOTER_LINE_2,
                _fit(canvas, self.brand.footer, style.fontName, style.fontSize, width - left - right),
            )


def _note(canvas: Any, para: Paragraph, x: float, y: float, text: str) -> None:
    """Tell a recording canvas (see pagelog) where a header paragraph landed, for inspection."""
    note = getattr(canvas, "note_paragraph", None)
    if note is not None:
        note(para, x, y, text)


def _fit(canvas: Any, text: str, font: str, size: float, room: float) -> str:
    """Shorten with an ellipsis rather than run past the margin."""
    if canvas.stringWidth(text, font, size) <= room:
        return text
    while text and canvas.stringWidth(text + "\u2026", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "\u2026"
