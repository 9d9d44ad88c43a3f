"""What a print job writes, and what it must never destroy or leave behind: the individual PDFs'
folder, temporaries of killed runs, interrupted runs, many source documents at once."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import handouts.output
import handouts.printfile
from handouts.batch import run_job
from handouts.errors import OutputError
from tests.jobkit import STUDENTS, assert_nothing_written, write_roster


@pytest.mark.parametrize("absolute", [False, True])
def test_individual_never_replaces_a_folder_handouts_did_not_make(run, job, tmp_path, absolute):
    """-o job.pdf --individual puts the PDFs in ./job/: here that is the job's own folder."""
    (job / "notes.txt").write_text("our notes\n")
    before = sorted(p.relative_to(job) for p in job.rglob("*"))
    target = str(tmp_path / "job.pdf") if absolute else "job.pdf"
    code, out = run("print", "job/job.toml", "-o", target, "--individual", "-q")
    assert code == 5, out
    assert "job: cannot write the individual PDFs: a folder that handouts did not make is in the way" in out
    assert "choose another print file name with -o" in out
    assert sorted(p.relative_to(job) for p in job.rglob("*")) == before
    assert (job / "notes.txt").read_text() == "our notes\n"
    assert_nothing_written(tmp_path)


def test_individual_never_replaces_a_file_either(run, job, tmp_path):
    (tmp_path / "fair").write_text("not a folder\n")
    code, out = run("print", "job/job.toml", "-o", "fair.pdf", "--individual", "-q")
    assert code == 5, out
    assert "fair: cannot write the individual PDFs: a file that handouts did not make is in the way" in out
    assert (tmp_path / "fair").read_text() == "not a folder\n"


def test_individual_folder_gets_the_permissions_of_a_plain_folder(job, tmp_path):
    previous = os.umask(0o027)
    try:
        result = run_job(job / "job.toml", output=tmp_path / "out" / "fair.pdf", jobs=1, individual=True)
    finally:
        os.umask(previous)
    assert result.individual is not None
    assert result.individual.stat().st_mode & 0o777 == 0o750
    assert (result.individual / "03-student-checklists").stat().st_mode & 0o777 == 0o750


def test_a_failed_swap_puts_the_last_runs_folder_back(job, tmp_path, monkeypatch):
    target = tmp_path / "out" / "fair.pdf"
    first = run_job(job / "job.toml", output=target, jobs=1, individual=True)
    folder = first.individual
    assert folder is not None
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    real_replace = os.replace

    def refuse_the_new_folder(src, dst, *args, **kwargs):
        if Path(src).name.endswith(".tmp") and Path(dst) == folder:
            raise OSError(errno.EACCES, "Permission denied")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(handouts.output.os, "replace", refuse_the_new_folder)
    write_roster(job / "students.csv", STUDENTS[:2])
    with pytest.raises(OutputError) as caught:
        run_job(job / "job.toml", output=target, jobs=1, individual=True)
    assert "cannot write the individual PDFs: permission denied" in str(caught.value)
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
def test_assembling_many_distinct_documents_keeps_few_files_open(tmp_path):
    """A roster rendered in full is one source document per student; each used to stay open."""
    import resource

    import pikepdf

    from handouts.printfile import PrintFile

    sources = []
    for index in range(300):
        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(612, 792))
        path = tmp_path / "cache" / f"{index:03d}.pdf"
        path.parent.mkdir(exist_ok=True)
        pdf.save(path)
        sources.append(path)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = len(list(Path("/proc/self/fd").iterdir())) + 60  # far fewer than 300
    printfile = PrintFile("Many")
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    try:
        for path in sources:
            printfile.add_document(str(path), 1)
        written = printfile.save(tmp_path / "many.pdf")
    finally:
        printfile.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    with pikepdf.open(written) as pdf:
        assert len(pdf.pages) == 300


def test_a_source_that_cannot_be_read_is_an_output_error(job, tmp_path, monkeypatch):
    import handouts.batch

    def no_handles_left(*args, **kwargs):
        raise OSError(errno.EMFILE, "Too many open files")

    real_render = handouts.batch.render_items

    def render_then_run_out(*args, **kwargs):  # documents render; reading them back for the print file fails
        rendered = real_render(*args, **kwargs)
        monkeypatch.setattr(handouts.printfile.pikepdf, "open", no_handles_left)
        return rendered

    monkeypatch.setattr(handouts.batch, "render_items", render_then_run_out)
    target = tmp_path / "out" / "fair.pdf"
    with pytest.raises(OutputError) as caught:
        run_job(job / "job.toml", output=target, jobs=1, cache=False)
    assert "cannot assemble the print file: too many files are open at once" in str(caught.value)
    assert "ulimit -n" in str(caught.value)
    assert_nothing_written(tmp_path)
