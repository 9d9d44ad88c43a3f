"""Turn parsed documents into typed records, collecting every problem.

Loaders (`data` for YAML, `config` for TOML) hand over a tree of `Node`s that
keep the raw scalar text and its line. Typing happens here, by the target
dataclass's annotations, so YAML 1.1's guesses never leak in: a text field
given ``NO`` or ``012345`` receives exactly those characters, and a number
field refuses ``"2024"`` or ``1e999`` with the line and a fix.

Conversion never stops at the first problem: each one becomes a `Problem`
and the walk goes on, so `handouts check` lists them all.
"""

from __future__ import annotations

import dataclasses
import math
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any

from handouts.errors import Problem, suggest


@dataclass(slots=True)
class Scalar:
    """A leaf: its text exactly as written, whether it was quoted, and its line."""

    text: str
    line: int
    quoted: bool = False
    null: bool = False
    toml_type: str | None = None  # TOML values arrive typed: "str", "int", "float", "bool", ...


@dataclass(slots=True)
class Mapping:
    """Keys in file order, each with the line the key is on; ``toml`` when it came from a TOML file."""

    items: list[tuple[str, int, Node]]
    line: int
    toml: bool = False


@dataclass(slots=True)
class Sequence:
    items: list[Node]
    line: int
    toml: bool = False  # came from a TOML file: fixes are written in TOML, not YAML


Node = Scalar | Mapping | Sequence

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_INDEXES = re.compile(r"(\[\d+\])+$")  # compiled once: `_key` runs for every text field read
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
# Bidi embedding/override/isolate controls can make text display in an order
# other than the one stored ("Trojan Source"); data has no use for them.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What a text field refuses: the control characters (Unicode category Cc, U+0000-U+001F and U+007F-U+009F)
# other than tab and newline, and the bidi controls. One search in C rather than a category lookup per
# character: the role files hold about a thousand texts, and every cold build reads them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(_BIDI_CONTROLS)) + "]")
_NOTHING = object()
NOTHING = _NOTHING  # what `Converter.convert` returns for a value it could not read


