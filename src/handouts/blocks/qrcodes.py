"""QR codes: vector modules from ReportLab's encoder, the address printed under, tagged Figure.

The code is drawn black on a white square with the standard four-module
quiet zone, whatever the background it sits on (a tinted call-out), so
phone cameras read it. The address is printed as real text under it, for
anyone without a phone and for screen readers, which read the Figure's alt
text and then the address.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.colors import black, white
from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import Flowable

from ..markup import Element
from ..tagging import StructNode
from .base import BuildContext, builder
from .inline import paragraph

class QrSquare(QrCode):
    """ReportLab's QR flowable on a white square (its own drawing sets no font)."""

    def __init__(self, url: str, size: float, align: str) -> None:
        super().__init__(url, width=size, height=size, qrLevel="M", qrBorder=4)
        self.hAlign = align.upper()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(white)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        self.canv.setFillColor(black)
        super().draw()
        self.canv.restoreState()


@builder("qr")
def build_qr(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    url = element.attrs["url"]
    size = element.attrs["size"]  # at least 0.6in: the vocabulary refuses smaller
    align = element.attrs["align"]
    alt = element.attrs.get("alt") or f"QR code: opens {url}"
    figure = ctx.tagger.node("Figure", parent, alt=alt)
    square = QrSquare(url, size, align)
    square.spaceBefore = 2
    code = ctx.tagger.wrap(square, figure, alt)
    address = Element("a", {"href": url}, [url])
    text = paragraph([address], "qr-url", ctx, ctx.tagger.node("P", parent), align)
    return [KeepTogether([code, text])]
