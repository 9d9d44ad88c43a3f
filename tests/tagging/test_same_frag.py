"""`rlcompat.fast_same_frag` answers as rl_accel's C ``sameFrag`` does, for every kind of fragment pair."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.colors import Color, black, red
from reportlab.lib.rl_accel import sameFrag as c_same_frag
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

from handouts.render import document  # noqa: F401  (installs the replacement)
from handouts.tagging.rlcompat import fast_same_frag

NAN = math.nan
SHARED_NAN = float("nan")  # the same object in both: C's != says equal, as Python's `is` does
VALUES = {
    "fontName": ["OpenSans", "OpenSans-Bold", "OpenSans"],
    "fontSize": [10, 10.0, 9.5, NAN, SHARED_NAN],
    "textColor": [black, red, Color(0, 0, 0), Color(1, 0, 0)],
    "rise": [0, 0.0, 2, -1.5],
    "us_lines": [[], [(0.5, black)], [(0.5, red)]],
    "link": [[], ["https://example.org"], None],
    "backColor": [None, red, Color(1, 0, 0)],
    "nobr": [False, True, 0],
    "cbDefn": [None, "x"],
    "lineBreak": [True, None],
    "text": ["a", "b"],
    "bold": [0, 1],
}
FIELDS = sorted(VALUES)


@st.composite
def fragments(draw):
    frag = ParaFrag()
    for name in FIELDS:
        if draw(st.integers(0, 3)):  # mostly set; sometimes missing (the C function then makes an exception)
            setattr(frag, name, draw(st.sampled_from(VALUES[name])))
    return frag


@st.composite
def pairs(draw):
    f = draw(fragments())
    if draw(st.booleans()):  # a clone with a few changes: the common case, where most fields are equal
        g = f.clone()
        for name in draw(st.lists(st.sampled_from(FIELDS), max_size=2)):
            if draw(st.booleans()) and hasattr(g, name):
                delattr(g, name)
            else:
                setattr(g, name, draw(st.sampled_from(VALUES[name])))
        return f, g
    return f, draw(fragments())


@given(pairs())
def test_the_same_answer_as_reportlabs(pair):
    f, g = pair
    assert fast_same_frag(f, g) == bool(c_same_frag(f, g))
    assert fast_same_frag(g, f) == bool(c_same_frag(g, f))


def test_a_fragment_and_its_clone_with_other_text_print_alike_until_a_field_differs():
    f = ParaFrag(fontName="OpenSans", fontSize=10, textColor=black, rise=0, text="a")
    g = f.clone(text="b")
    assert fast_same_frag(f, g) and c_same_frag(f, g)
    g.link = ["https://example.org"]
    assert not fast_same_frag(f, g) and not c_same_frag(f, g)
    h = f.clone(text="c", lineBreak=True)
    assert not fast_same_frag(f, h) and not c_same_frag(f, h)


def test_paragraphs_use_it():
    assert paragraph.sameFrag is fast_same_frag
