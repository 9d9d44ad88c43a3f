"""Read a PDF's structure tree back, with the text each element marks, as a screen reader walks it.

pikepdf gives the tree; pdfplumber gives every character with the MCID of
the marked-content sequence it is drawn in. Walking the tree in order and
joining the characters of each MCID is the text a screen reader would read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
import pikepdf


@dataclass
class Elem:
    role: str
    obj: Any
    page: int | None
    alt: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    kids: list[Any] = field(default_factory=list)  # Elem | Text | Objr

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Elem):
                yield from kid.walk()

    @property
    def text(self) -> str:
        """All text inside, in tree order, whitespace collapsed."""
        parts = []
        for kid in self.kids:
            if isinstance(kid, Text):
                parts.append(kid.text)
            elif isinstance(kid, Elem):
                parts.append(" " + kid.text + " " if kid.role in BLOCKS else kid.text)
        return " ".join("".join(parts).split())

    def find(self, role: str) -> list[Elem]:
        return [e for e in self.walk() if e.role == role]


BLOCKS = {
    "P",
    "H1",
    "H2",
    "H3",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "THead",
    "TBody",
    "TR",
    "TH",
    "TD",
    "Div",
    "Sect",
    "Figure",
    "Form",
}


@dataclass
class Text:
    page: int
    mcid: int
    text: str


@dataclass
class Objr:
    page: int | None
    obj: Any


class Structure:
    """A PDF's structure tree and the text of each MCID."""

    def __init__(self, data: bytes) -> None:
        self.pdf = pikepdf.open(io.BytesIO(data))
        self.page_numbers = {p.obj.objgen: i for i, p in enumerate(self.pdf.pages)}
        self.mcid_text: dict[tuple[int, int], str] = {}
        self.artifact_text: list[str] = []
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for number, page in enumerate(plumber.pages):
                last_top: dict[int, float] = {}
                for char in page.chars:
                    mcid = char.get("mcid")
                    if mcid is None:
                        if char.get("tag") == "Artifact":
                            self.artifact_text.append(char["text"])
                        continue
                    key = (number, mcid)
                    gap = " " if key in self.mcid_text and abs(last_top[mcid] - char["top"]) > 1 else ""
                    self.mcid_text[key] = self.mcid_text.get(key, "") + gap + char["text"]
                    last_top[mcid] = char["top"]
        root = self.pdf.Root.StructTreeRoot
        self.root = self._read(root.K, None)

    def _read(self, obj: Any, page: int | None) -> Elem:
        if "/Pg" in obj:
            page = self.page_numbers[obj.Pg.objgen]
        attrs: dict[str, Any] = {}
        a = obj.get("/A")
        for d in a if isinstance(a, pikepdf.Array) else ([a] if a is not None else []):
            attrs.update({str(k)[1:]: _value(v) for k, v in d.items()})
        elem = Elem(str(obj.S)[1:], obj, page, str(obj.Alt) if "/Alt" in obj else None, attrs)
        k = obj.get("/K")
        for kid in k if isinstance(k, pikepdf.Array) else ([] if k is None else [k]):
            if isinstance(kid, int):
                elem.kids.append(Text(page, kid, self.mcid_text.get((page, kid), "")))
            elif kid.get("/Type") == "/MCR":
                kid_page = self.page_numbers[kid.Pg.objgen]
                elem.kids.append(Text(kid_page, int(kid.MCID), self.mcid_text.get((kid_page, int(kid.MCID)), "")))
            elif kid.get("/Type") == "/OBJR":
                elem.kids.append(Objr(self.page_numbers.get(kid.Pg.objgen) if "/Pg" in kid else page, kid.Obj))
            else:
                elem.kids.append(self._read(kid, page))
        return elem

    def outline(self, roles: set[str] | None = None) -> list[tuple[str, str]]:
        """(role, text) of every element in reading order, optionally only some roles."""
        return [(e.role, e.text) for e in self.root.walk() if roles is None or e.role in roles]


def _value(v: Any) -> Any:
    if isinstance(v, pikepdf.Name):
        return str(v)[1:]
    if isinstance(v, pikepdf.String):
        return str(v)
    if isinstance(v, pikepdf.Array):
        return [float(x) for x in v]
    return v
