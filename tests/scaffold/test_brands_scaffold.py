"""`handouts new brand DIR`: a commented kit that builds at once, and that `check` warns about until its
placeholders are replaced."""

from __future__ import annotations

import tomllib

from PIL import Image

from handouts.inputs.logos import inspect_logo
from tests.conftest import PAIR, pdfs_in
from tests.render.test_comparison_extras import _qr_codes as qr_codes
from tests.support.pdfcheck import Pdf

PLACEHOLDER_KEYS = ("name", "logo", "website", "contact.address", "contact.phone", "contact.email")


def test_new_brand_builds_but_is_not_all_good_until_its_placeholders_are_replaced(run, tmp_path):
    code, out = run("new", "brand", "my-brand", "--paper", "a4")
    assert code == 0, out
    assert "wrote my-brand/brand.toml" in out and "wrote my-brand/logo.png" in out
    code, out = run("check", "--brand", "my-brand")
    assert code == 0, out
    assert "all good" not in out
    warnings = [line for line in out.splitlines() if line.startswith("warning: my-brand/brand.toml:")]
    assert [w.split(": ")[2] for w in warnings] == list(PLACEHOLDER_KEYS)
    assert all("placeholder" in w for w in warnings)
    code, out = run("check", "--brand", "my-brand", "--strict")
    assert code == 4 and "6 problems:" in out, out  # build --strict's exit status
    code, out = run("build", "comparison", *PAIR, "--brand", "my-brand", "--strict")
    assert code == 4 and "contact.phone" in out and "not written" in out, out
    assert pdfs_in(tmp_path) == []
    code, out = run("build", "comparison", *PAIR, "--brand", "my-brand")
    assert code == 0, out
    (pdf_path,) = pdfs_in(tmp_path / "output")
    pdf = Pdf.open(pdf_path)
    assert "Your School Name" in pdf.pages[0]
    assert pdf.page_sizes[0][0] < 600  # A4 is narrower than Letter
    assert qr_codes(pdf) == []  # no code for the placeholder address; the address itself is printed
    assert "www.example.edu/careers" in "".join(pdf.text.split())


def test_a_kit_whose_placeholders_are_replaced_is_all_good(run, tmp_path):
    run("new", "brand", "kit", "--name", "Lakeside High School")
    toml = tmp_path / "kit" / "brand.toml"
    text = toml.read_text(encoding="utf-8")
    for old, new in (
        ("https://www.example.edu/careers", "https://lakesidehigh.example/careers"),
        ("(555) 010-0100", "(555) 014-2290"),
        ("careers@example.edu", "careers@lakesidehigh.example"),
        ("Room 101, Main Building", "4100 Shoreline Drive, Room 118"),
    ):
        text = text.replace(old, new)
    toml.write_text(text, encoding="utf-8")
    code, out = run("check", "--brand", "kit")
    assert code == 0 and "logo: 'logo.png' is the placeholder" in out, out
    Image.new("RGB", (600, 240), (14, 77, 100)).save(tmp_path / "kit" / "logo.png")
    code, out = run("check", "--brand", "kit", "--strict")
    assert code == 0 and out.startswith("all good:"), out
    code, out = run("build", "comparison", *PAIR, "--brand", "kit")
    assert code == 0 and "warning" not in out, out
    assert qr_codes(Pdf.open(pdfs_in(tmp_path / "output")[0])) == ["https://lakesidehigh.example/careers"]


def test_every_field_is_written_and_commented(run, tmp_path):
    run("new", "brand", "kit")
    text = (tmp_path / "kit" / "brand.toml").read_text()
    data = tomllib.loads(text)
    assert set(data) >= {"name", "short_name", "logo", "website", "footer", "paper", "language", "colors", "contact"}
    assert set(data["colors"]) == {"primary", "accent", "text", "background"}
    assert set(data["contact"]) == {"office", "address", "phone", "email", "hours"}
    for key in ("on_primary", "regular", "bold", "italic", "bold_italic"):
        assert f"# {key} = " in text  # optional keys are shown, commented out
    assert text.count("\n#") >= 15


def test_placeholder_logo_is_a_sharp_png_of_the_box_shape(run, tmp_path):
    run("new", "brand", "kit")
    facts = inspect_logo(tmp_path / "kit" / "logo.png", "logo.png")
    assert facts.format == "PNG"
    assert facts.width / facts.height == 2.5 and facts.dpi >= 300
    with Image.open(tmp_path / "kit" / "logo.png") as image:
        assert image.mode == "RGBA"


def test_names_with_quotes_and_accents_survive(run, tmp_path):
    name = 'École "Les Érables" \\ Career Office'
    code, out = run("new", "brand", "kit", "--name", name)
    assert code == 0, out
    assert tomllib.loads((tmp_path / "kit" / "brand.toml").read_text())["name"] == name
    code, out = run("check", "--brand", "kit")
    assert code == 0, out


def test_never_overwrites_an_existing_kit(run, tmp_path):
    run("new", "brand", "kit", "--name", "First")
    before = (tmp_path / "kit" / "brand.toml").read_bytes()
    code, out = run("new", "brand", "kit", "--name", "Second")
    assert code == 5
    assert "kit/brand.toml: already exists; a new brand kit never overwrites files; choose a new folder" in out
    assert (tmp_path / "kit" / "brand.toml").read_bytes() == before


def test_help_has_an_example(run):
    code, out = run("new", "brand", "--help")
    assert code == 0
    assert "handouts new brand my-brand" in out


def test_placeholder_mark_is_found_in_any_text_chunk_and_only_there(tmp_path):
    """The mark is read from the PNG's chunks without decoding pixels: tEXt, zTXt or iTXt, before or after
    the image data; a plain image, a cut-off file or a non-PNG is a real logo (or none)."""
    import struct

    from PIL.PngImagePlugin import PngInfo

    from handouts.inputs.placeholders import LOGO_MARK, is_placeholder_logo

    def saved(name: str, mark: str = "", zip_: bool = False):
        info = PngInfo()
        if mark == "text":
            info.add_text(*LOGO_MARK, zip=zip_)
        elif mark == "itxt":
            info.add_itxt(*LOGO_MARK, zip=zip_)
        Image.new("RGB", (40, 20), (14, 77, 100)).save(tmp_path / name, pnginfo=info)
        return tmp_path / name

    for mark in ("text", "itxt"):
        for zip_ in (False, True):
            assert is_placeholder_logo(saved(f"{mark}{zip_}.png", mark, zip_))
    plain = saved("plain.png").read_bytes()
    assert not is_placeholder_logo(tmp_path / "plain.png")
    marked = (tmp_path / "textFalse.png").read_bytes()
    start = marked.index(b"tEXt") - 4
    chunk = marked[start : start + 12 + struct.unpack(">I", marked[start : start + 4])[0]]
    end = plain.rindex(b"IEND") - 4
    (tmp_path / "late.png").write_bytes(plain[:end] + chunk + plain[end:])
    assert is_placeholder_logo(tmp_path / "late.png")  # after the image data, where Pillow must decode to look
    (tmp_path / "cut.png").write_bytes(marked[: start + 6])
    (tmp_path / "not.png").write_bytes(b"GIF89a" + marked[8:])
    assert not any(is_placeholder_logo(tmp_path / n) for n in ("cut.png", "not.png", "missing.png"))
