"""`rlcompat.cached_to_unicode_cmap` writes what ReportLab's ``makeToUnicodeCMap`` writes, asked once or again."""

from __future__ import annotations

import inspect

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import ttfonts

from handouts.render import document  # noqa: F401  (installs it, as any build does)
from handouts.tagging import rlcompat
from handouts.tagging.rlcompat import cached_to_unicode_cmap

REPORTLAB = rlcompat._REPORTLAB_TO_UNICODE  # ReportLab's own, as installing found it
NAMES = st.sampled_from(["AAAAAA+Habc123", "AAAAAB+Habc123", "AAAAAA+Hdef456", "Font-Name"])
SUBSETS = st.lists(st.integers(0, 0x10FFFF), min_size=1, max_size=300)


def test_installed_in_place_of_reportlabs_own() -> None:
    assert ttfonts.makeToUnicodeCMap is cached_to_unicode_cmap
    assert REPORTLAB is not None and REPORTLAB.__module__ == "reportlab.pdfbase.ttfonts"
    assert inspect.getsource(REPORTLAB).startswith("def makeToUnicodeCMap(fontname, subset):")


@settings(max_examples=200, deadline=None)
@given(NAMES, SUBSETS)
def test_the_same_text_the_first_time_and_after(name: str, subset: list[int]) -> None:
    expected = REPORTLAB(name, list(subset))
    assert cached_to_unicode_cmap(name, subset) == expected
    assert cached_to_unicode_cmap(name, list(subset)) == expected


def test_another_name_or_subset_is_not_taken_for_one_seen() -> None:
    subset = [0, 32, 65, 66]
    first = cached_to_unicode_cmap("AAAAAA+Hx", subset)
    subset.append(67)  # the caller's list changes after the call: what was remembered does not
    assert cached_to_unicode_cmap("AAAAAA+Hx", subset) == REPORTLAB("AAAAAA+Hx", subset) != first
    assert cached_to_unicode_cmap("AAAAAB+Hx", [0, 32, 65, 66]) == REPORTLAB("AAAAAB+Hx", [0, 32, 65, 66]) != first
    assert cached_to_unicode_cmap("AAAAAA+Hx", [0, 32, 65, 66]) == first


def test_installing_again_keeps_reportlabs_own_to_call() -> None:
    rlcompat.install_cached_to_unicode_cmap()
    assert rlcompat._REPORTLAB_TO_UNICODE is REPORTLAB
    assert cached_to_unicode_cmap("AAAAAC+Hx", [0, 1]) == REPORTLAB("AAAAAC+Hx", [0, 1])
