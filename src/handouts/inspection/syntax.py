"""qpdf's structural check of a PDF file, with each distinct content stream parsed once.

pikepdf's `Pdf.check_pdf_syntax` follows ``qpdf --check`` step by step:
document structures, every stream decoded and discarded, then every page's
content parsed. The last step calls back into Python for each token of each
page: 6 s for a 1,588-page print file whose pages have 24 different
contents between them. Parsing depends on the content streams
alone, so pages that share them (copies in a print file) are parsed once
here; everything else is pikepdf's own steps, in its order.

Those steps are pikepdf methods with a leading underscore; where a pikepdf
lacks them, the whole `check_pdf_syntax` runs instead (same findings, slower).
A damaged content shared by many pages is reported for the first of them.
"""

from __future__ import annotations

from io import StringIO
from typing import Any


def syntax_problems(pdf: Any) -> list[str]:
    """What qpdf finds structurally wrong with ``pdf``, as ``check_pdf_syntax`` words it."""
    import pikepdf

    if not (hasattr(pdf, "_check_document_structures") and hasattr(pdf, "_decode_all_streams_and_discard")):
        whole = getattr(pdf, "check_pdf_syntax", None) or pdf.check  # (pikepdf 9 calls it check)
        return [str(p) for p in whole()]

    class Discard(pikepdf.StreamParser):
        def __init__(self) -> None:
            super().__init__()

        def handle_object(self, *_args: Any) -> None:
            pass

        def handle_eof(self) -> None:
            pass

    problems: list[str] = []

    def collect_warnings() -> None:
        problems.extend("WARNING: " + warning for warning in pdf.get_warnings())

    if pdf.is_linearized:
        pending = pdf.get_warnings()
        pdf.check_linearization(StringIO())
        found = pdf.get_warnings()
        repeated = set(found)
        problems += ["WARNING: " + w for w in [w for w in pending if w not in repeated] + found]
    pdf._check_document_structures()
    if len(pdf.pages) == 0:
        collect_warnings()
        problems.append("ERROR: file does not contain any pages")
    pdf._decode_all_streams_and_discard(None)
    parsed: set[tuple] = set()
    for number, page in enumerate(pdf.pages, start=1):
        contents = page.obj.get("/Contents")
        parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
        key = tuple(_objgen(part) for part in parts)
        if None not in key and key in parsed:
            continue
        parsed.add(key)
        try:
            page.parse_contents(Discard())
        except pikepdf.PdfError as exc:
            collect_warnings()
            problems.append(f"ERROR: page {number}: {exc}")
    collect_warnings()
    return problems


def _objgen(obj: Any) -> tuple[int, int] | None:
    objgen = getattr(obj, "objgen", None)
    return objgen if objgen and objgen != (0, 0) else None
