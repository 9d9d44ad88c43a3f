"""Probe texts: stand-ins for roster values that show where, and whether as given, a layout prints them.

A personalised item is rendered with each mapped option set to a probe
instead of a student's value; `overlay` then finds the probe on the page and
draws each student's value in its place. That is only right if the layout
prints the value *as given*. A layout may change it first (``|upper``,
``.split()[0]`` for a first name, ``|truncate``) or treat long and short
values differently (``{% if options.student|length > 20 %}``); the print
file would then show the full name where the layout prints something else.

So a probe is made to be changed by such filters (upper and lower case, a
space, an accented letter) and never to hide in another probe (within a
set all probes have the same length; the two sets share no letter, so the
two renders `overlay` compares differ in every probe glyph). And before
anything is rendered, `printed_as_given` templates the layout with real
roster values, one of each length per option, and compares the markup with
the probe's markup with the probe swapped for that value: any difference
means the item is rendered in full for each student. Templating costs about
a millisecond, a render a hundred times that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import escape

from handouts.inputs.fonts import FontSet, missing_glyphs
from handouts.markup.parse import Element

# Per set: first letter, accented letter (and its plain stand-in), code letters, tail after the space.
_SETS = (
    ("Q", "é", "e", "KQJX", "jX"),  # short
    ("W", "ö", "o", "YWZV", "zVwZv"),  # long: about twice as wide
)


def probes(options: list[str], variant: int = 0, fonts: FontSet | None = None) -> dict[str, str]:
    """One distinct probe per option, e.g. "QéK jX", "QéQ jX" (variant 0) or "WöY zVwZv", ... (variant 1).

    The accented letter falls back to a plain one when a face of ``fonts``
    lacks it (a brand font without it would otherwise fail every render).
    """
    first, accented, plain, codes, tail = _SETS[variant]
    accent = accented if fonts is None or _drawable(fonts, accented) else plain
    width, count = 1, len(codes)
    while count < len(options):
        width, count = width + 1, count * len(codes)
    out = {}
    for index, option in enumerate(options):
        code = ""
        for _ in range(width):
            index, digit = divmod(index, len(codes))
            code += codes[digit]
        out[option] = f"{first}{accent}{code} {tail}"
    return out


def _drawable(fonts: FontSet, text: str) -> bool:
    return not any(missing_glyphs(face, text) for face in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic))


def printed_text(tree: Element) -> str:
    """The markup's text and text attributes (a probe may be either, e.g. a checklist's <blank value>)."""
    return " ".join([tree.text(), *(str(v) for e in tree.walk() for v in e.attrs.values() if isinstance(v, str))])


def shape(tree: Element, swap: dict[str, str] | None = None) -> tuple:
    """The markup as nested tuples, with each text ``swap`` key replaced by its value, for comparing."""

    def text(value: str) -> str:
        for old, new in (swap or {}).items():
            value = value.replace(old, new)
        return value

    attrs = tuple(sorted((k, text(v) if isinstance(v, str) else repr(v)) for k, v in tree.attrs.items()))
    return (tree.tag, attrs, tuple(text(c) if isinstance(c, str) else shape(c, swap) for c in tree.children))


def samples(values: Iterable[str]) -> list[str]:
    """One value of each length, longest first: what a length test or ``|truncate`` would tell apart."""
    by_length: dict[int, str] = {}
    for value in values:
        by_length.setdefault(len(value), value)
    return [by_length[n] for n in sorted(by_length, reverse=True)]


def printed_as_given(
    markup: Callable[[dict[str, str]], Element],
    base: Element,
    texts: dict[str, str],
    values: dict[str, list[str]],
    text: Callable[[dict[str, str]], str] | None = None,
) -> str:
    """Why the layout does not print the options as given (empty when it does).

    ``markup`` templates the layout with the options given; ``base`` is its
    markup for ``texts``, the probes (option -> probe), which it printed
    unchanged; ``values`` are the roster's values of each option. Each
    sample value of one option is put in place of its probe, the others are
    left at theirs, and the markup must be the probe's with the value
    swapped in.

    ``text`` (templating only, no parsing) settles most samples at about
    half the cost: when the templated text is the probes' text with the
    probe replaced by the value, XML-escaped as the layout's autoescape
    writes it, the parsed markup is the swapped one too. That shortcut is
    taken only for a value that parsing leaves as it is (printable, no
    space at either end or doubled); anything else is compared as markup.
    """
    base_text = text(texts) if text is not None else None
    for option, probe in texts.items():
        for value in samples(values[option]):
            options = {**texts, option: value}
            swapped = base_text.replace(probe, str(escape(value))) if base_text is not None else None
            if text is not None and _plain(value) and text(options) == swapped:
                continue
            tree = markup(options)
            if shape(tree) != shape(base, {probe: value}):
                return (
                    f"the layout prints options.{option} differently for '{value}' "
                    f"({len(value)} characters), e.g. shortened or in another size"
                )
    return ""


def _plain(value: str) -> bool:
    """Text the markup parser keeps exactly: printable, single inner spaces, none at the ends."""
    return value.isprintable() and value == " ".join(value.split())
