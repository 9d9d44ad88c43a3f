"""What a print job writes, and what it must never destroy or leave behind: the individual PDFs'
folder, temporaries of killed runs, interrupted runs, many source documents at once."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import handouts.jobs.printfile
import handouts.output
from handouts.errors import OutputError
from handouts.jobs.batch import run_job
from tests.support.jobkit import STUDENTS, assert_nothing_written, leftovers, write_roster


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
    assert leftovers(target.parent) == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
def test_assembling_many_distinct_documents_keeps_few_files_open(tmp_path):
    """A roster rendered in full is one source document per student; each used to stay open."""
    import resource

    import pikepdf

    from handouts.jobs.printfile import PrintFile

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
    import handouts.jobs.batch

    def no_handles_left(*args, **kwargs):
        raise OSError(errno.EMFILE, "Too many open files")

    real_render = handouts.jobs.batch.render_items

    def render_then_run_out(*args, **kwargs):  # documents render; reading them back for the print file fails
        rendered = real_render(*args, **kwargs)
        monkeypatch.setattr(handouts.jobs.printfile.pikepdf, "open", no_handles_left)
        return rendered

    monkeypatch.setattr(handouts.jobs.batch, "render_items", render_then_run_out)
    target = tmp_path / "out" / "fair.pdf"
    with pytest.raises(OutputError) as caught:
        run_job(job / "job.toml", output=target, jobs=1, cache=False)
    assert "cannot assemble the print file: too many files are open at once" in str(caught.value)
    assert "ulimit -n" in str(caught.value)
    assert_nothing_written(tmp_path)


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_ctrl_c_while_the_summaries_are_written_leaves_the_last_runs_files(run, job, tmp_path, monkeypatch):
    """The print file used to be in place before the summaries were written: a Ctrl-C between them
    left a new print file beside the old summaries, and the message said nothing was written."""
    from handouts.jobs.summary import JobSummary

    code, out = run("print", "job/job.toml", "-q")
    assert code == 0, out
    before = _outputs(tmp_path / "output")
    assert set(before) == {"test-fair.pdf", "test-fair.summary.csv", "test-fair.summary.json"}
    write_roster(job / "students.csv", STUDENTS[:2])

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(JobSummary, "json", interrupted)
    code, out = run("print", "job/job.toml", "-q")
    assert code == 130 and "interrupted; nothing was written" in out
    assert _outputs(tmp_path / "output") == before
    assert leftovers(tmp_path) == []


def test_ctrl_c_while_the_outputs_are_put_in_place_is_held_until_all_are(run, job, tmp_path, monkeypatch):
    import signal

    real_replace = os.replace
    sent: list[int] = []

    def replace_and_interrupt(src, dst, *args, **kwargs):
        if not sent and Path(dst).suffix == ".pdf" and ".handouts-cache" not in Path(dst).parts:
            sent.append(1)
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C just as the print file goes in place
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(handouts.output.os, "replace", replace_and_interrupt)
    code, out = run("print", "job/job.toml", "-q")
    assert sent and code == 130, out
    assert (
        "interrupted after writing output/test-fair.pdf, output/test-fair.summary.csv, "
        "output/test-fair.summary.json (complete)"
    ) in out
    assert set(_outputs(tmp_path / "output")) == {"test-fair.pdf", "test-fair.summary.csv", "test-fair.summary.json"}
    assert leftovers(tmp_path) == []


def test_ctrl_c_after_the_outputs_are_in_place_says_what_was_written(run, job, tmp_path, monkeypatch):
    from handouts.jobs.cache import RenderCache

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(RenderCache, "tidy", interrupted)
    code, out = run("print", "job/job.toml", "-q", "--individual")
    assert code == 130, out
    assert "nothing was written" not in out
    assert "interrupted after writing output/test-fair.pdf, output/test-fair.summary.csv" in out
    assert "output/test-fair (complete)" in out
    assert (tmp_path / "output" / "test-fair" / "01-comparison-a.pdf").is_file()


def test_temporaries_without_a_lock_file_are_removed_once_stale(job, tmp_path):
    """Left by a version before lock files (see test_leftovers.py for today's): who made them cannot be
    told, so they go once an hour old; another print file's and fresh ones stay."""
    import time

    out = tmp_path / "out"
    out.mkdir()
    ours = [".fair.pdf.k3j9x0a_.tmp", ".fair.summary.csv.ab12cd34.tmp", ".fair.summary.json.ab12cd34.tmp"]
    our_folders = [".fair.q1w2e3r4.tmp", ".fair.old.z9y8x7w6.tmp", ".handouts-render-x1y2z3"]
    others = [".fair.2026.pdf.k3j9x0a_.tmp", ".fairer.pdf.k3j9x0a_.tmp", "notes.tmp"]
    for name in ours + others:
        (out / name).write_bytes(b"half")
    for name in our_folders:
        (out / name).mkdir()
        (out / name / "0002-ana.pdf").write_bytes(b"half")
    old = time.time() - 2 * 3600
    for path in out.iterdir():
        os.utime(path, (old, old))
    (out / ".fair.pdf.fresh000.tmp").write_bytes(b"another run, writing now")
    run_job(job / "job.toml", output=out / "fair.pdf", jobs=1)
    left = sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".handouts-render"))
    assert left == sorted([*others, ".fair.pdf.fresh000.tmp"])
