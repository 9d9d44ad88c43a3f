"""Bad print jobs: every problem reported at once with file and line (or roster row), nothing written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from handouts.jobs.batch import JobFailed, run_job
from tests.support.jobkit import (
    STUDENTS,
    assert_nothing_written,
    document_starts,
    edit,
    leftovers,
    line_in,
    line_of,
    write_roster,
)
from tests.support.pdfcheck import Pdf


@pytest.fixture(autouse=True)
def _output_in_tmp_path(tmp_path, monkeypatch):
    """A job's default print file (output/NAME.pdf) is relative to the working folder: keep it in the test's."""
    monkeypatch.chdir(tmp_path)


def test_unknown_layout_with_suggestion(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(manifest, 'layout = "comparison"', 'layout = "comparision"')
    code, out = run("print", "job/job.toml")
    assert code == 3
    line = line_in(manifest, "comparision")
    assert f"job/job.toml:{line}: items[0].layout: unknown layout 'comparision'; did you mean 'comparison'?" in out
    assert "Traceback" not in out
    assert_nothing_written(tmp_path)


def test_unknown_role_with_suggestion(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(
        manifest,
        'roles = ["medical-assistant", "medical-administrative-assistant"]',
        'roles = ["medical-asistant", "medical-administrative-assistant"]',
    )
    code, out = run("print", "job/job.toml")
    assert code == 3
    line = line_in(manifest, "medical-asistant")
    assert (
        f"job/job.toml:{line}: items[0].roles[0]: unknown role id 'medical-asistant'; did you mean 'medical-assistant'?"
        in out
    )
    assert_nothing_written(tmp_path)


def test_manifest_typo(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(manifest, "copies = 2", "copeis = 2")
    code, out = run("print", "job/job.toml")
    assert code == 3
    line = line_in(manifest, "copeis")
    assert f"job/job.toml:{line}: items[1].copeis: unknown field 'copeis' in Item; did you mean 'copies'?" in out
    assert_nothing_written(tmp_path)


def test_toml_syntax_error_names_the_line(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(manifest, "copies = 3", "copies = = 3")
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert f"job/job.toml:{line_in(manifest, 'copies = = 3')}: TOML syntax error" in out


def test_every_problem_is_reported_at_once(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(manifest, 'layout = "comparison"', 'layout = "comparision"')
    edit(manifest, "copies = 2", "copies = 0")
    edit(manifest, '"Student name"', '"Name"')
    edit(job / "students.csv", "Ms. Okafor", "Ms. 李")
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert out.startswith("4 problems:")
    assert "items[0].layout: unknown layout" in out
    assert "items[1].copies: 0 copies; write a whole number from 1 to 10,000" in out
    assert "job/students.csv:1: header: no column 'Name' (mapped to option 'student')" in out
    assert "job/students.csv:2: row 2, column 'Adviser': the brand's regular font has no glyph for '李'" in out
    assert_nothing_written(tmp_path)


def test_missing_roster(run, job, tmp_path):
    edit(job / "job.toml", 'roster = "students.csv"', 'roster = "registered.csv"')
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert (
        "job/registered.csv: roster file not found; check the roster path in the manifest (relative to the manifest)"
        in out
    )
    assert_nothing_written(tmp_path)


def test_roster_without_the_mapped_column(run, job, tmp_path):
    edit(job / "job.toml", '"Student name"', '"Student Name"')
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert (
        "job/students.csv:1: header: no column 'Student Name' (mapped to option 'student'); did you mean 'Student name'?"
        in out
    )
    assert_nothing_written(tmp_path)


def test_windows_1252_roster_is_detected_and_named_then_accepted_with_encoding(run, job, tmp_path):
    write_roster(job / "students.csv", STUDENTS[:4], encoding="cp1252")
    code, out = run("print", "job/job.toml")
    assert code == 3
    # Row 1 is the header; Ana María López is row 2, the first with a byte that is not UTF-8.
    assert "job/students.csv:2: row 2: not UTF-8 text: this looks like Windows-1252" in out
    assert 'where this row reads "Ana María López,Ms. Okafor,s0@example.edu"' in out
    assert "--encoding cp1252" in out
    assert_nothing_written(tmp_path)
    code, out = run("print", "job/job.toml", "--encoding", "cp1252", "-q")
    assert code == 0, out
    assert "Zoë Åberg-Øster" in Pdf.open(tmp_path / "output" / "test-fair.pdf").text


def test_encoding_in_the_manifest(run, job, tmp_path):
    write_roster(job / "students.csv", STUDENTS[:4], encoding="cp1252")
    edit(job / "job.toml", 'roster = "students.csv"', 'roster = "students.csv"\nencoding = "cp1252"')
    code, out = run("print", "job/job.toml", "-q")
    assert code == 0, out


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("Li 李", "the brand's regular font has no glyph for '李' (U+674E CJK UNIFIED IDEOGRAPH-674E)"),
        ("Sam 😀", "the brand's regular font has no glyph for '😀' (U+1F600 GRINNING FACE)"),
        (
            "نور Haddad",
            "contains right-to-left text ('ن' (U+0646 ARABIC LETTER NOON)), which would print in the wrong order",
        ),
        ("Dana \u0007Levi", "contains the invisible or control character U+0007"),
    ],
)
def test_a_name_that_cannot_print_is_refused_with_row_column_and_character(run, job, tmp_path, name, what):
    names = [*STUDENTS[:2], name]
    write_roster(job / "students.csv", names)
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert f"job/students.csv:4: row 4, column 'Student name': {what}" in out
    assert_nothing_written(tmp_path)


def test_empty_name_and_ragged_row(run, job, tmp_path):
    (job / "students.csv").write_text(
        "Student name,Adviser\nAna,Ms. Okafor\n,Ms. Okafor\nBo,Ms. Okafor,extra\n", encoding="utf-8"
    )
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert "job/students.csv:3: row 3, column 'Student name': is empty; fill it in, or delete the row" in out
    assert "job/students.csv:4: row 4: 3 cells but the header names 2 columns" in out


def test_a_layout_that_does_not_print_the_mapped_option(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(
        manifest,
        'layout = "checklist"\nroles = ["medical-assistant"]\nroster',
        'layout = "comparison"\nroles = ["medical-assistant", "medical-administrative-assistant"]\nroster',
    )
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert "does not print options.student, so every student's copy would be the same" in out


def test_roster_keys_that_need_each_other(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(manifest, 'fields = { student = "Student name", adviser = "Adviser" }\n', "")
    edit(manifest, "copies = 3", 'copies = 3\nfields = { student = "Name" }')
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert "items[2].fields: a roster item needs fields" in out
    assert "items[0].fields: 'fields' is only for roster items" in out


def test_a_failing_item_does_not_stop_the_others(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(
        manifest,
        'layout = "comparison"\nroles = ["medical-administrative-assistant"',
        'layout = "too-long"\nroles = ["medical-administrative-assistant"',
    )
    code, out = run("print", "job/job.toml")
    assert code == 4
    line = line_in(manifest, 'title = "Comparison B"') - 1
    assert f"job/job.toml:{line}: items[1]: item 2 ('Comparison B') failed and is left out of the print file" in out
    assert "the handout runs to 2 pages even set as tightly as the layout allows; this layout allows 1" in out
    pdf = Pdf.open(tmp_path / "output" / "test-fair.pdf")
    assert len(document_starts(pdf.pages)) == 3 + 4  # item 1's copies and the four students
    summary = (tmp_path / "output" / "test-fair.summary.csv").read_text(encoding="utf-8")
    total = list(csv.DictReader(io.StringIO(summary)))[-1]
    assert ",failed," in summary and total["item"] == "total" and len(pdf.pages) == int(total["pages"])


def test_fail_fast_writes_nothing(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(
        manifest,
        'layout = "comparison"\nroles = ["medical-administrative-assistant"',
        'layout = "too-long"\nroles = ["medical-administrative-assistant"',
    )
    code, out = run("print", "job/job.toml", "--fail-fast", "--jobs", "2")
    assert code == 4
    assert "item 2 ('Comparison B') failed" in out
    assert_nothing_written(tmp_path)


def test_values_too_long_for_the_layout_name_the_row(run, job, tmp_path):
    """A name wider than its line is set as the layout sets it (see test_print_file_names); here the name and
    the adviser are so long that the layout runs past its one page, and the message names the roster row."""
    (job / "students.csv").write_text(f"Student name,Adviser\nAna López,Ms. Okafor\n{'W' * 99},{'M' * 99}\n")
    # A one-page sheet that prints the name forty times: short names fit (fitting has room to spare on
    # the checklist, so a long name alone no longer pushes it over); names wrapping to two lines cannot.
    (job / "layouts" / "name-list.xml.j2").write_text(
        "{#-\nroles: 1\nmax-pages: 1\ndescription: Test: a student's name, forty times.\n-#}\n"
        '{% extends "_base.xml.j2" %}{% block title %}Names{% endblock %}{% block body %}'
        "<h1>{{ options.adviser }}</h1>{% for i in range(40) %}<p>{{ options.student }}</p>{% endfor %}{% endblock %}",
        encoding="utf-8",
    )
    edit(job / "job.toml", 'layout = "checklist"', 'layout = "name-list"')
    code, out = run("print", "job/job.toml")
    assert code == 4
    line = line_in(job / "job.toml", 'title = "Student checklists"') - 1
    assert f"job/job.toml:{line}: items[2]: item 3 ('Student checklists') failed" in out
    assert "job/students.csv:3: row 3: the document for 'WWW" in out
    assert (
        "max-pages: the handout runs to 2 pages even set as tightly as the layout allows; this layout allows 1" in out
    )


@pytest.mark.parametrize("when", ["rendering", "saving"])
def test_interrupted_job_leaves_no_print_file_and_no_temporaries(job, tmp_path, monkeypatch, when):
    target = tmp_path / "out" / "fair.pdf"

    def interrupt(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    if when == "saving":
        import pikepdf

        def half_then_interrupt(self, handle, **kwargs):
            handle.write(b"%PDF-1.4 half a file")
            raise KeyboardInterrupt

        monkeypatch.setattr(pikepdf.Pdf, "save", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run_job(job / "job.toml", output=target, jobs=2, progress=interrupt if when == "rendering" else None)
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_interrupt_from_the_command_line(run, job, tmp_path, monkeypatch):
    import handouts.jobs.render

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(handouts.jobs.render, "render_items", interrupted)
    monkeypatch.setattr("handouts.jobs.batch.render_items", interrupted)
    code, out = run("print", "job/job.toml")
    assert code == 130
    assert "interrupted; nothing was written" in out
    assert_nothing_written(tmp_path)


def test_output_must_be_a_pdf(run, job):
    code, out = run("print", "job/job.toml", "-o", "fair.txt")
    assert code == 3
    assert "command line: --output: 'fair.txt' is not a .pdf file name" in out


def test_new_job_writes_a_starter_that_prints(run, tmp_path):
    code, out = run("new", "job", "fair.toml")
    assert code == 0 and "wrote fair.toml" in out
    code, out = run("new", "job", "fair.toml")
    assert code == 2 and "the file already exists" in out
    code, out = run("print", "fair.toml", "--jobs", "1")
    assert code == 0, out
    assert "wrote output/career-fair.pdf" in out
    assert "Cover sheet" in out


def test_a_roster_with_thousands_of_bad_rows_lists_fifty(run, job):
    rows = "".join(",Ms. Okafor\n" for _ in range(3000))
    (job / "students.csv").write_text("Student name,Adviser\n" + rows, encoding="utf-8")
    code, out = run("print", "job/job.toml")
    assert code == 3
    assert out.count("is empty; fill it in") == 50
    assert "job/students.csv: and 2950 more problems; fix these and run again" in out


def test_summary_csv_cells_never_start_a_formula(job, tmp_path):
    manifest = job / "job.toml"
    edit(manifest, 'title = "Comparison A"', 'title = "=HYPERLINK(\\"http://example.com\\")"')
    result = run_job(manifest, jobs=1)
    csv_text = result.summary_files[0].read_text(encoding="utf-8")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text


def test_inspection_warnings_once_per_document_and_strict(run, tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.toml").write_text('name = "Lakeside High School"\nmin_text_size = 9.5\n')
    (tmp_path / "job.toml").write_text(
        'name = "Small print"\nbrand = "kit"\n\n[[items]]\nlayout = "comparison"\n'
        'roles = ["medical-assistant", "medical-administrative-assistant"]\ncopies = 5\n'
    )
    code, out = run("print", "job.toml", "-q")
    assert code == 0, out
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert warnings and all("below the 9.5 pt minimum" in w for w in warnings)
    assert len(warnings) == len(set(warnings))  # five copies, each problem said once
    assert warnings[0].startswith("warning: comparison: medical-assistant, medical-administrative-assistant: page ")
    (tmp_path / "output" / "small-print.pdf").unlink()
    code, out = run("print", "job.toml", "-q", "--strict")
    assert code == 4
    assert "job.toml:4: items[0]: inspection found the problems above and --strict is on" in out
    assert not (tmp_path / "output" / "small-print.pdf").exists()


def test_progress_bar_only_on_a_terminal(run, job, monkeypatch):
    from handouts.cli import jobs

    code, out = run("print", "job/job.toml", "--jobs", "1")
    assert code == 0 and "rendering [" not in out  # the test runner is not a terminal
    drawn: list[str] = []
    monkeypatch.setattr(jobs.click, "echo", lambda text="", **kwargs: drawn.append(str(text)))
    bar = jobs._ProgressBar(enabled=True)
    bar(3, 4)
    bar.finish()
    assert drawn[0].startswith("\rrendering [") and drawn[0].endswith("] 3/4")


def test_a_layout_on_other_paper_than_the_job_fails_that_item(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(
        manifest,
        'layout = "comparison"\nroles = ["medical-assistant", "medical-administrative-assistant"]',
        'layout = "a4-note"\nroles = ["medical-assistant"]',
    )
    code, out = run("print", "job/job.toml")
    assert code == 4
    assert "items[0]: layout 'a4-note' prints on another paper size than the job's letter" in out
    assert (tmp_path / "output" / "test-fair.pdf").exists()  # the other items are printed


def test_individual_pdfs_replace_the_last_run_whole(job, tmp_path):
    run_job(job / "job.toml", jobs=1, individual=True)
    write_roster(job / "students.csv", STUDENTS[:2])
    result = run_job(job / "job.toml", jobs=1, individual=True)
    students = sorted(p.name for p in (result.individual / "03-student-checklists").iterdir())
    assert students == ["0002-ana-maria-lopez.pdf", "0003-jose-nunez.pdf"]
    assert leftovers(result.individual.parent) == []


def test_unknown_role_in_an_item_without_a_title(run, job, tmp_path):
    """The item's default title is made from role names: an unknown id must not crash it."""
    manifest = job / "job.toml"
    edit(manifest, 'title = "Student checklists"\n', "")
    edit(manifest, 'roles = ["medical-assistant"]\nroster', 'roles = ["medical-asistant"]\nroster')
    code, out = run("print", "job/job.toml")
    assert code == 3, out
    line = line_in(manifest, "medical-asistant")
    assert (
        f"job/job.toml:{line}: items[2].roles[0]: unknown role id 'medical-asistant'; did you mean 'medical-assistant'?"
        in out
    )
    assert "Traceback" not in out and "bug" not in out
    assert_nothing_written(tmp_path)


