"""BLS OEWS wage files (all-data, national, state or metropolitan area; .xlsx or their .zip), read by header.

Headers are matched without regard to case (files before 2019 use lower
case) and the data sheet is the one whose header row has OCC_CODE. Only
cross-industry rows (I_GROUP "cross-industry", else NAICS 000000) for
detailed and broad occupations are kept. "*", "**" and "#" stay marks.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from handouts.paths import display_path
from handouts.publicdata.errors import UnknownRelease, refuse
from handouts.publicdata.headers import Wanted, find_header, match_columns, normalize
from handouts.publicdata.projections import amount
from handouts.publicdata.records import WAGE_MEASURES as MEASURES
from handouts.publicdata.store import encode
from handouts.publicdata.xlsx import Value, Workbook

COLUMNS = (
    Wanted("area", (r"area",), "AREA"),
    Wanted("area_title", (r"area_title", r"area_name"), "AREA_TITLE"),
    Wanted("area_type", (r"area_type",), "AREA_TYPE", required=False),
    Wanted("state", (r"prim_state", r"st"), "PRIM_STATE", required=False),
    Wanted("naics", (r"naics",), "NAICS", required=False),
    Wanted("i_group", (r"i_group",), "I_GROUP", required=False),
    Wanted("occ_code", (r"occ_code",), "OCC_CODE"),
    Wanted("occ_title", (r"occ_title",), "OCC_TITLE"),
    Wanted("o_group", (r"o_group", r"occ_group", r"group"), "O_GROUP", required=False),
    Wanted("tot_emp", (r"tot_emp",), "TOT_EMP"),
    *(Wanted(m, (m,), m.upper()) for m in MEASURES),
    Wanted("annual", (r"annual",), "ANNUAL", required=False),
    Wanted("hourly", (r"hourly",), "HOURLY", required=False),
)
KINDS = {"1": "national", "2": "state", "3": "territory", "4": "metro", "5": "metro", "6": "nonmetro"}
KEEP_GROUPS = {"detailed", "broad"}
# The top code of each release, from the footnote BLS publishes with it ("#": at or above this).
TOP_CODES = {"May 2025": (115.00, 239200.0)}


def release_from_name(name: str) -> str | None:
    """ "May 2025" from national_M2025_dl.xlsx, all_data_M_2025.xlsx or oesm25all.zip."""
    match = re.search(r"(?:^|[^a-z])m_?(\d{4})(?:[^0-9]|$)", name.casefold())
    if match:
        return f"May {match.group(1)}"
    match = re.search(r"oesm(\d{2})", name.casefold())
    return f"May 20{match.group(1)}" if match else None


def release_key(release: str) -> int:
    """A sortable number for "May 2025" (202505)."""
    match = re.fullmatch(r"May (\d{4})", release)
    if not match:
        raise UnknownRelease(f"--release {release!r}: write an OEWS release as 'May YYYY', e.g. 'May 2025'")
    return int(match.group(1)) * 100 + 5


@contextmanager
def workbooks(path: Path) -> Iterator[list[tuple[Path, str]]]:
    """The .xlsx files to read: ``path`` itself, or every .xlsx inside a .zip (unpacked to a temporary folder)."""
    shown = display_path(path)
    if not path.is_file():
        raise refuse(shown, "no such file", "give an OEWS .xlsx file or the .zip BLS offers")
    if not zipfile.is_zipfile(path):
        raise refuse(shown, "not an .xlsx or .zip file, or one cut short", "download the file again")
    with zipfile.ZipFile(path) as outer:
        names = outer.namelist()
        if "xl/workbook.xml" in names:
            yield [(path, shown)]
            return
        inner = sorted(n for n in names if n.lower().endswith(".xlsx") and not n.startswith("__MACOSX"))
        if not inner:
            raise refuse(shown, "the zip holds no .xlsx file", "give the OEWS zip as downloaded from bls.gov/oes")
        with tempfile.TemporaryDirectory(prefix="handouts-oews-") as folder:
            found = []
            for index, name in enumerate(inner):
                target = Path(folder) / f"{index}.xlsx"
                try:
                    with outer.open(name) as source, open(target, "wb") as copy:
                        shutil.copyfileobj(source, copy, 1 << 20)
                except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                    raise refuse(f"{shown}: {name}", f"damaged inside the zip ({exc})", "download it again") from None
                found.append((target, f"{shown}: {name}"))
            yield found


def wage_rows(path: Path, shown: str, release: str, required: bool = True) -> Iterator[tuple]:
    """Cross-industry rows for detailed and broad occupations, as tuples for the store (see loading).

    ``required=False`` (a workbook among several in a zip, where BLS may add
    a field-description workbook) yields nothing for a workbook without data.
    """
    floor_hourly, floor_annual = TOP_CODES.get(release, (None, None))
    with Workbook(path, shown) as book:
        for sheet in book.sheet_names:
            rows = book.rows(sheet)
            head = []
            for row in rows:
                head.append(row)
                if len(head) >= 10 or find_header([row], "occ_code") is not None:
                    break
            at = find_header(head, "occ_code")
            if at is None:
                rows.close()
                continue
            place = f"{shown} (sheet '{sheet}')"
            with closing(rows):  # the sheet's stream closes even when the header is refused
                columns = match_columns(head[at], COLUMNS, place, at + 1)
                width = max(columns.values()) + 1
                yield from _rows(rows, columns, width, floor_hourly, floor_annual)
            return
        if not required:
            return
        found = ", ".join(f"'{n}'" for n in book.sheet_names)
        raise refuse(
            shown,
            f"no sheet has an OCC_CODE column in its first 10 rows (sheets: {found})",
            "give an OEWS data file (all-data, national, state or metropolitan area) as downloaded",
        )


def _code(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def _stored(value: Value, floor: float | None) -> float | str | None:
    """A wage cell as the store keeps it (see store.encode): the number, or the mark as text.

    Written out rather than through `Amount` because it runs 4 million times
    for an all-data file.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = value.strip()
    if text == "#":
        return f"#{floor:g}" if floor else "#"
    return encode(amount(text))


