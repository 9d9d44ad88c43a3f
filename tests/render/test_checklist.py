"""The checklist handout, read back from the PDF: text, fillable checkboxes, name lines, one page."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pypdf
import pytest

from handouts.build import Inputs, build_handout
from handouts.inputs.roles import load_catalog
from tests.support.pdfcheck import A4, LETTER, Pdf, text_outside

ROLES = ["medical-assistant", "medical-administrative-assistant"]
LONG_NAME = "Maria José Gutiérrez-Fernández de la Cruz Santisteban y Villanueva-Oyarzábal"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module", params=ROLES)
def sheet(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = build_handout("checklist", [request.param], output=out)
    return request.param, result, Pdf.open(result.path)


def _words(text: str) -> str:
    return " ".join(text.split())


def _struct_elements(data: bytes) -> list[tuple[str, str, list[str]]]:
    """(role, parent's role, names of the widgets it owns) for every structure element, in tree order."""
    found: list[tuple[str, pikepdf.Dictionary]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:

        def walk(element):
            if isinstance(element, pikepdf.Array):
                for kid in element:
                    walk(kid)
            elif isinstance(element, pikepdf.Dictionary) and "/S" in element:
                found.append((str(element.S), element))
                if "/K" in element:
                    walk(element.K)

        walk(pdf.Root.StructTreeRoot.K)
        return [(role, str(element.P.get("/S", "")), _objr_names(element)) for role, element in found]


def _objr_names(element) -> list[str]:
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    objrs = [k.Obj for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
    return [str(obj.T) for obj in objrs if obj.get("/Subtype") == "/Widget"]  # (citation marks own link OBJRs)


def test_written_as_one_letter_page(sheet):
    role_id, result, pdf = sheet
    assert result.path.name == f"checklist-{role_id}.pdf"
    assert len(pdf.pages) == 1
    assert pdf.page_sizes[0] == pytest.approx(LETTER, abs=0.5)


def _short_forms(text: str, catalog) -> str:
    """The text with acronyms spelled out on first use put back to their short form, as the data writes them."""
    for role in catalog.roles.values():
        for cert in role.certifications.options if role.certifications else ():
            for full, short in ((cert.name, cert.abbreviation), (cert.issuer, cert.issuer_abbreviation)):
                if full and short:
                    text = text.replace(f"{full} ({short})", short)
    return text


def test_every_item_is_printed_with_its_detail_and_time(sheet, catalog):
    role_id, _, pdf = sheet
    text = _words(pdf.text)
    checklist = catalog.roles[role_id].checklist
    assert checklist.title in text
    short = _short_forms(text, catalog)
    for item in checklist.items:
        assert item.action in text, item.id
        assert _short_forms(_words(item.detail), catalog) in short, item.id
        if item.time:
            assert f"Time: {_words(item.time)}" in text, item.id


def test_one_fillable_checkbox_per_item_with_a_stable_name(sheet, catalog):
    role_id, _, pdf = sheet
    items = catalog.roles[role_id].checklist.items
    fields = pdf.reader.get_fields()
    assert list(fields) == [f"{role_id}--{item.id}" for item in items]
    for number, (item, field) in enumerate(zip(items, fields.values(), strict=True), start=1):
        assert field["/FT"] == "/Btn"
        assert field["/V"] == "/Off"
        assert field["/TU"] == f"{number}. {item.action}", "the tooltip names the item"
        assert not field.get("/Ff", 0) & (1 << 16 | 1 << 15), "a checkbox, not a push button or radio"


def test_each_checkbox_sits_on_a_printed_square(sheet):
    _, _, pdf = sheet
    page = pdf.reader.pages[0]
    widgets = [a.get_object() for a in page["/Annots"] if a.get_object()["/Subtype"] == "/Widget"]
    assert [w["/T"] for w in widgets] == list(pdf.reader.get_fields())
    for widget in widgets:
        assert widget["/P"].get_object() == page.get_object(), "the widget names the page it is on"
        assert widget["/F"] & 4, "the widget prints"
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        height = plumber.pages[0].height
        squares = [r for r in plumber.pages[0].rects if abs(r["width"] - 11) < 0.5 and abs(r["height"] - 11) < 0.5]
    assert len(squares) == len(widgets), "each box is drawn in the page content too, so it always prints"
    for widget, square in zip(widgets, sorted(squares, key=lambda r: r["top"]), strict=True):
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        assert square["x0"] <= x0 and x1 <= square["x1"]
        assert height - square["bottom"] <= y0 and y1 <= height - square["top"]


def test_name_date_and_adviser_lines_are_there(sheet):
    _, _, pdf = sheet
    words = pdf.words[0]
    labels = {w["text"]: w for w in words if w["text"] in ("Name", "Date", "Adviser")}
    assert set(labels) == {"Name", "Date", "Adviser"}
    assert len({round(w["bottom"]) for w in labels.values()}) == 1, "the three labels share one line"
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        rules = [e for e in plumber.pages[0].horizontal_edges if e["width"] > 40]
    for label in labels.values():
        beside = [r for r in rules if abs(r["top"] - label["bottom"]) < 6 and r["x0"] >= label["x1"] - 1]
        assert beside, f"no line to write on after {label['text']}"


def test_who_can_help_with_the_default_brand(sheet):
    _, _, pdf = sheet
    text = _words(pdf.text)
    assert "Who can help" in text
    assert "school counselor" in text and "Career Advising Office" in text


def test_checkboxes_are_form_elements_in_the_structure_tree(sheet):
    _, _, pdf = sheet
    elements = _struct_elements(pdf.data)
    forms = [(parent, names) for role, parent, names in elements if role == "/Form"]
    assert forms == [("/Lbl", [name]) for name in pdf.reader.get_fields()], "a Form per checkbox, owning its widget"
    assert [parent for role, parent, _ in elements if role == "/Lbl"].count("/LI") >= len(forms)


def test_fonts_embedded_and_text_inside_margins(sheet):
    _, _, pdf = sheet
    fonts = pdf.fonts()
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name or "ZapfDingbats" in name for name in fonts)
    assert b"/Helv" not in pdf.data and b"ZapfDingbats" not in pdf.data
    assert text_outside(pdf, left=43.2, right=43.2, top=18, bottom=18) == []
    assert pdf.check_structure() == []


@pytest.mark.parametrize("name", ["Jo Lee", LONG_NAME, LONG_NAME + " " + LONG_NAME])
def test_a_students_name_is_printed_on_the_line_and_never_overflows(tmp_path, name):
    result = build_handout(
        "checklist",
        ["medical-assistant"],
        output=tmp_path,
        options={"student": name, "adviser": "Ms. Okafor", "date": "March 3, 2026"},
    )
    pdf = Pdf.open(result.path)
    assert len(pdf.pages) == 1
    text = _words(pdf.text)
    assert name in text or all(part in text for part in name.split())
    assert "Ms. Okafor" in text and "March 3, 2026" in text
    words = pdf.words[0]
    name_label = next(w for w in words if w["text"] == "Name")
    date_label = next(w for w in words if w["text"] == "Date")
    first, last = name.split()[0], name.split()[-1]
    row = [c for c in pdf.chars[0] if name_label["top"] - 30 < c["top"] and c["bottom"] < name_label["bottom"] + 2]
    name_chars = [c for c in row if name_label["x1"] < c["x0"] < date_label["x0"]]
    assert first[0] in "".join(c["text"] for c in name_chars) and last[-1] in "".join(c["text"] for c in name_chars)
    assert all(c["x1"] < date_label["x0"] - 4 for c in name_chars), "the name stays on its own line"
    assert min(c["size"] for c in name_chars) >= 7.0
    assert text_outside(pdf, left=43.2, right=43.2, top=18, bottom=18) == []


def test_brand_contact_and_a4_paper(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.toml").write_text(
        'name = "Lakeside High School"\npaper = "a4"\n[contact]\noffice = "College and Career Center"\n'
        'address = "Room 114"\nphone = "(555) 010-0199"\nemail = "careers@lakeside.example.edu"\n'
    )
    for role in ROLES:
        result = build_handout("checklist", [role], Inputs(brand=kit), output=tmp_path)
        pdf = Pdf.open(result.path)
        assert len(pdf.pages) == 1
        assert pdf.page_sizes[0] == pytest.approx(A4, abs=0.5)
        text = _words(pdf.text)
        assert "College and Career Center, Room 114." in text
        assert "Phone: (555) 010-0199." in text and "Email: careers@lakeside.example.edu." in text
        assert text_outside(pdf, left=43.2, right=43.2, top=18, bottom=18) == []


def test_two_builds_are_byte_identical(tmp_path):
    first = build_handout("checklist", ["medical-assistant"], output=tmp_path / "a.pdf", options={"student": "A B"})
    second = build_handout("checklist", ["medical-assistant"], output=tmp_path / "b.pdf", options={"student": "A B"})
    assert first.path.read_bytes() == second.path.read_bytes()


def test_a_ticked_box_reads_back_as_ticked(tmp_path):
    """What a student's PDF reader does when the box is ticked, done with pypdf."""
    result = build_handout("checklist", ["medical-assistant"], output=tmp_path)
    writer = pypdf.PdfWriter(clone_from=result.path)
    writer.update_page_form_field_values(
        writer.pages[0], {"medical-assistant--get-certified": "/Yes"}, auto_regenerate=False
    )
    ticked = tmp_path / "ticked.pdf"
    writer.write(ticked)
    fields = pypdf.PdfReader(ticked).get_fields()
    assert fields["medical-assistant--get-certified"]["/V"] == "/Yes"
    assert fields["medical-assistant--finish-high-school"]["/V"] == "/Off"


def test_cli_builds_the_checklist(run, tmp_path):
    code, out = run("build", "checklist", "medical-assistant")
    assert code == 0, out
    assert "wrote output/checklist-medical-assistant.pdf (1 page)" in out
    assert (tmp_path / "output" / "checklist-medical-assistant.pdf").is_file()


def test_the_markup_stage_knows_the_sheet_elements_without_reportlab():
    """parse_markup alone (no builders imported) accepts checklists, blanks and pathways."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from handouts.markup.parse import parse_markup\n"
        'tree = parse_markup(\'<handout title="x"><checklist><item field="a" label="A">x</item></checklist>'
        "<blanks><blank label=\"Name\"/></blanks></handout>', 't', set())\n"
        "assert [c.tag for c in tree.elements()] == ['checklist', 'blanks']\n"
        "assert not any(m.startswith('reportlab') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