class Converter:
    """Walks one file's node tree against a dataclass, recording problems.

    ``lines`` maps each field path it visited to its line, so later
    cross-reference checks (dangling source ids, unknown role ids) can name
    the line of the offending value.

    With ``lenient``, a record with problems is still made, every value that
    could not be read replaced by a stand-in (empty text, 0, an empty list),
    so the cross-reference checks can run on the rest of the file in the same
    pass: an office fixing a file sees every problem at once, not the
    unknown source ids only after the field errors are gone. Problems found
    at or under a stand-in's path are consequences, filtered by `consequence`.
    """

    def __init__(self, file: str, lenient: bool = False, languages: bool = False) -> None:
        self.file = file
        self.lenient = lenient
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}
        # With ``languages`` (role files), a text field may be a mapping {en: ..., es: ...}: the English
        # text becomes the field's value, the others are kept here by field path (lang -> text, line).
        self.languages = languages
        self.translations: dict[str, dict[str, tuple[str, int]]] = {}
        self.prose: dict[str, int] = {}  # every prose text field read, by path: what `check` asks translations of

    def consequence(self, where: str) -> bool:
        """Whether a later problem at ``where`` follows from a field problem already reported."""
        return any(_related(where, p.where) for p in self.problems)

    def problem(self, line: int, where: str, what: str, fix: str = "") -> None:
        self.problems.append(Problem(self.file, line, where, what, fix))

    def convert(self, node: Node, target: Any, path: str) -> Any:
        """Return the typed value, or `_NOTHING` after recording why not."""
        self.lines.setdefault(path, node.line)
        origin = None if target is str else typing.get_origin(target)  # text, the commonest, is no generic
        if origin in (types.UnionType, typing.Union):
            options = [a for a in typing.get_args(target) if a is not type(None)]
            if isinstance(node, Scalar) and node.null:
                return None
            return self.convert(node, options[0], path)
        if target is not str and isinstance(target, type) and dataclasses.is_dataclass(target):
            return self._record(node, target, path)
        if origin is tuple:
            return self._sequence(node, typing.get_args(target)[0], path)
        if origin is dict:
            return self._mapping(node, typing.get_args(target)[1], path)
        if self.languages and target is str and isinstance(node, Mapping):
            return self._translated(node, path)
        if self.languages and target is str and isinstance(node, Scalar) and not node.null and is_prose(path):
            self.prose[path] = node.line
        if not isinstance(node, Scalar):
            kind = "a list" if isinstance(node, Sequence) else "a mapping"
            fix = _toml_example(target, path) if node.toml else _example(target)
            self.problem(node.line, path, f"expected {_describe(target)}, got {kind}", fix)
            return _NOTHING
        if node.null:
            self.problem(node.line, path, f"expected {_describe(target)}, got nothing", _example(target))
            return _NOTHING
        return self._scalar(node, target, path)

    def _translated(self, node: Mapping, path: str) -> Any:
        """``{en: "Medical Assistant", es: "Asistente médico"}``: English is the value, the rest translations."""
        line = self.lines.get(path, node.line)  # the field's key, not the first language under it
        if not is_prose(path):
            self.problem(
                line,
                path,
                "is an id, code, source or link, which is the same in every language",
                "write one value, not a mapping of languages",
            )
            return _NOTHING
        texts: dict[str, tuple[str, int]] = {}
        english: Any = _NOTHING
        for key, key_line, value in node.items:
            where = f"{path}.{key}"
            if not LANGUAGE_KEY.match(key):
                self.problem(
                    key_line,
                    where,
                    f"'{key}' is not a language code",
                    'write the text once per language, e.g. en: "Nurse" and es: "Enfermero"',
                )
                continue
            if not isinstance(value, Scalar) or value.null:
                self.problem(value.line, where, "expected text", 'put the text in quotes, e.g. es: "..."')
                continue
            text = self._text(value, where)
            if text is _NOTHING:
                continue
            if key == "en":
                english = text
            else:
                texts[key] = (text, value.line)
        if english is _NOTHING and not any(k == "en" for k, _, _ in node.items):
            self.problem(line, path, "has no English text (en:)", 'add en: "..." with the English text')
        if english is _NOTHING:
            return _NOTHING
        self.prose[path] = line
        if texts:
            self.translations[path] = texts
        return english

    def translations_block(self, node: Node) -> None:
        """``translations: {es: {name: "...", duties[0].title: "..."}}`` at the end of a role file: the same
        as giving each field per language, kept apart so the English stays as it was written."""
        if not isinstance(node, Mapping):
            self.problem(node.line, "translations", "expected a mapping of languages", "write e.g. es: then fields")
            return
        for lang, lang_line, fields in node.items:
            if not LANGUAGE_KEY.match(lang) or lang == "en" or not isinstance(fields, Mapping):
                what = f"'{lang}' is not a language code with fields under it"
                self.problem(lang_line, f"translations.{lang}", what, "write e.g. es: then 'field path: text' lines")
                continue
            for path, line, value in fields.items:
                where = f"translations.{lang}.{path}"
                if path not in self.prose:
                    self.problem(line, where, f"'{path}' is not a text field of this role", suggest(path, self.prose))
                    continue
                if not isinstance(value, Scalar) or value.null:
                    self.problem(line, where, "expected text", 'put the text in quotes, e.g. "..."')
                    continue
                text = self._text(value, where)
                if text is not _NOTHING:
                    self.translations.setdefault(path, {})[lang] = (text, value.line)

    def _record(self, node: Node, cls: type, path: str) -> Any:
        shorthand = getattr(cls, "SHORTHAND", None)
        if shorthand and isinstance(node, Scalar) and not node.null:
            # e.g. a note written as a plain line of text: the text field of a Note
            text = self.convert(node, str, path)
            return text if text is _NOTHING else cls(**{shorthand: text})
        if not isinstance(node, Mapping):
            valid = ", ".join(_field_names(cls))
            if _from_toml(node):
                key = _key(path)
                table = f"[[{key}]]" if path.endswith("]") else f"[{key}]"
                fix = f"write a {table} table of 'field = value' lines; valid fields are {valid}"
            else:
                fix = f"write 'field: value' lines; valid fields are {valid}"
            self.problem(node.line, path or "(top level)", f"expected a mapping of {cls.__name__} fields", fix)
            return _NOTHING
        hints = _hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.init and not f.metadata.get("internal")}
        values: dict[str, Any] = {}
        failed = False
        for key, key_line, value in node.items:
            where = f"{path}.{key}" if path else key
            if key not in fields:
                self.problem(key_line, where, f"unknown field '{key}' in {cls.__name__}", suggest(key, fields))
                failed = True
                continue
            self.lines[where] = key_line
            converted = self.convert(value, hints[key], where)
            if converted is _NOTHING:
                failed = True
            else:
                values[key] = converted
        for name, f in fields.items():
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if required and name not in values and not any(k == name for k, _, _ in node.items):
                where = f"{path}.{name}" if path else name
                self.problem(
                    node.line,
                    where,
                    f"missing required field '{name}' in {cls.__name__}",
                    _missing_fix(name, hints[name], node.toml),
                )
                failed = True
        if failed and not self.lenient:
            return _NOTHING
        if failed:
            for name, f in fields.items():
                required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                if required and name not in values:
                    values[name] = stand_in(hints[name])
        return cls(**values)

    def _sequence(self, node: Node, item_type: Any, path: str) -> Any:
        if not isinstance(node, Sequence):
            if dataclasses.is_dataclass(item_type) and _from_toml(node):
                fix = f"write each entry as a [[{_key(path)}]] table of 'field = value' lines"
            elif isinstance(node, Scalar) and node.toml_type is not None and len(node.text) <= 60:
                fix = f"put the value in square brackets: {_key(path)} = [{_toml_value(node, item_type)}]"
            elif _from_toml(node):
                fix = f'write a list in square brackets, e.g. {_key(path)} = ["first", "second"]'
            else:
                fix = "write each entry on its own line starting with '- '"
            self.problem(node.line, path, f"expected a list of {_describe(item_type)}", fix)
            return _NOTHING
        out, failed = [], False
        for index, item in enumerate(node.items):
            converted = self.convert(item, item_type, f"{path}[{index}]")
            if converted is _NOTHING:
                failed = True
                if self.lenient:  # keep the positions: later checks name items by index
                    out.append(stand_in(item_type))
            else:
                out.append(converted)
        return _NOTHING if failed and not self.lenient else tuple(out)

    def _mapping(self, node: Node, value_type: Any, path: str) -> Any:
        if not isinstance(node, Mapping):
            fix = (
                f'write a table, e.g. {_key(path)} = {{ name = "value" }}'
                if _from_toml(node)
                else "write one 'id:' line per entry, with the entry indented under it"
            )
            self.problem(node.line, path, "expected a mapping of id: entry", fix)
            return _NOTHING
        out, failed = {}, False
        for key, key_line, value in node.items:
            where = f"{path}.{key}"
            if not ID_PATTERN.match(key):
                self.problem(
                    key_line,
                    where,
                    f"'{key}' is not a valid id",
                    "use lowercase letters, digits and dashes, e.g. job_growth or pay-range",
                )
                failed = True
                continue
            self.lines[where] = key_line
            converted = self.convert(value, value_type, where)
            if converted is _NOTHING:
                failed = True
            else:
                out[key] = converted
        return _NOTHING if failed and not self.lenient else out

    def _scalar(self, node: Scalar, target: Any, path: str) -> Any:
        text = node.text
        wanted = {str: "str", int: "int", float: "float", bool: "bool"}.get(target, "str")
        if (
            node.toml_type is not None
            and node.toml_type != wanted
            and not (wanted == "float" and node.toml_type == "int")
        ):
            self.problem(
                node.line,
                path,
                f"expected {_describe(target)}, got a TOML {node.toml_type}",
                'put text in double quotes, e.g. "some text"' if wanted == "str" else _example(target),
            )
            return _NOTHING
        if target is str:
            return self._text(node, path)
        if isinstance(target, type) and issubclass(target, Enum):
            names = [m.value for m in target]
            if text not in names:
                self.problem(node.line, path, f"'{text}' is not one of {', '.join(names)}", suggest(text, names))
                return _NOTHING
            return target(text)
        if target is bool:
            if (node.quoted and node.toml_type is None) or text not in ("true", "false"):
                self.problem(
                    node.line, path, f"expected true or false, got {text!r}", "write true or false, without quotes"
                )
                return _NOTHING
            return text == "true"
        if target in (int, float):
            pattern = _INT if target is int else _FLOAT
            if len(text) > 40:  # Python refuses int() of over 4,300 digits; no real figure is near 40
                self.problem(
                    node.line,
                    path,
                    f"a number {len(text):,} characters long is too large",
                    "write the number as it should print, e.g. 44200",
                )
                return _NOTHING
            if (node.quoted and node.toml_type is None) or not pattern.match(text):
                kind = "a whole number" if target is int else "a number"
                self.problem(
                    node.line,
                    path,
                    f"expected {kind}, got {text!r}",
                    f"write {kind} without quotes, units or commas, e.g. {_example_value(target)}",
                )
                return _NOTHING
            value = target(text)
            if target is float and not math.isfinite(value):
                self.problem(node.line, path, f"{text!r} is too large", "write a finite number")
                return _NOTHING
            return value
        raise TypeError(f"schema cannot convert to {target!r}")  # a programming error, not input

    def _text(self, node: Scalar, path: str) -> Any:
        text = unicodedata.normalize("NFC", node.text.strip())
        bad = _CONTROL.search(text)
        if bad:
            self.problem(
                node.line,
                path,
                f"control character U+{ord(bad.group()):04X} at position {bad.start() + 1}",
                "remove it; text fields take printable characters only",
            )
            return _NOTHING
        if not text:
            self.problem(node.line, path, "is empty", "write some text, or leave the field out if it is optional")
            return _NOTHING
        return text


LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}$")
# Text fields that name or point at something (ids, codes, sources, links, dates, proper names of
# organisations): they are the same in every edition. Every other text field of a role is prose.
NOT_PROSE = frozenset(
    {
        "id", "soc", "source", "sources", "drafted_from", "url", "link", "abbreviation",
        "issuer", "issuer_abbreviation", "period", "published", "role", "to", "credits", "area", "qualifier",
    }
)  # fmt: skip


def is_prose(path: str) -> bool:
    """Whether the text field at ``path`` (``duties[0].title``, ``skills[2]``) is written per language."""
    return _key(path) not in NOT_PROSE


def stand_in(target: Any) -> Any:
    """A value of ``target``'s type that says nothing: what a lenient conversion puts where reading failed."""
    origin = typing.get_origin(target)
    if origin in (types.UnionType, typing.Union):
        return None
    if origin is tuple:
        return ()
    if origin is dict:
        return {}
    if dataclasses.is_dataclass(target):
        hints = _hints(target)  # type: ignore[arg-type]
        required = {
            f.name: stand_in(hints[f.name])
            for f in dataclasses.fields(target)
            if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        return target(**required)  # type: ignore[operator]
    if isinstance(target, type) and issubclass(target, Enum):
        return next(iter(target))
    return {str: "", int: 0, float: 0.0, bool: False}.get(target)


def _related(first: str, second: str) -> bool:
    """Whether one field path is the other or lies inside it (``a.b`` and ``a.b[0].c``)."""
    if not first or not second:
        return False
    shorter, longer = sorted((first, second), key=len)
    return longer == shorter or longer.startswith((shorter + ".", shorter + "["))


def _hints(cls: type) -> dict[str, Any]:
    cached = _HINTS.get(cls)
    if cached is None:
        cached = _HINTS[cls] = typing.get_type_hints(cls)
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


def _field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.init and not f.metadata.get("internal")]


