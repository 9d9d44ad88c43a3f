"""What is prepared once per process (the logo's image object, a QR code's modules) draws the same bytes."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.colors import black, white
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from handouts.inputs.logos import logo_image
from handouts.render.blocks.qrcodes import _qr_square
from handouts.render.logo import draw_logo, logo_xobject

ROOT = Path(__file__).resolve().parents[2]
LOGO = ROOT / "examples" / "brands" / "lakeside-high" / "logo.png"


def _pdf(draw) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 200), invariant=1)
    for _ in range(2):  # a second page draws the image object the first one added
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_the_logo_prepared_once_draws_what_drawimage_draws():
    assert LOGO.is_file()
    by_reportlab = _pdf(lambda c: c.drawImage(ImageReader(logo_image(LOGO)), 10, 20, 108, 43, mask="auto"))
    prepared = logo_xobject(LOGO, "logo.png")
    ours = _pdf(lambda c: draw_logo(c, prepared, 10, 20, 108, 43))
    assert ours == by_reportlab
    assert logo_xobject(LOGO, "logo.png") is prepared  # and once per process: the same object again


def test_a_qr_code_drawn_from_its_modules_encoded_once_is_reportlabs():
    url = "https://www.lakesidehigh.example/careers"

    def reportlab_square(canvas: Canvas) -> None:
        code = QrCode(url, width=72, height=72, qrLevel="M", qrBorder=4)
        code.canv = canvas
        canvas.saveState()
        canvas.setFillColor(white)
        canvas.rect(0, 0, 72, 72, stroke=0, fill=1)
        canvas.setFillColor(black)
        code.draw()
        canvas.restoreState()

    def ours(canvas: Canvas) -> None:
        square = _qr_square()(url, 72, "left")
        square.canv = canvas
        square.draw()

    assert _pdf(ours) == _pdf(reportlab_square)
