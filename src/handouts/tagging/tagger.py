"""Tagged PDF: marked content while drawing, the structure tree at the end.

ReportLab writes no structure tree, so this module adds one. Builders create
a `StructNode` (see `structnodes`, re-exported here) per markup element (in markup order, which is the reading
order) and wrap what they draw with `Tagger.wrap`; the wrapper brackets the
drawing in ``/Tag <</MCID n>> BDC ... EMC`` and records which node owns
MCID n on that page. Decoration is wrapped in ``/Artifact BMC ... EMC``.
Every sequence is begun and ended by one context manager, `Tagger.marked`.
When the document is finished, `structure.write_structure` turns the node
tree into StructElem objects, the ParentTree, and the catalog entries PDF/UA
asks for.

Reading order is markup order by construction: nodes are made while the
markup is walked, and each piece of drawn content remembers where among its
node's children it was wrapped (its *slot*), so text before a nested list
stays before it in the tree whatever order the pages are drawn in. Each
wrapper also gets a sequence number when it is made; `accessibility` checks
that walking the finished tree meets those numbers in rising order.

Links, citation marks and form fields are found while drawing (ReportLab
makes their annotations itself): `tagcanvas.TaggingCanvas` reports them here
and they become Link and Form elements holding the annotation as an OBJR. A
form field is drawn by a flowable wrapped for its Form node (``form``):
what it prints (a checkbox's square) is an artifact, and the widget it makes
is the Form element's one kid, as PDF asks of a Form without a Role.

Every drawn box is also recorded (page, position, role, text, colours) so
the build can check margins, overlaps and contrast from what it drew,
without re-reading the PDF. Builders call ``node`` (or ``figure`` and
``form`` for those two kinds), ``wrap`` and ``artifact``, and may say what
a link target is about in ``link_descriptions``; the rest is called while
drawing, by `Tagged`, `tagcanvas`, the page furniture and the table
callback in `blocks.grid` that brackets a table's shading and rules as
artifacts (``with tagger.marked(canvas, None)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph

from handouts.tagging import rlcompat
from handouts.tagging.nodes import Annotation, DrawnBox, Fill, Marked, StructNode, TextRun
from handouts.tagging.pagelog import text_span

__all__ = ["LEAF_ROLES", "Annotation", "DrawnBox", "Fill", "Marked", "StructNode", "Tagged", "Tagger", "TextRun"]

# Marked content (ISO 32000-1 14.6), written only by `Tagger.marked` and `Tagger.switch`.
_ARTIFACT = "/Artifact BMC"
# Page furniture says what kind of artifact it is (PDF 32000-1 14.8.2.2.2), so an assistive tool or a
# reflow can tell the running header and footer from other decoration.
_FURNITURE = {kind: f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC" for kind in ("Header", "Footer")}
_END = "EMC"
_RUN_ORDER = attrgetter("color", "size", "bold")

# Roles whose nodes hold content directly (others only group children).
LEAF_ROLES = {
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "P",
    "Lbl",
    "LBody",
    "TH",
    "TD",
    "Figure",
    "Formula",
    "Caption",
    "Span",
    "Link",
    "Reference",
    "Form",
    "Note",
}


@dataclass
class Tagger:
    """Owns the structure tree and what each page drew; one per document."""

    enabled: bool = True
    root: StructNode = field(default_factory=lambda: StructNode("Document"))
    pages: dict[int, list[StructNode]] = field(default_factory=dict)
    boxes: list[DrawnBox] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    bold_fonts: frozenset[str] = frozenset()
    # What a link to a target is about, for the annotation's Contents (e.g. "#source-2" -> the source).
    link_descriptions: dict[str, str] = field(default_factory=dict)
    # Per page: painting operators found outside marked content (see tagcanvas.unmarked_operators).
    unmarked: dict[int, dict[str, int]] = field(default_factory=dict)
    _seq: int = 0
    _sealed: bool = False
    _open: list[tuple[StructNode | None, int | None, int]] = field(default_factory=list)
    _links: dict[Any, StructNode] = field(default_factory=dict)
    drawing_text: str | None = None  # plain text of the paragraph being drawn (see tagcanvas.TaggedText)
    drawing_links: bool = True  # False while drawing what is known to hold no links (see tagcanvas.TaggedText)
    known_runs: dict[tuple, TextRun] = field(default_factory=dict)  # see _runs

    # -- called while building ------------------------------------------------
    def node(self, role: str, parent: StructNode | None = None, **kwargs: Any) -> StructNode:
        node = StructNode(role, parent if parent is not None else self.root, **kwargs)
        self._seq += 1
        node.stamp = self._seq
        return node

    def seal(self) -> None:
        """The markup has been built. Wrappers made from now on (while laying out) take their node's place."""
        self._sealed = True

    def figure(self, parent: StructNode | None, alt: str) -> StructNode:
        """A Figure node; ``alt`` is what a screen reader says instead of the picture."""
        return self.node("Figure", parent, alt=alt)

    def form(self, parent: StructNode | None, tooltip: str) -> StructNode:
        """A Form node for one form field (a checkbox).

        Wrap the flowable that draws the field with ``wrap(flowable, node)``;
        what it draws is an artifact (the field's printed look), and the
        widget annotation it makes is attached to this node as an OBJR and
        gets ``tooltip`` as its TU (unless it already has one), which is what
        a screen reader announces for the field.
        """
        node = self.node("Form", parent)
        node.tooltip = tooltip
        return node

    def wrap(self, flowable: Flowable, node: StructNode, text: str = "", font_size: float = 0.0) -> Flowable:
        """The flowable, drawn as content of ``node``.

        Each wrapper is numbered in markup order, for the reading-order check.
        A flowable that makes its wrapper only when laid out (it needs the
        width first) is numbered where its node was made.
        """
        if self._sealed:
            seq = node.stamp
        else:
            self._seq += 1
            seq = self._seq
        return Tagged(flowable, node, self, text, font_size, slot=len(node.children), seq=seq)

    def artifact(self, flowable: Flowable) -> Flowable:
        """The flowable, drawn as an artifact (decoration a screen reader skips)."""
        return Tagged(flowable, None, self)

    # -- called while drawing -------------------------------------------------
    @property
    def open_entry(self) -> tuple[StructNode | None, int | None, int]:
        """(node, slot, wrapper number) of the sequence being drawn; node None in an artifact or outside."""
        return self._open[-1] if self._open else (None, None, 0)

    def marked(self, canvas: Any, node: StructNode | None, slot: int | None = None, seq: int = 0) -> _Marked:
        """Everything drawn inside ``with tagger.marked(canvas, node):`` is content of ``node``.

        An artifact when ``node`` is None (or a form field's look). Writes
        ``/Role <</MCID n>> BDC`` (or ``/Artifact BMC``) on entering and
        ``EMC`` on leaving; every marked-content sequence handouts writes is
        begun and ended here (`switch` splits one inside a text object).
        """
        return _Marked(self, canvas, (node, slot, seq))

    def furniture(self, canvas: Any, kind: str) -> _Marked:
        """Everything drawn inside is a pagination artifact: ``kind`` "Header" (the band) or "Footer"."""
        return _Marked(self, canvas, (None, None, 0), _FURNITURE[kind])

    def _begin(self, canvas: Any, entry: tuple[StructNode | None, int | None, int], artifact: str = _ARTIFACT) -> None:
        self._open.append(entry)
        if self.enabled:
            node, slot, seq = entry
            if node is None or node.role == "Form":
                canvas.addLiteral(artifact)
            else:
                canvas.addLiteral(self._content(canvas, node, slot, seq))

    def _end(self, canvas: Any) -> None:
        self._open.pop()
        if self.enabled:
            canvas.addLiteral(_END)

    def switch(self, canvas: Any, node: StructNode, slot: int | None = None, seq: int = 0) -> str:
        """End the open sequence and begin new content of ``node``: the literal a text object writes between ET and BT.

        The sequence `marked` opened stays open in the bookkeeping; its EMC
        then ends this one (see `canvas.TaggedText`, which splits a paragraph around its links).
        """
        return f"{_END} {self._content(canvas, node, slot, seq)}"

    def _content(self, canvas: Any, node: StructNode, slot: int | None, seq: int) -> str:
        """The BDC that starts new content of ``node`` on the current page (and its bookkeeping)."""
        page = canvas.getPageNumber() - 1
        owners = self.pages.setdefault(page, [])
        mcid = len(owners)
        owners.append(node)
        node.add(Marked(page, mcid, seq), slot)
        return f"/{node.role} <</MCID {mcid}>> BDC"

    def link_node(self, key: Any, target: str, owner: StructNode, slot: int | None) -> StructNode:
        """The Link element for one link in a paragraph (the same one on every line it spans)."""
        node = self._links.get(key)
        if node is None:
            node = self._links[key] = StructNode("Link")
            node.target = target
            owner.add(node, slot)
        return node

    def annotate(self, annotation: Annotation) -> None:
        """File an annotation made while drawing under the Link or Form element it belongs to.

        One drawn outside any element (no builder does that) is filed at the
        document's end, so it is still in the tree.
        """
        owner, slot, seq = self.open_entry
        if annotation.kind == "Widget":
            form = owner if owner is not None and owner.role == "Form" else None
            if form is None:
                form = StructNode("Form")
                (owner or self.root).add(form, slot if owner is not None else None)
            form.add(annotation)
            return
        links = [
            node for (link_seq, _), node in self._links.items() if link_seq == seq and node.target == annotation.target
        ]
        if links and owner is not None:
            link = min(links, key=lambda node: len(node.annotations))
        else:  # a link drawn by something other than a paragraph (a QR code), or outside any element
            link = StructNode("Link")
            link.target = annotation.target
            (owner or self.root).add(link, slot if owner is not None else None)
        link.add(annotation)

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
        **kw: Any,
    ) -> DrawnBox:
        """Note a box drawn at (x, y) in the canvas's current coordinates, in page coordinates."""
        a, b, c, d, e, f = rlcompat.current_matrix(canvas)
        e, f = a * x + c * y + e, b * x + d * y + f
        xs = (e, a * width + e, c * height + e, a * width + c * height + e)
        ys = (f, b * width + f, d * height + f, b * width + d * height + f)
        page = canvas.getPageNumber() - 1
        x0, x1 = min(xs), max(xs)
        extent = None
        # Measured now rather than by keeping the flowable: it may hold the build context, and
        # through it this tagger (a reference cycle holding the whole document).
        flowable_width = getattr(flowable, "width", 0) or 0
        if flowable is not None and flowable_width > 0:
            scale = (x1 - x0) / flowable_width
            left, right = text_span(flowable, flowable_width)
            extent = (x0 + left * scale, x0 + right * scale)
        box = DrawnBox(page, x0, min(ys), x1, max(ys), role, text, font_size, text_extent=extent, **kw)
        self.boxes.append(box)
        return box