@pytest.mark.parametrize("encoding", ["rot13", "base64", "no-such-encoding"])
def test_an_encoding_that_is_not_a_text_encoding_is_a_problem_with_its_line(run, job, tmp_path, encoding):
    manifest = job / "job.toml"
    edit(manifest, 'roster = "students.csv"', f'roster = "students.csv"\nencoding = "{encoding}"')
    code, out = run("print", "job/job.toml")
    assert code == 3, out
    assert f"job/job.toml:{line_in(manifest, 'encoding =')}: items[2].encoding: " in out
    assert "Traceback" not in out and "bug" not in out
    assert_nothing_written(tmp_path)


def test_read_roster_refuses_a_codec_that_is_not_text(job):
    from handouts.jobs.roster import read_roster

    roster, problems = read_roster(job / "students.csv", {"student": "Student name"}, {}, "rot13")
    assert roster is None
    assert [p.what for p in problems] == ["'rot13' is not a text encoding"]


@pytest.mark.parametrize(
    ("old", "new", "where", "fix"),
    [
        (
            'roles = ["medical-assistant"]\nroster',
            'roles = "medical-assistant"\nroster',
            "items[2].roles: expected a list of text",
            'put the value in square brackets: roles = ["medical-assistant"]',
        ),
        (
            'options = { date = "April 2026" }',
            'options = "April 2026"',
            "items[2].options: expected a mapping of id: entry",
            'write a table, e.g. options = { name = "value" }',
        ),
        ('title = "Comparison A"', 'title = ["A", "B"]', "items[0].title: expected text, got a list", 'title = "'),
    ],
)
def test_a_type_error_in_the_manifest_gets_a_toml_fix(run, job, old, new, where, fix):
    """The manifest is TOML: YAML's "- " list advice would mislead."""
    manifest = job / "job.toml"
    text = edit(manifest, old, new)
    code, out = run("print", "job/job.toml")
    assert code == 3, out
    line = line_of(text, new.splitlines()[0])
    assert f"job/job.toml:{line}: {where}; " in out and fix in out, out
    assert "- '" not in out and "field: value" not in out and "indented" not in out


