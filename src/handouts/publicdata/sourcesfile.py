"""Adding a source to a data folder's sources.yaml without disturbing what is already there.

The office's own entries, comments and layout stay byte for byte: the new
entry is appended to the ``sources:`` list in the list's own indentation, and
the result is read back with the project's loader before it is written, so a
file this cannot extend safely is refused (with the entry to paste) rather
than rewritten. An id already present is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from handouts.errors import DataError, Problem
from handouts.inputs import roles as data
from handouts.inputs import schema
from handouts.paths import display_path
from handouts.publicdata.yamltext import Document, quote

HEADER = (
    "# Sources that the role files in roles/ cite. Every figure names one of these ids in its\n"
    "# `source` field, and each role lists the ids its text draws on.\n"
)


def entry_text(fields: list[tuple[str, object]], indent: int) -> str:
    doc = Document()
    doc.entry(fields, indent)
    return doc.text()


def _ids(text: str, shown: str) -> list[str]:
    root = data.parse_yaml(text, shown)
    converter = schema.Converter(shown)
    value = converter.convert(root, data.SourcesFile, "")
    if converter.problems:
        raise DataError(problems=converter.problems)
    return [s.id for s in value.sources]


def add_source(path: Path, fields: list[tuple[str, object]]) -> str | None:
    """The new text of ``path`` with the source added, or None when its id is already listed."""
    shown = display_path(path)
    source_id = str(dict(fields)["id"])
    if not path.exists():
        return HEADER + "sources:\n" + entry_text(fields, 2)
    text = data.read_text(path, shown)
    ids = _ids(text, shown)
    if source_id in ids:
        return None
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"sources:\s*(\[\s*\])?\s*(#.*)?$", line)), None)
    candidate = None
    if start is not None:
        if "[" in lines[start]:
            lines[start] = "sources:"
            candidate = "\n".join(lines).rstrip("\n") + "\n" + entry_text(fields, 2)
        else:
            item = next((re.match(r"(\s*)- ", line) for line in lines[start + 1 :] if re.match(r"\s*- ", line)), None)
            if item is not None:
                candidate = text.rstrip("\n") + "\n" + entry_text(fields, len(item.group(1)))
    if candidate is not None:
        try:
            if _ids(candidate, shown) == [*ids, source_id]:
                return candidate
        except DataError:
            pass
    paste = entry_text(fields, 2)
    raise DataError(
        problems=[
            Problem(
                shown,
                0,
                "sources",
                f"cannot add the source {quote(source_id)} to this file's list safely",
                "add this entry to the sources list by hand, then import again:\n" + paste.rstrip("\n"),
            )
        ]
    )
