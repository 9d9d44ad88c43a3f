"""See pages without printing: each page as a PNG, and a contact sheet of all pages side by side.

pypdfium2 (PDFium, the renderer in Chrome) draws the pages and Pillow lays
out the sheet; both are imported only here, so `handouts build` never loads
them. Files are written with `output.write_atomic`, like every other output.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.errors import InvalidInput, Problem, RenderError
from handouts.output import write_atomic

if TYPE_CHECKING:
    from PIL import Image

DEFAULT_DPI = 100
SHEET_PAGE_HEIGHT = 560  # pixels per page on the contact sheet
SHEET_COLUMNS = 4
SHEET_GAP = 24
SHEET_BACKGROUND = (226, 229, 233)


@dataclass
class Preview:
    pages: list[Path]
    sheet: Path


def render_pages(pdf: bytes, dpi: float = DEFAULT_DPI, name: str = "the PDF") -> list[Image.Image]:
    """Every page as an RGB image at ``dpi`` (a Letter page at 100 dpi is 850x1100 pixels).

    ``name`` is how an error names the PDF (its file name, when it came from one).
    """
    import pypdfium2 as pdfium

    if not 10 <= dpi <= 600:
        problem = Problem("command line", 0, "--dpi", f"{dpi:g} is outside 10-600", "e.g. --dpi 100")
        raise RenderError(problems=[problem])
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        reason = str(exc).rstrip(".")
        problem = Problem(name, 0, "", f"cannot be read as a PDF ({reason})", "check that it is a whole PDF file")
        raise InvalidInput(problems=[problem]) from None
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            images.append(bitmap.to_pil().convert("RGB"))
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


def contact_sheet(
    pages: list[Image.Image], page_height: int = SHEET_PAGE_HEIGHT, columns: int = SHEET_COLUMNS
) -> Image.Image:
    """All pages side by side (wrapping after ``columns``), each scaled to ``page_height`` pixels, with a shadow."""
    from PIL import Image

    thumbs = [
        p.resize((max(1, round(p.width * page_height / p.height)), page_height), Image.Resampling.LANCZOS)
        for p in pages
    ]
    cols = max(1, min(columns, len(thumbs)))
    rows = (len(thumbs) + cols - 1) // cols
    cell_w = max(t.width for t in thumbs)
    width = cols * cell_w + (cols + 1) * SHEET_GAP
    height = rows * page_height + (rows + 1) * SHEET_GAP
    sheet = Image.new("RGB", (width, height), SHEET_BACKGROUND)
    shadow = Image.new("RGB", (cell_w, page_height), (170, 174, 180))
    for index, thumb in enumerate(thumbs):
        row, col = divmod(index, cols)
        x = SHEET_GAP + col * (cell_w + SHEET_GAP)
        y = SHEET_GAP + row * (page_height + SHEET_GAP)
        sheet.paste(shadow.crop((0, 0, thumb.width, thumb.height)), (x + 3, y + 3))
        sheet.paste(thumb, (x, y))
    return sheet


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def write_preview(pdf: bytes, folder: Path, stem: str, dpi: float = DEFAULT_DPI, name: str = "the PDF") -> Preview:
    """``folder/stem-page-N.png`` for each page and ``folder/stem-sheet.png``; ``name`` names the PDF in errors."""
    pages = render_pages(pdf, dpi, name)
    if not pages:
        raise InvalidInput(problems=[Problem(name, 0, "", "the PDF has no pages", "give a PDF with pages")])
    paths = [write_atomic(folder / f"{stem}-page-{n}.png", _png(image)) for n, image in enumerate(pages, start=1)]
    sheet = write_atomic(folder / f"{stem}-sheet.png", _png(contact_sheet(pages)))
    return Preview(paths, sheet)
