"""ReportLab's private attributes, read and written here and nowhere else.

handouts reaches into ReportLab where it offers no public way: the current
transformation matrix, the document a canvas writes to, a text object's
code and text state, a table's column widths. Each function below touches
one such attribute, and its docstring names it and the ReportLab versions it
was checked on: 5.0.0 (the oldest pyproject.toml allows, which CI's second
run uses) and 5.1.0, read in their source and run by the test suite; each
is also in 4.4.9, the minimum before. When ReportLab renames one, this
module is the one place to change; `tests/tagging/test_rlcompat.py` fails
when a name in `PRIVATE` is used anywhere else in handouts, and runs each
accessor on the installed ReportLab.

Private methods we override or provide, which cannot move here because
ReportLab calls them by name on our subclasses (`OVERRIDDEN`); each override
is a line that hands on to our own code:

- ``Canvas._setAnnotations(page)`` (`canvas.TaggingCanvas`): called as each
  page is finished; adds the page's StructParents and Tabs.
- ``Canvas._addAnnotation(annotation, name, addtopage)``
  (`canvas.TaggingCanvas`): every annotation passes through it; files it
  under its Link or Form element.
- ``PDFTextObject._textOut(text, TStar)`` (`canvas.SpacedText`,
  `canvas.TaggedText`): every run of text Paragraph writes; formatted by
  `quick_format_text`, and in a TaggedText held back so a link split can
  go in front of it.
- ``PDFTextObject._formatText(text)`` (`canvas.QuickText`, the base of
  our text objects): the Tj operators for a string, by `quick_format_text`.
- ``_linkRecord(link, kind)`` on a text object (`canvas.TaggedText`):
  Paragraph looks it up with ``getattr(tx, '_linkRecord', ...)`` and calls
  it where a link starts and ends inside a line.
- ``Table._splitCell(value, style, oldHeight, newHeight, width)``
  (`render.blocks.grid.PageTable`): splits one cell's content where a tall
  row breaks across pages; handed a style and width so the content is cut
  at its own width, inside the cell's padding.

All checked on 5.0.0 and 5.1.0 (and 4.4.9) with the meaning described here
(sources read at MrBitBucket/reportlab-mirror bc9f2863 "release version -->
5.0.0" and f17cecae "version --> 4.4.9", and in the installed 5.1.0).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfdoc import PDFPage
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus.paraparser import ParaFrag

Matrix = tuple[float, float, float, float, float, float]

# Every ReportLab private name handouts touches, here or (OVERRIDDEN) in its own subclasses.
PRIVATE = frozenset(
    {
        "_absRect",
        "_addAnnotation",
        "_annotationCount",
        "_argW",
        "_bookmarkReference",
        "_canvas",
        "_charSpace",
        "_code",
        "_colWidths",
        "_curSubset",
        "_currentMatrix",
        "_doSave",
        "_do_line",
        "_doc",
        "_doctemplate",
        "_escape",
        "_fillColorObj",
        "_fontname",
        "_fontsize",
        "_formatText",
        "_frame",
        "_height",
        "_horizScale",
        "_leading",
        "_linkRecord",
        "_nameSpace",
        "_pageNumber",
        "_processed_frags",
        "_setAnnotations",
        "_splitCell",
        "_startPage",
        "_textOut",
        "_tt_handlers",
        "_width",
        "_wordSpace",
        "__InternalName__",
        "__NoDefault__",
    }
)
OVERRIDDEN = frozenset({"_setAnnotations", "_addAnnotation", "_textOut", "_formatText", "_linkRecord", "_splitCell"})


# -- canvas ---------------------------------------------------------------------------------
def current_matrix(canvas: Any) -> Matrix:
    """``Canvas._currentMatrix``: the CTM as (a, b, c, d, e, f), kept up to date by every transform.

    Checked on reportlab 5.0.0 and 5.1.0 (set in ``init_graphics_state``, updated by ``transform``).
    """
    return canvas._currentMatrix


def canvas_font(canvas: Any) -> tuple[str, float]:
    """``Canvas._fontname`` and ``Canvas._fontsize``: the font ``drawString`` uses. Checked on 5.0.0 and 5.1.0."""
    return canvas._fontname, canvas._fontsize


def fill_color(canvas: Any) -> Any:
    """``Canvas._fillColorObj``: the fill colour last set (a Color, or a tuple). Checked on 5.0.0 and 5.1.0."""
    return canvas._fillColorObj


def pdf_document(canvas: Any) -> Any:
    """``Canvas._doc``: the PDFDocument the canvas writes to (objects are registered on it by name).

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    return canvas._doc


