"""The advancement-path sheet, read back from the PDF: every step in its box, the table, alt text, two pages at most."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pytest

from handouts.build import Inputs, build_handout
from handouts.inputs.roles import load_catalog
from tests.conftest import FIXTURES
from tests.support.pdfcheck import A4, LETTER, Pdf, text_outside

ROLES = ["medical-assistant", "medical-administrative-assistant"]


def _words(text: str) -> str:
    return " ".join(text.split())


def diagram_boxes(pdf: Pdf, page: int = 0) -> list[str]:
    """The text inside each filled, box-sized shape on the page: the diagram's steps as a reader sees them."""
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        p = plumber.pages[page]
        shapes = [c for c in p.curves if c.get("fill") and 40 < c["width"] < 200 and 12 < c["height"] < 60]
        return [_words(p.crop((c["x0"], c["top"], c["x1"], c["bottom"])).extract_text()) for c in shapes]


def figure_alts(pdf: Pdf) -> list[str]:
    alts: list[str] = []
    with pikepdf.open(io.BytesIO(pdf.data)) as doc:

        def walk(element):
            if isinstance(element, pikepdf.Array):
                for kid in element:
                    walk(kid)
            elif isinstance(element, pikepdf.Dictionary) and "/S" in element:
                if element.S == "/Figure":
                    alts.append(str(element.get("/Alt", "")))
                if "/K" in element:
                    walk(element.K)

        walk(doc.Root.StructTreeRoot.K)
    return alts


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module", params=[(r, paper) for r in ROLES for paper in ("letter", "a4")], ids=str)
def sheet(request, tmp_path_factory):
    role_id, paper = request.param
    out = tmp_path_factory.mktemp("out")
    inputs = None
    if paper == "a4":
        kit = out / "kit"
        kit.mkdir()
        (kit / "brand.toml").write_text('name = "Lakeside High School"\npaper = "a4"\n')
        inputs = Inputs(brand=kit)
    result = build_handout("pathway", [role_id], inputs, output=out)
    return role_id, paper, Pdf.open(result.path)


def test_within_its_two_pages_on_letter_and_a4(sheet):
    """The diagram's text at 9 pt makes the medical assistant's five-row path too tall to share its page with
    the table: the table starts the second page. The administrative assistant's sheet keeps to one."""
    role_id, paper, pdf = sheet
    assert len(pdf.pages) == (2 if role_id == "medical-assistant" else 1)
    assert pdf.page_sizes[0] == pytest.approx(LETTER if paper == "letter" else A4, abs=0.5)


def test_the_diagram_is_set_in_the_type_scale(sheet):
    """Issue 16 item 5: nothing under 9 pt. Box titles bold at body size (10 pt) or the small size (9 pt),
    move labels italic and the key at the small size; all of it in the sheet's five sizes."""
    _, _, pdf = sheet
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        chars = [c for c in plumber.pages[0].chars if c["text"].strip()]
        drawn = [c for c in chars if c.get("tag") == "Figure"]
        every = {round(c["size"], 1) for page in plumber.pages for c in page.chars if c["text"].strip()}
    assert drawn
    titles = {round(c["size"], 1) for c in drawn if "Bold" in c["fontname"]}
    labels = {round(c["size"], 1) for c in drawn if "Italic" in c["fontname"]}
    key = {round(c["size"], 1) for c in drawn if "Bold" not in c["fontname"] and "Italic" not in c["fontname"]}
    assert len(titles) == 1 and titles <= {9.0, 10.0}
    assert labels == {9.0} and key == {9.0}
    assert min(every) >= 9.0 and len(every) <= 5


def test_every_step_is_drawn_in_its_own_box(sheet, catalog):
    role_id, _, pdf = sheet
    titles = sorted(step.title for step in catalog.roles[role_id].pathway.steps)
    assert sorted(diagram_boxes(pdf)) == titles


def test_every_move_label_is_drawn(sheet, catalog):
    role_id, _, pdf = sheet
    text = _words(pdf.pages[0])
    for step in catalog.roles[role_id].pathway.steps:
        for move in step.leads_to:
            for word in move.requires.split():
                assert word in text, move.requires


