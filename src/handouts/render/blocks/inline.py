"""Inline content to ReportLab paragraph markup, escaped; paragraphs made with their glyphs checked.

ReportLab's Paragraph parses its text as markup and has executed code from
attribute values before, so this is the only place paragraph markup is
written: every text run is XML-escaped, only ``b``, ``i``, ``u``, ``a href``
(already restricted to http(s)/mailto/tel, or ``#source-N`` for a citation
mark we numbered ourselves), ``br`` and ``font color`` with a colour we
formatted ourselves are emitted.

Paragraphs are made here too (`make_paragraph`), without ReportLab's HTML
parser: the markup above is split on the few tags it can hold and handed
to ReportLab's paragraph parser as a tuple tree (``ParaParser.tt_parse``,
the form its RML uses), which gives the same fragments in about half the
time (the HTML parser was a tenth of a build). Text from data is escaped
in the markup, so it is never taken for a tag there, and ReportLab then
receives it as text.

Glyphs are checked where the paragraph is made, fragment by fragment, against
the font each fragment is really printed in (the style's face, or the bold or
italic one a ``<b>``/``<i>`` picks): a call-out title is bold, a pathway's move
labels italic, whatever the caller thinks it asked for. ReportLab would
otherwise draw an empty box for a character its font lacks, and say nothing.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from handouts.inputs.fonts import check_runs
from handouts.render.blocks.base import BuildContext
from handouts.tagging import rlcompat
from handouts.tagging.tagger import StructNode

SOURCE_ANCHOR = "source-"  # destination names of the sources list entries: source-1, source-2...


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# The markup written here: escaped text, and tags from this module (no '>' inside a tag: values are escaped).
_TAGS = re.compile(r"(<[^>]*>)")
_ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')
# ReportLab's HTML parser hands text over in runs that end at each character reference, each run a fragment.
_RUNS = re.compile(r"(&amp;|&lt;|&gt;|&quot;)")
_UNESCAPE = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}


def make_paragraph(markup: str, style: Any) -> Paragraph:
    """``Paragraph(markup, style)`` for markup written here, without ReportLab's HTML parser.

    The fragments of each markup text are made once per style (`_made`) and
    copied for every paragraph of it: a handout built again (a print job's
    copies, a notebook) or a heading every handout has finds them made.
    """
    made = _MADE.get(style)
    if made is None:
        made = _MADE[style] = {}
    known = made.get(markup)
    if known is None:
        known = _made(markup, style)
        if len(made) >= _MADE_LIMIT:
            made.clear()
        made[markup] = known
    text, frags = known
    return Paragraph(text, style, frags=[_cloned(frag) for frag in frags])


# Per paragraph style: markup -> (cleaned text, checked fragments), the fragments never handed out themselves
# (ReportLab marks the ones it is given as it wraps and splits). Bounded per style.
_MADE: weakref.WeakKeyDictionary[Any, dict[str, tuple[str, tuple[Any, ...]]]] = weakref.WeakKeyDictionary()
_MADE_LIMIT = 4096


def _made(markup: str, style: Any) -> tuple[str, tuple[Any, ...]]:
    """The cleaned text and fragments ``Paragraph(markup, style)`` has, its glyphs checked.

    Text is cleaned first exactly as Paragraph cleans it (whitespace runs
    become one space), then split into the runs the HTML parser would have
    handed over, so the fragments, and the PDF, are the same.
    """
    text = clean_whitespace(markup)
    if "<" not in text:  # plain text (most paragraphs): no tags to parse
        frags = _plain_frags(text, style)
        if frags:
            return text, _checked(frags, style)
    root: list = []
    stack = [root]
    for token in _TAGS.split(text):
        if not token:
            continue
        if token[0] != "<":
            stack[-1].extend(_UNESCAPE.get(run, run) for run in _RUNS.split(token) if run)
        elif token == "<br/>":
            stack[-1].append(("br", None, None, None))
        elif token[1] == "/":
            stack.pop()
        else:
            name = token[1:-1].split(" ", 1)[0]
            attrs = {key: _RUNS.sub(lambda m: _UNESCAPE[m.group()], value) for key, value in _ATTRIBUTE.findall(token)}
            children: list = []
            stack[-1].append((name, attrs or None, children, None))
            stack.append(children)
    parser = ParaParser()
    parser.caseSensitive = 1  # as Paragraph sets it
    _, frags, _ = parser.tt_parse(("para", None, root, None), style)
    rlcompat.release_parser(parser)  # a cycle that would leave the parser to the cycle collector
    if frags is None:
        raise ValueError(f"ReportLab refused paragraph content: {parser.errors[0]}")
    return text, _checked(frags, style)


def _checked(frags: list, style: Any) -> tuple[Any, ...]:
    """The fragments with the style's text transform applied, once their glyphs are known to be in their fonts."""
    textTransformFrags(frags, style)
    check_runs(((frag.text, frag.fontName) for frag in frags), "".join(frag.text for frag in frags))
    return tuple(frags)


