"""Read a built PDF back the way a reader would see it: text, positions, fonts, boxes.

Shared by every test that asserts on a handout; no test compares bytes with
a stored file.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pdfplumber
import pikepdf
import pypdf

LETTER = (612.0, 792.0)
A4 = (595.2756, 841.8898)
LEGAL = (612.0, 1008.0)


@dataclass
class Pdf:
    data: bytes

    def __post_init__(self) -> None:
        """Every PDF a test reads back, written to disk or only rendered in memory, must be sound."""
        problems = structure_problems_in(self.data)
        assert not problems, "unsound PDF:\n" + "\n".join(problems)

    @classmethod
    def open(cls, path: Path | str) -> Pdf:
        return cls(Path(path).read_bytes())

    @cached_property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(io.BytesIO(self.data), strict=True)

    @cached_property
    def pages(self) -> list[str]:
        """Text per page, whitespace collapsed."""
        return [" ".join(page.extract_text().split()) for page in self.reader.pages]

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    @cached_property
    def page_sizes(self) -> list[tuple[float, float]]:
        return [(float(p.mediabox.width), float(p.mediabox.height)) for p in self.reader.pages]

    @cached_property
    def chars(self) -> list[list[dict]]:
        """Every character with its position (pdfplumber: top-left origin) per page."""
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            return [page.chars for page in pdf.pages]

    @cached_property
    def words(self) -> list[list[dict]]:
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            return [page.extract_words() for page in pdf.pages]

    def fonts(self) -> dict[str, bool]:
        """Base font name -> embedded?"""
        found: dict[str, bool] = {}
        with pikepdf.open(io.BytesIO(self.data)) as pdf:
            for page in pdf.pages:
                for font in _page_fonts(page.obj):
                    name = str(font.get("/BaseFont", "?"))
                    descriptor = font.get("/FontDescriptor")
                    if descriptor is None and "/DescendantFonts" in font:
                        descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                    embedded = descriptor is not None and any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                    )
                    found[name] = embedded
        return found

    def check_structure(self) -> list[str]:
        """qpdf's structural check, via pikepdf; an empty list means sound."""
        with pikepdf.open(io.BytesIO(self.data)) as pdf:
            return [str(p) for p in pdf.check_pdf_syntax()] if hasattr(pdf, "check_pdf_syntax") else pdf.check()


_SOUND: set[str] = set()


def structure_problems_in(data: bytes) -> list[str]:
    """qpdf's complaints about a PDF (via pikepdf), each PDF checked once per session."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in _SOUND:
        return []
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            problems = [str(p) for p in pdf.check_pdf_syntax()]
    except pikepdf.PdfError as exc:
        problems = [f"cannot be opened: {exc}"]
    if not problems:
        _SOUND.add(digest)
    return problems


def _page_fonts(page: pikepdf.Object):
    resources = page.get("/Resources", {})
    fonts = resources.get("/Font", {})
    for key in fonts:
        yield fonts[key]
    xobjects = resources.get("/XObject", {})
    for key in xobjects:
        xobject = xobjects[key]
        if xobject.get("/Subtype") == "/Form":
            yield from _page_fonts(xobject)


def text_outside(pdf: Pdf, left: float, right: float, top: float, bottom: float, tol: float = 0.5) -> list[str]:
    """Characters outside the given margins (in points from each page edge)."""
    bad = []
    for number, (chars, (width, height)) in enumerate(zip(pdf.chars, pdf.page_sizes, strict=True), start=1):
        for c in chars:
            if c["text"].isspace():
                continue
            if (
                c["x0"] < left - tol
                or c["x1"] > width - right + tol
                or c["top"] < top - tol
                or c["bottom"] > height - bottom + tol
            ):
                bad.append(f"page {number}: {c['text']!r} at ({c['x0']:.1f}, {c['top']:.1f})")
    return bad


def overlapping_chars(chars: list[dict]) -> list[str]:
    """Pairs of characters whose boxes overlap by more than a sliver (kerning touches are fine)."""
    found = []
    for i, a in enumerate(chars):
        for b in chars[i + 1 :]:
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > 1.0 and dy > 1.0:
                found.append(
                    f"{a['text']!r}@{a['x0']:.1f},{a['top']:.1f} and {b['text']!r}@{b['x0']:.1f},{b['top']:.1f}"
                )
    return found
