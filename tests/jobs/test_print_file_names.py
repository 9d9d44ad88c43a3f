"""A personalised page in the print file is, glyph for glyph and position for position, the student's own PDF.

The print file draws most names over one shared page; the student's own PDF (``--individual``) is the
layout rendered with that name. They must agree on every glyph of the page: its text, font, size and
place. The roster here is built to make them disagree if anything is off: names short and long (up to
the roster's 100 characters), accented, made of narrow letters (many fit) or wide ones (few do), names
the layout sets smaller to keep them on their line, and names it wraps onto more lines, in both the
student's and the adviser's place. (A layout sets a long name smaller in steps, with its baseline
lower, and wraps one that is still too long, moving the text below; the print file once drew such
names at its own size on the probe's baseline.)
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from handouts.jobs.batch import run_job
from tests.conftest import ROOT

# (student, adviser): each row stresses one thing; the last column says what.
ROSTER = [
    ("Ana López", "Ms. Okafor"),  # short: drawn over the shared page
    ("Zoë Åberg-Øster", "Mr. Lindqvist"),  # accented
    ("Đặng Thị Ngọc Hương", "Mx. Ferreira"),  # Vietnamese: stacked accents
    ("Siobhán Ní Bhriain-Ó Súilleabháin", "Dr. Þórsson"),
    ("iiii lllll iiii lllll iiii lllll iiii lllll iiii lllll iiii lllll iiii", "Ms. Okafor"),  # narrow, 69 chars
    ("iiiiilllll" * 10, "Mr. Lindqvist"),  # narrow, 100 chars: set smaller
    ("WWWW MMMM", "Mx. Ferreira"),  # wide, short
    ("WWWW MMMM WWWW MMMM WWWW MMMM", "Ms. Okafor"),  # wide: set smaller
    ("W" * 99, "Mr. Lindqvist"),  # one wide word, too long even at 7 pt: wrapped
    (" ".join(["MMMMMMMMMM"] * 6) + " MMMMMMMMM", "Mx. Ferreira"),  # 75 wide chars: wrapped at spaces
    ("María de los Ángeles Fernández-Villaverde Castellanos", "Ms. Okafor"),  # set smaller
    (
        "Maximiliano Alejandro de la Santísima Trinidad Fernández-Villaverde y Castellanos de Montenegro",
        "Mr. Lindqvist",
    ),  # 95 chars: wrapped
    ("Ægir Þórður Đorđević Łukasz Øvergaard Çağla Şahin Ñúñez Ólafsdóttir Dvořák Tomáš Björk Guðmundsdót", "Dr. Ó"),
    *((f"Kwame{' Mensah' * count}", "Ms. Okafor") for count in range(1, 8)),  # 12 to 54 chars: across the limit
    ("Renée O'Brien & Zoë <Li>", "Dr. Bartholomew Fitzgerald-Montgomery III"),  # markup characters; long adviser
    ("Ana López", "Professor Maximiliana Wolkenstein-Wrzesniewski de la Vega"),  # adviser wrapped or smaller
]
TOLERANCE = 0.01  # points


def _roster(path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Student name", "Adviser"])
    writer.writerows(ROSTER)
    path.write_text(out.getvalue(), encoding="utf-8")


def _manifest(folder: Path, brand: str | None) -> Path:
    _roster(folder / "students.csv")
    brand_line = f'brand = "{(ROOT / "examples" / "brands" / brand).as_posix()}"\n' if brand else ""
    manifest = folder / "names.toml"
    manifest.write_text(
        f'name = "Names"\n{brand_line}\n[[items]]\ntitle = "Checklists"\nlayout = "checklist"\n'
        'roles = ["medical-assistant"]\nroster = "students.csv"\n'
        'fields = { student = "Student name", adviser = "Adviser" }\noptions = { date = "April 2026" }\n'
    )
    return manifest


@pytest.fixture(scope="module", params=["lakeside-high", "northfield-college"])
def printed(request, tmp_path_factory):
    """The roster printed with individual PDFs: (print file, each student's own PDF in roster order)."""
    folder = tmp_path_factory.mktemp("names")
    result = run_job(_manifest(folder, request.param), output=folder / "out" / "names.pdf", individual=True, jobs=2)
    own = sorted((result.individual / "01-checklists").glob("*.pdf"))
    assert len(own) == len(ROSTER)
    return result.path, own


def _glyphs(page) -> list[tuple]:
    """Every visible glyph: text, font (without its subset tag), size, colour, x and baseline."""
    found = []
    for char in page.chars:
        if char["text"].isspace():
            continue
        font = char["fontname"].split("+", 1)[-1]
        color = tuple(round(c, 3) for c in char["non_stroking_color"] or ())
        found.append((char["text"], font, char["size"], color, char["x0"], char["matrix"][5]))
    return found


def _differences(print_page: list[tuple], own_page: list[tuple]) -> list[str]:
    """Glyphs of one page not matched, within the tolerance, by a glyph of the other."""
    unmatched = defaultdict(list)
    for glyph in own_page:
        unmatched[glyph[:2]].append(glyph)
    differences = []
    for glyph in print_page:
        candidates = unmatched[glyph[:2]]
        match = next(
            (
                other
                for other in candidates
                if other[3] == glyph[3]
                and all(
                    abs(a - b) <= TOLERANCE for a, b in zip(glyph[2:3] + glyph[4:], other[2:3] + other[4:], strict=True)
                )
            ),
            None,
        )
        if match is None:
            differences.append(f"print file only: {glyph}")
        else:
            candidates.remove(match)
    differences += [f"own PDF only: {glyph}" for rest in unmatched.values() for glyph in rest]
    return differences


def _pages(own: list[Path]) -> list[tuple[Path, int]]:
    """(own PDF, page index) for each page of the print file, in order (no cover, no blanks: simplex)."""
    pages = []
    for path in own:
        with pikepdf.open(path) as pdf:
            pages += [(path, index) for index in range(len(pdf.pages))]
    return pages


def test_every_page_of_every_student_is_the_same_in_the_print_file_as_in_their_own_pdf(printed):
    print_file, own = printed
    pages = _pages(own)
    report = []
    with pdfplumber.open(print_file) as merged:
        assert len(merged.pages) == len(pages)
        for number, (path, index) in enumerate(pages):
            with pdfplumber.open(path) as doc:
                differences = _differences(_glyphs(merged.pages[number]), _glyphs(doc.pages[index]))
            if differences:
                report.append(f"{path.name} page {index + 1}: {len(differences)} differ, e.g. {differences[:2]}")
    assert report == []


def test_the_roster_stresses_both_ways_of_printing_a_name(printed):
    """Some names are drawn over the shared page, the others are their own documents; some are set smaller
    and one is wrapped, in the students' own PDFs (so the comparison above compares what it should)."""
    print_file, own = printed
    with pikepdf.open(print_file) as pdf:
        overlaid = ["/HdOverlay" in page.obj.Resources.get("/XObject", {}) for page in pdf.pages]
    assert 5 <= sum(overlaid) < len(overlaid) - 5
    with pdfplumber.open(own[0]) as doc:  # "Ana López": the name at the layout's own size
        full_size = next(c["size"] for c in doc.pages[0].chars if c["text"] == "L")
    with pdfplumber.open(own[ROSTER.index(("W" * 99, "Mr. Lindqvist"))]) as doc:
        chars = doc.pages[0].chars
    sizes = {round(c["size"], 2) for c in chars if c["text"] == "W"}
    lines = defaultdict(int)
    for char in chars:
        lines[round(char["matrix"][5], 1)] += char["text"] == "W"
    assert min(sizes) < full_size  # set smaller...
    assert sum(count >= 10 for count in lines.values()) >= 2  # ...and wrapped onto more lines


def test_the_print_file_is_the_same_with_or_without_individual_pdfs(printed):
    """The print file compared above was written with --individual; without, it is the same file."""
    print_file, _ = printed
    manifest = next(print_file.parent.parent.glob("*.toml"))
    alone = run_job(manifest, output=print_file.with_name("alone.pdf"), jobs=1)  # (beside it: the same cache)
    assert alone.path.read_bytes() == print_file.read_bytes()
