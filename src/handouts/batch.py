"""Run a print job: a manifest in, one print-ready PDF and its summary out.

    from handouts.batch import run_job
    result = run_job("examples/career-fair/job.toml", jobs=2)
    print(result.summary.table())

The stages, each its own module: `jobplan` validates everything and plans
(nothing is rendered until the whole job checks out); `jobrender` renders
each distinct document once, in worker processes, through the cache in
``.handouts-cache/`` beside the print file; `printfile` assembles the pages in
manifest order, collated, padded for duplex, sharing pages, fonts and images;
`jobsummary` counts pages and sheets. Nothing is printed here: the CLI shows
the result.

When an item fails to render, the others are still rendered and printed,
the summary marks the failed item, and `JobFailed` is raised carrying the
result, so a Python caller sees the failure as surely as the CLI's exit
status does. Ctrl-C, a crash or a failure with ``fail_fast`` leave the
previous print file (if any) untouched and no temporary files.
"""

from __future__ import annotations

import contextlib
import glob
import io
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from .errors import OutputError, Problem, RenderError
from .jobplan import Plan, plan_job, size_problem
from .jobrender import CHUNK, ItemOutcome, Progress, RenderStats, render_items
from .jobsummary import JobSummary, SummaryRow, printed_pages, sheets_for
from .manifest import MAX_PAGES, ManifestError
from .output import check_replaceable, explain, new_folder, replace_folder, slug, write_atomic
from .paths import display_path
from .printfile import PrintFile
from .render import PAPER
from .rendercache import CACHE_DIR, STALE_SECONDS, RenderCache
from .renderpool import Context, default_jobs
from .separators import Sheet, cover_pages, draw_sheets

# The file that marks a folder of individual PDFs as handouts' own, so a later run may replace it.
INDIVIDUAL_MARKER = ".handouts-individual"
INDIVIDUAL_NOTE = (
    "This folder holds the individual PDFs of a print job; 'handouts print --individual' made it and\n"
    "replaces it whole on its next run. Keep nothing else here.\n"
)


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


class JobFailed(RenderError):
    """Raised after a run in which some items failed; ``result`` holds what was still written."""

    def __init__(self, result: JobResult) -> None:
        super().__init__(problems=result.failures)
        self.result = result

    def __reduce__(self):  # type: ignore[override]
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
) -> JobResult:
    """Validate, render and write the job; see the module docstring for what fails how."""
    plan = plan_job(Path(path), output=Path(output) if output is not None else None, encoding=encoding)
    target = plan.output
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            problems=[
                Problem(
                    display_path(folder),
                    0,
                    "",
                    f"cannot create the output folder ({exc.strerror})",
                    "choose another --output",
                )
            ]
        ) from None
    if individual:  # before anything is rendered: the office's own folder there is never replaced
        check_replaceable(target.with_suffix(""), INDIVIDUAL_MARKER, "the individual PDFs")
    _remove_stale_temporaries(folder, target.name)
    cache_dir = folder / CACHE_DIR if cache else Path(tempfile.mkdtemp(prefix=".handouts-render-", dir=folder))
    context = Context(plan.inputs, plan.paper, plan.env, cache_dir, plan.fonts)
    try:
        outcomes, stats = render_items(
            plan,
            context,
            jobs or default_jobs(),
            fail_fast=fail_fast,
            individual=individual,
            strict=strict,
            progress=progress,
        )
        result = _write(plan, outcomes, individual)
        result.stats = stats
        result.cache = cache_dir if cache else None
    finally:
        if not cache:
            shutil.rmtree(cache_dir, ignore_errors=True)
    if cache:
        RenderCache(cache_dir).tidy()
    if result.failures:
        raise JobFailed(result)
    return result


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Temporaries of this print file left by a killed run (a crash cannot clean up after itself)."""
    now = time.time()
    for path in [*folder.glob(f".{glob.escape(name)}.*.tmp"), *folder.glob(".handouts-render-*")]:
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(path) if path.is_dir() else path.unlink()


def _write(plan: Plan, outcomes: list[ItemOutcome], individual: bool) -> JobResult:
    summary = summarise(plan, outcomes)
    _check_pages(plan, summary)
    failures: list[Problem] = []
    notes = [f"item {o.planned.number} ('{o.planned.title}'): {o.note}" for o in outcomes if o.note and not o.failed]
    for outcome in outcomes:
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
    result.path = _print_file(plan, outcomes, summary)
    stem = plan.output.with_suffix("")
    result.summary_files = (
        write_atomic(stem.with_name(stem.name + ".summary.csv"), summary.csv().encode("utf-8"), "the summary"),
        write_atomic(stem.with_name(stem.name + ".summary.json"), summary.json().encode("utf-8"), "the summary"),
    )
    if individual:
        result.individual = _individual(plan, outcomes, stem)
    return result


def summarise(plan: Plan, outcomes: list[ItemOutcome]) -> JobSummary:
    """Rows in print order; each row's pages are the pages it occupies in the print file."""
    duplex = plan.duplex
    summary = JobSummary(plan.name, plan.output.name, plan.paper, duplex)
    if plan.cover:
        pages = cover_pages(len(outcomes) + 1)
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
    for outcome in outcomes:
        planned = outcome.planned
        row = SummaryRow(
            str(planned.number),
            planned.title,
            planned.doc.layout,
            ", ".join(planned.doc.roles),
            planned.item.roster or "",  # as written in the manifest: the same wherever the job is run from
            copies=planned.item.copies,
            note=outcome.note,
        )
        summary.rows.append(row)
        if outcome.failed:
            row.status, row.note = "failed", outcome.problems[0].what[:200]
            continue
        counts = _page_counts(outcome)
        row.documents = len(counts)
        row.pages_each = max(counts)
        row.pages = sum(printed_pages(p, duplex) for p in counts) * row.copies
        row.sheets = sum(sheets_for(p, duplex) for p in counts) * row.copies
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
        assert outcome.personal.base is not None
        return [outcome.personal.base.pages] * len(outcome.planned.students)
    return [outcome.students[i].pages for i in range(len(outcome.planned.students))]


