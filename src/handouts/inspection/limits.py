"""Open a PDF for inspection only once every stream in it is known to decode to a sane size.

`handouts inspect` reads files from anywhere, and qpdf and pdfminer decode
a stream whole when they first need it: a 0.5 MB file whose page content is
a Flate bomb took 1 GB before this check. So before anything decodes, each
stream's decoded size is counted in chunks (`decoding.decoded_size`), and a
stream past `DecodeLimits.stream`, or streams past `DecodeLimits.total`
together, refuse the file by name (`errors.UnsafePDF`, exit status 3).

The order matters, because qpdf decodes some streams merely to open a file:

1. cross-reference streams (and, when it rebuilds a damaged file's table,
   every one it finds) and object streams (pikepdf's open already looks
   into them) are found in the raw bytes and measured before qpdf sees the
   file;
2. then every other stream, through qpdf, once the file is open.

What is left: object streams of an encrypted file cannot be measured before
qpdf decrypts them, so there each one is held to the most it could possibly
decode to (1,032 times its size per Flate filter) and the file is refused
when that could pass the cap: an office that meets this can save the file
without encryption first. A raw byte scan and qpdf may disagree about a
deliberately malformed file; the scan errs towards measuring more (every
copy of an object it finds, not only the one qpdf uses).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NoReturn

from handouts.errors import Problem, UnsafePDF
from handouts.inspection.decoding import Unfollowable, decoded_size

MIB = 1 << 20
FLATE_MOST = 1032  # the most one Flate filter can expand its input (deflate's limit)
LZW_MOST = 3413  # LZW: a 9-bit code can stand for a string of up to 3,840 bytes
_MOST = {"/FlateDecode": FLATE_MOST, "/Fl": FLATE_MOST, "/LZWDecode": LZW_MOST, "/LZW": LZW_MOST}
_SPACE = rb"[\x00\t\n\x0c\r ]+"  # PDF white space (NUL and form feed included, which \s is not)
_OBJECT = re.compile(rb"(?<!\d)(\d{1,10})" + _SPACE + rb"(\d{1,5})" + _SPACE + rb"obj(?![A-Za-z])")
_REFERENCE = re.compile(rb"(?<!\d)\d{1,10}" + _SPACE + rb"\d{1,5}" + _SPACE + rb"R(?![A-Za-z])")
_LENGTH = re.compile(rb"/Length" + _SPACE + rb"(\d{1,12})(?:" + _SPACE + rb"(\d{1,5})" + _SPACE + rb"(R))?")
_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = re.compile(rb"[\x00\t\n\x0c\r ]*endstream")
_ENCRYPT = re.compile(rb"/Encrypt(?![A-Za-z])")
_TRAILER_ENCRYPT = re.compile(rb"trailer" + _SPACE.replace(b"+", b"*") + rb"<<[^\x00]{0,4096}?/Encrypt(?![A-Za-z])")
_WINDOW = 1 << 16  # how far after "obj" a stream's dictionary may end


@dataclass(frozen=True, slots=True)
class DecodeLimits:
    """The most one stream, and all streams together, may decode to (bytes).

    64 MiB for one stream is a full-page 600 dpi colour image stored without
    JPEG; a handout's page content is a few kilobytes, a font under a
    megabyte. 512 MiB together bounds what pdfminer keeps while it reads.
    """

    stream: int = 64 * MIB
    total: int = 512 * MIB


def open_checked(data: bytes, name: str, limits: DecodeLimits | None = None) -> Any:
    """``data`` opened with pikepdf, after every stream in it has been measured; raises `UnsafePDF`.

    pikepdf's own errors (a file that is not a PDF) pass through to the caller.
    """
    import pikepdf

    budget = _Budget(name, limits or DecodeLimits())
    structural = list(_structural_streams(data))
    encrypted = _encrypted(data, structural)
    measured: set[tuple[int, int]] = set()
    for found in structural:
        if found.kind == "/ObjStm" and encrypted:
            budget.bound(found)
            continue
        budget.spend(found.raw, found.dictionary, lambda found=found: found.where)
        measured.add(found.objgen)  # (an encrypted file's object streams are measured again once decrypted)
    pdf = pikepdf.open(io.BytesIO(data))
    try:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and (encrypted or obj.objgen not in measured):
                _measure(pdf, budget, obj)
    except BaseException:
        pdf.close()
        raise
    return pdf


class _Budget:
    """Decoded bytes counted so far, and the refusal when a stream goes past a limit."""

    def __init__(self, name: str, limits: DecodeLimits) -> None:
        self.name, self.limits, self.spent = name, limits, 0

    def spend(self, raw: bytes, dictionary: Any, where: Any) -> None:
        filters, predictors = _filters(dictionary)
        remaining = self.limits.total - self.spent
        limit = min(self.limits.stream, remaining)
        try:
            size = decoded_size(raw, filters, predictors, limit)
        except Unfollowable as exc:
            self.refuse(
                where(),
                f"uses a chain of filters inspect cannot measure safely ({exc})",
                "no PDF writer makes such a chain; the file is damaged or made to hide what it holds, "
                "so it was not read",
            )
        if size > limit:
            if limit == self.limits.stream:
                what = f"decodes to more than {_size(self.limits.stream)}, the most inspect reads from one stream"
            else:
                what = (
                    f"takes the file's streams past {_size(self.limits.total)} decoded together, "
                    "the most inspect reads from one file"
                )
            self.refuse(
                where(),
                what + f" ({_size(len(raw))} in the file)",
                "a handout or flyer comes nowhere near this: the file is damaged or made to exhaust memory "
                "(a decompression bomb), so it was not read; do not print or post it",
            )
        self.spent += size

    def bound(self, found: _Found) -> None:
        """An encrypted object stream: refuse it when its most possible decoded size passes the cap."""
        filters, _ = _filters(found.dictionary)
        worst = len(found.raw)
        for name in filters:
            worst *= _MOST.get(name, 1)
        if worst > self.limits.stream:
            self.refuse(
                found.where,
                f"is an encrypted object stream of {_size(len(found.raw))} that could decode to more than "
                f"{_size(self.limits.stream)}, the most inspect reads from one stream, and cannot be measured "
                "before it is decrypted",
                "save the PDF without encryption (in the program that made it, or with qpdf --decrypt) "
                "and inspect that copy",
            )

    def refuse(self, where: str, what: str, fix: str) -> NoReturn:
        raise UnsafePDF(problems=[Problem(self.name, 0, where, what, fix)])


def _size(count: int) -> str:
    return (
        f"{count / MIB:.0f} MiB" if count >= MIB else f"{count / 1024:.0f} KiB" if count >= 1024 else f"{count} bytes"
    )


def _filters(dictionary: Any) -> tuple[list[str], list[bool]]:
    """The stream's filters in decoding order, and for each whether it has a predictor."""
    import pikepdf

    found = dictionary.get("/Filter")
    names = list(found) if isinstance(found, pikepdf.Array) else [found] if found is not None else []
    parms = dictionary.get("/DecodeParms")
    parm_list = list(parms) if isinstance(parms, pikepdf.Array) else [parms] * len(names)
    predictors = []
    for parm in parm_list:
        predictor = parm.get("/Predictor", 1) if isinstance(parm, pikepdf.Dictionary) else 1
        predictors.append(isinstance(predictor, int) and int(predictor) > 1)
    return [str(n) for n in names], predictors


