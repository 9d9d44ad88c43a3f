"""Drafts are drafts: marked on every page until reviewed, and `check` says what each layout still lacks."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.pdfcheck import Pdf
from tests.support.publicdata_kit import METRO, NATIONAL, ONET_FOLDER, PROJECTIONS


def _draft(run) -> Path:
    code, out = run("import", "onet", str(ONET_FOLDER), "--soc", "31-1131", "--data", "mine")
    assert code == 0, out
    return Path("mine") / "roles" / "nursing-assistants.yaml"


def test_check_lists_what_the_comparison_prints_that_a_draft_lacks(run, tmp_path):
    path = _draft(run)
    code, out = run("check", "--data", "mine")
    assert code == 0, out
    line = path.read_text(encoding="utf-8").splitlines().index('status: "draft"') + 1
    lacking = [w for w in out.splitlines() if w.startswith(f"warning: mine/roles/nursing-assistants.yaml:{line}:")]
    warning = next(w for w in lacking if "the comparison layout" in w)
    assert "status: draft: the comparison layout prints what this role has not got yet:" in warning
    assert 'right_for_you_if (the "which one fits you" lines)' in warning
    assert "primary_focus (the focus row)" in warning and "work_settings (the work settings row)" in warning
    assert "advancement" not in warning  # O*NET's related occupations are there
    assert 'then change status to "reviewed"' in warning
    # O*NET has no checklists or advancement paths: check names the layouts the draft cannot print yet.
    for layout, section in (("checklist", "checklist"), ("pathway", "pathway")):
        assert any(f"the {layout} layout needs {section}, which this role has not got yet" in w for w in lacking), out
    code, out = run("check", "--data", "mine", "--strict")
    # Refused as build --strict refuses warnings (exit 4), the warnings named as errors.
    assert code == 4 and 'then change status to "reviewed"' in out and "warning:" not in out


def test_a_reviewed_role_prints_no_draft_mark_and_check_lists_nothing_for_it(run, tmp_path):
    path = _draft(run)
    code, out = run("build", "comparison", "nursing-assistants", "medical-assistant", "--data", "mine", "-o", "d.pdf")
    assert code == 0, out
    pdf = Pdf.open(tmp_path / "d.pdf")
    assert all("Career comparison · DRAFT" in page for page in pdf.pages)
    assert "Draft from the O*NET 30.1 Database, not yet reviewed by an adviser." in " ".join(pdf.text.split())
    assert "Not written yet (draft)" in pdf.text
    path.write_text(path.read_text(encoding="utf-8").replace('status: "draft"', 'status: "reviewed"'), encoding="utf-8")
    code, out = run("build", "comparison", "nursing-assistants", "medical-assistant", "--data", "mine", "-o", "r.pdf")
    assert code == 0, out
    reviewed = Pdf.open(tmp_path / "r.pdf")
    assert "DRAFT" not in reviewed.text and "not yet reviewed" not in reviewed.text
    assert "Not written yet" not in reviewed.text and "Not given in our sources" in reviewed.text
    # O*NET text is still credited, with the notice that the office modified it.
    assert "O*NET® is a trademark of USDOL/ETA. Career Advising Office has modified" in " ".join(reviewed.text.split())
    code, out = run("check", "--data", "mine")
    assert "nursing-assistants" not in out, out


def test_a_draft_without_the_rows_no_role_has_leaves_them_out(run, tmp_path):
    _draft(run)
    run("import", "onet", str(ONET_FOLDER), "--soc", "43-6013", "--data", "mine")
    code, out = run(
        "build", "comparison", "nursing-assistants", "medical-secretaries-and-administrative-assistants",
        "--data", "mine", "-o", "two.pdf",
    )  # fmt: skip
    assert code == 0, out
    text = Pdf.open(tmp_path / "two.pdf").text
    for row in ("Primary focus", "Patient care", "Clinical duties", "Certification", "Work settings", "Which one fits"):
        assert row not in text, row
    assert "To be written" not in text


def test_a_layout_printing_o_net_text_without_its_credit_is_warned_and_strict_refuses(run, tmp_path):
    _draft(run)
    layouts = tmp_path / "mine-layouts"
    layouts.mkdir()
    (layouts / "blurb.xml.j2").write_text(
        "{#-\nroles: 1\ndescription: A role's description only.\n-#}\n"
        '<handout title="{{ role.name }}"><h1>{{ role.name }}</h1><p>{{ role.summary }}</p><sources/></handout>\n',
        encoding="utf-8",
    )
    args = ("build", "blurb", "nursing-assistants", "--data", "mine", "--layouts", str(layouts))
    code, out = run(*args, "-o", "b.pdf")
    assert code == 0, out
    assert (
        "prints role 'nursing-assistants', drawn from O*NET 30.1 Database, whose licence asks for a credit line" in out
    )
    assert 'cite it where the layout prints the role, e.g. {{ cite("onet-30-1") }}' in out
    code, out = run(*args, "-o", "strict.pdf", "--strict")
    assert code == 4 and not (tmp_path / "strict.pdf").exists()


def test_a_comparison_a_long_draft_pushes_past_two_pages_names_the_draft_to_shorten(run, tmp_path):
    run("import", "onet", str(ONET_FOLDER), "--soc", "43-6013", "--data", "mine")
    for path in (NATIONAL, METRO):
        run("import", "wages", str(path), "--data", "mine")
    run("import", "projections", str(PROJECTIONS), "--data", "mine")
    draft = "medical-secretaries-and-administrative-assistants"
    args = ("build", "comparison", draft, "medical-assistant", "--data", "mine", "--area", "Hillsboro")
    # The draft as imported fits: fitting sets it tighter (its long O*NET name and duties once took 3 pages).
    code, out = run(*args, "-o", "fitted.pdf")
    assert code == 0, out
    assert len(Pdf.open(tmp_path / "fitted.pdf").pages) == 2
    # Far longer than any fitting can absorb: refused, naming the draft to shorten.
    role = Path("mine") / "roles" / f"{draft}.yaml"
    text = role.read_text(encoding="utf-8")
    summary = re.search(r'^summary: "(.*)"$', text, re.M)
    assert summary
    role.write_text(text.replace(summary.group(0), f'summary: "{" ".join([summary.group(1)] * 30)}"'), encoding="utf-8")
    code, out = run(*args, "-o", "long.pdf")
    assert code != 0 and not (tmp_path / "long.pdf").exists()
    assert (
        "max-pages: the handout runs to 3 pages even set as tightly as the layout allows; this layout allows 2" in out
    )
    assert f"shorten the content, such as the name, summary or duties of mine/roles/{draft}.yaml" in out
    role.write_text(text, encoding="utf-8")
    code, out = run(*args, "-o", "short.pdf")
    assert code == 0, out
    assert len(Pdf.open(tmp_path / "short.pdf").pages) == 2
