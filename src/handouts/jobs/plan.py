"""Check a whole print job before anything is rendered, and plan what to render.

An office runs a print job the morning of a career fair; finding a misspelt
role id after 20 minutes of rendering, or one problem per run, is what this
avoids. `plan_job` loads the manifest, the role data, the brand and its
fonts, every layout an item names, and every roster, and renders each
distinct document's layout to markup (which catches template and markup
errors without ReportLab). Every problem is collected and raised together,
each naming the manifest line or the roster row.

The result is a `Plan`: every item with the distinct document it prints
(identical items share one `DocSpec`, so they are rendered once), for
roster items the students and the options their names feed, and the markup
each checked document was made into (``markups``), which the workers render
from instead of running its layout again.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from handouts.build import (
    DEFAULT_OUTPUT,
    HandoutMarkup,
    Inputs,
    LayoutOptions,
    brand_for,
    catalog_for,
    credit_warnings,
    figure_warnings,
    markup_for,
)
from handouts.errors import HandoutsError, Problem, suggest
from handouts.inputs.fonts import FontSet, load_fonts, missing_glyphs
from handouts.inputs.language import language_tag
from handouts.inputs.models import Brand, Catalog
from handouts.jobs.cache import fingerprint
from handouts.jobs.editions import item_edition, job_edition, primary
from handouts.jobs.manifest import (
    MAX_PAGES,
    MAX_PERSONAL,
    Item,
    LoadedManifest,
    ManifestError,
    encoding_problem,
    load_manifest,
)
from handouts.jobs.probes import printed_as_given, printed_text, probes, shape
from handouts.jobs.roster import Roster, Student, read_roster
from handouts.markup.parse import Element
from handouts.output import slug
from handouts.paths import PACKAGE_DIR, builtin_dir, display_path
from handouts.render.logo import brand_logo, prepare_soon
from handouts.session import Session, default_session
from handouts.templating.environment import LayoutInfo, layout_folders, list_layouts
from handouts.templating.figures import format_figure
from handouts.templating.freshness import age_year, oldest


@dataclass(frozen=True, slots=True)
class DocSpec:
    """One distinct document: what the layout is given. Equal specs render to equal bytes."""

    layout: str
    roles: tuple[str, ...]
    options: tuple[tuple[str, str], ...] = ()
    area: str | None = None  # the item's or the job's area, as written (None: the brand's, if any)
    lang: str | None = None  # the edition's one language ("es"); None: the brand's
    large_print: bool = False

    def with_options(self, extra: dict[str, str]) -> DocSpec:
        options = tuple(sorted({**dict(self.options), **extra}.items()))
        return dataclasses.replace(self, options=options)

    def inputs(self, inputs: Inputs, where: tuple[str, int, str] | None = None) -> Inputs:
        """The job's inputs with this document's area (and where it was written, for errors) and edition."""
        if self.area is not None:
            inputs = dataclasses.replace(inputs, area=self.area, area_from=where or inputs.area_from)
        if self.lang is not None or self.large_print:
            inputs = dataclasses.replace(inputs, lang=self.lang or inputs.lang, large_print=self.large_print)
        return inputs


@dataclass
class PlannedItem:
    """An item as it will print: the document (or, for a roster, the shared base) and its copies."""

    number: int
    title: str
    item: Item
    where: str
    line: int
    doc: DocSpec
    separator: bool
    roster: Roster | None = None
    fields: dict[str, str] = field(default_factory=dict)  # option -> roster column
    in_full: str = ""  # why each student's document must be rendered in full (names cannot be overlaid)
    refused: list[Problem] = field(default_factory=list)  # why it cannot print, found in planning (others still do)
    area_from: tuple[str, int, str] | None = None  # where the item's area was written (manifest line, --area)
    figure_warnings: list[Problem] = field(default_factory=list)  # printed figures past their age
    oldest: str = ""  # the oldest figure it prints, for the summary
    oldest_year: int | None = None
    # The edition (see `editions`): an item in two languages is planned as one part per language, in print
    # order, each with the item's number (`render.by_item` groups them); ``language`` is this part's /Lang tag.
    edition: str = "English"
    language: str = "en-US"

    @property
    def personal(self) -> bool:
        return self.roster is not None

    @property
    def students(self) -> tuple[Student, ...]:
        return self.roster.students if self.roster else ()

    def probe_doc(self, fonts: FontSet) -> DocSpec:
        """The document with the short probes in place of the roster's values (see `probes`)."""
        return self.doc.with_options(probes(list(self.fields), 0, fonts))

    def student_doc(self, student: Student) -> DocSpec:
        return self.doc.with_options(dict(student.values))


