"""Render a print job's documents in worker processes, each distinct one once, through the cache.

Three kinds of task, all plain functions of picklable arguments:

- `render_document`: one document in full (a handout printed in copies, or one
  student's document when overlays cannot be used, the name is wider than its
  slot, or individual PDFs are asked for);
- `prepare_personal`: a roster item's shared page and the slots its names go in
  (three probe renders compared, see `overlay`);
- `render_overlays`: the names of a chunk of students, drawn by one ReportLab document.

Each looks in the cache first and stores what it made, so an unchanged job
renders nothing. What tasks share (the job's inputs, fonts, checked markup
and session) is the `Context`, handed to each worker once as it starts, so
a worker started with "spawn" has everything a forked one has. Workers
ignore SIGINT: Ctrl-C reaches only the parent, which cancels what has not
started and waits for what has (each task finishes in a fraction of a
second and writes its cache entry atomically), so nothing is left
half-written. A worker error crosses back as a `HandoutsError` (they
pickle); anything else is wrapped in `TaskFailed` with its traceback text.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import BrokenExecutor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pikepdf

from handouts.build import HandoutMarkup, Inputs, brand_for, inspect_handout, render_handout
from handouts.contentstream.glyphs import Glyph, Unsupported, read_page, strip
from handouts.errors import HandoutsError, Problem, RenderError
from handouts.inputs.fonts import FontSet, load_fonts
from handouts.jobs import cores
from handouts.jobs.cache import RenderCache, key
from handouts.jobs.overlay import (
    NotOverlayable,
    PageReading,
    Personalisation,
    Slot,
    confirm_room,
    draw_overlays,
    find_slots,
    place,
    probe_slots,
    read_pages,
    widened,
)
from handouts.jobs.plan import DocSpec
from handouts.jobs.printfile import name_single_filters
from handouts.jobs.probes import probes
from handouts.jobs.waiting import WaitingTask, WaitingTasks
from handouts.render.blocks.qrcodes import encode_ahead
from handouts.render.logo import brand_logo, finish_pending, logo_xobject
from handouts.session import Session

if TYPE_CHECKING:  # imported when workers start: a job run in process never needs its multiprocessing
    from handouts.jobs.workers import WorkerPool


class TaskFailed(RenderError):
    """Raised in the parent for an unexpected error inside a worker (a bug), with its traceback."""


@dataclass(frozen=True)
class Context:
    """What every task needs, sent to each worker once (as it starts: see `Pool`).

    ``markups``: the markup planning made of each document it checked, rendered from as it is.
    ``session``: loaded data and brands; a forked worker shares the parent's, a spawned one gets a copy.
    """

    inputs: Inputs
    paper: str
    env: str
    cache: Path
    fonts: FontSet
    markups: dict[DocSpec, HandoutMarkup]
    session: Session
    citations: dict[str, int] = field(default_factory=dict)  # the print file's source numbers (plan.citations)


@dataclass(frozen=True)
class DocResult:
    path: str
    pages: int
    page_size: tuple[float, float]
    right_margin: float
    cached: bool
    warnings: tuple[Problem, ...] = ()  # what inspection found (kept in the cache, so a re-run says it again)


@dataclass(frozen=True)
class Personal:
    """A roster item's shared document and where names go; ``slots`` is None with ``reason`` if they cannot."""

    base: DocResult | None
    slots: tuple[Slot, ...] | None
    reason: str
    cached: bool


@dataclass(frozen=True)
class OverlayResult:
    """A chunk's names: a content stream per (student, page with slots), and the PDF holding their fonts."""

    path: str
    streams: tuple[bytes, ...]
    cached: bool


_CONTEXT: Context | None = None


