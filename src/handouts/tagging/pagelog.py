"""What the renderer put on each page, recorded while it draws.

Tagged text is recorded by `tagging` (one `DrawnBox` per leaf). This module
records the rest: images (with their pixel size, for resolution), rules and
filled boxes, link areas, and text drawn straight onto the canvas (page
furniture). `handouts build` inspects these records instead of reading the
finished PDF back, which keeps inspection to a few milliseconds.

`RecordingCanvas` is a mixin for the document's canvas: it overrides the few
Canvas drawing calls platypus and the furniture use, records where each one
lands in page coordinates, and then draws exactly as ReportLab would.
Lines drawn while a text object is open (underlines of links) belong to the
text and are not recorded as rules.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from handouts.tagging import rlcompat


@dataclass(slots=True)
class Mark:
    """Something drawn, in page coordinates (points from the bottom-left); ``page`` counts from 0.

    ``content`` is False for page furniture (header band, footer), which is
    allowed outside the body margins but not outside the printable area.
    """

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    content: bool = True


@dataclass(slots=True)
class TextMark(Mark):
    text: str = ""
    font: str = ""
    size: float = 0.0


@dataclass(slots=True)
class ImageMark(Mark):
    name: str = ""
    pixels: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class ShapeMark(Mark):
    """A stroked line (``kind`` "line") or a filled rectangle ("box")."""

    kind: str = "line"


@dataclass(slots=True)
class LinkMark(Mark):
    uri: str = ""
    action: str = "URI"


@dataclass(slots=True)
class KeepMark(Mark):
    """Where a keep-together group (`keep_group`) starts or ends: ``edge`` "start" or "end" of ``group``."""

    group: int = 0
    edge: str = "start"
    released: bool = False  # the layout split the group on purpose (a page would have been nearly empty)


@dataclass
class PageLog:
    texts: list[TextMark] = field(default_factory=list)
    images: list[ImageMark] = field(default_factory=list)
    shapes: list[ShapeMark] = field(default_factory=list)
    links: list[LinkMark] = field(default_factory=list)
    keeps: list[KeepMark] = field(default_factory=list)


class RecordingCanvas:
    """Canvas mixin: records images, rules, boxes, links and plain strings into ``self.page_log``.

    Put it before ReportLab's Canvas in the bases. It is deliberately thin:
    one transform of the corners through the current matrix per call.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_log = PageLog()
        self._log_content = True
        self._text_open = 0

    # -- context ----------------------------------------------------------
    @contextlib.contextmanager
    def furniture(self) -> Iterator[None]:
        """Everything drawn inside is page furniture, not body content."""
        self._log_content = False
        try:
            yield
        finally:
            self._log_content = True

    def _page(self) -> int:
        return self.getPageNumber() - 1  # type: ignore[attr-defined]

    def _corners(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        a, b, c, d, e, f = rlcompat.current_matrix(self)
        xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
        ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
        return min(xs), min(ys), max(xs), max(ys)

    def note_text(self, x0: float, y0: float, x1: float, y1: float, text: str, font: str, size: float) -> None:
        """Record text drawn by other means than a tagged flowable (e.g. a furniture paragraph)."""
        if text.strip():
            box = self._corners(x0, y0, x1, y1)
            self.page_log.texts.append(TextMark(self._page(), *box, self._log_content, text, font, size))

    def note_keep(self, group: int, edge: str, x: float, y: float, released: bool = False) -> None:
        """Record where a keep group's start or end marker (`KeepEdge`) was drawn."""
        x0, y0, _, _ = self._corners(x, y, x, y)
        self.page_log.keeps.append(KeepMark(self._page(), x0, y0, x0, y0, self._log_content, group, edge, released))

    def note_paragraph(self, para: Any, x: float, y: float, text: str) -> None:
        """Record a Paragraph drawn at (x, y) outside any tagged flowable, by where its lines end."""
        left, right = text_span(para, para.width)
        style = para.style
        self.note_text(x + left, y, x + right, y + para.height, text, style.fontName, style.fontSize)

    # -- text ---------------------------------------------------------------
    def beginText(self, *args: Any, **kwargs: Any) -> Any:
        self._text_open += 1
        return super().beginText(*args, **kwargs)  # type: ignore[misc]

    def drawText(self, textobject: Any) -> None:
        self._text_open = max(0, self._text_open - 1)
        super().drawText(textobject)  # type: ignore[misc]

    def _string(self, x: float, y: float, text: str, anchor: float) -> None:
        font, size = rlcompat.canvas_font(self)
        width = self.stringWidth(text, font, size)  # type: ignore[attr-defined]
        left = x - width * anchor
        # A glyph box: descender below the baseline, cap height above it.
        self.note_text(left, y - 0.2 * size, left + width, y + 0.75 * size, text, font, size)

    def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self._string(x, y, text, 0.0)
        super().drawString(x, y, text, *args, **kwargs)  # type: ignore[misc]

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self._string(x, y, text, 1.0)
        super().drawRightString(x, y, text, *args, **kwargs)  # type: ignore[misc]

    def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self._string(x, y, text, 0.5)
        super().drawCentredString(x, y, text, *args, **kwargs)  # type: ignore[misc]

    # -- images -------------------------------------------------------------
    def drawImage(
        self, image: Any, x: float, y: float, width: Any = None, height: Any = None, *args: Any, **kw: Any
    ) -> Any:
        result = super().drawImage(image, x, y, width, height, *args, **kw)  # type: ignore[misc]
        pixels = _pixel_size(image)
        w = width if width is not None else pixels[0]
        h = height if height is not None else pixels[1]
        box = self._corners(x, y, x + w, y + h)
        name = getattr(image, "fileName", None) or (image if isinstance(image, str) else "image")
        self.page_log.images.append(ImageMark(self._page(), *box, self._log_content, str(name), pixels))
        return result

    # -- rules and boxes ----------------------------------------------------
    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        if not self._text_open:
            self._shape(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2), "line")
        super().line(x1, y1, x2, y2)  # type: ignore[misc]

    def lines(self, linelist: Any) -> None:
        if not self._text_open:
            for x1, y1, x2, y2 in linelist:
                self._shape(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2), "line")
        super().lines(linelist)  # type: ignore[misc]

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        if fill and not self._text_open:
            self._shape(min(x, x + width), min(y, y + height), max(x, x + width), max(y, y + height), "box")
        super().rect(x, y, width, height, stroke=stroke, fill=fill)  # type: ignore[misc]

    def roundRect(
        self, x: float, y: float, width: float, height: float, radius: float, stroke: int = 1, fill: int = 0
    ) -> None:
        if fill and not self._text_open:
            self._shape(x, y, x + width, y + height, "box")
        super().roundRect(x, y, width, height, radius, stroke=stroke, fill=fill)  # type: ignore[misc]

    def _shape(self, x0: float, y0: float, x1: float, y1: float, kind: str) -> None:
        box = self._corners(x0, y0, x1, y1)
        self.page_log.shapes.append(ShapeMark(self._page(), *box, self._log_content, kind))

    # -- links --------------------------------------------------------------
    def linkURL(self, url: str, rect: Any, relative: int = 0, *args: Any, **kwargs: Any) -> None:
        if rect:
            x0, y0, x1, y1 = rect
            box: tuple[float, float, float, float] = self._corners(x0, y0, x1, y1) if relative else (x0, y0, x1, y1)
            kind = kwargs.get("kind", "URI")
            self.page_log.links.append(LinkMark(self._page(), *box, self._log_content, str(url), kind))
        super().linkURL(url, rect, relative, *args, **kwargs)  # type: ignore[misc]