@dataclass
class Plan:
    loaded: LoadedManifest
    name: str
    inputs: Inputs
    brand: Brand
    fonts: FontSet
    paper: str
    duplex: bool
    cover: bool
    output: Path
    inputs_from: list[Path]  # every folder whose files may shape a document: what `env` fingerprints
    items: list[PlannedItem]
    markups: dict[DocSpec, HandoutMarkup] = field(default_factory=dict)  # what planning checked, to render from
    language: str = "en-US"  # the print file's /Lang: the job's first language, else the brand's
    # Source id -> citation number for the whole print file, so a source has one number on every sheet.
    citations: dict[str, int] = field(default_factory=dict)

    @cached_property
    def env(self) -> str:
        """The fingerprint of the job's inputs and the renderer, for cache keys (`cache.fingerprint`).

        Worked out when first asked for: it hashes every file of the package and the inputs (about
        7 ms), which a run without the cache (a fresh folder per run) and `handouts check` never need.
        """
        return fingerprint(self.inputs_from)


def plan_job(
    path: Path,
    *,
    output: Path | None = None,
    encoding: str | None = None,
    session: Session | None = None,
    area: str | None = None,
    lang: str | None = None,
    large_print: bool = False,
) -> Plan:
    """Validate everything the job uses; ManifestError lists every problem at once.

    ``area`` (``--area``) replaces the manifest's own ``area``; an item's ``area`` still wins.
    ``lang`` and ``large_print`` (``--lang``, ``--large-print``) likewise replace the manifest's.
    """
    session = session or default_session()
    loaded, problems = load_manifest(path)
    manifest = loaded.manifest
    if encoding is not None and (reason := encoding_problem(encoding)):
        problems.append(Problem("command line", 0, "--encoding", reason, 'give e.g. "utf-8" or "cp1252"'))
        encoding = None
    inputs, found = _inputs(loaded)
    problems += found
    catalog: Catalog | None = None
    brand: Brand | None = None
    fonts: FontSet | None = None
    if not found:
        brand_problems: list[Problem] = []
        try:
            brand = brand_for(inputs, session)
        except HandoutsError as exc:
            brand_problems = list(exc.problems)
        else:
            _prepare_logo(brand)
        try:
            catalog = catalog_for(inputs, session)
        except HandoutsError as exc:
            problems += exc.problems
        try:
            fonts = load_fonts(brand) if brand is not None else None
        except HandoutsError as exc:
            brand_problems += exc.problems
        problems += brand_problems  # (listed after the data's, as they always were)
    if catalog is None or brand is None or fonts is None:
        raise ManifestError(problems=problems)
    folders = layout_folders(inputs.layouts, brand.folder)
    layouts = list_layouts(folders)
    job_ed = job_edition(loaded, lang, large_print, brand.language, folders, problems)
    faces = {"regular": fonts.regular, "bold": fonts.bold}
    problems += _check_text(loaded, "name", manifest.name, faces)
    items: list[PlannedItem] = []
    for index, item in enumerate(manifest.items):
        where = f"items[{index}]"
        found = _check_item(loaded, where, item, catalog, layouts)
        roster = None
        if item.roster is not None and Path(item.roster).suffix.lower() not in ROSTER_SUFFIXES:
            # Roster values are printed: a manifest from elsewhere naming /etc/passwd or a key file
            # would put its lines into the print file. A roster is a spreadsheet export.
            found.append(
                loaded.problem(
                    f"{where}.roster",
                    f"'{item.roster}' is not a roster file",
                    "name a .csv file (or .tsv or .txt) exported from your spreadsheet",
                )
            )
        elif item.roster is not None and (encoding is not None or not encoding_problem(item.encoding or "utf-8")):
            # (An unusable item encoding is already reported by the manifest check: the roster waits for it.)
            roster, roster_problems = read_roster(
                loaded.resolve(item.roster),
                dict(item.fields),
                {"regular": fonts.regular},  # the face a name lands in unless styled; jobrender checks the rest
                encoding or item.encoding,
            )
            found += roster_problems
        title = item.title or _default_title(item, catalog)
        if item.title:
            found += _check_text(loaded, f"{where}.title", item.title, faces)
        edition = item_edition(loaded, where, item, job_ed, brand.language, folders, found)
        problems += found
        if found:
            continue
        separator = manifest.separators if item.separator is None else item.separator
        item_area, area_from = _area(loaded, where, item, area)
        for part, language in enumerate(edition.languages):
            own = None if language == primary(brand.language) else language  # one spec for "en" and the default
            options = tuple(sorted(item.options.items()))
            doc = DocSpec(item.layout, item.roles, options, item_area, own, edition.large_print)
            if roster is not None:
                doc = doc.with_options(dict.fromkeys(item.fields, ""))
            planned = PlannedItem(
                index + 1,
                title,
                item,
                where,
                loaded.line(where),
                doc,
                separator and not part,
                roster,
                dict(item.fields),
            )
            planned.area_from = area_from
            planned.edition, planned.language = edition.label, language_tag(language, brand.language)
            items.append(planned)
    paper = (manifest.paper or brand.paper).value
    problems += _check_size(loaded, items, manifest.duplex)
    markups: dict[DocSpec, HandoutMarkup] = {}
    problems += _check_markup(loaded, items, inputs, fonts, paper, markups, session)
    inputs.stale_after_years = manifest.stale_after_years
    _judge_figures(items, markups, inputs, fonts)
    target = _output(loaded, output, problems)
    if problems:
        raise ManifestError(problems=problems)
    folders = [
        *inputs.data,
        builtin_dir("data"),
        *layout_folders(inputs.layouts, brand.folder),
        PACKAGE_DIR / "builtin",
    ]
    folders += [inputs.brand] if inputs.brand else []
    plan = Plan(
        loaded,
        manifest.name,
        inputs,
        brand,
        fonts,
        paper,
        manifest.duplex,
        manifest.cover,
        target,
        folders,
        items,
        markups,
    )
    plan.language = job_ed.tag
    plan.citations = job_citations(items, markups, fonts)
    return plan


