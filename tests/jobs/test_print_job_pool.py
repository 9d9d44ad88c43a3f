"""The default --jobs: worker processes only once a job has work enough for them, and the same print file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import handouts.jobs.pool
import handouts.jobs.render
import handouts.jobs.workers
from handouts.build import Inputs, brand_for
from handouts.inputs.fonts import load_fonts
from handouts.jobs.batch import run_job
from handouts.jobs.pool import Context, Pool
from handouts.session import default_session
from tests.support.jobkit import STUDENTS, write_roster

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _context(tmp_path: Path) -> Context:
    inputs = Inputs()
    fonts = load_fonts(brand_for(inputs))
    return Context(inputs, "letter", "test", tmp_path, fonts, {}, default_session())


def _started(monkeypatch) -> list[int]:
    """Records the size of every set of worker processes started."""
    sizes: list[int] = []
    real = handouts.jobs.workers.WorkerPool

    def recording(jobs, *args, **kwargs):
        sizes.append(jobs)
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(handouts.jobs.workers, "WorkerPool", recording)
    return sizes


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_tasks_run_here_until_enough_wait_then_the_waiting_ones_move_to_the_workers(tmp_path, monkeypatch):
    started = _started(monkeypatch)
    pool = Pool(2, _context(tmp_path), "fork", start_after=3)
    try:
        first = pool.submit(os.getpid)
        assert pool.wait({first}) == {first} and first.result() == os.getpid()  # run here
        assert not pool.started and started == []
        later = [pool.submit(os.getpid), pool.submit(os.getpid), pool.submit(os.getpid)]
        assert pool.started and started == [2]
        pending = set(later)
        while pending:
            pending -= pool.wait(pending)
        assert all(future.result() != os.getpid() for future in later)  # each ran in a worker
    finally:
        pool.close()


def test_a_small_job_starts_no_worker_by_default(job, monkeypatch):
    started = _started(monkeypatch)
    result = run_job(job / "job.toml", output=job.parent / "out" / "fair.pdf", cache=False)
    assert result.ok and started == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_a_roster_found_to_need_full_renders_gets_workers_and_the_same_print_file(tmp_path, monkeypatch):
    """A centred name is found only once the shared page is rendered: then 30 renders wait, and workers start."""
    monkeypatch.setattr(handouts.jobs.pool, "usable_cores", lambda: 2)
    monkeypatch.setattr(handouts.jobs.render, "usable_cores", lambda: 2)
    started = _started(monkeypatch)
    names = [f"{name} {number}" for number in range(5) for name in STUDENTS[:6]]
    write_roster(tmp_path / "students.csv", names, blank_rows=False)
    layouts = FIXTURES / "print-job" / "layouts"
    (tmp_path / "job.toml").write_text(
        f'name = "Centred"\nlayouts = ["{layouts.as_posix()}"]\n\n[[items]]\nlayout = "centred-name"\n'
        'roles = ["medical-assistant"]\nroster = "students.csv"\nfields = { student = "Student name" }\n'
    )
    default = run_job(tmp_path / "job.toml", output=tmp_path / "a" / "centred.pdf", cache=False)
    assert any("rendered in full" in note for note in default.notes)
    assert started == [2]
    alone = run_job(tmp_path / "job.toml", output=tmp_path / "b" / "centred.pdf", cache=False, jobs=1)
    assert default.path.read_bytes() == alone.path.read_bytes()
