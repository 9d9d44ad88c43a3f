"""A time limit for one stretch of Python code in one thread: the layout render.

A layout is untrusted code in a sandbox, and the sandbox caps sizes, not
time: ``{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}
{% endfor %}`` produces no output at all, so a check between output chunks
never runs, and the build would hang for hours.

How it stops: one daemon watchdog thread per process keeps the deadlines of
the renders under way. When one passes, it asks CPython to raise `Overtime`
in the rendering thread (``PyThreadState_SetAsyncExc``), which happens at the
next bytecode boundary, so the template stops wherever it is, and the
traceback still shows the template line it was on.

Why this and not the alternatives:

- ``sys.settrace``/``setprofile``: a Python call for every line or call of
  the render (measured: markup_for 2.8x slower), and it silently replaces a
  debugger's or coverage's tracer. ``setprofile`` sees no events at all in
  an empty loop over ``range``.
- counting in the sandbox's ``call``/``getattr``: an empty nested loop makes
  neither.
- a process per render with a kill: the right tool for print jobs, far too
  heavy for each of a thousand handouts.

Cost on a normal render: registering and removing a deadline under a lock
(a few microseconds); the watchdog sleeps until the earliest deadline, and is
woken only by a deadline earlier than the time it will wake anyway (waking it
for every render of a print job handed the interpreter lock to it and back
each time).

Limits: the exception arrives between bytecodes, so one long C call (a
``sort`` or ``join`` of a huge list) finishes first; the sandbox's size caps
keep every such call small. On an interpreter without ``ctypes.pythonapi``
(not CPython) the limit is not enforced; `templating` still checks the clock
between output chunks there.

`Overtime` derives from BaseException so that no ``except Exception`` in
Jinja2 or a filter can swallow it.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_raise_in: Callable[..., int] | None
_cancel_in: Callable[..., int] | None
try:
    # Two handles on the same C function: one raises a class, one passes NULL to cancel.
    _raise_in = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
    _raise_in.argtypes = (ctypes.c_ulong, ctypes.py_object)
    _cancel_in = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
    _cancel_in.argtypes = (ctypes.c_ulong, ctypes.c_void_p)
except (AttributeError, TypeError):  # pragma: no cover - not CPython
    _raise_in = _cancel_in = None


class Overtime(BaseException):
    """Raised inside a thread whose time limit has passed."""


@dataclass
class _Entry:
    deadline: float
    thread_id: int
    fired: bool = False


class _Watchdog:
    """One thread that raises `Overtime` in threads whose deadline has passed.

    The rendering thread takes only the plain C lock while a deadline of its
    own may fire (`remove`): ``with`` on a C lock has no bytecode boundary
    between acquiring and the block, so an arriving `Overtime` can never
    leave it held. `add` may use the Condition's Python methods because no
    deadline of the calling thread is registered yet.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._entries: dict[int, _Entry] = {}
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._until = -math.inf  # when the watchdog wakes next by itself (inf: only when woken)

    def add(self, seconds: float) -> int:
        with self._wake:
            token = next(self._ids)
            self._entries[token] = _Entry(time.monotonic() + seconds, threading.get_ident())
            if self._thread is None or not self._thread.is_alive():
                self._until = -math.inf
                self._thread = threading.Thread(target=self._watch, name="handouts-deadline", daemon=True)
                self._thread.start()
            if self._entries[token].deadline < self._until:
                self._wake.notify()
            return token

    def remove(self, token: int) -> None:
        """Forget a deadline; if it fired but the exception is still pending, cancel it."""
        with self._lock:
            entry = self._entries.pop(token, None)
            if entry is not None and entry.fired:
                _cancel_in(entry.thread_id, None)  # type: ignore[misc]  # not None: time_limit adds none without it

    def _watch(self) -> None:
        with self._wake:
            while True:
                if self._stopping and not self._entries:
                    self._stopping, self._thread = False, None
                    return
                now = time.monotonic()
                for entry in self._entries.values():
                    if not entry.fired and entry.deadline <= now:
                        entry.fired = True
                        _raise_in(entry.thread_id, Overtime)  # type: ignore[misc]  # not None, as above
                pending = [e.deadline for e in self._entries.values() if not e.fired]
                self._until = min(pending) if pending else math.inf
                self._wake.wait(timeout=max(0.0, self._until - now) if pending else None)
                self._until = -math.inf  # awake: the loop looks at every entry again before it waits

    def before_fork(self) -> None:
        """Stop the idle watchdog thread and hold the lock across ``fork()``.

        Print jobs fork their worker processes. A thread alive at fork time
        makes Python 3.12+ warn (a fork of a threaded process may deadlock),
        and a lock the thread held at that instant would stay locked forever
        in the child. So an idle watchdog is stopped (the next render starts
        it again) and the lock is taken, so the child's copy is consistent.
        """
        with self._wake:
            thread = self._thread if not self._entries else None
            if thread is not None:
                self._stopping = True
                self._wake.notify()
        if thread is not None:
            thread.join(timeout=1.0)
        self._lock.acquire()

    def after_fork_in_parent(self) -> None:
        self._lock.release()


_WATCHDOG = _Watchdog()


def _fresh_watchdog_in_child() -> None:
    """A forked child starts with no deadlines and no watchdog thread (threads do not survive fork)."""
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=lambda: _WATCHDOG.before_fork(),
        after_in_parent=lambda: _WATCHDOG.after_fork_in_parent(),
        after_in_child=_fresh_watchdog_in_child,
    )


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `Overtime` in this thread if the block is still running after ``seconds``.

    Once the block is left, no `Overtime` from it can arrive later: removal
    and firing happen under one lock, and a fired-but-undelivered exception
    is cancelled on removal.
    """
    if _raise_in is None:  # pragma: no cover - not CPython
        yield
        return
    token = _WATCHDOG.add(seconds)
    try:
        yield
    finally:
        # An Overtime arriving during removal means the block ended right at
        # the deadline: it finished, so keep its result. Removal is retried
        # (the entry fires once only, so this loops at most twice).
        while True:
            try:
                _WATCHDOG.remove(token)
                break
            except Overtime:
                continue
