"""`handouts import projections` / `import wages` and the store's answers: releases, marks, areas, refusals."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from handouts.errors import UsageError
from handouts.publicdata.store import Store
from tests.support.publicdata_kit import METRO, NATIONAL, PROJECTIONS, STATE, rewrite_xlsx, sha, tree


def _wages(run, path: Path, *args: str):
    return run("import", "wages", str(path), "--data", "mine", *args)


@pytest.fixture
def store(run, tmp_path):
    """A data folder with the national, state and metro extracts and the projections imported."""
    for path in (NATIONAL, STATE, METRO):
        code, out = _wages(run, path)
        assert code == 0, out
    assert run("import", "projections", str(PROJECTIONS), "--data", "mine")[0] == 0
    with Store(tmp_path / "mine") as opened:
        yield opened


def _sheet_rows(path: Path) -> list[dict]:
    """The fixture read back with openpyxl, an independent reader."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def test_every_wage_reads_back_as_the_file_has_it_and_marks_are_never_numbers(store):
    columns = {"TOT_EMP": "employment"}
    checked = marks = 0
    for path in (NATIONAL, STATE, METRO):
        for row in _sheet_rows(path):
            if row["O_GROUP"] != "detailed":
                continue
            estimate = store.wages(row["OCC_CODE"], str(row["AREA"]))
            assert estimate is not None and estimate.area.name == row["AREA_TITLE"]
            for column in (
                "TOT_EMP",
                "H_MEAN",
                "A_MEAN",
                "H_PCT10",
                "H_MEDIAN",
                "H_PCT90",
                "A_PCT10",
                "A_MEDIAN",
                "A_PCT25",
                "A_PCT75",
                "A_PCT90",
            ):
                unit, _, measure = column.lower().partition("_")
                if column in columns:
                    amount = estimate.employment
                else:
                    percentiles = estimate.hourly if unit == "h" else estimate.annual
                    amount = getattr(
                        percentiles, {"mean": "mean", "median": "median"}.get(measure, measure.replace("pct", "p"))
                    )
                expected = row[column]
                if isinstance(expected, str):
                    assert amount.value is None and amount.mark == expected, (path.name, row["OCC_CODE"], column)
                    marks += 1
                else:
                    assert amount.value == pytest.approx(expected) and amount.mark is None
                checked += 1
    assert checked > 300 and marks >= 20


def test_top_coded_and_unpublished_amounts_say_what_they_are(store):
    oregon = store.find_area("Oregon")
    anesthesiologists = store.wages("29-1211", oregon)
    assert anesthesiologists.annual.median.top_coded
    assert anesthesiologists.annual.median.at_least == 239200
    assert anesthesiologists.hourly.median.at_least == 115
    assert anesthesiologists.annual.median.meaning == "at or above 239,200"
    assert anesthesiologists.employment.value == 390
    actors = store.wages("27-2011", "U.S.")
    assert actors.hourly_only and actors.annual.median.meaning == "wage estimate not published"
    assert actors.hourly.median.value == pytest.approx(29.05)
    managers = store.wages("11-9041", "OR")
    assert managers.employment.mark == "**" and managers.employment.meaning == "employment estimate not published"
    # The same occupation is published in Portland, Maine: marks belong to areas, not occupations.
    assert store.wages("29-1211", "38860").annual.median.value == 438550


def test_wages_carry_release_area_and_file(store):
    estimate = store.wages("31-9092.00", "Portland-Vancouver")
    assert estimate.area.code == "38900" and estimate.area.name == "Portland-Vancouver-Hillsboro, OR-WA"
    assert estimate.area.kind == "metro" and estimate.area.state == "OR"
    assert estimate.release.name == "May 2025 OEWS" and estimate.release.period == "May 2025"
    assert estimate.release.file == "MSA_M2025_dl.xlsx" and estimate.release.sha256 == sha(METRO)
    assert estimate.annual.median.value == 56240 and estimate.annual.p10.value == 46160
    assert store.wages("31-9092", "Maine").annual.median.value == 47580
    assert store.wages("29-9999", "Maine") is None


