"""Remember the last few font subset programs, so a document using the same glyphs reuses the bytes.

Saving a PDF makes a TrueType subset of every face it printed in
(ReportLab's ``TTFontFace.makeSubset``: a few hundred table reads and
writes in Python). The result depends only on the font file's bytes and on
the characters of the subset in their order (their order numbers the
glyphs), so it is cached on exactly that: the file's SHA-256 and the
character codes. A warm rebuild of the same handout always hits; in a print
job a document hits only when it uses the same characters in the same order
as one made shortly before (each student's names usually differ).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, partial

from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

# Each program is tens of kB; a handout uses up to four faces, each in one or two subsets.
MAX_PROGRAMS = 16


@dataclass(frozen=True, slots=True)
class _Source:
    """The font a subset is cut from: equal when the files' bytes are (``face`` only does the cutting)."""

    digest: bytes  # SHA-256 of the font file, then which font of a collection (b"" for a single font)
    face: TTFontFace = field(compare=False, repr=False)


@lru_cache(maxsize=MAX_PROGRAMS)
def _program(source: _Source, codes: tuple[int, ...]) -> bytes:
    return TTFontFace.makeSubset(source.face, list(codes))


def _make_subset(source: _Source, subset: list[int]) -> bytes:
    return _program(source, tuple(subset))


def cache_subsets(font: TTFont, digest: bytes) -> TTFont:
    """Make ``font`` cut its subsets through the cache; ``digest`` is the SHA-256 of its file's bytes.

    The face keeps the function for as long as it is registered (all process long).
    """
    face = font.face
    face.makeSubset = partial(_make_subset, _Source(digest + b"#" + face.subfontNameX, face))
    return font
