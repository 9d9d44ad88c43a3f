"""Read a roster (CSV of students) for personalised documents, refusing what cannot print.

Rosters come out of spreadsheets and student-information systems, so this
accepts what those write: UTF-8 with or without a byte-order mark, UTF-16
with one (Excel's "Unicode text"), comma, semicolon or tab separated, blank
rows anywhere. Excel's plain "CSV" on Windows is Windows-1252; bytes that are
not UTF-8 are never guessed at silently: the error names the first such row,
shows how it would read as Windows-1252, and says how to confirm it (the
item's ``encoding`` or ``--encoding``).

Every value is NFC-normalised (a name typed with combining accents matches
the font's precomposed glyphs), has bidi controls and zero-width spaces
removed (they reorder or hide text), and is checked against the brand's
regular face: a character it cannot draw is refused with its row, column and
code point, never printed as an empty box. Where the layout prints a value
in another face (bold italic, say) is known only once the shared page is
rendered: `jobrender` then checks each value against the font of the place
it lands in, and a full render checks every glyph as it draws. Right-to-left scripts are refused
too, because ReportLab without a shaping engine prints them reversed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import Problem, suggest
from handouts.inputs.fonts import missing_glyphs
from handouts.paths import display_path

MAX_ROSTER_BYTES = 20_000_000
MAX_VALUE_CHARS = 100
MAX_PROBLEMS = 50  # per roster: a wrong column mapping should not print 10,000 lines
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u200b\ufeff\u00ad"
# Both removed in one pass, in C: str.translate with a dict looks up every character in Python.
_HIDDEN = re.compile(f"[{_BIDI_CONTROLS}{_INVISIBLE}]")
_DELIMITERS = (",", ";", "\t")
# Every character but printable ASCII, which has no control, format or right-to-left character among it.
_NOT_PLAIN_ASCII = re.compile("[^\x20-\x7e]")


@dataclass(frozen=True, slots=True)
class Student:
    """One roster row: its spreadsheet row number (header is row 1) and the mapped values."""

    row: int
    values: tuple[tuple[str, str], ...]

    def value(self, field: str) -> str:
        return dict(self.values)[field]

    @property
    def label(self) -> str:
        """The first mapped value, for file names and messages."""
        return self.values[0][1] if self.values else f"row {self.row}"


@dataclass(frozen=True, slots=True)
class Roster:
    path: Path
    shown: str
    encoding: str
    columns: tuple[str, ...]
    students: tuple[Student, ...]


def read_roster(
    path: Path, fields: dict[str, str], fonts: dict[str, str], encoding: str | None = None
) -> tuple[Roster | None, list[Problem]]:
    """The roster's students with ``fields`` (option -> column) mapped, or every problem found.

    ``fonts`` maps a face label ("regular", "bold", ...) to a registered
    ReportLab font name; every value must be drawable in each of them.
    """
    shown = display_path(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_ROSTER_BYTES else None
    except OSError as exc:
        what = (
            "roster file not found"
            if isinstance(exc, FileNotFoundError)
            else f"cannot read the roster ({exc.strerror})"
        )
        return None, [Problem(shown, 0, "", what, "check the roster path in the manifest (relative to the manifest)")]
    if raw is None:
        return None, [Problem(shown, 0, "", "roster is larger than 20 MB", "split it into several roster items")]
    text, used, problem = _decode(raw, shown, encoding)
    if problem is not None:
        return None, [problem]
    assert text is not None
    try:
        rows = _rows(text)
    except _Unreadable as exc:
        what = f"cannot be read as CSV ({exc.reason})"
        fix = "a quote is probably not closed; check this row and the next"
        return None, [Problem(shown, exc.line, f"row {exc.line}", what, fix)]
    if not rows:
        return None, [
            Problem(
                shown, 1, "", "roster is empty", "put a header row with column names first, then one row per student"
            )
        ]
    header_line, header = rows[0]
    columns = tuple(_clean(name) for name in header)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, name in enumerate(columns, start=1):
        if name and name in seen:
            problems.append(
                Problem(
                    shown, header_line, f"column {number}", f"column name '{name}' appears twice", "rename one of them"
                )
            )
        seen.setdefault(name, number)
    index: dict[str, int] = {}
    for option, column in fields.items():
        if column in seen:
            index[option] = seen[column] - 1
            continue
        close = [c for c in columns if c.casefold() == column.casefold()]
        fix = f"did you mean '{close[0]}'?" if close else suggest(column, [c for c in columns if c])
        problems.append(
            Problem(shown, header_line, "header", f"no column '{column}' (mapped to option '{option}')", fix)
        )
    students: list[Student] = []
    for line, cells in rows[1:]:
        row_number = line  # spreadsheet row as Excel shows it, when no cell spans lines
        extra = [c for c in cells[len(columns) :] if c.strip()]
        if extra:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"row {row_number}",
                    f"{len(cells)} cells but the header names {len(columns)} columns",
                    "quote values that contain the separator, or add a column name",
                )
            )
            continue
        values: list[tuple[str, str]] = []
        for option, position in index.items():
            column = columns[position]
            where = f"row {row_number}, column '{column}'"
            value = _clean(cells[position]) if position < len(cells) else ""
            unprintable = _check_value(value, fonts)
            if unprintable is not None:
                what, fix = unprintable
                problems.append(Problem(shown, line, where, what, fix))
            values.append((option, value))
        students.append(Student(row_number, tuple(values)))
    if not students and not problems:
        problems.append(
            Problem(shown, header_line + 1, "", "roster has a header but no students", "add one row per student")
        )
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [
            *problems[:MAX_PROBLEMS],
            Problem(shown, 0, "", f"and {more} more problems", "fix these and run again"),
        ]
    if problems:
        return None, problems
    return Roster(path, shown, used, columns, tuple(students)), []


def _decode(raw: bytes, shown: str, encoding: str | None) -> tuple[str | None, str, Problem | None]:
    """Text of the file, the encoding used, or a problem naming the first bad line."""
    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except LookupError:  # an unknown name, or a codec that is not text ("rot13", "base64")
            return None, encoding, Problem(shown, 0, "", f"'{encoding}' is not a text encoding", 'name e.g. "cp1252"')
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            return (
                None,
                encoding,
                Problem(
                    shown,
                    line,
                    "",
                    f"not {encoding} text (byte 0x{raw[exc.start]:02x})",
                    "check the encoding named for this roster",
                ),
            )
        return text.removeprefix("\ufeff"), encoding, None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError:
            return None, "utf-16", Problem(shown, 0, "", "damaged UTF-16 text", "save the roster again as CSV UTF-8")
    try:
        return raw.decode("utf-8-sig"), "utf-8", None
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        end = raw.find(b"\n", exc.start)
        line = raw.count(b"\n", 0, exc.start) + 1
        sample = raw[start : end if end >= 0 else len(raw)].rstrip(b"\r")
        try:
            preview = sample.decode("cp1252")
        except UnicodeDecodeError:
            preview = None
        if preview is not None:
            what = (
                "not UTF-8 text: this looks like Windows-1252 (Excel's 'CSV' on Windows), "
                f'where this row reads "{preview[:80]}"'
            )
            fix = (
                'if that reads right, add encoding = "cp1252" to this item or run with --encoding cp1252; '
                "or save the roster from Excel as 'CSV UTF-8'"
            )
        else:
            what = f"not UTF-8 text (byte 0x{raw[exc.start]:02x})"
            fix = "save the roster as 'CSV UTF-8', or name its encoding with encoding = \"...\" or --encoding"
        return None, "utf-8", Problem(shown, line, f"row {line}", what, fix)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on; blank rows are skipped, not counted as students."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=lambda d: first.count(d)) if any(d in first for d in _DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:  # e.g. a cell over csv's 131,072-character limit: an unclosed quote swallowing the rest
        raise _Unreadable(line, str(exc)) from None
    return rows


class _Unreadable(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def _clean(value: str) -> str:
    """NFC, no bidi controls or invisible characters, whitespace collapsed."""
    value = _HIDDEN.sub("", unicodedata.normalize("NFC", value))
    return " ".join(value.split())


def _check_value(value: str, fonts: dict[str, str]) -> tuple[str, str] | None:
    """Why a roster value cannot be printed, with the fix; None when it can."""
    if not value:
        return "is empty", "fill it in, or delete the row"
    if len(value) > MAX_VALUE_CHARS:
        return f"is {len(value)} characters long", f"shorten it to at most {MAX_VALUE_CHARS} characters"
    for char in _NOT_PLAIN_ASCII.findall(value):  # printable ASCII is never refused below: skipped in C
        if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn") and char not in "\u200c\u200d":
            return f"contains the invisible or control character {_describe(char)}", "remove it"
        if unicodedata.bidirectional(char) in ("R", "AL"):
            return (
                f"contains right-to-left text ({_describe(char)}), which would print in the wrong order",
                "write the name in Latin letters for this job; right-to-left names are not supported yet",
            )
    for face, font in fonts.items():
        problem = glyph_problem(value, font, face)
        if problem is not None:
            return problem
    return None


def glyph_problem(value: str, font: str, face: str) -> tuple[str, str] | None:
    """What and fix when the registered ``font`` (the brand's ``face``, e.g. "bold italic") cannot draw ``value``."""
    missing = missing_glyphs(font, value)
    if not missing:
        return None
    chars = ", ".join(_describe(c) for c in missing[:3])
    return (
        f"the brand's {face} font has no glyph for {chars}",
        "use a brand kit whose fonts cover them (fonts in brand.toml), or write the name without them",
    )


def _describe(char: str) -> str:
    """'é' (U+00E9 LATIN SMALL LETTER E WITH ACUTE); invisible characters by code point only."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}{' ' + name if name else ''}"
    return code if unicodedata.category(char)[0] in "CZ" else f"'{char}' ({code})"