def test_projection_figures_are_people_with_their_period_and_publication_date(store):
    projection = store.projection("31-9092.00")
    assert projection.title == "Medical assistants"
    assert (projection.base_year, projection.target_year) == (2024, 2034)
    assert projection.employment_base.value == 808200 and projection.change.value == 101200
    assert projection.change_percent.value == 12.5 and projection.openings.value == 112300
    assert projection.release.name == "2024–34 Employment Projections" and projection.release.period == "2024–34"
    assert projection.release.published == "2025-08-28"
    assert projection.education == "Postsecondary nondegree award" and projection.training == "None"
    top = store.projection("29-1211").median_wage
    assert top.top_coded and top.at_least == 239200
    assert store.projection("29-0000") is None  # summary rows are not occupations


def test_find_area_by_code_state_name_and_unique_part(store):
    assert store.find_area("41").name == "Oregon"
    assert store.find_area("or").name == "Oregon"
    assert store.find_area("portland-south portland, me").code == "38860"
    assert store.find_area("Portland OR").code == "38900"
    assert store.find_area("Hillsboro").code == "38900"
    with pytest.raises(UsageError) as ambiguous:
        store.find_area("Portland")
    message = str(ambiguous.value)
    assert "'Portland' matches 2 areas" in message and "(38860)" in message and "(38900)" in message
    with pytest.raises(UsageError) as unknown:
        store.find_area("Oregn")
    assert "did you mean 'Oregon' (41)?" in str(unknown.value)


def test_reimporting_the_same_file_changes_nothing(run, tmp_path, store):
    before = tree(tmp_path / "mine")
    code, out = _wages(run, STATE)
    assert code == 0
    assert out.strip() == "already imported: May 2025 OEWS from state_M2025_dl.xlsx (nothing changed)"
    code, out = run("import", "projections", str(PROJECTIONS), "--data", "mine")
    assert "already imported: 2024–34 Employment Projections from occupation.xlsx" in out
    assert tree(tmp_path / "mine") == before


def test_a_publication_date_given_later_is_recorded(run, tmp_path, store):
    code, out = _wages(run, STATE, "--published", "2026-05-15")
    assert code == 0 and "recorded its publication date, 2026-05-15" in out
    with Store(tmp_path / "mine") as reopened:
        assert reopened.wages("31-9092", "OR").release.published == "2026-05-15"
        assert reopened.wages("31-9092", "U.S.").release.published is None


def _newer_national(tmp_path: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"45690", b"47000") if name == "xl/worksheets/sheet1.xml" else data

    target = rewrite_xlsx(NATIONAL, tmp_path / "national_M2026_dl.xlsx", change)
    with zipfile.ZipFile(target) as written:
        assert b"47000" in written.read("xl/worksheets/sheet1.xml")
    return target


def test_a_newer_release_replaces_the_figures_it_covers_and_keeps_the_record(run, tmp_path, store):
    newer = _newer_national(tmp_path)
    code, out = _wages(run, newer)
    assert code == 0, out
    assert "imported May 2026 OEWS from national_M2026_dl.xlsx" in out
    assert "replaces May 2025 OEWS (kept in the store's import history)" in out
    with Store(tmp_path / "mine") as reopened:
        national = reopened.wages("31-9092", "U.S.")
        assert national.annual.median.value == 47000 and national.release.name == "May 2026 OEWS"
        # Areas the newer file does not cover keep their figures and their own release.
        assert reopened.wages("31-9092", "Oregon").release.name == "May 2025 OEWS"
        history = [(release.file, status) for release, status in reopened.history("wages")]
        assert history == [
            ("national_M2025_dl.xlsx", "replaced"),
            ("state_M2025_dl.xlsx", "current"),
            ("MSA_M2025_dl.xlsx", "current"),
            ("national_M2026_dl.xlsx", "current"),
        ]


