"""Paragraph styles and colours from the brand, over one set of built-in defaults.

Builders ask for styles by name ("h2", "td-small", ...) and never set a font
or colour themselves, so a brand kit restyles every layout in one place.
Sizes come from one type scale (`TypeScale`): body 10 pt, nothing a reader needs under 9 pt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from handouts.inputs.colors import RGB, WHITE, contrast, mix, parse_color
from handouts.inputs.contrast import resolved
from handouts.inputs.fonts import FontSet
from handouts.inputs.language import edition
from handouts.inputs.models import Brand

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@dataclass(frozen=True)
class Palette:
    """Brand colours as ReportLab colours, plus derived ones.

    ``primary`` is the colour for headings, links and lines on the page (the
    brand's heading colour, derived from its primary when not given); ``band``
    is the school's primary as given, for fills with ``on_primary`` text on
    them; ``heading`` is the shade for the large page title.
    """

    primary: Color
    accent: Color
    text: Color
    background: Color
    muted: Color
    on_primary: Color
    rule: Color
    warning: Color
    band: Color
    heading: Color

    def named(self, name: str) -> Color:
        """A colour named in markup: a brand colour name or a #rrggbb already checked by the vocabulary."""
        if name in ("primary", "accent", "text", "background"):
            return getattr(self, name)
        rgb = parse_color(name)
        assert rgb is not None, name
        return _color(rgb)


def _color(rgb: RGB) -> Color:
    return Color(*rgb.floats)


def _muted(text: RGB, background: RGB) -> RGB:
    """A lighter grey-ish text for notes and footers that still reads at 4.5:1 on white and background.

    It is text moved up to a quarter of the way to white, stopping where
    contrast would fall below 4.5:1; when the brand text itself is weaker,
    muted is the text colour (and `handouts check` reports the text colour).
    """
    best = text
    for step in range(1, 26):
        candidate = mix(text, WHITE, step / 100)
        if min(contrast(candidate, WHITE), contrast(candidate, background)) < 4.5:
            break
        best = candidate
    return best


def palette(brand: Brand) -> Palette:
    rgb = resolved(brand.colors)
    primary, text = rgb["heading"], rgb["text"]
    return Palette(
        primary=_color(primary),
        accent=_color(rgb["accent"]),
        text=_color(text),
        background=_color(rgb["background"]),
        muted=_color(_muted(text, rgb["background"])),
        on_primary=_color(rgb["on_primary"]),
        rule=_color(mix(primary, WHITE, 0.55)),
        # Warnings need to read as warnings whatever the brand; dark red passes 4.5:1 on light fills.
        warning=_color(RGB(0xA4, 0x16, 0x1A)),
        band=_color(rgb["primary"]),
        heading=_color(rgb["heading_large"]),
    )


@dataclass(frozen=True)
class TypeScale:
    """The five sizes every handout is set in, and how loosely: the one place type sizes are chosen.

    Students and parents read these sheets, so body text is 10 pt and
    nothing a reader needs is under 9 pt (tables, notes, sources, footer).
    The spacing is what the built-in layouts need to hold the built-in roles
    within their page budget with the default brand as designed: a handout
    is rendered once, and fitting is left for the brands and roles that
    need it (each fitting step costs a render).
    Every style below takes one of the five sizes, so a handout never mixes
    a dozen. Fitting (`render.fitting`) asks for a tighter scale with
    `tightened` and `stepped`; a large-print edition multiplies every size
    by one factor with `scaled`.
    """

    h1: float = 18.0
    h2: float = 14.0
    lead: float = 12.0  # an intro paragraph, h3, the school name in the header band
    body: float = 10.0
    small: float = 9.0  # small tables, captions, chart labels, the footer (notes and sources are body size, muted)
    table: float = 9.0  # a table's cells: reference tables read as a grid, so at the small size (large print: body)
    leading: float = 1.25  # line height as a multiple of the size
    spacing: float = 0.8  # multiplies the space before and after blocks
    factor: float = 1.0  # every size's factor over the designed scale: above 1 in a large-print edition

    @property
    def sizes(self) -> tuple[float, ...]:
        """The sizes in use, largest first (at most five)."""
        return tuple(sorted({self.h1, self.h2, self.lead, self.body, self.small, self.table}, reverse=True))

    def lead_of(self, size: float) -> float:
        """The line height for text of ``size``."""
        return round(size * self.leading, 2)

    def space(self, points: float) -> float:
        """A block's space before or after, tightened with the scale's spacing."""
        return round(points * self.spacing * self.factor, 2)

    def scaled(self, factor: float) -> TypeScale:
        """Every size and space times ``factor`` (a large-print edition), so the sheet keeps its proportions."""
        return replace(
            self,
            h1=round(self.h1 * factor, 2),
            h2=round(self.h2 * factor, 2),
            lead=round(self.lead * factor, 2),
            body=round(self.body * factor, 2),
            small=round(self.small * factor, 2),
            table=round(self.table * factor, 2),
            factor=self.factor * factor,
        )

    def tightened(self) -> TypeScale:
        """The first fitting step: less space between blocks and lines; no size changes."""
        return replace(self, leading=1.2, spacing=0.6)

    def stepped(self) -> TypeScale:
        """The second fitting step: headings and the lead a step smaller; body and tables keep their size."""
        return replace(
            self, h1=round(self.h1 * 8 / 9, 2), h2=round(self.h2 * 6 / 7, 2), lead=round(self.lead * 11 / 12, 2)
        )

    def small_tables(self) -> TypeScale:
        """Normal tables set at the small size, 9 pt, the floor for tables (already so in the standard
        edition; a fitting step where a scale sets tables larger). Body text keeps its size at every step.
        """
        return replace(self, table=self.small)


DEFAULT_SCALE = TypeScale()


class Styles:
    """Named paragraph styles for one brand; builders look styles up by name."""

    def __init__(self, brand: Brand, fonts: FontSet, scale: TypeScale = DEFAULT_SCALE) -> None:
        self.fonts = fonts
        self.scale = scale
        self.colors = palette(brand)
        c = self.colors
        t = scale
        lead, space = t.lead_of, t.space
        base = ParagraphStyle(
            "body",
            fontName=fonts.regular,
            fontSize=t.body,
            leading=lead(t.body),
            textColor=c.text,
            spaceAfter=space(5),
            allowWidows=0,
            allowOrphans=0,
        )
        bold = fonts.bold

        def style(name: str, size: float, after: float, **more: object) -> ParagraphStyle:
            more.setdefault("leading", lead(size))
            return ParagraphStyle(name, base, fontSize=size, spaceAfter=space(after), **more)

        defs: dict[str, ParagraphStyle] = {
            "p": base,
            "p-small": style("p-small", t.body, 5, textColor=c.muted),
            "p-lead": style("p-lead", t.lead, 8),
            "h1": style("h1", t.h1, 6, fontName=bold, textColor=c.heading, spaceBefore=0, leading=round(t.h1 * 1.2, 2)),
            "h2": style("h2", t.h2, 5, fontName=bold, textColor=c.primary, spaceBefore=space(10)),
            "h3": style("h3", t.lead, 3, fontName=bold, spaceBefore=space(6)),
            "li": style("li", t.body, 2),
            "th": style("th", t.table, 0, fontName=bold, textColor=c.on_primary),
            "th-row": style("th-row", t.table, 0, fontName=bold),
            "td": style("td", t.table, 2),
            "th-small": style("th-small", t.small, 0, fontName=bold, textColor=c.on_primary),
            "th-row-small": style("th-row-small", t.small, 0, fontName=bold),
            "td-small": style("td-small", t.small, 1.5),
            "callout-title": style("callout-title", t.body, 3, fontName=bold),
            "callout": style("callout", t.body, 3),
            "callout-small": style("callout-small", t.body, 2),
            "li-small": style("li-small", t.body, 1.5),
            "source": style("source", t.body, 2, textColor=c.muted),
            "header-name": style("header-name", t.lead, 0, fontName=bold, textColor=c.on_primary),
            "header-sub": style("header-sub", t.small, 0, textColor=c.on_primary),
            "footer": style("footer", t.small, 0, textColor=c.muted),
            "caption": style("caption", t.small, 6, textColor=c.muted),
            "qr-url": style("qr-url", t.small, 0),
            "chart-title": style("chart-title", t.body, 3, fontName=bold, spaceBefore=space(2)),
            "chart-label": style("chart-label", t.small, 0),
            "chart-value": style("chart-value", t.small, 0),
            "chart-axis": style("chart-axis", t.small, 0, textColor=c.muted),
            # Checklists and the lines for a student's name (blocks/checklist.py, blocks/blanks.py).
            "check-number": style("check-number", t.body, 0, fontName=bold, textColor=c.primary),
            "check-label": style("check-label", t.body, 1, fontName=bold),
            "check-detail": style("check-detail", t.body, 1.5),
            "blank-label": style("blank-label", t.small, 0, fontName=bold),
            "blank-value": style("blank-value", t.body, 0),
        }
        self._styles = defs

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self._styles[name]

    def aligned(self, name: str, align: str) -> ParagraphStyle:
        """The style with another alignment; cached so equal requests share one object."""
        if align == "left":
            return self._styles[name]
        key = f"{name}@{align}"
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = ParagraphStyle(key, self._styles[name], alignment=ALIGNMENTS[align])
        return style

    def link_color(self, name: str) -> Color:
        """The colour of a link in text of style ``name``: the brand's primary colour, except on it.

        Text printed on the primary fill (a table's header row, the header
        band) has its colour chosen for that fill (on_primary); a link there
        takes it too, underlined, instead of vanishing primary on primary.
        """
        color = self._styles[name].textColor
        return color if color is self.colors.on_primary else self.colors.primary

    @property
    def white(self) -> Color:
        return white


# Large print (`--large-print`): body text at 18 pt, the size large-print guidance asks for,
# and every other size of the type scale by the same factor.
LARGE_PRINT_BODY = 18.0


def edition_scale(scale: TypeScale) -> TypeScale:
    """``scale`` for the edition being printed: as given, or every size scaled so body text is 18 pt."""
    if not edition().large_print:
        return scale
    # Tables at body size too: large print is for reading, and 18 pt is the size it promises.
    large = scale.scaled(LARGE_PRINT_BODY / scale.body)
    return replace(large, table=large.body)


def styles_for(brand: Brand, fonts: FontSet, scale: TypeScale = DEFAULT_SCALE) -> Styles:
    """The Styles for the edition being printed (large print scales them; see `language.Edition`)."""
    return _styles_for(brand, fonts, edition_scale(scale))


@lru_cache(maxsize=16)
def _styles_for(brand: Brand, fonts: FontSet, scale: TypeScale) -> Styles:
    """The Styles of a brand and font set, made once per process.

    Nothing changes a style once made (alignment variants are added as they
    are asked for, the same every time), so documents in one process (a
    print job, a notebook) share them instead of making some thirty
    ParagraphStyles and the palette again for every handout.
    """
    return Styles(brand, fonts, scale)
