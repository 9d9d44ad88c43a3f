"""A Document read back from any PDF file, with pdfplumber (text, images, rules) and pikepdf (fonts, links, structure).

Both libraries are imported here only, so `handouts build` never loads
them. Characters are grouped into runs as they were drawn (same font, size
and baseline, left to right, no wider gap than a space), which is what a
reader sees as a piece of a line; a run's box is its glyphs' box from
descender to ascender.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from handouts.inspection.document import Document, FontUse, Settings
from handouts.inspection.limits import open_checked
from handouts.inspection.pageplan import plan_pages
from handouts.inspection.syntax import syntax_problems
from handouts.tagging.pagelog import ImageMark, LinkMark, ShapeMark, TextMark

LINE_THICKNESS = 1.5  # a filled or stroked rectangle thinner than this is drawn as a rule
GAP = 0.3  # em: a wider gap between two characters, with no space between them, ends a run (a space is ~0.26 em)


def read_pdf(path: Path | str, settings: Settings, name: str | None = None) -> Document:
    """The file read back; raises `errors.UnsafePDF` (reading nothing) when a stream decodes past the limits.

    Text, images and rules are read from the pages `pageplan` chooses;
    fonts, links, page sizes and qpdf's structural check cover every page.
    pdfplumber reads the file as qpdf wrote it back out, after every stream
    in it was measured: the two libraries parse a damaged or deliberately
    ambiguous file differently, and this way pdfminer can only meet the
    objects that were measured.
    """
    import pikepdf

    path = Path(path)
    data = path.read_bytes()
    shown = name or str(path)
    try:
        pdf = open_checked(data, shown, settings.limits)
    except pikepdf.PdfError as exc:
        return Document(shown, "file", [(612.0, 792.0)], settings, structure=[f"cannot be opened: {exc}"], pdf=data)
    with pdf:
        plan = plan_pages(pdf, settings.page_budget)
        structure = syntax_problems(pdf)
        page_sizes = [(float(p.mediabox[2] - p.mediabox[0]), float(p.mediabox[3] - p.mediabox[1])) for p in pdf.pages]
        links = [link for number, page in enumerate(pdf.pages) for link in _links(number, page)]
        fonts = _fonts(pdf)
        copy: io.BytesIO | None = io.BytesIO()
        try:
            pdf.save(copy, stream_decode_level=pikepdf.StreamDecodeLevel.none, deterministic_id=True)
        except pikepdf.PdfError as exc:
            structure.append(f"the page content cannot be read (qpdf cannot write the file back: {str(exc)[:200]})")
            copy = None
    doc = Document(
        shown, "file", page_sizes or [(612.0, 792.0)], settings, links=links, structure=structure, pdf=data, plan=plan
    )
    if copy is None:
        return doc
    try:
        _read_content(doc, copy.getvalue(), plan.read)
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


def _read_content(doc: Document, data: bytes, pages: Sequence[int]) -> None:
    """Text runs, images and shapes of ``pages`` (0-based); each page's parse is let go once read."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data), pages=[number + 1 for number in pages]) as pdf:
        for page in pdf.pages:
            number = page.page_number - 1
            chars, images, shapes = _layout(page.layout)
            page.close()
            runs = _runs(number, chars)
            doc.texts += [run for run, _ in runs]
            doc.images += [_image(number, im) for im in images]
            marks = [_shape(number, obj) for obj in shapes]
            doc.shapes += [s for s in marks if s is not None and not _is_underline(s, runs)]


def _layout(layout: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Characters, images, and lines and rectangles of a page as pdfminer laid them out, in drawing order.

    pdfplumber's own ``page.chars`` turns every attribute of every object into a
    dictionary (half the time of reading a page); only the few used here are
    taken, under pdfplumber's names. Coordinates are pdfminer's: from the page
    box's lower-left corner, as the page sizes are.
    """
    from pdfminer.layout import LTChar, LTContainer, LTImage, LTLine, LTRect

    chars: list[dict[str, Any]] = []
    images: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []

    def visit(container: Any) -> None:
        for obj in container:
            if isinstance(obj, LTChar):
                font = obj.fontname
                chars.append(
                    {
                        "text": obj.get_text(),
                        "fontname": font.decode("latin-1") if isinstance(font, bytes) else font,
                        "size": obj.size,
                        "matrix": obj.matrix,
                        "upright": obj.upright,
                        "x0": obj.x0,
                        "y0": obj.y0,
                        "x1": obj.x1,
                        "y1": obj.y1,
                    }
                )
            elif isinstance(obj, LTImage):
                images.append({"srcsize": obj.srcsize, "name": obj.name, **_box(obj)})
            elif isinstance(obj, (LTLine, LTRect)):
                kind = "line" if isinstance(obj, LTLine) else "rect"
                shapes.append({"object_type": kind, "stroke": obj.stroke, "fill": obj.fill, **_box(obj)})
            elif isinstance(obj, LTContainer):  # a form XObject (LTFigure): its content, in place
                visit(obj)

    visit(layout)
    return chars, images, shapes


def _box(obj: Any) -> dict[str, float]:
    return {"x0": obj.x0, "y0": obj.y0, "x1": obj.x1, "y1": obj.y1}


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
    visited: set[tuple[int, int]] = set()  # a print file's copies share their resources: look once

    def visit(resources: Any, depth: int = 0) -> None:
        if resources is None or depth > 8:
            return
        if resources.is_indirect:
            if resources.objgen in visited:
                return
            visited.add(resources.objgen)
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
