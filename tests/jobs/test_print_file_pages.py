"""`PrintFile` makes each page from parts it shares between pages: every page must still be its own.

A blank's box, a page's /Contents array (marked with its language or not) and a personal page's
resources but its overlay are made once and shared by the pages that have them in common; each
page, written out, must hold what it would hold had it been made alone, in any order of pages.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from handouts.jobs.printfile import PrintFile


def _source(path: Path, streams: list[bytes]) -> str:
    """A one-page PDF whose page draws ``streams`` (in that order) and has an image-like XObject."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(400, 500))
    page = pdf.pages[0].obj
    page.Contents = Array([pdf.make_stream(data) for data in streams])
    form = pdf.make_stream(b"0 0 1 1 re f\n", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 1, 1])
    page.Resources = Dictionary(XObject=Dictionary(Logo=form), ProcSet=Array([Name.PDF]))
    pdf.save(path)
    return str(path)


def _fonts(path: Path) -> str:
    """A stand-in for the overlays' fonts PDF: the print file takes its first page's resources."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Resources = Dictionary(Font=Dictionary(F1=Dictionary(Type=Name.Font, Subtype=Name.Type1)))
    pdf.save(path)
    return str(path)


def _drawn(page: pikepdf.Page) -> list[bytes]:
    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    streams = list(contents) if isinstance(contents, Array) else [contents]
    return [s.read_bytes() for s in streams]


def test_pages_sharing_parts_each_draw_their_own(tmp_path):
    base = _source(tmp_path / "base.pdf", [b"0 g\n", b"1 0 0 1 0 0 cm\n"])
    fonts = _fonts(tmp_path / "fonts.pdf")
    printfile = PrintFile("Pages", "en-US")
    printfile.add_page(base, 0)
    printfile.add_personal(base, 1, [0], fonts, ["(Zoë) Tj\n".encode()], "es-US")
    printfile.add_blank((612.0, 792.0))
    printfile.add_personal(base, 1, [0], fonts, [b"(Bo) Tj\n"])
    printfile.add_page(base, 0, "es-US")
    printfile.add_personal(base, 1, [0], fonts, [b"(\\327\\251) Tj\n"], "es-US")  # right-to-left letters
    printfile.add_blank((595.0, 842.0))
    printfile.add_page(base, 0, "en-us")  # the file's own language, spelt otherwise
    printfile.add_blank((612.0, 792.0))
    written = printfile.save(tmp_path / "out.pdf")
    printfile.close()

    own = [b"0 g\n", b"1 0 0 1 0 0 cm\n"]
    start, end = b"/Span <</Lang (es-US)>> BDC\n", b"EMC\n"
    overlaid = [b"q\n", *own, b"Q\nq /HdOverlay Do Q\n"]
    with pikepdf.open(written) as pdf:
        pages = list(pdf.pages)
        assert [_drawn(p) for p in pages] == [
            own,
            [start, *overlaid, end],
            [],
            overlaid,
            [start, *own, end],
            [start, *overlaid, end],
            [],
            own,
            [],
        ]
        assert [[float(v) for v in p.mediabox] for p in pages] == [
            [0, 0, 400, 500],
            [0, 0, 400, 500],
            [0, 0, 612, 792],
            [0, 0, 400, 500],
            [0, 0, 400, 500],
            [0, 0, 400, 500],
            [0, 0, 595, 842],
            [0, 0, 400, 500],
            [0, 0, 612, 792],
        ]
        names = [sorted(p.obj.Resources.get("/XObject", {}).keys()) for p in pages]
        mine, plain = ["/HdOverlay", "/Logo"], ["/Logo"]
        assert names == [plain, mine, [], mine, plain, mine, [], plain, []]
        texts = [pages[i].obj.Resources.XObject.HdOverlay.read_bytes() for i in (1, 3, 5)]
        assert texts == ["(Zoë) Tj\n".encode(), b"(Bo) Tj\n", b"(\\327\\251) Tj\n"]
        for page in (pages[1], pages[3], pages[5]):
            overlay = page.obj.Resources.XObject.HdOverlay
            assert overlay.Subtype == Name.Form and "/F1" in overlay.Resources.Font
            assert [float(v) for v in overlay.BBox] == [0, 0, 400, 500]
            assert page.obj.Resources.ProcSet == Array([Name.PDF])
        assert all(p.obj.Type == Name.Page and p.obj.Parent.objgen == pdf.Root.Pages.objgen for p in pages)
        assert len({p.obj.objgen for p in pages}) == len(pages)
