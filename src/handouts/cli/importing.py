"""Commands that turn public data files into draft roles and local figures: import onet, projections, wages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from handouts.cli.main import main, printable

if TYPE_CHECKING:
    from handouts.publicdata.loading import ImportResult

SEARCH_LIMIT = 50

data_folder_option = click.option(
    "--data",
    "data",
    default="data",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Your data folder (the one you give --data when building): drafts go to its roles/, sources to its "
    "sources.yaml, BLS figures to its public-data.sqlite. Never the built-in data.",
)
published_option = click.option(
    "--published", help="The date BLS published this release (YYYY-MM-DD), when handouts does not know it."
)


@main.group(name="import")
def import_() -> None:
    """Turn downloaded public data into draft roles and local pay and outlook figures.

    \b
    Example:
      handouts import onet db_30_1_text.zip --search "medical assistant"
      handouts import onet db_30_1_text.zip --soc 31-9092 --soc 43-6013
      handouts import projections occupation.xlsx
      handouts import wages oesm25all.zip
    """


@import_.command()
@click.argument("path", type=click.Path())
@click.option("--soc", "codes", multiple=True, help="O*NET-SOC code to draft (31-9092 or 31-9092.00). Repeatable.")
@click.option("--all", "every", is_flag=True, help="Draft every occupation that has tasks (about 900 files).")
@click.option("--search", "text", help="List occupations whose title or alternate titles match; writes nothing.")
@data_folder_option
@click.option("--replace", is_flag=True, help="Overwrite draft files that already exist (they may have been reviewed).")
@click.option("--release", "release_number", help="The release number (30.1) when the file name does not say.")
@click.option("--released", help="The release's publication month (YYYY-MM) when handouts does not know it.")
def onet(
    path: str,
    codes: tuple[str, ...],
    every: bool,
    text: str | None,
    data: str,
    replace: bool,
    release_number: str | None,
    released: str | None,
) -> None:
    """Draft role files from an O*NET text release (the db_NN_N_text.zip as downloaded, or its folder).

    Each draft gets the title, alternate titles, description, core tasks as
    duties, the education most workers say the job needs, the job zone and
    related occupations, each with the release it came from. Drafts must be
    reviewed before printing; see docs/public-data.md.

    \b
    Examples:
      handouts import onet db_30_1_text.zip --search "medical assistant"
      handouts import onet db_30_1_text.zip --soc 31-9092 --data my-data
      handouts check --data my-data
    """
    from handouts.publicdata.drafting import import_onet, search_onet

    chosen = sum((bool(codes), every, text is not None))
    if chosen != 1:
        raise click.UsageError("give one of --soc CODE (repeatable), --all or --search TEXT")
    if text is not None:
        matches = search_onet(Path(path), text)
        for code, title, alternate in matches[:SEARCH_LIMIT]:
            also = f"  (also called {alternate})" if alternate else ""
            click.echo(printable(f"{code}  {title}{also}"))
        if len(matches) > SEARCH_LIMIT:
            click.echo(f"... and {len(matches) - SEARCH_LIMIT} more; add words to narrow the search")
        if not matches:
            click.echo(printable(f"no occupation matches '{text}'; try fewer or shorter words"))
        return
    result = import_onet(
        Path(path),
        None if every else list(codes),
        Path(data),
        replace=replace,
        release_number=release_number,
        released=released,
    )
    for code, role_id, file in result.roles:
        click.echo(printable(f"wrote {file} (draft of {code}, role id {role_id})"))
    source = result.release.source_id
    sources = Path(data) / "sources.yaml"
    if result.sources is not None:
        click.echo(printable(f"added source {source} ({result.release.title}) to {sources}"))
    else:
        click.echo(printable(f"{sources} already lists source {source}"))
    click.echo(printable(f"next: review each draft (docs/public-data.md), then run: handouts check --data {data}"))


def _report(result: ImportResult, data: str, published: str | None) -> None:
    store = Path(data) / "public-data.sqlite"
    if result.already:
        done = f"recorded its publication date, {published}" if published else "nothing changed"
        click.echo(printable(f"already imported: {result.release} from {result.file} ({done})"))
        return
    what = "occupations" if result.kind == "projections" else "occupation and area estimates"
    click.echo(printable(f"imported {result.release} from {result.file}: {result.rows:,} {what} into {store}"))
    for replaced in result.replaced:
        click.echo(printable(f"replaces {replaced} (kept in the store's import history)"))
    if result.published is None:
        click.echo(
            printable(
                f"note: handouts does not know when BLS published {result.release}; "
                "import again with --published YYYY-MM-DD to record it"
            ),
            err=True,
        )


@import_.command()
@click.argument("path", type=click.Path())
@data_folder_option
@published_option
def projections(path: str, data: str, published: str | None) -> None:
    """Import BLS Employment Projections (occupation.xlsx, sheet "Table 1.2") into the data folder's store.

    \b
    Example:
      handouts import projections occupation.xlsx --data my-data
    """
    from handouts.publicdata.loading import import_projections

    _report(import_projections(Path(path), Path(data), published=published), data, published)


@import_.command()
@click.argument("path", type=click.Path())
@data_folder_option
@click.option("--release", help="The OEWS release ('May 2025') when the file name does not say.")
@published_option
def wages(path: str, data: str, release: str | None, published: str | None) -> None:
    """Import BLS OEWS wages (all-data, national, state or metro .xlsx, or their .zip) into the data folder's store.

    Cross-industry estimates for detailed occupations are kept, for every
    area in the file. "*" and "**" (not published) and "#" (at or above the
    top code) are kept as such, never as numbers.

    \b
    Examples:
      handouts import wages national_M2025_dl.xlsx --data my-data
      handouts import wages oesm25ma.zip --data my-data
    """
    from handouts.publicdata.loading import import_wages

    _report(import_wages(Path(path), Path(data), release=release, published=published), data, published)
