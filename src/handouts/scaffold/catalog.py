"""A layout folder's own catalogs: ``locales/LANG.po`` beside the layouts, filled for their author.

Two commands write them. `handouts new layout` copies a built-in layout, and
with it the catalog entries that layout marks (msgid and translation, plural
forms and flags kept), so the copy prints in Spanish at once and its author
has the Spanish words in front of them to edit with the English ones (a
folder's catalog is read before the built-in one). `handouts
extract-messages DIR` adds every string the folder's layouts mark that its
catalogs lack: with the built-in translation when there is one, else empty
for the author to fill in (`check --lang` lists those at the layout's line).

A catalog already in the folder is never rewritten: entries it lacks are
added at its end, and the author's own entries stay as they are, even an
empty one. Nothing is written until every file involved has been read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import read_po, write_po

from handouts.errors import LayoutError, OutputError, Problem, UsageError
from handouts.inputs.language import CATALOG_FOLDER, SOURCE_LANGUAGE
from handouts.inputs.pofiles import read_catalog
from handouts.output import write_atomic
from handouts.paths import builtin_dir, display_path, is_within
from handouts.templating.environment import FILE_PATTERN, SUFFIX
from handouts.templating.translation import layout_entries

HEADER = """\
# {language} text of the layouts in this folder. It is read before the built-in catalog,
# so what you write here is what prints; a text not here prints as the built-in one does.
# Keep each %(name)s and {{name}} as it is; they are filled in when printing.
# After adding text to a layout, add its entries here (untranslated) with
#   handouts extract-messages {folder}
# then fill in each empty msgstr; this lists the ones still empty:
#   handouts check --layouts {folder} --lang {lang}
msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: {plural_forms}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True, slots=True)
class Used:
    """A string a layout marks: its id (singular, or singular and plural) and where it is first used."""

    singular: str
    plural: str | None
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class PlannedCatalog:
    """One catalog to write: its whole new text (the old text, if any, then the added entries)."""

    path: Path
    text: str
    added: int
    untranslated: int


def shipped_languages() -> list[str]:
    """The languages the built-in layouts are translated into (``es``)."""
    return sorted(p.stem for p in (builtin_dir("layouts") / CATALOG_FOLDER).glob("*.po"))


def plan_layout_copy(layout: Path, name: str, folder: Path) -> list[PlannedCatalog]:
    """The translated entries of the built-in ``layout``, for ``folder/NAME.xml.j2``, in every shipped language."""
    used = [Used(singular, plural, f"{name}{SUFFIX}", line) for line, singular, plural in layout_entries(layout)]
    return _plan(folder, used, shipped_languages(), translated_only=True)


def plan_extraction(folder: Path, languages: list[str]) -> list[PlannedCatalog]:
    """Every string the layouts in ``folder`` mark that ``folder/locales/LANG.po`` lacks.

    For the catalogs already there and each of ``languages`` (the shipped ones when there are
    neither). UsageError for a folder with no layouts or a bad language code.
    """
    if not folder.is_dir():
        raise UsageError(problems=[Problem(display_path(folder), 0, "", "is not a folder", "give your layout folder")])
    for lang in languages:
        _check_language(lang)
    layouts = sorted(p for p in folder.iterdir() if FILE_PATTERN.match(p.name) and (p.is_file() or p.is_symlink()))
    if not layouts:
        what = f"has no layouts (files named like my-layout{SUFFIX})"
        raise UsageError(problems=[Problem(display_path(folder), 0, "", what, "give the folder that holds them")])
    outside = [p for p in layouts if not is_within(p, folder)]
    if outside:
        raise LayoutError(
            problems=[
                Problem(
                    f"{display_path(folder)}/{p.name}",
                    0,
                    "layout",
                    "is a link leading outside its layout folder, so it is not read",
                    "copy the layout file into the folder instead",
                )
                for p in outside
            ]
        )
    used = [Used(s, pl, p.name, line) for p in layouts for line, s, pl in layout_entries(p)]
    locales = folder / CATALOG_FOLDER
    present = sorted(p.stem for p in locales.glob("*.po")) if locales.is_dir() else []
    wanted = list(dict.fromkeys([*present, *languages])) or shipped_languages()
    return _plan(folder, used, wanted, translated_only=False)


def write_catalogs(planned: list[PlannedCatalog]) -> None:
    for catalog in planned:
        write_atomic(catalog.path, catalog.text.encode("utf-8"), what="the catalog")


def _plan(folder: Path, used: list[Used], languages: list[str], *, translated_only: bool) -> list[PlannedCatalog]:
    locales = folder / CATALOG_FOLDER
    if (locales.exists() or locales.is_symlink()) and not is_within(locales, folder):
        raise OutputError(
            problems=[
                Problem(
                    f"{display_path(folder)}/{CATALOG_FOLDER}",
                    0,
                    "",
                    "is a link leading outside the layout folder; nothing is written through it",
                    "make locales/ a real folder inside it",
                )
            ]
        )
    home = builtin_dir("layouts")
    planned = []
    for lang in languages:
        shipped = home / CATALOG_FOLDER / f"{lang}.po"
        builtin = read_catalog(shipped, home, lang) if shipped.is_file() else None
        target = locales / f"{lang}.po"
        existing = read_catalog(target, folder, lang) if target.exists() or target.is_symlink() else None
        have = {_key(m.id) for m in existing or [] if m.id}
        plural_forms = (existing or builtin or BabelCatalog(locale=_locale(lang))).plural_forms
        chosen = read_po(_header(lang, folder, plural_forms).splitlines(keepends=True), locale=lang)
        untranslated = 0
        for entry in used:
            if entry.singular in have or entry.singular in chosen:
                continue
            message = builtin.get(entry.singular) if builtin else None
            if message is not None and _translated(message.string):
                chosen.add(message.id, message.string, [(entry.file, entry.line)], flags=message.flags)
            elif not translated_only:
                ids = (entry.singular, entry.plural) if entry.plural else entry.singular
                empty = ("",) * chosen.num_plurals if entry.plural else ""
                chosen.add(ids, empty, [(entry.file, entry.line)])
                untranslated += 1
        added = len(chosen)
        if not added and existing is not None:
            continue
        entries = _entries(chosen)
        if existing is None:
            text = _header(lang, folder, plural_forms) + entries
        else:
            text = target.read_text(encoding="utf-8-sig").rstrip("\n") + "\n\n" + entries
        planned.append(PlannedCatalog(target, text, added, untranslated))
    return planned


def _entries(catalog: BabelCatalog) -> str:
    """The entries as .po text; "#: file" says which layout uses each (no line: lines move as it is edited)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=True, include_lineno=False)
    return buffer.getvalue().decode("utf-8")


def _header(lang: str, folder: Path, plural_forms: str) -> str:
    try:
        language = Locale.parse(lang).english_name or lang
    except (ValueError, UnknownLocaleError):
        language = lang
    return HEADER.format(language=language, folder=folder.as_posix(), lang=lang, plural_forms=plural_forms)


def _check_language(lang: str) -> None:
    if lang == SOURCE_LANGUAGE:
        what, fix = "English is the language layouts are written in", "name another language, e.g. es"
    elif not _LANGUAGE.match(lang) or _locale(lang) is None:
        what, fix = f"'{lang}' is not a language code", "give a two-letter code such as es, fr or vi"
    else:
        return
    raise UsageError(problems=[Problem("command line", 0, "--lang", what, fix)])


def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return None


def _translated(text: str | tuple[str, ...] | list[str] | None) -> bool:
    return all(text) if isinstance(text, (tuple, list)) else bool(text)


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]
