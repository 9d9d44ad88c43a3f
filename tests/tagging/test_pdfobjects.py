"""The structure tree's prebuilt bytes are exactly what ReportLab writes for the same objects.

`pdfobjects.dictionary`, `array`, `reference`, `name` and `value` format
values without ReportLab's objects; each is compared with ReportLab's own
formatting on the awkward cases: line breaks every six entries and ten
items, nesting, escaped names, non-ASCII and right-to-left text (written as
UTF-16), floats, and ReportLab's multi-line layout.
"""

from __future__ import annotations

from typing import Any

import pytest
from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFString,
    format,
)

from handouts.tagging import pdfobjects

ODD_TEXTS = [
    "",
    "plain",
    "caf\u00e9 \u2013 \u201cquoted\u201d",
    "\u0645\u0631\u062d\u0628\u0627",
    "(a) \\ b\n",
    "x" * 5000,
]


@pytest.fixture(params=[0, 1], ids=["single-line", "multi-line"])
def layout(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(rl_config, "pdfMultiLine", request.param)
    return request.param


def _document() -> PDFDocument:
    doc = PDFDocument(invariant=1)
    for number in range(30):
        doc.Reference(PDFDictionary({"N": number}), f"SE{number}")
    return doc


def _both(entries: dict[str, Any], doc: PDFDocument) -> tuple[bytes, bytes]:
    """ReportLab's bytes for ``entries`` and ours, formatted value by value with `pdfobjects.value`."""
    ours = pdfobjects.dictionary({key: pdfobjects.value(item, doc) for key, item in entries.items()})
    return format(PDFDictionary(entries), doc), ours


@pytest.mark.parametrize("count", [0, 1, 5, 6, 7, 12, 13, 20])
def test_dictionary_breaks_lines_as_reportlab_does(count: int, layout: int) -> None:
    doc = _document()
    entries = {f"K{n:02d}": n for n in reversed(range(count))}  # given unsorted: both sort the keys
    theirs, ours = _both(entries, doc)
    assert ours == theirs


@pytest.mark.parametrize("count", [0, 1, 9, 10, 11, 20, 21, 35])
def test_array_breaks_lines_as_reportlab_does(count: int, layout: int) -> None:
    doc = _document()
    refs = [PDFObjectReference(f"SE{n % 30}") for n in range(count)]
    ours = pdfobjects.array([pdfobjects.reference(doc, ref.name) for ref in refs])
    assert ours == format(PDFArray(refs), doc)


def test_nested_values_match(layout: int) -> None:
    doc = _document()
    inner = PDFDictionary({"Type": PDFName("MCR"), "Pg": PDFObjectReference("SE3"), "MCID": 7})
    theirs = format(PDFDictionary({"K": PDFArray([1, inner, PDFObjectReference("SE4")] * 5)}), doc)
    inner_ours = pdfobjects.dictionary({"Type": b"/MCR", "Pg": pdfobjects.reference(doc, "SE3"), "MCID": b"7"})
    ours = pdfobjects.dictionary({"K": pdfobjects.array([b"1", inner_ours, pdfobjects.reference(doc, "SE4")] * 5)})
    assert ours == theirs


@pytest.mark.parametrize("text", ["Table", "Column", "a b", "x(y)#z", "\u00e9t\u00e9", "\u05e9\u05dc\u05d5\u05dd", ""])
def test_names_are_escaped_as_reportlab_escapes_them(text: str) -> None:
    assert pdfobjects.name(text) == format(PDFName(text), _document())


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_text_values_match(text: str) -> None:
    doc = _document()
    theirs, ours = _both({"Alt": PDFString(text), "Lang": PDFString("ar")}, doc)
    assert ours == theirs


@pytest.mark.parametrize("number", [0, -3, 12, 10**12, 1.5, 612.0, -0.004, 123.456789, 1e-7, True])
def test_number_values_match(number: Any) -> None:
    doc = _document()
    assert pdfobjects.value(number, doc) == format(number, doc)


def test_prebuilt_object_is_written_as_its_bytes() -> None:
    doc = PDFDocument(invariant=1)
    obj = pdfobjects.Prebuilt()
    doc.Reference(obj, "Tree")
    obj.data = pdfobjects.dictionary({"Self": pdfobjects.reference(doc, "Tree")})
    number, _ = doc.idToObjectNumberAndVersion["Tree"]
    assert b"%d 0 obj\n<<\n/Self %d 0 R\n>>\nendobj\n" % (number, number) in doc.GetPDFData(None)
