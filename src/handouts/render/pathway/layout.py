"""Place an advancement path's boxes and route its arrows: a pure function, no ReportLab.

A layered drawing in the manner of Sugiyama et al.: every step sits in a row
one below its lowest predecessor (`pathgraph.layers`), so every move points
down the page. A move that skips rows passes through a narrow reserved lane
in each row it crosses, so it never runs through a box. Rows are ordered to
reduce crossings (barycentre sweeps) and boxes are placed as close to the
boxes they connect to as their order allows (isotonic regression).

Arrows are orthogonal. In the band between two rows each source with a move
that changes column gets its own horizontal track, shared by all its moves
(a bus, read as one origin); tracks sit above a label zone, and each arrow
ends with a straight vertical run into a port on its target's top edge.
A target with k incoming moves has k port slots, and a move's label sits in
its slot, over its own line, so labels can neither collide with each other
nor with boxes, and no other line crosses them.

Coordinates: origin at the top left, y grows downward, in points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from handouts.inputs import pathgraph
from handouts.render.pathway.place import Key, order_rows, place_rows


class PathDoesNotFit(ValueError):
    """The path cannot be drawn within the width or height given."""


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect) -> bool:
        """True when the interiors intersect (touching edges do not count)."""
        eps = 1e-6
        return (
            self.x < other.right - eps
            and other.x < self.right - eps
            and self.y < other.bottom - eps
            and other.y < self.bottom - eps
        )


@dataclass(frozen=True, slots=True)
class Arrow:
    """One move drawn: a polyline from the start box's bottom to the tip on the end box's top."""

    move: int
    start: str
    end: str
    points: tuple[tuple[float, float], ...]
    label: Rect | None


@dataclass(frozen=True, slots=True)
class PathLayout:
    boxes: dict[str, Rect]
    arrows: tuple[Arrow, ...]
    width: float
    height: float
    rows: int


class Measure(Protocol):
    """How much room text needs; supplied by the renderer, which knows the fonts."""

    def title_height(self, step: str, width: float) -> float:
        """Height of a box this wide that holds the step's title, padding included."""

    def label_size(self, move: int, max_width: float) -> tuple[float, float]:
        """Width and height of the move's label wrapped to at most ``max_width``."""

    def label_min_width(self, move: int) -> float:
        """The narrowest the move's label can be without breaking a word."""


@dataclass(frozen=True, slots=True)
class Spacing:
    hgap: float = 12.0  # between neighbours in a row
    lane: float = 6.0  # width reserved in a row for a move passing through it
    track: float = 5.0  # between horizontal tracks in a band
    pad: float = 4.0  # between a row, the tracks and the labels
    stub: float = 8.0  # straight run between a label and the arrow tip
    min_box_width: float = 48.0
    max_box_width: float = 132.0


def layout_path(
    steps: Sequence[str],
    moves: Sequence[tuple[str, str]],
    width: float,
    max_height: float,
    measure: Measure,
    spacing: Spacing = Spacing(),
    per_row: int | None = None,
) -> PathLayout:
    """Box positions and arrow polylines for ``steps`` linked by ``moves`` (from, to).

    ``per_row`` caps the boxes side by side: a fuller row wraps onto rows
    of its own below it (see `wrap_rows`). Raises ValueError for unknown
    ids, repeated moves or a loop, and PathDoesNotFit when the drawing
    needs more room than given.
    """
    found = pathgraph.faults(steps, moves)
    if found:
        raise ValueError("the path cannot be drawn: " + "; ".join(_FAULTS[fault.kind] for fault in found))
    layer = pathgraph.layers(steps, moves)
    if per_row is not None:
        layer = wrap_rows(steps, layer, per_row)
    rows, links = _expand(steps, moves, layer)
    order_rows(rows, links)
    box_w = _box_width(rows, width, spacing)
    box_h = max(measure.title_height(step, box_w) for step in steps)
    size = {key: (box_w if isinstance(key, str) else spacing.lane) for row in rows for key in row}
    left = place_rows(rows, links, size, width, spacing.hgap)
    return _route(rows, links, left, size, box_w, box_h, width, max_height, measure, spacing)


