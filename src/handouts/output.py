"""The only writer: a temporary file beside the target, flushed, synced, renamed.

A reader of the output folder sees either the old file or the complete new
one, never half a PDF: a crash, Ctrl-C or full disk leaves the old file and
no temporary behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError, Problem
from .paths import display_path

_MESSAGES = {
    errno.ENOSPC: ("the disk is full", "free some space or choose another folder with --output"),
    errno.EROFS: ("the folder is read-only", "choose a folder you can write to with --output"),
    errno.EACCES: ("permission denied", "choose a folder you can write to, or close the file if it is open"),
    errno.EPERM: ("permission denied", "choose a folder you can write to, or close the file if it is open"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or choose another folder with --output"),
}


def write_atomic(path: Path, data: bytes, what: str = "the PDF", *, sync: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically; OutputError names the file (``what`` it is) and the fix."""
    return write_atomic_with(path, lambda handle: handle.write(data), what, sync=sync)


def write_atomic_with(
    path: Path, write: Callable[[BinaryIO], object], what: str = "the PDF", *, sync: bool = True
) -> Path:
    """Like `write_atomic`, but ``write`` streams into the open temporary file.

    For outputs too large to hold in memory (a print job's merged PDF): the
    same temporary-then-rename guarantee, and the temporary is removed on any
    exception, KeyboardInterrupt included. ``sync=False`` skips the fsyncs,
    for files that can be made again (a cache) and are checked when read.
    """
    folder = path.parent
    tmp_name = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        _share(fd)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        if sync:
            _sync_folder(folder)
    except OSError as exc:
        why, fix = _MESSAGES.get(exc.errno or 0, (exc.strerror or str(exc), "check the folder and try again"))
        if os.name == "nt" and isinstance(exc, PermissionError):
            why, fix = "the file is open in another program", "close it (e.g. in your PDF viewer) and build again"
        raise OutputError(problems=[Problem(display_path(path), 0, "", f"cannot write {what}: {why}", fix)]) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path


def _share(fd: int) -> None:
    """Give the file the permissions a normal write would (mkstemp makes it owner-only).

    A handout goes to shared drives and print shops; 0600 would lock them out.
    """
    if os.name != "posix":
        return
    mask = os.umask(0)
    os.umask(mask)
    os.fchmod(fd, 0o666 & ~mask)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# Letters that NFKD does not split into an ASCII letter and an accent (names: Øster, Łukasz, Þórsson).
_LATIN = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
    }
)


def slug(text: str, limit: int = 80) -> str:
    """A safe file-name part: ASCII letters, digits and dashes only, never empty, never a path."""
    text = unicodedata.normalize("NFKD", text.translate(_LATIN)).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return (text[:limit].rstrip("-")) or "handout"
