"""What `handouts check` says an adviser should still look at: old printed figures, and what drafts lack.

Both are found by running each layout over every role it can take, as a
build would (with the BLS figures the data folder's store adds and the
brand's area), so "printed" means what the layouts really print, custom
layouts included, not every figure in the files:

- a printed figure older than the limit (``stale_after_years``) is a warning
  at its line (see `freshness`);
- for a role still marked draft, each layout's ``wants:`` header line names
  what it prints; a warning lists the ones the draft lacks (e.g. the "which
  one fits you" lines), so the review knows what to write before marking
  the role reviewed; a layout whose ``needs:`` the draft lacks (a checklist,
  a pathway) is named too, as one it cannot print yet.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError, Problem
from handouts.inputs.models import Brand, Catalog, Figure, Role
from handouts.publicdata.rolefigures import AreaChoice, add_public_figures
from handouts.publicdata.storefile import FILE_NAME, store_folder
from handouts.templating.environment import LayoutInfo, layout_context, render_layout
from handouts.templating.freshness import place, stale_warnings
from handouts.templating.sandbox import LayoutEnvironment

NOT_WRITTEN = "To be written"  # how a draft marks text O*NET has nothing for (see publicdata.drafts)


@dataclass(frozen=True)
class Review:
    """What a review found: warnings for the report, problems that stop a build (an unknown area)."""

    warnings: list[Problem]
    problems: list[Problem]


def review(
    catalog: Catalog,
    brand: Brand,
    layouts: Sequence[LayoutInfo],
    folders: list[Path],
    environment: LayoutEnvironment,
    data: list[Path],
    area: AreaChoice | None,
    today: datetime.date | None = None,
) -> Review:
    """Old printed figures and what each draft lacks, over every layout and role (see the module docstring)."""
    roles = list(catalog.roles.values())
    try:
        public = add_public_figures(roles, data, area)
    except HandoutsError as exc:
        return Review([], list(exc.problems))
    found_area = None
    if public is not None:
        roles, found_area = list(public.roles), public.area
        catalog = dataclasses.replace(catalog, sources={**catalog.sources, **public.sources})
    store = store_folder(data)
    store_name = str(store / FILE_NAME) if store else ""
    printed: list[Figure] = []
    for info in layouts:
        usable = [r for r in roles if all(getattr(r, n, None) is not None for n in info.needs)]
        for group in _groups(usable, info):
            context = layout_context(group, brand, catalog, info, {}, found_area)
            try:
                render_layout(info, folders, context, environment, printed)
            except HandoutsError:
                continue  # the layout's own check reports it
    placed = place(printed, roles, catalog, store_name)
    limit = brand.stale_after_years
    warnings = _unique(stale_warnings(placed, catalog, limit, today or datetime.date.today(), "a handout"))
    warnings += [w for role in roles if role.draft for w in _lacking(role, layouts, catalog)]
    return Review(warnings, [])


def _groups(roles: list[Role], info: LayoutInfo) -> list[list[Role]]:
    """Every role in a group of the size the layout takes; the last group filled up from the first roles."""
    size = max(info.roles_min, min(info.roles_max, 3))
    if len(roles) < info.roles_min:
        return []
    groups = [roles[i : i + size] for i in range(0, len(roles), size)]
    if len(groups[-1]) < info.roles_min:
        groups[-1] = (groups[-1] + [r for r in roles if r not in groups[-1]])[:size]
    return groups


def _unique(problems: list[Problem]) -> list[Problem]:
    return list({(p.file, p.line, p.where): p for p in problems}.values())


def _lacking(role: Role, layouts: Sequence[LayoutInfo], catalog: Catalog) -> list[Problem]:
    """One warning per layout naming what it prints that the draft has not got yet."""
    out: list[Problem] = []
    file = catalog.origin.get(role.id, role.id)
    line = catalog.lines.get(role.id, {}).get("status", 0)
    for info in layouts:
        needed = [n for n in info.needs if getattr(role, n, None) is None]
        if needed:
            out.append(
                Problem(
                    file,
                    line,
                    "status",
                    f"draft: the {info.name} layout needs {' and '.join(needed)}, which this role has not got yet, "
                    "so it cannot print this role",
                    f"write a '{needed[0]}:' section (docs/sheets.md) if you want this layout for the role",
                    warning=True,
                )
            )
            continue
        missing = [f"{name} ({what})" if what else name for name, what in info.wants if _lacks(role, name)]
        if missing:
            out.append(
                Problem(
                    file,
                    line,
                    "status",
                    f"draft: the {info.name} layout prints what this role has not got yet: " + "; ".join(missing),
                    'write them in (docs/public-data.md, "Review a draft"), then change status to "reviewed"',
                    warning=True,
                )
            )
    return out


def _lacks(role: Role, name: str) -> bool:
    """Whether a field (``right_for_you_if``, ``education.paths``, ``figures.pay_range``) is empty for a role."""
    head, _, rest = name.partition(".")
    if head == "figures" and rest:
        return not role.has_figure(rest)
    value: Any = role
    for part in name.split("."):
        value = getattr(value, part, None)
        if value is None:
            return True
    if isinstance(value, str):
        return not value.strip() or value.startswith(NOT_WRITTEN)
    return not value
