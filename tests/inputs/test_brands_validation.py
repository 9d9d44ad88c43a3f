"""`handouts check --brand`: one test per kind of mistake, each naming the file, line, field and fix."""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from handouts.inputs.colors import WHITE, contrast, parse_color
from tests.conftest import ROOT

LAKESIDE = ROOT / "examples" / "brands" / "lakeside-high"
NORTHFIELD = ROOT / "examples" / "brands" / "northfield-college"


def kit(tmp_path: Path, *edits: tuple[str, str], source: Path = LAKESIDE) -> Path:
    """A copy of an example kit with brand.toml lines replaced (old must be present)."""
    target = tmp_path / "kit"
    shutil.copytree(source, target)
    toml = target / "brand.toml"
    text = toml.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    toml.write_text(text)
    return target


def line_of(folder: Path, needle: str) -> int:
    for number, line in enumerate((folder / "brand.toml").read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def check(run, folder: Path) -> tuple[int, str]:
    return run("check", "--brand", str(folder))


def suggested(out: str, field: str) -> str:
    match = re.search(rf'use {field} = "(#[0-9a-f]{{6}})"', out)
    assert match, out
    return match.group(1)


def test_the_examples_pass_without_warnings(run):
    for folder in (LAKESIDE, NORTHFIELD):
        code, out = check(run, folder)
        assert code == 0, out
        assert out.startswith("all good:") and "warning" not in out


def test_unknown_key_suggests_the_right_one(run, tmp_path):
    folder = kit(tmp_path, ('primary = "#0e4d64"', 'primay = "#0e4d64"'))
    code, out = check(run, folder)
    assert code == 3
    line = line_of(folder, "primay")
    assert (
        f"kit/brand.toml:{line}: colors.primay: unknown field 'primay' in BrandColors; did you mean 'primary'?" in out
    )


def test_unknown_top_level_key(run, tmp_path):
    folder = kit(tmp_path, ("website = ", "websit = "))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'websit =')}: websit: unknown field 'websit' in Brand; did you mean 'website'?"
        in out
    )


def test_colour_that_does_not_parse(run, tmp_path):
    folder = kit(tmp_path, ('text = "#1a202c"', 'text = "#1a202"'))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'text = ')}: colors.text: '#1a202' is not a colour; "
        'write a hex colour like "#1f4e79" or a CSS colour name like "navy"' in out
    )


def test_colour_names_are_accepted(run, tmp_path):
    folder = kit(
        tmp_path, ('text = "#1a202c"', 'text = "black"'), ('background = "#eaf4f7"', 'background = "aliceblue"')
    )
    code, out = check(run, folder)
    assert code == 0, out


def test_text_on_white_below_aa_names_pair_ratio_and_a_passing_colour(run, tmp_path):
    folder = kit(tmp_path, ('text = "#1a202c"', 'text = "#999999"'))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'text = ')}: colors.text: colors.text #999999 on the white page "
        "(body text on the page) has contrast 2.85:1, below the 4.5:1 WCAG AA asks for; use text = " in out
    )
    fix = parse_color(suggested(out, "text"))
    assert contrast(fix, WHITE) >= 4.5
    assert contrast(fix, parse_color("#eaf4f7")) >= 4.5
    assert min(contrast(fix, WHITE), contrast(fix, parse_color("#eaf4f7"))) < 4.6  # the nearest, not just black


def test_text_on_background_below_aa(run, tmp_path):
    folder = kit(
        tmp_path, ('text = "#1a202c"', 'text = "#595959"'), ('background = "#eaf4f7"', 'background = "#a0a0a0"')
    )
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'text = ')}: colors.text: colors.text #595959 on colors.background #a0a0a0 "
        "(text in call-outs and shaded table rows) has contrast 2.68:1" in out
    )
    fix = parse_color(suggested(out, "text"))
    assert contrast(fix, parse_color("#a0a0a0")) >= 4.5 and contrast(fix, WHITE) >= 4.5


def test_a_light_primary_is_accepted_and_headings_get_a_readable_shade(run, tmp_path):
    """The primary is the band's fill; headings use a derived shade (tests/render/test_brand_colour_roles.py)."""
    folder = kit(tmp_path, ('primary = "#0e4d64"', 'primary = "#e87722"'))
    code, out = check(run, folder)
    assert code == 0, out
    assert "primary" not in out


def test_text_on_the_band_suggests_a_darker_band(run, tmp_path):
    folder = kit(tmp_path, ('primary = "#0e4d64"', 'primary = "#2f6f8f"\non_primary = "#dddddd"'))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'on_primary')}: colors.on_primary: colors.on_primary #dddddd on "
        "colors.primary #2f6f8f (the name in the header band and table header text) has contrast 4.08:1" in out
    )
    band = parse_color(suggested(out, "primary"))
    assert contrast(band, parse_color("#dddddd")) >= 4.5 and contrast(band, WHITE) >= 4.5
    assert "or leave out on_primary" in out


