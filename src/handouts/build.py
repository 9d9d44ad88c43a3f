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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import AccessibilityError, Problem, RenderError, UsageError, suggest
from handouts.inputs.fonts import load_fonts
from handouts.inputs.models import Brand, Catalog, Paper
from handouts.inspection.accessibility import check_accessibility
from handouts.markup.parse import Element, parse_markup
from handouts.output import slug, write_atomic
from handouts.paths import display_path
from handouts.render.document import Rendered, render
from handouts.session import Session, default_session
from handouts.templating.environment import LayoutInfo, find_layout, layout_context, layout_folders, render_layout

DEFAULT_OUTPUT = Path("output")


@dataclass
class Inputs:
    """Where data, layouts and the brand come from; all optional."""

    data: list[Path] = field(default_factory=list)
    layouts: list[Path] = field(default_factory=list)
    brand: Path | None = None
    paper: Paper | None = None  # overrides the brand's paper size (a layout's own paper still wins)


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
    text, info, brand, catalog = _templated(layout, role_ids, inputs, options, session)
    tree = parse_markup(text, display_path(info.path), set(catalog.sources))
    return HandoutMarkup(tree, info, brand, catalog)


def layout_text(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs | None = None,
    options: dict[str, Any] | None = None,
    session: Session | None = None,
) -> str:
    """The layout's markup text for these roles and options, templated but not yet parsed or checked."""
    return _templated(layout, role_ids, inputs, options, session)[0]


def _templated(
    layout: str,
    role_ids: Sequence[str],
    inputs: Inputs | None,
    options: dict[str, Any] | None,
    session: Session | None,
) -> tuple[str, LayoutInfo, Brand, Catalog]:
    inputs = inputs or Inputs()
    session = session or default_session()
    catalog = catalog_for(inputs, session)
    brand = brand_for(inputs, session)
    folders = layout_folders(inputs.layouts, brand.folder)
    info = find_layout(layout, folders)
    roles = resolve_roles(catalog, role_ids, info)
    context = layout_context(roles, brand, catalog, info, options)
    return render_layout(info, folders, context, session.layout_environment(folders)), info, brand, catalog


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
) -> tuple[Rendered, LayoutInfo]:
    """The PDF bytes for a handout, without writing anything.

    ``paper`` overrides the brand's paper size (a print job prints every item
    on the job's paper); a layout that names its own paper still wins.
    ``markup`` is what `markup_for` already returned for these arguments (a
    print job validates every document's markup first and renders it later).
    ``forms`` False leaves out the checkboxes' fillable widgets (a print job's print file: paper).
    """
    made = markup or markup_for(layout, role_ids, inputs, options, session)
    tree, info, brand, catalog = made.tree, made.layout, made.brand, made.catalog
    if paper is not None:
        brand = dataclasses.replace(brand, paper=Paper(paper))
    fonts = load_fonts(brand)
    inputs = inputs or Inputs()
    layout_file = display_path(info.path)  # (resolves the path: worked out once)
    rendered = render(
        tree,
        brand,
        fonts,
        catalog.sources,
        layout_file,
        tagged=tagged,
        assets=asset_folders(inputs, brand),
        roles=tuple(role_ids),
        forms=forms,
    )
    limit = tree.attrs.get("max-pages") or info.max_pages
    if limit and rendered.pages > limit:
        raise RenderError(
            problems=[
                Problem(
                    layout_file,
                    0,
                    "max-pages",
                    f"the handout runs to {rendered.pages} pages; this layout allows {limit}",
                    "shorten the content, or raise max-pages in the layout",
                )
            ]
        )
    brand_file = display_path(Path(brand.folder) / "brand.toml") if brand.folder else None
    problems = check_accessibility(rendered, layout_file, brand_file)
    if problems:
        raise AccessibilityError(problems=problems)
    rendered.accessibility_passed = True
    return rendered, info


def default_name(layout: str, role_ids: Sequence[str]) -> str:
    """e.g. comparison-medical-assistant-vs-medical-administrative-assistant.pdf"""
    return f"{slug(layout)}-{slug('-vs-'.join(role_ids), 120)}.pdf"


def _is_folder(path: Path) -> bool:
    """An existing folder (e.g. ``fair.2026``) is a folder whatever its name looks like."""
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system is reported when writing
        return False


def output_path(output: Path | None, layout: str, role_ids: Sequence[str]) -> Path:
    """``--output`` may name a .pdf file or a folder; the default is ./output/."""
    if output is not None and output.suffix.lower() == ".pdf":
        return output
    return (output or DEFAULT_OUTPUT) / default_name(layout, role_ids)


def inspect_handout(rendered: Rendered, info: LayoutInfo, brand: Brand, name: str) -> list[Problem]:
    """What inspection finds in a rendered handout, from what the renderer drew (a few ms)."""
    from handouts.inspection import Settings, inspect_rendered

    settings = Settings(min_text_size=brand.min_text_size, max_pages=info.max_pages)
    return inspect_rendered(rendered, name, settings)


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
    rendered, info = render_handout(layout, role_ids, inputs, tagged=tagged, options=options, session=session)
    target = output_path(output, info.name, role_ids)
    problems = _inspected(
        rendered,
        info,
        inputs,
        session,
        display_path(target),
        strict,
        "not written: inspection found problems and --strict is on",
    )
    path = write_atomic(target, rendered.pdf)
    warnings = [*brand_and_warnings(inputs, session)[1], *problems]
    return BuildResult(path, rendered.pages, rendered, info, warnings=warnings)


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
    rendered, info = render_handout(layout, role_ids, inputs, tagged=tagged, options=options, session=session)
    refused = "not made: inspection found problems and strict is on"
    problems = _inspected(rendered, info, inputs, session, f"the {info.name} handout", strict, refused)
    if warnings is not None:
        warnings += [*brand_and_warnings(inputs, session)[1], *problems]
    return rendered.pdf


def _inspected(
    rendered: Rendered, info: LayoutInfo, inputs: Inputs, session: Session, name: str, strict: bool, refused: str
) -> list[Problem]:
    """What inspection finds; with ``strict``, those problems and ``refused`` as a RenderError."""
    problems = inspect_handout(rendered, info, brand_for(inputs, session), name)
    if strict and problems:
        raise RenderError(
            problems=[dataclasses.replace(p, warning=False) for p in problems] + [Problem(name, 0, "", refused)]
        )
    return problems
