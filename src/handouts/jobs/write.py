"""Write a rendered print job: the print file, its summaries and the individual PDFs, put in place together.

Everything is first written complete as temporaries beside its target
(`output.Staging`), then renamed in one go, with Ctrl-C held for the
microseconds that takes: a run writes everything or nothing, and a Ctrl-C
before the end leaves the last run's files as they were. The individual
PDFs' folder is replaced only if handouts made it (it holds
`INDIVIDUAL_MARKER`): it is named after the print file, so ``-o fair.pdf``
beside an office's own ``fair/`` folder must not delete it.

A run killed outright (power cut, SIGKILL, the out-of-memory killer) cannot
clean up after itself; the next run in the same folder removes what it left
as soon as it can tell that run is gone (`remove_leftovers`; how it tells is
in `temporaries`), and never a temporary of a run still going.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pikepdf

from handouts.bilingual import EditionPdf, combine_editions
from handouts.errors import OutputError, Problem
from handouts.jobs.plan import Plan
from handouts.jobs.printfile import PrintFile
from handouts.jobs.render import CHUNK, ItemOutcome, by_item
from handouts.jobs.separators import Sheet, draw_sheets
from handouts.jobs.summary import JobSummary
from handouts.output import RANDOM, Staging, explain, new_folder, slug
from handouts.paths import display_path
from handouts.render.document import PAPER
from handouts.temporaries import remove_leftovers as remove_dead_owners

# The file that marks a folder of individual PDFs as handouts' own, so a later run may replace it.
INDIVIDUAL_MARKER = ".handouts-individual"
RENDER_PREFIX = ".handouts-render-"  # the folder a --no-cache run renders into, removed at its end
INDIVIDUAL_NOTE = (
    "This folder holds the individual PDFs of a print job; 'handouts print --individual' made it and\n"
    "replaces it whole on its next run. Keep nothing else here.\n"
)


def individual_folder(plan: Plan) -> Path:
    """The individual PDFs' folder: the print file's path without .pdf."""
    return plan.output.with_suffix("")


def summary_paths(plan: Plan) -> tuple[Path, Path]:
    stem = plan.output.with_suffix("")
    return stem.with_name(stem.name + ".summary.csv"), stem.with_name(stem.name + ".summary.json")


def write_outputs(plan: Plan, outcomes: list[ItemOutcome], summary: JobSummary, individual: bool) -> list[Path]:
    """Write the print file, the summaries and (``individual``) the folder; returns what was put in place."""
    staging = Staging()
    try:
        _stage_print_file(plan, outcomes, summary, staging)
        csv_path, json_path = summary_paths(plan)
        staging.write(csv_path, summary.csv().encode("utf-8"), "the summary")
        staging.write(json_path, summary.json().encode("utf-8"), "the summary")
        if individual:
            _stage_individual(outcomes, individual_folder(plan), staging)
        return staging.commit()
    finally:
        staging.discard()


def remove_leftovers(folder: Path, target: Path) -> None:
    """Remove the temporaries runs killed outright left in the print file's folder.

    Those whose owner is gone go at once, whatever print file they were for
    (the print file's, the summaries', the individual folder's and its
    set-aside predecessor's, ``--no-cache`` render folders); a concurrent
    run's stay. Temporaries of an older version, which have no lock file,
    go once an hour old, and only if named for this print file
    (``.fair.pdf.k3j9x0a_.tmp``, ``.fair.summary.csv.….tmp``,
    ``.fair.….tmp``, ``.fair.old.….tmp``) or a render folder.
    """
    if not folder.is_dir():
        return
    name, stem = re.escape(target.name), re.escape(target.with_suffix("").name)
    pattern = re.compile(
        rf"\.(?:{name}\.{RANDOM}|{stem}\.summary\.(?:csv|json)\.{RANDOM}|{stem}\.(?:old\.)?{RANDOM})\.tmp"
        rf"|{re.escape(RENDER_PREFIX)}.*"
    )
    remove_dead_owners(folder, pattern)


def _stage_print_file(plan: Plan, outcomes: list[ItemOutcome], summary: JobSummary, staging: Staging) -> None:
    size = PAPER[plan.paper]
    rows = {row.item: row for row in summary.rows}
    sheets = [Sheet("cover", i) for i in range(rows["cover"].pages_each)] if plan.cover else []
    sheets += [
        Sheet("separator", row=rows[str(o.planned.number)]) for o in outcomes if o.planned.separator and not o.failed
    ]
    printfile = PrintFile(plan.name, plan.language)
    # The cover and separator sheets are written in English (they are for whoever stands at the copier).
    sheets_in = plan.language if plan.language.lower().startswith("en") else "en-US"
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
                printfile.add_page("sheets", sheet_page, sheets_in)
                sheet_page += 1
            pad(count)
        for group in by_item(outcomes):
            if group[0].failed:
                continue
            planned = group[0].planned
            if planned.separator:
                printfile.add_page("sheets", sheet_page, sheets_in)
                sheet_page += 1
                pad(1)
            # Each copy (each student's document) is the item's editions in turn, English first for
            # "en,es"; each edition starts on a fresh sheet in duplex, as every document does.
            for index in range(len(planned.students) if planned.personal else 1):
                for _ in range(planned.item.copies):
                    for outcome in group:
                        _add_copy(printfile, outcome, index, pad)
        if printfile.page_count != summary.pages:  # pragma: no cover - a bug in the counting
            raise AssertionError(f"print file has {printfile.page_count} pages, summary says {summary.pages}")
        staging.write_with(plan.output, printfile.write, "the print file")
    except OSError as exc:  # reading a rendered document back (staging maps its own errors)
        why, fix = explain(exc)
        raise OutputError(
            problems=[Problem(display_path(plan.output), 0, "", f"cannot assemble the print file: {why}", fix)]
        ) from None
    finally:
        printfile.close()


def _add_copy(printfile: PrintFile, outcome: ItemOutcome, index: int, pad: Callable[[int], None]) -> None:
    """One copy of an item's document in one edition (for a roster item, student ``index``'s)."""
    language = outcome.planned.language
    if outcome.doc is not None:
        printfile.add_document(outcome.doc.path, outcome.doc.pages, language)
        pad(outcome.doc.pages)
        return
    own = outcome.printed(index) if outcome.overlaid else outcome.students[index]
    if own is not None:  # rendered in full (a name wider than its slot, or a layout that cannot be overlaid)
        printfile.add_document(own.path, own.pages, language)
        pad(own.pages)
        return
    personal = outcome.personal
    assert personal is not None and personal.slots is not None and personal.base is not None
    slot_pages = sorted({s.page for s in personal.slots})
    chunk, position = divmod(outcome.overlay_positions[index], CHUNK)
    overlay = outcome.overlays[chunk]
    first = position * len(slot_pages)
    streams = overlay.streams[first : first + len(slot_pages)]
    printfile.add_personal(personal.base.path, personal.base.pages, slot_pages, overlay.path, streams, language)
    pad(personal.base.pages)


def _individual(group: list[ItemOutcome], paths: list[str], target: Path) -> None:
    """One document's own PDF: as rendered (tagged, its /Lang the edition's), or for an item in several
    languages its editions joined as ``handouts build --lang en,es`` joins them: one tagged Part per
    language, each starting on an odd page."""
    if len(paths) == 1:
        shutil.copyfile(paths[0], target)
        return
    parts = []
    for outcome, path in zip(group, paths, strict=True):
        with pikepdf.open(path) as pdf:
            title = str(pdf.docinfo.get("/Title", outcome.planned.title))
        parts.append(EditionPdf(Path(path).read_bytes(), outcome.planned.language, title))
    target.write_bytes(combine_editions(parts)[0])


def _stage_individual(outcomes: list[ItemOutcome], final: Path, staging: Staging) -> None:
    """Every document as its own tagged PDF, in a folder named after the print file; swapped in whole."""
    try:
        held = new_folder(final, INDIVIDUAL_MARKER, INDIVIDUAL_NOTE)
        staging.folder(held, final, INDIVIDUAL_MARKER, "the individual PDFs")  # (removed by discard on failure)
        temp = held.path
        for group in by_item(outcomes):
            if group[0].failed:
                continue
            planned = group[0].planned
            name = f"{planned.number:02d}-{slug(planned.title, 60)}"
            if not planned.personal:
                _individual(group, [o.own.path for o in group if o.own], temp / f"{name}.pdf")
                continue
            sub = temp / name
            sub.mkdir()
            for index, student in enumerate(planned.students):
                own = [o.own_students[index].path for o in group]
                _individual(group, own, sub / f"{student.row:04d}-{slug(student.label, 60)}.pdf")
    except OSError as exc:  # the staging's discard removes the folder
        why, fix = explain(exc)
        raise OutputError(
            problems=[Problem(display_path(final), 0, "", f"cannot write the individual PDFs: {why}", fix)]
        ) from None
