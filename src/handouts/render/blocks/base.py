"""The builder registry and the context every builder receives.

A builder turns a validated `Element` into platypus flowables, tagging what
it draws under a structure node (see `tagging`). Builders get styles and
colours from `BuildContext.styles` and never hard-code them, so brands
restyle everything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from reportlab.platypus import CondPageBreak, KeepTogether
from reportlab.platypus.flowables import Flowable

from handouts.inputs.fonts import MissingGlyphs
from handouts.inputs.models import Brand, Source
from handouts.markup.parse import Element
from handouts.render.fitting import MIN_FILL
from handouts.render.styles import Styles
from handouts.tagging import rlcompat
from handouts.tagging.keeps import KeepEdge, keep_group
from handouts.tagging.tagger import StructNode, Tagger

Builder = Callable[[Element, "BuildContext", StructNode], list[Flowable]]
BUILDERS: dict[str, Builder] = {}


def builder(*tags: str) -> Callable[[Builder], Builder]:
    """Register a function as the builder for markup elements ``tags``."""

    def register(func: Builder) -> Builder:
        for tag in tags:
            BUILDERS[tag] = func
        return func

    return register


@dataclass
class BuildContext:
    """Everything a builder may use; one per document.

    citations numbers sources in order of first citation; it is filled by a
    pass over the whole tree before building, so a sources list placed
    anywhere knows every number.
    """

    styles: Styles
    tagger: Tagger
    brand: Brand
    sources: dict[str, Source]
    layout: str
    frame_width: float
    citations: dict[str, int] = field(default_factory=dict)
    asset_folders: list = field(default_factory=list)
    lang: str = "en-US"
    source_anchors: bool = False  # the markup has a sources list, so citation marks can link to it
    # Names of the fillable form fields made so far; a PDF field name must be unique in the document.
    form_fields: set[str] = field(default_factory=set)
    # False for a render made only to be printed (a print job's print file): checkboxes are printed squares
    # without their fillable widgets, which paper has no use for and a print file would flatten away.
    forms: bool = True
    # Fitting (`render.fitting`): the optional="true" blocks left out (by identity), and whether the
    # layout's <pagebreak when="rebalance"/> are taken.
    dropped: frozenset[int] = frozenset()
    rebalance: bool = False
    # Whether tables marked balance="true" share their * columns by content (a fitting step: `render.fitting`).
    balance_columns: bool = False
    # The level of the last heading built (1 for <h1>): a call-out's or chart's title is tagged one level
    # below it, so the outline a screen reader lists has no gaps (H1, H2, then H3, never H1 then H3).
    heading_level: int = 1

    def subheading(self) -> str:
        """The structure role for a title that heads part of the current section ("H2" under an H1)."""
        return f"H{min(self.heading_level + 1, 6)}"

    def label(self, element: Element) -> str:
        """How errors name an element: tag and rendered-markup line."""
        return f"<{element.tag}> at rendered markup line {element.line} of {self.layout}"

    def where(self, element: Element) -> str:
        """The element's place, for a message that already names the layout file."""
        return f"<{element.tag}> is at rendered markup line {element.line}"


def left_out(root: Element, count: int) -> frozenset[int]:
    """The last ``count`` blocks marked optional="true", in document order: what a fitting step leaves out."""
    optional = [element for element in root.walk() if element.attrs.get("optional") == "true"]
    return frozenset(id(element) for element in optional[len(optional) - count :]) if count else frozenset()


def fitting_parts(root: Element) -> tuple[int, bool, bool]:
    """What fitting can work with in the handout: optional blocks, balanced tables, a rebalancing page break."""
    optional, balanced, rebalance = 0, False, False
    for element in root.walk():
        attrs = element.attrs
        optional += attrs.get("optional") == "true"
        balanced = balanced or (element.tag == "table" and bool(attrs.get("balance")))
        rebalance = rebalance or (element.tag == "pagebreak" and attrs.get("when") == "rebalance")
    return optional, balanced, rebalance


def number_citations(root: Element, given: Mapping[str, int] | None = None) -> dict[str, int]:
    """Source id -> citation number, in order of first appearance (a <cite> or a chart's <bar>).

    ``given``: numbers already fixed for a whole print job, so a source keeps
    one number on every sheet of the print file; a source it lacks is
    numbered after the highest it has.
    """
    numbers: dict[str, int] = {}
    fixed = dict(given or {})
    for element in root.walk():
        source = element.attrs.get("source")
        if source and source not in numbers:
            if source not in fixed:
                fixed[source] = max(fixed.values(), default=0) + 1
            numbers[source] = fixed[source] if given is not None else len(numbers) + 1
    return numbers


