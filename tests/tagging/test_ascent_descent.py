"""`rlcompat.fast_ascent_descent` gives what ReportLab's own ``getAscentDescent`` gives, for every kind of font."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

from handouts.build import Inputs, brand_for
from handouts.inputs.fonts import load_fonts
from handouts.render import document  # noqa: F401  (installs the fast metrics, as any build does)
from handouts.tagging import rlcompat

REPORTLAB_SOURCE = """def getAscentDescent(fontName,fontSize=None):
    font = getFont(fontName)
    try:
        ascent = font.ascent
        descent = font.descent
    except:
        ascent = font.face.ascent
        descent = font.face.descent
    if fontSize:
        norm = fontSize/1000.
        return ascent*norm, descent*norm
    else:
        return ascent, descent
"""


def reportlab_ascent_descent(fontName: Any, fontSize: Any = None) -> Any:
    """ReportLab's ``getAscentDescent`` as written in 5.1.0 (the module's own name is replaced by ours)."""
    font = pdfmetrics.getFont(fontName)
    try:
        ascent = font.ascent
        descent = font.descent
    except:  # noqa: E722  (as ReportLab writes it)
        ascent = font.face.ascent
        descent = font.face.descent
    if fontSize:
        norm = fontSize / 1000.0
        return ascent * norm, descent * norm
    else:
        return ascent, descent


class _OwnMetrics:
    """A font that keeps its metrics on itself (ReportLab's first choice), with a face that disagrees."""

    def __init__(self, name: str, ascent: Any, descent: Any) -> None:
        self.fontName = name
        self.ascent, self.descent = ascent, descent
        self.face = type("Face", (), {"ascent": 1, "descent": -1})()


class _HalfMetrics(_OwnMetrics):
    """An ascent on the font but no descent: ReportLab takes both from the face."""

    def __init__(self, name: str) -> None:
        super().__init__(name, 900, -200)
        del self.descent


def _fonts() -> list[str]:
    brand = brand_for(Inputs())
    fonts = load_fonts(brand)
    for font in (_OwnMetrics("HandoutsTestOwn", 812, -188), _HalfMetrics("HandoutsTestHalf")):
        pdfmetrics._fonts[font.fontName] = font  # registerFont wants a real font
    standard = ["Helvetica", "Times-Bold", "Courier", "Symbol"]
    return [fonts.regular, fonts.bold, fonts.italic, *standard, "HandoutsTestOwn", "HandoutsTestHalf"]


FONTS = _fonts()


def test_installed_in_place_of_the_function_compared_with() -> None:
    assert pdfmetrics.getAscentDescent is rlcompat.fast_ascent_descent
    assert paragraph.getAscentDescent is rlcompat.fast_ascent_descent
    assert REPORTLAB_SOURCE in inspect.getsource(pdfmetrics)


@given(
    st.sampled_from(FONTS),
    st.one_of(st.none(), st.just(0), st.floats(min_value=-100, max_value=200, allow_nan=False), st.integers(-5, 99)),
)
def test_the_same_answer_for_every_font_and_size(font: str, size: Any) -> None:
    ours, theirs = rlcompat.fast_ascent_descent(font, size), reportlab_ascent_descent(font, size)
    assert ours == theirs
    assert [type(v) for v in ours] == [type(v) for v in theirs]


def test_an_unknown_font_is_refused_as_reportlab_refuses_it() -> None:
    for ask in (rlcompat.fast_ascent_descent, reportlab_ascent_descent):
        with pytest.raises(KeyError):
            ask("No-Such-Font-Anywhere", 10)
