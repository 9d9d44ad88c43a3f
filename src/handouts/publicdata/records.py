"""The typed answers the local store gives: areas, wage estimates, projections, amounts.

An amount is a number or one of the marks BLS prints instead of a number,
and never both: "*" and "**" (not published) and "#" (at or above the top
code) stay marks all the way to the handout, so nothing can print them as
a figure or plot them as zero.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_PUBLISHED = {
    "*": "wage estimate not published",
    "**": "employment estimate not published",
    "—": "not published",
    "-": "not published",
}
TOP_CODED = "#"
# The OEWS wage measures, in the order the store keeps them (H_MEAN, A_MEAN, H_PCT10 ... A_PCT90).
WAGE_MEASURES = (
    "h_mean",
    "a_mean",
    *(f"{u}_{p}" for u in "ha" for p in ("pct10", "pct25", "median", "pct75", "pct90")),
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A published number, or the mark BLS printed in its place.

    at_least: for a top-coded amount ("#"), the top code of that release
    when known (e.g. 239200 a year), so a handout can say "$239,200 or more".
    """

    value: float | None = None
    mark: str | None = None
    at_least: float | None = None

    @property
    def published(self) -> bool:
        return self.value is not None

    @property
    def top_coded(self) -> bool:
        return self.mark == TOP_CODED

    @property
    def meaning(self) -> str:
        """What the amount is, in words ("not published", "at or above $239,200")."""
        if self.value is not None:
            return f"{self.value:g}"
        if self.top_coded:
            return f"at or above {self.at_least:,.0f}" if self.at_least else "at or above the top code BLS publishes"
        if self.mark is None:
            return "not given"
        return NOT_PUBLISHED.get(self.mark, f"not published (marked {self.mark!r})")


@dataclass(frozen=True, slots=True)
class Area:
    """A place OEWS publishes estimates for.

    code: the OEWS area code ("99" the nation, "41" Oregon, "38900" a metro area).
    name: the area title as BLS writes it ("Portland-Vancouver-Hillsboro, OR-WA").
    kind: national, state, territory, metro or nonmetro.
    state: the primary state's postal abbreviation ("OR"; "US" for the nation).
    """

    code: str
    name: str
    kind: str
    state: str


@dataclass(frozen=True, slots=True)
class Release:
    """One imported release of a BLS program, as recorded in the store.

    name: "May 2025 OEWS" or "2024–34 Employment Projections".
    period: what the figures describe ("May 2025", "2024–34").
    published: the date BLS published the release (YYYY-MM-DD), when known.
    file: the file it was imported from; sha256: that file's checksum; imported: the import date.
    """

    name: str
    period: str
    published: str | None
    file: str
    sha256: str
    imported: str


@dataclass(frozen=True, slots=True)
class Percentiles:
    """Wage percentiles and mean for one unit (hourly or annual)."""

    p10: Amount
    p25: Amount
    median: Amount
    p75: Amount
    p90: Amount
    mean: Amount


@dataclass(frozen=True, slots=True)
class WageEstimate:
    """OEWS cross-industry wages for one occupation in one area.

    hourly_only / annual_only: BLS publishes only that unit for occupations that
    do not generally work year-round, full time (its HOURLY and ANNUAL columns).
    """

    soc: str
    title: str
    area: Area
    release: Release
    employment: Amount
    hourly: Percentiles
    annual: Percentiles
    hourly_only: bool = False
    annual_only: bool = False


@dataclass(frozen=True, slots=True)
class Projection:
    """Employment Projections for one occupation (BLS Table 1.2).

    Employment, change and openings are numbers of people (BLS publishes them
    in thousands). median_wage is for wage_year, which BLS states separately.
    """

    soc: str
    title: str
    release: Release
    base_year: int
    target_year: int
    employment_base: Amount
    employment_target: Amount
    change: Amount
    change_percent: Amount
    openings: Amount
    median_wage: Amount
    wage_year: int | None
    education: str | None
    experience: str | None
    training: str | None
