"""A translated text with no ``%`` skips formatting; it must come out exactly as formatting would give it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from markupsafe import Markup

from handouts.templating.sandbox import check_percent_format, sized
from handouts.templating.translation import _filled


def _formatted(context, text, variables):
    """`_filled` as it was before the shortcut: every text %-formatted."""
    check_percent_format(text)
    out = Markup(text) if context.eval_ctx.autoescape else text
    try:
        return sized(out % variables, "a translated text")
    except (KeyError, ValueError, TypeError):
        return out


TEXTS = [
    "",
    "Plain words",
    "Ünïcödé, עברית, 中文",
    "<b>not a tag</b> & co",
    "x" * 50_000,
    "%(num)d roles",
    "100% sure",
    "50%% off",
    "%(missing)s",
]


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("variables", [{}, {"num": 3, "name": "<i>"}])
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_filled_equals_formatting(text, variables, autoescape):
    context = SimpleNamespace(eval_ctx=SimpleNamespace(autoescape=autoescape))
    got = _filled(context, text, dict(variables))
    expected = _formatted(context, text, dict(variables))
    assert got == expected
    assert type(got) is type(expected)
