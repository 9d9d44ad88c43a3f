"""Hostile print-job manifests and rosters: bombs, encodings, markup and formulas in text,
files that are not rosters, cells that swallow the file, escapes in names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import CANARY_TEXT, assert_untouched
from tests.support.jobkit import STUDENTS, assert_nothing_written, edit, line_of, write_roster
from tests.support.pdfcheck import Pdf

MANIFEST = "job/job.toml"
ROSTER = "job/students.csv"


def _edit(job: Path, old: str, new: str) -> str:
    return edit(job / "job.toml", old, new)


def _refused(code: int, out: str, tmp_path: Path, status: int, file: str, place: str | int) -> None:
    assert code == status, out
    assert "Traceback" not in out and "This is a bug" not in out, out
    assert (f"{file}:{place}" if isinstance(place, int) else file) in out, out
    if not isinstance(place, int):
        assert place in out, out
    assert_nothing_written(tmp_path)


def _print(run):
    return run("print", MANIFEST, "--jobs", "1", "--quiet")


@pytest.mark.parametrize("nested", ["[" * 50_000, "{ a = " * 50_000])
def test_deeply_nested_manifest_is_refused(run, job, tmp_path, nested):
    """tomllib recurses in Python and runs out of stack (our words then); a Python whose tomllib
    limits nesting itself refuses it in its own words. Ours either way: one message naming the
    manifest, exit 3, nothing written."""
    _edit(job, 'name = "Test fair"', f'name = "Test fair"\nx = {nested}')
    code, out = _print(run)
    _refused(code, out, tmp_path, 3, MANIFEST, MANIFEST)
    assert [line for line in out.splitlines() if line.startswith("error:")] == [out.strip()]


def test_manifest_in_utf16_is_refused_by_name(run, job, tmp_path):
    path = job / "job.toml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    code, out = _print(run)
    _refused(code, out, tmp_path, 3, MANIFEST, 1)
    assert "not UTF-8 text" in out


def test_manifest_with_a_bom_prints(run, job, tmp_path):
    path = job / "job.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out = _print(run)
    assert code == 0, out


@pytest.mark.parametrize(("key", "value"), [("copies = 3", "copies = 1000000000"), ("copies = 3", "copies = -1")])
def test_absurd_copies_are_refused_with_the_line(run, job, tmp_path, key, value):
    text = _edit(job, key, value)
    code, out = _print(run)
    _refused(code, out, tmp_path, 3, MANIFEST, line_of(text, value))
    assert "items[0].copies" in out


def test_too_many_items_are_refused(run, job, tmp_path):
    item = '\n[[items]]\nlayout = "comparison"\nroles = ["medical-assistant", "medical-administrative-assistant"]\n'
    path = job / "job.toml"
    path.write_text(path.read_text() + item * 600)
    code, out = _print(run)
    _refused(code, out, tmp_path, 3, MANIFEST, "items")
    assert "500" in out


def test_markup_and_template_code_in_options_print_literally(run, job, tmp_path, watch, canary):
    payload = "<img src='../outside/secret.txt'/>{{ 7*7 }}"
    _edit(job, 'options = { date = "April 2026" }', f'options = {{ date = "{payload}" }}')
    code, out = _print(run)
    assert code == 0, out
    text = Pdf.open(tmp_path / "output" / "test-fair.pdf").text
    assert "{{ 7*7 }}" in text and "<img" in text and "49" not in text.split("{{ 7*7 }}")[0][-10:]
    assert_untouched(watch, canary, tmp_path, out)


def test_a_title_that_is_a_spreadsheet_formula_is_not_a_formula_in_the_summary(run, job, tmp_path):
    _edit(job, 'title = "Comparison A"', """title = "=HYPERLINK('http://example.com','Click')\"""")
    code, out = _print(run)
    assert code == 0, out
    summary = (tmp_path / "output" / "test-fair.summary.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in summary
    assert not [line for line in summary.splitlines() if line.split(",")[1:2] and line.split(",")[1].startswith("=")]


@pytest.mark.parametrize("target", ["{canary}", "../outside/secret.txt.bak", "/etc/passwd"])
def test_a_roster_that_is_not_a_spreadsheet_export_is_refused(run, job, tmp_path, watch, canary, target):
    """Roster values are printed: a manifest naming a key file would print its lines."""
    target = target.format(canary=str(canary).removesuffix(".txt"))
    text = _edit(job, 'roster = "students.csv"', f'roster = "{target}"')
    code, out = _print(run)
    _refused(code, out, tmp_path, 3, MANIFEST, line_of(text, "roster ="))
    assert f"items[2].roster: '{target}' is not a roster file" in out
    assert_untouched(watch, canary, tmp_path, out)


def test_a_roster_cell_that_swallows_the_file_is_refused_with_its_row(run, job, tmp_path):
    roster = job / "students.csv"
    roster.write_text('Student name,Adviser\nAna López,Ms. Okafor\n"Unclosed quote,' + "x" * 200_000 + "\n")
    code, out = _print(run)
    _refused(code, out, tmp_path, 3, ROSTER, 3)
    assert "row 3: cannot be read as CSV (" in out and "a quote is probably not closed" in out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Ana\x1b[2J López", "contains the invisible or control character U+001B"),
        ("Ana\x00López", "contains the invisible or control character U+0000"),
        ("محمد علي", "contains right-to-left text"),
        ("A" * 500, "is 500 characters long"),
    ],
    ids=["escape", "nul", "right-to-left", "too-long"],
)
def test_hostile_student_names_are_refused_with_row_and_column(run, job, tmp_path, name, message):
    write_roster(job / "students.csv", [STUDENTS[0], name])
    code, out = _print(run)
    _refused(code, out, tmp_path, 3, ROSTER, 3)
    assert f"row 3, column 'Student name': {message}" in out
    assert "\x1b" not in out and "\x00" not in out


def test_bidi_overrides_in_a_name_are_removed_not_printed(run, job, tmp_path):
    write_roster(job / "students.csv", ["Ana \u202eLópez\u202c", STUDENTS[1]])
    code, out = _print(run)
    assert code == 0, out
    text = Pdf.open(tmp_path / "output" / "test-fair.pdf").text
    assert "Ana López" in text and "\u202e" not in text


def test_canary_text_never_reaches_the_print_file(run, job, tmp_path, canary):
    """The roster named in the manifest is read; nothing else on disk is."""
    code, out = _print(run)
    assert code == 0, out
    assert CANARY_TEXT not in Pdf.open(tmp_path / "output" / "test-fair.pdf").text
