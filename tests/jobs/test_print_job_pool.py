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


def _nap(seconds: float) -> int:
    import time

    time.sleep(seconds)
    return os.getpid()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_sharing_this_process_works_beside_one_worker_fewer(tmp_path, monkeypatch):
    started = _started(monkeypatch)
    pool = Pool(2, _context(tmp_path), "fork", start_after=2, share=True)
    try:
        futures = [pool.submit(_nap, 0.2) for _ in range(8)]
        assert pool.started and started == [1]  # two cores: this process and one worker
        pending = set(futures)
        while pending:
            pending -= pool.wait(pending)
        here = [future.result() == os.getpid() for future in futures]
        assert any(here) and not all(here)  # both took tasks
    finally:
        pool.close()


def test_with_one_free_core_a_job_starts_no_worker_by_default(job, monkeypatch):
    monkeypatch.setattr(handouts.jobs.render, "usable_cores", lambda: 1)
    started = _started(monkeypatch)
    result = run_job(job / "job.toml", output=job.parent / "out" / "fair.pdf", cache=False)
    assert result.ok and started == []


def test_a_job_of_a_few_documents_starts_no_worker_by_default(tmp_path, monkeypatch):
    """Two documents are done here sooner than a worker is started and warmed up."""
    monkeypatch.setattr(handouts.jobs.render, "usable_cores", lambda: 2)
    started = _started(monkeypatch)
    (tmp_path / "job.toml").write_text(
        'name = "Two"\n\n[[items]]\nlayout = "checklist"\nroles = ["medical-assistant"]\n\n'
        '[[items]]\nlayout = "checklist"\nroles = ["medical-administrative-assistant"]\n'
    )
    result = run_job(tmp_path / "job.toml", output=tmp_path / "out" / "two.pdf", cache=False)
    assert result.ok and started == []


def _six_documents(folder: Path) -> Path:
    pair = ["medical-assistant", "medical-administrative-assistant"]
    roles = [[pair[0]], [pair[1]], pair, pair[::-1]]
    items = [
        f'[[items]]\nlayout = "{layout}"\nroles = {ids}\n'
        for layout in ("checklist", "pathway", "comparison")
        for ids in roles
        if (len(ids) > 1) == (layout == "comparison")
    ]
    (folder / "job.toml").write_text('name = "Six"\n\n' + "\n".join(items))
    return folder / "job.toml"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_with_two_free_cores_a_job_of_many_documents_uses_both_and_prints_the_same_file(tmp_path, monkeypatch):
    monkeypatch.setattr(handouts.jobs.render, "usable_cores", lambda: 2)
    started = _started(monkeypatch)
    job = _six_documents(tmp_path)
    default = run_job(job, output=tmp_path / "a" / "six.pdf", cache=False)
    assert default.ok and started == [1]  # one worker beside this process
    alone = run_job(job, output=tmp_path / "b" / "six.pdf", cache=False, jobs=1)
    assert default.path.read_bytes() == alone.path.read_bytes()


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
    assert started == [1]  # two free cores: this process renders beside one worker
    alone = run_job(tmp_path / "job.toml", output=tmp_path / "b" / "centred.pdf", cache=False, jobs=1)
    assert default.path.read_bytes() == alone.path.read_bytes()


def _answers_of_two_forked_workers(context: Context, task) -> list:
    """``task``'s answer in each of the two workers a forking `Pool` starts with ``context``."""
    pool = Pool(2, context, "fork")
    try:
        futures = [pool.submit(task) for _ in range(2)]
        pending = set(futures)
        while pending:
            pending -= pool.wait(pending)
        return [future.result() for future in futures]
    finally:
        pool.close()


def _logos_made() -> int:
    from handouts.render.logo import _prepared

    return _prepared.cache_info().currsize


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_forked_workers_start_with_the_brand_logo_already_made(tmp_path):
    """The logo takes ~25 ms to decode, resize and compress: made once before forking, not again in each worker."""
    from handouts.render.logo import _MADE, _prepared

    _prepared.cache_clear()
    _MADE.clear()
    brand = Path(__file__).resolve().parents[2] / "examples" / "brands" / "lakeside-high"
    inputs = Inputs(brand=brand)
    context = Context(inputs, "letter", "test", tmp_path, load_fonts(brand_for(inputs)), {}, default_session())
    assert _answers_of_two_forked_workers(context, _logos_made) == [1, 1]


