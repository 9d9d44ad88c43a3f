"""The helpers layouts may call: fig, value, when, cite, and_list, in_sentence, bar().

Every number on a handout goes through one of these, so each prints with
its period and citation mark (see `figures`), and each figure printed is
noted for whoever asked `environment.render_layout` (`check` and builds
judge the figures' age from that list; see `freshness`).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

from markupsafe import Markup, escape

from handouts.inputs.language import babel_locale, edition
from handouts.inputs.models import Figure
from handouts.templating.figures import format_figure, format_value, when

# The figures a layout prints while it renders (through fig, value and bar), for whoever asked
# `render_layout` for them: `check` and builds judge their age. A context variable, not a global:
# one process may render several layouts at once (threads), and the environment is shared.
PRINTED: ContextVar[list[Figure] | None] = ContextVar("printed_figures", default=None)


def _printed(figure: Figure) -> None:
    found = PRINTED.get()
    if found is not None:
        found.append(figure)


def _fig_filter(figure: Figure) -> Markup:
    """A figure with its period and citation mark: the only way layouts should print numbers."""
    if not isinstance(figure, Figure):
        raise TypeError("the 'fig' filter takes a figure, e.g. role.figure('job_growth') | fig")
    _printed(figure)
    return escape(format_figure(figure)) + _cite_filter(figure.source)


def _value_filter(figure: Figure) -> str:
    if not isinstance(figure, Figure):
        raise TypeError("the 'value' filter takes a figure")
    _printed(figure)
    return format_value(figure)


def _when_filter(figure: Figure) -> str:
    """What a figure describes in time, as `fig` prints it in brackets: "May 2025", "period not stated; ..."."""
    if not isinstance(figure, Figure):
        raise TypeError("the 'when' filter takes a figure")
    return when(figure)


def _cite_filter(source_id: str) -> Markup:
    if type(source_id) in (str, Markup):  # the usual: the escaped text, as Markup.format would put it
        return Markup(f'<cite source="{escape(source_id)}"/>')
    return Markup('<cite source="{}"/>').format(source_id)  # other values as format() prints them


def _bar_helper(label: str, figure: Figure) -> Markup:
    """``{{ bar("Medical Assistant", role.figure("pay_range")) }}``: one chart bar carrying the whole figure.

    The figure travels in the markup (value or range, unit, period, source),
    so the chart builder needs no data lookup and a hand-written <bar> is
    checked by the same rules.
    """
    if not isinstance(figure, Figure):
        raise TypeError('bar() takes a label and a figure, e.g. bar(role.name, role.figure("pay_range"))')
    _printed(figure)
    attrs: dict[str, Any] = {"label": label, "unit": figure.unit.value, "period": when(figure)}
    if figure.value is not None:
        attrs["value"] = _plain(figure.value)
    else:
        attrs["low"], attrs["high"] = _plain(figure.low), _plain(figure.high)
    attrs["source"] = figure.source
    if figure.qualifier:
        attrs["qualifier"] = figure.qualifier
    return Markup("<bar" + "".join(f' {k}="{escape(v)}"' for k, v in attrs.items()) + "/>")


def _plain(value: float | None) -> str:
    """A number as the markup's number parser reads it: digits, no exponent."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _and_list(items: Any) -> str:
    items = [str(i) for i in items]
    current = edition()
    if not current.english and items:
        from babel.lists import format_list

        return format_list(items, locale=babel_locale(current))
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _in_sentence(text: Any) -> str:
    """Text set lower case to sit inside a sentence, keeping acronyms as printed.

    Jinja's ``lower`` turns "PA program" into "pa program", which a screen
    reader spells out wrongly and a reader sees as a typo. Only words that
    are capitalised (one capital, then lower case) are lowered: "Medical
    Assistant" -> "medical assistant", while "PA", "CMA" and "eCornell" stay.
    """
    lowered = _CAPITALISED.sub(lambda m: m.group(0).lower(), str(text))
    return Markup(lowered) if isinstance(text, Markup) else lowered


_CAPITALISED = re.compile(r"\b(?:[A-Z][a-z]+|A)\b")


FILTERS = {
    "in_sentence": _in_sentence,
    "fig": _fig_filter,
    "value": _value_filter,
    "when": _when_filter,
    "cite": _cite_filter,
    "and_list": _and_list,
}
GLOBALS = {"cite": _cite_filter, "bar": _bar_helper}
