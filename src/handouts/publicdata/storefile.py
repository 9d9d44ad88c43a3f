"""The store's file name and which data folder holds one: all a build asks before it opens the store.

Kept apart from `store` so a build whose data folders hold no store (the
usual case: the built-in data) never imports sqlite3 or the store's records.
"""

from __future__ import annotations

from pathlib import Path

FILE_NAME = "public-data.sqlite"


def store_folder(folders: list[Path]) -> Path | None:
    """The first data folder that holds a store (public-data.sqlite), in search order."""
    for folder in folders:
        if (folder / FILE_NAME).is_file():
            return folder
    return None
