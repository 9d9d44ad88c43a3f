"""Markers around a keep-together group, so inspection can tell whether it landed on one page.

`keep_group` puts a `KeepEdge` before and after a group's flowables; each
draws nothing and takes no room, and tells a recording canvas
(`pagelog.RecordingCanvas.note_keep`) where it was drawn. A group whose
start and end are on different pages was split (inspection's ``keeps``
check): ReportLab's KeepTogether splits what is taller than the room left,
and a group inside a table cell, column or call-out is not kept at all.
"""

from __future__ import annotations

import itertools
from typing import Any

from reportlab.platypus.flowables import Flowable

_GROUPS = itertools.count(1)


class KeepEdge(Flowable):
    """Where a keep group starts or ends; nothing is drawn."""

    # ReportLab: a flowable of no size (drawn even inside containers), which passes the space after the
    # flowable before it on to the one after it, so the layout is exactly as without the marker.
    _ZEROSIZE = 1
    _SPACETRANSFER = True

    def __init__(self, group: int, edge: str) -> None:
        super().__init__()
        self.group, self.edge = group, edge
        self.width = self.height = 0.0
        # Set on a start marker when the layout let its group split where it stood (see
        # `render.blocks.base`): moving it on would have left a page nearly empty.
        self.released = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        pass

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        note = getattr(canvas, "note_keep", None)
        if note is not None:
            note(self.group, self.edge, x, y, self.released)


def keep_group(parts: list[Flowable]) -> list[Flowable]:
    """``parts`` between a start and an end marker of one new group.

    The group numbers only pair the markers; they are never written to the
    PDF, so the output stays byte-identical whatever the count.
    """
    group = next(_GROUPS)
    return [KeepEdge(group, "start"), *parts, KeepEdge(group, "end")]
