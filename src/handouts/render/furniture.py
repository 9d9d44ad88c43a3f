"""Page furniture from the brand: header band with logo and name, footer with contact and page X of Y.

Drawn once per page when the document is finished (see render.HandoutCanvas),
always as artifacts. The band spans the text column (the page margins), so
it lines up with the content and office printers with a 0.25 in unprintable
border never clip it; its height is fixed, so every layout gets the same
frame whatever the brand.

Nothing here may overflow: the logo is fitted to a fixed box with its aspect
ratio kept; the school name wraps and then shrinks (down to 8 pt) to fit the
band, falling back to the short name; footer lines drop their least useful
parts (hours, then address) before an ellipsis shortens what is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph

from handouts.errors import RenderError
from handouts.inputs.brand import brand_source
from handouts.inputs.glyphs import Text, brand_texts, check_glyphs
from handouts.inputs.logos import LOGO_BOX, fitted_size
from handouts.inputs.models import Brand
from handouts.render.blocks.inline import escape, make_paragraph
from handouts.render.logo import LogoXObject, draw_logo, logo_xobject
from handouts.render.styles import Styles
from handouts.tagging.tagger import Tagger

BAND_TOP = 0.4 * inch
BAND_HEIGHT = 0.8 * inch
BAND_GAP = 0.22 * inch
BAND_PAD = 0.1 * inch
STRIPE = 2.5  # accent stripe under the band, points
SUBTITLE_MAX = 2.2 * inch
FOOTER_RULE = 0.62 * inch
FOOTER_LINE_1 = 0.46 * inch
FOOTER_LINE_2 = 0.33 * inch
NAME_SIZES = (12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
MAX_NAME_LINES = 3
GAP = 12.0  # between the left and right parts of a footer line
SEPARATOR = " \u00b7 "


def footer_height() -> float:
    """Distance from the bottom of the page to where content must stop (above the footer rule)."""
    return FOOTER_RULE + 0.1 * inch


def header_height() -> float:
    """Distance from the top of the page to where content may start."""
    return BAND_TOP + BAND_HEIGHT + STRIPE + BAND_GAP


def website_label(url: str) -> str:
    """A web address as printed: no scheme, no trailing slash (https://x.edu/careers/ -> x.edu/careers).

    Readers type what they see; every browser adds https:// and the slash back.
    """
    return url.split("://", 1)[-1].rstrip("/")


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
        self._check_glyphs()
        self._logo: LogoXObject | None = None
        if self.brand.logo and self.brand.folder:  # compressed once per process, not per document
            self._logo = logo_xobject(Path(self.brand.folder) / self.brand.logo, self.brand.logo)
        self._name_styles: dict[float, ParagraphStyle] = {}
        # Every page has the same band: its name block and subtitle are worked out on the first page.
        self._name_blocks: dict[float, list[tuple[Paragraph, float]]] = {}
        self._subtitles: dict[float, tuple[Paragraph, float]] = {}

    def _check_glyphs(self) -> None:
        """The furniture draws brand text outside `blocks.inline`, so it checks glyphs itself."""
        file, lines = brand_source(self.brand)
        texts = [*brand_texts(self.brand), Text("the handout's subtitle", self.subtitle, ("regular",))]
        problems = check_glyphs(self.brand, self.styles.fonts, texts, file, lines)
        if problems:
            raise RenderError(problems=problems)

    def draw(self, canvas: Any, total: int) -> None:
        with self.tagger.marked(canvas, None):
            canvas.saveState()
            self._header(canvas)
            self._footer(canvas, canvas.getPageNumber(), total)
            canvas.restoreState()

    # -- header band -------------------------------------------------------------
    def band(self) -> tuple[float, float, float, float]:
        """The band's x0, y0, x1, y1 in page coordinates."""
        width, height = self.page_size
        _, right, _, left = self.margins
        y1 = height - BAND_TOP
        return left, y1 - BAND_HEIGHT, width - right, y1

    def logo_box(self) -> tuple[float, float, float, float]:
        """Where the logo may be drawn: a fixed box at the band's left, centred vertically."""
        x0, y0, _, _ = self.band()
        bx, by = x0 + BAND_PAD, y0 + (BAND_HEIGHT - LOGO_BOX[1]) / 2
        return bx, by, bx + LOGO_BOX[0], by + LOGO_BOX[1]

    def _header(self, canvas: Any) -> None:
        x0, y0, x1, _ = self.band()
        colors = self.styles.colors
        canvas.setFillColor(colors.primary)
        canvas.rect(x0, y0, x1 - x0, BAND_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(colors.accent)
        canvas.rect(x0, y0 - STRIPE, x1 - x0, STRIPE, stroke=0, fill=1)
        text_x = x0 + BAND_PAD + 0.05 * inch
        if self._logo is not None:
            bx, by, _, _ = self.logo_box()
            w, h = fitted_size(*self._logo.pixels)
            # Centred in the box's height, flush left: a tall logo does not leave a gap before the name.
            lx, ly = bx, by + (LOGO_BOX[1] - h) / 2
            # A white plate keeps any logo legible on any brand colour.
            canvas.setFillColorRGB(1, 1, 1)
            canvas.roundRect(lx - 3, ly - 3, w + 6, h + 6, 3, stroke=0, fill=1)
            draw_logo(canvas, self._logo, lx, ly, w, h)
            text_x = lx + w + 0.18 * inch
        right_w = self._subtitle_width(canvas)
        name_w = x1 - BAND_PAD - (right_w + GAP if right_w else 0) - text_x
        paragraphs = self._name_block(name_w)
        block_h = sum(h for _, h in paragraphs) + 2 * (len(paragraphs) - 1)
        y = y0 + (BAND_HEIGHT + block_h) / 2
        for para, h in paragraphs:
            para.drawOn(canvas, text_x, y - h)
            _note(canvas, para, text_x, y - h, para.getPlainText())
            y -= h + 2
        if right_w:
            label, lh = self._subtitle_label(right_w)
            label.drawOn(canvas, x1 - BAND_PAD - right_w, y0 + (BAND_HEIGHT - lh) / 2)
            _note(canvas, label, x1 - BAND_PAD - right_w, y0 + (BAND_HEIGHT - lh) / 2, self.subtitle)

    def _subtitle_label(self, width: float) -> tuple[Paragraph, float]:
        found = self._subtitles.get(width)
        if found is None:
            label = make_paragraph(escape(self.subtitle), self.styles.aligned("header-sub", "right"))
            found = self._subtitles[width] = (label, label.wrap(width, BAND_HEIGHT)[1])
        return found

    def _subtitle_width(self, canvas: Any) -> float:
        if not self.subtitle:
            return 0.0
        style = self.styles["header-sub"]
        return min(SUBTITLE_MAX, canvas.stringWidth(self.subtitle, style.fontName, style.fontSize) + 1)

    def _name_block(self, width: float) -> list[tuple[Paragraph, float]]:
        """The name (and office line) at the largest size that fits the band; short name as a last resort."""
        block = self._name_blocks.get(width)
        if block is None:
            block = self._name_blocks[width] = self._fit_name_block(width)
        return block

    def _fit_name_block(self, width: float) -> list[tuple[Paragraph, float]]:
        room = BAND_HEIGHT - 2 * BAND_PAD
        office = self.brand.contact.office
        names = [self.brand.name]
        if self.brand.short_name and self.brand.short_name != self.brand.name:
            names.append(self.brand.short_name)
        for name in names:
            for with_office in (True, False) if office else (False,):
                for size in NAME_SIZES:
                    block = self._try_block(name, office if with_office else None, size, width, room)
                    if block:
                        return block
        # Nothing fits (a very narrow band): one line of the short name, shortened with an ellipsis.
        style = self._name_style(NAME_SIZES[-1])
        text = _fit(names[-1], style.fontName, style.fontSize, width)
        para = make_paragraph(escape(text), style)
        return [(para, para.wrap(width, room)[1])]

    def _try_block(
        self, name: str, office: str | None, size: float, width: float, room: float
    ) -> list[tuple[Paragraph, float]] | None:
        style = self._name_style(size)
        para = make_paragraph(escape(name), style)
        _, h = para.wrap(width, room)
        if len(para.blPara.lines) > MAX_NAME_LINES or para.minWidth() > width:
            return None
        block = [(para, h)]
        if office:
            sub = make_paragraph(escape(office), self.styles["header-sub"])
            _, sh = sub.wrap(width, room)
            if len(sub.blPara.lines) > 1 or sub.minWidth() > width:
                return None
            block.append((sub, sh))
        total = sum(h for _, h in block) + 2 * (len(block) - 1)
        return block if total <= room else None

    def _name_style(self, size: float) -> ParagraphStyle:
        style = self._name_styles.get(size)
        if style is None:
            base = self.styles["header-name"]
            style = ParagraphStyle(f"header-name-{size:g}", base, fontSize=size, leading=round(size * 1.2, 2))
            self._name_styles[size] = style
        return style

    # -- footer ------------------------------------------------------------------
    def _contact_parts(self) -> list[tuple[int, str]]:
        """(drop order, text) in print order; higher drop order goes first when space runs out."""
        c = self.brand.contact
        parts = [(2, c.office), (3, c.address), (0, c.phone), (0, c.email), (4, c.hours)]
        return [(rank, text) for rank, text in parts if text]

    def _footer(self, canvas: Any, page: int, total: int) -> None:
        width, _ = self.page_size
        _, right, _, left = self.margins
        colors = self.styles.colors
        canvas.setStrokeColor(colors.rule)
        canvas.setLineWidth(0.5)
        canvas.line(left, FOOTER_RULE, width - right, FOOTER_RULE)
        style = self.styles["footer"]
        font, size = style.fontName, style.fontSize
        canvas.setFillColor(style.textColor)
        canvas.setFont(font, size)
        column = width - left - right
        page_label = f"Page {page} of {total}"
        canvas.drawRightString(width - right, FOOTER_LINE_1, page_label)
        room = column - _width(page_label, font, size) - GAP
        parts = self._contact_parts() or [(0, self.brand.name)]
        canvas.drawString(left, FOOTER_LINE_1, _fit_parts(parts, font, size, room))
        site = website_label(self.brand.website) if self.brand.website else ""
        if site:
            site = _fit(site, font, size, column / 2)
            canvas.drawRightString(width - right, FOOTER_LINE_2, site)
        if self.brand.footer:
            room = column - (_width(site, font, size) + GAP if site else 0)
            canvas.drawString(left, FOOTER_LINE_2, _fit(self.brand.footer, font, size, room))


def _note(canvas: Any, para: Paragraph, x: float, y: float, text: str) -> None:
    """Tell a recording canvas (see pagelog) where a header paragraph landed, for inspection."""
    note = getattr(canvas, "note_paragraph", None)
    if note is not None:
        note(para, x, y, text)


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def _fit_parts(parts: list[tuple[int, str]], font: str, size: float, room: float) -> str:
    """Join parts with separators, dropping the most droppable ones until the line fits."""
    parts = list(parts)
    while True:
        text = SEPARATOR.join(p for _, p in parts)
        droppable = [rank for rank, _ in parts if rank > 0]
        if _width(text, font, size) <= room or not droppable or len(parts) == 1:
            return _fit(text, font, size, room)
        worst = max(droppable)
        index = max(i for i, (rank, _) in enumerate(parts) if rank == worst)
        del parts[index]


def _fit(text: str, font: str, size: float, room: float) -> str:
    """Shorten with an ellipsis rather than run past the margin."""
    if _width(text, font, size) <= room:
        return text
    while text and _width(text + "\u2026", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "\u2026"
