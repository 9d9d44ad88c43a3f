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
size in the file header, before decoding.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from handouts.inputs.images import printable

# The box in the header band a logo is fitted into, in points (width, height).
LOGO_BOX = (1.5 * 72, 0.6 * 72)
MAX_LOGO_BYTES = 20_000_000
MAX_LOGO_PIXELS = 16_000_000  # e.g. 4000 x 4000; a logo needs well under 1 megapixel
MIN_DPI = 150  # below this a logo prints visibly soft; 300 prints sharp
KEEP_DPI = 600  # larger logos are scaled down to this at their printed size
FORMATS = ("PNG", "JPEG")
# Pillow's decoders fail on crafted files with OSError, SyntaxError, ValueError, EOFError, but also
# IndexError (PNG verify() of a file with no image data: tests/hostile/fixtures), struct.error and
# others: a failure while decoding an untrusted file is the file's fault, whatever its type.
_DECODE_ERRORS = (Exception,)


class LogoProblem(Exception):
    """A logo that cannot be used: ``what`` went wrong, ``fix`` says what would work."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what)
        self.what = what
        self.fix = fix


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


def inspect_logo(path: Path) -> LogoFacts:
    """Open, verify and decode the logo; LogoProblem says why it cannot be used."""
    image, fmt = _decoded(path)
    width, height = image.size
    return LogoFacts(width, height, fmt, fitted_size(width, height))


def blurry_warning(facts: LogoFacts) -> str | None:
    """A sentence for a logo with too few pixels for its printed size, or None."""
    if facts.dpi >= MIN_DPI:
        return None
    inches = f"{facts.printed[0] / 72:.2f} x {facts.printed[1] / 72:.2f} in"
    return (
        f"the logo is {facts.width} x {facts.height} pixels, printed at {inches} that is {facts.dpi:.0f} dpi "
        f"and will look blurry (under {MIN_DPI} dpi)"
    )


def blurry_fix(facts: LogoFacts) -> str:
    w = round(facts.printed[0] / 72 * 300)
    h = round(facts.printed[1] / 72 * 300)
    return f"use a larger image, at least {w} x {h} pixels (300 dpi), or an export from the original artwork"


@lru_cache(maxsize=8)
def _prepared(path: str, _stamp: tuple[int, int]) -> Image.Image:
    image, _ = _decoded(Path(path))
    printed = fitted_size(*image.size)
    target = (max(1, round(printed[0] / 72 * KEEP_DPI)), max(1, round(printed[1] / 72 * KEEP_DPI)))
    # Rounding a side under 100 pixels would visibly change the shape; such slivers are small anyway.
    if min(target) >= 100 and image.width > target[0] and image.height > target[1]:
        image = image.resize(target, Image.Resampling.LANCZOS)
    return image


def logo_image(path: Path) -> Image.Image:
    """The logo as a clean, upright RGB or RGBA image for ReportLab (cached per file version)."""
    st = path.stat()
    return _prepared(str(path), (st.st_mtime_ns, st.st_size))


def _decoded(path: Path) -> tuple[Image.Image, str]:
    """The fully decoded, upright image and its file format; every failure becomes a LogoProblem."""
    if path.suffix.lower() in (".svg", ".svgz"):
        raise LogoProblem(
            "SVG logos are not supported (see docs/brands.md for why)",
            "export the logo as a PNG at 600 dpi, e.g. 'inkscape logo.svg --export-type=png --export-dpi=600'",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LogoProblem(
            f"cannot read the logo ({exc.strerror})", "check that the file exists and can be read"
        ) from None
    if size > MAX_LOGO_BYTES:
        raise LogoProblem(
            f"the logo file is {size / 1e6:.0f} MB, more than {MAX_LOGO_BYTES / 1e6:.0f} MB",
            "export a smaller PNG or JPEG; a logo needs no more than about 2000 pixels across",
        )
    not_image = LogoProblem(
        "the logo is not a PNG or JPEG image",
        "save the logo as .png (best for logos) or .jpg; GIF, WebP, BMP, TIFF and SVG are not accepted",
    )
    try:
        with warnings.catch_warnings():
            # Every warning is an error here: besides the decompression-bomb warning, Pillow
            # only warns about damaged metadata ("Corrupt EXIF data"), which would otherwise
            # be printed in the middle of a build and leave the orientation unknown.
            warnings.simplefilter("error")
            with path.open("rb") as handle:
                image = Image.open(handle, formats=FORMATS)
                _check_pixels(image.size)
                image.verify()
            with path.open("rb") as handle:
                image = Image.open(handle, formats=FORMATS)
                image.load()
                fmt = image.format or ""
                image = printable(image)
    except LogoProblem:
        raise
    except UnidentifiedImageError:
        raise not_image from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels(None) from None
    except Warning as exc:
        raise LogoProblem(
            f"the logo's metadata is damaged ({_reason(exc)})",
            "open it in an image editor and export it again as PNG or JPEG",
        ) from None
    except _DECODE_ERRORS as exc:
        raise LogoProblem(
            f"the logo cannot be decoded ({_reason(exc)})",
            "the file is damaged or truncated; export it again from the original artwork",
        ) from None
    return image, fmt


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise LogoProblem("the logo has no pixels", "export the logo again from the original artwork")
    if width * height > MAX_LOGO_PIXELS:
        raise _too_many_pixels(size)


def _too_many_pixels(size: tuple[int, int] | None) -> LogoProblem:
    shown = f"is {size[0]:,} x {size[1]:,} pixels" if size else "has more pixels than Pillow will open"
    return LogoProblem(
        f"the logo {shown}, more than the {MAX_LOGO_PIXELS:,} allowed (a guard against decompression bombs)",
        "scale it down; about 1200 x 480 pixels prints sharp at the logo's size",
    )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:120]
