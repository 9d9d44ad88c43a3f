"""A layout folder's own catalog (locales/LANG.po) is untrusted input: refused at file:line when malformed,
never read through a link out of the folder; a sound one wins over the built-in translation."""

from __future__ import annotations

import pytest

from handouts.build import Inputs, build_handout_bytes
from tests.conftest import ROOT
from tests.support.pdfcheck import Pdf

HEADER = 'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def _folder(tmp_path, po: str | bytes | None = None):
    folder = tmp_path / "school"
    (folder / "locales").mkdir(parents=True)
    (folder / "checklist.xml.j2").write_text((ROOT / "layouts" / "checklist.xml.j2").read_text())
    if po is not None:
        path = folder / "locales" / "es.po"
        path.write_bytes(po.encode() if isinstance(po, str) else po)
    return folder


def test_the_folders_catalog_wins_over_the_built_in_translation(tmp_path):
    po = HEADER + 'msgid "Who can help"\nmsgstr "Quién le ayuda en la escuela"\n'
    folder = _folder(tmp_path, po)
    text = " ".join(
        Pdf(build_handout_bytes("checklist", ["medical-assistant"], Inputs(layouts=[folder], lang="es"))).text.split()
    )
    assert "Quién le ayuda en la escuela" in text
    assert "Quién le puede ayudar" not in text  # the built-in translation of the same string
    assert "Fuentes" in text  # a string the folder's catalog lacks comes from the built-in one


@pytest.mark.parametrize(
    ("po", "line", "words"),
    [
        (HEADER + 'msgid "Sources"\nmsgstr "Fuentes de datos\n', 7, "is not a line of a .po file"),
        (HEADER + 'msgid "Sources"\nmsgstr "Fuentes"\nFuentes de datos\n', 8, "is not a line of a .po file"),
        (HEADER + 'msgid "Sources"\nmsgstr "A"\n\nmsgid "Sources"\nmsgstr "B"\n', 9, "given a second time"),
        (
            HEADER + 'msgid "Step"\nmsgid_plural "Steps"\nmsgstr[0] "Paso"\nmsgstr[1] "Pasos"\nmsgstr[2] "Más"\n',
            10,
            "more plural forms than the 2",
        ),
        (HEADER + 'msgstr "Fuentes"\nmsgid "Sources"\n', 6, "has no msgid line before it"),
        (
            HEADER + 'msgid "Ask the %(office)s for help."\nmsgstr "Pida ayuda a %(oficina)s."\n',
            6,
            "uses %(oficina)s, which its English text does not have",
        ),
        (  # str.format would read an attribute: never let a catalog ask for one
            HEADER + 'msgid "Source {number}: {text}"\nmsgstr "Fuente {number.__class__}: {text}"\n',
            6,
            "uses {number.__class__}",
        ),
        (
            (HEADER + 'msgid "Sources"\nmsgstr "Fuentes"\n').encode() + b'\nmsgid "Step"\nmsgstr "Pas\xe9"\n',
            10,
            "not UTF-8",
        ),
    ],
)
def test_a_malformed_catalog_is_refused_at_its_file_and_line(run, tmp_path, po, line, words):
    folder = _folder(tmp_path, po)
    for command in (
        ("build", "checklist", "medical-assistant", "--layouts", str(folder), "--lang", "es"),
        ("check", "--layouts", str(folder), "--lang", "es"),
        ("check", "--layouts", str(folder)),  # listed even when no Spanish is asked for
    ):
        code, out = run(*command)
        assert code != 0, out
        assert f"school/locales/es.po:{line}: catalog: " in out and words in out, out
        assert out.count(f"school/locales/es.po:{line}:") == 1  # once, not once per reader
        assert "Traceback" not in out
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_catalog_linked_from_outside_its_folder_is_never_read(run, tmp_path):
    outside = tmp_path / "elsewhere.po"
    outside.write_text(HEADER + 'msgid "Who can help"\nmsgstr "TEXTO DE FUERA"\n')
    folder = _folder(tmp_path)
    (folder / "locales" / "es.po").symlink_to(outside)
    code, out = run("build", "checklist", "medical-assistant", "--layouts", str(folder), "--lang", "es")
    assert code != 0
    assert "school/locales/es.po: catalog: is a link leading outside its layout folder" in out
    assert "TEXTO DE FUERA" not in out and not list(tmp_path.rglob("*.pdf"))


def test_a_locales_folder_linked_from_outside_is_not_the_folders(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "es.po").write_text(HEADER + 'msgid "Who can help"\nmsgstr "TEXTO DE FUERA"\n')
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "checklist.xml.j2").write_text((ROOT / "layouts" / "checklist.xml.j2").read_text())
    (folder / "locales").symlink_to(elsewhere, target_is_directory=True)
    data = build_handout_bytes("checklist", ["medical-assistant"], Inputs(layouts=[folder], lang="es"))
    text = " ".join(Pdf(data).text.split())
    assert "TEXTO DE FUERA" not in text and "Quién le puede ayudar" in text
