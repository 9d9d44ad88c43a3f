"""What colour each run of text on a PDF page is, and what it is printed on.

A small interpreter over one page's content stream, enough for a contrast
check: the transformation matrix (q, Q, cm), the fill colour (rg, g, k, sc,
scn in device colour spaces), filled paths (their bounding boxes), images
(their boxes; text on an image is reported with no background) and the text
position and size (BT, Tm, Td, TD, T*, TL, Tf). It does not lay out glyphs:
each run is judged at the start of its line, which is where the background
is read. Form XObjects are not entered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from handouts.contentstream.matrix import IDENTITY, Matrix, apply, multiply

WHITE = (255, 255, 255)


@dataclass(frozen=True, slots=True)
class PaintedText:
    """A text-showing operation: its colour, size, boldness, and the colour under it (None: an image)."""

    color: tuple[int, int, int]
    background: tuple[int, int, int] | None
    size: float
    bold: bool


def _to_rgb(values: list[float]) -> tuple[int, int, int] | None:
    if len(values) == 1:
        g = round(values[0] * 255)
        return (g, g, g)
    if len(values) == 3:
        r, g, b = (round(v * 255) for v in values)
        return (r, g, b)
    if len(values) == 4:
        c, m, y, k = values
        r, g, b = (round(255 * (1 - min(1.0, v + k))) for v in (c, m, y))
        return (r, g, b)
    return None


def _bold_fonts(page: Any, pikepdf: Any) -> set[str]:
    """Resource names of the page's bold fonts (by name, weight or the ForceBold flag)."""
    out: set[str] = set()
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    for name in list(fonts.keys()):
        font = fonts[name]
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font.DescendantFonts[0].get("/FontDescriptor")
        weight = float(descriptor.get("/FontWeight", 400)) if descriptor is not None else 400
        flags = int(descriptor.get("/Flags", 0)) if descriptor is not None else 0
        if "bold" in str(font.get("/BaseFont", "")).lower() or weight >= 600 or flags & (1 << 18):
            out.add(str(name))
    return out


def paint_runs(page: Any, pikepdf: Any) -> Iterator[PaintedText]:
    """Every text-showing operation on ``page`` with its colours, in drawing order."""
    bold = _bold_fonts(page, pikepdf)
    ctm, fill = IDENTITY, (0, 0, 0)
    stack: list[tuple[Matrix, tuple[int, int, int], str, float]] = []
    font, size, leading, render_mode = "", 0.0, 0.0, 0
    tm = tlm = IDENTITY
    path: list[tuple[float, float]] = []
    fills: list[tuple[float, float, float, float, tuple[int, int, int] | None]] = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        op = str(instruction.operator)
        args = list(instruction.operands)
        nums = [float(a) for a in args if isinstance(a, (int, float, Decimal)) and not isinstance(a, bool)]
        if op == "q":
            stack.append((ctm, fill, font, size))
        elif op == "Q" and stack:
            ctm, fill, font, size = stack.pop()
        elif op == "cm" and len(nums) == 6:
            ctm = multiply(tuple(nums), ctm)  # type: ignore[arg-type]
        elif op in ("rg", "g", "k", "sc", "scn"):
            fill = _to_rgb(nums) or fill
        elif op == "re" and len(nums) == 4:
            x, y, w, h = nums
            path += [apply(ctm, x, y), apply(ctm, x + w, y + h), apply(ctm, x + w, y), apply(ctm, x, y + h)]
        elif op in ("m", "l") and len(nums) == 2:
            path.append(apply(ctm, *nums))
        elif op in ("c", "v", "y") and len(nums) >= 4:
            path += [apply(ctm, nums[i], nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
        elif op in ("f", "F", "f*", "B", "B*", "b", "b*"):
            if path:
                xs, ys = [p[0] for p in path], [p[1] for p in path]
                fills.append((min(xs), min(ys), max(xs), max(ys), fill))
            path = []
        elif op in ("S", "s", "n"):
            path = []
        elif op == "Do":
            xobject = page.obj.get("/Resources", {}).get("/XObject", {}).get(str(args[0])) if args else None
            if xobject is not None and xobject.get("/Subtype") == "/Image":
                corners = [apply(ctm, x, y) for x in (0, 1) for y in (0, 1)]
                xs, ys = [p[0] for p in corners], [p[1] for p in corners]
                fills.append((min(xs), min(ys), max(xs), max(ys), None))
        elif op == "BT":
            tm = tlm = IDENTITY
        elif op == "Tf" and args:
            font, size = str(args[0]), float(args[1])
        elif op == "TL" and nums:
            leading = nums[0]
        elif op == "Tr" and nums:
            render_mode = int(nums[0])
        elif op == "Tm" and len(nums) == 6:
            tm = tlm = tuple(nums)  # type: ignore[assignment]
        elif op in ("Td", "TD") and len(nums) == 2:
            if op == "TD":
                leading = -nums[1]
            tm = tlm = multiply((1, 0, 0, 1, nums[0], nums[1]), tlm)
        elif op in ("T*", "'", '"'):
            tm = tlm = multiply((1, 0, 0, 1, 0, -leading), tlm)
        if op in ("Tj", "TJ", "'", '"') and render_mode != 3:
            full = multiply(tm, ctm)
            x, y = apply(full, 0, size * 0.3)
            scale = (abs(full[0] * full[3] - full[1] * full[2])) ** 0.5
            background: tuple[int, int, int] | None = WHITE
            for x0, y0, x1, y1, color in fills:
                if x0 <= x <= x1 and y0 <= y <= y1:
                    background = color
            yield PaintedText(fill, background, size * scale, font in bold)
