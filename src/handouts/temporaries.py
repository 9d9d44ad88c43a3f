"""Temporaries that know whether their owner is alive, so the next run can remove a killed run's.

Every temporary handouts makes (a file written and then renamed into place,
a folder filled and then swapped in, the render folder of ``--no-cache``)
has a lock file beside it, named alike: ``.fair.pdf.k3j9x0a_.tmp`` and
``.fair.pdf.k3j9x0a_.lock``. The process that made them holds an exclusive
``flock`` on the lock file for as long as the temporary exists, and the
kernel drops that lock when the process ends, however it ends: ``kill -9``,
the out-of-memory killer, a crash, a power cut (after which nothing holds
anything). So `remove_leftovers` can take the lock without waiting only
when the owner is gone, and then the temporary is its to remove; a lock it
cannot take belongs to a live run (another run in the same folder, this
run's own workers), whose temporaries are left alone.

The order of steps keeps this free of races. The owner creates the lock
file, locks it, writes `MARK` into it, and only then creates the temporary;
at the end it renames or removes the temporary first and the lock file
last. A reaper removes only a temporary whose lock file it has locked and
found marked (and still in place), and removes the temporary before the
lock file. So it never takes a live owner's temporary, and a temporary with
no lock file beside it was not made by a live run of this version (those
are left to the age rule: see `remove_leftovers`).

A forked child shares its parent's open files, and with them the locks: a
worker would keep its killed parent's temporaries "alive". Each held lock's
descriptor is therefore closed in a forked child (`os.register_at_fork`).

Where ``fcntl.flock`` is missing (Windows) or refused (some network file
systems), ownership cannot be told, and a temporary is removed by the old
rule instead: once neither it nor its lock file has changed for
`STALE_SECONDS`. On Windows a file another process holds open cannot be
deleted either, which protects a live run's open files; a live run's folder
untouched for an hour could still be removed there. Linux and macOS have
``flock`` on local disks and NFS, and are what the tests run on.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]  # mypy checks as the platform it runs on, which has fcntl

MARK = b"handouts temporary lock\n"
STALE_SECONDS = 3600
LOCK, TEMP = ".lock", ".tmp"
ASIDE = ".old."  # a set-aside folder: ".fair.old.<random>.tmp" holds "fair" while its successor moves in
_BUSY = {errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES}
_ATTEMPTS = 100  # names to try before giving up, as tempfile does (its TMP_MAX is 10,000)
_HELD: set[int] = set()  # descriptors of the locks this process holds; closed in a forked child


@dataclass
class Temporary:
    """A temporary file or folder at ``path``, owned while this process holds ``lock``."""

    path: Path
    lock: Path
    _fd: int | None = field(default=None, repr=False)
    _pid: int = field(default_factory=os.getpid, repr=False)

    def release(self) -> None:
        """Give up ownership, once the temporary is renamed into place or removed (idempotent).

        Only in the process that made it: a forked child's copy of this object owns nothing.
        """
        fd, self._fd = self._fd, None
        if fd is None or self._pid != os.getpid():
            return
        _HELD.discard(fd)
        with contextlib.suppress(OSError):
            os.close(fd)  # first: Windows cannot delete a file that is still open
        with contextlib.suppress(OSError):
            self.lock.unlink()  # a reaper that took it meanwhile finds the temporary already gone

    def discard(self) -> None:
        """Remove the temporary if it is still there, then give up ownership; nothing once released."""
        if self._fd is None or self._pid != os.getpid():
            return
        _remove(self.path)
        self.release()


def new_file(folder: Path, prefix: str) -> tuple[Temporary, int]:
    """An empty temporary file ``folder/<prefix><random>.tmp`` and a descriptor open for writing it.

    Owner-only permissions, as ``mkstemp`` gives; OSError if the folder refuses.
    """
    for _ in range(_ATTEMPTS):
        held = _new_lock(folder, prefix)
        try:
            fd = os.open(held.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:  # a leftover of an older version took the name: choose another
            held.release()
            continue
        except BaseException:
            held.release()
            raise
        return held, fd
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def new_folder(folder: Path, prefix: str) -> Temporary:
    """An empty temporary folder ``folder/<prefix><random>.tmp`` (owner-only, as ``mkdtemp`` makes it)."""
    for _ in range(_ATTEMPTS):
        held = _new_lock(folder, prefix)
        try:
            os.mkdir(held.path, 0o700)
        except FileExistsError:
            held.release()
            continue
        except BaseException:
            held.release()
            raise
        return held
    raise FileExistsError(errno.EEXIST, "no free name for a temporary folder", str(folder))


def _new_lock(folder: Path, prefix: str) -> Temporary:
    """A fresh lock file, locked and marked: the temporary it names may now be made."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=LOCK, dir=folder)
    lock = Path(name)
    try:
        _HELD.add(fd)
        if fcntl is not None:
            with contextlib.suppress(OSError):  # a file system without locks: the age rule applies
                fcntl.flock(fd, fcntl.LOCK_EX)  # only a reaper looking at it can hold it, for microseconds
        os.write(fd, MARK + f"pid {os.getpid()}\n".encode())
    except BaseException:
        _HELD.discard(fd)
        os.close(fd)
        with contextlib.suppress(OSError):
            lock.unlink()
        raise
    return Temporary(lock.with_name(lock.name[: -len(LOCK)] + TEMP), lock, fd)


