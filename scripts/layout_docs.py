"""Keep docs/layouts.md in step with the vocabulary, and draw its pictures.

    python scripts/layout_docs.py            # rewrite the attribute tables and docs/images/*.png
    python scripts/layout_docs.py --check    # exit 1 if the tables are out of date (CI-friendly)

The attribute tables come from `handouts.markup.vocabulary.SPECS` (see
`handouts.markup.reference`). A picture is drawn for every example whose
``images/NAME.png`` the document shows: the example is rendered through the
whole pipeline with the built-in roles and brand, and the page is cropped
to the example's content. Pictures are made here, never by hand, so they
show what the code really draws.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from handouts.build import Inputs, render_handout
from handouts.markup.reference import Example, examples, update_tables
from handouts.templating.environment import find_layout, layout_folders

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "layouts.md"
IMAGES = ROOT / "docs" / "images"
ROLES = ["medical-assistant", "medical-administrative-assistant", "medical-assistant"]
SCALE = 1.5  # 108 dpi: sharp enough to read, small enough to keep the repository light
CONTENT_TOP = 1.42 * 72  # below the header band
CONTENT_BOTTOM = 0.75 * 72  # above the footer


def sample_photo(path: Path) -> None:
    """The picture the image example shows: drawn here, so no photo file needs a licence."""
    image = Image.new("RGB", (480, 240), (214, 228, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 170, 480, 240), fill=(180, 200, 220))
    draw.ellipse((60, 40, 200, 180), fill=(31, 78, 121))
    draw.rounded_rectangle((250, 60, 430, 170), radius=16, fill=(180, 83, 10))
    image.save(path, "PNG")


def render_example(example: Example, folder: Path) -> bytes:
    """The PDF of one example, rendered from a layout folder that also holds the sample photo."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "example.xml.j2").write_text(example.layout(), encoding="utf-8")
    sample_photo(folder / "photo.png")
    info = find_layout("example", layout_folders([folder]))
    count = max(info.roles_min, min(2, info.roles_max))
    rendered, _ = render_handout("example", ROLES[:count], Inputs(layouts=[folder]))
    return rendered.pdf


def picture(pdf: bytes) -> Image.Image:
    """Page one, cropped to what the example drew (no header band, no footer)."""
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=SCALE).to_pil().convert("RGB")
    top, bottom = int(CONTENT_TOP * SCALE), image.height - int(CONTENT_BOTTOM * SCALE)
    body = image.crop((0, top, image.width, bottom))
    box = ImageChops.difference(body, Image.new("RGB", body.size, "white")).getbbox()
    if box is None:
        return body
    pad = int(8 * SCALE)
    side = int(0.6 * 72 * SCALE) - pad
    return body.crop((side, max(box[1] - pad, 0), body.width - side, min(box[3] + pad, body.height)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the tables are up to date")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    updated = update_tables(text)
    if args.check:
        if updated != text:
            print("docs/layouts.md: attribute tables are out of date; run python scripts/layout_docs.py")
            return 1
        return 0
    if updated != text:
        DOC.write_text(updated, encoding="utf-8")
        print("updated the attribute tables in docs/layouts.md")
    shown = set(re.findall(r"\(images/([a-z0-9-]+)\.png\)", updated))
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for example in examples(updated):
            if example.name in shown:
                target = IMAGES / f"{example.name}.png"
                picture(render_example(example, Path(tmp) / example.name)).save(target, "PNG", optimize=True)
                print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
