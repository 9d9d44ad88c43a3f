"""The header band and footer with awkward brands: odd logo shapes, EXIF-rotated photos, huge
logos, very long names and contact lines. Nothing may overflow, overlap or lose its shape."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from handouts.build import Inputs, render_handout
from handouts.inputs.logos import KEEP_DPI, LOGO_BOX
from handouts.render.furniture import BAND_HEIGHT, BAND_PAD, BAND_TOP, FOOTER_RULE
from tests.conftest import PAIR
from tests.support.pdfcheck import Pdf, overlapping_chars, text_outside

BRAND = """\
name = "{name}"
short_name = "{short}"
{logo}
website = "{website}"
footer = "{footer}"
paper = "{paper}"

[contact]
office = "{office}"
address = "{address}"
phone = "(555) 010-0100"
email = "careers@example.edu"
hours = "{hours}"
"""


def make_kit(tmp_path: Path, logo: Image.Image | None = None, logo_name: str = "logo.png", **fields: str) -> Path:
    folder = tmp_path / "kit"
    folder.mkdir(exist_ok=True)
    values = {
        "name": "Test School",
        "short": "Test",
        "footer": "Printed by the career office.",
        "paper": "letter",
        "office": "Career Center",
        "address": "Room 1",
        "hours": "Mon-Fri 8-4",
        "website": "https://www.example.edu/careers",
        **fields,
    }
    values["logo"] = f'logo = "{logo_name}"' if logo is not None else ""
    if logo is not None:
        logo.save(folder / logo_name, **({"exif": logo.info["exif"]} if "exif" in logo.info else {}))
    (folder / "brand.toml").write_text(BRAND.format(**values))
    return folder


def build(folder: Path) -> Pdf:
    rendered, _ = render_handout("comparison", PAIR, Inputs(brand=folder))
    return Pdf(rendered.pdf)


def band_images(pdf: Pdf) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        page = doc.pages[0]
        return [im for im in page.images if im["top"] < BAND_TOP + BAND_HEIGHT]


def logo_box(pdf: Pdf) -> tuple[float, float, float, float]:
    """x0, top, x1, bottom of the logo box, top-left origin like pdfplumber."""
    left = 0.6 * 72 + BAND_PAD
    top = BAND_TOP + (BAND_HEIGHT - LOGO_BOX[1]) / 2
    return left, top, left + LOGO_BOX[0], top + LOGO_BOX[1]


def logo(width: int, height: int, mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, (width, height), "white")
    image.paste("navy", (width // 4, height // 4, width * 3 // 4, height * 3 // 4))
    return image


@pytest.mark.parametrize(
    "size",
    [(1200, 200), (200, 1200), (600, 600), (3000, 40), (40, 1500)],
    ids=["wide", "tall", "square", "strip", "pole"],
)
def test_logo_of_any_shape_fits_its_box_with_its_aspect_ratio(tmp_path, size):
    pdf = build(make_kit(tmp_path, logo(*size)))
    (image,) = band_images(pdf)
    x0, top, x1, bottom = logo_box(pdf)
    assert x0 - 0.5 <= image["x0"] and image["x1"] <= x1 + 0.5
    assert top - 0.5 <= image["top"] and image["bottom"] <= bottom + 0.5
    width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
    assert width / height == pytest.approx(size[0] / size[1], rel=0.02)
    assert width == pytest.approx(LOGO_BOX[0], abs=0.5) or height == pytest.approx(LOGO_BOX[1], abs=0.5)


def test_jpeg_exif_orientation_is_honoured(tmp_path):
    """A phone photo stored sideways (orientation 6: rotate 90 degrees) prints upright: tall, not wide."""
    stored = logo(800, 200)
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    stored.save(buffer, format="JPEG", exif=exif.tobytes())
    folder = make_kit(tmp_path, Image.new("RGB", (1, 1)), logo_name="photo.jpg")
    (folder / "photo.jpg").write_bytes(buffer.getvalue())
    (image,) = band_images(build(folder))
    width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
    assert height / width == pytest.approx(4, rel=0.02)


def test_transparent_palette_png_is_drawn(tmp_path):
    image = logo(600, 240).convert("P")
    image.info["transparency"] = 0
    (drawn,) = band_images(build(make_kit(tmp_path, image)))
    assert drawn["srcsize"] == (600, 240)


def test_huge_logo_is_embedded_at_600_dpi_not_at_full_size(tmp_path):
    pdf = build(make_kit(tmp_path, logo(4000, 1600)))
    (image,) = band_images(pdf)
    assert image["srcsize"] == (round(LOGO_BOX[0] / 72 * KEEP_DPI), round(LOGO_BOX[1] / 72 * KEEP_DPI))
    assert len(pdf.data) < 400_000


def _band_chars(pdf: Pdf) -> list[dict]:
    return [c for c in pdf.chars[0] if c["bottom"] <= BAND_TOP + BAND_HEIGHT + 1 and not c["text"].isspace()]


def _assert_band_is_tidy(pdf: Pdf) -> str:
    chars = _band_chars(pdf)
    left, right = 0.6 * 72, pdf.page_sizes[0][0] - 0.6 * 72
    for c in chars:
        assert left <= c["x0"] and c["x1"] <= right, c
        assert c["top"] >= BAND_TOP - 0.5 and c["bottom"] <= BAND_TOP + BAND_HEIGHT + 0.5, c
    assert overlapping_chars(chars) == []
    return "".join(c["text"] for c in chars)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_long_name_wraps_and_shrinks_inside_the_band(tmp_path, paper):
    name = "The Northern Tri-County Regional Vocational Technical High School and Adult Career Development Center"
    pdf = build(make_kit(tmp_path, logo(1200, 400), name=name, paper=paper))
    text = _assert_band_is_tidy(pdf)
    assert name.replace(" ", "") in text
    sizes = {round(c["size"], 1) for c in _band_chars(pdf) if c["fontname"].endswith("Bold")}
    assert max(sizes) < 12  # shrunk from the normal 12 pt


def test_a_name_too_long_for_any_size_falls_back_to_the_short_name(tmp_path):
    name = " ".join(["Extraordinarily Long Institutional Name"] * 8)
    pdf = build(make_kit(tmp_path, logo(1200, 400), name=name, short="Short Name High"))
    text = _assert_band_is_tidy(pdf)
    assert "ShortNameHigh" in text


def test_one_unbreakable_word_never_runs_past_the_band(tmp_path):
    pdf = build(
        make_kit(tmp_path, logo(1200, 400), name="Pneumonoultramicroscopicsilicovolcanoconiosis" * 2, short="P")
    )
    _assert_band_is_tidy(pdf)


def test_name_without_a_logo_starts_at_the_band_edge(tmp_path):
    pdf = build(make_kit(tmp_path, None, name="No Logo Academy"))
    assert band_images(pdf) == []
    chars = _band_chars(pdf)
    assert min(c["x0"] for c in chars) < 0.6 * 72 + 20
    _assert_band_is_tidy(pdf)


def _footer(pdf: Pdf) -> str:
    height = pdf.page_sizes[0][1]
    return " ".join(w["text"] for w in pdf.words[0] if height - w["top"] < FOOTER_RULE)


def test_long_contact_line_drops_hours_then_address_never_phone_or_email(tmp_path):
    pdf = build(
        make_kit(
            tmp_path,
            address="Building 7, Second Floor, 12345 Very Long Boulevard Name, Springfield Township",
            hours="Monday to Thursday 7:30 am to 6:00 pm, Friday 7:30 am to 3:00 pm, closed on holidays",
            office="Office of College, Career and Military Readiness",
        )
    )
    footer = _footer(pdf)
    assert "(555) 010-0100" in footer and "careers@example.edu" in footer and "Page 1 of 2" in footer
    assert "Monday to Thursday" not in footer
    assert text_outside(pdf, 0.6 * 72, 0.6 * 72, 0, 0) == []
    height = pdf.page_sizes[0][1]
    assert overlapping_chars([c for c in pdf.chars[0] if height - c["top"] < FOOTER_RULE]) == []


def _links(pdf: Pdf) -> list[tuple[float, float, float, float, str]]:
    """The first page's link areas (x0, y0, x1, y1 from the bottom) and what each opens."""
    with pikepdf.open(io.BytesIO(pdf.data)) as doc:
        out = []
        for annot in doc.pages[0].obj.get("/Annots", []):
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            uri = str(annot.get("/A", {}).get("/URI", ""))
            out.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), uri))
        return out