def _init_worker(context: Context) -> None:
    """Ctrl-C is the parent's to handle; fonts are registered here for spawned (non-fork) workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _CONTEXT
    _CONTEXT = context
    load_fonts(brand_for(context.inputs, context.session))


def _context() -> Context:
    assert _CONTEXT is not None, "renderpool used before Pool() set its context"
    return _CONTEXT


def render_document(spec: DocSpec, tagged: bool = False) -> DocResult:
    """One document, for the print file (paper), or (``tagged``) as an individual PDF.

    A render for the print file leaves out the structure tree, the marked
    content and the checkboxes' fillable widgets (paper has no use for
    them; the print file dropped them all anyway), and with them the checks
    that only concern tags (as ``handouts build --no-tags`` does); inspection
    sees the same page either way.
    """
    ctx = _context()
    cache = RenderCache(ctx.cache)
    numbers = sorted(ctx.citations.items())  # the same document in another job may number its sources otherwise
    name = key(
        ctx.env,
        "doc",
        ctx.paper,
        spec.layout,
        spec.roles,
        spec.options,
        spec.area,
        _edition_key(spec),
        "tagged" if tagged else "print",
        numbers,
    )
    meta = cache.get_json(name)
    path = cache.get(name, ".pdf") if meta else None
    if meta and path:
        warnings = tuple(Problem(**w) for w in meta.get("warnings", []))
        size = tuple(meta["page_size"])
        return DocResult(str(path), meta["pages"], size, meta["right_margin"], True, warnings)
    rendered, info = render_handout(
        spec.layout,
        spec.roles,
        spec.inputs(ctx.inputs),
        tagged=tagged,
        forms=tagged,  # the print file's checkboxes are printed squares: its renders leave the widgets out
        options=dict(spec.options),
        paper=ctx.paper,
        markup=ctx.markups.get(spec),
        session=ctx.session,
        citations=ctx.citations or None,
    )
    shown = f"{spec.layout}: {', '.join(spec.roles)}" + "".join(f", {k}={v!r}" for k, v in spec.options)
    edition = [*([spec.lang] if spec.lang else []), *(["large print"] if spec.large_print else [])]
    shown += f" ({', '.join(edition)})" if edition else ""
    warnings = tuple(inspect_handout(rendered, info, brand_for(ctx.inputs, ctx.session), shown))
    path = cache.put(name, ".pdf", rendered.pdf)
    right = rendered.margins[1]
    meta = {"pages": rendered.pages, "page_size": list(rendered.page_size), "right_margin": right}
    cache.put_json(name, {**meta, "warnings": [dataclasses.asdict(w) for w in warnings]})
    return DocResult(str(path), rendered.pages, rendered.page_size, right, False, warnings)


def _edition_key(spec: DocSpec) -> list[object]:
    """What a cache key adds for the edition: an English and a Spanish render never share an entry."""
    return [spec.lang, spec.large_print] if spec.lang is not None or spec.large_print else []


def prepare_personal(spec: DocSpec, options: tuple[str, ...]) -> Personal:
    """Render the probe documents, find the slots and their room, and make the shared page (see `overlay`)."""
    ctx = _context()
    cache = RenderCache(ctx.cache)
    numbers = sorted(ctx.citations.items())
    edition = _edition_key(spec)
    name = key(
        ctx.env, "personal", ctx.paper, spec.layout, spec.roles, spec.options, options, spec.area, edition, numbers
    )
    meta = cache.get_json(name)
    path = cache.get(name, ".pdf") if meta and meta["slots"] else None
    if meta is not None and (path or not meta["slots"]):
        if not meta["slots"]:
            return Personal(None, None, meta["reason"], True)
        slots = tuple(Slot(**{**s, "color": tuple(s["color"])}) for s in meta["slots"])
        warnings = tuple(Problem(**w) for w in meta.get("warnings", []))
        size = tuple(meta["page_size"])
        base = DocResult(str(path), meta["pages"], size, meta["right_margin"], True, warnings)
        return Personal(base, slots, "", True)
    texts = (probes(list(options), 0, ctx.fonts), probes(list(options), 1, ctx.fonts))
    short = render_document(spec.with_options(texts[0]))
    with pikepdf.open(short.path) as short_pdf:
        try:
            short_pages = read_pages(short_pdf)
            found, slots = _find_slots(spec, short_pages, texts, short.right_margin)
            data = _shared_document(short_pdf, short_pages, found)
        except (NotOverlayable, Unsupported) as exc:  # strip() meets an operator it cannot take out
            cache.put_json(name, {"slots": None, "reason": str(exc)})
            return Personal(None, None, str(exc), False)
    path = cache.put(name, ".pdf", data)
    right = short.right_margin
    slots_json = [_slot_json(s) for s in slots]
    shared = f"{spec.layout}: {', '.join(spec.roles)} (the page every student's copy shares)"
    warnings = tuple(dataclasses.replace(w, file=shared) for w in short.warnings)
    meta = {"pages": short.pages, "page_size": list(short.page_size), "right_margin": right}
    cache.put_json(name, {**meta, "slots": slots_json, "warnings": [dataclasses.asdict(w) for w in warnings]})
    base = DocResult(str(path), short.pages, short.page_size, right, False, warnings)
    return Personal(base, slots, "", False)


def _find_slots(
    spec: DocSpec,
    short: list[PageReading],
    texts: tuple[dict[str, str], dict[str, str]],
    right_margin: float,
) -> tuple[Personalisation, tuple[Slot, ...]]:
    """The slots, each as wide as the layout was seen to draw a probe there (see `overlay.confirm_room`).

    Usually two renders: the slots are guessed from the short probe's render
    alone (`probe_slots`), and a render with the wide probes, made from that
    guess, confirms every one. Where it does not (the layout draws the wide
    probe elsewhere, smaller or wrapped), the long probe is rendered too, as
    the slots were always found: short against long, then the wide probe.
    Both ways give the same slots wherever the layout keeps the name's place.
    """
    ctx = _context()
    try:
        guess = probe_slots(short, texts[0], ctx.fonts, right_margin)
        wide_texts = widened(texts[1], guess.slots)
        wide = _probe_render(spec, wide_texts)
        found = find_slots(short, wide, (texts[0], wide_texts), ctx.fonts, right_margin)
        if {place(s) for s in guess.slots} <= {place(s) for s in found.slots}:
            return found, confirm_room(guess.slots, found.slots, wide_texts, texts[1])
    except (NotOverlayable, Unsupported, HandoutsError):
        pass
    found = find_slots(short, _probe_render(spec, texts[1]), texts, ctx.fonts, right_margin)
    wide_texts = widened(texts[1], found.slots)
    wide_slots = None
    try:
        wide = _probe_render(spec, wide_texts)
        wide_slots = find_slots(short, wide, (texts[0], wide_texts), ctx.fonts, right_margin).slots
    except (NotOverlayable, Unsupported, HandoutsError):  # drawn elsewhere, or too long for the layout at all
        pass
    return found, confirm_room(found.slots, wide_slots, wide_texts, texts[1])


def _probe_render(spec: DocSpec, texts: dict[str, str]) -> list[PageReading]:
    """The document rendered with ``texts`` as the options' values, read back."""
    rendered = render_document(spec.with_options(texts))
    with pikepdf.open(rendered.path) as pdf:
        return read_pages(pdf)


