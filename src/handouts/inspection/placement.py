"""Where things sit: inside the printable area and margins, and not on top of each other.

Tolerances are in points and deliberately small: boxes that merely touch
(a paragraph ending where the next begins, a cell's text against its
padding) are fine; boxes that cross by more than a point are what a reader
would see as overprinted or clipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from handouts.inspection.document import INCH, Document
from handouts.inspection.registry import Finding, check, quote
from handouts.tagging.pagelog import Mark, ShapeMark, TextMark

M = TypeVar("M", bound=Mark)

TOLERANCE = 1.0


def _inches(points: float) -> str:
    return f"{points / INCH:.2f} in"


def _overshoot(mark: Mark, left: float, bottom: float, right: float, top: float) -> tuple[str, float] | None:
    """The side the mark crosses most, and by how much (None when inside); on a tie, the first of
    left, bottom, right, top."""
    slack = TOLERANCE / 2
    past_left, past_bottom, past_right, past_top = left - mark.x0, bottom - mark.y0, mark.x1 - right, mark.y1 - top
    if past_left <= slack and past_bottom <= slack and past_right <= slack and past_top <= slack:
        return None  # (nearly every mark)
    side, amount = "left", past_left
    for other, by in (("bottom", past_bottom), ("right", past_right), ("top", past_top)):
        if by > amount:
            side, amount = other, by
    return side, amount


def _subject(mark: Mark) -> str:
    if isinstance(mark, TextMark):
        return quote(mark.text)
    if isinstance(mark, ShapeMark):
        return "a rule" if mark.kind == "line" else "a shaded box"
    name = getattr(mark, "name", "")
    return f'image "{name}"' if name else "an image"


@check("margins")
def outside_margins(doc: Document) -> Iterator[Finding]:
    """Text outside the printable area is an error (the printer cuts it off); body text,
    images and boxes past the body margins, or images and boxes in the unprintable border, are warnings."""
    inset = doc.settings.printable
    margins = doc.settings.margins
    marks: Sequence[Mark] = [*doc.texts, *doc.images, *doc.shapes]
    for mark in marks:
        if isinstance(mark, TextMark) and not mark.text.strip():
            continue
        width, height = doc.page_size(mark.page)
        is_text = isinstance(mark, TextMark)
        cut = _overshoot(mark, inset, inset, width - inset, height - inset)
        if cut is not None:
            side, amount = cut
            yield Finding(
                mark.page,
                mark.x0,
                mark.y1,
                _subject(mark),
                f"reaches {_inches(amount)} into the unprintable border at the {side} "
                f"(within {_inches(inset)} of the paper edge), where most printers cut it off",
                "keep everything at least 0.25 in from the paper edge; shorten the text or widen the margin",
                warning=not is_text,
            )
            continue
        if margins is None or not mark.content:
            continue
        top, right, bottom, left = margins
        past = _overshoot(mark, left, bottom, width - right, height - top)
        if past is not None:
            side, amount = past
            yield Finding(
                mark.page,
                mark.x0,
                mark.y1,
                _subject(mark),
                f"runs {_inches(amount)} past the {side} margin ({_inches(margins[_SIDE_INDEX[side]])})",
                "shorten the text, narrow the table columns, or break the long word",
                warning=True,
            )


_SIDE_INDEX = {"top": 0, "right": 1, "bottom": 2, "left": 3}


def _by_page(marks: Sequence[M]) -> dict[int, list[M]]:
    pages: dict[int, list[M]] = defaultdict(list)
    for mark in marks:
        pages[mark.page].append(mark)
    return pages


def _overlap(a: Mark, b: Mark) -> tuple[float, float]:
    return min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)


@check("overlap")
def overlapping(doc: Document) -> Iterator[Finding]:
    """Text on text and text on images are errors; text crossed by a rule or running over
    the edge of a shaded box is a warning."""
    texts = _by_page([t for t in doc.texts if t.text.strip()])
    images = _by_page(doc.images)
    shapes = _by_page(doc.shapes)
    for page, page_texts in sorted(texts.items()):
        yield from _text_on_text(page, page_texts)
        image_index = _Bands(images.get(page, ()))
        shape_index = _Bands(shapes.get(page, ()))
        for text in page_texts:
            for image in image_index.near(text):
                w, h = _overlap(text, image)
                if w > TOLERANCE and h > TOLERANCE:
                    yield Finding(
                        page,
                        text.x0,
                        text.y1,
                        _subject(text),
                        f"overlaps {_subject(image)}",
                        "move the text or the image so they do not cover each other",
                    )
            near = shape_index.near(text)
            # Text on its own filled plate (a diagram label knocked out of the lines behind it, a shaded
            # cell) hides any rule under it, so only the plate's edges matter.
            plated = _on_plate(text, near)
            found: set[str] = set()  # one finding of each kind per text: two box edges are still one fault
            for shape in near:
                if plated and shape.kind == "line":
                    continue
                finding = _text_on_shape(text, shape)
                if finding and finding.what not in found:
                    found.add(finding.what)
                    yield finding


class _Bands(Generic[M]):
    """Marks filed by horizontal bands of the page, so each text is compared only with what is near it."""

    HEIGHT = 48.0

    def __init__(self, marks: Sequence[M]) -> None:
        self.bands: dict[int, list[M]] = defaultdict(list)
        for mark in marks:
            for band in range(int(mark.y0 // self.HEIGHT), int(mark.y1 // self.HEIGHT) + 1):
                self.bands[band].append(mark)

    def near(self, mark: Mark) -> list[M]:
        if not self.bands:
            return []
        first, last = int(mark.y0 // self.HEIGHT), int(mark.y1 // self.HEIGHT)
        if first == last:
            return self.bands.get(first, [])
        found: dict[int, M] = {}
        for band in range(first, last + 1):
            for other in self.bands.get(band, ()):
                found[id(other)] = other
        return list(found.values())


def _text_on_text(page: int, texts: list[TextMark]) -> Iterator[Finding]:
    # Sweep down the page: a box can only overlap boxes that start before it ends.
    ordered = sorted(texts, key=lambda t: -t.y1)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.y1 <= a.y0 + TOLERANCE:
                break
            w, h = _overlap(a, b)
            if w > TOLERANCE and h > TOLERANCE:
                yield Finding(
                    page,
                    a.x0,
                    a.y1,
                    _subject(a),
                    f"overlaps {_subject(b)} by {w:.1f} x {h:.1f} pt",
                    "the two are printed on top of each other; shorten one or move it",
                )


def _on_plate(text: Mark, shapes: Iterable[ShapeMark]) -> bool:
    """Whether a filled box holds the whole text. (A loop: ``any`` over a generator stopped early throws
    GeneratorExit into it, for most texts of every build.)"""
    for shape in shapes:  # noqa: SIM110  (a loop, not any(): see the docstring)
        if shape.kind == "box" and _contains(shape, text):
            return True
    return False


def _contains(outer: Mark, inner: Mark) -> bool:
    return (
        inner.x0 >= outer.x0 - TOLERANCE
        and inner.x1 <= outer.x1 + TOLERANCE
        and inner.y0 >= outer.y0 - TOLERANCE
        and inner.y1 <= outer.y1 + TOLERANCE
    )


def _text_on_shape(text: TextMark, shape: ShapeMark) -> Finding | None:
    w, h = _overlap(text, shape)
    if shape.kind == "line":
        # A rule crosses the text when it passes through its inside, not along its edge.
        inside_x = shape.x1 > text.x0 + TOLERANCE and shape.x0 < text.x1 - TOLERANCE
        inside_y = shape.y1 > text.y0 + TOLERANCE and shape.y0 < text.y1 - TOLERANCE
        if inside_x and inside_y:
            return Finding(
                text.page,
                text.x0,
                text.y1,
                _subject(text),
                "is crossed by a rule",
                "the text runs into a line drawn across it; give it more room",
                warning=True,
            )
        return None
    if w <= TOLERANCE or h <= TOLERANCE or _contains(shape, text):
        return None
    return Finding(
        text.page,
        text.x0,
        text.y1,
        _subject(text),
        "runs over the edge of a shaded box",
        "the text does not fit the box or cell it sits in; shorten it or give the box more room",
        warning=True,
    )
