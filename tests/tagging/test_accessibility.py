"""Accessibility checks: the machine checker on every built-in handout, our own checks, and refusals."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfua import validate

from handouts.build import Inputs, render_handout
from handouts.inputs.fonts import load_fonts
from handouts.inputs.models import Brand, BrandColors
from handouts.inputs.roles import load_catalog
from handouts.inspection.accessibility import (
    TreeView,
    check_accessibility,
    check_contrast,
    check_marked_content,
    check_mcids,
    check_reading_order,
)
from handouts.inspection.audit import audit_pdf
from handouts.markup import vocabulary
from handouts.render.blocks import base
from handouts.render.document import render
from handouts.tagging.canvas import PAINTING, unmarked_operators
from handouts.tagging.tagger import Marked, Tagger
from handouts.templating.environment import layout_folders, list_layouts
from tests.conftest import PAIR, pdfs_in
from tests.support import a11y_blocks
from tests.support.layoutkit import write_layout
from tests.support.structtree import Structure

LAYOUTS = Path(__file__).parents[1] / "fixtures" / "a11y" / "layouts"


BRANDS = sorted(p.parent for p in (Path(__file__).parents[2] / "examples" / "brands").glob("*/brand.toml"))


def builtin_handouts() -> list[tuple[str, tuple[str, ...], Path | None]]:
    """Every built-in layout with as many built-in roles as it takes (two where it takes more),
    in the built-in brand and each example brand kit."""
    roles = list(load_catalog([]).roles)
    out = []
    for info in list_layouts(layout_folders([], None)).values():
        count = max(info.roles_min, min(info.roles_max, 2))
        out += [(info.name, tuple(roles[:count]), brand) for brand in [None, *BRANDS]]
    return out


HANDOUTS = builtin_handouts()


@pytest.fixture(
    scope="module", params=HANDOUTS, ids=[f"{name}-{brand.name if brand else 'default'}" for name, _, brand in HANDOUTS]
)
def builtin_pdf(request, tmp_path_factory):
    layout, roles, brand = request.param
    rendered, _ = render_handout(layout, roles, Inputs(brand=brand))
    path = tmp_path_factory.mktemp("pdf") / f"{layout}.pdf"
    path.write_bytes(rendered.pdf)
    return path


@pytest.fixture
def test_elements(monkeypatch):
    for name, spec in a11y_blocks.SPECS.items():
        monkeypatch.setitem(vocabulary.SPECS, name, spec)
    for name, func in a11y_blocks.BUILDERS.items():
        monkeypatch.setitem(base.BUILDERS, name, func)


# -- every built-in handout ---------------------------------------------------------------


def test_pdfua_checker_finds_nothing(builtin_pdf):
    report = validate(str(builtin_pdf))
    assert [r.rule_id for r in report.skipped] == []  # a rule that could not run has not passed
    assert [f"{f.rule_id}: {f.message}" for f in report.findings] == []
    assert len(report.outcomes) == 12


def test_our_audit_of_the_file_finds_nothing(builtin_pdf):
    audit = audit_pdf(builtin_pdf)
    assert [str(p) for p in audit.problems] == []
    assert audit.accessible and audit.tagged


# -- the audit of any PDF can fail ------------------------------------------------------------


def test_untagged_pdf_is_reported_not_accessible(tmp_path):
    rendered, _ = render_handout("comparison", PAIR, tagged=False)
    audit = audit_pdf(rendered.pdf, "plain.pdf")
    assert not audit.accessible
    assert any("the PDF is not tagged" in p.what for p in audit.problems)
    assert audit.summary == "plain.pdf: not accessible (1 problem)"


def _tamper(data: bytes, change) -> bytes:
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_audit_reports_what_was_broken(tmp_path, test_elements):
    rendered, _ = render_handout("figure", ["medical-assistant"], Inputs(layouts=[LAYOUTS]))

    def damage(pdf):
        del pdf.Root.Lang
        for page in pdf.pages:  # the page footer is the last artifact: untag it
            data = page.Contents.read_bytes()
            begin = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
            start, end = data.rindex(begin), data.rindex(b"EMC")
            page.Contents.write(data[:start] + data[start + len(begin) : end] + data[end + 3 :])
        nodes = [pdf.Root.StructTreeRoot.K]
        while nodes:
            node = nodes.pop()
            if node.get("/S") == "/Figure":
                del node.Alt
            kids = node.get("/K")
            nodes += [
                k for k in (kids if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, pikepdf.Dictionary)
            ]

    audit = audit_pdf(_tamper(rendered.pdf, damage), "damaged.pdf")
    whats = [p.what for p in audit.problems]
    assert "no document language (/Lang)" in whats
    assert "a figure has no alt text" in whats
    assert any("neither tagged content nor artifacts" in w for w in whats)
    assert not audit.accessible


def _first_element(pdf):
    return pdf.Root.StructTreeRoot.K.K[0]


def _annotations(pdf):
    return [annot for page in pdf.pages for annot in page.obj.get("/Annots", [])]


ODD_TREES = {
    "an MCR without /MCID": lambda pdf: setattr(
        _first_element(pdf), "K", pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pdf.pages[0].obj)])
    ),
    "a ParentTree entry that is a number": lambda pdf: pdf.Root.StructTreeRoot.ParentTree.Nums.__setitem__(1, 7),
    "StructParents that is not a number": lambda pdf: setattr(pdf.pages[0].obj, "StructParents", pikepdf.String("x")),
    "an annotation's StructParent that is a name": lambda pdf: [
        setattr(annot, "StructParent", pikepdf.Name.Q) for annot in _annotations(pdf)
    ],
}


@pytest.mark.parametrize("damage", sorted(ODD_TREES))
def test_inspect_reports_an_odd_structure_tree_as_a_problem_with_the_file(run, tmp_path, damage):
    rendered, _ = render_handout("comparison", PAIR)
    path = tmp_path / "odd.pdf"
    path.write_bytes(_tamper(rendered.pdf, ODD_TREES[damage]))
    audit = audit_pdf(path, "odd.pdf")
    assert not audit.accessible
    assert any("cannot be read, an entry is missing or of the wrong type" in p.what for p in audit.problems)
    code, out = run("inspect", str(path))
    assert code == 0, out  # (not accessible is a warning, as for any PDF; not "a bug in handouts")
    assert f"{path}: not accessible" in out and "Traceback" not in out


# -- refusals ------------------------------------------------------------------------------------


def test_image_without_alt_text_is_refused(run, tmp_path):
    folder = write_layout(tmp_path, '<h1>Our lab</h1>\n<image src="photo.png"/>', name="lab")
    code, out = run("build", "lab", "medical-assistant", "--layouts", str(folder), "-o", str(tmp_path / "out"))
    assert code == 3
    assert "lab.xml.j2: <image>: missing required attribute 'alt'; what the image shows, for screen readers" in out
    assert "Traceback" not in out
    assert pdfs_in(tmp_path) == []


def test_figure_without_alt_text_is_refused(run, test_elements, tmp_path):
    # The vocabulary requires alt=; an empty one gets past it and is caught by the accessibility check.
    code, out = run("build", "figure-no-alt", "medical-assistant", "--layouts", str(LAYOUTS), "-o", str(tmp_path))
    assert code == 3
    assert out.startswith("error: ")
    assert out.strip().endswith(
        "/figure-no-alt.xml.j2: Figure: a figure has no alt text, so a screen reader "
        'cannot say what it shows; give the element an alt="..." describing what it shows'
    )
    assert pdfs_in(tmp_path) == []


def test_form_field_without_tooltip_is_refused(test_elements):
    from handouts.errors import AccessibilityError

    with pytest.raises(AccessibilityError) as caught:
        render_handout("checkbox", ["medical-assistant"], Inputs(layouts=[LAYOUTS]), options={"second": ""})
    assert [p.what for p in caught.value.problems] == ["a form field (checkbox) has no tooltip naming it"]


def test_brand_with_unreadable_text_is_refused(run, tmp_path):
    kit = tmp_path / "pale-brand"
    kit.mkdir()
    (kit / "brand.toml").write_text('name = "Pale High"\n\n[colors]\ntext = "#aaaaaa"\n')
    code, out = run("build", "comparison", *PAIR, "--brand", str(kit), "-o", str(tmp_path / "out"))
    assert code == 3, out
    assert "contrast" in out and "#aaaaaa" in out and "4.5:1" in out
    assert "Traceback" not in out
    assert pdfs_in(tmp_path) == []


def test_contrast_check_reads_text_colours_against_the_fills_under_them():
    """The build-time check judges each paragraph on what it is printed on (derived colours too)."""
    catalog = load_catalog([])
    from handouts.build import markup_for

    tree = markup_for("comparison", PAIR).tree
    brand = dataclasses.replace(Brand(), colors=BrandColors(text="#6e6e6e", background="#d8dde3"))
    rendered = render(tree, brand, load_fonts(brand), catalog.sources, "comparison.xml.j2")
    problems = check_contrast(rendered, "comparison.xml.j2")
    whats = {p.what for p in problems}
    # body text on the shaded rows fails; on white paper it passes (#6e6e6e is 5.1:1 on white)
    assert any(w.startswith("text colour #6e6e6e on #d8dde3 has contrast 3.") for w in whats), whats
    assert not any("#6e6e6e on #ffffff" in w for w in whats)


def test_contrast_check_reads_paragraphs_whose_style_changes_and_list_labels():
    """A wrapped paragraph with bold or a citation keeps its colours in word fragments; they count too."""
    from handouts.markup.parse import parse_markup

    brand = dataclasses.replace(Brand(), colors=BrandColors(text="#aaaaaa"))
    for body in ("<p>Plain words, then <b>bold words</b> and more plain words.</p>", "<ul><li>One</li></ul>"):
        tree = parse_markup(f'<handout title="t">{body}</handout>', "t.xml", set())
        rendered = render(tree, brand, load_fonts(brand), {}, "t.xml")
        problems = check_contrast(rendered, "t.xml")
        assert any(p.what.startswith("text colour #aaaaaa on #ffffff") for p in problems), (body, problems)
    labels = [b for b in rendered.tagger.boxes if b.role == "Lbl"]
    assert labels and all(b.runs for b in labels)


def test_no_tags_says_the_pdf_is_not_accessible(run, tmp_path):
    code, out = run("build", "comparison", *PAIR, "--no-tags", "-o", str(tmp_path / "plain.pdf"))
    assert code == 0
    assert "not accessible" in out
    with pikepdf.open(tmp_path / "plain.pdf") as pdf:
        assert "/StructTreeRoot" not in pdf.Root


# -- the build-time checks catch what they are for ---------------------------------------------------


def test_unmarked_drawing_is_found_in_a_content_stream():
    code = "q /P <</MCID 0>> BDC BT (a \\) b) Tj ET EMC n 0 0 5 5 re f /Artifact BMC 0 0 m 9 9 l S EMC (x) Tj Q EMC"
    assert unmarked_operators(code) == {"f": 1, "Tj": 1, "EMC": 1}
    assert unmarked_operators("BI /W 1 /H 1 ID (Tj) EI Q") == {"BI": 1}


_PLAIN_TOKEN = re.compile(
    r"""\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|[\[\]]|/[^\s/\[\]()<>{}%]*"""
    r"""|[+-]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"][A-Za-z0-9*'"]*|%[^\r\n]*"""
)


def _unmarked_token_by_token(code: str) -> dict[str, int]:
    """The plain reading the fast scan must agree with: every token in turn, with a depth count."""
    found: dict[str, int] = {}
    depth = 0
    for token in _PLAIN_TOKEN.findall(re.sub(r"\sID\s.*?\sEI(?=\s)", " EI ", code, flags=re.S)):
        if token in ("BMC", "BDC"):
            depth += 1
        elif token == "EMC":
            if depth == 0:
                found["EMC"] = found.get("EMC", 0) + 1
            depth = max(depth - 1, 0)
        elif depth == 0 and token in PAINTING:
            found[token] = found.get(token, 0) + 1
    return found


_PIECES = [
    "BMC", "BDC", "EMC", "/Artifact", "/P", "<</MCID 3>>", "(a EMC b)", "(x \\) BDC)", "<0A1f>", "[", "]",
    "Tj", "TJ", "'", '"', "f", "f*", "S", "re", "cm", "q", "Q", "rg", "BT", "ET", "Do", "BI /W 1 ID xx EI",
    "0", "12.5", "-3", ".5", "+", "0BDC", "1EMC", "x1EMC", "/EMC", "EMCx", "% EMC comment\n", "\n", "*",
    "B", "B*", "b*", "F", "s", "sh", "shx", "Tjx", "f*x", "BMCC", "{", "}", ")", "<", "ID", "EI", "(a\\\\)", "(\\(EMC)",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "", "\n"])), max_size=40))
def test_the_fast_scan_reads_content_streams_as_token_by_token_does(pieces):
    code = "".join(piece + gap for piece, gap in pieces)
    assert unmarked_operators(code) == _unmarked_token_by_token(code)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="BDEMCTjfFSsbhoI*'\"()<>[]/%\\ \n0123456789.+-{}aq", max_size=80))
def test_the_fast_scan_agrees_on_any_characters(code):
    assert unmarked_operators(code) == _unmarked_token_by_token(code)


def test_the_scan_finds_drawing_between_sequences_of_a_real_page():
    rendered, _ = render_handout("comparison", PAIR)
    assert rendered.tagger.unmarked == {0: {}, 1: {}}
    page = "q 1 0 0 1 43.2 687.26 cm Q /P <</MCID 0>> BDC BT (EMC) Tj ET EMC 0 0 5 5 re f BT (x) Tj ET"
    assert unmarked_operators(page) == _unmarked_token_by_token(page) == {"f": 1, "Tj": 1}


def _rendered_with(tagger: Tagger):
    rendered, _ = render_handout("comparison", PAIR)
    return dataclasses.replace(rendered, tagger=tagger)


def test_reading_order_check_finds_content_out_of_markup_order():
    tagger = Tagger()
    first, second = tagger.node("P", text="First"), tagger.node("P", text="Second")
    tagger.pages[0] = [second, first]
    second.add(Marked(0, 0, seq=2))
    first.add(Marked(0, 1, seq=1))
    assert check_reading_order(_rendered_with(tagger), "x") == []
    tagger.root.children.reverse()
    (problem,) = check_reading_order(_rendered_with(tagger), "x")
    assert problem.what == 'P "First" is read after P "Second" but comes before it in the markup'


def test_mcid_check_finds_content_outside_the_tree():
    tagger = Tagger()
    para = tagger.node("P", text="Kept")
    lost = tagger.node("P", text="Lost")
    tagger.pages[0] = [para, lost]
    para.add(Marked(0, 0, 1))
    assert [p.what for p in check_mcids(_rendered_with(tagger), "x")] == [
        'MCID 1 (P "Lost") is not in the structure tree'
    ]


def test_marked_content_check_names_the_page():
    tagger = Tagger()
    tagger.unmarked = {0: {}, 1: {"Tj": 3}}
    (problem,) = check_marked_content(_rendered_with(tagger), "x")
    assert str(problem).startswith("x: page 2: drawing outside any tag or artifact (3 Tj operators)")


def test_every_check_passes_on_the_comparison_handout():
    rendered, _ = render_handout("comparison", PAIR)
    assert check_accessibility(rendered, "comparison") == []


def test_inspect_says_whether_a_pdf_is_accessible_and_why_not(run, tmp_path):
    tagged, plain = tmp_path / "tagged.pdf", tmp_path / "plain.pdf"
    assert run("build", "comparison", *PAIR, "-o", str(tagged))[0] == 0
    assert run("build", "comparison", *PAIR, "--no-tags", "-o", str(plain))[0] == 0
    code, out = run("inspect", str(tagged), str(plain))
    assert code == 0
    assert f"{tagged}: accessible (tagged PDF, checks passed)" in out
    assert f"warning: {plain}: document: the PDF is not tagged (no structure tree)" in out
    assert f"{plain}: not accessible (1 problem)" in out
    code, out = run("inspect", str(plain), "--strict")
    assert code == 3 and "the PDF is not tagged" in out


def test_the_checks_share_one_walk_that_agrees_with_the_tree():
    """The view the checks share sees every element in reading order, with the same kids and content."""
    rendered, _ = render_handout("comparison", PAIR)
    root = rendered.tagger.root
    view = TreeView(root)
    assert view.nodes == list(root.walk())
    assert all(view.kids[node] == node.kids() for node in view.nodes)
    assert all(view.content[node] == node.has_content() for node in view.nodes)
    table = next(n for n in view.nodes if n.role == "Table")
    assert view.below(table) == list(table.walk())


def test_inspection_does_not_repeat_the_checks_a_build_has_passed(monkeypatch):
    from handouts.inspection import accessibility, inspect_rendered

    rendered, _ = render_handout("comparison", PAIR)
    calls = []
    monkeypatch.setattr(accessibility, "check_accessibility", lambda *args: calls.append(args) or [])
    inspect_rendered(rendered, "comparison.pdf")
    assert calls == []
    inspect_rendered(dataclasses.replace(rendered, accessibility_passed=False), "comparison.pdf")
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("body", "role", "text"),
    [
        (
            "<table><tr><th>Step</th></tr><tr><td><ul><li>First</li></ul>then text</td></tr></table>",
            "TD",
            "• First then text",
        ),
        ('<ul><li><p size="small">First</p>then text</li></ul>', "LBody", "First then text"),
        ("<ul><li><h3>First</h3>then text</li></ul>", "LBody", "First then text"),
    ],
)
def test_text_after_a_block_in_the_same_cell_or_item_is_read_after_it(tmp_path, body, role, text):
    """The tree reads a cell's or item's own text after its nested block, and the reading-order check agrees."""
    folder = write_layout(tmp_path, body)  # (a build refuses a handout that fails the check)
    rendered, _ = render_handout("t", PAIR, Inputs(layouts=[folder]))
    (owner,) = [e for e in Structure(rendered.pdf).root.walk() if e.role == role]
    assert owner.text == text
    assert [type(kid).__name__ for kid in owner.kids] == ["Elem", "Text"]


def test_reading_order_check_reads_an_elements_own_text_where_it_sits_among_its_children():
    def tree(text_slot: int) -> Tagger:
        tagger = Tagger()
        cell = tagger.node("TD", text="then text")
        item = tagger.node("P", cell, text="First")
        tagger.pages[0] = [item, cell]
        item.add(Marked(0, 0, seq=1))
        cell.add(Marked(0, 1, seq=2), text_slot)  # slot 1: after the nested P; slot 0: before it
        return tagger

    assert check_reading_order(_rendered_with(tree(1)), "x") == []
    (problem,) = check_reading_order(_rendered_with(tree(0)), "x")
    assert problem.what == 'P "First" is read after TD "then text" but comes before it in the markup'