_FAULTS = {
    "repeated step": "step ids repeat",
    "repeated move": "a move is given twice",
    "unknown step": "a move names an unknown step",
    "loop": "the path loops",
}


def widest_row(steps: Sequence[str], moves: Sequence[tuple[str, str]]) -> int:
    """The most steps any row of the unwrapped path holds side by side."""
    counts: dict[int, int] = {}
    for row in pathgraph.layers(steps, moves).values():
        counts[row] = counts.get(row, 0) + 1
    return max(counts.values(), default=0)


def wrap_rows(steps: Sequence[str], layer: dict[str, int], per_row: int) -> dict[str, int]:
    """Layers with no more than ``per_row`` steps in a row: the rest of a full row moves to a new row below it.

    Like a line of text wrapping: the first ``per_row`` steps (in the order
    the layout lists them) keep their row, the others go one row down and
    everything below moves down with them, so every move still points down
    the page; a move into a wrapped step passes the row above it through a
    lane, as any long move does. Steps in one row never join each other, so
    no move is turned sideways.
    """
    if per_row < 1:
        raise ValueError("a row must hold at least one step")
    layer = dict(layer)
    row = 0
    while row <= max(layer.values(), default=0):
        members = [step for step in steps if layer[step] == row]
        if len(members) > per_row:
            overflow = set(members[per_row:])
            for step in steps:
                if layer[step] > row or step in overflow:
                    layer[step] += 1
        row += 1
    return layer


def _expand(
    steps: Sequence[str], moves: Sequence[tuple[str, str]], layer: dict[str, int]
) -> tuple[list[list[Key]], list[tuple[Key, Key, int]]]:
    """Rows of keys (steps plus lanes for long moves) and the links between adjacent rows."""
    rows: list[list[Key]] = [[] for _ in range(max(layer.values()) + 1)]
    for step in steps:
        rows[layer[step]].append(step)
    links: list[tuple[Key, Key, int]] = []
    for index, (start, end) in enumerate(moves):
        previous: Key = start
        for row in range(layer[start] + 1, layer[end]):
            lane = (index, row)
            rows[row].append(lane)
            links.append((previous, lane, index))
            previous = lane
        links.append((previous, end, index))
    return rows, links


def _box_width(rows: list[list[Key]], width: float, spacing: Spacing) -> float:
    """One box width for every step: the widest that lets the fullest row fit."""
    widest = spacing.max_box_width
    for row in rows:
        boxes = sum(isinstance(k, str) for k in row)
        lanes = len(row) - boxes
        if boxes:
            room = width - lanes * spacing.lane - (len(row) - 1) * spacing.hgap
            widest = min(widest, room / boxes)
    if widest < spacing.min_box_width:
        raise PathDoesNotFit(
            f"a row of the path needs boxes {widest:.0f} pt wide, narrower than {spacing.min_box_width:.0f} pt"
        )
    return widest


