"""Fitting's steps and their order (render.fitting), and what they cost the shipped handouts."""

from __future__ import annotations

import pytest

import handouts.build
from handouts.build import render_handout
from handouts.render import fitting
from tests.conftest import PAIR
from tests.support.pdfcheck import Pdf


def test_the_steps_go_from_cheap_and_small_to_costly_and_large_each_keeping_balanced_columns():
    steps = fitting.steps("optional", 2, balance=True, rebalance=True)
    assert [s.step for s in steps] == [
        "as designed",
        "tighter spacing",
        "columns balanced",
        "rebalanced across pages",
        "smaller headings",
        "1 optional part left out",
        "2 optional parts left out",
    ]
    assert not any(s.balance for s in steps[:2]) and all(s.balance for s in steps[2:])
    assert [s.rebalance for s in steps].count(True) == 1
    assert [s.drop_optional for s in steps][-2:] == [1, 2]


def test_a_handout_without_balanced_tables_or_rebalancing_breaks_has_neither_step():
    names = [s.step for s in fitting.steps("optional", 0)]
    assert names == ["as designed", "tighter spacing", "smaller headings"]
    assert [s.step for s in fitting.steps("spacing", 3, balance=True)] == [
        "as designed",
        "tighter spacing",
        "columns balanced",
    ]
    assert [s.step for s in fitting.steps("none", 3, balance=True, rebalance=True)] == ["as designed"]


def _renders(monkeypatch) -> list[str]:
    steps: list[str] = []
    real = handouts.build.lay_out

    def counting(*args, **kwargs):
        steps.append(kwargs["fit"].step)
        return real(*args, **kwargs)

    monkeypatch.setattr(handouts.build, "lay_out", counting)
    return steps


@pytest.mark.parametrize(("layout", "roles"), [("comparison", PAIR), ("checklist", PAIR[:1]), ("checklist", PAIR[1:])])
def test_a_shipped_handout_that_fits_as_designed_is_rendered_once(monkeypatch, layout, roles):
    steps = _renders(monkeypatch)
    render_handout(layout, roles)
    assert steps == ["as designed"]


def test_a_pathway_ending_on_a_nearly_empty_page_is_rebalanced_before_anything_is_made_smaller(monkeypatch):
    """The medical assistant's diagram fills page 1; its steps table is then set from page 2."""
    steps = _renders(monkeypatch)
    rendered, _ = render_handout("pathway", PAIR[:1])
    assert steps[-1] == "rebalanced across pages" and "smaller headings" not in steps
    pdf = Pdf(rendered.pdf)
    assert len(pdf.pages) == 2
    assert "What it takes" not in pdf.pages[0] and "What it takes" in pdf.pages[1]
