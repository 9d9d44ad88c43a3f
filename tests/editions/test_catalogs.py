"""Catalogs and missing translations: what is extracted, what is refused, what check lists at file:line."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from handouts.build import Inputs, build_handout_bytes
from handouts.errors import Problem
from tests.conftest import ROOT
from tests.support.pdfcheck import Pdf

LOCALES = ROOT / "layouts" / "locales"


def _ids(path) -> set[str]:
    with open(path, "rb") as handle:
        return {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}


def test_the_shipped_template_has_every_layout_string():
    """Fails when a layout's text changed and scripts/extract_messages.py was not run."""
    method_map = [("layouts/**.xml.j2", "jinja2")]
    options = {
        "layouts/**.xml.j2": {
            "extensions": "jinja2.ext.i18n",
            "trim_blocks": "true",
            "lstrip_blocks": "true",
            "newstyle_gettext": "true",
        }
    }
    found = {
        (message[0] if isinstance(message, tuple) else message)
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT), method_map, options, keywords={"_": None, "gettext": None, "ngettext": (1, 2)}
        )
    }
    assert len(found) > 60
    assert sorted(found - _ids(LOCALES / "handouts.pot")) == []


def test_the_spanish_catalog_translates_every_entry_of_the_template():
    with open(LOCALES / "es.po", "rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert untranslated == []
    assert sorted(_ids(LOCALES / "handouts.pot") - _ids(LOCALES / "es.po")) == []
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


def test_a_language_with_no_catalog_is_refused_naming_those_there_are(run):
    code, out = run("build", "checklist", "medical-assistant", "--lang", "fr")
    assert code != 0
    assert "command line: --lang: 'fr'" in out and "en, es" in out
    assert "Traceback" not in out
    code, out = run("build", "checklist", "medical-assistant", "--lang", "esp")
    assert code != 0 and "did you mean 'es'" in out
    assert not list((ROOT / "output").glob("checklist-*-fr.pdf"))


def test_check_refuses_an_unknown_language_too(run):
    code, out = run("check", "--lang", "de")
    assert code != 0 and "'de'" in out and "en, es" in out


def _layout_with_new_text(tmp_path):
    folder = tmp_path / "my-layouts"
    folder.mkdir()
    source = (ROOT / "layouts" / "checklist.xml.j2").read_text()
    # A new title for the call-out, with no catalog entry yet (same length: the sheet keeps to its page).
    changed = source.replace(
        "title=\"{{ _('Who can help') }}\"", "title=\"{{ _('Bring this sheet to your next meeting.') }}\""
    )
    assert changed != source
    (folder / "checklist.xml.j2").write_text(changed)
    line = next(n for n, text in enumerate(changed.splitlines(), 1) if "Bring this sheet" in text)
    return folder, line


def test_check_lists_a_layout_string_with_no_translation_at_its_line_and_strict_refuses(run, tmp_path):
    folder, line = _layout_with_new_text(tmp_path)
    code, out = run("check", "--layouts", str(folder), "--lang", "es")
    assert code == 0, out
    assert (
        f"my-layouts/checklist.xml.j2:{line}: translation: the layout text 'Bring this sheet to your next meeting.' "
        "has no es translation"
    ) in out
    code, out = run("check", "--layouts", str(folder), "--lang", "es", "--strict")
    assert code != 0 and "Bring this sheet" in out


def test_a_build_prints_a_missing_string_in_english_and_warns(tmp_path):
    folder, _ = _layout_with_new_text(tmp_path)
    warnings: list[Problem] = []
    data = build_handout_bytes(
        "checklist", ["medical-assistant"], Inputs(layouts=[folder], lang="es"), warnings=warnings
    )
    text = " ".join(Pdf(data).text.split())
    assert "Bring this sheet to your next meeting." in text  # that string alone falls back to English
    assert "Nombre" in text and "Fuentes" in text  # the rest stays Spanish
    assert any("Bring this sheet" in str(w) and "printed in English" in str(w) for w in warnings)


def test_a_layout_folder_can_bring_its_own_catalog(tmp_path):
    folder, _ = _layout_with_new_text(tmp_path)
    (folder / "locales").mkdir()
    (folder / "locales" / "es.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Bring this sheet to your next meeting."\nmsgstr "Traiga esta hoja a su próxima reunión."\n',
        encoding="utf-8",
    )
    warnings: list[Problem] = []
    data = build_handout_bytes(
        "checklist", ["medical-assistant"], Inputs(layouts=[folder], lang="es"), warnings=warnings
    )
    text = " ".join(Pdf(data).text.split())
    assert "Traiga esta hoja a su próxima reunión." in text and "Nombre" in text
    assert not [w for w in warnings if "translation" in str(w)]


def _role_copy(data_copy, old: str, new: str):
    path = data_copy / "roles" / "medical-assistant.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text.replace(old, new, 1)[: text.replace(old, new, 1).index(new)].count("\n") + 1
    return path, line


def test_check_lists_a_role_field_with_no_translation_at_its_line(run, data_copy):
    path = data_copy / "roles" / "medical-assistant.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    summary: ", text.index("translations:"))
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    line = text[: text.index('summary: "')].count("\n") + 1
    code, out = run("check", "--data", str(data_copy), "--lang", "es")
    assert code == 0, out
    assert f"roles/medical-assistant.yaml:{line}: summary: has no es text" in out


def test_a_translation_names_a_field_of_the_role(run, data_copy):
    _, line = _role_copy(data_copy, "    short_name: ", "    shortname: ")
    code, out = run("check", "--data", str(data_copy))
    assert code != 0
    assert f"roles/medical-assistant.yaml:{line}: translations.es.shortname: 'shortname' is not a text field" in out
    assert "did you mean 'short_name'" in out


def test_a_role_text_given_inline_per_language_needs_english_and_language_codes(run, data_copy):
    _, line = _role_copy(data_copy, 'name: "Medical Assistant"', 'name:\n  es: "Asistente"\n  Spanish: "Asistente"')
    code, out = run("check", "--data", str(data_copy))
    assert code != 0
    assert f"roles/medical-assistant.yaml:{line}: name: has no English text (en:)" in out, out
    assert f"roles/medical-assistant.yaml:{line + 2}: name.Spanish: 'Spanish' is not a language code" in out


def test_an_id_cannot_be_given_per_language(run, data_copy):
    _, line = _role_copy(data_copy, 'soc: "31-9092"', 'soc:\n  en: "31-9092"\n  es: "31-9092"')
    code, out = run("check", "--data", str(data_copy))
    assert code != 0
    assert f"roles/medical-assistant.yaml:{line}: soc: is an id, code, source or link" in out