def test_an_older_release_is_refused_and_nothing_changes(run, tmp_path, store):
    assert _wages(run, _newer_national(tmp_path))[0] == 0
    before = tree(tmp_path / "mine")
    older = rewrite_xlsx(METRO, tmp_path / "MSA_M2024_dl.xlsx", lambda name, data: data.replace(b"56240", b"55000"))
    code, out = _wages(run, older)
    assert code == 3
    assert "MSA_M2024_dl.xlsx: May 2024 OEWS is older than the May 2026 OEWS figures already imported" in out
    assert tree(tmp_path / "mine") == before


def test_a_renamed_column_is_refused_naming_it_and_nothing_is_written(run, tmp_path):
    def rename(name: str, data: bytes) -> bytes:
        return data.replace(b">H_MEDIAN<", b">H_MIDDLE<")

    broken = rewrite_xlsx(STATE, tmp_path / "state_M2025_dl.xlsx", rename)
    code, out = _wages(run, broken)
    assert code == 3
    assert "state_M2025_dl.xlsx (sheet 'state_M2025_dl'):1: no column 'H_MEDIAN' in the header row" in out
    assert not (tmp_path / "mine").exists()


def test_lower_case_headers_of_older_files_are_read(run, tmp_path):
    lower = rewrite_xlsx(STATE, tmp_path / "state_M2025_dl.xlsx", _lower_headers)
    with zipfile.ZipFile(lower) as written:
        assert b">occ_code<" in written.read("xl/worksheets/sheet1.xml")
    code, out = _wages(run, lower)
    assert code == 0, out
    with Store(tmp_path / "mine") as opened:
        assert opened.wages("31-9092", "Oregon").annual.median.value == 50410


def _lower_headers(name: str, data: bytes) -> bytes:
    if not name.startswith("xl/worksheets/"):
        return data
    for header in (
        b"AREA_TITLE",
        b"AREA_TYPE",
        b"PRIM_STATE",
        b"OCC_CODE",
        b"OCC_TITLE",
        b"O_GROUP",
        b"TOT_EMP",
        b"H_MEAN",
        b"A_MEAN",
        b"H_MEDIAN",
        b"A_MEDIAN",
        b"I_GROUP",
    ):
        data = data.replace(b">" + header + b"<", b">" + header.lower() + b"<")
    return data


