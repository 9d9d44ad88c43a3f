"""Editions: which languages a handout can be printed in, their message catalogs, and locale formats.

English is the language the layouts and role files are written in; every
other language needs a message catalog, ``locales/LANG.po`` in a layout
folder (the built-in one ships ``layouts/locales/es.po``; a brand kit or a
``--layouts`` folder may add its own for its own layouts).

Catalogs are read as ``.po`` text with Babel's reader and compiled in
memory, never to disk: nothing is written while building, a layout author
ships one text file with no compile step, and the compiled result is kept
per process (`Messages` are cached by file version). Reading a 300-entry
catalog takes a few milliseconds.

The active edition is a context variable (`edition`) so the formatters in
`templating.figures` and the few strings the renderer draws itself (page
numbers, chart descriptions) follow it without every call passing it on.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.errors import Problem, UsageError, suggest
from handouts.inputs.pofiles import read_catalog
from handouts.paths import builtin_dir, display_path, is_within

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog as BabelCatalog

SOURCE_LANGUAGE = "en"
CATALOG_FOLDER = "locales"
DOMAIN = "handouts"
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
# The region each language is printed for when none is given: US schools, so US Spanish.
_REGION = {"en": "US", "es": "US"}


@dataclass(frozen=True, slots=True)
class Messages:
    """One language's compiled messages, merged over the layout folders (earlier folders win)."""

    language: str
    translations: gettext_module.NullTranslations
    known: frozenset[str] = frozenset()  # msgids with a translation (an empty msgstr is no translation)
    files: tuple[str, ...] = ()


@dataclass
class Edition:
    """What the handout being built is printed in, and the layout strings that had no translation.

    ``missing`` collects the English strings printed because the catalog has
    none (the build warns once per string); ``large_print`` scales the type.
    """

    language: str = SOURCE_LANGUAGE  # primary subtag: "en", "es"
    tag: str = "en-US"  # the BCP 47 tag written to the PDF's /Lang
    messages: Messages | None = None
    large_print: bool = False
    missing: dict[str, None] = field(default_factory=dict)

    @property
    def english(self) -> bool:
        return self.language == SOURCE_LANGUAGE

    def gettext(self, text: str) -> str:
        if self.english or self.messages is None:
            return text
        if text not in self.messages.known:
            self.missing.setdefault(text)
            return text
        return self.messages.translations.gettext(text)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        if self.english or self.messages is None:
            return singular if count == 1 else plural
        if singular not in self.messages.known:
            self.missing.setdefault(singular)
            return singular if count == 1 else plural
        return self.messages.translations.ngettext(singular, plural, count)


EDITION: ContextVar[Edition | None] = ContextVar("edition", default=None)
_ENGLISH = Edition()  # records nothing: English strings are never missing


def edition() -> Edition:
    """The edition being built in this thread (English by default)."""
    return EDITION.get() or _ENGLISH


@contextmanager
def printing_in(current: Edition) -> Iterator[Edition]:
    """Make ``current`` the edition for formatters and renderer strings inside the block."""
    token = EDITION.set(current)
    try:
        yield current
    finally:
        EDITION.reset(token)


def tr(text: str) -> str:
    """A string the program itself prints (not a layout's), translated into the current edition."""
    return edition().gettext(text)


def ngettext(singular: str, plural: str, count: int) -> str:
    return edition().ngettext(singular, plural, count)


def N_(text: str) -> str:
    return text


def catalog_folders(layout_folders: list[Path]) -> list[Path]:
    """``locales/`` beside the layouts in each layout folder, in search order (the built-in one last).

    A ``locales/`` that is a link leading out of its layout folder is not that folder's: it is left out.
    """
    pairs = catalog_homes(layout_folders)
    return [locales for locales, _home in pairs]


def catalog_homes(layout_folders: list[Path]) -> list[tuple[Path, Path]]:
    """(``locales/`` folder, the layout folder it belongs to) for each folder that has one, in search order."""
    builtin = builtin_dir("layouts")
    homes = list(layout_folders) + ([builtin] if builtin not in layout_folders else [])
    return [
        (home / CATALOG_FOLDER, home)
        for home in homes
        if (home / CATALOG_FOLDER).is_dir() and is_within(home / CATALOG_FOLDER, home)
    ]


