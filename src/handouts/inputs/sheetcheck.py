"""Cross-checks for a role's checklist and advancement path that the schema cannot express.

Called from `data`'s cross-check with its problem recorder, so every finding
is a ``file:line: field.path: what; fix`` line like any other data problem:
duplicate ids, unknown sources and roles, unusable links, and the path's
graph faults (a move to a step that does not exist, a loop, a step nothing
leads to). The graph facts come from `pathgraph`, the same functions the
diagram layout relies on, so data that passes here can always be drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from handouts.errors import suggest
from handouts.inputs import pathgraph
from handouts.inputs.models import Checklist, Figure, Pathway, Role
from handouts.inputs.schema import ID_PATTERN
from handouts.inputs.values import InvalidValue, url

Report = Callable[[str, str, str], None]  # (field path, what is wrong, fix)


def check_sheets(
    role: Role,
    bad: Report,
    check_source: Callable[[str, str], None],
    check_figure: Callable[[Figure, str], None],
    role_ids: Collection[str],
) -> None:
    """Report every problem in ``role.checklist`` and ``role.pathway``."""
    if role.checklist is not None:
        _check_checklist(role.checklist, bad, check_source)
    if role.pathway is not None:
        _check_pathway(role.pathway, bad, check_source, check_figure, role_ids)


def _check_checklist(checklist: Checklist, bad: Report, check_source: Callable[[str, str], None]) -> None:
    seen: dict[str, int] = {}
    if not checklist.items:
        bad("checklist.items", "the checklist has no items", "add at least one item with id, action and detail")
    for index, item in enumerate(checklist.items):
        base = f"checklist.items[{index}]"
        _check_id(item.id, f"{base}.id", bad)
        if item.id in seen:
            bad(
                f"{base}.id",
                f"duplicate item id '{item.id}' (first at items[{seen[item.id]}])",
                "give each item its own id; the fillable checkbox is named after it",
            )
        seen.setdefault(item.id, index)
        for number, source_id in enumerate(item.sources):
            check_source(f"{base}.sources[{number}]", source_id)
        if item.link is not None:
            try:
                url(item.link)
            except InvalidValue as exc:
                bad(f"{base}.link", str(exc), "or leave link out")


def _check_pathway(
    pathway: Pathway,
    bad: Report,
    check_source: Callable[[str, str], None],
    check_figure: Callable[[Figure, str], None],
    role_ids: Collection[str],
) -> None:
    if not pathway.steps:
        bad("pathway.steps", "the path has no steps", "add the step the path starts from, then the ones it leads to")
        return
    for index, step in enumerate(pathway.steps):
        base = f"pathway.steps[{index}]"
        _check_id(step.id, f"{base}.id", bad)
        if step.role is not None and step.role not in role_ids:
            bad(
                f"{base}.role",
                f"unknown role id '{step.role}'",
                suggest(step.role, role_ids) + "; or leave 'role' out for a step that is not a role file",
            )
        for number, source_id in enumerate(step.sources):
            check_source(f"{base}.sources[{number}]", source_id)
        if step.pay is not None:
            check_figure(step.pay, f"{base}.pay")
    ids = [step.id for step in pathway.steps]
    edges: list[tuple[str, str]] = []
    places: list[str] = []  # field path of each edge's 'to', for line numbers
    for index, step in enumerate(pathway.steps):
        for number, move in enumerate(step.leads_to):
            edges.append((step.id, move.to))
            places.append(f"pathway.steps[{index}].leads_to[{number}].to")
    for fault in pathgraph.faults(ids, edges):
        _report_fault(fault, ids, edges, places, bad)
    start = pathway.steps[0].id
    reached = pathgraph.reachable(ids, edges, start)
    for index, step in enumerate(pathway.steps):
        if step.id not in reached:
            bad(
                f"pathway.steps[{index}]",
                f"step '{step.id}' cannot be reached from the first step '{start}'",
                f"add a move to it (leads_to: [{{to: {step.id}, requires: ...}}]) from a step before it, or remove it",
            )


def _report_fault(
    fault: pathgraph.Fault, ids: list[str], edges: list[tuple[str, str]], places: list[str], bad: Report
) -> None:
    """One graph fault as a problem at the field that causes it."""
    if fault.kind == "repeated step":
        step = ids[fault.index]
        bad(
            f"pathway.steps[{fault.index}].id",
            f"duplicate step id '{step}' (first at steps[{ids.index(step)}])",
            "give each step its own id",
        )
        return
    start, end = edges[fault.index]
    place = places[fault.index]
    if fault.kind == "repeated move":
        bad(place, f"step '{start}' leads to '{end}' twice", "keep one of the two moves")
    elif fault.kind == "unknown step":
        bad(
            place,
            f"step '{start}' leads to unknown step id '{end}'",
            suggest(end, ids) + "; every 'to' must be the id of a step in this pathway",
        )
    else:
        bad(
            place,
            "the path loops back on itself: " + " -> ".join(fault.cycle),
            f"a path only moves forward; remove the move from '{start}' to '{end}' or another in the loop",
        )


def _check_id(value: str, where: str, bad: Report) -> None:
    if not ID_PATTERN.match(value):
        bad(where, f"'{value}' is not a valid id", "use lowercase letters, digits and dashes, e.g. get-certified")
