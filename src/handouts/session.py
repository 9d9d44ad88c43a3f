"""What one run keeps between builds: loaded role data, brand kits and compiled layouts.

A print job builds dozens of documents from the same files, a notebook or a
web service builds many handouts in one process, and a benchmark builds the
same one again and again. Parsing the YAML and TOML and compiling the
layouts once per run is most of what makes the second build cheap. That
state lives here, on an object the caller can see and hand on (as Jinja2's
``Environment`` owns its template cache), not in module globals that only
``fork`` carries to worker processes:

- the CLI makes one `Session` per command;
- `handouts.build_handout` and friends use `default_session()` when given none;
- a print job hands its session to every worker with the job's context
  (forked workers share the parent's, spawned ones get a copy of its loaded
  data; compiled layouts do not travel and are compiled again there).

Every entry is keyed by the files it came from (names, sizes, modification
times), so a file edited between two builds in one session is read again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.errors import Problem
from handouts.inputs.brand import load_brand
from handouts.inputs.models import Brand, Catalog
from handouts.inputs.roles import data_folders, load_catalog
from handouts.paths import walk_files

if TYPE_CHECKING:  # Jinja2 loads with the first layout: `handouts list roles` and the data checks need none
    from handouts.templating.sandbox import LayoutEnvironment

Stamp = tuple[tuple[str, int, int], ...]


def stamp(folders: Sequence[Path]) -> Stamp:
    """A cheap fingerprint of every file in the folders (names, sizes, mtimes)."""
    entries: list[tuple[str, int, int]] = []
    for folder in folders:
        for path in walk_files(folder):  # through folder links too: the loaders follow them
            try:
                st = os.stat(path)
            except OSError:
                continue
            entries.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(entries)


class Session:
    """Loaded inputs reused across builds; see the module docstring for who makes one and why."""

    def __init__(self) -> None:
        # One role catalog at a time: a run rarely switches data folders, and a catalog is the largest entry.
        self._catalogs: dict[tuple[Any, ...], Catalog] = {}
        self._brands: dict[tuple[Any, ...], tuple[Brand, tuple[Problem, ...]]] = {}
        self._environments: dict[tuple[Path, ...], LayoutEnvironment] = {}

    def catalog(self, data: Sequence[Path]) -> Catalog:
        """Every role and source from the ``data`` folders and the built-in data (DataError if invalid)."""
        key = (*stamp(data_folders(list(data))), *(str(p) for p in data))
        catalog = self._catalogs.get(key)
        if catalog is None:
            catalog = load_catalog(list(data))
            self._catalogs.clear()
            self._catalogs[key] = catalog
        return catalog

    def brand(self, folder: Path | None) -> tuple[Brand, list[Problem]]:
        """The brand kit in ``folder`` (the default brand for None) and what only spoils the print."""
        if folder is None:
            return load_brand(None), []
        key = (str(folder.resolve()), *stamp([folder]))
        cached = self._brands.get(key)
        if cached is None:
            warnings: list[Problem] = []
            brand = load_brand(folder, warnings)
            cached = self._brands[key] = (brand, tuple(warnings))
        return cached[0], list(cached[1])

    def layout_environment(self, folders: Sequence[Path]) -> LayoutEnvironment:
        """The sandboxed environment for a layout search path; it keeps the compiled layouts."""
        key = tuple(folders)
        environment = self._environments.get(key)
        if environment is None:
            from handouts.templating.environment import make_environment

            environment = self._environments[key] = make_environment(list(folders))
        return environment

    def clear(self) -> None:
        """Forget everything loaded (the next build reads every file again)."""
        self._catalogs.clear()
        self._brands.clear()
        self._environments.clear()

    def __getstate__(self) -> dict[str, Any]:
        """What a spawned worker gets: the loaded data and brands (plain records), not compiled layouts."""
        return {"catalogs": dict(self._catalogs), "brands": dict(self._brands)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._catalogs = state["catalogs"]
        self._brands = state["brands"]
        self._environments = {}


_DEFAULT = Session()


def default_session() -> Session:
    """The process's own session, for callers that pass none (a notebook, a script, the tests)."""
    return _DEFAULT