def test_a_type_error_in_role_yaml_keeps_the_yaml_fix(run, data_copy):
    path = data_copy / "roles" / "medical-assistant.yaml"
    edit(path, "skills:\n", "skills: Patience\nold_skills:\n")
    code, out = run("check", "--data", str(data_copy))
    assert code == 3, out
    assert "skills: expected a list of text; write each entry on its own line starting with '- '" in out


def test_a_layout_on_other_paper_is_refused_before_anything_is_rendered(job, tmp_path):
    manifest = job / "job.toml"
    edit(
        manifest,
        'layout = "comparison"\nroles = ["medical-assistant", "medical-administrative-assistant"]',
        'layout = "a4-note"\nroles = ["medical-assistant"]',
    )
    with pytest.raises(JobFailed) as caught:
        run_job(manifest, output=tmp_path / "out" / "fair.pdf", jobs=1, cache=False)
    result = caught.value.result
    assert [r.status for r in result.summary.rows] == ["failed", "printed", "printed"]
    assert result.stats.rendered == 1 + 1 + 1  # comparison B, the checklist's shared page, its names: no A4 note
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text + text[text.index("[[items]]") : text.index("[[items]]", text.index("[[items]]") + 1)])
    with pytest.raises(JobFailed) as caught:  # the same item twice: both refused, neither rendered
        run_job(manifest, output=tmp_path / "out" / "fair.pdf", jobs=1, cache=False)
    result = caught.value.result
    assert [r.status for r in result.summary.rows] == ["failed", "printed", "printed", "failed"]
    assert result.stats.rendered == 3


