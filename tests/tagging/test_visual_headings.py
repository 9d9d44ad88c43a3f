"""Every visual heading is a heading, alt text keeps its capitals, page furniture is a typed artifact (issue 16 item 6).

Read back from the PDF: the structure tree (tests/support/structtree.py) for
roles and alt text, the content streams (pikepdf) for the marked-content
properties of the header band and footer.
"""

from __future__ import annotations

import io
import itertools

import pikepdf
import pytest

from handouts.build import Inputs, render_handout
from handouts.session import Session
from tests.conftest import ROOT
from tests.support.structtree import Structure

HEADINGS = {"H1", "H2", "H3", "H4", "H5", "H6"}
PAIR = ("medical-assistant", "medical-administrative-assistant")
LAKESIDE = Inputs(brand=ROOT / "examples" / "brands" / "lakeside-high")  # has a web address: "Find out more"


@pytest.fixture(scope="module")
def session() -> Session:
    return Session()


def _pdf(layout: str, roles: tuple[str, ...], session: Session) -> bytes:
    rendered, _ = render_handout(layout, roles, LAKESIDE, session=session)
    return rendered.pdf


@pytest.fixture(scope="module")
def comparison(session) -> Structure:
    return Structure(_pdf("comparison", PAIR, session))


def _role_of(structure: Structure, text: str) -> str:
    (role,) = {role for role, said in structure.outline() if said == text and role not in {"TD", "TH", "Div", "Sect"}}
    return role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Why sources give different numbers", "H3"),
        ("Find out more", "H3"),
        ("Pay", "H3"),
        ("Projected job growth", "H3"),
        ("Pay and job growth", "H2"),
    ],
)
def test_box_and_chart_titles_on_the_comparison_are_headings_under_their_section(comparison, session, text, role):
    if text not in {said for _, said in comparison.outline()}:
        # Lakeside's three-line footer leaves less room: fitting leaves the optional call-out out. The
        # default brand keeps it.
        assert text == "Why sources give different numbers"
        comparison = Structure(render_handout("comparison", PAIR, Inputs(), session=session)[0].pdf)
    assert _role_of(comparison, text) == role


def test_the_outline_never_skips_a_level(comparison, session):
    for structure in (comparison, Structure(_pdf("checklist", PAIR[:1], session))):
        levels = [int(role[1]) for role, _ in structure.outline(HEADINGS)]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_who_can_help_on_the_checklist_is_a_heading(session):
    structure = Structure(_pdf("checklist", PAIR[:1], session))
    assert _role_of(structure, "Who can help") == "H2"


def test_pathway_alt_text_keeps_the_printed_capitals(session):
    structure = Structure(_pdf("pathway", PAIR[:1], session))
    (figure,) = structure.root.find("Figure")
    assert "(PA program)" in figure.alt
    assert "pa program" not in figure.alt
    assert "Diagram of the medical assistant advancement path" in figure.alt
    (table,) = structure.root.find("Table")
    caption = " ".join(e.text for e in table.walk() if e.role == "Caption") or str(table.obj.get("/Alt", ""))
    assert "medical assistant path" in caption or "medical assistant path" in str(table.attrs)


def _artifacts(data: bytes) -> list[list[tuple[dict, list[str]]]]:
    """Per page: (properties, operators drawn inside) of each artifact sequence begun with BDC."""
    pages = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            found: list[tuple[dict, list[str]]] = []
            stack: list[list[str] | None] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "BDC" and str(operands[0]) == "/Artifact":
                    props = {str(k): str(v) for k, v in operands[1].items()}
                    ops: list[str] = []
                    found.append((props, ops))
                    stack.append(ops)
                elif op in ("BDC", "BMC"):
                    stack.append(None)
                elif op == "EMC":
                    stack.pop()
                elif stack and stack[-1] is not None:
                    stack[-1].append(op)
            pages.append(found)
    return pages


@pytest.mark.parametrize("layout", ["comparison", "checklist"])
def test_header_band_and_footer_are_pagination_artifacts(layout, session):
    data = _pdf(layout, PAIR if layout == "comparison" else PAIR[:1], session)
    for number, found in enumerate(_artifacts(data), start=1):
        kinds = [(p.get("/Type"), p.get("/Subtype")) for p, _ in found]
        assert kinds.count(("/Pagination", "/Header")) == 1, (number, kinds)
        assert kinds.count(("/Pagination", "/Footer")) == 1, (number, kinds)
        for props, ops in found:
            # Each holds what it names: the band's fill and the school's name, the footer's lines and page number.
            if props.get("/Subtype") == "/Header":
                assert "re" in ops and ("Tj" in ops or "TJ" in ops), ops
            elif props.get("/Subtype") == "/Footer":
                assert "Tj" in ops or "TJ" in ops, ops
