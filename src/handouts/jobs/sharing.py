"""Store each identical object of a merged PDF once: logos, font programs, forms, fonts, resources.

The print file is assembled from many rendered documents. Copies of one
document already share its objects, but each *distinct* document brings its
own copy of what they have in common: the brand's logo and its mask, a font
subset that happens to hold the same glyphs, a flattened checkbox's form.
In the career-fair example that was 64% of the file's stream bytes
(``scripts/stream_duplicates.py`` measures it).

`Sharer.indirect` is given each object the pages will use (the print file
hands it what each source page brought, before it makes the pages), walks
it children before parents, and gives each a key: its content itself, not a
digest of it (a dictionary compares it exactly, and Python's hash of a few
megabytes costs less than SHA-256 of them). For a stream: its data
and its dictionary without the entries that say how the data is stored
(``/Length``, ``/Filter``, ``/DecodeParms``), the data decoded when only
general-purpose filters such as Flate encode it, so two encodings of the
same bytes are one (images excepted, see `_data`). For a dictionary or
array: its text, with every reference already pointing at the one kept
copy of what it refers to. The first object met with a key is kept;
every reference to a later one is pointed at it, so the later ones are no
longer reachable and are not written. The print file gives the objects in
the order its pages meet them, and the walk follows qpdf's sorted
dictionary keys, so the same pages give the same file.

Pages and the page tree are never merged (each page is a sheet of paper),
and an object that refers back to one of its ancestors (a cycle, which the
documents handouts renders never have) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

_STORAGE = ("/Length", "/Filter", "/DecodeParms")
_GENERAL = {"/FlateDecode", "/LZWDecode", "/ASCII85Decode", "/ASCIIHexDecode", "/RunLengthDecode"}
_PAGE_TYPES = (Name.Page, Name.Pages)


# What an object's content is compared by: its kind, then its text or its stream's parts.
Key = tuple[bytes | int, ...]


class Sharer:
    """The content of what it has seen; `indirect` gives the one copy kept of each distinct object.

    ``decoded`` holds streams' data already decoded (`retag_subsets` decodes
    every font program before sharing meets it), by object: read once, not twice.
    """

    def __init__(self, decoded: dict[tuple[int, int], bytes] | None = None) -> None:
        self.keys: dict[tuple[int, int], Key] = {}  # objgen -> its content
        self.kept: dict[Key, pikepdf.Object] = {}  # content -> the one object kept
        self.active: set[tuple[int, int]] = set()  # on the current path (cycle guard)
        self.decoded = decoded if decoded is not None else {}
        self.merged = 0

    def indirect(self, obj: pikepdf.Object) -> pikepdf.Object:
        """The object to refer to instead of ``obj``: itself, or the identical one met first."""
        objgen = obj.objgen
        key = self.keys.get(objgen)
        if key is not None:
            return self.kept[key]
        if objgen in self.active:
            return obj  # a cycle: kept as it is
        if isinstance(obj, Dictionary) and obj.get("/Type") in _PAGE_TYPES:
            key = (b"page", *objgen)  # a page or the page tree: never merged, never descended into
            self.keys[objgen], self.kept[key] = key, obj
            return obj
        self.active.add(objgen)
        try:
            key = self._key(obj)
        finally:
            self.active.discard(objgen)
        self.keys[objgen] = key
        kept = self.kept.setdefault(key, obj)
        if kept is not obj:
            self.merged += 1
        return kept

    def _key(self, obj: pikepdf.Object) -> Key:
        if isinstance(obj, Stream):
            self.children(obj.stream_dict)
            encoding, data = _data(obj, self.decoded)
            entries = Dictionary({k: v for k, v in obj.stream_dict.items() if k not in _STORAGE})
            return (b"stream", entries.unparse(), encoding, data)
        if isinstance(obj, Dictionary | Array):
            return (b"object", self.children(obj))
        return (b"scalar", obj.unparse(resolved=True), *obj.objgen)

    def children(self, container: pikepdf.Object) -> bytes:
        """Point every reference inside ``container`` (and the direct containers in it) at the kept copy.

        Returns the container's text as it then is (read once when nothing in it changed).
        """
        text: bytes = container.unparse(resolved=True)
        if b" R" not in text:
            return text  # no references in it at all: the common case of /Widths, /BBox, /Matrix
        return container.unparse(resolved=True) if self._repoint(container) else text

    def _repoint(self, container: pikepdf.Object) -> bool:
        """`children` for a container holding references; whether any of them changed."""
        if isinstance(container, Dictionary):
            items: Iterable = list(container.items())
        else:
            items = enumerate(container)
        changed = False
        for key, value in items:
            if not isinstance(value, pikepdf.Object):
                continue  # a number, boolean or null
            if value.is_indirect:
                kept = self.indirect(value)
                if kept.objgen != value.objgen:
                    container[key] = kept
                    changed = True
            elif isinstance(value, Dictionary | Array) and b" R" in value.unparse(resolved=True):
                changed = self._repoint(value) or changed
        return changed


def _data(stream: Stream, decoded: dict[tuple[int, int], bytes]) -> tuple[bytes, bytes]:
    """How the data to compare is encoded (empty: decoded), and that data.

    Images are compared as stored: ReportLab compresses every image the same
    way whatever the document's compression (so copies are byte-identical),
    and decoding them would cost ten times their stored size. Fonts, maps and
    page content follow the document's setting (the name overlays are
    written uncompressed), so they are compared decoded. The filters are
    compared as a list of names: ``[/FlateDecode]`` and ``/FlateDecode``
    (ReportLab writes one, qpdf the other) are the same encoding. ``decoded``:
    data already decoded, by object.
    """
    filters = stream.stream_dict.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, Array) else [str(filters)] if filters else []
    if stream.stream_dict.get("/Subtype") != Name.Image and all(name in _GENERAL for name in names):
        known = decoded.get(stream.objgen)
        if known is not None:
            return b"", known
        try:
            return b"", stream.read_bytes(pikepdf.StreamDecodeLevel.generalized)
        except pikepdf.PdfError:
            pass  # damaged data: compare it as stored
    parms = stream.stream_dict.get("/DecodeParms")
    if isinstance(parms, Dictionary):
        parms = Array([parms])
    encoding = " ".join(names).encode() + b" " + (parms.unparse(resolved=True) if isinstance(parms, Array) else b"")
    return encoding, stream.read_raw_bytes()