def _in_table(node: StructNode | None) -> bool:
    """Whether ``node`` sits in a table cell (TD or TH above it)."""
    while node is not None:
        if node.role in ("TD", "TH"):
            return True
        node = node.parent
    return False


class _Marked:
    """The context manager `Tagger.marked` returns (a class: a generator-based one cost 3 µs a use, 120 a page)."""

    __slots__ = ("artifact", "canvas", "entry", "tagger")

    def __init__(
        self,
        tagger: Tagger,
        canvas: Any,
        entry: tuple[StructNode | None, int | None, int],
        artifact: str = _ARTIFACT,
    ) -> None:
        self.tagger, self.canvas, self.entry, self.artifact = tagger, canvas, entry, artifact

    def __enter__(self) -> None:
        self.tagger._begin(self.canvas, self.entry, self.artifact)

    def __exit__(self, *exc: object) -> None:
        self.tagger._end(self.canvas)


def _whole_link(flowable: Any) -> tuple[int, str] | None:
    """The link of a Paragraph that is a single linked fragment, else None."""
    frags = getattr(flowable, "frags", None)
    if isinstance(flowable, Paragraph) and frags and len(frags) == 1 and getattr(frags[0], "link", None):
        return tuple(frags[0].link[-1])
    return None


def _may_link(flowable: Any) -> bool:
    """False when drawing ``flowable`` makes no link: a Paragraph without one, or a flowable that says so.

    A Paragraph is asked before it is wrapped; once wrapped, its fragments
    are words that hold their own, and then the answer is "may".
    """
    if isinstance(flowable, Paragraph):
        for frag in flowable.frags:
            link = getattr(frag, "link", None)
            if link or link is None:
                return True
        return False
    return getattr(flowable, "draws_links", True)


