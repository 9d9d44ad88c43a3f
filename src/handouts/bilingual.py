"""One PDF holding several editions of a handout (``--lang en,es``): each part as built alone, in order.

Each edition is built, checked and inspected exactly as a one-language
build is; this only joins the finished files, so the parts cannot differ
from what ``--lang es`` alone prints. Joining keeps them accessible:

- each edition's ``Document`` element becomes a ``Part`` carrying its own
  /Lang, under one new ``Document``, so a screen reader switches voice at
  the second part;
- the second part's ParentTree keys (its pages' /StructParents and its
  annotations' /StructParent) move past the first's, and its form fields
  get the language as a prefix (two fields may not share a name);
- each part starts on an odd page, a blank page added where the part
  before ends on an odd one, so a duplex print puts each on its own sheet.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from handouts.subsettags import retag_subsets


@dataclass(frozen=True, slots=True)
class EditionPdf:
    """One edition's finished PDF, its /Lang tag and title."""

    pdf: bytes
    language: str
    title: str


def combine_editions(parts: list[EditionPdf]) -> tuple[bytes, list[int]]:
    """The parts in one PDF, and the page (0-based) each part starts on."""
    base = pikepdf.open(io.BytesIO(parts[0].pdf))
    tree = base.Root.StructTreeRoot
    document = base.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=tree, K=Array()))
    _as_part(tree.K, parts[0].language, document)
    nums: list[Any] = list(tree.ParentTree.Nums)
    next_key = int(tree.ParentTreeNextKey)
    starts = [0]
    for part in parts[1:]:
        if len(base.pages) % 2:
            box = base.pages[-1].mediabox  # (pikepdf 9.10's arrays take no slices)
            width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
            blank = base.add_blank_page(page_size=(width, height))
            # pikepdf gives the blank page an empty stream that is saved as zero bytes marked Flate-compressed,
            # which Ghostscript reports as a drawing error: a page of no content has no content stream.
            del blank.obj.Contents
        starts.append(len(base.pages))
        other = pikepdf.open(io.BytesIO(part.pdf))
        prefix = part.language.split("-")[0].lower() + "--"
        for page in other.pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + next_key
                if "/T" in annotation:  # a form field (widget and field in one): names must be unique
                    annotation.T = String(prefix + str(annotation.T))
        with warnings.catch_warnings():
            # pikepdf warns that forms and links may not survive pages.extend: the fields are added to the
            # AcroForm below, and links point at pages by object, which the copy maps (tests read both back).
            warnings.simplefilter("ignore", getattr(pikepdf, "PageCopyWarning", UserWarning))
            base.pages.extend(other.pages)
        other_tree = other.Root.StructTreeRoot
        element = base.copy_foreign(other_tree.K)
        _as_part(element, part.language, document)
        pairs = list(other_tree.ParentTree.Nums)
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            copied = (
                Array([base.copy_foreign(v) for v in value]) if isinstance(value, Array) else base.copy_foreign(value)
            )
            nums += [int(key) + next_key, copied]
        next_key += int(other_tree.ParentTreeNextKey)
        if "/AcroForm" in other.Root:
            fields = [base.copy_foreign(f) for f in other.Root.AcroForm.get("/Fields", [])]
            if "/AcroForm" not in base.Root:
                base.Root.AcroForm = base.make_indirect(Dictionary(Fields=Array()))
            base.Root.AcroForm.Fields.extend(fields)
    tree.K = document
    tree.ParentTree = base.make_indirect(Dictionary(Nums=Array(nums)))
    tree.ParentTreeNextKey = next_key
    title = " / ".join(p.title for p in parts)
    base.docinfo[Name.Title] = String(title)
    with base.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
    # Each edition's subsets are tagged from AAAAAA: two different fonts of one name in one file,
    # which preflight tools and some RIPs take for one font.
    retag_subsets(base)
    out = io.BytesIO()
    # Fixed object order and no random /ID: two builds of the same editions give the same bytes.
    base.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue(), starts


def _as_part(element: pikepdf.Object, language: str, document: pikepdf.Object) -> None:
    element.S = Name.Part
    element.Lang = String(language)
    element.P = document
    document.K.append(element)
