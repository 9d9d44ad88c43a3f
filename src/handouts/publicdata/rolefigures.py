"""BLS figures from the data folder's store, turned into ordinary sourced figures on the roles a build prints.

A layout never queries the store: the build hands it roles whose ``figures``
already hold what BLS publishes for the role's ``soc`` code, as `Figure`
records like any other (value or range, unit, measure, period "May 2025",
the date BLS published the release, the area, and a source id naming the
release), so every layout, filter and chart prints them the same way and
`check` can judge their age. The release becomes a `Source` (program,
release, publication date) that the handout's sources list names.

Which metric each figure joins (docs/data.md lists them for layout authors):

- ``median_pay`` and ``pay_range``: the national median and 10th to 90th
  percentile wages (annual; hourly for occupations BLS publishes only hourly);
- ``job_growth``, ``openings`` and ``employment``: the Employment Projections;
- ``local_pay`` and ``local_pay_range``: the same wages for the build's area,
  or, where BLS publishes none for that area, the national ones with a note
  saying so (never nothing, when BLS has a national figure).

A figure from the store is the one a handout shows (it is marked default and
put first); the role file's own figures for the same metric stay, listed as
the others, so an article's older number is never silently dropped.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.errors import Problem, UsageError
from handouts.inputs.models import Figure, Metric, Role, Source, Unit
from handouts.paths import display_path
from handouts.publicdata.storefile import FILE_NAME, store_folder

if TYPE_CHECKING:  # the store (sqlite3) and its records load only when a data folder holds a store
    from handouts.publicdata.records import Amount, Area, Percentiles, Projection, Release, WageEstimate
    from handouts.publicdata.store import Store

PUBLISHER = "U.S. Bureau of Labor Statistics"
PROGRAMS = {
    "wages": "Occupational Employment and Wage Statistics (OEWS)",
    "projections": "Employment Projections",
}
NATIONAL = "99"
# Metric labels for metrics a role file does not have yet.
LABELS = {
    "median_pay": "Median pay",
    "pay_range": "Pay",
    "job_growth": "Job growth",
    "openings": "Job openings",
    "employment": "People in the job",
    "local_pay": "Local pay",
    "local_pay_range": "Local pay range",
}


@dataclass(frozen=True)
class PublicFigures:
    """What a build takes from the store: the roles with their BLS figures, the releases as sources, the area."""

    roles: tuple[Role, ...]
    sources: dict[str, Source]
    area: Area | None


@dataclass(frozen=True)
class AreaChoice:
    """An area as an office named it, and where (for an error that points at the right line)."""

    text: str
    file: str = "command line"
    line: int = 0
    where: str = "--area"


def add_public_figures(roles: list[Role], folders: list[Path], area: AreaChoice | None) -> PublicFigures | None:
    """The roles with their BLS figures from the first data folder with a store; None when there is none.

    An area with no store to look it up in is refused: the office asked for local pay and would
    otherwise get a handout without it.
    """
    folder = store_folder(folders)
    if folder is None:
        if area is not None:
            where = " and ".join(display_path(f) for f in folders) if folders else "the built-in data"
            raise UsageError(
                problems=[
                    Problem(
                        area.file,
                        area.line,
                        area.where,
                        f"local pay for '{area.text}' needs BLS wages, and {where} holds none ({FILE_NAME})",
                        "import them with handouts import wages FILE --data DIR, and build with --data DIR",
                    )
                ]
            )
        return None
    from handouts.publicdata.store import Store

    with Store(folder) as store:
        found = resolve_area(store, area) if area is not None else None
        return public_figures(roles, store, found)


def resolve_area(store: Store, area: AreaChoice) -> Area:
    """The area the office means; an unknown or ambiguous name is refused where it was written."""
    try:
        return store.find_area(area.text)
    except UsageError as exc:
        problems = [dataclasses.replace(p, file=area.file, line=area.line, where=area.where) for p in exc.problems]
        raise UsageError(problems=problems) from None


def release_source(release: Release, kind: str) -> Source:
    """A BLS release as a source: the program and release in the title, the date BLS published it."""
    program = PROGRAMS[kind]
    return Source(
        id=source_id(release, kind),
        title=f"{program}, {release.period}",
        publisher=PUBLISHER,
        date=release.published or "Publication date not recorded",
        url="https://www.bls.gov/oes/" if kind == "wages" else "https://www.bls.gov/emp/",
        note=f"Imported from {release.file} (SHA-256 {release.sha256[:12]}...) on {release.imported}; public domain.",
    )


def source_id(release: Release, kind: str) -> str:
    """``bls-oews-may-2025``, ``bls-ep-2024-34``: stable for a release, valid as a source id."""
    words = re.findall(r"[a-z0-9]+", release.period.casefold())
    return "-".join(["bls", "oews" if kind == "wages" else "ep", *words])


def public_figures(roles: list[Role], store: Store, area: Area | None) -> PublicFigures:
    """Each role with its BLS figures added (roles without a soc code, or unknown to BLS, unchanged)."""
    sources: dict[str, Source] = {}
    national = _national(store)
    out: list[Role] = []
    for role in roles:
        if not role.soc:
            out.append(role)
            continue
        added: dict[str, Figure] = {}
        here = store.wages(role.soc, national) if national else None
        if here is not None:
            added.update(_wage_figures(here, "median_pay", "pay_range", sources))
        projection = store.projection(role.soc)
        if projection is not None:
            added.update(_projection_figures(projection, sources))
        if area is not None:
            added.update(_local_figures(store, role, area, here, sources))
        out.append(_with_figures(role, added))
    return PublicFigures(tuple(out), dict(sorted(sources.items())), area)


def _national(store: Store) -> Area | None:
    return next((a for a in store.areas() if a.code == NATIONAL), None)


def _with_figures(role: Role, added: dict[str, Figure]) -> Role:
    if not added:
        return role
    figures = dict(role.figures)
    for metric_id, figure in added.items():
        existing = figures.get(metric_id)
        label = existing.label if existing else LABELS[metric_id]
        figures[metric_id] = Metric(label, (figure, *(existing.figures if existing else ())))
    return dataclasses.replace(role, figures=figures)


def _local_figures(
    store: Store, role: Role, area: Area, national: WageEstimate | None, sources: dict[str, Source]
) -> dict[str, Figure]:
    """The area's wages; where BLS has none for the area, the national ones, saying so."""
    local = store.wages(role.soc or "", area) if area.code != NATIONAL else national
    found = _wage_figures(local, "local_pay", "local_pay_range", sources) if local is not None else {}
    if national is None:
        return found
    fallback = _wage_figures(national, "local_pay", "local_pay_range", sources)
    why = (
        f"BLS publishes no estimate for this occupation in {area.name}"
        if local is None
        else f"BLS does not publish this estimate for {area.name}"
    )
    for metric_id, figure in fallback.items():
        if metric_id not in found:
            found[metric_id] = dataclasses.replace(figure, note=f"{why}; the national figure is shown.")
    return found


