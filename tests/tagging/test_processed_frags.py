"""`rlcompat.fast_processed_frags` answers as ReportLab's own ``_processed_frags`` for every kind of fragment list."""

from __future__ import annotations

import inspect
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

from handouts.render import document  # noqa: F401  (installs it, as any build does)
from handouts.tagging import rlcompat
from handouts.tagging.rlcompat import fast_processed_frags

REPORTLAB_SOURCE = """def _processed_frags(frags):
    try:
        return isinstance(frags[0][0],(float,int))
    except:
        return False
"""


def reportlab_processed_frags(frags: Any) -> bool:
    """ReportLab's ``_processed_frags`` as written in 5.1.0 (the module's own name is replaced by ours)."""
    try:
        return isinstance(frags[0][0], (float, int))
    except:  # noqa: E722  (as ReportLab writes it)
        return False


class _IndexedFrag(ParaFrag):
    """A ParaFrag subclass that can be indexed: not taken by the shortcut."""

    def __getitem__(self, index: int) -> float:
        return 1.5


class _Raising:
    def __getitem__(self, index: int) -> Any:
        raise RuntimeError("any failure is a no")


def test_installed_in_place_of_the_function_compared_with() -> None:
    assert paragraph._processed_frags is rlcompat.fast_processed_frags
    assert REPORTLAB_SOURCE in inspect.getsource(paragraph)


def test_the_same_answer_for_every_kind_of_fragment_list() -> None:
    para = paragraph.Paragraph("one <b>two</b> three four five six", paragraph.ParagraphStyle("s"))
    para.wrap(40, 100)  # broken into lines: its fragments become word lists
    first, second = para.split(40, 24)
    cases: list[Any] = [
        [ParaFrag()],
        [ParaFrag(), [1.0, (ParaFrag(), "x")]],
        [ABag()],
        [_IndexedFrag()],
        [[3.0, (ParaFrag(), "word")]],
        [[3, (ParaFrag(), "word")]],
        [["3", (ParaFrag(), "word")]],
        [[]],
        [(True,)],
        [_Raising()],
        [],
        None,
        "text",
        [""],
        para.frags,
        first.frags,
        second.frags,
    ]
    assert any(reportlab_processed_frags(frags) for frags in cases)
    assert not all(reportlab_processed_frags(frags) for frags in cases)
    for frags in cases:
        assert fast_processed_frags(frags) is reportlab_processed_frags(frags), frags
