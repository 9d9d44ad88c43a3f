"""Write the structure tree and PDF/UA catalog entries into a ReportLab document.

Called once, after the last page is finished and before the file is
formatted. Objects are ReportLab's own PDF objects, so tagging costs no
second pass over the file and no extra library at build time.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFStream, PDFString

from .pdfobjects import PlainDict
from .tagging import StructNode, Tagger

# Standard structure types the tree may use; anything else would need a RoleMap.
STANDARD_TYPES = {
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


def _prune(node: StructNode) -> bool:
    """Drop children that drew nothing; a structure element is never left empty."""
    node.children = [c for c in node.children if _prune(c)]
    return node.has_content() or (node.role == "Figure" and bool(node.alt) and bool(node.mcids))


def write_structure(canvas: Any, tagger: Tagger, title: str, language: str, page_count: int) -> None:
    """Add StructTreeRoot, ParentTree, MarkInfo, Lang, DisplayDocTitle and XMP to the catalog."""
    doc = canvas._doc  # ReportLab's PDFDocument; objects are registered on it by name
    _prune(tagger.root)
    nodes = list(tagger.root.walk())
    for number, node in enumerate(nodes):
        node.id = number

    def ref(node: StructNode) -> PDFObjectReference:
        return PDFObjectReference(f"SE{node.id}")

    def page_ref(page: int) -> PDFObjectReference:
        return PDFObjectReference(f"Page{page + 1}")

    for node in nodes:
        assert node.role in STANDARD_TYPES, node.role
        entries: dict[str, Any] = {"Type": PDFName("StructElem"), "S": PDFName(node.role)}
        entries["P"] = ref(node.parent) if node.parent is not None else PDFObjectReference("StructTreeRoot")
        first_page = node.mcids[0][0] if node.mcids else None
        if first_page is not None:
            entries["Pg"] = page_ref(first_page)
        kids: list[Any] = []
        # Content before children keeps reading order for nodes that hold both (e.g. LI text then a sub-list).
        for page, mcid in node.mcids:
            if page == first_page:
                kids.append(mcid)
            else:
                kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": page_ref(page), "MCID": mcid}))
        for page, annot_name in node.objrs:
            kids.append(
                PDFDictionary({"Type": PDFName("OBJR"), "Pg": page_ref(page), "Obj": PDFObjectReference(annot_name)})
            )
        kids.extend(ref(child) for child in node.children)
        if len(kids) == 1:
            entries["K"] = kids[0]
        elif kids:
            entries["K"] = PDFArray(kids)
        if node.alt:
            entries["Alt"] = PDFString(node.alt)
        if node.lang:
            entries["Lang"] = PDFString(node.lang)
        if node.attrs:
            entries["A"] = PDFDictionary(
                {
                    "O": PDFName(node.attrs.get("owner", "Table")),
                    # Names (Scope /Column) stay names; numbers (ColSpan, RowSpan) stay numbers.
                    **{k: PDFName(v) if isinstance(v, str) else v for k, v in node.attrs.items() if k != "owner"},
                }
            )
        doc.Reference(PlainDict(entries), f"SE{node.id}")

    nums: list[Any] = []
    for page in range(page_count):
        owners = tagger.pages.get(page, [])
        nums.append(page)
        nums.append(PDFArray([ref(owner) for owner in owners]))
    next_key = page_count
    for node in nodes:
        for _page, annot_name in node.objrs:
            struct_parent = canvas._annotation_struct_parents.get(annot_name)
            if struct_parent is not None:
                nums.append(struct_parent)
                nums.append(ref(node))
                next_key = max(next_key, struct_parent + 1)
    parent_tree = PlainDict({"Nums": PDFArray(nums)})
    doc.Reference(parent_tree, "ParentTree")
    root = PDFDictionary(
        {
            "Type": PDFName("StructTreeRoot"),
            "K": ref(tagger.root),
            "ParentTree": PDFObjectReference("ParentTree"),
            "ParentTreeNextKey": next_key,
        }
    )
    doc.Reference(root, "StructTreeRoot")
    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference("StructTreeRoot")
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(language)
    catalog.Metadata = _xmp(title, language)
    canvas.setViewerPreference("DisplayDocTitle", "true")


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
   <pdf:Producer>handouts (ReportLab)</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet.encode("utf-8"), filters=[]
    )
    return stream
