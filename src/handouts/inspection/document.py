"""What a check sees: pages, text, images, rules and boxes, links and fonts, in page coordinates.

One shape for both ways in (see `drawn` and `reading`), so each check is
written once. Coordinates are PDF points from the bottom-left of the page;
``page`` counts from 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handouts.inputs.models import MIN_TEXT_SIZE
from handouts.inspection.limits import DecodeLimits
from handouts.inspection.pageplan import DEFAULT_BUDGET, PagePlan
from handouts.tagging.pagelog import ImageMark, KeepMark, LinkMark, ShapeMark, TextMark

INCH = 72.0
# Most office and school printers cannot print within about 0.25 in of the paper edge.
PRINTABLE_INSET = 0.25 * INCH
MIN_DPI = 150.0


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits the checks apply.

    printable: unprintable border at each paper edge, in points (default 0.25 in).
    min_text_size: smallest text size in points that reads well on paper (default 7 pt).
    min_dpi: lowest image resolution that prints sharp (default 150 dpi).
    max_pages: the most pages allowed (0: no limit).
    tall_keeps: whether a keep group taller than a page is reported (it is always split).
    margins: body margins (top, right, bottom, left) in points, when known.
    page_budget: the most distinct pages a file's text and images are read from (0: every one);
        see `pageplan`.
    limits: the most a file's streams may decode to before it is refused unread (None: `limits.DecodeLimits()`).
    """

    printable: float = PRINTABLE_INSET
    min_text_size: float = MIN_TEXT_SIZE
    min_dpi: float = MIN_DPI
    max_pages: int = 0
    margins: tuple[float, float, float, float] | None = None
    page_budget: int = DEFAULT_BUDGET
    limits: DecodeLimits | None = None
    # Report a keep group taller than a whole page (False in large print, where the edition's type, not the
    # layout, makes a group outgrow the page).
    tall_keeps: bool = True


@dataclass(slots=True)
class FontUse:
    """A font the PDF uses; ``page``/``x``/``y`` locate its first text, when known."""

    name: str
    subtype: str
    embedded: bool
    page: int = -1
    x: float = 0.0
    y: float = 0.0


@dataclass
class Document:
    """Everything the checks look at, for one PDF.

    source: "drawn" (recorded by the renderer) or "file" (read back from a PDF).
    texts: text boxes; body text has ``content=True``, page furniture ``False``.
    keeps: where each keep-together group starts and ends (drawn only: a PDF does not say).
    fonts: fonts used, with whether each is embedded.
    structure: what pikepdf/qpdf found structurally wrong (file only).
    rendered: the `render.Rendered` a drawn document came from (for checks that need the tag tree).
    pdf: the PDF bytes, when at hand.
    plan: which pages of a file were read (file only); a finding on a page read stands for its copies.
    """

    name: str
    source: str
    page_sizes: list[tuple[float, float]]
    settings: Settings
    texts: list[TextMark] = field(default_factory=list)
    images: list[ImageMark] = field(default_factory=list)
    shapes: list[ShapeMark] = field(default_factory=list)
    links: list[LinkMark] = field(default_factory=list)
    keeps: list[KeepMark] = field(default_factory=list)
    fonts: list[FontUse] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)
    rendered: Any = None
    pdf: bytes | None = None
    plan: PagePlan | None = None

    def page_size(self, page: int) -> tuple[float, float]:
        return self.page_sizes[page] if 0 <= page < len(self.page_sizes) else self.page_sizes[-1]
