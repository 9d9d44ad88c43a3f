"""Element tree to PDF bytes: page templates, brand furniture, tagging, ReportLab.

The renderer knows nothing about careers: it takes a validated element tree
and a brand. Page furniture (header band, footer, "Page X of Y") is drawn
when the document is finished, so the total page count is known without a
second layout pass; it is tagged as artifacts.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LEGAL, LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

from handouts.errors import Problem, RenderError
from handouts.inputs.fonts import FontSet, MissingGlyphs
from handouts.inputs.models import Brand, Source
from handouts.markup.parse import Element
from handouts.render import furniture
from handouts.render.blocks import BuildContext, build_children, number_citations
from handouts.render.blocks.base import left_out
from handouts.render.blocks.grid import TooWide
from handouts.render.fitting import Fit, steps
from handouts.render.styles import styles_for
from handouts.tagging import rlcompat
from handouts.tagging.canvas import TaggingCanvas
from handouts.tagging.pagelog import PageLog, RecordingCanvas
from handouts.tagging.structure import write_structure
from handouts.tagging.tagger import DrawnBox, Tagger

PAPER = {"letter": LETTER, "a4": A4, "legal": LEGAL}
# No handout needs more; a layout looping over far too much data stops here instead of running for minutes
# (measured: about 10 pages a second for long lists).
MAX_PAGES = 500
SIDE_MARGIN = 0.6 * inch
BOTTOM_MARGIN = 0.75 * inch
FIT_AS_DESIGNED = steps("none")[0]


def lock_down_reportlab() -> None:
    """Settings that keep untrusted input away from ReportLab's risky corners.

    invariant: byte-identical output. trustedHosts/Schemes: no URL or file is
    ever fetched by ReportLab itself. toColorCanUse=None: no expression
    evaluation in colour parsing. allowTableBoundsErrors=0: an over-wide
    table is an error, not silent overflow. useA85=0: streams stay binary
    (Flate only), as PDF readers have taken since PDF 1.2; ReportLab's
    pure-Python ASCII85 encoder cost 40 ms per document with a logo, and the
    files are about 13% smaller. And one for speed, with the same bytes:
    ReportLab's PDF text encoder takes a fast path for plain ASCII, and its
    font metrics one for fonts that keep them on their face (TrueType), and
    its paragraphs one for telling parsed fragments from words and one for
    telling fragments that print alike; each font
    subset's ToUnicode map is written once per process.
    """
    rl_config.invariant = 1
    rl_config.trustedHosts = None
    rl_config.trustedSchemes = []
    rl_config.toColorCanUse = None
    rl_config.allowTableBoundsErrors = 0
    rl_config.useA85 = 0
    rlcompat.install_fast_pdfdoc_enc()
    rlcompat.install_fast_ascent_descent()
    rlcompat.install_fast_processed_frags()
    rlcompat.install_fast_same_frag()
    rlcompat.install_cached_to_unicode_cmap()


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
    text_scale: float = 1.0  # every type size's factor: above 1 in a large-print edition
    fit: str = "as designed"  # the fitting step it was set with (`render.fitting`)


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
        if len(self._held_pages) >= MAX_PAGES:
            raise TooManyPages()
        self._held_pages.append(rlcompat.page_state(self))
        rlcompat.start_page(self)
        rlcompat.set_document_page(self, self.getPageNumber())

    def drop_held_pages(self) -> None:
        """Forget the held pages: once written (`save`), or unwritten (a fitting step thrown away).

        Each held state names this list (and, from layout, the doc template): reference cycles that
        would leave the whole document to Python's cycle collector instead of freeing it at once.
        """
        self._held_pages.clear()
        self._held_pages = []
        rlcompat.forget_doc_template(self)

    def save(self) -> None:
        held = self._held_pages
        total = len(held)
        rlcompat.set_document_page(self, 1)
        # Annotations are named by a count kept with the page state; furniture drawn on an earlier page's
        # state (a link in the footer) must go on counting from the last page, or names repeat.
        annotations = rlcompat.annotation_count(self)
        for state in held:
            rlcompat.restore_page_state(self, state)
            rlcompat.set_annotation_count(self, annotations)
            with self.furniture():
                self._draw_furniture(self, total)
            annotations = rlcompat.annotation_count(self)
            self.audit_page()
            Canvas.showPage(self)
        self.drop_held_pages()
        self._finish(self, total)
        super().save()


class TooManyPages(Exception):
    """Raised from the canvas when a handout passes MAX_PAGES; render turns it into a RenderError."""


class HandoutDoc(BaseDocTemplate):
    """BaseDocTemplate that remembers which flowable it was placing when layout failed.

    ReportLab's LayoutError carries only a message with the flowable's
    class and memory address; the flowable itself carries the label of the
    markup element it came from (`blocks.base.build_element`).
    """

    failed: Any = None
    last_label: str | None = None

    def handle_flowable(self, flowables: list[Any]) -> None:
        current = flowables[0] if flowables else None
        # The parts of a split table are new objects: they keep the ident, not our attribute.
        self.last_label = label_of(current) or self.last_label
        try:
            super().handle_flowable(flowables)
        except (RLLayoutError, TooManyPages):
            self.failed = current
            raise


class LaidOut:
    """A handout laid out, its pages drawn and held, its PDF not yet written: all fitting needs to judge it.

    Writing the PDF (the page furniture on every held page, ReportLab's
    serialisation) is a sixth of a render; a fitting step that is thrown
    away never needs it. `finish` writes it (once), `discard` drops it.
    """

    def __init__(
        self,
        pages: int,
        boxes: list[DrawnBox],
        page_size: tuple[float, float],
        margins: tuple[float, float, float, float],
        finish: Callable[[], Rendered],
        discard: Callable[[], None],
    ) -> None:
        self.pages, self.boxes, self.page_size, self.margins = pages, boxes, page_size, margins
        self._finish: Callable[[], Rendered] | None = finish
        self._discard = discard

    def finish(self) -> Rendered:
        """The finished PDF, exactly as `render` returns it."""
        assert self._finish is not None, "a laid-out handout is finished or discarded once"
        finish, self._finish = self._finish, None
        return finish()

    def discard(self) -> None:
        """Drop the held pages without writing them (breaking the reference cycles they hold, as writing does)."""
        if self._finish is not None:
            self._finish = None
            self._discard()


def render(
    tree: Element,
    brand: Brand,
    fonts: FontSet,
    sources: dict[str, Source],
    layout: str,
    tagged: bool = True,
    assets: list[Path] | None = None,
    roles: tuple[str, ...] = (),
    forms: bool = True,
    fit: Fit | None = None,
    citations: Mapping[str, int] | None = None,
) -> Rendered:
    """Lay out ``tree`` and return the PDF; RenderError names the element, the roles and the page.

    ``assets``: the folders images may come from (layout folders, then the brand kit).
    ``roles``: the role ids the handout is for, named when something cannot fit.
    ``forms``: False leaves the fillable widgets out (a render only to be printed; see `BuildContext.forms`).
    ``fit``: the fitting step to set the handout in (`render.fitting`); as designed when None.
    ``citations``: source numbers fixed for a whole print job (see `number_citations`).
    """
    return lay_out(tree, brand, fonts, sources, layout, tagged, assets, roles, forms, fit, citations).finish()


def lay_out(
    tree: Element,
    brand: Brand,
    fonts: FontSet,
    sources: dict[str, Source],
    layout: str,
    tagged: bool = True,
    assets: list[Path] | None = None,
    roles: tuple[str, ...] = (),
    forms: bool = True,
    fit: Fit | None = None,
    citations: Mapping[str, int] | None = None,
) -> LaidOut:
    """`render`, up to writing the PDF: laid out and drawn, the pages held (see `LaidOut`)."""
    fit = fit or FIT_AS_DESIGNED
    attrs = tree.attrs
    paper = attrs.get("paper") or brand.paper.value
    page_size = PAPER[paper]
    styles = styles_for(brand, fonts, fit.scale)
    tagger = Tagger(enabled=tagged, bold_fonts=frozenset({fonts.bold, fonts.bold_italic}))
    header_height = furniture.header_height(styles.scale.factor)
    top, right, bottom, left = attrs.get("margins") or (0.0, SIDE_MARGIN, BOTTOM_MARGIN, SIDE_MARGIN)
    top = max(top, header_height)
    # Body text never runs into the footer, which is taller when the brand's footer lines wrap.
    footer = furniture.footer_lines(brand, styles, page_size[0] - left - right)
    bottom = max(bottom, furniture.footer_height(footer, styles.scale.factor))
    _check_margins(layout, page_size, (top, right, bottom, left))
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
        forms=forms,
        dropped=left_out(tree, fit.drop_optional),
        rebalance=fit.rebalance,
        balance_columns=fit.balance,
    )
    ctx.citations = number_citations(tree, citations)
    ctx.source_anchors = any(element.tag == "sources" for element in tree.walk())
    document_node = tagger.root
    flowables = build_children(tree, ctx, document_node)
    if not flowables:
        # ReportLab would write a PDF with no pages at all, which viewers and printers reject.
        raise RenderError(
            problems=[
                Problem(layout, 0, "<handout>", "the handout has no content", "put headings, text or tables inside it")
            ]
        )
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

    doc = HandoutDoc(
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
    rlcompat.save_later(doc)  # `finish` writes the PDF, when fitting keeps this step
    with _reported(doc, frame, layout, roles):
        doc.build(flowables, canvasmaker=make_canvas)
    pages = doc.page
    margins = (top, right, bottom, left)
    # Once written or dropped, the doc template's expression namespace (for Doc* flowables, never used here)
    # is cleared: it names the template itself, a cycle that would leave it, the canvas and the PDF objects
    # to the cycle collector (`rlcompat.clear_doc_namespace`).

    def written() -> Rendered:
        with _reported(doc, frame, layout, roles):
            doc.canv.save()
        rlcompat.clear_doc_namespace(doc)
        log = canvases[-1].page_log if canvases else PageLog()
        return Rendered(
            buffer.getvalue(),
            pages,
            tagger.boxes,
            page_size,
            margins,
            tagged,
            page_log=log,
            tagger=tagger,
            title=title,
            language=language,
            text_scale=styles.scale.factor,
            fit=fit.step,
        )

    def dropped() -> None:
        for canvas in canvases:
            canvas.drop_held_pages()
        rlcompat.clear_doc_namespace(doc)

    return LaidOut(pages, tagger.boxes, page_size, margins, written, dropped)


@contextmanager
def _reported(doc: HandoutDoc, frame: Frame, layout: str, roles: tuple[str, ...]) -> Iterator[None]:
    """ReportLab's layout failures, and text its fonts cannot set, as problems naming the element."""
    try:
        yield
    except RLLayoutError as exc:
        raise RenderError(problems=[_fit_problem(exc, doc, frame, layout, roles)]) from None
    except MissingGlyphs as exc:  # text set while laying out or drawing (a diagram's labels, a chart's axis)
        raise exc.at(layout, doc.last_label or "<handout>") from None
    except TooManyPages:
        label = doc.last_label or "the handout"
        raise RenderError(
            problems=[
                Problem(
                    layout,
                    0,
                    label,
                    f"the handout runs past {MAX_PAGES} pages",
                    "a loop in the layout repeats far too often; set max-pages on <handout> to catch it earlier",
                )
            ]
        ) from None


