"""Tables too narrow for large print are stacked: one block per career, read back from the PDF.

At 18 pt the comparison's "At a glance" table (a label column and one
column per career) left a few words a line; stacked, each career is a block
headed by its name, each label beside its value. The standard edition keeps
the side-by-side grid.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from handouts.build import Inputs, build_handout_bytes, render_handout
from tests.conftest import PAIR, ROOT
from tests.support.layoutkit import render_markup, write_layout
from tests.support.pdfcheck import Pdf
from tests.support.structtree import Elem, Structure

ROWS = {"Primary focus": "primary_focus", "Patient care": "patient_care", "Clinical duties": "clinical_scope"}


def _role(role_id: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "roles" / f"{role_id}.yaml").read_text(encoding="utf-8"))


@cache
def _large_print() -> tuple[bytes, tuple[str, ...]]:
    warnings: list = []
    data = build_handout_bytes("comparison", PAIR, Inputs(large_print=True), warnings=warnings)
    return data, tuple(str(w) for w in warnings)


def _cells(row: Elem) -> list[Elem]:
    return [e for e in row.kids if isinstance(e, Elem) and e.role in ("TH", "TD")]


def _stacked_tables(structure: Structure) -> list[Elem]:
    """Tables whose one header row is one cell spanning two columns: the stacked blocks."""
    found = []
    for table in structure.root.find("Table"):
        heads = table.find("THead")
        rows = heads[0].find("TR") if heads else []
        if len(rows) == 1 and len(_cells(rows[0])) == 1 and _cells(rows[0])[0].attrs.get("ColSpan") == 2:
            found.append(table)
    return found


def test_large_print_comparison_builds_with_no_inspection_warnings():
    _, warnings = _large_print()
    assert warnings == ()


def test_each_career_is_a_block_headed_by_its_name_with_its_own_values():
    data, _ = _large_print()
    blocks = _stacked_tables(Structure(data))
    assert len(blocks) == len(PAIR)
    for block, role_id in zip(blocks, PAIR, strict=True):
        role = _role(role_id)
        (heading,) = _cells(block.find("THead")[0].find("TR")[0])
        assert heading.role == "TH" and heading.attrs["Scope"] == "Column"
        assert heading.text == role["name"]
        rows = {}
        for row in block.find("TBody")[0].find("TR"):
            label, value = _cells(row)
            assert (label.role, label.attrs["Scope"], value.role) == ("TH", "Row", "TD")
            rows[label.text] = value.text
        for label, field in ROWS.items():
            assert rows[label] == role[field]  # this career's value, under its own name
        assert "Pay" in rows and "Job outlook" in rows


def test_each_label_is_printed_beside_its_value_on_the_same_line():
    data, _ = _large_print()
    pdf = Pdf(data)
    for role_id in PAIR:
        role = _role(role_id)
        for label, field in ROWS.items():
            pages = [words for words in pdf.words if _starts(words, role[field])]
            assert pages, (role_id, label)
            value_word = _starts(pages[0], role[field])[0]
            # The label nearest the value's line (the other career's block may be on the same page).
            label_word = min(_starts(pages[0], label), key=lambda w: abs(w["top"] - value_word["top"]))
            assert abs(label_word["top"] - value_word["top"]) < 1.0, (role_id, label)  # one line
            assert value_word["x0"] > label_word["x1"] + 6, (role_id, label)  # beside it, right of it


def _starts(words: list[dict], text: str) -> list[dict]:
    """The first word of each run of ``words`` that spells ``text``."""
    wanted = text.split()
    return [
        words[i]
        for i in range(len(words) - len(wanted) + 1)
        if [w["text"] for w in words[i : i + len(wanted)]] == wanted
    ]


def test_standard_comparison_keeps_one_column_per_career():
    data = build_handout_bytes("comparison", PAIR)
    structure = Structure(data)
    assert _stacked_tables(structure) == []
    glance = structure.root.find("Table")[0]
    head = _cells(glance.find("THead")[0].find("TR")[0])
    assert [cell.text for cell in head[1:]] == [_role(r)["name"] for r in PAIR]


NARROW = (
    '<table header-rows="1" caption="Six programs">'
    "<tr><th></th>{heads}</tr><tr><th>Length</th>{cells}</tr><tr><th>Cost</th>{cells}</tr></table>"
)


def test_a_table_with_narrow_columns_is_stacked_at_any_size(tmp_path: Path):
    heads = "".join(f"<th>Program {n}</th>" for n in range(1, 7))
    cells = "".join(f"<td>About {n} months of evening classes</td>" for n in range(1, 7))
    pdf = render_markup(tmp_path, NARROW.format(heads=heads, cells=cells))
    blocks = _stacked_tables(Structure(pdf.data))
    assert [_cells(b.find("THead")[0].find("TR")[0])[0].text for b in blocks] == [f"Program {n}" for n in range(1, 7)]
    for n, block in enumerate(blocks, start=1):
        rows = [[(c.role, c.text) for c in _cells(row)] for row in block.find("TBody")[0].find("TR")]
        value = ("TD", f"About {n} months of evening classes")
        assert rows == [[("TH", "Length"), value], [("TH", "Cost"), value]]


def test_a_table_with_spans_stays_a_grid(tmp_path: Path):
    heads = '<th colspan="2">Programs 1 and 2</th>' + "".join(f"<th>Program {n}</th>" for n in range(3, 7))
    cells = "".join(f"<td>About {n} months of evening classes</td>" for n in range(1, 7))
    pdf = render_markup(tmp_path, NARROW.format(heads=heads, cells=cells))
    structure = Structure(pdf.data)
    assert _stacked_tables(structure) == []
    assert len(structure.root.find("Table")) == 1


def test_a_column_given_a_fixed_narrow_width_does_not_stack_the_table(tmp_path: Path):
    body = (
        '<table widths="16pt,*" header-rows="1" caption="Steps"><tr><th>#</th><th>Step</th></tr>'
        "<tr><td>1</td><td>Visit a program</td></tr><tr><td>2</td><td>Apply</td></tr></table>"
    )
    folder = write_layout(tmp_path, body)
    rendered, _ = render_handout("t", PAIR, Inputs(layouts=[folder], large_print=True))
    structure = Structure(rendered.pdf)
    assert _stacked_tables(structure) == [] and len(structure.root.find("Table")) == 1
    rows = structure.root.find("Table")[0].find("TR")
    assert [[c.text for c in _cells(row)] for row in rows] == [["#", "Step"], ["1", "Visit a program"], ["2", "Apply"]]
