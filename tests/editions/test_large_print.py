"""--large-print, read back: body text at 18 pt, nothing outside the margins or overlapping, fields kept."""

from __future__ import annotations

from handouts.build import Inputs, build_handout_bytes
from tests.support.pdfcheck import Pdf, overlapping_chars


def test_large_print_checklist_has_18_pt_body_text_and_keeps_its_fillable_boxes():
    warnings: list = []
    data = build_handout_bytes("checklist", ("medical-assistant",), Inputs(large_print=True), warnings=warnings)
    pdf = Pdf(data)
    sizes = [round(c["size"], 1) for page in pdf.chars for c in page]
    body = max(set(sizes), key=sizes.count)  # the most common size is the running text
    assert body >= 18.0
    assert [w for w in warnings if "below the" in str(w) or "outside" in str(w)] == []
    assert [problem for page in pdf.chars for problem in overlapping_chars(page)] == []
    assert len([n for n in pdf.reader.get_fields() if n.startswith("medical-assistant--")]) >= 9


def test_large_print_spanish_edition_builds():
    data = build_handout_bytes("checklist", ("medical-assistant",), Inputs(lang="es", large_print=True))
    assert "Quién le puede ayudar" in " ".join(Pdf(data).text.split())