def _route(
    rows: list[list[Key]],
    links: list[tuple[Key, Key, int]],
    left: dict[Key, float],
    size: dict[Key, float],
    box_w: float,
    box_h: float,
    width: float,
    max_height: float,
    measure: Measure,
    spacing: Spacing,
) -> PathLayout:
    """Rows top to bottom; in each band: ports, tracks, labels; then each move's polyline."""
    centre = {k: left[k] + size[k] / 2 for k in left}
    row_of = {k: r for r, row in enumerate(rows) for k in row}
    top: dict[int, float] = {0: 0.0}
    port: dict[tuple[Key, Key, int], float] = {}
    track: dict[tuple[Key, int], float] = {}  # (source key, row) -> y of its track below that row
    labels: dict[int, Rect] = {}
    for r in range(len(rows) - 1):
        bottom = top[r] + box_h
        band = [link for link in links if row_of[link[0]] == r]
        slots = _ports(band, rows[r + 1], left, centre, box_w, port, measure)
        sources = _track_order(band, port, centre)
        for index, source in enumerate(sources):
            track[(source, r)] = bottom + spacing.pad + index * spacing.track
        label_top = bottom + spacing.pad
        if sources:
            label_top += (len(sources) - 1) * spacing.track + spacing.pad
        _separate(band, port, slots, centre, track, r)
        zone = 0.0
        for start, end, move in band:
            if isinstance(end, str):
                lo, hi = slots[(start, end, move)]
                w, h = measure.label_size(move, hi - lo - 2)
                w = min(w, hi - lo - 2)
                x = min(max(port[(start, end, move)] - w / 2, lo + 1), hi - 1 - w)
                labels[move] = Rect(x, label_top, w, h)
                zone = max(zone, h)
        top[r + 1] = label_top + zone + spacing.stub
    height = top[len(rows) - 1] + box_h
    check_height(height, max_height)
    boxes = {k: Rect(left[k], top[row_of[k]], box_w, box_h) for k in left if isinstance(k, str)}
    arrows = []
    for move in sorted({m for _, _, m in links}):
        chain = [link for link in links if link[2] == move]
        start, end = chain[0][0], chain[-1][1]
        points = [(centre[start], top[row_of[start]] + box_h)]
        for link in chain:
            source, target, _ = link
            y = track.get((source, row_of[source]))
            if y is not None:
                points += [(centre[source], y), (port[link], y)]
            points.append((port[link], top[row_of[target]]))
            if not isinstance(target, str):
                points.append((port[link], top[row_of[target]] + box_h))
        arrows.append(Arrow(move, str(start), str(end), _simplify(points), labels.get(move)))
    return PathLayout(boxes, tuple(arrows), width, height, len(rows))


def check_height(height: float, max_height: float) -> None:
    """PathDoesNotFit when a drawing ``height`` tall does not fit in ``max_height``."""
    if height > max_height + 1e-6:
        raise PathDoesNotFit(f"the path needs {height:.0f} pt of height; {max_height:.0f} pt are available")


def _ports(
    band: list[tuple[Key, Key, int]],
    targets: list[Key],
    left: dict[Key, float],
    centre: dict[Key, float],
    box_w: float,
    port: dict[tuple[Key, Key, int], float],
    measure: Measure,
) -> dict[tuple[Key, Key, int], tuple[float, float]]:
    """Each link's entry x on its target, and the slot (x range) its port and label own.

    A box's top edge is split into one slot per incoming move, in the order
    of their sources, so the arrows into one box never cross each other.
    The slots are equal when every label fits its share; else each is as
    wide as its label on one line, or its longest word, and the
    rest of the edge is shared equally. Every arrow enters at its slot's
    middle (one move at the middle of the edge, two at a quarter and three
    quarters, ...), with its label centred over it: the same anchor points
    on every box, wherever the source happens to sit.
    """
    slots: dict[tuple[Key, Key, int], tuple[float, float]] = {}
    for target in targets:
        incoming = sorted((link for link in band if link[1] == target), key=lambda link: (centre[link[0]], link[2]))
        if not isinstance(target, str):
            for link in incoming:  # a lane has exactly one incoming link
                if abs(centre[target] - centre[link[0]]) < 0.05:
                    centre[target] = centre[link[0]]  # rounding noise must not turn a straight run into a slant
                port[link] = centre[target]
                slots[link] = (left[target], left[target] + box_w)
            continue
        share = box_w / max(len(incoming), 1)
        need = [measure.label_size(link[2], box_w)[0] + 2 for link in incoming]  # each label on one line
        if any(n > share for n in need):
            wrapped = [measure.label_min_width(link[2]) + 2 for link in incoming]  # no word broken
            if all(n <= share for n in wrapped) or sum(need) > box_w:
                need = wrapped
        if all(n <= share for n in need):
            need = [share] * len(incoming)  # equal slots: the same anchor points on every box
        if sum(need) > box_w:
            raise PathDoesNotFit(
                f"the labels of the {len(incoming)} moves into '{target}' need {sum(need):.0f} pt side by side; "
                f"the boxes are {box_w:.0f} pt wide"
            )
        spare = (box_w - sum(need)) / max(len(incoming), 1)
        lo = left[target]
        for link, width in zip(incoming, need, strict=True):
            hi = lo + width + spare
            slots[link] = (lo, hi)
            middle = (lo + hi) / 2
            # A source within rounding of the middle drops straight in rather than jogging by a hair.
            port[link] = centre[link[0]] if abs(centre[link[0]] - middle) < 0.05 else middle
            lo = hi
    return slots