def test_text_on_the_band_suggests_lighter_text_when_the_band_cannot_change(run, tmp_path):
    folder = kit(tmp_path, ('primary = "#0e4d64"', 'primary = "#0e4d64"\non_primary = "#4a7a8a"'))
    code, out = check(run, folder)
    assert code == 3
    assert "colors.on_primary: colors.on_primary #4a7a8a on colors.primary #0e4d64" in out
    text = parse_color(suggested(out, "on_primary"))
    assert contrast(text, parse_color("#0e4d64")) >= 4.5


def test_weak_accent_is_a_warning_not_an_error(run, tmp_path):
    folder = kit(tmp_path, ('accent = "#c05621"', 'accent = "#f0c419"'))
    code, out = check(run, folder)
    assert code == 0, out
    assert (
        f"warning: kit/brand.toml:{line_of(folder, 'accent = ')}: colors.accent: colors.accent #f0c419 on the white "
        "page (call-out edges and chart bars) has contrast 1.66:1, below the 3:1 WCAG AA asks for; use accent = " in out
    )
    assert "no errors, 1 warning" in out


def test_logo_missing(run, tmp_path):
    folder = kit(tmp_path, ('logo = "logo.png"', 'logo = "logo-2024.png"'))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'logo = ')}: logo: file 'logo-2024.png' not found in the brand kit; "
        'name a file inside the brand kit folder, e.g. "logo.png"' in out
    )


def test_logo_outside_the_kit(run, tmp_path):
    folder = kit(tmp_path, ('logo = "logo.png"', 'logo = "../../etc/passwd"'))
    code, out = check(run, folder)
    assert code == 3
    assert "logo: '../../etc/passwd' points outside the brand kit" in out


def test_logo_that_is_not_an_image(run, tmp_path):
    folder = kit(tmp_path)
    (folder / "logo.png").write_text("<html>not a logo</html>")
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'logo = ')}: logo: 'logo.png' is not a PNG or JPEG image; "
        "save the logo as .png (best for logos) or .jpg" in out
    )


def test_logo_in_another_image_format(run, tmp_path):
    folder = kit(tmp_path, ('logo = "logo.png"', 'logo = "logo.gif"'))
    Image.new("RGB", (600, 240), "navy").save(folder / "logo.gif")
    code, out = check(run, folder)
    assert code == 3
    assert f"kit/brand.toml:{line_of(folder, 'logo = ')}: logo: 'logo.gif' is not a PNG or JPEG image" in out


def test_svg_logo_says_why_and_how_to_convert(run, tmp_path):
    folder = kit(tmp_path, ('logo = "logo.png"', 'logo = "logo.svg"'))
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'logo = ')}: logo: 'logo.svg' is an SVG file, and SVG logos are not "
        "supported (see docs/brands.md for why); export the logo as a PNG at 600 dpi" in out
    )


def test_truncated_logo(run, tmp_path):
    folder = kit(tmp_path)
    data = (folder / "logo.png").read_bytes()
    (folder / "logo.png").write_bytes(data[: len(data) // 2])
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'logo = ')}: logo: 'logo.png' cannot be decoded: the file is damaged or "
        "truncated; export it again as PNG or JPEG" in out
    )


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with almost no data: what a decompression bomb looks like."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("size", "said"),
    [
        ((5000, 5000), "'logo.png' is 5,000 x 5,000 pixels, more than the 16,000,000 allowed"),
        ((10000, 10000), "'logo.png' has more pixels than can be opened safely"),  # Pillow's warning, made an error
        ((30000, 30000), "'logo.png' has more pixels than can be opened safely"),  # Pillow's own error
    ],
)
def test_logo_with_too_many_pixels(run, tmp_path, size, said):
    folder = kit(tmp_path)
    (folder / "logo.png").write_bytes(_png_header_only(*size))
    code, out = check(run, folder)
    assert code == 3
    assert f"kit/brand.toml:{line_of(folder, 'logo = ')}: logo: {said}" in out
    assert "(a guard against decompression bombs); scale it down" in out


def test_small_logo_warns_with_its_dpi(run, tmp_path):
    folder = kit(tmp_path)
    Image.new("RGB", (150, 60), "navy").save(folder / "logo.png")
    code, out = check(run, folder)
    assert code == 0, out
    assert (
        f"warning: kit/brand.toml:{line_of(folder, 'logo = ')}: logo: 'logo.png' is 150 x 60 pixels, printed at "
        "1.50 x 0.60 in that is 100 dpi and will look blurry (under 150 dpi); use a larger image, "
        "at least 450 x 180 pixels (300 dpi)" in out
    )


def test_font_that_does_not_load(run, tmp_path):
    folder = kit(tmp_path, source=NORTHFIELD)
    (folder / "fonts" / "Carlito-Bold.ttf").write_bytes(b"\0\1\0\0" + b"garbage" * 20)
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'bold = ')}: fonts.bold: font 'fonts/Carlito-Bold.ttf' cannot be used: "
        "the file is damaged or truncated; download or export the font again as a TrueType (.ttf) file" in out
    )