def _shared_document(pdf: pikepdf.Pdf, pages: list[PageReading], found: Personalisation) -> bytes:
    """The short-probe document with the probe glyphs taken out, checked by reading it back."""
    for number, glyphs in found.probe_glyphs.items():
        page = pdf.pages[number]
        strip(pdf, page, glyphs)
        after, _ = read_page(page)
        expected = sorted(_visible(pages[number].glyphs, exclude=glyphs))
        if sorted(_visible(after)) != expected:
            raise NotOverlayable(f"page {number + 1}: the probe text could not be taken out cleanly")
    name_single_filters(pdf)  # qpdf then keeps ReportLab's compressed data instead of compressing it again
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _visible(glyphs: list[Glyph], exclude: Iterable[Glyph] = ()) -> list[tuple]:
    gone = {g.source for g in exclude}
    return [
        (g.char, round(g.x0, 2), round(g.baseline, 2)) for g in glyphs if not g.char.isspace() and g.source not in gone
    ]


def _slot_json(slot: Slot) -> dict[str, Any]:
    return {f: getattr(slot, f) for f in slot.__dataclass_fields__}


def render_overlays(
    slots: tuple[Slot, ...], page_size: tuple[float, float], people: tuple[tuple[tuple[str, str], ...], ...]
) -> OverlayResult:
    ctx = _context()
    cache = RenderCache(ctx.cache)
    name = key(ctx.env, "overlay", [_slot_json(s) for s in slots], page_size, people)
    meta = cache.get_json(name)
    path = cache.get(name, ".pdf") if meta else None
    if meta and path is not None:
        return OverlayResult(str(path), tuple(s.encode("ascii") for s in meta["streams"]), True)
    data, streams = draw_overlays(list(slots), [dict(p) for p in people], page_size, ctx.fonts.regular)
    path = cache.put(name, ".pdf", data)
    cache.put_json(name, {"streams": [s.decode("ascii") for s in streams]})
    return OverlayResult(str(path), tuple(streams), False)


