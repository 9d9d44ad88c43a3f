"""Draw the logos of the two fictional example brand kits (run from the repository root).

    python examples/brands/draw_logos.py

The schools are made up; the logos are drawn here from simple shapes and
the kits' own fonts so their provenance is plain and anyone can redraw them.
Lakeside's is wide (4:1) and a transparent PNG; Northfield's is tall (3:5)
and a JPEG, so the examples cover both shapes and both formats.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
OPEN_SANS_BOLD = HERE.parent.parent / "src" / "handouts" / "builtin" / "fonts" / "OpenSans-Bold.ttf"
CARLITO_BOLD = HERE / "northfield-college" / "fonts" / "Carlito-Bold.ttf"


def lakeside(path: Path) -> None:
    """A lighthouse over waves in a roundel, then the wordmark: about 4:1, transparent."""
    image = Image.new("RGBA", (1600, 400), (0, 0, 0, 0))
    blue, orange, white = (14, 77, 100, 255), (192, 86, 33, 255), (255, 255, 255, 255)
    roundel = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(roundel)
    draw.rectangle((0, 0, 400, 400), fill=blue)
    draw.polygon([(172, 120), (228, 120), (250, 300), (150, 300)], fill=white)
    draw.rectangle((164, 170, 236, 195), fill=orange)
    draw.rectangle((158, 240, 242, 265), fill=orange)
    draw.polygon([(158, 120), (242, 120), (200, 78)], fill=orange)
    draw.rectangle((186, 98, 214, 120), fill=(255, 222, 140, 255))
    for row, y in enumerate((292, 326, 360)):
        points = [(x, y + 12 * math.sin((x + 40 * row) / 32)) for x in range(0, 401, 4)]
        draw.line(points, fill=white if row != 1 else (160, 205, 220, 255), width=14, joint="curve")
    mask = Image.new("L", (400, 400), 0)
    ImageDraw.Draw(mask).ellipse((10, 10, 390, 390), fill=255)
    image.paste(roundel, (0, 0), mask)
    draw = ImageDraw.Draw(image)
    big = ImageFont.truetype(str(OPEN_SANS_BOLD), 190)
    small = ImageFont.truetype(str(OPEN_SANS_BOLD), 62)
    draw.text((430, 8), "LAKESIDE", font=big, fill=blue)
    draw.text((438, 262), "REGIONAL HIGH SCHOOL", font=small, fill=orange)
    right = image.getbbox()[2]
    image.crop((0, 0, right + 10, 400)).save(path, optimize=True)


def northfield(path: Path) -> None:
    """A shield with an oak tree over the initials: 600 x 1000, JPEG on white."""
    image = Image.new("RGB", (600, 1000), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    green, gold, white = (23, 63, 53), (183, 121, 31), (255, 255, 255)
    shield = [(40, 30), (560, 30), (560, 640), (300, 880), (40, 640)]
    draw.polygon(shield, fill=gold)
    inner = [(62, 52), (538, 52), (538, 630), (300, 850), (62, 630)]
    draw.polygon(inner, fill=green)
    draw.rectangle((282, 300, 318, 440), fill=gold)
    for box in ((170, 100, 330, 260), (270, 90, 430, 250), (200, 180, 400, 340), (130, 190, 280, 330)):
        draw.ellipse(box, fill=gold)
    draw.rectangle((150, 440, 450, 452), fill=white)
    font = ImageFont.truetype(str(CARLITO_BOLD), 150)
    draw.text((300, 560), "NCC", font=font, fill=white, anchor="mm")
    label = ImageFont.truetype(str(CARLITO_BOLD), 64)
    draw.text((300, 950), "EST. 1968", font=label, fill=green, anchor="mm")
    image.save(path, quality=92, optimize=True)


if __name__ == "__main__":
    lakeside(HERE / "lakeside-high" / "logo.png")
    northfield(HERE / "northfield-college" / "crest.jpg")
