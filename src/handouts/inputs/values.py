"""Parsers for the values an office writes: lengths, colours, links, web addresses, language tags.

Layout markup attributes, brand.toml keys and role data fields all take some
of the same kinds of value, and must refuse the same bad ones in the same
words. They live here, below both the input loaders and the markup
vocabulary, so that reading a brand kit or a role file never needs the
markup layer. Each parser takes the text as written and returns the parsed
value, or raises `InvalidValue` whose message says what would be valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from handouts.inputs.colors import parse_color


class InvalidValue(ValueError):
    """A value that does not parse; the message says what would be valid."""


Parser = Callable[[str], Any]

_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(pt|in|cm|mm)$")
_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}
BRAND_COLOURS = ("primary", "accent", "text", "background")


def text(value: str) -> str:
    return value


def length(value: str) -> float:
    """``12pt``, ``0.5in``, ``1cm`` or ``10mm`` as points."""
    match = _LENGTH.match(value.strip())
    if not match:
        raise InvalidValue(f"'{value}' is not a length; write a number with pt, in, cm or mm, e.g. 12pt")
    points = float(match.group(1)) * _UNITS[match.group(2)]
    if points > 2000:
        raise InvalidValue(f"'{value}' is larger than any page")
    return points


def widths(value: str) -> tuple[tuple[str, float], ...]:
    """Column widths: ``30%,35%,35%``, fixed lengths, or ``*`` for an equal share of the rest."""
    out: list[tuple[str, float]] = []
    for part in value.split(","):
        part = part.strip()
        if part == "*":
            out.append(("*", 0.0))
        elif part.endswith("%"):
            try:
                share = float(part[:-1])
            except ValueError:
                raise InvalidValue(f"'{part}' is not a percentage") from None
            if not 0 < share <= 100:
                raise InvalidValue(f"'{part}' must be between 0% and 100%")
            out.append(("%", share))
        else:
            out.append(("pt", length(part)))
    if sum(s for kind, s in out if kind == "%") > 100.5:
        raise InvalidValue(f"the percentages in '{value}' add up to more than 100%")
    return tuple(out)


def nonblank(value: str) -> str:
    """Text that must say something (alt text): empty or whitespace-only is refused."""
    if not value.strip():
        raise InvalidValue("must not be empty; describe what the picture shows for a reader who cannot see it")
    return value.strip()


def number(value: str) -> float:
    """A plain number as written in data: ``44200``, ``12.5`` or ``-3`` (jobs can decline); no units or commas."""
    if not re.fullmatch(r"-?\d{1,12}(?:\.\d{1,6})?", value.strip()):
        raise InvalidValue(f"'{value}' is not a number; write digits only, e.g. 44200 or 12.5")
    return float(value)


def web_url(value: str) -> str:
    """A web address for a QR code: http(s) only, short enough to scan from paper."""
    value = value.strip()
    if len(value) > 300:
        raise InvalidValue("the address is longer than 300 characters; a QR code that dense will not scan")
    if not re.match(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"]*)?$", value):
        raise InvalidValue(f"'{value}' is not a web address; write one starting with https://")
    return value


_ASSET = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.(?:png|jpe?g)$", re.I)


def asset(value: str) -> str:
    """An image file named relative to the layout or brand kit folder: no URL, no absolute path, no ``..``."""
    value = value.strip()
    if "://" in value or value.lower().startswith(("data:", "file:")):
        raise InvalidValue(f"'{value}' is a URL; images are never fetched, put the file in your layout folder")
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in parts:
        raise InvalidValue(f"'{value}' points outside the layout and brand folders; name a file inside them")
    if not re.search(r"\.(?:png|jpe?g)$", value, re.I):
        raise InvalidValue(
            f"'{value}' is not an image file name; use a .png or .jpg file in the layout or brand kit folder"
        )
    if not _ASSET.match(value):
        raise InvalidValue(f"'{value}': name image files with letters, digits, -, _ and . only (no spaces)")
    return value


def boolean(value: str) -> bool:
    if value not in ("true", "false"):
        raise InvalidValue(f"'{value}' is not true or false")
    return value == "true"


def integer(low: int, high: int) -> Parser:
    def parse(value: str) -> int:
        if not re.fullmatch(r"\d{1,6}", value.strip()):
            raise InvalidValue(f"'{value}' is not a whole number")
        number = int(value)
        if not low <= number <= high:
            raise InvalidValue(f"{number} is outside {low}-{high}")
        return number

    parse.bounds = (low, high)  # type: ignore[attr-defined]  # for the markup reference (docs)
    return parse


def choice(*options: str) -> Parser:
    def parse(value: str) -> str:
        if value not in options:
            from handouts.errors import suggest

            hint = suggest(value, options)
            close = f"; {hint}" if hint.startswith("did you mean") else ""
            raise InvalidValue(f"'{value}' is not one of {', '.join(options)}{close}")
        return value

    parse.options = options  # type: ignore[attr-defined]  # for the markup reference (docs)
    return parse


def color(value: str) -> str:
    """A brand colour name (primary, accent, text, background) or a hex colour; never an expression."""
    if value in BRAND_COLOURS:
        return value
    if re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", value) and (rgb := parse_color(value)):
        return rgb.hex
    raise InvalidValue(f"'{value}' is not a colour; write primary, accent, text, background or #rrggbb")


def url(value: str) -> str:
    """Links may only be http(s), mailto or tel: no javascript:, file: or relative paths."""
    value = value.strip()
    if re.match(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"]*)?$", value):
        return value
    if re.match(r"^mailto:[^\s<>\"@]+@[^\s<>\"@]+$", value) or re.match(r"^tel:\+?[0-9 ().-]{3,30}$", value):
        return value
    raise InvalidValue(f"'{value}' is not an allowed link; write an https://, mailto: or tel: address")


def ident(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", value):
        raise InvalidValue(f"'{value}' is not an id; use lowercase letters, digits and dashes")
    return value


def language(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise InvalidValue(f"'{value}' is not a language tag; write e.g. en-US or es")
    return value


def margins(value: str) -> tuple[float, float, float, float]:
    """One length for all sides, or four: top right bottom left (as in CSS)."""
    parts = value.split()
    if len(parts) == 1:
        return (length(parts[0]),) * 4
    if len(parts) == 4:
        top, right, bottom, left = (length(p) for p in parts)
        return top, right, bottom, left
    raise InvalidValue(f"'{value}' must be one length or four (top right bottom left), e.g. 0.6in")
