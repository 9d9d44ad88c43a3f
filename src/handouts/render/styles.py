"""Paragraph styles and colours from the brand, over one set of built-in defaults.

Builders ask for styles by name ("h2", "td-small", ...) and never set a font
or colour themselves, so a brand kit restyles every layout in one place.
Sizes are chosen for print: body 9.5 pt, nothing under 7 pt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from handouts.inputs.colors import RGB, WHITE, contrast, mix, parse_color
from handouts.inputs.contrast import resolved
from handouts.inputs.fonts import FontSet
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


class Styles:
    """Named paragraph styles for one brand; builders look styles up by name."""

    def __init__(self, brand: Brand, fonts: FontSet) -> None:
        self.fonts = fonts
        self.colors = palette(brand)
        c = self.colors
        base = ParagraphStyle(
            "body",
            fontName=fonts.regular,
            fontSize=9.5,
            leading=13.2,
            textColor=c.text,
            spaceAfter=5,
            allowWidows=0,
            allowOrphans=0,
        )
        bold = fonts.bold
        defs: dict[str, ParagraphStyle] = {
            "p": base,
            "p-small": ParagraphStyle("p-small", base, fontSize=8, leading=10.6, textColor=c.muted),
            "p-lead": ParagraphStyle("p-lead", base, fontSize=11, leading=15, spaceAfter=8),
            "h1": ParagraphStyle(
                "h1", base, fontName=bold, fontSize=19, leading=23, textColor=c.heading, spaceBefore=0, spaceAfter=6
            ),
            "h2": ParagraphStyle(
                "h2",
                base,
                fontName=bold,
                fontSize=13,
                leading=16,
                textColor=c.primary,
                spaceBefore=10,
                spaceAfter=5,
            ),
            "h3": ParagraphStyle(
                "h3",
                base,
                fontName=bold,
                fontSize=10.5,
                leading=13.5,
                textColor=c.text,
                spaceBefore=6,
                spaceAfter=3,
            ),
            "li": ParagraphStyle("li", base, spaceAfter=2),
            "th": ParagraphStyle(
                "th", base, fontName=bold, fontSize=9, leading=11.5, textColor=c.on_primary, spaceAfter=0
            ),
            "th-row": ParagraphStyle("th-row", base, fontName=bold, fontSize=8.5, leading=11, spaceAfter=0),
            "td": ParagraphStyle("td", base, fontSize=8.5, leading=11, spaceAfter=2),
            "th-small": ParagraphStyle(
                "th-small", base, fontName=bold, fontSize=8, leading=10, textColor=c.on_primary, spaceAfter=0
            ),
            "th-row-small": ParagraphStyle(
                "th-row-small", base, fontName=bold, fontSize=7.5, leading=9.6, spaceAfter=0
            ),
            "td-small": ParagraphStyle("td-small", base, fontSize=7.5, leading=9.6, spaceAfter=1.5),
            "callout-title": ParagraphStyle(
                "callout-title", base, fontName=bold, fontSize=10, leading=13, spaceAfter=3
            ),
            "callout": ParagraphStyle("callout", base, fontSize=9, leading=12.4, spaceAfter=3),
            "callout-small": ParagraphStyle("callout-small", base, fontSize=8, leading=10.6, spaceAfter=2),
            "li-small": ParagraphStyle("li-small", base, fontSize=8, leading=10.6, spaceAfter=1.5),
            "source": ParagraphStyle("source", base, fontSize=7.5, leading=9.8, textColor=c.muted, spaceAfter=2),
            "header-name": ParagraphStyle(
                "header-name", base, fontName=bold, fontSize=12, leading=14.5, textColor=c.on_primary, spaceAfter=0
            ),
            "header-sub": ParagraphStyle(
                "header-sub", base, fontSize=8.5, leading=11, textColor=c.on_primary, spaceAfter=0
            ),
            "footer": ParagraphStyle("footer", base, fontSize=7, leading=9, textColor=c.muted, spaceAfter=0),
            "caption": ParagraphStyle("caption", base, fontSize=8, leading=10.6, textColor=c.muted, spaceAfter=6),
            "qr-url": ParagraphStyle("qr-url", base, fontSize=7.5, leading=9.5, spaceAfter=0),
            "chart-title": ParagraphStyle(
                "chart-title", base, fontName=bold, fontSize=9.5, leading=12.5, spaceBefore=2, spaceAfter=3
            ),
            "chart-label": ParagraphStyle("chart-label", base, fontSize=8, leading=10, spaceAfter=0),
            "chart-value": ParagraphStyle("chart-value", base, fontSize=7.5, leading=9.5, spaceAfter=0),
            "chart-axis": ParagraphStyle("chart-axis", base, fontSize=7, leading=9, textColor=c.muted, spaceAfter=0),
            # Checklists and the lines for a student's name (blocks/checklist.py, blocks/blanks.py).
            "check-number": ParagraphStyle(
                "check-number", base, fontName=bold, fontSize=10, leading=13, textColor=c.primary, spaceAfter=0
            ),
            "check-label": ParagraphStyle("check-label", base, fontName=bold, fontSize=10, leading=13, spaceAfter=1),
            "check-detail": ParagraphStyle("check-detail", base, fontSize=8.5, leading=11, spaceAfter=1.5),
            "blank-label": ParagraphStyle("blank-label", base, fontName=bold, fontSize=8.5, leading=11, spaceAfter=0),
            "blank-value": ParagraphStyle("blank-value", base, fontSize=10.5, leading=13, spaceAfter=0),
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


@lru_cache(maxsize=8)
def styles_for(brand: Brand, fonts: FontSet) -> Styles:
    """The Styles of a brand and font set, made once per process.

    Nothing changes a style once made (alignment variants are added as they
    are asked for, the same every time), so documents in one process (a
    print job, a notebook) share them instead of making some thirty
    ParagraphStyles and the palette again for every handout.
    """
    return Styles(brand, fonts)
