"""BLS Employment Projections, occupation.xlsx sheet "Table 1.2", read by column meaning.

Title rows sit above the header and footnotes below the table; the header
is the first row naming an "Employment, YYYY" column, and the table ends at
the first row without an occupation code. Only detailed occupations ("Line
item") are kept. Employment, change and openings are published in
thousands and kept as numbers of people; "—" is kept as a mark, not zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from handouts.paths import display_path
from handouts.publicdata.errors import refuse
from handouts.publicdata.headers import Wanted, find_header, match_columns, normalize
from handouts.publicdata.records import Amount
from handouts.publicdata.xlsx import Value, Workbook

SHEET = "Table 1.2"
COLUMNS = (
    Wanted(
        "title",
        (r".*national employment matrix title", r"occupation title", r"title"),
        "National Employment Matrix title",
    ),
    Wanted(
        "code", (r".*national employment matrix code", r"occupation code", r"code"), "National Employment Matrix code"
    ),
    Wanted("type", (r"occupation type",), "Occupation type", required=False),
    Wanted("base", (r"employment, \d{4}",), "Employment, YYYY (the base year)"),
    Wanted("target", (r"employment, \d{4}",), "Employment, YYYY (the projected year)"),
    Wanted("change", (r"employment change, numeric, \d{4} ?- ?\d{2,4}",), "Employment change, numeric, YYYY–YY"),
    Wanted("percent", (r"employment change, percent, \d{4} ?- ?\d{2,4}",), "Employment change, percent, YYYY–YY"),
    Wanted("openings", (r"occupational openings, .*annual average",), "Occupational openings, YYYY–YY annual average"),
    Wanted("wage", (r"median annual wage.*\d{4}",), "Median annual wage, YYYY"),
    Wanted("education", (r"typical education needed for entry",), "Typical education needed for entry"),
    Wanted("experience", (r"work experience in a related occupation",), "Work experience in a related occupation"),
    Wanted(
        "training",
        (r"typical on-the-job training needed to attain competency.*",),
        "Typical on-the-job training needed to attain competency in the occupation",
    ),
)
KNOWN_PUBLISHED = {"2024–34": "2025-08-28"}  # USDL-25-1324, Employment Projections 2024-2034


@dataclass(frozen=True)
class ProjectionTable:
    """A parsed Table 1.2: its release and one tuple per detailed occupation (see store.PROJECTION_COLUMNS)."""

    release: str  # "2024–34 Employment Projections"
    period: str  # "2024–34"
    base_year: int
    target_year: int
    wage_year: int | None
    rows: list[tuple]


def amount(value: Value, scale: float = 1.0) -> Amount:
    """A cell as an Amount: a number (times ``scale``), or the mark printed instead of one."""
    if value is None or value == "":
        return Amount()
    if isinstance(value, bool):
        return Amount(mark=str(value))
    if isinstance(value, int | float):
        return Amount(float(value) * scale)
    text = str(value).strip()
    cleaned = text.replace(",", "").replace("$", "")
    if re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return Amount(float(cleaned) * scale)
    if text.startswith(("≥", ">=")) or text == "#":
        floor = re.sub(r"[^\d.]", "", text)
        return Amount(mark="#", at_least=float(floor) if floor else None)
    return Amount(mark=text or None)


def _year(header: object) -> int:
    """The header's last four-digit year (COLUMNS finds these columns only by a pattern with one)."""
    return int(re.findall(r"\d{4}", normalize(header))[-1])


def read_projections(path: Path) -> ProjectionTable:
    shown = display_path(path)
    with Workbook(path, shown) as book:
        sheet = next((n for n in book.sheet_names if n.strip().casefold() == SHEET.casefold()), None)
        if sheet is None:
            found = ", ".join(f"'{n}'" for n in book.sheet_names) or "none"
            raise refuse(
                shown,
                f"no sheet '{SHEET}' (sheets: {found})",
                "give the Employment Projections occupation.xlsx as downloaded from bls.gov/emp",
            )
        rows = book.rows(sheet)
        with closing(rows):
            return _table(rows, shown, sheet)


def _table(rows: Iterator[list[Value]], shown: str, sheet: str) -> ProjectionTable:
    """The table below the title rows: header found by meaning, detailed occupations only."""
    head: list[list[Value]] = []
    for row in rows:
        head.append(row)
        if len(head) >= 20 or find_header([row], r"employment, \d{4}") is not None:
            break
    at = find_header(head, r"employment, \d{4}")
    place = f"{shown} (sheet '{sheet}')"
    if at is None:
        raise refuse(place, "no header row with 'Employment, YYYY' in the first 20 rows", "give the file as downloaded")
    header = head[at]
    columns = match_columns(header, COLUMNS, place, at + 1)
    base_year, target_year = sorted((_year(header[columns["base"]]), _year(header[columns["target"]])))
    wage_year = _year(header[columns["wage"]])
    period = f"{base_year}–{target_year % 100:02d}"
    out = []
    for row in rows:
        cells = row + [None] * (max(columns.values()) + 1 - len(row))
        code = str(cells[columns["code"]] or "").strip()
        if not re.fullmatch(r"\d{2}-\d{4}", code):
            continue
        if "type" in columns and normalize(cells[columns["type"]]) not in ("line item", ""):
            continue
        thousands = [amount(cells[columns[k]], 1000.0) for k in ("base", "target", "change", "openings")]
        people = [Amount(round(a.value)) if a.value is not None else a for a in thousands]
        out.append(
            (
                code,
                " ".join(str(cells[columns["title"]] or "").split()),
                *people[:3],
                amount(cells[columns["percent"]]),
                people[3],
                amount(cells[columns["wage"]]),
                *(_text(cells[columns[k]]) for k in ("education", "experience", "training")),
            )
        )
    if not out:
        raise refuse(
            place, "no detailed occupations ('Line item' rows with a code like 29-1141)", "give the file as downloaded"
        )
    return ProjectionTable(f"{period} Employment Projections", period, base_year, target_year, wage_year, out)


def _text(value: Value) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text if text and text not in ("—", "-") else None
