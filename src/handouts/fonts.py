"""Register the brand's font family (or the built-in Open Sans) and check glyphs.

Only TrueType files from the brand kit or the package are ever loaded; there
is no system font lookup, so a build gives the same bytes on every machine.
ReportLab silently draws an empty box for a character a TTF lacks, so every
text is checked against the font's character map before it is drawn.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import BrandError, Problem
from .models import Brand
from .paths import PACKAGE_DIR

BUILTIN_FILES = {
    "regular": "OpenSans-Regular.ttf",
    "bold": "OpenSans-Bold.ttf",
    "italic": "OpenSans-Italic.ttf",
    "bold_italic": "OpenSans-BoldItalic.ttf",
}
FACES = tuple(BUILTIN_FILES)
MAX_FONT_BYTES = 64_000_000  # fonts come from untrusted kits; the largest real TTF families are ~20 MB


@dataclass(frozen=True, slots=True)
class FontSet:
    """Registered ReportLab font names for the four faces of one family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def face(self, bold: bool = False, italic: bool = False) -> str:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        return self.italic if italic else self.regular


def builtin_font_path(face: str) -> Path:
    return PACKAGE_DIR / "builtin" / "fonts" / BUILTIN_FILES[face]


@cache
def _register(path: str) -> str:
    """Register one TTF file once per process, under a name derived from its bytes."""
    file = Path(path)
    if file.stat().st_size > MAX_FONT_BYTES:
        raise TTFError(f"the file is larger than {MAX_FONT_BYTES // 1_000_000} MB, too large for a font")
    data = file.read_bytes()
    name = f"H{hashlib.sha256(data).hexdigest()[:12]}"
    if data[:4] == b"ttcf":
        raise TTFError("font collections (.ttc) are not supported; use a single .ttf file")
    pdfmetrics.registerFont(TTFont(name, file))
    return name


def load_fonts(brand: Brand) -> FontSet:
    """Register the brand's faces, falling back to built-in Open Sans for any it leaves out."""
    from .config import brand_source  # config imports nothing from here; keeps fonts importable alone

    names: dict[str, str] = {}
    problems: list[Problem] = []
    shown, lines = brand_source(brand)
    for face in FACES:
        relative = getattr(brand.fonts, face)
        path = Path(brand.folder) / relative if relative and brand.folder else builtin_font_path(face)
        try:
            names[face] = _register(str(path))
        # A font file is untrusted bytes: ReportLab's parser fails on a damaged one with
        # struct.error, UnicodeDecodeError, ZeroDivisionError... any of it is the file's fault.
        except Exception as exc:
            reason = _reason(exc)
            fix = (
                "the font's licence forbids embedding it in a PDF; choose another font, e.g. one under the "
                "SIL Open Font License"
                if "embedding" in reason
                else "give a TrueType (.ttf) file; OpenType fonts with PostScript outlines "
                "(.otf with CFF) and collections (.ttc) are not supported"
            )
            problems.append(
                Problem(
                    shown,
                    lines.get(f"fonts.{face}", 0),
                    f"fonts.{face}",
                    f"font '{relative}' cannot be used: {reason}",
                    fix,
                )
            )
    if problems:
        raise BrandError(problems=problems)
    family = names["regular"]
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bold_italic"])
    return FontSet(**names)


def _reason(exc: BaseException) -> str:
    """ReportLab's font errors name the file and the table; keep the first line, short."""
    text = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    text = re.sub(r'^(?:TTF file )?"[^"]*":?\s*', "", text)  # ReportLab prefixes the absolute path
    return text[:160]


@cache
def _charmap(font_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


@cache
def _characters(font_name: str) -> frozenset[str]:
    return frozenset(map(chr, _charmap(font_name)))


def missing_glyphs(font_name: str, text: str) -> list[str]:
    """Characters of ``text`` the font cannot draw (whitespace and line breaks excepted)."""
    absent = set(text).difference(_characters(font_name))  # usually empty, found without a Python loop
    return sorted(char for char in absent if not char.isspace()) if absent else []