def label_of(flowable: Any) -> str | None:
    """The markup element a flowable was built from, e.g. "<table> at rendered markup line 8 of ..."."""
    return getattr(flowable, "handouts_label", None) or getattr(flowable, "ident", None) or None


def _fit_problem(exc: RLLayoutError, doc: HandoutDoc, frame: Frame, layout: str, roles: tuple[str, ...]) -> Problem:
    """What did not fit, for which roles, on which page, and how big it was against the room."""
    flowable = doc.failed
    label = label_of(flowable) or doc.last_label or "a block"
    subject = f" (roles: {', '.join(roles)})" if roles else ""
    page = f"on page {doc.page}"
    if isinstance(exc, TooWide):
        inner = "" if exc.ident == label else f"holds {exc.ident}, which "
        what = f"{inner}is too wide: {exc.width:,.0f} pt where only {exc.room:,.0f} pt fit, {page}"
        fix = "make its fixed column widths (in pt, in, cm or mm) add up to less, or use % or * widths"
        return Problem(layout, 0, label + subject, what, fix)
    width, height = rlcompat.drawn_size(flowable)
    room, room_height = rlcompat.frame_size(frame)
    message = str(exc).splitlines()[0] if str(exc) else ""
    if height and width and "too large" in message:
        if width > room + 0.5:
            what = f"is too wide: {width:,.0f} pt where only {room:,.0f} pt fit across the page, {page}"
        else:
            what = f"is too tall: {height:,.0f} pt where a page has room for {room_height:,.0f} pt, {page}"
        tallest = " (one table cell is taller than a page and cannot be split)" if "tallest cell" in message else ""
        what += tallest
    elif "too wide for cell" in message:
        what = f"holds something wider than its table cell (an image or a fixed-width block), {page}"
    else:
        what = f"cannot be laid out {page}: {message[:200]}"
    fix = "shorten its content, or split it into smaller blocks that can break across pages"
    return Problem(layout, 0, label + subject, what, fix)


PRINTABLE = 0.25 * inch  # most office printers cannot print closer to the paper edge
MIN_COLUMN = 2 * inch


def _check_margins(layout: str, page: tuple[float, float], margins: tuple[float, float, float, float]) -> None:
    """Margins a page can hold: inside the printable area, leaving a text area worth the name."""
    top, right, bottom, left = margins
    width, height = page[0] - left - right, page[1] - top - bottom
    if min(left, right) < PRINTABLE:
        what = f"side margins of {min(left, right) / inch:.2f} in reach into the unprintable border"
    elif width < MIN_COLUMN or height < MIN_COLUMN:
        what = f"the margins leave a text area of {max(width, 0) / inch:.2f} x {max(height, 0) / inch:.2f} in"
    else:
        return
    fix = 'use side margins of at least 0.25in that leave at least 2 in for text, e.g. margins="0.6in"'
    raise RenderError(problems=[Problem(layout, 0, "<handout margins>", what, fix)])
