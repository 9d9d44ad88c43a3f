"""`handouts new brand`: start a brand kit from a commented template."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.cli.main import new


@new.command(name="brand")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--name", default="Your School Name", show_default=True, help="The school or office name.")
@click.option(
    "--paper", type=click.Choice(["letter", "a4", "legal"]), default="letter", show_default=True, help="Paper size."
)
def brand(folder: str, name: str, paper: str) -> None:
    """Write a commented brand.toml and a placeholder logo into FOLDER.

    Nothing is overwritten. Edit brand.toml, replace logo.png with your own,
    then check the kit and build with it.

    \b
    Examples:
      handouts new brand my-brand --name "Lakeside High School"
      handouts check --brand my-brand
      handouts build comparison medical-assistant medical-administrative-assistant --brand my-brand
    """
    from handouts.inputs.models import Paper
    from handouts.scaffold.brand import write_brand_kit

    written = write_brand_kit(Path(folder), name, Paper(paper))
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: edit {written[0]}, then run: handouts check --brand {folder}")
