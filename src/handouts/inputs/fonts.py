"""Register the brand's font family (or the built-in Open Sans) and check glyphs.

Only TrueType files from the brand kit or the package are ever loaded; there
is no system font lookup, so a build gives the same bytes on every machine.
ReportLab silently draws an empty box for a character a TTF lacks, so every
text is checked against the font's character map before it is drawn
(`check_runs`, called as each paragraph is made, with each run's own font).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from handouts.errors import BrandError, Problem, RenderError
from handouts.inputs.models import Brand
from handouts.paths import PACKAGE_DIR

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


def _register(path: str) -> str:
    """Register one TTF file once per process and file version, under a name derived from its bytes.

    ReportLab's font registry is the process's, so this cache is too; it is keyed by the file's
    size and modification time as well, so a font replaced between two builds is read again.
    """
    st = os.stat(path)
    return _register_version(path, st.st_size, st.st_mtime_ns)


@cache
def _register_version(path: str, _size: int, _mtime_ns: int) -> str:
    file = Path(path)
    if file.stat().st_size > MAX_FONT_BYTES:
        raise TTFError(f"the file is larger than {MAX_FONT_BYTES // 1_000_000} MB, too large for a font")
    data = file.read_bytes()
    name = f"H{hashlib.sha256(data).hexdigest()[:12]}"
    if data[:4] == b"ttcf":
        raise TTFError("font collections (.ttc) are not supported; use a single .ttf file")
    pdfmetrics.registerFont(TTFont(name, file))
    _FILES[name] = file
    return name


_FILES: dict[str, Path] = {}  # registered name -> its file, for messages


def font_file(font_name: str) -> str:
    """How a message names a registered font: its file, e.g. "Carlito-Bold.ttf" or "the built-in OpenSans-Bold.ttf"."""
    file = _FILES.get(font_name)
    if file is None:
        return font_name
    return f"the built-in {file.name}" if file.parent == builtin_font_path("regular").parent else file.name


def load_fonts(brand: Brand) -> FontSet:
    """Register the brand's faces, falling back to built-in Open Sans for any it leaves out."""
    from handouts.inputs.brand import brand_source  # config imports nothing from here; keeps fonts importable alone

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


class MissingGlyphs(RenderError):
    """Text needs characters that the font it is printed in lacks.

    Raised where text meets its font (`check_runs`, called as paragraphs are
    made and before text is drawn straight on the canvas), which knows the
    font but not where the text is in the handout; whoever knows that (the
    builder of the element, the renderer while laying out) places it with `at`.
    """

    @classmethod
    def of(cls, text: str, gaps: dict[str, list[str]]) -> MissingGlyphs:
        quoted = " ".join(text.split())
        quoted = quoted if len(quoted) <= 60 else quoted[:59] + "\u2026"
        problems = []
        for font_name, chars in gaps.items():
            listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars)
            problems.append(
                Problem(
                    "the handout",
                    0,
                    "text",
                    f'the font has no glyph for {listed} in "{quoted}" (printed in {font_file(font_name)})',
                    "use brand fonts that cover these characters in every face the text is printed in "
                    "(fonts.regular, bold, italic, bold_italic), or replace them",
                )
            )
        return cls(problems=problems)

    def at(self, file: str, where: str) -> RenderError:
        """The same problems, naming the file and the place in it."""
        return RenderError(problems=[replace(p, file=file, where=where) for p in self.problems])


def check_runs(runs: Iterable[tuple[str, str]], text: str) -> None:
    """Raise MissingGlyphs when a run of (characters, font name) has a character its font lacks.

    ``text`` is the whole text the runs make up, as the message quotes it.
    """
    gaps: dict[str, list[str]] = {}
    for chars, font_name in runs:
        missing = missing_glyphs(font_name, chars) if chars else None
        if missing:
            known = gaps.setdefault(font_name, [])
            known += [c for c in missing if c not in known]
    if gaps:
        raise MissingGlyphs.of(text, {font: sorted(chars) for font, chars in gaps.items()})