def _pieces(flowable: Any) -> list[tuple[Any, str]]:
    """(style, text) of each stretch of a Paragraph's text (a wrapped one's words), or of a one-style flowable."""
    frags = getattr(flowable, "frags", None)
    if frags:
        if isinstance(frags[0], list):  # words: [width, (style, text), ...]
            return [piece for word in frags for piece in word[1:]]
        return [(frag, getattr(frag, "text", "")) for frag in frags]
    if isinstance(getattr(flowable, "text", None), str) and getattr(flowable, "style", None) is not None:
        return [(flowable.style, flowable.text)]
    return []


def _runs(flowable: Any, bold_fonts: frozenset[str], known: dict[tuple, TextRun]) -> tuple[TextRun, ...]:
    """Colours and sizes of a Paragraph's text, from its fragments (inline colours included).

    A wrapped Paragraph whose text changes style (bold, a link, a citation
    mark) keeps its fragments as words of (style, text) pairs instead; a
    list label is one run in its style. ``known`` keeps the document's runs
    by colour, size and weight (a dozen, for hundreds of fragments). The
    words of one fragment share its style object, so each style is looked
    at once, at its first stretch of visible text.
    """
    found: dict[TextRun, None] = {}
    counted: set[int] = set()
    for style, text in _pieces(flowable):
        if id(style) in counted or not text or text.isspace():
            continue
        counted.add(id(style))
        color = getattr(style, "textColor", None)
        if color is None:
            continue
        key = (color.red, color.green, color.blue, style.fontSize, style.fontName in bold_fonts)
        run = known.get(key)
        if run is None:
            rgb = tuple(round(v, 4) for v in color.rgb())
            run = known[key] = TextRun(rgb, key[3], key[4])
        found[run] = None
    return tuple(found) if len(found) < 2 else tuple(sorted(found, key=_RUN_ORDER))


