"""Is a PDF accessible, and if not, why not? Checks on any PDF file, read back with pikepdf.

`accessibility` checks a handout while it is built, from what the renderer
knows; this module checks a finished file, whoever made it, so
``handouts inspect`` can say whether a PDF (ours, or one an office got
elsewhere) can be posted on a school website. The checks are the same ones:
tagged, language and title, every mark inside marked content or an
artifact, MCIDs resolving through the ParentTree, no empty elements, figures
with alt text, tables with scoped header cells, links and form fields in
their elements with a description, and text contrast.

What a finished file cannot tell: whether the structure tree's order is the
order the author meant (there is no markup to compare with; our own builds
check that while building), and contrast over images (text on a photo is
skipped, not guessed). Contrast is judged against the last filled shape
drawn under the start of each text run, else white paper.

What a file is decides what is said about an untagged one (`inspection.origin`):
our print file is untagged by design, for paper, so it is named as such and
its accessibility is not audited (its individual PDFs are the accessible
ones); an untagged handout of ours was built with ``--no-tags``; any other
untagged PDF is "not tagged: not accessible as a web document", with no
advice about options of ours that had nothing to do with making it.

Contrast is judged on the pages `inspection.pageplan` chooses (a print
file's copies once), and the file is opened through `inspection.limits`, so
a stream that decodes past the cap refuses it (`errors.UnsafePDF`) unread.

pikepdf is imported when a check runs, so building handouts never needs it.
``handouts inspect`` prints this audit's verdict and reasons beside its print
checks; it is not one of the registered print checks, so inspecting a PDF
from elsewhere only for printing stays as quiet as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import Problem
from handouts.inputs.colors import RGB, contrast
from handouts.inspection.accessibility import LARGE_TEXT_RATIO, TEXT_RATIO, is_large
from handouts.inspection.limits import DecodeLimits, open_checked
from handouts.inspection.origin import HANDOUT, PRINT_FILE, origin
from handouts.inspection.pageplan import DEFAULT_BUDGET, plan_pages

_LANGUAGE = re.compile(r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|x(?:-[A-Za-z0-9]{1,8})+)$")
CELLS = frozenset({"/TH", "/TD"})


@dataclass
class Audit:
    """The verdict on one PDF: accessible when no problem (warnings aside) was found."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    tagged: bool = False
    origin: str = ""  # inspection.origin: PRINT_FILE, HANDOUT or OTHER (empty: the file could not be read)

    @property
    def accessible(self) -> bool:
        return self.origin != PRINT_FILE and not any(not p.warning for p in self.problems)

    @property
    def summary(self) -> str:
        if self.origin == PRINT_FILE and not self.tagged:
            return (
                f"{self.file}: a print file: untagged by design, for paper; "
                "the individual PDFs (handouts print --individual) are the accessible ones"
            )
        if self.accessible:
            return f"{self.file}: accessible (tagged PDF, checks passed)"
        count = sum(not p.warning for p in self.problems)
        return f"{self.file}: not accessible ({count} problem{'s' if count != 1 else ''})"


@dataclass
class _Element:
    obj: Any
    role: str
    page: int | None
    parent: _Element | None
    kids: list[Any] = field(default_factory=list)  # ("mcid", page, n) | ("objr", page, obj) | _Element


def audit_pdf(
    source: Path | bytes,
    name: str | None = None,
    page_budget: int = DEFAULT_BUDGET,
    limits: DecodeLimits | None = None,
) -> Audit:
    """Check one PDF file (or its bytes); every problem found, as Problems naming the file.

    Raises `errors.UnsafePDF` for a file whose streams decode past ``limits``; ``page_budget`` is the most
    distinct pages whose contrast is judged (0: every one).
    """
    import pikepdf

    shown = name or (str(source) if isinstance(source, Path) else "PDF")
    data = source.read_bytes() if isinstance(source, Path) else source
    audit = Audit(shown)
    try:
        pdf = open_checked(data, shown, limits)
    except (pikepdf.PdfError, OSError) as exc:
        audit.problems.append(Problem(shown, 0, "", f"cannot read the PDF ({exc})", "check that it is a PDF file"))
        return audit
    with pdf:
        auditor = _Auditor(pdf, audit, page_budget)
        try:
            auditor.run()
        # The file is untrusted: an entry of the wrong type (an MCR without /MCID, a ParentTree entry that is
        # a number, StructParents that is a name) surfaces as one of these wherever the audit meets it.
        except (pikepdf.PdfError, AttributeError, TypeError, ValueError, KeyError, IndexError, RecursionError) as exc:
            detail = f"{type(exc).__name__}: {str(exc).strip()[:120]}"
            audit.problems.append(
                Problem(
                    shown,
                    0,
                    auditor.stage,
                    f"the PDF's {auditor.stage} cannot be read, an entry is missing or of the wrong type ({detail}); "
                    "the audit stopped there",
                    "the file is damaged or its tags were written wrongly; export it again from its source",
                )
            )
    return audit


