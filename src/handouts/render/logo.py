"""The brand's logo as a PDF image, compressed once per process and drawn into every document.

ReportLab's ``drawImage`` hashes the image's pixels on every call (its
name in the PDF is that hash) and compresses them again for every
document. A print job draws the same logo on every page of dozens of
documents: that was about 5 ms a document, an eighth of a checklist's
render. Here the pixels are hashed and compressed once per logo file
version (`logo_xobject`), and `draw_logo` puts a copy of the finished image
object into each document and draws it as ``drawImage`` would: the same
operators, the same names, the same bytes.

Making it is about 45 ms of resizing, compressing and hashing, nearly all
in Pillow, zlib and hashlib, which let other threads run meanwhile. A
print job knows its brand early in planning and only draws the logo once
planning is done, so `prepare_soon` makes it on a thread while planning
goes on; `logo_xobject` waits for that thread rather than making it twice,
and `finish_pending` joins it before a worker process is forked (a fork
copies only the thread that calls it).
"""

from __future__ import annotations

import contextlib
import copy
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference

from handouts.inputs.logos import logo_image
from handouts.inputs.models import Brand
from handouts.tagging import rlcompat
from handouts.tagging.pagelog import ImageMark


@dataclass(frozen=True)
class LogoXObject:
    """A logo's finished image object (and soft mask), with the name ``drawImage`` would give it."""

    name: str
    image: PDFImageXObject
    smask: PDFImageXObject | None
    pixels: tuple[int, int]
    file_name: str  # how inspection names the image: as brand.toml wrote it


@lru_cache(maxsize=8)
def _prepared(path: str, _stamp: tuple[int, int], written: str) -> LogoXObject:
    reader = ImageReader(logo_image(Path(path)))
    pixels = reader.getRGBData()  # (which also splits off the alpha channel, as _dataA)
    alpha = reader._dataA
    # drawImage(mask="auto") names the image after its pixels and its alpha channel's.
    name = _digester(pixels + (alpha.getRGBData() if alpha else b"auto"))
    image = PDFImageXObject(name, reader, mask="auto")
    image.name = name
    smask = image.__dict__.pop("_smask", None)
    width, height = reader.getSize()
    return LogoXObject(name, image, smask, (int(width), int(height)), written)


def brand_logo(brand: Brand) -> tuple[Path, str] | None:
    """The brand's logo file and its name as brand.toml writes it (`logo_xobject`'s arguments); None without one."""
    if brand.folder and brand.logo:
        return Path(brand.folder) / brand.logo, brand.logo
    return None


def logo_xobject(path: Path, written: str) -> LogoXObject:
    """The logo at ``path`` ready to draw (cached per file version); ``written`` is its name in brand.toml."""
    st = path.stat()
    key = (str(path), (st.st_mtime_ns, st.st_size), written)
    pending = _PENDING.pop(key, None)
    if pending is not None:
        pending.join()  # its result (or nothing, if it failed) is in `_prepared`'s cache
    made = _prepared(*key)
    _note_made(key)
    return made


# Logos being made on a thread, and those already made, by the key `_prepared` caches them under.
_PENDING: dict[tuple[str, tuple[int, int], str], threading.Thread] = {}
_MADE: set[tuple[str, tuple[int, int], str]] = set()


def prepare_soon(path: Path, written: str) -> None:
    """Start making the logo at ``path`` on a thread, for a `logo_xobject` call that will come later.

    Any error is left for that call to raise (it makes the logo again, so
    its message is the one a build without this would give).
    """
    try:
        st = path.stat()
    except OSError:
        return
    key = (str(path), (st.st_mtime_ns, st.st_size), written)
    if key in _PENDING or key in _MADE:
        return
    thread = threading.Thread(target=_make_quietly, args=key, name="handouts-logo", daemon=True)
    _PENDING[key] = thread
    thread.start()


def _make_quietly(path: str, stamp: tuple[int, int], written: str) -> None:
    with contextlib.suppress(Exception):
        _prepared(path, stamp, written)
        _note_made((path, stamp, written))


def _note_made(key: tuple[str, tuple[int, int], str]) -> None:
    """Remember a logo is made, so `prepare_soon` starts no thread for it (a thread costs more than a look-up)."""
    if len(_MADE) >= 64:  # (a long-lived process meeting many logo versions: forget, and at worst start a thread)
        _MADE.clear()
    _MADE.add(key)


def finish_pending() -> None:
    """Wait for every logo being made on a thread: before a fork, so no thread is left half-way."""
    while _PENDING:
        _PENDING.popitem()[1].join()


def draw_logo(canvas: Any, logo: LogoXObject, x: float, y: float, width: float, height: float) -> None:
    """Draw the logo as ``canvas.drawImage(reader, x, y, width, height, mask="auto")`` does."""
    doc = rlcompat.pdf_document(canvas)
    canvas._currentPageHasImages = 1
    reg_name = doc.getXObjectName(logo.name)
    if doc.idToObject.get(reg_name) is None:
        image = copy.copy(logo.image)  # each document gets its own: the soft mask reference is per document
        canvas._setXObjects(image)
        doc.Reference(image, reg_name)
        doc.addForm(logo.name, image)
        if logo.smask is not None:
            mask_name = doc.getXObjectName(logo.smask.name)
            if doc.idToObject.get(mask_name) is None:
                smask = copy.copy(logo.smask)
                canvas._setXObjects(smask)
                image.smask = doc.Reference(smask, mask_name)
            else:
                image.smask = PDFObjectReference(mask_name)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    rlcompat.page_code(canvas).append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(logo.name)
    _note_image(canvas, logo, x, y, width, height)


def _note_image(canvas: Any, logo: LogoXObject, x: float, y: float, width: float, height: float) -> None:
    """Tell a recording canvas (see `tagging.pagelog`) where the logo landed, for inspection."""
    log = getattr(canvas, "page_log", None)
    if log is None:
        return
    x0, y0, x1, y1 = canvas._corners(x, y, x + width, y + height)
    log.images.append(ImageMark(canvas._page(), x0, y0, x1, y1, canvas._log_content, logo.file_name, logo.pixels))
