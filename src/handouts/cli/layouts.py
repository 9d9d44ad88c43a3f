"""`handouts new layout`: start an office's own layout from a built-in one."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.cli.main import new


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
