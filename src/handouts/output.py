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
    errno.ENOTDIR: ("part of the folder path is a file, not a folder", "choose another folder with --output"),
    errno.EEXIST: ("a file is in the way of the output folder", "choose another folder with --output"),
    errno.EISDIR: ("a folder already has that name", "choose another file name with --output"),
    errno.ENAMETOOLONG: ("the file name is too long", "choose a shorter name or folder with --output"),
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
        with os.fdopen(fd, "wb") as handle:
            _share(handle.fileno())
            write(handle)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        if sync:
            _sync_folder(folder)
    except OSError as exc:
        why, fix = explain(exc)
        raise OutputError(problems=[Problem(display_path(path), 0, "", f"cannot write {what}: {why}", fix)]) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path


def explain(exc: OSError, windows: bool = os.name == "nt") -> tuple[str, str]:
    """What went wrong in an office's words, and what to do about it.

    On Windows a PDF open in a viewer cannot be replaced: ``os.replace``
    raises PermissionError (WinError 5), which is almost always that.
    """
    if windows and isinstance(exc, PermissionError):
        return "the file is open in another program", "close it (e.g. in your PDF viewer) and build again"
    return _MESSAGES.get(exc.errno or 0, (exc.strerror or str(exc), "check the folder and try again"))


def _share(fd: int) -> None:
    """Give the file the permissions a normal write would (mkstemp makes it owner-only).

    A handout goes to shared drives and print shops; 0600 would lock them out.
    """
    if os.name != "posix":
        return
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):  # some shared drives refuse it; the write still counts
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


# Names Windows reserves for devices, with any extension: "con.pdf" cannot be created there.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slug(text: str, limit: int = 80) -> str:
    """A safe file-name part: ASCII letters, digits and dashes only, never empty, never a path.

    Never a Windows device name either (``con``, ``nul``, ``lpt1`` ...), so a
    roster with a student called "Con" still gives a file that opens.
    """
    text = unicodedata.normalize("NFKD", text.translate(_LATIN)).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = text[: max(1, limit)].rstrip("-") or "handout"
    return f"{text}-file" if text in _RESERVED else text


def unique_slugs(texts: list[str], limit: int = 80) -> list[str]:
    """One slug per text, in order, made unique by a counter ("ana-lopez", "ana-lopez-2").

    Two students called Ana López, or "Ana López" and "Ana Lopez", must not
    overwrite each other's handout; the comparison ignores case, as Windows
    and macOS file systems do.
    """
    taken: set[str] = set()
    out: list[str] = []
    for text in texts:
        base = slug(text, limit)
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name)
        out.append(name)
    return out
