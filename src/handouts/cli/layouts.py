"""`handouts new layout`: start an office's own layout from a built-in one."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.cli.main import main, new


@new.command("layout")
@click.argument("name")
@click.option("--from", "source", default="comparison", show_default=True, help="The built-in layout to copy.")
@click.option(
    "--to",
    "folder",
    default="layouts",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Your layout folder; made if missing.",
)
def new_layout(name: str, source: str, folder: str) -> None:
    """Copy a built-in layout to FOLDER/NAME.xml.j2, with a comment on how to edit it.

    Its translations go to FOLDER/locales/LANG.po (added to the end of one
    already there), so the copy prints in every language at once.

    A copy named like the built-in layout (e.g. comparison) replaces it in
    builds that pass --layouts FOLDER. An existing file is never overwritten.

    \b
    Examples:
      handouts new layout my-comparison --from comparison
      handouts build my-comparison medical-assistant medical-administrative-assistant --layouts layouts
      handouts new layout comparison --to school-layouts
    """
    from handouts.scaffold.layout import copy_layout

    target = Path(folder)
    for path in copy_layout(name, source, target):
        click.echo(f"wrote {path}")
    click.echo(f"edit it, then: handouts check --layouts {target.as_posix()}")


@main.command("extract-messages")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--lang",
    "languages",
    multiple=True,
    help="Start a catalog for this language too (e.g. vi). Repeat to give several.",
)
def extract_messages(folder: str, languages: tuple[str, ...]) -> None:
    """Add the text your layouts mark for translation to FOLDER/locales/LANG.po.

    Reads every layout in FOLDER and adds to each catalog there (Spanish,
    es.po, when there is none yet) the strings it lacks: with the built-in
    translation when there is one, else empty for you to fill in. Entries
    already there are kept as they are; nothing is removed.

    \b
    Examples:
      handouts extract-messages layouts
      handouts extract-messages my-kit/layouts --lang vi
      handouts check --layouts layouts --lang es     (lists what is still empty)
    """
    from handouts.scaffold.catalog import plan_extraction, write_catalogs

    planned = plan_extraction(Path(folder), [lang.strip().lower() for lang in languages])
    write_catalogs(planned)
    for catalog in planned:
        todo = f", {catalog.untranslated} to translate" if catalog.untranslated else ""
        click.echo(f"wrote {catalog.path}: {catalog.added} entries added{todo}")
    if not planned:
        click.echo("nothing to add: the catalogs have every string the layouts mark")
    todo = ",".join(catalog.path.stem for catalog in planned if catalog.untranslated)
    if todo:
        shown = Path(folder).as_posix()
        click.echo(f"fill in each empty msgstr; to list those left: handouts check --layouts {shown} --lang {todo}")