def set_document_page(canvas: Any, number: int) -> None:
    """``Canvas._doc.pageCounter``: the page the document thinks it is on (a link's /Dest, a field's /P).

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    canvas._doc.pageCounter = number


def page_code(canvas: Any) -> list[str]:
    """``Canvas._code``: the content-stream operators of the page being drawn. Checked on 5.0.0 and 5.1.0."""
    return canvas._code


def set_page_code(canvas: Any, code: list[str]) -> None:
    """``Canvas._code = code``: the page's operators from here on are appended to ``code`` (the print job's
    overlays take each student's operators on their own). Checked on 5.0.0 and 5.1.0."""
    canvas._code = code


def start_page(canvas: Any) -> None:
    """``Canvas._startPage()``: begin a new page without finishing the current one (showPage does both).

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    canvas._startPage()


def page_state(canvas: Any) -> dict[str, Any]:
    """A copy of the canvas's instance attributes: everything about the page being drawn.

    A Canvas keeps the page it is drawing (``_code``, ``_pageNumber``,
    ``_annotationCount``, the graphics state...) in plain instance
    attributes, so a page can be held and finished later by copying them.
    Checked on reportlab 5.0.0 and 5.1.0.
    """
    return dict(canvas.__dict__)


def annotation_count(canvas: Any) -> int:
    """``Canvas._annotationCount``: how many annotations are named so far (the next is ``annot<count+1>``).

    Kept with the page state, so it is read before a held page is put back. Checked on 5.0.0 and 5.1.0.
    """
    return canvas._annotationCount


def set_annotation_count(canvas: Any, count: int) -> None:
    """Set ``Canvas._annotationCount`` (see `annotation_count`). Checked on reportlab 5.0.0 and 5.1.0."""
    canvas._annotationCount = count


def restore_page_state(canvas: Any, state: dict[str, Any]) -> None:
    """Put back a page held with `page_state`. Checked on reportlab 5.0.0 and 5.1.0."""
    canvas.__dict__.update(state)


def forget_doc_template(canvas: Any) -> None:
    """Drop ``Canvas._doctemplate``, which BaseDocTemplate sets on the canvas while it builds.

    Held pages copy it (a reference cycle through the whole document).
    Checked on reportlab 5.0.0 and 5.1.0 (``doctemplate.BaseDocTemplate.build``).
    """
    canvas.__dict__.pop("_doctemplate", None)


def absolute_rect(canvas: Any, rect: Any, relative: int) -> list[float]:
    """``Canvas._absRect(rect, relative)``: a rectangle in page space, as ``linkRect`` computes it.

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    return canvas._absRect(rect, relative)


def bookmark_reference(canvas: Any, name: str) -> Any:
    """``Canvas._bookmarkReference(name)``: a reference to the named destination. Checked on 5.0.0 and 5.1.0."""
    return canvas._bookmarkReference(name)


