"""Parse handout markup into a validated element tree; no ReportLab here.

The parser is expat with every door that XML opens closed: a document type
declaration, an entity declaration or an external entity reference is an
error (no billion laughs, no file or network reads). Each element keeps the
line it starts on in the rendered markup, so an error can quote it.

Validation is against `vocabulary.SPECS`; attribute values are parsed there,
so builders receive typed, checked values and nothing else.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn

from handouts.errors import LayoutError, Problem, suggest
from handouts.markup import sheets as sheetmarkup  # noqa: F401  (registers the sheets' elements)
from handouts.markup.vocabulary import SPECS, InvalidValue, attrs_of

MAX_DEPTH = 60
MAX_ELEMENTS = 50_000
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Element:
    """One markup element: typed attributes, children (elements and text), source line."""

    tag: str
    attrs: dict[str, Any]
    children: list[Element | str] = field(default_factory=list)
    line: int = 0

    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]

    def text(self) -> str:
        """All text inside, whitespace collapsed: for headings, alt text and tests."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return _WS.sub(" ", "".join(parts)).strip()

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()


class _Builder:
    def __init__(self, parser: xml.parsers.expat.XMLParserType) -> None:
        self.parser: Any = parser
        self.stack: list[tuple[str, dict[str, str], list, int]] = []
        self.root: tuple | None = None
        self.count = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise _Refused(f"more than {MAX_ELEMENTS:,} elements")
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep")
        self.stack.append((tag, attrs, [], self.parser.CurrentLineNumber))

    def end(self, tag: str) -> None:
        node = self.stack.pop()
        if self.stack:
            self.stack[-1][2].append(node)
        else:
            self.root = node

    def data(self, text: str) -> None:
        if self.stack:
            children = self.stack[-1][2]
            if children and isinstance(children[-1], str):
                children[-1] += text
            else:
                children.append(text)


class _Refused(Exception):
    pass


def _refuse(what: str) -> Callable[..., NoReturn]:
    def handler(*_args: object) -> NoReturn:
        raise _Refused(what)

    return handler


def parse_markup(text: str, layout: str, known_sources: set[str] | None = None) -> Element:
    """Parse and validate markup rendered from ``layout``; LayoutError lists every problem."""
    parser = xml.parsers.expat.ParserCreate("utf-8")
    builder = _Builder(parser)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse("a DOCTYPE declaration")
    parser.EntityDeclHandler = _refuse("an entity declaration")
    parser.UnparsedEntityDeclHandler = _refuse("an entity declaration")
    parser.ExternalEntityRefHandler = _refuse("an external entity reference")
    parser.ProcessingInstructionHandler = _refuse("a processing instruction")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.ordered_attributes = False
    lines = text.splitlines()
    try:
        parser.Parse(text.encode("utf-8"), True)
    except _Refused as exc:
        line = parser.CurrentLineNumber
        raise LayoutError(
            problems=[
                _problem(
                    layout,
                    line,
                    lines,
                    "markup",
                    f"{exc} is not allowed in handout markup",
                    "remove it; write characters directly, escaped by the layout",
                )
            ]
        ) from None
    except xml.parsers.expat.ExpatError as exc:
        message = xml.parsers.expat.ErrorString(exc.code)
        raise LayoutError(
            problems=[
                _problem(
                    layout,
                    exc.lineno,
                    lines,
                    "markup",
                    f"malformed markup: {message}",
                    "check that every element is closed and attribute values are quoted",
                )
            ]
        ) from None
    assert builder.root is not None
    builder.parser = None  # the parser holds the builder's methods: no reference cycle left behind
    problems: list[Problem] = []
    root = _validate(builder.root, None, layout, lines, problems, known_sources)
    if root is not None and root.tag != "handout":
        problems.append(
            _problem(
                layout,
                root.line,
                lines,
                f"<{root.tag}>",
                "the markup must start with <handout>",
                'make <handout title="..."> the outermost element (extend _base.xml.j2)',
            )
        )
    if problems:
        raise LayoutError(problems=problems)
    assert root is not None
    return root