def _wage_figures(
    estimate: WageEstimate, median_id: str, range_id: str, sources: dict[str, Source]
) -> dict[str, Figure]:
    """Median and 10th to 90th percentile, annual where published, else hourly (BLS's hourly-only occupations)."""
    source = release_source(estimate.release, "wages")
    sources[source.id] = source
    unit, percentiles = Unit.usd_per_year, estimate.annual
    if not percentiles.median.published and not percentiles.median.top_coded:
        unit, percentiles = Unit.usd_per_hour, estimate.hourly
    per = "annual" if unit is Unit.usd_per_year else "hourly"
    base = {
        "unit": unit,
        "source": source.id,
        "period": estimate.release.period,
        "year": _year(estimate.release.period),
        "published": estimate.release.published,
        "area": estimate.area.name,
        "default": True,
    }
    out: dict[str, Figure] = {}
    median = _amount(percentiles.median)
    if median is not None:
        value, qualifier = median
        out[median_id] = Figure(measure=f"median {per} wage", value=value, qualifier=qualifier, **base)  # type: ignore[arg-type]
    spread = _spread(percentiles)
    if spread is not None:
        low, high, note = spread
        out[range_id] = Figure(measure=f"10th to 90th percentile {per} wage", low=low, high=high, note=note, **base)  # type: ignore[arg-type]
    return out


def _amount(amount: Amount) -> tuple[float, str | None] | None:
    """A published amount, or a top-coded one as "at least" the top code; None when not published."""
    if amount.value is not None:
        return amount.value, None
    if amount.top_coded and amount.at_least:
        return amount.at_least, "at least"
    return None


def _spread(percentiles: Percentiles) -> tuple[float, float, str | None] | None:
    low, high = _amount(percentiles.p10), _amount(percentiles.p90)
    if low is None or high is None or low[1] or low[0] > high[0]:
        return None
    note = f"The 90th percentile is at or above {high[0]:,.0f}, the highest wage BLS publishes." if high[1] else None
    return low[0], high[0], note


def _projection_figures(projection: Projection, sources: dict[str, Source]) -> dict[str, Figure]:
    source = release_source(projection.release, "projections")
    sources[source.id] = source
    base = {
        "source": source.id,
        "period": projection.release.period,
        "year": projection.target_year,
        "published": projection.release.published,
        "default": True,
    }
    out: dict[str, Figure] = {}
    if projection.change_percent.value is not None:
        out["job_growth"] = Figure(
            unit=Unit.percent,
            measure="projected change in employment",
            value=projection.change_percent.value,
            **base,  # type: ignore[arg-type]
        )
    if projection.openings.value is not None:
        out["openings"] = Figure(
            unit=Unit.people_per_year,
            measure="projected job openings a year, on average",
            value=projection.openings.value,
            **base,  # type: ignore[arg-type]
        )
    if projection.employment_base.value is not None:
        out["employment"] = Figure(
            unit=Unit.people,
            measure=f"people employed in {projection.base_year}",
            value=projection.employment_base.value,
            **{**base, "period": str(projection.base_year), "year": projection.base_year},  # type: ignore[arg-type]
        )
    return out


def _year(period: str) -> int:
    years = re.findall(r"(?:19|20)\d\d", period)
    return int(years[-1]) if years else 0
