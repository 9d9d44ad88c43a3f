"""The comparison handout's content as plain Python data, for the baseline routes.

The baselines must print the same document as `layouts/comparison.xml.j2`
(same words, tables, bar charts, figures with periods and citation marks,
sources) so
the timings compare rendering routes, not amounts of text. This module
reads the same role records and returns strings and lists; each baseline
lays them out its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handouts.inputs.models import Figure, Role, Source
from handouts.templating.figures import axis_label, format_figure, short_value


@dataclass
class Comparison:
    title: str
    heading: str
    lead: str
    intros: list[tuple[str, str]]  # (bold lead-in, text)
    columns: list[str]
    glance: list[tuple[str, list[tuple[str, list[str]]]]]  # row label -> per role (text, bullet items)
    fits: list[list[str]]
    others: list[str]
    sources: list[str] = field(default_factory=list)
    note: str = ""
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Chart:
    """A horizontal bar chart: per role a label, the bar (low to high; equal for a single value) and its text."""

    title: str
    axis: str
    bars: list[tuple[str, float, float, str]]
    top: float


def _top(value: float) -> float:
    """A round axis end above ``value`` (1, 2, 2.5 or 5 times a power of ten)."""
    magnitude = 10 ** len(str(int(value)))
    for step in (0.1, 0.2, 0.25, 0.5, 1.0):
        if value <= step * magnitude:
            return step * magnitude
    return float(magnitude)


def _and_list(items: list[str]) -> str:
    return " and ".join(items) if len(items) <= 2 else ", ".join(items[:-1]) + " and " + items[-1]


def comparison(roles: list[Role], sources: dict[str, Source]) -> Comparison:
    numbers: dict[str, int] = {}

    def fig(figure: Figure) -> str:
        number = numbers.setdefault(figure.source, len(numbers) + 1)
        return f"{format_figure(figure)}\u00a0[{number}]"

    names = [r.name for r in roles]
    glance: list[tuple[str, list[tuple[str, list[str]]]]] = []

    def row(label: str, cells: list[tuple[str, list[str]]]) -> None:
        glance.append((label, cells))

    row("Primary focus", [(r.primary_focus, []) for r in roles])
    row("Patient care", [(r.patient_care, []) for r in roles])
    row("Clinical duties", [(r.clinical_scope, []) for r in roles])
    row("Typical duties", [("", [d.title for d in r.duties[:4]]) for r in roles])
    row(
        "Education and program length",
        [
            (
                f"{r.education.minimum}, then:",
                [
                    f"{p.name}: {p.length}" + (", with clinical externship" if p.externship else "")
                    for p in r.education.paths
                ],
            )
            for r in roles
        ],
    )
    certs = []
    for r in roles:
        opts = ", ".join(f"{c.abbreviation} ({c.issuer_abbreviation})" for c in r.certifications.options)
        certs.append((r.certifications.expectation + (": " + opts if opts else ""), []))
    row("Certification", certs)
    pay = []
    for r in roles:
        if "pay_range" in r.figures:
            f = r.figure("pay_range")
            pay.append((f"{f.measure.capitalize()}: {fig(f)}", []))
        else:
            pay.append(("Not given in our sources", []))
    row("Pay", pay)
    median = []
    for r in roles:
        if "median_pay" in r.figures:
            f = r.figure("median_pay")
            median.append((fig(f) + (f", from the {f.credits}" if f.credits else ""), []))
        else:
            median.append(("No single median in our sources", []))
    row("Median pay", median)
    row(
        "Job outlook",
        [
            ((fig(r.figure("job_growth")) + " projected job growth") if "job_growth" in r.figures else "Not given", [])
            for r in roles
        ],
    )
    row(
        "Work settings",
        [
            ("; ".join(s.name + (f" – {fig(s.share)}" if s.share else "") for s in r.work_settings[:4]), [])
            for r in roles
        ],
    )
    row("Advancement", [("; ".join(a.title for a in r.advancement), []) for r in roles])
    others = []
    for r in roles:
        for key in ("pay_range", "job_growth"):
            if key in r.figures:
                for f in r.figures[key].others:
                    others.append(f"{r.name}, {f.measure}: {fig(f)}" + (f" (from {f.credits})" if f.credits else ""))
    charts = []
    for key, title in (("pay_range", "Pay"), ("job_growth", "Projected job growth")):
        bars = []
        for r in roles:
            if key in r.figures:
                f = r.figure(key)
                low = f.low if f.value is None else f.value
                high = f.high if f.value is None else f.value
                number = numbers.setdefault(f.source, len(numbers) + 1)
                bars.append((r.name, float(low), float(high), f"{short_value(f)} ({f.period}) [{number}]"))
        if bars:
            unit = r.figure(key).unit
            charts.append(Chart(title, axis_label(unit), bars, _top(max(b[2] for b in bars))))
    count = "two" if len(roles) == 2 else "three"
    listed = []
    for source_id, number in sorted(numbers.items(), key=lambda item: item[1]):
        s = sources[source_id]
        listed.append(f"[{number}] {s.publisher}. \u201c{s.title}.\u201d {s.date}.")
    return Comparison(
        title=f"{_and_list(names)}: a side-by-side comparison",
        heading=f"{names[0]} or {names[1]}?" if len(roles) == 2 else f"{_and_list(names)}: which fits you?",
        lead=(
            f"These {count} careers can look alike from the waiting room, but the day-to-day work is different. "
            "This sheet sets them side by side: what the job is, how to train for it, what it pays and where it "
            "can lead. Every number shows where it came from and how old it is."
        ),
        intros=[
            (
                r.name + (f" (also called {_and_list(list(r.also_known_as))})" if r.also_known_as else "") + ".",
                r.summary,
            )
            for r in roles
        ],
        columns=names,
        glance=glance,
        fits=[list(r.right_for_you_if) for r in roles],
        others=others,
        sources=listed,
        charts=charts,
        note=(
            "Figures are as published by the sources above; pay and job growth vary by state, employer and "
            "experience. Check with the programs you are considering before you decide."
        ),
    )