class Tagged(Flowable):
    """Delegates layout to the wrapped flowable; brackets its drawing in marked content.

    The same wrapper drawn a second time is a repeated table header row, so
    it is drawn as an artifact: the header cells are in the tree once.
    """

    def __init__(
        self,
        inner: Flowable,
        node: StructNode | None,
        tagger: Tagger,
        text: str = "",
        font_size: float = 0.0,
        slot: int | None = None,
        seq: int = 0,
        may_link: bool | None = None,
    ) -> None:
        self.__dict__["inner"] = inner
        # Known before layout: a wrapped Paragraph keeps its words in other fragments.
        self.may_link = _may_link(inner) if may_link is None else may_link
        self.node = node
        self.tagger = tagger
        self.text_ = text
        self.font_size = font_size
        self.slot = slot
        self.seq = seq
        self.drawn = False
        self.width = getattr(inner, "width", 0)
        self.height = getattr(inner, "height", 0)

    def __getattr__(self, name: str) -> Any:
        # Platypus probes many optional attributes (keepWithNext, _ZEROSIZE, hAlign...).
        return getattr(self.__dict__["inner"], name)

    def _part(self, inner: Flowable) -> Tagged:
        return Tagged(inner, self.node, self.tagger, self.text_, self.font_size, self.slot, self.seq, self.may_link)

    def _wrapped_at(self, width: float) -> bool:
        """True when the inner Paragraph is already wrapped at ``width`` and still holds its lines.

        Tables wrap each cell two or three times at the same width (to size
        columns, rows, then to split); a Paragraph's wrap depends only on the
        width, so the repeat calls are skipped. About a tenth of a build.

        The trap: a Paragraph that cannot be split in the room left at the
        foot of a page (one line would be orphaned) deletes its line layout
        (``blPara``) before it is carried to the next page, where it is
        wrapped again at the same width. Skipping that wrap would draw a
        paragraph without lines, so the layout itself must still be there.
        """
        inner = self.inner
        if type(inner) is not Paragraph:
            return False
        state = inner.__dict__
        return "blPara" in state and state.get("_wrapped_width") == width == inner.width

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
        return [self._part(p) for p in self.inner.split(availWidth, availHeight)]

    def splitOn(self, canv: Any, aW: float, aH: float) -> list[Flowable]:
        return [self._part(p) for p in self.inner.splitOn(canv, aW, aH)]

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
        tagger, inner = self.tagger, self.inner
        opened: StructNode | None = node
        if node is not None and tagger.enabled:
            whole = _whole_link(inner)
            if whole is not None:
                # The paragraph is one linked run (ReportLab then reports no link boundaries): all of it is the Link.
                opened = tagger.link_node((self.seq, whole), whole[1], node, self.slot)
                opened.text = opened.text or self.text_ or inner.getPlainText()
        with tagger.marked(canvas, opened, self.slot if opened is node else None, self.seq):
            paragraph = opened is not None and isinstance(inner, Paragraph)
            tagger.drawing_text = inner.getPlainText() if paragraph else None
            tagger.drawing_links = self.may_link
            inner.drawOn(canvas, x, y, _sW)
            tagger.drawing_text = None
            tagger.drawing_links = True
        # A repeated header row is recorded too (it is on the page), marked as an artifact.
        own = self.node
        if own is not None and own.role in LEAF_ROLES:
            box = tagger.record(
                canvas,
                self.width,
                self.height,
                own.role,
                self.text_,
                self.font_size,
                inner,
                x,
                y,
                runs=_runs(inner, tagger.bold_fonts, tagger.known_runs),
                artifact=node is None,
                in_table=_in_table(own),
            )
            if node is not None and node.bbox is None:
                node.bbox = (box.page, box.x0, box.y0, box.x1, box.y1)
