"""`overlay._Keys` against the key numbering it replaced, kept here as the reference.

`_Keys.number` now looks each rounded value up in its cache inline and calls
`_round` only on a miss; the numbers (and so `_difference`'s split) must be
the ones the old loop gave, NaN, -0.0 and values rounding to 0.0 included.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.contentstream.glyphs import Glyph
from handouts.jobs import overlay


class _OldKeys:
    def __init__(self) -> None:
        self.numbers: dict[tuple, int] = {}
        self.rounded: dict[float, float] = {}

    def number(self, glyphs: list[Glyph]) -> list[tuple[int, Glyph]]:
        numbers, r = self.numbers, self._round
        out = []
        for g in glyphs:
            if not g.char.isspace():
                key = (g.char, r(g.x0), r(g.baseline), r(g.size), g.font, g.color)
                out.append((numbers.setdefault(key, len(numbers)), g))
        return out

    def _round(self, value: float) -> float:
        rounded = self.rounded.get(value)
        if rounded is None:
            rounded = round(value, 2)
            if value == value:
                self.rounded[value] = rounded
        return rounded


_VALUES = st.one_of(
    st.sampled_from([0.0, -0.0, 0.001, -0.004, 0.005, 10.0, 10.004, 10.006, 638.86, float("nan"), float("inf")]),
    st.floats(-1000, 1000),
)
_GLYPHS = st.builds(
    Glyph,
    st.sampled_from(["a", "b", " ", "\u00a0", "Q"]),
    _VALUES,
    _VALUES,
    _VALUES,
    st.sampled_from([10.0, 12.0, 0.0, -0.0, float("nan")]),
    st.sampled_from(["F", "G"]),
    st.sampled_from([(0.0,), (0.1, 0.2, 0.3)]),
)


def _numbered(keys, *pages):
    return [[(n, id(g)) for n, g in keys.number(page)] for page in pages]


@settings(max_examples=300, deadline=None)
@given(st.lists(_GLYPHS, max_size=30), st.lists(_GLYPHS, max_size=30))
def test_glyphs_are_numbered_as_the_reference_numbers_them(a, b):
    new, old = overlay._Keys(), _OldKeys()
    assert _numbered(new, a, b) == _numbered(old, a, b)
    assert list(new.numbers.values()) == list(old.numbers.values())
    assert repr(new.rounded) == repr(old.rounded)
