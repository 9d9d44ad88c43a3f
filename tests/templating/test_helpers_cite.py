"""The ``cite`` helper writes a text source id straight into the tag; it must be what Markup.format writes."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from handouts.templating.helpers import _cite_filter

SOURCES = ["", "bls-oes", "a\"b<c>&d'e", Markup("<x>&amp;"), "ünïcödé עברית", "x" * 10_000, 42, None, 1.5]


@pytest.mark.parametrize("source", SOURCES, ids=range(len(SOURCES)))
def test_cite_writes_what_markup_format_writes(source):
    expected = Markup('<cite source="{}"/>').format(source)
    got = _cite_filter(source)
    assert got == expected
    assert type(got) is Markup
