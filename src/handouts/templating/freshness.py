"""How old a printed figure is, and where it came from, for `check`, builds and the print-job summary.

A figure's age counts from the last year its period describes (``year``);
a figure whose source gives no period counts from the date it was
published. A projection's period runs into the future ("2024-2034"), so
when the figure or its source says when it was published and that is
earlier, the age counts from then: a 2024-34 projection published in 2025
is as old as 2025. A figure is stale when more whole years than the limit
(``stale_after_years``, 3 unless the brand or the job says otherwise) have
passed since that year.

Figures are found in their role by identity (the layout printed this very
record), so a warning names the role file, line and field path; a figure
from the BLS store names the store and the release instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from handouts.errors import Problem
from handouts.inputs.models import Catalog, Figure, Role
from handouts.templating.figures import format_figure

DEFAULT_LIMIT = 3


@dataclass(frozen=True, slots=True)
class Placed:
    """A printed figure, the role it belongs to and where it is written."""

    figure: Figure
    role: Role
    file: str
    line: int
    path: str


def age_year(figure: Figure, catalog: Catalog) -> int:
    """The year a figure's age counts from (see the module docstring)."""
    year = figure.dated_year
    source = catalog.sources.get(figure.source)
    published = figure.published or (source.date if source else None)
    if published and published[:4].isdigit():
        return min(year, int(published[:4])) if year else int(published[:4])
    return year


def is_stale(figure: Figure, catalog: Catalog, limit: int, today: datetime.date) -> bool:
    return today.year - age_year(figure, catalog) > limit


def figure_paths(role: Role) -> Iterator[tuple[str, Figure]]:
    """Every figure in a role with its field path."""
    for metric_id, metric in role.figures.items():
        for index, figure in enumerate(metric.figures):
            yield f"figures.{metric_id}.figures[{index}]", figure
    for index, setting in enumerate(role.work_settings):
        if setting.share is not None:
            yield f"work_settings[{index}].share", setting.share
    if role.pathway is not None:
        for index, step in enumerate(role.pathway.steps):
            if step.pay is not None:
                yield f"pathway.steps[{index}].pay", step.pay


def place(printed: Iterable[Figure], roles: Iterable[Role], catalog: Catalog, store: str = "") -> list[Placed]:
    """Each distinct printed figure with its role, file, line and path (printed order kept).

    ``roles`` are the roles as the layout got them, perhaps with BLS figures
    added; a figure is looked up in the role as its file has it first (the
    added ones shift the positions of the others), then among the added ones.
    """
    in_file: dict[int, tuple[Role, str]] = {}
    added: dict[int, tuple[Role, str]] = {}
    for role in roles:
        written = catalog.roles.get(role.id, role)
        for path, figure in figure_paths(written):
            in_file.setdefault(id(figure), (role, path))
        for path, figure in figure_paths(role):
            added.setdefault(id(figure), (role, path))
    out: list[Placed] = []
    seen: set[int] = set()
    for figure in printed:
        if id(figure) in seen:
            continue
        seen.add(id(figure))
        if id(figure) in in_file:
            role, path = in_file[id(figure)]
            line = catalog.lines.get(role.id, {}).get(path, 0)
            out.append(Placed(figure, role, catalog.origin.get(role.id, role.id), line, path))
        elif id(figure) in added:
            role, path = added[id(figure)]
            metric = path.split(".")[1] if path.startswith("figures.") else path
            out.append(Placed(figure, role, store or "the BLS figures", 0, f"{role.id} ({role.soc}): {metric}"))
    return out


def stale_warnings(
    placed: Iterable[Placed], catalog: Catalog, limit: int, today: datetime.date, shown: str
) -> list[Problem]:
    """A warning for each printed figure older than ``limit`` years, naming where to fix it."""
    out: list[Problem] = []
    for p in placed:
        if not is_stale(p.figure, catalog, limit, today):
            continue
        years = today.year - age_year(p.figure, catalog)
        out.append(
            Problem(
                p.file,
                p.line,
                p.path,
                f"{shown} prints {format_figure(p.figure)}, {years} years old "
                f"(more than the {limit} stale_after_years allows)",
                "give a newer figure from a newer source, or raise stale_after_years in brand.toml or the job",
                warning=True,
            )
        )
    return out


def oldest(placed: Iterable[Placed], catalog: Catalog) -> Placed | None:
    """The printed figure whose age counts from the earliest year (the first printed, on a tie)."""
    found: Placed | None = None
    for p in placed:
        if found is None or age_year(p.figure, catalog) < age_year(found.figure, catalog):
            found = p
    return found
