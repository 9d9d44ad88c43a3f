"""What colour each run of text on a PDF page is, and what it is printed on.

A consumer of the lenient `interpreter.Interpreter` (the file may come from
anywhere), enough for a contrast check: the fill colour in device colour
spaces, filled paths (their bounding boxes), images (their boxes; text on an
image is reported with no background), and each text-showing operation's
place and size. It does not lay out glyphs: each run is judged where it
starts, at the text matrix of its line, which is where the background is
read. Form XObjects are not entered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from handouts.contentstream.interpreter import FILLS, Interpreter, Point
from handouts.contentstream.matrix import apply, multiply

WHITE = (255, 255, 255)


@dataclass(frozen=True, slots=True)
class PaintedText:
    """A text-showing operation: its colour, size, boldness, and the colour under it (None: an image)."""

    color: tuple[int, int, int]
    background: tuple[int, int, int] | None
    size: float
    bold: bool


def _to_rgb(values: tuple[float, ...]) -> tuple[int, int, int] | None:
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


def _bold_fonts(page: Any) -> set[str]:
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


class _Painter(Interpreter):
    """Fill colours as RGB, filled boxes and image boxes, and each text run with what is under its start."""

    strict = False  # any file handouts inspect is given

    def __init__(self, page: Any, bold: set[str]) -> None:
        super().__init__(page)
        self.state.fill = (0, 0, 0)
        self.bold = bold
        self.fills: list[tuple[float, float, float, float, tuple[int, int, int] | None]] = []
        self.found: list[PaintedText] = []

    def set_fill(self, values: tuple[float, ...]) -> None:
        rgb = _to_rgb(values)
        if rgb is not None:  # a colour in another space (a pattern, a separation) leaves the last one
            self.state.fill = rgb

    def paint_path(self, operator: str, subpaths: list[list[Point]]) -> None:
        if operator in FILLS:
            points = [point for sub in subpaths for point in sub]
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                self.fills.append((min(xs), min(ys), max(xs), max(ys), self.state.fill))

    def draw_xobject(self, name: str | None) -> None:
        xobject = self.xobject(name) if name is not None else None
        if xobject is not None and xobject.get("/Subtype") == "/Image":
            corners = [apply(self.state.ctm, x, y) for x in (0, 1) for y in (0, 1)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            self.fills.append((min(xs), min(ys), max(xs), max(ys), None))

    def show_text(self, operator: str, items: list[Any]) -> None:
        state = self.state
        if state.render_mode == 3:  # invisible text (an OCR layer)
            return
        full = multiply(self.tm, state.ctm)
        x, y = apply(full, 0, state.size * 0.3)
        scale = (abs(full[0] * full[3] - full[1] * full[2])) ** 0.5
        background: tuple[int, int, int] | None = WHITE
        for x0, y0, x1, y1, color in self.fills:
            if x0 <= x <= x1 and y0 <= y <= y1:
                background = color
        self.found.append(PaintedText(state.fill, background, state.size * scale, state.font_name in self.bold))


def paint_runs(page: Any) -> Iterator[PaintedText]:
    """Every text-showing operation on ``page`` with its colours, in drawing order."""
    painter = _Painter(page, _bold_fonts(page))
    painter.run()
    yield from painter.found
