"""Give a new layout the translations it uses: ``locales/LANG.po`` beside it, one per shipped language.

`handouts new layout` copies a built-in layout; with this, the copy also
prints in Spanish at once, and its author has the Spanish words in front of
them to edit along with the English ones (a folder's catalog is read before
the built-in one). Only the entries the copied layout itself marks are copied
(msgid and translation, plural forms and flags kept), so the file holds what
the author can change and nothing else.

A catalog already in the folder (another layout's) is never rewritten: the
entries it lacks are added at its end, and the author's own entries stay as
they are, even an empty one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import read_po, write_po

from handouts.errors import OutputError, Problem
from handouts.inputs.language import CATALOG_FOLDER
from handouts.inputs.pofiles import read_catalog
from handouts.paths import builtin_dir, display_path, is_within
from handouts.templating.translation import layout_messages

HEADER = """\
# {language} text of the layouts in this folder. It is read before the built-in catalog,
# so what you write here is what prints; a text not here prints as the built-in one.
# Keep each %(name)s and {{name}} as it is; they are filled in when printing.
# After adding text to a layout, list what is not translated yet:
#   handouts check --layouts {folder} --lang {lang}
# and add the new entries with:   handouts extract-messages {folder}
"""


@dataclass(frozen=True, slots=True)
class PlannedCatalog:
    """One catalog to write: where, and its whole new text (the old text, if any, then the added entries)."""

    path: Path
    text: str
    added: int


def plan_catalogs(layout: Path, name: str, folder: Path) -> list[PlannedCatalog]:
    """For each shipped language, the entries of ``layout`` (a built-in file) to put in ``folder/locales``.

    Nothing is written: the caller writes every file only once all are known to be sound.
    OutputError when the folder's ``locales/`` leads outside it; LayoutError (file:line) when a
    catalog already there cannot be read.
    """
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
    used: dict[str, int] = {}  # msgid -> line of first use, in the layout's order
    for line, text in layout_messages(layout):
        used.setdefault(text, line)
    planned = []
    home = builtin_dir("layouts")
    for source in sorted((home / CATALOG_FOLDER).glob("*.po")):
        lang = source.stem
        builtin = read_catalog(source, home, lang)
        target = locales / source.name
        existing = read_catalog(target, folder, lang) if target.exists() or target.is_symlink() else None
        have = {_key(m.id) for m in existing or [] if m.id}
        wanted = dict.fromkeys(text for text in used if text not in have and builtin.get(text) is not None)
        if not wanted and existing is not None:
            continue
        header = _header_entry(source)
        chosen = read_po(header.splitlines(keepends=True), locale=lang)  # the header's plural forms, not CLDR's
        for text in wanted:
            message = builtin[text]
            # "#: name.xml.j2" says which layout uses it (no line: lines move as the author edits).
            chosen.add(message.id, message.string, [(f"{name}.xml.j2", used[text])], flags=message.flags)
        entries = _entries(chosen)
        if existing is None:
            text = _header(lang, folder) + header + "\n\n" + entries
        else:
            text = target.read_text(encoding="utf-8-sig").rstrip("\n") + "\n\n" + entries
        planned.append(PlannedCatalog(target, text, len(wanted)))
    return planned


def _entries(catalog: BabelCatalog) -> str:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=True, include_lineno=False)
    return buffer.getvalue().decode("utf-8")


def _header(lang: str, folder: Path) -> str:
    try:
        language = Locale.parse(lang).english_name or lang
    except (ValueError, UnknownLocaleError):
        language = lang
    return HEADER.format(language=language, folder=folder.as_posix(), lang=lang)


def _header_entry(source: Path) -> str:
    """The built-in catalog's header entry (its Plural-Forms is the language's), without its comments."""
    block = source.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return "\n".join(
        line for line in block.splitlines() if not line.startswith("#") and "Project-Id-Version" not in line
    )


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]
