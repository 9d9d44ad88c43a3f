"""Which characters the brand's fonts cannot draw, found before a build rather than during one.

ReportLab draws an empty box for a character a TrueType font lacks and says
nothing, so text is checked against each face's character map. At build
time `blocks.inline` checks every run it draws; this module lets
`handouts check --brand` find the same gaps up front, across every role,
source and layout at once, and names the face, the characters and where
each is first used, so an office can pick a font that covers them or fix
the text.

Data text may be printed in any face (a role's name is bold in a table
header, plain in a paragraph), so every data text is checked against all
four faces.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import Problem
from .fonts import FACES, FontSet, missing_glyphs
from .models import Brand

MAX_LISTED = 8
# Markup attributes whose text is printed (others are links, ids, sizes).
PRINTED_ATTRS = ("title", "subtitle", "caption")


@dataclasses.dataclass(frozen=True, slots=True)
class Text:
    """A text a handout may print, and where it comes from (for the message)."""

    origin: str
    text: str
    faces: tuple[str, ...] = FACES


def record_texts(value: Any, origin: str, path: str = "") -> Iterator[Text]:
    """Every string inside a record (dataclass, tuple, dict), labelled ``origin: field.path``."""
    if isinstance(value, str):
        yield Text(f"{origin}: {path}" if path else origin, value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if not f.metadata.get("internal"):
                yield from record_texts(getattr(value, f.name), origin, f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from record_texts(item, origin, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from record_texts(item, origin, f"{path}.{key}" if path else str(key))


def markup_texts(tree: Any, origin: str) -> Iterator[Text]:
    """Printed text in a parsed markup tree: element text and title-like attributes."""
    for element in tree.walk():
        for name in PRINTED_ATTRS:
            value = element.attrs.get(name)
            if isinstance(value, str):
                yield Text(f"{origin}: <{element.tag} {name}>", value)
        for child in element.children:
            if isinstance(child, str) and child.strip():
                yield Text(f"{origin}: <{element.tag}>", child)


def brand_texts(brand: Brand) -> Iterator[Text]:
    """What the page furniture prints from the brand, with the face it is printed in."""
    yield Text("brand.toml: name", brand.name, ("bold",))
    for field in ("short_name", "footer", "website"):
        value = getattr(brand, field)
        if value:
            yield Text(f"brand.toml: {field}", value, ("regular",))
    for f in dataclasses.fields(brand.contact):
        value = getattr(brand.contact, f.name)
        if value:
            yield Text(f"brand.toml: contact.{f.name}", value, ("regular",))


def check_glyphs(
    brand: Brand, fonts: FontSet, texts: Iterable[Text], file: str, lines: dict[str, int]
) -> list[Problem]:
    """One Problem per face that lacks characters, listing each with where it is first used."""
    names = {face: getattr(fonts, face) for face in FACES}
    gaps: dict[str, dict[str, str]] = {face: {} for face in FACES}
    for text in texts:
        for face in text.faces:
            for char in missing_glyphs(names[face], text.text):
                gaps[face].setdefault(char, text.origin)
    problems: list[Problem] = []
    for face in FACES:
        if not gaps[face]:
            continue
        chars = sorted(gaps[face])
        listed = ", ".join(f"'{c}' (U+{ord(c):04X}, in {gaps[face][c]})" for c in chars[:MAX_LISTED])
        more = f" and {len(chars) - MAX_LISTED} more" if len(chars) > MAX_LISTED else ""
        relative = getattr(brand.fonts, face)
        font = f"font '{Path(relative).name}'" if relative else "the built-in Open Sans font"
        fix = (
            "use a font that covers these characters, or change the text"
            if relative
            else f"give fonts.{face} a font that covers these characters, or change the text"
        )
        problems.append(
            Problem(
                file,
                lines.get(f"fonts.{face}", lines.get("fonts", 0)),
                f"fonts.{face}",
                f"{font} has no glyph for {listed}{more}",
                fix,
            )
        )
    return problems
