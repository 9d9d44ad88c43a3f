"""A new brand kit: a commented brand.toml and a placeholder logo that build at once.

The placeholder values (logo, web address, phone, e-mail, room) come from
`inputs.placeholders`, which `handouts check` uses to warn about each one
still left, so a kit is never "all good" before the office has made it its own.

The template names every field with a one-line comment, so the web person
who makes the kit learns the format from the file itself (docs/brands.md has
the details). The placeholder logo is drawn here with Pillow at run time
rather than shipped, at the logo box's shape and 400 dpi, so it never warns
as blurry and shows exactly where a real logo will sit.
"""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from handouts.errors import OutputError, Problem, UsageError
from handouts.inputs.brand import BRAND_FILE
from handouts.inputs.fonts import builtin_font_path
from handouts.inputs.models import Paper
from handouts.inputs.placeholders import ADDRESS, EMAIL, LOGO_MARK, NAME, PHONE, WEBSITE
from handouts.output import write_atomic
from handouts.paths import display_path

LOGO_FILE = "logo.png"
LOGO_PIXELS = (600, 240)  # the logo box's 2.5:1 shape, 400 dpi at 1.5 x 0.6 in

TEMPLATE = """\
# Brand kit for handouts: how every handout from your office looks.
# The logo, web address, phone, e-mail and room below are placeholders: replace
# them with your own (check warns about each one left; --strict refuses).
# Paths are relative to this folder; files outside it are refused.
# Check it after every change:   handouts check --brand {folder}
# Every field, with examples:    docs/brands.md

# Printed in the header band; a long name wraps, then shrinks to fit.
name = {name}
# Used when space is tight, and when the full name cannot fit the band.
short_name = {short_name}
# PNG or JPEG, fitted into a 1.5 x 0.6 in box with its shape kept.
# 450 x 180 pixels or more prints sharp; replace this placeholder with yours.
logo = "{logo}"
# Your office's web page, printed in the footer (layouts may add a QR code).
website = "{website}"
# A line at the foot of every page; a long one wraps.
footer = "Questions? Visit or call us; appointments are free."
# letter, a4 or legal
paper = "{paper}"
# The language of your text (a BCP 47 tag), read out by screen readers.
language = "en-US"
# Pay for this state or metro area, printed beside the national figures: a name, a unique
# part of one, or the BLS area code. Needs BLS wages in your data folder (docs/public-data.md).
# area = "Portland-Vancouver"
# Years past its period after which a printed figure is reported as old (default 3).
# stale_after_years = 3

# "#rrggbb" or CSS colour names. Checked for contrast (WCAG AA, 4.5:1 for text).
[colors]
# Your school colour, printed as it is: header band, table headers. Light or gold is fine.
primary = "#1f4e79"
# Call-out edges, chart bars, the stripe under the header band.
accent = "#b4530a"
# Body text.
text = "#1f2328"
# Light fill behind call-outs and shaded table rows.
background = "#eef3f8"
# Text on the primary colour; leave out for white or black, whichever reads better.
# on_primary = "#ffffff"
# Headings and links; leave out for primary, or the nearest darker shade of it that reads on white.
# heading = "#1f4e79"

# TrueType (.ttf) files in this folder; any face left out uses the built-in Open Sans.
[fonts]
# regular = "fonts/MyFont-Regular.ttf"
# bold = "fonts/MyFont-Bold.ttf"
# italic = "fonts/MyFont-Italic.ttf"
# bold_italic = "fonts/MyFont-BoldItalic.ttf"

# Printed in the footer; to keep it to two lines, hours are left out first, then address.
[contact]
office = "College and Career Center"
address = "{address}"
phone = "{phone}"
email = "{email}"
hours = "Monday to Friday, 8:00 to 4:00"
"""


def write_brand_kit(folder: Path, name: str = NAME, paper: Paper = Paper.letter) -> list[Path]:
    """Write brand.toml and logo.png into ``folder`` (created if needed); never overwrite either."""
    if not name.strip() or any(unicodedata.category(c) == "Cc" for c in name):
        raise UsageError(
            problems=[Problem("command line", 0, "--name", f"{name!r} is not a name", "give printable text")]
        )
    targets = [folder / BRAND_FILE, folder / LOGO_FILE]
    existing = [p for p in targets if p.exists() or p.is_symlink()]
    if existing:
        raise OutputError(
            problems=[
                Problem(
                    display_path(p),
                    0,
                    "",
                    "already exists; a new brand kit never overwrites files",
                    "choose a new folder, or move the existing file away first",
                )
                for p in existing
            ]
        )
    short = name if len(name) <= 24 else name.split()[0]
    text = TEMPLATE.format(
        folder=display_path(folder),
        name=_toml_string(name),
        short_name=_toml_string(short),
        logo=LOGO_FILE,
        paper=paper.value,
        website=WEBSITE,
        address=ADDRESS,
        phone=PHONE,
        email=EMAIL,
    )
    write_atomic(targets[1], placeholder_logo(), what="the logo")
    write_atomic(targets[0], text.encode("utf-8"), what="brand.toml")
    return targets


def placeholder_logo() -> bytes:
    """A PNG saying where the logo goes: a dashed frame and "YOUR LOGO", transparent around it."""
    width, height = LOGO_PIXELS
    image = Image.new("RGBA", LOGO_PIXELS, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, width - 5, height - 5), radius=24, fill=(238, 243, 248, 255))
    blue = (31, 78, 121, 255)
    for x in range(24, width - 24, 36):
        draw.line((x, 10, x + 18, 10), fill=blue, width=6)
        draw.line((x, height - 11, x + 18, height - 11), fill=blue, width=6)
    for y in range(24, height - 24, 36):
        draw.line((10, y, 10, y + 18), fill=blue, width=6)
        draw.line((width - 11, y, width - 11, y + 18), fill=blue, width=6)
    font = ImageFont.truetype(str(builtin_font_path("bold")), 84)
    draw.text((width / 2, height / 2 - 18), "YOUR LOGO", font=font, fill=blue, anchor="mm")
    small = ImageFont.truetype(str(builtin_font_path("regular")), 30)
    draw.text((width / 2, height / 2 + 56), "PNG or JPEG, 2.5 : 1", font=small, fill=blue, anchor="mm")
    buffer = io.BytesIO()
    marked = PngInfo()  # how `inputs.placeholders` tells this image from a real logo
    marked.add_text(*LOGO_MARK)
    image.save(buffer, format="PNG", optimize=True, pnginfo=marked)
    return buffer.getvalue()


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is a subset TOML accepts)."""
    return json.dumps(text, ensure_ascii=False)
