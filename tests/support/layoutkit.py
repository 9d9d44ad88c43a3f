"""Build a handout from a few lines of markup and read back its structure tree.

Element tests write a tiny layout into a temporary layout folder, render it
through the whole pipeline (template, markup, builders, render) and read the
PDF back with `pdfcheck.Pdf`, plus the structure tree here: each node's role,
alt text, attributes and the text drawn inside its marked content.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw

from handouts.build import Inputs, markup_for, render_handout
from handouts.inputs.fonts import load_fonts
from handouts.render.document import render
from handouts.render.fitting import Fit
from tests.conftest import PAIR
from tests.support.pdfcheck import Pdf

LAYOUT = """{{#-
roles: 1-3
max-pages: {pages}
description: test layout
-#}}
<handout title="{title}"{attrs}>
{body}
</handout>
"""


def layout_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "layouts"
    folder.mkdir(exist_ok=True)
    return folder


def write_layout(
    tmp_path: Path, body: str, *, attrs: str = "", title: str = "Test handout", pages: int = 0, name: str = "t"
) -> Path:
    folder = layout_folder(tmp_path)
    (folder / f"{name}.xml.j2").write_text(
        LAYOUT.format(body=body, attrs=" " + attrs if attrs else "", title=title, pages=pages), encoding="utf-8"
    )
    return folder


def render_markup(
    tmp_path: Path,
    body: str,
    *,
    attrs: str = "",
    roles: tuple[str, ...] = PAIR,
    brand: Path | None = None,
    data: list[Path] | None = None,
    tagged: bool = True,
    fit: Fit | None = None,
) -> Pdf:
    """The PDF for a layout whose <handout> holds ``body`` (Jinja allowed).

    ``fit``: set it at this one fitting step (`render.fitting`) instead of fitting it to its budget.
    """
    folder = write_layout(tmp_path, body, attrs=attrs)
    inputs = Inputs(data=data or [], layouts=[folder], brand=brand)
    if fit is not None:
        made = markup_for("t", roles, inputs)
        fonts = load_fonts(made.brand)
        return Pdf(render(made.tree, made.brand, fonts, made.catalog.sources, "t", tagged, [folder], fit=fit).pdf)
    rendered, _ = render_handout("t", roles, inputs, tagged=tagged)
    return Pdf(rendered.pdf)


def sample_image(path: Path, size: tuple[int, int] = (400, 200), fmt: str = "PNG") -> Path:
    """A small deterministic picture: a dark oval on a light field."""
    image = Image.new("RGB", size, (210, 225, 240))
    ImageDraw.Draw(image).ellipse((size[0] // 8, size[1] // 8, size[0] * 7 // 8, size[1] * 7 // 8), (31, 78, 121))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, fmt)
    return path


@dataclass
class Node:
    """One structure element as a reader meets it."""

    role: str
    alt: str | None
    attrs: dict[str, object]
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, role: str) -> list[Node]:
        return [n for n in self.walk() if n.role == role]

    def all_text(self) -> str:
        return " ".join(t for t in (n.text for n in self.walk()) if t)


def structure(pdf: Pdf) -> Node:
    """The structure tree with the text each node's marked content draws."""
    import pdfplumber

    texts: dict[tuple[int, int], list[str]] = {}
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        for number, page in enumerate(plumber.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    texts.setdefault((number, char["mcid"]), []).append(char["text"])
    with pikepdf.open(io.BytesIO(pdf.data)) as doc:
        pages = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
        root = doc.Root.StructTreeRoot

        def convert(obj, page: int | None) -> Node | None:
            if isinstance(obj, int):
                return Node("MCID", None, {}, "".join(texts.get((page, obj), [])))
            if not isinstance(obj, pikepdf.Dictionary):
                return None
            if obj.get("/Type") == "/MCR":
                return Node("MCID", None, {}, "".join(texts.get((pages[obj.Pg.objgen], int(obj.MCID)), [])))
            if "/S" not in obj:
                return None
            own_page = pages.get(obj.Pg.objgen, page) if "/Pg" in obj else page
            attrs = {str(k)[1:]: _plain(v) for k, v in obj.get("/A", {}).items()}
            node = Node(str(obj.S)[1:], str(obj.Alt) if "/Alt" in obj else None, attrs)
            kids = obj.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
            parts: list[str] = []
            for kid in kids:
                child = convert(kid, own_page)
                if child is None:
                    continue
                if child.role == "MCID":
                    parts.append(child.text)
                else:
                    node.children.append(child)
            node.text = " ".join(" ".join(parts).split())
            return node

        top = root.K
        node = convert(top if not isinstance(top, pikepdf.Array) else top[0], None)
        assert node is not None
        return node


def _plain(value: object) -> object:
    if isinstance(value, pikepdf.Name):
        return str(value)[1:]
    if isinstance(value, (int, float)):
        return value
    return str(value)


def raises_layout_error(tmp_path: Path, body: str, **kwargs) -> str:
    """Render ``body`` expecting a LayoutError; returns its message."""
    from handouts.errors import InvalidInput

    with pytest.raises(InvalidInput) as info:
        render_markup(tmp_path, body, **kwargs)
    return str(info.value)


def content_chars(pdf: Pdf, page: int = 0) -> list[dict]:
    """Characters of the handout's content: tagged, not page furniture (header band, footer)."""
    return [c for c in pdf.chars[page] if c.get("tag") not in (None, "Artifact")]


def content_words(pdf: Pdf, page: int = 0) -> list[dict]:
    """Words of the handout's content, with positions (pdfplumber: top-left origin)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        content = plumber.pages[page].filter(
            lambda o: o.get("object_type") != "char" or o.get("tag") not in (None, "Artifact")
        )
        return content.extract_words()
