"""The stand-in values `handouts new brand` writes, and finding them still in a brand kit.

A new kit builds at once, so an office sees its handouts before it has
filled everything in; but a stand-in phone number, e-mail address, web
address or logo must never reach 400 printed copies unnoticed. The scaffold
(`scaffold.brand`) writes exactly these values; `handouts check` warns about
each one still present, and ``--strict`` (build or check) refuses.

A web or e-mail address at the scaffold's domain (example.edu or
www.example.edu) is a placeholder whatever its path or name: no school's
page lives there. A QR code is never drawn for one (see
`render.blocks.qrcodes`): its target cannot be proofread by eye, while the
printed address can. Other documentation domains (example.com, a .example
name) are left alone: tests and the example kits use them on purpose.

The placeholder logo is recognised by a text chunk the scaffold writes into
the PNG (`LOGO_MARK`), so a real logo of the same size is never mistaken
for it.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from handouts.errors import Problem
from handouts.inputs.models import Brand

NAME = "Your School Name"
WEBSITE = "https://www.example.edu/careers"
PHONE = "(555) 010-0100"
EMAIL = "careers@example.edu"
ADDRESS = "Room 101, Main Building"
# The PNG text chunk (key, value) that marks the scaffold's logo.
LOGO_MARK = ("handouts", "placeholder logo")

PLACEHOLDER_HOSTS = ("example.edu", "www.example.edu")
_DIGITS = re.compile(r"\D")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_placeholder_host(host: str) -> bool:
    """True for the scaffold's domain, example.edu, with or without www."""
    return host.lower().rstrip(".") in PLACEHOLDER_HOSTS


def is_placeholder_address(address: str) -> bool:
    """True for a web address or e-mail address at the scaffold's domain (with or without a scheme)."""
    text = address.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if "@" in text and "://" not in text:
        return is_placeholder_host(text.rsplit("@", 1)[1])
    try:
        host = urlsplit(text if "://" in text else "https://" + text).hostname or ""
    except ValueError:
        return False
    return is_placeholder_host(host)


def is_placeholder_phone(phone: str) -> bool:
    return _DIGITS.sub("", phone) == _DIGITS.sub("", PHONE)


def is_placeholder_logo(path: Path) -> bool:
    """True when the image carries the scaffold's mark, read from the PNG's text chunks only.

    The chunks are walked by hand: Pillow's ``Image.text`` decodes every pixel
    to reach chunks after the image data, which cost ~9 ms a document in a print job.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if not data.startswith(_PNG_SIGNATURE):
        return False
    key, value = (part.encode("latin-1") for part in LOGO_MARK)
    at = len(_PNG_SIGNATURE)
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"IEND" or len(body) < length:
            return False
        if _text_chunk(kind, body, key) == value:
            return True
        at += 12 + length  # length, type, body, CRC
    return False


def _text_chunk(kind: bytes, body: bytes, key: bytes) -> bytes | None:
    """The text of a tEXt, zTXt or iTXt chunk whose keyword is ``key`` (None for any other chunk)."""
    name, sep, rest = body.partition(b"\0")
    if not sep or name != key:
        return None
    try:
        if kind == b"tEXt":
            return rest
        if kind == b"zTXt":
            return zlib.decompress(rest[1:]) if rest[:1] == b"\0" else None
        if kind == b"iTXt" and len(rest) >= 2:
            compressed, text = rest[0], rest[2:].split(b"\0", 2)[-1]  # skip language tag and translated keyword
            return zlib.decompress(text) if compressed else text
    except zlib.error:
        return None
    return None


def placeholder_problems(brand: Brand, file: str, lines: dict[str, int]) -> list[Problem]:
    """A warning for each stand-in value from `handouts new brand` still in ``brand``."""
    found: list[tuple[str, str, str]] = []  # (key, what, fix)
    if brand.name.strip() == NAME:
        found.append(("name", f"'{NAME}' is the placeholder name", "write your school's or office's name"))
    if brand.logo and brand.folder and is_placeholder_logo(Path(brand.folder) / brand.logo):
        found.append(
            ("logo", f"'{brand.logo}' is the placeholder \"YOUR LOGO\" image", "put your own logo file in the kit")
        )
    if brand.website and is_placeholder_address(brand.website):
        found.append(
            (
                "website",
                f"'{brand.website}' is a placeholder address (no QR code is drawn for it)",
                "write your office's web page, e.g. https://www.yourschool.edu/careers",
            )
        )
    contact = brand.contact
    if contact.phone and is_placeholder_phone(contact.phone):
        found.append(
            ("contact.phone", f"'{contact.phone}' is the placeholder phone number", "write your office's number")
        )
    if contact.email and is_placeholder_address(contact.email):
        found.append(
            ("contact.email", f"'{contact.email}' is a placeholder address", "write your office's e-mail address")
        )
    if contact.address and contact.address.strip() == ADDRESS:
        found.append(("contact.address", f"'{ADDRESS}' is the placeholder address", "write where your office is"))
    problems = [
        Problem(file, lines.get(key, 0), key, f"{what}, from 'handouts new brand'", fix, warning=True)
        for key, what, fix in found
    ]
    return sorted(problems, key=lambda p: p.line)
