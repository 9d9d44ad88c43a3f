"""Write the structure tree and PDF/UA catalog entries into a ReportLab document.

Called once, after the last page is finished and before the file is
formatted. Objects are ReportLab's own PDF objects, so tagging costs no
second pass over the file and no extra library at build time.

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

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFStream, PDFString

from handouts.tagging import rlcompat
from handouts.tagging.pdfobjects import PlainDict
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
    prune(tagger.root)
    walked = _walk(tagger.root)
    refs: list[PDFObjectReference] = []
    for number, (node, _) in enumerate(walked):
        node.id = number
        refs.append(PDFObjectReference(f"SE{number}"))
    struct_parents: list[tuple[int, StructNode]] = []
    tree_root = PDFObjectReference("StructTreeRoot")
    for node, kids in walked:
        if node.role not in STANDARD_TYPES:
            raise ValueError(f"structure type {node.role!r} is not a standard PDF structure type")
        parent = refs[node.parent.id] if node.parent is not None else tree_root
        doc.Reference(PlainDict(_element(node, kids, parent, refs)), f"SE{node.id}")
        for annotation in node.annotations:
            key = page_count + len(struct_parents)
            struct_parents.append((key, node))
            _finish_annotation(annotation, node, key, tagger)

    nums: list[Any] = []
    for page in range(page_count):
        nums += [page, PDFArray([refs[owner.id] for owner in tagger.pages.get(page, [])])]
    for key, node in struct_parents:
        nums += [key, refs[node.id]]
    doc.Reference(PlainDict({"Nums": PDFArray(nums)}), "ParentTree")
    root = PDFDictionary(
        {
            "Type": PDFName("StructTreeRoot"),
            "K": refs[tagger.root.id],
            "ParentTree": PDFObjectReference("ParentTree"),
            "ParentTreeNextKey": page_count + len(struct_parents),
        }
    )
    doc.Reference(root, "StructTreeRoot")
    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference("StructTreeRoot")
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(language)
    catalog.Metadata = _xmp(title, language)
    canvas.setViewerPreference("DisplayDocTitle", "true")


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


_STRUCT_ELEM = PDFName("StructElem")
_ROLES = {role: PDFName(role) for role in STANDARD_TYPES}
_MCR = PDFName("MCR")
_OBJR = PDFName("OBJR")
_PAGES: dict[int, PDFObjectReference] = {}


def _page_ref(page: int) -> PDFObjectReference:
    ref = _PAGES.get(page)
    if ref is None:  # the same for every document (ReportLab names pages Page1, Page2...)
        ref = _PAGES[page] = PDFObjectReference(f"Page{page + 1}")
    return ref


def _element(
    node: StructNode, kids: list[Any], parent: PDFObjectReference, refs: list[PDFObjectReference]
) -> dict[str, Any]:
    entries: dict[str, Any] = {"Type": _STRUCT_ELEM, "S": _ROLES[node.role], "P": parent}
    first_page = next((kid.page for kid in kids if type(kid) is not StructNode), None)
    if first_page is not None:
        entries["Pg"] = _page_ref(first_page)
    k: list[Any] = []
    for kid in kids:
        kind = type(kid)
        if kind is StructNode:
            k.append(refs[kid.id])
        elif kind is Marked:
            if kid.page == first_page:
                k.append(kid.mcid)
            else:
                k.append(PlainDict({"Type": _MCR, "Pg": _page_ref(kid.page), "MCID": kid.mcid}))
        else:
            k.append(PlainDict({"Type": _OBJR, "Pg": _page_ref(kid.page), "Obj": PDFObjectReference(kid.ref)}))
    if len(k) == 1:
        entries["K"] = k[0]
    elif k:
        entries["K"] = PDFArray(k)
    if node.alt and node.role != "Table":
        entries["Alt"] = PDFString(node.alt)
    if node.lang:
        entries["Lang"] = PDFString(node.lang)
    if node.attrs or node.role in ("Table", "Figure", "Formula"):
        attributes = _attributes(node)
        if len(attributes) == 1:
            entries["A"] = attributes[0]
        elif attributes:
            entries["A"] = PDFArray(attributes)
    return entries


def _attributes(node: StructNode) -> list[PDFDictionary]:
    """Attribute dictionaries: the builder's (Table owner: Scope, ColSpan...), table summary, figure BBox."""
    out: list[PDFDictionary] = []
    given = {k: v for k, v in node.attrs.items() if k != "owner"}
    if node.role == "Table" and node.alt:
        given["Summary"] = node.alt
    if given:
        owner = node.attrs.get("owner", "Table")
        values = {k: _attribute_value(k, v) for k, v in given.items()}
        out.append(PlainDict({"O": PDFName(owner), **values}))
    if node.role in ("Figure", "Formula") and node.bbox is not None:
        _, x0, y0, x1, y1 = node.bbox
        out.append(PlainDict({"O": PDFName("Layout"), "BBox": PDFArray([round(v, 2) for v in (x0, y0, x1, y1)])}))
    return out


def _attribute_value(key: str, value: Any) -> Any:
    """Names stay names (Scope /Column), text stays text (Summary), numbers stay numbers (ColSpan)."""
    if isinstance(value, str):
        return PDFString(value) if key == "Summary" else PDFName(value)
    return value


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