def _below_footer_rule(pdf: Pdf) -> tuple[str, str]:
    """The footer's text below the lowest long rule: the left column, then the right (page label and
    address, whose left edge is the leftmost of the label and the address's links), each top to bottom."""
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        page = doc.pages[0]
        rule = max(line["top"] for line in page.lines if line["x1"] - line["x0"] > 300)
        chars = [c for c in page.chars if c["top"] > rule]
        label = page.search("Page 1 of")[0]["x0"]
        split = min([label, *(x0 for x0, _, _, y1, _ in _links(pdf) if page.height - y1 > rule - 2)])
    rows: dict[float, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["bottom"], 1), []).append(c)
    ordered = [sorted(rows[y], key=lambda c: c["x0"]) for y in sorted(rows)]
    left = ["".join(c["text"] for c in row if c["x1"] < split - 1).strip() for row in ordered]
    right = ["".join(c["text"] for c in row if c["x0"] >= split - 1) for row in ordered]
    return " ".join(t for t in left if t), "".join(right)


def test_long_footer_text_wraps_whole_inside_the_margins(tmp_path):
    line = "This handout may be copied freely for students. " * 6
    pdf = build(make_kit(tmp_path, footer=line))
    left, right = _below_footer_rule(pdf)
    assert " ".join(line.split()) in left
    assert "\u2026" not in left + right
    assert right.startswith("Page 1 of 2") and right.endswith("www.example.edu/careers")
    assert text_outside(pdf, 0.6 * 72, 0.6 * 72, 0, 0) == []
    height = pdf.page_sizes[0][1]
    assert overlapping_chars([c for c in pdf.chars[0] if height - c["top"] < 2 * 72]) == []


