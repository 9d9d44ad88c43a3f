"""Personalise one rendered page for hundreds of students by drawing only their names.

A personalised item (a checklist with each student's name on it) would cost
a full render per student. Instead the layout is rendered twice, with each
mapped option set to a probe text (see `probes`): a short one (``QéK jX``)
and a long one (``WöY zVwZv``), made of different letters. (Before that, the
plan has checked from the markup alone that the layout prints each option as
given.) If the two pages are identical
except for the probe glyphs, and each probe starts at the same place in both,
the layout puts the text at a fixed spot whatever its length: that spot (with
its font, size and colour) is a *slot*. The short-probe page, with the probe
glyphs taken out of its content stream, is the shared page, and each
student's text is drawn in a small overlay. All overlays of a chunk of
students are one ReportLab document, so they share one font subset.

When the pages differ in any other way (the layout centres the name, wraps
or underlines it, moves a line because of it), `find_slots` says why and the
job renders each student's document in full instead: slower, never wrong.

A name is drawn on top only as wide as the layout has been *seen* to draw a
text in that place at that size. The room a slot seems to have (up to the
next text or upright rule on its line, the end of a line to write on, or the
margin) is a guess; so a third render sets each option to a *wide* probe,
the long one lengthened to fill that room (`widened`). If the layout draws it
where it drew the short probe, at the same size, every value up to that width
is drawn exactly as the layout draws it, since a layout sets a text smaller
or wraps it only when it is too wide (`confirm_room`); if not, the long
probe's width is the limit. A wider value (which the layout would set smaller,
move, or wrap onto more lines) is not drawn on top at all: that student's
document is rendered in full, so the print file shows, glyph for glyph, what
the student's own PDF shows. (Drawing it smaller here would need the
layout's own rule for every element a value may be printed in, and the
layout's wrapping moves the text below it.)
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from handouts.contentstream.glyphs import Glyph, Shape, Unsupported, read_page
from handouts.inputs.fonts import FontSet
from handouts.tagging import rlcompat

PADDING = "wZv"  # letters that lengthen a long probe (none of them in a short probe)


class NotOverlayable(Exception):
    """The layout's pages change beyond the name itself; render each document in full."""


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one option's text goes on one page of the shared document."""

    page: int
    option: str
    x: float
    baseline: float
    size: float
    font: str  # registered ReportLab font name
    color: tuple[float, ...]
    right: float  # a value ending here at the latest is drawn as the layout draws it (see `confirm_room`)


@dataclass
class Personalisation:
    """The slots, and the probe glyphs to take out of the short-probe document to make the shared one."""

    slots: list[Slot]
    probe_glyphs: dict[int, list[Glyph]]


@dataclass(frozen=True)
class PageReading:
    """What `read_page` found on one page of a probe render, and the page's width."""

    glyphs: list[Glyph]
    shapes: list[Shape]
    width: float


def read_pages(pdf: pikepdf.Pdf) -> list[PageReading]:
    """Every page of a probe render read back once (NotOverlayable if one cannot be)."""
    readings = []
    for number, page in enumerate(pdf.pages):
        try:
            glyphs, shapes = read_page(page)
        except Unsupported as exc:
            raise NotOverlayable(f"page {number + 1} cannot be read back ({exc})") from None
        readings.append(PageReading(glyphs, shapes, float(page.mediabox[2])))
    return readings


def find_slots(
    short: list[PageReading],
    long: list[PageReading],
    texts: tuple[dict[str, str], dict[str, str]],
    fonts: FontSet,
    right_margin: float,
) -> Personalisation:
    """Compare two probe renders (``texts``: option -> probe in each); NotOverlayable says what differs."""
    if len(short) != len(long):
        raise NotOverlayable("the layout's page count depends on the name's length")
    faces = _faces(fonts)
    slots: list[Slot] = []
    strip: dict[int, list[Glyph]] = {}
    for number, (page_a, page_b) in enumerate(zip(short, long, strict=True)):
        glyphs_a, shapes_a, glyphs_b = page_a.glyphs, page_a.shapes, page_b.glyphs
        if Counter(map(_shape_key, shapes_a)) != Counter(map(_shape_key, page_b.shapes)):
            raise NotOverlayable(f"page {number + 1}: the name's length moves lines or boxes")
        only_a, only_b, others = _difference(glyphs_a, glyphs_b)
        runs_a = _named_runs(only_a, _spaces(glyphs_a), texts[0], number)
        runs_b = _named_runs(only_b, _spaces(glyphs_b), texts[1], number)
        same_size = all(runs_b.get(k, [None])[0] and runs_b[k][0].size == run[0].size for k, run in runs_a.items())
        if sorted(runs_a) != sorted(runs_b) or not same_size:
            raise NotOverlayable(f"page {number + 1}: where the name goes depends on its length (is it centred?)")
        _add_slots(number, runs_a, faces, others, page_a, right_margin, slots, strip)
    _check_all_printed(list(texts[0]), slots)
    return Personalisation(slots, strip)