def _track_order(
    band: list[tuple[Key, Key, int]], port: dict[tuple[Key, Key, int], float], centre: dict[Key, float]
) -> list[Key]:
    """Sources that need a track, top track first.

    Left to right by default; but when one source's drop lines up with a
    port another source's line descends to, the dropping source must get the
    higher track, or the two lines would share a stretch. Those constraints
    are honoured in topological order; a loop of them (rare) falls back to
    left to right, and `_separate` nudges what is left.
    """
    sources = sorted({s for s, e, m in band if abs(port[(s, e, m)] - centre[s]) > 0.01}, key=lambda k: centre[k])
    above: dict[Key, set[Key]] = {s: set() for s in sources}  # sources that must be higher than s
    for a in sources:
        for b in sources:
            if a != b and any(
                link[0] == b and abs(port[link] - centre[a]) < 2.5 for link in band if isinstance(link[1], tuple)
            ):
                above[b].add(a)
    order: list[Key] = []
    remaining = list(sources)
    while remaining:
        ready = [s for s in remaining if not (above[s] & set(remaining))] or remaining[:1]
        order.append(ready[0])
        remaining.remove(ready[0])
    return order


def _separate(
    band: list[tuple[Key, Key, int]],
    port: dict[tuple[Key, Key, int], float],
    slots: dict[tuple[Key, Key, int], tuple[float, float]],
    centre: dict[Key, float],
    track: dict[tuple[Key, int], float],
    row: int,
) -> None:
    """Move a port sideways within its slot when its line would run along another source's line.

    The vertical runs in a band are each source's drop (from the row to its
    track, or the whole band for a move straight down) and each port's
    descent (from its source's track to the target). Two runs from different
    sources on one x over a shared stretch would read as one line, so the
    later port steps aside. Straight moves never move: they would need a track.
    """
    inf = float("inf")

    def runs(link: tuple[Key, Key, int]) -> list[tuple[float, float, float]]:
        y = track.get((link[0], row))
        if y is None:
            return [(centre[link[0]], -inf, inf)]
        return [(centre[link[0]], -inf, y), (port[link], y, inf)]

    for link in band:
        y = track.get((link[0], row))
        if y is None or not isinstance(link[1], str):
            continue
        lo, hi = slots[link]
        others = [run for other in band if other[0] != link[0] for run in runs(other)]
        start = port[link]
        candidates = [start + sign * 3.0 * n for n in range(1 + int(hi - lo) // 3) for sign in (1, -1)]
        for x in candidates:
            if lo + 2 <= x <= hi - 2 and not any(abs(rx - x) < 2.5 and max(a, y) < b for rx, a, b in others):
                port[link] = x
                break


def _simplify(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Drop repeated points and the middle of three in a straight line."""
    out: list[tuple[float, float]] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 1e-6 and abs(out[-1][1] - p[1]) < 1e-6:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if abs((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) < 1e-6:
                out[-1] = p
                continue
        out.append(p)
    return tuple(out)
