"""Tagged PDF: marked content while drawing, the structure tree at the end.

ReportLab writes no structure tree, so this module adds one. Builders create
a `StructNode` per markup element (in markup order, which is the reading
order) and wrap what they draw with `Tagger.wrap`; the wrapper brackets the
drawing in ``/Tag <</MCID n>> BDC ... EMC`` and records which node owns
MCID n on that page. Page furniture is wrapped in ``/Artifact BMC ... EMC``.
When the document is finished, `write_structure` turns the node tree into
StructElem objects, the ParentTree, and the catalog entries PDF/UA asks for.

Every drawn box is also recorded (page, position, role, text) so the build
can check margins and overlaps from what it drew, without re-reading the PDF.
Keeping all of this here means builders only ever call ``wrap``/``artifact``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph

# Roles whose nodes hold content directly (others only group children).
LEAF_ROLES = {
    "H1",
    "H2",
    "H3",
    "P",
    "Lbl",
    "LBody",
    "TH",
    "TD",
    "Figure",
    "Caption",
    "Span",
    "Link",
    "Reference",
    "Form",
    "Note",
}


class StructNode:
    """One structure element; ``mcids`` are (page index, mcid) pairs of content it owns."""

    __slots__ = ("alt", "attrs", "children", "id", "lang", "mcids", "objrs", "parent", "role", "style", "text")

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
        self.alt = alt
        self.text = text
        self.attrs = attrs or {}
        self.mcids: list[tuple[int, int]] = []
        self.lang: str | None = None
        self.objrs: list[tuple[int, Any]] = []
        self.id = 0
        self.style = ""  # a builder's note to nested builders (e.g. small table text); never written
        if parent is not None:
            parent.children.append(self)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def has_content(self) -> bool:
        return bool(self.mcids or self.objrs) or any(c.has_content() for c in self.children)


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
    # The drawn flowable, so inspection can measure where its lines of text really end.
    flowable: Any = field(default=None, repr=False, compare=False)


@dataclass
class Tagger:
    """Owns the structure tree and what each page drew; one per document."""

    enabled: bool = True
    root: StructNode = field(default_factory=lambda: StructNode("Document"))
    pages: dict[int, list[StructNode]] = field(default_factory=dict)
    boxes: list[DrawnBox] = field(default_factory=list)

    def node(self, role: str, parent: StructNode | None = None, **kwargs: Any) -> StructNode:
        return StructNode(role, parent if parent is not None else self.root, **kwargs)

    def wrap(self, flowable: Flowable, node: StructNode, text: str = "", font_size: float = 0.0) -> Flowable:
        """The flowable, drawn as content of ``node``."""
        return Tagged(flowable, node, self, text, font_size)

    def artifact(self, flowable: Flowable) -> Flowable:
        """The flowable, drawn as an artifact (decoration a screen reader skips)."""
        return Tagged(flowable, None, self)

    # -- called while drawing -------------------------------------------------
    def begin(self, canvas: Any, node: StructNode | None) -> None:
        if not self.enabled:
            return
        if node is None:
            canvas.addLiteral("/Artifact BMC")
            return
        page = canvas.getPageNumber() - 1
        owners = self.pages.setdefault(page, [])
        mcid = len(owners)
        owners.append(node)
        node.mcids.append((page, mcid))
        canvas.addLiteral(f"/{node.role} <</MCID {mcid}>> BDC")

    def end(self, canvas: Any) -> None:
        if self.enabled:
            canvas.addLiteral("EMC")

    def record(
        self,
        canvas: Any,
        width: float,
        height: float,
        role: str,
        text: str,
        font_size: float,
        flowable: Any = None,
        x: float = 0.0,
        y: float = 0.0,
    ) -> None:
        """Note a box drawn at (x, y) in the canvas's current coordinates, in page coordinates."""
        a, b, c, d, e, f = canvas._currentMatrix  # ReportLab keeps the CTM here; no public accessor
        e, f = a * x + c * y + e, b * x + d * y + f
        xs = (e, a * width + e, c * height + e, a * width + c * height + e)
        ys = (f, b * width + f, d * height + f, b * width + d * height + f)
        self.boxes.append(
            DrawnBox(canvas.getPageNumber() - 1, min(xs), min(ys), max(xs), max(ys), role, text, font_size, flowable)
        )


class Tagged(Flowable):
    """Delegates layout to the wrapped flowable; brackets its drawing in marked content.

    The same wrapper drawn a second time is a repeated table header row, so
    it is drawn as an artifact: the header cells are in the tree once.
    """

    def __init__(
        self, inner: Flowable, node: StructNode | None, tagger: Tagger, text: str = "", font_size: float = 0.0
    ) -> None:
        self.__dict__["inner"] = inner
        self.node = node
        self.tagger = tagger
        self.text_ = text
        self.font_size = font_size
        self.drawn = False
        self.width = getattr(inner, "width", 0)
        self.height = getattr(inner, "height", 0)

    def __getattr__(self, name: str) -> Any:
        # Platypus probes many optional attributes (keepWithNext, _ZEROSIZE, hAlign...).
        return getattr(self.__dict__["inner"], name)

    def _wrapped_at(self, width: float) -> bool:
        """True when the inner Paragraph is already wrapped at ``width``.

        Tables wrap each cell two or three times at the same width (to size
        columns, rows, then to split); a Paragraph's wrap depends only on the
        width, so the repeat calls are skipped. About a tenth of a build.
        """
        inner = self.inner
        return type(inner) is Paragraph and inner.__dict__.get("_wrapped_width") == width == inner.width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_at(availWidth):
            return self.width, self.height
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        self.inner.__dict__["_wrapped_width"] = availWidth
        return self.width, self.height

    def wrapOn(self, canv: Any, aW: float, aH: float) -> tuple[float, float]:
        if self._wrapped_at(aW):
            return self.width, self.height
        self.width, self.height = self.inner.wrapOn(canv, aW, aH)
        self.inner.__dict__["_wrapped_width"] = aW
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self.inner.split(availWidth, availHeight)
        return [Tagged(p, self.node, self.tagger, self.text_, self.font_size) for p in parts]

    def splitOn(self, canv: Any, aW: float, aH: float) -> list[Flowable]:
        parts = self.inner.splitOn(canv, aW, aH)
        return [Tagged(p, self.node, self.tagger, self.text_, self.font_size) for p in parts]

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()

    def getKeepWithNext(self) -> bool:
        return self.inner.getKeepWithNext()

    def minWidth(self) -> float:
        return self.inner.minWidth()

    def identity(self, maxLen: int | None = None) -> str:
        return f"<{self.node.role if self.node else 'Artifact'}> " + self.inner.identity(maxLen)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        node = None if self.drawn else self.node
        self.drawn = True
        self.tagger.begin(canvas, node)
        self.inner.drawOn(canvas, x, y, _sW)
        self.tagger.end(canvas)
        if node is not None and node.role in LEAF_ROLES:
            self.tagger.record(canvas, self.width, self.height, node.role, self.text_, self.font_size, self.inner, x, y)
