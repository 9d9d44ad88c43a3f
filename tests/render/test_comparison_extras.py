"""The comparison handout's chart and QR call-out, with a brand kit that has a website."""

from __future__ import annotations

import pypdfium2
import pytest

from handouts.build import Inputs, build_handout
from tests.conftest import FIXTURES, PAIR
from tests.support.layoutkit import structure
from tests.support.pdfcheck import Pdf, text_outside

WEBSITE = "https://www.lakeside.example.edu/careers/health-programs"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kit")
    (folder / "brand.toml").write_text(
        f'name = "Lakeside High School"\nwebsite = "{WEBSITE}"\n[contact]\noffice = "College and Career Center"\n'
    )
    return folder


@pytest.fixture(scope="module")
def branded(kit, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return Pdf.open(build_handout("comparison", PAIR, Inputs(brand=kit), output=out).path)


def _qr_codes(pdf: Pdf) -> list[str]:
    import zxingcpp

    found = []
    for page in pypdfium2.PdfDocument(pdf.data):
        found += [r.text for r in zxingcpp.read_barcodes(page.render(scale=3).to_pil())]
    return found


def test_pay_and_growth_charts_from_the_sourced_figures(branded):
    text = branded.text
    assert "Pay and job growth" in text
    assert "Medical Assistant $38,000–$45,000 (2026) [1]" in text
    assert "Medical Administrative Assistant $35,000–$42,000 (2026) [1]" in text
    assert "Medical Assistant 12.5% (through 2034) [2]" in text
    assert "US dollars a year" in text and "percent" in text
    alts = [f.alt for f in structure(branded).find("Figure")]
    assert any(
        a.startswith("Bar chart, Pay, in US dollars a year. Medical Assistant: from $38,000 to $45,000") for a in alts
    )
    assert any(a.startswith("Bar chart, Projected job growth, in percent. Medical Assistant: 12.5%") for a in alts)


def test_qr_call_out_when_the_brand_has_a_website(branded):
    assert _qr_codes(branded) == [WEBSITE]
    assert "Find out more" in branded.text
    assert WEBSITE in "".join(branded.text.split())  # printed under the code
    alts = [f.alt for f in structure(branded).find("Figure")]
    assert f"QR code that opens the Lakeside High School web page, {WEBSITE}" in alts


def test_no_qr_call_out_without_a_website(tmp_path):
    pdf = Pdf.open(build_handout("comparison", PAIR, output=tmp_path).path)
    assert "Find out more" not in pdf.text
    assert _qr_codes(pdf) == []
    assert "Pay and job growth" in pdf.text


@pytest.mark.parametrize(
    "roles",
    [PAIR, (*PAIR, "clinic-receptionist")],
    ids=["two", "three"],
)
def test_at_most_two_letter_pages_inside_the_margins(kit, tmp_path, roles):
    inputs = Inputs(data=[FIXTURES / "third-role"], brand=kit)
    pdf = Pdf.open(build_handout("comparison", roles, inputs, output=tmp_path).path)
    assert len(pdf.pages) == 2
    assert text_outside(pdf, left=43.2, right=43.2, top=18, bottom=18) == []
    assert "[3] Florida Healthcare Academy." in pdf.text or "[2] Florida Healthcare Academy." in pdf.text
    sizes = {round(c["size"], 1) for page in pdf.chars for c in page if c["text"].strip()}
    assert min(sizes) >= 7.0


def test_branded_builds_are_byte_identical(kit, tmp_path):
    first = build_handout("comparison", PAIR, Inputs(brand=kit), output=tmp_path / "a.pdf")
    second = build_handout("comparison", PAIR, Inputs(brand=kit), output=tmp_path / "b.pdf")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_a_declining_job_outlook_prints_and_charts_without_a_bar(tmp_path, data_copy):
    """Negative figures are valid data (jobs can shrink); the chart labels them and draws no bar."""
    role = data_copy / "roles" / "medical-administrative-assistant.yaml"
    text = role.read_text()
    assert "      - value: 4.2\n" in text
    role.write_text(text.replace("      - value: 4.2\n", "      - value: -4.2\n", 1))
    from handouts.build import Inputs, build_handout
    from tests.conftest import PAIR
    from tests.support.pdfcheck import Pdf

    result = build_handout("comparison", PAIR, Inputs(data=[data_copy]), output=tmp_path)
    pdf = Pdf.open(result.path)
    assert "-4.2% (through 2034) [2]" in pdf.text
