"""The path diagram's layout function on its own: varied graphs, checked geometrically."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.inputs.roles import load_catalog
from handouts.render.pathway.layout import PathDoesNotFit, PathLayout, Rect, layout_path

WIDTH = 526.0  # US Letter less two 0.6 in margins; A4 is 3 pt narrower than this check allows for
A4_WIDTH = 595.28 - 2 * 43.2


class FakeMeasure:
    """Text sizes from character counts, like a 7.5 pt font: no ReportLab needed."""

    def __init__(self, titles: dict[str, str], labels: list[str]) -> None:
        self.titles = titles
        self.labels = labels

    def title_height(self, step: str, width: float) -> float:
        per_line = max(1, int((width - 8) / 4.0))
        return 8 + 9 * math.ceil(len(self.titles[step]) / per_line)

    def label_size(self, move: int, max_width: float) -> tuple[float, float]:
        text = self.labels[move]
        per_line = max(1, int(max_width / 3.6))
        lines = math.ceil(len(text) / per_line)
        return min(len(text) * 3.6, max_width), 8.5 * lines + 2

    def label_min_width(self, move: int) -> float:
        return 3.6 * max(len(word) for word in self.labels[move].split())


def _layout(steps, moves, width=WIDTH, height=600.0, title=None, label=None) -> PathLayout:
    titles = {s: title or f"Step called {s}" for s in steps}
    labels = [label or f"{a} to {b}" for a, b in moves]
    return layout_path(steps, moves, width, height, FakeMeasure(titles, labels))


def _segments(points):
    return list(pairwise(points))


def _crosses_interior(segment, box: Rect) -> bool:
    """Does an axis-parallel segment pass through the open interior of the box?"""
    (x0, y0), (x1, y1) = segment
    eps = 1e-6
    if abs(x0 - x1) < eps:  # vertical
        lo, hi = sorted((y0, y1))
        return box.x + eps < x0 < box.right - eps and lo < box.bottom - eps and hi > box.y + eps
    if abs(y0 - y1) < eps:  # horizontal
        lo, hi = sorted((x0, x1))
        return box.y + eps < y0 < box.bottom - eps and lo < box.right - eps and hi > box.x + eps
    raise AssertionError(f"segment is not orthogonal: {segment}")


def _collinear_overlap(a, b) -> bool:
    (ax0, ay0), (ax1, ay1) = a
    (bx0, by0), (bx1, by1) = b
    if abs(ax0 - ax1) < 1e-6 and abs(bx0 - bx1) < 1e-6 and abs(ax0 - bx0) < 2.0:
        return max(min(ay0, ay1), min(by0, by1)) < min(max(ay0, ay1), max(by0, by1)) - 1e-6
    if abs(ay0 - ay1) < 1e-6 and abs(by0 - by1) < 1e-6 and abs(ay0 - by0) < 2.0:
        return max(min(ax0, ax1), min(bx0, bx1)) < min(max(ax0, ax1), max(bx0, bx1)) - 1e-6
    return False


def assert_sound(layout: PathLayout, steps, moves) -> None:
    """Every property the issue asks of the diagram, as geometry."""
    boxes = layout.boxes
    assert set(boxes) == set(steps)
    sizes = {(round(b.w, 6), round(b.h, 6)) for b in boxes.values()}
    assert len(sizes) == 1, f"boxes differ in size: {sizes}"
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not boxes[a].overlaps(boxes[b]), f"boxes {a} and {b} overlap"
    bounds = Rect(0, 0, layout.width, layout.height)
    inside = [r for r in boxes.values()] + [a.label for a in layout.arrows if a.label]
    for rect in inside:
        assert rect.x >= -1e-6 and rect.y >= -1e-6, rect
        assert rect.right <= bounds.right + 1e-6 and rect.bottom <= bounds.bottom + 1e-6, rect
    assert len(layout.arrows) == len(moves)
    for arrow in layout.arrows:
        start, end = moves[arrow.move]
        assert (arrow.start, arrow.end) == (start, end)
        first, last = arrow.points[0], arrow.points[-1]
        assert first[1] == pytest.approx(boxes[start].bottom)
        assert boxes[start].x < first[0] < boxes[start].right
        assert last[1] == pytest.approx(boxes[end].y), "the arrow tip touches the top of its end box"
        assert boxes[end].x < last[0] < boxes[end].right
        assert arrow.points[-2][0] == pytest.approx(last[0]), "the last run is vertical, into the box"
        assert last[1] - arrow.points[-2][1] >= 7.9, "the arrow tip has a straight run"
        for x, y in arrow.points:
            assert -1e-6 <= x <= layout.width + 1e-6 and -1e-6 <= y <= layout.height + 1e-6
        for segment in _segments(arrow.points):
            for name, box in boxes.items():
                if name not in (start, end):
                    assert not _crosses_interior(segment, box), f"{start}->{end} runs through box {name}"
            for other in layout.arrows:
                if other is not arrow and other.label is not None:
                    assert not _crosses_interior(segment, other.label), f"{start}->{end} crosses a label"
        for name, box in boxes.items():
            if arrow.label is not None:
                assert not arrow.label.overlaps(box), f"label of {start}->{end} overlaps box {name}"
        if arrow.label is not None:
            assert any(_crosses_interior(s, arrow.label) for s in _segments(arrow.points)), "label sits on its line"
    labelled = [a for a in layout.arrows if a.label]
    for i, a in enumerate(labelled):
        for b in labelled[i + 1 :]:
            assert not a.label.overlaps(b.label), f"labels of moves {a.move} and {b.move} collide"
    for i, a in enumerate(layout.arrows):
        for b in layout.arrows[i + 1 :]:
            if a.start == b.start:
                continue  # moves from one box share its bus
            for sa in _segments(a.points):
                for sb in _segments(b.points):
                    assert not _collinear_overlap(sa, sb), f"moves {a.move} and {b.move} run along one line"


def test_chain_is_one_straight_column():
    steps = ["a", "b", "c", "d", "e"]
    moves = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")]
    layout = _layout(steps, moves)
    assert_sound(layout, steps, moves)
    assert len({round(b.x, 3) for b in layout.boxes.values()}) == 1
    assert all(len(a.points) == 2 for a in layout.arrows), "each move is one straight segment"
    assert [layout.boxes[s].y for s in steps] == sorted(layout.boxes[s].y for s in steps)


def test_fan_out_puts_children_in_one_row_under_their_parent():
    steps = ["root", *(f"c{i}" for i in range(6))]
    moves = [("root", f"c{i}") for i in range(6)]
    layout = _layout(steps, moves)
    assert_sound(layout, steps, moves)
    tops = {layout.boxes[f"c{i}"].y for i in range(6)}
    assert len(tops) == 1
    children = [layout.boxes[f"c{i}"] for i in range(6)]
    middle = (min(b.x for b in children) + max(b.right for b in children)) / 2
    root = layout.boxes["root"]
    assert root.x + root.w / 2 == pytest.approx(middle, abs=1.0)


def test_diamond():
    steps = ["top", "left", "right", "bottom"]
    moves = [("top", "left"), ("top", "right"), ("left", "bottom"), ("right", "bottom")]
    layout = _layout(steps, moves)
    assert_sound(layout, steps, moves)
    b = layout.boxes
    assert b["left"].y == b["right"].y
    assert b["top"].bottom < b["left"].y and b["left"].bottom < b["bottom"].y
    into_bottom = [a.points[-1][0] for a in layout.arrows if a.end == "bottom"]
    assert into_bottom[0] != into_bottom[1], "two moves into one box arrive at separate ports"


def test_a_move_that_skips_rows_goes_around_the_boxes_between():
    steps = ["a", "b", "c", "d"]
    moves = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")]
    layout = _layout(steps, moves)
    assert_sound(layout, steps, moves)


FIFTEEN = [
    "diploma",
    "certificate",
    "associate",
    "bachelor",
    "exam",
    "job",
    "specialty",
    "lead",
    "nurse",
    "pa",
    "coder",
    "manager",
    "director",
    "compliance",
    "educator",
]
FIFTEEN_MOVES = [
    ("diploma", "certificate"),
    ("diploma", "associate"),
    ("diploma", "job"),
    ("certificate", "exam"),
    ("associate", "exam"),
    ("associate", "bachelor"),
    ("exam", "job"),
    ("job", "specialty"),
    ("job", "lead"),
    ("job", "nurse"),
    ("job", "pa"),
    ("job", "coder"),
    ("lead", "manager"),
    ("coder", "manager"),
    ("bachelor", "director"),
    ("manager", "director"),
    ("manager", "compliance"),
    ("specialty", "educator"),
]


LETTER_FRAME_HEIGHT = 792 - 102.24 - 54  # the page less the header band and the footer


@pytest.mark.parametrize("width", [WIDTH, A4_WIDTH])
def test_fifteen_steps_fit_one_page_on_letter_and_a4(width):
    layout = _layout(FIFTEEN, FIFTEEN_MOVES, width=width, height=LETTER_FRAME_HEIGHT, label="Experience and an exam")
    assert_sound(layout, FIFTEEN, FIFTEEN_MOVES)
    assert layout.height <= LETTER_FRAME_HEIGHT


def test_the_real_paths_lay_out_soundly():
    for role in load_catalog().roles.values():
        steps = [s.id for s in role.pathway.steps]
        moves = [(s.id, m.to) for s in role.pathway.steps for m in s.leads_to]
        titles = {s.id: s.title for s in role.pathway.steps}
        labels = [m.requires for s in role.pathway.steps for m in s.leads_to]
        layout = layout_path(steps, moves, WIDTH, 400, FakeMeasure(titles, labels))
        assert_sound(layout, steps, moves)


def test_same_input_same_layout():
    first = _layout(FIFTEEN, FIFTEEN_MOVES)
    second = _layout(list(FIFTEEN), list(FIFTEEN_MOVES))
    assert first == second


def test_too_wide_a_row_is_refused():
    steps = ["root", *(f"c{i}" for i in range(12))]
    moves = [("root", f"c{i}") for i in range(12)]
    with pytest.raises(PathDoesNotFit, match="boxes"):
        _layout(steps, moves)


def test_too_tall_is_refused():
    steps = [f"s{i}" for i in range(15)]
    moves = [(f"s{i}", f"s{i + 1}") for i in range(14)]
    with pytest.raises(PathDoesNotFit, match="height"):
        _layout(steps, moves, height=300)


@pytest.mark.parametrize(
    "moves, message",
    [
        ([("a", "b"), ("b", "a")], "loops"),
        ([("a", "x")], "unknown"),
        ([("a", "b"), ("a", "b")], "twice"),
    ],
)
def test_bad_graphs_are_refused(moves, message):
    with pytest.raises(ValueError, match=message):
        _layout(["a", "b"], moves)


WORDS = ["Pass", "an", "exam", "experience", "training", "certificate", "leadership", "degree", "on-the-job"]


@st.composite
def forward_graphs(draw):
    """Random paths of 2-15 steps whose moves only go forward (as validated data must), with random wording."""
    count = draw(st.integers(min_value=2, max_value=15))
    steps = [f"s{i}" for i in range(count)]
    pairs = [(a, b) for a in range(count) for b in range(a + 1, count)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 25)))
    moves = [(steps[a], steps[b]) for a, b in chosen]
    phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
    titles = {s: draw(phrase) for s in steps}
    labels = [draw(phrase) for _ in moves]
    return steps, moves, titles, labels


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forward_graphs(), st.sampled_from([WIDTH, A4_WIDTH]))
def test_any_forward_path_that_fits_is_sound(graph, width):
    steps, moves, titles, labels = graph
    try:
        layout = layout_path(steps, moves, width, 5000, FakeMeasure(titles, labels))
    except PathDoesNotFit:
        return  # a row too full for the width is reported, not drawn badly
    assert_sound(layout, steps, moves)


def test_faults_are_one_list_for_data_layouts_and_the_layout_engine():
    """Repeats, moves to unknown steps (not told again for a repeated move) and the loop with the move
    that closes it, each with the index of the step or move at fault."""
    from handouts.inputs.pathgraph import Fault, faults

    ids = ["a", "b", "c", "b"]
    moves = [("a", "b"), ("b", "x"), ("b", "x"), ("b", "c"), ("c", "a")]
    assert faults(ids, moves) == [
        Fault("repeated step", 3),
        Fault("repeated move", 2),
        Fault("unknown step", 1),
        Fault("loop", 4, ("a", "b", "c", "a")),
    ]
    assert faults(["a", "b"], [("a", "b")]) == []


def test_a_full_row_wraps_onto_rows_of_its_own_below_it():
    """Large print: five careers after one job become rows of two, and every move still points down."""
    steps = ["school", "job", "a", "b", "c", "d", "e"]
    moves = [("school", "job")] + [("job", s) for s in "abcde"]
    titles = {s: f"Step called {s}" for s in steps}
    labels = [f"{a} to {b}" for a, b in moves]
    layout = layout_path(steps, moves, WIDTH, 2000.0, FakeMeasure(titles, labels), per_row=2)
    rows: dict[float, list[str]] = {}
    for step, box in layout.boxes.items():
        rows.setdefault(box.y, []).append(step)
    assert sorted(len(r) for r in rows.values()) == [1, 1, 1, 2, 2]
    assert layout.rows == 5
    for arrow in layout.arrows:
        start, end = layout.boxes[arrow.start], layout.boxes[arrow.end]
        assert end.y > start.bottom, f"{arrow.start} -> {arrow.end} points down"
        for step, box in layout.boxes.items():
            if step not in (arrow.start, arrow.end):
                assert not any(_crosses_interior(s, box) for s in _segments(arrow.points)), (arrow, step)
    unwrapped = layout_path(steps, moves, WIDTH, 2000.0, FakeMeasure(titles, labels))
    assert next(iter(layout.boxes.values())).w > next(iter(unwrapped.boxes.values())).w, "wider boxes"
