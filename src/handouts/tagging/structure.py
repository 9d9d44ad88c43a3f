"""Write the structure tree and PDF/UA catalog entries into a ReportLab document.

Called once, after the last page is finished and before the file is
formatted. The tree's objects are registered with ReportLab's document
like any other, so tagging costs no second pass over the file and no extra
library at build time; each one's dictionary is formatted straight to the
bytes ReportLab would write (`pdfobjects.Prebuilt`), since a few hundred
elements built as ReportLab objects and formatted one value at a time made
writing the tree a large part of saving the file.

What is written, and why where it is not obvious:

- Every element in reading order, its content as MCIDs (MCR dictionaries
  when on another page than the element's /Pg) and annotations as OBJRs.
- Elements that drew nothing are dropped (no empty elements), except a
  table cell in a row that has content: an empty corner cell still holds
  its column, and dropping it would shift every header one place left.
- A table's caption is written as the /Summary table attribute, not /Alt:
  assistive technology reads /Alt *instead of* an element's content, which
  would hide the whole table behind one sentence.
- Figures carry a Layout /BBox (where they are on the page), which PDF 1.7
  asks for on figures and formulas.
- Annotations get /StructParent keys after the pages' keys, and the
  ParentTree maps each back to its Link or Form element. A link annotation
  without /Contents gets the link's text (or what the link is about, for a
  citation); a widget without /TU gets the Form element's tooltip.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFStream,
    PDFString,
)

from handouts.tagging import pdfobjects, rlcompat
from handouts.tagging.pdfobjects import Prebuilt
from handouts.tagging.tagger import Annotation, Marked, StructNode, Tagger

# Standard structure types the tree may use; anything else would need a RoleMap.
STANDARD_TYPES = frozenset(
    {
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "Warichu",
        "Figure",
        "Formula",
        "Form",
    }
)
CELLS = ("TH", "TD")


def prune(node: StructNode) -> bool:
    """Drop elements that drew nothing, keeping each kept item's place; True when ``node`` has content."""
    if not node.children:  # a leaf (most elements): every item goes to slot 0, as below with no children
        if node.items:
            node.items = [(0, item) for _, item in node.items if type(item) is not StructNode or prune(item)]
        return bool(node.items)
    keep = [prune(child) for child in node.children]
    has_content = any(keep)
    if node.role == "TR" and has_content:
        keep = [True] * len(keep)  # an empty cell still holds its column
    kept_before = [0]
    for flag in keep:
        kept_before.append(kept_before[-1] + flag)
    node.items = [
        (kept_before[min(slot, len(keep))], item)
        for slot, item in node.items
        if not isinstance(item, StructNode) or prune(item)
    ]
    node.children = [child for child, flag in zip(node.children, keep, strict=True) if flag]
    # Computed from the children's own answers: asking each kept child again would walk
    # the whole subtree once per level (quadratic on a two-page handout's ~1,500 nodes).
    return bool(node.items) or has_content


def write_structure(canvas: Any, tagger: Tagger, title: str, language: str, page_count: int) -> None:
    """Add StructTreeRoot, ParentTree, MarkInfo, Lang, DisplayDocTitle and XMP to the catalog."""
    doc = rlcompat.pdf_document(canvas)  # objects are registered on it by name
    if not isinstance(doc.encrypt, NoEncryption):  # a text's bytes would depend on its object's number
        raise ValueError("the structure tree is written as plain bytes and cannot be encrypted")
    prune(tagger.root)
    walked = _walk(tagger.root)
    for node, _ in walked:
        if node.role not in STANDARD_TYPES:
            raise ValueError(f"structure type {node.role!r} is not a standard PDF structure type")
    # Registered first, filled in once every element has its number (a parent names children after it).
    objects = [Prebuilt() for _ in walked]
    for number, ((node, _), obj) in enumerate(zip(walked, objects, strict=True)):
        node.id = number
        doc.Reference(obj, f"SE{number}")
    parent_tree, tree_root = Prebuilt(), Prebuilt()
    doc.Reference(parent_tree, "ParentTree")
    doc.Reference(tree_root, "StructTreeRoot")
    refs = _Refs(doc, len(walked))
    struct_parents: list[tuple[int, StructNode]] = []
    tree_root_ref = refs.named("StructTreeRoot")
    for (node, kids), obj in zip(walked, objects, strict=True):
        parent_node = node.parent
        parent = refs.elements[parent_node.id] if parent_node is not None else tree_root_ref
        obj.data = _element(node, kids, parent, refs)
        if not node.items:
            continue  # nothing drawn, so no annotations
        for annotation in node.annotations:
            key = page_count + len(struct_parents)
            struct_parents.append((key, node))
            _finish_annotation(annotation, node, key, tagger)
    parent_tree.data = _parent_tree(tagger, page_count, struct_parents, refs)
    tree_root.data = pdfobjects.dictionary(
        {
            "Type": b"/StructTreeRoot",
            "K": refs.elements[tagger.root.id],
            "ParentTree": refs.named("ParentTree"),
            "ParentTreeNextKey": b"%d" % (page_count + len(struct_parents)),
        }
    )
    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference("StructTreeRoot")
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(language)
    catalog.Metadata = _xmp(title, language)
    canvas.setViewerPreference("DisplayDocTitle", "true")


class _Refs:
    """Formatted references (``12 0 R``) to the elements and to other objects, each formatted once."""

    def __init__(self, doc: Any, count: int) -> None:
        self.doc = doc
        self.elements = [pdfobjects.reference(doc, f"SE{number}") for number in range(count)]
        self._pages: dict[int, bytes] = {}

    def named(self, name: str) -> bytes:
        return pdfobjects.reference(self.doc, name)

    def page(self, page: int) -> bytes:
        """The 0-based ``page`` (ReportLab names pages Page1, Page2...)."""
        ref = self._pages.get(page)
        if ref is None:
            ref = self._pages[page] = pdfobjects.reference(self.doc, f"Page{page + 1}")
        return ref


