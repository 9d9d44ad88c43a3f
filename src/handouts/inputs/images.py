"""Image files a layout may draw: found only in the layout and brand kit folders, opened safely.

Layouts are untrusted, so an image is never fetched from a URL (the
vocabulary refuses those before this module runs), never read through a
link that leads out of its folder, and decoded only as PNG or JPEG by
Pillow with a pixel cap, so a crafted file cannot exhaust memory or reach a
less-tested decoder. The decoded pixels are handed to ReportLab as an image
object, so ReportLab never opens a path itself.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.paths import display_path, is_within

if TYPE_CHECKING:  # Pillow loads when an image is decoded: a brand with no logo never pays for it
    from PIL import Image

MAX_PIXELS = 25_000_000  # a full Letter page at 400 dpi is 15 MP; more is a mistake or an attack
MAX_BYTES = 20_000_000
FORMATS = ["PNG", "JPEG"]


class AssetProblem(ValueError):
    """Why an image cannot be used: ``what`` names the file as it was written and says what is wrong.

    The words are ours, one sentence per kind of failure (``kind``), never
    the decoder's: Pillow's messages change between versions and mean nothing
    to an office. The decoder's own exception is kept as ``__cause__``, which
    ``--debug`` shows.
    """

    def __init__(self, what: str, fix: str = "", kind: str = "") -> None:
        super().__init__(f"{what}; {fix}" if fix else what)
        self.what = what
        self.fix = fix
        self.kind = kind


@dataclass(frozen=True)
class LoadedImage:
    """Decoded pixels ready for ReportLab, where they came from, and the name the layout gave them."""

    image: Image.Image
    path: Path
    written: str = ""

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def find_asset(relative: str, folders: list[Path]) -> Path:
    """The first folder's copy of ``relative``; refuses links out of the folder."""
    for folder in folders:
        candidate = folder / relative
        if candidate.is_symlink() or candidate.exists():
            shown = f"'{relative}' ({display_path(candidate)})"
            if not is_within(candidate, folder):
                raise AssetProblem(f"{shown} is a link leading outside the folder", "copy the file in", "outside")
            if not candidate.is_file():
                raise AssetProblem(f"{shown} is not a file", "name a PNG or JPEG file", "not-a-file")
            return candidate
    searched = ", ".join(display_path(f) for f in folders) or "(no folders)"
    raise AssetProblem(f"image '{relative}' not found; looked in {searched}", "", "missing")


def load_image(relative: str, folders: list[Path]) -> LoadedImage:
    """Find and decode a PNG or JPEG; AssetProblem names it as the layout wrote it, and where it was found."""
    path = find_asset(relative, folders)
    found = display_path(path)
    shown = f"'{relative}'" if found == relative else f"'{relative}' ({found})"
    image, _ = decode(path, shown, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS)
    return LoadedImage(image, path, relative)


def decode(path: Path, shown: str, *, max_bytes: int, max_pixels: int, verify: bool = False) -> tuple[Image.Image, str]:
    """The fully decoded, upright image and its format (PNG or JPEG); AssetProblem for each way it can fail.

    ``shown`` is how messages name the file. Size and pixel count are
    checked before anything is decoded; every warning is an error (the
    decompression-bomb warning, and "corrupt EXIF", which would leave the
    orientation unknown); ``verify`` also checks a PNG's chunks first.
    """
    # Imported before the `try` below: a broken Pillow must not read as "the file is damaged".
    from PIL import Image, UnidentifiedImageError

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AssetProblem(
            f"{shown} cannot be read ({exc.strerror})", "check that the file exists and can be read", "unreadable"
        ) from exc
    if size > max_bytes:
        raise AssetProblem(
            f"{shown} is {math.ceil(size / 1e6)} MB, more than {max_bytes / 1e6:.0f} MB",
            "save a smaller copy; 300 pixels per inch of print is plenty",
            "too-large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            if verify:
                with path.open("rb") as handle:
                    image: Image.Image = Image.open(handle, formats=FORMATS)
                    _check_pixels(image.size, shown, max_pixels)
                    image.verify()
            with path.open("rb") as handle:
                image = Image.open(handle, formats=FORMATS)
                _check_pixels(image.size, shown, max_pixels)
                image.load()
                fmt = image.format or ""
                image = printable(image)
    except AssetProblem:
        raise
    except UnidentifiedImageError as exc:
        if _signed_png_or_jpeg(path):  # a PNG or JPEG that no decoder accepted: a damaged one
            raise _damaged(shown) from exc
        raise AssetProblem(
            f"{shown} is not a PNG or JPEG image",
            "save it as .png or .jpg; GIF, WebP, BMP, TIFF and SVG are not accepted",
            "not-an-image",
        ) from exc
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _too_many_pixels(shown, None, max_pixels) from exc
    except Warning as exc:
        raise AssetProblem(
            f"{shown} has damaged metadata (its EXIF block cannot be read)",
            "open it in an image editor and export it again as PNG or JPEG",
            "metadata",
        ) from exc
    except OSError as exc:
        if exc.filename is not None:  # the file itself could not be opened, not its content
            raise AssetProblem(
                f"{shown} cannot be read ({exc.strerror})", "check that the file exists and can be read", "unreadable"
            ) from exc
        raise _damaged(shown) from exc
    # Decoders fail on crafted files with SyntaxError, ValueError, EOFError, but also IndexError
    # (a PNG with no image data), struct.error and others: on untrusted bytes, any is the file's fault.
    except Exception as exc:
        raise _damaged(shown) from exc
    return image, fmt


def _signed_png_or_jpeg(path: Path) -> bool:
    """The file starts as a PNG or a JPEG does (its signature), whatever follows."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return head == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff"


def _damaged(shown: str) -> AssetProblem:
    return AssetProblem(
        f"{shown} cannot be decoded: the file is damaged or truncated",
        "export it again as PNG or JPEG",
        "damaged",
    )


def _check_pixels(size: tuple[int, int], shown: str, max_pixels: int) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise AssetProblem(f"{shown} has no pixels", "export it again as PNG or JPEG", "no-pixels")
    if width * height > max_pixels:
        raise _too_many_pixels(shown, size, max_pixels)


def _too_many_pixels(shown: str, size: tuple[int, int] | None, max_pixels: int) -> AssetProblem:
    said = f"is {size[0]:,} x {size[1]:,} pixels" if size else "has more pixels than can be opened safely"
    return AssetProblem(
        f"{shown} {said}, more than the {max_pixels:,} allowed (a guard against decompression bombs)",
        "scale it down; 300 pixels per inch of print is plenty",
        "too-many-pixels",
    )


def printable(image: Image.Image) -> Image.Image:
    """Upright RGB, or RGBA when the image has transparency: what ReportLab embeds without surprises.

    Shared by layout images and brand logos, and called while warnings are errors, so a
    damaged EXIF block is refused rather than printed mid-build. 16-bit greyscale is
    scaled down first: converting it straight to RGB clips every value above 255 to white.
    """
    from PIL import ImageOps

    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = image.convert("I").point(lambda v: v / 257).convert("L")
    image = ImageOps.exif_transpose(image)  # a phone photo stores "rotate me" rather than turning its pixels
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    wanted = "RGBA" if has_alpha else "RGB"
    return image if image.mode == wanted else image.convert(wanted)
