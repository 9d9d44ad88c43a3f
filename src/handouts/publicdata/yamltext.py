"""A small YAML writer for the block style the project's data files use.

Every text is written double-quoted with JSON-style escapes, so nothing in
it (a colon, a leading dash, "NO", "012345") can change its type or the
structure when `handouts check` reads it back; numbers and true/false are
written bare. Characters YAML reads as line breaks (U+0085, U+2028, U+2029)
or refuses (other controls, U+FEFF) are escaped too.
"""

from __future__ import annotations

import json
import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return quote(str(value))


class Document:
    """Lines of YAML built in order; ``text()`` joins them with a final newline."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, text: str, indent: int = 0) -> None:
        for line in text.splitlines() or [""]:
            self.lines.append(" " * indent + ("# " + line).rstrip())

    def blank(self) -> None:
        self.lines.append("")

    def field(self, key: str, value: object, indent: int = 0) -> None:
        self.lines.append(f"{' ' * indent}{key}: {scalar(value)}")

    def key(self, key: str, indent: int = 0, empty: str | None = None) -> None:
        """``key:`` opening a block, or ``key: []`` / ``key: {}`` when ``empty`` is given."""
        self.lines.append(f"{' ' * indent}{key}:" + (f" {empty}" if empty else ""))

    def texts(self, key: str, items: list[str], indent: int = 0) -> None:
        """A list of texts, or ``key: []`` when there are none."""
        if not items:
            self.key(key, indent, "[]")
            return
        self.key(key, indent)
        for item in items:
            self.lines.append(f"{' ' * (indent + 2)}- {quote(item)}")

    def entry(self, fields: list[tuple[str, object]], indent: int = 0) -> None:
        """One mapping in a list: ``- first: ...`` then the other fields under it."""
        for position, (key, value) in enumerate(fields):
            lead = "- " if position == 0 else "  "
            self.lines.append(f"{' ' * indent}{lead}{key}: {scalar(value)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
