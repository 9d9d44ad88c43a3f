"""A Document read back from any PDF file, with pdfplumber (text, images, rules) and pikepdf (fonts, links, structure).

Both libraries are imported here only, so `handouts build` never loads
them. Characters are grouped into runs as they were drawn (same font, size
and baseline, left to right, no wider gap than a space), which is what a
reader sees as a piece of a line; a run's box is its glyphs' box from
descender to ascender.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from handouts.inspection.document import Document, FontUse, Settings
from handouts.tagging.pagelog import ImageMark, LinkMark, ShapeMark, TextMark

LINE_THICKNESS = 1.5  # a filled or stroked rectangle thinner than this is drawn as a rule
GAP = 0.3  # em: a wider gap between two characters, with no space between them, ends a run (a space is ~0.26 em)


def read_pdf(path: Path | str, settings: Settings, name: str | None = None) -> Document:
    import pikepdf

    path = Path(path)
    data = path.read_bytes()
    shown = name or str(path)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        return Document(shown, "file", [(612.0, 792.0)], settings, structure=[f"cannot be opened: {exc}"], pdf=data)
    with pdf:
        structure = [str(p) for p in pdf.check_pdf_syntax()]
        page_sizes = [(float(p.mediabox[2] - p.mediabox[0]), float(p.mediabox[3] - p.mediabox[1])) for p in pdf.pages]
        links = [link for number, page in enumerate(pdf.pages) for link in _links(number, page)]
        fonts = _fonts(pdf)
    doc = Document(shown, "file", page_sizes or [(612.0, 792.0)], settings, links=links, structure=structure, pdf=data)
    try:
        _read_content(doc, data)
    except Exception as exc:  # pdfminer raises many kinds on damaged files; the file is what is wrong
        doc.structure.append(f"the page content cannot be read ({type(exc).__name__}: {str(exc)[:200]})")
        return doc
    first_use: dict[str, TextMark] = {}
    for text in doc.texts:
        first_use.setdefault(getattr(text, "_font_key", text.font), text)
    for font in fonts:
        use = first_use.get(font.name)
        if use is not None:
            font.page, font.x, font.y = use.page, use.x0, use.y1
    doc.fonts = fonts
    return doc


def _read_content(doc: Document, data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            runs = _runs(number, page.chars)
            doc.texts += [run for run, _ in runs]
            doc.images += [_image(number, im) for im in page.images]
            shapes = [_shape(number, obj) for obj in [*page.lines, *page.rects]]
            doc.shapes += [s for s in shapes if s is not None and not _is_underline(s, runs)]


def _runs(page: int, chars: list[dict[str, Any]]) -> list[tuple[TextMark, float]]:
    """Characters grouped as drawn into runs; each with its baseline."""
    runs: list[tuple[TextMark, float]] = []
    current: list[dict[str, Any]] = []

    def flush() -> None:
        ink = [c for c in current if not c["text"].isspace()]
        if ink:
            baseline = ink[0]["matrix"][5]
            run = TextMark(
                page,
                min(c["x0"] for c in ink),
                min(c["y0"] for c in ink),
                max(c["x1"] for c in ink),
                max(c["y1"] for c in ink),
                True,
                "".join(c["text"] for c in current).strip(),
                ink[0]["fontname"],
                float(ink[0]["size"]),
            )
            runs.append((run, baseline))
        current.clear()

    for char in chars:
        if current:
            last = current[-1]
            # Words are joined by a space character; a wider gap without one is two pieces of text side by
            # side (a diagram's labels), which must not be read as one run across the empty space.
            spaced = last["text"].isspace() or char["text"].isspace()
            reach = char["size"] if spaced else GAP * char["size"]
            same = (
                char["fontname"] == last["fontname"]
                and abs(char["size"] - last["size"]) < 0.01
                and abs(char["matrix"][5] - last["matrix"][5]) < 0.01
                and char["upright"] == last["upright"]
                and last["x0"] - 0.01 <= char["x0"] <= last["x1"] + reach
            )
            if not same:
                flush()
        current.append(char)
    flush()
    return runs


def _image(page: int, image: dict[str, Any]) -> ImageMark:
    width, height = image.get("srcsize") or (0, 0)
    name = str(image.get("name", ""))
    return ImageMark(page, image["x0"], image["y0"], image["x1"], image["y1"], True, name, (int(width), int(height)))


def _shape(page: int, obj: dict[str, Any]) -> ShapeMark | None:
    thin = min(obj["x1"] - obj["x0"], obj["y1"] - obj["y0"]) < LINE_THICKNESS
    if obj["object_type"] == "line" or thin:
        if not obj.get("stroke", True) and not obj.get("fill", False):
            return None
        return ShapeMark(page, obj["x0"], obj["y0"], obj["x1"], obj["y1"], True, "line")
    if obj.get("fill"):
        return ShapeMark(page, obj["x0"], obj["y0"], obj["x1"], obj["y1"], True, "box")
    return None


def _is_underline(shape: ShapeMark, runs: list[tuple[TextMark, float]]) -> bool:
    """A horizontal rule just under a run's baseline, no wider than the run, is its underline."""
    if shape.kind != "line" or shape.y1 - shape.y0 > LINE_THICKNESS:
        return False
    for run, baseline in runs:
        size = run.size
        if baseline - 0.35 * size <= shape.y0 <= baseline and shape.x0 >= run.x0 - size and shape.x1 <= run.x1 + size:
            return True
    return False


def _links(page_number: int, page: Any) -> list[LinkMark]:
    out: list[LinkMark] = []
    for annot in page.obj.get("/Annots", []) or []:
        if annot.get("/Subtype") != "/Link":
            continue
        rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
        x0, x1 = sorted((rect[0], rect[2]))
        y0, y1 = sorted((rect[1], rect[3]))
        action = annot.get("/A")
        if action is None:
            out.append(LinkMark(page_number, x0, y0, x1, y1, True, "", "GoTo"))
            continue
        kind = str(action.get("/S", "/?")).lstrip("/")
        target = action.get("/URI") or action.get("/F") or action.get("/JS") or ""
        out.append(LinkMark(page_number, x0, y0, x1, y1, True, str(target), kind))
    return out


def _fonts(pdf: Any) -> list[FontUse]:
    import pikepdf

    found: dict[str, FontUse] = {}

    def visit(resources: Any, depth: int = 0) -> None:
        if resources is None or depth > 8:
            return
        fonts = resources.get("/Font") or {}
        for key in fonts:
            font = fonts[key]
            name = str(font.get("/BaseFont", key)).lstrip("/")
            subtype = str(font.get("/Subtype", "/?")).lstrip("/")
            found.setdefault(name, FontUse(name, subtype, _embedded(font, subtype)))
        xobjects = resources.get("/XObject") or {}
        for key in xobjects:
            xobject = xobjects[key]
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"), depth + 1)

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return list(found.values())


def _embedded(font: Any, subtype: str) -> bool:
    if subtype == "Type3":
        return True  # glyphs are drawn by the PDF itself
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
