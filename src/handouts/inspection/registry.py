"""The check registry: independent checks, each a function from a Document to findings.

A check is registered with the `check` decorator and says which kinds of
document it understands: ``"drawn"`` (what the renderer recorded during
`handouts build`) and/or ``"file"`` (a PDF read back by `handouts inspect`).
It yields `Finding` (page, position, subject, what, fix) or ready-made
`errors.Problem` records.

Contributing checks from another module (e.g. accessibility):

    from handouts.inspection import Finding, check

    @check("alt-text", modes=("file",))
    def figures_have_alt_text(doc):
        ...
        yield Finding(page, x, y, "figure", "has no alternative text", "add alt=... in the layout")

and add the module's dotted name to `CHECK_MODULES` (one line), which is
imported the first time checks run, so no command pays for checks it
never runs. A module imported by other means registers the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from handouts.errors import Problem
from handouts.inspection.document import Document

# Modules whose import registers checks; add yours here.
CHECK_MODULES: list[str] = [
    "handouts.inspection.placement",
    "handouts.inspection.content",
    "handouts.inspection.accessibility",
]

# At most this many findings of one check on one page; the rest are counted.
PER_PAGE = 5


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem on a page. ``x``/``y`` are the subject's top-left corner in PDF points
    (``y`` from the bottom of the page, as PDF counts); ``page`` counts from 0, -1 for the
    whole document. ``subject`` names the text or object, e.g. ``text "Pay range"``."""

    page: int
    x: float
    y: float
    subject: str
    what: str
    fix: str = ""
    warning: bool = False


CheckFunction = Callable[[Document], Iterable["Finding | Problem"]]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    function: CheckFunction
    modes: frozenset[str]


_CHECKS: dict[str, Check] = {}


def check(name: str, *, modes: Iterable[str] = ("drawn", "file")) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``function`` as the check called ``name`` for the given document kinds."""

    def register(function: CheckFunction) -> CheckFunction:
        _CHECKS[name] = Check(name, function, frozenset(modes))
        return function

    return register


def all_checks(mode: str | None = None) -> list[Check]:
    """Every registered check (for one document kind when ``mode`` is given), in registration order."""
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return [c for c in _CHECKS.values() if mode is None or mode in c.modes]


def run_checks(doc: Document, names: Iterable[str] | None = None) -> list[Problem]:
    """Run the checks that apply to ``doc``; problems ordered by page, then as each check found them."""
    wanted = set(names) if names is not None else None
    problems: list[tuple[int, int, Problem]] = []
    for order, chk in enumerate(all_checks(doc.source)):
        if wanted is not None and chk.name not in wanted:
            continue
        counts: dict[int, int] = {}
        for item in chk.function(doc):
            if isinstance(item, Problem):
                problems.append((-1, order, item))
                continue
            seen = counts[item.page] = counts.get(item.page, 0) + 1
            if seen <= PER_PAGE:
                problems.append((item.page, order, to_problem(doc, item)))
        for page, seen in counts.items():
            if seen > PER_PAGE:
                problems.append(
                    (
                        page,
                        order,
                        Problem(
                            doc.name,
                            0,
                            f"page {page + 1}",
                            f"{seen - PER_PAGE} more like the above ({chk.name})",
                            warning=True,
                        ),
                    )
                )
    problems.sort(key=lambda item: (item[0], item[1]))
    return [p for _, _, p in problems]


def to_problem(doc: Document, finding: Finding) -> Problem:
    """A finding as one printable line: the page, where on it in inches from the top-left, and what."""
    if finding.page < 0:
        where = ""
    elif finding.page >= len(doc.page_sizes):
        where = f"page {finding.page + 1}"
    else:
        from_top = doc.page_sizes[finding.page][1] - finding.y
        where = f"page {finding.page + 1}{_copies(doc, finding.page)}, {finding.x / 72:.2f} in from left, "
        where += f"{from_top / 72:.2f} in from top"
    what = f"{finding.subject} {finding.what}" if finding.subject else finding.what
    return Problem(doc.name, 0, where, what, finding.fix, finding.warning)


def _copies(doc: Document, page: int) -> str:
    """`` (and 39 pages like it)`` when the page was read for copies of itself (a print file's)."""
    copies = doc.plan.copies.get(page, ()) if doc.plan is not None else ()
    if not copies:
        return ""
    return f" (and {len(copies)} page{'s' if len(copies) != 1 else ''} like it)"


def quote(text: str, limit: int = 40) -> str:
    """Text as a short quoted subject: ``text "Medical Assistant or Medic…"``."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return f'text "{text}"'
