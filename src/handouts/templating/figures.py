"""How a sourced figure reads on paper: one formatter for tables, text and charts.

Kept apart from layouts so every handout prints the same number the same
way ("$44,200 a year", "12.5%", "over 650,000 people") and always with the
period it describes.
"""

from __future__ import annotations

from handouts.inputs.models import Figure, Unit

_UNIT_SUFFIX = {
    Unit.usd_per_year: " a year",
    Unit.usd_per_hour: " an hour",
    Unit.percent: "",
    Unit.people: " people",
    Unit.people_per_month: " people a month",
    Unit.people_per_year: " people a year",
}

_UNIT_AXIS = {
    Unit.usd_per_year: "US dollars a year",
    Unit.usd_per_hour: "US dollars an hour",
    Unit.percent: "percent",
    Unit.people: "people",
    Unit.people_per_month: "people a month",
    Unit.people_per_year: "people a year",
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
    """``2026-01-28`` -> "28 January 2026", ``2026-01`` -> "January 2026"; anything else as written."""
    parts = date.split("-")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return date
    if len(parts) >= 2 and not 1 <= int(parts[1]) <= 12:
        return date
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def when(figure: Figure) -> str:
    """What a figure describes in time: its period, or, when the source gives none, when it was published.

    "May 2025"; "period not stated; published 28 January 2026". An article's
    date is never passed off as the period of the number it quotes.
    """
    if figure.period is not None:
        return figure.period
    published = format_date(figure.published) if figure.published else "date unknown"
    return f"period not stated; published {published}"


def format_number(value: float, unit: Unit) -> str:
    """One number in its unit's style, without the unit's words."""
    if unit in (Unit.usd_per_year, Unit.usd_per_hour):
        return f"${value:,.0f}" if value == int(value) else f"${value:,.2f}"
    if unit is Unit.percent:
        return f"{value:g}%"
    return f"{value:,.0f}"


def _amount(figure: Figure, low_to_high: str = "{low}–{high}") -> str:
    """The number or range with its qualifier, before any unit words."""
    if figure.value is not None:
        text = format_number(figure.value, figure.unit)
    else:
        assert figure.low is not None and figure.high is not None
        text = low_to_high.format(
            low=format_number(figure.low, figure.unit), high=format_number(figure.high, figure.unit)
        )
    return f"{figure.qualifier} {text}" if figure.qualifier else text


def format_value(figure: Figure) -> str:
    """The figure's value with qualifier and unit, e.g. "$38,000–$45,000 a year"."""
    return _amount(figure) + _UNIT_SUFFIX[figure.unit]


def format_figure(figure: Figure) -> str:
    """Value, place and period, e.g. "12.5% (through 2034)", "$45,690 a year (U.S., May 2025)".

    The citation mark is added by markup. The place is printed only for a
    figure that names one (BLS wages do), so figures without stay as they were.
    """
    place = f"{figure.area}, " if figure.area else ""
    return f"{format_value(figure)} ({place}{when(figure)})"


def axis_label(unit: Unit) -> str:
    """A chart axis caption for the unit."""
    return _UNIT_AXIS[unit]


def plot_value(figure: Figure) -> float:
    """One number to plot: the value, or a range's midpoint."""
    if figure.value is not None:
        return figure.value
    assert figure.low is not None and figure.high is not None
    return (figure.low + figure.high) / 2


def spoken_value(figure: Figure) -> str:
    """The value as words for alt text: "from $38,000 to $45,000 a year", "about 12.5%"."""
    return _amount(figure, "from {low} to {high}") + _UNIT_SUFFIX[figure.unit]


def short_value(figure: Figure) -> str:
    """The value without the unit's words, for chart labels where the axis names the unit."""
    return _amount(figure)
