"""Print-job worker processes that die: crashed, killed (as the out-of-memory killer does),
out of memory, or raising an exception that cannot travel back. The item whose document
was being rendered is reported by its manifest line; every other item is still printed.
Ctrl-C leaves no print file and no worker behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading

import pytest

import handouts.jobs.pool
import handouts.jobs.render
from handouts.errors import HandoutsError
from tests.support.jobkit import assert_nothing_written, document_starts, leftovers, line_in
from tests.support.pdfcheck import Pdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills worker processes with POSIX signals")

_REAL_RENDER = handouts.jobs.pool.render_document
# The item whose document the hostile worker dies on: 'Comparison B' (its roles in this order).
_DOOMED = ("medical-administrative-assistant", "medical-assistant")


class CannotTravel(HandoutsError):
    """An error whose pickled form cannot be rebuilt in the parent (its constructor differs)."""

    def __init__(self, detail: str, handle: object, more: object) -> None:
        super().__init__(detail)
        self.handle, self.more = handle, more


class MessageOnly(HandoutsError):
    """An error raised with a message and no problems."""


def _die(how: str) -> None:
    if how == "crash":
        os._exit(70)
    if how == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    if how == "out-of-memory":
        raise MemoryError()
    if how == "cannot-travel":
        raise CannotTravel("a worker error", threading.Lock(), None)
    if how == "message-only":
        raise MessageOnly("the renderer gave up")
    raise AssertionError(how)


def render_or_die(spec):  # module level, so worker processes (forked or spawned) can find it
    how = os.environ.get("HANDOUTS_TEST_DIE")
    if how and tuple(spec.roles) == _DOOMED:
        _die(how)
    return _REAL_RENDER(spec)


@pytest.mark.parametrize("how", ["crash", "killed", "out-of-memory", "cannot-travel", "message-only"])
def test_a_dying_worker_fails_only_its_item(run, job, tmp_path, monkeypatch, how):
    monkeypatch.setenv("HANDOUTS_TEST_DIE", how)  # inherited by forked and spawned workers alike
    monkeypatch.setattr(handouts.jobs.render, "render_document", render_or_die)
    code, out = run("print", "job/job.toml", "--jobs", "2", "--no-cache")
    assert code == 4, out
    item = line_in(job / "job.toml", 'title = "Comparison B"') - 1
    assert f"job/job.toml:{item}: items[1]: item 2 ('Comparison B') failed and is left out of the print file" in out
    expected = {
        "crash": "the process rendering it stopped",
        "killed": "the process rendering it stopped",
        "out-of-memory": "ran out of memory",
        "cannot-travel": "the process rendering it stopped",
        "message-only": "handouts: the renderer gave up",
    }[how]
    assert expected in out, out
    assert "items[0]" not in out and "items[2]" not in out, "an innocent item was failed"
    assert "Traceback" not in out
    pdf = Pdf.open(tmp_path / "output" / "test-fair.pdf")
    assert len(document_starts(pdf.pages)) == 3 + 4  # item 1's copies and the four students
    assert leftovers(tmp_path) == []
    assert multiprocessing.active_children() == []


def test_ctrl_c_while_workers_render_leaves_no_print_file_and_no_workers(run, job, tmp_path, monkeypatch):
    real_wait = handouts.jobs.pool.Pool.wait
    calls = []

    def wait_then_interrupt(self, pending):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_wait(self, pending)

    monkeypatch.setattr(handouts.jobs.pool.Pool, "wait", wait_then_interrupt)
    code, out = run("print", "job/job.toml", "--jobs", "2")
    assert code == 130 and "interrupted; nothing was written" in out
    assert_nothing_written(tmp_path)
    assert multiprocessing.active_children() == []


_AT_FORK: list[list[str]] = []
_RECORDING = threading.Event()


def _record_threads() -> None:
    if _RECORDING.is_set():
        _AT_FORK.append([t.name for t in threading.enumerate()])


os.register_at_fork(after_in_parent=_record_threads)  # runs after handouts' own hooks; inert unless recording


def test_workers_are_forked_without_the_layout_watchdog_thread_running(job, tmp_path):
    """A render starts the deadline watchdog thread; forking a threaded process can deadlock
    (Python 3.12+ warns), so the idle watchdog is stopped for the fork and restarted later."""
    from handouts.build import markup_for
    from handouts.jobs.batch import run_job

    markup_for("comparison", ("medical-assistant", "medical-administrative-assistant"))
    assert "handouts-deadline" in [t.name for t in threading.enumerate()]
    _RECORDING.set()
    try:
        run_job(job / "job.toml", output=tmp_path / "out" / "fair.pdf", jobs=2, cache=False)
    finally:
        _RECORDING.clear()
    assert _AT_FORK, "no worker was forked"
    assert all("handouts-deadline" not in names for names in _AT_FORK), _AT_FORK
