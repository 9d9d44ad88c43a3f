"""`handouts check`: everything `handouts build` would refuse, found at once and without writing.

Data, brand and layouts are checked independently so one broken file does
not hide problems in the others. Each layout is rendered with the roles it
would get and its markup parsed, which catches misspelt fields and unknown
elements even while the data or the brand is broken.

When the data and the brand load, every layout is then built as `handouts
build` builds it (rendered, checked for accessibility and inspected, but not
written) with the brand and data given, for a representative set of roles
(`role_sets`): what build would refuse (the page budget, a missing image, a
glyph the font lacks), check refuses with build's own message. With
``strict``, as with ``build --strict``, every warning is an error. The
brand kit's placeholders from `handouts new brand` are warnings (errors
under ``strict``), so an untouched new kit is never "all good".
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path

from handouts.build import Inputs, brand_for, render_handout
from handouts.editions import missing_translations, unreadable_catalogs
from handouts.errors import HandoutsError, InvalidInput, Problem, RenderError
from handouts.inputs.brand import brand_source, load_brand
from handouts.inputs.fonts import FontSet, load_fonts
from handouts.inputs.glyphs import Text, brand_texts, check_glyphs, markup_texts, record_texts
from handouts.inputs.language import SOURCE_LANGUAGE, parse_languages
from handouts.inputs.models import Brand, Catalog, Paper, Role
from handouts.inputs.placeholders import placeholder_problems
from handouts.inputs.roles import load_catalog
from handouts.inspection import Settings, inspect_rendered
from handouts.markup.parse import parse_markup
from handouts.paths import display_path
from handouts.publicdata.rolefigures import AreaChoice
from handouts.render import blocks  # noqa: F401  (importing the builders registers their markup elements)
from handouts.session import Session, default_session
from handouts.templating.environment import (
    LayoutInfo,
    layout_context,
    layout_folders,
    list_layouts,
    render_layout,
)
from handouts.templating.review import review

# Every combination of roles is tried while a layout and role count have at most this many;
# past that, the roles with the most text together, then every role at least once.
ALL_COMBINATIONS = 6
# At most this many role sets per layout and role count, so check stays quick for a large catalog.
MAX_SETS = 12


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
    # Each (layout, role ids) built without writing, in the order tried.
    built: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

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


def check_inputs(inputs: Inputs | None = None, *, session: Session | None = None, strict: bool = False) -> CheckReport:
    """Check the data, brand kit and layouts a build with ``inputs`` would use, on its paper."""
    inputs = inputs or Inputs()
    return check_everything(
        inputs.data,
        inputs.layouts,
        inputs.brand,
        session,
        paper=inputs.paper,
        strict=strict,
        lang=inputs.lang,
        lang_from=inputs.lang_from,
    )


def check_everything(
    data: list[Path],
    layouts: list[Path],
    brand_dir: Path | None,
    session: Session | None = None,
    *,
    paper: Paper | None = None,
    strict: bool = False,
    lang: str | None = None,
    lang_from: tuple[str, int, str] = ("command line", 0, "--lang"),
) -> CheckReport:
    """Every problem in the data, the brand kit and each layout, then what building each layout would refuse.

    Files are read afresh (a check must see the files as they are now); only
    compiled layouts are reused from ``session``. ``paper`` overrides the
    brand's, as ``build --paper`` does; with ``strict`` every warning is an error.
    ``lang`` ("es", "en,es") names the editions whose missing translations are listed (the brand's
    language when None).
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
    try:
        if lang:
            languages = parse_languages(lang, lang_from, folders)
        else:
            file, lines = brand_source(trial_brand) if trial_brand.folder else ("brand", {})
            languages = parse_languages(trial_brand.language, (file, lines.get("language", 0), "language"), folders)
    except HandoutsError as exc:
        report.problems += exc.problems
        languages = []
    report.problems += unreadable_catalogs(folders)
    try:
        report.warnings += missing_translations(catalog, folders, languages)
    except HandoutsError as exc:  # a catalog that cannot be read, already listed just above
        report.problems += [p for p in exc.problems if p not in report.problems]
    if any(language != SOURCE_LANGUAGE for language in languages):
        report.checked.append(f"translations into {', '.join(languages)}")
    if brand is not None and fonts is not None:
        file, lines = brand_source(brand)
        report.problems += check_glyphs(brand, fonts, texts, file, lines)
        if brand.folder:
            report.warnings += placeholder_problems(brand, file, lines)
    if catalog is not None and brand is not None:
        # Printed figures past their age, and what each draft still lacks, over every layout and role.
        file, lines = brand_source(brand)
        area = AreaChoice(brand.area, file, lines.get("area", 0), "area") if brand.area else None
        usable = [info for info in infos.values() if not info.problems]
        found = review(catalog, brand, usable, folders, session.layout_environment(folders), data, area)
        report.warnings += found.warnings
        report.problems += found.problems
    if catalog is not None and brand is not None and not report.problems:
        inputs = Inputs(data, layouts, brand_dir, paper)
        good = [info for info in infos.values() if not info.problems]
        _build_each(good, catalog, inputs, session, strict, report)
    if strict and report.warnings:
        if not report.problems:  # refused for warnings alone: build --strict's error (exit status 4)
            report.error = RenderError()
        report.problems += [dataclasses.replace(p, warning=False) for p in report.warnings]
        report.warnings = []
    return report