def _prepare_shared(context: Context) -> None:
    """Make, before forking, what every worker's first render would otherwise make again.

    Decoding, resizing and compressing the brand's logo takes about 25 ms,
    once per process (`logo_xobject`); made here, forked workers share it.
    (Planning usually started it on a thread: it is finished here, and no
    other logo thread is left running to be lost in the fork.) So do the QR
    codes the planned documents print (`encode_ahead`).
    A logo that cannot be read is left for the render to report.
    """
    finish_pending()
    logo = brand_logo(brand_for(context.inputs, context.session))
    if logo:
        with contextlib.suppress(Exception):  # the render that draws the logo reports what is wrong with it
            logo_xobject(*logo)
    urls = {e.attrs.get("url") for m in context.markups.values() for e in m.tree.walk() if e.tag == "qr"}
    for url in sorted(u for u in urls if isinstance(u, str)):
        with contextlib.suppress(Exception):  # (a render reports any problem with the address)
            encode_ahead(url)


def _call(function: Callable[..., Any], args: tuple) -> Any:
    """Run a task; an unexpected exception becomes a picklable TaskFailed with its traceback."""
    try:
        return function(*args)
    except HandoutsError:
        raise
    except MemoryError:
        problem = Problem(
            "handouts",
            0,
            "",
            "ran out of memory rendering this document",
            "close other programs, or run with fewer --jobs so each has more memory",
        )
        raise RenderError(problems=[problem]) from None
    except Exception as exc:
        text = "".join(traceback.format_exception(exc))
        problem = Problem(
            "handouts",
            0,
            "",
            f"unexpected {type(exc).__name__}: {exc}",
            "this is a bug; run with --debug and report it",
        )
        raise TaskFailed(f"{problem}\n{text}", [problem]) from None


# While this process renders beside a worker, how soon another of its threads gets the interpreter lock
# when it asks (Python's default: 5 ms). A task reaches a worker through two threads of this process (the
# pool's, then its queue's), each waiting for the lock while this process renders: measured, a worker waited
# 17-18 ms for its first task and for the one after it. Only a thread that asks for the lock makes the
# rendering thread let go of it, and the pool's threads ask only to hand a task over.
HAND_OVER_SWITCH_INTERVAL = 0.0005


