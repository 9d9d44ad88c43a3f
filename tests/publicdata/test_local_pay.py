"""Handouts built with BLS figures from the data folder's store: national and local pay, projections, credits.

The data folder is made as an office makes it (O*NET drafts for nursing
assistants and medical secretaries, the OEWS national, state and metro
extracts and the projections fixture imported), and every test reads the
PDF back. Expected numbers are the fixtures' own (the May 2025 OEWS extract:
medical assistants' national median $45,690, $56,240 in Portland-Vancouver).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts.build import Inputs, build_handout_bytes
from handouts.errors import UsageError
from handouts.inputs.roles import load_catalog
from handouts.publicdata.rolefigures import AreaChoice, add_public_figures
from tests.conftest import pdfs_in
from tests.support.pdfcheck import Pdf
from tests.support.publicdata_kit import public_data_folder, write_role

PORTLAND = "Portland-Vancouver-Hillsboro, OR-WA"


@pytest.fixture(scope="module")
def store_folder(tmp_path_factory) -> Path:
    return public_data_folder(tmp_path_factory.mktemp("office") / "my-data")


@pytest.fixture
def data(store_folder, tmp_path) -> Path:
    """A writable copy of the office's data folder."""
    return Path(shutil.copytree(store_folder, tmp_path / "my-data"))


def _text(path: Path) -> str:
    return " ".join(Pdf.open(path).text.split())


def test_a_draft_beside_a_built_in_role_with_an_area_prints_both_pays_the_releases_the_projection_and_credits(
    run, data, tmp_path
):
    code, out = run(
        "build", "comparison", "medical-assistant", "nursing-assistants", "--data", str(data),
        "--area", "Portland-Vancouver", "-o", "fair.pdf",
    )  # fmt: skip
    assert code == 0, out
    pdf = Pdf.open(tmp_path / "fair.pdf")
    text = " ".join(pdf.text.split())
    # National pay beside local pay, each with its area and release period.
    assert "Median $45,690 a year; 10th to 90th percentile $36,050–$59,310 a year (U.S., May 2025) [2]" in text
    assert f"Median $56,240 a year; 10th to 90th percentile $46,160–$63,300 a year ({PORTLAND}, May 2025) [2]" in text
    assert "Median $42,260 a year; 10th to 90th percentile $33,940–$51,980 a year (U.S., May 2025) [2]" in text
    assert f"Median $50,350 a year; 10th to 90th percentile $43,980–$61,170 a year ({PORTLAND}, May 2025) [2]" in text
    # The projection, with its period and release.
    assert "12.5% projected job growth; 112,300 people a year in job openings (2024–34) [3]" in text
    assert "3.3% projected job growth; 211,400 people a year in job openings (2024–34) [3]" in text
    # The releases name the program, release and publication date.
    assert (
        "[2] U.S. Bureau of Labor Statistics. “Occupational Employment and Wage Statistics (OEWS), May 2025.”" in text
    )
    assert "[3] U.S. Bureau of Labor Statistics. “Employment Projections, 2024–34.” 28 August 2025." in text
    # O*NET's credit line, its licence and trademark wording, and the notice for modified information.
    assert (
        "This page includes information from the O*NET 30.1 Database by the U.S. Department of Labor, Employment and "
        "Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA. "
        "Career Advising Office has modified all or some of this information. USDOL/ETA has not approved, endorsed, "
        "or tested these modifications." in text
    )
    assert (
        "[1] U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). “O*NET 30.1 Database.”"
        in text
    )
    # The draft is marked on every page and named where it is introduced.
    assert all("Career comparison · DRAFT" in page for page in pdf.pages)
    assert "Nursing Assistants (also called Certified Nursing Assistant (CNA) and Patient Care Technician)." in text
    assert "Draft from the O*NET 30.1 Database, not yet reviewed by an adviser." in text
    # The article figures BLS's own now stand in for are still listed, with their sources.
    assert "$44,200 a year (2024) [4]" in text
    assert len(pdf.pages) == 2


def test_an_area_by_code_by_state_and_by_a_unique_part_of_its_name(data):
    def build(area: str) -> bytes:
        return build_handout_bytes("comparison", ["medical-assistant", "nursing-assistants"], Inputs([data], area=area))

    assert build("38900") == build("Hillsboro") == build(PORTLAND)
    oregon = build("OR")
    assert oregon == build("oregon") and oregon != build("38900")


