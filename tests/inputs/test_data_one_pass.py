"""A data folder as a new user writes one: every problem in one pass, the right sources file named.

Tried the way issue 17 found them: a sources file dropped into roles/, a
misspelt field and an unknown source id in one file, a figure whose source
gives no period, a role with only a median pay.
"""

from __future__ import annotations

import shutil

from tests.conftest import ROOT, pdfs_in
from tests.support.pdfcheck import Pdf
from tests.support.publicdata_kit import write_role

MEDIAN_ONLY = (
    "  median_pay:\n"
    '    label: "Median pay"\n'
    "    figures:\n"
    "      - value: 36100\n"
    '        unit: "usd_per_year"\n'
    '        measure: "median annual pay"\n'
    '        period: "2025"\n'
    "        year: 2025\n"
    '        source: "fixture-source"\n'
)


def test_a_sources_file_put_in_roles_is_named_with_the_fix_not_43_problems(run, tmp_path):
    (tmp_path / "mine" / "roles").mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / "sources.yaml", tmp_path / "mine" / "roles" / "sources.yaml")
    code, out = run("check", "--data", "mine")
    assert code == 3
    assert out.splitlines() == [
        "error: mine/roles/sources.yaml:4: this is a sources file (a list of sources), not a role, so it cannot go "
        "in roles/; move it to mine/sources.yaml, beside roles/; every file in roles/ is read as a role"
    ]


def test_field_errors_and_unknown_source_ids_are_reported_in_one_pass(run, tmp_path):
    path = write_role(tmp_path / "mine", "nurse-aide", figures=MEDIAN_ONLY)
    text = path.read_text(encoding="utf-8")
    text = text.replace("value: 36100", 'value: "about 36k"').replace('sources: ["fixture-source"]', 'sources: ["bls"]')
    path.write_text(text.replace('short_name: "X"', 'short_nam: "X"'), encoding="utf-8")
    code, out = run("check", "--data", "mine")
    assert code == 3
    assert "figures.median_pay.figures[0].value: expected a number, got 'about 36k'" in out
    assert "short_nam: unknown field 'short_nam' in Role; did you mean 'short_name'?" in out
    assert "sources[0]: unknown source id 'bls'" in out
    assert out.startswith("4 problems:")  # and the missing short_name; nothing follows from the stand-ins


def test_the_unknown_source_hint_names_the_sources_file_in_use(run, tmp_path):
    path = write_role(tmp_path / "mine", "nurse-aide")
    path.write_text(path.read_text(encoding="utf-8").replace('["fixture-source"]', '["fixture-sorce"]'))
    code, out = run("check", "--data", "mine")
    assert code == 3
    assert "did you mean 'fixture-source'? (sources are listed in mine/sources.yaml)" in out
    assert "data/sources.yaml" not in out
    (tmp_path / "mine" / "sources.yaml").unlink()
    code, out = run("check", "--data", "mine")
    assert "(list it in mine/sources.yaml, beside roles/)" in out


def test_a_figure_needs_a_period_or_the_date_its_source_published_it(run, tmp_path):
    undated = MEDIAN_ONLY.replace('        period: "2025"\n        year: 2025\n', "")
    write_role(tmp_path / "mine", "nurse-aide", figures=undated)
    code, out = run("check", "--data", "mine")
    assert code == 3
    assert (
        "figures.median_pay.figures[0]: a figure needs the period it describes, or, where the source gives none" in out
    )
    write_role(tmp_path / "mine", "nurse-aide", figures=undated + '        published: "2026-13"\n')
    code, out = run("check", "--data", "mine")
    assert "figures.median_pay.figures[0].published: '2026-13' is not a date in the calendar" in out
    write_role(tmp_path / "mine", "nurse-aide", figures=undated + '        published: "2026-01-28"\n')
    code, out = run("build", "comparison", "nurse-aide", "medical-assistant", "--data", "mine", "-o", "n.pdf")
    assert code == 0, out
    assert "Median: $36,100 a year (period not stated; published 28 January 2026) [1]" in " ".join(
        Pdf.open(tmp_path / "n.pdf").text.split()
    )


def test_a_role_with_only_a_median_prints_it_in_the_pay_row_and_the_pay_chart(run, tmp_path):
    write_role(tmp_path / "mine", "nurse-aide", figures=MEDIAN_ONLY)
    code, out = run("build", "comparison", "nurse-aide", "medical-assistant", "--data", "mine", "-o", "n.pdf")
    assert code == 0, out
    text = " ".join(Pdf.open(tmp_path / "n.pdf").text.split())
    assert "Pay Median: $36,100 a year (2025) [1]" in text
    # A bar of its own in the chart, labelled as a median and with the figure's value and period.
    assert "Nurse Aide (median) $36,100 (2025) [1]" in text
    assert pdfs_in(tmp_path) == [tmp_path / "n.pdf"]
