"""The public API: `import handouts` is cheap, every exported name resolves, and the
functions do what the command line does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import handouts
from handouts.errors import RenderError, UsageError
from handouts.jobs.batch import run_job
from tests.conftest import PAIR, ROOT
from tests.support.pdfcheck import Pdf

HEAVY = ("reportlab", "jinja2", "pikepdf", "PIL", "pdfplumber", "pdfminer", "yaml", "markupsafe")


def _fresh_python(code: str) -> object:
    """Run ``code`` in a new interpreter (nothing imported yet) and return what it prints as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, timeout=120
    )
    return json.loads(done.stdout)


# Python that prints which of HEAVY the interpreter has imported.
LOADED = f"json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r})))"


def test_import_handouts_loads_no_renderer_templating_or_pdf_library():
    assert _fresh_python(f"import json, sys\nimport handouts\nprint({LOADED})") == []


def test_catching_errors_loads_no_renderer():
    code = (
        "import json, sys\nimport handouts\n"
        "kinds = [handouts.HandoutsError, handouts.UsageError, handouts.InvalidInput, handouts.RenderError,\n"
        "         handouts.OutputError, handouts.Problem, handouts.Interrupted]\n"
        f"print({LOADED})"
    )
    assert _fresh_python(code) == []


def test_every_exported_name_resolves_in_a_fresh_interpreter():
    code = "import json, handouts\nprint(json.dumps({n: getattr(handouts, n).__module__ for n in handouts.__all__}))"
    modules = _fresh_python(code)
    assert sorted(modules) == sorted(handouts.__all__)
    assert all(str(module).startswith("handouts.") for module in modules.values()), modules


def test_the_exports_are_the_listed_ones_and_nothing_else():
    assert len(set(handouts.__all__)) == len(handouts.__all__)
    assert sorted(handouts._EXPORTS) == sorted(handouts.__all__)
    assert sorted(dir(handouts)) == sorted([*handouts.__all__, "__version__"])
    with pytest.raises(AttributeError, match=r"^module 'handouts' has no attribute 'build_handout_pdf'$"):
        handouts.build_handout_pdf  # noqa: B018  (a name that is not exported)
    assert handouts.run_print_job is run_job
    assert issubclass(handouts.ManifestError, handouts.InvalidInput)
    assert issubclass(handouts.JobFailed, handouts.RenderError)


def test_build_handout_bytes_returns_what_build_handout_writes(tmp_path):
    session = handouts.Session()
    pdf = handouts.build_handout_bytes("comparison", PAIR, session=session)
    result = handouts.build_handout("comparison", PAIR, output=tmp_path, session=session)
    assert result.path is not None and result.path.read_bytes() == pdf
    assert list(tmp_path.iterdir()) == [result.path]
    read = Pdf(pdf)
    assert len(read.pages) == result.pages == 2
    assert "Medical Assistant" in read.text and "Medical Administrative Assistant" in read.text


@pytest.fixture
def photo_layout(tmp_path) -> handouts.Inputs:
    """A layout printing a 40-pixel image 2 inches wide: 20 dpi, which inspection warns about."""
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    Image.new("RGB", (40, 40), "navy").save(layouts / "dot.png")
    (layouts / "photo.xml.j2").write_text(
        '{#- roles: 1 -#}\n<handout title="Photo"><h1>{{ role.name }}</h1>'
        '<image src="dot.png" alt="A navy square" width="2in"/></handout>\n'
    )
    return handouts.Inputs(layouts=[layouts])


def test_build_handout_bytes_hands_back_the_warnings_build_handout_returns(photo_layout, tmp_path):
    warnings: list[handouts.Problem] = []
    pdf = handouts.build_handout_bytes("photo", ["medical-assistant"], photo_layout, warnings=warnings)
    result = handouts.build_handout("photo", ["medical-assistant"], photo_layout, output=tmp_path / "out")
    assert result.path is not None and result.path.read_bytes() == pdf
    # (compared by place and fix: the message names the image by an id that differs from build to build)
    assert [(w.where, w.fix, w.warning) for w in warnings] == [(w.where, w.fix, w.warning) for w in result.warnings]
    (low,) = warnings
    assert low.warning and "20 dpi" in low.what
    assert low.file == "the photo handout"  # there is no file to name


def test_build_handout_bytes_with_strict_raises_instead_of_returning(photo_layout):
    with pytest.raises(RenderError) as caught:
        handouts.build_handout_bytes("photo", ["medical-assistant"], photo_layout, strict=True)
    problems = caught.value.problems
    assert not any(p.warning for p in problems)
    assert "20 dpi" in problems[0].what
    assert problems[-1].what == "not made: inspection found problems and strict is on"


def test_build_handout_bytes_refuses_an_unknown_role_naming_it():
    with pytest.raises(UsageError) as caught:
        handouts.build_handout_bytes("checklist", ["medical-assistent"])
    (problem,) = caught.value.problems
    assert problem.where == "role" and "'medical-assistent'" in problem.what
    assert "medical-assistant" in problem.fix


def test_check_inputs_reports_every_problem_without_raising(data_copy):
    assert handouts.check_inputs().ok
    role = data_copy / "roles" / "medical-assistant.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace('name: "Medical Assistant"', "name: [1, 2]"))
    report = handouts.check_inputs(handouts.Inputs(data=[data_copy]))
    assert not report.ok
    assert any(p.file.endswith("roles/medical-assistant.yaml") and p.where == "name" for p in report.problems), [
        str(p) for p in report.problems
    ]
    assert isinstance(report.error, handouts.InvalidInput)


def test_inspect_and_audit_read_a_built_handout(tmp_path):
    built = handouts.build_handout("comparison", PAIR, output=tmp_path / "c.pdf")
    path = built.path
    assert isinstance(path, Path) and built.pages == 2
    (too_long,) = handouts.inspect_pdf(path, handouts.InspectionSettings(max_pages=1))
    assert "2 pages" in too_long.what
    assert [p for p in handouts.inspect_pdf(path) if not p.warning] == []
    assert handouts.audit_pdf(path).accessible
