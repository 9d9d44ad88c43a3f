"""A finished build leaves nothing for Python's cycle collector.

Everything a build makes (paragraphs, the structure tree, the canvas, the
PDF objects) is freed by reference counting as soon as the result is
dropped. A reference cycle anywhere in it left thousands of objects per
handout to the cycle collector, whose passes over them were a sixth of a
build's time (see docs/performance.md).
"""

from __future__ import annotations

import gc

import pytest

from handouts.build import Inputs, brand_for, inspect_handout, render_handout
from tests.conftest import PAIR


def _cyclic_garbage(build) -> list:
    """What ``build()`` leaves that only the cycle collector can free."""
    build()  # imports, fonts, caches: not garbage of a build
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        build()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()


@pytest.mark.parametrize(
    "layout, roles", [("comparison", PAIR), ("checklist", PAIR[:1]), ("pathway", PAIR[:1])], ids=lambda v: str(v)
)
def test_a_build_and_its_inspection_leave_no_reference_cycles(layout, roles):
    def build():
        rendered, info = render_handout(layout, roles)
        inspect_handout(rendered, info, brand_for(Inputs()), "x.pdf")

    garbage = _cyclic_garbage(build)
    assert [type(o).__name__ for o in garbage[:20]] == []
