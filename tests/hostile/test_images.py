"""Hostile logos (brand kits) and images (layouts): truncated, mislabelled, bombs, damaged
metadata, crafted files that crashed Pillow, links and names leading out of their folder."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import PAIR
from tests.hostile.conftest import assert_refused, assert_untouched, line_of

FIXTURES = Path(__file__).parent / "fixtures"
BRAND = "kit/brand.toml"


def _png(size=(400, 160), colour=(31, 78, 121)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg_with_broken_exif() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (400, 160), (31, 78, 121))
    exif = image.getexif()
    exif[0x0112] = 6
    image.save(buffer, "JPEG", exif=exif)
    data = bytearray(buffer.getvalue())
    start = data.index(b"Exif\x00\x00") + 6
    data[start + 8 : start + 10] = b"\xff\x7f"  # the first IFD claims 32767 entries
    return bytes(data)


def _png_with_broken_exif() -> bytes:
    """A PNG whose eXIf chunk is damaged: Pillow only warns when the orientation is read."""
    buffer = io.BytesIO()
    image = Image.new("RGB", (400, 160), (31, 78, 121))
    exif = image.getexif()
    exif[0x0112] = 6
    image.save(buffer, "PNG", exif=exif)
    data = bytearray(buffer.getvalue())
    start = data.index(b"eXIf") + 4
    data[start + 8 : start + 10] = b"\xff\x7f"  # the first IFD claims 32767 entries (the CRC stays stale)
    return bytes(data)


LOGOS = {
    "truncated-png": (lambda: _png()[:300], "logo.png", "the logo cannot be decoded"),
    "gif-named-png": (lambda: _gif(), "logo.png", "the logo is not a PNG or JPEG image"),
    "text-named-png": (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.png", "not a PNG or JPEG"),
    "svg": (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "SVG logos are not supported"),
    "bomb": (
        lambda: (FIXTURES / "bomb-60000x60000.png").read_bytes(),
        "logo.png",
        "a guard against decompression bombs",
    ),
    "pillow-indexerror": (lambda: (FIXTURES / "verify-indexerror.png").read_bytes(), "logo.png", "cannot be decoded"),
    "broken-exif": (_jpeg_with_broken_exif, "logo.jpg", "the logo's metadata is damaged"),
    "broken-exif-png": (_png_with_broken_exif, "logo.png", "the logo"),
    "empty": (lambda: b"", "logo.png", "not a PNG or JPEG"),
}


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (40, 40)).save(buffer, "GIF")
    return buffer.getvalue()


@pytest.mark.parametrize("name", list(LOGOS))
def test_bad_logos_are_refused_by_name(run, tmp_path, name):
    make, file, message = LOGOS[name]
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / file).write_bytes(make())
    text = f'name = "Lakeside High"\nlogo = "{file}"\n'
    (kit / "brand.toml").write_text(text)
    code, out = run("build", "comparison", *PAIR, "--brand", str(kit))
    assert_refused(code, out, tmp_path, 3, BRAND, line_of(text, "logo ="))
    assert "logo:" in out and message in out, out


def _layout_with_image(tmp_path: Path, src: str) -> Path:
    folder = tmp_path / "layouts"
    folder.mkdir(exist_ok=True)
    text = (
        '{#-\nroles: 2\n-#}\n<handout title="T">\n<p>x</p>\n<image src="' + src + '" alt="Campus map"/>\n</handout>\n'
    )
    (folder / "evil.xml.j2").write_text(text)
    return folder


IMAGES = {
    "truncated": (lambda: _png()[:300], "is damaged or truncated"),
    "bomb": (lambda: (FIXTURES / "bomb-60000x60000.png").read_bytes(), "could be decompression bomb"),
    "pillow-indexerror": (lambda: (FIXTURES / "verify-indexerror.png").read_bytes(), "is damaged or truncated"),
    "gif-named-png": (lambda: _gif(), "is not a PNG or JPEG image"),
}


@pytest.mark.parametrize("name", list(IMAGES))
def test_bad_layout_images_are_refused_by_name(run, tmp_path, name):
    make, message = IMAGES[name]
    folder = _layout_with_image(tmp_path, "map.png")
    (folder / "map.png").write_bytes(make())
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, "layouts/evil.xml.j2", "<image src>")
    assert "layouts/map.png" in out and message in out, out


def test_image_with_broken_exif_is_refused(run, tmp_path):
    folder = _layout_with_image(tmp_path, "map.jpg")
    (folder / "map.jpg").write_bytes(_jpeg_with_broken_exif())
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, "layouts/evil.xml.j2", "has damaged metadata")


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("../outside/secret.png", "points outside the layout and brand folders"),
        ("/etc/secret.png", "points outside the layout and brand folders"),
        ("file:///etc/passwd.png", "is a URL"),
        ("https://example.com/x.png", "is a URL"),
        ("secret.txt", "is not an image file name"),
    ],
)
def test_image_names_outside_the_folders_are_refused(run, tmp_path, watch, canary, src, message):
    folder = _layout_with_image(tmp_path, src)
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, "layouts/evil.xml.j2", "<image src>")
    assert message in out
    assert_untouched(watch, canary, tmp_path, out)


def test_image_linked_out_of_the_folder_is_refused(run, tmp_path, watch, canary):
    folder = _layout_with_image(tmp_path, "map.png")
    os.symlink(canary, folder / "map.png")
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, "layouts/evil.xml.j2", "is a link leading outside the folder")
    assert_untouched(watch, canary, tmp_path, out)


def test_exif_orientation_of_a_layout_image_is_honoured(tmp_path):
    """A phone photo stored sideways with 'rotate 90' in EXIF is drawn upright."""
    from handouts.inputs.images import load_image

    image = Image.new("RGB", (400, 100), (200, 0, 0))
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90 clockwise to display
    image.save(tmp_path / "photo.jpg", "JPEG", exif=exif)
    assert load_image("photo.jpg", [tmp_path]).size == (100, 400)


def test_a_16_bit_grey_layout_image_prints_grey_not_white(tmp_path):
    """16-bit greyscale converted straight to RGB clips to white; images and logos share one conversion."""
    from handouts.inputs.images import load_image

    folder = tmp_path / "L"
    folder.mkdir()
    Image.new("I;16", (200, 100), 0x4040).save(folder / "grey.png")
    loaded = load_image("grey.png", [folder])
    assert loaded.image.getpixel((10, 10))[:3] == (64, 64, 64)