def _qr_codes_encoded() -> int:
    from handouts.render.blocks.qrcodes import _modules

    return _modules.cache_info().currsize


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_forked_workers_start_with_the_planned_qr_codes_already_encoded(tmp_path):
    """Loading the QR encoder and encoding the brand's address cost each worker ~25 ms at its first handout."""
    from handouts.build import markup_for
    from handouts.render.blocks.qrcodes import _modules

    brand = Path(__file__).resolve().parents[2] / "examples" / "brands" / "lakeside-high"
    inputs = Inputs(brand=brand)
    markup = markup_for("comparison", ["medical-assistant", "medical-administrative-assistant"], inputs)
    assert [e.attrs["url"] for e in markup.tree.walk() if e.tag == "qr"] == [brand_for(inputs).website]
    _modules.cache_clear()
    context = Context(
        inputs, "letter", "test", tmp_path, load_fonts(brand_for(inputs)), {"doc": markup}, default_session()
    )
    assert _answers_of_two_forked_workers(context, _qr_codes_encoded) == [1, 1]


def _timed_nap(seconds: float) -> tuple[int, float, float]:
    import time

    start = time.monotonic()
    time.sleep(seconds)
    return os.getpid(), start, time.monotonic()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_a_free_worker_gets_the_dearest_task_while_this_process_is_busy(tmp_path):
    """The worker is not left idle while this process renders something long of its own (a pathway set three times)."""
    pool = Pool(2, _context(tmp_path), "fork", start_after=1, share=True)
    try:
        first = pool.submit(_timed_nap, 0.05, cost=50.0)  # starts the worker, which takes it
        long = pool.submit(_timed_nap, 0.8, cost=1.0)  # the cheapest: this process takes it
        cheaper = pool.submit(_timed_nap, 0.05, cost=10.0)
        dearer = pool.submit(_timed_nap, 0.05, cost=20.0)
        pending = {first, long, cheaper, dearer}
        while pending:
            pending -= pool.wait(pending)
        here, _, long_end = long.result()
        assert here == os.getpid()
        worker = first.result()[0]
        assert worker != here
        assert cheaper.result()[0] == worker and dearer.result()[0] == worker
        assert dearer.result()[1] < cheaper.result()[1]  # the dearer first
        assert cheaper.result()[2] < long_end  # both done while this process was still busy
    finally:
        pool.close()


def test_render_cost_ranks_the_examples_as_they_were_measured():
    """A pathway handout (fitted two or three times) before a comparison, before a checklist."""
    from handouts.build import markup_for
    from handouts.jobs.render import render_cost

    roles = ["medical-assistant", "medical-administrative-assistant"]
    pathway = render_cost(markup_for("pathway", roles[:1]))
    comparison = render_cost(markup_for("comparison", roles))
    checklist = render_cost(markup_for("checklist", roles[:1]))
    assert pathway > comparison > checklist > 0
    assert render_cost(None) == 0


def _failing_nap(seconds: float) -> None:
    import time

    from handouts.errors import Problem, RenderError

    time.sleep(seconds)
    raise RenderError(problems=[Problem("layout.xml.j2", 3, "<table>", "too wide", "narrow it")])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_a_worker_whose_task_failed_gets_the_next_one_while_this_process_is_busy(tmp_path):
    """An item that fails (a layout error) frees its worker as surely as one that succeeds."""
    from handouts.errors import RenderError

    pool = Pool(2, _context(tmp_path), "fork", start_after=1, share=True)
    try:
        failing = pool.submit(_failing_nap, 0.05, cost=50.0)  # the worker takes it
        long = pool.submit(_timed_nap, 0.8, cost=1.0)  # this process takes it
        after = pool.submit(_timed_nap, 0.05, cost=10.0)
        pending = {failing, long, after}
        while pending:
            pending -= pool.wait(pending)
        assert isinstance(failing.exception(), RenderError)
        assert after.result()[0] not in (os.getpid(),) and after.result()[2] < long.result()[2]
    finally:
        pool.close()


def _switch_interval() -> float:
    import sys

    return sys.getswitchinterval()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test forks")
def test_while_sharing_the_pools_threads_get_the_interpreter_lock_soon_and_the_setting_is_restored(tmp_path):
    """A task reaches a worker through two threads of this process: rendering here must not keep them waiting
    5 ms each (Python's default switch interval), so it is shortened while a worker works beside this process."""
    import sys

    from handouts.jobs.pool import HAND_OVER_SWITCH_INTERVAL

    before = sys.getswitchinterval()
    pool = Pool(2, _context(tmp_path), "fork", start_after=1, share=True)
    try:
        futures = [pool.submit(_switch_interval, cost=1.0), pool.submit(_switch_interval, cost=2.0)]
        pending = set(futures)
        while pending:
            pending -= pool.wait(pending)
        assert sys.getswitchinterval() == pytest.approx(min(before, HAND_OVER_SWITCH_INTERVAL))
    finally:
        pool.close()
    assert sys.getswitchinterval() == before
    alone = Pool(1, _context(tmp_path))  # one process: nothing to hand over, nothing changed
    try:
        assert alone.wait({alone.submit(_switch_interval)}).pop().result() == before
    finally:
        alone.close()
