"""Store each identical object of a merged PDF once: logos, font programs, forms, fonts, resources.

The print file is assembled from many rendered documents. Copies of one
document already share its objects, but each *distinct* document brings its
own copy of what they have in common: the brand's logo and its mask, a font
subset that happens to hold the same glyphs, a flattened checkbox's form.
In the career-fair example that was 64% of the file's stream bytes
(``scripts/stream_duplicates.py`` measures it).

`Sharer.indirect` is given each object the pages will use (the print file
hands it what each source page brought, before it makes the pages), walks
it children before parents, and gives each a digest of its content. For a stream: its data
and its dictionary without the entries that say how the data is stored
(``/Length``, ``/Filter``, ``/DecodeParms``), the data decoded when only
general-purpose filters such as Flate encode it, so two encodings of the
same bytes are one (images excepted, see `_data`). For a dictionary or
array: its text, with every reference already pointing at the one kept
copy of what it refers to. The first object met with a digest is kept;
every reference to a later one is pointed at it, so the later ones are no
longer reachable and are not written. The print file gives the objects in
the order its pages meet them, and the walk follows qpdf's sorted
dictionary keys, so the same pages give the same file.

Pages and the page tree are never merged (each page is a sheet of paper),
and an object that refers back to one of its ancestors (a cycle, which the
documents handouts renders never have) is kept as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

_STORAGE = ("/Length", "/Filter", "/DecodeParms")
_GENERAL = {"/FlateDecode", "/LZWDecode", "/ASCII85Decode", "/ASCIIHexDecode", "/RunLengthDecode"}
_PAGE_TYPES = (Name.Page, Name.Pages)


class Sharer:
    """Digests of what it has seen; `indirect` gives the one copy kept of each distinct object."""

    def __init__(self) -> None:
        self.digests: dict[tuple[int, int], bytes] = {}  # objgen -> digest of its content
        self.kept: dict[bytes, pikepdf.Object] = {}  # digest -> the one object kept
        self.active: set[tuple[int, int]] = set()  # on the current path (cycle guard)
        self.merged = 0

    def indirect(self, obj: pikepdf.Object) -> pikepdf.Object:
        """The object to refer to instead of ``obj``: itself, or the identical one met first."""
        key = obj.objgen
        digest = self.digests.get(key)
        if digest is not None:
            return self.kept[digest]
        if key in self.active:
            return obj  # a cycle: kept as it is
        if isinstance(obj, Dictionary) and obj.get("/Type") in _PAGE_TYPES:
            digest = b"page %d %d" % key  # a page or the page tree: never merged, never descended into
            self.digests[key], self.kept[digest] = digest, obj
            return obj
        self.active.add(key)
        try:
            digest = self._digest(obj)
        finally:
            self.active.discard(key)
        self.digests[key] = digest
        kept = self.kept.setdefault(digest, obj)
        if kept is not obj:
            self.merged += 1
        return kept

    def _digest(self, obj: pikepdf.Object) -> bytes:
        if isinstance(obj, Stream):
            self.children(obj.stream_dict)
            encoding, data = _data(obj)
            entries = Dictionary({k: v for k, v in obj.stream_dict.items() if k not in _STORAGE})
            return hashlib.sha256(b"stream" + entries.unparse() + b"\0" + encoding + b"\0" + data).digest()
        if isinstance(obj, Dictionary | Array):
            self.children(obj)
            return hashlib.sha256(b"object" + obj.unparse(resolved=True)).digest()
        return hashlib.sha256(b"scalar" + obj.unparse(resolved=True) + repr(obj.objgen).encode()).digest()

    def children(self, container: pikepdf.Object) -> None:
        """Point every reference inside ``container`` (and the direct containers in it) at the kept copy."""
        if b" R" not in container.unparse(resolved=True):
            return  # no references in it at all: the common case of /Widths, /BBox, /Matrix
        if isinstance(container, Dictionary):
            items: Iterable = list(container.items())
        else:
            items = enumerate(container)
        for key, value in items:
            if not isinstance(value, pikepdf.Object):
                continue  # a number, boolean or null
            if value.is_indirect:
                kept = self.indirect(value)
                if kept.objgen != value.objgen:
                    container[key] = kept
            elif isinstance(value, Dictionary | Array):
                self.children(value)


def _data(stream: Stream) -> tuple[bytes, bytes]:
    """How the data to compare is encoded (empty: decoded), and that data.

    Images are compared as stored: ReportLab compresses every image the same
    way whatever the document's compression (so copies are byte-identical),
    and decoding them would cost ten times their stored size. Fonts, maps and
    page content follow the document's setting (the name overlays are
    written uncompressed), so they are compared decoded. The filters are
    compared as a list of names: ``[/FlateDecode]`` and ``/FlateDecode``
    (ReportLab writes one, qpdf the other) are the same encoding.
    """
    filters = stream.stream_dict.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, Array) else [str(filters)] if filters else []
    if stream.stream_dict.get("/Subtype") != Name.Image and all(name in _GENERAL for name in names):
        try:
            return b"", stream.read_bytes(pikepdf.StreamDecodeLevel.generalized)
        except pikepdf.PdfError:
            pass  # damaged data: compare it as stored
    parms = stream.stream_dict.get("/DecodeParms")
    if isinstance(parms, Dictionary):
        parms = Array([parms])
    encoding = " ".join(names).encode() + b" " + (parms.unparse(resolved=True) if isinstance(parms, Array) else b"")
    return encoding, stream.read_raw_bytes()