def test_long_web_address_breaks_after_slashes_and_every_line_is_a_link(tmp_path):
    url = "https://www.lakeside.example/students/career-center/health-programs/medical-assisting?term=fall&campus=north"
    pdf = build(make_kit(tmp_path, website=url))
    _, right = _below_footer_rule(pdf)
    assert right == "Page 1 of 2" + url.removeprefix("https://")
    links = [link for link in _links(pdf) if link[4] == url]
    assert len(links) >= 2  # one per printed line, each opening the whole address


def test_brand_name_the_font_cannot_draw_fails_the_build_naming_the_field(run, tmp_path):
    folder = make_kit(tmp_path, None, name="Escuela \u2603")
    code, out = run("build", "comparison", *PAIR, "--brand", str(folder))
    assert code == 4
    assert "fonts.bold: the built-in Open Sans font has no glyph for '\u2603' (U+2603) in brand.toml: name" in out
    assert list(tmp_path.rglob("*.pdf")) == []


def test_blurry_logo_warns_on_build_too(run, tmp_path):
    folder = make_kit(tmp_path, logo(150, 60))
    code, out = run("build", "comparison", *PAIR, "--brand", str(folder))
    assert code == 0, out
    assert "warning: kit/brand.toml:3: logo: 'logo.png' is 150 x 60 pixels" in out and "100 dpi" in out


def test_sixteen_bit_greyscale_logo_keeps_its_greys(tmp_path):
    """Pillow clips 16-bit grey straight to white when converting to RGB; the logo must stay grey."""
    from handouts.inputs.logos import logo_image

    Image.new("I;16", (600, 240), 30000).save(tmp_path / "grey.png")
    assert logo_image(tmp_path / "grey.png").getpixel((5, 5)) == (116, 116, 116)