def test_fail_fast_writes_nothing_for_a_layout_on_other_paper(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(
        manifest,
        'layout = "comparison"\nroles = ["medical-assistant", "medical-administrative-assistant"]',
        'layout = "a4-note"\nroles = ["medical-assistant"]',
    )
    code, out = run("print", "job/job.toml", "--fail-fast")
    assert code == 4, out
    assert "item 1 ('Comparison A') failed" in out
    assert "items[0]: layout 'a4-note' prints on another paper size than the job's letter" in out
    assert_nothing_written(tmp_path)


def test_fail_fast_writes_nothing_when_strict_refuses_an_item(job, tmp_path, monkeypatch):
    """Inspection runs after rendering; with --fail-fast its refusal must still stop the print file."""
    import handouts.jobs.pool
    from handouts.errors import Problem, RenderError

    def comparisons_warn(rendered, info, brand, name):
        return [Problem(name, 0, "page 1", "pretend: text too small", "use a larger size", True)] * (
            "comparison" in name
        )

    monkeypatch.setattr(handouts.jobs.pool, "inspect_handout", comparisons_warn)
    target = tmp_path / "out" / "fair.pdf"
    with pytest.raises(RenderError) as caught:
        run_job(job / "job.toml", output=target, jobs=1, cache=False, strict=True, fail_fast=True)
    assert not isinstance(caught.value, JobFailed)  # stopped, not "printed the rest"
    assert "item 1 ('Comparison A') failed" in str(caught.value)
    assert "inspection found the problems above and --strict is on" in str(caught.value)
    assert_nothing_written(tmp_path)
    with pytest.raises(JobFailed) as caught:  # without --fail-fast the checklists print
        run_job(job / "job.toml", output=target, jobs=1, cache=False, strict=True)
    assert [r.status for r in caught.value.result.summary.rows] == ["failed", "failed", "printed"]
    assert target.exists()


def _copies_job(path: Path, items: int, copies: int) -> Path:
    item = '\n[[items]]\nlayout = "comparison"\nroles = ["medical-assistant", "medical-administrative-assistant"]\n'
    path.write_text('name = "Big"\n' + (item + f"copies = {copies}\n") * items, encoding="utf-8")
    return path


def test_a_job_of_more_pages_than_a_print_file_may_have_is_refused_before_rendering(run, tmp_path):
    manifest = _copies_job(tmp_path / "big.toml", 11, 10_000)  # at least 110,000 pages
    code, out = run("print", "big.toml")
    assert code == 3, out
    line = [n for n, text in enumerate(manifest.read_text().splitlines(), start=1) if "copies" in text][10]
    assert f"big.toml:{line}: items[10].copies: the print file reaches at least 110,000 pages at this item" in out
    assert "over the 100,000 one print file may have; split the job into several" in out
    assert not (tmp_path / "output").exists()


def test_the_page_cap_counts_the_rendered_pages(run, tmp_path):
    """Planning knows documents, not pages: 51 x 1,000 copies pass it, but each has two pages."""
    manifest = _copies_job(tmp_path / "big.toml", 51, 1_000)
    code, out = run("print", "big.toml", "--jobs", "1")
    assert code == 3, out
    line = [n for n, text in enumerate(manifest.read_text().splitlines(), start=1) if "copies" in text][50]
    assert f"big.toml:{line}: items[50].copies: the print file reaches 102,000 pages at this item" in out
    assert_nothing_written(tmp_path)


def test_a_roster_of_more_personalised_documents_than_a_job_may_have_is_refused(run, job, tmp_path):
    manifest = job / "job.toml"
    edit(manifest, 'roster = "students.csv"', 'roster = "students.csv"\ncopies = 6000')  # 4 students x 6,000
    code, out = run("print", "job/job.toml")
    assert code == 3, out
    line = line_in(manifest, "roster =")
    assert (
        f"job/job.toml:{line}: items[2].roster: the job reaches 24,000 personalised documents at this item "
        "(roster rows x copies), over the 20,000 one print job may have; split the roster over several jobs"
    ) in out
    assert_nothing_written(tmp_path)


def test_a_missing_manifest_field_is_explained_in_toml(run, tmp_path):
    (tmp_path / "job.toml").write_text(
        '[[items]]\nlayout = "comparison"\nroles = ["medical-assistant", "medical-administrative-assistant"]\n',
        encoding="utf-8",
    )
    code, out = run("print", "job.toml")
    assert code == 3 and "job.toml:1: name:" in out
    assert 'name = "' in out and "name:" not in out.split("job.toml:1: name:", 1)[1]  # TOML syntax, not YAML's
    assert not list(tmp_path.glob("output/*.pdf"))
