"""How much a print job prints: per item and in total, in pages and sheets of paper.

The office orders paper from this, so the numbers are the print file's own:
``pages`` counts every page in the file for the item (blank backs added for
duplex and the separator sheet included), and ``sheets`` is the paper it
takes, simplex or duplex. The table on the terminal, the CSV and the JSON
beside the print file hold the same numbers; no dates, so an unchanged job
gives identical files. Text cells that a spreadsheet would take for a
formula (a title starting with "=") are written with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from dataclasses import asdict, dataclass, field

# The terminal table's item column; a longer title wraps onto the lines below.
TITLE_WIDTH = 44
# The edition column ("English + Spanish, large print" wraps after the comma), shown when a job mixes editions.
EDITION_WIDTH = 20
DEFAULT_EDITION = "English"

FIELDS = (
    "item",
    "title",
    "layout",
    "roles",
    "roster",
    "edition",
    "documents",
    "pages_each",
    "copies",
    "pages",
    "sheets",
    "status",
    "note",
    "oldest_figure_year",
    "oldest_figure",
)


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def printed_pages(pages: int, duplex: bool) -> int:
    """Pages one copy takes in the file: with duplex, odd documents get a blank back."""
    return pages + (pages % 2 if duplex else 0)


def sheets_for(pages: int, duplex: bool) -> int:
    return printed_pages(pages, duplex) // 2 if duplex else pages


@dataclass
class SummaryRow:
    item: str
    title: str
    layout: str = ""
    roles: str = ""
    roster: str = ""
    edition: str = ""  # "English", "Spanish", "English + Spanish", "Spanish, large print"; "" for the cover
    documents: int = 0
    pages_each: int = 0
    copies: int = 0
    pages: int = 0
    sheets: int = 0
    status: str = "printed"
    note: str = ""
    oldest_figure_year: int | None = None  # the year the oldest printed figure's age counts from
    oldest_figure: str = ""  # that figure as printed, whose and what it measures


@dataclass
class JobSummary:
    job: str
    print_file: str
    paper: str
    duplex: bool
    rows: list[SummaryRow] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.rows)

    @property
    def sheets(self) -> int:
        return sum(r.sheets for r in self.rows)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r.status == "failed")

    @property
    def item_count(self) -> int:
        return sum(1 for r in self.rows if r.item.isdigit())

    @property
    def shows_editions(self) -> bool:
        """Whether any item is printed in another edition than plain English: then each item's is shown."""
        return any(r.edition not in ("", DEFAULT_EDITION) for r in self.rows)

    def table(self) -> str:
        """The summary as a fixed-width table for a terminal."""
        editions = self.shows_editions
        left = 3 if editions else 2  # columns set flush left: "#" (right-aligned), the title, the edition
        header = ("#", "item", *(("edition",) if editions else ()), "documents", "pages each", "copies", "pages",
                  "sheets", "oldest figure")  # fmt: skip
        lines = []
        body: list[tuple[str, ...]] = []
        for r in self.rows:
            # A long title wraps in its column, never cut: two items whose titles begin alike read differently.
            titles = textwrap.wrap(r.title, TITLE_WIDTH, break_on_hyphens=False) or [""]
            kinds = textwrap.wrap(r.edition, EDITION_WIDTH) if editions else []
            pages = "FAILED" if r.status == "failed" else str(r.pages)
            oldest = str(r.oldest_figure_year) if r.oldest_figure_year else ""
            numbers = (str(r.documents), str(r.pages_each), str(r.copies), pages, str(r.sheets), oldest)
            for index in range(max(len(titles), len(kinds), 1)):
                title = titles[index] if index < len(titles) else ""
                kind = ((kinds[index] if index < len(kinds) else ""),) if editions else ()
                body.append((r.item, title, *kind, *numbers) if not index else ("", title, *kind, *[""] * 6))
        total = ("", "total", *(("",) if editions else ()), "", "", "", str(self.pages), str(self.sheets), "")
        widths = [max(len(row[i]) for row in [header, *body, total]) for i in range(len(header))]

        def fmt(row: tuple[str, ...]) -> str:
            cells = [row[0].rjust(widths[0])] + [c.ljust(w) for c, w in zip(row[1:left], widths[1:left], strict=True)]
            cells += [c.rjust(w) for c, w in zip(row[left:], widths[left:], strict=True)]
            return "  ".join(cells).rstrip()

        lines.append(fmt(header))
        lines.append("-" * len(fmt(header)))
        lines += [fmt(row) for row in body]
        lines.append("-" * len(fmt(header)))
        lines.append(fmt(total))
        sides = "duplex" if self.duplex else "simplex"
        lines.append(f"{self.sheets} sheets of {self.paper} paper, {sides}")
        return "\n".join(lines)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: _cell(v) for k, v in asdict(row).items()})
        writer.writerow({"item": "total", "pages": self.pages, "sheets": self.sheets})
        return out.getvalue()

    def json(self) -> str:
        data = {
            "job": self.job,
            "print_file": self.print_file,
            "paper": self.paper,
            "duplex": self.duplex,
            "items": [asdict(r) for r in self.rows],
            "total": {"pages": self.pages, "sheets": self.sheets, "failed_items": self.failed},
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
