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
from typing import Any

from handouts.errors import Problem
from handouts.inputs.fonts import FACES, FontSet, missing_glyphs
from handouts.inputs.models import Brand

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
    """One Problem per group of faces lacking the same characters, naming where each is first used."""
    names = {face: getattr(fonts, face) for face in FACES}
    gaps: dict[str, dict[str, str]] = {face: {} for face in FACES}
    for text in texts:
        for face in text.faces:
            for char in missing_glyphs(names[face], text.text):
                gaps[face].setdefault(char, text.origin)
    groups: dict[tuple[str, ...], list[str]] = {}
    for face in FACES:
        if gaps[face]:
            groups.setdefault(tuple(sorted(gaps[face])), []).append(face)
    problems: list[Problem] = []
    for chars, faces in groups.items():
        where = f"fonts.{faces[0]}" if len(faces) == 1 else "fonts (" + ", ".join(faces) + ")"
        files = [getattr(brand.fonts, face) for face in faces]
        plural = len(faces) > 1
        if any(files):
            font = ", ".join(f"'{f}'" if f else "the built-in Open Sans" for f in files)  # as brand.toml names it
            fix = "use fonts that cover these characters, or change the text"
        else:
            font = "the built-in Open Sans fonts" if plural else "the built-in Open Sans font"
            fix = (
                "set [fonts] in a brand kit to TrueType files that cover these characters "
                "(e.g. a Noto Sans family), or change the text"
            )
        problems.append(
            Problem(
                file,
                lines.get(f"fonts.{faces[0]}", lines.get("fonts", 0)),
                where,
                f"{font} {'have' if plural else 'has'} no glyph for {_listed(chars, gaps[faces[0]])}",
                fix,
            )
        )
    return problems


def _listed(chars: tuple[str, ...], origins: dict[str, str]) -> str:
    """'a' (U+0061), 'b' (U+0062) in file: field; ... grouped by where each is first used."""
    by_origin: dict[str, list[str]] = {}
    for char in chars[:MAX_LISTED]:
        by_origin.setdefault(origins[char], []).append(f"'{char}' (U+{ord(char):04X})")
    parts = [f"{', '.join(listed)} in {origin}" for origin, listed in by_origin.items()]
    more = f"; and {len(chars) - MAX_LISTED} more" if len(chars) > MAX_LISTED else ""
    return "; ".join(parts) + more
