"""Image files a layout may draw: found only in the layout and brand kit folders, opened safely.

Layouts are untrusted, so an image is never fetched from a URL (the
vocabulary refuses those before this module runs), never read through a
link that leads out of its folder, and decoded only as PNG or JPEG by
Pillow with a pixel cap, so a crafted file cannot exhaust memory or reach a
less-tested decoder. The decoded pixels are handed to ReportLab as an image
object, so ReportLab never opens a path itself.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from handouts.paths import display_path, is_within

MAX_PIXELS = 25_000_000  # a full Letter page at 400 dpi is 15 MP; more is a mistake or an attack
MAX_BYTES = 20_000_000
FORMATS = ["PNG", "JPEG"]


class AssetProblem(ValueError):
    """Why an image cannot be used; the message is written for the layout's author."""


@dataclass(frozen=True)
class LoadedImage:
    """Decoded pixels ready for ReportLab, and where they came from."""

    image: Image.Image
    path: Path

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def find_asset(relative: str, folders: list[Path]) -> Path:
    """The first folder's copy of ``relative``; refuses links out of the folder."""
    for folder in folders:
        candidate = folder / relative
        if candidate.is_symlink() or candidate.exists():
            if not is_within(candidate, folder):
                raise AssetProblem(
                    f"'{relative}' in {display_path(folder)} is a link leading outside the folder; copy the file in"
                )
            if not candidate.is_file():
                raise AssetProblem(f"'{relative}' in {display_path(folder)} is not a file")
            return candidate
    searched = ", ".join(display_path(f) for f in folders) or "(no folders)"
    raise AssetProblem(f"image '{relative}' not found; looked in {searched}")


def load_image(relative: str, folders: list[Path]) -> LoadedImage:
    """Find and decode a PNG or JPEG; AssetProblem says what is wrong and where."""
    path = find_asset(relative, folders)
    shown = display_path(path)
    if path.stat().st_size > MAX_BYTES:
        raise AssetProblem(f"'{shown}' is larger than {MAX_BYTES // 1_000_000} MB; save a smaller copy")
    try:
        with warnings.catch_warnings():
            # All warnings are errors: the bomb warning, and "Corrupt EXIF data" (a damaged file).
            warnings.simplefilter("error")
            with path.open("rb") as handle:
                image = Image.open(handle, formats=FORMATS)
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise AssetProblem(
                        f"'{shown}' is {width} x {height} pixels, more than {MAX_PIXELS:,}; "
                        "scale it down (300 pixels per inch of print is plenty)"
                    )
                image.load()
                image = printable(image)
    except AssetProblem:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise AssetProblem(f"'{shown}' is not a PNG or JPEG image Pillow can read safely ({exc})") from None
    except Warning as exc:
        raise AssetProblem(f"'{shown}' has damaged metadata ({exc}); export it again from an image editor") from None
    except Exception as exc:  # any decoder failure on untrusted bytes (IndexError, struct.error ...)
        raise AssetProblem(f"'{shown}' is damaged or truncated ({exc})") from None
    return LoadedImage(image, path)


def printable(image: Image.Image) -> Image.Image:
    """Upright RGB, or RGBA when the image has transparency: what ReportLab embeds without surprises.

    Shared by layout images and brand logos, and called while warnings are errors, so a
    damaged EXIF block is refused rather than printed mid-build. 16-bit greyscale is
    scaled down first: converting it straight to RGB clips every value above 255 to white.
    """
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = image.convert("I").point(lambda v: v / 257).convert("L")
    image = ImageOps.exif_transpose(image)  # a phone photo stores "rotate me" rather than turning its pixels
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    wanted = "RGBA" if has_alpha else "RGB"
    return image if image.mode == wanted else image.convert(wanted)