# -- 1. streams qpdf decodes to open the file, from the raw bytes ----------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    objgen: tuple[int, int]
    kind: str  # "/XRef" or "/ObjStm"
    dictionary: Any  # as parsed, with indirect references made null (a parse without a file has none)
    text: bytes  # the dictionary as written
    raw: bytes
    offset: int

    @property
    def where(self) -> str:
        what = "a cross-reference stream" if self.kind == "/XRef" else "an object stream, holding other objects"
        return f"object {self.objgen[0]} ({what}, at byte {self.offset})"


def _structural_streams(data: bytes) -> Iterator[_Found]:
    """Every cross-reference and object stream written in the raw file, current or not.

    Only dictionaries that can name /XRef or /ObjStm are parsed (the name
    written out, or spelled with #-escapes), so a file of 100,000 objects
    costs one regular-expression pass.
    """
    import pikepdf

    for match in _OBJECT.finditer(data):
        start = match.end()
        window = data[start : start + _WINDOW]
        if b"XRef" not in window and b"ObjStm" not in window and b"#" not in window:
            continue
        for attempt, keyword in enumerate(_STREAM.finditer(window)):
            if attempt == 4:
                break
            try:
                dictionary = pikepdf.Object.parse(_REFERENCE.sub(b"null", window[: keyword.start()]))
            except (pikepdf.PdfError, ValueError, RuntimeError):
                continue
            kind = dictionary.get("/Type") if isinstance(dictionary, pikepdf.Dictionary) else None
            if kind in ("/XRef", "/ObjStm"):
                begin = start + keyword.end()
                objgen = (int(match.group(1)), int(match.group(2)))
                raw = data[begin : _stream_end(data, begin, window[: keyword.start()])]
                yield _Found(objgen, str(kind), dictionary, window[: keyword.start()], raw, match.start())
            break


