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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handouts.inputs.models import Unit
from handouts.inputs.values import (  # noqa: F401  (the vocabulary's parsers, re-exported for layouts' docs)
    BRAND_COLOURS,
    InvalidValue,
    Parser,
    asset,
    boolean,
    choice,
    color,
    ident,
    integer,
    language,
    length,
    margins,
    nonblank,
    number,
    text,
    url,
    web_url,
    widths,
)


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
            "fit": Attr(
                choice("none", "spacing", "type", "optional"),
                "optional",
                doc="how far the build may go to keep within max-pages: tighter spacing, balanced columns, "
                "a rebalancing page break, smaller headings, smaller tables, blocks marked "
                'optional="true" left out; none refuses at once',
            ),
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
            "balance": Attr(
                boolean, False, doc="when fitting, share the * columns by how much each holds, so the table is shorter"
            ),
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
        "numbered list of every source cited in the handout, then the credit line each one's licence asks for",
    ),
    "spacer": ElementSpec("block", "empty", {"height": Attr(length, 12.0)}, "vertical space"),
    "rule": ElementSpec(
        "block", "empty", {"color": Attr(color, "primary"), "thickness": Attr(length, 0.75)}, "a horizontal line"
    ),
    "pagebreak": ElementSpec(
        "block",
        "empty",
        {
            "when": Attr(
                choice("always", "rebalance"),
                "always",
                doc="rebalance: only when the handout would otherwise end on a nearly empty page",
            )
        },
        "start a new page",
    ),
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
                    doc="span: a range figure is a floating bar from its low to its high end; "
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


# Attributes every block element takes, besides its own (docs/layouts.md, "Fitting to the page").
BLOCK_ATTRS: dict[str, Attr] = {
    "optional": Attr(
        choice("true", "false"),
        doc="true: the build may leave this block out to keep the handout within max-pages",
    ),
}


def attrs_of(spec: ElementSpec) -> dict[str, Attr]:
    """Every attribute an element takes: its own and, for a block element, `BLOCK_ATTRS`."""
    return {**spec.attrs, **BLOCK_ATTRS} if spec.kind == "block" else spec.attrs


def register(name: str, spec: ElementSpec) -> None:
    """Add an element (used by modules that build it, e.g. charts or checklists)."""
    SPECS[name] = spec
