"""Commands that build and inspect handouts: build, check, list."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.cli.main import (
    _paths,
    area_option,
    brand_option,
    data_option,
    inputs_from,
    lang_option,
    large_print_option,
    layouts_option,
    main,
    paper_option,
    preload,
    printable,
)


@main.command()
@click.argument("layout")
@click.argument("roles", nargs=-1, required=True)
@data_option
@layouts_option
@brand_option
@click.option("-o", "--output", type=click.Path(), help="Output .pdf file or folder (default: output/).")
@click.option("--no-tags", is_flag=True, help="Leave out the PDF structure tags (the PDF is then not accessible).")
@paper_option
@area_option
@lang_option
@large_print_option
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (inspection, figures past their age) as errors: write nothing if any are found.",
)
def build(
    layout: str,
    roles: tuple[str, ...],
    data: tuple[str, ...],
    layouts: tuple[str, ...],
    brand: str | None,
    output: str | None,
    no_tags: bool,
    paper: str | None,
    area: str | None,
    lang: str | None,
    large_print: bool,
    strict: bool,
) -> None:
    """Build one handout from LAYOUT and one or more ROLE ids.

    Every build is inspected (text outside the margins or printable area,
    overlaps, small text, missing glyphs, fonts, images, links, page count);
    problems are printed as warnings, and with --strict nothing is written.

    \b
    Examples:
      handouts build comparison medical-assistant medical-administrative-assistant
      handouts build comparison medical-assistant medical-administrative-assistant -o flyers/
      handouts build comparison medical-assistant medical-administrative-assistant --brand examples/brands/lakeside-high
      handouts build comparison medical-assistant medical-administrative-assistant --paper a4
      handouts build checklist medical-assistant
      handouts build pathway medical-administrative-assistant
      handouts build checklist medical-assistant --lang es
      handouts build comparison medical-assistant medical-administrative-assistant --lang en,es
      handouts build checklist medical-assistant --large-print
      handouts build comparison medical-assistant medical-administrative-assistant --strict
      handouts build comparison medical-assistant phlebotomists --data my-data --area "Portland-Vancouver"
    """
    preload("handouts.build")
    from handouts.build import build_handout
    from handouts.session import Session

    inputs = inputs_from(data, layouts, brand, paper, area, lang, large_print)
    result = build_handout(
        layout,
        roles,
        inputs,
        output=Path(output) if output else None,
        tagged=not no_tags,
        strict=strict,
        session=Session(),
    )
    for warning in result.warnings:
        click.echo(printable(f"warning: {warning}"), err=True)
    pages = "page" if result.pages == 1 else "pages"
    click.echo(f"wrote {result.path} ({result.pages} {pages})")
    if no_tags:
        click.echo("note: built with --no-tags, so this PDF is not accessible to screen readers", err=True)


@main.command()
@data_option
@layouts_option
@brand_option
@paper_option
@click.option(
    "--lang",
    help="List what has no translation into these languages (e.g. es, or en,es). Default: the brand's language.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (old figures, drafts, placeholders, missing translations, ...) as errors, "
    "as build --strict does.",
)
def check(
    data: tuple[str, ...],
    layouts: tuple[str, ...],
    brand: str | None,
    paper: str | None,
    lang: str | None,
    strict: bool,
) -> None:
    """Check every role and source file, every layout and the brand, then build each layout without writing.

    Each layout is built with the brand and data given, for a set of roles
    (each role alone for a one-role layout; pairs and threes for a
    comparison), and what build would refuse is listed with build's own
    message. Placeholders left from 'handouts new brand' are warnings.
    With --strict every warning is an error, as with build --strict.

    Also warns about figures a layout prints that are older than the brand's
    stale_after_years (3 by default), and lists what each draft role still
    lacks for each layout; --strict makes those errors.

    \b
    Examples:
      handouts check
      handouts check --data my-roles --brand my-school-brand
      handouts check --brand my-school-brand --paper a4 --strict
      handouts check --data my-data --strict
      handouts check --lang es --strict
    """
    from handouts.checking import check_inputs
    from handouts.session import Session

    report = check_inputs(inputs_from(data, layouts, brand, paper, lang=lang), session=Session(), strict=strict)
    for warning in report.warnings:
        click.echo(printable(f"warning: {warning}"), err=True)
    if report.problems:
        raise type(report.error)(problems=report.problems)
    click.echo(report.summary)


@main.command(name="list")
@click.argument("what", type=click.Choice(["roles", "layouts", "sources"]))
@data_option
@layouts_option
@brand_option
def list_(what: str, data: tuple[str, ...], layouts: tuple[str, ...], brand: str | None) -> None:
    """List the ROLES, LAYOUTS or SOURCES a build can use, and where each comes from.

    \b
    Examples:
      handouts list roles
      handouts list layouts --layouts my-layouts
    """
    # The session alone (roles, sources, brand), not the build stage: listing renders nothing.
    from handouts.session import Session

    session = Session()
    if what == "layouts":
        from handouts.templating.environment import layout_folders, list_layouts

        brand_folder = session.brand(Path(brand))[0].folder if brand else None
        folders = layout_folders(_paths(layouts), brand_folder)
        builtin = list_layouts(folders[-1:])
        for info in list_layouts(folders).values():
            count = str(info.roles_min) if info.roles_min == info.roles_max else f"{info.roles_min}-{info.roles_max}"
            origin = info.origin
            if info.name in builtin and origin != "built-in":
                origin += " (replaces built-in)"
            click.echo(f"{info.name:<16} roles: {count:<5} {origin:<12} {info.description}")
        return
    catalog = session.catalog(_paths(data))
    if what == "roles":
        for role_id, role in catalog.roles.items():
            click.echo(f"{role_id:<36} {role.name:<36} {catalog.origin[role_id]}")
    else:
        for source_id, source in catalog.sources.items():
            click.echo(f"{source_id:<24} {source.publisher}, \u201c{source.title}\u201d ({source.date})")
