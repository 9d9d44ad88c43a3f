"""Acronyms are spelled out on first use on every built-in handout, and short after (issue 16 item 5).

Read back from the structure tree in reading order, leaving out what keeps
the short forms by design: headings, table header cells and figures
(diagram boxes and labels, charts), where a full name has no room.
"""

from __future__ import annotations

import re

import pytest

from handouts.build import render_handout
from handouts.session import Session
from tests.conftest import EVERY_HANDOUT
from tests.support.structtree import Elem, Structure, Text

FULL = {
    "AAMA": "American Association of Medical Assistants",
    "AMT": "American Medical Technologists",
    "NCCT": "National Center for Competency Testing",
    "NHA": "National Healthcareer Association",
    "CMA": "Certified Medical Assistant",
    "RMA": "Registered Medical Assistant",
    "NCMA": "National Certified Medical Assistant",
    "CCMA": "Certified Clinical Medical Assistant",
    "CMAA": "Certified Medical Administrative Assistant",
    "CEHRS": "Certified Electronic Health Records Specialist",
}
SHORT_ONLY = {"H1", "H2", "H3", "TH", "Figure"}
HANDOUTS = EVERY_HANDOUT


def _running_text(elem: Elem) -> str:
    parts = []
    for kid in elem.kids:
        if isinstance(kid, Text):
            parts.append(kid.text)
        elif isinstance(kid, Elem) and kid.role not in SHORT_ONLY:
            parts.append(" " + _running_text(kid) + " ")
    return " ".join("".join(parts).split())


@pytest.fixture(scope="module")
def texts() -> dict[tuple[str, str], str]:
    session = Session()
    out = {}
    for layout, roles in HANDOUTS:
        rendered, _ = render_handout(layout, roles, session=session)
        out[(layout, roles[0])] = _running_text(Structure(rendered.pdf).root)
    return out


@pytest.mark.parametrize(("layout", "roles"), HANDOUTS, ids=lambda v: v if isinstance(v, str) else v[0])
def test_first_use_is_spelled_out_and_later_uses_are_short(texts, layout, roles):
    text = texts[(layout, roles[0])]
    seen = 0
    for short, full in FULL.items():
        uses = [m.start() for m in re.finditer(rf"\b{short}\b", text)]
        if not uses:
            continue
        seen += 1
        first = text[: uses[0]]
        assert first.endswith(f"{full} (") or first.endswith(f"{full}, "), (short, text[uses[0] - 80 : uses[0] + 10])
        for later in uses[1:]:
            assert not text[:later].endswith(f"{full} ("), (short, "spelled out twice")
        assert text.count(f"{full} ({short})") + text.count(f"{full}, {short}") == 1, (short, "spelled out twice")
    assert seen >= 2


def test_the_built_in_handouts_between_them_use_every_acronym_the_issue_names(texts):
    every = " ".join(texts.values())
    for short in ("AAMA", "AMT", "NCCT", "NHA", "CMA"):
        assert re.search(rf"\b{short}\b", every), short
