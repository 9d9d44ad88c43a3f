"""Build one handout: load, check, template, parse, render, write.

This is where the stages are wired together, and the only place that knows
their order. Everything here works from Python without the CLI; the public
names (`build_handout`, `build_handout_bytes`, `Inputs`, `BuildResult`) are
exported by the package itself:

    import handouts
    result = handouts.build_handout("comparison", ["medical-assistant", "medical-administrative-assistant"])

Loaded data, brand kits and compiled layouts are kept on a `Session`
(``session=``; the process's default session when none is given), keyed by
the files' modification times, so a second build in the same session (a
print job, a benchmark, a notebook) skips parsing YAML and TOML again.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import AccessibilityError, HandoutsError, Problem, RenderError, UsageError, suggest
from handouts.inputs.brand import brand_source
from handouts.inputs.fonts import FontSet, load_fonts
from handouts.inputs.language import Edition, language_tag, messages_for, parse_languages, printing_in
from handouts.inputs.models import Brand, BrandFonts, Catalog, Paper, Role
from handouts.inputs.placeholders import placeholder_problems
from handouts.inputs.translate import localized
from handouts.inspection.accessibility import check_accessibility
from handouts.markup.acronyms import glossary, spell_out
from handouts.markup.parse import Element, parse_markup
from handouts.output import slug, write_atomic
from handouts.paths import display_path
from handouts.publicdata.rolefigures import AreaChoice, add_public_figures
from handouts.publicdata.storefile import FILE_NAME, store_folder
from handouts.render import fitting
from handouts.render.blocks.base import fitting_parts
from handouts.render.document import LaidOut, Rendered, lay_out
from handouts.render.fitting import Fit
from handouts.render.logo import brand_logo, prepare_soon
from handouts.session import Session, default_session
from handouts.templating.environment import LayoutInfo, find_layout, layout_context, layout_folders, render_layout
from handouts.templating.freshness import Placed, place, stale_warnings

DEFAULT_OUTPUT = Path("output")


@dataclass
class Inputs:
    """Where data, layouts and the brand come from; all optional.

    ``area`` is the state or metro area whose pay the handout prints beside
    the national figures (a name, a unique part of one, or a BLS area code;
    the brand's ``area`` when None); it needs BLS wages imported into one of
    the ``data`` folders. ``area_from`` says where it was written, for an
    error that points there (a manifest line; the command line by default).
    ``stale_after_years`` overrides the brand's limit on a printed figure's age.
    """

    data: list[Path] = field(default_factory=list)
    layouts: list[Path] = field(default_factory=list)
    brand: Path | None = None
    paper: Paper | None = None  # overrides the brand's paper size (a layout's own paper still wins)
    area: str | None = None
    area_from: tuple[str, int, str] = ("command line", 0, "--area")
    stale_after_years: int | None = None
    lang: str | None = None  # the edition's language ("es"); the brand's language when None
    lang_from: tuple[str, int, str] = ("command line", 0, "--lang")
    large_print: bool = False  # 18 pt body text (docs/editions.md)


@dataclass
class BuildResult:
    """A written handout and what the build noticed."""

    path: Path | None
    pages: int
    rendered: Rendered
    layout: LayoutInfo
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class HandoutMarkup:
    """A handout up to its element tree (no ReportLab yet), and what it was made from.

    A print job checks every document's markup before rendering any and
    hands this to `render_handout` later, so the layout is not run twice.
    """

    tree: Element
    layout: LayoutInfo
    brand: Brand
    catalog: Catalog
    printed: tuple[Placed, ...] = ()  # every figure the layout printed, placed in its file (see `freshness`)
    roles: tuple[Role, ...] = ()  # the roles as the layout got them (with BLS figures added)
    edition: Edition = field(default_factory=Edition)  # the language (and print size) it is printed in
    untranslated: tuple[Problem, ...] = ()  # layout strings and role fields printed in English for want of one


def catalog_for(inputs: Inputs, session: Session | None = None) -> Catalog:
    return (session or default_session()).catalog(inputs.data)


def brand_for(inputs: Inputs, session: Session | None = None) -> Brand:
    return brand_and_warnings(inputs, session)[0]


def brand_and_warnings(inputs: Inputs, session: Session | None = None) -> tuple[Brand, list[Problem]]:
    """The brand for a build and what only spoils the print (e.g. a blurry logo), cached per kit version."""
    brand, warnings = (session or default_session()).brand(inputs.brand)
    return (dataclasses.replace(brand, paper=inputs.paper) if inputs.paper else brand), warnings


def resolve_roles(catalog: Catalog, role_ids: Sequence[str], info: LayoutInfo) -> list[Any]:
    """The roles named on the command line, checked against the layout's role count."""
    problems = [
        Problem("command line", 0, "role", f"unknown role id '{rid}'", suggest(rid, catalog.roles))
        for rid in role_ids
        if rid not in catalog.roles
    ]
    if problems:
        raise UsageError(problems=problems)
    count = len(role_ids)
    if not info.roles_min <= count <= info.roles_max:
        wanted = f"{info.roles_min}" if info.roles_min == info.roles_max else f"{info.roles_min} to {info.roles_max}"
        raise UsageError(
            problems=[
                Problem(
                    "command line",
                    0,
                    "roles",
                    f"layout '{info.name}' takes {wanted} role ids, got {count}",
                    f"e.g. handouts build {info.name} " + " ".join(list(catalog.roles)[: max(info.roles_min, 1)]),
                )
            ]
        )
    if len(set(role_ids)) != count:
        raise UsageError(
            problems=[Problem("command line", 0, "roles", "the same role is named twice", "name each role once")]
        )
    problems = [
        Problem(
            catalog.origin.get(rid, "command line"),
            0,
            need,
            f"layout '{info.name}' needs the role's {need}, and role '{rid}' has none",
            f"add a '{need}:' section to the role file (see docs/sheets.md)"
            + (f", or use a role that has one: {', '.join(having)}" if (having := roles_with(catalog, need)) else ""),
        )
        for rid in role_ids
        for need in info.needs
        if getattr(catalog.roles[rid], need, None) is None
    ]
    if problems:
        raise UsageError(problems=problems)
    return [catalog.roles[rid] for rid in role_ids]


def roles_with(catalog: Catalog, need: str) -> list[str]:
    """Ids of the roles whose ``need`` field (e.g. checklist) is filled in."""
    return [rid for rid, role in catalog.roles.items() if getattr(role, need, None) is not None]


def markup_for(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs | None = None,
    options: dict[str, Any] | None = None,
    session: Session | None = None,
) -> HandoutMarkup:
    """Everything up to the element tree, with no ReportLab involved."""
    return _markup(_templated(layout, role_ids, inputs, options, session))


def layout_text(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs | None = None,
    options: dict[str, Any] | None = None,
    session: Session | None = None,
) -> str:
    """The layout's markup text for these roles and options, templated but not yet parsed or checked."""
    return _templated(layout, role_ids, inputs, options, session).text


class LayoutOptions:
    """One layout for one set of roles and inputs, templated with one option set after another.

    What the layout is given besides its options (data, brand, roles, edition, public figures) is
    worked out at the first call and kept: a print job's check of a roster layout templates it once
    per sample name (`jobs.probes.printed_as_given`), and that part was a third of each call.
    Each call gives what `layout_text` and `markup_for` give for the same arguments.
    """

    def __init__(
        self, layout: str, role_ids: Sequence[str], inputs: Inputs | None = None, session: Session | None = None
    ) -> None:
        self._args = (layout, role_ids, inputs, session)
        self._setting: _Setting | None = None

    def text(self, options: dict[str, Any]) -> str:
        """As `layout_text` with these options."""
        return _fill(self._prepared(), options).text

    def markup(self, options: dict[str, Any]) -> HandoutMarkup:
        """As `markup_for` with these options."""
        return _markup(_fill(self._prepared(), options))

    def _prepared(self) -> _Setting:
        if self._setting is None:  # (a failure is raised again by the next call, as the plain functions would)
            self._setting = _setting(*self._args)
        return self._setting


def _markup(made: _Templated) -> HandoutMarkup:
    """The templated text parsed and checked, acronyms written out, printed figures placed."""
    tree = parse_markup(made.text, display_path(made.info.path), set(made.catalog.sources))
    tree = spell_out(tree, glossary(made.catalog, made.roles))  # acronyms written out on first use
    store = store_folder(made.inputs.data)
    placed = place(made.printed, made.roles, made.catalog, display_path(store / FILE_NAME) if store else "")
    untranslated = tuple(untranslated_warnings(made))
    return HandoutMarkup(
        tree, made.info, made.brand, made.catalog, tuple(placed), tuple(made.roles), made.edition, untranslated
    )


@dataclass(frozen=True)
class _Templated:
    """A layout templated for some roles: its text and what it was made from (public figures added)."""

    text: str
    info: LayoutInfo
    brand: Brand
    catalog: Catalog
    roles: list[Role]
    printed: list[Any]
    inputs: Inputs
    edition: Edition = field(default_factory=Edition)
    english_fields: tuple[tuple[str, str, int], ...] = ()  # (role file, field path, line) left in English


def edition_for(inputs: Inputs, brand: Brand, folders: list[Path]) -> Edition:
    """The edition a build prints: --lang (or a job item's lang), else the brand's language; refused
    naming the languages there are when no catalog has it."""
    if inputs.lang:
        langs = parse_languages(inputs.lang, inputs.lang_from, folders)
        if len(langs) > 1:
            raise UsageError(
                problems=[
                    Problem(
                        *inputs.lang_from,
                        f"'{inputs.lang}' names {len(langs)} languages; one handout is built in one at a time",
                        "build each language on its own, or use build_editions",
                    )
                ]
            )
        lang = langs[0]
    else:
        file, lines = brand_source(brand) if brand.folder else ("brand", {})
        lang = parse_languages(brand.language, (file, lines.get("language", 0), "language"), folders)[0]
    return Edition(lang, language_tag(lang, brand.language), messages_for(lang, folders), inputs.large_print)


@dataclass(frozen=True)
class _Setting:
    """What a layout is given besides its options, and where it is found: the same for every option set."""

    info: LayoutInfo
    folders: list[Path]
    brand: Brand
    catalog: Catalog
    roles: list[Role]
    area: Any
    inputs: Inputs
    edition: Edition
    english_fields: tuple[tuple[str, str, int], ...]
    session: Session


def _templated(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs | None,
    options: dict[str, Any] | None,
    session: Session | None,
) -> _Templated:
    return _fill(_setting(layout, role_ids, inputs, session), options)


def _setting(layout: str, role_ids: Sequence[str], inputs: Inputs | None, session: Session | None) -> _Setting:
    inputs = inputs or Inputs()
    session = session or default_session()
    try:  # the brand first: its logo is then made on a thread while the data loads (see `render.logo`)
        brand: Brand | None = brand_for(inputs, session)
    except HandoutsError:
        brand = None  # loaded (and refused) again below, after the data, as it always was
    logo = brand_logo(brand) if brand is not None else None
    if logo:
        prepare_soon(*logo)
    catalog = catalog_for(inputs, session)
    brand = brand or brand_for(inputs, session)
    folders = layout_folders(inputs.layouts, brand.folder)
    info = find_layout(layout, folders)
    roles = resolve_roles(catalog, role_ids, info)
    current = edition_for(inputs, brand, folders)
    brand = dataclasses.replace(brand, language=current.tag) if current.tag != brand.language else brand
    english_fields: list[tuple[str, str, int]] = []
    if not current.english:
        for index, role in enumerate(roles):
            texts = catalog.texts.get(role.id)
            roles[index], missing = localized(role, current.language, texts)
            if texts is not None:
                english_fields += [(texts.file, path, texts.prose[path]) for path in missing]
    area = None
    public = add_public_figures(roles, inputs.data, area_choice(inputs, brand))
    if public is not None:  # the data folder has BLS figures: the roles get them, the releases become sources
        roles, area = list(public.roles), public.area
        catalog = dataclasses.replace(catalog, sources={**catalog.sources, **public.sources})
    return _Setting(info, folders, brand, catalog, roles, area, inputs, current, tuple(english_fields), session)


def _fill(setting: _Setting, options: dict[str, Any] | None) -> _Templated:
    """The layout templated with ``options``; the roles are copied, so no call sees another's list."""
    roles = list(setting.roles)
    context = layout_context(roles, setting.brand, setting.catalog, setting.info, options, setting.area)
    printed: list[Any] = []
    with printing_in(setting.edition):
        environment = setting.session.layout_environment(setting.folders)
        text = render_layout(setting.info, setting.folders, context, environment, printed)
    return _Templated(
        text,
        setting.info,
        setting.brand,
        setting.catalog,
        roles,
        printed,
        setting.inputs,
        setting.edition,
        setting.english_fields,
    )


def untranslated_warnings(made: _Templated) -> list[Problem]:
    """One warning per layout string and role field printed in English in another edition."""
    current = made.edition
    if current.english:
        return []
    where = current.messages.files[0] if current.messages and current.messages.files else display_path(made.info.path)
    out = [
        Problem(
            where,
            0,
            "translation",
            f"the layout text '{text}' has no {current.language} translation; printed in English",
            f"add it to locales/{current.language}.po in the layout's folder (docs/editions.md)",
            warning=True,
        )
        for text in current.missing
    ]
    by_file: dict[str, list[tuple[str, int]]] = {}
    for file, path, line in made.english_fields:
        by_file.setdefault(file, []).append((path, line))
    for file, fields in by_file.items():  # one warning a file: `check --lang` lists every field
        path, line = fields[0]
        more = f" and {len(fields) - 1} more text fields" if len(fields) > 1 else ""
        out.append(
            Problem(
                file,
                line,
                path,
                f"{path}{more} have no {current.language} text, so they print in English",
                f'give each per language, e.g. {{en: "...", {current.language}: "..."}}; '
                f"`handouts check --lang {current.language}` lists them all (docs/editions.md)",
                warning=True,
            )
        )
    return out


def credit_warnings(made: HandoutMarkup, name: str) -> list[Problem]:
    """A role drawn from a source whose licence asks for credit (O*NET) must cite it, or the credit is missing.

    The sources list prints a cited source's credit line; a layout that prints
    such a role without citing its source (a custom one) would print O*NET's
    text uncredited.
    """
    cited = {e.attrs["source"] for e in made.tree.walk() if e.attrs.get("source")}
    out: list[Problem] = []
    for role in made.roles:
        for source_id in dict.fromkeys((*role.sources, *([role.drafted_from] if role.drafted_from else []))):
            source = made.catalog.sources.get(source_id)
            if source is None or not source.credit or source_id in cited:
                continue
            out.append(
                Problem(
                    display_path(made.layout.path),
                    0,
                    "layout",
                    f"{name} prints role '{role.id}', drawn from {source.title}, whose licence asks for a credit "
                    f"line, but cites '{source_id}' nowhere, so the credit is not printed",
                    f'cite it where the layout prints the role, e.g. {{{{ cite("{source_id}") }}}}; keep <sources/>',
                    warning=True,
                )
            )
    return out


def area_choice(inputs: Inputs, brand: Brand) -> AreaChoice | None:
    """The area a build prints local pay for: the one given (command line, job), else the brand's."""
    if inputs.area:
        return AreaChoice(inputs.area, *inputs.area_from)
    if brand.area:
        file, lines = brand_source(brand)
        return AreaChoice(brand.area, file, lines.get("area", 0), "area")
    return None


def figure_warnings(
    made: HandoutMarkup, inputs: Inputs, name: str, today: datetime.date | None = None
) -> list[Problem]:
    """A warning for each printed figure older than the limit (the job's or the brand's), naming its line."""
    limit = inputs.stale_after_years if inputs.stale_after_years is not None else made.brand.stale_after_years
    return stale_warnings(made.printed, made.catalog, limit, today or datetime.date.today(), name)


def asset_folders(inputs: Inputs, brand: Brand) -> list[Path]:
    """Where a layout's images may come from: the layout folders in search order, then the brand kit."""
    folders = layout_folders(inputs.layouts, brand.folder)
    if brand.folder:
        folders.append(Path(brand.folder))
    return folders


def render_handout(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs | None = None,
    *,
    tagged: bool = True,
    options: dict[str, Any] | None = None,
    paper: str | None = None,
    markup: HandoutMarkup | None = None,
    session: Session | None = None,
    forms: bool = True,
    citations: Mapping[str, int] | None = None,
) -> tuple[Rendered, LayoutInfo]:
    """The PDF bytes for a handout, without writing anything.

    ``paper`` overrides the brand's paper size (a print job prints every item
    on the job's paper); a layout that names its own paper still wins.
    ``markup`` is what `markup_for` already returned for these arguments (a
    print job validates every document's markup first and renders it later).
    ``forms`` False leaves out the checkboxes' fillable widgets (a print job's print file: paper).
    ``citations`` fixes source numbers across a print job, so a source has one number on every sheet.
    """
    made = markup or markup_for(layout, role_ids, inputs, options, session)
    tree, info, brand, catalog = made.tree, made.layout, made.brand, made.catalog
    if paper is not None:
        brand = dataclasses.replace(brand, paper=Paper(paper))
    fonts = load_fonts(brand)
    inputs = inputs or Inputs()
    layout_file = display_path(info.path)  # (resolves the path: worked out once)
    limit = page_budget(tree.attrs.get("max-pages") or info.max_pages, made.edition.large_print)

    def attempt(fit: Fit) -> LaidOut:
        with printing_in(made.edition):
            return lay_out(
                tree,
                brand,
                fonts,
                catalog.sources,
                layout_file,
                tagged=tagged,
                assets=asset_folders(inputs, brand),
                roles=tuple(role_ids),
                forms=forms,
                fit=fit,
                citations=citations,
            )

    optional, balanced, breaks = fitting_parts(tree)
    fits = fitting.steps(tree.attrs.get("fit") or "optional", optional, balance=balanced, rebalance=breaks)
    kept = _fitted(attempt, limit, fits)
    with printing_in(made.edition):
        rendered = kept.finish()
    if limit and rendered.pages > limit:
        raise RenderError(
            problems=[
                Problem(
                    layout_file,
                    0,
                    "max-pages",
                    f"the handout runs to {rendered.pages} pages even set as tightly as the layout allows; "
                    f"this layout allows {limit}" + _sentence(_overflow_cause(rendered, brand, fonts)),
                    _shorten_hint(catalog, role_ids),
                )
            ]
        )
    brand_file = display_path(Path(brand.folder) / "brand.toml") if brand.folder else None
    problems = check_accessibility(rendered, layout_file, brand_file)
    if problems:
        raise AccessibilityError(problems=problems)
    rendered.accessibility_passed = True
    return rendered, info


def _fitted(attempt: Callable[[Fit], LaidOut], limit: int | None, fits: list[Fit]) -> LaidOut:
    """The first fitting step whose result keeps the budget and ends on no nearly empty page.

    The smallest step comes first, so a handout that fits as designed is
    rendered once. Rebalancing across pages is tried only once a result has
    kept the budget (it adds a page break: it cannot bring a handout back
    into its budget). When no step gives both, the first result within the
    budget wins (a short last page is better than content left out for
    nothing); when none is within it, the last (tightest) result, which the
    caller refuses. Each step is only laid out (its page count and what it
    drew decide): the caller writes the PDF of the one returned, and the
    others are discarded unwritten.
    """
    within: LaidOut | None = None
    laid: LaidOut | None = None
    for fit in fits:
        if fit.rebalance and (within is None or within.pages < 2):
            continue
        if laid is not None and laid is not within:
            laid.discard()
        laid = attempt(fit)
        fits_budget = not limit or laid.pages <= limit
        if fits_budget and not fitting.nearly_empty_last_page(laid.pages, laid.boxes, laid.page_size, laid.margins):
            if within is not None:
                within.discard()
            return laid
        if fits_budget and within is None and not fit.rebalance:
            within = laid
    assert laid is not None  # (the first step is never skipped)
    kept = within or laid
    if laid is not kept:
        laid.discard()
    return kept


def _overflow_cause(rendered: Rendered, brand: Brand, fonts: FontSet) -> str:
    """Why a handout did not fit, when the brand is why: its font, paper or footer (else the content is)."""
    causes: list[str] = []
    default = load_fonts(dataclasses.replace(brand, fonts=BrandFonts())).regular
    wider = fitting.width_ratio(fonts.regular, default) - 1
    if wider > 0.05:
        causes.append(f"the brand font sets {wider:.0%} wider than the default (Open Sans)")
    if rendered.margins[2] > 0.8 * 72:
        causes.append("the brand's footer (contact details, footer line and web address) takes more than two lines")
    if rendered.page_size[0] < 600:
        causes.append("A4 paper is narrower than Letter")
    return ("What makes it long: " + "; ".join(causes)) if causes else ""


def _sentence(cause: str) -> str:
    """``cause`` as a second sentence after a message, or nothing."""
    return f". {cause}" if cause else ""


def _shorten_hint(catalog: Catalog, role_ids: Sequence[str]) -> str:
    """What to shorten: a draft's O*NET text (a long title and description) is the usual culprit."""
    drafts = [r for r in role_ids if r in catalog.roles and catalog.roles[r].draft]
    if not drafts:
        return (
            "shorten what makes it long (a narrower font in the brand kit, shorter contact details, or the role's "
            "longest lists), or raise max-pages in the layout"
        )
    files = ", ".join(catalog.origin.get(r, r) for r in drafts)
    return (
        f"shorten the content, such as the name, summary or duties of {files} (a draft's, as O*NET words them, "
        'are often long; see docs/public-data.md, "Review a draft"), or raise max-pages in the layout'
    )


def default_name(layout: str, role_ids: Sequence[str]) -> str:
    """e.g. comparison-medical-assistant-vs-medical-administrative-assistant.pdf"""
    return f"{slug(layout)}-{slug('-vs-'.join(role_ids), 120)}.pdf"


def _is_folder(path: Path) -> bool:
    """An existing folder (e.g. ``fair.2026``) is a folder whatever its name looks like."""
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system is reported when writing
        return False


def output_path(output: Path | None, layout: str, role_ids: Sequence[str], suffix: str = "") -> Path:
    """``--output`` may name a .pdf file or a folder; the default is ./output/. ``suffix`` names the edition."""
    if output is not None and output.suffix.lower() == ".pdf":
        return output
    name = default_name(layout, role_ids)
    return (output or DEFAULT_OUTPUT) / (name.removesuffix(".pdf") + suffix + ".pdf")


def inspect_handout(rendered: Rendered, info: LayoutInfo, brand: Brand, name: str) -> list[Problem]:
    """What inspection finds in a rendered handout, from what the renderer drew (a few ms), and the
    brand kit's placeholders (`inputs.placeholders`), which print like any other text."""
    from handouts.inspection import Settings, inspect_rendered

    # A large-print edition is held to its own sizes: the smallest text scales with the rest.
    smallest = brand.min_text_size * rendered.text_scale
    large = rendered.text_scale > 1
    settings = Settings(min_text_size=smallest, max_pages=page_budget(info.max_pages, large), tall_keeps=not large)
    return inspect_rendered(rendered, name, settings) + brand_placeholders(brand)


# Text 1.8 times the size takes about 3.2 times the room, and more where narrow tables and columns are
# set one after another: a large-print edition may run to five times the pages the layout allows.
LARGE_PRINT_PAGES = 5


def page_budget(limit: int, large_print: bool) -> int:
    """A layout's max-pages for this edition (0: no limit)."""
    return limit * LARGE_PRINT_PAGES if limit and large_print else limit


def brand_placeholders(brand: Brand) -> list[Problem]:
    """Placeholder values from `handouts new brand` still in the kit: they print, so --strict refuses them."""
    return placeholder_problems(brand, *brand_source(brand)) if brand.folder else []


def build_handout(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs | None = None,
    *,
    output: Path | None = None,
    tagged: bool = True,
    options: dict[str, Any] | None = None,
    strict: bool = False,
    session: Session | None = None,
) -> BuildResult:
    """Render, inspect and write a handout; nothing is written unless the whole build succeeds.

    Inspection problems come back as ``warnings``; with ``strict`` they are
    errors (RenderError) and no file is written.
    """
    if output is not None and output.suffix and output.suffix.lower() != ".pdf" and not _is_folder(output):
        raise UsageError(
            problems=[
                Problem(
                    "command line",
                    0,
                    "--output",
                    f"'{output}' is not a .pdf file or a folder",
                    "give a folder, or a file name ending in .pdf",
                )
            ]
        )
    inputs = inputs or Inputs()
    session = session or default_session()
    languages = edition_languages(inputs, session)
    if len(languages) > 1:
        return _build_bilingual(layout, role_ids, inputs, languages, output, tagged, options, strict, session)
    made = markup_for(layout, role_ids, inputs, options, session)
    rendered, info = render_handout(layout, role_ids, inputs, tagged=tagged, markup=made, session=session)
    target = output_path(output, info.name, role_ids, edition_suffix(inputs))
    problems = _inspected(
        rendered,
        made,
        inputs,
        session,
        display_path(target),
        strict,
        "not written: inspection found problems and --strict is on",
    )
    path = write_atomic(target, rendered.pdf)
    warnings = [*brand_and_warnings(inputs, session)[1], *problems]
    return BuildResult(path, rendered.pages, rendered, info, warnings=warnings)


def edition_languages(inputs: Inputs, session: Session | None = None) -> list[str]:
    """The languages ``inputs.lang`` names ("en,es" -> ["en", "es"]); [] for the brand's language."""
    if not inputs.lang:
        return []
    folders = layout_folders(inputs.layouts, brand_for(inputs, session).folder)
    return parse_languages(inputs.lang, inputs.lang_from, folders)


def edition_suffix(inputs: Inputs) -> str:
    """What a default file name adds for an edition ("-es", "-en-es", "-large-print"), so editions of one
    handout built into one folder do not overwrite each other."""
    suffix = "-" + "-".join(p.strip().lower() for p in inputs.lang.split(",")) if inputs.lang else ""
    return suffix + ("-large-print" if inputs.large_print else "")


def _build_bilingual(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs,
    languages: list[str],
    output: Path | None,
    tagged: bool,
    options: dict[str, Any] | None,
    strict: bool,
    session: Session,
) -> BuildResult:
    """Each edition built and inspected as alone, then joined into one PDF (see `bilingual`)."""
    target = output_path(output, layout, role_ids, edition_suffix(inputs))
    pdf, first, info, problems = editions_pdf(layout, role_ids, inputs, languages, tagged, options, strict, session,
                                              display_path(target))  # fmt: skip
    path = write_atomic(target, pdf)
    pages = page_count(pdf)
    warnings = [*brand_and_warnings(inputs, session)[1], *problems]
    return BuildResult(path, pages, first, info, warnings=warnings)


def editions_pdf(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs,
    languages: list[str],
    tagged: bool,
    options: dict[str, Any] | None,
    strict: bool,
    session: Session,
    name: str,
) -> tuple[bytes, Rendered, LayoutInfo, list[Problem]]:
    """The editions in ``languages`` order in one PDF, the first edition's render, and every warning."""
    from handouts.bilingual import EditionPdf, combine_editions

    if not tagged:
        raise UsageError(
            problems=[
                Problem(
                    *inputs.lang_from,
                    "an edition in several languages is always tagged: each part carries its own language",
                    "leave out --no-tags, or build one language at a time",
                )
            ]
        )
    parts: list[EditionPdf] = []
    problems: list[Problem] = []
    first: tuple[Rendered, LayoutInfo] | None = None
    refused = "not written: inspection found problems and --strict is on"
    for lang in languages:
        one = dataclasses.replace(inputs, lang=lang)
        made = markup_for(layout, role_ids, one, options, session)
        rendered, info = render_handout(layout, role_ids, one, markup=made, session=session)
        problems += _inspected(rendered, made, one, session, f"{name} ({lang})", strict, refused)
        parts.append(EditionPdf(rendered.pdf, rendered.language, rendered.title))
        first = first or (rendered, info)
    assert first is not None
    pdf, _ = combine_editions(parts)
    return pdf, first[0], first[1], problems


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has, read back with pikepdf (a joined edition has no Rendered of its own)."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def build_handout_bytes(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs | None = None,
    *,
    tagged: bool = True,
    options: dict[str, Any] | None = None,
    strict: bool = False,
    warnings: list[Problem] | None = None,
    session: Session | None = None,
) -> bytes:
    """The handout's PDF, rendered and inspected as `build_handout` does, with no file written.

    For a caller that sends or stores the bytes itself (a web page, an email).
    What `build_handout` would return as warnings is appended to ``warnings``
    when a list is given; with ``strict`` it is a RenderError instead.
    Inspection names the handout "the LAYOUT handout", as it has no file name.
    """
    inputs = inputs or Inputs()
    session = session or default_session()
    languages = edition_languages(inputs, session)
    if len(languages) > 1:
        name = f"the {layout} handout"
        pdf, _, _, problems = editions_pdf(layout, role_ids, inputs, languages, tagged, options, strict, session, name)
        if warnings is not None:
            warnings += [*brand_and_warnings(inputs, session)[1], *problems]
        return pdf
    made = markup_for(layout, role_ids, inputs, options, session)
    rendered, info = render_handout(layout, role_ids, inputs, tagged=tagged, markup=made, session=session)
    refused = "not made: inspection found problems and strict is on"
    problems = _inspected(rendered, made, inputs, session, f"the {info.name} handout", strict, refused)
    if warnings is not None:
        warnings += [*brand_and_warnings(inputs, session)[1], *problems]
    return rendered.pdf


def _inspected(
    rendered: Rendered, made: HandoutMarkup, inputs: Inputs, session: Session, name: str, strict: bool, refused: str
) -> list[Problem]:
    """What inspection finds, and printed figures past their age; with ``strict``, those and ``refused`` as a
    RenderError."""
    problems = inspect_handout(rendered, made.layout, brand_for(inputs, session), name)
    problems += figure_warnings(made, inputs, name)
    problems += credit_warnings(made, name)
    problems += list(made.untranslated)
    if strict and problems:
        raise RenderError(
            problems=[dataclasses.replace(p, warning=False) for p in problems] + [Problem(name, 0, "", refused)]
        )
    return problems