def test_an_unknown_area_gets_did_you_mean_and_nothing_is_written(run, data, tmp_path):
    code, out = run(
        "build", "comparison", "medical-assistant", "nursing-assistants", "--data", str(data), "--area", "Oregn"
    )
    assert code == 2
    assert "command line: --area: no area 'Oregn' in " in out and "did you mean 'Oregon' (41)?" in out
    code, out = run(
        "build", "comparison", "medical-assistant", "nursing-assistants", "--data", str(data), "--area", "Portland"
    )
    assert code == 2
    assert (
        "'Portland' matches 2 areas: Portland-South Portland, ME (38860); Portland-Vancouver-Hillsboro, OR-WA (38900)"
        in out
    )
    assert pdfs_in(tmp_path) == []


def test_an_area_without_bls_wages_to_look_it_up_in_is_refused(run, tmp_path):
    code, out = run("build", "comparison", "medical-assistant", "medical-administrative-assistant", "--area", "Oregon")
    assert code == 2
    assert "local pay for 'Oregon' needs BLS wages" in out and "handouts import wages FILE --data DIR" in out
    assert pdfs_in(tmp_path) == []


def test_the_area_in_brand_toml_and_a_wrong_one_named_at_its_line(run, data, tmp_path):
    assert run("new", "brand", "kit", "--name", "Lakeside High School")[0] == 0
    toml = tmp_path / "kit" / "brand.toml"
    toml.write_text('area = "Maine"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = run("build", "comparison", "medical-assistant", "nursing-assistants", "--data", str(data),
                    "--brand", "kit", "-o", "maine.pdf")  # fmt: skip
    assert code == 0, out
    text = _text(tmp_path / "maine.pdf")
    assert "Median $47,580 a year; 10th to 90th percentile $40,220–$59,220 a year (Maine, May 2025)" in text
    assert "Lakeside High School has modified all or some of this information." in text
    # --area wins over the brand's.
    code, out = run("build", "comparison", "medical-assistant", "nursing-assistants", "--data", str(data),
                    "--brand", "kit", "--area", "Oregon", "-o", "oregon.pdf")  # fmt: skip
    assert code == 0, out
    assert "(Oregon, May 2025)" in _text(tmp_path / "oregon.pdf")
    toml.write_text(toml.read_text(encoding="utf-8").replace('"Maine"', '"Mane"'), encoding="utf-8")
    line = toml.read_text(encoding="utf-8").splitlines().index('area = "Mane"') + 1
    code, out = run(
        "build", "comparison", "medical-assistant", "nursing-assistants", "--data", str(data), "--brand", "kit"
    )
    assert code == 2
    assert f"kit/brand.toml:{line}: area: no area 'Mane'" in out and "did you mean 'Maine' (23)?" in out


def test_a_job_s_area_and_an_item_s_own_area_each_print_and_a_wrong_one_names_its_line(run, data, tmp_path):
    manifest = tmp_path / "job.toml"
    manifest.write_text(
        'name = "Fair"\ndata = ["my-data"]\narea = "Oregon"\n\n'
        '[[items]]\nlayout = "comparison"\nroles = ["medical-assistant", "nursing-assistants"]\n\n'
        '[[items]]\nlayout = "comparison"\nroles = ["medical-assistant", "nursing-assistants"]\narea = "38860"\n',
        encoding="utf-8",
    )
    code, out = run("print", str(manifest), "-o", "fair.pdf", "--jobs", "1")
    assert code == 0, out
    pages = Pdf.open(tmp_path / "fair.pdf").pages
    assert "(Oregon, May 2025)" in " ".join(pages[0].split())
    assert "(Portland-South Portland, ME, May 2025)" in " ".join(pages[2].split())
    # --area replaces the job's area, not the item's own.
    code, out = run("print", str(manifest), "-o", "maine.pdf", "--jobs", "1", "--area", "Maine")
    assert code == 0, out
    pages = Pdf.open(tmp_path / "maine.pdf").pages
    assert "(Maine, May 2025)" in " ".join(pages[0].split())
    assert "(Portland-South Portland, ME, May 2025)" in " ".join(pages[2].split())
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"38860"', '"Portlnd"'), encoding="utf-8")
    line = manifest.read_text(encoding="utf-8").splitlines().index('area = "Portlnd"') + 1
    code, out = run("print", str(manifest), "-o", "bad.pdf")
    assert code == 3
    assert f"job.toml:{line}: items[1].area: no area 'Portlnd'" in out
    assert "did you mean 'Portland-South Portland, ME' (38860) or 'Portland-Vancouver-Hillsboro, OR-WA' (38900)?" in out
    assert not (tmp_path / "bad.pdf").exists()