def test_opentype_cff_font_says_what_works(run, tmp_path):
    folder = kit(tmp_path, source=NORTHFIELD)
    (folder / "fonts" / "Carlito-Regular.ttf").write_bytes(b"OTTO" + bytes(200))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'regular = ')}: fonts.regular: font 'fonts/Carlito-Regular.ttf' cannot be "
        "used: it is an OpenType font with PostScript (CFF) outlines, which is not supported; give the TrueType "
        "(.ttf) version of the font" in out
    )


def test_font_problem_does_not_hide_a_colour_problem(run, tmp_path):
    folder = kit(tmp_path, ('text = "#222222"', 'text = "#aaaaaa"'), source=NORTHFIELD)
    (folder / "fonts" / "Carlito-Italic.ttf").unlink()
    code, out = check(run, folder)
    assert code == 3
    assert "fonts.italic: file 'fonts/Carlito-Italic.ttf' not found in the brand kit" in out
    assert "colors.text: colors.text #aaaaaa on the white page" in out


def test_font_file_missing(run, tmp_path):
    folder = kit(tmp_path, source=NORTHFIELD)
    (folder / "fonts" / "Carlito-Italic.ttf").unlink()
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'italic = ')}: fonts.italic: file 'fonts/Carlito-Italic.ttf' not found" in out
    )


def test_font_lacking_glyphs_the_data_needs(run, tmp_path, data_copy):
    role = data_copy / "roles" / "medical-assistant.yaml"
    role.write_text(role.read_text().replace('name: "Medical Assistant"', 'name: "Medical Assistant (医疗助理)"', 1))
    folder = kit(tmp_path, source=NORTHFIELD)
    code, out = run("check", "--brand", str(folder), "--data", str(data_copy))
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'regular = ')}: fonts (regular, bold, italic, bold_italic): "
        "'fonts/Carlito-Regular.ttf', 'fonts/Carlito-Bold.ttf', 'fonts/Carlito-Italic.ttf', "
        "'fonts/Carlito-BoldItalic.ttf' have no glyph for "
        "'助' (U+52A9), '医' (U+533B), '理' (U+7406), '疗' (U+7597) in data/roles/medical-assistant.yaml: name; "
        "use fonts that cover these characters, or change the text" in out
    )


def test_brand_text_the_brand_fonts_cannot_draw(run, tmp_path):
    folder = kit(tmp_path, ('footer = "Free', 'footer = "\u2603 Free'))
    code, out = check(run, folder)
    assert code == 3
    assert (
        "kit/brand.toml: fonts.regular: the built-in Open Sans font has no glyph for '\u2603' (U+2603) in "
        "brand.toml: footer; set [fonts] in a brand kit to TrueType files that cover these characters" in out
    )


def test_unsupported_paper(run, tmp_path):
    folder = kit(tmp_path, ('paper = "letter"', 'paper = "tabloid"'))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'paper = ')}: paper: 'tabloid' is not one of letter, a4, legal; "
        "valid names are a4, legal, letter" in out
    )


def test_paper_name_in_capitals_is_accepted(run, tmp_path):
    folder = kit(tmp_path, ('paper = "letter"', 'paper = "A4"'))
    code, out = check(run, folder)
    assert code == 0, out


def test_bad_language_tag(run, tmp_path):
    folder = kit(tmp_path, ('language = "en-US"', 'language = "English"'))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'language = ')}: language: 'English' is not a language tag; write a BCP 47 tag"
        in out
    )


def test_bad_website(run, tmp_path):
    folder = kit(tmp_path, ('website = "https://lakesidehigh.example/careers"', 'website = "lakesidehigh.example"'))
    code, out = check(run, folder)
    assert code == 3
    assert (
        f"kit/brand.toml:{line_of(folder, 'website = ')}: website: 'lakesidehigh.example' is not a web address" in out
    )


def test_every_problem_is_listed_at_once(run, tmp_path):
    folder = kit(
        tmp_path,
        ('text = "#1a202c"', 'text = "#1a202"'),
        ('logo = "logo.png"', 'logo = "missing.png"'),
        ('paper = "letter"', 'paper = "a5"'),
    )
    code, out = check(run, folder)
    assert code == 3
    assert out.startswith("3 problems:"), out
    assert (
        "paper: 'a5'" in out
        and "colors.text: '#1a202' is not a colour" in out
        and "file 'missing.png' not found" in out
    )


def test_build_refuses_a_broken_kit_and_writes_nothing(run, tmp_path):
    folder = kit(tmp_path, ('text = "#1a202c"', 'text = "#cccccc"'))
    code, out = run(
        "build", "comparison", "medical-assistant", "medical-administrative-assistant", "--brand", str(folder)
    )
    assert code == 3
    assert "colors.text: colors.text #cccccc on the white page" in out
    assert list(tmp_path.rglob("*.pdf")) == []