def available_languages(layout_folders: list[Path]) -> list[str]:
    """English plus every language with a ``LANG.po`` in a layout folder's ``locales/``."""
    found = {SOURCE_LANGUAGE}
    for folder in catalog_folders(layout_folders):  # a locales/ link out of its folder is not listed
        for entry in os.scandir(folder):
            name, dot, ext = entry.name.partition(".")
            if dot and ext == "po" and _TAG.match(name):
                found.add(name.lower())
    return sorted(found, key=lambda lang: (lang != SOURCE_LANGUAGE, lang))


def parse_languages(text: str, where: tuple[str, int, str], layout_folders: list[Path]) -> list[str]:
    """``"es"``, ``"en,es"``, ``"es-US"`` -> primary subtags, checked against the catalogs there are.

    ``where`` is (file, line, field) for the error: the command line's --lang or a job item's lang.
    """
    known = available_languages(layout_folders)
    langs: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        match = _TAG.match(part)
        lang = match.group(1).lower() if match else part
        if not match or lang not in known:
            what = f"'{part}' is not a language handouts can print in" if part else "an empty language"
            hint = suggest(lang, known)
            fix = f"{hint}; " if hint.startswith("did you mean") else ""
            fix += f"the languages there are: {', '.join(known)} (a language needs locales/LANG.po)"
            raise UsageError(problems=[Problem(where[0], where[1], where[2], what, fix)])
        if lang in langs:
            raise UsageError(
                problems=[Problem(where[0], where[1], where[2], f"'{lang}' is named twice", "name each language once")]
            )
        langs.append(lang)
    return langs


def language_tag(lang: str, brand_language: str) -> str:
    """The /Lang tag for an edition: the brand's own tag when it is that language, else LANG-US."""
    if brand_language.split("-")[0].lower() == lang:
        return brand_language
    region = _REGION.get(lang)
    return f"{lang}-{region}" if region else lang


def babel_locale(current: Edition) -> str:
    """The Babel locale name for an edition's tag: es-US -> es_US."""
    return current.tag.replace("-", "_")


def messages_for(lang: str, layout_folders: list[Path]) -> Messages | None:
    """The merged catalog for ``lang`` over the layout folders; None for English.

    LayoutError (file:line) for a catalog that is malformed or a link leading out of its folder.
    """
    if lang == SOURCE_LANGUAGE:
        return None
    versions = []
    for locales, home in catalog_homes(layout_folders):
        path = locales / f"{lang}.po"
        if path.is_file() or path.is_symlink():
            stat = path.stat() if is_within(path, home) else None
            versions.append((str(path), str(home), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0))
    return _compile(lang, tuple(versions))


@lru_cache(maxsize=32)
def _compile(lang: str, versions: tuple[tuple[str, str, int, int], ...]) -> Messages:
    """Read each .po with Babel and compile it in memory (mofile into a buffer, read by gettext)."""
    from babel.messages.mofile import write_mo

    merged: gettext_module.NullTranslations | None = None
    known: set[str] = set()
    for path, home, _mtime, _size in versions:  # earlier folders first: they win
        catalog = read_catalog(Path(path), Path(home), lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        translations = gettext_module.GNUTranslations(buffer)
        known.update(translated_entries(catalog))
        if merged is None:
            merged = translations
        else:
            merged.add_fallback(translations)
    shown = tuple(display_path(Path(p)) for p, _, _, _ in versions)
    return Messages(lang, merged or gettext_module.NullTranslations(), frozenset(known), shown)


def translated_entries(catalog: BabelCatalog) -> dict[str, int]:
    """msgid -> line of every entry with a translation (every plural form filled in, not fuzzy)."""
    out: dict[str, int] = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        text = message.string
        if (all(text) if isinstance(text, (tuple, list)) else bool(text)) and not message.fuzzy:
            out[key] = message.lineno or 0
    return out
