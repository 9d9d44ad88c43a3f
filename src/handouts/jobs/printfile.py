"""Assemble the job's one print file from rendered documents, sharing everything copies share.

Copies of a document are new page objects that point at the *same* content
stream and resources (fonts, images) as the first copy, so 500 copies cost
500 small page dictionaries, not 500 documents. A personalised page is the
shared page's content plus one small form XObject holding only that
student's text; the overlays come from one ReportLab document per chunk of
students, so their font subset is shared too.

The print file is for paper: accessibility tags, links and form fields mean
nothing there and would dangle once pages from many documents are mixed, so
form fields are flattened into the page (they still print) and annotations
and structure references are left out. The individual PDFs (``--individual``)
keep all of it.

Language without tags: the file's /Lang is the job's own language, and the
pages of an item printed in another (a Spanish handout in an English job)
are wrapped whole in a marked-content sequence carrying their language,
``/Span <</Lang (es-US)>> BDC ... EMC`` (PDF 32000-1, 14.9.2.2: how an
untagged file says which language a run of content is in). Two small shared
streams per language do it; the page's own content is not touched, and a
page's /Contents array counts as one stream for marked content (14.6).

Before the file is written, every font subset is renamed after its glyphs
(`subsettags`: ReportLab names the first subset of every document
``AAAAAA+...``, so a dozen documents gave a dozen different fonts one
name), and then each identical object is kept once (`sharing`): the
logo, font programs and forms that distinct documents have in common. A
page with nothing on it (a blank back) has no content stream at all: an
empty stream is not one that every reader takes (Ghostscript refuses a
zero-length stream that claims a filter).

pikepdf (qpdf) reads source streams from their cache files only when the
print file is written, so memory holds page dictionaries, not page content;
but each source it reads that way stays open until then. A job of many
distinct documents (a roster rendered in full, one document per student)
would run out of file handles (the limit is often 256 or 1,024), so only the
first `MAX_OPEN_SOURCES` are read from their files; the rest are read into
memory and their files closed at once. The file is written to a temporary
beside the target and renamed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from handouts.jobs.sharing import Sharer
from handouts.output import write_atomic_with
from handouts.subsettags import retag_subsets

OVERLAY = Name("/HdOverlay")
MAX_OPEN_SOURCES = 32  # source files held open until `save`; later ones are read into memory


@dataclass
class _Imported:
    """One source page, imported once; copies reference its content and resources."""

    contents: list[pikepdf.Object]
    resources: pikepdf.Object
    mediabox: Array
    shared: bool = False  # its objects replaced by the copies `sharing` keeps

    @property
    def content(self) -> pikepdf.Object | None:
        """The page's /Contents, or None for a page that draws nothing."""
        if not self.contents:
            return None
        return self.contents[0] if len(self.contents) == 1 else Array(self.contents)


@dataclass(frozen=True, slots=True)
class _Overlay:
    """One student's text on one page: a content stream, and the PDF whose first page holds its fonts."""

    fonts: str
    data: bytes


# A page to write: a source page (with a student's text over it) and its language when it is not the file's,
# or a blank back of this size.
_Entry = tuple[_Imported, _Overlay | None, str | None] | tuple[None, tuple[float, float], None]


# A personal page's shared parts: its source page's resources but the XObjects, and those XObjects.
_Shared = tuple[dict[str, pikepdf.Object], dict[str, pikepdf.Object]]
_OVERLAY = str(OVERLAY)
_PAGE, _XOBJECT, _FORM = Name.Page, Name.XObject, Name.Form  # a Name looked up by attribute is made anew


def name_single_filters(pdf: pikepdf.Pdf) -> None:
    """Write ``/Filter [/FlateDecode]`` (ReportLab's way) as ``/Filter /FlateDecode``, so qpdf keeps the data.

    qpdf writes a stream compressed with Flate as it is only when its /Filter
    is that one name; a one-item array it takes for a general filter list, and
    it decompresses the stream and compresses it again: every font program,
    image and page the print file holds, over half the time writing it took.
    The two say the same, and the data decodes to the same bytes; but the print
    file then holds ReportLab's compressed bytes rather than qpdf's, so its
    bytes differ from those of a file written before (not what it shows).
    """
    flate = Name.FlateDecode
    for obj in pdf.objects:  # before the pages are made: only what the sources brought
        if not isinstance(obj, Stream):
            continue
        entries = obj.stream_dict
        filters = entries.get("/Filter")
        if isinstance(filters, Array) and len(filters) == 1 and filters[0] == flate and "/DecodeParms" not in entries:
            entries.Filter = flate


def _split(imported: _Imported) -> _Shared:
    """A page's resources but its XObjects, and those XObjects: a personal page adds its overlay to them."""
    resources = dict(imported.resources.items())
    return resources, dict(resources.pop("/XObject", Dictionary()).items())