def probe_slots(
    short: list[PageReading], texts: dict[str, str], fonts: FontSet, right_margin: float
) -> Personalisation:
    """The slots as one probe render alone shows them, its probes found by their text in drawing order.

    Only a guess of where each probe sits and how much room its line seems to
    leave (to make the wide probe, see `widened`): `find_slots` then checks it
    against a render with other probes. Found this way, the slots are the ones
    comparing with the long probe would find wherever the layout keeps the
    name's place, so one render fewer gives the same print file.
    """
    faces = _faces(fonts)
    slots: list[Slot] = []
    strip: dict[int, list[Glyph]] = {}
    wanted = [text.replace(" ", "") for text in texts.values()]
    for number, page in enumerate(short):
        visible = [g for g in page.glyphs if not g.char.isspace()]
        chars = "".join(g.char for g in visible)
        probe: list[Glyph] = []
        for text in wanted:
            start = chars.find(text)
            while start >= 0:
                probe += visible[start : start + len(text)]
                start = chars.find(text, start + len(text))
        taken = {id(g) for g in probe}
        others = [g for g in visible if id(g) not in taken]
        runs = _named_runs(probe, _spaces(page.glyphs), texts, number)
        _add_slots(number, runs, faces, others, page, right_margin, slots, strip)
    _check_all_printed(list(texts), slots)
    return Personalisation(slots, strip)


def _add_slots(
    number: int,
    runs: dict[tuple, list[Glyph]],
    faces: dict[str, str],
    others: list[Glyph],
    page: PageReading,
    right_margin: float,
    slots: list[Slot],
    strip: dict[int, list[Glyph]],
) -> None:
    for (option, _, _), run in runs.items():
        first = run[0]
        if first.font not in faces:
            raise NotOverlayable(f"page {number + 1}: the name uses font {first.font}, not one of the brand's")
        slots.append(_slot(number, option, first, faces[first.font], others, page.shapes, page.width - right_margin))
        strip.setdefault(number, []).extend(run)


def _check_all_printed(options: list[str], slots: list[Slot]) -> None:
    missing = set(options) - {s.option for s in slots}
    if missing:
        raise NotOverlayable(f"the layout does not print options.{sorted(missing)[0]} as plain text on a page")


def _difference(a: list[Glyph], b: list[Glyph]) -> tuple[list[Glyph], list[Glyph], list[Glyph]]:
    """Visible glyphs only in a, only in b, and in both (compared by character, place, font, size, colour).

    Each glyph's key is made once and numbered (`_Keys`): rounding and hashing
    the key tuples were most of this function's cost.
    """
    keys = _Keys()
    keyed_a, keyed_b = keys.number(a), keys.number(b)
    unmatched_b = [0] * len(keys.numbers)
    for number, _ in keyed_b:
        unmatched_b[number] += 1
    only_a: list[Glyph] = []
    both: list[Glyph] = []
    matched = [0] * len(keys.numbers)  # how many glyphs of a each key matched: as many of b's are in both
    for number, glyph in keyed_a:
        if unmatched_b[number]:
            unmatched_b[number] -= 1
            matched[number] += 1
            both.append(glyph)
        else:
            only_a.append(glyph)
    only_b: list[Glyph] = []
    for number, glyph in keyed_b:
        if matched[number]:
            matched[number] -= 1
        else:
            only_b.append(glyph)
    return only_a, only_b, both


