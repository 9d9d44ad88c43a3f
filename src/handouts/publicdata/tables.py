"""Tab-separated text tables read by their header row, not by column position.

O*NET's text release is one table per file: a header row, then one row per
line, fields split by tabs, no quoting. Columns are found by name (case and
spacing ignored), so a release that adds or reorders columns still reads, and
one that renames or drops a needed column is refused naming that column.
Lines end in CRLF or LF; the text is UTF-8, with or without a byte-order mark.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from handouts.publicdata.errors import refuse


def header_key(name: str) -> str:
    """A column name compared without case or extra spaces ("O*NET-SOC Code" == "o*net-soc  code")."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


@dataclass
class Table:
    """One file's header and a one-pass iterator over its rows (lists of field texts)."""

    file: str
    header: list[str]
    lines: Iterator[tuple[int, str]]

    def columns(self, names: Iterable[str]) -> list[int]:
        """Positions of the named columns; refuses the file naming every missing one."""
        keys = {header_key(name): index for index, name in enumerate(self.header)}
        wanted = list(names)
        missing = [name for name in wanted if header_key(name) not in keys]
        if missing:
            listed = ", ".join(f"'{name}'" for name in missing)
            found = ", ".join(f"'{name}'" for name in self.header) or "nothing"
            raise refuse(
                self.file,
                f"no column {listed} in the header row (found {found})",
                "use the file as downloaded from the release; its data dictionary names the columns",
                line=1,
            )
        return [keys[header_key(name)] for name in wanted]

    def rows(self, width: int) -> Iterator[tuple[int, list[str]]]:
        """(line number, fields) for every non-blank line; a line with fewer than ``width`` fields is refused."""
        for number, line in self.lines:
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) < width:
                raise refuse(
                    self.file,
                    f"{len(fields)} tab-separated fields where the header has {len(self.header)}",
                    "the file looks cut short or edited; download the release again",
                    line=number,
                )
            yield number, fields


def read_table(chunks: Iterable[bytes], file: str) -> Table:
    """A Table over UTF-8 text arriving in byte chunks (a zip member or a file), decoded as it streams."""
    lines = _lines(chunks, file)
    try:
        _, first = next(lines)
    except StopIteration:
        raise refuse(file, "the file is empty", "download the release again") from None
    return Table(file, [name.strip() for name in first.split("\t")], lines)


def _lines(chunks: Iterable[bytes], file: str) -> Iterator[tuple[int, str]]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    number = 0
    offset = 0
    for chunk in chunks:
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            at_line = number + pending.count("\n") + 1
            raise refuse(
                file,
                f"not UTF-8 text (byte 0x{chunk[exc.start]:02x}, about byte {offset + exc.start:,})",
                "O*NET text files are UTF-8; download the release again rather than re-saving it",
                line=at_line,
            ) from None
        offset += len(chunk)
        pending += text
        *complete, pending = pending.split("\n")
        for line in complete:
            number += 1
            yield number, line.removesuffix("\r")
    try:
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise refuse(file, "the file ends part-way through a character", "download the release again") from None
    if pending:
        yield number + 1, pending.removesuffix("\r")