def add_annotation(canvas: Any, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
    """``Canvas._addAnnotation(annotation, name, addtopage)``: register it and put it on the page.

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    canvas._addAnnotation(annotation, name, addtopage)


def annotation_name(annotation: Any) -> str:
    """``__InternalName__``: the name `_addAnnotation` registered the annotation under. Checked on 5.0.0 and 5.1.0."""
    return annotation.__InternalName__


def add_page_entries(page: PDFPage, entries: dict[str, Any]) -> None:
    """Extra keys on a page dictionary: ``PDFPage.__NoDefault__`` lists the keys a page writes.

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    page.__NoDefault__ = [*PDFPage.__NoDefault__, *entries]
    for key, value in entries.items():
        setattr(page, key, value)


# -- text objects ---------------------------------------------------------------------------
def text_code(text: Any) -> list[str]:
    """``PDFTextObject._code``: the operators written so far. Checked on reportlab 5.0.0 and 5.1.0.

    ``_formatText`` swaps it for a list of its own while it runs and puts it back.
    """
    return text._code


def set_text_code(text: Any, code: list[str]) -> None:
    """Replace ``PDFTextObject._code`` (with a list that notices appends). Checked on 5.0.0 and 5.1.0."""
    text._code = code


def format_text(text: Any, value: str) -> str:
    """``PDFTextObject._formatText(value)``: the Tj operators for ``value`` in the current font.

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    return text._formatText(value)


# Each byte of a subset's string as ReportLab's escapePDF writes it (every one ASCII).
_ESCAPED = tuple(escapePDF(bytes((byte,))) for byte in range(256))
# What an ASCII character no subset table knows yet becomes: not ASCII, so the fast path sees it.
_UNKNOWN = "\uffff"


class _SubsetCodes:
    """The escaped byte each character has in each subset of one TrueType font in one document.

    ReportLab gives a character its byte (and subset) the first time the
    document draws it (``TTFont.splitString``), and never changes it, so
    what is learned here stays true for the document. Kept on the document
    (`_subset_codes`), so it lives and dies with it.
    """

    __slots__ = ("font", "learned", "names", "tables")

    def __init__(self, font: TTFont) -> None:
        self.font = font
        self.tables: dict[int, dict[int, str]] = {}  # subset -> {ord(char): escaped byte}
        self.names: dict[int, str] = {}  # subset -> its font resource name, once ReportLab has made it
        self.learned = 0  # how many of the font's assignments are in the tables

    def table(self, subset: int) -> dict[int, str]:
        table = self.tables.get(subset)
        if table is None:
            table = self.tables[subset] = dict.fromkeys(range(128), _UNKNOWN)
        return table

    def learn(self, doc: Any, value: str) -> None:
        """Note the bytes ReportLab has given characters so far (``TTFont.State.assignments``), and ``value``'s.

        All of them, not only ``value``'s: the readable-ASCII subset is
        assigned up front, so after the first string every ASCII character
        is known. Assignments are only ever added, so the new ones are those
        past the count already learned.
        """
        assignments = self.font.state[doc].assignments
        if len(assignments) > self.learned:
            for code, byte in islice(assignments.items(), self.learned, None):
                if code != 0xA0:  # (never assigned: splitString looks a no-break space up as a space)
                    self.table(byte >> 8)[code] = _ESCAPED[byte & 0xFF]
            self.learned = len(assignments)
        char_to_glyph = self.font.face.charToGlyph
        for char in set(value):
            code = 32 if char == "\xa0" else ord(char)
            if code in assignments and code == ord(char):
                continue  # (learned above)
            byte = assignments.get(code)
            if byte is None:
                if code in char_to_glyph:
                    continue  # (not drawn yet: splitString would give it the next free byte)
                byte = 0  # a character the font lacks is byte 0 (.notdef)
            self.table(byte >> 8)[ord(char)] = _ESCAPED[byte & 0xFF]

    def name(self, subset: int, doc: Any) -> str:
        """``TTFont.getSubsetInternalName``; its first call registers the font with the document."""
        name = self.names.get(subset)
        if name is None:
            name = self.names[subset] = self.font.getSubsetInternalName(subset, doc)
        return name


def _subset_codes(doc: Any, font: TTFont) -> _SubsetCodes:
    """The document's `_SubsetCodes` for ``font`` (an attribute of our own on ReportLab's PDFDocument)."""
    fonts = doc.__dict__.get("handouts_subset_codes")
    if fonts is None:
        fonts = doc.handouts_subset_codes = {}
    codes = fonts.get(font)
    if codes is None:
        codes = fonts[font] = _SubsetCodes(font)
    return codes


def quick_format_text(text: Any, value: str) -> str:
    """What `format_text` returns (``PDFTextObject._formatText``), without its work per character.

    For a TrueType font, ReportLab looks every character up in the font's
    subset assignments and escapes the bytes (``TTFont.splitString``, then
    ``escapePDF``): most of drawing a paragraph's text. Characters it has
    already assigned are looked up here with one ``str.translate`` of a
    table of their escaped bytes; a string in one subset that the table
    fully knows is written as ReportLab writes it. Anything else (a new
    character, several subsets, a shaped string, a standard font, a canvas
    with its own ``_escape``) is ReportLab's own call, after which its new
    characters are learned (ReportLab's method itself: `canvas.QuickText`
    overrides it with this). ``_fontname``, ``_canvas``, ``_curSubset``,
    ``_fontsize`` and ``_leading`` of the text object, ``Canvas._doc`` and
    ``_escape``; checked on reportlab 5.0.0 and 5.1.0.
    """
    font = getFont(text._fontname)
    if type(font) is not TTFont or type(value) is not str or not value:
        return PDFTextObject._formatText(text, value)
    canvas = text._canvas
    if type(canvas)._escape is not Canvas._escape:
        return PDFTextObject._formatText(text, value)
    doc = canvas._doc
    codes = _subset_codes(doc, font)
    current = text._curSubset
    subset = current if current > 0 else 0
    table = codes.tables.get(subset)
    escaped = value.translate(table) if table is not None else _UNKNOWN
    if not escaped.isascii():
        formatted = PDFTextObject._formatText(text, value)
        codes.learn(doc, value)
        return formatted
    if subset == current:
        return f"({escaped}) Tj"
    text._curSubset = subset
    return f"{codes.name(subset, doc)} {fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL ({escaped}) Tj"


def text_font(text: Any) -> tuple[str, float]:
    """``PDFTextObject._fontname`` and ``_fontsize``. Checked on reportlab 5.0.0 and 5.1.0."""
    return text._fontname, text._fontsize


def text_leading(text: Any) -> float:
    """``PDFTextObject._leading``: how far T* moves down. Checked on reportlab 5.0.0 and 5.1.0."""
    return text._leading


def text_spacing(text: Any) -> tuple[float, float, float]:
    """Character spacing, word spacing and horizontal scale in percent (Tc, Tw, Tz) of a text object.

    From ``_charSpace``, ``_wordSpace`` and ``_horizScale``, which a text
    object has only once ``setCharSpace`` and the others are called (0, 0
    and 100 until then). ``setHorizScale(h)`` writes ``h Tz`` but keeps
    ``100 + h``, so that is taken back off. Checked on reportlab 5.0.0 and 5.1.0.
    """
    state = vars(text)
    scale = state["_horizScale"] - 100 if "_horizScale" in state else 100
    return state.get("_charSpace", 0), state.get("_wordSpace", 0), scale


def release_text_object(text: Any) -> None:
    """Drop ``_do_line``, a method bound to the text object that Paragraph sets on it (a reference cycle).

    Checked on reportlab 5.0.0 and 5.1.0 (``platypus.paragraph``).
    """
    text.__dict__.pop("_do_line", None)


# -- platypus -------------------------------------------------------------------------------
def save_later(doc: Any) -> None:
    """``BaseDocTemplate._doSave = 0``: ``build`` then ends without ``canvas.save()``, which the caller makes
    when it wants the PDF (the switch multiBuild uses for its passes).

    Checked on reportlab 5.1.0 (``BaseDocTemplate._endBuild``); the switch is older than ReportLab 3.
    """
    doc._doSave = 0


def clear_doc_namespace(doc: Any) -> None:
    """Empty ``BaseDocTemplate._nameSpace``, which names the doc template itself (a reference cycle).

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    doc._nameSpace.clear()


