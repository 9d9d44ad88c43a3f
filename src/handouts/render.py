"""Element tree to PDF bytes: page templates, brand furniture, tagging, ReportLab.

The renderer knows nothing about careers: it takes a validated element tree
and a brand. Page furniture (header band, footer, "Page X of Y") is drawn
when the document is finished, so the total page count is known without a
second layout pass; it is tagged as artifacts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LEGAL, LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

from . import furniture
from .blocks import BuildContext, build_children, number_citations
from .errors import Problem, RenderError
from .fonts import FontSet
from .markup import Element
from .models import Brand, Source
from .pagelog import PageLog, RecordingCanvas
from .structure import write_structure
from .styles import Styles
from .tagcanvas import TaggingCanvas
from .tagging import DrawnBox, Tagger

PAPER = {"letter": LETTER, "a4": A4, "legal": LEGAL}
SIDE_MARGIN = 0.6 * inch
BOTTOM_MARGIN = 0.75 * inch


def lock_down_reportlab() -> None:
    """Settings that keep untrusted input away from ReportLab's risky corners.

    invariant: byte-identical output. trustedHosts/Schemes: no URL or file is
    ever fetched by ReportLab itself. toColorCanUse=None: no expression
    evaluation in colour parsing. allowTableBoundsErrors=0: an over-wide
    table is an error, not silent overflow. useA85=0: streams stay binary
    (Flate only), as PDF readers have taken since PDF 1.2; ReportLab's
    pure-Python ASCII85 encoder cost 40 ms per document with a logo, and the
    files are about 13% smaller.
    """
    rl_config.invariant = 1
    rl_config.trustedHosts = None
    rl_config.trustedSchemes = []
    rl_config.toColorCanUse = None
    rl_config.allowTableBoundsErrors = 0
    rl_config.useA85 = 0


lock_down_reportlab()


@dataclass
class Rendered:
    """A finished PDF and what the renderer knows about it."""

    pdf: bytes
    pages: int
    boxes: list[DrawnBox]
    page_size: tuple[float, float]
    margins: tuple[float, float, float, float]
    tagged: bool
    page_log: PageLog = field(default_factory=PageLog)
    # What tagging knows: the structure tree, fills, marked content per page (for the accessibility checks).
    tagger: Tagger | None = None
    title: str = ""
    language: str = ""
    # True once `accessibility.check_accessibility` found nothing wrong (build.render_handout refuses otherwise),
    # so inspecting the same result does not run those checks a second time.
    accessibility_passed: bool = False


class HandoutCanvas(RecordingCanvas, TaggingCanvas):
    """Holds each page until the end, then draws furniture with the page total and tags pages.

    While pages are held, ReportLab's document still thinks it is on page 1;
    its page counter is kept in step so that anything naming "this page"
    while drawing (a link destination, a form field's /P) names the right one.
    """

    def __init__(self, *args: Any, tagger: Tagger, draw_furniture: Any, finish: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._tagger = tagger
        self._draw_furniture = draw_furniture
        self._finish = finish

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()
        self._doc.pageCounter = self._pageNumber

    def save(self) -> None:
        held = self._held_pages
        total = len(held)
        self._doc.pageCounter = 1
        for state in held:
            self.__dict__.update(state)
            with self.furniture():
                self._draw_furniture(self, total)
            self.audit_page()
            Canvas.showPage(self)
        # Each held state names this list (and, from layout, the doc template): reference cycles that
        # would leave the whole document to Python's cycle collector instead of freeing it at once.
        held.clear()
        self._held_pages = []
        self.__dict__.pop("_doctemplate", None)
        self._finish(self, total)
        super().save()


def render(
    tree: Element,
    brand: Brand,
    fonts: FontSet,
    sources: dict[str, Source],
    layout: str,
    tagged: bool = True,
    assets: list[Path] | None = None,
) -> Rendered:
    """Lay out ``tree`` and return the PDF; RenderError names the element that cannot fit.

    ``assets``: the folders images may come from (layout folders, then the brand kit).
    """
    attrs = tree.attrs
    paper = attrs.get("paper") or brand.paper.value
    page_size = PAPER[paper]
    styles = Styles(brand, fonts)
    tagger = Tagger(enabled=tagged, bold_fonts=frozenset({fonts.bold, fonts.bold_italic}))
    header_height = furniture.header_height()
    top, right, bottom, left = attrs.get("margins") or (0.0, SIDE_MARGIN, BOTTOM_MARGIN, SIDE_MARGIN)
    top = max(top, header_height)
    frame_width = page_size[0] - left - right
    language = attrs.get("lang") or brand.language
    ctx = BuildContext(
        styles=styles,
        tagger=tagger,
        brand=brand,
        sources=sources,
        layout=layout,
        frame_width=frame_width,
        lang=language,
        asset_folders=list(assets or []),
    )
    ctx.citations = number_citations(tree)
    ctx.source_anchors = any(element.tag == "sources" for element in tree.walk())
    document_node = tagger.root
    flowables = build_children(tree, ctx, document_node)
    tagger.seal()
    title = attrs["title"]
    subtitle = attrs.get("subtitle") or ""
    page_furniture = furniture.Furniture(brand, styles, tagger, title, subtitle, page_size, (top, right, bottom, left))

    def finish(canvas: HandoutCanvas, total: int) -> None:
        if tagged:
            write_structure(canvas, tagger, title, language, total)

    buffer = io.BytesIO()
    canvases: list[HandoutCanvas] = []

    def make_canvas(*args: Any, **kwargs: Any) -> HandoutCanvas:
        kwargs["initialFontName"] = fonts.regular
        kwargs["lang"] = language
        kwargs["pdfVersion"] = (1, 7)  # PDF/UA-1 builds on PDF 1.7 (ISO 32000-1); tags use 1.5+ features
        canvas = HandoutCanvas(*args, tagger=tagger, draw_furniture=page_furniture.draw, finish=finish, **kwargs)
        canvases.append(canvas)
        return canvas

    doc = BaseDocTemplate(
        buffer,
        pagesize=page_size,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=brand.name,
        subject=subtitle or title,
        creator="handouts",
        producer="handouts",
        lang=language,
        displayDocTitle=1,
        initialFontName=fonts.regular,
        invariant=1,
    )
    frame = Frame(
        left,
        bottom,
        frame_width,
        page_size[1] - top - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    try:
        doc.build(flowables, canvasmaker=make_canvas)
    except RLLayoutError as exc:
        raise RenderError(
            problems=[
                Problem(
                    layout,
                    0,
                    "layout",
                    _layout_message(str(exc)),
                    "shorten the content or narrow its widths, split it into smaller blocks, "
                    "or let the table rows split (very tall cells cannot)",
                )
            ]
        ) from None
    pages = doc.page
    # The doc template names itself in its expression namespace (for Doc* flowables, never used here): a
    # reference cycle that would leave it, the canvas and the PDF objects to the cycle collector.
    doc._nameSpace.clear()
    log = canvases[-1].page_log if canvases else PageLog()
    return Rendered(
        buffer.getvalue(),
        pages,
        tagger.boxes,
        page_size,
        (top, right, bottom, left),
        tagged,
        page_log=log,
        tagger=tagger,
        title=title,
        language=language,
    )


def _layout_message(message: str) -> str:
    """ReportLab's LayoutError text, reduced to what an office can act on."""
    first = message.splitlines()[0] if message else "content does not fit"
    if "too large" in first or "too wide" in first:
        return "a block is too tall or too wide to fit on a page: " + first[:300]
    return first[:300]
