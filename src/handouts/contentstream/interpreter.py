"""One reader for a page's content stream: graphics and text state, paths, images, marked content.

Three things read pages back, and each used to follow the operators its own
way: where each glyph sits (`glyphs`, for print-job overlays), what colour
each text run is on what background (`paint`, for the accessibility audit's
contrast check) and which marks are inside marked content (`marks`, for the
audit's tagging check). `Interpreter` keeps the state a PDF reader keeps
(ISO 32000-1 8.4 graphics state, saved by ``q`` and restored by ``Q``, with
the text state of 9.3 in it; the text and line matrices of 9.4, which are
not) and calls a hook for each thing drawn. A consumer subclasses it and
overrides the hooks it needs (WeasyPrint's ``pdf/stream.py`` is the model on
the writing side: one stream, ``push_state``/``pop_state``, and the
operators as methods).

What it follows: ``q Q cm``; the fill colour (``rg g k sc scn``); text
objects, state and positioning (``BT ET Tf Tc Tw Tz TL Ts Tr Td TD Tm T*``);
text showing (``Tj TJ ' "``); path construction (``m l c v y re``) and
painting (``S s f F f* B B* b b* n``); ``sh``; ``Do`` and inline images;
marked content (``BMC BDC EMC``). Other operators (line widths, stroke
colour, clipping, ``gs``) change nothing a consumer reads and are passed
over. Form XObjects are not entered, and glyphs are not laid out here (only
`glyphs` needs the fonts' widths, so it moves the text matrix itself).

Two ways to meet an operator it cannot follow. `strict` (the default, for
our own PDFs in print jobs): wrong operands, a ``Q`` with nothing saved,
raise `Unsupported`; the caller then falls back to a way that needs no
reading back, so a misreading can cost speed but never a wrong page. Not
strict (for any file ``handouts inspect`` is given): such an operator is
passed over, as a viewer would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

import pikepdf

from handouts.contentstream.matrix import IDENTITY, Matrix, apply, multiply

Point = tuple[float, float]
# Path-painting operators (ISO 32000-1 table 60); "n" ends a path without painting it.
STROKES = frozenset({"S", "s"})
FILLS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*"})
INLINE_IMAGE = "INLINE IMAGE"  # the operator pikepdf gives an inline image (BI ... ID ... EI)


class Unsupported(Exception):
    """The page uses something a strict reader does not follow."""


@dataclass(slots=True)
class GraphicsState:
    """What ``q`` saves and ``Q`` restores: the matrix, the fill colour and the text state.

    ``fill`` is the colour's operands as a consumer keeps them (see
    `Interpreter.set_fill`); ``font`` is what `Interpreter.load_font` gave
    for the font resource ``font_name``.
    """

    ctm: Matrix = IDENTITY
    fill: tuple = (0.0,)
    font: Any = None
    font_name: str = ""
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0  # Tz / 100
    leading: float = 0.0
    rise: float = 0.0
    render_mode: int = 0

    def copy(self) -> GraphicsState:
        return GraphicsState(
            self.ctm,
            self.fill,
            self.font,
            self.font_name,
            self.size,
            self.char_space,
            self.word_space,
            self.scale,
            self.leading,
            self.rise,
            self.render_mode,
        )


class Interpreter:
    """Follows one page's content stream, calling a hook for each thing drawn.

    Hooks (override what you need; each sees the state as it is when the
    operator runs): `load_font`, `set_fill`, `show_text`, `paint_path`,
    `paint_shading`, `draw_xobject`, `draw_inline_image`, `begin_marked`,
    `end_marked`. ``position`` is the index of the instruction being run in
    the page's parsed content stream, for a consumer that edits it later.
    A consumer is used once: make it for a page, `run` it, read what it kept.
    """

    strict: ClassVar[bool] = True
    # The operators whose effect the consumer reads (None: all). One that reads no state (`marks`)
    # names the few it needs, and the others are not followed for it: half the time on a page.
    follows: ClassVar[frozenset[str] | None] = None
    _handlers: ClassVar[dict[bytes, Callable[[Interpreter, Any], None]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        follows = cls.follows
        cls._handlers = {key: h for key, h in _HANDLERS.items() if follows is None or key.decode() in follows}

    def __init__(self, page: pikepdf.Page) -> None:
        self.page = page
        self.state = GraphicsState()
        self.stack: list[GraphicsState] = []
        self.tm: Matrix = IDENTITY  # text matrix
        self.tlm: Matrix = IDENTITY  # text line matrix: where the current line started
        self.path: list[list[Point]] = []  # the path being built, as subpaths of points in page space
        self.marked: list[tuple[str, Any]] = []  # open marked-content sequences: (tag, properties or None)
        self.position = 0

    # -- running ----------------------------------------------------------------------
    def run(self, instructions: Iterable[Any] | None = None) -> None:
        """Follow every instruction (the page's own content stream unless ``instructions`` are given)."""
        if instructions is None:
            instructions = pikepdf.parse_content_stream(self.page)
        handlers = self._handlers
        for position, instruction in enumerate(instructions):
            # The operator's bytes, not str(): a third of the time str() took, and a page has thousands.
            handler = handlers.get(instruction.operator.unparse())
            if handler is not None:
                self.position = position
                handler(self, instruction.operands)

    # -- hooks --------------------------------------------------------------------------
    def load_font(self, name: str) -> Any:
        """What to keep as ``state.font`` for the font resource ``name`` (e.g. "/F1") set by Tf."""
        return None

    def set_fill(self, values: tuple[float, ...]) -> None:
        """A fill colour operator (rg, g, k, sc, scn) with these numbers: kept as given."""
        self.state.fill = values

    def show_text(self, operator: str, items: list[Any]) -> None:
        """Text shown at ``self.tm`` (Tj, TJ, ' or "; ``items``: strings and TJ adjustments).

        The text matrix is left where it was: a consumer that lays out the
        glyphs moves ``self.tm`` past them.
        """

    def paint_path(self, operator: str, subpaths: list[list[Point]]) -> None:
        """The path built so far painted (``operator`` in STROKES or FILLS) or dropped ("n")."""

    def paint_shading(self, name: str | None) -> None:
        """A shading painted over the clipping area (sh)."""

    def draw_xobject(self, name: str | None) -> None:
        """An XObject drawn (Do), by its resource name; `xobject` finds it."""

    def draw_inline_image(self, image: Any) -> None:
        """An inline image drawn (BI ... EI) in the unit square of the current matrix."""

    def begin_marked(self, tag: str, properties: Any) -> None:
        """A marked-content sequence begun (BMC: ``properties`` None; BDC: a dictionary or a resource name).

        Called after it is pushed onto ``self.marked``.
        """

    def end_marked(self) -> None:
        """A marked-content sequence ended (EMC); called before it is taken off ``self.marked``."""

    # -- helpers for consumers ----------------------------------------------------------
    def xobject(self, name: str) -> Any:
        """The page's XObject resource ``name`` (e.g. "/Im1"), or None."""
        resources: Any = self.page.obj.get("/Resources", {})  # a PDF dictionary; {} when the page has none
        return resources.get("/XObject", {}).get(name)

    def numbers(self, operands: Any, count: int = 0, at_least: bool = False) -> list[float] | None:
        """The operator's numbers: ``count`` of them (any number when 0), or ``at_least`` that many when lenient.

        Strict, anything else (a string where a number goes, too few or too
        many) raises `Unsupported`; lenient, names and other objects are
        left out and None says the operator is to be passed over.
        """
        if self.strict:
            values = [number(o) for o in operands if not isinstance(o, pikepdf.Name)]
            if count and len(values) != count:
                raise Unsupported(f"expected {count} numbers, got {len(values)}")
            return values
        values = [float(o) for o in operands if isinstance(o, (int, float, Decimal)) and not isinstance(o, bool)]
        if count and (len(values) < count if at_least else len(values) != count):
            return None
        return values

    def malformed(self, what: str) -> None:
        """An operator that cannot be followed: Unsupported when strict, else passed over."""
        if self.strict:
            raise Unsupported(what)

    # -- graphics state -----------------------------------------------------------------
    def push_state(self) -> None:
        self.stack.append(self.state.copy())

    def pop_state(self) -> None:
        if self.stack:
            self.state = self.stack.pop()
        else:
            self.malformed("unbalanced Q")

    def next_line(self, dx: float = 0, dy: float | None = None) -> None:
        """Start a new text line offset from the last (T*: down by the leading)."""
        self.tm = self.tlm = multiply((1, 0, 0, 1, dx, -self.state.leading if dy is None else dy), self.tlm)


# -- the operators ----------------------------------------------------------------------
# Each takes the interpreter and the instruction's operands.


def _q(r: Interpreter, operands: Any) -> None:
    r.push_state()


def _Q(r: Interpreter, operands: Any) -> None:
    r.pop_state()


def _cm(r: Interpreter, operands: Any) -> None:
    values = r.numbers(operands, 6)
    if values is not None:
        r.state.ctm = multiply(tuple(values), r.state.ctm)  # type: ignore[arg-type]


def _fill(r: Interpreter, operands: Any) -> None:
    r.set_fill(tuple(r.numbers(operands) or ()))


def _BT(r: Interpreter, operands: Any) -> None:
    r.tm = r.tlm = IDENTITY


def _Tf(r: Interpreter, operands: Any) -> None:
    if len(operands) != 2 or (not r.strict and not isinstance(operands[1], (int, float, Decimal))):
        r.malformed("Tf takes a font name and a size")
        return
    name = str(operands[0])
    size = number(operands[1])
    r.state.font = r.load_font(name)
    r.state.font_name, r.state.size = name, size


def _text_state(field: str, scale: float = 1.0) -> Callable[[Interpreter, Any], None]:
    def handler(r: Interpreter, operands: Any) -> None:
        values = r.numbers(operands, 1, at_least=True)
        if values is not None:
            setattr(r.state, field, values[0] / scale)

    return handler


def _Tr(r: Interpreter, operands: Any) -> None:
    values = r.numbers(operands, 1, at_least=True)
    if values is not None:
        r.state.render_mode = int(values[0])


def _Td(r: Interpreter, operands: Any) -> None:
    values = r.numbers(operands, 2)
    if values is not None:
        r.next_line(values[0], values[1])


def _TD(r: Interpreter, operands: Any) -> None:
    values = r.numbers(operands, 2)
    if values is not None:
        r.state.leading = -values[1]
        r.next_line(values[0], values[1])


def _Tm(r: Interpreter, operands: Any) -> None:
    values = r.numbers(operands, 6)
    if values is not None:
        r.tm = r.tlm = tuple(values)  # type: ignore[assignment]


def _T_star(r: Interpreter, operands: Any) -> None:
    r.next_line()


def _show(r: Interpreter, operands: Any, operator: str, count: int) -> None:
    if len(operands) != count:
        r.malformed(f"{operator} takes {count} operand{'s' if count > 1 else ''}")
    if not operands:
        r.show_text(operator, [])
        return
    last = operands[-1]
    if operator == "TJ":
        if not isinstance(last, pikepdf.Array):
            r.malformed("TJ takes an array")
            items = []
        else:
            items = list(last)
    else:
        items = [last]
    r.show_text(operator, items)


def _Tj(r: Interpreter, operands: Any) -> None:
    _show(r, operands, "Tj", 1)


def _TJ(r: Interpreter, operands: Any) -> None:
    _show(r, operands, "TJ", 1)


def _quote(r: Interpreter, operands: Any) -> None:
    r.next_line()
    _show(r, operands, "'", 1)


def _double_quote(r: Interpreter, operands: Any) -> None:
    if len(operands) == 3 and (r.strict or all(isinstance(o, (int, float, Decimal)) for o in operands[:2])):
        r.state.word_space, r.state.char_space = number(operands[0]), number(operands[1])
    r.next_line()
    _show(r, operands, '"', 3)


def _move_or_line(r: Interpreter, operands: Any, operator: str) -> None:
    values = r.numbers(operands, 2)
    if values is None:
        return
    point = apply(r.state.ctm, values[0], values[1])
    if operator == "m" or not r.path:
        r.path.append([point])
    else:
        r.path[-1].append(point)


def _m(r: Interpreter, operands: Any) -> None:
    _move_or_line(r, operands, "m")


def _l(r: Interpreter, operands: Any) -> None:
    _move_or_line(r, operands, "l")


def _curve(count: int) -> Callable[[Interpreter, Any], None]:
    def handler(r: Interpreter, operands: Any) -> None:
        # Lenient, as many points as there are pairs (a viewer draws what it can of a curve).
        values = r.numbers(operands, count if r.strict else 4, at_least=True)
        if values is None:
            return
        if not r.path:
            r.path.append([])
        ctm = r.state.ctm
        r.path[-1].extend(apply(ctm, values[i], values[i + 1]) for i in range(0, len(values) - 1, 2))

    return handler


def _re(r: Interpreter, operands: Any) -> None:
    values = r.numbers(operands, 4)
    if values is None:
        return
    x, y, w, h = values
    ctm = r.state.ctm
    r.path.append([apply(ctm, px, py) for px, py in ((x, y), (x + w, y), (x + w, y + h), (x, y + h))])


def _painter(operator: str) -> Callable[[Interpreter, Any], None]:
    def handler(r: Interpreter, operands: Any) -> None:
        r.paint_path(operator, r.path)
        r.path = []

    return handler


def _name(r: Interpreter, operands: Any, operator: str) -> str | None:
    if len(operands) != 1 or not isinstance(operands[0], pikepdf.Name):
        r.malformed(f"{operator} takes a name")
    return str(operands[0]) if operands else None


def _sh(r: Interpreter, operands: Any) -> None:
    r.paint_shading(_name(r, operands, "sh"))


def _Do(r: Interpreter, operands: Any) -> None:
    r.draw_xobject(_name(r, operands, "Do"))


def _inline_image(r: Interpreter, operands: Any) -> None:
    r.draw_inline_image(operands[0] if operands else None)


def _BMC(r: Interpreter, operands: Any) -> None:
    tag = str(operands[0]) if operands else ""
    r.marked.append((tag, None))
    r.begin_marked(tag, None)


def _BDC(r: Interpreter, operands: Any) -> None:
    if len(operands) != 2:
        r.malformed("BDC takes a tag and properties")
    tag = str(operands[0]) if operands else ""
    properties = operands[-1] if len(operands) > 1 else None
    r.marked.append((tag, properties))
    r.begin_marked(tag, properties)


def _EMC(r: Interpreter, operands: Any) -> None:
    if r.marked:  # an EMC with nothing open is passed over (the audit counts what is outside, not this)
        r.end_marked()
        r.marked.pop()


_OPERATORS: dict[str, Callable[[Interpreter, Any], None]] = {
    "q": _q,
    "Q": _Q,
    "cm": _cm,
    **dict.fromkeys(("rg", "g", "k", "sc", "scn"), _fill),
    "BT": _BT,
    "Tf": _Tf,
    "Tc": _text_state("char_space"),
    "Tw": _text_state("word_space"),
    "Tz": _text_state("scale", 100.0),
    "TL": _text_state("leading"),
    "Ts": _text_state("rise"),
    "Tr": _Tr,
    "Td": _Td,
    "TD": _TD,
    "Tm": _Tm,
    "T*": _T_star,
    "Tj": _Tj,
    "TJ": _TJ,
    "'": _quote,
    '"': _double_quote,
    "m": _m,
    "l": _l,
    "c": _curve(6),
    "v": _curve(4),
    "y": _curve(4),
    "re": _re,
    **{op: _painter(op) for op in (*sorted(STROKES), *sorted(FILLS), "n")},
    "sh": _sh,
    "Do": _Do,
    INLINE_IMAGE: _inline_image,
    "BMC": _BMC,
    "BDC": _BDC,
    "EMC": _EMC,
}
_HANDLERS = {operator.encode("ascii"): handler for operator, handler in _OPERATORS.items()}
Interpreter._handlers = _HANDLERS


def number(obj: object) -> float:
    """A PDF number as a float; anything else is `Unsupported`."""
    try:
        return float(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Unsupported(f"expected a number, got {obj!r}") from None
