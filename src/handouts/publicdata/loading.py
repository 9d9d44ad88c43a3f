"""`handouts import projections` and `handouts import wages`: BLS files into the data folder's store.

An import is one SQLite transaction: it either lands whole or leaves the
store as it was (a store that did not exist yet is built in a temporary file
and renamed into place only when complete). A file whose checksum is already
recorded changes nothing. A newer release replaces the figures it covers
(projections: all of them; wages: the areas in the file) and the imports it
replaced stay in the history table, marked so. An older release than the
one in the store is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handouts.errors import OutputError, Problem
from handouts.output import explain
from handouts.paths import display_path
from handouts.publicdata.drafting import check_data_folder
from handouts.publicdata.errors import UnknownRelease, refuse
from handouts.publicdata.projections import KNOWN_PUBLISHED, read_projections
from handouts.publicdata.records import WAGE_MEASURES
from handouts.publicdata.store import SCHEMA, SCHEMA_VERSION, encode
from handouts.publicdata.storefile import FILE_NAME
from handouts.publicdata.wages import release_from_name, release_key, wage_rows, workbooks

BATCH = 5000


@dataclass(frozen=True)
class ImportResult:
    """What an import did. ``already`` is true when the same file was imported before (nothing changed)."""

    kind: str
    release: str
    period: str
    published: str | None
    file: str
    sha256: str
    rows: int
    already: bool = False
    replaced: tuple[str, ...] = ()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _published(value: str | None, shown: str) -> str | None:
    if value is not None and not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?", value):
        raise UnknownRelease(f"--published {value!r} for {shown}: give the date as YYYY-MM-DD, e.g. 2025-08-28")
    return value


@contextlib.contextmanager
def _writer(folder: Path) -> Iterator[sqlite3.Connection]:
    """A connection inside one transaction; committed on success, rolled back (or the new file removed) on error."""
    check_data_folder(folder)
    final = folder / FILE_NAME
    temp: str | None = None
    made_folder = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if final.exists():
            db = sqlite3.connect(final, isolation_level=None)
        else:
            handle, temp = tempfile.mkstemp(prefix=f".{FILE_NAME}.", suffix=".tmp", dir=folder)
            os.close(handle)
            db = sqlite3.connect(temp, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise _cannot_write(final, exc) from None
    try:
        db.executescript(SCHEMA)  # idempotent; executescript would commit an open transaction, so first
        db.execute("BEGIN IMMEDIATE")
        version = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        if version is None:
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif version[0] != SCHEMA_VERSION:
            raise refuse(
                display_path(final),
                f"store format {version[0]} is not {SCHEMA_VERSION}",
                "this version of handouts cannot update it; import into a new data folder",
            )
        yield db
        db.execute("COMMIT")
        db.close()
        if temp is not None:
            os.replace(temp, final)
            temp = None
    except sqlite3.Error as exc:
        _abandon(db)
        raise _cannot_write(final, exc) from None
    except BaseException:
        _abandon(db)
        raise
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            if made_folder:  # a refused first import leaves no empty data folder behind
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _abandon(db: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        if db.in_transaction:
            db.execute("ROLLBACK")
    db.close()


def _cannot_write(final: Path, exc: Exception) -> OutputError:
    why, fix = explain(exc) if isinstance(exc, OSError) else (str(exc), "check the folder and try again")
    return OutputError(problems=[Problem(display_path(final), 0, "", f"cannot write the store: {why}", fix)])


def _already(db: sqlite3.Connection, kind: str, sha: str, published: str | None) -> tuple | None:
    """The earlier import of this very file, if any; a publication date given now is recorded on it."""
    if published is not None:
        db.execute("UPDATE imports SET published = ? WHERE kind = ? AND sha256 = ?", (published, kind, sha))
    return db.execute(
        "SELECT release, period, published, rows FROM imports WHERE kind = ? AND sha256 = ?", (kind, sha)
    ).fetchone()


def _check_not_older(db: sqlite3.Connection, kind: str, key: int, release: str, shown: str) -> None:
    newest = db.execute(
        "SELECT release, release_key FROM imports WHERE kind = ? AND status != 'replaced' "
        "ORDER BY release_key DESC LIMIT 1",
        (kind,),
    ).fetchone()
    if newest is not None and key < newest[1]:
        raise refuse(
            shown,
            f"{release} is older than the {newest[0]} figures already imported",
            "nothing was changed; import the newest release",
        )


def _new_import(
    db: sqlite3.Connection, kind: str, release: str, key: int, period: str, published: str | None, shown: str, sha: str
) -> int:
    cursor = db.execute(
        "INSERT INTO imports (kind, release, release_key, period, published, file, sha256, imported, status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'current')",
        (kind, release, key, period, published, shown, sha, date.today().isoformat()),
    )
    assert cursor.lastrowid is not None  # set by every INSERT
    return cursor.lastrowid


def _mark_replaced(db: sqlite3.Connection, kind: str, table: str, new_id: int) -> tuple[str, ...]:
    """Set the status of this kind's older imports from the rows they still have; returns those now replaced."""
    left = dict(db.execute(f"SELECT import_id, count(*) FROM {table} GROUP BY import_id").fetchall())
    replaced = []
    for import_id, release, rows, status in db.execute(
        "SELECT id, release, rows, status FROM imports WHERE kind = ? AND id != ? AND status != 'replaced'",
        (kind, new_id),
    ).fetchall():
        remaining = left.get(import_id, 0)
        new_status = "replaced" if remaining == 0 else ("partly replaced" if remaining < rows else status)
        if new_status != status:
            db.execute("UPDATE imports SET status = ?, replaced_by = ? WHERE id = ?", (new_status, new_id, import_id))
            if new_status == "replaced":
                replaced.append(release)
    return tuple(replaced)


