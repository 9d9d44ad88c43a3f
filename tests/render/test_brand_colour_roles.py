"""Any school colour (issue 16 item 8): the band keeps the school's colour, text on the page gets a shade that reads.

A light, yellow or gold primary used to be refused by the contrast check,
because the one primary colour was both the band's fill and the headings'
text. Now the band (and table header rows) are filled with the primary as
given, with black or white on it; headings and links are drawn in a derived
shade of it that passes WCAG AA on white (4.5:1 text, 3:1 for the large
page title). These tests read the colours back from the PDF.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pdfplumber
import pytest

from handouts.inputs.colors import RGB, WHITE, contrast, parse_color
from handouts.session import Session
from tests.conftest import ROOT
from tests.support import brandmatrix

UNLIKE = ROOT / "tests" / "fixtures" / "brands-unlike"
LAKESIDE = ROOT / "examples" / "brands" / "lakeside-high"
GOLD = parse_color("#e8b800")
YELLOW = parse_color("#ffd100")


def _rgb(color) -> RGB:
    assert color is not None and len(color) == 3, color
    return RGB(*(round(v * 255) for v in color))


def _layout(name: str):
    return next(info for info in brandmatrix.layouts() if info.name == name)


@pytest.fixture(scope="module")
def gold_comparison():
    built = brandmatrix.render_only(
        UNLIKE / "gold-a4-bare",
        _layout("comparison"),
        ("medical-assistant", "medical-administrative-assistant"),
        Session(),
    )
    with pdfplumber.open(io.BytesIO(built.rendered.pdf)) as pdf:
        page = pdf.pages[0]
        yield page.chars, page.rects, page.height


def _text_colours(chars, words: str) -> set[RGB]:
    """The fill colours of the characters of the first line that reads ``words``."""
    lines: dict[float, list] = {}
    for c in chars:
        lines.setdefault(round(c["top"], 1), []).append(c)
    for line in lines.values():
        line.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in line)
        if words in text:
            start = text.index(words)
            return {_rgb(c["non_stroking_color"]) for c in line[start : start + len(words)] if not c["text"].isspace()}
    raise AssertionError(f"{words!r} not on the page")


def test_the_band_is_filled_with_the_schools_own_gold_and_its_text_is_black(gold_comparison):
    chars, rects, _ = gold_comparison
    band = min(
        (r for r in rects if r["non_stroking_color"] and _rgb(r["non_stroking_color"]) == GOLD), key=lambda r: r["top"]
    )
    assert band["top"] < 60 and band["width"] > 400  # the header band, across the top of the page
    inside = [c for c in chars if band["top"] <= c["top"] and c["bottom"] <= band["bottom"] and not c["text"].isspace()]
    assert "Lakeview" in "".join(c["text"] for c in inside)
    assert {_rgb(c["non_stroking_color"]) for c in inside} == {RGB(0, 0, 0)}


def test_table_header_row_is_gold_with_black_text(gold_comparison):
    chars, rects, _ = gold_comparison
    header_fills = [
        r for r in rects if r["non_stroking_color"] and _rgb(r["non_stroking_color"]) == GOLD and r["top"] > 100
    ]
    assert header_fills, "no gold table header row"
    row = header_fills[0]
    inside = [
        c for c in chars if row["top"] - 1 <= c["top"] and c["bottom"] <= row["bottom"] + 1 and not c["text"].isspace()
    ]
    assert inside and {_rgb(c["non_stroking_color"]) for c in inside} == {RGB(0, 0, 0)}


def test_headings_are_a_readable_shade_of_the_gold_not_black_or_olive_grey(gold_comparison):
    chars, _, _ = gold_comparison
    (title,) = _text_colours(chars, "Medical Assistant or")
    (heading,) = _text_colours(chars, "At a glance")
    assert contrast(title, WHITE) >= 3.0  # the page title is large text
    assert contrast(heading, WHITE) >= 4.5
    for shade in (title, heading):
        # Still gold: red above green above blue, as in #e8b800, only darker.
        assert shade.r >= shade.g > shade.b, shade
        assert shade != GOLD
    # The large title needs less darkening, so it keeps more of the school's colour.
    assert title.luminance > heading.luminance


@pytest.mark.parametrize("primary", ["#ffd100", "#a8d8f0", "#e8b800", "#f5f5dc"])
def test_check_accepts_a_light_or_yellow_primary(run, tmp_path, primary):
    folder = tmp_path / "kit"
    shutil.copytree(LAKESIDE, folder)
    toml = folder / "brand.toml"
    toml.write_text(toml.read_text().replace('primary = "#0e4d64"', f'primary = "{primary}"', 1))
    code, out = run("check", "--brand", str(folder))
    assert code == 0, out
    assert "primary" not in out


def test_a_heading_colour_the_brand_names_is_used_and_checked(run, tmp_path):
    folder = tmp_path / "kit"
    shutil.copytree(LAKESIDE, folder)
    toml = folder / "brand.toml"
    text = toml.read_text().replace('primary = "#0e4d64"', 'primary = "#ffd100"\nheading = "#cccc00"', 1)
    toml.write_text(text)
    code, out = run("check", "--brand", str(folder))
    assert code == 3
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("heading"))
    assert f"kit/brand.toml:{line}: colors.heading: colors.heading #cccc00 on the white page" in out
    assert 'use heading = "#' in out
    fixed = text.replace('heading = "#cccc00"', 'heading = "#6b5a00"')
    toml.write_text(fixed)
    code, out = run("check", "--brand", str(folder))
    assert code == 0, out
    code, out = run("build", "checklist", "medical-assistant", "--brand", str(folder), "-o", "c.pdf")
    assert code == 0, out
    with pdfplumber.open(Path("c.pdf")) as pdf:
        chars = pdf.pages[0].chars
    assert _text_colours(chars, "Your checklist: becoming a medical assistant") == {RGB(0x6B, 0x5A, 0x00)}
