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

from handouts.inputs import models  # noqa: E402
from handouts.inputs.roles import SourcesFile  # noqa: E402

INTRO = """# Role and source data

Generated from `src/handouts/inputs/models.py` by `scripts/data_docs.py`; do not edit by hand.

Role files live in `roles/<id>.yaml` inside a data folder (the built-in one is
`data/`; give your own with `--data DIR`). Sources live in `sources.yaml`
beside `roles/`. Every field is typed: text stays text exactly as written,
numbers are written without quotes, lists are YAML lists (`- item`), and a
field not listed here is an error. `data/roles/medical-assistant.yaml` uses
every field and is the best example to copy.

In layouts, a role is `role` (or `roles[0]`, `roles[1]`, ...) and fields are
read as `role.field`, e.g. `role.education.paths[0].length`. `role.figure("job_growth")`
gives the figure a handout should show for a metric; print it with the `fig`
filter so its period and citation mark come with it: `{{ role.figure("job_growth") | fig }}`.
"""


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
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
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
    return INTRO + "\n" + "\n".join(section(cls) for cls in order)


def main() -> None:
    (ROOT / "docs" / "data.md").write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