def test_where_bls_has_no_estimate_for_the_area_the_national_figure_prints_with_a_note(run, data, tmp_path):
    write_role(data, "business-agent", soc="13-1011")  # agents of artists and athletes: no Maine estimate
    code, out = run("build", "comparison", "business-agent", "nursing-assistants", "--data", str(data),
                    "--area", "Maine", "-o", "agent.pdf")  # fmt: skip
    assert code == 0, out
    text = _text(tmp_path / "agent.pdf")
    assert (
        "BLS publishes no estimate for this occupation in Maine; the national figure is shown. "
        "Median $82,890 a year; 10th to 90th percentile $48,010–$284,570 a year (U.S., May 2025)" in text
    )


def _with_bls(data: Path, role_id: str, area: str):
    """The role as a build hands it to a layout: with its BLS figures for ``area``."""
    catalog = load_catalog([data])
    public = add_public_figures([catalog.roles[role_id]], [data], AreaChoice(area))
    assert public is not None
    return public.roles[0], public


def test_a_top_coded_wage_prints_as_at_least_the_top_code_never_as_a_plain_number(run, data, tmp_path):
    write_role(data, "anesthesiologist", soc="29-1211")
    role, _ = _with_bls(data, "anesthesiologist", "Oregon")
    local = role.figure("local_pay")
    assert (local.value, local.qualifier, local.area) == (239200.0, "at least", "Oregon")
    # BLS publishes no 10th to 90th percentile range for Oregon (both ends top-coded): the national one, said so.
    spread = role.figure("local_pay_range")
    assert spread.area == "U.S." and "does not publish this estimate for Oregon" in (spread.note or "")
    code, out = run("build", "comparison", "anesthesiologist", "nursing-assistants", "--data", str(data),
                    "--area", "Oregon", "-o", "top.pdf")  # fmt: skip
    assert code == 0, out
    text = _text(tmp_path / "top.pdf")
    # Each says where it is from: the top-coded median for Oregon, the range for the nation, with the note.
    assert "Median: at least $239,200 a year (Oregon, May 2025) [2]" in text
    assert "10th to 90th percentile: $101,460–$557,130 a year (U.S., May 2025) [2] (BLS does not publish" in text


def test_store_figures_are_ordinary_sourced_figures_on_the_roles_layouts_get(data):
    role, public = _with_bls(data, "medical-assistant", "Maine")
    local = role.figure("local_pay")
    assert local.value == 47580 and local.unit.value == "usd_per_year" and local.measure == "median annual wage"
    assert (local.period, local.year, local.area, local.source) == ("May 2025", 2025, "Maine", "bls-oews-may-2025")
    national = role.figure("pay_range")
    assert (national.low, national.high, national.area) == (36050, 59310, "U.S.")
    growth = role.figure("job_growth")
    assert (growth.value, growth.period, growth.published, growth.source) == (
        12.5,
        "2024–34",
        "2025-08-28",
        "bls-ep-2024-34",
    )
    # The role file's own figures stay, as the others.
    assert [f.source for f in role.figures["job_growth"].others] == [
        "research-com-2026",
        "fhca-2026",
        "fhca-2026",
        "fhca-2026",
    ]
    source = public.sources["bls-oews-may-2025"]
    assert (source.publisher, source.title) == (
        "U.S. Bureau of Labor Statistics",
        "Occupational Employment and Wage Statistics (OEWS), May 2025",
    )


def test_a_build_with_local_pay_is_the_same_bytes_twice(data):
    inputs = Inputs([data], area="Portland-Vancouver")
    first = build_handout_bytes("comparison", ["medical-assistant", "nursing-assistants"], inputs)
    assert build_handout_bytes("comparison", ["medical-assistant", "nursing-assistants"], inputs) == first


def test_the_python_api_refuses_an_unknown_area_as_a_usage_error(data):
    with pytest.raises(UsageError) as refused:
        build_handout_bytes("comparison", ["medical-assistant", "nursing-assistants"], Inputs([data], area="Atlantis"))
    assert "no area 'Atlantis'" in str(refused.value)