def remove_leftovers(folder: Path, unowned: re.Pattern[str] | None = None) -> list[Path]:
    """Remove the temporaries in ``folder`` whose owner is gone; returns what was removed.

    Only temporaries with a marked lock file are judged by their owner, so
    another program's files are never touched, and a live owner's stay.
    Names matching ``unowned`` without a lock file beside them (left by a
    version of handouts before lock files) can only be judged by age: they
    go once unchanged for `STALE_SECONDS`. One listing of the folder serves
    both.
    """
    removed: list[Path] = []
    try:
        names = {entry.name for entry in os.scandir(folder) if entry.name.startswith(".")}
    except OSError:
        return removed
    now = time.time()
    for name in sorted(names):
        if name.endswith(LOCK):
            temp = _reap(folder / name, now)
        elif unowned is not None and unowned.fullmatch(name) and _unlocked(name, names):
            temp = _remove_if_old(folder / name, now)
        else:
            continue
        if temp is not None:
            removed.append(temp)
    return removed


def _unlocked(name: str, names: set[str]) -> bool:
    return not name.endswith(TEMP) or name[: -len(TEMP)] + LOCK not in names


def _remove_if_old(path: Path, now: float) -> Path | None:
    if not _old(now, path):
        return None
    _remove(path)
    return path


def _reap(lock: Path, now: float) -> Path | None:
    """The temporary of ``lock`` if its owner is gone and it was removed, else None."""
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(lock, flags)
    except OSError:
        return None
    try:
        owned = _owner_alive(fd)
        if owned is True or not _still_there(fd, lock):
            return None
        if _mark(fd) != MARK:
            return None  # not ours, or an owner between creating and marking it
        temp = lock.with_name(lock.name[: -len(LOCK)] + TEMP)
        if owned is None and not _old(now, lock, temp):
            return None  # no locks here: only age tells
        _put_back(temp)
        _remove(temp)
        if temp.exists() or temp.is_symlink():
            return None  # could not remove it all: keep the lock file so a later run tries again
        with contextlib.suppress(OSError):
            lock.unlink()
        return temp
    finally:
        os.close(fd)


def _owner_alive(fd: int) -> bool | None:
    """True if another process holds the lock, False if it is free (now ours), None if locks are unavailable."""
    if fcntl is None:
        return None  # type: ignore[unreachable]  # on Windows; mypy checks as the platform it runs on
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return True if exc.errno in _BUSY else None
    return False


def _still_there(fd: int, lock: Path) -> bool:
    """The lock file we hold is still the one at its name (its owner did not just remove it)."""
    try:
        held, named = os.fstat(fd), os.lstat(lock)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _mark(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, len(MARK))


def _old(now: float, *paths: Path) -> bool:
    times = []
    for path in paths:
        with contextlib.suppress(OSError):
            times.append(path.lstat().st_mtime)
    return bool(times) and now - max(times) > STALE_SECONDS


def _put_back(temp: Path) -> None:
    """A set-aside folder whose successor never arrived: its one entry goes back where it was.

    `output.replace_folder` moves the last run's folder ``fair`` into
    ``.fair.old.<random>.tmp`` and then moves the new one in; killed between
    the two, ``fair`` is missing, and the last run's copy is the one to keep.
    """
    name = temp.name
    if not (name.startswith(".") and ASIDE in name) or temp.is_symlink() or not temp.is_dir():
        return
    original = name[1:].rsplit(ASIDE, 1)[0]
    inside, home = temp / original, temp.parent / original
    if (inside.exists() or inside.is_symlink()) and not (home.exists() or home.is_symlink()):
        with contextlib.suppress(OSError):
            os.replace(inside, home)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()


def _forget_in_child() -> None:
    """In a forked child: close the copies of the parent's locks, so only the parent keeps them alive."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)