def test_truncated_workbook_is_refused(run, tmp_path):
    cut = tmp_path / "MSA_M2025_dl.xlsx"
    cut.write_bytes(METRO.read_bytes()[: METRO.stat().st_size * 2 // 3])
    code, out = _wages(run, cut)
    assert code == 3
    assert "MSA_M2025_dl.xlsx: not an .xlsx or .zip file, or one cut short" in out
    assert not (tmp_path / "mine").exists()


def test_a_sheet_that_breaks_off_mid_import_leaves_the_store_as_it_was(run, tmp_path, store):
    before = tree(tmp_path / "mine")

    def cut(name: str, data: bytes) -> bytes:
        return data[: len(data) * 3 // 4] if name == "xl/worksheets/sheet1.xml" else data

    broken = rewrite_xlsx(METRO, tmp_path / "MSA_M2026_dl.xlsx", cut)
    code, out = _wages(run, broken)
    assert code == 3
    assert "MSA_M2026_dl.xlsx: sheet 'MSA_M2025_dl' is not well-formed" in out
    assert tree(tmp_path / "mine") == before
    assert store.wages("31-9092", "38900").release.name == "May 2025 OEWS"


def test_a_zip_of_workbooks_imports_each(run, tmp_path):
    bundle = tmp_path / "oesm25ma.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(STATE, "oesm25st/state_M2025_dl.xlsx")
        archive.write(METRO, "oesm25ma/MSA_M2025_dl.xlsx")
        archive.write(PROJECTIONS, "oesm25ma/field_descriptions.xlsx")  # a workbook without wage data is passed over
    code, out = _wages(run, bundle)
    assert code == 0, out
    assert "imported May 2025 OEWS from oesm25ma.zip: 33 occupation and area estimates" in out
    with Store(tmp_path / "mine") as opened:
        assert {a.name for a in opened.areas()} == {
            "Oregon",
            "Maine",
            "Portland-Vancouver-Hillsboro, OR-WA",
            "Portland-South Portland, ME",
        }


def test_a_file_without_a_release_in_its_name_needs_one(run, tmp_path):
    renamed = tmp_path / "wages.xlsx"
    renamed.write_bytes(STATE.read_bytes())
    code, out = _wages(run, renamed)
    assert code == 2 and "--release" in out and not (tmp_path / "mine").exists()
    code, out = _wages(run, renamed, "--release", "May 2025")
    assert code == 0, out


def test_projections_wrong_sheet_is_refused_naming_the_sheet(run, tmp_path):
    def rename(name: str, data: bytes) -> bytes:
        return data.replace(b'name="Table 1.2"', b'name="Table 1.3"') if name == "xl/workbook.xml" else data

    broken = rewrite_xlsx(PROJECTIONS, tmp_path / "occupation.xlsx", rename)
    code, out = run("import", "projections", str(broken), "--data", "mine")
    assert code == 3
    assert "occupation.xlsx: no sheet 'Table 1.2' (sheets: 'Index', 'Table 1.3')" in out
    assert not (tmp_path / "mine").exists()


def test_projections_renamed_column_is_refused_naming_it(run, tmp_path):
    def rename(name: str, data: bytes) -> bytes:
        return data.replace(b"Occupational openings, 2024&#8211;34 annual average", b"Openings")

    broken = rewrite_xlsx(PROJECTIONS, tmp_path / "occupation.xlsx", rename)
    code, out = run("import", "projections", str(broken), "--data", "mine")
    assert code == 3
    assert "no column 'Occupational openings, YYYY–YY annual average' in the header row" in out
    assert "occupation.xlsx (sheet 'Table 1.2'):3:" in out


def test_projections_columns_are_matched_by_meaning_not_year(run, tmp_path):
    def next_release(name: str, data: bytes) -> bytes:
        for old, new in (
            (b"2024&#8211;34", b"2025&#8211;35"),
            (b"Employment, 2034", b"Employment, 2035"),
            (b"Employment, 2024", b"Employment, 2025"),
        ):
            assert name != "xl/worksheets/sheet2.xml" or old in data
            data = data.replace(old, new)
        return data

    newer = rewrite_xlsx(PROJECTIONS, tmp_path / "occupation.xlsx", next_release)
    assert run("import", "projections", str(PROJECTIONS), "--data", "mine")[0] == 0
    code, out = run("import", "projections", str(newer), "--data", "mine", "--published", "2026-09-03")
    assert code == 0, out
    assert "imported 2025–35 Employment Projections" in out and "replaces 2024–34 Employment Projections" in out
    with Store(tmp_path / "mine") as opened:
        projection = opened.projection("31-9092")
        assert (projection.base_year, projection.target_year) == (2025, 2035)
        assert projection.release.published == "2026-09-03"
        assert [status for _, status in opened.history("projections")] == ["replaced", "current"]


def test_no_store_yet_is_a_clear_error(tmp_path):
    with pytest.raises(UsageError) as missing:
        Store(tmp_path)
    assert "no BLS figures imported into this data folder yet" in str(missing.value)


def test_a_zip_with_no_wage_workbook_is_refused(run, tmp_path):
    bundle = tmp_path / "oesm25ma.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(PROJECTIONS, "oesm25ma/field_descriptions.xlsx")
    code, out = _wages(run, bundle)
    assert code == 3
    assert "oesm25ma.zip: oesm25ma/field_descriptions.xlsx: no sheet has an OCC_CODE column in its first 10 rows" in out
    assert not (tmp_path / "mine").exists()
