"""The markup reference in docs/layouts.md, generated from `vocabulary.SPECS`.

The attribute tables in the documentation are written from the same table
the parser checks against, so the two cannot drift: `scripts/layout_docs.py`
rewrites them and a test fails when they are out of date. The examples in
the document are found here too, so the test suite can render every one.

In docs/layouts.md, ``<!-- attributes: TAG -->`` ... ``<!-- /attributes -->``
marks a generated table, and ``<!-- example: NAME -->`` before a fenced
block marks an example (its picture, if any, is docs/images/NAME.png).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handouts.markup import vocabulary as v

_TYPES: dict[Callable[..., Any], str] = {
    v.text: "text",
    v.nonblank: "text, not empty",
    v.length: "length: `12pt`, `0.5in`, `1cm`, `10mm`",
    v.widths: "widths: `30%,*,*` or `1.5in,*`",
    v.boolean: "`true` or `false`",
    v.color: "colour: `primary`, `accent`, `text`, `background` or `#rrggbb`",
    v.url: "link: `https://`, `http://`, `mailto:` or `tel:`",
    v.web_url: "web address: `https://` or `http://`",
    v.ident: "source id from sources.yaml",
    v.language: "language tag, e.g. `en-US`",
    v.margins: "one length, or four: top right bottom left",
    v.asset: "image file: `.png` or `.jpg` in the layout folder or brand kit",
    v.number: "number, e.g. `44200` or `12.5`",
}
_LENGTHS = {v.length}
_BLOCK = re.compile(r"(<!-- attributes: ([a-z0-9-]+) -->\n)(.*?)(<!-- /attributes -->)", re.S)
_EXAMPLE = re.compile(r"<!-- example: ([a-z0-9-]+) -->\n```(?:xml|jinja)?\n(.*?)```", re.S)


def type_of(parse: Callable[..., Any]) -> str:
    """How the documentation names an attribute's type."""
    if parse in _TYPES:
        return _TYPES[parse]
    options = getattr(parse, "options", None)
    if options:
        return "one of " + ", ".join(f"`{o}`" for o in options)
    bounds = getattr(parse, "bounds", None)
    if bounds:
        return f"whole number, {bounds[0]} to {bounds[1]}"
    doc = (parse.__doc__ or parse.__name__).strip().splitlines()[0]
    return doc


def default_of(attr: v.Attr) -> str:
    if attr.required:
        return "required"
    if attr.default is None:
        return "–"
    if attr.parse in _LENGTHS:
        return f"`{attr.default / 72:g}in`" if attr.default % 18 == 0 else f"`{attr.default:g}pt`"
    if isinstance(attr.default, bool):
        return f"`{str(attr.default).lower()}`"
    return f"`{attr.default}`"


def attribute_table(tag: str) -> str:
    """The markdown table of one element's attributes (or a sentence when it has none)."""
    spec = v.SPECS[tag]
    if not spec.attrs:
        return f"`<{tag}>` takes no attributes.\n"
    lines = ["| attribute | type | default | what it does |", "| --- | --- | --- | --- |"]
    for name, attr in spec.attrs.items():
        what = (attr.doc or "").replace("|", "\\|")
        lines.append(f"| `{name}` | {type_of(attr.parse)} | {default_of(attr)} | {what} |")
    return "\n".join(lines) + "\n"


def update_tables(markdown: str) -> str:
    """The document with every generated attribute table rewritten from SPECS."""

    def replace(match: re.Match[str]) -> str:
        return match.group(1) + attribute_table(match.group(2)) + match.group(4)

    return _BLOCK.sub(replace, markdown)


def documented_tags(markdown: str) -> set[str]:
    return {match.group(2) for match in _BLOCK.finditer(markdown)}


@dataclass(frozen=True)
class Example:
    """One example from the document: its name and its markup (a body, or a whole layout)."""

    name: str
    code: str

    def layout(self) -> str:
        """A layout file that renders the example; a body is wrapped in a <handout>."""
        if self.code.lstrip().startswith(("{#", "{%", "<handout")):
            return self.code
        return "{#-\nroles: 1-3\n-#}\n" + f'<handout title="Example: {self.name}">\n{self.code}</handout>\n'


def examples(markdown: str) -> list[Example]:
    return [Example(m.group(1), m.group(2)) for m in _EXAMPLE.finditer(markdown)]
