"""The command line: parse options, call the library, print results, exit.

This is the only module that imports Click and the only one that exits.
Library errors (`HandoutsError`) become one clear paragraph per problem and
their exit status; anything else is a bug, shown with a traceback only under
``--debug``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import HandoutsError, UsageError

EXIT_UNEXPECTED = 1


class Settings:
    """Options shared by every command."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug


def _fail(problems_or_message: Any, code: int) -> None:
    click.echo(problems_or_message, err=True)
    sys.exit(code)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into messages and exit codes; tracebacks only with --debug."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = ctx.find_object(Settings).debug if ctx.find_object(Settings) else False
        try:
            return func(*args, **kwargs)
        except HandoutsError as exc:
            if debug:
                raise
            lines = [str(p) for p in exc.problems] or [str(exc)]
            errors = [
                line
                for line, p in zip(lines, exc.problems or [None] * len(lines), strict=False)
                if p is None or not p.warning
            ]
            prefix = "error: " if len(errors) <= 1 else f"{len(errors)} problems:\n"
            body = "\n".join(lines) if len(lines) > 1 else lines[0]
            _fail(prefix + body, exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted; nothing was written", 130)
        except click.exceptions.ClickException:
            raise
        except Exception as exc:  # a bug: say so plainly
            if debug:
                raise
            _fail(
                f"error: unexpected {type(exc).__name__}: {exc}\n"
                "This is a bug in handouts. Run again with --debug for the details and report them.",
                EXIT_UNEXPECTED,
            )

    return wrapper


def _paths(values: tuple[str, ...]) -> list[Path]:
    return [Path(v) for v in values]


data_option = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Folder with your own roles/*.yaml (and sources.yaml), searched before the "
    "built-in data. Repeat to give several.",
)
layouts_option = click.option(
    "--layouts",
    "layouts",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Folder with your own layouts, searched before the built-in ones.",
)
brand_option = click.option(
    "--brand",
    "brand",
    type=click.Path(file_okay=False),
    help="Brand kit folder (brand.toml, logo, fonts). Default: the neutral built-in brand.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="handouts")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Print career handouts: comparisons, checklists and advancement paths, in your school's branding.

    \b
    Example:
      handouts build comparison medical-assistant medical-administrative-assistant
      handouts list roles
      handouts check --brand my-school-brand
    """
    ctx.obj = Settings(debug)


@main.command()
@click.argument("layout")
@click.argument("roles", nargs=-1, required=True)
@data_option
@layouts_option
@brand_option
@click.option("-o", "--output", type=click.Path(), help="Output .pdf file or folder (default: output/).")
@click.option("--no-tags", is_flag=True, help="Leave out the PDF structure tags (the PDF is then not accessible).")
@handle_errors
def build(
    layout: str,
    roles: tuple[str, ...],
    data: tuple[str, ...],
    layouts: tuple[str, ...],
    brand: str | None,
    output: str | None,
    no_tags: bool,
) -> None:
    """Build one handout from LAYOUT and one or more ROLE ids.

    \b
    Examples:
      handouts build comparison medical-assistant medical-administrative-assistant
      handouts build comparison medical-assistant medical-administrative-assistant -o flyers/
      handouts build comparison medical-assistant medical-administrative-assistant --brand examples/brands/lakeside-high
    """
    from .build import Inputs, build_handout

    inputs = Inputs(_paths(data), _paths(layouts), Path(brand) if brand else None)
    result = build_handout(layout, roles, inputs, output=Path(output) if output else None, tagged=not no_tags)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    pages = "page" if result.pages == 1 else "pages"
    click.echo(f"wrote {result.path} ({result.pages} {pages})")
    if no_tags:
        click.echo("note: built with --no-tags, so this PDF is not accessible to screen readers", err=True)


@main.command()
@data_option
@layouts_option
@brand_option
@handle_errors
def check(data: tuple[str, ...], layouts: tuple[str, ...], brand: str | None) -> None:
    """Validate every role and source file, every layout and the brand; list all problems.

    \b
    Examples:
      handouts check
      handouts check --data my-roles --brand my-school-brand
    """
    from .checking import check_everything

    report = check_everything(_paths(data), _paths(layouts), Path(brand) if brand else None)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if report.problems:
        raise type(report.error)(problems=report.problems)
    click.echo(report.summary)


@main.command(name="list")
@click.argument("what", type=click.Choice(["roles", "layouts", "sources"]))
@data_option
@layouts_option
@brand_option
@handle_errors
def list_(what: str, data: tuple[str, ...], layouts: tuple[str, ...], brand: str | None) -> None:
    """List the ROLES, LAYOUTS or SOURCES a build can use, and where each comes from.

    \b
    Examples:
      handouts list roles
      handouts list layouts --layouts my-layouts
    """
    from .build import Inputs, brand_for, catalog_for
    from .templating import layout_folders, list_layouts

    inputs = Inputs(_paths(data), _paths(layouts), Path(brand) if brand else None)
    if what == "layouts":
        folders = layout_folders(inputs.layouts, brand_for(inputs).folder if inputs.brand else None)
        for info in list_layouts(folders).values():
            count = str(info.roles_min) if info.roles_min == info.roles_max else f"{info.roles_min}-{info.roles_max}"
            click.echo(f"{info.name:<16} roles: {count:<5} {info.origin:<12} {info.description}")
        return
    catalog = catalog_for(inputs)
    if what == "roles":
        for role_id, role in catalog.roles.items():
            click.echo(f"{role_id:<36} {role.name:<36} {catalog.origin[role_id]}")
    else:
        for source_id, source in catalog.sources.items():
            click.echo(f"{source_id:<24} {source.publisher}, \u201c{source.title}\u201d ({source.date})")


def run() -> None:
    """Console-script entry point."""
    try:
        main(standalone_mode=True)
    except UsageError as exc:  # pragma: no cover - handled inside commands
        _fail(str(exc), exc.exit_code)
