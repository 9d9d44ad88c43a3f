"""`handouts new layout` copies the translations its layout uses, and `extract-messages` adds the text an
author marks: the copy prints in Spanish at once, an edit to its catalog is what prints, and a string left
untranslated is reported at the layout's line."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from handouts.templating.translation import layout_entries
from tests.conftest import ROOT
from tests.support.pdfcheck import Pdf

BUILTIN_ES = ROOT / "layouts" / "locales" / "es.po"
ROLE = "medical-administrative-assistant"


def _catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def _entries(path) -> dict[str, object]:
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in _catalog(path) if m.id}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _fixed_parts(text: str) -> list[str]:
    """The English words of a message between its placeholders, long enough not to occur by chance."""
    return [p.strip(" ,.;:()") for p in re.split(r"%\(\w+\)s", text) if len(p.strip(" ,.;:()")) >= 12]


def test_new_layout_copies_exactly_the_entries_its_layout_uses_and_the_copy_prints_in_spanish(run, tmp_path):
    code, out = run("new", "layout", "my-path", "--from", "pathway")
    assert code == 0, out
    assert "wrote layouts/locales/es.po" in out
    copied = _entries(tmp_path / "layouts" / "locales" / "es.po")
    used = {singular for _, singular, _ in layout_entries(ROOT / "layouts" / "pathway.xml.j2")}
    assert set(copied) == used  # exactly the layout's own strings, no more
    builtin = _entries(BUILTIN_ES)
    assert all(copied[text].string == builtin[text].string for text in copied)
    plural = [m for m in copied.values() if isinstance(m.id, tuple)]
    assert plural and all(len(m.string) == 2 and all(m.string) for m in plural)  # both Spanish forms kept
    assert _catalog(tmp_path / "layouts" / "locales" / "es.po").num_plurals == 2

    code, out = run("check", "--layouts", "layouts", "--lang", "es")
    assert code == 0, out
    assert "layouts/my-path.xml.j2" not in out  # nothing of the copy is left untranslated

    assert run("build", "my-path", ROLE, "--layouts", "layouts", "-o", "en.pdf")[0] == 0
    code, out = run("build", "my-path", ROLE, "--layouts", "layouts", "--lang", "es", "-o", "es.pdf")
    assert code == 0, out
    english, spanish = _flat(Pdf.open(tmp_path / "en.pdf").text), _flat(Pdf.open(tmp_path / "es.pdf").text)
    printed = [part for text in copied for part in _fixed_parts(text) if part in english]
    assert len(printed) >= 3, "the English edition prints the layout's strings this test looks for"
    assert [part for part in printed if part in spanish] == []
    assert "Lo que pide" in spanish


def test_the_copys_catalog_is_what_prints(run, tmp_path):
    assert run("new", "layout", "my-path", "--from", "pathway")[0] == 0
    po = tmp_path / "layouts" / "locales" / "es.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Lo que pide"' in text
    po.write_text(text.replace('msgstr "Lo que pide"', 'msgstr "Requisitos de cada paso"'), encoding="utf-8")
    code, out = run("build", "my-path", ROLE, "--layouts", "layouts", "--lang", "es", "-o", "es.pdf")
    assert code == 0, out
    spanish = _flat(Pdf.open(tmp_path / "es.pdf").text)
    assert "Requisitos de cada paso" in spanish
    assert re.search(r"Lo que pide(?! cada paso cambia)", spanish) is None  # only another sentence starts so


def test_a_second_layout_adds_only_what_the_catalog_lacks_and_keeps_the_authors_words(run, tmp_path):
    assert run("new", "layout", "my-path", "--from", "pathway")[0] == 0
    po = tmp_path / "layouts" / "locales" / "es.po"
    edited = po.read_text(encoding="utf-8").replace('msgstr "Fuentes"', 'msgstr "Nuestras fuentes"')
    po.write_text(edited, encoding="utf-8")
    code, out = run("new", "layout", "my-checklist", "--from", "checklist")
    assert code == 0, out
    after = po.read_text(encoding="utf-8")
    assert after.startswith(edited)  # the author's file is kept as it was, byte for byte
    entries = _entries(po)
    assert entries["Sources"].string == "Nuestras fuentes"  # shared by both layouts, given once
    assert "Who can help" in entries and after.count('msgid "Sources"') == 1


def test_new_layout_refuses_to_add_to_a_broken_catalog_and_writes_nothing(run, tmp_path):
    po = tmp_path / "layouts" / "locales" / "es.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Sources"\nmsgstr "Fuentes\n', encoding="utf-8")
    code, out = run("new", "layout", "my-path", "--from", "pathway")
    assert code != 0
    assert "layouts/locales/es.po:2: catalog:" in out and "Traceback" not in out
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["es.po"]


def test_extract_messages_adds_new_text_untranslated_and_check_reports_it_at_the_layout_line(run, tmp_path):
    assert run("new", "layout", "my-path", "--from", "pathway")[0] == 0
    layout = tmp_path / "layouts" / "my-path.xml.j2"
    source = layout.read_text(encoding="utf-8")
    added = (
        '<p>{{ _("Ask us about this path at the next family night.") }} '
        "{% trans count=role.advancement | length %}One more step to go.{% pluralize count %}"
        "{{ count }} more steps to go.{% endtrans %}</p>\n"
    )
    at = source.index("<pathway alt=")
    layout.write_text(source[:at] + added + source[at:], encoding="utf-8")
    line = source[:at].count("\n") + 1
    before = (tmp_path / "layouts" / "locales" / "es.po").read_text(encoding="utf-8")

    code, out = run("extract-messages", "layouts")
    assert code == 0, out
    assert "layouts/locales/es.po: 2 entries added, 2 to translate" in out
    po = tmp_path / "layouts" / "locales" / "es.po"
    assert po.read_text(encoding="utf-8").startswith(before)
    entries = _entries(po)
    assert entries["Ask us about this path at the next family night."].string == ""
    assert entries["One more step to go."].string == ("", "")  # one empty text per Spanish plural form

    code, out = run("check", "--layouts", "layouts", "--lang", "es")
    assert code == 0, out
    assert (
        f"layouts/my-path.xml.j2:{line}: translation: the layout text "
        "'Ask us about this path at the next family night.' has no es translation"
    ) in out
    assert f"layouts/my-path.xml.j2:{line}: translation: the layout text 'One more step to go.'" in out
    assert run("check", "--layouts", "layouts", "--lang", "es", "--strict")[0] != 0

    text = po.read_text(encoding="utf-8")
    text = text.replace(
        'msgid "Ask us about this path at the next family night."\nmsgstr ""',
        'msgid "Ask us about this path at the next family night."\n'
        'msgstr "Pregúntenos por este camino en la próxima noche para familias."',
    )
    text = text.replace('msgstr[0] ""\nmsgstr[1] ""', 'msgstr[0] "Falta un paso."\nmsgstr[1] "Faltan %(count)s pasos."')
    po.write_text(text, encoding="utf-8")
    code, out = run("build", "my-path", ROLE, "--layouts", "layouts", "--lang", "es", "-o", "es.pdf")
    assert code == 0, out
    spanish = _flat(Pdf.open(tmp_path / "es.pdf").text)
    assert "Pregúntenos por este camino en la próxima noche para familias." in spanish
    assert re.search(r"Falta(n \d+ pasos| un paso)\.", spanish)
    assert "to go" not in spanish and "family night" not in spanish
    assert run("extract-messages", "layouts")[1].startswith("nothing to add")


def test_extract_messages_starts_a_new_language_and_refuses_english(run, tmp_path):
    assert run("new", "layout", "my-path", "--from", "pathway")[0] == 0
    code, out = run("extract-messages", "layouts", "--lang", "vi")
    assert code == 0, out
    vi = _catalog(tmp_path / "layouts" / "locales" / "vi.po")
    used = {singular for _, singular, _ in layout_entries(ROOT / "layouts" / "pathway.xml.j2")}
    assert {m.id[0] if isinstance(m.id, tuple) else m.id for m in vi if m.id} == used
    assert all(not any(m.string) if isinstance(m.string, tuple) else not m.string for m in vi if m.id)
    assert vi.num_plurals == 1  # Vietnamese has one form
    code, out = run("check", "--layouts", "layouts", "--lang", "vi")
    assert code == 0 and "layouts/my-path.xml.j2:" in out and "has no vi translation" in out
    code, out = run("extract-messages", "layouts", "--lang", "en")
    assert code == 2 and "--lang: English is the language layouts are written in" in out
