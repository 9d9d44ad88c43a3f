"""Every built-in layout x each example brand and the default x every paper size, read back from the PDF.

Layouts are listed from the built-in folder at collection time, so a layout
added later is covered without editing this file. Each combination is built
once (cached for the module) and every test below reads a different fact
from it: page size, logo in its box, name in the band and inside the
margins, brand colours in the drawing and in rendered pixels, footer
contents, embedded brand fonts, nothing outside the margins.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2
import pytest
from PIL import Image

from handouts.build import Inputs, brand_for, catalog_for, markup_for, render_handout
from handouts.inputs.colors import parse_color
from handouts.inputs.logos import LOGO_BOX
from handouts.inputs.models import Brand, Paper
from handouts.paths import builtin_dir
from handouts.render.document import Rendered
from handouts.render.furniture import BAND_HEIGHT, BAND_TOP, STRIPE, website_label
from handouts.templating.environment import list_layouts
from tests.conftest import ROOT
from tests.support.pdfcheck import A4, LEGAL, LETTER, Pdf, overlapping_chars

EXAMPLES = ROOT / "examples" / "brands"
BRANDS = {
    "default": None,
    "lakeside-high": EXAMPLES / "lakeside-high",
    "northfield-college": EXAMPLES / "northfield-college",
}
PAPERS = {"letter": LETTER, "a4": A4, "legal": LEGAL}
LAYOUTS = sorted(list_layouts([builtin_dir("layouts")]))
CASES = [(layout, brand, paper) for layout in LAYOUTS for brand in BRANDS for paper in PAPERS]
IDS = [f"{layout}-{brand}-{paper}" for layout, brand, paper in CASES]
TOL = 0.6


@dataclass
class Built:
    brand: Brand
    rendered: Rendered
    pdf: Pdf
    expected_paper: str

    @property
    def band(self) -> tuple[float, float, float, float]:
        """The header band in PDF coordinates (x0, y0, x1, y1)."""
        width, height = self.rendered.page_size
        _, right, _, left = self.rendered.margins
        return left, height - BAND_TOP - BAND_HEIGHT, width - right, height - BAND_TOP


def _roles_for(layout: str) -> list[str]:
    """As many roles as the layout takes (two where it allows), like `handouts check` uses."""
    info = list_layouts([builtin_dir("layouts")])[layout]
    roles = list(catalog_for(Inputs()).roles)
    return roles[: max(info.roles_min, min(info.roles_max, 2))]


@cache
def build(layout: str, brand: str, paper: str) -> Built:
    inputs = Inputs(brand=BRANDS[brand], paper=Paper(paper))
    roles = _roles_for(layout)
    tree = markup_for(layout, roles, inputs).tree
    rendered, _ = render_handout(layout, roles, inputs)
    return Built(brand_for(inputs), rendered, Pdf(rendered.pdf), tree.attrs.get("paper") or paper)


@pytest.fixture(params=CASES, ids=IDS)
def built(request) -> Built:
    return build(*request.param)


def test_page_size_is_the_brand_paper(built):
    expected = PAPERS[built.expected_paper]
    assert all(size == pytest.approx(expected, abs=0.5) for size in built.pdf.page_sizes)


def test_logo_is_inside_its_box_with_its_shape_kept(built):
    x0, y0, _, y1 = built.band
    height = built.rendered.page_size[1]
    box_left = x0 + 0.1 * 72
    box_bottom = y0 + (BAND_HEIGHT - LOGO_BOX[1]) / 2
    box = (box_left, box_bottom, box_left + LOGO_BOX[0], box_bottom + LOGO_BOX[1])
    with pdfplumber.open(io.BytesIO(built.rendered.pdf)) as pdf:
        for page in pdf.pages:
            in_band = [im for im in page.images if height - im["bottom"] >= y0 - TOL and height - im["top"] <= y1 + TOL]
            if built.brand.logo is None:
                assert in_band == []
                continue
            assert len(in_band) == 1
            image = in_band[0]
            ix0, ix1 = image["x0"], image["x1"]
            iy0, iy1 = height - image["bottom"], height - image["top"]
            assert box[0] - TOL <= ix0 and ix1 <= box[2] + TOL
            assert box[1] - TOL <= iy0 and iy1 <= box[3] + TOL
            # Fitted: it fills the box in one direction.
            assert ix1 - ix0 == pytest.approx(LOGO_BOX[0], abs=0.5) or iy1 - iy0 == pytest.approx(LOGO_BOX[1], abs=0.5)
            with Image.open(Path(built.brand.folder) / built.brand.logo) as source:
                aspect = source.width / source.height
            assert (ix1 - ix0) / (iy1 - iy0) == pytest.approx(aspect, rel=0.01)


def test_school_name_is_in_the_band_and_inside_the_margins(built):
    x0, y0, x1, y1 = built.band
    height = built.rendered.page_size[1]
    name_words = built.brand.name.split()
    for number, chars in enumerate(built.pdf.chars):
        assert built.brand.name in built.pdf.pages[number]
        band_chars = [
            c for c in chars if y0 <= height - c["bottom"] and height - c["top"] <= y1 and not c["text"].isspace()
        ]
        band_text = "".join(c["text"] for c in band_chars)
        assert "".join(name_words) in band_text
        for c in band_chars:
            assert x0 - TOL <= c["x0"] and c["x1"] <= x1 + TOL, c
        assert overlapping_chars(band_chars) == []


def _fill_colours(data: bytes) -> set[tuple[float, float, float]]:
    found = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "rg":
                    found.add(tuple(round(float(v), 3) for v in operands))
    return found


def test_brand_colours_are_drawn(built):
    primary = parse_color(built.brand.colors.primary)
    accent = parse_color(built.brand.colors.accent)
    fills = _fill_colours(built.rendered.pdf)
    assert tuple(round(v, 3) for v in primary.floats) in fills
    assert tuple(round(v, 3) for v in accent.floats) in fills


def test_band_and_stripe_pixels_are_the_brand_colours(built):
    x0, y0, x1, _ = built.band
    height = built.rendered.page_size[1]
    document = pypdfium2.PdfDocument(built.rendered.pdf)
    try:
        image = document[0].render(scale=2).to_pil().convert("RGB")
    finally:
        document.close()

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        return image.getpixel((round(x * 2), round((height - y) * 2)))

    primary = parse_color(built.brand.colors.primary)
    accent = parse_color(built.brand.colors.accent)
    band_point = pixel(x1 - 4, y0 + 4)
    stripe_point = pixel((x0 + x1) / 2, y0 - STRIPE / 2)
    assert max(abs(a - b) for a, b in zip(band_point, primary, strict=True)) <= 3, band_point
    assert max(abs(a - b) for a, b in zip(stripe_point, accent, strict=True)) <= 3, stripe_point


def test_footer_has_contact_website_and_page_x_of_y_on_sheets_of_two_or_more(built):
    height = built.rendered.page_size[1]
    total = len(built.pdf.pages)
    contact = built.brand.contact
    frame_bottom = built.rendered.margins[2]  # the footer (however many lines it wraps to) sits under the frame
    for number, words in enumerate(built.pdf.words, start=1):
        footer = " ".join(w["text"] for w in words if height - w["top"] < frame_bottom)
        if total > 1:
            assert f"Page {number} of {total}" in footer
        else:  # a one-page sheet needs no "Page 1 of 1"
            assert "Page" not in footer
        if contact.phone:
            assert contact.phone in footer
            assert contact.email in footer
        else:
            assert built.brand.name.split()[0] in footer
        if built.brand.website:
            assert website_label(built.brand.website) in footer
        if built.brand.footer:
            assert built.brand.footer.split()[0] in footer


def test_fonts_are_embedded_and_the_brands(built):
    fonts = built.pdf.fonts()
    assert fonts and all(fonts.values()), fonts
    expected = "Carlito" if built.brand.fonts.regular else "OpenSans"
    assert all(re.fullmatch(rf"/[A-Z]{{6}}\+{expected}(-\w+)?", name) for name in fonts), fonts


def test_nothing_outside_the_margins_or_over_the_band(built):
    width, height = built.rendered.page_size
    top, right, bottom, left = built.rendered.margins
    _, by0, _, by1 = built.band
    bad = []
    for number, chars in enumerate(built.pdf.chars, start=1):
        for c in chars:
            if c["text"].isspace():
                continue
            y_top, y_bottom = height - c["top"], height - c["bottom"]
            inside_x = left - TOL <= c["x0"] and c["x1"] <= width - right + TOL
            in_band = by0 - TOL <= y_bottom and y_top <= by1 + TOL
            in_frame = bottom - TOL <= y_bottom and y_top <= height - top + TOL
            in_footer = y_bottom >= 0.25 * 72 and y_top <= bottom + TOL
            if not (inside_x and (in_band or in_frame or in_footer)):
                bad.append(f"page {number}: {c['text']!r} at ({c['x0']:.1f}, {y_bottom:.1f})")
    assert bad == []


@pytest.mark.parametrize("brand", ["lakeside-high", "northfield-college"])
def test_same_brand_build_is_byte_identical(brand):
    """Logos are decoded and re-encoded by us; the bytes must still not change between builds."""
    first, _ = render_handout(LAYOUTS[0], _roles_for(LAYOUTS[0]), Inputs(brand=BRANDS[brand]))
    second, _ = render_handout(LAYOUTS[0], _roles_for(LAYOUTS[0]), Inputs(brand=BRANDS[brand]))
    assert first.pdf == second.pdf
