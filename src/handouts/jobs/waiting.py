"""The tasks a print job's pool holds back, taken oldest first, or by their guessed cost.

When this process renders beside a worker (`pool.Pool` with ``share``),
which task goes where decides how long the job takes. The worker is handed
the dearest waiting task as soon as it is free (from the worker pool's own
thread, `workers.WorkerPool` ``on_finish``), so the long renders (a pathway
handout set two or three times to fit) start early and in parallel instead
of last; this process takes the cheapest, so it is soon back to take the
results and submit what they make possible. (Before, this process took
tasks in submission order and handed the worker its next only between its
own: measured, the worker sat idle 60 to 75 ms of a 240 ms render phase
while this process set a pathway handout.)

A task others wait for (a roster's shared page, which gates its names)
goes first either way. Costs are guesses (`jobs.render.render_cost`); ties,
and every task when there is no worker, keep submission order. Tasks are
kept in one queue per cost, so taking one costs little even when ten
thousand students' renders wait.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import count
from typing import Any


@dataclass(frozen=True)
class WaitingTask:
    """A task not yet run: its future, what to call, and how it ranks."""

    future: Future
    function: Callable[..., Any]
    args: tuple
    cost: float = 0.0
    gating: bool = False  # other tasks are submitted only once it is done: run it first


class WaitingTasks:
    """Waiting tasks, taken by `oldest`, `cheapest` or `dearest`."""

    def __init__(self) -> None:
        self._by_rank: dict[tuple[bool, float], deque[tuple[int, WaitingTask]]] = {}
        self._ranks: list[tuple[bool, float]] = []  # sorted: cheapest first, gating tasks last
        self._order = count()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, task: WaitingTask) -> None:
        rank = (task.gating, task.cost)
        queue = self._by_rank.get(rank)
        if queue is None:
            queue = self._by_rank[rank] = deque()
            bisect.insort(self._ranks, rank)
        queue.append((next(self._order), task))
        self._size += 1

    def oldest(self) -> WaitingTask:
        """The task submitted first."""
        rank = min(self._ranks, key=lambda r: self._by_rank[r][0][0])
        return self._take(rank)

    def dearest(self) -> WaitingTask:
        """A gating task if one waits, else the costliest; the older of equals."""
        return self._take(self._ranks[-1])

    def cheapest(self) -> WaitingTask:
        """A gating task if one waits, else the cheapest; the older of equals."""
        first_gating = bisect.bisect_left(self._ranks, (True, float("-inf")))
        return self._take(self._ranks[first_gating if first_gating < len(self._ranks) else 0])

    def clear(self) -> None:
        self._by_rank.clear()
        self._ranks.clear()
        self._size = 0

    def _take(self, rank: tuple[bool, float]) -> WaitingTask:
        queue = self._by_rank[rank]
        _, task = queue.popleft()
        if not queue:
            del self._by_rank[rank]
            self._ranks.remove(rank)
        self._size -= 1
        return task
