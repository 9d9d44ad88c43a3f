"""Render every item of a planned print job: each distinct document once, in parallel.

Tasks are submitted as their inputs become known: documents and roster
bases first; when a roster's base is ready its slots are checked against
every student's name (here, in the parent, all rows at once) and the overlay
chunks are submitted for the names that fit their slots, and one full render
for each student whose name does not (the layout sets it smaller or wraps
it, which an overlay cannot copy), or for every student when the layout
cannot be overlaid. Identical documents across items share one task.

A failing task fails only the items that need it; they are reported and the
rest go on. With ``fail_fast`` the first failure cancels everything.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from handouts.build import HandoutMarkup
from handouts.errors import HandoutsError, Problem, RenderError
from handouts.inputs.fonts import FontSet
from handouts.jobs.overlay import fits
from handouts.jobs.plan import DocSpec, Plan, PlannedItem
from handouts.jobs.pool import (
    Context,
    DocResult,
    OverlayResult,
    Personal,
    Pool,
    prepare_personal,
    render_document,
    render_overlays,
    usable_cores,
)
from handouts.jobs.roster import glyph_problem
from handouts.render.document import PAPER

CHUNK = 250  # students per overlay document: one font subset each, bounded memory per task
# With the default --jobs: the tasks waiting at once that make starting a worker pay. A render takes 20
# to 60 ms and starting a worker (fork, its fonts, its logo) about as much as two; this process keeps
# rendering beside the workers (`Pool` share), so a free core is used from the sixth document on.
START_AFTER = 6
DIAGRAM_COST = 150  # a pathway diagram, in elements (see `render_cost`)
OVERLAY_COST = 0.08  # a student's name drawn on an overlay, in elements: 250 about a checklist's 20
Progress = Callable[[int, int], None]


@dataclass
class ItemOutcome:
    """What rendering produced for one item, or why it failed."""

    planned: PlannedItem
    doc: DocResult | None = None
    personal: Personal | None = None
    overlays: dict[int, OverlayResult] = field(default_factory=dict)  # chunk -> overlay document
    students: dict[int, DocResult] = field(default_factory=dict)  # student index -> full render (print file)
    own: DocResult | None = None  # with individual PDFs: the document tagged
    own_students: dict[int, DocResult] = field(default_factory=dict)  # ...and each student's, tagged
    overlay_positions: dict[int, int] = field(default_factory=dict)  # student index -> place among the overlaid
    problems: list[Problem] = field(default_factory=list)
    note: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        """What inspection found in the item's documents, and the printed figures past their age, each once."""
        docs = [self.doc, self.personal.base if self.personal else None, *self.students.values()]
        found: dict[str, Problem] = {str(w): w for w in self.planned.figure_warnings}
        for doc in docs:
            for warning in doc.warnings if doc else ():
                found.setdefault(str(warning), warning)
        return list(found.values())

    @property
    def overlaid(self) -> bool:
        return self.personal is not None and self.personal.slots is not None

    def printed(self, index: int) -> DocResult | None:
        """Student ``index``'s own full render when the print file shows it; None when their name is overlaid."""
        return None if index in self.overlay_positions else self.students[index]


@dataclass
class RenderStats:
    rendered: int = 0
    cached: int = 0


