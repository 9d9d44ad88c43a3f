"""Hostile brand kits: TOML in other encodings, colour expressions, files named outside the kit
or linked out of it, and fonts that are collections, truncated, not fonts, or lack glyphs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handouts.inputs.fonts import builtin_font_path
from tests.conftest import PAIR
from tests.hostile.conftest import assert_refused, assert_untouched, line_of

BRAND = "kit/brand.toml"


@pytest.fixture
def kit(tmp_path) -> Path:
    folder = tmp_path / "kit"
    folder.mkdir()
    (folder / "brand.toml").write_text('name = "Lakeside High"\npaper = "letter"\n\n[colors]\nprimary = "#1f4e79"\n')
    return folder


def _write(kit: Path, text: str) -> str:
    (kit / "brand.toml").write_text(text, encoding="utf-8")
    return text


def _build(run, kit: Path):
    return run("build", "comparison", *PAIR, "--brand", str(kit))


def test_brand_toml_with_a_bom_is_read(kit):
    from handouts.inputs.brand import load_brand

    path = kit / "brand.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_brand(kit).name == "Lakeside High"


def test_brand_toml_in_utf16_is_refused_by_name(run, kit, tmp_path):
    (kit / "brand.toml").write_bytes('name = "Lakeside High"\n'.encode("utf-16"))
    code, out = _build(run, kit)
    assert_refused(code, out, tmp_path, 3, BRAND, 1)
    assert "not UTF-8 text" in out


def test_toml_syntax_error_names_the_line(run, kit, tmp_path):
    text = _write(kit, 'name = "Lakeside High"\nfooter = "unclosed\n')
    code, out = _build(run, kit)
    assert_refused(code, out, tmp_path, 3, BRAND, line_of(text, "footer"))
    assert "TOML syntax error" in out


@pytest.mark.parametrize(
    "colour", ["[].__class__", "rgb(1,2,3)", "Color(1,0,0)", "__import__('os').system('touch pwned.txt')", "#12345"]
)
def test_colour_expressions_are_refused_with_the_line(run, kit, tmp_path, watch, canary, colour):
    text = _write(kit, f'name = "Lakeside High"\n\n[colors]\nprimary = "{colour}"\n')
    code, out = _build(run, kit)
    assert_refused(code, out, tmp_path, 3, BRAND, line_of(text, "primary"))
    assert "colors.primary:" in out and "is not a colour" in out
    assert not (tmp_path / "pwned.txt").exists()
    assert_untouched(watch, canary, tmp_path, out)


@pytest.mark.parametrize("key", ["logo", "fonts.regular"])
@pytest.mark.parametrize("target", ["../outside/secret.txt", "{canary}", "fonts/../../outside/secret.txt"])
def test_files_named_outside_the_kit_are_refused(run, kit, tmp_path, watch, canary, key, target):
    target = target.format(canary=canary)
    table, _, name = key.rpartition(".")
    text = (
        f'name = "Lakeside High"\n{name} = "{target}"\n'
        if not table
        else f'name = "x"\n\n[{table}]\n{name} = "{target}"\n'
    )
    _write(kit, text)
    code, out = _build(run, kit)
    assert_refused(code, out, tmp_path, 3, BRAND, line_of(text, f"{name} ="))
    assert f"{key}: '{target}' points outside the brand kit" in out
    assert_untouched(watch, canary, tmp_path, out)


@pytest.mark.parametrize("key", ["logo", "fonts.bold"])
def test_files_linked_out_of_the_kit_are_refused(run, kit, tmp_path, watch, canary, key):
    os.symlink(canary, kit / "linked.png")
    table, _, name = key.rpartition(".")
    text = f'name = "x"\n{name} = "linked.png"\n' if not table else f'name = "x"\n\n[{table}]\n{name} = "linked.png"\n'
    _write(kit, text)
    code, out = _build(run, kit)
    assert_refused(code, out, tmp_path, 3, BRAND, line_of(text, f"{name} ="))
    assert "leads outside the brand kit (through a link)" in out
    assert_untouched(watch, canary, tmp_path, out)


def _font_kit(kit: Path, data: bytes, file: str = "fonts/brand.ttf") -> str:
    (kit / file).parent.mkdir(exist_ok=True)
    (kit / file).write_bytes(data)
    return _write(kit, f'name = "Lakeside High"\n\n[fonts]\nregular = "{file}"\n')


def _no_embedding(ttf: bytes) -> bytes:
    """The font with its OS/2 fsType set to 2: "restricted licence embedding", which forbids embedding."""
    data = bytearray(ttf)
    for index in range(int.from_bytes(data[4:6], "big")):
        record = data[12 + 16 * index : 28 + 16 * index]
        if record[:4] == b"OS/2":
            offset = int.from_bytes(record[8:12], "big")
            data[offset + 8 : offset + 10] = (2).to_bytes(2, "big")
            return bytes(data)
    raise AssertionError("no OS/2 table")


DAMAGED = "the file is damaged or truncated; download or export the font again as a TrueType (.ttf) file"
NOT_TRUETYPE = "it is not a TrueType font (only .ttf fonts can be embedded"
FONTS = {
    "collection": (
        lambda ttf: b"ttcf" + ttf[4:],
        "fonts/brand.ttc",
        "it is a font collection (.ttc), which is not supported; give one TrueType (.ttf) file for each face",
    ),
    "cff": (
        lambda ttf: b"OTTO" + ttf[4:],
        "fonts/brand.otf",
        "it is an OpenType font with PostScript (CFF) outlines, which is not supported; give the TrueType (.ttf) version",
    ),
    "truncated": (lambda ttf: ttf[:2000], "fonts/brand.ttf", DAMAGED),
    "garbage-tables": (lambda ttf: ttf[:12] + b"\xff" * 3000, "fonts/brand.ttf", DAMAGED),
    "not-a-font": (lambda ttf: b"%PDF-1.4\n" + b"x" * 500, "fonts/brand.ttf", NOT_TRUETYPE),
    "empty": (lambda ttf: b"", "fonts/brand.ttf", NOT_TRUETYPE),
    "no-embedding": (
        _no_embedding,
        "fonts/brand.ttf",
        "its licence does not allow embedding it in a PDF (the font's fsType setting); choose another font",
    ),
}


@pytest.mark.parametrize("name", list(FONTS))
def test_broken_fonts_are_refused_naming_the_file_as_the_kit_wrote_it(run, kit, tmp_path, name):
    make, file, message = FONTS[name]
    text = _font_kit(kit, make(builtin_font_path("regular").read_bytes()), file)
    code, out = _build(run, kit)
    line = line_of(text, "regular =")
    assert_refused(code, out, tmp_path, 3, BRAND, line)
    assert f"{BRAND}:{line}: fonts.regular: font '{file}' cannot be used: {message}" in out, out


def test_a_font_too_large_to_be_one_is_refused_before_it_is_read(run, kit, tmp_path):
    (kit / "fonts").mkdir()
    with (kit / "fonts" / "huge.ttf").open("wb") as handle:
        handle.truncate(65_000_001)  # sparse: nothing on disk
    text = _write(kit, 'name = "Lakeside High"\n\n[fonts]\nbold = "fonts/huge.ttf"\n')
    code, out = _build(run, kit)
    line = line_of(text, "bold =")
    assert_refused(code, out, tmp_path, 3, BRAND, line)
    assert f"{BRAND}:{line}: fonts.bold: font 'fonts/huge.ttf' cannot be used: the file is 66 MB, more than" in out


def test_the_font_parsers_own_error_is_kept_for_debug_not_shown(kit):
    from handouts.errors import BrandError
    from handouts.inputs.brand import load_brand
    from handouts.inputs.fonts import load_fonts

    _font_kit(kit, builtin_font_path("regular").read_bytes()[:2000])
    with pytest.raises(BrandError) as caught:
        load_fonts(load_brand(kit))
    assert caught.value.__cause__ is not None
    assert str(caught.value.__cause__) not in str(caught.value)


def test_characters_the_font_lacks_are_named_not_dropped(run, data_copy, tmp_path):
    path = data_copy / "roles/medical-assistant.yaml"
    path.write_text(
        path.read_text().replace('patient_care: "Direct, hands-on"', 'patient_care: "Direct 直接, hands-on"')
    )
    code, out = run("build", "comparison", *PAIR, "--data", str(data_copy))
    assert_refused(code, out, tmp_path, 4, "comparison.xml.j2", "the font has no glyph for")
    assert "'接' (U+63A5), '直' (U+76F4)" in out


def test_control_characters_in_brand_text_are_refused(run, kit, tmp_path):
    text = _write(kit, 'name = "Lakeside\\u001b[2J High"\n')
    code, out = _build(run, kit)
    assert_refused(code, out, tmp_path, 3, BRAND, line_of(text, "name"))
    assert "name: control character U+001B" in out


@pytest.mark.parametrize("nested", ["[" * 100_000, "{ a = " * 100_000])
def test_deeply_nested_toml_is_refused_not_a_crash(run, kit, tmp_path, nested):
    _write(kit, f'name = "Lakeside High"\nfooter = {nested}\n')
    code, out = _build(run, kit)
    assert_refused(code, out, tmp_path, 3, BRAND, "arrays or tables nested too deep")


def test_huge_brand_toml_is_refused_before_it_is_read(run, kit, tmp_path):
    _write(kit, 'name = "Lakeside High"\n' + "# padding\n" * 150_000)
    code, out = _build(run, kit)
    assert_refused(code, out, tmp_path, 3, BRAND, "more than the 1,000,000 it may have")


def test_a_number_thousands_of_digits_long_in_brand_toml_is_refused(run, tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.toml").write_text('name = "School"\nmin_text_size = ' + "1" * 5000 + "\n")
    code, out = run("check", "--brand", str(kit))
    assert code == 3, out
    assert "kit/brand.toml" in out and "too large" in out and "bug" not in out


def test_a_logo_name_too_long_for_the_file_system_is_named(run, tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.toml").write_text('name = "School"\nlogo = "' + "x" * 300 + '.png"\n')
    code, out = run("check", "--brand", str(kit))
    assert code == 3, out
    assert "kit/brand.toml:2: logo:" in out and "bug" not in out
