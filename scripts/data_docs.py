"""Write docs/data.md from the data model's docstrings, so the docs cannot drift.

Run: python scripts/data_docs.py   (tests/docs/test_docs.py fails when the file is stale)
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from enum import Enum
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import re  # noqa: E402

from handouts.inputs import models  # noqa: E402
from handouts.inputs.roles import SourcesFile  # noqa: E402

LAYOUTS = ROOT / "layouts"

INTRO = """# Role and source data

Generated from `src/handouts/inputs/models.py` by `scripts/data_docs.py`; do not edit by hand.

Role files live in `roles/<id>.yaml` inside a data folder (the built-in one is
`data/`; give your own with `--data DIR`). Sources live in `sources.yaml`
beside `roles/`. Every field is typed: text stays text exactly as written,
numbers are written without quotes, lists are YAML lists (`- item`), and a
field not listed here is an error. `data/roles/medical-assistant.yaml` uses
nearly every field and is the best example to copy. Every problem in a data
folder is reported in one pass (an unknown source id in a file with a
misspelt field too), and a sources file put inside `roles/` by mistake is
named as such, with the fix.

In layouts, a role is `role` (or `roles[0]`, `roles[1]`, ...) and fields are
read as `role.field`, e.g. `role.education.paths[0].length`. `role.figure("job_growth")`
gives the figure a handout should show for a metric; print it with the `fig`
filter so its period and citation mark come with it: `{{ role.figure("job_growth") | fig }}`.
`role.has_figure("median_pay")` says whether the role has any figure for a metric.

A figure states the **period** it describes (`period`, with `year`, the last
year of it) and, where it matters, the date its source **published** it
(`published`): an article of January 2026 quoting Indeed's pay gives
`published: "2026-01-28"` and no period, because it does not say when the
pay was collected. Such a figure prints as "(period not stated; published 28
January 2026)", never as if it described January 2026, and is shown only when
no figure for the same metric states its period. `handouts check` warns when a
printed figure is older than the brand's `stale_after_years` (3 unless set):
its age counts from `year`, or from the publication date when that is earlier
(a projection's period runs into the future).
"""

# What each built-in layout prints for each figure id, and what it prints when a role has none.
# scripts/data_docs.py refuses to write the docs when a layout prints an id not described here.
FIGURE_IDS: dict[str, list[tuple[str, str, str]]] = {
    "comparison": [
        (
            "pay_range",
            'the "Pay" row (its measure, value, period and citation) and a bar in the pay chart',
            'the median (`median_pay`) in the row and, labelled "(median)", in the chart; with neither, '
            '"Not given in our sources" and no bar',
        ),
        (
            "median_pay",
            'the "Pay" row, "Median: ..." under the range (one line "Median ...; 10th to 90th percentile ..." '
            "when both come from one BLS release)",
            "nothing; the range alone",
        ),
        ("job_growth", 'the "Job outlook" row and a bar in the growth chart', '"Not given in our sources"; no bar'),
        ("openings", 'the "Job outlook" row, after the growth', "nothing"),
        (
            "local_pay",
            'the "Local pay" row, printed when a build has an area (`--area`, or `area` in brand.toml or the job)',
            "the national figure with a note saying BLS publishes none for the area; a role without `soc`: "
            '"Not given: the role has no occupation (SOC) code"',
        ),
        ("local_pay_range", 'the "Local pay" row, after the local median', "as for `local_pay`"),
        (
            "work_settings[].share",
            'the "Work settings" row, after each setting (said once after the last when all come from one source '
            "and time)",
            "the setting's name alone",
        ),
    ],
    "pathway": [
        ("pathway.steps[].pay", 'the "Pay" column of the steps table, with its measure', '"Not given in our sources"'),
    ],
    "checklist": [],
}

BLS_IDS = """
### Figures a build adds from BLS data

With BLS files imported into the data folder (`handouts import wages`,
`handouts import projections`; see [public-data.md](public-data.md)), a build
gives every role that has a `soc` code these figures, each an ordinary
figure (value or range, unit, measure, period, the date BLS published the
release, the area, and a source naming the program and release). A figure
from BLS is the one a handout shows; the role file's own figures for the same
id stay, listed as the others.

| id | figure | from |
| --- | --- | --- |
| `median_pay` | median annual wage in the U.S. (hourly where BLS publishes only hourly) | OEWS, national |
| `pay_range` | 10th to 90th percentile annual wage in the U.S. | OEWS, national |
| `local_pay` | median wage in the area (national, with a note, where BLS has none) | OEWS, state or metro area |
| `local_pay_range` | 10th to 90th percentile wage in the area (or national, with a note) | OEWS, state or metro area |
| `job_growth` | projected change in employment, e.g. 2024–34 | Employment Projections |
| `openings` | projected job openings a year, on average | Employment Projections |
| `employment` | people employed in the base year | Employment Projections |
"""


def layout_figure_ids(text: str) -> set[str]:
    """The figure ids a layout's source names (role.figure("x"), has_figure("x"), figures.x, ["x", ...])."""
    ids = set(re.findall(r'(?:figure|has_figure)\(\s*"([a-z0-9_-]+)"\s*\)', text))
    ids |= set(re.findall(r"figures\.([a-z0-9_]+)", text))
    ids |= set(re.findall(r'"([a-z0-9_]+)" in role\.figures', text))
    for listed in re.findall(r'\[((?:\s*"[a-z0-9_]+",?)+)\]\s*if key in role\.figures', text):
        ids |= set(re.findall(r'"([a-z0-9_]+)"', listed))
    if re.search(r"\.share\b", text):
        ids.add("work_settings[].share")
    if re.search(r"step\.pay\b", text):
        ids.add("pathway.steps[].pay")
    return ids


def figure_ids() -> str:
    """The section on figure ids, checked against what the built-in layouts name."""
    rows = ["| layout | figure id | printed as | when a role has none |", "| --- | --- | --- | --- |"]
    for name, entries in FIGURE_IDS.items():
        found = layout_figure_ids((LAYOUTS / f"{name}.xml.j2").read_text(encoding="utf-8"))
        documented = {entry[0] for entry in entries}
        if found != documented:
            raise SystemExit(
                f"layouts/{name}.xml.j2 prints figure ids {sorted(found)}, the docs describe {sorted(documented)}: "
                "update FIGURE_IDS in scripts/data_docs.py"
            )
        rows += [f"| {name} | `{fid}` | {what} | {missing} |" for fid, what, missing in entries]
    return (
        "## Figure ids the built-in layouts print\n\n"
        "A metric's id is the key under `figures:` in a role file. The built-in layouts print these; "
        "any other id is kept, and a layout of your own can print it. The comparison's "
        '"Why sources give different numbers" box lists the figures not shown for `pay_range`, `median_pay` '
        "and `job_growth`.\n\n" + "\n".join(rows) + "\n" + BLS_IDS
    )


def describe_type(tp: object) -> str:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple:
        return f"list of {describe_type(args[0])}"
    if origin is dict:
        return f"mapping of id to {describe_type(args[1])}"
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return describe_type(inner[0])
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in tp)
    if dataclasses.is_dataclass(tp):
        link = f"[{tp.__name__}](#{tp.__name__.lower()})"
        return f"text, or a {link}" if getattr(tp, "SHORTHAND", None) else link
    return {str: "text", int: "whole number", float: "number", bool: "true or false"}.get(tp, str(tp))


