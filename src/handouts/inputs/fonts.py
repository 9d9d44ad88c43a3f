"""Register the brand's font family (or the built-in Open Sans) and check glyphs.

Only TrueType files from the brand kit or the package are ever loaded; there
is no system font lookup, so a build gives the same bytes on every machine.
ReportLab silently draws an empty box for a character a TTF lacks, so every
text is checked against the font's character map before it is drawn
(`check_runs`, called as each paragraph is made, with each run's own font).
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from handouts.errors import BrandError, Problem, RenderError
from handouts.inputs import subsets
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


class FontProblem(Exception):
    """Why a font file cannot be used, in our words (``what``, ``fix``), whatever ReportLab said.

    ReportLab's messages name the table it choked on and change between
    versions; an office needs to know which kind of file it has and what to
    give instead. ReportLab's own error stays the cause, shown by --debug.
    """

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what)
        self.what = what
        self.fix = fix


_TRUETYPE = (b"\x00\x01\x00\x00", b"true")  # the sfnt versions of fonts with TrueType outlines
_GIVE_TTF = "give the TrueType (.ttf) version of the font (most families, e.g. on Google Fonts, ship one)"


def _register(path: str) -> str:
    """Register one TTF file once per process and file version, under a name derived from its bytes.

    ReportLab's font registry is the process's, so this cache is too; it is keyed by the file's
    size and modification time as well, so a font replaced between two builds is read again.
    `FontProblem` says why a file cannot be used.
    """
    st = os.stat(path)
    return _register_version(path, st.st_size, st.st_mtime_ns)


@cache
def _register_version(path: str, _size: int, _mtime_ns: int) -> str:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FONT_BYTES:
            raise FontProblem(
                f"the file is {math.ceil(size / 1e6)} MB, more than the {MAX_FONT_BYTES // 1_000_000} MB a font may be",
                "give the font's own TrueType (.ttf) file; real font files are a few MB at most",
            )
        data = file.read_bytes()
    except OSError as exc:
        raise FontProblem(f"it cannot be read ({exc.strerror})", "check that the file exists and can be read") from exc
    _check_kind(data)
    if _embedding_forbidden(data):
        raise FontProblem(
            "its licence does not allow embedding it in a PDF (the font's fsType setting)",
            "choose another font, e.g. one under the SIL Open Font License",
        )
    digest = hashlib.sha256(data).digest()
    name = f"H{digest.hex()[:12]}"
    try:
        pdfmetrics.registerFont(subsets.cache_subsets(TTFont(name, file), digest))
    # A font file is untrusted bytes: ReportLab's parser fails on a damaged one with TTFError,
    # struct.error, UnicodeDecodeError, ZeroDivisionError... any of it is the file's fault.
    except Exception as exc:
        raise FontProblem(
            "the file is damaged or truncated",
            "download or export the font again as a TrueType (.ttf) file",
        ) from exc
    _FILES[name] = file
    return name


def _check_kind(data: bytes) -> None:
    """FontProblem for a file that is not a single TrueType font, told by its first four bytes."""
    head = data[:4]
    if head == b"ttcf":
        raise FontProblem(
            "it is a font collection (.ttc), which is not supported", "give one TrueType (.ttf) file for each face"
        )
    if head == b"OTTO":
        raise FontProblem("it is an OpenType font with PostScript (CFF) outlines, which is not supported", _GIVE_TTF)
    if head not in _TRUETYPE:
        raise FontProblem(
            "it is not a TrueType font (only .ttf fonts can be embedded; OpenType with PostScript outlines, "
            "Type 1 and web fonts cannot)",
            _GIVE_TTF,
        )


def _embedding_forbidden(data: bytes) -> bool:
    """The OS/2 table's fsType forbids embedding as handouts embeds: restricted licence (2), no
    subsetting (0x100) or bitmaps only (0x200).

    Checked here, before ReportLab reads the font: ReportLab 5.1 means to
    refuse such fonts but its test is inverted, so it embeds them silently
    (HARDENING.md), and its message would be no basis for ours anyway.
    """
    try:
        tables = int.from_bytes(data[4:6], "big")
        for index in range(min(tables, 512)):
            record = data[12 + 16 * index : 28 + 16 * index]
            if record[:4] == b"OS/2":
                offset = int.from_bytes(record[8:12], "big")
                fs_type = int.from_bytes(data[offset + 8 : offset + 10], "big")
                return len(data) >= offset + 10 and (fs_type == 0x0002 or bool(fs_type & 0x0300))
    except (IndexError, ValueError):
        return False
    return False


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
    cause: BaseException | None = None
    for face in FACES:
        relative = getattr(brand.fonts, face)
        path = Path(brand.folder) / relative if relative and brand.folder else builtin_font_path(face)
        try:
            names[face] = _register(str(path))
        except FontProblem as exc:
            cause = cause or exc.__cause__
            problems.append(
                Problem(
                    shown,
                    lines.get(f"fonts.{face}", 0),
                    f"fonts.{face}",
                    f"font '{relative or path.name}' cannot be used: {exc.what}",
                    exc.fix,
                )
            )
    if problems:
        raise BrandError(problems=problems) from cause
    family = names["regular"]
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bold_italic"])
    return FontSet(**names)


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
