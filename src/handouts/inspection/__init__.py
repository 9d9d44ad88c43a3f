"""Inspection: the checks a person would do by eye before printing 400 copies.

Two ways in, one set of checks:

- `inspect_rendered` runs on what the renderer recorded while drawing
  (`render.Rendered`: tagged text boxes plus the `pagelog` of images, rules,
  boxes, links and furniture text). `handouts build` uses it; it costs a few
  milliseconds and imports nothing new.
- `inspect_pdf` reads any PDF back with pdfplumber and pikepdf (imported
  only here, so builds never pay for them) and runs the same checks, plus
  the ones that need the file itself (fonts embedded, structure).

Both return `errors.Problem` records: ``file: page N, X in from left, Y in
from top: <text or object> <what is wrong>; <fix>``, with ``warning=True``
for what may print acceptably (small text, a low-resolution image, text in
the margin but inside the printable area).

Checks are plain functions registered with `check`; see `registry` for how
another module contributes its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.errors import Problem
from handouts.inspection.document import Document, Settings
from handouts.inspection.registry import CHECK_MODULES, Finding, all_checks, check, run_checks

if TYPE_CHECKING:
    from handouts.render.document import Rendered

__all__ = [
    "CHECK_MODULES",
    "Document",
    "Finding",
    "Inspection",
    "Settings",
    "all_checks",
    "check",
    "inspect_file",
    "inspect_pdf",
    "inspect_rendered",
    "run_checks",
]


def inspect_rendered(rendered: Rendered, name: str, settings: Settings | None = None) -> list[Problem]:
    """Problems in a handout, from what the renderer drew (no PDF parsing)."""
    from handouts.inspection.drawn import document_from_rendered

    return run_checks(document_from_rendered(rendered, name, settings or Settings()))


@dataclass(frozen=True)
class Inspection:
    """What inspecting a file found, and which pages its text and images were read from.

    coverage: e.g. "120 of 1,588 pages: every distinct page content once (24), ..."; empty when every
    page was read (see `pageplan.PagePlan.note`). sampled: some distinct pages were not read.
    """

    problems: list[Problem]
    coverage: str = ""
    sampled: bool = False


def inspect_file(path: Path | str, settings: Settings | None = None, name: str | None = None) -> Inspection:
    """Any PDF file read back with pdfplumber and pikepdf and checked; raises `errors.UnsafePDF`
    (reading nothing) for a file whose streams decode past ``settings.limits``."""
    from handouts.inspection.reading import read_pdf

    doc = read_pdf(path, settings or Settings(), name)
    plan = doc.plan
    return Inspection(run_checks(doc), plan.note() if plan else "", plan.sampled if plan else False)


def inspect_pdf(path: str | Path, settings: Settings | None = None, name: str | None = None) -> list[Problem]:
    """Problems in any PDF file (`inspect_file` without the note on which pages were read)."""
    return inspect_file(path, settings, name).problems
