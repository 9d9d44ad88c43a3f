"""The footer's lines are worked out once per brand, font, size and width, and are what working them out gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from handouts.build import Inputs, brand_for
from handouts.inputs.fonts import load_fonts
from handouts.inputs.models import Contact
from handouts.render import furniture
from handouts.render.styles import styles_for

BRANDS = Path(__file__).resolve().parents[2] / "examples" / "brands"


def _worked_out(brand, styles, column):
    style = styles["footer"]
    return furniture._footer_lines.__wrapped__(brand, style.fontName, style.fontSize, column)


def test_the_footer_kept_is_the_footer_worked_out_for_each_brand_and_width():
    for folder in (None, BRANDS / "lakeside-high", BRANDS / "northfield-college"):
        brand = brand_for(Inputs(brand=folder))
        styles = styles_for(brand, load_fonts(brand))
        for column in (250.0, 400.0, 468.0, 523.3):
            kept = furniture.footer_lines(brand, styles, column)
            assert kept == _worked_out(brand, styles, column)
            assert furniture.footer_lines(brand, styles, column) is kept  # once


def test_a_brand_with_other_contact_details_gets_its_own_footer():
    brand = brand_for(Inputs(brand=BRANDS / "lakeside-high"))
    styles = styles_for(brand, load_fonts(brand))
    before = furniture.footer_lines(brand, styles, 468.0)
    longer = dataclasses.replace(
        brand, contact=Contact(office="Office of Career and Technical Education Advising", phone="(555) 010-0000")
    )
    after = furniture.footer_lines(longer, styles, 468.0)
    assert after != before
    assert after == _worked_out(longer, styles, 468.0)
    assert any("Technical Education" in line for line in after.left)
