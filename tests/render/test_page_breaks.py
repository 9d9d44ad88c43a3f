"""Blocks that cross a page break, with the break falling at every line of every kind of block.

ReportLab's Paragraph forgets its line layout when it cannot be split in the
room left at the foot of a page (a one-line orphan), and is then carried to
the next page; anything that skips wrapping it again there draws a paragraph
without lines and the build fails. Whether that happens depends only on
where the break falls, so each case below slides the same content down the
page a few points at a time (a spacer before it), until the break has
fallen at every line, and checks every piece of text is printed, once.
"""

from __future__ import annotations

import re

import pytest

from tests.support.layoutkit import render_markup

WORDS = ["apply", "study", "train", "work", "learn", "plan", "ask", "help"]
OFFSETS = range(0, 64, 4)  # spacer heights in points: more than the tallest block below, in line-sized steps


def _text(index: int) -> str:
    """Marker N, then 6 to 60 words: blocks from one line to five, differing from their neighbours."""
    words = 6 + (index * 17) % 55
    return f"Marker {index} " + " ".join(WORDS[(index + k) % len(WORDS)] for k in range(words))


def _paragraphs(count: int) -> str:
    return "\n".join(f"<p>{_text(i)}</p>" for i in range(count))


CASES = {
    "paragraphs": (_paragraphs(26), 26),
    "list": ("<ul>" + "".join(f"<li>{_text(i)}</li>" for i in range(30)) + "</ul>", 30),
    # Items of two paragraphs and a nested list: the list splits inside an item's body.
    "list of blocks": (
        "<ol>"
        + "".join(
            f"<li>{_text(3 * i)}<p>{_text(3 * i + 1)}</p><ul><li>{_text(3 * i + 2)}</li></ul></li>" for i in range(10)
        )
        + "</ol>",
        30,
    ),
    "table": (
        '<table header-rows="1"><tr><th>Step</th><th>What it takes</th></tr>'
        + "".join(f"<tr><td>{i}</td><td>{_text(i)}</td></tr>" for i in range(28))
        + "</table>",
        28,
    ),
    "call-out": (
        _paragraphs(14)
        + '<callout title="Note">'
        + "".join(f"<p>{_text(i)}</p>" for i in range(14, 22))
        + "</callout>",
        22,
    ),
    "columns": (
        _paragraphs(8)
        + "<columns><column>"
        + "".join(f"<p>{_text(i)}</p>" for i in range(8, 20))
        + "</column><column>"
        + "".join(f"<p>{_text(i)}</p>" for i in range(20, 24))
        + "</column></columns>",
        24,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_break_position_prints_every_block(tmp_path, case):
    body, count = CASES[case]
    for offset in OFFSETS:
        folder = tmp_path / str(offset)
        folder.mkdir()
        # fit="none": the break positions are the point, so fitting must not pull it all onto one page
        pdf = render_markup(folder, f'<spacer height="{offset}pt"/>\n{body}', attrs='fit="none"')
        assert len(pdf.pages) > 1, (case, offset)
        found = sorted(int(n) for n in re.findall(r"Marker (\d+)", pdf.text))
        assert found == list(range(count)), (case, offset)  # each once (columns are read across by position)
