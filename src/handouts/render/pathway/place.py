"""Where each box goes within its row: crossing reduction, then packing. Pure, no ReportLab.

Part of the path diagram's layout (`pathlayout` calls these): rows arrive
with the steps and the lanes long moves pass through, and leave in an order
with fewer crossings and with every item's left edge set.
"""

from __future__ import annotations

Key = str | tuple[int, int]  # a step id, or (move index, row) for a lane a long move passes through
Link = tuple[Key, Key, int]  # (upper item, lower item, move index) between adjacent rows


def order_rows(rows: list[list[Key]], links: list[Link]) -> None:
    """Reorder each row to reduce crossings: barycentre sweeps, keeping the best order seen."""
    above: dict[Key, list[Key]] = {k: [] for row in rows for k in row}
    below: dict[Key, list[Key]] = {k: [] for row in rows for k in row}
    for start, end, _ in links:
        below[start].append(end)
        above[end].append(start)
    best = [list(row) for row in rows]
    best_count = _crossings(rows, links)
    for _ in range(4):
        for neighbours, sweep in ((above, range(1, len(rows))), (below, range(len(rows) - 2, -1, -1))):
            for r in sweep:
                other = {k: i for i, k in enumerate(rows[r - 1 if neighbours is above else r + 1])}
                current = {k: i for i, k in enumerate(rows[r])}

                def centre(
                    key: Key,
                    neighbours: dict[Key, list[Key]] = neighbours,
                    other: dict[Key, int] = other,
                    current: dict[Key, int] = current,
                ) -> tuple[float, int]:
                    near = [other[n] for n in neighbours[key]]
                    return (sum(near) / len(near) if near else float(current[key]), current[key])

                rows[r].sort(key=centre)
            count = _crossings(rows, links)
            if count < best_count:
                best, best_count = [list(row) for row in rows], count
    rows[:] = best


def _crossings(rows: list[list[Key]], links: list[Link]) -> int:
    position = {k: i for row in rows for i, k in enumerate(row)}
    by_row: dict[int, list[tuple[int, int]]] = {}
    row_of = {k: r for r, row in enumerate(rows) for k in row}
    for start, end, _ in links:
        by_row.setdefault(row_of[start], []).append((position[start], position[end]))
    count = 0
    for pairs in by_row.values():
        for i, (a, b) in enumerate(pairs):
            for c, d in pairs[i + 1 :]:
                count += (a - c) * (b - d) < 0
    return count


def place_rows(
    rows: list[list[Key]],
    links: list[Link],
    size: dict[Key, float],
    width: float,
    gap: float,
) -> dict[Key, float]:
    """Left edge of every key: each row packed in order, as close as possible to its neighbours."""
    above: dict[Key, list[Key]] = {k: [] for row in rows for k in row}
    below: dict[Key, list[Key]] = {k: [] for row in rows for k in row}
    for start, end, _ in links:
        below[start].append(end)
        above[end].append(start)
    left: dict[Key, float] = {}
    for row in rows:
        total = sum(size[k] for k in row) + gap * (len(row) - 1)
        x = (width - total) / 2
        for key in row:
            left[key] = x
            x += size[key] + gap
    down = [(r, above) for r in range(1, len(rows))]
    up = [(r, below) for r in range(len(rows) - 2, -1, -1)]
    for r, neighbours in [*down, *up, *down]:
        row = rows[r]
        desired, weight = [], []
        for key in row:
            near = [left[n] + size[n] / 2 for n in neighbours[key]]
            if near:
                desired.append(sum(near) / len(near) - size[key] / 2)
                weight.append(float(len(near)))
            else:
                desired.append(left[key])
                weight.append(0.01)
        for key, x in zip(row, _pack(desired, weight, [size[k] for k in row], gap, width), strict=True):
            left[key] = x
    return left


def _pack(desired: list[float], weight: list[float], widths: list[float], gap: float, width: float) -> list[float]:
    """Left edges in order, no two closer than ``gap``, nearest to ``desired`` (pool adjacent violators)."""
    offset, o = [], 0.0
    for w in widths:
        offset.append(o)
        o += w + gap
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for d, w, off in zip(desired, weight, offset, strict=True):
        blocks.append([(d - off) * w, w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, wt, n = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += wt
            blocks[-1][2] += n
    base: list[float] = []
    for s, wt, n in blocks:
        base.extend([s / wt] * int(n))
    xs = [b + off for b, off in zip(base, offset, strict=True)]
    # Keep the row inside [0, width]: push right from the left edge, then left from the right edge.
    for i in range(len(xs)):
        xs[i] = max(xs[i], 0.0 if i == 0 else xs[i - 1] + widths[i - 1] + gap)
    for i in range(len(xs) - 1, -1, -1):
        xs[i] = min(xs[i], width - widths[i] if i == len(xs) - 1 else xs[i + 1] - gap - widths[i])
    return xs
