"""Print-job workers started with "spawn" get everything from the job's context, not from
module globals a fork would copy, and print the same bytes as forked workers."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

import handouts.jobs.pool
import handouts.jobs.workers
from handouts.errors import UsageError
from handouts.jobs.batch import run_job
from handouts.session import Session
from tests.support.jobkit import document_starts
from tests.support.pdfcheck import Pdf

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="compares spawned workers with forked ones"
)

_REAL_POOL = handouts.jobs.workers.WorkerPool


def _run(job: Path, out: Path, method: str, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], list[str]]:
    """The job run with ``method`` workers: every file it wrote, and how its worker pools started."""
    started: list[str] = []

    def recording(jobs: int, mp_context, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(mp_context.get_start_method())
        return _REAL_POOL(jobs, mp_context, *args, **kwargs)

    monkeypatch.setattr(handouts.jobs.workers, "WorkerPool", recording)
    # A fresh session each time: nothing loaded by an earlier run can stand in for what the workers get.
    result = run_job(
        job / "job.toml",
        output=out / "fair.pdf",
        jobs=2,
        cache=False,
        individual=True,
        start_method=method,
        session=Session(),
    )
    assert result.ok and result.path is not None
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return written, started


def test_a_job_under_spawn_prints_the_same_bytes_as_under_fork(job, tmp_path, monkeypatch):
    forked, fork_pools = _run(job, tmp_path / "fork", "fork", monkeypatch)
    spawned, spawn_pools = _run(job, tmp_path / "spawn", "spawn", monkeypatch)
    assert fork_pools == ["fork"] and spawn_pools == ["spawn"], "the job did not run in worker processes"
    assert sorted(spawned) == sorted(forked)
    assert len([name for name in spawned if name.endswith(".pdf")]) == 1 + 2 + 4  # print file, 2 handouts, 4 students
    different = [name for name in forked if spawned[name] != forked[name]]
    assert different == []
    # What a reader sees: both copy items and every student's own checklist.
    pages = Pdf(spawned["fair.pdf"]).pages
    assert len(document_starts(pages)) == 3 + 2 + 4
    assert any("Zoë Åberg-Øster" in text for text in pages)


def test_an_unknown_start_method_is_refused_before_anything_is_written(job, tmp_path):
    with pytest.raises(UsageError) as caught:
        run_job(job / "job.toml", output=tmp_path / "out" / "fair.pdf", jobs=2, start_method="sporn")
    (problem,) = caught.value.problems
    assert problem.where == "start_method" and "'sporn'" in problem.what
    assert "spawn" in problem.fix
    assert not (tmp_path / "out").exists()
