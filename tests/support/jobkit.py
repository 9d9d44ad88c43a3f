"""Shared tools for print-job tests: the test job, rosters as spreadsheets write them, manifest
edits, and the one check that a refused or interrupted job wrote nothing.

The `job` fixture (a copy of tests/fixtures/print-job with a four-student roster) lives in
tests/conftest.py so every print-job test module, hostile ones included, gets the same job.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, pdfs_in

JOB = FIXTURES / "print-job"
STUDENTS = [
    "Ana María López",
    "José Ñúñez",
    "Zoë Åberg-Øster",
    "Søren Kierkegaard Jensen",
    "Łukasz Wójcik",
    "Siobhán Ó Briain",
    "François Lefèvre",
    "Çağla Şahin",
    "Dvořák Tomáš",
    "Ngozi Okonkwo",
    "Kwame Mensah",
    "Priya Raghunathan",
    "Mei-Lin Chen",
    "Björk Guðmundsdóttir",
    "Jürgen Müller",
    "Thandiwe Dlamini",
    "Ximena Castañeda",
    "Ólafur Þórsson",
    "María de los Ángeles Fernández-Villaverde Castellanos",
    "Nnamdi Eze",
]
ADVISERS = ["Ms. Okafor", "Mr. Lindqvist", "Mx. Ferreira"]


def write_roster(path: Path, names: list[str], *, encoding: str = "utf-8-sig", blank_rows: bool = True) -> Path:
    """A roster the way a spreadsheet writes it: BOM, CRLF, a blank row in the middle."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Student name", "Adviser", "Email"])
    for index, name in enumerate(names):
        if blank_rows and index == 5:
            writer.writerow(["", "", ""])
        writer.writerow([name, ADVISERS[index % 3], f"s{index}@example.edu"])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def job_copy(tmp_path: Path, names: list[str] = STUDENTS) -> Path:
    """The test job copied to ``tmp_path/job`` with a roster of ``names``; returns the manifest."""
    folder = tmp_path / "job"
    shutil.copytree(JOB, folder)
    write_roster(folder / "students.csv", names)
    return folder / "job.toml"


def edit(path: Path, old: str, new: str) -> str:
    """Replace the first ``old`` in the file (which must be there) by ``new``; returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of ``text`` holding ``needle``."""
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


def line_in(path: Path, needle: str) -> int:
    """The 1-based number of the first line of the file holding ``needle``."""
    return line_of(path.read_text(encoding="utf-8"), needle)


def outputs_in(folder: Path) -> list[Path]:
    """Print files, individual PDFs and temporaries a job wrote (cache entries and test layouts aside)."""
    return [p for p in pdfs_in(folder) if ".handouts-cache" not in p.parts and p.parent.name != "layouts"]


def leftovers(folder: Path) -> list[Path]:
    """Temporaries under ``folder``: files and folders (``.tmp``), their lock files, render folders."""
    return sorted(
        p for p in folder.rglob("*") if p.name.endswith((".tmp", ".lock")) or p.name.startswith(".handouts-render")
    )


def assert_nothing_written(folder: Path) -> None:
    """No print file, summary or temporary; complete cache entries may stay (they are reused)."""
    assert outputs_in(folder) == []
    assert leftovers(folder) == [] and not list(folder.rglob("*.summary.*"))


def document_starts(pages: list[str], band: str = "Career Advising Office") -> list[int]:
    """1-based numbers of the pages where a handout starts, from the text a reader sees.

    A handout's first page carries the header band and either "Page 1 of" (two pages or more) or no page
    label at all (a one-page sheet has no "Page 1 of 1"); later pages say "Page 2 of"..., and separator
    sheets and blank backs carry no header band.
    """
    return [
        number
        for number, text in enumerate(pages, start=1)
        if band in text and ("Page 1 of" in text or "Page " not in text)
    ]
