"""Test-only markup elements that use the tagging hooks the way real builders do.

A figure (`Tagger.figure`) and checkbox form fields (`Tagger.form`).
Registered only for the tests that use them, through the `test_elements`
fixture.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus.flowables import Flowable

from handouts.markup.parse import Element
from handouts.markup.vocabulary import Attr, ElementSpec, text
from handouts.render.blocks.base import BuildContext
from handouts.render.blocks.inline import plain_paragraph
from handouts.tagging.tagger import StructNode


class Square(Flowable):
    """A filled square: stands in for an image."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 60, 60

    def draw(self) -> None:
        self.canv.setFillColor(Color(0.2, 0.4, 0.8))
        self.canv.rect(0, 0, 60, 60, stroke=0, fill=1)


class Checkbox(Flowable):
    """A fillable checkbox, drawn through ReportLab's AcroForm like a checklist item."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 12, 12

    def draw(self) -> None:
        self.canv.acroForm.checkbox(name=self.name, x=0, y=0, size=10, relative=True, borderWidth=1)


def build_figure(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    return [ctx.tagger.wrap(Square(), ctx.tagger.figure(parent, element.attrs["alt"]))]


def build_checkbox(element: Element, ctx: BuildContext, parent: StructNode) -> list[Flowable]:
    label = element.attrs["label"]
    item = ctx.tagger.node("Div", parent)
    box = ctx.tagger.wrap(Checkbox(f"item{element.line}"), ctx.tagger.form(item, label))
    return [box, plain_paragraph(label, "p", ctx, ctx.tagger.node("P", item))]


SPECS = {
    "testfigure": ElementSpec("block", "empty", {"alt": Attr(text, required=True)}, "test figure"),
    "testcheckbox": ElementSpec("block", "empty", {"label": Attr(text, required=True)}, "test checkbox"),
}
BUILDERS = {
    "testfigure": build_figure,
    "testcheckbox": build_checkbox,
}
