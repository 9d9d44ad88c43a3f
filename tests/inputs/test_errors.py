"""Bad input: each gives the documented one-paragraph error with file and line, a
non-zero exit, and leaves no PDF behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PAIR, pdfs_in

ROLE = "roles/medical-assistant.yaml"


def _edit(data_copy: Path, old: str, new: str) -> Path:
    path = data_copy / ROLE
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return path


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _build(run, *extra):
    return run("build", "comparison", *PAIR, *extra)


def test_typo_in_a_field_name(run, data_copy, tmp_path):
    path = _edit(data_copy, "primary_focus:", "primary_focsu:")
    code, out = _build(run, "--data", str(data_copy))
    assert code == 3
    line = _line_of(path, "primary_focsu:")
    assert (
        f"data/{ROLE}:{line}: primary_focsu: unknown field 'primary_focsu' in Role; did you mean 'primary_focus'?"
        in out
    )
    assert "Traceback" not in out
    assert pdfs_in(tmp_path) == []


def test_wrong_type(run, data_copy, tmp_path):
    path = _edit(data_copy, "months_min: 9", "months_min: nine")
    code, out = _build(run, "--data", str(data_copy))
    assert code == 3
    line = _line_of(path, "months_min: nine")
    assert f"data/{ROLE}:{line}: education.paths[0].months_min: expected a whole number, got 'nine'" in out
    assert pdfs_in(tmp_path) == []


def test_quoted_number_is_refused(run, data_copy, tmp_path):
    path = _edit(data_copy, "months_min: 9", 'months_min: "9"')
    code, out = _build(run, "--data", str(data_copy))
    assert code == 3
    line = _line_of(path, 'months_min: "9"')
    assert f":{line}: education.paths[0].months_min: expected a whole number" in out


def test_dangling_source_id(run, data_copy, tmp_path):
    # the pay range's source (the first figure), not a duty's
    path = _edit(
        data_copy,
        'source: "research-com-2026"\n        default: true',
        'source: "research-com-2025"\n        default: true',
    )
    code, out = _build(run, "--data", str(data_copy))
    assert code == 3
    line = _line_of(path, 'source: "research-com-2025"')
    assert f"data/{ROLE}:{line}: figures." in out
    assert "unknown source id 'research-com-2025'; did you mean 'research-com-2026'?" in out
    assert pdfs_in(tmp_path) == []


def test_malformed_yaml(run, data_copy, tmp_path):
    path = _edit(data_copy, 'name: "Medical Assistant"', 'name: "Medical Assistant\n  oops: [')
    code, out = _build(run, "--data", str(data_copy))
    assert code == 3
    assert f"data/{ROLE}:" in out and "YAML syntax error" in out
    line = int(out.split(f"data/{ROLE}:")[1].split(":")[0])
    assert abs(line - _line_of(path, "oops")) <= 2
    assert pdfs_in(tmp_path) == []


def test_duplicate_key(run, data_copy):
    _edit(data_copy, 'short_name: "MA"', 'short_name: "MA"\nshort_name: "M.A."')
    code, out = _build(run, "--data", str(data_copy))
    assert code == 3
    assert "short_name: duplicate key (first on line" in out


def test_yaml_alias_is_refused(run, data_copy):
    _edit(data_copy, 'short_name: "MA"', 'short_name: &n "MA"\nalso_known_as: [*n]')
    code, out = _build(run, "--data", str(data_copy))
    assert code == 3
    assert "YAML aliases (*name) are not allowed" in out


def test_yaml_11_booleans_stay_text(tmp_path, data_copy):
    """A text field given NO keeps the text 'NO'; YAML 1.1 would have made it False."""
    from handouts.inputs.roles import load_catalog

    _edit(data_copy, 'short_name: "MA"', "short_name: NO")
    catalog = load_catalog([data_copy])
    assert catalog.roles["medical-assistant"].short_name == "NO"


def test_unknown_role_on_the_command_line(run, tmp_path):
    code, out = run("build", "comparison", "medical-asistant", "medical-administrative-assistant")
    assert code == 2
    assert "unknown role id 'medical-asistant'; did you mean 'medical-assistant'?" in out
    assert pdfs_in(tmp_path) == []


def test_unknown_layout_on_the_command_line(run, tmp_path):
    code, out = run("build", "comparision", *PAIR)
    assert code == 2
    assert "unknown layout 'comparision'; did you mean 'comparison'?" in out


def test_wrong_number_of_roles(run):
    code, out = run("build", "comparison", "medical-assistant")
    assert code == 2
    assert "layout 'comparison' takes 2 to 3 role ids, got 1" in out


def test_unknown_element_in_a_layout(run, tmp_path):
    layouts = tmp_path / "my-layouts"
    layouts.mkdir()
    source = (Path(__file__).parents[2] / "layouts" / "comparison.xml.j2").read_text()
    (layouts / "comparison.xml.j2").write_text(
        source.replace('<h2>{{ _("At a glance") }}</h2>', "<heading>At a glance</heading>")
    )
    code, out = run("build", "comparison", *PAIR, "--layouts", str(layouts))
    assert code == 3
    assert (
        "my-layouts/comparison.xml.j2: <heading>: unknown element; did you mean 'h1'?" in out
        or "my-layouts/comparison.xml.j2: <heading>: unknown element;" in out
    )
    assert "rendered markup line" in out and "<heading>At a glance</heading>" in out
    assert pdfs_in(tmp_path) == []


def test_undefined_variable_names_layout_and_line(run, tmp_path):
    layouts = tmp_path / "my-layouts"
    layouts.mkdir()
    source = (Path(__file__).parents[2] / "layouts" / "comparison.xml.j2").read_text()
    broken = source.replace("{{ role.summary }}", "{{ role.primary_focuss }}")
    (layouts / "comparison.xml.j2").write_text(broken)
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "primary_focuss" in text)
    code, out = run("build", "comparison", *PAIR, "--layouts", str(layouts))
    assert code == 3
    assert f"my-layouts/comparison.xml.j2:{line}: template: undefined value:" in out
    assert "primary_focuss" in out
    assert pdfs_in(tmp_path) == []


def test_no_traceback_without_debug_but_with_it(run, data_copy):
    _edit(data_copy, "primary_focus:", "primary_focsu:")
    _code, out = _build(run, "--data", str(data_copy))
    assert "Traceback" not in out
    from handouts.errors import DataError

    with pytest.raises(DataError):
        run("--debug", "build", "comparison", *PAIR, "--data", str(data_copy))


def test_check_reports_every_problem_at_once(run, data_copy):
    _edit(data_copy, "primary_focus:", "primary_focsu:")
    _edit(data_copy, "months_min: 9", "months_min: nine")
    code, out = run("check", "--data", str(data_copy))
    assert code == 3
    assert "2 problems" in out or out.count(f"data/{ROLE}:") >= 2
    assert "primary_focsu" in out and "months_min" in out


def test_check_passes_on_the_shipped_files(run):
    code, out = run("check")
    assert code == 0, out
    assert "all good" in out