def _parent_tree(tagger: Tagger, page_count: int, struct_parents: list[tuple[int, StructNode]], refs: _Refs) -> bytes:
    """Each page's MCIDs to their elements in MCID order, then each annotation's key to its element."""
    nums: list[bytes] = []
    for page in range(page_count):
        nums += [b"%d" % page, pdfobjects.array([refs.elements[owner.id] for owner in tagger.pages.get(page, [])])]
    for key, node in struct_parents:
        nums += [b"%d" % key, refs.elements[node.id]]
    return pdfobjects.dictionary({"Nums": pdfobjects.array(nums)})


def _walk(root: StructNode) -> list[tuple[StructNode, list[Marked | Annotation | StructNode]]]:
    """Every element in reading order (as StructNode.walk) with its kids, each merged once."""
    walked = []
    stack = [root]
    while stack:
        node = stack.pop()
        kids = node.kids()
        walked.append((node, kids))
        below = [kid for kid in kids if isinstance(kid, StructNode)]
        below.reverse()
        stack.extend(below)
    return walked


_ROLES = {role: pdfobjects.name(role) for role in STANDARD_TYPES}


def _element(node: StructNode, kids: list[Any], parent: bytes, refs: _Refs) -> bytes:
    """The StructElem dictionary of ``node``, formatted."""
    entries = {"Type": b"/StructElem", "S": _ROLES[node.role], "P": parent}
    first_page = None
    for kid in kids:
        if type(kid) is not StructNode:
            first_page = kid.page
            break
    if first_page is not None:
        entries["Pg"] = refs.page(first_page)
    k: list[bytes] = []
    for kid in kids:
        kind = type(kid)
        if kind is StructNode:
            k.append(refs.elements[kid.id])
        elif kind is Marked:
            if kid.page == first_page:
                k.append(b"%d" % kid.mcid)
            else:
                k.append(pdfobjects.dictionary({"Type": b"/MCR", "Pg": refs.page(kid.page), "MCID": b"%d" % kid.mcid}))
        else:
            k.append(pdfobjects.dictionary({"Type": b"/OBJR", "Pg": refs.page(kid.page), "Obj": refs.named(kid.ref)}))
    if len(k) == 1:
        entries["K"] = k[0]
    elif k:
        entries["K"] = pdfobjects.array(k)
    doc = refs.doc
    if node.alt and node.role != "Table":
        entries["Alt"] = pdfobjects.value(PDFString(node.alt), doc)
    if node.lang:
        entries["Lang"] = pdfobjects.value(PDFString(node.lang), doc)
    if node.attrs or node.role in ("Table", "Figure", "Formula"):
        attributes = _attributes(node, doc)
        if len(attributes) == 1:
            entries["A"] = attributes[0]
        elif attributes:
            entries["A"] = pdfobjects.array(attributes)
    return pdfobjects.dictionary(entries)


def _attributes(node: StructNode, doc: Any) -> list[bytes]:
    """Attribute dictionaries: the builder's (Table owner: Scope, ColSpan...), table summary, figure BBox."""
    out: list[bytes] = []
    given = {k: v for k, v in node.attrs.items() if k != "owner"}
    if node.role == "Table" and node.alt:
        given["Summary"] = node.alt
    if given:
        owner = node.attrs.get("owner", "Table")
        values = {k: _attribute_value(k, v, doc) for k, v in given.items()}
        out.append(pdfobjects.dictionary({"O": pdfobjects.name(owner), **values}))
    if node.role in ("Figure", "Formula") and node.bbox is not None:
        _, x0, y0, x1, y1 = node.bbox
        box = pdfobjects.array([pdfobjects.value(round(v, 2), doc) for v in (x0, y0, x1, y1)])
        out.append(pdfobjects.dictionary({"O": b"/Layout", "BBox": box}))
    return out


def _attribute_value(key: str, value: Any, doc: Any) -> bytes:
    """Names stay names (Scope /Column), text stays text (Summary), numbers stay numbers (ColSpan)."""
    if isinstance(value, str):
        return pdfobjects.value(PDFString(value), doc) if key == "Summary" else pdfobjects.name(value)
    return pdfobjects.value(value, doc)


def _finish_annotation(annotation: Annotation, node: StructNode, key: int, tagger: Tagger) -> None:
    obj = annotation.obj
    obj["StructParent"] = key
    if annotation.kind == "Link" and "Contents" not in obj:
        obj["Contents"] = PDFString(_link_description(node, tagger))
    if annotation.kind == "Widget" and "TU" not in obj:
        tooltip = node.tooltip or node.alt
        if tooltip:
            obj["TU"] = PDFString(tooltip)


def _link_description(node: StructNode, tagger: Tagger) -> str:
    """What a link is, in words: a registered description, else its text, else where it goes."""
    described = tagger.link_descriptions.get(node.target)
    if described:
        return described
    text = " ".join(node.text.split())
    if node.alt:
        return node.alt
    if text:
        return text
    parent = node.parent
    while parent is not None and not (parent.alt or parent.text):
        parent = parent.parent
    if parent is not None:
        return f"{parent.alt or parent.text} ({node.target})" if node.target else parent.alt or parent.text
    return node.target or "link"


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _xmp(title: str, language: str) -> PDFStream:
    """XMP metadata with the PDF/UA-1 identifier; dates are omitted so builds stay byte-identical."""
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_escape_xml(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{_escape_xml(language)}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>handouts</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet.encode("utf-8"), filters=[]
    )