def job_citations(items: list[PlannedItem], markups: dict[DocSpec, HandoutMarkup], fonts: FontSet) -> dict[str, int]:
    """Source numbers for the whole print file: in order of first citation, item by item in job order.

    Each handout numbers its sources in the order it cites them, so on their
    own a comparison and a pathway sheet could call one source [1] and [2];
    in one print file a student would see two numbers for one source.
    """
    numbers: dict[str, int] = {}
    for planned in items:
        made = markups.get(planned.probe_doc(fonts) if planned.personal else planned.doc)
        for element in made.tree.walk() if made else ():
            source = element.attrs.get("source")
            if source:
                numbers.setdefault(source, len(numbers) + 1)
    return numbers


ROSTER_SUFFIXES = (".csv", ".tsv", ".txt")


def _area(
    loaded: LoadedManifest, where: str, item: Item, given: str | None
) -> tuple[str | None, tuple[str, int, str] | None]:
    """The item's area and where it was written: the item's own, else --area, else the manifest's."""
    if item.area:
        return item.area, (loaded.shown, loaded.line(f"{where}.area"), f"{where}.area")
    if given:
        return given, ("command line", 0, "--area")
    if loaded.manifest.area:
        return loaded.manifest.area, (loaded.shown, loaded.line("area"), "area")
    return None, None


def _judge_figures(
    items: list[PlannedItem], markups: dict[DocSpec, HandoutMarkup], inputs: Inputs, fonts: FontSet
) -> None:
    """Each item's printed figures past their age (warnings) and its oldest figure (for the summary)."""
    today = datetime.date.today()
    for planned in items:
        made = markups.get(planned.probe_doc(fonts) if planned.personal else planned.doc)
        if made is None:
            continue
        shown = f"item {planned.number} ('{planned.title}')"
        planned.figure_warnings = figure_warnings(made, inputs, shown, today) + credit_warnings(made, shown)
        found = oldest(made.printed, made.catalog)
        if found is not None:
            planned.oldest_year = age_year(found.figure, made.catalog)
            planned.oldest = f"{format_figure(found.figure)}, {found.role.name}: {found.figure.measure}"