# What holds content in a box of its own rather than the page frame, by structure role or builder's note.
_BOXES = {
    "TD": "a table cell",
    "TH": "a table cell",
    "LBody": "a list item",
    "column": "a column",
    "box": "a call-out",
    "box-small": "a call-out",
}


def box_of(node: StructNode | None) -> str | None:
    """What ``node`` is drawn in when that is not the page frame ("a list item", "a column"...), else None.

    Table cells, columns, call-outs and list items (a list's bodies are laid
    out by `itemlist.ItemList`, a checklist's by a table) are drawn inside
    their container. Page-level tricks (a page break, a conditional page
    break before a heading, keeping blocks together) make no sense there and
    misbehave when the container is split across pages.
    """
    while node is not None:
        found = _BOXES.get(node.role) or _BOXES.get(node.style)
        if found:
            return found
        node = node.parent
    return None


def inside_box(node: StructNode | None) -> bool:
    """True inside a table cell, column, call-out or list item (see `box_of`)."""
    return box_of(node) is not None


class _KeepTogether(KeepTogether):
    """ReportLab's KeepTogether, with the space its first block leaves above itself counted in.

    A keep group starts with a zero-size marker (`keeps.KeepEdge`) and,
    before a heading, a CondPageBreak. ReportLab measures a group without
    its first block's space before, but the frame puts that space above the
    heading that follows the markers: a group that fitted by less than it
    was judged to fit, and its heading was left at the foot of the page with
    the rest torn onto the next one. (Counting the whole space errs the
    safe way where the frame would merge it with the space above.)
    """

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        size = super().wrap(aW, aH)
        for part in self._content:
            if not (hasattr(part, "frameAction") or isinstance(part, (KeepEdge, CondPageBreak))):
                self._H += part.getSpaceBefore()
                break
        return size

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """ReportLab's: the group moves on when it does not fit, unless that would leave the page nearly empty.

        A group most of a page tall (three careers' "Which one fits you?" in
        large print) that does not fit below a few lines would leave those
        lines alone on their page. It is split where it stands instead, its
        start marked released so inspection does not report the split.
        """
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = rlcompat.placing_frame(self)
        if frame is not None and not rlcompat.frame_at_top(frame):
            _, page_height = rlcompat.frame_size(frame)
            if aH < self._H and aH > (1 - MIN_FILL) * page_height:
                for part in self._content:
                    if isinstance(part, KeepEdge):
                        part.released = True
                        break
                return list(self._content)
        return super().split(aW, aH)


def keep_together(parts: list[Flowable], parent: StructNode) -> list[Flowable]:
    """Parts kept on one page; inside a box (cell, column, call-out, list item) they stay as they are.

    ReportLab splits a tall cell's flowables without a canvas, which a
    KeepTogether cannot survive (it is wrapped and never drawn: an
    AttributeError, IndexError or a page-high cell), and a box is kept whole
    unless it is taller than the page anyway.
    """
    if len(parts) < 2:
        return parts
    if inside_box(parent):
        return keep_group(parts)  # (recorded for inspection, which reports it if it is split)
    return [_KeepTogether(keep_group(parts))]


def build_children(element: Element, ctx: BuildContext, node: StructNode) -> list[Flowable]:
    """Flowables for a block container's children, in order."""
    flowables: list[Flowable] = []
    for child in element.elements():
        flowables.extend(build_element(child, ctx, node))
    return flowables


def build_element(element: Element, ctx: BuildContext, node: StructNode) -> list[Flowable]:
    """Flowables for one block element.

    Each is labelled with the element it came from, so a block that cannot
    fit on a page is reported as "<table> at rendered markup line 12 of
    layouts/x.xml.j2" rather than by ReportLab's memory address. A
    character the font lacks, found as the element's paragraphs are made, is
    reported at the innermost element whose text it is in. A block the
    layout marks optional is left out when fitting has come to that step.
    """
    if id(element) in ctx.dropped:
        return []
    try:
        flowables = BUILDERS[element.tag](element, ctx, node)
    except MissingGlyphs as exc:
        raise exc.at(ctx.layout, f"<{element.tag}> at rendered markup line {element.line}") from None
    for flowable in flowables:
        if not hasattr(flowable, "handouts_label"):
            flowable.handouts_label = ctx.label(element)
    return flowables