def _describe(target: Any) -> str:
    if target is str:
        return "text"
    if target is int:
        return "a whole number"
    if target is float:
        return "a number"
    if target is bool:
        return "true or false"
    if isinstance(target, type) and issubclass(target, Enum):
        return "one of " + ", ".join(m.value for m in target)
    if isinstance(target, type) and dataclasses.is_dataclass(target):
        return f"a {target.__name__} mapping"
    return "a value"


def _example_value(target: Any) -> str:
    origin = typing.get_origin(target)
    if origin in (types.UnionType, typing.Union):
        target = next(a for a in typing.get_args(target) if a is not type(None))
        origin = typing.get_origin(target)
    if target is int:
        return "2024"
    if target is float:
        return "44200"
    if target is bool:
        return "true"
    if target is str:
        return "some text"
    if isinstance(target, type) and issubclass(target, Enum):
        return next(iter(target)).value
    if origin is tuple:
        return "[...]"
    return "..."


def _example(target: Any) -> str:
    return f"write e.g. {_example_value(target)}"


def _from_toml(node: Node) -> bool:
    """Whether the node came from a TOML file (brand kit, print-job manifest), so a fix must be TOML."""
    return node.toml_type is not None if isinstance(node, Scalar) else node.toml


def _key(path: str) -> str:
    """The last key of a field path: ``items[0].roles`` -> ``roles``, ``items[2]`` -> ``items``."""
    return _INDEXES.sub("", path).rsplit(".", 1)[-1] or "value"


def _toml_value(node: Scalar, target: Any) -> str:
    """The scalar as TOML would write it for ``target``: text quoted, numbers and booleans bare."""
    if node.toml_type == "str" or target is str:
        return '"' + node.text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return node.text


def _missing_fix(name: str, target: Any, toml: bool) -> str:
    """How to add a missing field, in the syntax of the file it is missing from."""
    if not toml:
        return f"add '{name}: {_example_value(target)}'"
    return "add it: " + _toml_example(target, name).removeprefix("write ")


def _toml_example(target: Any, path: str) -> str:
    value = _example_value(target)
    text = target is str or (isinstance(target, type) and issubclass(target, Enum))
    return f'write e.g. {_key(path)} = "{value}"' if text else f"write e.g. {_key(path)} = {value}"
