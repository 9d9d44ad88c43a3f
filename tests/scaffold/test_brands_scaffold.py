"""`handouts new brand DIR`: a commented kit that passes `check` as written and builds."""

from __future__ import annotations

import tomllib

from PIL import Image

from handouts.inputs.logos import inspect_logo
from tests.conftest import PAIR, pdfs_in
from tests.support.pdfcheck import Pdf


def test_new_brand_passes_check_without_warnings_and_builds(run, tmp_path):
    code, out = run("new", "brand", "my-brand", "--name", "Lakeside High School", "--paper", "a4")
    assert code == 0, out
    assert "wrote my-brand/brand.toml" in out and "wrote my-brand/logo.png" in out
    code, out = run("check", "--brand", "my-brand")
    assert code == 0, out
    assert out.startswith("all good:") and "warning" not in out
    code, out = run("build", "comparison", *PAIR, "--brand", "my-brand")
    assert code == 0, out
    (pdf_path,) = pdfs_in(tmp_path / "output")
    pdf = Pdf.open(pdf_path)
    assert "Lakeside High School" in pdf.pages[0]
    assert pdf.page_sizes[0][0] < 600  # A4 is narrower than Letter


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
