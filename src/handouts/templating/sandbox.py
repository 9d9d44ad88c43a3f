"""The layout sandbox: Jinja2's immutable sandbox plus a size budget on everything a layout builds.

Jinja2's sandbox stops attribute tricks, but its only limit is ``range``
(100,000 items): a layout may still ask for ``'x' * 10**9``, double a text
with ``~`` in a loop or a recursive macro, pad with ``'x'.ljust(10**9)`` or
``'%0999999999d' % 1``, or nest lists into a structure whose printed form is
astronomically long. Each of those is one C call that allocates before any
output-size check could run, so the budget is checked where values are
*made*, and before the expensive step:

- operators ``*``, ``**``, ``+``, ``%`` (`LayoutEnvironment.call_binop`),
  ``~`` and list, tuple and dict literals (the code generator routes them
  through `LayoutEnvironment.joined` and `LayoutEnvironment.built`);
- every call (`LayoutEnvironment.call`): arguments are weighed first, text
  methods that pad or repeat (``ljust``, ``center``, ``zfill``, ``replace``,
  ``join``, ``format``, ...) have their result size worked out first, and
  results are weighed after;
- Jinja2's built-in filters (wrapped by `guard_filters`) the same way;
- every printed value (``finalize``) and every captured block (``{% set
  %}...{% endset %}``, macro bodies), whose buffer refuses to grow past the
  budget.

"Weight" is the length a value would have when printed, counted without
printing it (`weigh`): a text weighs its length, a list its items plus their
weights, shared items counted each time they occur. Whole numbers are capped
by bits. Time is limited separately (`deadline`).

Everything refused raises Jinja2's SecurityError, which `templating` reports
with the layout file and line.
"""

from __future__ import annotations

import itertools
import re
import string
from abc import get_cache_token
from collections.abc import Callable, Mapping, Sized
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

MAX_CHARS = 2_000_000  # any one text, list, printed value or captured block, and the whole output
MAX_ITEMS = 100_000  # one repetition, padding width or range
MAX_INT_BITS = 1_024  # about 300 digits: far more than any figure needs
MAX_NESTING = 24

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def refuse(what: str) -> SecurityError:
    return SecurityError(f"{what}; a layout may build at most {MAX_CHARS:,} characters at once")


def weigh(value: Any, limit: int = MAX_CHARS) -> int:
    """Printed length of ``value``, counted up to just past ``limit`` (then it stops early).

    Texts count their length; lists, tuples, sets and dicts count one per
    item plus each item's weight, recursively, so a list of a thousand
    references to one long text weighs what printing it would cost. A
    structure shared inside the value is measured once and counted each
    time it occurs, so a list nested into itself sixty times costs sixty
    steps to weigh, not 2**60. Other objects (roles, figures) weigh 1: their
    printed form is bounded by data that was checked on loading.
    """
    if isinstance(value, str):  # most values weighed are printed texts: no memo to set up
        return len(value)
    return _weigh(value, 0, {}, limit)


# How `_weigh` treats a value, decided by its type (isinstance order: text, range, int, container).
_TEXT, _RANGE, _INT, _SEQUENCE, _MAPPING, _OTHER = range(6)
# Exact built-in types: an instance of one cannot claim another class, so no check is needed.
_BUILTIN_KINDS: dict[type, int] = {
    str: _TEXT,
    Markup: _TEXT,
    range: _RANGE,
    int: _INT,
    bool: _OTHER,
    float: _OTHER,
    type(None): _OTHER,
    list: _SEQUENCE,
    tuple: _SEQUENCE,
    set: _SEQUENCE,
    frozenset: _SEQUENCE,
    dict: _MAPPING,
}
# Other types (roles, figures, Jinja2's loop and undefined objects) as `_learned_kind` found them, with the
# ABC registry's token (a later ``Mapping.register`` changes answers). Bounded: types are few.
_LEARNED_KINDS: dict[tuple[type, object], int] = {}
_LEARNED_LIMIT = 256


def _learned_kind(item: Any) -> int:
    """The isinstance decisions `_weigh` makes for a type not in `_BUILTIN_KINDS`, cached for objects
    whose class is their type."""
    cls = type(item)
    if item.__class__ is not cls:  # a proxy claiming another class: isinstance looks at both, so no cache
        return _decide_kind(item)
    key = (cls, get_cache_token())
    kind = _LEARNED_KINDS.get(key)
    if kind is None:
        kind = _decide_kind(item)
        if len(_LEARNED_KINDS) >= _LEARNED_LIMIT:
            _LEARNED_KINDS.clear()
        _LEARNED_KINDS[key] = kind
    return kind