class _Keys:
    """Numbers for what `_difference` compares glyphs by: equal keys, equal numbers."""

    def __init__(self) -> None:
        self.numbers: dict[tuple, int] = {}
        self.rounded: dict[float, float] = {}  # a page has few baselines and sizes: each is rounded once

    def number(self, glyphs: list[Glyph]) -> list[tuple[int, Glyph]]:
        """The visible glyphs, each with its key's number."""
        numbers, r, cached = self.numbers, self._round, self.rounded.get
        out: list[tuple[int, Glyph]] = []
        append = out.append
        for g in glyphs:
            char = g.char
            if not char.isspace():
                # `_round` only where the value is not rounded yet (or rounds to 0.0): a call per glyph less.
                x0, baseline, size = g.x0, g.baseline, g.size
                key = (
                    char,
                    cached(x0) or r(x0),
                    cached(baseline) or r(baseline),
                    cached(size) or r(size),
                    g.font,
                    g.color,
                )
                append((numbers.setdefault(key, len(numbers)), g))
        return out

    def _round(self, value: float) -> float:
        rounded = self.rounded.get(value)
        if rounded is None:
            rounded = round(value, 2)
            if value == value:  # not NaN: a NaN key never equals another, so it is rounded anew each time
                self.rounded[value] = rounded
        return rounded


def _named_runs(
    glyphs: list[Glyph], spaces: dict[float, list[Glyph]], texts: dict[str, str], page: int
) -> dict[tuple, list[Glyph]]:
    """Runs of probe glyphs (and the spaces between them) by (option, start x, baseline).

    NotOverlayable if a run is not a whole probe.
    """
    by_text = {text.replace(" ", ""): option for option, text in texts.items()}
    named: dict[tuple, list[Glyph]] = {}
    for run in _runs(glyphs, spaces):
        text = "".join(g.char for g in run if not g.char.isspace())
        if text not in by_text:
            word = "".join(g.char for g in run).split(" ")[0]  # the first word is enough to find it on the page
            if set(text) <= set("".join(by_text)):
                raise NotOverlayable(f"page {page + 1}: the name is drawn in pieces or wrapped ('{word}')")
            raise NotOverlayable(f"page {page + 1}: the name's length moves other text ('{word[:30]}'; is it centred?)")
        named[(by_text[text], round(run[0].x0, 2), round(run[0].baseline, 2))] = run
    return named


def _shape_key(s: Shape) -> tuple:
    return (round(s.x0, 2), round(s.y0, 2), round(s.x1, 2), round(s.y1, 2))


def _spaces(glyphs: list[Glyph]) -> dict[float, list[Glyph]]:
    """Space glyphs by baseline, to find the one between two words of a probe."""
    found: dict[float, list[Glyph]] = {}
    for glyph in glyphs:
        if glyph.char == " ":
            found.setdefault(round(glyph.baseline, 2), []).append(glyph)
    return found


def _runs(glyphs: list[Glyph], spaces: dict[float, list[Glyph]]) -> list[list[Glyph]]:
    """Glyphs grouped into runs drawn next to each other on one baseline, bridging single spaces."""
    runs: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (-round(g.baseline, 2), g.x0)):
        last = runs[-1][-1] if runs else None
        if last is not None and abs(last.baseline - glyph.baseline) < 0.01:
            if abs(last.x1 - glyph.x0) < 0.5:
                runs[-1].append(glyph)
                continue
            between = [
                s
                for s in spaces.get(round(last.baseline, 2), [])
                if abs(s.x0 - last.x1) < 0.5 and abs(s.x1 - glyph.x0) < 0.5
            ]
            if between:
                runs[-1] += [between[0], glyph]
                continue
        runs.append([glyph])
    return runs


def _faces(fonts: FontSet) -> dict[str, str]:
    """PostScript name as it appears in the PDF -> registered ReportLab font name."""
    faces: dict[str, str] = {}
    for name in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic):
        ps = pdfmetrics.getFont(name).face.name
        faces[ps.decode("latin-1") if isinstance(ps, bytes) else str(ps)] = name
    return faces


def _slot(
    page: int, option: str, first: Glyph, font: str, others: list[Glyph], shapes: list[Shape], margin: float
) -> Slot:
    """The slot a probe's first glyph starts, with the room its line seems to leave (`confirm_room` checks it)."""
    size = first.size
    top, bottom = first.baseline + 0.9 * size, first.baseline - 0.25 * size
    gap = size
    right = margin
    for g in others:
        if g.x0 > first.x0 + 0.5 and g.baseline - 0.25 * g.size < top and g.baseline + 0.9 * g.size > bottom:
            right = min(right, g.x0 - gap)
    for s in shapes:
        upright = s.y1 - s.y0 >= 2 or s.x1 - s.x0 < 2  # a cell edge or background; underlines never stop a name
        if upright and s.x0 > first.x0 + 0.5 and s.y0 < top and s.y1 > bottom:
            right = min(right, s.x0 - 2)
        on_line = s.y1 - s.y0 < 2 and first.baseline - 0.6 * size <= s.y1 <= first.baseline
        if on_line and s.x0 <= first.x0 + 0.5 < s.x1:  # a line to write on: the name stays on it
            right = min(right, s.x1 - 2)
    return Slot(page, option, first.x0, first.baseline, size, font, first.color, right)


