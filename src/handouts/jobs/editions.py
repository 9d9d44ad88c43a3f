"""Which edition each print-job item is printed in: its languages, its print size, and what to call it.

A family night prints the same handouts in English, in Spanish, in both, and
a few in large print, all in one pile. Each item's edition is its own
``lang`` / ``large_print``, else the command line's (``--lang``,
``--large-print``), else the job's, else the brand's language in regular
print: the same order an item's ``area`` follows. Languages are checked
with `language.parse_languages`, as ``handouts build --lang`` checks them,
so an unknown one is refused naming the languages there are, at the
manifest line (or the command line) that asked for it.

An item in two languages is planned as one part per language (English
first when written ``en,es``), each an ordinary document: each part is
rendered, cached and personalised exactly as a one-language item is, and
only the print file and the individual PDFs put the parts together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from handouts.errors import HandoutsError, Problem
from handouts.inputs.language import language_tag, parse_languages
from handouts.jobs.manifest import Item, LoadedManifest


@dataclass(frozen=True, slots=True)
class JobEdition:
    """The job-wide default: its languages (empty: the brand's) and print size, and the print file's /Lang."""

    languages: tuple[str, ...]
    large_print: bool
    tag: str  # the print file's own language: the first of ``languages``, else the brand's


@dataclass(frozen=True, slots=True)
class ItemEdition:
    """One item's languages (in print order, never empty) and print size, and their name for people."""

    languages: tuple[str, ...]
    large_print: bool
    label: str  # "Spanish", "English + Spanish", "Spanish, large print"


def job_edition(
    loaded: LoadedManifest,
    lang: str | None,
    large_print: bool,
    brand_language: str,
    folders: list[Path],
    problems: list[Problem],
) -> JobEdition:
    """The job's default edition: ``--lang`` wins over the manifest's ``lang``; either turns large print on."""
    manifest = loaded.manifest
    languages: tuple[str, ...] = ()
    if lang is not None:
        languages = _parsed(lang, ("command line", 0, "--lang"), folders, problems)
    elif manifest.lang is not None:
        languages = _parsed(manifest.lang, (loaded.shown, loaded.line("lang"), "lang"), folders, problems)
    main = languages[0] if languages else primary(brand_language)
    return JobEdition(languages, large_print or manifest.large_print, language_tag(main, brand_language))


def item_edition(
    loaded: LoadedManifest,
    where: str,
    item: Item,
    job: JobEdition,
    brand_language: str,
    folders: list[Path],
    problems: list[Problem],
) -> ItemEdition:
    """The item's own ``lang`` and ``large_print``, else the job's; problems are appended to ``problems``."""
    languages = job.languages
    if item.lang is not None:
        place = (loaded.shown, loaded.line(f"{where}.lang"), f"{where}.lang")
        languages = _parsed(item.lang, place, folders, problems) or languages
    languages = languages or (primary(brand_language),)
    large = job.large_print if item.large_print is None else item.large_print
    return ItemEdition(languages, large, edition_label(languages, large))


def _parsed(text: str, where: tuple[str, int, str], folders: list[Path], problems: list[Problem]) -> tuple[str, ...]:
    """``parse_languages`` with its refusal kept as a problem, so every problem in the job is listed at once."""
    try:
        return tuple(parse_languages(text, where, folders))
    except HandoutsError as exc:
        problems += exc.problems
        return ()


def primary(tag: str) -> str:
    """ "es-US" -> "es"."""
    return tag.split("-")[0].lower()


def edition_label(languages: tuple[str, ...], large_print: bool) -> str:
    """What the summary, cover and separator sheets call an edition: "English + Spanish, large print"."""
    label = " + ".join(language_name(lang) for lang in languages)
    return f"{label}, large print" if large_print else label


@lru_cache(maxsize=16)
def language_name(lang: str) -> str:
    """A language's name in English, from Babel's locale data ("es" -> "Spanish").

    English is named without Babel: a job printed only in English does not load its locale data (5 MB).
    """
    if lang == "en":
        return "English"
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang).get_language_name("en")
    except (UnknownLocaleError, ValueError):
        name = None
    return (name or lang)[:1].upper() + (name or lang)[1:]
