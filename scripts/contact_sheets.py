"""Draw every page of the unlike-brands matrix as PNG contact sheets, for a person to look at.

    python scripts/contact_sheets.py [OUTPUT_FOLDER]      # default: output/contact-sheets/

One sheet per brand kit in tests/fixtures/brands-unlike/ (see its README):
each row is one build (a built-in layout with a role set), its pages side by
side, headed by the layout, roles, page count and what `handouts build
--strict` would say. Builds are rendered without the page budget, so a
handout that runs long is still drawn; a kit whose brand.toml is refused
gets one line saying why. The same matrix is asserted on by
tests/render/test_brands_unlike.py. Pages are drawn by pypdfium2, as
`handouts preview` draws them.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import brandmatrix  # noqa: E402

from handouts.errors import HandoutsError  # noqa: E402
from handouts.inspection.preview import render_pages  # noqa: E402
from handouts.paths import builtin_dir  # noqa: E402
from handouts.session import Session  # noqa: E402

PAGE_HEIGHT = 520  # pixels per page on a sheet
GAP = 16
LABEL = 64  # pixels above each row for its caption
BACKGROUND = (226, 229, 233)
SUGGESTED = re.compile(r'use (\w+) = "(#[0-9a-f]{6})"')


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(builtin_dir("fonts") / "OpenSans-Regular.ttf"), size)


def _row(caption: list[str], pages: list[Image.Image]) -> Image.Image:
    scaled = [p.resize((round(p.width * PAGE_HEIGHT / p.height), PAGE_HEIGHT)) for p in pages]
    width = max(900, sum(p.width for p in scaled) + GAP * (len(scaled) + 1))
    row = Image.new("RGB", (width, LABEL + PAGE_HEIGHT + GAP), BACKGROUND)
    draw = ImageDraw.Draw(row)
    for n, line in enumerate(caption[:3]):
        draw.text((GAP, 4 + n * 19), line[:200], font=_font(15), fill=(20, 20, 20) if n == 0 else (150, 30, 30))
    x = GAP
    for page in scaled:
        row.paste(page, (x, LABEL))
        x += page.width + GAP
    return row


def _sheet(rows: list[Image.Image]) -> Image.Image:
    sheet = Image.new("RGB", (max(r.width for r in rows), sum(r.height for r in rows)), BACKGROUND)
    y = 0
    for row in rows:
        sheet.paste(row, (0, y))
        y += row.height
    return sheet


def _loadable(kit: Path, scratch: Path) -> tuple[Path, str]:
    """The kit, or a copy with each colour `check` refuses replaced by the shade it suggests, and a note saying so.

    A refused kit would leave nothing to look at; its fonts, paper, logo and
    footer are still worth seeing while the colour roles are being fixed.
    """
    try:
        brandmatrix.load_kit(kit)
        return kit, ""
    except HandoutsError as exc:
        fixes = dict(SUGGESTED.findall("\n".join(str(p) for p in exc.problems)))
    copy = scratch / kit.name
    shutil.copytree(kit, copy)
    text = (copy / "brand.toml").read_text(encoding="utf-8")
    for key, shade in fixes.items():
        text = re.sub(rf'^{key} = "[^"]*"', f'{key} = "{shade}"', text, flags=re.M)
    (copy / "brand.toml").write_text(text, encoding="utf-8")
    said = ", ".join(f"{k} {v}" for k, v in fixes.items())
    return copy, f"the kit is refused today; drawn with the shades check suggests ({said})"


def main(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    session = Session()
    for kit in brandmatrix.kits():
        rows = []
        with tempfile.TemporaryDirectory() as scratch:
            drawn, note = _loadable(kit, Path(scratch))
            if note:
                print(f"{kit.name}: {note}")
            for _, info, count in [c for c in brandmatrix.cases() if c[0] == kit]:
                for roles in brandmatrix.role_sets(info, count, session):
                    # As `handouts build` sets it (fitted); a refused build is drawn unfitted, captioned so.
                    built = brandmatrix.build(drawn, info, roles, session)
                    refused = built.refused
                    if refused or built.rendered is None:
                        built = brandmatrix.render_only(drawn, info, roles, session)
                    assert built.rendered is not None
                    pages = built.rendered.pages
                    budget = f" (allows {info.max_pages})" if info.max_pages and pages > info.max_pages else ""
                    said = [p.what for p in (refused or built.inspection)]
                    fit = "REFUSED, drawn unfitted" if refused else built.rendered.fit
                    caption = [f"{info.name} {' '.join(roles)}: {pages} page{'s' * (pages != 1)}{budget} [{fit}]"]
                    caption += [note] if note else []
                    caption += [f"{len(said)} inspection findings: " + "; ".join(said[:3])] if said else []
                    print(f"{kit.name}: {caption[0]}" + (f" - {len(said)} findings" if said else ""))
                    rows.append(_row(caption, render_pages(built.rendered.pdf, dpi=60)))
        path = folder / f"{kit.name}.png"
        _sheet(rows).save(path, optimize=True)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output" / "contact-sheets"))