class _Auditor:
    def __init__(self, pdf: Any, audit: Audit, page_budget: int) -> None:
        import pikepdf

        self.pikepdf = pikepdf
        self.pdf = pdf
        self.audit = audit
        self.page_budget = page_budget
        self.pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        self.role_map: dict[str, str] = {}
        self.stage = "document catalog"  # what is being read, for a file too malformed to read

    def problem(self, where: str, what: str, fix: str, warning: bool = False) -> None:
        self.audit.problems.append(Problem(self.audit.file, 0, where, what, fix, warning))

    def run(self) -> None:
        root = self.pdf.Root
        struct_root = root.get("/StructTreeRoot")
        mark_info = root.get("/MarkInfo")
        marked = bool(mark_info.get("/Marked")) if isinstance(mark_info, self.pikepdf.Dictionary) else False
        self.audit.origin = origin(self.pdf)
        tagged = struct_root is not None and marked
        if self.audit.origin == PRINT_FILE and not tagged:
            self.stage = "page content"  # for paper: only what a reader of the paper sees is judged
            self.check_contrast()
            return
        self.check_document()
        if not tagged:
            self.untagged()
            self.stage = "page content"
            self.check_contrast()
            return
        self.audit.tagged = True
        self.stage = "structure tree"
        role_map = struct_root.get("/RoleMap")
        if isinstance(role_map, self.pikepdf.Dictionary):
            self.role_map = {str(k): str(v) for k, v in role_map.items()}
        self.stage = "page content"
        content = self.check_content()
        self.stage = "structure tree"
        elements = self.read_tree(struct_root)
        self.check_mcids(struct_root, elements, content)
        self.check_elements(elements)
        self.stage = "annotations"
        self.check_annotations(struct_root, elements)
        self.stage = "page content"
        self.check_contrast()

    def untagged(self) -> None:
        if self.audit.origin == HANDOUT:
            self.problem(
                "document",
                "the PDF is not tagged (no structure tree): it was built with --no-tags, so a screen reader "
                "gets no headings, tables, lists or reading order",
                "for a copy to post on a website, build it again without --no-tags",
            )
            return
        self.problem(
            "document",
            "the PDF is not tagged (no structure tree), so it is not accessible as a web document: a screen "
            "reader gets no headings, tables, lists or reading order",
            "export it again as a tagged PDF from the program that made it, or tag it in an accessibility tool",
        )

    # -- catalog ------------------------------------------------------------------
    def check_document(self) -> None:
        root = self.pdf.Root
        lang = str(root.get("/Lang", "")).strip()
        if not lang:
            self.problem("document", "no document language (/Lang)", "set the language, e.g. en-US")
        elif not _LANGUAGE.match(lang):
            self.problem("document", f"'{lang}' is not a language tag", "use a tag such as en-US")
        title = str(self.pdf.docinfo.get("/Title", "")).strip() if "/Info" in self.pdf.trailer else ""
        if not title:
            self.problem("document", "no document title", "set the title (/Title in the document information)")
        prefs = root.get("/ViewerPreferences")
        if not (isinstance(prefs, self.pikepdf.Dictionary) and bool(prefs.get("/DisplayDocTitle"))):
            self.problem(
                "document",
                "viewers are not asked to show the title (DisplayDocTitle), so they show the file name",
                "set /ViewerPreferences << /DisplayDocTitle true >>",
            )
        metadata = root.get("/Metadata")
        text = metadata.read_bytes().decode("utf-8", "replace") if metadata is not None else ""
        if "pdfuaid" not in text and "/StructTreeRoot" in root:  # (an untagged file is reported as such)
            self.problem(
                "document",
                "the XMP metadata does not declare PDF/UA (pdfuaid:part)",
                "add the PDF/UA identifier to the XMP metadata",
                warning=True,
            )

    # -- page content -------------------------------------------------------------
    def check_content(self) -> dict[int, set[int]]:
        """MCIDs used on each page; problems for marks outside marked content."""
        from handouts.contentstream.marks import MarkedContent

        used: dict[int, set[int]] = {}
        for number, page in enumerate(self.pdf.pages):
            mcids: set[int] = set()
            content = MarkedContent(page)
            for mcid in content.mcids():
                if mcid in mcids:
                    self.problem(f"page {number + 1}", f"MCID {mcid} is used twice", "fix the tagging")
                mcids.add(mcid)
            used[number] = mcids
            outside = content.outside
            if outside:
                self.problem(
                    f"page {number + 1}",
                    f"{outside} drawing operation(s) are neither tagged content nor artifacts",
                    "tag them as content, or mark decoration as /Artifact",
                )
            if "/Annots" in page.obj and len(page.obj.Annots) and page.obj.get("/Tabs") != "/S":
                self.problem(
                    f"page {number + 1}",
                    "the page has annotations but its tab order (/Tabs) does not follow the structure",
                    "set /Tabs /S on the page",
                )
        return used

    # -- structure tree -------------------------------------------------------------
    def read_tree(self, struct_root: Any) -> list[_Element]:
        elements: list[_Element] = []
        seen: set[tuple[int, int]] = set()

        def visit(obj: Any, parent: _Element | None, page: int | None, depth: int) -> None:
            if depth > 200 or not isinstance(obj, self.pikepdf.Dictionary) or obj.objgen in seen:
                return
            if obj.objgen != (0, 0):
                seen.add(obj.objgen)
            if "/Pg" in obj:
                page = self.pages.get(obj.Pg.objgen, page)
            role = str(obj.get("/S", ""))
            element = _Element(obj, self.role_map.get(role, role), page, parent)
            elements.append(element)
            kids = obj.get("/K")
            for kid in kids if isinstance(kids, self.pikepdf.Array) else ([] if kids is None else [kids]):
                if isinstance(kid, int):
                    element.kids.append(("mcid", page, int(kid)))
                elif isinstance(kid, self.pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    kid_page = self.pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                    element.kids.append(("mcid", kid_page, int(kid.MCID)))
                elif isinstance(kid, self.pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    kid_page = self.pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                    element.kids.append(("objr", kid_page, kid.Obj))
                elif isinstance(kid, self.pikepdf.Dictionary):
                    before = len(elements)
                    visit(kid, element, page, depth + 1)
                    if len(elements) > before:
                        element.kids.append(elements[before])

        top = struct_root.get("/K")
        for kid in top if isinstance(top, self.pikepdf.Array) else ([] if top is None else [top]):
            visit(kid, None, None, 0)
        return elements

    def parent_tree(self, struct_root: Any) -> dict[int, Any]:
        out: dict[int, Any] = {}

        def visit(node: Any, depth: int) -> None:
            if depth > 50 or not isinstance(node, self.pikepdf.Dictionary):
                return
            nums = node.get("/Nums")
            if isinstance(nums, self.pikepdf.Array):
                for i in range(0, len(nums) - 1, 2):
                    out[int(nums[i])] = nums[i + 1]
            for kid in node.get("/Kids", []):
                visit(kid, depth + 1)

        visit(struct_root.get("/ParentTree"), 0)
        return out

    def check_mcids(self, struct_root: Any, elements: list[_Element], used: dict[int, set[int]]) -> None:
        parents = self.parent_tree(struct_root)
        referenced: dict[tuple[int, int], _Element] = {}
        for element in elements:
            for kid in element.kids:
                if isinstance(kid, tuple) and kid[0] == "mcid":
                    _, page, mcid = kid
                    if page is None or mcid not in used.get(page, set()):
                        self.problem(f"{element.role}", f"refers to MCID {mcid}, which no page has", "fix the tags")
                        continue
                    if (page, mcid) in referenced:
                        self.problem(f"page {page + 1}", f"MCID {mcid} belongs to two elements", "fix the tags")
                    referenced[(page, mcid)] = element
        for number, page in enumerate(self.pdf.pages):
            key = page.obj.get("/StructParents")
            owners = parents.get(int(key)) if key is not None else None
            for mcid in sorted(used.get(number, set())):
                tagged = referenced.get((number, mcid))
                if tagged is None:
                    self.problem(f"page {number + 1}", f"MCID {mcid} is in no structure element", "fix the tags")
                    continue
                if owners is None or mcid >= len(owners) or owners[mcid].objgen != tagged.obj.objgen:
                    self.problem(
                        f"page {number + 1}",
                        f"MCID {mcid} does not resolve through the ParentTree to its element",
                        "fix the ParentTree (and the page's /StructParents)",
                    )

    def check_elements(self, elements: list[_Element]) -> None:
        for element in elements:
            role, obj = element.role, element.obj
            where = f"{role.lstrip('/')}" + (f" on page {element.page + 1}" if element.page is not None else "")
            if not element.kids and role not in CELLS:
                self.problem(where, "an empty structure element", "remove it, or give it content")
            if role == "/Figure" and not (str(obj.get("/Alt", "")).strip() or str(obj.get("/ActualText", "")).strip()):
                self.problem(where, "a figure has no alt text", "give every figure a short description (/Alt)")
            if role == "/Table":
                cells = [e for e in elements if _inside(e, element) and e.role in CELLS]
                headers = [e for e in cells if e.role == "/TH"]
                if cells and not headers:
                    self.problem(where, "a table has no header cells (TH)", "mark the header row or column as TH")
                for header in headers:
                    if not _has_scope(header.obj, self.pikepdf):
                        self.problem(where, "a header cell has no Scope (or Headers)", "give each TH a Scope")

    def check_annotations(self, struct_root: Any, elements: list[_Element]) -> None:
        parents = self.parent_tree(struct_root)
        objr: dict[tuple[int, int], _Element] = {}
        for tagged in elements:
            for kid in tagged.kids:
                if isinstance(kid, tuple) and kid[0] == "objr":
                    objr[kid[2].objgen] = tagged
        for number, page in enumerate(self.pdf.pages):
            for annot in page.obj.get("/Annots", []):
                subtype = str(annot.get("/Subtype", ""))
                if subtype == "/Popup" or int(annot.get("/F", 0)) & 2:  # popups and hidden annotations are exempt
                    continue
                where = f"{subtype.lstrip('/')} annotation on page {number + 1}"
                element = objr.get(annot.objgen)
                key = annot.get("/StructParent")
                owner = parents.get(int(key)) if key is not None else None
                if element is None or getattr(owner, "objgen", None) != element.obj.objgen:
                    self.problem(where, "is not in the structure tree", "put it in a Link or Form element as an OBJR")
                    continue
                wanted = {"/Link": "/Link", "/Widget": "/Form"}.get(subtype, "/Annot")
                if element.role != wanted and subtype in ("/Link", "/Widget"):
                    self.problem(where, f"sits in a {element.role.lstrip('/')} element", f"tag it as {wanted[1:]}")
                if subtype == "/Link" and not (str(annot.get("/Contents", "")).strip() or element.obj.get("/Alt")):
                    self.problem(where, "has no description (/Contents)", "describe where the link goes")
                if subtype == "/Widget" and not _tooltip(annot):
                    self.problem(where, "has no tooltip (/TU)", "name the form field in its tooltip")

    # -- contrast -------------------------------------------------------------------
    def check_contrast(self) -> None:
        from handouts.contentstream.paint import paint_runs

        failures: dict[tuple, int] = {}
        for number in plan_pages(self.pdf, self.page_budget).read:
            for run in paint_runs(self.pdf.pages[number]):
                if run.background is None:  # on an image: cannot judge
                    continue
                fg, bg = RGB(*run.color), RGB(*run.background)
                need = LARGE_TEXT_RATIO if is_large(run.size, run.bold) else TEXT_RATIO
                if contrast(fg, bg) < need:
                    failures.setdefault((fg, bg, need), number)
        for (fg, bg, need), number in failures.items():
            self.problem(
                f"page {number + 1}",
                f"text colour {fg.hex} on {bg.hex} has contrast {contrast(fg, bg):.2f}:1, below {need:g}:1",
                "use a darker text colour or a lighter background",
            )


def _inside(element: _Element, ancestor: _Element) -> bool:
    parent = element.parent
    while parent is not None:
        if parent is ancestor:
            return True
        if parent.role == "/Table":
            return False
        parent = parent.parent
    return False


def _has_scope(obj: Any, pikepdf: Any) -> bool:
    if "/Headers" in obj:
        return True
    attributes = obj.get("/A")
    for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(attribute, pikepdf.Dictionary) and ("/Scope" in attribute or "/Headers" in attribute):
            return True
    return False


def _tooltip(annot: Any) -> bool:
    field_obj = annot
    for _ in range(20):
        if str(field_obj.get("/TU", "")).strip():
            return True
        if "/Parent" not in field_obj:
            return False
        field_obj = field_obj.Parent
    return False
