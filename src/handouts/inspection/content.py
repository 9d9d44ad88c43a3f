"""What is printed: text size, glyphs, fonts, image resolution, links, page count, file structure."""

from __future__ import annotations

import re
from collections.abc import Iterator

from handouts.errors import Problem
from handouts.inspection.document import Document
from handouts.inspection.registry import Finding, check, quote

ALLOWED_LINK = re.compile(r"^(?:https?://\S+|mailto:\S+@\S+|tel:[+0-9 ().-]+)$", re.I)
# Characters a text extractor gives for a glyph with no usable Unicode mapping.
_NOTDEF = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
_CID = re.compile(r"\(cid:\d+\)")


@check("text-size")
def small_text(doc: Document) -> Iterator[Finding]:
    """Text below the minimum size (7 pt unless the brand says otherwise): one warning per size and page."""
    limit = doc.settings.min_text_size
    seen: set[tuple[int, float]] = set()
    for text in doc.texts:
        if 0 < text.size < limit - 0.05 and text.text.strip():
            key = (text.page, round(text.size, 1))
            if key in seen:
                continue
            seen.add(key)
            yield Finding(
                text.page,
                text.x0,
                text.y1,
                quote(text.text),
                f"is set in {text.size:.1f} pt, below the {limit:g} pt minimum for print",
                "use a larger text style, or lower min_text_size in brand.toml if the font reads well that small",
                warning=True,
            )


@check("glyphs")
def missing_glyphs(doc: Document) -> Iterator[Finding]:
    """A glyph the font lacks prints as an empty box (.notdef); text without a Unicode mapping
    cannot be copied, searched or read aloud."""
    if doc.source == "drawn":
        yield from _drawn_glyphs(doc)
        return
    for text in doc.texts:
        if _CID.search(text.text):
            yield Finding(
                text.page,
                text.x0,
                text.y1,
                quote(text.text),
                "has characters with no Unicode mapping, so copying, searching and screen readers get nothing",
                "make the PDF with a font that has a Unicode character map (any TrueType font in handouts)",
            )
        elif _NOTDEF.search(text.text):
            yield Finding(
                text.page,
                text.x0,
                text.y1,
                quote(text.text.replace("\x00", "\u25af")),
                "draws a glyph the font does not have (.notdef), printed as an empty box",
                "use a font that covers these characters, or replace them",
            )


def _drawn_glyphs(doc: Document) -> Iterator[Finding]:
    """Body text is checked against the font as it is converted (blocks/inline); furniture text is checked here."""
    from handouts.inputs.fonts import missing_glyphs as font_missing

    for text in doc.texts:
        if not text.font:
            continue
        missing = font_missing(text.font, text.text)
        if missing:
            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
            yield Finding(
                text.page,
                text.x0,
                text.y1,
                quote(text.text),
                f"has characters the font cannot draw: {chars}; they print as empty boxes",
                "use a brand font that covers these characters, or replace them in brand.toml",
            )


@check("fonts")
def fonts_not_embedded(doc: Document) -> Iterator[Finding]:
    """A font that is not embedded is replaced by whatever the printer or viewer has."""
    for font in doc.fonts:
        if not font.embedded:
            yield Finding(
                font.page,
                font.x,
                font.y,
                f"font {font.name} ({font.subtype})",
                "is not embedded, so each printer or viewer substitutes its own font",
                "embed the font (handouts embeds its TrueType fonts; never let a standard font such as Helvetica in)",
            )


@check("images")
def low_resolution_images(doc: Document) -> Iterator[Finding]:
    """Images printed below the minimum resolution (150 dpi) look soft or jagged."""
    limit = doc.settings.min_dpi
    for image in doc.images:
        width_in = (image.x1 - image.x0) / 72
        height_in = (image.y1 - image.y0) / 72
        if width_in <= 0 or height_in <= 0 or not image.pixels[0] or not image.pixels[1]:
            continue
        dpi = min(image.pixels[0] / width_in, image.pixels[1] / height_in)
        if dpi < limit - 0.5:
            name = f'image "{image.name}"' if image.name else "an image"
            yield Finding(
                image.page,
                image.x0,
                image.y1,
                name,
                f"prints at {dpi:.0f} dpi ({image.pixels[0]}x{image.pixels[1]} pixels over "
                f"{width_in:.2f} x {height_in:.2f} in), below {limit:g} dpi",
                f"use an image of at least {int(width_in * limit + 0.5)}x{int(height_in * limit + 0.5)} pixels, "
                "or print it smaller",
                warning=True,
            )


@check("links")
def unsafe_links(doc: Document) -> Iterator[Finding]:
    """Links may only open web pages, e-mail or the phone: no files, scripts or programs."""
    for link in doc.links:
        if link.action == "URI" and ALLOWED_LINK.match(link.uri.strip()):
            continue
        if link.action in ("GoTo", "Dest"):
            continue  # a jump within the document
        target = link.uri or "(none)"
        yield Finding(
            link.page,
            link.x0,
            link.y1,
            f"link to {target[:80]!r}" if link.action == "URI" else f"link action {link.action} ({target[:60]!r})",
            "is not an http(s), mailto or tel link",
            "link only to https://, mailto: or tel: addresses",
        )


@check("pages")
def too_many_pages(doc: Document) -> Iterator[Finding]:
    limit = doc.settings.max_pages
    pages = len(doc.page_sizes)
    if limit and pages > limit:
        yield Finding(
            limit,
            0.0,
            doc.page_size(limit)[1],
            "",
            f"the handout runs to {pages} pages; the layout allows {limit}",
            "shorten the content, or use a layout with more room",
        )


@check("structure", modes=("file",))
def structure(doc: Document) -> Iterator[Problem]:
    """What qpdf (through pikepdf) finds wrong with the file itself."""
    for message in doc.structure:
        yield Problem(doc.name, 0, "PDF structure", message, "rebuild the PDF; a damaged file may not print")