def test_the_table_lists_each_step_with_what_it_takes_and_sourced_pay(sheet, catalog):
    role_id, _, pdf = sheet
    role = catalog.roles[role_id]
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        # The table follows the diagram, on its page or at the top of the next.
        page, step_header = next(
            (p, w) for p in plumber.pages for w in p.extract_words() if w["text"] == "Step" and w.get("upright", True)
        )
        table_text = _words(page.crop((0, step_header["top"], page.width, page.height)).extract_text())
    for step in role.pathway.steps:
        for word in step.title.split():
            assert word in table_text, step.title
    pay = {"medical-assistant": "$38,000–$45,000 a year (2026)", "medical-administrative-assistant": "$35,000–$42,000"}
    assert pay[role_id] in _words(pdf.text)
    # Most steps have no sourced pay: no column of "Not given in our sources"; the steps with pay say it in their row.
    assert "Not given in our sources" not in table_text
    assert "Pay" not in [w for w in table_text.split()[:6]]
    assert "Research.com." in table_text and "Florida Healthcare Academy." in table_text, "the sources list"


def test_alt_text_describes_the_path_in_words(sheet, catalog):
    role_id, _, pdf = sheet
    path = catalog.roles[role_id].pathway
    [alt] = figure_alts(pdf)
    assert alt.startswith(
        f"Diagram of the {catalog.roles[role_id].name.lower()} advancement path, {len(path.steps)} steps"
    )
    for step in path.steps:
        assert step.title in alt
        for move in step.leads_to:
            assert f"{path.step(move.to).title} ({move.requires})".lower() in alt.lower()
            # In a sentence, but acronyms keep their capitals: "(PA program)", never "(pa program)".
            for word in move.requires.split():
                if len(word) > 1 and word.isupper():
                    assert f"{word}" in alt.split(f"{path.step(move.to).title} (", 1)[1].split(")", 1)[0]


def test_fonts_embedded_text_inside_margins_and_sound(sheet):
    _, _, pdf = sheet
    fonts = pdf.fonts()
    assert fonts and all(fonts.values()) and not any("Helvetica" in f for f in fonts)
    assert text_outside(pdf, left=43.2, right=43.2, top=18, bottom=18) == []
    sizes = {round(c["size"], 1) for c in pdf.chars[0] if c["text"].strip()}
    assert min(sizes) >= 9.0
    assert pdf.check_structure() == []


def test_fifteen_steps_keep_the_whole_diagram_on_the_first_page(tmp_path):
    inputs = Inputs(data=[FIXTURES / "long-path"])
    role = load_catalog([FIXTURES / "long-path"]).roles["lab-technologist"]
    assert len(role.pathway.steps) == 15
    result = build_handout("pathway", ["lab-technologist"], inputs, output=tmp_path)
    pdf = Pdf.open(result.path)
    assert len(pdf.pages) <= 2
    assert sorted(diagram_boxes(pdf, 0)) == sorted(step.title for step in role.pathway.steps)
    assert text_outside(pdf, left=43.2, right=43.2, top=18, bottom=18) == []


def test_two_builds_are_byte_identical(tmp_path):
    first = build_handout("pathway", ["medical-assistant"], output=tmp_path / "a.pdf")
    second = build_handout("pathway", ["medical-assistant"], output=tmp_path / "b.pdf")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_cli_builds_the_pathway(run, tmp_path):
    code, out = run("build", "pathway", "medical-administrative-assistant")
    assert code == 0, out
    assert "wrote output/pathway-medical-administrative-assistant.pdf (1 page)" in out


def test_a_role_without_a_pathway_is_refused_by_name(run, tmp_path):
    code, out = run("build", "pathway", "clinic-receptionist", "--data", str(FIXTURES / "third-role"))
    assert code == 2
    assert "layout 'pathway' needs the role's pathway, and role 'clinic-receptionist' has none" in out
    assert "use a role that has one: medical-administrative-assistant, medical-assistant" in out
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").iterdir())


