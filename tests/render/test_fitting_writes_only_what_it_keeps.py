"""Fitting lays out each step but writes only the PDF it keeps, byte for byte what a single render writes."""

from __future__ import annotations

import dataclasses

import pytest

import handouts.build
from handouts.build import render_handout
from handouts.render import fitting
from handouts.render.document import HandoutCanvas, Rendered
from handouts.tagging.pagelog import PageLog
from tests.conftest import PAIR


@pytest.fixture
def saves(monkeypatch) -> list[int]:
    """How many pages each PDF written had (one entry per canvas.save)."""
    written: list[int] = []
    real = HandoutCanvas.save

    def counting(self: HandoutCanvas) -> None:
        written.append(len(self._held_pages))
        real(self)

    monkeypatch.setattr(HandoutCanvas, "save", counting)
    return written


def _only_steps(monkeypatch, names: list[str]) -> None:
    """Fitting tries just the named steps (of those the layout has), in their usual order."""
    real = fitting.steps

    def some(*args, **kwargs):
        return [fit for fit in real(*args, **kwargs) if fit.step in names]

    monkeypatch.setattr(handouts.build.fitting, "steps", some)


def _same(a: Rendered, b: Rendered) -> None:
    """The same PDF and the same record of what was drawn (keep groups are numbered per process: by order)."""
    assert a.pdf == b.pdf
    for field in dataclasses.fields(Rendered):
        if field.name not in ("pdf", "tagger", "page_log"):
            assert getattr(a, field.name) == getattr(b, field.name), field.name
    assert _renumbered(a.page_log) == _renumbered(b.page_log)
    assert a.tagger is not None and b.tagger is not None
    assert (a.tagger.boxes, a.tagger.fills, a.tagger.unmarked) == (b.tagger.boxes, b.tagger.fills, b.tagger.unmarked)


def _renumbered(log: PageLog) -> PageLog:
    order: dict[int, int] = {}
    keeps = [dataclasses.replace(k, group=order.setdefault(k.group, len(order))) for k in log.keeps]
    return dataclasses.replace(log, keeps=keeps)


def test_a_handout_set_three_times_is_written_once(saves):
    rendered, _ = render_handout("pathway", PAIR[:1], tagged=False, forms=False)
    assert rendered.fit == "rebalanced across pages"  # (as designed and tighter spacing were laid out first)
    assert saves == [2]


def test_a_handout_that_fits_as_designed_is_written_once(saves):
    rendered, _ = render_handout("comparison", PAIR)
    assert rendered.fit == "as designed" and saves == [rendered.pages]


def test_the_step_kept_is_the_same_as_that_step_rendered_alone(monkeypatch):
    kept, _ = render_handout("pathway", PAIR[:1])
    _only_steps(monkeypatch, ["rebalanced across pages", "as designed"])
    alone, _ = render_handout("pathway", PAIR[:1])  # (rebalancing needs a result within the budget first)
    assert kept.fit == alone.fit == "rebalanced across pages"
    _same(kept, alone)


def test_a_fallback_kept_while_later_steps_were_tried_is_the_same_as_rendered_alone(monkeypatch, saves):
    """No step both keeps the budget and fills its last page: the first within the budget is written, last."""
    _only_steps(monkeypatch, ["as designed", "tighter spacing"])
    fallback, _ = render_handout("pathway", PAIR[:1])
    assert fallback.fit == "as designed" and fallback.pages == 2
    assert fitting.nearly_empty_last_page(fallback.pages, fallback.boxes, fallback.page_size, fallback.margins)
    assert saves == [2]  # (tighter spacing was laid out after it, and never written)
    _only_steps(monkeypatch, ["as designed"])
    alone, _ = render_handout("pathway", PAIR[:1])
    _same(fallback, alone)


def test_a_handout_over_its_budget_at_every_step_is_still_refused_with_its_page_count(monkeypatch):
    _only_steps(monkeypatch, ["as designed", "tighter spacing"])
    real = handouts.build.page_budget
    monkeypatch.setattr(handouts.build, "page_budget", lambda limit, large: 1 if limit else real(limit, large))
    with pytest.raises(handouts.build.RenderError) as caught:
        render_handout("pathway", PAIR[:1])
    assert "runs to 2 pages" in str(caught.value.problems[0].what)