def _decide_kind(item: Any) -> int:
    if isinstance(item, str):
        return _TEXT
    if isinstance(item, range):
        return _RANGE
    if isinstance(item, int) and not isinstance(item, bool):
        return _INT
    if isinstance(item, Mapping):
        return _MAPPING
    if isinstance(item, (list, tuple, set, frozenset)):
        return _SEQUENCE
    return _OTHER


def _weigh(item: Any, depth: int, memo: dict[int, tuple[Any, int]], limit: int) -> int:
    """`weigh`, one level down. (A module function: a nested one calling itself is a reference
    cycle, left to the cycle collector on every call.)"""
    kind = _BUILTIN_KINDS.get(type(item))
    if kind is None:
        kind = _learned_kind(item)
    if kind == _TEXT:
        return len(item)
    if kind == _OTHER:
        return 1
    if kind == _INT:
        return item.bit_length() // 3 + 1
    if kind == _RANGE:
        return len(item) * 2
    known = memo.get(id(item))
    if known is not None:
        return known[1]
    if depth >= MAX_NESTING:
        raise SecurityError(f"lists or mappings nested more than {MAX_NESTING} deep")
    total = len(item) + 2
    if total == 2:  # empty: nothing to go through or remember
        return total
    # Keys and values themselves, not item.items(): those pairs are made and freed on the fly,
    # and a freed pair's id comes back for the next one, which would then be "known" and
    # weighed wrong (a nested mapping could hide hundreds of megabytes that way).
    children = itertools.chain.from_iterable(item.items()) if kind == _MAPPING else item
    for child in children:
        total += len(child) if type(child) is str else _weigh(child, depth + 1, memo, limit)
        if total > limit:
            break
    memo[id(item)] = (item, total)  # holding the item keeps its id from being reused while weighing
    return total


def sized(value: Any, what: str = "a value") -> Any:
    """``value`` unchanged, or SecurityError when it weighs more than the budget."""
    if weigh(value) > MAX_CHARS:
        raise refuse(f"{what} would be longer than {MAX_CHARS:,} characters")
    return value


def sized_pair(first: Any, second: Any, what: str) -> None:
    """``sized((first, second), what)`` without making the pair (every call's arguments and keywords).

    The pair would weigh 4 and then each item, weighed one level down with
    one memo and stopping once over the budget: so here.
    """
    memo: dict[int, tuple[Any, int]] = {}
    total = 4 + _weigh(first, 1, memo, MAX_CHARS)
    if total <= MAX_CHARS:
        total += _weigh(second, 1, memo, MAX_CHARS)
    if total > MAX_CHARS:
        raise refuse(f"{what} would be longer than {MAX_CHARS:,} characters")


def _check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and width > MAX_ITEMS:
        raise refuse(f"{what} of {width:,} is wider than {MAX_ITEMS:,}")


def check_percent_format(template: str) -> None:
    """Refuse ``%``-formats whose widths or precisions are huge or come from the arguments (``*``)."""
    for width, precision in _PERCENT_SPEC.findall(template):
        for number in (width, precision):
            if number == "*":
                raise SecurityError("a '*' width in a %-format is not allowed in a layout; write the width out")
            if number and int(number) > MAX_ITEMS:
                raise refuse(f"a %-format width of {int(number):,}")


def check_brace_format(template: str) -> None:
    """Refuse ``str.format`` fields whose format spec has a huge width or a nested ``{}``."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # str.format itself reports the malformed template
    for _literal, _name, spec, _conversion in fields:
        if not spec:
            continue
        if "{" in spec:
            raise SecurityError("a nested {} inside a format spec is not allowed in a layout; write the width out")
        for number in _DIGITS.findall(spec):
            if int(number) > MAX_ITEMS:
                raise refuse(f"a format width of {int(number):,}")


def _text_result_size(method: str, text: str, args: tuple, kwargs: dict) -> int:
    """Length a padding or repeating text method would return, worked out before calling it."""
    if method in ("ljust", "rjust", "center", "zfill") and args:
        _check_width(args[0], f"'{method}' width")
        return max(len(text), args[0] if isinstance(args[0], int) else 0)
    if method == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        _check_width(size, "tab size")
        return len(text) + text.count("\t") * max(0, size if isinstance(size, int) else 8)
    if method == "replace" and len(args) >= 2:
        return replaced_size(text, args[0], args[1], args[2] if len(args) > 2 else -1)
    if method in ("format", "format_map"):
        check_brace_format(text)
    return len(text)


def replaced_size(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    text, old, new = str(text), str(old), str(new)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(0, len(new) - len(old))


class _Buffer(list):
    """A captured block's output (``{% set x %}``, a macro body) that stops growing at the budget."""

    __slots__ = ("size",)

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def append(self, item: Any) -> None:
        self.size += len(item) if isinstance(item, str) else weigh(item)
        if self.size > MAX_CHARS:
            raise refuse(f"a captured block or macro produced more than {MAX_CHARS:,} characters")
        super().append(item)

    def extend(self, items: Any) -> None:
        for item in items:
            self.append(item)


class BudgetedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with ``~``, literals and captures routed through the budget."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.joined({func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _built(self, visit: Callable[[Any, Frame], None], node: Any, frame: Frame) -> None:
        if getattr(node, "ctx", "load") != "load":  # an assignment target such as "a, b"
            visit(node, frame)
            return
        self.write("environment.built(")
        visit(node, frame)
        self.write(")")

    @optimizeconst
    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._built(super().visit_List, node, frame)

    @optimizeconst
    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        self._built(super().visit_Tuple, node, frame)

    @optimizeconst
    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._built(super().visit_Dict, node, frame)


def _guard(name: str, func: Callable[..., Any], estimate: Callable[..., int] | None) -> Callable[..., Any]:
    """``func`` with its arguments weighed (and its result size estimated) first and its result weighed after."""
    passes_context = getattr(func, "jinja_pass_arg", None) is not None
    input_is, result_is = f"the input to the '{name}' filter", f"the result of the '{name}' filter"

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        head, rest = (args[:1], args[1:]) if passes_context else ((), args)
        if rest and name == "join" and not isinstance(rest[0], Sized):
            rest = (list(rest[0]), *rest[1:])  # a generator from map() etc.: count what it yields
        sized_pair(rest, kwargs, input_is)
        if estimate is not None and estimate(*rest, **kwargs) > MAX_CHARS:
            raise refuse(f"the '{name}' filter would produce more than {MAX_CHARS:,} characters")
        return sized(func(*head, *rest, **kwargs), result_is)

    return guarded


def _indent_size(text: Any = "", width: Any = 4, *_args: Any, **kwargs: Any) -> int:
    width = kwargs.get("width", width)
    _check_width(width, "indent")
    text = str(text)
    per_line = width if isinstance(width, int) else len(str(width))
    return len(text) + (text.count("\n") + 1) * max(0, per_line)


def _wordwrap_size(
    text: Any = "", _width: Any = 79, _long: Any = True, wrapstring: Any = None, *_a: Any, **k: Any
) -> int:
    text = str(text)
    wrap = k.get("wrapstring", wrapstring) or "\n"
    return len(text) + (len(text) + 1) * len(str(wrap))


def _join_size(items: Any = (), d: Any = "", *_args: Any, **kwargs: Any) -> int:
    d = str(kwargs.get("d", d))
    return weigh(items) + len(d) * max(0, len(items) - 1 if isinstance(items, Sized) else 0)


def _format_size(value: Any = "", *args: Any, **kwargs: Any) -> int:
    check_percent_format(str(value))
    return weigh((value, args, kwargs))


def _count_size(name: str) -> Callable[..., int]:
    def estimate(value: Any = (), count: Any = 1, *_args: Any, **kwargs: Any) -> int:
        count = kwargs.get("linecount", kwargs.get("slices", count))
        _check_width(count, f"the '{name}' count")
        return weigh(value)

    return estimate


def _width_size(name: str, default: int) -> Callable[..., int]:
    def estimate(value: Any = "", width: Any = default, *_args: Any, **kwargs: Any) -> int:
        width = kwargs.get("width", kwargs.get("length", width))
        _check_width(width, f"the '{name}' width")
        return max(len(str(value)), width if isinstance(width, int) else 0)

    return estimate


def _replace_size(text: Any = "", old: Any = "", new: Any = "", count: Any = None, *_a: Any, **_k: Any) -> int:
    return replaced_size(text, old, new, -1 if count is None else count)


_ESTIMATES: dict[str, Callable[..., int]] = {
    "center": _width_size("center", 80),
    "truncate": _width_size("truncate", 255),
    "indent": _indent_size,
    "replace": _replace_size,
    "wordwrap": _wordwrap_size,
    "join": _join_size,
    "format": _format_size,
    "batch": _count_size("batch"),
    "slice": _count_size("slice"),
}


