"""Broken checklists and advancement paths: each is reported as file:line: field: what; fix, with no PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import pdfs_in
from tests.support.pdfcheck import Pdf

ROLE = "roles/medical-assistant.yaml"


def _edit(data_copy: Path, old: str, new: str) -> Path:
    path = data_copy / ROLE
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))
    return path


def _line_of(path: Path, needle: str, after: str = "") -> int:
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _build(run, data_copy: Path, layout: str = "pathway"):
    return run("build", layout, "medical-assistant", "--data", str(data_copy))


def test_a_path_that_loops_back(run, data_copy, tmp_path):
    path = _edit(
        data_copy,
        '          requires: "Experience"\n',
        '          requires: "Experience"\n        - to: "high-school"\n          requires: "Start again"\n',
    )
    code, out = _build(run, data_copy)
    assert code == 3
    line = _line_of(path, 'to: "high-school"', after='id: "medical-assistant"')
    assert (
        f"data/{ROLE}:{line}: pathway.steps[4].leads_to[2].to: the path loops back on itself: "
        "high-school -> certificate-program -> certification -> medical-assistant -> high-school; "
        "a path only moves forward; remove the move from 'medical-assistant' to 'high-school' or another in the loop"
    ) in out
    assert "Traceback" not in out
    assert pdfs_in(tmp_path) == []


def test_a_move_to_a_step_that_does_not_exist(run, data_copy, tmp_path):
    path = _edit(data_copy, '        - to: "nurse"\n', '        - to: "nurses"\n')
    code, out = _build(run, data_copy)
    assert code == 3
    line = _line_of(path, 'to: "nurses"')
    assert (
        f"data/{ROLE}:{line}: pathway.steps[4].leads_to[2].to: step 'medical-assistant' leads to unknown step id "
        "'nurses'; did you mean 'nurse'?; every 'to' must be the id of a step in this pathway"
    ) in out
    assert pdfs_in(tmp_path) == []


def test_a_step_nothing_leads_to(run, data_copy, tmp_path):
    path = data_copy / ROLE
    text = path.read_text()
    end = text.index("\n# The Spanish edition")  # the pathway is the last section before the translations
    path.write_text(
        text[:end] + '\n    - id: "orphan"\n      title: "A step on its own"\n      kind: "role"' + text[end:]
    )
    code, out = _build(run, data_copy)
    assert code == 3
    line = _line_of(path, 'id: "orphan"')
    assert (
        f"data/{ROLE}:{line}: pathway.steps[10]: step 'orphan' cannot be reached from the first step 'high-school'; "
        "add a move to it (leads_to: [{to: orphan, requires: ...}]) from a step before it, or remove it"
    ) in out
    assert pdfs_in(tmp_path) == []


def test_every_problem_is_listed_at_once(run, data_copy):
    _edit(data_copy, '        - to: "nurse"\n', '        - to: "nurses"\n')
    _edit(data_copy, '    - id: "get-certified"\n', '    - id: "finish-high-school"\n')
    _edit(
        data_copy,
        '      sources: ["fhca-2026", "research-com-2026"]\n      leads_to:',
        '      sources: ["fhca-2025", "research-com-2026"]\n      leads_to:',
    )
    code, out = run("check", "--data", str(data_copy))
    assert code == 3
    assert "unknown step id 'nurses'" in out
    assert "step 'nurse' cannot be reached from the first step 'high-school'" in out
    assert "checklist.items[6].id: duplicate item id 'finish-high-school' (first at items[0])" in out
    assert "pathway.steps[0].sources[0]: unknown source id 'fhca-2025'; did you mean 'fhca-2026'?" in out


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('      role: "medical-assistant"\n', '      role: "medical-asistant"\n', "unknown role id 'medical-asistant'"),
        (
            '    - id: "plan-the-cost"\n',
            '    - id: "plan-the-cost"\n      link: "javascript:alert(1)"\n',
            "is not an allowed link",
        ),
        ('    - id: "nurse"\n', '    - id: "Nurse!"\n', "'Nurse!' is not a valid id"),
        (
            '      kind: "credential"\n',
            '      kind: "licence"\n',
            "'licence' is not one of education, credential, role",
        ),
        (
            "        low: 38000\n        high: 45000\n",
            "        low: 45000\n        high: 38000\n",
            "low (45000) is above high",
        ),
        (
            '        - to: "lead-ma"\n',
            '        - to: "lead-ma"\n          requires: "Again"\n        - to: "lead-ma"\n',
            "step 'medical-assistant' leads to 'lead-ma' twice",
        ),
    ],
)
def test_other_sheet_data_mistakes(run, data_copy, old, new, message):
    _edit(data_copy, old, new)
    code, out = _build(run, data_copy)
    assert code == 3
    assert f"data/{ROLE}:" in out and message in out


def _layout_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "my-layouts"
    folder.mkdir(exist_ok=True)
    source = (Path(__file__).parents[2] / "layouts" / f"{name}.xml.j2").read_text()
    assert old in source, old
    (folder / f"{name}.xml.j2").write_text(source.replace(old, new))
    return folder


def test_a_layout_that_draws_a_move_to_a_missing_step(run, tmp_path):
    layouts = _layout_with(
        tmp_path,
        "pathway",
        "{% endfor %}{% endfor %}\n</pathway>",
        '{% endfor %}{% endfor %}<move from="nurse" to="surgeon">Medical school</move>\n</pathway>',
    )
    code, out = run("build", "pathway", "medical-assistant", "--layouts", str(layouts))
    assert code == 3
    assert "<move from='nurse' to='surgeon'> names a step that is not listed" in out
    assert pdfs_in(tmp_path) == []


def test_a_layout_that_reuses_a_checkbox_name(run, tmp_path):
    layouts = _layout_with(tmp_path, "checklist", 'field="{{ role.id }}--{{ item.id }}"', 'field="{{ role.id }}"')
    code, out = run("build", "checklist", "medical-assistant", "--layouts", str(layouts))
    assert code == 3
    assert "form field name 'medical-assistant' is used twice" in out
    assert pdfs_in(tmp_path) == []


def test_a_bad_checkbox_name_in_a_layout(run, tmp_path):
    layouts = _layout_with(
        tmp_path, "checklist", 'field="{{ role.id }}--{{ item.id }}"', 'field="Box {{ loop.index }}"'
    )
    code, out = run("build", "checklist", "medical-assistant", "--layouts", str(layouts))
    assert code == 3
    assert "<item field>: 'Box 1' is not a form field name" in out


def test_a_row_of_twelve_steps_wraps_onto_rows_of_its_own(run, tmp_path):
    """Twelve steps side by side are too many for the page at 9 pt: the row wraps (the text never shrinks)."""
    folder = tmp_path / "my-layouts"
    folder.mkdir()
    steps = "".join(f'<step id="s{i}">Step number {i}</step><move from="root" to="s{i}">Go</move>' for i in range(12))
    (folder / "wide.xml.j2").write_text(
        '{#-\nroles: 1\n-#}\n<handout title="Wide"><pathway alt="A root with twelve branches">'
        f'<step id="root">Root</step>{steps}</pathway></handout>\n'
    )
    code, out = run("build", "wide", "medical-assistant", "--layouts", str(folder), "-o", str(tmp_path / "w.pdf"))
    assert code == 0, out
    pdf = Pdf.open(tmp_path / "w.pdf")
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        words = [w for page in plumber.pages for w in page.extract_words() if w["text"] in {f"{i}" for i in range(12)}]
        sizes = {round(c["size"], 1) for page in plumber.pages for c in page.chars if c["text"].strip()}
    assert len(words) == 12 and len({round(w["top"]) for w in words}) >= 2  # all twelve, on more than one row
    assert min(sizes) >= 9.0


def test_a_path_too_wide_for_the_page_is_a_clear_render_error(run, tmp_path):
    """Twelve moves into one step: their labels sit side by side on its top edge, however the rows wrap."""
    folder = tmp_path / "my-layouts"
    folder.mkdir()
    steps = "".join(
        f'<step id="s{i}">Step number {i}</step><move from="root" to="s{i}">Go</move>'
        f'<move from="s{i}" to="end">A long way round</move>'
        for i in range(12)
    )
    (folder / "wide.xml.j2").write_text(
        '{#-\nroles: 1\n-#}\n<handout title="Wide"><pathway alt="Twelve roads to one end">'
        f'<step id="root">Root</step>{steps}<step id="end">End</step></pathway></handout>\n'
    )
    code, out = run("build", "wide", "medical-assistant", "--layouts", str(folder))
    assert code == 4
    assert "my-layouts/wide.xml.j2: <pathway> at rendered markup line 1: the diagram does not fit: the labels" in out
    assert "put fewer steps side by side" in out
    assert pdfs_in(tmp_path) == []


@pytest.mark.parametrize(
    ("pathway", "message"),
    [
        (
            '<step id="a">A</step><step id="a">Again</step>',
            "step id 'a' is used twice; give every <step> its own id",
        ),
        (
            '<step id="a">A</step><step id="b">B</step><move from="a" to="b">x</move><move from="a" to="b">y</move>',
            "<move from='a' to='b'> is listed twice; keep one of the two moves",
        ),
        (
            '<step id="a">A</step><step id="b">B</step><move from="a" to="b">x</move><move from="b" to="a">y</move>',
            "the moves loop back on themselves: a -> b -> a; a path only moves forward; "
            "remove <move from='b' to='a'> or another move in the loop",
        ),
    ],
)
def test_a_layout_written_path_with_a_fault_is_refused_with_a_fix_for_that_fault(tmp_path, pathway, message):
    from tests.support.layoutkit import raises_layout_error

    assert message in raises_layout_error(tmp_path, f'<pathway alt="A path">{pathway}</pathway>')
