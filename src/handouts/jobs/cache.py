"""A cache of rendered documents, keyed by the content of everything that shaped them.

Re-running an unchanged print job must re-render nothing. A document's key
is a hash of what it was made from: its layout, roles, options and paper,
plus a *fingerprint* of every input file that could change any document
(role data, layouts, the brand kit and its fonts, the built-in fonts) and of
the code that renders (the handouts package's source, the versions of
ReportLab, Jinja2, Pillow and pikepdf). File contents are hashed, never
modification times, so a ``touch`` or a fresh checkout does not invalidate
it and an edit always does. Folder links are followed, as the loaders
follow them, so an edit in a linked folder counts too.

Entries live in ``.handouts-cache/`` beside the print file. Each is written
atomically, so an interrupted run leaves whole entries or none; temporaries
left by a killed process are removed by the next run as soon as their owner
is gone (see `temporaries`). Entries are not fsynced (they can always be made again): one cut short
by a power cut fails the end-of-file check and is rendered again. The
cache is trimmed to `MAX_BYTES` by least recent use.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from handouts import __version__
from handouts.output import RANDOM, write_atomic
from handouts.paths import PACKAGE_DIR, walk_files
from handouts.temporaries import LOCK, TEMP, remove_leftovers

CACHE_DIR = ".handouts-cache"
MAX_BYTES = 512 * 1024 * 1024
# A temporary of an older version (no lock file): ".<key>.pdf.<random>.tmp".
_UNOWNED = re.compile(rf"\.[0-9a-f]{{40}}\.(?:pdf|json)\.{RANDOM}\.tmp")


def fingerprint(folders: Iterable[Path]) -> str:
    """Hash of the content of every file in ``folders`` (in order) and of the renderer's code.

    Names are taken relative to their folder, so moving or copying a job's
    folder keeps its cache; the folder's position keeps precedence in the key.
    """
    import jinja2
    import pikepdf
    import PIL
    import reportlab

    # Every library whose output lands in a document: ReportLab draws it, Jinja2 fills the layout,
    # Pillow re-encodes the logo and images, pikepdf (qpdf) writes the shared pages and tags.
    libraries = {"reportlab": reportlab.Version, "jinja2": jinja2.__version__, "pillow": PIL.__version__}
    libraries["pikepdf"] = pikepdf.__version__
    digest = hashlib.sha256(f"handouts {__version__} {sorted(libraries.items())}".encode())
    for position, folder in enumerate([PACKAGE_DIR, *folders]):
        digest.update(f"folder {position}\0".encode())
        for path in _walk(folder):
            if folder == PACKAGE_DIR and path.suffix != ".py":
                continue
            digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


def _walk(folder: Path) -> list[Path]:
    return walk_files(folder, skip_hidden=True) if folder.is_dir() else []


def _whole_pdf(path: Path) -> bool:
    """A PDF written to the end: it closes with %%EOF."""
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - 64))
        return b"%%EOF" in handle.read()


def key(env: str, *parts: object) -> str:
    """A cache key: the environment fingerprint plus the JSON of what is being made."""
    text = json.dumps([env, *parts], sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


class RenderCache:
    """Files by key in one folder; safe to share between worker processes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str, suffix: str) -> Path:
        return self.folder / name[:2] / f"{name}{suffix}"

    def get(self, name: str, suffix: str) -> Path | None:
        """The entry's path if present and whole (and mark it used), else None."""
        path = self.path(name, suffix)
        try:
            os.utime(path)
            if suffix == ".pdf" and not _whole_pdf(path):
                return None
        except OSError:
            return None
        return path

    def put(self, name: str, suffix: str, data: bytes) -> Path:
        # No fsync: an entry cut short by a power cut is noticed by `get` and made again. The cache folder
        # itself is never made here: a render folder removed under a killed run's worker stays removed.
        # Leftovers of killed writers are removed once per run (`remove_leftovers`, `tidy`), not per entry.
        return write_atomic(self.path(name, suffix), data, "a cache entry", sync=False, parents=False, tidy=False)

    def get_json(self, name: str) -> dict | None:
        path = self.get(name, ".json")
        if path is None:
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put_json(self, name: str, value: dict) -> Path:
        return self.put(name, ".json", json.dumps(value, sort_keys=True).encode())

    def remove_leftovers(self) -> None:
        """Remove the temporaries of processes killed while writing an entry (a live one's stay)."""
        for folder in self._folders():
            remove_leftovers(folder, _UNOWNED)

    def tidy(self, keep: int = MAX_BYTES) -> None:
        """Remove leftover temporaries and the least recently used entries beyond ``keep`` bytes."""
        self.remove_leftovers()
        entries: list[tuple[float, int, Path]] = []
        for folder in self._folders():
            for path in folder.iterdir():
                if path.name.endswith((TEMP, LOCK)):
                    continue  # a live writer's
                with contextlib.suppress(OSError):
                    st = path.stat()
                    if path.is_file():
                        entries.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= keep:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size

    def _folders(self) -> list[Path]:
        """The two-letter folders entries are spread over (``ab/``)."""
        try:
            return sorted(p for p in self.folder.iterdir() if p.is_dir() and not p.is_symlink())
        except OSError:
            return []
