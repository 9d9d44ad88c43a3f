"""The builder registry and the context every builder receives.

A builder turns a validated `Element` into platypus flowables, tagging what
it draws under a structure node (see `tagging`). Builders get styles and
colours from `BuildContext.styles` and never hard-code them, so brands
restyle everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.platypus.flowables import Flowable

from ..markup import Element
from ..models import Brand, Source
from ..styles import Styles
from ..tagging import StructNode, Tagger

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

    def label(self, element: Element) -> str:
        """How errors name an element: tag and rendered-markup line."""
        return f"<{element.tag}> at rendered markup line {element.line} of {self.layout}"


def number_citations(root: Element) -> dict[str, int]:
    """Source id -> citation number, in order of first appearance."""
    numbers: dict[str, int] = {}
    for element in root.walk():
        if element.tag == "cite":
            numbers.setdefault(element.attrs["source"], len(numbers) + 1)
    return numbers


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
    layouts/x.xml.j2" rather than by ReportLab's memory address.
    """
    flowables = BUILDERS[element.tag](element, ctx, node)
    for flowable in flowables:
        if not hasattr(flowable, "handouts_label"):
            flowable.handouts_label = ctx.label(element)
    return flowables