def frame_size(frame: Any) -> tuple[float, float]:
    """``Frame._width`` and ``Frame._height``: the frame's whole size. Checked on reportlab 5.0.0 and 5.1.0."""
    return frame._width, frame._height


def drawn_size(flowable: Any) -> tuple[Any, Any]:
    """A flowable's width and height: the public ``width``/``height``, else ``_width``/``_height`` (Table's).

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    width = getattr(flowable, "width", None) or getattr(flowable, "_width", None)
    height = getattr(flowable, "height", None) or getattr(flowable, "_height", None)
    return width, height


def placing_frame(flowable: Any) -> Any:
    """The Frame laying the flowable out (``flowable._frame``, set by ``Frame.add`` and ``split``), or None."""
    return getattr(flowable, "_frame", None)


def frame_at_top(frame: Any) -> bool:
    """``Frame._atTop``: nothing has been placed in the frame yet. Checked on reportlab 5.0.0 and 5.1.0."""
    return bool(getattr(frame, "_atTop", 1))


def placed_in_frame(flowable: Any) -> bool:
    """Whether a Frame is laying the flowable out: ``Frame.add`` and ``split`` set ``flowable._frame``.

    Checked on reportlab 5.0.0 and 5.1.0.
    """
    return getattr(flowable, "_frame", None) is not None


def table_widths(table: Any) -> list[Any]:
    """``Table._argW``: the column widths as given (numbers, "N%", "*" or None). Checked on 5.0.0 and 5.1.0."""
    return table._argW


def set_table_widths(table: Any, widths: list[float]) -> None:
    """Set ``Table._argW`` and ``Table._colWidths``, which ``wrap`` lays the columns out with.

    ``_width_calculated_once`` is dropped too: ``_calc_width`` returns at
    once while it is set, and a table wrapped again at another width (a
    call-out in a cell of a balanced table, measured at several widths)
    kept its first column positions and total width. Checked on reportlab
    5.0.0 and 5.1.0 (the flag on 5.1.0).
    """
    table._argW = table._colWidths = widths
    table.__dict__.pop("_width_calculated_once", None)


def table_rows(table: Any) -> int:
    """``len(Table._cellvalues)``: how many rows the table has. Checked on reportlab 5.1.0."""
    return len(table._cellvalues)


def has_spans(table: Any) -> bool:
    """``Table._spanCmds``: whether any cell spans rows or columns. Checked on reportlab 5.1.0."""
    return bool(table._spanCmds)


def cell_height(table: Any, row: int, col: int, width: float) -> float:
    """How tall the table's cell (``row``, ``col``) is in a column ``width`` wide, its padding included:
    what ``Table._calc`` would make its row for it. ``Table._cellvalues``, ``_cellStyles`` and
    ``_listCellGeom``; checked on reportlab 5.1.0.
    """
    value, style = table._cellvalues[row][col], table._cellStyles[row][col]
    if isinstance(value, (list, tuple)):
        _, height = table._listCellGeom(value, width, style)
    elif hasattr(value, "wrapOn"):
        _, height = table._listCellGeom([value], width, style)
    else:
        height = len(str(value).split("\n")) * style.fontsize * 1.2 if value not in (None, "") else 0.0
    return float(height) + style.topPadding + style.bottomPadding


def release_parser(parser: Any) -> None:
    """Drop ``ParaParser._tt_handlers``, its own bound methods (a reference cycle). Checked on 5.0.0 and 5.1.0."""
    del parser._tt_handlers


# -- PDF text encoding ----------------------------------------------------------------------
def _differing_ascii() -> Any:
    """A search for the ASCII characters that ReportLab's ``extpdfdoc`` codec does not write as themselves.

    Asked of the codec itself, so it holds for the installed ReportLab: in 5.1.0 these are U+0018..U+001F,
    whose codes PDFDocEncoding gives to accents (so the codec cannot encode them).
    """
    import re

    def same(char: str) -> bool:
        try:
            return char.encode("extpdfdoc") == char.encode("ascii")
        except UnicodeEncodeError:
            return False

    differing = "".join(char for char in map(chr, range(128)) if not same(char))
    return re.compile(f"[{re.escape(differing)}]").search if differing else lambda text: None


_search_differing_ascii = _differing_ascii()


def fast_pdfdoc_enc(x: Any) -> Any:
    """``reportlab.pdfbase.pdfdoc.pdfdocEnc(x)``, the same for every input, errors included, only faster.

    ReportLab encodes every number, reference and object header it writes
    with ``x.encode('extpdfdoc')``: a codec registry lookup and a Python-level
    charmap call, a few thousand times a file. Nearly all of them are ASCII
    that the codec writes unchanged, which ``str.encode("ascii")`` does in C;
    anything else goes to the codec exactly as ReportLab sends it.
    """
    if type(x) is str and x.isascii() and _search_differing_ascii(x) is None:
        return x.encode("ascii")
    return x.encode("extpdfdoc") if isinstance(x, str) else x


def install_fast_pdfdoc_enc() -> None:
    """Make ``reportlab.pdfbase.pdfdoc`` use `fast_pdfdoc_enc`: its own functions look ``pdfdocEnc`` up there.

    Modules that imported the name themselves (acroform, pdfpattern) keep ReportLab's, which gives the same
    bytes. Checked on reportlab 5.1.0, whose ``pdfdocEnc`` is ``x.encode('extpdfdoc') if isinstance(x,str)
    else x``, as in the releases before it; tests/tagging/test_pdfdoc_enc.py compares the two on every BMP character.
    """
    from reportlab.pdfbase import pdfdoc

    pdfdoc.pdfdocEnc = fast_pdfdoc_enc


# -- font metrics -----------------------------------------------------------------------------
_ABSENT: Any = object()


def fast_ascent_descent(fontName: str, fontSize: float | None = None) -> tuple[float, float]:
    """``reportlab.pdfbase.pdfmetrics.getAscentDescent``, the same answers, without an exception per call.

    ReportLab reads ``font.ascent`` and falls back to ``font.face.ascent``
    when that raises: for a TrueType font (every brand font) it raises, and
    Python formats an AttributeError message and unwinds it, a few hundred
    times a handout (every line Paragraph breaks). A lookup with a default
    finds the same attributes with nothing raised. (ReportLab's bare except
    would also catch another error from a font's attribute; fonts have plain
    attributes.)
    """
    font = getFont(fontName)
    ascent = getattr(font, "ascent", _ABSENT)
    descent = getattr(font, "descent", _ABSENT) if ascent is not _ABSENT else _ABSENT
    if descent is _ABSENT:
        face = font.face
        ascent, descent = face.ascent, face.descent
    if fontSize:
        norm = fontSize / 1000.0
        return ascent * norm, descent * norm
    return ascent, descent


def install_fast_ascent_descent() -> None:
    """Make ReportLab's font metrics and paragraphs use `fast_ascent_descent`.

    ``pdfmetrics.getAscent``/``getDescent`` look ``getAscentDescent`` up in
    their module; ``platypus.paragraph`` imported the name itself, so it is
    set there too (charts' text labels keep ReportLab's, with the same
    answers). Checked on reportlab 5.0.0 and 5.1.0, whose ``getAscentDescent``
    is the try/except above, as in the releases before them;
    tests/tagging/test_ascent_descent.py compares the two on every kind of font.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import paragraph

    pdfmetrics.getAscentDescent = fast_ascent_descent
    paragraph.getAscentDescent = fast_ascent_descent


