"""The structure tree's nodes, and what drawing hangs on them.

`StructNode` is one structure element (H1, P, Table, Link, Figure...). Its
children are made while the markup is built; its items arrive while the
pages are drawn: marked content (`Marked`), annotations (`Annotation`) and
elements found in the drawing (links). `DrawnBox` and `Fill` record what was
drawn where, for the build's own checks (margins, overlaps, contrast).
`tagging` makes and fills these; `structure` writes them into the PDF.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any


@dataclass(frozen=True, slots=True)
class Marked:
    """One marked-content sequence: MCID ``mcid`` on page ``page`` (0-based), from wrapper ``seq``."""

    page: int
    mcid: int
    seq: int


@dataclass(slots=True)
class Annotation:
    """An annotation (link or form widget) made while drawing a node; written as an OBJR."""

    page: int
    ref: str  # ReportLab's internal object name, for PDFObjectReference
    obj: Any  # the PDFDictionary, still editable until the file is formatted
    kind: str  # "Link" or "Widget"
    target: str = ""  # a link's URL or destination name


_slot = itemgetter(0)


class StructNode:
    """One structure element.

    ``children`` are made while building (markup order); ``items`` arrive
    while drawing: marked content, annotations and nodes found in the drawing
    (links), each with the slot (number of children made before it) that puts
    it in reading order.

    ``parent`` is kept as a weak reference: a node holds its children, and
    parent links back to them would make every tree a reference cycle, left
    to Python's cycle collector (with all it holds) after every build. A
    node's parent lives as long as the tree's root does.
    """

    __slots__ = (
        "__weakref__",
        "_parent",
        "alt",
        "attrs",
        "bbox",
        "children",
        "id",
        "items",
        "lang",
        "role",
        "stamp",
        "style",
        "target",
        "text",
        "tooltip",
    )

    def __init__(
        self,
        role: str,
        parent: StructNode | None = None,
        *,
        alt: str | None = None,
        text: str = "",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        self.role = role
        self.parent = parent
        self.children: list[StructNode] = []
        self.items: list[tuple[int, Marked | Annotation | StructNode]] = []
        self.alt = alt
        self.text = text
        self.attrs = attrs or {}
        self.lang: str | None = None
        self.tooltip: str | None = None  # form fields: the TU a screen reader announces
        self.target = ""  # links: the URL or "#destination"
        self.bbox: tuple[int, float, float, float, float] | None = None  # page and extent of its first drawing
        self.id = 0
        self.stamp = 0  # when it was made, on the tagger's markup-order clock
        self.style = ""  # a builder's note to nested builders (e.g. small table text); never written
        if parent is not None:
            parent.children.append(self)

    @property
    def parent(self) -> StructNode | None:
        return self._parent() if self._parent is not None else None

    @parent.setter
    def parent(self, node: StructNode | None) -> None:
        self._parent = weakref.ref(node) if node is not None else None

    @property
    def annotations(self) -> list[Annotation]:
        return [i for _, i in self.items if isinstance(i, Annotation)]

    def kids(self) -> list[Marked | Annotation | StructNode]:
        """Children and drawn items merged into reading order (items of one slot keep their order)."""
        items = self.items
        if not items:
            return list(self.children)
        ordered = sorted(items, key=_slot)  # stable; almost always in order already
        children = self.children
        if not children:  # a leaf (P, TD, Lbl...): only drawn items, the common case
            return [item for _, item in ordered]
        out: list[Marked | Annotation | StructNode] = []
        taken = 0
        count = len(children)
        for slot, item in ordered:
            if taken < slot:
                end = min(slot, count)
                out.extend(children[taken:end])
                taken = max(taken, end)
            out.append(item)
        out.extend(children[taken:])
        return out

    def walk(self) -> Iterator[StructNode]:
        """This node and every element below it, in reading order (depth first)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            below = [kid for kid in node.kids() if isinstance(kid, StructNode)]
            below.reverse()
            stack.extend(below)

    def has_content(self) -> bool:
        return any(not isinstance(kid, StructNode) or kid.has_content() for kid in self.kids())

    def add(self, item: Marked | Annotation | StructNode, slot: int | None = None) -> None:
        """Attach something found while drawing; by default after every child made so far."""
        if isinstance(item, StructNode):
            item.parent = self
        self.items.append((len(self.children) if slot is None else slot, item))


@dataclass(frozen=True, slots=True)
class TextRun:
    """Text drawn in one colour and size: what the contrast check needs."""

    color: tuple[float, float, float]
    size: float
    bold: bool


@dataclass(slots=True)
class DrawnBox:
    """Something drawn on a page, in page coordinates (points from bottom-left)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    role: str
    text: str = ""
    font_size: float = 0.0
    # Where its lines of text really start and end across the page (x0, x1), for inspection: a
    # paragraph's box is as wide as its column. None for anything but text.
    text_extent: tuple[float, float] | None = None
    runs: tuple[TextRun, ...] = ()
    artifact: bool = False  # drawn again as an artifact (a table header row repeated on a later page)
    in_table: bool = False  # inside a table cell (a list in a cell is table text, which may be set smaller)


@dataclass(slots=True)
class Fill:
    """A filled shape (a table shading, the header band): the background text may sit on."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    color: tuple[float, float, float]
