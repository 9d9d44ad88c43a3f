"""Cross-checks of a role file that the schema cannot express: ids it cites, figure rules, dates.

Run on every role file, also one with field errors (read leniently, see
`schema.Converter`), so `handouts check` lists a dangling source id in the
same pass as a misspelt field. Every problem names the field path and line;
a hint about sources names the sources file beside the role's ``roles/``
folder, the one the office edits, not the built-in ``data/sources.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import Problem, suggest
from handouts.inputs.models import Figure, Role, Source
from handouts.inputs.sheetcheck import Report, check_sheets
from handouts.inputs.values import InvalidValue, date_text
from handouts.paths import display_path

QUALIFIERS = ("over", "about", "under", "at least")


@dataclass
class RoleFile:
    """A role read from a file (perhaps leniently), and what the cross-checks need to name places."""

    file: str
    path: Path
    role: Role
    line: Callable[[str], int]
    skip: Callable[[str], bool] = field(default=lambda where: False)  # consequences of field problems


def sources_file_for(role_path: Path) -> Path:
    """The sources file an office keeps beside the ``roles/`` folder that holds ``role_path``."""
    return role_path.parent.parent / "sources.yaml"


def cross_check(loaded: RoleFile, sources: dict[str, Source], role_ids: set[str]) -> list[Problem]:
    """Dangling source, role and step ids, and the figure rules the schema cannot express."""
    role = loaded.role
    problems: list[Problem] = []
    sources_file = sources_file_for(loaded.path)
    where_listed = (
        f"sources are listed in {display_path(sources_file)}"
        if sources_file.is_file()
        else f"list it in {display_path(sources_file)}, beside roles/"
    )

    def bad(path: str, what: str, fix: str) -> None:
        if not loaded.skip(path):
            problems.append(Problem(loaded.file, loaded.line(path), path, what, fix))

    def check_source(path: str, source_id: str | None) -> None:
        if source_id and source_id not in sources:
            bad(path, f"unknown source id '{source_id}'", suggest(source_id, sources) + f" ({where_listed})")

    for index, source_id in enumerate(role.sources):
        check_source(f"sources[{index}]", source_id)
    check_source("drafted_from", role.drafted_from)
    for index, duty in enumerate(role.duties):
        check_source(f"duties[{index}].source", duty.source)
    for index, note in enumerate(role.education.notes):
        check_source(f"education.notes[{index}].source", note.source)
    if role.certifications is not None:
        for index, cert in enumerate(role.certifications.options):
            check_source(f"certifications.options[{index}].source", cert.source)
    for metric_id, metric in role.figures.items():
        base = f"figures.{metric_id}"
        if not metric.figures:
            bad(f"{base}.figures", "has no figures", "give at least one figure, or remove the metric")
        defaults = [i for i, f in enumerate(metric.figures) if f.default]
        if len(defaults) > 1:
            bad(
                f"{base}.figures[{defaults[1]}].default",
                "more than one figure is marked default",
                "mark only one figure default: true",
            )
        for index, figure in enumerate(metric.figures):
            check_figure(figure, f"{base}.figures[{index}]", bad, check_source)
    for index, setting in enumerate(role.work_settings):
        if setting.share is not None:
            check_figure(setting.share, f"work_settings[{index}].share", bad, check_source)
    for index, step in enumerate(role.advancement):
        check_source(f"advancement[{index}].source", step.source)
        if step.role and step.role not in role_ids:
            bad(
                f"advancement[{index}].role",
                f"unknown role id '{step.role}'",
                suggest(step.role, role_ids) + "; or leave 'role' out for a target that is not a role file",
            )
    check_sheets(role, bad, check_source, lambda f, path: check_figure(f, path, bad, check_source), role_ids)
    return problems


def check_figure(figure: Figure, path: str, bad: Report, check_source: Callable[[str, str | None], None]) -> None:
    """One figure: a value or a whole range, a known qualifier, and a period or a publication date."""
    check_source(f"{path}.source", figure.source)
    has_value = figure.value is not None
    has_range = figure.low is not None or figure.high is not None
    if has_value == has_range:
        bad(
            path,
            "a figure needs either 'value' or both 'low' and 'high'",
            "write value: 44200, or low: 38000 and high: 45000",
        )
    elif has_range and (figure.low is None or figure.high is None):
        bad(path, "a range needs both 'low' and 'high'", "add the missing end of the range")
    elif figure.low is not None and figure.high is not None and figure.low > figure.high:
        bad(f"{path}.low", f"low ({figure.low:g}) is above high ({figure.high:g})", "swap them")
    if figure.qualifier is not None and figure.qualifier not in QUALIFIERS:
        bad(f"{path}.qualifier", f"'{figure.qualifier}' is not a qualifier", suggest(figure.qualifier, QUALIFIERS))
    if figure.period is None and figure.published is None:
        bad(
            path,
            "a figure needs the period it describes, or, where the source gives none, the date it was published",
            'write period: "2024" and year: 2024, or published: "2026-01-28" (the source\'s date)',
        )
    elif figure.period is not None and figure.year is None:
        bad(f"{path}.period", "a figure with a period needs its year", "add year: the latest year the period describes")
    if figure.year is not None and not 1900 <= figure.year <= 2100:
        bad(f"{path}.year", f"year {figure.year} is out of range", "write a four-digit year, e.g. 2024")
    if figure.published is not None:
        try:
            date_text(figure.published)
        except InvalidValue as exc:
            bad(f"{path}.published", str(exc), "")
