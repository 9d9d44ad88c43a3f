"""Worker processes that survive one of them dying: the rest of a print job still finishes.

When a worker of a ProcessPoolExecutor dies (killed, out of memory, a crash
in a C library, an exception that cannot be sent back), the executor is
"broken": every task still running or waiting fails with BrokenProcessPool,
not only the one that died, and no new task is accepted. In a print job
that would fail every item not yet finished, and name none of them as the
cause.

`WorkerPool` hands out its own futures and keeps what each task was. When
the shared pool breaks, every task it lost is run again, and from then on
each task runs in a process of its own (at most ``jobs`` at a time), so a
second death takes down only the task that caused it: that task's future
gets a `WorkerDied` error, and the scheduler reports it against the items
that needed it. Tasks are pure functions of their arguments writing through
an atomic cache, so running one twice is harmless.

Isolated processes are started with "spawn": the pool's own threads exist
by then, and forking a threaded process can deadlock (Python 3.12+ warns).

A worker ends itself when the process that started it is gone (`_start_worker`):
killed outright, the parent cannot stop its workers, and a ProcessPoolExecutor
worker would otherwise wait for its next task forever (its siblings keep the
task queue open), holding memory and writing into a dead run's render folder.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from handouts.errors import Problem, RenderError

PARENT_CHECK_SECONDS = 0.5


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    """In each worker: watch for the parent's end (see the module docstring), then the pool's own initializer.

    The parent's id is passed in rather than read here: a parent killed while
    the worker starts would already be replaced by init or a subreaper.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="handouts-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


class WorkerDied(RenderError):
    """A worker process stopped while running this task (killed, out of memory, crashed)."""


class WorkerPool:
    """``jobs`` worker processes; futures that fail only for the task whose worker died."""

    def __init__(
        self,
        jobs: int,
        mp_context: Any,
        initializer: Callable[..., None] | None = None,
        initargs: tuple = (),
        on_finish: Callable[[], None] | None = None,
    ) -> None:
        self.jobs = jobs
        # Called, on the executor's own thread, as each task ends: a caller handing out tasks one at a time
        # gives an idle worker its next one at once, not when its own thread is next free (see `pool.Pool`).
        self._on_finish = on_finish
        self._lock = threading.RLock()  # `submit` may be called from that thread while `wait` runs here
        self._init = (_start_worker, (os.getpid(), initializer, initargs))
        self._shared: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=jobs, mp_context=mp_context, initializer=self._init[0], initargs=self._init[1]
        )
        self._isolated = False
        self._retired: list[ProcessPoolExecutor] = []  # broken pools, joined at shutdown
        # inner executor future -> (our future, the task, the executor it runs in when isolated)
        self._running: dict[Future, tuple[Future, tuple[Callable[..., Any], tuple], ProcessPoolExecutor | None]] = {}
        self._waiting: deque[tuple[Future, tuple[Callable[..., Any], tuple]]] = deque()

    @property
    def isolated(self) -> bool:
        """True once a worker has died: every task since runs in a process of its own."""
        return self._isolated

    def submit(self, function: Callable[..., Any], *args: Any) -> Future:
        outer: Future = Future()
        self._start(outer, (function, args))
        return outer

    def _start(self, outer: Future, task: tuple[Callable[..., Any], tuple]) -> None:
        with self._lock:
            if self._isolated:
                self._waiting.append((outer, task))
                self._fill()
                return
            assert self._shared is not None
            inner = self._shared.submit(task[0], *task[1])
            self._running[inner] = (outer, task, None)
        if self._on_finish is not None:  # (outside the lock: a task already done calls it here and now)
            inner.add_done_callback(self._finished)

    def _finished(self, inner: Future) -> None:
        hook = self._on_finish
        # A task that failed frees its worker too; a broken pool is `wait`'s to deal with.
        if hook is not None and not inner.cancelled() and not isinstance(inner.exception(), BrokenExecutor):
            hook()

    @property
    def busy(self) -> int:
        """How many tasks are handed to workers and not yet finished (done or not, `wait` has not seen them)."""
        with self._lock:
            return sum(1 for inner in self._running if not inner.done()) + len(self._waiting)

    def _fill(self) -> None:
        while self._waiting and len(self._running) < self.jobs:
            outer, task = self._waiting.popleft()
            if outer.cancelled():
                continue
            initializer, initargs = self._init
            single = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=initializer,
                initargs=initargs,
            )
            self._running[single.submit(task[0], *task[1])] = (outer, task, single)

    def wait(self, pending: set[Future], block: bool = True) -> set[Future]:
        """At least one finished future of ``pending`` (futures from `submit`); with ``block`` False, any finished."""
        while True:
            done = {future for future in pending if future.done()}
            with self._lock:
                running = set(self._running)
            if done or not running:
                return done
            finished, _ = wait(running, timeout=None if block else 0, return_when=FIRST_COMPLETED)
            if not finished:
                return set()
            lost: list[tuple[Future, tuple[Callable[..., Any], tuple]]] = []
            for inner in finished:
                with self._lock:
                    outer, task, single = self._running.pop(inner)
                error = inner.exception()
                if single is not None:
                    # Its one task is over; joining now means no worker outlives the job.
                    single.shutdown(wait=True)
                if isinstance(error, BrokenProcessPool) and single is None:
                    lost.append((outer, task))  # the shared pool broke: not necessarily this task's doing
                elif isinstance(error, BrokenProcessPool):
                    outer.set_exception(_died(task, error))
                elif error is not None:
                    outer.set_exception(error)
                else:
                    outer.set_result(inner.result())
            with self._lock:
                if lost:
                    self._isolate(lost)
                self._fill()

    def _isolate(self, lost: list[tuple[Future, tuple[Callable[..., Any], tuple]]]) -> None:
        """The shared pool broke: run every task it lost again, each in a process of its own."""
        if self._shared is not None:
            self._shared.shutdown(wait=False, cancel_futures=True)
            self._retired.append(self._shared)
            self._shared = None
        self._isolated = True
        for inner, (outer, task, single) in list(self._running.items()):
            if single is None:  # lost too; its future will never complete now
                del self._running[inner]
                lost.append((outer, task))
        for outer, task in lost:
            self._waiting.append((outer, task))
        self._fill()

    def shutdown(self, cancel: bool = False) -> None:
        self._on_finish = None  # nothing is handed out any more
        if cancel:
            for outer, _task in self._waiting:
                outer.cancel()
            self._waiting.clear()
        if self._shared is not None:
            self._shared.shutdown(wait=True, cancel_futures=cancel)
            self._shared = None
        for _outer, _task, single in self._running.values():
            if single is not None:
                single.shutdown(wait=True, cancel_futures=cancel)
        self._running.clear()
        for broken in self._retired:  # their surviving workers must not outlive the job
            broken.shutdown(wait=True, cancel_futures=True)
        self._retired.clear()


def _died(task: tuple[Callable[..., Any], tuple], error: BaseException) -> WorkerDied:
    name = getattr(task[0], "__name__", "a task")
    return WorkerDied(
        problems=[
            Problem(
                "handouts",
                0,
                "",
                f"the process rendering it stopped ({error}); it may have run out of memory or been killed",
                "run again (finished documents are cached); if it happens again, report this item's files",
            )
        ],
        message=f"worker died in {name}: {error}",
    )
