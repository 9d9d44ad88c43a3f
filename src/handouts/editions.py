"""What an edition lacks: layout strings and role fields with no translation, for `handouts check`.

A build prints English where a translation is missing (and warns); `check`
lists every such place, at its file and line, for the languages asked for,
so an office can fill them in before a family night. ``--strict`` makes
them errors, as for every other warning.
"""

from __future__ import annotations

from pathlib import Path

from handouts.errors import HandoutsError, Problem
from handouts.inputs.language import SOURCE_LANGUAGE, catalog_homes, messages_for
from handouts.inputs.models import Catalog
from handouts.inputs.pofiles import read_catalog
from handouts.paths import display_path
from handouts.templating.environment import SUFFIX
from handouts.templating.translation import layout_messages


def missing_translations(catalog: Catalog | None, folders: list[Path], languages: list[str]) -> list[Problem]:
    """A warning for each layout string and role prose field with no text in each of ``languages``."""
    out: list[Problem] = []
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        messages = messages_for(lang, folders)
        known = messages.known if messages else frozenset()
        fix = (
            f"translate it in locales/{lang}.po in the layout's folder "
            "(`handouts extract-messages FOLDER` adds the entry; docs/editions.md)"
        )
        for path in _layout_files(folders):
            shown = display_path(path)
            for line, text in layout_messages(path):
                if text not in known:
                    what = f"the layout text '{_short(text)}' has no {lang} translation"
                    out.append(Problem(shown, line, "translation", what, fix, warning=True))
        if catalog is None:
            continue
        for role_id, texts in catalog.texts.items():
            if role_id not in catalog.roles:
                continue
            for field, line in texts.prose.items():
                if lang not in texts.translations.get(field, {}):
                    out.append(
                        Problem(
                            texts.file,
                            line,
                            field,
                            f"has no {lang} text",
                            f'give it per language, e.g. {field.rsplit(".", 1)[-1]}: {{en: "...", {lang}: "..."}}',
                            warning=True,
                        )
                    )
    return out


def unreadable_catalogs(folders: list[Path]) -> list[Problem]:
    """Every problem in every ``locales/*.po`` of the layout folders, whatever language is asked for:
    a broken Spanish catalog is reported by a plain `check`, before a Spanish build needs it."""
    out: list[Problem] = []
    for locales, home in catalog_homes(folders):
        for path in sorted(locales.glob("*.po")):
            try:
                read_catalog(path, home, path.stem)
            except HandoutsError as exc:
                out += exc.problems
    return out


def _layout_files(folders: list[Path]) -> list[Path]:
    """Every layout file a build may use (building blocks such as _base too), the first of each name winning."""
    seen: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob(f"*{SUFFIX}")):
                seen.setdefault(path.name, path)
    return list(seen.values())


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
