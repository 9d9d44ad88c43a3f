"""docs/api.md: every example runs, in order, in a fresh folder, and does what the page says."""

from __future__ import annotations

import contextlib
import inspect
import io
import re
import shutil
from pathlib import Path

import pytest

import handouts
from tests.conftest import ROOT
from tests.support.jobkit import document_starts
from tests.support.pdfcheck import Pdf

PAGE = ROOT / "docs" / "api.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _blocks() -> list[str]:
    return _BLOCK.findall(PAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], str, Path]:
    """Every example run in order in one namespace, from a folder holding a copy of examples/."""
    folder = tmp_path_factory.mktemp("api-docs")
    shutil.copytree(ROOT / "examples" / "brands", folder / "examples" / "brands")
    namespace: dict[str, object] = {"__name__": "api_docs"}
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.chdir(folder)
        for number, code in enumerate(_blocks(), 1):
            exec(compile(code, f"docs/api.md example {number}", "exec"), namespace)
    return namespace, out.getvalue(), folder


def test_the_page_has_an_example_for_each_thing_the_package_does():
    code = "\n".join(_blocks())
    for name in ("build_handout", "build_handout_bytes", "check_inputs", "run_print_job", "inspect_pdf", "audit_pdf"):
        assert f"handouts.{name}(" in code, name


def _parameters(thing: object) -> str:
    """A signature as the page writes it: names and defaults, ``*`` before keyword-only ones."""
    parts: list[str] = []
    for parameter in inspect.signature(thing).parameters.values():  # type: ignore[arg-type]
        if parameter.kind is parameter.KEYWORD_ONLY and "*" not in parts:
            parts.append("*")
        default = parameter.default
        parts.append(parameter.name if default is parameter.empty else f"{parameter.name}={default!r}")
    return ", ".join(parts)


SIGNATURES = [
    *(
        ("api.md", name)
        for name in (
            "build_handout",
            "build_handout_bytes",
            "check_inputs",
            "run_print_job",
            "inspect_pdf",
            "audit_pdf",
            "InspectionSettings",
        )
    ),
    ("print-jobs.md", "run_print_job"),
]


@pytest.mark.parametrize(("page", "name"), SIGNATURES)
def test_the_docs_show_each_signature_as_it_is(page, name):
    text = " ".join((ROOT / "docs" / page).read_text(encoding="utf-8").split())
    shown = re.findall(rf"`{name}\(([^`]*)\)`", text)
    assert shown, f"docs/{page} shows no signature for {name}"
    assert shown[0] == _parameters(getattr(handouts, name))


def test_every_public_name_is_documented():
    text = PAGE.read_text(encoding="utf-8")
    assert [name for name in handouts.__all__ if f"`{name}" not in text] == []


def test_the_examples_write_the_handouts_they_name(ran):
    _, printed, folder = ran
    comparison = folder / "flyers" / "comparison-medical-assistant-vs-medical-administrative-assistant.pdf"
    pdf = Pdf.open(comparison)
    assert "Lakeside Regional High School" in pdf.text
    assert f"{Path('flyers') / comparison.name} {len(pdf.pages)}" in printed
    ana = Pdf.open(folder / "flyers" / "checklist-ana.pdf")
    assert "Ana María López" in ana.text and "Ms. Okafor" in ana.text


def test_the_bytes_example_writes_the_same_pdf_it_returned(ran):
    namespace, printed, folder = ran
    pdf = namespace["pdf"]
    assert isinstance(pdf, bytes)
    assert (folder / "pathway.pdf").read_bytes() == pdf
    read = Pdf(pdf)
    assert read.page_sizes[0] == pytest.approx((595.2756, 841.8898), abs=0.01)  # the A4 the example asks for
    assert "Medical Assistant" in read.text
    assert f"{len(pdf)} bytes, {len(namespace['warnings'])} warnings" in printed


def test_the_check_example_reports_the_kit_as_good(ran):
    namespace, printed, _ = ran
    report = namespace["report"]
    assert report.ok
    assert report.summary in printed
    assert "brand 'Northfield" in report.summary


def test_the_print_job_example_prints_its_copies(ran):
    namespace, printed, folder = ran
    job = namespace["job"]
    assert job.ok and job.path == Path("print/open-evening.pdf")
    pdf = Pdf.open(folder / "print" / "open-evening.pdf")
    assert len(document_starts(pdf.pages)) == 10
    assert f"print/open-evening.pdf {job.summary.pages} pages on {job.summary.sheets} sheets" in printed
    assert (folder / "print" / "open-evening.summary.csv").is_file()


def test_the_inspection_example_reads_the_pdf_back(ran):
    namespace, printed, _ = ran
    assert all(isinstance(p, handouts.Problem) for p in namespace["problems"])
    assert f"{len(namespace['problems'])} problems" in printed
    assert "pathway.pdf: accessible" in printed


def test_the_session_example_builds_each_checklist(ran):
    _, _, folder = ran
    names = sorted(p.name for p in (folder / "checklists").iterdir())
    assert names == ["checklist-medical-administrative-assistant.pdf", "checklist-medical-assistant.pdf"]


def test_the_error_example_prints_what_the_page_says(ran):
    _, printed, _ = ran
    said = re.search(r"^prints `([^`]*)`\.$", PAGE.read_text(encoding="utf-8"), re.M)
    assert said is not None
    assert " ".join(said.group(1).split()) in printed
