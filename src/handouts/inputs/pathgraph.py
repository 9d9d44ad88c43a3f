"""Graph facts about an advancement path: its faults (repeats, dangling moves, loops), reachability, layers.

Pure functions over step ids and (from, to) pairs. `faults` is the one list
of what makes a path impossible to draw; data validation (`sheetcheck`,
which words each fault as a file:line problem), the ``<pathway>`` builder
(for paths a layout writes by hand) and the diagram layout (`pathlayout`)
all take it from there. Everything iterates in the order the steps are
given, so results are deterministic and name the first offender a reader
would meet in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Edge = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Fault:
    """One thing that makes a path impossible to draw.

    kind: "repeated step" (``index`` of the step whose id was used before), "repeated move" (``index`` of a
    move listed before), "unknown step" (``index`` of a move to or from an id not listed), or "loop"
    (``index`` of the move that closes ``cycle``, the loop as ids ``a, b, ..., a``).
    """

    kind: str
    index: int
    cycle: tuple[str, ...] = ()


def faults(ids: Sequence[str], edges: Sequence[Edge]) -> list[Fault]:
    """Every fault of the path, in the order above; a repeated move is not reported again as unknown."""
    found: list[Fault] = []
    seen: set[str] = set()
    for index, step in enumerate(ids):
        if step in seen:
            found.append(Fault("repeated step", index))
        seen.add(step)
    first: dict[Edge, int] = {}
    for index, edge in enumerate(edges):
        if edge in first:
            found.append(Fault("repeated move", index))
        first.setdefault(edge, index)
    found += [Fault("unknown step", i) for i in dangling(ids, edges) if first[edges[i]] == i]
    cycle = find_cycle(ids, edges)
    if cycle:
        found.append(Fault("loop", first[(cycle[-2], cycle[-1])], tuple(cycle)))
    return found


def dangling(ids: Sequence[str], edges: Sequence[Edge]) -> list[int]:
    """Indexes of edges whose start or end is not a known id."""
    known = set(ids)
    return [i for i, (start, end) in enumerate(edges) if start not in known or end not in known]


def find_cycle(ids: Sequence[str], edges: Sequence[Edge]) -> list[str]:
    """One loop as ids ``[a, b, ..., a]``, or ``[]`` when the path only moves forward.

    Depth-first search in step order; the loop returned is the first one met.
    Edges to unknown ids are ignored (they are reported as dangling instead).
    """
    following = _successors(ids, edges)
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in ids:
        if root in state:
            continue
        path: list[str] = [root]
        stack = [iter(following[root])]
        state[root] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(step) == 1:
                return [*path[path.index(step) :], step]
            if step not in state:
                state[step] = 1
                path.append(step)
                stack.append(iter(following[step]))
    return []


def reachable(ids: Sequence[str], edges: Sequence[Edge], start: str) -> set[str]:
    """Every id that can be reached from ``start`` (including it)."""
    following = _successors(ids, edges)
    seen = {start}
    todo = [start]
    while todo:
        for step in following.get(todo.pop(), ()):
            if step not in seen:
                seen.add(step)
                todo.append(step)
    return seen


def layers(ids: Sequence[str], edges: Sequence[Edge]) -> dict[str, int]:
    """Layer of each id: 0 for steps nothing leads to, else one below its lowest predecessor.

    This is longest-path layering, so every move points strictly downwards.
    Raises ValueError when the graph has a loop (there is then no such layering).
    """
    cycle = find_cycle(ids, edges)
    if cycle:
        raise ValueError("the path loops: " + " -> ".join(cycle))
    preceding: dict[str, list[str]] = {i: [] for i in ids}
    for start, end in edges:
        if start in preceding and end in preceding:
            preceding[end].append(start)
    layer: dict[str, int] = {}

    def depth(node: str) -> int:
        # Iterative so a long chain of steps cannot exhaust Python's recursion limit.
        stack = [node]
        while stack:
            top = stack[-1]
            pending = [p for p in preceding[top] if p not in layer]
            if pending:
                stack.extend(pending)
                continue
            layer[top] = max((layer[p] + 1 for p in preceding[top]), default=0)
            stack.pop()
        return layer[node]

    for node in ids:
        depth(node)
    return {i: layer[i] for i in ids}


def _successors(ids: Sequence[str], edges: Sequence[Edge]) -> dict[str, list[str]]:
    following: dict[str, list[str]] = {i: [] for i in ids}
    for start, end in edges:
        if start in following and end in following and end not in following[start]:
            following[start].append(end)
    return following
