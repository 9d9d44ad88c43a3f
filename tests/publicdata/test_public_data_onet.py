"""`handouts import onet`: drafts from an O*NET text release, and the refusals of damaged or unknown layouts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.support.pdfcheck import Pdf
from tests.support.publicdata_kit import ONET_FOLDER, ONET_ZIP, edit_file, fixture_maker, release_copy, tree


def _import(run, source: Path, *args: str):
    return run("import", "onet", str(source), *args)


@pytest.mark.parametrize("newline", ["\r\n", "\n"], ids=["crlf", "lf"])
def test_folder_with_either_line_ending_gives_the_same_drafts(run, tmp_path, newline):
    folder = release_copy(tmp_path, newline)
    code, out = _import(run, folder, "--soc", "31-9092", "--data", "mine")
    assert code == 0, out
    draft = (tmp_path / "mine" / "roles" / "medical-assistants.yaml").read_text(encoding="utf-8")
    assert "\r" not in draft
    assert 'name: "Medical Assistants"' in draft
    assert (
        'detail: "Record patients\' medical history, vital statistics, or information such as test results in medical records."'
        in draft
    )
    # Supplemental tasks are not typical duties.
    assert "Schedule appointments for patients." not in draft


def test_zip_import_writes_drafts_that_check_and_build(run, tmp_path):
    code, out = _import(run, ONET_ZIP, "--soc", "31-9092", "--soc", "43-6013.00", "--data", "mine")
    assert code == 0, out
    assert "wrote mine/roles/medical-assistants.yaml (draft of 31-9092.00, role id medical-assistants)" in out
    assert "added source onet-30-1 (O*NET 30.1 Database) to mine/sources.yaml" in out
    draft = (tmp_path / "mine" / "roles" / "medical-assistants.yaml").read_text(encoding="utf-8")
    # Every item names the release and its date; the header carries O*NET's credit line.
    assert draft.startswith(
        "# DRAFT from the O*NET 30.1 Database (published December 2025): 31-9092.00 Medical Assistants."
    )
    assert "O*NET® is a trademark of USDOL/ETA" in draft
    assert "  # O*NET 30.1 (December 2025), Task Statements.txt, task 11490 (Core, updated August 2025)" in draft
    assert 'summary: "Most workers surveyed by O*NET (68%) say the job needs a post-secondary certificate.' in draft
    assert (
        '- text: "O*NET places this occupation in Job Zone 3: Medium Preparation Needed."\n      source: "onet-30-1"'
        in draft
    )
    # A draft says it is one, what it was drafted from and which occupation it is.
    assert 'status: "draft"\ndrafted_from: "onet-30-1"' in draft and 'soc: "31-9092.00"' in draft
    assert "primary_focus" not in draft.split("\nid:")[1].replace(
        "# primary_focus", ""
    )  # left out, never "To be written"
    # Related occupations become next steps; one imported alongside is linked by its role id.
    assert 'role: "medical-secretaries-and-administrative-assistants"' in draft
    assert '  - "Certified Medical Assistant (CMA)"' in draft
    sources = (tmp_path / "mine" / "sources.yaml").read_text(encoding="utf-8")
    assert 'date: "2025-12"' in sources and 'id: "onet-30-1"' in sources

    code, out = run("check", "--data", "mine")
    # The drafts themselves are valid; check's builds of every layout are asserted on below.
    assert [line for line in out.splitlines() if line.startswith("mine/")] == [], out
    code, out = run("build", "comparison", "medical-assistants", "medical-assistant", "--data", "mine", "-o", "c.pdf")
    assert code == 0, out
    text = " ".join(Pdf.open(tmp_path / "c.pdf").text.split())
    assert "Medical Assistants or Medical Assistant?" in text
    assert "Record patients' medical history" in text
    assert "Interview patients" in text
    assert "Post-secondary certificate" in text


def test_check_builds_every_layout_with_the_drafts(run, tmp_path):
    code, out = _import(run, ONET_ZIP, "--soc", "31-9092", "--soc", "43-6013.00", "--data", "mine")
    assert code == 0, out
    code, out = run("check", "--data", "mine")
    assert code == 0, out


def test_search_lists_codes_by_title_and_alternate_title_and_writes_nothing(run, tmp_path):
    code, out = _import(run, ONET_ZIP, "--search", "medical assist")
    assert code == 0, out
    assert out.splitlines()[:2] == [
        "31-9092.00  Medical Assistants",
        "43-6013.00  Medical Secretaries and Administrative Assistants",
    ]
    code, out = _import(run, ONET_ZIP, "--search", "LPN")
    assert out.splitlines() == [
        "29-2061.00  Licensed Practical and Licensed Vocational Nurses  (also called Licensed Practical Nurse (LPN))"
    ]
    code, out = _import(run, ONET_ZIP, "--search", "astronaut")
    assert code == 0 and "no occupation matches 'astronaut'" in out
    assert list(tmp_path.iterdir()) == []


def test_renamed_column_is_refused_naming_file_and_column(run, tmp_path):
    folder = release_copy(tmp_path)
    edit_file(folder / "Task Statements.txt", "\tTask Type\t", "\tTask Kind\t")
    code, out = _import(run, folder, "--soc", "31-9092", "--data", "mine")
    assert code == 3
    assert "Task Statements.txt:1: no column 'Task Type' in the header row" in out
    assert "Traceback" not in out and out.count("error:") == 1
    assert not (tmp_path / "mine").exists()


def test_a_missing_file_is_refused_by_name(run, tmp_path):
    folder = release_copy(tmp_path)
    (folder / "Job Zones.txt").unlink()
    code, out = _import(run, folder, "--soc", "31-9092", "--data", "mine")
    assert code == 3
    assert "the release has no file 'Job Zones.txt'" in out
    assert not (tmp_path / "mine").exists()


def test_a_row_cut_short_is_refused_with_its_line(run, tmp_path):
    folder = release_copy(tmp_path, "\n")
    path = folder / "Occupation Data.txt"
    path.write_text(path.read_text(encoding="utf-8") + "99-9999.00\tCut short\n", encoding="utf-8")
    code, out = _import(run, folder, "--soc", "31-9092", "--data", "mine")
    assert code == 3
    assert "Occupation Data.txt:9: 2 tab-separated fields where the header has 3" in out


def test_truncated_zip_is_refused_by_name(run, tmp_path):
    cut = tmp_path / "db_30_1_text.zip"
    cut.write_bytes(ONET_ZIP.read_bytes()[: ONET_ZIP.stat().st_size // 2])
    code, out = _import(run, cut, "--soc", "31-9092", "--data", "mine")
    assert code == 3
    assert "db_30_1_text.zip: not a zip file, or a zip cut short" in out
    assert not (tmp_path / "mine").exists()


def test_damaged_member_is_refused_by_name(run, tmp_path):
    broken = tmp_path / "db_30_1_text.zip"
    with zipfile.ZipFile(ONET_ZIP) as source:
        info = source.getinfo("db_30_1_text/Task Statements.txt")
    data = bytearray(ONET_ZIP.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + 40
    data[start : start + 20] = bytes(20)
    broken.write_bytes(bytes(data))
    code, out = _import(run, broken, "--soc", "31-9092", "--data", "mine")
    assert code == 3
    assert "db_30_1_text.zip: db_30_1_text/Task Statements.txt: damaged inside the zip" in out
    assert not (tmp_path / "mine").exists()


def test_release_30_3_file_names_are_read_too(run, tmp_path):
    folder = release_copy(tmp_path, name="db_30_1_text")
    (folder / "Education, Training, and Experience.txt").rename(folder / "Education.txt")
    (folder / "Education, Training, and Experience Categories.txt").rename(folder / "Education Categories.txt")
    code, out = _import(run, folder, "--soc", "31-9092", "--data", "mine")
    assert code == 0, out
    assert "(68%)" in (tmp_path / "mine" / "roles" / "medical-assistants.yaml").read_text(encoding="utf-8")


def test_an_unknown_release_needs_its_date(run, tmp_path):
    folder = release_copy(tmp_path, name="db_31_0_text")
    code, out = _import(run, folder, "--soc", "31-9092", "--data", "mine")
    assert code == 2
    assert "O*NET 31.0 is newer than the releases this version of handouts knows" in out
    assert "--released" in out and not (tmp_path / "mine").exists()
    code, out = _import(run, folder, "--soc", "31-9092", "--data", "mine", "--released", "2026-08")
    assert code == 0, out
    assert "O*NET 31.0 Database (published August 2026)" in (tmp_path / "mine/roles/medical-assistants.yaml").read_text(
        encoding="utf-8"
    )


def test_unknown_code_and_bad_code_are_usage_errors(run, tmp_path):
    code, out = _import(run, ONET_ZIP, "--soc", "31-9093", "--data", "mine")
    assert code == 2 and "no occupation 31-9093.00" in out and "--search" in out
    code, out = _import(run, ONET_ZIP, "--soc", "medical", "--data", "mine")
    assert code == 2 and "'medical' is not an O*NET-SOC code" in out
    code, out = _import(run, ONET_ZIP, "--data", "mine")
    assert code == 2 and "give one of --soc CODE" in out
    assert not (tmp_path / "mine").exists()


def test_existing_drafts_are_kept_unless_replace_is_given(run, tmp_path):
    assert _import(run, ONET_ZIP, "--soc", "31-9092", "--data", "mine")[0] == 0
    draft = tmp_path / "mine" / "roles" / "medical-assistants.yaml"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("To be written (not in O*NET)", "Reviewed"), encoding="utf-8"
    )
    before = tree(tmp_path / "mine")
    code, out = _import(run, ONET_ZIP, "--soc", "31-9092", "--soc", "29-2061", "--data", "mine")
    assert code == 5
    assert "mine/roles/medical-assistants.yaml: already exists" in out and "--replace" in out
    assert tree(tmp_path / "mine") == before
    code, out = _import(run, ONET_ZIP, "--soc", "31-9092", "--data", "mine", "--replace")
    assert code == 0, out
    assert "Reviewed" not in draft.read_text(encoding="utf-8")
    assert "mine/sources.yaml already lists source onet-30-1" in out


def test_sources_file_is_extended_never_rewritten(run, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    original = (
        "# Our office's sources, kept by hand.\n"
        "sources:\n"
        '- id: "county-survey"   # the 2025 survey\n'
        '  title: "County employer survey"\n'
        '  publisher: "Lakeside County"\n'
        '  date: "2025"\n'
    )
    (mine / "sources.yaml").write_text(original, encoding="utf-8")
    code, out = _import(run, ONET_ZIP, "--soc", "31-9092", "--data", "mine")
    assert code == 0, out
    merged = (mine / "sources.yaml").read_text(encoding="utf-8")
    assert merged.startswith(original)
    assert '\n- id: "onet-30-1"\n  title: "O*NET 30.1 Database"\n' in merged
    code, out = run("list", "sources", "--data", "mine")
    assert "county-survey" in out and "onet-30-1" in out


def test_a_sources_file_it_cannot_extend_is_refused_with_the_entry_to_paste(run, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    odd = 'sources: [{id: "county-survey", title: "Survey", publisher: "County", date: "2025"}]\n'
    (mine / "sources.yaml").write_text(odd, encoding="utf-8")
    code, out = _import(run, ONET_ZIP, "--soc", "31-9092", "--data", "mine")
    assert code == 3
    assert 'cannot add the source "onet-30-1" to this file\'s list safely' in out
    assert '- id: "onet-30-1"' in out
    assert (mine / "sources.yaml").read_text(encoding="utf-8") == odd
    assert not (mine / "roles").exists()


def test_the_built_in_data_is_never_written(run, tmp_path):
    from handouts.paths import builtin_dir

    before = tree(builtin_dir("data"))
    code, out = _import(run, ONET_ZIP, "--soc", "31-9092", "--data", str(builtin_dir("data")))
    assert code == 2 and "this is the built-in data that ships with handouts" in out
    assert tree(builtin_dir("data")) == before


def test_all_drafts_every_occupation_with_tasks(run, tmp_path):
    code, out = _import(run, ONET_ZIP, "--all", "--data", "mine")
    assert code == 0, out
    with_tasks = sorted({row[0] for row in fixture_maker().TASKS})
    assert len(list((tmp_path / "mine" / "roles").glob("*.yaml"))) == len(with_tasks)
    # Phlebotomists' tasks have no type yet ("n/a"): they are drafted as duties rather than dropped.
    assert "Draw blood from veins" in (tmp_path / "mine" / "roles" / "phlebotomists.yaml").read_text(encoding="utf-8")
    assert run("check", "--data", "mine")[0] == 0


def test_help_has_an_example(run):
    code, out = run("import", "onet", "--help")
    assert code == 0
    assert "handouts import onet db_30_1_text.zip --soc 31-9092" in out


def test_fixture_folder_matches_the_zip():
    with zipfile.ZipFile(ONET_ZIP) as archive:
        for path in ONET_FOLDER.iterdir():
            assert archive.read(f"db_30_1_text/{path.name}") == path.read_bytes()