def field_docs(cls: type) -> dict[str, str]:
    docs: dict[str, str] = {}
    current = None
    for line in (cls.__doc__ or "").splitlines():
        stripped = line.strip()
        name, sep, rest = stripped.partition(":")
        if sep and name.replace("_", "").isalnum() and " " not in name:
            current = name
            docs[current] = rest.strip()
        elif current and stripped:
            docs[current] += " " + stripped
        elif not stripped:
            current = None
    return docs


def section(cls: type) -> str:
    hints = typing.get_type_hints(cls)
    docs = field_docs(cls)
    summary = (cls.__doc__ or "").strip().splitlines()[0]
    rows = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for f in dataclasses.fields(cls):
        if not f.init or f.metadata.get("internal"):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        rows.append(
            f"| `{f.name}` | {describe_type(hints[f.name])} | {'yes' if required else 'no'} | {docs.get(f.name, '')} |"
        )
    return f"## {cls.__name__}\n\n{summary}\n\n" + "\n".join(rows) + "\n"


def render() -> str:
    order: list[type] = [SourcesFile]
    seen: set[type] = set()

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.add(cls)
        order.append(cls)
        for tp in typing.get_type_hints(cls).values():
            for candidate in (tp, *typing.get_args(tp), *[a for t in typing.get_args(tp) for a in typing.get_args(t)]):
                if dataclasses.is_dataclass(candidate):
                    visit(candidate)

    visit(models.Role)
    visit(models.Source)
    return INTRO + "\n" + figure_ids() + "\n" + "\n".join(section(cls) for cls in order)


def main() -> None:
    (ROOT / "docs" / "data.md").write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