def widened(texts: dict[str, str], slots: list[Slot]) -> dict[str, str]:
    """Each option's probe lengthened to about the width of the room its slots seem to have."""
    out = {}
    for option, text in texts.items():
        mine = [s for s in slots if s.option == option]
        wide = text
        while mine:
            longer = wide + PADDING[(len(wide) - len(text)) % len(PADDING)]
            if any(pdfmetrics.stringWidth(longer, s.font, s.size) > s.right - s.x for s in mine):
                break
            wide = longer
        out[option] = wide
    return out


def confirm_room(
    slots: list[Slot], wide: list[Slot] | None, wide_texts: dict[str, str], long_texts: dict[str, str]
) -> tuple[Slot, ...]:
    """The slots, each ending where a text is known to be drawn as the layout draws it.

    ``wide`` are the slots found with the ``wide_texts`` probes (None when the
    layout drew them elsewhere, smaller or wrapped): where a slot is found
    there unchanged, a value as wide as its wide probe is drawn alike;
    otherwise only one as wide as its long probe, which `find_slots` saw.
    """
    same = {place(s) for s in wide or ()}
    confirmed = []
    for slot in slots:
        text = wide_texts[slot.option] if place(slot) in same else long_texts[slot.option]
        right = slot.x + pdfmetrics.stringWidth(text, slot.font, slot.size)
        confirmed.append(Slot(slot.page, slot.option, slot.x, slot.baseline, slot.size, slot.font, slot.color, right))
    return tuple(confirmed)


def place(slot: Slot) -> tuple:
    """Where a slot is, without how far it reaches: two finds of one slot agree on this."""
    return (
        slot.page,
        slot.option,
        round(slot.x, 2),
        round(slot.baseline, 2),
        round(slot.size, 2),
        slot.font,
        slot.color,
    )


def fits(text: str, slot: Slot) -> bool:
    """Whether ``text`` drawn in the slot is drawn exactly as the layout would draw it."""
    return slot.x + pdfmetrics.stringWidth(text, slot.font, slot.size) <= slot.right + 1e-6


def draw_overlays(
    slots: list[Slot], people: list[dict[str, str]], page_size: tuple[float, float], initial_font: str
) -> tuple[bytes, list[bytes]]:
    """Each person's text at the slot positions: one content stream per (person, page with slots).

    Returns the streams, in that order, and a one-page PDF whose page
    resources hold the fonts they use: one ReportLab document draws every
    text, so the chunk shares one font subset, but the texts are taken as
    content streams rather than pages of their own (a page each cost
    ReportLab more to write, and the print file more to read back, than the
    text itself). Each stream sets its own colour inside ``q``/``Q``.

    Every value must `fit` its slot (ValueError naming the person's index and
    the option otherwise): it is drawn at the slot's size, on one line. Text
    goes straight to ``drawString`` (no paragraph markup is parsed), so a
    roster value can never become ReportLab markup.
    """
    pages = sorted({s.page for s in slots})
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size, invariant=1, initialFontName=initial_font, pageCompression=0)
    canvas.setCreator("handouts")
    streams: list[bytes] = []
    for index, values in enumerate(people):
        for page in pages:
            rlcompat.set_page_code(canvas, [])
            canvas.saveState()
            for slot in (s for s in slots if s.page == page):
                value = values[slot.option]
                if not fits(value, slot):
                    raise ValueError(index, slot.option)
                canvas.setFillColorRGB(*_rgb(slot.color))
                canvas.setFont(slot.font, slot.size)
                canvas.drawString(slot.x, slot.baseline, value)
            canvas.restoreState()
            code = rlcompat.page_code(canvas)
            streams.append("\n".join(code).encode("ascii"))  # ReportLab escapes every other byte
    rlcompat.set_page_code(canvas, [])
    canvas.showPage()  # the one page, empty: its resources name every font subset the streams use
    canvas.save()
    return buffer.getvalue(), streams


def _rgb(color: tuple[float, ...]) -> tuple[float, float, float]:
    if len(color) == 3:
        return color
    if len(color) == 1:
        return (color[0],) * 3
    if len(color) == 4:
        c, m, y, k = color
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return (0.0, 0.0, 0.0)
