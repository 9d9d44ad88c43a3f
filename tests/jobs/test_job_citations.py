"""One source, one number in a print file (issue 16 item 5): read back from the print file.

A comparison cites Research.com first and the Medical Assistant pathway
cites Florida Healthcare Academy first, so printed on their own each calls a
different source [1]. In one print job every sheet numbers a source the same.
"""

from __future__ import annotations

import re

import pytest

from handouts.jobs.batch import run_job
from tests.support.jobkit import STUDENTS, job_copy
from tests.support.pdfcheck import Pdf

ENTRY = re.compile(r"\[(\d+)\] ([^\[\]“]+?)\. “")  # [2] Research.com. “Title.” date.


@pytest.fixture(autouse=True)
def _output_in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _sources_lists(pdf: Pdf) -> list[dict[str, int]]:
    """Per page with a sources list: publisher -> the number it is listed under."""
    found = []
    for text in pdf.pages:
        if " Sources [" not in text:
            continue
        entries = "[" + text.split(" Sources [", 1)[1]
        listed = {m.group(2): int(m.group(1)) for m in ENTRY.finditer(entries)}
        if listed:
            found.append(listed)
    return found


def test_a_source_has_one_number_on_every_sheet_of_the_print_file(tmp_path):
    manifest = job_copy(tmp_path, STUDENTS[:2])
    text = manifest.read_text()
    text += '\n[[items]]\ntitle = "Where Medical Assistant leads"\nlayout = "pathway"\nroles = ["medical-assistant"]\n'
    text += "copies = 1\n"
    manifest.write_text(text)
    result = run_job(manifest, output=tmp_path / "out" / "fair.pdf", jobs=1)
    pdf = Pdf.open(result.path)
    lists = _sources_lists(pdf)
    assert len(lists) >= 3 + 2 + 2 + 1  # every comparison copy, both checklists and the pathway
    numbers: dict[str, set[int]] = {}
    for listed in lists:
        for publisher, number in listed.items():
            numbers.setdefault(publisher, set()).add(number)
    assert {"Research.com", "Florida Healthcare Academy"} <= set(numbers)
    assert all(len(found) == 1 for found in numbers.values()), numbers
    # And the citation marks in the text use the same numbers as the lists. The medical assistant's sheet runs
    # to two pages (its diagram, then its table and sources): read both.
    first = next(i for i, t in enumerate(pdf.pages) if "career path" in t)
    pathway = " ".join(pdf.pages[first : first + 2])
    fhca = numbers["Florida Healthcare Academy"].pop()
    assert f"[{fhca}]" in pathway.split(" Sources [", 1)[0]


def test_a_handout_built_on_its_own_still_numbers_from_1(tmp_path):
    from handouts.build import build_handout

    result = build_handout("pathway", ["medical-assistant"], output=tmp_path / "p.pdf")
    (listed,) = _sources_lists(Pdf.open(result.path))
    assert sorted(listed.values()) == [1, 2]
