"""A cached font subset program is the one ReportLab cuts, for that font and those characters in that order,
and its cached compressed form is the one ReportLab's Flate filter makes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDocument, PDFZCompress, format
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from handouts.inputs import fonts, subsets
from handouts.inputs.fonts import builtin_font_path

TEXTS = {
    "ascii": "Medical Assistant: $42,000",
    "reordered": ":tnatsissA lacideM 000,24$",
    "non-ascii": "caf\u00e9 \u2013 \u201cna\u00efve\u201d \u20ac",
    "absent from the font": "\u0645\u0631\u062d\u0628\u0627 \U0001f600",
    "one": "x",
}


def _font(face: str) -> TTFont:
    path = builtin_font_path(face)
    font = TTFont(f"test-{face}", str(path))
    return subsets.cache_subsets(font, hashlib.sha256(path.read_bytes()).digest())


def _codes(text: str) -> list[int]:
    return [0, *dict.fromkeys(map(ord, text))]  # as ReportLab's subsets: code 0 first, each code once


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_cached_program_is_reportlabs(text: str) -> None:
    font = _font("regular")
    codes = _codes(text)
    first = font.face.makeSubset(codes)
    assert first == TTFontFace.makeSubset(font.face, codes)
    assert font.face.makeSubset(list(codes)) is first  # the second time, from the cache


def test_a_long_subset_is_cut_as_reportlab_cuts_it() -> None:
    font = _font("bold")
    codes = sorted(font.face.charToGlyph)[:256]
    assert font.face.makeSubset(codes) == TTFontFace.makeSubset(font.face, codes)


def test_order_and_font_each_make_their_own_program() -> None:
    regular, bold = _font("regular"), _font("bold")
    codes = _codes(TEXTS["ascii"])
    shuffled = [codes[0], *reversed(codes[1:])]
    assert regular.face.makeSubset(codes) != regular.face.makeSubset(shuffled)
    assert regular.face.makeSubset(codes) != bold.face.makeSubset(codes)
    assert bold.face.makeSubset(codes) == TTFontFace.makeSubset(bold.face, codes)


def test_the_same_file_read_twice_shares_programs() -> None:
    codes = _codes(TEXTS["non-ascii"])
    assert _font("italic").face.makeSubset(codes) is _font("italic").face.makeSubset(codes)


def test_the_cache_is_bounded() -> None:
    font = _font("regular")
    for n in range(subsets.MAX_PROGRAMS + 5):
        font.face.makeSubset([0, 65 + n])
    assert subsets._program.cache_info().currsize <= subsets.MAX_PROGRAMS


def test_registered_fonts_cut_subsets_through_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fonts.py hands ReportLab fonts that cache. (Asked of the font it registers: ReportLab's registry
    answers a face name it has seen with the font registered first, which in the suite may be a test's.)"""
    registered: list[TTFont] = []
    monkeypatch.setattr(pdfmetrics, "registerFont", registered.append)
    copy = tmp_path / "Regular.ttf"  # a path of its own, so fonts.py reads it rather than remembering it
    shutil.copyfile(builtin_font_path("regular"), copy)
    fonts._register(str(copy))
    face = registered[0].face
    codes = _codes(TEXTS["ascii"])
    assert face.makeSubset(codes) is face.makeSubset(codes)
    assert face.makeSubset(codes) == TTFontFace.makeSubset(face, codes)


def test_compressed_programs_are_reportlabs() -> None:
    program = _font("regular").face.makeSubset(_codes(TEXTS["non-ascii"]))
    assert subsets.CACHED_FLATE.encode(program) == PDFZCompress.encode(program)
    assert subsets.CACHED_FLATE.encode(program) is subsets.CACHED_FLATE.encode(program)
    assert subsets.CACHED_FLATE.pdfname == PDFZCompress.pdfname


def test_a_document_compresses_its_font_programs_through_the_cache() -> None:
    """ReportLab still registers the program's stream under the name `subsets` looks for."""
    face = _font("regular").face
    doc = PDFDocument(invariant=1)
    face.addSubsetObjects(doc, "AAAAAA+Test", _codes(TEXTS["non-ascii"]))
    stream = doc.idToObject[f"fontFile:{face.filename}(AAAAAA+Test)"]
    assert stream.filters == [subsets.CACHED_FLATE]
    written = format(stream, doc, toplevel=1)
    stream.filters = [PDFZCompress]
    assert written == format(stream, doc, toplevel=1)
