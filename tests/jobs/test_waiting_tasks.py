"""Which waiting task a print job runs next: the worker the dearest, this process the cheapest, gating ones first."""

from __future__ import annotations

from concurrent.futures import Future

from hypothesis import given
from hypothesis import strategies as st

from handouts.jobs.waiting import WaitingTask, WaitingTasks


def _task(name: str, cost: float = 0.0, gating: bool = False) -> WaitingTask:
    return WaitingTask(Future(), print, (name,), cost, gating)


def _names(tasks: list[WaitingTask]) -> list[str]:
    return [task.args[0] for task in tasks]


def _filled(*tasks: WaitingTask) -> WaitingTasks:
    waiting = WaitingTasks()
    for task in tasks:
        waiting.add(task)
    return waiting


def test_the_dearest_goes_to_the_worker_and_the_cheapest_stays_here():
    waiting = _filled(_task("checklist", 32), _task("pathway", 226), _task("comparison", 128), _task("overlay", 20))
    assert _names([waiting.dearest(), waiting.cheapest(), waiting.dearest(), waiting.cheapest()]) == [
        "pathway",
        "overlay",
        "comparison",
        "checklist",
    ]
    assert len(waiting) == 0


def test_a_task_others_wait_for_goes_first_whoever_takes_it():
    for take in (WaitingTasks.dearest, WaitingTasks.cheapest):
        waiting = _filled(_task("pathway", 226), _task("shared page", 96, gating=True), _task("checklist", 32))
        assert _names([take(waiting)]) == ["shared page"]


def test_equal_costs_and_no_worker_keep_the_order_tasks_came_in():
    tasks = [_task("a", 5), _task("b", 1), _task("c", 5), _task("d", 1), _task("e", 9, gating=True)]
    assert _names([_filled(*tasks).oldest() for _ in range(1)]) == ["a"]
    waiting = _filled(*tasks)
    assert _names([waiting.oldest() for _ in tasks]) == ["a", "b", "c", "d", "e"]
    waiting = _filled(*tasks)
    assert _names([waiting.dearest() for _ in tasks]) == ["e", "a", "c", "b", "d"]
    waiting = _filled(*tasks)
    assert _names([waiting.cheapest() for _ in tasks]) == ["e", "b", "d", "a", "c"]


@given(
    st.lists(st.tuples(st.sampled_from([0.0, 1.0, 2.5, 40.0]), st.booleans()), max_size=30),
    st.lists(st.sampled_from(["oldest", "dearest", "cheapest"]), max_size=40),
)
def test_every_task_is_taken_once_each_by_its_rule(specs, takes):
    """Against a plain list: the same task comes out, however adds and takes interleave."""
    waiting, plain = WaitingTasks(), []
    for index, (cost, gating) in enumerate(specs):
        task = _task(str(index), cost, gating)
        waiting.add(task)
        plain.append((index, task))
        if index < len(takes) and plain:
            rule = takes[index]
            if rule == "oldest":
                expected = min(plain, key=lambda p: p[0])
            elif rule == "dearest":
                expected = min(plain, key=lambda p: (not p[1].gating, -p[1].cost, p[0]))
            else:
                expected = min(plain, key=lambda p: (not p[1].gating, p[1].cost, p[0]))
            assert getattr(waiting, rule)() is expected[1]
            plain.remove(expected)
    assert len(waiting) == len(plain)
    assert [waiting.oldest() for _ in range(len(plain))] == [task for _, task in plain]


def test_of_two_gating_tasks_each_rule_takes_its_own_first():
    waiting = _filled(_task("small roster", 30, gating=True), _task("big roster", 90, gating=True), _task("doc", 200))
    assert _names([waiting.cheapest(), waiting.cheapest(), waiting.cheapest()]) == ["small roster", "big roster", "doc"]
    waiting = _filled(_task("small roster", 30, gating=True), _task("big roster", 90, gating=True), _task("doc", 200))
    assert _names([waiting.dearest(), waiting.dearest(), waiting.dearest()]) == ["big roster", "small roster", "doc"]
