"""`overlay._difference` numbers each glyph's key once: it must split the pages exactly as comparing keys does."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from handouts.contentstream.glyphs import Glyph
from handouts.jobs.overlay import _difference


def _key(g: Glyph) -> tuple:
    return (g.char, round(g.x0, 2), round(g.baseline, 2), round(g.size, 2), g.font, g.color)


def _reference(a: list[Glyph], b: list[Glyph]) -> tuple[list[Glyph], list[Glyph], list[Glyph]]:
    """The comparison as it was written first: every key computed where it is needed."""
    keys_b = Counter(_key(g) for g in b if not g.char.isspace())
    only_a, both = [], []
    for glyph in a:
        if glyph.char.isspace():
            continue
        if keys_b[_key(glyph)]:
            keys_b[_key(glyph)] -= 1
            both.append(glyph)
        else:
            only_a.append(glyph)
    keys_a = Counter(_key(g) for g in both)
    only_b = []
    for glyph in b:
        if glyph.char.isspace():
            continue
        if keys_a[_key(glyph)]:
            keys_a[_key(glyph)] -= 1
        else:
            only_b.append(glyph)
    return only_a, only_b, both


def _glyph(char: str, x: float, baseline: float = 700.0, size: float = 10.0, source: int = 0) -> Glyph:
    return Glyph(char, x, x + 5.0, baseline, size, "OpenSans", (0.0,), (source, 0, 0))


_XS = [10.0, 10.001, 10.004, 10.006, 20.0, 0.005, -0.0, 0.0, -0.004, 1e300, float("inf"), float("nan")]


def _page(rng: random.Random, count: int) -> list[Glyph]:
    """Glyphs with repeats, spaces, non-ASCII and right-to-left letters, places that round alike or not,
    signed zeros, infinities and NaN (a NaN place never equals another, even rounded from one value)."""
    chars = "aab  éé中ש\u0645\u00a0\tQ"
    return [
        _glyph(
            rng.choice(chars), rng.choice(_XS), rng.choice([700.0, 700.004, -0.0, 0.0]), rng.choice([10.0, 9.996]), i
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("seed", range(60))
def test_difference_matches_the_key_by_key_comparison(seed):
    rng = random.Random(seed)
    a, b = _page(rng, rng.randrange(0, 60)), _page(rng, rng.randrange(0, 60))
    assert _difference(a, b) == _reference(a, b)


def test_difference_of_empty_and_blank_pages():
    spaces = [_glyph(" ", 1.0), _glyph("\u00a0", 2.0)]
    assert _difference([], []) == ([], [], [])
    assert _difference(spaces, []) == ([], [], [])
    one = [_glyph("x", 1.0)]
    assert _difference(one, spaces) == (one, [], [])
    assert _difference(spaces, one) == ([], one, [])


def test_difference_keeps_the_first_of_repeated_glyphs_in_both():
    a = [_glyph("a", 1.0, source=1), _glyph("a", 1.0, source=2), _glyph("a", 1.0, source=3)]
    b = [_glyph("a", 1.0, source=4), _glyph("a", 1.001, source=5), _glyph("b", 1.0, source=6)]
    only_a, only_b, both = _difference(a, b)
    assert [g.source[0] for g in both] == [1, 2]
    assert [g.source[0] for g in only_a] == [3]
    assert [g.source[0] for g in only_b] == [6]
