"""A `<keep>` group that starts with a heading moves whole when it does not fit, the heading's space included."""

from __future__ import annotations

from tests.support.layoutkit import content_words, render_markup

BODY = """<spacer height="{space}pt"/>
<p>Above the group.</p>
<keep>
<h2>Heading</h2>
<table header-rows="1"><tr><th>Header</th></tr><tr><td><ul><li>Firstcell</li><li>Two</li><li>Three</li><li>Four</li><li>Five</li><li>Six</li></ul></td></tr></table>
</keep>
<p>Below the group.</p>"""


def _pages(pdf, text: str) -> list[int]:
    return [page for page in range(len(pdf.pages)) for w in content_words(pdf, page) if w["text"] == text]


def test_a_heading_is_never_left_at_the_foot_of_a_page_without_its_table(tmp_path):
    """Swept across the page foot a point or two at a time: ReportLab measured the group without the
    heading's space before, so within a few points of the foot the heading stayed and the table moved."""
    moved = 0
    for space in range(480, 600, 2):
        folder = tmp_path / str(space)
        folder.mkdir()
        pdf = render_markup(folder, BODY.format(space=space))
        [heading], [cell] = _pages(pdf, "Heading"), _pages(pdf, "Firstcell")
        assert heading == cell, f"spacer {space} pt: heading on page {heading + 1}, its table on page {cell + 1}"
        moved += heading == 1
    assert 0 < moved < 60  # the sweep crosses the point where the group moves to page 2


SOURCES = """<spacer height="{space}pt"/>
<p>B<cite source="fhca-2026"/> then A<cite source="research-com-2026"/>.</p>
<sources title="Whereabouts"/>"""


def test_a_short_sources_list_stays_on_one_page_with_its_heading(tmp_path):
    """Two sources near the foot of a page: the heading and both entries move together (in large print the
    second entry alone made a page)."""
    moved = 0
    for space in range(520, 620, 3):
        folder = tmp_path / str(space)
        folder.mkdir()
        pdf = render_markup(folder, SOURCES.format(space=space))
        where = {_pages(pdf, text)[0] for text in ("Whereabouts", "Florida", "Research.com.")}
        assert len(where) == 1, f"spacer {space} pt: the sources list is split across pages"
        moved += where == {1}
    assert 0 < moved < 34
