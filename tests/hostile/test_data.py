"""Hostile role data: code in YAML tags, bombs, guessed types, wrong encodings, hidden characters,
and ReportLab or Jinja markup smuggled into text fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PAIR, pdfs_in
from tests.hostile.conftest import CANARY_TEXT, assert_refused, assert_untouched, line_of
from tests.support.pdfcheck import Pdf

ROLE = "roles/medical-assistant.yaml"
SHOWN = f"data/{ROLE}"


def _replace(data_copy: Path, old: str, new: str) -> str:
    path = data_copy / ROLE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _build(run, data_copy: Path):
    return run("build", "comparison", *PAIR, "--data", str(data_copy))


def test_python_tag_does_not_run(run, data_copy, tmp_path, watch, canary):
    text = _replace(
        data_copy, 'short_name: "MA"', f'short_name: !!python/object/apply:os.system ["cat {canary} > pwned.txt"]'
    )
    code, out = _build(run, data_copy)
    # The tag is ignored (nodes are never constructed); the text field gets the list and says so.
    assert_refused(code, out, tmp_path, 3, SHOWN, line_of(text, "short_name:"))
    assert "short_name: expected text, got a list" in out
    assert not (tmp_path / "pwned.txt").exists()
    assert_untouched(watch, canary, tmp_path, out)


def test_alias_bomb_is_refused_at_the_first_alias(run, data_copy, tmp_path):
    bomb = ['lol0: &a0 ["lol"]'] + [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = _replace(data_copy, 'short_name: "MA"', 'short_name: "MA"\n' + "\n".join(bomb))
    code, out = _build(run, data_copy)
    assert_refused(code, out, tmp_path, 3, SHOWN, line_of(text, "lol1:"))
    assert "YAML aliases (*name) are not allowed" in out


@pytest.mark.parametrize("value", ["NO", "012345", "12:30", "0x1F", "1_000", "~x", ".inf"])
def test_yaml_11_guesses_stay_text_and_print_as_written(tmp_path, data_copy, value):
    """YAML 1.1 reads NO as false, 012345 as 5349 and 12:30 as 750; a text field keeps the characters."""
    from handouts.build import Inputs, build_handout

    _replace(data_copy, 'primary_focus: "Clinical and administrative work"', f"primary_focus: {value}")
    result = build_handout("comparison", PAIR, Inputs(data=[data_copy]), output=tmp_path / "out")
    assert f"Primary focus {value} " in Pdf.open(result.path).pages[0]


def test_sexagesimal_in_a_number_field_is_refused(run, data_copy, tmp_path):
    text = _replace(data_copy, "months_min: 9", "months_min: 12:30")
    code, out = _build(run, data_copy)
    assert_refused(code, out, tmp_path, 3, SHOWN, line_of(text, "months_min: 12:30"))
    assert "education.paths[0].months_min: expected a whole number, got '12:30'" in out


@pytest.mark.parametrize(
    ("encoding", "byte"),
    [("latin-1", "0xe9"), ("cp1252", "0xe9"), ("utf-16", "0xff")],
)
def test_file_in_another_encoding_is_refused_by_name(run, data_copy, tmp_path, encoding, byte):
    path = data_copy / ROLE
    text = path.read_text(encoding="utf-8").replace('name: "Medical Assistant"', 'name: "Médical Assistant"')
    path.write_bytes(text.encode(encoding))
    code, out = _build(run, data_copy)
    line = 1 if encoding == "utf-16" else line_of(text, "Médical")
    assert_refused(code, out, tmp_path, 3, SHOWN, line)
    assert f"not UTF-8 text (byte {byte})" in out and "save the file as UTF-8" in out


def test_utf8_with_bom_is_read(tmp_path, data_copy):
    from handouts.inputs.roles import load_catalog

    path = data_copy / ROLE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_catalog([data_copy]).roles["medical-assistant"].name == "Medical Assistant"


@pytest.mark.parametrize(
    ("escape", "code_point"),
    [("\\e[2J\\e]0;pwned\\a", "U+001B"), ("\\x07", "U+0007"), ("\\x00", "U+0000"), ("\\u202e", "U+202E")],
)
def test_control_and_bidi_characters_are_refused_with_the_field(run, data_copy, tmp_path, escape, code_point):
    text = _replace(data_copy, 'patient_care: "Direct, hands-on"', f'patient_care: "Direct{escape}, hands-on"')
    code, out = _build(run, data_copy)
    assert_refused(code, out, tmp_path, 3, SHOWN, line_of(text, "patient_care:"))
    assert f"patient_care: control character {code_point} at position 7" in out
    assert "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize("deep", ["[" * 200_000, "{a: " * 100_000, "\n  " + "- " * 200_000])
def test_very_deep_nesting_is_refused_without_crashing(run, data_copy, tmp_path, deep):
    """libyaml's composer recursed in C: 200 kB of '[' crashed the interpreter outright.

    Newer PyYAML releases stop such nesting themselves, in their own words, before our depth
    check sees it; what must hold either way is ours: refused as invalid input at the file and
    line, one message, nothing written.
    """
    text = _replace(data_copy, 'short_name: "MA"', f"short_name: {deep}")
    code, out = _build(run, data_copy)
    assert_refused(code, out, tmp_path, 3, SHOWN, line_of(text, deep.strip()[:10]))
    assert "Traceback" not in out and [ln for ln in out.splitlines() if ln.startswith("error:")] == [out.strip()]


def test_second_document_is_refused(run, data_copy, tmp_path):
    text = _replace(data_copy, 'short_name: "MA"', 'short_name: "MA"\n---\nid: "other"')
    code, out = _build(run, data_copy)
    assert_refused(code, out, tmp_path, 3, SHOWN, line_of(text, "---"))
    assert "a second YAML document ('---') in one file" in out


def test_deep_nesting_is_refused(run, data_copy, tmp_path):
    deep = "[" * 60 + "]" * 60
    text = _replace(data_copy, 'short_name: "MA"', f"short_name: {deep}")
    code, out = _build(run, data_copy)
    assert_refused(code, out, tmp_path, 3, SHOWN, line_of(text, "short_name:"))
    assert "nested more than 40 levels deep" in out


def test_huge_file_is_refused_before_it_is_read(run, data_copy, tmp_path):
    path = data_copy / ROLE
    path.write_text(path.read_text() + "# padding\n" * 250_000)
    code, out = _build(run, data_copy)
    assert_refused(code, out, tmp_path, 3, SHOWN, "more than the 2,000,000 it may have")


def test_key_with_terminal_escapes_is_shown_not_obeyed(run, data_copy, tmp_path):
    text = _replace(data_copy, 'short_name: "MA"', 'short_name: "MA"\n"\\e]0;owned\\a\\e[31mred": 1')
    code, out = _build(run, data_copy)
    assert_refused(code, out, tmp_path, 3, SHOWN, line_of(text, "owned"))
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;owned\\x07\\x1b[31mred" in out


REPORTLAB_MARKUP = [
    '<img src="{canary}" width="100" height="100"/>',
    '<onDraw name="canv.drawString" label="owned"/>',
    "<unichar code=\"__import__('os').system('touch pwned.txt')\"/>",
    "<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch pwned.txt') for Word in "
    "[orgTypeFun('Word', (str,), {{'mutated': 1}})]] and 'red']]\">x</font>",
    '<a href="file://{canary}">link</a>',
    "<para><seq id='x'/><seqreset/></para>",
]


@pytest.mark.parametrize("markup", REPORTLAB_MARKUP, ids=["img", "onDraw", "unichar", "font-color", "a-file", "seq"])
def test_reportlab_markup_in_data_prints_literally(tmp_path, data_copy, watch, canary, markup):
    """Text from data is escaped before ReportLab's paragraph parser sees it: no image is read, nothing runs."""
    from handouts.build import Inputs, build_handout

    markup = markup.format(canary=canary)
    _replace(data_copy, 'patient_care: "Direct, hands-on"', f"patient_care: {json.dumps(markup)}")
    result = build_handout("comparison", PAIR, Inputs(data=[data_copy]), output=tmp_path / "out")
    text = Pdf.open(result.path).text
    first_word = markup.split()[0]
    assert first_word in text, (first_word, text[:400])
    assert not (tmp_path / "pwned.txt").exists()
    assert_untouched(watch, canary, tmp_path, "")


@pytest.mark.parametrize(
    "payload",
    [
        "{{ 7 * 7 }}",
        "{{ cycler.__init__.__globals__.os.popen('cat secret').read() }}",
        "{% include '../outside/secret.txt' %}",
        '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>&xxe;',
    ],
    ids=["jinja-expression", "jinja-escape", "jinja-include", "xml-entity"],
)
def test_template_and_xml_syntax_in_data_prints_literally(tmp_path, data_copy, watch, canary, payload):
    """Data is never rendered as a template or parsed as markup: it is escaped into the markup."""
    from handouts.build import Inputs, build_handout

    _replace(
        data_copy,
        'clinical_scope: "Vitals, basic tests, shots (state rules apply)"',
        f"clinical_scope: {json.dumps(payload)}",
    )
    result = build_handout("comparison", PAIR, Inputs(data=[data_copy]), output=tmp_path / "out")
    text = Pdf.open(result.path).text
    assert " ".join(payload.split())[:20] in text
    assert "49" not in text.split("Clinical duties")[1][:30]
    assert CANARY_TEXT not in text
    assert_untouched(watch, canary, tmp_path, "")
    assert len(pdfs_in(tmp_path)) == 1


def test_a_number_thousands_of_digits_long_is_refused_by_line(run, tmp_path, data_copy):
    role = data_copy / "roles" / "medical-assistant.yaml"
    text = role.read_text()
    role.write_text(text.replace("months_min: 9", "months_min: " + "1" * 5000, 1))
    code, out = run("check", "--data", str(data_copy))
    assert code == 3, out
    assert "education.paths[0].months_min: a number 5,000 characters long is too large" in out
    assert "bug" not in out


def test_a_data_folder_that_is_really_its_roles_folder_is_named(run, data_copy):
    code, out = run("check", "--data", str(data_copy / "roles"))
    assert code == 3
    assert "holds no roles/ folder and no sources.yaml" in out and "give the folder above roles/" in out
