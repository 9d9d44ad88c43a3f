"""Document settings, headings, paragraphs with inline markup, and lists, read back from the PDF."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from tests.support.layoutkit import content_chars, content_words, raises_layout_error, render_markup, structure
from tests.support.pdfcheck import A4, LEGAL, LETTER


def test_handout_title_and_language_reach_the_pdf(tmp_path):
    pdf = render_markup(tmp_path, "<p>Hola.</p>", attrs='lang="es-MX"')
    assert pdf.reader.metadata.title == "Test handout"
    with pikepdf.open(io.BytesIO(pdf.data)) as doc:
        assert str(doc.Root.Lang) == "es-MX"
        assert bool(doc.Root.ViewerPreferences.DisplayDocTitle)


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("legal", LEGAL), ("letter", LETTER)])
def test_paper_overrides_the_brand(tmp_path, paper, size):
    pdf = render_markup(tmp_path, "<p>Paper.</p>", attrs=f'paper="{paper}"')
    assert pdf.page_sizes[0] == pytest.approx(size, abs=0.5)


def test_margins_move_the_text(tmp_path):
    body = "<p>" + "Wide margins keep every line of this paragraph well inside the page. " * 12 + "</p>"
    pdf = render_markup(tmp_path, body, attrs='margins="2in 1.5in 1in 1.5in"')
    body_chars = content_chars(pdf)
    assert min(c["top"] for c in body_chars) >= 144 - 0.5
    assert max(c["x1"] for c in body_chars) <= 612 - 108 + 0.5
    assert min(c["x0"] for c in body_chars) == pytest.approx(108, abs=0.5)
    assert max(c["x1"] for c in body_chars) > 612 - 108 - 30  # lines run to the right margin


def test_top_margin_never_runs_under_the_header_band(tmp_path):
    pdf = render_markup(tmp_path, "<p>Top.</p>", attrs='margins="0.2in 0.6in 0.6in 0.6in"')
    top = min(c["top"] for c in pdf.chars[0] if c["text"] == "T")
    assert top >= 0.4 * 72 + 0.8 * 72  # below the band


def test_max_pages_in_the_markup_is_enforced(tmp_path):
    from handouts.errors import RenderError

    with pytest.raises(
        RenderError, match="runs to 2 pages even set as tightly as the layout allows; this layout allows 1"
    ):
        render_markup(tmp_path, "<p>One</p><pagebreak/><p>Two</p>", attrs='max-pages="1"')


def test_headings_in_order_with_levels_and_sizes(tmp_path):
    pdf = render_markup(tmp_path, "<h1>Main title</h1><h2>A section</h2><h3>A sub-section</h3><p>Body.</p>")
    assert pdf.pages[0].index("Main title") < pdf.pages[0].index("A section") < pdf.pages[0].index("A sub-section")
    tree = structure(pdf)
    assert [(n.role, n.text) for n in tree.children[:3]] == [
        ("H1", "Main title"),
        ("H2", "A section"),
        ("H3", "A sub-section"),
    ]
    sizes = {c["text"]: c["size"] for c in content_chars(pdf) if c["text"] in "MAB"}
    assert sizes["M"] > sizes["A"] > sizes["B"]


def test_inline_bold_italic_underline_link_break_and_citation(tmp_path):
    body = (
        '<p>Plain <b>strong</b> <i>slanted</i> <u>lined</u> <a href="https://example.org/x">a link</a>'
        '<br/>second line<cite source="fhca-2026"/></p><sources/>'
    )
    pdf = render_markup(tmp_path, body)
    words = {w["text"]: w for w in content_words(pdf)}

    def fonts_of(word: str) -> set[str]:
        box = words[word]
        inside = [c for c in content_chars(pdf) if box["x0"] - 0.1 <= c["x0"] and c["x1"] <= box["x1"] + 0.1]
        return {c["fontname"].split("+")[-1] for c in inside if abs(c["top"] - box["top"]) < 1}

    assert fonts_of("strong") == {"OpenSans-Bold"}
    assert fonts_of("slanted") == {"OpenSans-Italic"}
    assert fonts_of("Plain") == {"OpenSans"}
    assert words["second"]["top"] > words["Plain"]["top"] + 5  # <br/> starts a new line
    assert "second line [1]" in pdf.pages[0]
    assert "[1] Florida Healthcare Academy." in pdf.pages[0]
    links = [a.get_object() for a in pdf.reader.pages[0]["/Annots"]]
    assert any(a["/A"]["/URI"] == "https://example.org/x" for a in links)
    # The underline of <u> is a line drawn under "lined".
    lined = words["lined"]
    with __import__("pdfplumber").open(io.BytesIO(pdf.data)) as plumber:
        page = plumber.pages[0]
        underlines = [
            e for e in page.lines + page.rects if abs(e["top"] - lined["bottom"]) < 3 and e["x0"] <= lined["x0"] + 1
        ]
    assert underlines


def test_paragraph_sizes_and_alignment(tmp_path):
    body = '<p size="lead">Lead text.</p><p size="small">Small print.</p><p align="right">Right.</p>'
    pdf = render_markup(tmp_path, body)
    size = {w["text"]: w for w in content_words(pdf)}
    chars = {c["text"]: c["size"] for c in content_chars(pdf)}
    assert chars["L"] > chars["S"]
    assert size["Right."]["x1"] == pytest.approx(612 - 43.2, abs=1)


def test_nested_lists_number_and_bullet_in_order(tmp_path):
    body = (
        '<ol start="3"><li>Third<ul><li>inner one</li><li>inner two</li></ul></li><li>Fourth</li></ol>'
        "<ul><li>Bullet</li></ul>"
    )
    pdf = render_markup(tmp_path, body)
    text = pdf.pages[0]
    # The label and the item are drawn apart, not separated by a space character: whether a text
    # extractor puts one between them is its own choice (pypdf 5.0 did not), so the gap is measured.
    assert re.search(r"3\. ?Third", text) and re.search(r"4\. ?Fourth", text)
    assert text.index("inner one") < text.index("inner two") < text.index("Fourth")
    words = content_words(pdf)
    label = next(w for w in words if w["text"] == "3.")
    inner = next(w for w in words if w["text"] == "inner")
    third = next(w for w in words if w["text"] == "Third")
    assert label["top"] == pytest.approx(third["top"]) and third["x0"] - label["x1"] > 3  # a label column
    assert inner["x0"] > third["x0"]  # nested list is indented under its item
    tree = structure(pdf)
    lists = tree.find("L")
    assert len(lists) == 3
    assert lists[0].children[0].role == "LI"
    # A list inside a list item is the second level: dashes, not bullets.
    assert [n.text for n in lists[0].find("Lbl")] == ["3.", "–", "–", "4."]
    assert lists[2].find("Lbl")[0].text == "•"
    assert lists[1] in lists[0].walk()  # the inner list sits inside the outer one


def test_role_text_with_markup_prints_literally(tmp_path, data_copy):
    role = data_copy / "roles" / "medical-assistant.yaml"
    text = role.read_text()
    hostile = "<b>not bold</b> & <font color='red'>x</font>"
    role.write_text(text.replace('short_name: "MA"', f'short_name: "{hostile.replace(chr(34), chr(39))}"', 1))
    pdf = render_markup(tmp_path, "<p>{{ role.short_name }}</p>", data=[data_copy])
    assert "<b>not bold</b> & <font color='red'>x</font>" in pdf.pages[0]
    assert not any(c["fontname"].endswith("Bold") for c in content_chars(pdf))


def test_unknown_attribute_names_the_choices(tmp_path):
    message = raises_layout_error(tmp_path, '<p sise="small">x</p>')
    assert "<p>: unknown attribute 'sise'; did you mean 'size'?" in message
    assert "rendered markup line" in message


@pytest.mark.parametrize(
    ("margins", "message"),
    [
        ("0.5in 5in 0.5in 5in", "the margins leave a text area of"),
        ("10in", "the margins leave a text area of"),
        ("0.1in", "side margins of 0.10 in reach into the unprintable border"),
    ],
)
def test_margins_a_page_cannot_hold_are_refused_by_name(tmp_path, margins, message):
    from handouts.errors import RenderError

    with pytest.raises(RenderError) as caught:
        render_markup(tmp_path, "<p>Some text.</p>", attrs=f'margins="{margins}"')
    assert "<handout margins>" in str(caught.value) and message in str(caught.value)


def test_a_small_bottom_margin_still_keeps_text_off_the_footer(tmp_path):
    pdf = render_markup(tmp_path, "<p>Line.</p>" * 120, attrs='margins="0.6in 0.6in 0.3in 0.6in"')
    for chars in pdf.chars:
        body = [c for c in chars if c["text"].strip() and c["size"] > 9.5]  # the footer is 9 pt
        assert all(c["bottom"] < pdf.page_sizes[0][1] - 0.62 * 72 for c in body)