class PrintFile:
    """Pages appended in print order; `save` writes them atomically.

    Appending a page only notes it; `write` makes the page objects, after
    `sharing` has made each distinct imported object one: so sharing walks the
    few hundred objects the source documents brought, not every page (a
    roster of 10,000 students is 20,000 pages), and no page has to be pointed
    at a kept copy afterwards.
    """

    def __init__(self, title: str, language: str = "en-US") -> None:
        self.pdf = pikepdf.new()
        self.pdf.docinfo[Name.Title] = title
        self.pdf.docinfo[Name.Creator] = "handouts"
        self.pdf.docinfo[Name.Producer] = "handouts (pikepdf/qpdf)"
        self.pdf.Root[Name.Lang] = pikepdf.String(language)
        self.language = language
        self._spans: dict[str, tuple[pikepdf.Object, pikepdf.Object]] = {}  # language -> its BDC, EMC streams
        self._sources: dict[str, pikepdf.Pdf] = {}
        self._open_files = 0
        self._imported: dict[tuple[str, int], _Imported] = {}
        self._entries: list[_Entry] = []
        self._fonts: dict[str, pikepdf.Object] = {}  # overlay fonts PDF -> its page resources, imported
        self._parent = self.pdf.Root.Pages
        self._push: pikepdf.Object = self.pdf.make_stream(b"q\n")
        self._pop_and_draw: pikepdf.Object = self.pdf.make_stream(b"Q\nq " + bytes(OVERLAY) + b" Do Q\n")

    @property
    def page_count(self) -> int:
        return len(self._entries)

    def _source(self, path: str) -> pikepdf.Pdf:
        pdf = self._sources.get(path)
        if pdf is None:
            if self._open_files < MAX_OPEN_SOURCES:
                pdf = pikepdf.open(path)
                self._open_files += 1
            else:
                pdf = pikepdf.open(io.BytesIO(Path(path).read_bytes()))
            self._sources[path] = pdf
            if "/AcroForm" in pdf.Root:
                pdf.generate_appearance_streams()
                pdf.flatten_annotations("print")
        return pdf

    def _page(self, path: str, index: int) -> _Imported:
        imported = self._imported.get((path, index))
        if imported is None:
            source = self._source(path)
            page = source.pages[index].obj
            contents = page.get("/Contents")
            streams = list(contents) if isinstance(contents, Array) else [contents] if contents is not None else []
            resources = page.get("/Resources", Dictionary())
            local = Dictionary()
            for name, value in resources.items():  # each part shared by reference, so per-page copies stay small
                local[name] = self.pdf.copy_foreign(value if value.is_indirect else source.make_indirect(value))
            imported = _Imported(
                [self.pdf.copy_foreign(s if s.is_indirect else source.make_indirect(s)) for s in streams],
                self.pdf.make_indirect(local),
                Array([float(v) for v in page.MediaBox]),
            )
            self._imported[(path, index)] = imported
        return imported

    def page_size(self, path: str) -> tuple[float, float]:
        box = self._source(path).pages[0].mediabox
        return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])

    def register(self, name: str, pdf: pikepdf.Pdf) -> None:
        """Make an already open PDF (e.g. the cover and separator sheets) available by ``name``."""
        self._sources[name] = pdf

    def _other(self, language: str | None) -> str | None:
        """``language`` when the page is in another language than the file's own (its content is marked so)."""
        if language is None or language.lower() == self.language.lower():
            return None
        if language not in self._spans:
            start = b"/Span <</Lang " + pikepdf.String(language).unparse() + b">> BDC\n"
            self._spans[language] = (self.pdf.make_stream(start), self.pdf.make_stream(b"EMC\n"))
        return language

    def add_page(self, source: str, index: int, language: str | None = None) -> None:
        """A page of ``source``; ``language`` is its /Lang tag when it may differ from the file's."""
        self._entries.append((self._page(source, index), None, self._other(language)))

    def add_document(self, path: str, pages: int, language: str | None = None) -> None:
        """One copy of a rendered document (in ``language``, its /Lang tag)."""
        for index in range(pages):
            self.add_page(path, index, language)

    def add_personal(
        self,
        base: str,
        pages: int,
        slot_pages: list[int],
        fonts: str,
        streams: Sequence[bytes],
        language: str | None = None,
    ) -> None:
        """One student's copy: the shared pages, with ``streams`` (their text) drawn on ``slot_pages``.

        ``fonts`` is the PDF whose first page's resources hold the fonts the streams use.
        """
        other = self._other(language)
        for index in range(pages):
            imported = self._page(base, index)
            overlay = None
            if index in slot_pages:
                overlay = _Overlay(fonts, streams[slot_pages.index(index)])
                if fonts not in self._fonts:  # imported now: `write` renames subsets before anything else
                    source = self._source(fonts)
                    resources = source.make_indirect(source.pages[0].obj.Resources)
                    self._fonts[fonts] = self.pdf.copy_foreign(resources)
            self._entries.append((imported, overlay, other))

    def add_blank(self, size: tuple[float, float]) -> None:
        """A blank back, so the next document starts on a fresh sheet in duplex: a page with no /Contents."""
        self._entries.append((None, size, None))

    def write(self, handle: BinaryIO) -> None:
        """Write the PDF to an open file; identical inputs give identical bytes (deterministic /ID, no dates)."""
        programs: dict[tuple[int, int], bytes] = {}  # font programs as retagging decoded them
        retag_subsets(self.pdf, programs)  # first: a font's new name is part of what makes two fonts identical
        sharer = Sharer(programs)
        fonts: dict[str, pikepdf.Object] = {}
        for imported, extra, _ in self._entries:  # every distinct object once, in the order the pages meet them
            if imported is None:
                continue
            if not imported.shared:
                imported.resources = sharer.indirect(imported.resources)
                imported.contents = [sharer.indirect(c) for c in imported.contents]
                imported.shared = True
            if isinstance(extra, _Overlay) and extra.fonts not in fonts:
                fonts[extra.fonts] = sharer.indirect(self._fonts[extra.fonts])
        if fonts:  # a source may hold a stream just like these (``q``)
            self._push, self._pop_and_draw = sharer.indirect(self._push), sharer.indirect(self._pop_and_draw)
        for language, (start, end) in sorted(self._spans.items()):
            self._spans[language] = (sharer.indirect(start), sharer.indirect(end))
        name_single_filters(self.pdf)
        kids = self._pages(fonts)
        self._parent.Kids = Array(kids)
        self._parent.Count = len(kids)
        self.pdf.save(
            handle,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )

    def _pages(self, fonts: dict[str, pikepdf.Object]) -> list[pikepdf.Object]:
        """The page objects, in order; a student's page adds a form XObject of their text to the shared page.

        What pages have in common is made once and shared: a blank's box and
        resources, a page's /Contents array (in its language's marked-content
        sequence), a personal page's resources but its overlay. Direct objects
        are written out in full wherever they appear, so sharing them changes
        no byte; it saves making pikepdf objects per page (the career fair has
        1,588 pages).
        """
        kids: list[pikepdf.Object] = []
        boxes: dict[tuple[float, float], Array] = {}
        contents: dict[tuple[int, bool, str | None], pikepdf.Object | None] = {}
        personal: dict[int, _Shared] = {}
        overlays: dict[_Overlay, pikepdf.Object] = {}
        nothing = Dictionary()  # a blank's resources
        for imported, extra, language in self._entries:
            if imported is None:
                assert isinstance(extra, tuple)
                if extra not in boxes:
                    boxes[extra] = Array([0, 0, extra[0], extra[1]])
                kids.append(self._new_page(boxes[extra], nothing, None))  # a blank: no /Contents at all
                continue
            key = (id(imported), extra is not None, language)
            if key not in contents:
                contents[key] = self._contents(imported, extra is not None, language)
            resources = imported.resources
            if extra is not None:
                assert isinstance(extra, _Overlay)
                if extra not in overlays:
                    overlays[extra] = self._overlay(extra, imported.mediabox, fonts[extra.fonts])
                if id(imported) not in personal:
                    personal[id(imported)] = _split(imported)
                others, xobjects = personal[id(imported)]
                resources = Dictionary({**others, "/XObject": Dictionary({**xobjects, _OVERLAY: overlays[extra]})})
            kids.append(self._new_page(imported.mediabox, resources, contents[key]))
        return kids

    def _new_page(self, box: Array, resources: pikepdf.Object, contents: pikepdf.Object | None) -> pikepdf.Object:
        """A page object: made empty, then filled (pikepdf walks a dictionary it is asked to make indirect)."""
        page = self.pdf.make_indirect(Dictionary())
        page.Type, page.Parent, page.MediaBox, page.Resources = _PAGE, self._parent, box, resources
        if contents is not None:
            page.Contents = contents
        return page

    def _contents(self, imported: _Imported, overlaid: bool, language: str | None) -> pikepdf.Object | None:
        """A page's /Contents: its streams (then a student's text), marked with their language if not the file's."""
        streams = [self._push, *imported.contents, self._pop_and_draw] if overlaid else imported.contents
        if language is not None and streams:
            return self._marked(streams, language)
        return Array(streams) if overlaid else imported.content

    def _overlay(self, overlay: _Overlay, box: Array, fonts: pikepdf.Object) -> pikepdf.Object:
        """The form XObject of one student's text (its keys set after `Stream`: cheaper than passing them)."""
        stream = Stream(self.pdf, overlay.data)
        entries = stream.stream_dict
        entries.Type, entries.Subtype, entries.BBox, entries.Resources = _XOBJECT, _FORM, box, fonts
        return stream

    def _marked(self, contents: list[pikepdf.Object], language: str) -> Array:
        """A page's content streams inside a marked-content sequence saying its language."""
        start, end = self._spans[language]
        return Array([start, *contents, end])

    def save(self, target: Path) -> Path:
        """Write atomically to ``target`` (a print job stages it with its summaries instead, see `jobwrite`)."""
        return write_atomic_with(target, self.write, "the print file")

    def close(self) -> None:
        self.pdf.close()
        for source in self._sources.values():
            source.close()
        self._sources.clear()
