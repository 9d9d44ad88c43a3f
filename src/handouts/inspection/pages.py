"""How the pages are used: none left nearly empty, no keep-together group torn across two, no heading
left at the foot of a page.

A page of a multi-page handout that holds only a few lines (the sources
list pushed over on its own, a table's last row) wastes paper and reads as
a mistake; so does a heading, chart or QR code whose group (`<keep>`, a
chart and its title, a QR code and its address) was split from the rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from handouts.inspection.document import Document
from handouts.inspection.registry import Finding, check, quote
from handouts.tagging.pagelog import KeepMark, TextMark
from handouts.tagging.tagger import DrawnBox

# A page whose content reaches less than this share of the way down the body frame is nearly empty.
MIN_FILL = 0.30
HEADINGS = frozenset({"H1", "H2", "H3", "H4", "H5", "H6"})


@check("near-empty")
def nearly_empty_pages(doc: Document) -> Iterator[Finding]:
    """A page of a multi-page handout filled less than 30% of the way down its body frame.

    One-page sheets may be as short as they are; a page with no content at
    all is taken as a deliberate blank back (a print file pads for duplex).
    Needs the body margins (known for every handout built here; for a PDF
    from elsewhere, only when they are given).
    """
    margins = doc.settings.margins
    pages = len(doc.page_sizes)
    if margins is None or pages < 2:
        return
    top, _, bottom, _ = margins
    lowest: dict[int, float] = {}
    for mark in [*doc.texts, *doc.images, *doc.shapes]:
        if mark.content and not (isinstance(mark, TextMark) and not mark.text.strip()):
            lowest[mark.page] = min(lowest.get(mark.page, mark.y0), mark.y0)
    for page in range(pages):
        if page not in lowest:
            continue  # nothing but furniture: a deliberate blank back
        _, height = doc.page_size(page)
        frame_top, frame_height = height - top, height - top - bottom
        fill = (frame_top - lowest[page]) / frame_height if frame_height > 0 else 1.0
        if fill < MIN_FILL:
            yield Finding(
                page,
                margins[3],
                frame_top,
                "",
                f"page {page + 1} of {pages} is only {fill:.0%} filled",
                "fit the content onto fewer pages (shorter text, or a layout with room for it), "
                "or give this page more to hold",
                warning=True,
            )


@check("keeps", modes=("drawn",))
def split_keep_groups(doc: Document) -> Iterator[Finding]:
    """A keep-together group whose start and end were drawn on different pages."""
    edges: dict[int, dict[str, KeepMark]] = defaultdict(dict)
    for mark in doc.keeps:
        edges[mark.group].setdefault(mark.edge, mark)
    for group in sorted(edges):
        start, end = edges[group].get("start"), edges[group].get("end")
        if start is None or end is None or start.page == end.page or start.released:
            continue  # (released: split on purpose, as moving it on would have left a page nearly empty)
        if end.page == start.page + 1 and not any(
            t.content and t.page == end.page and t.y0 >= end.y0 - 0.5 and t.text.strip() for t in doc.texts
        ):
            # The end marker alone went over (the group filled page to its foot; a table's last row left only its
            # bottom padding): nothing of the group is on the next page.
            continue
        at_top = not any(
            t.content and t.page == start.page and t.y0 > start.y0 + 0.5 and t.text.strip() for t in doc.texts
        )
        if at_top and not doc.settings.tall_keeps:
            # The group starts at the top of its page and still runs over: taller than a page, so no placing
            # could keep it together; in large print that is the edition's doing, not the layout's.
            continue
        yield Finding(
            start.page,
            start.x0,
            start.y0,
            _first_text(doc, start),
            f"starts a group that must stay together (<keep>, a chart or QR code with its text) "
            f"but the group runs on to page {end.page + 1}",
            "make the group shorter, or move it so it fits on one page",
            warning=True,
        )


def _first_text(doc: Document, start: KeepMark) -> str:
    """The group's first text: the highest text on its page that starts at or below the marker."""
    below = [t for t in doc.texts if t.page == start.page and t.y1 <= start.y0 + 1.0 and t.text.strip()]
    if not below:
        return "a group"
    first = max(below, key=lambda t: (t.y1, -t.x0))
    return quote(first.text)


@check("stranded-heading", modes=("drawn",))
def headings_ending_a_page(doc: Document) -> Iterator[Finding]:
    """A heading that is the last thing on a page, its section starting on the next."""
    rendered = doc.rendered
    pages = len(doc.page_sizes)
    if rendered is None or pages < 2:
        return
    last: dict[int, DrawnBox] = {}
    for box in rendered.boxes:
        text = box.text.strip() and not box.artifact and box.page < pages - 1
        if text and (box.page not in last or box.y0 < last[box.page].y0):
            last[box.page] = box
    for page, box in sorted(last.items()):
        if box.role in HEADINGS:
            yield Finding(
                page,
                box.x0,
                box.y1,
                quote(box.text),
                f"is a heading at the foot of page {page + 1}, and what it heads starts on page {page + 2}",
                "keep the heading with what follows (<keep>), or fit the page so the section moves whole",
                warning=True,
            )
