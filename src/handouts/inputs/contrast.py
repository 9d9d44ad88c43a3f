"""Which brand colours are printed on which, and whether each pair is legible (WCAG 2.1 AA).

Every text colour a handout prints is listed here with every surface it is
printed on, so one table decides what `handouts check --brand` enforces and
the renderer cannot quietly use a pair nobody checked. Text needs 4.5:1
(WCAG 1.4.3; table headers at 8-9 pt and 13 pt headings are not "large
text"). The accent colour draws call-out edges and chart bars, graphics that
need 3:1 (WCAG 1.4.11); it is not text, so a weak accent is a warning.

The primary colour is the school's own colour and is printed as it is, as
a fill: the header band and table header rows, with on_primary (black or
white, whichever reads) on it. It is not text, so a light, yellow or gold
primary is fine. Headings, links and rules on the page are drawn in the
heading colour, a separate role: the brand may name it (colors.heading);
when it does not, the nearest shade of primary that reads on the page and on
the background is used (`text_shades`), 4.5:1 for text and 3:1 for the
large page title (WCAG 1.4.3 large text).

Derived colours (the muted grey of footers and source lists, the pale rule
colour) are chosen by `styles.palette` to pass whenever the brand's own
colours do, so they need no entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.errors import Problem
from handouts.inputs.colors import RGB, WHITE, contrast, nearest_passing, parse_color, readable_on
from handouts.inputs.models import BrandColors

TEXT_RATIO = 4.5
LARGE_RATIO = 3.0  # large text (18 pt, or 14 pt bold) and graphics
GRAPHIC_RATIO = 3.0


@dataclass(frozen=True, slots=True)
class Pair:
    """One foreground printed on one surface, and what it is used for."""

    fg: str  # a BrandColors field, the one to change
    bg: str  # a BrandColors field or "white" (the paper)
    use: str
    ratio: float = TEXT_RATIO
    warning: bool = False


PAIRS = (
    Pair("text", "white", "body text on the page"),
    Pair("text", "background", "text in call-outs and shaded table rows"),
    Pair("heading", "white", "headings and links on the page"),
    Pair("heading", "background", "links in call-outs and shaded table rows"),
    Pair("on_primary", "primary", "the name in the header band and table header text"),
    Pair("accent", "white", "call-out edges and chart bars", GRAPHIC_RATIO, warning=True),
)


def resolved(colors: BrandColors) -> dict[str, RGB]:
    """Every colour by field name, with the paper as "white" and on_primary and heading filled in.

    "heading_large" is the shade for the large page title: the heading
    colour when the brand names one, else a shade of primary that needs only
    3:1, so a gold school keeps more of its gold where the type is big.
    """
    out = {"white": WHITE}
    for name in ("primary", "accent", "text", "background"):
        rgb = parse_color(getattr(colors, name))
        assert rgb is not None, name  # config checks parsing before contrast
        out[name] = rgb
    given = parse_color(colors.on_primary) if colors.on_primary else None
    out["on_primary"] = given or readable_on(out["primary"])
    heading = parse_color(colors.heading) if colors.heading else None
    if heading is not None:
        out["heading"] = out["heading_large"] = heading
    else:
        surfaces = [WHITE, out["background"]]
        out["heading"] = text_shade(out["primary"], surfaces, TEXT_RATIO)
        out["heading_large"] = text_shade(out["primary"], surfaces, LARGE_RATIO)
    return out


def text_shade(color: RGB, surfaces: list[RGB], ratio: float) -> RGB:
    """``color`` itself when it reads at ``ratio`` on every surface, else its nearest shade that does.

    A dark school colour is printed as it is; a light, yellow or gold one is
    darkened only as far as legibility needs (yellow to a deep gold, not to
    black).
    """
    if min(contrast(color, s) for s in surfaces) >= ratio:
        return color
    return nearest_passing(color, surfaces, ratio)


def check_contrast(colors: BrandColors, file: str, lines: dict[str, int]) -> list[Problem]:
    """A Problem (or warning) for each pair below its ratio, with the nearest colour that passes.

    The problem is reported at the foreground's line (where the office will
    look); the fix names the field to change, which for text on a dark
    surface may be the surface.
    """
    rgb = resolved(colors)
    problems: list[Problem] = []
    for pair in PAIRS:
        fg, bg = rgb[pair.fg], rgb[pair.bg]
        ratio = contrast(fg, bg)
        if ratio >= pair.ratio:
            continue
        surface = "the white page" if pair.bg == "white" else f"colors.{pair.bg} {bg.hex}"
        what = (
            f"colors.{pair.fg} {fg.hex} on {surface} ({pair.use}) has contrast {ratio:.2f}:1, "
            f"below the {pair.ratio:g}:1 WCAG AA asks for"
        )
        line = lines.get(f"colors.{pair.fg}", lines.get("colors", 1))
        problems.append(Problem(file, line, f"colors.{pair.fg}", what, _fix(pair, rgb), warning=pair.warning))
    return problems


def _name(field: str) -> str:
    return "the white page" if field == "white" else f"colors.{field}"


def _fix(pair: Pair, rgb: dict[str, RGB]) -> str:
    """What to change: the foreground if a shade of it passes on all its surfaces, else the surface."""
    surfaces = [rgb[p.bg] for p in PAIRS if p.fg == pair.fg and p.ratio <= pair.ratio]
    if pair.fg == "on_primary":
        # Text on the band is usually meant to stay as given: change the band, if a shade of it
        # still passes as heading text on the page; otherwise change the text on it.
        text_surfaces = [rgb["white"], rgb["background"]]
        band = nearest_passing(rgb["primary"], [rgb["on_primary"], *text_surfaces], pair.ratio)
        if min(contrast(band, s) for s in [rgb["on_primary"], *text_surfaces]) >= pair.ratio:
            return (
                f'use primary = "{band.hex}" ({contrast(band, rgb["on_primary"]):.2f}:1), the nearest shade '
                "that passes, or leave out on_primary to get white or black automatically"
            )
        text = nearest_passing(rgb["on_primary"], [rgb["primary"]], pair.ratio)
        return (
            f'use on_primary = "{text.hex}" ({contrast(text, rgb["primary"]):.2f}:1), the nearest shade that '
            "passes, or leave out on_primary to get white or black automatically"
        )
    candidate = nearest_passing(rgb[pair.fg], surfaces, pair.ratio)
    worst = min(contrast(candidate, s) for s in surfaces)
    if worst >= pair.ratio:
        on = " and ".join(sorted({_name(p.bg) for p in PAIRS if p.fg == pair.fg and p.ratio <= pair.ratio}))
        return (
            f'use {pair.fg} = "{candidate.hex}" ({contrast(candidate, rgb[pair.bg]):.2f}:1), '
            f"the nearest shade that passes on {on}"
        )
    # No shade of the foreground passes on every surface: the surface is too dark or too mid-toned.
    if pair.bg != "white":
        better = nearest_passing(rgb[pair.bg], [rgb[pair.fg]], pair.ratio)
        return (
            f'use {pair.bg} = "{better.hex}" ({contrast(better, rgb[pair.fg]):.2f}:1), '
            f"the nearest shade that passes under {pair.fg}"
        )
    return f'use a much darker {pair.fg}, e.g. "{candidate.hex}"'