def _validate(
    raw: tuple,
    parent: str | None,
    layout: str,
    lines: list[str],
    problems: list[Problem],
    known_sources: set[str] | None,
) -> Element | None:
    tag, raw_attrs, raw_children, line = raw
    spec = SPECS.get(tag)
    if spec is None:
        problems.append(_problem(layout, line, lines, f"<{tag}>", "unknown element", suggest(tag, SPECS)))
        return None
    attrs: dict[str, Any] = {}
    allowed = attrs_of(spec)
    for name, value in raw_attrs.items():
        attr = allowed.get(name)
        if attr is None:
            fix = suggest(name, allowed) if allowed else f"<{tag}> takes no attributes"
            problems.append(_problem(layout, line, lines, f"<{tag}>", f"unknown attribute '{name}'", fix))
            continue
        try:
            attrs[name] = attr.parse(value)
        except InvalidValue as exc:
            problems.append(
                _problem(layout, line, lines, f"<{tag} {name}>", str(exc), attr.doc or "see docs/layouts.md")
            )
    for name, attr in spec.attrs.items():
        if name not in attrs and name not in raw_attrs:
            if attr.required:
                problems.append(
                    _problem(
                        layout,
                        line,
                        lines,
                        f"<{tag}>",
                        f"missing required attribute '{name}'",
                        attr.doc or f'add {name}="..."',
                    )
                )
            attrs[name] = attr.default
    if "source" in spec.attrs and known_sources is not None and attrs.get("source") not in (None, *known_sources):
        problems.append(
            _problem(
                layout,
                line,
                lines,
                f"<{tag} source>",
                f"unknown source id '{attrs['source']}'",
                suggest(attrs["source"], known_sources),
            )
        )
    if spec.check is not None and all(name in attrs for name in raw_attrs):
        child_tags = [c[0] for c in raw_children if not isinstance(c, str)]
        trouble = spec.check(attrs, child_tags)
        if trouble:
            problems.append(_problem(layout, line, lines, f"<{tag}>", trouble, spec.doc or "see docs/layouts.md"))
    element = Element(tag, attrs, [], line)
    content = spec.content
    for child in raw_children:
        if isinstance(child, str):
            if content in ("inline", "flow"):
                element.children.append(child)
            elif child.strip():
                where = "text" if content == "blocks" or isinstance(content, tuple) else "content"
                problems.append(
                    _problem(
                        layout,
                        line,
                        lines,
                        f"<{tag}>",
                        f"{where} '{_short(child)}' is not allowed here",
                        _allowed_phrase(tag, content),
                    )
                )
            continue
        child_tag = child[0]
        child_spec = SPECS.get(child_tag)
        if child_spec is not None and not _allowed(child_tag, child_spec.kind, content):
            problems.append(
                _problem(
                    layout,
                    child[3],
                    lines,
                    f"<{child_tag}>",
                    f"not allowed inside <{tag}>",
                    _allowed_phrase(tag, content),
                )
            )
            continue
        built = _validate(child, tag, layout, lines, problems, known_sources)
        if built is not None:
            element.children.append(built)
    return element


def _allowed(tag: str, kind: str, content: str | tuple[str, ...]) -> bool:
    if isinstance(content, tuple):
        return tag in content
    if content == "inline":
        return kind == "inline"
    if content == "blocks":
        return kind == "block"
    if content == "flow":
        return kind in ("inline", "block")
    return False


def _allowed_phrase(tag: str, content: str | tuple[str, ...]) -> str:
    if isinstance(content, tuple):
        return f"<{tag}> may only contain " + ", ".join(f"<{c}>" for c in content)
    if content == "empty":
        return f"<{tag}> must be empty, e.g. <{tag}/>"
    if content == "inline":
        return f"<{tag}> takes text with " + ", ".join(f"<{n}>" for n, s in SPECS.items() if s.kind == "inline")
    blocks = sorted(n for n, s in SPECS.items() if s.kind == "block")
    return f"<{tag}> takes block elements: " + ", ".join(f"<{b}>" for b in blocks)


def _short(text: str) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= 40 else text[:37] + "..."


def _problem(layout: str, line: int, lines: list[str], where: str, what: str, fix: str) -> Problem:
    excerpt = _short(lines[line - 1]) if 0 < line <= len(lines) else ""
    detail = f'{fix} (rendered markup line {line}: "{excerpt}")' if excerpt else fix
    return Problem(layout, 0, where, what, detail)