def _folded(value: Value) -> str:
    return value.strip().casefold() if isinstance(value, str) else normalize(value)


def _rows(
    rows: Iterator[list[Value]],
    columns: dict[str, int],
    width: int,
    floor_hourly: float | None,
    floor_annual: float | None,
) -> Iterator[tuple]:
    measure_columns = [columns[m] for m in MEASURES]
    floors = [floor_hourly if m.startswith("h_") else floor_annual for m in MEASURES]
    for row in rows:
        if len(row) < width:
            row = row + [None] * (width - len(row))
        if "i_group" in columns:
            if _folded(row[columns["i_group"]]) != "cross-industry":
                continue
        elif "naics" in columns and _code(row[columns["naics"]]).zfill(6) != "000000":
            continue
        group = _folded(row[columns["o_group"]]) if "o_group" in columns else "detailed"
        soc = _code(row[columns["occ_code"]])
        if group not in KEEP_GROUPS or not re.fullmatch(r"\d{2}-\d{4}", soc):
            continue
        area = _code(row[columns["area"]])
        kind_code = _code(row[columns["area_type"]]) if "area_type" in columns else ""
        kind = KINDS.get(kind_code) or _guess_kind(area)
        if kind == "state" and area.isdigit():
            area = area.zfill(2)
        state = _code(row[columns["state"]]).upper() if "state" in columns else ""
        values = [_stored(row[i], floor) for i, floor in zip(measure_columns, floors, strict=True)]
        yield (
            area,
            " ".join(str(row[columns["area_title"]] or "").split()),
            kind,
            state,
            soc,
            " ".join(str(row[columns["occ_title"]] or "").split()),
            group,
            _stored(row[columns["tot_emp"]], None),
            *values,
            _flag(row[columns["annual"]]) if "annual" in columns else False,
            _flag(row[columns["hourly"]]) if "hourly" in columns else False,
        )


def _flag(value: Value) -> bool:
    return value is True or normalize(value) in ("true", "1", "yes")


def _guess_kind(area: str) -> str:
    if area in ("99", "0", "00", "US"):
        return "national"
    return {1: "state", 2: "state", 5: "metro", 7: "nonmetro"}.get(len(area), "metro")