def _inputs(loaded: LoadedManifest) -> tuple[Inputs, list[Problem]]:
    """Folders named in the manifest, resolved against its folder and checked to exist."""
    manifest = loaded.manifest
    problems: list[Problem] = []

    def folder(where: str, relative: str, what: str, fix: str) -> Path:
        path = loaded.resolve(relative)
        if not path.is_dir():
            problems.append(
                loaded.problem(where, f"{what} folder '{relative}' not found (looked in {display_path(path)})", fix)
            )
        return path

    brand = (
        folder("brand", manifest.brand, "brand kit", "give a folder holding brand.toml, relative to the manifest")
        if manifest.brand
        else None
    )
    data = [
        folder(f"data[{i}]", d, "data", "give a folder holding roles/*.yaml, relative to the manifest")
        for i, d in enumerate(manifest.data)
    ]
    layouts = [
        folder(f"layouts[{i}]", d, "layouts", "give a folder holding *.xml.j2 layouts, relative to the manifest")
        for i, d in enumerate(manifest.layouts)
    ]
    return Inputs(data, layouts, brand), problems


def _check_item(
    loaded: LoadedManifest, where: str, item: Item, catalog: Catalog, layouts: dict[str, LayoutInfo]
) -> list[Problem]:
    problems: list[Problem] = []
    info = layouts.get(item.layout)
    if info is None:
        problems.append(
            loaded.problem(f"{where}.layout", f"unknown layout '{item.layout}'", suggest(item.layout, layouts))
        )
    for position, role_id in enumerate(item.roles):
        if role_id not in catalog.roles:
            problems.append(
                loaded.problem(
                    f"{where}.roles[{position}]", f"unknown role id '{role_id}'", suggest(role_id, catalog.roles)
                )
            )
    if len(set(item.roles)) != len(item.roles):
        problems.append(loaded.problem(f"{where}.roles", "the same role is named twice", "name each role once"))
    if info is not None and item.roles and not info.roles_min <= len(item.roles) <= info.roles_max:
        wanted = str(info.roles_min) if info.roles_min == info.roles_max else f"{info.roles_min} to {info.roles_max}"
        problems.append(
            loaded.problem(
                f"{where}.roles",
                f"layout '{info.name}' takes {wanted} role ids, got {len(item.roles)}",
                "add or remove role ids",
            )
        )
    return problems


def _check_text(loaded: LoadedManifest, where: str, text: str, faces: dict[str, str]) -> list[Problem]:
    """Text printed on cover and separator sheets must be drawable too."""
    for face, font in faces.items():
        missing = missing_glyphs(font, text)
        if missing:
            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:3])
            return [
                loaded.problem(where, f"the brand's {face} font has no glyph for {chars}", "replace those characters")
            ]
    return []


def _prepare_logo(brand: Brand) -> None:
    """Have the brand's logo made on a thread while planning goes on (see `render.logo`): only rendering draws it."""
    logo = brand_logo(brand)
    if logo:
        prepare_soon(*logo)


def _default_title(item: Item, catalog: Catalog) -> str:
    """Layout and role names; an unknown role id (reported on its own line) stands for itself."""
    names = [catalog.roles[r].name if r in catalog.roles else r for r in item.roles]
    title = f"{item.layout.capitalize()}: {' / '.join(names)}"
    return f"{title} (one per student)" if item.roster else title


def _check_size(loaded: LoadedManifest, items: list[PlannedItem], duplex: bool) -> list[Problem]:
    """The job's size before anything is rendered: every document has at least one page (two in duplex).

    Names the item at which the running total passes a cap; `size_problem` checks the real page count
    once the documents are rendered.
    """
    pages = personal = 0
    for planned in items:
        documents = planned.item.copies * (len(planned.students) if planned.personal else 1)
        pages += documents * (2 if duplex else 1)
        personal += documents if planned.personal else 0
        if personal > MAX_PERSONAL:
            return [
                loaded.problem(
                    f"{planned.where}.roster",
                    f"the job reaches {personal:,} personalised documents at this item (roster rows x copies), "
                    f"over the {MAX_PERSONAL:,} one print job may have",
                    "split the roster over several jobs",
                )
            ]
        if pages > MAX_PAGES:
            return [size_problem(loaded, planned, pages, "at least ")]
    return []


def size_problem(loaded: LoadedManifest, planned: PlannedItem, pages: int, bound: str = "") -> Problem:
    """The job is over `MAX_PAGES` from ``planned`` (the item where the running total passes it) on."""
    return loaded.problem(
        f"{planned.where}.copies" if f"{planned.where}.copies" in loaded.lines else planned.where,
        f"the print file reaches {bound}{pages:,} pages at this item, over the {MAX_PAGES:,} one print file may have",
        "split the job into several (e.g. a manifest per day or per school), or print fewer copies",
    )


