"""How a sourced figure reads on paper: one formatter for tables, text and charts.

Kept apart from layouts so every handout prints the same number the same
way ("$44,200 a year", "12.5%", "over 650,000 people") and always with the
period it describes.
"""

from __future__ import annotations

import re

from handouts.inputs.language import N_, babel_locale, edition, tr
from handouts.inputs.models import Figure, Unit

_UNIT_SUFFIX = {
    Unit.usd_per_year: N_(" a year"),
    Unit.usd_per_hour: N_(" an hour"),
    Unit.percent: "",
    Unit.people: N_(" people"),
    Unit.people_per_month: N_(" people a month"),
    Unit.people_per_year: N_(" people a year"),
}

_UNIT_AXIS = {
    Unit.usd_per_year: N_("US dollars a year"),
    Unit.usd_per_hour: N_("US dollars an hour"),
    Unit.percent: N_("percent"),
    Unit.people: N_("people"),
    Unit.people_per_month: N_("people a month"),
    Unit.people_per_year: N_("people a year"),
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(date: str) -> str:
    """``2026-01-28`` -> "28 January 2026", ``2026-01`` -> "January 2026"; anything else as written.

    In another edition Babel writes it the locale's way ("28 de enero de 2026").
    """
    parts = date.split("-")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return date
    if len(parts) >= 2 and not 1 <= int(parts[1]) <= 12:
        return date
    current = edition()
    if not current.english and len(parts) >= 2:
        return _babel_date(parts, babel_locale(current))
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def _babel_date(parts: list[str], locale: str) -> str:
    import datetime

    from babel.dates import format_date as babel_format_date
    from babel.dates import format_skeleton

    try:
        day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    except ValueError:  # 2026-02-30
        return "-".join(parts)
    if len(parts) == 3:
        return babel_format_date(day, "long", locale=locale)
    return format_skeleton("yMMMM", day, locale=locale)


_THROUGH = re.compile(r"^through (\d{4})$")
_MONTH_YEAR = re.compile(r"^(" + "|".join(MONTHS) + r") (\d{4})$")


def _period(period: str) -> str:
    """A period as written in the role file ("through 2034", "May 2025", "2024-2034"), in the edition's words.

    Periods are data shared by every edition; the few shapes they take in words are translated here.
    """
    if edition().english:
        return period
    through = _THROUGH.match(period)
    if through:
        return tr("through {year}").format(year=through.group(1))
    month = _MONTH_YEAR.match(period)
    if month:
        return format_date(f"{month.group(2)}-{MONTHS.index(month.group(1)) + 1:02d}")
    return period


def when(figure: Figure) -> str:
    """What a figure describes in time: its period, or, when the source gives none, when it was published.

    "May 2025"; "period not stated; published 28 January 2026". An article's
    date is never passed off as the period of the number it quotes.
    """
    if figure.period is not None:
        return _period(figure.period)
    published = format_date(figure.published) if figure.published else tr("date unknown")
    return tr("period not stated; published {date}").format(date=published)


def format_number(value: float, unit: Unit) -> str:
    """One number in its unit's style, without the unit's words (in another edition, its locale's style)."""
    current = edition()
    if not current.english:
        return _babel_number(value, unit, babel_locale(current))
    if unit in (Unit.usd_per_year, Unit.usd_per_hour):
        return f"${value:,.0f}" if value == int(value) else f"${value:,.2f}"
    if unit is Unit.percent:
        return f"{value:g}%"
    return f"{value:,.0f}"


def _babel_number(value: float, unit: Unit, locale: str) -> str:
    from babel.numbers import format_currency, format_decimal, format_percent

    if unit in (Unit.usd_per_year, Unit.usd_per_hour):
        pattern = "¤#,##0" if value == int(value) else "¤#,##0.00"
        return format_currency(value, "USD", pattern, locale=locale, currency_digits=False)
    if unit is Unit.percent:
        return format_percent(value / 100, "#,##0.###%", locale=locale)
    return format_decimal(round(value), "#,##0", locale=locale)


_QUALIFIERS = {"over": N_("over"), "about": N_("about"), "under": N_("under"), "at least": N_("at least")}


def _amount(figure: Figure, low_to_high: str = "{low}–{high}") -> str:
    """The number or range with its qualifier, before any unit words."""
    if figure.value is not None:
        text = format_number(figure.value, figure.unit)
    else:
        assert figure.low is not None and figure.high is not None
        text = low_to_high.format(
            low=format_number(figure.low, figure.unit), high=format_number(figure.high, figure.unit)
        )
    if not figure.qualifier:
        return text
    qualifier = tr(figure.qualifier) if figure.qualifier in _QUALIFIERS else figure.qualifier
    return f"{qualifier} {text}"


def format_value(figure: Figure) -> str:
    """The figure's value with qualifier and unit, e.g. "$38,000–$45,000 a year"."""
    return _amount(figure) + tr(_UNIT_SUFFIX[figure.unit]) if _UNIT_SUFFIX[figure.unit] else _amount(figure)


def format_figure(figure: Figure) -> str:
    """Value, place and period, e.g. "12.5% (through 2034)", "$45,690 a year (U.S., May 2025)".

    The citation mark is added by markup. The place is printed only for a
    figure that names one (BLS wages do), so figures without stay as they were.
    """
    place = f"{figure.area}, " if figure.area else ""
    return f"{format_value(figure)} ({place}{when(figure)})"


def axis_label(unit: Unit) -> str:
    """A chart axis caption for the unit."""
    return tr(_UNIT_AXIS[unit])


def plot_value(figure: Figure) -> float:
    """One number to plot: the value, or a range's midpoint."""
    if figure.value is not None:
        return figure.value
    assert figure.low is not None and figure.high is not None
    return (figure.low + figure.high) / 2


def spoken_value(figure: Figure) -> str:
    """The value as words for alt text: "from $38,000 to $45,000 a year", "about 12.5%"."""
    suffix = tr(_UNIT_SUFFIX[figure.unit]) if _UNIT_SUFFIX[figure.unit] else ""
    return _amount(figure, tr("from {low} to {high}")) + suffix


def short_value(figure: Figure) -> str:
    """The value without the unit's words, for chart labels where the axis names the unit."""
    return _amount(figure)