class _Scheduler:
    def __init__(self, plan: Plan, pool: Pool, fail_fast: bool, individual: bool, progress: Progress | None) -> None:
        self.plan = plan
        self.pool = pool
        self.fail_fast = fail_fast
        self.individual = individual
        self.progress = progress
        self.pending: set[Future] = set()
        self.waiters: dict[Future, list[Callable[[Any], None]]] = {}
        self.failers: dict[Future, list[tuple[ItemOutcome, Problem | None]]] = {}  # and what to say first
        self.shared: dict[tuple, Future] = {}
        self.done = 0
        self.expected = 0  # tasks not submitted yet but known to come (overlay chunks), so the bar never runs back
        self.stats = RenderStats()

    def task(
        self,
        outcome: ItemOutcome,
        then: Callable[[Any], None],
        name: tuple,
        function: Callable,
        *args: Any,
        whose: Problem | None = None,
        cost: float = 0.0,
        gating: bool = False,
    ) -> None:
        """Run ``function(*args)`` once per ``name``; ``then`` gets its result, or ``outcome`` fails.

        ``whose`` (e.g. the roster row a document is for) heads the reasons when it fails.
        ``cost`` and ``gating`` say where it had best run (`Pool.submit`).
        """
        future = self.shared.get(name)
        if future is None:
            future = self.pool.submit(function, *args, cost=cost, gating=gating)
            self.shared[name] = future
            self.pending.add(future)
            self._count_when_done(future)
        if future.done() and future not in self.pending:
            self._deliver(future, (outcome, whose), then)
        else:
            self.waiters.setdefault(future, []).append(then)
            self.failers.setdefault(future, []).append((outcome, whose))

    def _count_when_done(self, future: Future) -> None:
        self.waiters.setdefault(future, []).insert(0, self._count)
        self.failers.setdefault(future, [])

    def _count(self, result: Any) -> None:
        if getattr(result, "cached", False):
            self.stats.cached += 1
        else:
            self.stats.rendered += 1

    def _deliver(self, future: Future, failer: tuple[ItemOutcome, Problem | None], then: Callable[[Any], None]) -> None:
        error = future.exception()
        if error is None:
            then(future.result())
        else:
            self._fail([failer], error)

    def _fail(self, failers: list[tuple[ItemOutcome, Problem | None]], error: BaseException) -> None:
        if isinstance(error, HandoutsError) and error.problems:
            problems = list(error.problems)
        elif isinstance(error, HandoutsError):  # raised with a message only: still a failure of these items
            problems = [Problem("handouts", 0, "", str(error) or type(error).__name__, "see the message above")]
        else:  # a worker died (out of memory, killed): not the item's fault, and not a message from us
            problems = [
                Problem(
                    "handouts",
                    0,
                    "",
                    f"a rendering process stopped: {error}",
                    "run again (finished documents are cached); if it happens again, try --jobs 1",
                )
            ]
        for outcome, whose in failers:
            if not outcome.failed:
                outcome.problems = [whose, *problems] if whose else problems
        if self.fail_fast and failers:
            first = failers[0][0]
            raise RenderError(problems=[_item_problem(self.plan, first.planned), *first.problems])

    def run(self) -> None:
        while self.pending:
            finished = self.pool.wait(self.pending)
            for future in finished:
                self.pending.discard(future)
                self.done += 1
                callbacks = self.waiters.pop(future, [])
                outcomes = self.failers.pop(future, [])
                error = future.exception()
                if error is not None:
                    self._fail(outcomes, error)
                    continue
                for callback in callbacks:
                    callback(future.result())
            if self.progress:
                self.progress(self.done, self.done + len(self.pending) + max(0, self.expected))
        if self.progress and self.expected:  # a roster item failed before its overlays were known
            self.progress(self.done, self.done)


def render_items(
    plan: Plan,
    context: Context,
    jobs: int | None,
    *,
    fail_fast: bool = False,
    individual: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    start_method: str | None = None,
) -> tuple[list[ItemOutcome], RenderStats]:
    """Render everything the plan needs; outcomes in manifest order.

    With ``fail_fast`` any failed item raises RenderError, whenever it is found: before rendering
    (planning refused it), while rendering, or after (paper, ``strict`` inspection).
    ``start_method`` is how worker processes start (see `Pool`). ``jobs`` None: the workers
    are started only when `START_AFTER` tasks wait at once (see `Pool`), one per free core.
    """
    outcomes = [ItemOutcome(p, problems=list(p.refused)) for p in plan.items]
    if fail_fast:
        _stop_at_failure(plan, outcomes)
    if jobs is None:  # as many workers as free cores, started only once there is work enough for them
        cores = min(usable_cores(), _task_estimate(plan))
        pool = Pool(cores, context, start_method, start_after=START_AFTER, share=True)
    else:
        pool = Pool(min(jobs, _task_estimate(plan)), context, start_method)
    scheduler = _Scheduler(plan, pool, fail_fast, individual, progress)
    try:
        # Roster items first: their shared page gates their overlays, the longest chain of work.
        for outcome in sorted(outcomes, key=lambda o: not o.planned.personal):
            if not outcome.failed:
                _start(scheduler, outcome)
        scheduler.run()
    except BaseException:
        pool.close(cancel=True)
        raise
    pool.close()
    size = PAPER[plan.paper]
    for outcome in outcomes:
        if not outcome.failed:
            _check_paper(plan, outcome, size)
        if strict and not outcome.failed and outcome.warnings:
            planned = outcome.planned
            refused = Problem(
                plan.loaded.shown,
                planned.line,
                planned.where,
                "inspection found the problems above and --strict is on",
                "fix them, or print without --strict",
            )
            outcome.problems = [*outcome.warnings, refused]
    _fail_whole_items(outcomes)
    if fail_fast:
        _stop_at_failure(plan, outcomes)
    return outcomes, scheduler.stats


