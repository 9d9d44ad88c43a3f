"""The Spanish edition, read back from the PDF: Spanish words, the same figures, /Lang and tags in order."""

from __future__ import annotations

import collections
import re

import pytest
from babel.messages.pofile import read_po
from pdfua import validate

from handouts.build import Inputs, build_handout_bytes
from handouts.inputs.roles import load_catalog
from handouts.inspection.audit import audit_pdf
from tests.conftest import PAIR, ROOT
from tests.support.pdfcheck import Pdf
from tests.support.structtree import Structure

BUILDS = {
    "comparison": PAIR,
    "checklist": ("medical-assistant",),
    "pathway": ("medical-administrative-assistant",),
}


@pytest.fixture(scope="module", params=list(BUILDS))
def editions(request):
    """(English PDF, Spanish PDF) of one built-in layout."""
    layout, roles = request.param, BUILDS[request.param]
    english = build_handout_bytes(layout, roles, Inputs())
    spanish = build_handout_bytes(layout, roles, Inputs(lang="es"))
    return layout, Pdf(english), Pdf(spanish), spanish


def _flat(text: str) -> str:
    return " ".join(text.split())


def _layout_strings() -> list[str]:
    """The English text of every catalog entry, cut into the fixed parts between its placeholders."""
    with open(ROOT / "layouts" / "locales" / "handouts.pot", "rb") as handle:
        catalog = read_po(handle)
    parts: list[str] = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            parts += [p.strip(" ,.;:()") for p in re.split(r"%\(\w+\)s|\{\w+\}", text or "")]
    return [p for p in parts if len(p) >= 12]  # shorter ones ("Pay") also occur inside other words and titles


def _without_source_titles(text: str) -> str:
    """The text less what stays as published: source titles, and credentials' and issuers' proper names."""
    catalog = load_catalog([])
    for source in catalog.sources.values():
        text = text.replace(source.title, "")
    for role in catalog.roles.values():
        for cert in role.certifications.options if role.certifications else ():
            text = text.replace(cert.name or cert.abbreviation, "").replace(cert.issuer or cert.abbreviation, "")
    return text


def test_no_english_layout_or_role_text_is_left_in_the_spanish_edition(editions):
    layout, english, spanish, _ = editions
    seen_in_english = _flat(english.text)
    text = _without_source_titles(_flat(spanish.text))
    left = [s for s in _layout_strings() if s in seen_in_english and s in text]
    assert left == []
    catalog = load_catalog([])
    prose = {
        _flat(str(t))
        for role_id in BUILDS[layout]
        for path in catalog.texts[role_id].prose
        if len(t := _value(catalog.roles[role_id], path)) >= 25
        and _flat(t) in seen_in_english
        and t not in catalog.texts[role_id].translations[path]["es"][0]  # a proper name stays (with a gloss)
    }
    assert prose, "the English edition prints role text this test should look for"
    assert [p for p in prose if p in text] == []


def _value(record, path: str):
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        record = record[int(part[1:-1])] if part.startswith("[") else getattr(record, part, None) or record[part]
    return record


def test_the_spanish_edition_is_in_spanish(editions):
    layout, _, spanish, _ = editions
    expected = {
        "comparison": ["De un vistazo", "¿Cuál es para usted?", "Asistente médico", "Página 1 de 2"],
        "checklist": ["Quién le puede ayudar", "Nombre", "Fecha", "Consejero", "Tiempo:"],
        "pathway": ["camino profesional", "Lo que pide", "Esta carrera"],
    }[layout]
    text = _flat(spanish.text)
    assert [w for w in expected if w not in text] == []
    if len(spanish.pages) == 1:
        assert "Página" not in text  # no "Página 1 de 1" on a one-page sheet
    # Dates in the sources list are written the Spanish way, and the edition says titles stay as published.
    assert "de enero de 2026" in text and "January" not in _without_source_titles(text)
    assert "Los títulos de las fuentes aparecen en el idioma en que se publicaron." in text


def _figures(text: str) -> list[str]:
    """Every sourced amount of money, percentage and count, as digits: what `fig` prints, a value then
    its period in brackets (chart axis ticks, which depend on the room for their labels, are not figures)."""
    found = re.findall(r"((?:\$[\d,]+(?:\.\d+)?[–-]?)+|\d+(?:\.\d+)?\s?%|\b\d{1,3}(?:,\d{3})+)[^()\d]{0,30}\(", text)
    return [re.sub(r"[^\d.]", " ", f).strip() for f in found]


def test_both_editions_print_the_same_figures(editions):
    layout, english, spanish, _ = editions
    if layout == "checklist":
        pytest.skip("the checklist prints no figures")
    english_text, spanish_text = _flat(english.text), _flat(spanish.text)
    figures = _figures(english_text)
    assert figures, "the handout prints figures"
    # Fitting may leave out a part the layout marks optional (Spanish runs longer), so the Spanish
    # edition prints no figure the English lacks, and the main table's figures exactly.
    assert not collections.Counter(_figures(spanish_text)) - collections.Counter(figures)
    if layout == "comparison":
        table = _figures(english_text.split("At a glance", 1)[1].split("Which one fits you?", 1)[0])
        tabla = _figures(spanish_text.split("De un vistazo", 1)[1].split("¿Cuál es para usted?", 1)[0])
        assert table and sorted(tabla) == sorted(table)
    else:
        assert sorted(_figures(spanish_text)) == sorted(figures)


def test_lang_and_tags_follow_the_edition(editions):
    layout, _, _, data = editions
    tree = Structure(data)
    assert str(tree.pdf.Root.Lang) == "es-US"
    assert "<rdf:li>es-US</rdf:li>" in str(tree.pdf.Root.Metadata.read_bytes().decode())
    headings = [text for role, text in tree.outline({"H1"})]
    assert len(headings) == 1 and headings[0]
    assert str(tree.pdf.docinfo.Title).startswith(headings[0].split(":")[0].split("?")[0].lstrip("¿")[:8])
    if layout == "pathway":
        figure = tree.root.find("Figure")[0]
        steps = len(load_catalog([]).roles["medical-administrative-assistant"].pathway.steps)
        assert f"{steps} pasos" in figure.alt  # the plural form, from the catalog's ngettext entry


def test_the_spanish_edition_passes_the_accessibility_checkers(editions, tmp_path):
    _, _, _, data = editions
    path = tmp_path / "es.pdf"
    path.write_bytes(data)
    report = validate(str(path))
    assert [f"{f.rule_id}: {f.message}" for f in report.findings] == []
    audit = audit_pdf(path)
    assert [str(p) for p in audit.problems] == []


def test_spanish_builds_are_byte_identical():
    first = build_handout_bytes("checklist", ("medical-assistant",), Inputs(lang="es"))
    assert build_handout_bytes("checklist", ("medical-assistant",), Inputs(lang="es")) == first


NOTE_ES = "Los títulos de las fuentes aparecen en el idioma en que se publicaron."


def test_the_note_on_source_titles_is_printed_once_under_the_sources_and_only_in_spanish(editions):
    """Issue 18 item 4: titles are citations, so they stay as published; the Spanish edition says so once."""
    _, english, spanish, _ = editions
    text = _flat(spanish.text)
    assert text.count(NOTE_ES) == 1
    last = max(n for n, page in enumerate(spanish.pages) if "Fuentes" in page)
    assert text.index(NOTE_ES) > text.rindex("Fuentes")  # under the list it explains, not before it
    assert NOTE_ES in _flat(spanish.pages[last])
    assert "language they were published in" not in _flat(english.text)
    assert "idioma en que se publicaron" not in _flat(english.text)
