"""An O*NET text release as downloaded: the zip (db_30_1_text.zip) or the folder it unpacks to.

Files are found by name inside the release's one folder (``db_30_1_text/``),
so the zip and the unpacked folder read the same. A zip cut short by an
interrupted download has no central directory, and a damaged member fails
its CRC check while it is read; both are refused naming the zip.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from handouts.paths import display_path
from handouts.publicdata.errors import UnknownRelease, refuse
from handouts.publicdata.tables import Table, read_table

CHUNK = 1 << 20
_NAMED = re.compile(r"db_(\d+)_(\d+)_text", re.IGNORECASE)
_README = re.compile(r"O\*NET\s*(?:®|\(R\))?\s*(\d+\.\d+)\s+Database", re.IGNORECASE)

# Publication month of each release this version of handouts has checked; a newer one is
# given with --released (the Database Releases Archive at onetcenter.org lists them).
KNOWN_RELEASES = {"30.0": "2025-08", "30.1": "2025-12", "30.2": "2026-02"}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class ReleaseInfo:
    """Which release a download is and when O*NET published it."""

    number: str  # "30.1"
    published: str  # "2025-12"

    @property
    def title(self) -> str:
        return f"O*NET {self.number} Database"

    @property
    def published_text(self) -> str:
        """The month as printed: "December 2025"."""
        year, month = self.published.split("-")[:2]
        return f"{MONTHS[int(month) - 1]} {year}"

    @property
    def source_id(self) -> str:
        return "onet-" + self.number.replace(".", "-")


class Release:
    """Read access to one downloaded release, zip or folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}  # lower-cased base name -> member or file path
        if path.is_dir():
            self._open_folder(path)
        elif path.is_file():
            self._open_zip(path)
        else:
            raise refuse(
                self.shown, "no such file or folder", "give the downloaded db_..._text.zip or the folder it unpacks to"
            )

    def _open_folder(self, path: Path) -> None:
        folder = path
        if not any(p.name.lower() == "occupation data.txt" for p in path.iterdir()):
            inner = [p for p in sorted(path.iterdir()) if p.is_dir() and (p / "Occupation Data.txt").is_file()]
            if len(inner) == 1:
                folder = inner[0]
        self.folder_name = folder.name
        self._members = {p.name.lower(): str(p) for p in folder.iterdir() if p.is_file()}

    def _open_zip(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            why = "not a zip file, or a zip cut short" if isinstance(exc, zipfile.BadZipFile) else str(exc)
            raise refuse(self.shown, why, "download the release again (the whole db_..._text.zip)") from None
        names = [n for n in self._zip.namelist() if not n.endswith("/")]
        folders = {n.rsplit("/", 1)[0] if "/" in n else "" for n in names if n.lower().endswith(".txt")}
        self.folder_name = sorted(folders, key=len)[0].rsplit("/", 1)[-1] if folders else path.stem
        for name in names:
            self._members.setdefault(name.rsplit("/", 1)[-1].lower(), name)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Release:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def find(self, names: Sequence[str]) -> str | None:
        """The first of ``names`` (file names, tried in order) present in the release."""
        for name in names:
            if name.lower() in self._members:
                return name
        return None

    def shown_name(self, name: str) -> str:
        return f"{self.shown}: {self.folder_name}/{name}" if self._zip else f"{self.shown}/{name}"

    def table(self, names: Sequence[str]) -> Table:
        """The first present of ``names`` as a Table; a release with none of them is refused."""
        found = self.find(names)
        if found is None:
            wanted = " or ".join(f"'{n}'" for n in names)
            raise refuse(
                self.shown,
                f"the release has no file {wanted}",
                "give the O*NET text release (db_..._text.zip) as downloaded; the other formats (Excel, SQL) differ",
            )
        return read_table(self._chunks(found), self.shown_name(found))

    def _chunks(self, name: str) -> Iterator[bytes]:
        target = self._members[name.lower()]
        if self._zip is None:
            with open(target, "rb") as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk
            return
        try:
            with self._zip.open(target) as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise refuse(
                self.shown_name(name),
                f"damaged inside the zip ({exc})",
                "download the release again (the whole db_..._text.zip)",
            ) from None

    def info(self, number: str | None = None, released: str | None = None) -> ReleaseInfo:
        """The release number (from the name, else Read Me.txt, else ``number``) and its publication month."""
        if number is None:
            match = _NAMED.search(self.folder_name) or _NAMED.search(self.path.name)
            if match:
                number = f"{int(match.group(1))}.{int(match.group(2))}"
            elif readme := self.find(["Read Me.txt"]):
                head = b"".join(self._chunks(readme))[:20000].decode("utf-8", "replace")
                found = _README.search(head)
                number = found.group(1) if found else None
        if number is None:
            raise UnknownRelease(
                f"{self.shown}: cannot tell which O*NET release this is (the name is not db_NN_N_text "
                "and Read Me.txt does not say); give it with --release, e.g. --release 30.1"
            )
        published = released or KNOWN_RELEASES.get(number)
        if published is None:
            raise UnknownRelease(
                f"{self.shown}: O*NET {number} is newer than the releases this version of handouts knows "
                f"({', '.join(KNOWN_RELEASES)}); give its publication month with --released, e.g. --released 2026-05 "
                "(onetcenter.org lists each release's date)"
            )
        if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", published):
            raise UnknownRelease(f"--released {published!r}: give the month as YYYY-MM, e.g. 2025-12")
        return ReleaseInfo(number, published)
