"""Hostile layouts and hostile role text: each fails safely, with a clear error and no file,
or (for markup inside role data) prints literally."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PAIR, pdfs_in

HEADER = "{#-\nroles: 2-3\n-#}\n"


def _layout(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "my-layouts"
    folder.mkdir(exist_ok=True)
    (folder / "evil.xml.j2").write_text(HEADER + text)
    return folder


def _build_evil(run, tmp_path, text: str, *extra: str):
    folder = _layout(tmp_path, text)
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder), *extra)
    assert "Traceback" not in out
    assert pdfs_in(tmp_path) == [], "a failed build left a file behind"
    return code, out


def _body(markup: str) -> str:
    return f'<handout title="Evil">{markup}</handout>'


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__[1].__subclasses__()",
        "role.__class__.__init__.__globals__",
        "cycler.__init__.__globals__.os.popen('touch MARKER').read()",
        "self._TemplateReference__context",
        "'{0.__class__.__mro__}'.format(role)",
        "(roles | attr('__class__'))",
    ],
)
def test_sandbox_escape_attempts_are_refused(run, tmp_path, expression):
    code, out = _build_evil(run, tmp_path, _body(f"<p>{{{{ {expression} }}}}</p>"))
    assert code == 3
    assert "my-layouts/evil.xml.j2:4: template:" in out
    assert "refused by the sandbox" in out or "undefined value" in out
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize(
    "statement",
    [
        '{% include "../../etc/passwd" %}',
        '{% include "../my-layouts/evil.xml.j2" %}',
        '{% extends "/etc/passwd" %}',
        '{% import "builtin/../../pyproject.toml" as p %}',
        '{% include "..\\\\..\\\\secret.xml.j2" %}',
    ],
)
def test_include_extends_import_cannot_leave_the_layout_folders(run, tmp_path, statement):
    code, out = _build_evil(run, tmp_path, statement + _body("<p>x</p>"))
    assert code == 3
    assert "is not a valid layout file name" in out


def test_a_link_out_of_the_layout_folder_is_refused(run, tmp_path):
    secret = tmp_path / "secret.xml.j2"
    secret.write_text("<p>secret</p>")
    folder = _layout(tmp_path, '<handout title="x">{% include "_part.xml.j2" %}</handout>')
    (folder / "_part.xml.j2").symlink_to(secret)
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert code == 3
    assert "is a link leading outside its layout folder" in out
    assert pdfs_in(tmp_path) == []


BILLION_LAUGHS = """<!DOCTYPE handout [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<handout title="bomb"><p>&lol4;</p></handout>"""

EXTERNAL_ENTITY = """<!DOCTYPE handout [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<handout title="xxe"><p>&secret;</p></handout>"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_bombs_and_external_entities_are_refused(run, tmp_path, text):
    code, out = _build_evil(run, tmp_path, text)
    assert code == 3
    assert "markup: a DOCTYPE declaration is not allowed in handout markup" in out


def test_processing_instructions_and_reportlab_tags_are_refused(run, tmp_path):
    code, out = _build_evil(run, tmp_path, '<?xml-stylesheet href="x"?>' + _body("<p>x</p>"))
    assert code == 3 and "a processing instruction is not allowed" in out
    code, out = _build_evil(
        run, tmp_path, _body('<p>a <font color="red">b</font> <img src="/etc/x.png"/><onDraw name="x"/></p>')
    )
    assert code == 3
    assert "<font>: unknown element" in out and "<img>: unknown element" in out and "<onDraw>: unknown element" in out


FONT_PAYLOAD = (
    "<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch MARKER') "
    "for Word in [ orgTypeFun( 'Word', (str,), { 'mutated': 1 }) ] ]] and 'red'\">exploit</font>"
)


def _role_with(data_copy: Path, field: str, value: str) -> None:
    role = data_copy / "roles" / "medical-assistant.yaml"
    text = role.read_text()
    old = f'{field}: "'
    start = text.index(old)
    end = text.index('"\n', start + len(old))
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    role.write_text(text[:start] + f'{field}: "{quoted}' + text[end:])


def test_font_color_injection_through_role_data_prints_literally(run, tmp_path, data_copy):
    from tests.support.pdfcheck import Pdf

    _role_with(data_copy, "summary", FONT_PAYLOAD)
    code, out = run("build", "comparison", *PAIR, "--data", str(data_copy), "-o", "out.pdf")
    assert code == 0, out
    text = Pdf.open(tmp_path / "out.pdf").text
    assert "<font color=\"[[[getattr(pow, Word('__globals__'))" in text
    assert "exploit</font>" in text
    assert not (tmp_path / "MARKER").exists()


def test_role_data_cannot_break_out_of_an_attribute(run, tmp_path, data_copy):
    _role_with(data_copy, "short_name", 'left" size="lead')
    folder = _layout(tmp_path, _body('<p align="{{ role.short_name }}">x</p>'))
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder), "--data", str(data_copy))
    assert code == 3
    assert "<p align>: 'left\" size=\"lead' is not one of left, center, right" in out
    assert pdfs_in(tmp_path) == []


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"],
)
def test_javascript_and_other_links_are_refused(run, tmp_path, href):
    code, out = _build_evil(run, tmp_path, _body(f'<p><a href="{href}">click</a></p>'))
    assert code == 3
    assert "<a href>:" in out and "is not an allowed link; write an https://, mailto: or tel: address" in out


def test_javascript_link_from_role_data_is_refused(run, tmp_path, data_copy):
    _role_with(data_copy, "short_name", "javascript:alert(document.cookie)")
    folder = _layout(tmp_path, _body('<p><a href="{{ role.short_name }}">x</a></p>'))
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder), "--data", str(data_copy))
    assert code == 3 and "is not an allowed link" in out
    assert pdfs_in(tmp_path) == []


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("../../secret.png", "points outside the layout and brand folders"),
        ("/etc/secret.png", "points outside the layout and brand folders"),
        ("C:/Windows/secret.png", "points outside the layout and brand folders"),
        ("images/../../secret.png", "points outside the layout and brand folders"),
        ("https://evil.example/x.png", "is a URL; images are never fetched"),
        ("file:///etc/secret.png", "is a URL; images are never fetched"),
    ],
)
def test_image_paths_outside_the_folders_are_refused(run, tmp_path, src, message):
    from tests.support.layoutkit import sample_image

    sample_image(tmp_path / "secret.png")
    code, out = _build_evil(run, tmp_path, _body(f'<image src="{src}" alt="x"/>'))
    assert code == 3
    assert f"<image src>: '{src}' {message}" in out
