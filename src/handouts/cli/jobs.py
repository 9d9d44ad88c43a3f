"""`handouts print` (run a print job) and `handouts new job` (start a manifest).

Parsing and printing only: the job runs in `handouts.jobs.batch.run_job`. The
summary table goes to stdout (it is the result); progress and notes go to
stderr, and the progress bar only appears on a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from handouts.cli.main import main, new, preload
from handouts.errors import Problem, UsageError

if TYPE_CHECKING:
    from handouts.jobs.batch import JobResult


class _ProgressBar:
    """A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal."""

    WIDTH = 30

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        click.echo(f"\rrendering [{bar}] {done}/{total}", nl=False, err=True)
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            click.echo("\r" + " " * (self.WIDTH + 30) + "\r", nl=False, err=True)
            self.drawn = False


@main.command(name="print")
@click.argument("manifest", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="The print file (.pdf); overrides the manifest.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 256),
    help="Worker processes rendering in parallel (default: this process, with a worker per free core but one "
    "once six documents wait).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary table; errors still show.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first item that fails; write nothing.")
@click.option("--encoding", help="Text encoding of every roster, e.g. cp1252 for Excel's Windows CSV.")
@click.option(
    "--individual",
    is_flag=True,
    help="Also write each document as its own PDF, in a folder named after the print file "
    "(replaced whole on the next run; a folder handouts did not make is never replaced).",
)
@click.option("--no-cache", is_flag=True, help="Render everything again; do not read or fill .handouts-cache/.")
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (inspection, figures past their age) as errors: an item with any is not printed.",
)
@click.option(
    "--area",
    help="Print pay for this state or metro area (a name, a unique part of one, or a BLS area code), as "
    "area = in the manifest would; an item's own area still wins. Needs BLS wages in a data folder.",
)
@click.option(
    "--lang",
    help="Print every item in this language (e.g. es, or en,es for both in turn), as lang = in the manifest "
    "would; an item's own lang still wins. Default: the manifest's lang, else the brand's language.",
)
@click.option(
    "--large-print",
    is_flag=True,
    help="Print every item in large print (18 pt body text), as large_print = true in the manifest would; "
    "an item's own large_print still wins.",
)
def print_(
    manifest: str,
    output: str | None,
    jobs: int | None,
    quiet: bool,
    fail_fast: bool,
    encoding: str | None,
    individual: bool,
    no_cache: bool,
    strict: bool,
    area: str | None,
    lang: str | None,
    large_print: bool,
) -> None:
    """Print a job: check MANIFEST and everything it names, then write one print-ready PDF.

    Copies are collated in manifest order; with duplex each document starts on a
    fresh sheet. A summary of pages and sheets is printed and written beside the
    print file as .summary.csv and .summary.json.

    \b
    Examples:
      handouts print examples/career-fair/job.toml
      handouts print job.toml --jobs 2 -o print/fair.pdf
      handouts print job.toml --encoding cp1252 --individual
      handouts print family-night.toml --lang es --large-print
    """
    preload("handouts.jobs.batch")
    from handouts.jobs.batch import JobFailed, run_job
    from handouts.session import Session

    bar = _ProgressBar(enabled=not quiet and sys.stderr.isatty())
    try:
        result = run_job(
            manifest,
            output=output,
            jobs=jobs,
            fail_fast=fail_fast,
            encoding=encoding,
            individual=individual,
            cache=not no_cache,
            strict=strict,
            progress=bar,
            session=Session(),
            area=area,
            lang=lang,
            large_print=large_print,
        )
    except JobFailed as exc:
        bar.finish()
        _report(exc.result, quiet)
        raise
    finally:
        bar.finish()
    _report(result, quiet)


def _report(result: JobResult, quiet: bool) -> None:
    if not quiet:
        click.echo(result.summary.table())
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if result.path is None:
        click.echo("no print file written: every item failed", err=True)
        return
    summary = result.summary
    csv_file = result.summary_files[0] if result.summary_files else None
    click.echo(f"wrote {result.path} ({summary.pages} pages, {summary.sheets} sheets of {summary.paper} paper)")
    if csv_file is not None and not quiet:
        click.echo(f"summary: {csv_file} and {csv_file.with_suffix('.json').name}")
    if result.individual is not None:
        click.echo(f"individual PDFs: {result.individual}/")
    if not quiet:
        stats = result.stats
        where = f" (cache: {result.cache})" if result.cache else ""
        click.echo(f"rendered {stats.rendered}, reused {stats.cached} from the cache{where}", err=True)
    if summary.failed:
        click.echo(f"{summary.failed} item(s) failed and are missing from the print file:", err=True)


@new.command(name="job")
@click.argument("file", type=click.Path(dir_okay=False))
def new_job(file: str) -> None:
    """Write a commented starter print-job manifest to FILE (a .toml file).

    \b
    Example:
      handouts new job career-fair.toml && handouts print career-fair.toml
    """
    from handouts.output import write_atomic
    from handouts.paths import PACKAGE_DIR

    path = Path(file)
    if path.suffix.lower() != ".toml":
        raise UsageError(
            problems=[Problem("command line", 0, "FILE", f"'{file}' does not end in .toml", "e.g. career-fair.toml")]
        )
    if path.exists():
        raise UsageError(
            problems=[Problem(file, 0, "", "the file already exists", "choose another name, or delete it first")]
        )
    write_atomic(path, (PACKAGE_DIR / "builtin" / "starter-job.toml").read_bytes(), "the manifest")
    click.echo(f"wrote {path}; edit it, then run: handouts print {path}")
