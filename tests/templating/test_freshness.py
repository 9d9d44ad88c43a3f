"""Printed figures past their age: `check` and builds warn naming the line, --strict refuses, the summary says.

Years are counted from today, so the fixtures are written relative to it: a
figure ten years old is past any default limit, one from this year is not.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from tests.conftest import pdfs_in
from tests.support.publicdata_kit import write_role

THIS_YEAR = datetime.date.today().year
OLD = THIS_YEAR - 10


def _figures(year: int) -> str:
    return (
        "  median_pay:\n"
        '    label: "Median pay"\n'
        "    figures:\n"
        f"      - value: 30000\n"
        '        unit: "usd_per_year"\n'
        '        measure: "median annual pay"\n'
        f'        period: "{year}"\n'
        f"        year: {year}\n"
        '        source: "fixture-source"\n'
    )


def _line(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text)


def test_check_warns_about_an_old_printed_figure_at_its_line_and_strict_refuses(run, tmp_path):
    role = write_role(tmp_path / "mine", "old-role", figures=_figures(OLD))
    code, out = run("check", "--data", "mine")
    assert code == 0, out
    line = _line(role, "- value: 30000")
    assert (
        f"warning: mine/roles/old-role.yaml:{line}: figures.median_pay.figures[0]: a handout prints $30,000 a year ({OLD})"
        in out
    )
    assert "10 years old" in out and "stale_after_years" in out
    code, out = run("check", "--data", "mine", "--strict")
    assert code == 4  # refused as build --strict refuses warnings
    assert f"mine/roles/old-role.yaml:{line}: figures.median_pay.figures[0]" in out
    assert "error: " in out and "warning: " not in out


def test_a_recent_figure_and_a_raised_limit_give_no_warning(run, tmp_path):
    write_role(tmp_path / "mine", "new-role", figures=_figures(THIS_YEAR))
    code, out = run("check", "--data", "mine", "--strict")
    assert code == 0, out
    assert "stale_after_years" not in out
    write_role(tmp_path / "mine", "new-role", figures=_figures(OLD))
    assert run("new", "brand", "kit", "--name", "Lakeside High School")[0] == 0
    toml = tmp_path / "kit" / "brand.toml"
    toml.write_text("stale_after_years = 12\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = run("check", "--data", "mine", "--brand", "kit")
    assert "stale_after_years" not in out, out


def test_a_figure_no_layout_prints_is_not_reported(run, tmp_path):
    unprinted = _figures(OLD).replace("median_pay", "exam_pass_rate")
    write_role(tmp_path / "mine", "quiet-role", figures=unprinted)
    code, out = run("check", "--data", "mine", "--strict")
    assert code == 0, out


def test_build_warns_and_build_strict_writes_nothing(run, tmp_path):
    write_role(tmp_path / "mine", "old-role", figures=_figures(OLD))
    code, out = run("build", "comparison", "old-role", "medical-assistant", "--data", "mine", "-o", "a.pdf")
    assert code == 0, out
    assert f"prints $30,000 a year ({OLD}), 10 years old" in out
    code, out = run("build", "comparison", "old-role", "medical-assistant", "--data", "mine", "-o", "b.pdf", "--strict")
    assert code == 4
    assert f"prints $30,000 a year ({OLD})" in out and not (tmp_path / "b.pdf").exists()


def test_the_print_job_summary_lists_each_item_s_oldest_figure_and_strict_leaves_an_old_one_out(run, tmp_path):
    write_role(tmp_path / "mine", "old-role", figures=_figures(OLD))
    manifest = tmp_path / "job.toml"
    manifest.write_text(
        'name = "Fair"\ndata = ["mine"]\n\n'
        '[[items]]\nlayout = "comparison"\nroles = ["old-role", "medical-assistant"]\n\n'
        '[[items]]\nlayout = "comparison"\nroles = ["medical-assistant", "medical-administrative-assistant"]\n',
        encoding="utf-8",
    )
    code, out = run("print", str(manifest), "-o", "fair.pdf", "--jobs", "1")
    assert code == 0, out
    rows = json.loads((tmp_path / "fair.summary.json").read_text(encoding="utf-8"))["items"]
    assert rows[0]["oldest_figure_year"] == OLD
    assert rows[0]["oldest_figure"] == f"$30,000 a year ({OLD}), Old Role: median annual pay"
    assert rows[1]["oldest_figure_year"] == 2024  # Research.com's median pay for medical assistants (2024)
    assert "1  Comparison: Old Role / Medical Assistant" in out and out.splitlines()[2].rstrip().endswith(str(OLD))
    assert f"item 1 ('Comparison: Old Role / Medical Assistant') prints $30,000 a year ({OLD})" in out
    # The job's own limit, and --strict.
    manifest.write_text("stale_after_years = 20\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = run("print", str(manifest), "-o", "fair.pdf", "--jobs", "1")
    assert "stale_after_years" not in out
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("stale_after_years = 20\n", ""), encoding="utf-8")
    code, out = run("print", str(manifest), "-o", "strict.pdf", "--jobs", "1", "--strict")
    assert code == 4
    assert "item 1 ('Comparison: Old Role / Medical Assistant') failed" in out
    assert len([p for p in pdfs_in(tmp_path) if p.name == "strict.pdf"]) == 1  # item 2 still printed
