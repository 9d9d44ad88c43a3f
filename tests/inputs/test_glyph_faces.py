"""No glyph is dropped: text is checked against the face it is really printed in.

The kit below gives only a regular face (Carlito, which has 'Ɓ' U+0181);
bold and italic fall back to the built-in Open Sans, which lacks it. Text in
a bold style (call-out titles, blank labels, checklist labels, chart titles)
or an italic one (pathway move labels) must be refused naming the
character, and the same text in a regular style must print.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts.errors import RenderError
from tests.support.layoutkit import render_markup

CARLITO = Path(__file__).parents[2] / "examples/brands/northfield-college/fonts/Carlito-Regular.ttf"
HOOK = "\u0181"  # Ɓ: in Carlito, not in Open Sans
PATHWAY = (
    '<pathway alt="Two steps"><step id="a" kind="education">Study</step><step id="b">Work</step>'
    '<move from="a" to="b">{a}</move></pathway>'
)
BAR = '<bar label="{b}" value="12" unit="percent" period="2024" source="fhca-2026"/>'


@pytest.fixture
def kit(tmp_path) -> Path:
    folder = tmp_path / "kit"
    folder.mkdir()
    shutil.copy(CARLITO, folder / "Carlito-Regular.ttf")
    (folder / "brand.toml").write_text('name = "Lakeside High"\n\n[fonts]\nregular = "Carlito-Regular.ttf"\n')
    return folder


REFUSED = {
    "call-out title (bold)": '<callout title="{a} title"><p>Text</p></callout>',
    "blank label (bold)": '<blanks><blank label="{a} name"/></blanks>',
    "checklist label (bold)": '<checklist><item field="one" label="{a} apply"/></checklist>',
    "chart title (bold)": '<chart title="{a} growth">' + BAR.format(b="Fast") + "</chart>",
    "pathway move label (italic)": PATHWAY,
    "heading (bold)": "<h2>{a} heading</h2>",
    "bold in a paragraph": "<p>Plain <b>{a} bold</b></p>",
    "table header cell (bold)": "<table><tr><th>{a} head</th></tr><tr><td>x</td></tr></table>",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_character_the_printed_face_lacks_is_refused(tmp_path, kit, case):
    body = REFUSED[case].format(a=f"{HOOK}x")
    with pytest.raises(RenderError) as info:
        render_markup(tmp_path, body, brand=kit)
    message = str(info.value)
    assert f"the font has no glyph for '{HOOK}' (U+0181)" in message, message
    assert "t.xml.j2" in message


PRINTED = {
    "paragraph": "<p>{a} plain</p>",
    "list item": "<ul><li>{a} item</li></ul>",
    "table cell": "<table><tr><th>Head</th></tr><tr><td>{a} cell</td></tr></table>",
    "call-out text": '<callout title="Title"><p>{a} text</p></callout>',
    "chart bar label": '<chart title="Growth">' + BAR.format(b="{a} fast") + "</chart>",
}


@pytest.mark.parametrize("case", sorted(PRINTED))
def test_the_same_character_in_the_regular_face_prints(tmp_path, kit, case):
    pdf = render_markup(tmp_path, PRINTED[case].format(a=HOOK), brand=kit)
    assert HOOK in pdf.text
