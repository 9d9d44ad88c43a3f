"""Remember the last few font subset programs, so a document using the same glyphs reuses the bytes.

Saving a PDF makes a TrueType subset of every face it printed in
(ReportLab's ``TTFontFace.makeSubset``: a few hundred table reads and
writes in Python). The result depends only on the font file's bytes and on
the characters of the subset in their order (their order numbers the
glyphs), so it is cached on exactly that: the file's SHA-256 and the
character codes. A warm rebuild of the same handout always hits; in a print
job a document hits only when it uses the same characters in the same order
as one made shortly before (each student's names usually differ).

The program is then Flate-compressed into the file, which takes longer than
cutting it (font data compresses slowly: about 0.6 ms for 17 kB), so the
compressed bytes are kept too, keyed on the program's bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from reportlab.pdfbase import pdfdoc
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


@lru_cache(maxsize=MAX_PROGRAMS)
def _compressed(program: bytes) -> bytes:
    return pdfdoc.PDFZCompress.encode(program)


class _CachedFlate:
    """ReportLab's Flate filter (``pdfdoc.PDFZCompress``) for font programs, each compressed once."""

    pdfname = "FlateDecode"

    def encode(self, text: bytes) -> bytes:
        return _compressed(text)


CACHED_FLATE = _CachedFlate()


def _add_subset_objects(face: TTFontFace, doc: Any, fontname: str, subset: list[int]) -> Any:
    """``TTFontFace.addSubsetObjects``, then the font program's stream compressed through the cache.

    The stream is found under the name ReportLab 5.1.0 registers it by; were it ever not there, the
    program would simply be compressed each time, to the same bytes.
    """
    reference = TTFontFace.addSubsetObjects(face, doc, fontname, subset)
    stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
    if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
        stream.filters = [CACHED_FLATE]
    return reference


def cache_subsets(font: TTFont, digest: bytes) -> TTFont:
    """Make ``font`` cut and compress its subsets through the caches; ``digest`` is its file's SHA-256.

    The face keeps the functions for as long as it is registered (all process long).
    """
    face = font.face
    face.makeSubset = partial(_make_subset, _Source(digest + b"#" + face.subfontNameX, face))
    face.addSubsetObjects = partial(_add_subset_objects, face)
    return font
