"""Brand logos: checked with Pillow before ReportLab ever sees them, then drawn from a clean copy.

A logo comes from a brand kit, which is untrusted, so it is opened the way
HARDENING.md asks: only the PNG and JPEG decoders are allowed
(``Image.open(formats=...)``), the file size and pixel count are capped
before anything is decoded, Pillow's decompression-bomb warning is an
error, ``verify()`` checks the PNG chunks, and the image is then decoded in
full so a truncated file fails here rather than in the middle of a build.

ReportLab is handed the decoded, re-encoded image, never the file: EXIF
orientation is applied (a phone photo of a logo stands the right way up),
palette and CMYK images become RGB(A), and a logo far larger than its
printed box is scaled down to 600 dpi so it does not bloat every page.

Pillow's global ``Image.MAX_IMAGE_PIXELS`` is left alone (other image
elements share it); the logo's own, lower cap is checked here against the
size in the file header, before decoding. Opening and decoding are shared
with layout images (`assets.decode`), and so are the messages: each names the
file as brand.toml wrote it and says in our words what is wrong with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.inputs.images import AssetProblem, decode
from handouts.paths import display_path

if TYPE_CHECKING:  # Pillow loads when a logo is decoded (images.decode), not with the brand
    from PIL import Image

# The box in the header band a logo is fitted into, in points (width, height).
LOGO_BOX = (1.5 * 72, 0.6 * 72)
MAX_LOGO_BYTES = 20_000_000
MAX_LOGO_PIXELS = 16_000_000  # e.g. 4000 x 4000; a logo needs well under 1 megapixel
MIN_DPI = 150  # below this a logo prints visibly soft; 300 prints sharp
KEEP_DPI = 600  # larger logos are scaled down to this at their printed size
# How each kind of failure is fixed for a logo, where it differs from a layout image's fix.
_FIXES = {
    "too-large": "export a smaller PNG or JPEG; a logo needs no more than about 2000 pixels across",
    "too-many-pixels": "scale it down; about 1200 x 480 pixels prints sharp at the logo's size",
    "not-an-image": "save the logo as .png (best for logos) or .jpg; GIF, WebP, BMP, TIFF and SVG are not accepted",
    "no-pixels": "export the logo again from the original artwork",
}


@dataclass(frozen=True, slots=True)
class LogoFacts:
    """What a checked logo looks like once upright: pixels, format, and its size and dpi in print."""

    width: int
    height: int
    format: str
    printed: tuple[float, float]

    @property
    def dpi(self) -> float:
        """Pixels per inch at the printed size (equal both ways: the aspect ratio is kept)."""
        return self.width / (self.printed[0] / 72)


def fitted_size(width: float, height: float, box: tuple[float, float] = LOGO_BOX) -> tuple[float, float]:
    """The largest size with the image's aspect ratio that fits in ``box``."""
    scale = min(box[0] / width, box[1] / height)
    return width * scale, height * scale


def inspect_logo(path: Path, written: str) -> LogoFacts:
    """Open, verify and decode the logo; AssetProblem names it as ``written`` in brand.toml and says why."""
    image, fmt = _decoded(path, f"'{written}'")
    width, height = image.size
    return LogoFacts(width, height, fmt, fitted_size(width, height))


def blurry_warning(facts: LogoFacts, written: str) -> str | None:
    """A sentence for a logo with too few pixels for its printed size, naming it as brand.toml does, or None."""
    if facts.dpi >= MIN_DPI:
        return None
    inches = f"{facts.printed[0] / 72:.2f} x {facts.printed[1] / 72:.2f} in"
    return (
        f"'{written}' is {facts.width} x {facts.height} pixels, printed at {inches} that is {facts.dpi:.0f} dpi "
        f"and will look blurry (under {MIN_DPI} dpi)"
    )


def blurry_fix(facts: LogoFacts) -> str:
    w = round(facts.printed[0] / 72 * 300)
    h = round(facts.printed[1] / 72 * 300)
    return f"use a larger image, at least {w} x {h} pixels (300 dpi), or an export from the original artwork"


@lru_cache(maxsize=8)
def _prepared(path: str, _stamp: tuple[int, int]) -> Image.Image:
    image, _ = _decoded(Path(path), display_path(Path(path)))
    printed = fitted_size(*image.size)
    target = (max(1, round(printed[0] / 72 * KEEP_DPI)), max(1, round(printed[1] / 72 * KEEP_DPI)))
    # Rounding a side under 100 pixels would visibly change the shape; such slivers are small anyway.
    if min(target) >= 100 and image.width > target[0] and image.height > target[1]:
        from PIL.Image import Resampling  # loaded already: `_decoded` imported Pillow

        image = image.resize(target, Resampling.LANCZOS)
    return image


def logo_image(path: Path) -> Image.Image:
    """The logo as a clean, upright RGB or RGBA image for ReportLab (cached per file version)."""
    st = path.stat()
    return _prepared(str(path), (st.st_mtime_ns, st.st_size))


# Decoded logos by (file, modification time, size): checking the brand and drawing the logo both
# need the decoded image, and decoding (with verify) is about 20 ms for a typical logo.
# Only successful decodes are kept; a failing file is decoded again, so each message names it as asked.
_DECODED: dict[tuple[str, int, int], tuple[Image.Image, str]] = {}
_DECODED_KEPT = 8


def _decoded(path: Path, shown: str) -> tuple[Image.Image, str]:
    """The fully decoded, upright image and its file format; every failure is an AssetProblem naming ``shown``.

    Decoded once per file version (`_DECODED`); callers only read the image.
    """
    try:
        st = path.stat()
    except OSError:
        key = None  # decode says why the file cannot be read
    else:
        key = (os.path.abspath(path), st.st_mtime_ns, st.st_size)
        if key in _DECODED:
            return _DECODED[key]
    found = _decode_checked(path, shown)
    if key is not None:
        if len(_DECODED) >= _DECODED_KEPT:
            del _DECODED[next(iter(_DECODED))]
        _DECODED[key] = found
    return found


def _decode_checked(path: Path, shown: str) -> tuple[Image.Image, str]:
    if path.suffix.lower() in (".svg", ".svgz"):
        raise AssetProblem(
            f"{shown} is an SVG file, and SVG logos are not supported (see docs/brands.md for why)",
            "export the logo as a PNG at 600 dpi, e.g. 'inkscape logo.svg --export-type=png --export-dpi=600'",
            "svg",
        )
    try:
        return decode(path, shown, max_bytes=MAX_LOGO_BYTES, max_pixels=MAX_LOGO_PIXELS, verify=True)
    except AssetProblem as problem:
        if problem.kind not in _FIXES:
            raise
        raise AssetProblem(problem.what, _FIXES[problem.kind], problem.kind) from problem.__cause__