def test_a_link_in_a_job_box_is_printed_in_the_box_text_colour(tmp_path):
    """Job boxes are filled with the primary colour: a link there is not primary on primary."""
    from tests.render.test_elements_tables import _colours_of
    from tests.support.layoutkit import render_markup

    pdf = render_markup(
        tmp_path,
        '<pathway alt="Study, then work"><step id="a" kind="education">Study <a href="https://example.org">here</a>'
        '</step><step id="b">Work <a href="https://example.org/x">there</a></step><move from="a" to="b">exam</move>'
        "</pathway>",
    )
    assert _colours_of(pdf, "there") == _colours_of(pdf, "Work") == {(1.0, 1.0, 1.0)}
    assert _colours_of(pdf, "here") == {(0.122, 0.306, 0.475)}  # primary, on the pale education box


# -- how the diagram is drawn (issue 16 item 7), read back from the page --------------------------------


def _diagram_shapes(data: bytes):
    """Boxes (stroked and filled, box-sized), arrowheads (small filled triangles), label backgrounds and the key."""
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        page = plumber.pages[0]
        shapes = [c for c in page.curves if c.get("tag") == "Figure"]
        boxes = [c for c in shapes if c.get("fill") and c.get("stroke") and c["width"] > 40 and c["height"] > 12]
        swatches = [c for c in shapes if c.get("fill") and c.get("stroke") and c["width"] < 20 and c["height"] < 10]
        heads = [c for c in shapes if c.get("fill") and not c.get("stroke") and c["width"] < 7 and c["height"] < 7]
        rects = [r for r in page.rects if r.get("tag") == "Figure"]
        labels = [r for r in rects if r.get("fill") and not r.get("stroke")]
        frames = [r for r in rects if r.get("stroke") and not r.get("fill")]
        key_words = [w for w in page.extract_words() if w["text"] in {"Education", "Credential", "Job", "Optional"}]
    return boxes, swatches, heads, labels, frames, key_words


@pytest.fixture(scope="module", params=ROLES)
def drawn(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("drawn") / "pathway.pdf"
    build_handout("pathway", [request.param], output=out)
    return request.param, _diagram_shapes(out.read_bytes())


def test_arrows_enter_every_box_at_the_same_anchor_points(drawn):
    """One arrow into a box enters at the middle of its top edge; k arrows at the middles of k equal slots."""
    _, (boxes, _, heads, _, _, _) = drawn
    entered = 0
    for box in boxes:
        tips = sorted(h["x0"] + h["width"] / 2 for h in heads if abs(h["bottom"] - box["top"]) < 1.0)
        tips = [x for x in tips if box["x0"] <= x <= box["x1"]]
        k = len(tips)
        for i, x in enumerate(tips):
            assert x == pytest.approx(box["x0"] + box["width"] * (2 * i + 1) / (2 * k), abs=0.6), (i, k, box)
        entered += k
    assert entered >= len(boxes) - 1  # every box but the first has an arrow in


def test_move_labels_are_centred_on_their_arrows(drawn):
    _, (_, _, heads, labels, _, _) = drawn
    tips = [h["x0"] + h["width"] / 2 for h in heads]
    assert labels
    for label in labels:
        below = [x for x in tips if label["x0"] <= x <= label["x1"]]
        assert below, label
        middle = (label["x0"] + label["x1"]) / 2
        assert min(abs(x - middle) for x in below) < 0.6, (label, below)


def test_the_key_is_boxed(drawn):
    _, (_, swatches, _, _, frames, key_words) = drawn
    assert swatches and key_words
    around = [
        f
        for f in frames
        if all(
            f["x0"] < s["x0"] and s["x1"] < f["x1"] and f["top"] < s["top"] and s["bottom"] < f["bottom"]
            for s in [*swatches, *key_words]
        )
    ]
    assert len(around) == 1


def test_an_optional_step_is_drawn_dashed_and_the_key_says_so(drawn):
    role_id, (boxes, swatches, _, _, _, key_words) = drawn
    dashed = [b for b in boxes if b.get("dash") and b["dash"][0]]
    optional = any(step.optional for step in load_catalog().roles[role_id].pathway.steps)
    assert len(dashed) == (1 if optional else 0)
    assert any(s.get("dash") and s["dash"][0] for s in swatches) == optional
    assert ("Optional" in {w["text"] for w in key_words}) == optional