# -- paragraph fragments ------------------------------------------------------------------------
def fast_processed_frags(frags: Any) -> bool:
    """``reportlab.platypus.paragraph._processed_frags``: whether a paragraph's fragments are already words.

    ReportLab answers by indexing the first fragment (``frags[0][0]``, a
    width in a word list) and takes the TypeError a parsed fragment raises
    as "no": a formatted exception on every line break and width asked.
    A parsed fragment (ParaFrag, which has no ``__getitem__``) is answered
    without raising; anything else goes ReportLab's way. Checked on
    reportlab 5.0.0 and 5.1.0.
    """
    try:
        first = frags[0]
    except:  # noqa: E722  (as ReportLab: any failure is "no")
        return False
    if type(first) is ParaFrag:
        return False
    try:
        return isinstance(first[0], (float, int))
    except:  # noqa: E722
        return False


def install_fast_processed_frags() -> None:
    """Make ``platypus.paragraph`` use `fast_processed_frags` (its functions look the name up in their module)."""
    from reportlab.platypus import paragraph

    paragraph._processed_frags = fast_processed_frags


_MISSING = object()
_SAME_FRAG_FIELDS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def fast_same_frag(f: Any, g: Any) -> bool:
    """``reportlab.platypus.paragraph.sameFrag``: whether two fragments print alike (so a line joins them).

    ReportLab's is rl_accel's C function, which asks for each attribute with
    ``PyObject_HasAttrString``/``PyObject_GetAttrString``: every one a
    fragment lacks (``cbDefn``, ``lineBreak``, ``link``, ``backColor``...)
    is a formatted AttributeError made and cleared, about 12 microseconds a
    call, over 200 calls a checklist. This asks the same questions with
    ``getattr``'s default, which makes no exception: 1.5 microseconds. The
    same answers: equal when neither has ``cbDefn`` or ``lineBreak`` and
    each of the fields is missing from both, the same object in both, or
    equal (compared as C's ``!=`` compares them). Checked on rl_accel 0.9.0
    and 0.9.1; tests/tagging/test_same_frag.py compares the two.
    """
    if hasattr(f, "cbDefn") or hasattr(g, "cbDefn") or hasattr(f, "lineBreak") or hasattr(g, "lineBreak"):
        return False
    for name in _SAME_FRAG_FIELDS:
        a = getattr(f, name, _MISSING)
        b = getattr(g, name, _MISSING)
        if a is not b and (a is _MISSING or b is _MISSING or a != b):
            return False
    return True


