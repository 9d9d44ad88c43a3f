"""Layout mistakes name the file and line (the included file when the mistake is there), and suggest a fix."""

from __future__ import annotations

from tests.conftest import pdfs_in


def _layouts(tmp_path, part: str):
    folder = tmp_path / "my-layouts"
    folder.mkdir()
    (folder / "flyer.xml.j2").write_text(
        '{#-\nroles: 1\n-#}\n{% extends "_base.xml.j2" %}\n{% block body %}\n<p>x</p>\n'
        '{% include "_part.xml.j2" %}\n{% endblock %}\n'
    )
    (folder / "_part.xml.j2").write_text(part)
    return folder


def test_undefined_field_in_an_included_file_names_it_and_suggests(run, tmp_path):
    folder = _layouts(tmp_path, "<p>one</p>\n<p>{{ role.education.minmum }}</p>\n")
    code, out = run("build", "flyer", "medical-assistant", "--layouts", str(folder))
    assert code == 3
    # Between our prefix and our suggestion is Jinja2's own sentence, which names the misspelt field.
    assert "my-layouts/_part.xml.j2:2: template: undefined value: " in out
    assert "'minmum'" in out and "; did you mean 'minimum'?" in out
    assert pdfs_in(tmp_path) == []


def test_syntax_error_in_an_included_file_names_it(run, tmp_path):
    folder = _layouts(tmp_path, "<p>one</p>\n<p>{% if %}</p>\n")
    code, out = run("build", "flyer", "medical-assistant", "--layouts", str(folder))
    assert code == 3
    assert "my-layouts/_part.xml.j2:2: template: syntax error:" in out


def test_include_of_a_missing_file_says_how_to_name_one(run, tmp_path):
    folder = _layouts(tmp_path, '{% include "_nowhere.xml.j2" %}')
    code, out = run("build", "flyer", "medical-assistant", "--layouts", str(folder))
    assert code == 3
    assert "layout file '_nowhere.xml.j2' not found" in out


def test_a_misspelt_choice_gets_a_did_you_mean(run, tmp_path):
    folder = _layouts(tmp_path, '<p align="centre">x</p>')
    code, out = run("build", "flyer", "medical-assistant", "--layouts", str(folder))
    assert code == 3
    assert "<p align>: 'centre' is not one of left, center, right; did you mean 'center'?" in out
    assert "(rendered markup line" in out and '<p align="centre">x</p>' in out


def test_check_reports_every_layout_problem_at_once(run, tmp_path):
    folder = _layouts(tmp_path, '<p align="centre">x</p><tabel/><callout tone="alert">y</callout>')
    code, out = run("check", "--layouts", str(folder))
    assert code == 3
    assert "3 problems" in out
    assert "'centre'" in out and "<tabel>: unknown element; did you mean 'table'?" in out and "'alert'" in out
