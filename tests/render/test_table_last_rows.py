"""A table split across pages leaves more than its last row or two for the next page (issue 16, large print)."""

from __future__ import annotations

from tests.support.layoutkit import content_words, render_markup

ROWS = "".join(f"<tr><td>Row{n}</td><td>one line of text</td></tr>" for n in range(1, 9))
BODY = """<spacer height="{space}pt"/>
<table header-rows="1"><tr><th>Name</th><th>What</th></tr>{rows}</table>
<p>After the table.</p>"""


def _rows_on(pdf, page: int) -> set[str]:
    return {w["text"] for w in content_words(pdf, page) if w["text"].startswith("Row")}


def test_the_continuation_holds_at_least_three_rows(tmp_path):
    """Swept down the page a row's height at a time, the split point passes every row: the next page gets
    none, or three or more, never one or two; and every row is printed once."""
    continued = set()
    for space in range(420, 630, 6):
        folder = tmp_path / str(space)
        folder.mkdir()
        pdf = render_markup(folder, BODY.format(space=space, rows=ROWS))
        first, rest = _rows_on(pdf, 0), _rows_on(pdf, 1) if len(pdf.pages) > 1 else set()
        assert first | rest == {f"Row{n}" for n in range(1, 9)} and not first & rest
        assert len(rest) == 0 or len(rest) >= 3 or not first, f"spacer {space} pt: {sorted(rest)} alone on page 2"
        continued.add(len(rest))
    assert {0, 3} <= continued  # the sweep reached the split that was moved up


def test_a_list_of_items_without_a_header_row_breaks_where_it_must(tmp_path):
    """The rule is for tables with a header row: a grid of checklist items or sources has none."""
    rows = "".join(f"<tr><th>Row{n}</th><td>one line</td></tr>" for n in range(1, 9))
    spilled = set()
    for space in range(480, 630, 6):
        folder = tmp_path / str(space)
        folder.mkdir()
        pdf = render_markup(folder, f'<spacer height="{space}pt"/><table header-rows="0">{rows}</table>')
        spilled.add(len(_rows_on(pdf, 1)) if len(pdf.pages) > 1 else 0)
    assert spilled & {1, 2}
