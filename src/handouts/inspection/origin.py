"""Where a PDF came from, as far as inspect needs to know: our print file, our handout, or anything else.

An untagged PDF is not accessible, but what to do about it depends on what
it is. The print file of `handouts print` is untagged by design (it is for
paper; docs/print-jobs.md), and the accessible copies are the individual
PDFs (``--individual``). A handout `handouts build` wrote untagged was built
with ``--no-tags``. Anything else was made by some other program, and only
that program (or an accessibility tool) can tag it. Inspect says which,
and advises only what fits.

Recognised from what the writers already put in the file:
- both write ``Creator handouts`` in the document information;
- the print file is assembled with pikepdf, and says so in its Producer
  (``handouts (pikepdf/qpdf)``); a handout's Producer is ``handouts``;
- should the Producer ever change, a print file still shows itself by its
  shape, which no handout has: pages that share one content stream (copies)
  or a personalised page's overlay (`jobs.printfile.OVERLAY`, ``/HdOverlay``).
"""

from __future__ import annotations

from typing import Any

PRINT_FILE = "print file"
HANDOUT = "handout"
OTHER = "other"
OVERLAY = "/HdOverlay"  # the name jobs.printfile.OVERLAY gives a personalised page's overlay


def origin(pdf: Any) -> str:
    """`PRINT_FILE`, `HANDOUT` (written by `handouts build`) or `OTHER`, for an open pikepdf ``pdf``."""
    info = pdf.docinfo if "/Info" in pdf.trailer else {}
    creator = str(info.get("/Creator", "")).strip()
    producer = str(info.get("/Producer", "")).strip()
    if not (creator.startswith("handouts") or producer.startswith("handouts")):
        return OTHER
    if "pikepdf" in producer or "qpdf" in producer or _assembled(pdf):
        return PRINT_FILE
    return HANDOUT


def _assembled(pdf: Any) -> bool:
    """Pages share a content stream, or one carries a personalised overlay: what only a print file does."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if isinstance(xobjects, pikepdf.Dictionary) and OVERLAY in xobjects:
            return True
        contents = page.obj.get("/Contents")
        for part in list(contents) if isinstance(contents, pikepdf.Array) else [contents]:
            if isinstance(part, pikepdf.Stream):
                if part.objgen in seen:
                    return True
                seen.add(part.objgen)
    return False