def _check_markup(
    loaded: LoadedManifest,
    items: list[PlannedItem],
    inputs: Inputs,
    fonts: FontSet,
    paper: str,
    markups: dict[DocSpec, HandoutMarkup],
    session: Session,
) -> list[Problem]:
    """Render each distinct document's layout to markup once: template and markup errors show here.

    The results are kept in ``markups`` (the plan's) so rendering does not template the same document again.
    A layout that names another paper than the job's fails its item here, before anything is rendered
    (so ``--fail-fast`` stops before rendering, and without it the others still print).
    """
    problems: list[Problem] = []
    seen: set[DocSpec] = set()
    for planned in items:
        spec = planned.probe_doc(fonts) if planned.personal else planned.doc
        if spec in seen and (spec not in markups or not planned.personal):
            continue  # done (or failed, and reported) for an earlier item
        seen.add(spec)
        try:
            spec_inputs = spec.inputs(inputs, planned.area_from)
            markup = markups.get(spec) or markup_for(spec.layout, spec.roles, spec_inputs, dict(spec.options), session)
            markups[spec] = markup
            if planned.personal:  # for each item: the same layout with another roster may print its values so
                problems += _check_personal(loaded, planned, inputs, fonts, markup.tree, session)
        except HandoutsError as exc:
            problems.append(
                loaded.problem(
                    planned.where, f"item {planned.number} ('{planned.title}') cannot be built", "see the next lines"
                )
            )
            problems += exc.problems
    for planned in items:  # every item, identical ones too
        checked = markups.get(planned.probe_doc(fonts) if planned.personal else planned.doc)
        own = checked.tree.attrs.get("paper") if checked else None
        if own and own != paper:
            planned.refused = [
                loaded.problem(
                    planned.where,
                    f"layout '{planned.doc.layout}' prints on another paper size than the job's {paper}",
                    "remove paper= from the layout, or set the job's paper to match",
                )
            ]
    return problems


def _check_personal(
    loaded: LoadedManifest, planned: PlannedItem, inputs: Inputs, fonts: FontSet, tree: Element, session: Session
) -> list[Problem]:
    """Every mapped option must be printed; one the layout changes (or prints by length) means full renders."""

    # Only the options differ from one call to the next: the rest is worked out once (`LayoutOptions`).
    layout = LayoutOptions(planned.doc.layout, planned.doc.roles, planned.doc.inputs(inputs), session)

    def markup(options: dict[str, str]) -> Element:
        return layout.markup(dict(planned.doc.with_options(options).options)).tree

    def templated(options: dict[str, str]) -> str:
        return layout.text(dict(planned.doc.with_options(options).options))

    problems: list[Problem] = []
    texts = probes(list(planned.fields), 0, fonts)
    others = probes(list(planned.fields), 1, fonts)
    text = printed_text(tree)
    for option, probe in texts.items():
        if probe in text:
            continue
        if shape(markup({**texts, option: others[option]})) == shape(tree):
            problems.append(
                loaded.problem(
                    f"{planned.where}.fields.{option}",
                    f"layout '{planned.doc.layout}' does not print options.{option}, "
                    "so every student's copy would be the same",
                    "map the column to an option the layout prints (see its header comment), "
                    "or use copies instead of a roster",
                )
            )
        elif not planned.in_full:
            planned.in_full = f"the layout changes options.{option} before printing it (e.g. upper case, first name)"
    if not problems and not planned.in_full:
        values = {option: [s.value(option) for s in planned.students] for option in planned.fields}
        planned.in_full = printed_as_given(markup, tree, texts, values, templated)
    return problems


def _output(loaded: LoadedManifest, output: Path | None, problems: list[Problem]) -> Path:
    if output is not None:
        if output.suffix.lower() != ".pdf":
            problems.append(
                Problem(
                    "command line",
                    0,
                    "--output",
                    f"'{output}' is not a .pdf file name",
                    "give e.g. print/career-fair.pdf",
                )
            )
        return output
    if loaded.manifest.output:
        return loaded.resolve(loaded.manifest.output)
    return DEFAULT_OUTPUT / f"{slug(loaded.manifest.name)}.pdf"
