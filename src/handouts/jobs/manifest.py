"""Read a print-job manifest (TOML) into typed records, with a line for every problem.

A manifest is what an advising office writes before a career fair: the job's
name, brand kit, paper and duplex setting at the top, then one ``[[items]]``
table per handout, in the order the pile should come off the printer. An item
with a ``roster`` (a CSV of students) prints one personalised document per
row; the others print ``copies`` identical copies.

TOML keeps no line numbers; `config.toml_lines` maps each key, numbering the
entries of an array of tables, so ``items[2].copies`` has its own line.
Typing is done by `schema.Converter` against the dataclasses below, so a
misspelt key gets "did you mean" and a quoted number is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import HandoutsError, InvalidInput, Problem
from handouts.inputs import schema
from handouts.inputs.brand import read_toml, to_nodes, toml_lines
from handouts.inputs.models import Paper
from handouts.paths import display_path

MAX_ITEMS = 500
MAX_COPIES = 10_000
# A whole job's size (docs/print-jobs.md, "How big a job can be"): past these, assembling the print file
# takes gigabytes of memory, and a file that large is more than copiers and print shops take in one piece.
MAX_PAGES = 100_000  # pages in the print file, blank backs and sheets included
MAX_PERSONAL = 20_000  # personalised documents (roster rows x copies): each page costs ~25 KB to assemble


class ManifestError(InvalidInput):
    """Raised when a print-job manifest, a roster it names, or an input it uses is invalid."""


@dataclass(frozen=True, slots=True)
class Item:
    """One handout in the job (an ``[[items]]`` table).

    layout: the layout to print, e.g. "comparison" (see handouts list layouts).
    roles: the role ids the layout takes, e.g. ["medical-assistant"].
    copies: identical copies to print; for a roster item, copies of each student's document.
    title: a name for the item in the summary and on its separator sheet.
    separator: print a separator sheet before this item (overrides the job's separators).
    options: extra text options passed to the layout as options.NAME.
    roster: a CSV file of students, relative to the manifest; one document per row.
    fields: for a roster item, which CSV column feeds which layout option, e.g. { student = "Student name" }.
    encoding: the roster's text encoding when it is not UTF-8, e.g. "cp1252" for Excel's Windows CSV.
    area: the state or metro area whose pay this item prints (overrides the job's and the brand's area).
    lang: the edition's language, e.g. "es", or "en,es" for both in turn (overrides the job's lang).
    large_print: print this item in large print (overrides the job's large_print).
    """

    layout: str
    roles: tuple[str, ...]
    copies: int = 1
    title: str | None = None
    separator: bool | None = None
    options: dict[str, str] = field(default_factory=dict)
    roster: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    area: str | None = None
    lang: str | None = None
    large_print: bool | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    """The whole print job (top-level keys of the manifest).

    name: the job's name, printed on the cover sheet and used for the print file's name.
    items: the handouts to print, in order.
    output: the print file, relative to the manifest (default: output/NAME.pdf in the current folder).
    brand: brand kit folder, relative to the manifest (default: the built-in brand).
    data: folders of your own roles, relative to the manifest.
    layouts: folders of your own layouts, relative to the manifest.
    paper: letter, a4 or legal (default: the brand's paper).
    duplex: true when the copier prints both sides; each document then starts on a fresh sheet.
    cover: print a cover sheet with the job summary first.
    separators: print a separator sheet before every item.
    area: the state or metro area whose pay the handouts print beside the national figures (a name, a unique
        part of one, or a BLS area code); needs BLS wages imported into a data folder. Default: the brand's.
    stale_after_years: years after a figure's period before a printed figure is reported as old (default: the
        brand's, 3); with --strict an item printing one is refused.
    lang: the language every item is printed in unless it says otherwise, e.g. "es" or "en,es"
        (default: the brand's language). Its first language is the print file's own.
    large_print: print every item in large print unless it says otherwise.
    """

    name: str
    items: tuple[Item, ...]
    output: str | None = None
    brand: str | None = None
    data: tuple[str, ...] = ()
    layouts: tuple[str, ...] = ()
    paper: Paper | None = None
    duplex: bool = False
    cover: bool = False
    separators: bool = False
    area: str | None = None
    stale_after_years: int | None = None
    lang: str | None = None
    large_print: bool = False


@dataclass
class LoadedManifest:
    """A converted manifest plus where it is and where each key sits."""

    manifest: Manifest
    path: Path
    shown: str
    lines: dict[str, int]

    @property
    def folder(self) -> Path:
        return self.path.parent

    def line(self, where: str) -> int:
        """The line of a key path, or of its nearest parent that has one."""
        while where:
            if where in self.lines:
                return self.lines[where]
            where = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", where) if re.search(r"[.\[]", where) else ""
        return 1

    def problem(self, where: str, what: str, fix: str = "") -> Problem:
        return Problem(self.shown, self.line(where), where, what, fix)

    def resolve(self, relative: str) -> Path:
        """A path written in the manifest, relative to the manifest's folder."""
        path = Path(relative).expanduser()
        return path if path.is_absolute() else self.folder / path


def load_manifest(path: Path) -> tuple[LoadedManifest, list[Problem]]:
    """Parse and type-check a manifest, and list what breaks its own rules.

    A syntax or type error raises ManifestError at once (nothing typed to
    check further). Rule problems (counts, keys that need each other) are
    returned, so `jobplan` can report them together with problems in the
    layouts, roles and rosters the manifest names.
    """
    shown = display_path(path)
    if path.is_dir() or (not path.exists() and path.suffix.lower() != ".toml"):
        raise ManifestError(
            problems=[
                Problem(
                    shown,
                    0,
                    "",
                    "not a print-job manifest file",
                    "give a .toml file; make one with 'handouts new job FILE'",
                )
            ]
        )
    try:
        data, text = read_toml(path)
    except HandoutsError as exc:
        raise ManifestError(problems=exc.problems) from None
    lines = toml_lines(text)
    converter = schema.Converter(shown)
    manifest = converter.convert(to_nodes(data, "", lines), Manifest, "")
    problems = list(converter.problems)
    if problems:
        raise ManifestError(problems=problems)
    loaded = LoadedManifest(manifest, path, shown, lines)
    return loaded, _check(loaded)


def _check(loaded: LoadedManifest) -> list[Problem]:
    """Rules the types cannot express: counts, ranges, keys that need each other."""
    manifest = loaded.manifest
    problems: list[Problem] = []
    bad = problems.append
    if not manifest.items:
        bad(loaded.problem("items", "the job has no items", "add an [[items]] table with layout and roles"))
    if len(manifest.items) > MAX_ITEMS:
        bad(
            loaded.problem(
                "items", f"the job has {len(manifest.items)} items", f"split it into jobs of at most {MAX_ITEMS}"
            )
        )
    if manifest.stale_after_years is not None and not 0 <= manifest.stale_after_years <= 50:
        bad(
            loaded.problem(
                "stale_after_years",
                f"{manifest.stale_after_years} years is not a sensible age for a figure",
                "write a whole number of years from 0 to 50, e.g. stale_after_years = 3",
            )
        )
    if manifest.output is not None and not manifest.output.lower().endswith(".pdf"):
        bad(
            loaded.problem(
                "output", f"'{manifest.output}' is not a .pdf file name", 'write e.g. "print/career-fair.pdf"'
            )
        )
    for index, item in enumerate(manifest.items):
        base = f"items[{index}]"
        if not 1 <= item.copies <= MAX_COPIES:
            bad(
                loaded.problem(
                    f"{base}.copies", f"{item.copies} copies", f"write a whole number from 1 to {MAX_COPIES:,}"
                )
            )
        if not item.roles:
            bad(loaded.problem(f"{base}.roles", "no role ids given", 'write e.g. roles = ["medical-assistant"]'))
        if item.roster is not None and not item.fields:
            bad(
                loaded.problem(
                    f"{base}.fields",
                    "a roster item needs fields: which column feeds which layout option",
                    'add fields = { student = "Student name" } naming a column of the roster',
                )
            )
        if item.roster is None and (item.fields or item.encoding):
            key = "fields" if item.fields else "encoding"
            bad(
                loaded.problem(
                    f"{base}.{key}", f"'{key}' is only for roster items", 'add roster = "students.csv", or remove it'
                )
            )
        for name in set(item.fields) & set(item.options):
            bad(
                loaded.problem(
                    f"{base}.fields.{name}",
                    f"'{name}' is both a roster field and a fixed option",
                    "keep one of them",
                )
            )
        if item.encoding is not None:
            problem = encoding_problem(item.encoding)
            if problem:
                bad(loaded.problem(f"{base}.encoding", problem, 'write e.g. "utf-8" or "cp1252"'))
    return problems


def encoding_problem(name: str) -> str | None:
    """Why ``name`` is not a usable text encoding, or None."""
    import codecs

    try:
        info = codecs.lookup(name)
    except LookupError:
        return f"unknown text encoding '{name}'"
    if not getattr(info, "_is_text_encoding", True):
        return f"'{name}' is not a text encoding"
    return None
