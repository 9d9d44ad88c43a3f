"""A list laid out as label and body per item, without a platypus Table.

Lists used to be two-column Tables. A Table sizes every cell two or three
times and processes its style for every cell, which made lists about a
fifth of a handout's build time. `ItemList` does only what a list needs,
with the same geometry as that Table (label column, body column, cells
top-aligned, flowables in a body spaced as a Table cell spaces them) and
the same splitting: between items, or inside an item's body when at least
`SPLIT_IN_ITEM` points are left, as the Table's ``splitInRow=24`` did.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable

from handouts.inputs.fonts import check_runs

SPLIT_IN_ITEM = 24.0
_BIG = 72000.0


def _stack_height(flowables: list[Flowable], width: float, canv: Any) -> float:
    """Height of flowables stacked as a Table cell stacks them (no space before the first or after the last)."""
    if not flowables:
        return 0.0
    total = 0.0
    for f in flowables:
        _, h = f.wrapOn(canv, width, _BIG)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total - flowables[0].getSpaceBefore() - flowables[-1].getSpaceAfter()


class ItemList(Flowable):
    """Items of (label flowable, body flowables): label in a fixed column, body beside it."""

    width: float  # set by wrap
    height: float

    def __init__(
        self,
        items: list[tuple[Flowable, list[Flowable]]],
        label_width: float,
        indent: float = 0.0,
        gap: float = 2.0,
        ident: str = "",
    ) -> None:
        super().__init__()
        self.items = items
        self.label_width = label_width
        self.indent = indent
        self.gap = gap
        self._ident = ident
        self._heights: list[float] = []

    def identity(self, maxLen: int | None = None) -> str:
        return self._ident or "list"

    def _body_width(self, width: float) -> float:
        return width - self.indent - self.label_width - self.gap

    def _item_height(self, label: Flowable, body: list[Flowable], width: float) -> float:
        canv = getattr(self, "canv", None)
        label_h = _stack_height([label], self.label_width, canv)
        return max(label_h, _stack_height(body, self._body_width(width), canv))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # A table asks again at the same width to size, then place and draw its cells; the
        # heights depend on the width alone (items are measured with unlimited height).
        if self._heights and availWidth == self.width:
            return self.width, self.height
        self.width = availWidth
        self._heights = [self._item_height(label, body, availWidth) for label, body in self.items]
        self.height = sum(self._heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if not self._heights or self.width != availWidth:
            self.wrap(availWidth, availHeight)
        used, index = 0.0, 0
        while index < len(self._heights) and used + self._heights[index] <= availHeight + 1e-6:
            used += self._heights[index]
            index += 1
        if index == len(self._heights):
            return [self]
        head, tail = self.items[:index], self.items[index:]
        room = availHeight - used
        if room >= SPLIT_IN_ITEM:
            parts = self._split_item(tail[0], availWidth, room)
            if parts is not None:
                head, tail = [*head, parts[0]], [parts[1], *tail[1:]]
        if not head:
            return []
        return [self._copy(head), self._copy(tail, continued=True)]

    def _split_item(
        self, item: tuple[Flowable, list[Flowable]], width: float, room: float
    ) -> tuple[tuple[Flowable, list[Flowable]], tuple[Flowable, list[Flowable]]] | None:
        """The item cut so its first part fits in ``room``; the label stays with the first part."""
        label, body = item
        canv = getattr(self, "canv", None)
        if _stack_height([label], self.label_width, canv) > room:
            return None
        body_width = self._body_width(width)
        first: list[Flowable] = []
        used = 0.0
        for i, f in enumerate(body):
            _, h = f.wrapOn(canv, body_width, _BIG)
            before = f.getSpaceBefore() if first else 0.0
            if used + before + h <= room:
                first.append(f)
                used += before + h + f.getSpaceAfter()
                continue
            pieces = f.splitOn(canv, body_width, room - used - before) if room - used - before > 0 else []
            if len(pieces) >= 2:
                return (label, [*first, pieces[0]]), (_Blank(), [*pieces[1:], *body[i + 1 :]])
            break
        if not first or len(first) == len(body):
            return None
        return (label, first), (_Blank(), body[len(first) :])

    def _copy(self, items: list[tuple[Flowable, list[Flowable]]], continued: bool = False) -> ItemList:
        part = ItemList(items, self.label_width, self.indent, self.gap, self._ident)
        part.spaceBefore = 0 if continued else getattr(self, "spaceBefore", 0)
        part.spaceAfter = getattr(self, "spaceAfter", 0) if continued else 0
        return part

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        if len(self._heights) != len(self.items):
            self.wrap(self.width, self.height)
        body_x = self.indent + self.label_width + self.gap
        body_width = self._body_width(self.width)
        for (label, body), height in zip(self.items, self._heights, strict=True):
            _draw_stack(canv, [label], self.indent, top, self.label_width)
            _draw_stack(canv, body, body_x, top, body_width)
            top -= height


def _draw_stack(canv: Any, flowables: list[Flowable], x: float, top: float, width: float) -> None:
    """Draw flowables top-down from ``top`` as a Table cell does: each wrapped at its width just before.

    The list's own wrap is skipped when asked again at the same width, but
    a body paragraph may have lost its line layout since (ReportLab's
    Paragraph deletes it when a split at the foot of a page fails); wrapping
    here, as a Table does for its cells, gives it back (a paragraph still
    wrapped at this width is not wrapped twice, see `tagging.Tagged`).
    """
    y = top + (flowables[0].getSpaceBefore() if flowables else 0.0)
    for f in flowables:
        f.wrapOn(canv, width, _BIG)
        y -= f.getSpaceBefore()
        y -= f.height
        f.drawOn(canv, x, y)
        y -= f.getSpaceAfter()


class _Blank(Flowable):
    """The label cell of an item's continuation on the next page: nothing."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        pass


class Label(Flowable):
    """A list label ("•", "3."): one line of plain text drawn where a one-line Paragraph would draw it.

    Dozens of labels per handout made Paragraph's markup parser and line
    breaker a measurable share of a build for a single word each.
    """

    draws_links = False  # tagging need not track the pen for link splitting (tagging._may_link)

    def __init__(self, text: str, style: Any) -> None:
        super().__init__()
        check_runs([(text, style.fontName)], text)  # drawn in the style's font (see draw)
        self.text = text
        self.style = style

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        canvas.setFillColor(style.textColor)
        text = canvas.beginText(0, self.height - style.fontSize)  # a Paragraph's first baseline
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.textOut(self.text)
        canvas.drawText(text)