def by_item(outcomes: list[ItemOutcome]) -> list[list[ItemOutcome]]:
    """The outcomes grouped per manifest item: one per language of an item in several (see `editions`)."""
    groups: list[list[ItemOutcome]] = []
    for outcome in outcomes:
        if groups and groups[-1][0].planned.number == outcome.planned.number:
            groups[-1].append(outcome)
        else:
            groups.append([outcome])
    return groups


def _fail_whole_items(outcomes: list[ItemOutcome]) -> None:
    """An item in two languages prints both or neither: a failed part fails its other parts, for the same reason."""
    for group in by_item(outcomes):
        problems = next((o.problems for o in group if o.failed), [])
        for outcome in group if problems else ():
            if not outcome.failed:
                outcome.problems = problems


def _stop_at_failure(plan: Plan, outcomes: list[ItemOutcome]) -> None:
    """With --fail-fast: the first failed item (and why) as a RenderError, so nothing is written."""
    for outcome in outcomes:
        if outcome.failed:
            raise RenderError(problems=[_item_problem(plan, outcome.planned), *outcome.problems])


def _task_estimate(plan: Plan) -> int:
    """About how many tasks the plan makes: no point starting more workers than that.

    A roster item whose names cannot be overlaid needs one render per student.
    Planning knows that for some layouts (`PlannedItem.in_full`); for others
    only the rendered shared page tells, after the workers are started. So
    every roster counts its students: a worker that finds nothing to do costs
    a fork, one missing leaves a core idle for the whole roster.
    """
    docs = {p.doc for p in plan.items if not p.personal and not p.refused}
    personal = [p for p in plan.items if p.personal and not p.refused]
    return max(1, len(docs) + sum(1 + _chunks(p) + len(p.students) for p in personal))


def _start(s: _Scheduler, outcome: ItemOutcome) -> None:
    planned = outcome.planned
    cost = _doc_cost(s.plan, planned)
    if not planned.personal:
        doc = ("doc", planned.doc)
        s.task(outcome, lambda r: setattr(outcome, "doc", r), doc, render_document, planned.doc, cost=cost)
        if s.individual:
            own = ("doc", planned.doc, "tagged")
            s.task(outcome, lambda r: setattr(outcome, "own", r), own, render_document, planned.doc, True, cost=cost)
        return
    if s.individual:  # every student's own PDF, tagged (the print file is made from untagged renders)
        _full_renders(s, outcome, tagged=True)
    if planned.in_full:  # planning found the layout changes the values: nothing to overlay
        outcome.personal = Personal(None, None, planned.in_full, False)
        outcome.note = f"each document rendered in full: {planned.in_full}"
        _full_renders(s, outcome)
        return
    fields = tuple(planned.fields)
    s.expected += _chunks(planned)
    s.task(
        outcome,
        lambda r: _personal_ready(s, outcome, r),
        ("personal", planned.doc, fields),
        prepare_personal,
        planned.doc,
        fields,
        cost=3 * cost,  # two probe renders, and reading them back
        gating=True,  # the names' overlays and full renders are known only once it is done
    )


def render_cost(markup: HandoutMarkup | None) -> float:
    """A guess at how long a document takes to render, for ordering tasks only (see `jobs.waiting`).

    Its markup's elements, each about as dear as the next, and a pathway
    diagram as dear as DIAGRAM_COST elements: it is laid out at several
    sizes, and a pathway handout often takes two or three fitting attempts.
    (Measured: a 32-element checklist 12-15 ms, a 128-element comparison
    21-27 ms, a pathway handout of 76 elements 20 ms an attempt, 1-3 attempts.)
    """
    if markup is None:
        return 0.0
    return float(sum(DIAGRAM_COST if element.tag == "pathway" else 1 for element in markup.tree.walk()))


def _doc_cost(plan: Plan, planned: PlannedItem) -> float:
    """`render_cost` of an item's document (a roster item's: of its probe document, as planning checked it)."""
    return render_cost(plan.markups.get(planned.probe_doc(plan.fonts) if planned.personal else planned.doc))