def _cloned(frag: Any) -> Any:
    """``copy.copy(frag)`` for a fragment (an attribute bag, ReportLab's ABag), without copy's look-ups.

    Its list attributes (links, underlines) are shared, as ReportLab's parser
    shares them between the fragments it makes: they are replaced, never changed.
    """
    clone = object.__new__(type(frag))
    clone.__dict__.update(frag.__dict__)
    return clone


# Whitespace other than the no-break space: what ReportLab's cleaner splits on when a line has one.
_BREAKING_SPACE = re.compile(r"[^\S\xa0]+")


def clean_whitespace(text: str) -> str:
    """``cleanBlockQuotedText(text)``, the same text, in one split instead of one per line and word.

    ReportLab strips each line and splits it into words (on any whitespace,
    or on whitespace but the no-break space when the line holds one), then
    joins every word with one space. Splitting the whole text gives the same
    words; a zero-width space (whitespace to ReportLab, not to Python) goes
    the long way. No-break spaces (citation marks) stand in as NUL, which is
    not whitespace, during the split: four times cheaper than a regex split.
    """
    if "\u200b" in text:
        return str(cleanBlockQuotedText(text))
    if "\xa0" not in text:
        return " ".join(text.split())
    if "\x00" in text:  # never in markup (XML has no NUL); the stand-in cannot be used
        return " ".join([word for word in _BREAKING_SPACE.split(text) if word])
    return " ".join(text.replace("\xa0", "\x00").split()).replace("\x00", "\xa0")


# Per paragraph style: the fragment ReportLab's parser makes for text with no tags (see `_plain_frags`).
_PLAIN: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _plain_frags(text: str, style: Any) -> list:
    """The fragments ``tt_parse`` makes of text with no tags: one per run, each a copy of the same fragment.

    That fragment depends on the style alone, so it is made once per style
    (by the parser itself, from a one-letter paragraph) and copied: the
    parser's per-paragraph set-up was most of a plain paragraph's making.
    """
    template = _PLAIN.get(style)
    if template is None:
        parser = ParaParser()
        parser.caseSensitive = 1
        _, made, _ = parser.tt_parse(("para", None, ["x"], None), style)
        rlcompat.release_parser(parser)
        if not made or len(made) != 1:
            return []
        template = _PLAIN[style] = made[0]
    return [_copied(template, _UNESCAPE.get(run, run)) for run in _RUNS.split(text) if run]


def _copied(template: Any, text: str) -> Any:
    """``copy.copy(template)`` with ``text`` set: a fragment is a plain attribute bag (ReportLab's ABag),
    so a new one with a copy of its attributes is the same, without copy's protocol look-ups."""
    frag = object.__new__(type(template))
    frag.__dict__.update(template.__dict__)
    frag.text = text
    return frag


@dataclass
class Inline:
    """Paragraph markup and the plain text a reader would see (for checks and tags)."""

    markup: str = ""
    plain: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


def convert(children: list, ctx: BuildContext, link_color: Color | None = None) -> Inline:
    """Inline children (text and inline elements) as one escaped markup string.

    Links are coloured ``link_color`` (default: the brand's primary colour;
    text on a primary fill passes its own, see `styles.Styles.link_color`).
    """
    out = Inline()
    _convert(children, ctx, out, hex_color(link_color or ctx.styles.colors.primary))
    out.markup = out.markup.strip()
    out.plain = " ".join(out.plain.split())
    return out