def import_projections(path: Path, folder: Path, *, published: str | None = None) -> ImportResult:
    """Import an Employment Projections occupation.xlsx (sheet Table 1.2) into ``folder``'s store."""
    shown = display_path(path)
    if not path.is_file():
        raise refuse(shown, "no such file", "give the occupation.xlsx downloaded from bls.gov/emp")
    sha = sha256_of(path)
    with _writer(folder) as db:
        if found := _already(db, "projections", sha, _published(published, shown)):
            return ImportResult("projections", found[0], found[1], found[2], path.name, sha, found[3], already=True)
        table = read_projections(path)
        when = _published(published, shown) or KNOWN_PUBLISHED.get(table.period)
        _check_not_older(db, "projections", table.base_year, table.release, shown)
        new_id = _new_import(db, "projections", table.release, table.base_year, table.period, when, path.name, sha)
        db.execute("DELETE FROM projections")
        db.executemany(
            "INSERT INTO projections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    code,
                    title,
                    new_id,
                    table.base_year,
                    table.target_year,
                    table.wage_year,
                    *(encode(a) for a in amounts),
                    education,
                    experience,
                    training,
                )
                for code, title, *amounts, education, experience, training in table.rows
            ),
        )
        db.execute("UPDATE imports SET rows = ? WHERE id = ?", (len(table.rows), new_id))
        replaced = _mark_replaced(db, "projections", "projections", new_id)
    return ImportResult(
        "projections", table.release, table.period, when, path.name, sha, len(table.rows), False, replaced
    )


def import_wages(path: Path, folder: Path, *, release: str | None = None, published: str | None = None) -> ImportResult:
    """Import an OEWS .xlsx (or the .zip of them) into ``folder``'s store."""
    shown = display_path(path)
    name = release or release_from_name(path.name)
    if name is None:
        raise UnknownRelease(
            f"{shown}: the file name does not say which OEWS release it is (like national_M2025_dl.xlsx); "
            "give it with --release, e.g. --release 'May 2025'"
        )
    key = release_key(name)
    when = _published(published, shown)
    with workbooks(path) as books:
        sha = sha256_of(path)
        with _writer(folder) as db:
            if found := _already(db, "wages", sha, when):
                return ImportResult("wages", found[0], found[1], found[2], path.name, sha, found[3], already=True)
            _check_not_older(db, "wages", key, f"{name} OEWS", shown)
            new_id = _new_import(db, "wages", f"{name} OEWS", key, name, when, path.name, sha)
            count = 0
            for book, book_shown in books:
                rows = wage_rows(book, book_shown, name, required=len(books) == 1)
                while batch := list(itertools.islice(rows, BATCH)):
                    count += len(batch)
                    _insert_wages(db, batch, new_id)
            if count == 0:
                raise refuse(
                    shown,
                    "no cross-industry rows for detailed occupations",
                    "give an OEWS data file with occupation rows (not only totals or industry tables)",
                )
            db.execute("UPDATE imports SET rows = ? WHERE id = ?", (count, new_id))
            replaced = _mark_replaced(db, "wages", "wages", new_id)
    return ImportResult("wages", f"{name} OEWS", name, when, path.name, sha, count, False, replaced)


def _insert_wages(db: sqlite3.Connection, batch: list[tuple], import_id: int) -> None:
    areas = {row[0]: (row[0], row[1], row[2], row[3], import_id) for row in batch}
    db.executemany("INSERT OR REPLACE INTO areas VALUES (?, ?, ?, ?, ?)", areas.values())
    marks = ", ".join("?" * (len(WAGE_MEASURES) + 8))
    db.executemany(
        f"INSERT OR REPLACE INTO wages VALUES ({marks})",
        (
            (area, soc, title, group, import_id, employment, *values, annual, hourly)
            for area, _name, _kind, _state, soc, title, group, employment, *values, annual, hourly in batch
        ),
    )