def _pixel_size(image: Any) -> tuple[int, int]:
    """Pixel size of what drawImage was given (an ImageReader, a PIL image, or a path)."""
    size = getattr(image, "getSize", None)
    if size is not None:
        w, h = size()
        return int(w), int(h)
    size = getattr(image, "size", None)
    if isinstance(size, tuple) and len(size) == 2:
        return int(size[0]), int(size[1])
    from reportlab.lib.utils import ImageReader

    w, h = ImageReader(image).getSize()
    return int(w), int(h)


def text_span(flowable: Any, width: float) -> tuple[float, float]:
    """Where the text of a wrapped Paragraph starts and ends, from its left edge.

    A paragraph's box is as wide as the space it was given; its lines may be
    shorter, or longer when a word cannot be broken. ReportLab keeps each
    line's spare width (negative when it overflows), so the extent costs
    nothing to compute. Anything that is not a wrapped Paragraph spans its box.
    """
    para = getattr(flowable, "blPara", None)
    style = getattr(flowable, "style", None)
    if para is None or style is None or not para.lines:
        return 0.0, width
    left_indent = style.leftIndent
    avail = width - left_indent - style.rightIndent
    alignment = style.alignment  # 0 left, 1 centre, 2 right, 4 justify
    lo, hi = float("inf"), float("-inf")
    for line in para.lines:
        if isinstance(line, tuple):
            extra, words = line[0], len(line[1])
        else:
            extra, words = getattr(line, "extraSpace", 0.0), getattr(line, "wordCount", 1)
        if extra < 0 and words > 1:
            extra = 0.0  # ReportLab shrinks the spaces of a slightly long line to fit (spaceShrinkage)
        offset = extra / 2 if alignment == 1 else extra if alignment == 2 else 0.0
        lo = min(lo, left_indent + offset)
        hi = max(hi, left_indent + offset + avail - extra)
    return lo, hi