def install_fast_same_frag() -> None:
    """Make ``platypus.paragraph`` use `fast_same_frag` (its functions look the name up in their module)."""
    from reportlab.platypus import paragraph

    paragraph.sameFrag = fast_same_frag


# -- font subsets -------------------------------------------------------------------------------
_REPORTLAB_TO_UNICODE: Any = None
# (subset font name, its characters) -> ToUnicode CMap text; bounded (a few subsets per font and document).
_TO_UNICODE: dict[tuple[str, tuple[int, ...]], str] = {}
_TO_UNICODE_LIMIT = 512


def cached_to_unicode_cmap(fontname: str, subset: Any) -> str:
    """``reportlab.pdfbase.ttfonts.makeToUnicodeCMap(fontname, subset)``, remembered by its arguments.

    The text depends on the subset's name and characters alone, and every
    document writes one per font subset (a few hundred lines formatted
    each); the same subsets come back in every build of a handout (names
    are numbered per font in invariant mode) and in every handout of a job.
    """
    key = (fontname, tuple(subset))
    text = _TO_UNICODE.get(key)
    if text is None:
        if len(_TO_UNICODE) >= _TO_UNICODE_LIMIT:
            _TO_UNICODE.clear()
        text = _TO_UNICODE[key] = _REPORTLAB_TO_UNICODE(fontname, subset)
    return text


def install_cached_to_unicode_cmap() -> None:
    """Make ``pdfbase.ttfonts`` (TTFont.addObjects looks the name up there) use `cached_to_unicode_cmap`.

    Checked on reportlab 5.0.0 and 5.1.0, whose ``makeToUnicodeCMap`` formats
    its two arguments and nothing else; tests/tagging/test_to_unicode_cmap.py
    compares the two.
    """
    global _REPORTLAB_TO_UNICODE
    from reportlab.pdfbase import ttfonts

    if ttfonts.makeToUnicodeCMap is not cached_to_unicode_cmap:
        _REPORTLAB_TO_UNICODE = ttfonts.makeToUnicodeCMap
        ttfonts.makeToUnicodeCMap = cached_to_unicode_cmap
