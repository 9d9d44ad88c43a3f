"""Colour parsing and contrast, by our own rules rather than ReportLab's.

ReportLab's ``toColor`` accepts expressions and has evaluated them in the
past (CVE-2019-17626, CVE-2023-33733); brand kits and layouts are untrusted,
so only ``#rgb``, ``#rrggbb`` and CSS colour names are accepted here, and
later stages hand ReportLab ready-made colour objects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class RGB(NamedTuple):
    """A colour as 0-255 channels."""

    r: int
    g: int
    b: int

    @property
    def hex(self) -> str:
        return f"#{self.r:02x}{self.g:02x}{self.b:02x}"

    @property
    def floats(self) -> tuple[float, float, float]:
        return (self.r / 255, self.g / 255, self.b / 255)

    @property
    def luminance(self) -> float:
        """WCAG 2.x relative luminance."""

        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)


@cache
def _css_names() -> dict[str, RGB]:
    from reportlab.lib import colors  # a plain dict lookup; nothing is evaluated

    names: dict[str, RGB] = {}
    for name, color in colors.getAllNamedColors().items():
        r, g, b = (round(v * 255) for v in color.rgb())
        names[name.lower()] = RGB(r, g, b)
    return names


def parse_color(text: str) -> RGB | None:
    """The colour named by ``text``, or None when it is not a hex colour or CSS name."""
    text = text.strip()
    match = _HEX.match(text)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return RGB(int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    return _css_names().get(text.lower()) if re.fullmatch(r"[a-zA-Z]{3,30}", text) else None


WHITE = RGB(255, 255, 255)
BLACK = RGB(0, 0, 0)


def readable_on(background: RGB) -> RGB:
    """White or black, whichever contrasts more with ``background`` (never below 4.58:1)."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio between two colours, 1.0 to 21.0."""
    la, lb = sorted((a.luminance, b.luminance), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def nearest_passing(color: RGB, background: RGB | Sequence[RGB], ratio: float = 4.5) -> RGB:
    """The closest colour to ``color`` (same hue, darker or lighter) that reaches ``ratio`` on every background.

    Used in error messages so an office gets a concrete fix, not just a
    failure. Both directions are tried, one percent of the way to black or to
    white at a time, and the smaller change wins. When no shade of the colour
    passes (a mid-grey background), black or white is returned, whichever
    comes closer; callers check the result and suggest changing the
    background instead.
    """
    backgrounds = [background] if isinstance(background, RGB) else list(background)

    def passes(candidate: RGB) -> bool:
        return all(contrast(candidate, b) >= ratio for b in backgrounds)

    black, white = BLACK, WHITE
    for step in range(0, 101):
        t = step / 100
        for target in (black, white):
            mixed = mix(color, target, t)
            if passes(mixed):
                return mixed
    return max((black, white), key=lambda c: min(contrast(c, b) for b in backgrounds))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """``a`` moved the fraction ``t`` of the way to ``b``, channel by channel."""
    return RGB(*(round(x + (y - x) * t) for x, y in zip(a, b, strict=True)))
