"""The print file names a lone Flate filter, so qpdf writes ReportLab's compressed data as it is."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Name

from handouts.jobs.printfile import PrintFile

DRAWN = b"0 0 1 rg 10 10 100 100 re f\n" * 20
# With pikepdf 9.10 and its qpdf 12.2 (the oldest we allow) a copied stream was compressed again even with its
# filter named; pikepdf 10.18 with qpdf 12.4 writes it as it is. The print file is right either way: only the
# time saved depends on the version.
_QPDF = tuple(int(part) for part in pikepdf.__libqpdf_version__.split(".")[:2])


def _source(path: Path) -> str:
    """A page drawn by three streams: ``[/FlateDecode]`` as ReportLab writes it (at another level than qpdf's), and
    two left as they are (qpdf decodes them and compresses the data again)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    lone = pdf.make_stream(zlib.compress(DRAWN, 9), Filter=Array([Name.FlateDecode]))
    hexed = pdf.make_stream(
        zlib.compress(DRAWN).hex().encode() + b">", Filter=Array([Name.ASCIIHexDecode, Name.FlateDecode])
    )
    with_parms = pdf.make_stream(
        zlib.compress(DRAWN), Filter=Array([Name.FlateDecode]), DecodeParms=Array([pikepdf.Dictionary()])
    )
    pdf.pages[0].obj.Contents = Array([lone, hexed, with_parms])
    pdf.save(path, compress_streams=False)
    return str(path)


def test_a_lone_flate_filter_is_named_and_its_data_kept(tmp_path):
    printfile = PrintFile("Filters")
    printfile.add_document(_source(tmp_path / "source.pdf"), 1)
    written = printfile.save(tmp_path / "out.pdf")
    printfile.close()
    with pikepdf.open(written) as pdf:
        lone, hexed, with_parms = pdf.pages[0].obj.Contents
        assert lone.Filter == Name.FlateDecode
        if _QPDF >= (12, 4):
            assert lone.read_raw_bytes() == zlib.compress(DRAWN, 9)  # written as it was, not compressed again
        assert [lone.read_bytes(), hexed.read_bytes(), with_parms.read_bytes()] == [DRAWN] * 3
