"""Column headers matched by meaning: years, dashes, footnote marks and case do not matter.

BLS renames its columns every release ("Employment, 2024" becomes
"Employment, 2025"), writes the year range with an en dash or a hyphen, and
adds footnote marks ("Median annual wage, dollars, 2024[1]"). Each wanted
column is a pattern over the normalised header text; the first match wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from handouts.publicdata.errors import refuse


def normalize(text: object) -> str:
    """Header text lower-cased, footnote marks dropped, dashes unified, spaces collapsed."""
    value = re.sub(r"\[\d+\]", "", str(text or ""))
    value = value.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return " ".join(value.split()).casefold()


@dataclass(frozen=True)
class Wanted:
    """A column by meaning: its key, the patterns that match it, and how to name it in an error."""

    key: str
    patterns: tuple[str, ...]
    shown: str
    required: bool = True


def match_columns(header: Sequence[object], wanted: Sequence[Wanted], file: str, line: int) -> dict[str, int]:
    """Column index for each wanted key present; refuses the file naming every required one missing."""
    texts = [normalize(h) for h in header]
    found: dict[str, int] = {}
    for want in wanted:
        for index, text in enumerate(texts):
            if index not in found.values() and any(re.fullmatch(p, text) for p in want.patterns):
                found[want.key] = index
                break
    missing = [w.shown for w in wanted if w.required and w.key not in found]
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        raise refuse(
            file,
            f"no column {names} in the header row",
            "use the file as downloaded from BLS; its column names are listed in docs/public-data.md",
            line=line,
        )
    return found


def find_header(rows: Sequence[Sequence[object]], marker: str) -> int | None:
    """Index of the first row with a cell matching ``marker`` (a pattern over normalised text)."""
    for index, row in enumerate(rows):
        if any(re.fullmatch(marker, normalize(cell)) for cell in row if cell is not None):
            return index
    return None
