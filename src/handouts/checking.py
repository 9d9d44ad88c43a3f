"""`handouts check`: validate everything an office could have got wrong, all at once.

Data, brand and layouts are checked independently so one broken file does
not hide problems in the others. Each layout is rendered with the roles it
would get and its markup parsed, which catches misspelt fields and unknown
elements before a real build does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts.build import Inputs
from handouts.errors import HandoutsError, InvalidInput, Problem
from handouts.inputs.brand import brand_source, load_brand
from handouts.inputs.fonts import FontSet, load_fonts
from handouts.inputs.glyphs import Text, brand_texts, check_glyphs, markup_texts, record_texts
from handouts.inputs.models import Brand, Catalog
from handouts.inputs.roles import load_catalog
from handouts.markup.parse import parse_markup
from handouts.paths import display_path
from handouts.publicdata.rolefigures import AreaChoice
from handouts.render import blocks  # noqa: F401  (importing the builders registers their markup elements)
from handouts.session import Session, default_session
from handouts.templating.environment import layout_context, layout_folders, list_layouts, render_layout
from handouts.templating.review import review


@dataclass
class CheckReport:
    """Everything `check_everything` found: ``problems`` stop a build, ``warnings`` only spoil the print.

    ``checked`` says what was looked at (e.g. "2 roles, 5 sources"); ``error``
    is the kind of error the problems amount to, for a caller that raises.
    """

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    error: HandoutsError = field(default_factory=InvalidInput)

    @property
    def ok(self) -> bool:
        """True when nothing would stop a build (warnings aside)."""
        return not self.problems

    @property
    def summary(self) -> str:
        checked = ", ".join(self.checked)
        if self.warnings:
            count = len(self.warnings)
            return f"no errors, {count} warning{'s' if count > 1 else ''}: {checked}"
        return "all good: " + checked


def _builtin_catalog() -> Catalog:
    try:
        return load_catalog([])
    except HandoutsError:  # the installation itself is broken; check reports that through the data
        return Catalog(roles={}, sources={})


def check_inputs(inputs: Inputs | None = None, *, session: Session | None = None) -> CheckReport:
    """Check the data, brand kit and layouts a build with ``inputs`` would use (its paper aside)."""
    inputs = inputs or Inputs()
    return check_everything(inputs.data, inputs.layouts, inputs.brand, session)


def check_everything(
    data: list[Path], layouts: list[Path], brand_dir: Path | None, session: Session | None = None
) -> CheckReport:
    """Every problem in the data, the brand kit and each layout, each checked on its own.

    Files are read afresh (a check must see the files as they are now); only
    compiled layouts are reused from ``session``.
    """
    session = session or default_session()
    report = CheckReport()
    catalog: Catalog | None = None
    try:
        catalog = load_catalog(data)
        report.checked.append(f"{len(catalog.roles)} roles, {len(catalog.sources)} sources")
    except HandoutsError as exc:
        report.problems += exc.problems
    brand: Brand | None = None
    fonts: FontSet | None = None
    texts: list[Text] = []
    try:
        brand = load_brand(brand_dir, report.warnings)
        fonts = load_fonts(brand)
        report.checked.append(f"brand '{brand.name}'")
        texts += brand_texts(brand)
    except HandoutsError as exc:
        report.problems += [p for p in exc.problems if not p.warning]
        report.warnings += [p for p in exc.problems if p.warning]
    if catalog is not None:
        for role_id, role in catalog.roles.items():
            texts += record_texts(role, catalog.origin.get(role_id, role_id))
        for source_id, source in catalog.sources.items():
            texts += record_texts(source, f"source '{source_id}'")
    folders = layout_folders(layouts, brand.folder if brand else None)
    infos = list_layouts(folders)
    # Layouts are tried even when the data or the brand is broken: with the built-in data and
    # the default brand, so a mistake in one file never hides mistakes in the others.
    trial_catalog = catalog if catalog is not None else _builtin_catalog()
    trial_brand = brand if brand is not None else Brand()
    tried = 0
    for info in infos.values():
        if info.problems:
            report.problems += info.problems
            continue
        # A layout that needs e.g. a checklist is tried with roles that have one.
        role_list = [
            r for r in trial_catalog.roles.values() if all(getattr(r, n, None) is not None for n in info.needs)
        ]
        roles = role_list[: max(info.roles_min, min(info.roles_max, 2))]
        if len(roles) < info.roles_min:
            report.warnings.append(
                Problem(
                    display_path(info.path),
                    0,
                    "layout",
                    f"not tried: no {info.roles_min} roles have {', '.join(info.needs) or 'what it needs'}",
                    "add a role that has them",
                    warning=True,
                )
            )
            continue
        context = layout_context(roles, trial_brand, trial_catalog, info)
        try:
            text = render_layout(info, folders, context, session.layout_environment(folders))
            tree = parse_markup(text, display_path(info.path), set(trial_catalog.sources))
            texts += markup_texts(tree, display_path(info.path))
            tried += 1
        except HandoutsError as exc:
            report.problems += exc.problems
    report.checked.append(f"{tried} layouts")
    if brand is not None and fonts is not None:
        file, lines = brand_source(brand)
        report.problems += check_glyphs(brand, fonts, texts, file, lines)
    if catalog is not None and brand is not None:
        # Printed figures past their age, and what each draft still lacks, over every layout and role.
        file, lines = brand_source(brand)
        area = AreaChoice(brand.area, file, lines.get("area", 0), "area") if brand.area else None
        usable = [info for info in infos.values() if not info.problems]
        found = review(catalog, brand, usable, folders, session.layout_environment(folders), data, area)
        report.warnings += found.warnings
        report.problems += found.problems
    return report
