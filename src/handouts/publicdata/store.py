"""The local store of BLS figures: one SQLite file in the data folder (public-data.sqlite).

Tables: ``imports`` is the history (every import with its release, file,
checksum, date and whether newer figures have replaced it); ``wages``,
``projections`` and ``areas`` hold the current figures, each row pointing at
the import it came from, so every figure a handout prints can name its
release. An amount column holds a number, or the mark BLS printed instead
("*", "**", "#239200" for at or above $239,200) as text, never a number.

Queries open the file read-only; imports (see `loading`) write in one
transaction. Area names resolve with `find_area`: a code, a state's postal
abbreviation, the full name, or any part of the name that only one area has.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from handouts.errors import Problem, UsageError, suggest
from handouts.paths import display_path
from handouts.publicdata.records import WAGE_MEASURES, Amount, Area, Percentiles, Projection, Release, WageEstimate
from handouts.publicdata.storefile import FILE_NAME

SCHEMA_VERSION = "1"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, release TEXT NOT NULL, release_key INTEGER NOT NULL,
    period TEXT NOT NULL, published TEXT, file TEXT NOT NULL, sha256 TEXT NOT NULL, imported TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, replaced_by INTEGER REFERENCES imports(id));
CREATE TABLE IF NOT EXISTS areas (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id));
CREATE TABLE IF NOT EXISTS wages (
    area TEXT NOT NULL, soc TEXT NOT NULL, title TEXT NOT NULL, grp TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id), employment,
    {", ".join(WAGE_MEASURES)}, annual_only INTEGER NOT NULL, hourly_only INTEGER NOT NULL,
    PRIMARY KEY (soc, area)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS projections (
    soc TEXT PRIMARY KEY, title TEXT NOT NULL, import_id INTEGER NOT NULL REFERENCES imports(id),
    base_year INTEGER NOT NULL, target_year INTEGER NOT NULL, wage_year INTEGER,
    employment_base, employment_target, change, change_percent, openings, median_wage,
    education TEXT, experience TEXT, training TEXT);
"""


def encode(value: Amount) -> float | str | None:
    """An Amount as one SQLite value: the number, or its mark as text ("#239200" keeps the top code)."""
    if value.value is not None:
        return value.value
    if value.mark == "#":
        return "#" + (f"{value.at_least:g}" if value.at_least else "")
    return value.mark


def decode(stored: object) -> Amount:
    if stored is None:
        return Amount()
    if isinstance(stored, int | float):
        return Amount(float(stored))
    text = str(stored)
    if text.startswith("#"):
        return Amount(mark="#", at_least=float(text[1:]) if text[1:] else None)
    return Amount(mark=text)


def soc_code(text: str) -> str:
    """'31-9092', '31-9092.00' or '319092' -> '31-9092' (the SOC code BLS files use)."""
    digits = re.sub(r"\D", "", text)[:6]
    return f"{digits[:2]}-{digits[2:]}" if len(digits) == 6 else text.strip()


