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
import shutil
import signal
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from handouts.errors import Interrupted, OutputError, Problem
from handouts.paths import display_path

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
    errno.EMFILE: ("too many files are open at once", "raise the open-file limit (ulimit -n), or split the job"),
    errno.ENFILE: ("the system has too many files open", "close other programs, or split the job"),
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


class Staging:
    """Several outputs written complete as temporaries beside their targets, then put in place together.

    A print job writes a print file, two summaries and perhaps a folder of
    individual PDFs. Written and renamed one after another, a Ctrl-C between
    them would leave a new print file beside the last run's summaries while
    the message said nothing was written. Here nothing is renamed until
    everything is written (`commit`); the renames take microseconds, and a
    Ctrl-C that arrives during them is held until they are done and then
    raised as `Interrupted` naming what is in place. So a run either wrote
    nothing or wrote everything, and says which.
    """

    def __init__(self) -> None:
        self._files: list[tuple[Path, Path, str]] = []  # temporary, target, what it is
        self._folders: list[tuple[Path, Path, str, str]] = []  # temporary, target, marker, what
        self.written: list[Path] = []

    def write_with(self, path: Path, write: Callable[[BinaryIO], object], what: str) -> None:
        """Write ``path``'s content to a synced temporary beside it; `commit` renames it."""
        tmp_name = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            self._files.append((Path(tmp_name), path, what))
            with os.fdopen(fd, "wb") as handle:
                _share(handle.fileno())
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            why, fix = explain(exc)
            raise OutputError(
                problems=[Problem(display_path(path), 0, "", f"cannot write {what}: {why}", fix)]
            ) from None

    def write(self, path: Path, data: bytes, what: str) -> None:
        self.write_with(path, lambda handle: handle.write(data), what)

    def folder(self, temp: Path, final: Path, marker: str, what: str) -> None:
        """A filled folder from `new_folder`, to be swapped in whole (see `replace_folder`) by `commit`."""
        self._folders.append((temp, final, marker, what))

    def commit(self) -> list[Path]:
        """Put every output in place (folders first: the likeliest to be refused); returns the targets."""
        with _interrupts_held() as held:
            for temp, final, marker, what in self._folders:
                replace_folder(temp, final, marker, what)
                self.written.append(final)
            self._folders.clear()
            while self._files:
                temp, final, what = self._files[0]
                try:
                    os.replace(temp, final)
                except OSError as exc:
                    why, fix = explain(exc)
                    problem = Problem(display_path(final), 0, "", f"cannot write {what}: {why}", fix)
                    raise OutputError(problems=[problem]) from None
                self._files.pop(0)
                self.written.append(final)
            for folder in sorted({path.parent for path in self.written}):
                _sync_folder(folder)
        if held:
            raise Interrupted(self.written)
        return list(self.written)

    def discard(self) -> None:
        """Remove every temporary not committed (after an error or Ctrl-C)."""
        for temp, *_ in self._files:
            with contextlib.suppress(OSError):
                temp.unlink()
        for temp, *_ in self._folders:
            shutil.rmtree(temp, ignore_errors=True)
        self._files.clear()
        self._folders.clear()


@contextlib.contextmanager
def _interrupts_held():
    """Hold SIGINT (Ctrl-C) for the duration; yields a list that is not empty if one came.

    Only the main thread can set signal handlers; elsewhere nothing is held.
    """
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda number, frame: held.append(number))
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


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


def new_folder(final: Path, marker: str, note: str) -> Path:
    """An empty temporary folder beside ``final``, to fill and then swap in whole with `replace_folder`.

    It gets the permissions a plain ``mkdir`` would give (``mkdtemp`` makes
    it owner-only, which would lock a shared drive's other users out) and a
    ``marker`` file holding ``note``: the mark that handouts made the folder,
    without which `replace_folder` never removes one.
    """
    folder = final.parent
    folder.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=folder))
    if os.name == "posix":
        mask = os.umask(0)
        os.umask(mask)
        with contextlib.suppress(OSError):
            os.chmod(temp, 0o777 & ~mask)
    (temp / marker).write_text(note, encoding="utf-8")
    return temp


def check_replaceable(final: Path, marker: str, what: str) -> None:
    """OutputError unless ``final`` is free or is a folder handouts made (it holds ``marker``).

    The folder is named after the print file, so ``-o fair.pdf`` beside a
    folder ``fair/`` of the office's own files would otherwise delete them.
    """
    if not (final.exists() or final.is_symlink()):
        return
    if final.is_dir() and not final.is_symlink() and (final / marker).is_file():
        return
    kind = "a folder" if final.is_dir() else "a file"
    raise OutputError(
        problems=[
            Problem(
                display_path(final),
                0,
                "",
                f"cannot write {what}: {kind} that handouts did not make is in the way (it has no {marker} file), "
                "and handouts replaces only folders it made itself",
                "move or rename it, or choose another print file name with -o (the folder is named after it)",
            )
        ]
    )


def replace_folder(temp: Path, final: Path, marker: str, what: str) -> Path:
    """Swap the filled ``temp`` folder in as ``final``; the folder it replaces (one handouts made) is removed.

    The old folder is first moved aside; if the new one then cannot take its
    place, the old one is put back, so a failure never leaves the last run's
    files stranded in a hidden temporary.
    """
    check_replaceable(final, marker, what)
    old: Path | None = None
    try:
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old.", suffix=".tmp", dir=final.parent))
            os.replace(final, old / final.name)
        try:
            os.replace(temp, final)
        except OSError:
            if old is not None:
                os.replace(old / final.name, final)  # the last run's folder goes back where it was
            raise
    except OSError as exc:
        why, fix = explain(exc)
        kept = old is not None and (old / final.name).exists()
        where = f"; the previous folder is kept in {display_path(old / final.name)}" if kept and old else ""
        raise OutputError(
            problems=[Problem(display_path(final), 0, "", f"cannot write {what}: {why}{where}", fix)]
        ) from None
    finally:
        if old is not None and not (old / final.name).exists():
            shutil.rmtree(old, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


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