class Pool:
    """Worker processes for ``jobs`` > 1; in-process, one task per `wait`, for 1.

    Both hand out Futures, so the scheduler is the same either way. Workers
    start with ``start_method`` ("fork", "spawn" or "forkserver"); by default
    Linux forks (workers start at once, sharing the parent's loaded data,
    fonts and compiled layouts, and all are started before any thread
    exists) and other systems use their default. Either way each worker gets
    the `Context` as its start-up argument: nothing reaches it through a
    module global only a fork would copy.

    With ``start_after``, the workers start only once that many tasks wait
    (their tasks until then run here, and those still waiting move to them):
    a job that turns out small never pays for starting processes, and one
    that turns out large (a roster rendered in full, found only once its
    shared page is rendered) still gets every core.

    With ``share``, this process is one of the ``jobs``: it starts one worker
    fewer and, whenever no worker has a result ready, takes a waiting task
    itself (each worker is handed a task only when it is idle). A job of a
    dozen documents then uses a second core without a second worker to
    start and warm up. Which task goes where follows the costs given to
    `submit`: the worker the dearest, this process the cheapest (`waiting`).
    """

    def __init__(
        self,
        jobs: int,
        context: Context,
        start_method: str | None = None,
        start_after: int = 0,
        *,
        share: bool = False,
    ) -> None:
        self.jobs = jobs
        self._context = context
        self._method = start_method
        self._start_after = start_after
        # share: this process renders too, beside jobs - 1 workers (a worker fewer to start and warm up)
        self._share = share
        self._workers = jobs - 1 if share else jobs
        self._executor: WorkerPool | None = None
        self._queue = WaitingTasks()
        self._lock = threading.RLock()  # the queue and `_moved`: the worker pool's thread hands out tasks too
        self._moved: dict[Future, Future] = {}  # a task moved to the workers: our future -> theirs
        self._switch_interval: float | None = None  # this process's own, while sharing shortens it (`_start`)
        global _CONTEXT
        _CONTEXT = context  # for the tasks run here
        if self._workers > 0 and jobs > 1 and not start_after:
            self._start()

    @property
    def started(self) -> bool:
        """Whether worker processes were started."""
        return self._executor is not None

    def _start(self) -> None:
        import multiprocessing

        from handouts.jobs.workers import WorkerPool

        method = self._method or ("fork" if sys.platform.startswith("linux") else None)
        if method == "fork":
            _prepare_shared(self._context)
        # WorkerPool: a worker that dies (killed, out of memory) fails only its own task.
        # Sharing, a worker that finishes is handed its next task at once, from the pool's own thread: this
        # process may be in the middle of a long render of its own (see `_hand_over`).
        on_finish = self._hand_over_from_pool if self._share else None
        context = multiprocessing.get_context(method)
        executor = WorkerPool(self._workers, context, _init_worker, (self._context,), on_finish=on_finish)
        with self._lock:
            self._executor = executor
        if self._share:
            self._switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._switch_interval, HAND_OVER_SWITCH_INTERVAL))
        self._hand_over()

    def _hand_over(self) -> None:
        """Move waiting tasks to the workers: all of them, or (sharing) one to each idle worker, dearest first."""
        with self._lock:
            executor = self._executor
            assert executor is not None
            while self._queue and (not self._share or executor.busy < self._workers):
                task = self._queue.dearest() if self._share else self._queue.oldest()
                try:
                    self._moved[task.future] = executor.submit(_call, task.function, task.args)
                except (BrokenExecutor, RuntimeError):  # broken or shut down: `wait` sees to it
                    self._queue.add(task)  # (run here, or by the workers that replace the broken ones)
                    return

    def _hand_over_from_pool(self) -> None:
        """`_hand_over`, on the worker pool's thread as a worker finishes a task (never raises there)."""
        with self._lock:
            if self._executor is not None:
                self._hand_over()

    def submit(self, function: Callable[..., Any], *args: Any, cost: float = 0.0, gating: bool = False) -> Future:
        """``function(*args)`` as a Future. ``cost`` guesses how long it takes, relative to other tasks;
        ``gating``: other tasks wait for it. Both only decide which waiting task runs where (`waiting`)."""
        if self._executor is not None and not self._share:
            return self._executor.submit(_call, function, args)
        future: Future = Future()
        with self._lock:
            self._queue.add(WaitingTask(future, function, args, cost, gating))
        if self._executor is not None:
            self._hand_over()
        elif self._workers > 0 and self.jobs > 1 and len(self._queue) >= self._start_after:
            self._start()
        return future

    def wait(self, pending: set[Future]) -> set[Future]:
        """At least one finished future from ``pending``.

        Sharing, this process takes a waiting task itself whenever no worker
        has one finished, so it only blocks when nothing waits.
        """
        if self._executor is None:
            return self._run_here(self._queue.oldest())
        if self._share:
            finished = self._executor.wait(self._theirs(pending), block=False)
            if not finished:
                with self._lock:
                    task = self._queue.cheapest() if self._queue else None  # the dearest are the workers' (`waiting`)
                if task is not None:
                    return self._run_here(task)
                finished = self._executor.wait(self._theirs(pending))
        else:
            finished = self._executor.wait(self._theirs(pending) | {f for f in pending if f not in self._moved})
        with self._lock:
            theirs = {inner: future for future, inner in self._moved.items() if inner in finished}
            for future in theirs.values():
                del self._moved[future]
        for inner, future in theirs.items():
            error = inner.exception()
            if error is None:
                future.set_result(inner.result())
            else:
                future.set_exception(error)
        done = set(theirs.values()) | (finished & pending)
        if self._share:
            self._hand_over()
        return done

    def _theirs(self, pending: set[Future]) -> set[Future]:
        """The workers' futures for those of ``pending`` handed to them."""
        with self._lock:  # (`_moved` holds a task or two a worker: ``pending`` may hold thousands)
            return {inner for future, inner in self._moved.items() if future in pending}

    def _run_here(self, task: WaitingTask) -> set[Future]:
        try:
            task.future.set_result(_call(task.function, task.args))
        except HandoutsError as exc:
            task.future.set_exception(exc)
        return {task.future}

    def close(self, cancel: bool = False) -> None:
        executor = self._executor
        if executor is not None:
            executor.shutdown(cancel=cancel)  # (not holding the lock: the pool's thread may be waiting for it)
            with self._lock:
                self._executor = None
        if self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
            self._switch_interval = None
        for future in self._moved:
            future.cancel()
        self._moved.clear()
        self._queue.clear()


def usable_cores() -> int:
    """The cores this process may use that other work is not already using.

    Measured over the job's planning where it can be (`cores.free_since_mark`), else by the load average.
    """
    free = cores.free_since_mark()
    if free is not None:
        return free
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):  # pragma: no cover - no load average here
        busy = 0
    return max(1, default_jobs() - busy)


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)
