"""Commands that let an office see what it will print: inspect and preview."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from handouts.cli.main import brand_option, data_option, inputs_from, layouts_option, main, paper_option
from handouts.errors import InvalidInput, Problem, UnsafePDF


def _length(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    from handouts.inputs.values import InvalidValue, length

    try:
        return length(value)
    except InvalidValue as exc:
        raise click.BadParameter(str(exc)) from None


def _echo_problems(problems: list, strict: bool) -> list:
    """Print warnings; return what counts as an error."""
    errors = []
    for problem in problems:
        if problem.warning and not strict:
            click.echo(f"warning: {problem}", err=True)
        else:
            errors.append(problem)
    return errors


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 3).")
@click.option("--max-pages", type=click.IntRange(0), default=0, help="The most pages allowed (default: no limit).")
@click.option("--min-size", type=float, default=7.0, show_default=True, help="Smallest text size in points.")
@click.option("--min-dpi", type=float, default=150.0, show_default=True, help="Lowest image resolution.")
@click.option(
    "--printable",
    callback=_length,
    default="0.25in",
    show_default=True,
    help="Unprintable border at each paper edge.",
)
@click.option("--margin", callback=_length, help="Body margin at every edge: warn about text outside it, e.g. 0.5in.")
@click.option(
    "--all-pages",
    is_flag=True,
    help="Read the text and images of every distinct page (default: at most 120, every page content once).",
)
def inspect(
    files: tuple[str, ...],
    strict: bool,
    max_pages: int,
    min_size: float,
    min_dpi: float,
    printable: float,
    margin: float | None,
    all_pages: bool,
) -> None:
    """Check any PDF the way a person would before printing it.

    Reports text outside the printable area (or --margin), overlapping text,
    text on images or rules, text below --min-size, glyphs the font lacks,
    text without a Unicode mapping, fonts not embedded, images below
    --min-dpi, links that are not http(s)/mailto/tel, too many pages, and
    structural damage. Each problem names the page, where on it, and the
    text or object. It also says whether each PDF is accessible (tagged for
    screen readers, with alt text, language, title and readable contrast)
    and, as warnings, why not; a print file from `handouts print` is named
    as one (untagged by design, for paper). Pages that draw exactly what an
    earlier page drew are read once; past 120 distinct pages the rest are
    sampled, and the output says which were read. A PDF whose streams
    decode past a safe size (a decompression bomb) is refused unread.
    Exit status 3 when there are errors (or, with --strict, warnings).

    \b
    Examples:
      handouts inspect output/comparison-medical-assistant-vs-medical-administrative-assistant.pdf
      handouts inspect flyer.pdf --max-pages 2 --margin 0.5in --strict
    """

    from handouts.inspection import Settings, inspect_file
    from handouts.inspection.audit import audit_pdf
    from handouts.inspection.pageplan import DEFAULT_BUDGET

    margins = (margin, margin, margin, margin) if margin is not None else None
    budget = 0 if all_pages else DEFAULT_BUDGET
    settings = Settings(printable, min_size, min_dpi, max_pages, margins, page_budget=budget)
    errors: list[Problem] = []
    for file in files:
        try:
            inspection = inspect_file(Path(file), settings, name=file)
            audit = audit_pdf(Path(file), file, settings.page_budget, settings.limits)
        except UnsafePDF as exc:  # refused unread (reported with the other errors); the other files are inspected
            errors += exc.problems
            continue
        problems = inspection.problems
        # Why a PDF is not accessible comes as warnings: it may still print well (--strict fails on them).
        reasons = [dataclasses.replace(p, warning=True) for p in audit.problems]
        errors += _echo_problems(problems + reasons, strict)
        if not problems:
            click.echo(f"{file}: no problems found")
        if inspection.coverage:
            more = "; --all-pages checks every one" if inspection.sampled else ""
            click.echo(f"{file}: text, images and contrast checked on {inspection.coverage}{more}")
        click.echo(audit.summary)
    if errors:
        raise InvalidInput(problems=[dataclasses.replace(p, warning=False) for p in errors])


@main.command()
@click.argument("layout")
@click.argument("roles", nargs=-1)
@data_option
@layouts_option
@brand_option
@paper_option
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Folder for the PNG files (default: output/).")
@click.option("--dpi", type=click.IntRange(10, 600), default=100, show_default=True, help="Resolution of page images.")
@click.option("--open", "open_", is_flag=True, help="Open the contact sheet in the system image viewer.")
def preview(
    layout: str,
    roles: tuple[str, ...],
    data: tuple[str, ...],
    layouts: tuple[str, ...],
    brand: str | None,
    paper: str | None,
    output: str | None,
    dpi: int,
    open_: bool,
) -> None:
    """Render a handout's pages to PNG, plus a contact sheet of all pages side by side.

    Takes the same LAYOUT and ROLE ids as build (or one existing PDF file
    instead). Writes NAME-page-1.png, NAME-page-2.png, ... and
    NAME-sheet.png; nothing is printed and no PDF is written.

    \b
    Examples:
      handouts preview comparison medical-assistant medical-administrative-assistant --open
      handouts preview comparison medical-assistant medical-administrative-assistant --dpi 150 -o previews/
      handouts preview output/my-handout.pdf
    """
    from handouts.build import DEFAULT_OUTPUT, default_name, render_handout
    from handouts.inspection.preview import write_preview
    from handouts.session import Session

    folder = Path(output) if output else DEFAULT_OUTPUT
    if layout.lower().endswith(".pdf") and not roles:
        try:
            pdf = Path(layout).read_bytes()
        except OSError as exc:
            raise InvalidInput(
                problems=[Problem(layout, 0, "", f"cannot read the PDF ({exc.strerror})", "check the file name")]
            ) from None
        stem, name = Path(layout).stem, layout
    else:
        if not roles:
            raise click.UsageError("give one or more ROLE ids after the layout, or a PDF file on its own")
        rendered, info = render_handout(layout, roles, inputs_from(data, layouts, brand, paper), session=Session())
        pdf = rendered.pdf
        stem = default_name(info.name, roles).removesuffix(".pdf")
        name = f"the {info.name} handout"
    result = write_preview(pdf, folder, stem, dpi, name)
    count = len(result.pages)
    click.echo(f"wrote {count} page image{'s' if count != 1 else ''} at {dpi} dpi and {result.sheet}")
    if open_:
        click.launch(str(result.sheet))