def _chunks(planned: PlannedItem) -> int:
    return -(-len(planned.students) // CHUNK)


def _personal_ready(s: _Scheduler, outcome: ItemOutcome, personal: Personal) -> None:
    outcome.personal = personal
    planned = outcome.planned
    s.expected -= _chunks(planned)
    if personal.slots is None:
        outcome.note = f"each document rendered in full: {personal.reason}"
        _full_renders(s, outcome)
        return
    problems = _check_glyphs(planned, personal, s.plan.fonts)
    if problems:
        s._fail([(outcome, None)], RenderError(problems=problems))
        return
    slots = personal.slots
    overlaid = [i for i, st in enumerate(planned.students) if all(fits(st.value(t.option), t) for t in slots)]
    outcome.overlay_positions = {index: position for position, index in enumerate(overlaid)}
    _full_renders(s, outcome, [i for i in range(len(planned.students)) if i not in outcome.overlay_positions])
    people = [planned.students[i].values for i in overlaid]
    assert personal.base is not None
    page_size = personal.base.page_size
    for chunk, start in enumerate(range(0, len(people), CHUNK)):
        group = tuple(people[start : start + CHUNK])

        def store(result: OverlayResult, chunk: int = chunk) -> None:
            outcome.overlays[chunk] = result

        cost = len(group) * OVERLAY_COST
        s.task(outcome, store, ("overlay", slots, group), render_overlays, slots, page_size, group, cost=cost)


def _full_renders(s: _Scheduler, outcome: ItemOutcome, indices: list[int] | None = None, tagged: bool = False) -> None:
    """Students' documents rendered in full: for the print file, or (``tagged``) as their own PDFs."""
    students = outcome.planned.students
    into = outcome.own_students if tagged else outcome.students
    cost = _doc_cost(s.plan, outcome.planned)
    for index in range(len(students)) if indices is None else indices:
        student = students[index]
        spec: DocSpec = outcome.planned.student_doc(student)

        def store(result: DocResult, index: int = index) -> None:
            into[index] = result

        name = ("doc", spec, "tagged") if tagged else ("doc", spec)
        whose = _student_problem(outcome.planned, index)
        s.task(outcome, store, name, render_document, spec, tagged, whose=whose, cost=cost)


def _student_problem(planned: PlannedItem, index: int) -> Problem:
    """What heads the reasons when one student's document cannot be rendered: their roster row."""
    assert planned.roster is not None
    student = planned.students[index]
    label = student.label if len(student.label) <= 40 else student.label[:39] + "\u2026"
    return Problem(
        planned.roster.shown,
        student.row,
        f"row {student.row}",
        f"the document for '{label}' cannot be rendered",
        "the reason follows; with a long value, shorten it (e.g. leave out a middle name)",
    )


def _check_glyphs(planned: PlannedItem, personal: Personal, fonts: FontSet) -> list[Problem]:
    """Every student's text must be drawable in its slot's font; report all rows that are not."""
    assert personal.slots is not None and planned.roster is not None
    faces = {fonts.regular: "regular", fonts.bold: "bold", fonts.italic: "italic", fonts.bold_italic: "bold italic"}
    problems = []
    for student in planned.students:
        for slot in personal.slots:
            value = student.value(slot.option)
            glyphs = glyph_problem(value, slot.font, faces.get(slot.font, slot.font))
            if glyphs is not None:
                column = planned.fields[slot.option]
                what, fix = glyphs
                problems.append(
                    Problem(planned.roster.shown, student.row, f"row {student.row}, column '{column}'", what, fix)
                )
                break
    return problems


def _check_paper(plan: Plan, outcome: ItemOutcome, size: tuple[float, float]) -> None:
    """Planning refuses a layout that names another paper; this catches one whose paper depends on a value."""
    docs = [outcome.doc] if outcome.doc else []
    if outcome.personal and outcome.personal.base:
        docs.append(outcome.personal.base)
    docs += outcome.students.values()
    for doc in docs:
        if abs(doc.page_size[0] - size[0]) > 0.5 or abs(doc.page_size[1] - size[1]) > 0.5:
            outcome.problems = [
                Problem(
                    plan.loaded.shown,
                    outcome.planned.line,
                    outcome.planned.where,
                    f"layout '{outcome.planned.doc.layout}' prints on another paper size than the job's {plan.paper}",
                    "remove paper= from the layout, or set the job's paper to match",
                )
            ]
            return


def _item_problem(plan: Plan, planned: PlannedItem) -> Problem:
    return Problem(
        plan.loaded.shown,
        planned.line,
        planned.where,
        f"item {planned.number} ('{planned.title}') failed",
        "the reason follows",
    )