def _encrypted(data: bytes, structural: list[_Found]) -> bool:
    """Whether a trailer (a classic one, or a cross-reference stream's dictionary) names /Encrypt."""
    if any(found.kind == "/XRef" and _ENCRYPT.search(found.text) for found in structural):
        return True
    return _TRAILER_ENCRYPT.search(data) is not None


def _stream_end(data: bytes, begin: int, dictionary: bytes) -> int:
    """Where the stream's data ends: at /Length when ``endstream`` follows it, else before ``endstream`` (as qpdf)."""
    length: int | None = None
    direct = _LENGTH.search(dictionary)
    if direct and direct.group(3) is None:
        length = int(direct.group(1))
    elif direct:  # /Length N G R: the number written in object N
        target = re.compile(
            rb"(?<!\d)" + direct.group(1) + _SPACE + direct.group(2) + _SPACE + rb"obj" + _SPACE + rb"(\d+)"
        )
        found = list(target.finditer(data))
        length = int(found[-1].group(1)) if found else None
    if length is not None and _ENDSTREAM.match(data, begin + length):
        return begin + length
    end = data.find(b"endstream", begin)
    return end if end != -1 else len(data)


# -- 2. every other stream, through qpdf -------------------------------------------------------------


def _measure(pdf: Any, budget: _Budget, stream: Any) -> None:
    import pikepdf

    try:
        raw = stream.read_raw_bytes()
    except pikepdf.PdfError:
        return  # unreadable: qpdf's structure check reports it, and nothing can decode it
    budget.spend(raw, stream.stream_dict, lambda: _describe(pdf, stream))


def _describe(pdf: Any, stream: Any) -> str:
    """Which object the stream is, and where it is used, in a reader's words (every object stream has been
    measured by now, so walking the pages decodes nothing unmeasured)."""
    number = stream.objgen[0]
    if stream.get("/Type") == "/ObjStm":
        return f"object {number} (an object stream, holding other objects)"
    use = _first_use(pdf, stream.objgen)
    return f"object {number} ({use})" if use else f"object {number} (a stream no page uses)"


def _first_use(pdf: Any, objgen: tuple[int, int]) -> str:
    import pikepdf

    metadata = pdf.Root.get("/Metadata")
    if metadata is not None and metadata.objgen == objgen:
        return "the document's XMP metadata"
    for number, page in enumerate(pdf.pages, start=1):
        contents = page.obj.get("/Contents")
        parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        if any(part is not None and part.objgen == objgen for part in parts):
            return f"the content of page {number}"
        resources = page.obj.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        xobjects = resources.get("/XObject")
        for key, xobject in xobjects.items() if isinstance(xobjects, pikepdf.Dictionary) else ():
            if xobject.objgen == objgen:
                kind = "image" if xobject.get("/Subtype") == "/Image" else "form"
                return f"{kind} {key} on page {number}"
        fonts = resources.get("/Font")
        for key, font in fonts.items() if isinstance(fonts, pikepdf.Dictionary) else ():
            if not isinstance(font, pikepdf.Dictionary):
                continue
            parts = [font.get("/ToUnicode")]
            descriptor = font.get("/FontDescriptor")
            if isinstance(descriptor, pikepdf.Dictionary):
                parts += [descriptor.get(k) for k in ("/FontFile", "/FontFile2", "/FontFile3")]
            if any(part is not None and part.objgen == objgen for part in parts):
                return f"font {key} on page {number}"
    return ""