# "#rrggbb" of each plain Color's components, as its hexval gives it; a handful of brand colours.
_HEX: dict[tuple[float, float, float], str] = {}
_HEX_LIMIT = 256


def hex_color(color: Color) -> str:
    """``color.hexval()`` written ``#rrggbb``, remembered for plain Colors by their components.

    A plain Color's hexval depends on its red, green and blue alone
    (ReportLab's bitmap_rgb of rgb()); every paragraph asks for its link
    colour, and hexval's three Python calls and format were most of that.
    Other kinds (CMYK) work their RGB out their own way and are asked each time.
    """
    if type(color) is not Color:
        return str(color.hexval()).replace("0x", "#")
    key = (color.red, color.green, color.blue)
    known = _HEX.get(key)
    if known is None:
        if len(_HEX) >= _HEX_LIMIT:
            _HEX.clear()
        known = _HEX[key] = str(color.hexval()).replace("0x", "#")
    return known


def spaced(text: str) -> str:
    r"""``re.sub(r"\s+", " ", text)``: every run of whitespace one space, ends kept as a space.

    ``str.split`` splits on the same characters (Python's whitespace, which
    the regex's ``\s`` tests one by one) about four times faster.
    """
    words = text.split()
    if not words:
        return " " if text else ""
    joined = " ".join(words)
    if text[0].isspace():
        joined = " " + joined
    if text[-1].isspace():
        joined += " "
    return joined


def _convert(children: list, ctx: BuildContext, out: Inline, link_color: str) -> None:
    for child in children:
        if isinstance(child, str):
            text = spaced(child)
            out.markup += escape(text)
            out.plain += text
            continue
        tag = child.tag
        if tag == "br":
            out.markup += "<br/>"
            out.plain += " "
        elif tag == "cite":
            number = ctx.citations[child.attrs["source"]]
            mark = f"[{number}]"
            # A link to the sources list when there is one: it is clickable, and tagged as a Link.
            out.markup += (
                f'\u00a0<a href="#{SOURCE_ANCHOR}{number}">{mark}</a>' if ctx.source_anchors else f"\u00a0{mark}"
            )
            out.plain += f"\u00a0{mark}"
        elif tag in ("b", "i", "u"):
            out.markup += f"<{tag}>"
            _convert(child.children, ctx, out, link_color)
            out.markup += f"</{tag}>"
        elif tag == "a":
            href = child.attrs["href"]
            out.markup += f'<a href="{escape(href).replace(chr(34), "&quot;")}" color="{link_color}"><u>'
            start = len(out.plain)
            _convert(child.children, ctx, out, link_color)
            out.markup += "</u></a>"
            out.links.append((href, out.plain[start:].strip()))
        else:  # pragma: no cover - the vocabulary allows nothing else inline
            raise AssertionError(tag)


def paragraph(children: list, style_name: str, ctx: BuildContext, node: StructNode, align: str = "left") -> Flowable:
    """A tagged Paragraph for inline content."""
    inline = convert(children, ctx, ctx.styles.link_color(style_name))
    style = ctx.styles.aligned(style_name, align)
    para = make_paragraph(inline.markup or "\u00a0", style)
    if not node.text:
        node.text = inline.plain
    return ctx.tagger.wrap(para, node, inline.plain, style.fontSize)


def plain_paragraph(
    text: str, style_name: str, ctx: BuildContext, node: StructNode | None, align: str = "left"
) -> Flowable:
    """A Paragraph of plain text (escaped here); an artifact when ``node`` is None."""
    style = ctx.styles.aligned(style_name, align)
    para = make_paragraph(escape(text), style)
    if node is None:
        return ctx.tagger.artifact(para)
    return ctx.tagger.wrap(para, node, text, style.fontSize)


def drawn_paragraph(text: str, style_name: str, ctx: BuildContext, align: str = "left") -> Paragraph:
    """An untagged Paragraph of plain text (escaped here), for drawing inside a tagged figure.

    A chart's labels are drawn within the figure's one marked-content
    sequence and described by its alt text, so they get no tags of their own.
    """
    return make_paragraph(escape(text), ctx.styles.aligned(style_name, align))