def guard_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Every filter weighed before and after; the padding and repeating ones estimated first."""
    return {name: _guard(name, func, _ESTIMATES.get(name)) for name, func in filters.items()}


# `LayoutEnvironment.is_safe_attribute`'s answers; bounded (a layout names a few dozen attributes).
_SAFE_ATTRIBUTES: dict[tuple[type, str, object], bool] = {}
_SAFE_ATTRIBUTES_LIMIT = 4096


class LayoutEnvironment(ImmutableSandboxedEnvironment):
    """The one template environment: sandboxed, autoescaped, strict, and on a size budget."""

    code_generator_class = BudgetedCodeGenerator
    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any) -> None:
        options.setdefault("finalize", self._finalize)
        super().__init__(**options)
        self.filters = guard_filters(self.filters)
        # lipsum draws random words: no use in a handout, and it would break byte-identical builds.
        self.globals.pop("lipsum", None)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja2's decision, remembered per (type, attribute name, ABC registry state).

        Every ``role.name`` in a layout asks this, and Jinja2 answers with a
        dozen isinstance checks (four against ABCs) that depend on the type
        alone, never on the value. An object claiming another ``__class__``
        than its type is asked afresh (isinstance looks at both).
        """
        cls = type(obj)
        if obj.__class__ is not cls or type(attr) is not str:
            return bool(super().is_safe_attribute(obj, attr, value))
        key = (cls, attr, get_cache_token())
        safe = _SAFE_ATTRIBUTES.get(key)
        if safe is None:
            safe = _SAFE_ATTRIBUTES[key] = bool(super().is_safe_attribute(obj, attr, value))
            if len(_SAFE_ATTRIBUTES) > _SAFE_ATTRIBUTES_LIMIT:
                _SAFE_ATTRIBUTES.clear()
        return safe

    @staticmethod
    def _finalize(value: Any) -> Any:
        return sized(value, "a printed value")

    @staticmethod
    def concat(parts: Any) -> str:
        """Joins rendered output (``super()``, ``self.block()``, the whole render) within the budget."""
        buffer = _Buffer()
        buffer.extend(parts)
        return "".join(buffer)

    @staticmethod
    def output_buffer() -> list:
        return _Buffer()

    @staticmethod
    def joined(join: Callable[[tuple], str], parts: tuple) -> str:
        """The ``~`` operator: weighed before the join allocates anything."""
        sized(parts, "text joined with '~'")
        return join(parts)

    @staticmethod
    def built(value: Any) -> Any:
        """A list, tuple or dict literal: weighed as built, so nesting cannot multiply it."""
        return sized(value, "a list or mapping")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            self._check_repeat(left, right)
            self._check_repeat(right, left)
            ints = isinstance(left, int) and isinstance(right, int)
            if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError(f"'*' gives a number over {MAX_INT_BITS} bits long; layouts have no use for it")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                if left.bit_length() * right > MAX_INT_BITS:
                    raise SecurityError(f"'**' gives a number over {MAX_INT_BITS} bits long; use a smaller power")
            elif isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large in a layout")
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                sized_pair(left, right, "joining with '+'")
        elif operator == "%" and isinstance(left, str):
            check_percent_format(left)
            sized(right, "the values for a %-format")
        return sized(super().call_binop(context, operator, left, right), f"the result of '{operator}'")

    @staticmethod
    def _check_repeat(seq: Any, count: Any) -> None:
        if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and not isinstance(count, bool):
            if len(seq) * count > MAX_ITEMS:
                raise refuse(f"repeating text or a list {count:,} times gives more than {MAX_ITEMS:,} items")
            if weigh(seq) * count > MAX_CHARS:
                raise refuse(f"repeating this {count:,} times")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Calls from a layout: arguments weighed, text padding sized first, the result weighed."""
        sized_pair(args, kwargs, "the arguments of a call")
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):
            method = getattr(target, "__name__", "")
            if method == "join" and args and not isinstance(args[0], Sized):
                args = (list(args[0]), *args[1:])
            if method == "join" and args:
                size = _join_size(args[0], owner)
            else:
                size = _text_result_size(method, owner, args, kwargs)
            if size > MAX_CHARS:
                raise refuse(f"'{method}' would produce more than {MAX_CHARS:,} characters")
        return sized(super().call(__context, __obj, *args, **kwargs), "the result of a call")