class Store:
    """Read access to a data folder's public-data store."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        self.shown = display_path(self.path)
        if not self.path.is_file():
            raise UsageError(
                problems=[
                    Problem(
                        self.shown,
                        0,
                        "",
                        "no BLS figures imported into this data folder yet",
                        "run handouts import wages FILE (or projections FILE) with --data for this folder",
                    )
                ]
            )
        self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _release(self, import_id: int) -> Release:
        row = self._db.execute(
            "SELECT release, period, published, file, sha256, imported FROM imports WHERE id = ?", (import_id,)
        ).fetchone()
        return Release(*row)

    def history(self, kind: str | None = None) -> list[tuple[Release, str]]:
        """Every import, oldest first, with its status ("current", "partly replaced", "replaced")."""
        query = "SELECT id, status FROM imports" + (" WHERE kind = ?" if kind else "") + " ORDER BY id"
        return [(self._release(i), status) for i, status in self._db.execute(query, (kind,) if kind else ())]

    def areas(self) -> list[Area]:
        return [Area(*row) for row in self._db.execute("SELECT code, name, kind, state FROM areas ORDER BY name")]

    def find_area(self, text: str) -> Area:
        """The area a user means by a code, postal abbreviation, full name or unique part of the name."""
        areas = self.areas()
        wanted = text.strip()
        folded = wanted.casefold()
        tests: tuple[Callable[[Area], bool], ...] = (
            lambda a: a.code == wanted or (wanted.isdigit() and a.code.lstrip("0") == wanted.lstrip("0")),
            lambda a: a.kind == "state" and a.state.casefold() == folded,
            lambda a: a.kind == "national" and folded in ("us", "usa", "u.s.", "national", "united states"),
            lambda a: a.name.casefold() == folded,
        )
        for test in tests:
            exact = [a for a in areas if test(a)]
            if len(exact) == 1:
                return exact[0]
        words = re.findall(r"[a-z0-9]+", folded)
        partial = [a for a in areas if words and _has_words(a.name, words)]
        if len(partial) == 1:
            return partial[0]
        if len(partial) > 1:
            listed = "; ".join(f"{a.name} ({a.code})" for a in partial[:8])
            more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
            raise UsageError(
                problems=[
                    Problem(
                        "--area",
                        0,
                        "",
                        f"'{text}' matches {len(partial)} areas: {listed}{more}",
                        "give more of the name, or the area code",
                    )
                ]
            )
        raise UsageError(
            problems=[
                Problem(
                    "--area",
                    0,
                    "",
                    f"no area '{text}' in {self.shown}",
                    _did_you_mean(wanted, areas)
                    + " (a state, a metro area's name or a unique part of it, or its code)",
                )
            ]
        )

    def wages(self, soc: str, area: Area | str) -> WageEstimate | None:
        """OEWS wages for an occupation in an area (an Area, or text for `find_area`); None where BLS has none."""
        place = area if isinstance(area, Area) else self.find_area(area)
        row = self._db.execute(
            f"SELECT soc, title, import_id, employment, {', '.join(WAGE_MEASURES)}, annual_only, hourly_only "
            "FROM wages WHERE soc = ? AND area = ?",
            (soc_code(soc), place.code),
        ).fetchone()
        if row is None:
            return None
        soc_, title, import_id, employment, *measures, annual_only, hourly_only = row
        amounts = dict(zip(WAGE_MEASURES, (decode(v) for v in measures), strict=True))

        def unit(u: str) -> Percentiles:
            return Percentiles(*(amounts[f"{u}_{p}"] for p in ("pct10", "pct25", "median", "pct75", "pct90", "mean")))

        return WageEstimate(
            soc_,
            title,
            place,
            self._release(import_id),
            decode(employment),
            unit("h"),
            unit("a"),
            bool(hourly_only),
            bool(annual_only),
        )

    def projection(self, soc: str) -> Projection | None:
        """Employment Projections for an occupation; None where BLS has none."""
        row = self._db.execute(
            "SELECT soc, title, import_id, base_year, target_year, wage_year, employment_base, employment_target, "
            "change, change_percent, openings, median_wage, education, experience, training "
            "FROM projections WHERE soc = ?",
            (soc_code(soc),),
        ).fetchone()
        if row is None:
            return None
        soc_, title, import_id, base, target, wage_year, *figures, education, experience, training = row
        emp_base, emp_target, change, percent, openings, wage = (decode(v) for v in figures)
        return Projection(
            soc_,
            title,
            self._release(import_id),
            base,
            target,
            emp_base,
            emp_target,
            change,
            percent,
            openings,
            wage,
            wage_year,
            education,
            experience,
            training,
        )


def _did_you_mean(text: str, areas: list[Area]) -> str:
    """ "did you mean" by whole names, and by the words in them ("Portlnd" finds both Portlands)."""
    import difflib

    folded = text.casefold()
    by_name = {a.name.casefold(): a for a in areas}
    close = difflib.get_close_matches(folded, list(by_name), n=3, cutoff=0.6)
    if not close:
        words = {
            w: [a for a in areas if w in re.findall(r"[a-z0-9]+", a.name.casefold())]
            for a in areas
            for w in re.findall(r"[a-z0-9]+", a.name.casefold())
        }
        near = difflib.get_close_matches(folded, list(words), n=2, cutoff=0.75)
        close = [a.name.casefold() for w in near for a in words[w]][:3]
    if close:
        names = [f"'{by_name[c].name}' ({by_name[c].code})" for c in dict.fromkeys(close)]
        return "did you mean " + " or ".join(names) + "?"
    return suggest(text, [a.name for a in areas])


def _has_words(name: str, words: list[str]) -> bool:
    have = re.findall(r"[a-z0-9]+", name.casefold())
    return all(any(h.startswith(w) for h in have) for w in words)
