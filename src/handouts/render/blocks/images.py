"""Images with alt text, scaled to fit a box; tagged Figure with Alt.

The file comes from the layout folders or the brand kit (see `assets`),
never from a URL. The image is scaled to fit inside width x height keeping
its proportions, never stretched, and never wider than the column it is in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus.flowables import Flowable

from handouts.errors import LayoutError, Problem
from handouts.inputs.images import AssetProblem, LoadedImage, load_image
from handouts.markup.parse import Element
from handouts.render.blocks.base import BuildContext, builder, keep_together
from handouts.render.blocks.inline import plain_paragraph
from handouts.tagging.tagger import StructNode


class FittedImage(Flowable):
    """Draws decoded pixels scaled into a box; the box shrinks to the available width."""

    def __init__(self, loaded: LoadedImage, box_width: float | None, box_height: float, align: str) -> None:
        super().__init__()
        self.reader = ImageReader(loaded.image)
        # What the page log (and so inspection's low-dpi warning) calls the image: its file as the
        # layout wrote it, not ReportLab's "PILIMAGE_<id>". ReportLab reads no file by this name.
        self.reader.fileName = loaded.written or loaded.path.name
        self.pixels = loaded.size
        self.box_width = box_width
        self.box_height = box_height
        self.hAlign = align.upper()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        box_width = min(self.box_width or availWidth, availWidth)
        pixel_w, pixel_h = self.pixels
        scale = min(box_width / pixel_w, self.box_height / pixel_h)
        self.width, self.height = pixel_w * scale, pixel_h * scale
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")


def asset_image(element: Element, ctx: BuildContext) -> LoadedImage:
    """The decoded image an element names, or a LayoutError naming the layout and element."""
    try:
        return load_image(element.attrs["src"], [Path(f) for f in ctx.asset_folders])
    except AssetProblem as exc:  # the decoder's own error stays the cause, for --debug
        fix = exc.fix or "put a PNG or JPEG in the layout folder or the brand kit"
        raise LayoutError(
            problems=[Problem(ctx.layout, 0, f"<{element.tag} src>", exc.what, f"{fix} ({ctx.where(element)})")]
        ) from exc


@builder("image")
def build_image(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    attrs: dict[str, Any] = element.attrs
    picture = FittedImage(asset_image(element, ctx), attrs.get("width"), attrs["height"], attrs["align"])
    picture.spaceBefore = 4
    picture.spaceAfter = 3 if attrs.get("caption") else 8
    figure = ctx.tagger.figure(parent, attrs["alt"])
    parts: list[Flowable] = [ctx.tagger.wrap(picture, figure, attrs["alt"])]
    if attrs.get("caption"):
        parts.append(plain_paragraph(attrs["caption"], "caption", ctx, ctx.tagger.node("P", parent), attrs["align"]))
    return keep_together(parts, parent)
