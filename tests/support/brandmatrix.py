"""The matrix of brand kits nobody designed the layouts for, crossed with every built-in layout and role count.

Shared by tests/render/test_brands_unlike.py (which asserts on every build)
and scripts/contact_sheets.py (which draws every page for a person to look
at). The kits live in tests/fixtures/brands-unlike/ (see its README); the
roles are the built-in two plus tests/fixtures/third-role, so a comparison
can take three.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from handouts.build import Inputs, brand_for, catalog_for, inspect_handout, markup_for, render_handout
from handouts.errors import HandoutsError, Problem
from handouts.inputs.brand import load_brand
from handouts.inputs.fonts import load_fonts
from handouts.inputs.models import Brand
from handouts.paths import display_path
from handouts.render.document import Rendered, render
from handouts.session import Session
from handouts.templating.environment import LayoutInfo, layout_folders, list_layouts

ROOT = Path(__file__).resolve().parents[2]
KITS = ROOT / "tests" / "fixtures" / "brands-unlike"
THIRD_ROLE = ROOT / "tests" / "fixtures" / "third-role"


def kits() -> list[Path]:
    return sorted(p for p in KITS.iterdir() if (p / "brand.toml").is_file())


def layouts() -> list[LayoutInfo]:
    return sorted(list_layouts(layout_folders()).values(), key=lambda info: info.name)


def inputs(kit: Path) -> Inputs:
    return Inputs(data=[THIRD_ROLE], brand=kit)


# The built-in layouts and the role counts each takes (checklist and pathway one, comparison two or three).
COUNTS = (("checklist", 1), ("comparison", 2), ("comparison", 3), ("pathway", 1))


def load_kit(kit: Path) -> Brand:
    return load_brand(kit)


def cases() -> list[tuple[Path, LayoutInfo, int]]:
    """(kit, layout, role count) for every kit, every built-in layout and every count it takes (1 to 3)."""
    return [
        (kit, info, count)
        for kit in kits()
        for info in layouts()
        for count in range(info.roles_min, min(info.roles_max, 3) + 1)
    ]


def role_sets(info: LayoutInfo, count: int, session: Session) -> list[tuple[str, ...]]:
    """Every set of ``count`` roles that has what the layout needs, in catalog order."""
    catalog = catalog_for(Inputs(data=[THIRD_ROLE]), session)
    eligible = [rid for rid, r in catalog.roles.items() if all(getattr(r, n, None) is not None for n in info.needs)]
    return list(itertools.combinations(eligible, count))


@dataclass
class Built:
    """One build of the matrix: the rendered handout, or what refused it, and what inspection found."""

    kit: Path
    layout: LayoutInfo
    roles: tuple[str, ...]
    rendered: Rendered | None = None
    refused: list[Problem] = field(default_factory=list)
    inspection: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.kit.name}: {self.layout.name}({', '.join(self.roles)})"


def build(kit: Path, info: LayoutInfo, roles: tuple[str, ...], session: Session) -> Built:
    """Render and inspect as `handouts build --strict` does, without writing."""
    built = Built(kit, info, roles)
    try:
        built.rendered, _ = render_handout(info.name, roles, inputs(kit), session=session)
    except HandoutsError as exc:
        built.refused = list(exc.problems)
        return built
    brand = brand_for(inputs(kit), session)
    built.inspection = inspect_handout(built.rendered, info, brand, built.name)
    return built


def render_only(kit: Path, info: LayoutInfo, roles: tuple[str, ...], session: Session) -> Built:
    """Render and inspect without the page budget or the accessibility gate: for what does not depend on fitting."""
    made = markup_for(info.name, roles, inputs(kit), session=session)
    rendered = render(made.tree, made.brand, load_fonts(made.brand), made.catalog.sources, display_path(info.path))
    built = Built(kit, info, roles, rendered)
    built.inspection = inspect_handout(rendered, info, made.brand, built.name)
    return built
