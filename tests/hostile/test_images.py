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


def _png(size=(400, 160), colour: tuple | None = (31, 78, 121)) -> bytes:
    """A PNG; with no colour a 1-bit one, which keeps a file of many pixels small."""
    buffer = io.BytesIO()
    Image.new("RGB" if colour else "1", size, colour or 0).save(buffer, "PNG")
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


DAMAGED = "cannot be decoded: the file is damaged or truncated; export it again as PNG or JPEG"
NOT_AN_IMAGE = "is not a PNG or JPEG image; save the logo as .png (best for logos) or .jpg"
LOGOS = {
    "truncated-png": (lambda: _png()[:300], "logo.png", DAMAGED),
    "gif-named-png": (lambda: _gif(), "logo.png", NOT_AN_IMAGE),
    "text-named-png": (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.png", NOT_AN_IMAGE),
    "svg": (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "is an SVG file, and SVG logos are"),
    "bomb": (
        lambda: (FIXTURES / "bomb-60000x60000.png").read_bytes(),
        "logo.png",
        "has more pixels than can be opened safely, more than the 16,000,000 allowed (a guard against "
        "decompression bombs); scale it down",
    ),
    "many-pixels": (
        lambda: _png((4001, 4000), None),
        "logo.png",
        "is 4,001 x 4,000 pixels, more than the 16,000,000 allowed (a guard against decompression bombs)",
    ),
    "pillow-indexerror": (lambda: (FIXTURES / "verify-indexerror.png").read_bytes(), "logo.png", DAMAGED),
    "broken-exif": (
        _jpeg_with_broken_exif,
        "logo.jpg",
        "has damaged metadata (its EXIF block cannot be read); open it in an image editor and export it again",
    ),
    "broken-exif-png": (_png_with_broken_exif, "logo.png", DAMAGED),  # a PNG signature: damaged, not another format
    "empty": (lambda: b"", "logo.png", NOT_AN_IMAGE),
}


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (40, 40)).save(buffer, "GIF")
    return buffer.getvalue()


@pytest.mark.parametrize("name", list(LOGOS))
def test_bad_logos_are_refused_naming_the_file_as_the_kit_wrote_it(run, tmp_path, name):
    make, file, message = LOGOS[name]
    kit = tmp_path / "kit"
    (kit / "images").mkdir(parents=True)
    (kit / "images" / file).write_bytes(make())
    text = f'name = "Lakeside High"\nlogo = "images/{file}"\n'
    (kit / "brand.toml").write_text(text)
    code, out = run("build", "comparison", *PAIR, "--brand", str(kit))
    assert_refused(code, out, tmp_path, 3, BRAND, line_of(text, "logo ="))
    assert f"{BRAND}:{line_of(text, 'logo =')}: logo: 'images/{file}' {message}" in out, out


