"""Give every font subset in a merged PDF a name of its own, derived from the glyphs it holds.

A subset font is named ``TAG+Family-Style``: the six capital letters tell
subsets of one font apart, and preflight tools and some RIPs take two fonts
of the same name for one. ReportLab numbers the subsets of each document
from ``AAAAAA``, so once a print file gathers a dozen documents (or one
file joins two editions) the same ``AAAAAA+OpenSans-Bold`` stands for
several different subsets.

`retag_subsets` names each subset after a hash of its font program (the
embedded ``/FontFile``, ``/FontFile2`` or ``/FontFile3`` bytes, decoded):
identical subsets get the same name, whichever document they came from, so
a print file's `sharing` can then keep one of them; different subsets get different names
(on the rare clash of two hashes, the later program takes the next free
tag, in a fixed order, so the file stays deterministic). The new name is
written wherever the PDF names the subset: the font's ``/BaseFont``, its
descriptor's ``/FontName``, a composite font's descendant, and the
``/CMapName`` (and registry) of its ``/ToUnicode`` map, which ReportLab
names after the font.

Every font also loses its ``/Name`` entry, a PDF 1.0 leftover that repeats
the key the font had in its own document's resources (``/F1+0``, ``/F2+0``):
readers ignore it, but it would keep two otherwise identical fonts from two
documents apart, and pdffonts would list one font twice under one name.
"""

from __future__ import annotations

import hashlib
import re

import pikepdf
from pikepdf import Array, Dictionary, Name

_SUBSET = re.compile(r"^/([A-Z]{6})\+(.+)$")
_PROGRAMS = ("/FontFile", "/FontFile2", "/FontFile3")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def tag_for(program: bytes, attempt: int = 0) -> str:
    """Six capital letters from the program's SHA-256 (``attempt`` > 0 gives the next candidates)."""
    digest = hashlib.sha256(program + (b"#%d" % attempt if attempt else b"")).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(_LETTERS[digit])
    return "".join(letters)


def _descriptor_font(font: Dictionary) -> Dictionary:
    """The dictionary holding the font descriptor: the font itself, or a composite font's descendant."""
    if font.get("/Subtype") == Name.Type0:
        descendants = font.get("/DescendantFonts")
        if isinstance(descendants, Array) and len(descendants) and isinstance(descendants[0], Dictionary):
            return descendants[0]
    return font


def _program(font: Dictionary, decoded: dict[tuple[int, int], bytes]) -> bytes | None:
    """The font's embedded program, decoded where it can be (and then noted in ``decoded``, by object)."""
    descriptor = _descriptor_font(font).get("/FontDescriptor")
    if not isinstance(descriptor, Dictionary):
        return None
    for key in _PROGRAMS:
        stream = descriptor.get(key)
        if isinstance(stream, pikepdf.Stream):
            try:
                data: bytes = stream.read_bytes(pikepdf.StreamDecodeLevel.generalized)
            except pikepdf.PdfError:
                return stream.read_raw_bytes()
            decoded[stream.objgen] = data
            return data
    return None


def retag_subsets(pdf: pikepdf.Pdf, decoded: dict[tuple[int, int], bytes] | None = None) -> int:
    """Rename every embedded subset font of ``pdf`` after its program (and drop every font's ``/Name``).

    Returns how many fonts were renamed. ``decoded`` is given each font
    program read, decoded, by object (`sharing` then need not read it again).
    """
    decoded = {} if decoded is None else decoded
    owners: dict[str, bytes] = {}  # tag -> the program that has it (compared whole: no second hash)
    renamed = 0
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.Font:
            continue
        if "/Name" in obj:
            del obj["/Name"]
        match = _SUBSET.match(str(obj.get("/BaseFont", "")))
        program = _program(obj, decoded) if match else None
        if match is None or program is None:
            continue  # not a subset, or not embedded: its name is the font's own
        attempt, tag = 0, tag_for(program)
        while owners.setdefault(tag, program) != program:
            attempt += 1
            tag = tag_for(program, attempt)
        if tag != match[1]:
            _rename(obj, f"{match[1]}+{match[2]}", f"{tag}+{match[2]}")
            renamed += 1
            cmap = obj.get("/ToUnicode")
            if isinstance(cmap, pikepdf.Stream):
                decoded.pop(cmap.objgen, None)  # rewritten (were it ever a program too)
    return renamed


def _rename(font: Dictionary, old: str, new: str) -> None:
    font.BaseFont = Name("/" + new)
    holder = _descriptor_font(font)
    if holder is not font:
        holder.BaseFont = Name("/" + new)
    descriptor = holder.get("/FontDescriptor")
    if isinstance(descriptor, Dictionary) and str(descriptor.get("/FontName", "")) == "/" + old:
        descriptor.FontName = Name("/" + new)
    cmap = font.get("/ToUnicode")
    if isinstance(cmap, pikepdf.Stream):
        before, after = old.encode("latin-1", "replace"), new.encode("latin-1", "replace")
        text = cmap.read_bytes()
        if before in text:
            cmap.write(text.replace(before, after))
