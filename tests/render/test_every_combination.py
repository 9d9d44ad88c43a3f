"""Every built-in layout x shipped roles x example brand x Letter and A4, inspected strictly.

No one can look at every combination by eye, so each is rendered and run
through the same inspection `handouts build --strict` uses (warnings count
as failures). How it stays fast: everything renders in one process with
data, brands, fonts and compiled templates cached, and inspection works
from what the renderer drew (a few ms). Role combinations are all of them
while a layout has at most `MAX_COMBINATIONS`; past that a fixed,
deterministic sample is taken that still puts every role in every column
position at least once (see `_sample`). A few combinations are also read
back from the file (`inspect_pdf`) to keep the drawn record honest.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from handouts.build import Inputs, catalog_for, markup_for, render_handout
from handouts.inputs.models import Paper
from handouts.inspection import Settings, inspect_pdf, inspect_rendered
from handouts.session import Session
from handouts.templating.environment import layout_folders, list_layouts
from tests.conftest import ROOT

MAX_COMBINATIONS = 12
SESSION = Session()
PAPERS = (Paper.letter, Paper.a4)


def _brands() -> list[Path | None]:
    folder = ROOT / "examples" / "brands"
    kits = sorted(p for p in folder.glob("*") if (p / "brand.toml").is_file()) if folder.is_dir() else []
    return [None, *kits]


def _layouts() -> list:
    return list(list_layouts(layout_folders()).values())


def _sample(combos: list[tuple[str, ...]], roles: list[str]) -> list[tuple[str, ...]]:
    """All combinations when few; else an even spread that covers every role in every position."""
    if len(combos) <= MAX_COMBINATIONS:
        return combos
    chosen: list[tuple[str, ...]] = []
    for position in range(len(combos[0])):
        for role in roles:
            if not any(c[position] == role for c in chosen):
                match = next((c for c in combos if c[position] == role), None)
                if match is not None:
                    chosen.append(match)
    step = max(1, len(combos) // MAX_COMBINATIONS)
    chosen += [c for c in combos[::step] if c not in chosen]
    return chosen[: max(MAX_COMBINATIONS, len(chosen))]


def _combinations(info, roles: list[str]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = []
    for count in range(info.roles_min, info.roles_max + 1):
        if count == 1:
            combos += [(r,) for r in roles]
        else:
            # Order changes which column a role lands in, so both orders of a pair count.
            combos += list(itertools.permutations(roles, count))
    return _sample(combos, roles)


def _render(layout: str, roles: tuple[str, ...], brand_dir: Path | None, paper: Paper):
    """Rendered as `handouts build` renders it: fitted to the page budget (refused if it cannot be)."""
    made = markup_for(layout, roles, Inputs(brand=brand_dir), session=SESSION)
    rendered, info = render_handout(
        layout, roles, Inputs(brand=brand_dir), paper=paper.value, markup=made, session=SESSION
    )
    settings = Settings(min_text_size=made.brand.min_text_size, max_pages=info.max_pages)
    return rendered, settings


CASES = [
    pytest.param(info.name, brand, paper, id=f"{info.name}-{brand.name if brand else 'default'}-{paper.value}")
    for info in _layouts()
    for brand in _brands()
    for paper in PAPERS
]


@pytest.mark.parametrize(("layout", "brand_dir", "paper"), CASES)
def test_every_role_combination_passes_strict_inspection(layout, brand_dir, paper):
    info = list_layouts(layout_folders())[layout]
    roles = sorted(catalog_for(Inputs()).roles)
    combos = _combinations(info, roles)
    assert combos, f"layout {layout} takes {info.roles_min}-{info.roles_max} roles; only {len(roles)} ship"
    failures = []
    for combo in combos:
        rendered, settings = _render(layout, combo, brand_dir, paper)
        width, height = rendered.page_size
        assert (round(width), round(height)) == ((612, 792) if paper is Paper.letter else (595, 842))
        problems = inspect_rendered(rendered, f"{layout}({', '.join(combo)})", settings)
        failures += [str(p) for p in problems]
    assert failures == []


@pytest.mark.parametrize("paper", PAPERS, ids=[p.value for p in PAPERS])
def test_read_back_agrees_for_each_layout(paper, tmp_path):
    """The file-reading inspection finds nothing either, for the first combination of each layout."""
    roles = sorted(catalog_for(Inputs()).roles)
    for info in _layouts():
        combo = _combinations(info, roles)[0]
        rendered, settings = _render(info.name, combo, None, paper)
        path = tmp_path / f"{info.name}.pdf"
        path.write_bytes(rendered.pdf)
        assert inspect_pdf(path, settings) == []
