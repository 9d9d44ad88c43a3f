"""Which marks on a page are inside marked content, and which MCIDs its sequences carry.

PDF/UA wants every mark on a page to be either real content (in a
marked-content sequence that a structure element owns through its MCID) or
an artifact. The accessibility audit reads this from any file, so the page
is followed by the lenient `interpreter.Interpreter`. A mark is text shown,
a path stroked or filled, a shading, an XObject or an inline image.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

from handouts.contentstream.interpreter import FILLS, INLINE_IMAGE, STROKES, Interpreter, Point


class MarkedContent(Interpreter):
    """Follows one page: `mcids` gives each BDC's MCID in drawing order; ``outside`` counts the marks in none.

    ``outside`` is complete once `mcids` has been called.
    """

    strict = False
    follows = frozenset({"Tj", "TJ", "'", '"', *STROKES, *FILLS, "sh", "Do", INLINE_IMAGE, "BMC", "BDC", "EMC"})

    def __init__(self, page: pikepdf.Page) -> None:
        super().__init__(page)
        self.outside = 0
        self._found: list[Any] = []

    def mcids(self) -> Iterator[int]:
        """The MCID of each marked-content sequence, in drawing order (one used twice comes twice).

        Each is made an int as it is handed on, so a caller has seen every
        MCID before one that is not a number raises.
        """
        self.run()
        for value in self._found:
            yield int(value)

    def begin_marked(self, tag: str, properties: Any) -> None:
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            self._found.append(properties.MCID)

    def _mark(self) -> None:
        if not self.marked:
            self.outside += 1

    def show_text(self, operator: str, items: list[Any]) -> None:
        self._mark()

    def paint_path(self, operator: str, subpaths: list[list[Point]]) -> None:
        if operator in STROKES or operator in FILLS:
            self._mark()

    def paint_shading(self, name: str | None) -> None:
        self._mark()

    def draw_xobject(self, name: str | None) -> None:
        self._mark()

    def draw_inline_image(self, image: Any) -> None:
        self._mark()
