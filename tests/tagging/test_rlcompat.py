"""ReportLab's private attributes are touched in handouts.tagging.rlcompat only, and its accessors work.

The scan reads every module of handouts as Python (ast) and reports each use
of a name rlcompat lists as ReportLab's: an attribute (``obj._doc``), a
string naming one (``getattr(obj, "_charSpace")``), or a method of that name
in a class. The exceptions are the overrides rlcompat names (OVERRIDDEN),
and their ``super().name(...)`` calls. The accessors are then run against
the installed ReportLab, so the suite on the oldest supported release (CI's
second run) checks that the attributes are still there and mean the same.
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Table
from reportlab.platypus.paraparser import ParaParser

import handouts
from handouts.tagging import rlcompat

SOURCE = Path(handouts.__file__).resolve().parent
COMPAT = SOURCE / "tagging" / "rlcompat.py"


def private_uses(code: str) -> list[tuple[int, str]]:
    """(line, name) of every use of a ReportLab private name in ``code`` that rlcompat does not allow."""
    found: list[tuple[int, str]] = []

    class Scan(ast.NodeVisitor):
        def __init__(self) -> None:
            self.functions: list[str] = []

        def visit_ClassDef(self, node: ast.ClassDef) -> None:
            for item in node.body:
                defined = isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                if defined and item.name in rlcompat.PRIVATE and item.name not in rlcompat.OVERRIDDEN:
                    found.append((item.lineno, item.name))
            self.generic_visit(node)

        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            self.functions.append(node.name)
            self.generic_visit(node)
            self.functions.pop()

        def visit_Attribute(self, node: ast.Attribute) -> None:
            if node.attr in rlcompat.PRIVATE and not self._calls_parent(node):
                found.append((node.lineno, node.attr))
            self.generic_visit(node)

        def visit_Constant(self, node: ast.Constant) -> None:
            if isinstance(node.value, str) and node.value in rlcompat.PRIVATE:
                found.append((node.lineno, node.value))

        def _calls_parent(self, node: ast.Attribute) -> bool:
            """``super().name`` inside the override ``def name``: the one use an override needs."""
            value = node.value
            is_super = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "super"
            inside = bool(self.functions) and self.functions[-1] == node.attr
            return is_super and inside and node.attr in rlcompat.OVERRIDDEN

    Scan().visit(ast.parse(code))
    return found


def test_reportlab_private_names_are_used_only_in_the_compatibility_module():
    uses = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if path != COMPAT:
            found = private_uses(path.read_text(encoding="utf-8"))
            if found:
                uses[str(path.relative_to(SOURCE))] = found
    assert uses == {}, "use handouts.tagging.rlcompat's accessors (or add one there, with its versions)"


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("a, b = canvas._currentMatrix", [(1, "_currentMatrix")]),
        ("width = getattr(text, '_charSpace', 0)", [(1, "_charSpace")]),
        ("text.__dict__.pop('_do_line', None)", [(1, "_do_line")]),
        ("page.__NoDefault__ = []", [(1, "__NoDefault__")]),
        ("class T:\n    def _escape(self, text):\n        return text", [(2, "_escape")]),
        ("class T:\n    def _textOut(self, text, TStar=0):\n        super()._textOut(text, TStar)", []),
        ("class T:\n    def _hold(self, text):\n        super()._textOut(text)", [(3, "_textOut")]),
        ("class T:\n    def _textOut(self, text, TStar=0):\n        self._textOut(text)", [(3, "_textOut")]),
        ("self._tagger = tagger\nself._held = None", []),
        ("def _code(row):\n    return row", []),  # a module's own function is not a ReportLab name
    ],
)
def test_the_scan_finds_private_uses_and_allows_only_an_overrides_parent_call(code, found):
    assert private_uses(code) == found


def test_every_override_rlcompat_allows_is_in_its_list_of_private_names():
    assert rlcompat.OVERRIDDEN <= rlcompat.PRIVATE
    docstring = rlcompat.__doc__ or ""
    for name in rlcompat.OVERRIDDEN:
        assert f"{name}(" in docstring, name


@pytest.fixture
def canvas() -> Canvas:
    return Canvas(io.BytesIO(), pagesize=(200, 200), invariant=1)


def test_canvas_accessors_read_the_state_the_public_calls_set(canvas):
    canvas.translate(10, 20)
    canvas.scale(2, 3)
    canvas.setFont("Helvetica", 9)
    canvas.setFillColor(colors.red)
    canvas.rect(0, 0, 5, 5, stroke=0, fill=1)
    assert rlcompat.current_matrix(canvas) == (2, 0, 0, 3, 10, 20)
    assert rlcompat.canvas_font(canvas) == ("Helvetica", 9)
    assert rlcompat.fill_color(canvas) == colors.red
    assert any(" re" in op for op in rlcompat.page_code(canvas))
    assert rlcompat.pdf_document(canvas).pageCounter == 1


def test_a_held_page_is_put_back_as_it_was(canvas):
    canvas.drawString(10, 10, "first")
    state = rlcompat.page_state(canvas)
    rlcompat.start_page(canvas)
    assert not any("first" in op for op in rlcompat.page_code(canvas))
    rlcompat.restore_page_state(canvas, state)
    assert any("first" in op for op in rlcompat.page_code(canvas))
    rlcompat.set_document_page(canvas, 3)
    assert rlcompat.pdf_document(canvas).pageCounter == 3


def test_the_annotation_count_names_the_next_annotation(canvas):
    assert rlcompat.annotation_count(canvas) == 0
    canvas.linkURL("https://example.org/", (0, 0, 10, 10))
    assert rlcompat.annotation_count(canvas) == 1
    rlcompat.set_annotation_count(canvas, 5)
    canvas.linkURL("https://example.org/b", (0, 0, 10, 10))
    assert rlcompat.annotation_count(canvas) == 6


def test_the_page_code_can_be_taken_in_parts(canvas):
    canvas.drawString(10, 10, "first")
    part: list[str] = []
    rlcompat.set_page_code(canvas, part)
    canvas.drawString(10, 30, "second")
    assert rlcompat.page_code(canvas) is part
    assert any("second" in op for op in part) and not any("first" in op for op in part)


def test_text_object_accessors(canvas):
    text = canvas.beginText(0, 0)
    assert rlcompat.text_spacing(text) == (0, 0, 100)
    text.setFont("Helvetica", 12, 15)
    text.setCharSpace(1)
    text.setWordSpace(2)
    text.setHorizScale(90)  # writes "90 Tz"
    assert rlcompat.text_font(text) == ("Helvetica", 12)
    assert rlcompat.text_leading(text) == 15
    assert rlcompat.text_spacing(text) == (1, 2, 90)
    assert rlcompat.format_text(text, "ab").strip().endswith("Tj")
    code = [*rlcompat.text_code(text), "% mine"]
    rlcompat.set_text_code(text, code)
    text.textOut("cd")
    assert rlcompat.text_code(text) is code and code[-1].endswith("Tj")


def test_platypus_accessors():
    frame = Frame(0, 0, 100, 200)
    assert rlcompat.frame_size(frame) == (100, 200)
    table = Table([["a", "b"]], colWidths=[10, "*"])
    assert rlcompat.table_widths(table) == [10, "*"]
    assert not rlcompat.placed_in_frame(table)
    rlcompat.set_table_widths(table, [10.0, 30.0])
    assert table.wrap(100, 100)[0] == 40.0
    assert rlcompat.drawn_size(table)[0] == 40.0
    parser = ParaParser()
    parser.tt_parse(("para", None, ["x"], None), getSampleStyleSheet()["Normal"])
    rlcompat.release_parser(parser)
    assert "_tt_handlers" not in vars(parser)
