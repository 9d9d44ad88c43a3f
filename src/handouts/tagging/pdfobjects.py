"""Faster PDF dictionaries for the many small objects of a structure tree.

A tagged two-page handout has a few hundred StructElem dictionaries.
ReportLab formats every key and value through its generic ``format`` and
its PDF text codec, which made writing the tree about a fifth of a build.
`PlainDict` writes the values a structure tree holds (names, integers,
references and arrays of them) directly and hands anything else to
ReportLab, laid out as ReportLab lays out a dictionary, so the file is
byte-for-byte the same.

`Prebuilt` goes further for the structure tree itself: its objects are
formatted straight to bytes with `dictionary`, `array` and `reference`
(laid out as ReportLab lays them out) once every object has its number,
so ReportLab creates and walks no objects for them at all.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFObjectReference, format

_KEYS: dict[str, bytes] = {}


def _key(name: str) -> bytes:
    encoded = _KEYS.get(name)
    if encoded is None:
        encoded = _KEYS[name] = PDFName(name).encode("ascii")
    return encoded


def _value(value: Any, document: Any) -> bytes:
    kind = type(value)
    if kind is str and value.isascii():  # names (PDFName returns "/Name") and plain words
        return value.encode("ascii")
    if kind is int:
        return b"%d" % value
    if kind is PDFObjectReference:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if kind is PDFArray:
        return b"[ " + _join([_value(v, document) for v in value.sequence], 10) + b" ]"
    return format(value, document)


def _join(parts: list[bytes], every: int) -> bytes:
    """ReportLab's single-line layout: space-separated, a line break before every ``every``-th item."""
    if len(parts) <= every and not rl_config.pdfMultiLine:  # the common case, first
        return b" ".join(parts)
    if rl_config.pdfMultiLine:
        return b"\n ".join(parts)
    if len(parts) > every:
        for i in reversed(range(every, len(parts), every)):
            parts.insert(i, b"\n ")
    return b" ".join(parts)


class PlainDict(PDFDictionary):
    """A PDFDictionary that writes the same bytes as ReportLab's, faster for plain values."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        if rl_config.pdfMultiLine:
            return super().format(document, IND)
        items = self.dict
        lines = [_key(k) + b" " + _value(items[k], document) for k in sorted(items)]
        return b"<<\n" + _join(lines, 6) + b"\n>>"


class Prebuilt(PDFObject):
    """An indirect object whose bytes are made before ReportLab formats the file (`data`, set once numbered)."""

    def __init__(self) -> None:
        self.data = b""

    def format(self, document: Any) -> bytes:
        return self.data


def dictionary(entries: dict[str, bytes]) -> bytes:
    """A dictionary of formatted values as ReportLab writes one: keys sorted, six entries to a line."""
    keys = _KEYS
    return b"<<\n" + _join([(keys.get(k) or _key(k)) + b" " + entries[k] for k in sorted(entries)], 6) + b"\n>>"


def array(items: list[bytes]) -> bytes:
    """An array of formatted items as ReportLab writes one: ten to a line."""
    return b"[ " + _join(items, 10) + b" ]"


def reference(document: Any, name: str) -> bytes:
    """``n v R`` for the object registered under ``name`` (it must be registered already)."""
    return b"%d %d R" % document.idToObjectNumberAndVersion[name]


def name(text: str) -> bytes:
    """A PDF name (``/Table``), escaped as ReportLab's PDFName escapes it."""
    return PDFName(text).encode("ascii")


def value(item: Any, document: Any) -> bytes:
    """Any other value (a number, a PDFString...) as ReportLab formats it."""
    return b"%d" % item if type(item) is int else format(item, document)
