"""The only writer: a temporary file beside the target, flushed, synced, renamed.

A reader of the output folder sees either the old file or the complete new
one, never half a PDF: a crash, Ctrl-C or full disk leaves the old file and
no temporary behind. A run killed outright (SIGKILL, power cut) cannot clean
up; every temporary is made through `temporaries`, which records whether its
owner is alive, and each write first removes the folder's temporaries whose
owner is gone (`tidy_folder`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from handouts.errors import Interrupted, OutputError, Problem
from handouts.paths import display_path
from handouts.temporaries import ASIDE, Temporary, remove_leftovers
from handouts.temporaries import new_file as new_temporary_file
from handouts.temporaries import new_folder as new_temporary_folder

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


def write_atomic(path: Path, data: bytes, what: str = "the PDF", **options: bool) -> Path:
    """Write ``data`` to ``path`` atomically; OutputError names the file (``what`` it is) and the fix."""
    return write_atomic_with(path, lambda handle: handle.write(data), what, **options)


def write_atomic_with(
    path: Path,
    write: Callable[[BinaryIO], object],
    what: str = "the PDF",
    *,
    sync: bool = True,
    parents: bool = True,
    tidy: bool = True,
) -> Path:
    """Like `write_atomic`, but ``write`` streams into the open temporary file.

    For outputs too large to hold in memory (a print job's merged PDF): the
    same temporary-then-rename guarantee, and the temporary is removed on any
    exception, KeyboardInterrupt included. ``sync=False`` skips the fsyncs,
    for files that can be made again (a cache) and are checked when read.
    ``parents=False`` makes only the file's own folder, not those above it.
    ``tidy=False`` skips removing a killed run's temporaries from the folder
    first (`tidy_folder`), for a writer whose caller does that once for many
    writes (the render cache).
    """
    folder = path.parent
    temp: Temporary | None = None
    try:
        folder.mkdir(parents=parents, exist_ok=True)
        if tidy:
            tidy_folder(folder, path)
        temp, fd = new_temporary_file(folder, f".{path.name}.")
        with os.fdopen(fd, "wb") as handle:
            _share(handle.fileno())
            write(handle)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(temp.path, path)
        temp.release()
        if sync:
            _sync_folder(folder)
    except OSError as exc:
        why, fix = explain(exc)
        raise OutputError(problems=[Problem(display_path(path), 0, "", f"cannot write {what}: {why}", fix)]) from None
    finally:
        if temp is not None:
            temp.discard()  # after a successful rename there is nothing left to remove
    return path


def tidy_folder(folder: Path, *targets: Path) -> None:
    """Remove temporaries in ``folder`` left by runs killed outright (see `temporaries`).

    Any handouts temporary whose owner is gone goes; those of live runs
    stay. Temporaries an older version left (no lock file beside them) go
    only if they are named for one of ``targets`` and an hour old.
    """
    names = "|".join(re.escape(t.name) for t in targets)
    remove_leftovers(folder, re.compile(rf"\.(?:{names})\.{RANDOM}\.tmp") if targets else None)


RANDOM = r"[a-z0-9_]{8}"  # the random part of a temporary's name, as `tempfile` makes it


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
        self._files: list[tuple[Temporary, Path, str]] = []  # temporary, target, what it is
        self._folders: list[tuple[Temporary, Path, str, str]] = []  # temporary, target, marker, what
        self.written: list[Path] = []

    def write_with(self, path: Path, write: Callable[[BinaryIO], object], what: str) -> None:
        """Write ``path``'s content to a synced temporary beside it; `commit` renames it."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp, fd = new_temporary_file(path.parent, f".{path.name}.")
            self._files.append((temp, path, what))
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

    def folder(self, temp: Temporary, final: Path, marker: str, what: str) -> None:
        """A filled folder from `new_folder`, to be swapped in whole (see `replace_folder`) by `commit`."""
        self._folders.append((temp, final, marker, what))

    def commit(self) -> list[Path]:
        """Put every output in place (folders first: the likeliest to be refused); returns the targets."""
        with _interrupts_held() as held:
            while self._folders:
                temp, final, marker, what = self._folders[0]
                replace_folder(temp.path, final, marker, what)
                self._folders.pop(0)
                temp.release()
                self.written.append(final)
            while self._files:
                temp, final, what = self._files[0]
                try:
                    os.replace(temp.path, final)
                except OSError as exc:
                    why, fix = explain(exc)
                    problem = Problem(display_path(final), 0, "", f"cannot write {what}: {why}", fix)
                    raise OutputError(problems=[problem]) from None
                self._files.pop(0)
                temp.release()
                self.written.append(final)
            for folder in sorted({path.parent for path in self.written}):
                _sync_folder(folder)
        if held:
            raise Interrupted(self.written)
        return list(self.written)

    def discard(self) -> None:
        """Remove every temporary not committed (after an error or Ctrl-C)."""
        for temp, *_ in self._files:
            temp.discard()
        for temp, *_ in self._folders:
            temp.discard()
        self._files.clear()
        self._folders.clear()


@contextlib.contextmanager
def _interrupts_held() -> Iterator[list[int]]:
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


def new_folder(final: Path, marker: str, note: str) -> Temporary:
    """An empty temporary folder beside ``final``, to fill and then swap in whole with `replace_folder`.

    It gets the permissions a plain ``mkdir`` would give (``mkdtemp`` makes
    it owner-only, which would lock a shared drive's other users out) and a
    ``marker`` file holding ``note``: the mark that handouts made the folder,
    without which `replace_folder` never removes one. The caller releases
    it once it is in place, or discards it.
    """
    folder = final.parent
    folder.mkdir(parents=True, exist_ok=True)
    temp = new_temporary_folder(folder, f".{final.name}.")
    try:
        if os.name == "posix":
            mask = os.umask(0)
            os.umask(mask)
            with contextlib.suppress(OSError):
                os.chmod(temp.path, 0o777 & ~mask)
        (temp.path / marker).write_text(note, encoding="utf-8")
    except BaseException:
        temp.discard()
        raise
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
    aside: Temporary | None = None
    old: Path | None = None
    try:
        if final.exists():
            # Killed between the two renames, the next run puts this back (temporaries._put_back).
            aside = new_temporary_folder(final.parent, f".{final.name}{ASIDE}")
            old = aside.path
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
        # Kept (it could not go back): its lock stays held until this process ends; the next
        # run then finds its owner gone and puts it back in its place.
        if aside is not None and not (aside.path / final.name).exists():
            aside.discard()
    if aside is not None:
        aside.discard()  # the new folder is in place: the last run's goes
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
