"""The handout markup vocabulary: every element, its attributes and content.

This table is the single allow-list between layouts and ReportLab: an
element or attribute not listed here is an error, and every attribute value
is parsed by a typed parser below before any builder sees it. docs/layouts.md
documents the same table.

Content kinds:
  inline  text with inline elements (b, i, u, a, br, cite)
  blocks  block elements only; whitespace between them is ignored
  flow    inline text and blocks mixed; each run of inline text becomes a paragraph
  empty   no content
  a tuple names the only child elements allowed
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handouts.inputs.colors import parse_color
from handouts.inputs.models import Unit


class AttributeError_(ValueError):
    """An attribute value that does not parse; the message says what would be valid."""


Parser = Callable[[str], Any]

_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(pt|in|cm|mm)$")
_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}
BRAND_COLOURS = ("primary", "accent", "text", "background")


def text(value: str) -> str:
    return value


def length(value: str) -> float:
    """``12pt``, ``0.5in``, ``1cm`` or ``10mm`` as points."""
    match = _LENGTH.match(value.strip())
    if not match:
        raise AttributeError_(f"'{value}' is not a length; write a number with pt, in, cm or mm, e.g. 12pt")
    points = float(match.group(1)) * _UNITS[match.group(2)]
    if points > 2000:
        raise AttributeError_(f"'{value}' is larger than any page")
    return points


def widths(value: str) -> tuple[tuple[str, float], ...]:
    """Column widths: ``30%,35%,35%``, fixed lengths, or ``*`` for an equal share of the rest."""
    out: list[tuple[str, float]] = []
    for part in value.split(","):
        part = part.strip()
        if part == "*":
            out.append(("*", 0.0))
        elif part.endswith("%"):
            try:
                share = float(part[:-1])
            except ValueError:
                raise AttributeError_(f"'{part}' is not a percentage") from None
            if not 0 < share <= 100:
                raise AttributeError_(f"'{part}' must be between 0% and 100%")
            out.append(("%", share))
        else:
            out.append(("pt", length(part)))
    if sum(s for kind, s in out if kind == "%") > 100.5:
        raise AttributeError_(f"the percentages in '{value}' add up to more than 100%")
    return tuple(out)


def nonblank(value: str) -> str:
    """Text that must say something (alt text): empty or whitespace-only is refused."""
    if not value.strip():
        raise AttributeError_("must not be empty; describe what the picture shows for a reader who cannot see it")
    return value.strip()


def number(value: str) -> float:
    """A plain number as written in data: ``44200``, ``12.5`` or ``-3`` (jobs can decline); no units or commas."""
    if not re.fullmatch(r"-?\d{1,12}(?:\.\d{1,6})?", value.strip()):
        raise AttributeError_(f"'{value}' is not a number; write digits only, e.g. 44200 or 12.5")
    return float(value)


def web_url(value: str) -> str:
    """A web address for a QR code: http(s) only, short enough to scan from paper."""
    value = value.strip()
    if len(value) > 300:
        raise AttributeError_("the address is longer than 300 characters; a QR code that dense will not scan")
    if not re.match(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"]*)?$", value):
        raise AttributeError_(f"'{value}' is not a web address; write one starting with https://")
    return value


_ASSET = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.(?:png|jpe?g)$", re.I)


def asset(value: str) -> str:
    """An image file named relative to the layout or brand kit folder: no URL, no absolute path, no ``..``."""
    value = value.strip()
    if "://" in value or value.lower().startswith(("data:", "file:")):
        raise AttributeError_(f"'{value}' is a URL; images are never fetched, put the file in your layout folder")
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in parts:
        raise AttributeError_(f"'{value}' points outside the layout and brand folders; name a file inside them")
    if not re.search(r"\.(?:png|jpe?g)$", value, re.I):
        raise AttributeError_(
            f"'{value}' is not an image file name; use a .png or .jpg file in the layout or brand kit folder"
        )
    if not _ASSET.match(value):
        raise AttributeError_(f"'{value}': name image files with letters, digits, -, _ and . only (no spaces)")
    return value


def boolean(value: str) -> bool:
    if value not in ("true", "false"):
        raise AttributeError_(f"'{value}' is not true or false")
    return value == "true"


def integer(low: int, high: int) -> Parser:
    def parse(value: str) -> int:
        if not re.fullmatch(r"\d{1,6}", value.strip()):
            raise AttributeError_(f"'{value}' is not a whole number")
        number = int(value)
        if not low <= number <= high:
            raise AttributeError_(f"{number} is outside {low}-{high}")
        return number

    parse.bounds = (low, high)  # type: ignore[attr-defined]
    return parse


def choice(*options: str) -> Parser:
    def parse(value: str) -> str:
        if value not in options:
            from handouts.errors import suggest

            hint = suggest(value, options)
            close = f"; {hint}" if hint.startswith("did you mean") else ""
            raise AttributeError_(f"'{value}' is not one of {', '.join(options)}{close}")
        return value

    parse.options = options  # type: ignore[attr-defined]
    return parse


def color(value: str) -> str:
    """A brand colour name (primary, accent, text, background) or a hex colour; never an expression."""
    if value in BRAND_COLOURS:
        return value
    if re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", value) and parse_color(value):
        return parse_color(value).hex  # type: ignore[union-attr]
    raise AttributeError_(f"'{value}' is not a colour; write primary, accent, text, background or #rrggbb")


def url(value: str) -> str:
    """Links may only be http(s), mailto or tel: no javascript:, file: or relative paths."""
    value = value.strip()
    if re.match(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"]*)?$", value):
        return value
    if re.match(r"^mailto:[^\s<>\"@]+@[^\s<>\"@]+$", value) or re.match(r"^tel:\+?[0-9 ().-]{3,30}$", value):
        return value
    raise AttributeError_(f"'{value}' is not an allowed link; write an https://, mailto: or tel: address")


def ident(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", value):
        raise AttributeError_(f"'{value}' is not an id; use lowercase letters, digits and dashes")
    return value


def language(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise AttributeError_(f"'{value}' is not a language tag; write e.g. en-US or es")
    return value


def margins(value: str) -> tuple[float, float, float, float]:
    """One length for all sides, or four: top right bottom left (as in CSS)."""
    parts = value.split()
    if len(parts) == 1:
        return (length(parts[0]),) * 4  # type: ignore[return-value]
    if len(parts) == 4:
        return tuple(length(p) for p in parts)  # type: ignore[return-value]
    raise AttributeError_(f"'{value}' must be one length or four (top right bottom left), e.g. 0.6in")


@dataclass(frozen=True)
class Attr:
    """One attribute: its parser, default (None: optional with no value) and whether required."""

    parse: Parser
    default: Any = None
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class ElementSpec:
    """What an element accepts; ``kind`` says where it may stand (block, inline or child)."""

    kind: str
    content: str | tuple[str, ...]
    attrs: dict[str, Attr] = field(default_factory=dict)
    doc: str = ""
    # A rule across attributes or children, checked after each attribute parsed:
    # (attrs, child tags) -> what is wrong, or None.
    check: Callable[[dict[str, Any], list[str]], str | None] | None = None


INLINE = ("b", "i", "u", "a", "br", "cite")
ALIGN = choice("left", "center", "right")
VALIGN = choice("top", "middle", "bottom")
UNIT = choice(*(u.value for u in Unit))

SPECS: dict[str, ElementSpec] = {
    "handout": ElementSpec(
        "root",
        "blocks",
        {
            "title": Attr(text, required=True, doc="document title, shown in the PDF viewer's title bar"),
            "lang": Attr(language, doc="language tag; defaults to the brand's"),
            "paper": Attr(choice("letter", "a4", "legal"), doc="overrides the brand's paper size"),
            "margins": Attr(margins, doc="page margins, one length or four"),
            "max-pages": Attr(integer(1, 50), doc="build fails if the handout is longer"),
            "subtitle": Attr(text, doc="printed under the title in the header band"),
        },
        "the root element of every layout",
    ),
    "h1": ElementSpec("block", "inline", {}, "document title heading"),
    "h2": ElementSpec("block", "inline", {}, "section heading"),
    "h3": ElementSpec("block", "inline", {}, "sub-section heading"),
    "p": ElementSpec(
        "block",
        "inline",
        {
            "size": Attr(choice("normal", "small", "lead"), "normal", doc="small for notes, lead for an intro"),
            "align": Attr(ALIGN, "left"),
        },
        "a paragraph",
    ),
    "ul": ElementSpec("block", ("li",), {}, "bulleted list"),
    "ol": ElementSpec("block", ("li",), {"start": Attr(integer(1, 9999), 1)}, "numbered list"),
    "li": ElementSpec("child", "flow", {}, "list item; may hold a nested ul or ol"),
    "table": ElementSpec(
        "block",
        ("tr",),
        {
            "widths": Attr(widths, doc="column widths: 30%,35%,35% or 1.5in,*,*"),
            "header-rows": Attr(integer(0, 5), 1, doc="rows at the top that are headers and repeat on each page"),
            "zebra": Attr(boolean, True, doc="shade every other body row"),
            "size": Attr(choice("normal", "small"), "normal"),
            "caption": Attr(text, doc="a summary of the table for screen readers"),
        },
        "a table",
    ),
    "tr": ElementSpec("child", ("th", "td"), {}, "table row"),
    "th": ElementSpec(
        "child",
        "flow",
        {
            "align": Attr(ALIGN, "left"),
            "valign": Attr(VALIGN, "top"),
            "colspan": Attr(integer(1, 20), 1, doc="columns the cell spans"),
            "rowspan": Attr(integer(1, 50), 1, doc="rows the cell spans"),
            "scope": Attr(choice("col", "row"), doc="col in header rows, row elsewhere"),
        },
        "header cell",
    ),
    "td": ElementSpec(
        "child",
        "flow",
        {
            "align": Attr(ALIGN, "left"),
            "valign": Attr(VALIGN, "top"),
            "colspan": Attr(integer(1, 20), 1, doc="columns the cell spans"),
            "rowspan": Attr(integer(1, 50), 1, doc="rows the cell spans"),
        },
        "cell",
    ),
    "callout": ElementSpec(
        "block",
        "flow",
        {
            "tone": Attr(choice("note", "tip", "warning"), "note"),
            "title": Attr(text),
            "size": Attr(choice("normal", "small"), "normal", doc="small text for the box's own text and lists"),
        },
        "a boxed call-out",
    ),
    "sources": ElementSpec(
        "block",
        "empty",
        {
            "title": Attr(text, "Sources"),
        },
        "numbered list of every source cited in the handout",
    ),
    "spacer": ElementSpec("block", "empty", {"height": Attr(length, 12.0)}, "vertical space"),
    "rule": ElementSpec(
        "block", "empty", {"color": Attr(color, "primary"), "thickness": Attr(length, 0.75)}, "a horizontal line"
    ),
    "pagebreak": ElementSpec("block", "empty", {}, "start a new page"),
    "keep": ElementSpec("block", "blocks", {}, "keep its content together on one page"),
    "b": ElementSpec("inline", "inline", {}, "bold"),
    "i": ElementSpec("inline", "inline", {}, "italic"),
    "u": ElementSpec("inline", "inline", {}, "underline"),
    "a": ElementSpec("inline", "inline", {"href": Attr(url, required=True)}, "link"),
    "br": ElementSpec("inline", "empty", {}, "line break"),
    "cite": ElementSpec(
        "inline", "empty", {"source": Attr(ident, required=True)}, "citation mark, numbered in order of first use"
    ),
}


def _check_columns(attrs: dict[str, Any], children: list[str]) -> str | None:
    count = len(children)
    if not 2 <= count <= 3:
        return f"<columns> holds {count} <column>; give two or three"
    if attrs.get("widths") and len(attrs["widths"]) != count:
        return f"widths names {len(attrs['widths'])} columns but there are {count} <column> elements"
    return None


def _check_qr(attrs: dict[str, Any], children: list[str]) -> str | None:
    if attrs["size"] < 0.6 * 72:
        return f"size {attrs['size']:g}pt is too small to scan from paper; make it at least 0.6in"
    return None


def _check_chart(attrs: dict[str, Any], children: list[str]) -> str | None:
    if not children:
        return "a chart needs at least one <bar>"
    if len(children) > 12:
        return f"{len(children)} bars will not read on a handout; show at most 12"
    return None


def _check_bar(attrs: dict[str, Any], children: list[str]) -> str | None:
    has_value = attrs.get("value") is not None
    has_range = attrs.get("low") is not None or attrs.get("high") is not None
    if has_value == has_range:
        return 'give either value="..." or both low="..." and high="..." (a range)'
    if has_range and (attrs.get("low") is None or attrs.get("high") is None):
        return "a range needs both low and high"
    if has_range and attrs["low"] > attrs["high"]:
        return f"low ({attrs['low']:g}) is more than high ({attrs['high']:g})"
    return None


SPECS.update(
    {
        "columns": ElementSpec(
            "block",
            ("column",),
            {
                "widths": Attr(widths, doc="column widths, e.g. 60%,40% or *,2in; equal shares when left out"),
                "gap": Attr(length, 18.0, doc="space between columns"),
            },
            "two or three columns side by side; read column by column",
            _check_columns,
        ),
        "column": ElementSpec("child", "blocks", {}, "one column of a <columns> section"),
        "image": ElementSpec(
            "block",
            "empty",
            {
                "src": Attr(asset, required=True, doc="a .png or .jpg file in the layout folder or the brand kit"),
                "alt": Attr(nonblank, required=True, doc="what the image shows, for screen readers"),
                "width": Attr(length, doc="width of the box the image fits in; the column width when left out"),
                "height": Attr(length, 144.0, doc="height of the box the image fits in"),
                "align": Attr(ALIGN, "center"),
                "caption": Attr(text, doc="a caption printed under the image"),
            },
            "a PNG or JPEG image scaled to fit its box, keeping its proportions",
        ),
        "qr": ElementSpec(
            "block",
            "empty",
            {
                "url": Attr(web_url, required=True, doc="the http(s) address the code opens"),
                "alt": Attr(nonblank, doc='what scanning does; defaults to "QR code: opens ADDRESS"'),
                "size": Attr(length, 72.0, doc="width and height of the code (at least 0.6in to scan)"),
                "align": Attr(ALIGN, "left"),
            },
            "a QR code with its address printed under it",
            _check_qr,
        ),
        "chart": ElementSpec(
            "block",
            ("bar",),
            {
                "title": Attr(nonblank, required=True, doc="what the chart shows; printed above it"),
                "ranges": Attr(
                    choice("span", "midpoint"),
                    "span",
                    doc="span: a range figure is drawn to its high end with the low end marked; "
                    "midpoint: drawn to the middle of the range",
                ),
                "width": Attr(length, doc="chart width; the column width when left out"),
            },
            "a horizontal bar chart of sourced figures that share one unit",
            _check_chart,
        ),
        "bar": ElementSpec(
            "child",
            "empty",
            {
                "label": Attr(nonblank, required=True, doc="what the bar is, e.g. the role's name"),
                "value": Attr(number, doc="the figure's value"),
                "low": Attr(number, doc="the low end of a range"),
                "high": Attr(number, doc="the high end of a range"),
                "unit": Attr(UNIT, required=True, doc="the figure's unit; every bar in a chart shares it"),
                "period": Attr(nonblank, required=True, doc="the period the figure describes, as printed"),
                "source": Attr(ident, required=True, doc="id of the source the figure was read in"),
                "qualifier": Attr(choice("over", "about", "under"), doc="when the source gives no exact value"),
            },
            'one sourced figure; layouts write {{ bar("Label", role.figure("pay_range")) }}',
            _check_bar,
        ),
    }
)


def register(name: str, spec: ElementSpec) -> None:
    """Add an element (used by modules that build it, e.g. charts or checklists)."""
    SPECS[name] = spec
