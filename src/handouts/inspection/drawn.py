"""A Document from what the renderer recorded, without reading the PDF back.

Tagged text comes from `tagging.DrawnBox` (one per leaf: heading, paragraph,
cell...), narrowed to where its lines really end; furniture text, images,
rules, boxes and links come from the canvas's `pagelog.PageLog`. Fonts are
read from the font dictionaries ReportLab wrote, which are never compressed,
so a stray standard font (Helvetica) is caught without parsing the file.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from handouts.inspection.document import Document, FontUse, Settings
from handouts.tagging.pagelog import TextMark

if TYPE_CHECKING:
    from handouts.render.document import Rendered
    from handouts.tagging.nodes import DrawnBox

_BASE_FONT = re.compile(rb"/BaseFont /([^\s/<>\[\]()]+)")
_SUBTYPE = re.compile(rb"/Subtype /(\w+)")


def document_from_rendered(rendered: Rendered, name: str, settings: Settings) -> Document:
    if settings.margins is None:
        settings = dataclasses.replace(settings, margins=rendered.margins)
    log = rendered.page_log
    texts = [_text(box) for box in rendered.boxes if box.font_size > 0 and box.text.strip()]
    return Document(
        name=name,
        source="drawn",
        page_sizes=[rendered.page_size] * rendered.pages,
        settings=settings,
        texts=texts + list(log.texts),
        images=list(log.images),
        shapes=list(log.shapes),
        links=list(log.links),
        fonts=fonts_in(rendered.pdf),
        rendered=rendered,
        pdf=rendered.pdf,
    )


def _text(box: DrawnBox) -> TextMark:
    x0, x1 = box.text_extent or (box.x0, box.x1)
    return TextMark(box.page, x0, box.y0, x1, box.y1, True, box.text, "", box.font_size)


def fonts_in(pdf: bytes) -> list[FontUse]:
    """Fonts in a ReportLab-written PDF; embedded when the dictionary has a FontDescriptor.

    ReportLab embeds every TrueType font it writes (with a descriptor and
    FontFile2); the standard 14 fonts it writes have no descriptor. Its font
    dictionaries hold no nested dictionary, so each lies between the ``<<``
    before ``/Type /Font`` and the ``>>`` after it.
    """
    found: dict[str, FontUse] = {}
    start = 0
    while (at := pdf.find(b"/Type /Font", start)) != -1:
        start = at + 11
        if pdf[start : start + 1].isalnum():  # /FontDescriptor, /FontFile2
            continue
        body = pdf[pdf.rfind(b"<<", 0, at) : pdf.find(b">>", at)]
        base = _BASE_FONT.search(body)
        if base is None:
            continue
        subtype = _SUBTYPE.search(body)
        name = base.group(1).decode("latin-1")
        kind = subtype.group(1).decode("latin-1") if subtype else "?"
        embedded = b"/FontDescriptor" in body or kind in ("Type0", "Type3")
        found.setdefault(name, FontUse(name, kind, embedded))
    return list(found.values())
