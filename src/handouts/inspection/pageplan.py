"""Which pages of a PDF to read for the checks that cost time per page, and how to say what was left out.

Reading a page's text and shapes back (pdfplumber) costs about a tenth of a
second, and a print file has over a thousand pages; but most are copies. A
print file's copies are page objects that point at the *same* content
stream and resources, so a page that draws exactly what an earlier one drew
(same content streams, same resources, same page box) is read once and its
findings stand for all of them. That saving is exact.

When the distinct pages still pass the budget (`DEFAULT_BUDGET`), the rest
is a sample, and `PagePlan.note` says so: every distinct content stream is
read once; of the pages that share a content but add their own marks (a
personalised page: the shared page plus the student's name), half the
remaining budget goes to those with the most marks of their own (the
longest names, where text runs out of room) and half is spread evenly.
Nothing here decodes a stream: the keys are object numbers and the sizes
are the streams' /Length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_BUDGET = 120
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_DEPTH = 6


@dataclass(frozen=True)
class PagePlan:
    """The pages to read (0-based, ascending) out of ``total``.

    copies: for a page read, the later pages that draw exactly the same.
    distinct: pages that differ in what they draw; contents: distinct content streams among them.
    shared: pages read because they share a content with an earlier one but add marks of their own,
    and of those, ``largest`` were chosen for having the most of their own (the rest evenly).
    """

    total: int
    read: tuple[int, ...]
    copies: dict[int, list[int]] = field(default_factory=dict)
    distinct: int = 0
    contents: int = 0
    shared: int = 0
    largest: int = 0
    sampled: bool = False

    def note(self) -> str:
        """What was read, when it was not every page; empty when it was."""
        read, total = len(self.read), self.total
        if read == total:
            return ""
        pages = f"{read:,} of {total:,} pages"
        if not self.sampled:
            return f"{pages}: the other {total - read:,} repeat one of them exactly (same content and resources)"
        left = self.distinct - read
        if read <= self.contents:
            return (
                f"{pages}, spread evenly over the {self.contents:,} distinct page contents; "
                f"{left:,} distinct pages were not read"
            )
        others = self.distinct - self.contents
        return (
            f"{pages}: every distinct page content once ({self.contents:,}), and {self.shared:,} of the "
            f"{others:,} pages that add their own marks to a shared content ({self.largest:,} with the most "
            f"of their own, {self.shared - self.largest:,} spread evenly); {left:,} distinct pages were not read"
        )


def plan_pages(pdf: Any, budget: int = DEFAULT_BUDGET) -> PagePlan:
    """Group ``pdf``'s pages by what they draw and choose which to read; ``budget`` 0 reads every distinct page."""
    groups: dict[tuple, list[int]] = {}
    content_of: dict[int, tuple] = {}
    for number, page in enumerate(pdf.pages):
        content = _content_key(page.obj)
        groups.setdefault((content, _drawing_key(page.obj)), []).append(number)
    firsts = [pages[0] for pages in groups.values()]
    for (content, _), pages in groups.items():
        content_of[pages[0]] = content
    copies = {pages[0]: pages[1:] for pages in groups.values() if len(pages) > 1}
    one_per_content: dict[tuple, int] = {}
    for page in firsts:
        one_per_content.setdefault(content_of[page], page)
    contents = list(one_per_content.values())
    plan = PagePlan(len(pdf.pages), tuple(firsts), copies, len(firsts), len(contents))
    if not budget or len(firsts) <= budget:
        return plan
    if len(contents) >= budget:
        return replace(plan, read=tuple(_evenly(contents, budget)), sampled=True)
    chosen = set(contents)
    others = [page for page in firsts if page not in chosen]
    room = budget - len(contents)
    own = _own_bytes(pdf, others)
    largest = sorted(others, key=lambda page: (-own[page], page))[: room // 2]
    rest = [page for page in others if page not in set(largest)]
    spread = _evenly(rest, room - len(largest))
    read = tuple(sorted([*contents, *largest, *spread]))
    return replace(plan, read=read, shared=len(largest) + len(spread), largest=len(largest), sampled=True)


def _evenly(items: Sequence[int], count: int) -> list[int]:
    """``count`` items spread evenly from first to last."""
    if count <= 0:
        return []
    if count >= len(items):
        return list(items)
    if count == 1:
        return [items[0]]
    step = (len(items) - 1) / (count - 1)
    return sorted({items[round(i * step)] for i in range(count)})


def _content_key(page: Any) -> tuple:
    import pikepdf

    contents = page.get("/Contents")
    parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    return tuple(_fingerprint(part, 0) for part in parts)


def _drawing_key(page: Any) -> tuple:
    """Everything besides the content that changes what the page shows, inherited entries included."""
    inherited = [_fingerprint(_inherited(page, key), 0) for key in _INHERITED]
    return (*inherited, _fingerprint(page.get("/UserUnit"), 0), _fingerprint(page.get("/Group"), 0))


def _inherited(page: Any, key: str) -> Any:
    node = page
    for _ in range(64):  # a page tree deeper than this is damaged; qpdf's check says so
        value = node.get(key)
        if value is not None or "/Parent" not in node:
            return value
        node = node.Parent
    return None


def _fingerprint(obj: Any, depth: int) -> Any:
    """A value equal for two objects exactly when they are the same objects, or equal direct values."""
    import pikepdf

    if obj is None:
        return None
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return ("ref", obj.objgen)
    if depth > _DEPTH:
        return ("deep", id(obj))  # never equal to another page's: such a page is read on its own
    if isinstance(obj, pikepdf.Dictionary):
        return tuple(sorted((str(k), _fingerprint(v, depth + 1)) for k, v in obj.items()))
    if isinstance(obj, pikepdf.Array):
        return tuple(_fingerprint(v, depth + 1) for v in obj)
    if isinstance(obj, pikepdf.Stream):
        return ("stream", id(obj))
    return (type(obj).__name__, str(obj))


def _own_bytes(pdf: Any, pages: list[int]) -> dict[int, int]:
    """For each page, the stored size of the streams it draws that no other of these pages draws."""
    import pikepdf

    used: dict[int, set[tuple[int, int]]] = {}
    sizes: dict[tuple[int, int], int] = {}
    count: dict[tuple[int, int], int] = {}
    for number in pages:
        page = pdf.pages[number].obj
        streams: list[Any] = []
        contents = page.get("/Contents")
        streams += list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        resources = _inherited(page, "/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if isinstance(xobjects, pikepdf.Dictionary):
            streams += [value for _, value in xobjects.items()]  # pikepdf 9 has items(), not values()
        mine = {s.objgen for s in streams if isinstance(s, pikepdf.Stream)}
        for stream in streams:
            if isinstance(stream, pikepdf.Stream):
                length: object = stream.get("/Length")  # pikepdf gives a PDF integer as an int
                sizes[stream.objgen] = int(length) if isinstance(length, int) else 0
        used[number] = mine
        for objgen in mine:
            count[objgen] = count.get(objgen, 0) + 1
    return {number: sum(sizes[o] for o in objgens if count[o] == 1) for number, objgens in used.items()}
