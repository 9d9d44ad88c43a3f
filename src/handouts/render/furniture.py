"""Page furniture from the brand: header band with logo and name, footer with contact and page X of Y.

Drawn once per page when the document is finished (see render.HandoutCanvas),
always as artifacts. The band spans the text column (the page margins), so
it lines up with the content and office printers with a 0.25 in unprintable
border never clip it; its height is fixed, so every layout gets the same
frame whatever the brand.

Nothing here may overflow, and nothing is cut: the logo is fitted to a
fixed box with its aspect ratio kept; the school name wraps and then steps
down the type scale (to its small size) to fit the band, falling back to
the short name; the footer (`footer_lines`) wraps its contact line and
footer line, breaks the web address after / ? & (each line a link), leaves
out contact details to stay on two lines, and otherwise takes more lines,
raising its rule and the bottom of the body's frame (`footer_height`).
"Page X of Y" is printed only when there is more than one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Paragraph

from handouts.errors import RenderError
from handouts.inputs.brand import brand_source
from handouts.inputs.glyphs import Text, brand_texts, check_glyphs
from handouts.inputs.language import tr
from handouts.inputs.logos import LOGO_BOX, fitted_size
from handouts.inputs.models import Brand
from handouts.render.addresses import url_lines
from handouts.render.blocks.inline import escape, make_paragraph
from handouts.render.logo import LogoXObject, brand_logo, draw_logo, logo_xobject
from handouts.render.styles import Styles
from handouts.tagging.tagger import Tagger

BAND_TOP = 0.4 * inch
BAND_HEIGHT = 0.8 * inch
BAND_GAP = 0.22 * inch
BAND_PAD = 0.1 * inch
STRIPE = 2.5  # accent stripe under the band, points
SUBTITLE_MAX = 2.2 * inch
FOOTER_RULE = 0.62 * inch  # with two footer lines; each further line raises it by FOOTER_LEADING
FOOTER_LINE_1 = 0.46 * inch
FOOTER_LINE_2 = 0.33 * inch
FOOTER_LEADING = FOOTER_LINE_1 - FOOTER_LINE_2
PAGE_LABEL_ROOM = "Page 88 of 88"  # the right column is at least this wide, whatever the page count
MAX_NAME_LINES = 3
GAP = 12.0  # between the left and right parts of a footer line
SEPARATOR = " \u00b7 "


def header_height(factor: float = 1.0) -> float:
    """Distance from the top of the page to where content may start (``factor``: large print's, on the band)."""
    return BAND_TOP + BAND_HEIGHT * factor + STRIPE + BAND_GAP


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
        logo = brand_logo(self.brand)
        self._logo: LogoXObject | None = logo_xobject(*logo) if logo else None  # made once per process
        self._name_styles: dict[float, ParagraphStyle] = {}
        # Every page has the same band: its name block and subtitle are worked out on the first page.
        self._name_blocks: dict[float, list[tuple[Paragraph, float]]] = {}
        self._subtitles: dict[float, tuple[Paragraph, float]] = {}
        self._footer_lines: FooterLines | None = None

    def _check_glyphs(self) -> None:
        """The furniture draws brand text outside `blocks.inline`, so it checks glyphs itself."""
        file, lines = brand_source(self.brand)
        texts = [*brand_texts(self.brand), Text("the handout's subtitle", self.subtitle, ("regular",))]
        problems = check_glyphs(self.brand, self.styles.fonts, texts, file, lines)
        if problems:
            raise RenderError(problems=problems)

    def draw(self, canvas: Any, total: int) -> None:
        with self.tagger.furniture(canvas, "Header"):
            canvas.saveState()
            self._header(canvas)
            canvas.restoreState()
        with self.tagger.furniture(canvas, "Footer"):
            canvas.saveState()
            self._footer(canvas, canvas.getPageNumber(), total)
            canvas.restoreState()

    # -- header band -------------------------------------------------------------
    @property
    def factor(self) -> float:
        """Every type size's factor (above 1 in large print): the band and footer grow with the text."""
        return self.styles.scale.factor

    @property
    def band_height(self) -> float:
        return BAND_HEIGHT * self.factor

    def band(self) -> tuple[float, float, float, float]:
        """The band's x0, y0, x1, y1 in page coordinates."""
        width, height = self.page_size
        _, right, _, left = self.margins
        y1 = height - BAND_TOP
        return left, y1 - self.band_height, width - right, y1

    def logo_box(self) -> tuple[float, float, float, float]:
        """Where the logo may be drawn: a fixed box at the band's left, centred vertically."""
        x0, y0, _, _ = self.band()
        bx, by = x0 + BAND_PAD, y0 + (self.band_height - LOGO_BOX[1]) / 2
        return bx, by, bx + LOGO_BOX[0], by + LOGO_BOX[1]

    def _header(self, canvas: Any) -> None:
        x0, y0, x1, _ = self.band()
        colors = self.styles.colors
        canvas.setFillColor(colors.band)
        canvas.rect(x0, y0, x1 - x0, self.band_height, stroke=0, fill=1)
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
        y = y0 + (self.band_height + block_h) / 2
        for para, h in paragraphs:
            para.drawOn(canvas, text_x, y - h)
            _note(canvas, para, text_x, y - h, para.getPlainText())
            y -= h + 2
        if right_w:
            label, lh = self._subtitle_label(right_w)
            label.drawOn(canvas, x1 - BAND_PAD - right_w, y0 + (self.band_height - lh) / 2)
            _note(canvas, label, x1 - BAND_PAD - right_w, y0 + (self.band_height - lh) / 2, self.subtitle)

    def _subtitle_label(self, width: float) -> tuple[Paragraph, float]:
        found = self._subtitles.get(width)
        if found is None:
            label = make_paragraph(escape(self.subtitle), self.styles.aligned("header-sub", "right"))
            found = self._subtitles[width] = (label, label.wrap(width, self.band_height)[1])
        return found

    def _subtitle_width(self, canvas: Any) -> float:
        if not self.subtitle:
            return 0.0
        style = self.styles["header-sub"]
        # Large print: room for the larger label, but never more than 40% of the band (the name needs the rest).
        most = SUBTITLE_MAX if self.factor == 1.0 else min(SUBTITLE_MAX * self.factor, 0.4 * self._band_width())
        return min(most, canvas.stringWidth(self.subtitle, style.fontName, style.fontSize) + 1)

    def _band_width(self) -> float:
        x0, _, x1, _ = self.band()
        return x1 - x0

    def _name_block(self, width: float) -> list[tuple[Paragraph, float]]:
        """The name (and office line) at the largest size that fits the band; short name as a last resort."""
        block = self._name_blocks.get(width)
        if block is None:
            block = self._name_blocks[width] = self._fit_name_block(width)
        return block

    def _fit_name_block(self, width: float) -> list[tuple[Paragraph, float]]:
        room = self.band_height - 2 * BAND_PAD
        office = self.brand.contact.office
        names = [self.brand.name]
        if self.brand.short_name and self.brand.short_name != self.brand.name:
            names.append(self.brand.short_name)
        scale = self.styles.scale
        sizes = (scale.lead, scale.body, scale.small)  # the type scale's, so the band adds no size of its own
        for name in names:
            for with_office in (True, False) if office else (False,):
                for size in sizes:
                    block = self._try_block(name, office if with_office else None, size, width, room)
                    if block:
                        return block
        # Nothing fits (a very narrow band): the short name at the smallest size, wrapped as it must be;
        # never shortened (inspection reports it if it runs over the band).
        style = self._name_style(sizes[-1])
        para = make_paragraph(escape(names[-1]), style)
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
    def footer(self) -> FooterLines:
        """The footer's lines, worked out once (every page has the same, but for its page number)."""
        if self._footer_lines is None:
            width, _ = self.page_size
            _, right, _, left = self.margins
            self._footer_lines = footer_lines(self.brand, self.styles, width - left - right)
        return self._footer_lines

    def _footer(self, canvas: Any, page: int, total: int) -> None:
        width, _ = self.page_size
        _, right, _, left = self.margins
        lines = self.footer()
        colors = self.styles.colors
        canvas.setStrokeColor(colors.rule)
        canvas.setLineWidth(0.5)
        rule = footer_rule(lines.rows, self.factor)
        canvas.line(left, rule, width - right, rule)
        style = self.styles["footer"]
        font, size = style.fontName, lines.size
        canvas.setFillColor(style.textColor)
        canvas.setFont(font, size)
        for row, text in enumerate(lines.left):
            canvas.drawString(left, footer_baseline(row, lines.rows, self.factor), text)
        if total > 1:  # a one-page sheet needs no "Page 1 of 1"
            canvas.drawRightString(
                width - right,
                footer_baseline(0, lines.rows, self.factor),
                tr("Page {page} of {total}").format(page=page, total=total),
            )
        for row, text in enumerate(lines.site, start=1):
            y = footer_baseline(row, lines.rows, self.factor)
            canvas.drawRightString(width - right, y, text)
            text_width = _width(text, font, size)
            # Every line of the address is a link to the whole address.
            canvas.linkURL(
                self.brand.website, (width - right - text_width, y - 0.2 * size, width - right, y + 0.8 * size)
            )


@dataclass(frozen=True)
class FooterLines:
    """What the footer prints: the contact and footer lines at the left, the web address at the right.

    The page label ("Page 2 of 3") takes the right column's first row; the
    address its following rows. ``rows`` is at least two, the footer's
    height for every brand whose lines fit, so most pages keep one frame.
    """

    size: float
    left: tuple[str, ...]
    site: tuple[str, ...]

    @property
    def rows(self) -> int:
        return max(2, len(self.left), 1 + len(self.site))


def footer_rule(rows: int, factor: float = 1.0) -> float:
    """Where the rule above the footer sits, from the bottom of the page, for ``rows`` lines."""
    if factor == 1.0:
        return FOOTER_RULE + (rows - 2) * FOOTER_LEADING
    # Large print: lines and the gap above them grow with the text; the last line stays put.
    return FOOTER_LINE_2 + ((FOOTER_RULE - FOOTER_LINE_2) + (rows - 2) * FOOTER_LEADING) * factor


def footer_baseline(row: int, rows: int, factor: float = 1.0) -> float:
    """The baseline of footer line ``row`` (0 at the top) of ``rows``: the last line stays put, the rule rises."""
    return FOOTER_LINE_2 + (rows - 1 - row) * FOOTER_LEADING * factor


def footer_lines(brand: Brand, styles: Styles, column: float) -> FooterLines:
    """The footer's lines for a text column ``column`` points wide; the footer line and address are never cut.

    The web address goes at the right, broken after / ? & to the width that
    needs the fewest lines; the contact details (joined by middle dots,
    broken between them) and then the footer line wrap in what is left. To
    stay on two lines the footer leaves out contact details (hours, then
    address, then office; never phone or e-mail, which the checklist's
    contact box also prints in full). When nothing keeps it to two lines it
    takes the lines it needs, and the body's frame ends higher. Its size is
    the type scale's small size, never less: parents read the phone number.
    """
    style = styles["footer"]
    return _footer_lines(brand, style.fontName, style.fontSize, column)


@lru_cache(maxsize=64)
def _footer_lines(brand: Brand, font: str, size: float, column: float) -> FooterLines:
    """`footer_lines`, worked out once per brand, font, size and width: the same on every page of every
    handout, and measuring every way to break it took 1 to 2.5 ms, twice a render (a print job renders
    a dozen documents). The font's name is made from its file's bytes (`inputs.fonts`), so it stands for
    its widths; `FooterLines` is frozen."""
    variants = _contact_variants(brand)
    for contact in variants:
        lines = _fewest_lines(brand, contact, font, size, column)
        if lines.rows <= 2:
            return lines
    # More lines it must be: as few as the shortest contact line needs, with as many contact details as fit them.
    options = [_fewest_lines(brand, contact, font, size, column) for contact in variants]
    fewest = min(lines.rows for lines in options)
    return next(lines for lines in options if lines.rows == fewest)


def _fewest_lines(brand: Brand, contact: list[str], font: str, size: float, column: float) -> FooterLines:
    """The footer at one size, with the address column as wide as gives the fewest lines."""
    site = website_label(brand.website) if brand.website else ""
    best: FooterLines | None = None
    for share in (0.5, 0.35, 0.65) if site else (0.5,):
        site_lines = url_lines(site, column * share, font, size) if site else []
        right = max([_width(PAGE_LABEL_ROOM, font, size), *(_width(t, font, size) for t in site_lines)])
        room = column - right - GAP
        left = _join_wrapped(contact, font, size, room)
        if brand.footer:
            left += _wrapped(brand.footer, font, size, room)
        lines = FooterLines(size, tuple(left), tuple(site_lines))
        if best is None or lines.rows < best.rows:
            best = lines
    assert best is not None
    return best


def _contact_variants(brand: Brand) -> list[list[str]]:
    """The contact line's parts, then with hours, address and office left out one after another."""
    c = brand.contact
    parts = {"office": c.office, "address": c.address, "phone": c.phone, "email": c.email, "hours": c.hours}
    variants = []
    for dropped in ((), ("hours",), ("hours", "address"), ("hours", "address", "office")):
        kept = [text for key, text in parts.items() if text and key not in dropped]
        if kept and kept not in variants:
            variants.append(kept)
    return variants or [[brand.name]]


def footer_height(lines: FooterLines | None = None, factor: float = 1.0) -> float:
    """Distance from the bottom of the page to where content must stop (above the footer rule)."""
    return footer_rule(lines.rows if lines else 2, factor) + 0.1 * inch


def _join_wrapped(parts: list[str], font: str, size: float, room: float) -> list[str]:
    """Parts joined by middle dots, a line broken only between parts unless one part is wider than the room."""
    lines: list[str] = []
    line = ""
    for part in parts:
        joined = line + SEPARATOR + part if line else part
        if _width(joined, font, size) <= room:
            line = joined
            continue
        if line:
            lines.append(line)
        wrapped = _wrapped(part, font, size, room)
        lines += wrapped[:-1]
        line = wrapped[-1] if wrapped else ""
    return [*lines, line] if line else lines


def _wrapped(text: str, font: str, size: float, room: float) -> list[str]:
    """Text broken at spaces into lines no wider than ``room``; a word wider than that is broken in it."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, room):
        while _width(line, font, size) > room and len(line) > 1:
            cut = len(line)
            while cut > 1 and _width(line[:cut], font, size) > room:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def _note(canvas: Any, para: Paragraph, x: float, y: float, text: str) -> None:
    """Tell a recording canvas (see pagelog) where a header paragraph landed, for inspection."""
    note = getattr(canvas, "note_paragraph", None)
    if note is not None:
        note(para, x, y, text)


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)
