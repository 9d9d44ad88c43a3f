"""Run a print job: a manifest in, one print-ready PDF and its summary out.

    import handouts
    result = handouts.run_print_job("examples/career-fair/job.toml", jobs=2)  # this module's run_job
    print(result.summary.table())

The stages, each its own module in `handouts.jobs`: `plan` validates
everything and plans (nothing is rendered until the whole job checks out);
`render` renders each distinct document once, in worker processes (`pool`),
through the cache in ``.handouts-cache/`` beside the print file;
`printfile` assembles the pages in manifest order, collated, padded for
duplex, sharing pages, fonts and images; `summary` counts pages and sheets;
`write` puts the print file, the summaries and the individual PDFs in place
together. Nothing is printed here: the CLI shows the result.

When an item fails to render, the others are still rendered and printed,
the summary marks the failed item, and `JobFailed` is raised carrying the
result, so a Python caller sees the failure as surely as the CLI's exit
status does. Ctrl-C, a crash or a failure with ``fail_fast`` leave the
previous print file (if any) untouched and no temporary files: `write`
writes every output before putting any in place. A Ctrl-C after they are
in place raises `errors.Interrupted` naming them, so the message can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import Interrupted, OutputError, Problem, RenderError, UsageError, suggest
from handouts.jobs import cores
from handouts.jobs.cache import CACHE_DIR, RenderCache
from handouts.jobs.manifest import MAX_PAGES, ManifestError
from handouts.jobs.plan import Plan, plan_job, size_problem
from handouts.jobs.pool import Context
from handouts.jobs.render import ItemOutcome, Progress, RenderStats, by_item, render_items
from handouts.jobs.separators import cover_pages
from handouts.jobs.summary import JobSummary, SummaryRow, printed_pages, sheets_for
from handouts.jobs.write import (
    INDIVIDUAL_MARKER,
    RENDER_PREFIX,
    individual_folder,
    remove_leftovers,
    summary_paths,
    write_outputs,
)
from handouts.output import check_replaceable
from handouts.paths import display_path
from handouts.session import Session, default_session
from handouts.temporaries import Temporary, new_folder


@dataclass
class JobResult:
    """What a run wrote and counted."""

    path: Path | None
    summary: JobSummary
    summary_files: tuple[Path, ...] = ()
    individual: Path | None = None
    failures: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # inspection of the printed documents (see `build`)
    notes: list[str] = field(default_factory=list)
    stats: RenderStats = field(default_factory=RenderStats)
    cache: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def written(self) -> list[Path]:
        """Every output put in place: the print file, the summaries, the individual PDFs' folder."""
        return [p for p in (self.path, *self.summary_files, self.individual) if p is not None]


class JobFailed(RenderError):
    """Raised after a run in which some items failed; ``result`` holds what was still written."""

    def __init__(self, result: JobResult) -> None:
        super().__init__(problems=result.failures)
        self.result = result

    def __reduce__(self) -> tuple[object, ...]:
        return (JobFailed, (self.result,))


def run_job(
    path: str | Path,
    *,
    output: str | Path | None = None,
    jobs: int | None = None,
    fail_fast: bool = False,
    encoding: str | None = None,
    individual: bool = False,
    cache: bool = True,
    strict: bool = False,
    progress: Progress | None = None,
    start_method: str | None = None,
    session: Session | None = None,
    area: str | None = None,
    lang: str | None = None,
    large_print: bool = False,
) -> JobResult:
    """Validate, render and write the job; see the module docstring for what fails how.

    ``jobs``: worker processes; None (the default) renders here and, once
    enough tasks wait (`render.START_AFTER`), starts a worker per free core
    but one, this process rendering beside them.

    ``area`` replaces the manifest's ``area`` (an item's own area still wins); ``lang`` and
    ``large_print`` replace the manifest's ``lang`` and ``large_print`` (an item's own still win).

    ``start_method`` is how worker processes start: "fork" (the default on
    Linux), "spawn" or "forkserver"; the print file is the same either way.
    ``session`` keeps loaded data and layouts between runs (default: the process's).
    """
    _check_start_method(start_method)
    cores.mark()  # planning's fraction of a second then tells how busy the cores are (see `cores`)
    session = session or default_session()
    target_output = Path(output) if output is not None else None
    plan = plan_job(
        Path(path),
        output=target_output,
        encoding=encoding,
        session=session,
        area=area,
        lang=lang,
        large_print=large_print,
    )
    target = plan.output
    folder = target.parent
    if individual:  # before anything is made or rendered: the office's own folder there is never replaced
        check_replaceable(individual_folder(plan), INDIVIDUAL_MARKER, "the individual PDFs")
    _make_folder(folder)
    remove_leftovers(folder, target)
    RenderCache(folder / CACHE_DIR).remove_leftovers()
    render = None if cache else _render_folder(folder)  # held (locked) for the run's life: see `temporaries`
    cache_dir = folder / CACHE_DIR if render is None else render.path
    if render is None:
        _make_folder(cache_dir)
    env = plan.env if cache else "no cache"  # (a fresh folder per run: keys need not outlive it)
    context = Context(plan.inputs, plan.paper, env, cache_dir, plan.fonts, plan.markups, session, plan.citations)
    result: JobResult | None = None
    try:
        outcomes, stats = render_items(
            plan,
            context,
            jobs,
            fail_fast=fail_fast,
            individual=individual,
            strict=strict,
            progress=progress,
            start_method=start_method,
        )
        result = _write(plan, outcomes, individual)  # Interrupted if Ctrl-C came while it put files in place
        result.stats = stats
        result.cache = cache_dir if cache else None
        if cache:
            RenderCache(cache_dir).tidy()
    except KeyboardInterrupt as exc:
        if result is not None and result.written and not isinstance(exc, Interrupted):
            raise Interrupted(result.written) from None  # the outputs were already in place: say so
        raise
    finally:
        if render is not None:
            render.discard()
    if result.failures:
        raise JobFailed(result)
    return result


