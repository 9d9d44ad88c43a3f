"""QR codes: vector modules from ReportLab's encoder, the address printed under, tagged Figure.

The code is drawn black on a white square with the standard four-module
quiet zone, whatever the background it sits on (a tinted call-out), so
phone cameras read it. The address is printed as real text under it, for
anyone without a phone and for screen readers, which read the Figure's alt
text and then the address.

A placeholder address (an example domain, as `handouts new brand` writes)
gets no code: a dashed square holds its place, as the placeholder logo
does, and the address is still printed, where a reader can see it is wrong
(`handouts check` warns, ``--strict`` refuses). A code's target cannot be
proofread by eye, so a wrong one would reach print unnoticed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib.colors import black, white
from reportlab.platypus.flowables import Flowable

from handouts.inputs.language import tr
from handouts.inputs.placeholders import is_placeholder_address
from handouts.markup.parse import Element
from handouts.render.addresses import url_lines
from handouts.render.blocks.base import BuildContext, builder, keep_together
from handouts.render.blocks.inline import paragraph
from handouts.tagging.tagger import StructNode


@cache
def _qr_square() -> type:
    """ReportLab's QR flowable on a white square, made on first use: importing its encoder costs
    `handouts build` about 25 ms of start-up, and most handouts have no QR code."""
    import itertools

    from reportlab.graphics.barcode.qr import QrCode

    class QrSquare(QrCode):
        """ReportLab's QR flowable on a white square (its own drawing sets no font)."""

        def __init__(self, url: str, size: float, align: str) -> None:
            super().__init__(url, width=size, height=size, qrLevel="M", qrBorder=4)
            self.hAlign = align.upper()
            self.modules = _modules(url, "M")

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            """ReportLab's drawing of the modules, from the code encoded once per address (see `_modules`)."""
            self.canv.saveState()
            self.canv.setFillColor(white)
            self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            self.canv.setFillColor(black)
            border = self.qrBorder
            xsize = self.width / (len(self.modules) + border * 2.0)
            ysize = self.height / (len(self.modules) + border * 2.0)
            for r, row in enumerate(self.modules):
                c = 0
                for dark, run in itertools.groupby(row):
                    count = len(list(run))
                    if dark:
                        y = self.height - (r + border + 1) * ysize
                        self.rect((c + border) * xsize, y, count * xsize, ysize * 1.05)
                    c += count
            self.canv.restoreState()

    return QrSquare


@cache
def _modules(url: str, level: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's dark and light modules, encoded once per address: a brand's website is on every handout
    of a print job, and encoding it took ReportLab's pure-Python encoder a few milliseconds each time."""
    from reportlab.graphics.barcode import qrencoder

    encoder = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    encoder.addData(url)
    encoder.make()
    return tuple(tuple(map(bool, row)) for row in encoder.modules)


def encode_ahead(url: str) -> None:
    """Load the QR encoder and encode ``url`` now, as the code's first drawing would (nothing for a placeholder).

    A print job does this before forking its workers: loading ReportLab's
    barcode package and encoding a brand's address cost each worker about
    25 ms at its first handout.
    """
    if not is_placeholder_address(url):
        _qr_square()
        _modules(url, "M")


class AddressLines(Flowable):
    """The printed address, broken as the footer breaks it (`render.addresses`) to fit the width it is given.

    The lines are only known at wrap time, so the tagged paragraph (made by
    `inline.paragraph`, which escapes and links it) is made then.
    """

    def __init__(self, url: str, ctx: BuildContext, node: StructNode, align: str) -> None:
        super().__init__()
        self.url, self.ctx, self.node, self.align = url, ctx, node, align
        self.inner: Flowable | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        style = self.ctx.styles["qr-url"]
        lines = url_lines(self.url, availWidth, style.fontName, style.fontSize)
        children: list = []
        for line in lines:
            children += [Element("br", {}), line] if children else [line]
        link = Element("a", {"href": self.url}, children)
        self.inner = paragraph([link], "qr-url", self.ctx, self.node, self.align)
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        assert self.inner is not None, "wrap before draw"
        self.inner.drawOn(canvas, x, y, _sW)


class QrPlaceholder(Flowable):
    """Where a QR code will be, for a placeholder address: a dashed square the code's size."""

    def __init__(self, size: float, align: str) -> None:
        super().__init__()
        self.width = self.height = size
        self.hAlign = align.upper()
        self.spaceBefore = 2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColorRGB(0.45, 0.45, 0.45)
        self.canv.setLineWidth(0.75)
        self.canv.setDash(3, 3)
        self.canv.rect(0.5, 0.5, self.width - 1, self.height - 1, stroke=1, fill=0)
        self.canv.restoreState()


@builder("qr")
def build_qr(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    url = element.attrs["url"]
    size = element.attrs["size"]  # at least 0.6in: the vocabulary refuses smaller
    align = element.attrs["align"]
    alt = element.attrs.get("alt") or tr("QR code: opens {url}").format(url=url)
    if is_placeholder_address(url):
        code = ctx.tagger.artifact(QrPlaceholder(size, align))
    else:
        figure = ctx.tagger.figure(parent, alt)
        square = _qr_square()(url, size, align)
        square.spaceBefore = 2
        code = ctx.tagger.wrap(square, figure, alt)
    text = AddressLines(url, ctx, ctx.tagger.node("P", parent), align)
    return keep_together([code, text], parent)
