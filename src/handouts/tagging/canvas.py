"""The canvas side of tagging: links and form fields found while drawing, filled shapes.

ReportLab makes link annotations itself while it draws a Paragraph (for
``<a href>``, and for our citation marks, which are links to the sources
list), and AcroForm makes widget annotations for checkboxes. PDF/UA wants
each inside a structure element (Link, Form) holding the annotation as an
OBJR, and a link's text inside its Link element. `TaggingCanvas` catches the
annotations as they are made; `TaggedText`, the text object it hands to
Paragraph, splits the paragraph's marked content around each link. A
paragraph known to hold no links gets `SpacedText`, which only puts back
the spaces lines break at and writes its text at once.

Splitting uses the one hook ReportLab's paragraph code offers
(``_linkRecord``, called when a link starts and ends inside a line). A
marked-content sequence may not cross a text object boundary (ISO 32000-1
14.6) and sequences with MCIDs should not nest, so a split ends the text
object and starts a new one: ``ET EMC /Link <</MCID n>> BDC BT x y Tm``.
The text position is tracked here with the same widths ReportLab lays out
with, and the line matrix is put back before the next line, so the page
looks exactly as it would untagged (a test renders both and compares).
When something makes positions untrackable (a rotated text matrix), the
split is skipped: the link still gets its Link element and OBJR, and its
text stays in the paragraph.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFPage, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from handouts.tagging import rlcompat
from handouts.tagging.pdfobjects import PlainDict
from handouts.tagging.tagger import Annotation, Fill, StructNode, Tagger

# Content-stream tokens: strings (ReportLab escapes parentheses inside them), hex strings and
# dictionaries, names, operators, and comments; inline image data is skipped separately.
PAINTING = frozenset({"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"})
_MARKED = frozenset({"BMC", "BDC", "EMC"})


def _scan_to(operators: frozenset[str]) -> re.Pattern[str]:
    """A regex reading up to the next of these operators as a whole-page tokeniser would.

    (tests/tagging/test_unmarked_operators_fast.py keeps that tokeniser, the
    scan before this one, and holds this one to it.) Possessive quantifiers:
    nothing is ever given back, so no input makes the scan slow.

    Strings, hex strings and dictionary brackets, names and comments are
    skipped whole, and a "(" or "<" that starts none of them is skipped on
    its own. Everything else goes by in runs up to each letter an operator
    starts with, which goes by unless it starts one as a word of its own:
    not after a letter ("xEMC" is one word). After a digit or "*" it may be
    the tail of a word ("x1EMC") or a word ("1EMC" is 1 and EMC): that rare
    case is group 2, for _in_word to tell; group 1 is an operator; neither,
    the end of the stream. So a sequence's content is passed over in a few
    long runs instead of token by token.
    """
    starts = re.escape("".join(sorted({op[0] for op in operators})))
    names = "|".join(re.escape(op) for op in sorted(operators, key=lambda op: (-len(op), op)))
    operator = rf"""(?:{names})(?![A-Za-z0-9*'"])"""
    return re.compile(
        rf"""(?:[^(<%/{starts}]++|\((?:[^\\)]++|\\.)*+\)|<<|<[0-9A-Fa-f\s]*+>|/[^\s/\[\]()<>{{}}%]*+|%[^\r\n]*+"""
        rf"""|[(<]|(?!{operator})[{starts}]|(?<=[A-Za-z'"])[{starts}])*+(?:(?<![0-9*])({operator})|({operator}))?"""
    )


# Inside a sequence only its end and nested sequences matter; between sequences, painting too.
_NEXT_MARKED = _scan_to(_MARKED)
_NEXT_MATTER = _scan_to(PAINTING | _MARKED)
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'\"")
# Inline image data, from its ID operator to EI. Written to start with the literal "ID", which the
# regex engine finds by a fast scan (a leading \s made it try every position of the page).
_INLINE_IMAGE_DATA = re.compile(r"ID(?<=\sID)\s.*?\sEI(?=\s)", re.S)


def unmarked_operators(code: str) -> dict[str, int]:
    """Painting operators in a content stream that are in no marked-content sequence.

    PDF/UA wants every mark on the page to be either content (inside a
    sequence with an MCID) or an artifact; graphics-state operators (q, cm,
    rg...) paint nothing and may stand anywhere. An unbalanced EMC is
    reported as the operator "EMC".

    Runs on every page of every build, so it reads from one operator that
    matters to the next (see _scan_to), and inside a sequence looks only
    for the marked-content operators: a tagged page is a few hundred steps.
    """
    code = _INLINE_IMAGE_DATA.sub(" EI ", code)
    found: dict[str, int] = {}
    depth = 0
    at = 0
    while match := (_NEXT_MARKED if depth else _NEXT_MATTER).match(code, at):
        group = match.lastindex
        if group is None:
            break  # the end of the stream
        at = match.end()
        if group == 2 and _in_word(code, match.start(2)):
            continue
        operator = match.group(group)
        if operator == "EMC":
            if depth == 0:
                found["EMC"] = found.get("EMC", 0) + 1
            depth = max(depth - 1, 0)
        elif operator in _MARKED:
            depth += 1
        else:
            found[operator] = found.get(operator, 0) + 1
    return found


def _in_word(code: str, at: int) -> bool:
    """Whether code[at:] is the tail of a word: digits and "*" that follow a letter belong to its word."""
    while at and code[at - 1] in "0123456789*":
        at -= 1
    return at > 0 and code[at - 1] in _LETTERS


class _Code(list):
    """The text object's code list; any append first writes the text held back.

    It knows its text object by a weak reference: a reference cycle here
    would leave every text object, and through it the canvas and the whole
    document, to Python's cycle collector instead of freeing it at once.
    """

    def __init__(self, owner: TaggedText, items: list[str]) -> None:
        super().__init__(items)
        self.owner = weakref.ref(owner)

    def append(self, item: str) -> None:
        owner = self.owner()
        if owner is not None:
            owner._flush()
        super().append(item)

    def raw(self, item: str) -> None:
        super().append(item)


class QuickText(PDFTextObject):
    """ReportLab's text object, formatting its strings with `rlcompat.quick_format_text` (the same operators)."""

    def _formatText(self, text: str) -> str:  # ReportLab's private method (see rlcompat)
        return rlcompat.quick_format_text(self, text)


class SpacedText(QuickText):
    """A paragraph's text object that puts back the space each line breaks at (see `_word_break`).

    For a paragraph known to hold no links (`TaggedText` splits around
    links): each run is written at once, as ReportLab writes it, with the
    space added where a line ends between words.
    """

    def __init__(
        self, canvas: Any, x: float = 0, y: float = 0, direction: Any = None, plain: str | None = None
    ) -> None:
        # The paragraph's own text, to tell where a line break falls between words (see _word_break).
        self._plain = plain
        self._cursor = 0
        super().__init__(canvas, x, y, direction=direction)

    def _textOut(self, text: str, TStar: int = 0) -> None:  # ReportLab's private method (see rlcompat)
        formatted = rlcompat.quick_format_text(self, text)
        if self._plain is not None and self._word_break(text) and TStar:  # (every run moves the cursor)
            formatted += " " + rlcompat.quick_format_text(self, " ")
        rlcompat.text_code(self).append(formatted + " T*" if TStar else formatted)

    def _word_break(self, text: str) -> bool:
        """True when the line ending after ``text`` breaks between two words.

        ReportLab drops the space a line breaks at. Tagged PDF readers take
        words from the characters, not their positions (ISO 32000-1 14.8.2.5),
        so the space is put back at the end of the line, where it shows
        nothing. The paragraph's own text says whether there was one (a long
        word split over two lines has none).
        """
        plain = self._plain
        if plain is None:
            return False
        cursor = self._cursor
        if plain.startswith(text, cursor):  # the usual case: the run is the next stretch of the text
            self._cursor = cursor = cursor + len(text)
            return cursor < len(plain) and plain[cursor].isspace() and not text[-1:].isspace()
        if text and not text[0].isspace():  # the next line, after the space the break dropped
            start = cursor
            while start < len(plain) and plain[start].isspace():
                start += 1
            if plain.startswith(text, start):
                self._cursor = cursor = start + len(text)
                return cursor < len(plain) and plain[cursor].isspace() and not text[-1:].isspace()
        for char in text:
            while cursor < len(plain) and plain[cursor] != char and plain[cursor].isspace():
                cursor += 1
            if cursor < len(plain) and plain[cursor] == char:
                cursor += 1
            elif not char.isspace():
                self._plain = None  # lost track of the text: add nothing rather than guess
                return False
        self._cursor = cursor
        return cursor < len(plain) and plain[cursor].isspace() and not text[-1:].isspace()

    def getCode(self) -> str:
        # The text object is finished. Paragraph gave it a method bound to itself, a reference
        # cycle that would leave it, the canvas and the whole document to the cycle collector.
        rlcompat.release_text_object(self)
        return super().getCode()


class TaggedText(SpacedText):
    """A text object that can close and reopen marked content around links.

    ReportLab reports a link's start only after writing its first words, so
    each text run is held back until the next operation: a split can still go
    in front of it.
    """

    def __init__(self, canvas: Any, x: float = 0, y: float = 0, direction: Any = None) -> None:
        self._held: tuple[str, str, int, float, float] | None = None
        self._line = [x, y]  # start of the current line, in text space
        self._pen = x  # where the next glyph goes
        self._offset = (0.0, 0.0)  # the line matrix minus the true line start, after a split
        self._trackable = True
        self._link: StructNode | None = None  # the Link whose content is open
        self._link_key: Any = None
        self._pending_end = False
        self._broken = False  # the last text ended a line
        tagger = getattr(canvas, "_tagger", None)
        # Where the pen is matters only where a link may split the text; measuring every run costs.
        self._track = tagger is None or tagger.drawing_links
        super().__init__(canvas, x, y, direction=direction, plain=tagger and tagger.drawing_text)
        self._page_canvas = canvas
        # ReportLab's own methods write to the same list: every append flushes the held text first.
        self._out = _Code(self, rlcompat.text_code(self))
        rlcompat.set_text_code(self, self._out)
        self._trackable = bool(canvas.bottomup)

    # -- position tracking ----------------------------------------------------
    def setTextOrigin(self, x: float, y: float) -> None:
        self._flush()
        super().setTextOrigin(x, y)
        self._line, self._pen, self._offset = [x, y], x, (0.0, 0.0)

    def setTextTransform(self, a: float, b: float, c: float, d: float, e: float, f: float) -> None:
        self._flush()
        super().setTextTransform(a, b, c, d, e, f)
        self._line, self._pen, self._offset = [e, f], e, (0.0, 0.0)
        self._trackable = self._trackable and (a, b, c, d) == (1, 0, 0, 1)

    def moveCursor(self, dx: float, dy: float) -> None:
        self._flush()  # ReportLab merges with a Td at the end of the code; the held text must come first
        self._restore_line_matrix()
        super().moveCursor(dx, dy)
        self._line[0] += dx
        self._line[1] -= dy
        self._pen = self._line[0]

    def textOut(self, text: str) -> None:
        super().textOut(text)
        if self._track:
            self._pen += self._advance(text)

    def textLine(self, text: str = "") -> None:
        self._flush()
        super().textLine(text)
        self._line[1] -= rlcompat.text_leading(self)
        self._pen = self._line[0]

    def _textOut(self, text: str, TStar: int = 0) -> None:  # ReportLab's private method (see rlcompat)
        self._hold(text, TStar)

    def _hold(self, text: str, tstar: int) -> None:
        """Format a run of text (and a T* when ``tstar``) and hold it back until the next operation."""
        if self._held is not None:
            self._flush()
        # Formatted now, while the font is still the one this text is in.
        formatted = rlcompat.quick_format_text(self, text)
        if self._plain is not None and self._word_break(text) and tstar:  # (every run moves the cursor)
            formatted += " " + rlcompat.quick_format_text(self, " ")
        self._held = (text, formatted, tstar, self._pen, self._line[1])
        if self._track:
            self._pen += self._advance(text)
        if tstar:
            self._line[1] -= rlcompat.text_leading(self)
            self._pen = self._line[0]

    def getCode(self) -> str:
        self._flush()
        return super().getCode()

    def _advance(self, text: str) -> float:
        """How far the pen moves for ``text``, as a PDF viewer computes it (Tc per glyph, Tw per space)."""
        font, size = rlcompat.text_font(self)
        char_space, word_space, horizontal_scale = rlcompat.text_spacing(self)
        width = self._page_canvas.stringWidth(text, font, size) if text else 0.0
        width += char_space * len(text) + word_space * text.count(" ")
        return width * horizontal_scale / 100

    def _flush(self) -> None:
        if self._held is None:
            return
        text, formatted, tstar, pen, line_y = self._held
        self._held = None
        if self._pending_end and text:
            self._pending_end = False
            self._split(None, pen, line_y)
        if self._link is not None and text:
            # Lines drop the space they break at; the link's text (its Contents) keeps one.
            joint = " " if self._broken and self._link.text and not self._link.text.endswith(" ") else ""
            self._link.text += joint + text
        self._broken = bool(tstar) or (self._broken and not text)
        code = self._out
        if tstar and self._offset != (0.0, 0.0):
            code.raw(formatted)
            self._restore_line_matrix()
            code.raw("T*")
        else:
            code.raw(formatted + " T*" if tstar else formatted)

    def _restore_line_matrix(self) -> None:
        if self._offset != (0.0, 0.0):
            dx, dy = self._offset
            self._offset = (0.0, 0.0)
            # The trailing space keeps ReportLab's moveCursor from merging into this Td.
            self._out.raw(f"{fp_str(-dx, -dy)} Td ")

    # -- splitting around links -------------------------------------------------
    def _split(self, link: StructNode | None, pen: float, line_y: float) -> None:
        """End the text object and the open sequence; reopen for ``link`` (None: the paragraph's node)."""
        tagger: Tagger = self._page_canvas._tagger
        node, slot, seq = tagger.open_entry
        assert node is not None
        target = link if link is not None else node
        switch = tagger.switch(self._page_canvas, target, None if link is not None else slot, seq)
        self._out.raw(f"ET {switch} BT 1 0 0 1 {fp_str(pen, line_y)} Tm")
        # line_y is the held text's line, so only x differs from the line start (moveCursor flushes first).
        self._offset = (pen - self._line[0], 0.0)
        self._link = link
        self._link_key = None if link is None else self._link_key

    def _linkRecord(self, link: tuple[int, str], kind: str) -> None:  # ReportLab's private hook (see rlcompat)
        """The hook Paragraph looks for (a method, not an attribute holding one: no reference cycle)."""
        self._link_boundary(link, kind)

    def _link_boundary(self, link: tuple[int, str], kind: str) -> None:
        """A link starts (``kind`` "start") or ends ("end") in the text just held: split the sequence there."""
        tagger: Tagger = self._page_canvas._tagger
        node, slot, seq = tagger.open_entry
        if not tagger.enabled or node is None:
            return
        key = (seq, link)
        if kind == "end":
            self._flush()
            if self._link is not None:
                self._pending_end = True
            return
        if self._pending_end and self._link_key == key:  # the same link, continued on the next line
            self._pending_end = False
            return
        link_node = tagger.link_node(key, link[1], node, slot)
        if not self._trackable or self._held is None:
            return  # keep the text in the paragraph; the Link still gets its annotation
        self._pending_end = False
        _, _, _, pen, line_y = self._held
        self._link_key = key
        self._split(link_node, pen, line_y)


class TaggingCanvas(Canvas):
    """Reports annotations and fills to the tagger; hands Paragraph a `TaggedText`."""

    _tagger: Tagger

    def _setAnnotations(self, page: PDFPage) -> None:  # ReportLab's private method (see rlcompat)
        super()._setAnnotations(page)
        self._tag_page(page)

    def _tag_page(self, page: PDFPage) -> None:
        """Pages of a tagged PDF name their ParentTree entry and take tab order from the structure."""
        if self._tagger.enabled:
            rlcompat.add_page_entries(page, {"StructParents": self.getPageNumber() - 1, "Tabs": PDFName("S")})

    def audit_page(self) -> None:
        """Note what the finished page draws outside marked content (nothing, when tagging is right)."""
        if self._tagger.enabled:
            self._tagger.unmarked[self.getPageNumber() - 1] = unmarked_operators(" ".join(rlcompat.page_code(self)))

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        tagger = self._tagger
        if not tagger.enabled:
            return QuickText(self, x, y, direction=direction)
        if tagger.drawing_links:
            return TaggedText(self, x, y, direction=direction)
        if tagger.drawing_text is not None:
            # No link to split out: only the spaces at line breaks to put back, with no text held back.
            return SpacedText(self, x, y, direction=direction, plain=tagger.drawing_text)
        # No link to split out and no line breaks to mark: ReportLab's text object writes the same.
        return QuickText(self, x, y, direction=direction)

    def linkURL(self, url: str, rect: Any, relative: int = 0, **kw: Any) -> None:
        self._link_target = url
        super().linkURL(url, rect, relative, **kw)

    def linkRect(
        self, contents: str, destinationname: str, Rect: Any = None, addtopage: int = 1, name: Any = None, **kw: Any
    ) -> None:
        """A link to a named destination, as a plain dictionary so StructParent can be added later.

        (ReportLab's LinkAnnotation class refuses keys it does not know.)
        """
        relative = kw.pop("relative", 1)
        annotation = PlainDict(
            {
                "Type": PDFName("Annot"),
                "Subtype": PDFName("Link"),
                "Rect": PDFArray(rlcompat.absolute_rect(self, Rect, relative)),
                "Border": PDFArray([0, 0, 0]),
                "Dest": rlcompat.bookmark_reference(self, destinationname),
            }
        )
        if contents:
            annotation["Contents"] = PDFString(contents)
        self._link_target = "#" + destinationname
        rlcompat.add_annotation(self, annotation, name, addtopage)

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:  # (see rlcompat)
        super()._addAnnotation(_plain(annotation), name, addtopage)
        self._annotated(annotation)

    def _annotated(self, annotation: Any) -> None:
        """File an annotation just added to the page under its Link or Form element."""
        target, self._link_target = getattr(self, "_link_target", ""), ""
        if not self._tagger.enabled or not isinstance(annotation, PDFDictionary):
            return
        kind = str(annotation.dict.get("Subtype", "")).lstrip("/")
        ref = rlcompat.annotation_name(annotation)
        page = self.getPageNumber() - 1
        self._tagger.annotate(Annotation(page, ref, annotation, kind, target))

    # -- filled shapes, for the contrast check ------------------------------------
    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        super().rect(x, y, width, height, stroke, fill)
        if fill:
            self._record_fill(x, y, width, height)

    def roundRect(
        self, x: float, y: float, width: float, height: float, radius: float, stroke: int = 1, fill: int = 0
    ) -> None:
        super().roundRect(x, y, width, height, radius, stroke, fill)
        if fill:
            self._record_fill(x, y, width, height)

    def _record_fill(self, x: float, y: float, width: float, height: float) -> None:
        color = getattr(rlcompat.fill_color(self), "rgb", None)
        if color is None:
            return
        a, b, c, d, e, f = rlcompat.current_matrix(self)
        xs = [a * px + c * py + e for px in (x, x + width) for py in (y, y + height)]
        ys = [b * px + d * py + f for px in (x, x + width) for py in (y, y + height)]
        rgb = tuple(round(v, 4) for v in color())
        self._tagger.fills.append(Fill(self.getPageNumber() - 1, min(xs), min(ys), max(xs), max(ys), rgb))


def _plain(annotation: Any) -> Any:
    """ReportLab's own link annotations (linkURL) as PlainDict: written the same, by the faster formatter."""
    if type(annotation) is PDFDictionary:
        annotation.__class__ = PlainDict
    return annotation