def _print_file(plan: Plan, outcomes: list[ItemOutcome], summary: JobSummary) -> Path:
    size = PAPER[plan.paper]
    rows = {row.item: row for row in summary.rows}
    sheets = [Sheet("cover", i) for i in range(rows["cover"].pages_each)] if plan.cover else []
    sheets += [
        Sheet("separator", row=rows[str(o.planned.number)]) for o in outcomes if o.planned.separator and not o.failed
    ]
    printfile = PrintFile(plan.name, plan.brand.language)
    try:
        sheet_pdf = None
        if sheets:
            sheet_pdf = pikepdf.open(io.BytesIO(draw_sheets(sheets, summary, plan.fonts, size)))
            printfile.register("sheets", sheet_pdf)
        sheet_page = 0

        def pad(pages: int) -> None:
            if plan.duplex and pages % 2:
                printfile.add_blank(size)

        if plan.cover:
            count = rows["cover"].pages_each
            for _ in range(count):
                printfile.add_page("sheets", sheet_page)
                sheet_page += 1
            pad(count)
        for outcome in outcomes:
            if outcome.failed:
                continue
            planned = outcome.planned
            if planned.separator:
                printfile.add_page("sheets", sheet_page)
                sheet_page += 1
                pad(1)
            copies = planned.item.copies
            if outcome.doc is not None:
                for _ in range(copies):
                    printfile.add_document(outcome.doc.path, outcome.doc.pages)
                    pad(outcome.doc.pages)
            elif outcome.overlaid:
                _add_personal(printfile, outcome, copies, pad)
            else:
                for index in range(len(planned.students)):
                    doc = outcome.students[index]
                    for _ in range(copies):
                        printfile.add_document(doc.path, doc.pages)
                        pad(doc.pages)
        if printfile.page_count != summary.pages:  # pragma: no cover - a bug in the counting
            raise AssertionError(f"print file has {printfile.page_count} pages, summary says {summary.pages}")
        return printfile.save(plan.output)
    except OSError as exc:  # reading a rendered document back (saving maps its own errors)
        why, fix = explain(exc)
        raise OutputError(
            problems=[Problem(display_path(plan.output), 0, "", f"cannot assemble the print file: {why}", fix)]
        ) from None
    finally:
        printfile.close()


def _add_personal(printfile: PrintFile, outcome: ItemOutcome, copies: int, pad) -> None:
    personal = outcome.personal
    assert personal is not None and personal.slots is not None and personal.base is not None
    slot_pages = sorted({s.page for s in personal.slots})
    base = personal.base
    for index in range(len(outcome.planned.students)):
        chunk, position = divmod(index, CHUNK)
        overlay = outcome.overlays[chunk].path
        for _ in range(copies):
            printfile.add_personal(base.path, base.pages, slot_pages, overlay, position * len(slot_pages))
            pad(base.pages)


def _individual(plan: Plan, outcomes: list[ItemOutcome], stem: Path) -> Path:
    """Every document as its own tagged PDF, in a folder named after the print file; swapped in whole."""
    final = stem
    temp: Path | None = None
    try:
        temp = new_folder(final, INDIVIDUAL_MARKER, INDIVIDUAL_NOTE)
        for outcome in outcomes:
            if outcome.failed:
                continue
            planned = outcome.planned
            name = f"{planned.number:02d}-{slug(planned.title, 60)}"
            if outcome.doc is not None:
                shutil.copyfile(outcome.doc.path, temp / f"{name}.pdf")
                continue
            sub = temp / name
            sub.mkdir()
            for index, student in enumerate(planned.students):
                shutil.copyfile(outcome.students[index].path, sub / f"{student.row:04d}-{slug(student.label, 60)}.pdf")
        replace_folder(temp, final, INDIVIDUAL_MARKER, "the individual PDFs")
        temp = None
    except OSError as exc:
        why, fix = explain(exc)
        raise OutputError(
            problems=[Problem(display_path(final), 0, "", f"cannot write the individual PDFs: {why}", fix)]
        ) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(temp)
    return final