def test_a_logo_too_large_to_open_is_refused_before_it_is_read(run, tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    with (kit / "crest.png").open("wb") as handle:
        handle.truncate(25_000_000)  # sparse: 25 MB on paper, nothing on disk
    text = 'name = "Lakeside High"\nlogo = "crest.png"\n'
    (kit / "brand.toml").write_text(text)
    code, out = run("build", "comparison", *PAIR, "--brand", str(kit))
    assert_refused(code, out, tmp_path, 3, BRAND, 2)
    assert f"{BRAND}:2: logo: 'crest.png' is 25 MB, more than 20 MB; export a smaller PNG or JPEG" in out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that bind (not root)")
def test_an_unreadable_logo_is_named(run, tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "crest.png").write_bytes(_png())
    (kit / "crest.png").chmod(0)
    text = 'name = "Lakeside High"\nlogo = "crest.png"\n'
    (kit / "brand.toml").write_text(text)
    code, out = run("build", "comparison", *PAIR, "--brand", str(kit))
    assert_refused(code, out, tmp_path, 3, BRAND, 2)
    assert f"{BRAND}:2: logo: 'crest.png' cannot be read (" in out


def test_a_blurry_logo_is_a_warning_naming_the_file_and_the_handout_is_still_built(run, tmp_path):
    kit = tmp_path / "kit"
    (kit / "images").mkdir(parents=True)
    Image.new("RGB", (150, 60), "navy").save(kit / "images" / "crest.png")
    text = 'name = "Lakeside High"\nlogo = "images/crest.png"\n'
    (kit / "brand.toml").write_text(text)
    code, out = run("build", "comparison", *PAIR, "--brand", str(kit), "-o", "out/")
    assert code == 0, out
    assert (
        f"warning: {BRAND}:2: logo: 'images/crest.png' is 150 x 60 pixels, printed at 1.50 x 0.60 in that is "
        "100 dpi and will look blurry (under 150 dpi)" in out
    )
    assert 'image "images/crest.png" prints at 100 dpi' in out  # inspection of the PDF names it too
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1


def test_the_decoders_own_error_is_kept_for_debug_not_shown(tmp_path):
    """The message is ours alone; Pillow's exception is the cause, which --debug's traceback shows."""
    from handouts.errors import BrandError
    from handouts.inputs.brand import load_brand

    (tmp_path / "logo.png").write_bytes(_png()[:300])
    (tmp_path / "brand.toml").write_text('name = "Lakeside High"\nlogo = "logo.png"\n')
    with pytest.raises(BrandError) as caught:
        load_brand(tmp_path)
    assert caught.value.__cause__ is not None
    assert str(caught.value.__cause__) not in str(caught.value)


def _layout_with_image(tmp_path: Path, src: str) -> Path:
    folder = tmp_path / "layouts"
    folder.mkdir(exist_ok=True)
    text = (
        '{#-\nroles: 2\n-#}\n<handout title="T">\n<p>x</p>\n<image src="' + src + '" alt="Campus map"/>\n</handout>\n'
    )
    (folder / "evil.xml.j2").write_text(text)
    return folder


LAYOUT = "layouts/evil.xml.j2"
IMAGES = {
    "truncated": (lambda: _png()[:300], "cannot be decoded: the file is damaged or truncated"),
    "bomb": (
        lambda: (FIXTURES / "bomb-60000x60000.png").read_bytes(),
        "has more pixels than can be opened safely, more than the 25,000,000 allowed",
    ),
    "many-pixels": (lambda: _png((5001, 5000), None), "is 5,001 x 5,000 pixels, more than the 25,000,000 allowed"),
    "pillow-indexerror": (
        lambda: (FIXTURES / "verify-indexerror.png").read_bytes(),
        "cannot be decoded: the file is damaged or truncated",
    ),
    "gif-named-png": (lambda: _gif(), "is not a PNG or JPEG image"),
    "broken-exif": (_jpeg_with_broken_exif, "has damaged metadata (its EXIF block cannot be read)"),
}


@pytest.mark.parametrize("name", list(IMAGES))
def test_bad_layout_images_are_refused_naming_the_file_as_the_layout_wrote_it(run, tmp_path, name):
    make, message = IMAGES[name]
    file = "map.jpg" if name == "broken-exif" else "map.png"
    folder = _layout_with_image(tmp_path, f"img/{file}")
    (folder / "img").mkdir()
    (folder / "img" / file).write_bytes(make())
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, LAYOUT, "<image src>")
    assert f"{LAYOUT}: <image src>: 'img/{file}' (layouts/img/{file}) {message}" in out, out


def test_a_layout_image_printed_below_150_dpi_is_a_warning_naming_the_file(run, tmp_path):
    folder = _layout_with_image(tmp_path, "img/map.png")
    (folder / "img").mkdir()
    (folder / "img" / "map.png").write_bytes(_png((60, 30)))
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder), "-o", "out/")
    assert code == 0, out
    assert 'image "img/map.png" prints at 15 dpi' in out, out
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1


def test_a_layout_image_too_large_to_open_is_refused_before_it_is_read(run, tmp_path):
    folder = _layout_with_image(tmp_path, "map.png")
    with (folder / "map.png").open("wb") as handle:
        handle.truncate(25_000_000)
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, LAYOUT, "<image src>")
    assert f"{LAYOUT}: <image src>: 'map.png' (layouts/map.png) is 25 MB, more than 20 MB" in out


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
