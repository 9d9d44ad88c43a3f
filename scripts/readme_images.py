"""Regenerate the README's pictures of the built-in handouts (docs/images/handout-*.png).

Run: python scripts/readme_images.py

Each built-in layout is built with the shipped roles and the default brand,
rendered with `handouts.inspection.preview` exactly as `handouts preview` does, and
saved as a small contact sheet. Pictures are made here, never by hand, so
they always show what the code prints.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from handouts.build import Inputs, catalog_for, render_handout  # noqa: E402
from handouts.inspection.preview import contact_sheet, render_pages  # noqa: E402
from handouts.templating.environment import layout_folders, list_layouts  # noqa: E402

TARGET = ROOT / "docs" / "images"
PAGE_HEIGHT = 330  # pixels per page: legible headings, small files


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    # The README's example pair first, so the pictures match its commands.
    roles = sorted(catalog_for(Inputs()).roles, key=lambda r: (r != "medical-assistant", r))
    for info in list_layouts(layout_folders()).values():
        chosen = roles[: max(info.roles_min, min(info.roles_max, 2))]
        rendered, _ = render_handout(info.name, chosen)
        sheet = contact_sheet(render_pages(rendered.pdf, dpi=80), page_height=PAGE_HEIGHT)
        sheet = sheet.quantize(colors=64, dither=0)  # flat colours: a third of the size, no visible loss
        buffer = io.BytesIO()
        sheet.save(buffer, format="PNG", optimize=True)
        path = TARGET / f"handout-{info.name}.png"
        path.write_bytes(buffer.getvalue())
        print(f"wrote {path.relative_to(ROOT)} ({len(buffer.getvalue()) // 1024} KB)")


if __name__ == "__main__":
    main()
