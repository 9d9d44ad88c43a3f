"""Accessibility checks on every build, from what the renderer already knows.

Each check is a plain function taking the `render.Rendered` result and
returning `errors.Problem` records (empty when all is well), so the build,
`handouts inspect` and tests can run any of them. They read the structure
tree, the marked content noted per page and the drawn boxes and fills that
tagging records while drawing; none re-reads the PDF, so together they cost
a few milliseconds. `pdfaudit` checks the same things on any PDF file.

A build runs `check_accessibility` and refuses the handout (exit 3) when a
check fails: a handout an office may not publish should not be written as
if it were fine. ``--no-tags`` skips the structure checks (the PDF is then
not accessible, and the CLI says so) but still checks contrast, which
matters on paper too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from handouts.errors import Problem
from handouts.inputs.colors import RGB, contrast
from handouts.inspection import Document, check
from handouts.tagging.tagger import Annotation, DrawnBox, Fill, Marked, StructNode, Tagger

if TYPE_CHECKING:
    from handouts.render.document import Rendered

TEXT_RATIO = 4.5  # WCAG 2.1 SC 1.4.3, normal text
LARGE_TEXT_RATIO = 3.0  # 18 pt, or 14 pt bold
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
WHITE = (1.0, 1.0, 1.0)

Check = Callable[..., list[Problem]]


class TreeView:
    """One walk of a finished structure tree, shared by the checks of one `check_accessibility` call.

    Each structure check needs the elements in reading order and each
    element's kids (children and drawn content merged); walking the tree
    and merging kids once per check made the checks several times slower
    than the walk. A check called on its own makes its own view, so a
    tree changed between calls is always checked as it is.
    """

    def __init__(self, root: StructNode) -> None:
        self.nodes: list[StructNode] = []  # every element, in reading order (as StructNode.walk)
        self.kids: dict[StructNode, list[Marked | Annotation | StructNode]] = {}
        stack = [root]
        while stack:
            node = stack.pop()
            kids = node.kids()
            self.nodes.append(node)
            self.kids[node] = kids
            below = [kid for kid in kids if isinstance(kid, StructNode)]
            below.reverse()
            stack.extend(below)
        # Children come after their parent in reading order, so going backwards answers them first.
        self.content: dict[StructNode, bool] = {}
        for node in reversed(self.nodes):
            self.content[node] = self._holds_content(self.kids[node])

    def _holds_content(self, kids: list[Marked | Annotation | StructNode]) -> bool:
        """Whether any kid is drawn content or an element holding some (a loop: ``any`` over a generator
        stopped early throws GeneratorExit into it, once per element of every build)."""
        content = self.content
        for kid in kids:  # noqa: SIM110  (a loop, not any(): see the docstring)
            if not isinstance(kid, StructNode) or content[kid]:
                return True
        return False

    def below(self, node: StructNode) -> list[StructNode]:
        """``node`` and every element under it, in reading order."""
        found, stack = [], [node]
        while stack:
            current = stack.pop()
            found.append(current)
            below = [kid for kid in self.kids[current] if isinstance(kid, StructNode)]
            below.reverse()
            stack.extend(below)
        return found


def _has_annotation(kids: list[Marked | Annotation | StructNode]) -> bool:
    """Whether a Link holds its annotation (a loop, as `TreeView._holds_content`)."""
    for kid in kids:  # noqa: SIM110  (a loop, not any(): see the docstring)
        if isinstance(kid, Annotation):
            return True
    return False


def _problem(file: str, where: str, what: str, fix: str) -> Problem:
    return Problem(file, 0, where, what, fix)


def _tree(rendered: Rendered) -> Tagger | None:
    return rendered.tagger if rendered.tagged else None


def _view(rendered: Rendered, view: TreeView | None) -> TreeView | None:
    """The given view of the rendered structure tree, else a fresh one (None when untagged)."""
    tagger = _tree(rendered)
    if tagger is None:
        return None
    return view if view is not None else TreeView(tagger.root)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _label(node: StructNode) -> str:
    """How a problem names an element: its role and the start of its text."""
    text = node.text or " ".join(n.text for n in node.walk() if n.text)
    return f'{node.role} "{_short(text)}"' if text.strip() else node.role


# -- structure ------------------------------------------------------------------


def check_tagged(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """The PDF has a structure tree with content in it."""
    tree = _view(rendered, view)
    if tree is None:
        return []
    if not tree.content[tree.nodes[0]]:
        return [_problem(file, "tags", "the structure tree is empty", "the layout must produce some content")]
    return []


def check_language_and_title(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """A document title (shown in the title bar) and a well-formed language tag."""
    if _tree(rendered) is None:
        return []
    problems = []
    if not rendered.title.strip():
        problems.append(_problem(file, "<handout title>", "the document has no title", 'give <handout title="...">'))
    if not _LANGUAGE.match(rendered.language or ""):
        problems.append(
            _problem(
                file,
                "<handout lang>",
                f"'{rendered.language}' is not a language tag",
                "set language in the brand or lang on <handout>, e.g. en-US",
            )
        )
    return problems


def check_marked_content(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """Every mark on every page is content (with an MCID) or an artifact."""
    tagger = _tree(rendered)
    if tagger is None:
        return []
    problems = []
    for page, found in sorted(tagger.unmarked.items()):
        if found:
            ops = ", ".join(f"{count} {op}" for op, count in sorted(found.items()))
            problems.append(
                _problem(
                    file,
                    f"page {page + 1}",
                    f"drawing outside any tag or artifact ({ops} operators)",
                    "a builder draws without ctx.tagger.wrap or ctx.tagger.artifact; this is a bug in handouts",
                )
            )
    return problems


def check_mcids(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """Each MCID belongs to exactly one element, the one the ParentTree names for it."""
    tree = _view(rendered, view)
    if tree is None:
        return []
    tagger = rendered.tagger
    assert tagger is not None
    seen: dict[tuple[int, int], StructNode] = {}
    problems = []
    for node in tree.nodes:
        for kid in tree.kids[node]:
            if type(kid) is Marked:
                key = (kid.page, kid.mcid)
                owners = tagger.pages.get(kid.page, [])
                if key in seen or kid.mcid >= len(owners) or owners[kid.mcid] is not node:
                    problems.append(
                        _problem(
                            file,
                            f"page {kid.page + 1}",
                            f"MCID {kid.mcid} of {_label(node)} does not resolve through the ParentTree",
                            "this is a bug in handouts' tagging",
                        )
                    )
                seen[key] = node
    for page, owners in tagger.pages.items():
        for mcid, owner in enumerate(owners):
            if (page, mcid) not in seen:
                problems.append(
                    _problem(
                        file,
                        f"page {page + 1}",
                        f"MCID {mcid} ({_label(owner)}) is not in the structure tree",
                        "this is a bug in handouts' tagging",
                    )
                )
    return problems


def check_no_empty_elements(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """No structure element without content (an empty cell in a row with content holds its column)."""
    tree = _view(rendered, view)
    if tree is None:
        return []
    content = tree.content
    return [
        _problem(file, node.role, f"{_label(node)} is an empty structure element", "this is a bug in handouts")
        for node in tree.nodes
        if not content[node]
        # (a cell's parent row is in the view: the view holds every element under the root)
        and not (node.role in ("TH", "TD") and node.parent is not None and content[node.parent])
    ]


def check_figures(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """Every Figure (image, QR code, chart, diagram) has alt text."""
    tree = _view(rendered, view)
    if tree is None:
        return []
    return [
        _problem(
            file,
            "Figure",
            "a figure has no alt text, so a screen reader cannot say what it shows",
            'give the element an alt="..." describing what it shows',
        )
        for node in tree.nodes
        if node.role == "Figure" and not (node.alt or "").strip()
    ]


def check_tables(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """Tables have header cells, and each header cell says what it heads (Scope)."""
    tree = _view(rendered, view)
    if tree is None:
        return []
    problems = []
    for table in (n for n in tree.nodes if n.role == "Table"):
        cells = [n for n in tree.below(table) if n.role in ("TH", "TD")]
        headers = [n for n in cells if n.role == "TH"]
        if cells and not headers:
            problems.append(
                _problem(
                    file,
                    f"<table> {_label(table)}",
                    "the table has no header cells",
                    "make the first row <th> cells (header-rows=1), or the first cell of each row a <th>",
                )
            )
        for header in headers:
            if "Scope" not in header.attrs and "Headers" not in header.attrs:
                problems.append(
                    _problem(
                        file, f"<th> {_label(header)}", "the header cell has no Scope", 'give scope="col" or "row"'
                    )
                )
    return problems


def check_reading_order(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """Walking the structure tree meets the content in markup order.

    Every wrapper is numbered as builders make it, in markup order; the tree
    (what a screen reader follows) must meet those numbers rising, whatever
    order the pages and columns were drawn in.
    """
    tree = _view(rendered, view)
    if tree is None:
        return []
    last_seq, last_node = 0, None
    for node, kid in _marked_in_reading_order(tree):
        if kid.seq:
            if kid.seq < last_seq and last_node is not None:
                return [
                    _problem(
                        file,
                        "reading order",
                        f"{_label(node)} is read after {_label(last_node)} but comes before it in the markup",
                        "this is a bug in handouts' tagging",
                    )
                ]
            last_seq, last_node = kid.seq, node
    return []


def _marked_in_reading_order(tree: TreeView) -> Iterator[tuple[StructNode, Marked]]:
    """Each element's marked content as a reader meets it: depth first over the kids, children in place.

    An element's own content and its child elements are interleaved (text
    after a nested list comes after the list), so visiting each element's
    content before its children would misread a correct tree.
    """
    root = tree.nodes[0]
    stack = [(root, iter(tree.kids[root]))]
    while stack:
        node, kids = stack[-1]
        kid = next(kids, None)
        if kid is None:
            stack.pop()
        elif isinstance(kid, StructNode):
            stack.append((kid, iter(tree.kids[kid])))
        elif type(kid) is Marked:
            yield node, kid


def check_links(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """Each Link element holds its annotation; each link says where it goes."""
    tree = _view(rendered, view)
    if tree is None:
        return []
    problems = []
    for node in (n for n in tree.nodes if n.role == "Link"):
        if not _has_annotation(tree.kids[node]):
            problems.append(
                _problem(file, f"<a> {_label(node)}", "the link has no annotation", "this is a bug in handouts")
            )
    return problems


def check_form_fields(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """Form fields have a tooltip (TU), which is what a screen reader announces for them."""
    tree = _view(rendered, view)
    if tree is None:
        return []
    problems = []
    for node in (n for n in tree.nodes if n.role == "Form"):
        widgets = [k for k in tree.kids[node] if isinstance(k, Annotation)]
        if not widgets:
            problems.append(_problem(file, "Form", "a form element has no form field", "this is a bug in handouts"))
        described = (node.tooltip or node.alt or "").strip()
        for widget in widgets:
            if not described and "TU" not in widget.obj:
                problems.append(
                    _problem(
                        file,
                        "form field",
                        "a form field (checkbox) has no tooltip naming it",
                        "give the checklist item text, which becomes the field's tooltip",
                    )
                )
    return problems


# -- contrast -------------------------------------------------------------------


def _background(box: DrawnBox, fills: Iterable[Fill]) -> tuple[float, float, float]:
    """The colour under the middle of ``box``: the last fill drawn there, else the white paper."""
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    color = WHITE
    for fill in fills:
        if fill.page == box.page and fill.x0 <= cx <= fill.x1 and fill.y0 <= cy <= fill.y1:
            color = fill.color
    return color


def _rgb(color: tuple[float, float, float]) -> RGB:
    return RGB(*(round(c * 255) for c in color))


def is_large(size: float, bold: bool) -> bool:
    """WCAG "large text": 18 pt, or 14 pt bold."""
    return size >= 18 or (bold and size >= 14)


def check_contrast(rendered: Rendered, file: str, view: TreeView | None = None) -> list[Problem]:
    """Text is at least 4.5:1 against what it is printed on (3:1 when large), as WCAG 2.1 AA asks.

    Colours come from the paragraphs themselves (every inline colour too) and
    the background from the fills drawn under them (table shading, call-out
    boxes); page furniture is checked with the brand when it is loaded.
    """
    tagger = rendered.tagger
    if tagger is None:
        return []
    fills: dict[int, list[Fill]] = {}
    for fill in tagger.fills:
        fills.setdefault(fill.page, []).append(fill)
    ratios: dict[tuple, float] = {}  # (text colour, background) -> contrast, worked out once per pair
    failures: dict[tuple, DrawnBox] = {}
    for box in tagger.boxes:
        if not box.runs:
            continue
        background = _background(box, fills.get(box.page, ()))
        for run in box.runs:
            pair = (run.color, background)
            ratio = ratios.get(pair)
            if ratio is None:
                ratio = ratios[pair] = contrast(_rgb(run.color), _rgb(background))
            need = LARGE_TEXT_RATIO if is_large(run.size, run.bold) else TEXT_RATIO
            if ratio < need:
                failures.setdefault((_rgb(run.color), _rgb(background), need), box)
    problems = []
    for (fg, bg, need), box in failures.items():
        ratio = contrast(fg, bg)
        problems.append(
            _problem(
                file,
                f'{box.role} "{_short(box.text)}" on page {box.page + 1}',
                f"text colour {fg.hex} on {bg.hex} has contrast {ratio:.2f}:1, below the {need:g}:1 WCAG AA asks for",
                "use a darker text colour or a lighter background in the brand (colors.text, colors.background)",
            )
        )
    return problems


CHECKS: tuple[Check, ...] = (
    check_tagged,
    check_language_and_title,
    check_marked_content,
    check_mcids,
    check_no_empty_elements,
    check_figures,
    check_tables,
    check_reading_order,
    check_links,
    check_form_fields,
    check_contrast,
)


def check_accessibility(rendered: Rendered, file: str, brand_file: str | None = None) -> list[Problem]:
    """Every check above, in order; an empty list means the handout passes.

    ``file`` is the layout, named by structure problems; contrast problems
    name ``brand_file`` when given, since the colours come from the brand.
    """
    view = TreeView(rendered.tagger.root) if rendered.tagged and rendered.tagger is not None else None
    problems: list[Problem] = []
    for run in CHECKS:
        problems += run(rendered, brand_file or file if run is check_contrast else file, view)
    return problems


@check("accessibility-build", modes=("drawn",))
def accessibility_of_drawing(doc: Document) -> list[Problem]:
    """Inspection hook: the checks above on what the renderer recorded.

    A handout from `build.render_handout` has passed them already (it is
    refused otherwise) and nothing changes it after, so they are not run twice.
    """
    rendered = doc.rendered
    if rendered is None or rendered.accessibility_passed:
        return []
    return check_accessibility(rendered, doc.name)