def role_sets(info: LayoutInfo, catalog: Catalog) -> tuple[list[tuple[str, ...]], int]:
    """The role sets check builds ``info`` with, and how many roles could have been tried.

    For each role count the layout takes: every combination while there are
    at most `ALL_COMBINATIONS`; past that, the roles with the most text
    together (the likeliest to overrun the page budget), then groups that put
    every role in at least once, heaviest first, at most `MAX_SETS` in all.
    Roles keep their catalog order within a set.
    """
    order = {rid: n for n, rid in enumerate(catalog.roles)}
    eligible = [rid for rid, r in catalog.roles.items() if all(getattr(r, n, None) is not None for n in info.needs)]
    heaviest = sorted(eligible, key=lambda rid: (-_weight(catalog.roles[rid]), order[rid]))
    sets: list[tuple[str, ...]] = []
    for count in range(max(info.roles_min, 1), min(info.roles_max, len(eligible)) + 1):
        if math.comb(len(eligible), count) <= ALL_COMBINATIONS:
            sets += itertools.combinations(eligible, count)
            continue
        picked: list[tuple[str, ...]] = []
        for start in range(0, len(heaviest), count):
            group = heaviest[start : start + count]
            group += [r for r in heaviest if r not in group][: count - len(group)]
            chosen = tuple(sorted(group, key=order.__getitem__))
            if chosen not in picked:
                picked.append(chosen)
        sets += picked[:MAX_SETS]
    return sets, len(eligible)


def _weight(role: Role) -> int:
    """How much text a role brings to a handout: the characters in all its fields."""
    return sum(len(t.text) for t in record_texts(role, ""))


def _build_each(
    infos: list[LayoutInfo], catalog: Catalog, inputs: Inputs, session: Session, strict: bool, report: CheckReport
) -> None:
    """Build every layout with each of its role sets as `handouts build` would, writing nothing."""
    refused: dict[tuple[str, tuple[Problem, ...]], list[tuple[str, ...]]] = {}
    kinds: list[HandoutsError] = []  # what build raised, so check exits as build would (4 for a render error)
    counts = []
    brand = brand_for(inputs, session)
    for info in infos:
        sets, eligible = role_sets(info, catalog)
        possible = sum(math.comb(eligible, k) for k in range(max(info.roles_min, 1), info.roles_max + 1))
        counts.append(f"{info.name} x{len(sets)}" + (f" (of {possible} role sets)" if possible > len(sets) else ""))
        settings = Settings(min_text_size=brand.min_text_size, max_pages=info.max_pages)
        for roles in sets:
            report.built.append((info.name, roles))
            try:
                rendered, _ = render_handout(info.name, roles, inputs, session=session)
            except HandoutsError as exc:
                refused.setdefault((info.name, tuple(exc.problems)), []).append(roles)
                kinds.append(exc)
                continue
            report.warnings += inspect_rendered(rendered, f"{info.name} ({', '.join(roles)})", settings)
    for (layout, problems), sets in refused.items():
        more = f" (and {len(sets) - 1} more role sets)" if len(sets) > 1 else ""
        lead = _command(layout, sets[0]) + more
        report.problems.append(Problem(lead, 0, "", "build would write nothing, for the reasons below"))
        report.problems += problems
    if kinds:
        report.error = type(kinds[0])()
    if counts:
        report.checked.append(f"built without writing: {', '.join(counts)}")


def _command(layout: str, roles: tuple[str, ...]) -> str:
    return f"handouts build {layout} {' '.join(roles)}"