def _check_start_method(method: str | None) -> None:
    """A start method this system has, checked before anything is planned or written."""
    if method is None:
        return  # the default: nothing to check, and multiprocessing not imported for it
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if method not in methods:
        raise UsageError(
            problems=[
                Problem(
                    "run_job", 0, "start_method", f"'{method}' is not a start method here", suggest(method, methods)
                )
            ]
        )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_create(folder, "the output folder", exc) from None


def _render_folder(folder: Path) -> Temporary:
    try:
        return new_folder(folder, RENDER_PREFIX)
    except OSError as exc:
        raise _cannot_create(folder, "a working folder in the output folder (for --no-cache)", exc) from None


def _cannot_create(folder: Path, what: str, exc: OSError) -> OutputError:
    problem = Problem(display_path(folder), 0, "", f"cannot create {what} ({exc.strerror})", "choose another --output")
    return OutputError(problems=[problem])


def _write(plan: Plan, outcomes: list[ItemOutcome], individual: bool) -> JobResult:
    summary = summarise(plan, outcomes)
    _check_pages(plan, summary)
    failures: list[Problem] = []
    notes = list(
        dict.fromkeys(
            f"item {o.planned.number} ('{o.planned.title}'): {o.note}" for o in outcomes if o.note and not o.failed
        )
    )
    for outcome in (group[0] for group in by_item(outcomes)):  # an item's parts fail together, for one reason
        if outcome.failed:
            planned = outcome.planned
            failures.append(
                Problem(
                    plan.loaded.shown,
                    planned.line,
                    planned.where,
                    f"item {planned.number} ('{planned.title}') failed and is left out of the print file",
                    "the reason follows; the other items were printed",
                )
            )
            failures += outcome.problems
    warnings = {str(w): w for o in outcomes if not o.failed for w in o.warnings}
    result = JobResult(None, summary, failures=failures, warnings=list(warnings.values()), notes=notes)
    if all(o.failed for o in outcomes):
        return result
    write_outputs(plan, outcomes, summary, individual)
    result.path = plan.output
    result.summary_files = summary_paths(plan)
    result.individual = individual_folder(plan) if individual else None
    return result


def summarise(plan: Plan, outcomes: list[ItemOutcome]) -> JobSummary:
    """Rows in print order; each row's pages are the pages it occupies in the print file."""
    duplex = plan.duplex
    summary = JobSummary(plan.name, plan.output.name, plan.paper, duplex)
    if plan.cover:
        pages = cover_pages(len(by_item(outcomes)) + 1)
        summary.rows.append(
            SummaryRow(
                "cover",
                "Cover sheet",
                documents=1,
                pages_each=pages,
                copies=1,
                pages=printed_pages(pages, duplex),
                sheets=sheets_for(pages, duplex),
            )
        )
    for group in by_item(outcomes):
        outcome = group[0]
        planned = outcome.planned
        row = SummaryRow(
            str(planned.number),
            planned.title,
            planned.doc.layout,
            ", ".join(planned.doc.roles),
            planned.item.roster or "",  # as written in the manifest: the same wherever the job is run from
            edition=planned.edition,
            copies=planned.item.copies,
            note=next((o.note for o in group if o.note), ""),
            oldest_figure_year=planned.oldest_year,  # (every edition prints the same figures)
            oldest_figure=planned.oldest,
        )
        summary.rows.append(row)
        if outcome.failed:
            row.status, row.note = "failed", outcome.problems[0].what[:200]
            continue
        # Each document is its editions one after the other (one per language), each padded for duplex.
        counts = list(zip(*(_page_counts(o) for o in group), strict=True))
        row.documents = len(counts)
        row.pages_each = max(sum(parts) for parts in counts)
        row.pages = sum(printed_pages(p, duplex) for parts in counts for p in parts) * row.copies
        row.sheets = sum(sheets_for(p, duplex) for parts in counts for p in parts) * row.copies
        if planned.separator:
            row.pages += printed_pages(1, duplex)
            row.sheets += 1
    return summary


def _check_pages(plan: Plan, summary: JobSummary) -> None:
    """The real page count against the cap planning could only estimate (it knew documents, not pages)."""
    if summary.pages <= MAX_PAGES:
        return
    items = {str(p.number): p for p in plan.items}
    total = 0
    for row in summary.rows:
        total += row.pages
        if total > MAX_PAGES and row.item in items:
            raise ManifestError(problems=[size_problem(plan.loaded, items[row.item], total)])


def _page_counts(outcome: ItemOutcome) -> list[int]:
    if outcome.doc is not None:
        return [outcome.doc.pages]
    assert outcome.personal is not None
    if outcome.overlaid:
        base = outcome.personal.base
        assert base is not None
        return [(outcome.printed(i) or base).pages for i in range(len(outcome.planned.students))]
    return [outcome.students[i].pages for i in range(len(outcome.planned.students))]
