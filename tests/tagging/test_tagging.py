"""The structure tree of built handouts, read back as a screen reader would walk it."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pytest

from handouts.build import Inputs, build_handout, render_handout
from handouts.markup import vocabulary
from handouts.render.blocks import base
from tests.conftest import FIXTURES, PAIR
from tests.render.test_comparison import ROW_LABELS
from tests.support import a11y_blocks
from tests.support.structtree import Elem, Objr, Structure, Text

LAYOUTS = FIXTURES / "a11y" / "layouts"
ROLE = ["medical-assistant"]


@pytest.fixture(scope="module")
def comparison():
    rendered, _ = render_handout("comparison", PAIR)
    return rendered.pdf, Structure(rendered.pdf)


@pytest.fixture
def test_elements(monkeypatch):
    """The test-only figure, checkbox and columns elements, registered for one test."""
    for name, spec in a11y_blocks.SPECS.items():
        monkeypatch.setitem(vocabulary.SPECS, name, spec)
    for name, func in a11y_blocks.BUILDERS.items():
        monkeypatch.setitem(base.BUILDERS, name, func)


def build(layout: str, tmp_path, **options):
    result = build_handout(layout, ROLE, Inputs(layouts=[LAYOUTS]), output=tmp_path, options=options)
    data = result.path.read_bytes()
    return data, Structure(data)


# -- the comparison handout ---------------------------------------------------------


def test_comparison_headings_and_paragraphs_in_reading_order(comparison):
    _, tree = comparison
    top = [(kid.role, kid.text[:45]) for kid in tree.root.kids if isinstance(kid, Elem)]
    assert top == [
        ("H1", "Medical Assistant or Medical Administrative A"),
        ("P", "These two careers can look alike from the wai"),
        ("P", "Medical Assistant (also called clinical medic"),
        ("P", "Medical Administrative Assistant (also called"),
        ("H2", "At a glance"),
        ("Table", "Medical Assistant Medical Administrative Assi"),
        ("H2", "Which one fits you?"),
        ("Table", "Medical Assistant could suit you if you Medic"),
        ("H2", "Pay and job growth"),
        ("Div", "Pay Medical Assistant $38,000–$45,000 (2026) "),
        ("Div", "Why sources give different numbers Career fig"),
        ("Sect", "Sources [1] Research.com. “2026 Medical Assis"),
        ("P", "Figures are as published by the sources above"),
    ]


def test_comparison_charts_are_figures_with_alt_text_read_column_by_column(comparison):
    _, tree = comparison
    (charts,) = [kid for kid in tree.root.kids if isinstance(kid, Elem) and kid.text.startswith("Pay Medical")]
    columns = [kid for kid in charts.kids if isinstance(kid, Elem)]
    assert [[(e.role, e.text[:20]) for e in column.kids] for column in columns] == [
        [("H3", "Pay"), ("Figure", "Medical Assistant $3")],
        [("H3", "Projected job growth"), ("Figure", "Medical Assistant 12")],
    ]
    alts = [figure.alt for figure in tree.root.find("Figure")]
    assert alts == [
        "Bar chart, Pay, in US dollars a year. Medical Assistant: from $38,000 to $45,000 a year (2026, source 1); "
        "Medical Administrative Assistant: from $35,000 to $42,000 a year (2026, source 1).",
        "Bar chart, Projected job growth, in percent. Medical Assistant: 12.5% (through 2034, source 2); "
        "Medical Administrative Assistant: 4.2% (through 2034, source 2).",
    ]
    for figure in tree.root.find("Figure"):
        x0, y0, x1, y1 = figure.attrs["BBox"]
        assert 43 <= x0 < x1 <= 569 and y0 < y1


def test_comparison_table_rows_have_header_cells_then_data_cells(comparison):
    _, tree = comparison
    table = tree.root.find("Table")[0]
    assert table.attrs["Summary"].startswith("Comparison of Medical Assistant and Medical Administrative Assistant")
    assert table.alt is None  # /Alt would hide the table's content from a screen reader
    head, body = (kid for kid in table.kids if isinstance(kid, Elem))
    assert (head.role, body.role) == ("THead", "TBody")
    header_row = head.kids[0]
    assert [(c.role, c.attrs.get("Scope"), c.text) for c in header_row.kids] == [
        ("TH", "Column", ""),  # the empty corner cell keeps its column
        ("TH", "Column", "Medical Assistant"),
        ("TH", "Column", "Medical Administrative Assistant"),
    ]
    rows = [[(c.role, c.attrs.get("Scope")) for c in row.kids] for row in body.kids]
    assert rows == [[("TH", "Row"), ("TD", None), ("TD", None)]] * len(ROW_LABELS)
    assert [row.kids[0].text for row in body.kids] == [
        label.replace(" and program", " and program") for label in ROW_LABELS
    ]
    outlook = body.kids[ROW_LABELS.index("Job outlook")]
    assert [c.text for c in outlook.kids[1:]] == [
        "12.5% (through 2034) [2] projected job growth",
        "4.2% (through 2034) [2] projected job growth",
    ]


def test_comparison_lists_are_label_and_body(comparison):
    _, tree = comparison
    duties = tree.root.find("Table")[0].find("TBody")[0].kids[ROW_LABELS.index("Typical duties")].kids[1]
    (lst,) = duties.find("L")
    assert [(li.kids[0].role, li.kids[0].text, li.kids[1].role, li.kids[1].text) for li in lst.kids] == [
        ("Lbl", "•", "LBody", "Take vital signs"),
        ("Lbl", "•", "LBody", "Get patients ready for exams"),
        ("Lbl", "•", "LBody", "Help during exams and treatments"),
        ("Lbl", "•", "LBody", "Run basic tests"),
    ]
    education = tree.root.find("TBody")[0].kids[ROW_LABELS.index("Education and program length")].kids[1]
    # The cell's own text comes before its nested list, as in the markup.
    assert education.text.startswith("High school diploma, then: • Certificate or diploma: 9-12 months")
    assert isinstance(education.kids[0], Text) and education.kids[1].role == "L"


def test_comparison_sources_list_and_citation_links(comparison):
    _pdf, tree = comparison
    (sources,) = tree.root.find("Sect")
    assert [e.role for e in sources.kids] == ["H2", "L"]
    items = sources.kids[1].kids
    assert [(li.kids[0].text, li.kids[1].text[:40]) for li in items] == [
        ("[1]", "Research.com. “2026 Medical Assistant vs"),
        ("[2]", "Florida Healthcare Academy. “Medical Ass"),
    ]
    links = tree.root.find("Link")
    assert len(links) >= 10
    # Each citation mark is a Link holding its text and its annotation, and says which source it points to.
    cell = tree.root.find("TBody")[0].kids[ROW_LABELS.index("Job outlook")].kids[1]
    text_before, link, text_after = cell.kids
    texts = tuple(" ".join(part.text.split(" ")).replace("  ", " ") for part in (text_before, link, text_after))
    assert texts == ("12.5% (through 2034) ", "[2]", " projected job growth")
    (objr,) = [k for k in link.kids if isinstance(k, Objr)]
    annot = objr.obj
    assert str(annot.Subtype) == "/Link"
    assert str(annot.Contents).startswith("Source 2: Florida Healthcare Academy. “Medical Assistant vs Medical Office")
    dest_page = tree.page_numbers[annot.Dest[0].objgen]
    source_page = items[1].kids[0].kids[0].page
    assert dest_page == source_page == 1  # the sources list is on page 2


def test_header_and_footer_are_artifacts(comparison):
    pdf, tree = comparison
    artifacts = "".join(tree.artifact_text)
    for text in ("Career Advising Office", "Career comparison", "Page 1 of 2", "Page 2 of 2"):
        assert text in artifacts
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        for page in plumber.pages:
            band = [c for c in page.chars if c["top"] < 80 or c["top"] > page.height - 54]
            assert band and all(c.get("mcid") is None and c.get("tag") == "Artifact" for c in band)
            # and nothing else is drawn untagged: every character is content or artifact
            assert all(c.get("mcid") is not None or c.get("tag") == "Artifact" for c in page.chars)


def test_every_mcid_resolves_through_the_parent_tree(comparison):
    _pdf, tree = comparison
    doc = tree.pdf
    nums = doc.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    owners = {}
    for elem in tree.root.walk():
        for kid in elem.kids:
            if isinstance(kid, Text):
                assert (kid.page, kid.mcid) not in owners
                owners[(kid.page, kid.mcid)] = elem
    in_content = set()
    for number, page in enumerate(doc.pages):
        assert page.obj.Tabs == "/S"
        array = parents[int(page.obj.StructParents)]
        for instruction in pikepdf.parse_content_stream(page, "BDC"):
            props = instruction.operands[1]
            if "/MCID" in props:
                mcid = int(props.MCID)
                in_content.add((number, mcid))
                assert array[mcid].objgen == owners[(number, mcid)].obj.objgen
        assert len(array) == len([key for key in in_content if key[0] == number])
    assert in_content == set(owners)
    for page in doc.pages:
        for annot in page.obj.get("/Annots", []):
            owner = parents[int(annot.StructParent)]
            assert str(owner.S) == "/Link"
            assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Obj") == annot for k in _kids(owner))


def _kids(obj):
    k = obj.K
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def test_language_title_and_pdfua_identifier(comparison):
    _, tree = comparison
    doc = tree.pdf
    assert str(doc.Root.Lang) == "en-US"
    assert doc.Root.MarkInfo.Marked is True
    assert doc.Root.ViewerPreferences.DisplayDocTitle is True
    title = "Medical Assistant and Medical Administrative Assistant: a side-by-side comparison"
    assert str(doc.docinfo.Title) == title
    with doc.open_metadata() as meta:
        assert meta["dc:title"] == title
        assert meta["pdfuaid:part"] == "1"


def test_no_empty_structure_elements(comparison):
    _, tree = comparison
    empty = [e.role for e in tree.root.walk() if not e.kids and e.role not in ("TH", "TD")]
    assert empty == []


def test_tags_change_nothing_on_the_page():
    tagged, _ = render_handout("comparison", PAIR)
    untagged, _ = render_handout("comparison", PAIR, tagged=False)
    with pdfplumber.open(io.BytesIO(tagged.pdf)) as a, pdfplumber.open(io.BytesIO(untagged.pdf)) as b:
        assert len(a.pages) == len(b.pages)
        for pa, pb in zip(a.pages, b.pages, strict=True):
            # (tagging adds an invisible space where a line breaks between words; see the next test)
            chars_a = sorted((c["top"], c["x0"], c["text"], c["fontname"]) for c in pa.chars if c["text"] != " ")
            chars_b = sorted((c["top"], c["x0"], c["text"], c["fontname"]) for c in pb.chars if c["text"] != " ")
            assert [c[2:] for c in chars_a] == [c[2:] for c in chars_b]
            # Positions agree to a thousandth of a point (the float arithmetic of the two streams differs in
            # the last digits, so rounding both to 0.01 could split a value like 94.575 either way).
            assert all(
                abs(a[0] - b[0]) < 1e-3 and abs(a[1] - b[1]) < 1e-3 for a, b in zip(chars_a, chars_b, strict=True)
            )


def test_words_broken_over_lines_keep_their_space_in_the_tagged_text(comparison):
    """A reader taking text from the characters (not their positions) must not get "sheetsets"."""
    pdf, _ = comparison
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        first = plumber.pages[0]
        lead = "".join(c["text"] for c in first.chars if c.get("mcid") == 1)
        second = "".join(c["text"] for c in first.chars if c.get("mcid") == 2)
    assert "This sheet sets them side by side" in lead
    assert lead.endswith("how old it is.")  # no space after the last line
    assert "with doctors and nurses and split" in second


# -- links, figures, form fields --------------------------------------------------------


def test_link_text_is_inside_its_link_element_across_a_line_break(tmp_path):
    _data, tree = build("links", tmp_path)
    links = tree.root.find("Link")
    assert [link.text for link in links] == [
        "programme page for the medical assistant certificate at the college",
        "advising@example.org",
        "555 0100",
    ]
    first = links[0]
    objrs = [k for k in first.kids if isinstance(k, Objr)]
    assert len(objrs) == 2  # the link wraps onto a second line: one annotation per line, one Link element
    for objr in objrs:
        assert str(objr.obj.A.URI) == "https://example.org/programs/medical-assistant"
        assert str(objr.obj.Contents) == first.text
        assert int(objr.obj.StructParent) >= 1
    para = tree.root.find("P")[0]
    assert para.text.startswith(
        "Before you apply for a place, and before you pay any fees at all, read the programme page for the"
    )
    assert [type(k).__name__ for k in para.kids] == ["Text", "Elem", "Text"]


def test_figure_has_alt_and_bounding_box(tmp_path, test_elements):
    _, tree = build("figure", tmp_path)
    (figure,) = tree.root.find("Figure")
    assert figure.alt == "A blue square"
    x0, y0, x1, y1 = figure.attrs["BBox"]
    assert (round(x1 - x0), round(y1 - y0)) == (60, 60)
    assert [e.role for e in tree.root.kids] == ["H1", "Figure", "P"]


def test_form_fields_are_form_elements_with_tooltips(tmp_path, test_elements):
    _, tree = build("checkbox", tmp_path)
    forms = tree.root.find("Form")
    labels = ["Get a copy of your high school diploma", "Ask two people for a reference", "Book a campus visit"]
    assert len(forms) == 3  # each drawn by a flowable wrapped for its Tagger.form node
    for form, label in zip(forms, labels, strict=True):
        (objr,) = [k for k in form.kids if isinstance(k, Objr)]
        widget = objr.obj
        assert str(widget.Subtype) == "/Widget"
        assert str(widget.TU) == label
        assert widget.P.objgen == tree.pdf.pages[0].obj.objgen
        parents = list(tree.pdf.Root.StructTreeRoot.ParentTree.Nums)
        assert dict(zip(parents[::2], parents[1::2], strict=True))[int(widget.StructParent)].objgen == form.obj.objgen
    assert [[e.role for e in div.kids] for div in tree.root.find("Div")] == [["Form", "P"]] * 3


def test_a_form_element_holds_only_its_widget_and_the_printed_box_is_an_artifact(tmp_path, test_elements):
    """PDF: a Form without a Role has one kid, the widget's OBJR. The checklist and any builder wrapping a
    flowable for Tagger.form get that the same way (an empty marked-content sequence was a second kid)."""
    _, fixture = build("checkbox", tmp_path)
    checklist, _ = render_handout("checklist", ROLE)
    for tree in (fixture, Structure(checklist.pdf)):
        forms = tree.root.find("Form")
        assert forms and all([type(kid) for kid in form.kids] == [Objr] for form in forms)
    with pdfplumber.open(io.BytesIO(checklist.pdf)) as plumber:
        squares = [r for r in plumber.pages[0].rects if abs(r["width"] - 11) < 0.5 and abs(r["height"] - 11) < 0.5]
    assert squares and all(square.get("tag") == "Artifact" for square in squares)


# -- reading order across pages and columns ------------------------------------------------


def test_table_over_two_pages_reads_in_markup_order_with_one_header_row(tmp_path):
    data, tree = build("long-table", tmp_path)
    assert len(tree.pdf.pages) == 2
    (table,) = tree.root.find("Table")
    headers = [e.text for e in table.find("TH") if e.attrs.get("Scope") == "Column"]
    assert headers == ["Step", "What you do", "How long"]  # once, though printed on both pages
    rows = table.find("TBody")[0].kids
    assert [row.text for row in rows] == [f"Step {i} Task {i} in the list {i} days" for i in range(1, 61)]
    assert {row.kids[0].kids[0].page for row in rows} == {0, 1}
    # the header row printed again on page 2 is an artifact
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        repeated = [c for c in plumber.pages[1].chars if c["text"] == "H" and c["fontname"].endswith("Bold")]
        assert repeated and all(c.get("tag") == "Artifact" for c in repeated)
    assert tree.root.text.endswith("Step 60 Task 60 in the list 60 days After the table.")


def test_two_columns_read_column_by_column_across_pages(tmp_path):
    _data, tree = build("columns", tmp_path)
    assert len(tree.pdf.pages) == 2
    (section,) = [e for e in tree.root.kids if e.role == "Div"]
    left, right = section.kids
    left_items = [e.text for e in left.find("LBody")]
    assert left_items == [f"Left item {i}" for i in range(1, 41)]
    assert [e.text for e in right.find("LBody")] == [f"Right item {i}" for i in range(1, 41)]
    # both columns run onto page 2, yet the tree reads all of the left one first
    assert {t.page for t in _texts(left)} == {0, 1} and {t.page for t in _texts(right)} == {0, 1}
    text = tree.root.text
    assert text.index("Left item 40") < text.index("Right column") < text.index("Right item 1 ")
    assert text.endswith("Right item 40 After the columns.")


def _texts(elem: Elem) -> list[Text]:
    return [k for e in elem.walk() for k in e.kids if isinstance(k, Text)]


# -- the checklist and the advancement-path sheet -------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    from handouts.inputs.roles import load_catalog

    return load_catalog([])


def test_checklist_items_are_a_numbered_list_with_a_form_field_each(catalog):
    rendered, _ = render_handout("checklist", ROLE)
    tree = Structure(rendered.pdf)
    items = catalog.roles[ROLE[0]].checklist.items
    top = [kid.role for kid in tree.root.kids if isinstance(kid, Elem)]
    assert top[:1] == ["H1"] and top[-2:] == ["Div", "Sect"] and "L" in top
    (checklist,) = [kid for kid in tree.root.kids if isinstance(kid, Elem) and kid.role == "L"]
    assert checklist.attrs == {"O": "List", "ListNumbering": "Decimal"}
    assert len(checklist.kids) == len(items)
    for number, (li, item) in enumerate(zip(checklist.kids, items, strict=True), start=1):
        label, body = li.kids
        assert (label.role, body.role) == ("Lbl", "LBody")
        assert label.text == f"{number}."
        (form,) = label.find("Form")
        (objr,) = [k for k in form.kids if isinstance(k, Objr)]
        assert str(objr.obj.TU) == f"{number}. {item.action}"  # the tooltip names the item
        assert body.kids[0].role == "P" and body.kids[0].text == item.action
        # The first use of each credential's letters is written out: "the Certified Medical Assistant (CMA)".
        text = body.text
        for cert in catalog.roles[ROLE[0]].certifications.options:
            text = text.replace(f"{cert.name} ({cert.abbreviation})", cert.abbreviation)
            if cert.issuer and cert.issuer_abbreviation:
                text = text.replace(f"{cert.issuer} ({cert.issuer_abbreviation})", cert.issuer_abbreviation)
        assert text.startswith(f"{item.action} {item.detail}")


def test_pathway_is_a_described_diagram_then_a_table_of_steps(catalog):
    rendered, _ = render_handout("pathway", ROLE)
    tree = Structure(rendered.pdf)
    steps = catalog.roles[ROLE[0]].pathway.steps
    roles = [kid.role for kid in tree.root.kids if isinstance(kid, Elem)]
    # The closing note is optional="true" in the layout: fitting leaves it out to keep one page.
    assert roles in (["H1", "P", "Figure", "Table", "Sect", "P"], ["H1", "P", "Figure", "Table", "Sect"])
    (figure,) = tree.root.find("Figure")
    assert figure.alt.startswith(f"Diagram of the medical assistant advancement path, {len(steps)} steps")
    assert all(step.title in figure.alt for step in steps)  # the alt text names every step
    assert "BBox" in figure.attrs
    (table,) = tree.root.find("Table")
    # A pay column only when most steps give pay; else a step's pay is in its row.
    pay_column = 2 * sum(1 for step in steps if step.pay) > len(steps)
    assert [c.text for c in table.find("THead")[0].find("TH")] == ["Step", "What it takes"] + ["Pay"] * pay_column
    rows = table.find("TBody")[0].kids
    assert [(row.kids[0].role, row.kids[0].attrs.get("Scope")) for row in rows] == [("TH", "Row")] * len(rows)
    assert [row.kids[0].text for row in rows] == [step.title for step in steps]
