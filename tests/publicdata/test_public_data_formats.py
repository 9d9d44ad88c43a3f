"""The readers and writer under the importers: xlsx as Excel writes it, YAML text that reads back as written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from handouts.inputs import roles as data
from handouts.inputs import schema
from handouts.inputs.models import Role
from handouts.publicdata.errors import RefusedFile
from handouts.publicdata.xlsx import Workbook
from handouts.publicdata.yamltext import Document, quote

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _excel_style(tmp_path: Path, sheet_xml: str, strings: list[str]) -> Path:
    """A workbook laid out the way Excel saves one: shared strings, absolute part paths, rich text."""
    path = tmp_path / "book.xlsx"
    items = "".join(f"<si>{s}</si>" if s.startswith("<r>") else f"<si><t>{s}</t></si>" for s in strings)
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} {REL_NS}><sheets><sheet name="Data" sheetId="1" r:id="rId7"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/data.xml"/></Relationships>',
        )
        book.writestr("xl/sharedStrings.xml", f'<sst {NS} count="{len(strings)}">{items}</sst>')
        book.writestr("xl/worksheets/data.xml", f"<worksheet {NS}><sheetData>{sheet_xml}</sheetData></worksheet>")
    return path


def test_shared_strings_rich_text_numbers_and_gaps(tmp_path):
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" s="3" t="s"><v>2</v></c><c r="B2"><v>46120</v></c><c r="C2"><v>22.17</v></c>'
        '<c r="D2" t="b"><v>1</v></c><c r="E2" t="inlineStr"><is><t>#</t></is></c></row>'
        '<row r="4"><c t="s"><v>3</v></c></row>'
    )
    path = _excel_style(
        tmp_path, sheet, ["OCC_CODE", "H_MEAN", "31-9092", "<r><t>Medical </t></r><r><t>Assistants</t></r>"]
    )
    with Workbook(path, "book.xlsx") as book:
        assert book.sheet_names == ["Data"]
        rows = list(book.rows("Data"))
    assert rows == [
        ["OCC_CODE", None, "H_MEAN"],
        ["31-9092", 46120, 22.17, True, "#"],
        ["Medical Assistants"],
    ]


def test_a_doctype_is_refused(tmp_path):
    sheet_xml = '<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet/>'
    path = tmp_path / "evil.xlsx"
    good = _excel_style(tmp_path, "", ["x"])
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            target.writestr(name, sheet_xml if name.endswith("data.xml") else source.read(name))
    with Workbook(path, "evil.xlsx") as book, pytest.raises(RefusedFile) as refused:
        list(book.rows("Data"))
    assert "declares a document type" in str(refused.value)


@pytest.mark.parametrize(
    "text",
    [
        "NO",
        "012345",
        "12:30",
        "- dash first",
        "key: value",
        "# not a comment",
        'quote " and \\ back',
        "tab\tinside",
        "line\u2028separator",
        "O*NET® — “curly” café",
        "@at",
        "*star",
        "&amp",
        "!tag",
        "%percent",
        "[1]",
        "{x}",
        "yes",
    ],
)
def test_text_is_written_so_it_reads_back_exactly(text):
    doc = Document()
    doc.field("value", text)
    root = data.parse_yaml(doc.text(), "t.yaml")
    assert root.items[0][2].text == text and root.items[0][2].quoted
    assert quote(text).startswith('"')


def test_a_document_with_lists_and_comments_converts_to_a_role():
    doc = Document()
    doc.comment("a draft\nwith two comment lines")
    for key in ("id", "name", "short_name", "summary", "primary_focus", "patient_care", "clinical_scope"):
        doc.field(key, "x-y" if key == "id" else f"{key}: text")
    doc.key("duties")
    doc.comment("where it came from", 2)
    doc.entry([("title", "Do"), ("detail", "Do it.")], 2)
    doc.texts("skills", [])
    doc.key("education")
    doc.field("minimum", "High school", 2)
    doc.field("summary", "Most say so.", 2)
    doc.key("paths", 2, "[]")
    doc.key("certifications")
    doc.field("expectation", "None", 2)
    doc.field("detail", "None.", 2)
    doc.key("options", 2, "[]")
    doc.key("figures", empty="{}")
    for key in ("work_settings", "work_life", "advancement", "right_for_you_if", "faqs"):
        doc.key(key, empty="[]")
    doc.texts("sources", ["onet-30-1"])
    converter = schema.Converter("t.yaml")
    role = converter.convert(data.parse_yaml(doc.text(), "t.yaml"), Role, "")
    assert converter.problems == []
    assert role.duties[0].detail == "Do it." and role.summary == "summary: text" and role.figures == {}
