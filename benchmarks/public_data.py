"""Benchmark: importing a whole O*NET release and a whole OEWS all-data file, against 60 s and 500 MB each.

    python benchmarks/public_data.py            # about two minutes on 2 cores (generating the files takes most)
    python benchmarks/public_data.py --keep DIR # keep the generated files and data folder in DIR

The files are generated at full size in the publishers' layouts (no download):

- an O*NET text release zip: 1,016 occupations, 923 with data; 56,500 alternate
  titles; 18,800 task statements; education ratings (12 Required Level of
  Education categories plus other scales, 37,000 rows); job zones; 18,460
  related-occupation links. ``handouts import onet --all`` drafts every
  occupation with tasks (923 role files) and the source entry;
- an OEWS all-data .xlsx with about 400,000 rows in the all_data_M_2025 column
  layout, written with shared strings as Excel writes them: the nation by
  industry (the rows the import skips) and 830 occupations across 54 states
  and about 530 metropolitan and nonmetropolitan areas (the rows it keeps).

Each import runs in a fresh Python process; the figures are its wall time and
its peak resident memory (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``
after it exits). No test times anything; this is where speed is measured.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 60
BUDGET_MB = 500
WORDS = [
    "assist",
    "patients",
    "record",
    "medical",
    "information",
    "prepare",
    "rooms",
    "schedule",
    "appointments",
    "operate",
    "equipment",
    "review",
    "reports",
    "monitor",
    "systems",
    "inspect",
    "materials",
    "coordinate",
    "staff",
    "maintain",
    "records",
    "analyze",
    "data",
    "train",
    "workers",
    "install",
    "components",
    "repair",
    "machinery",
    "test",
    "samples",
    "document",
    "results",
]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def write_onet(folder: Path, rng: random.Random) -> Path:
    """A full-size O*NET 30.1 text release, zipped as db_30_1_text.zip."""
    codes = [f"{11 + i % 43:02d}-{1000 + i:04d}.{i % 3:02d}" for i in range(1016)]
    data_codes = codes[:923]
    files: dict[str, list[list[object]]] = {
        "Occupation Data.txt": [["O*NET-SOC Code", "Title", "Description"]]
        + [[c, f"Occupation {i} Workers", _sentence(rng, 20, 60)] for i, c in enumerate(codes)],
        "Alternate Titles.txt": [["O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"]]
        + [[rng.choice(data_codes), f"Alternate title {i}", "n/a", "08"] for i in range(56_500)],
        "Task Statements.txt": [
            ["O*NET-SOC Code", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"]
        ]
        + [
            [
                data_codes[i % 923],
                10_000 + i,
                _sentence(rng, 8, 25),
                rng.choice(["Core", "Core", "Supplemental"]),
                40,
                "08/2025",
                "Incumbent",
            ]
            for i in range(18_800)
        ],
        "Education, Training, and Experience.txt": [
            [
                "O*NET-SOC Code",
                "Element ID",
                "Element Name",
                "Scale ID",
                "Category",
                "Data Value",
                "N",
                "Standard Error",
                "Lower CI Bound",
                "Upper CI Bound",
                "Recommend Suppress",
                "Date",
                "Domain Source",
            ]
        ]
        + [
            [
                c,
                element,
                name,
                scale,
                category,
                f"{rng.uniform(0, 60):.2f}",
                26,
                "n/a",
                "n/a",
                "n/a",
                "N",
                "08/2025",
                "Occupational Expert",
            ]
            for c in data_codes
            for element, name, scale, count in (
                ("2.D.1", "Required Level of Education", "RL", 12),
                ("3.A.1", "Related Work Experience", "RW", 11),
                ("3.A.2", "On-Site or In-Plant Training", "PT", 9),
                ("3.A.3", "On-the-Job Training", "OJ", 9),
            )
            for category in range(1, count + 1)
        ],
        "Education, Training, and Experience Categories.txt": [
            ["Element ID", "Element Name", "Scale ID", "Category", "Category Description"]
        ]
        + [["2.D.1", "Required Level of Education", "RL", n, f"Level {n} - of education"] for n in range(1, 13)],
        "Job Zones.txt": [["O*NET-SOC Code", "Job Zone", "Date", "Domain Source"]]
        + [[c, 1 + i % 5, "08/2025", "Analyst"] for i, c in enumerate(data_codes)],
        "Job Zone Reference.txt": [
            ["Job Zone", "Name", "Experience", "Education", "Job Training", "Examples", "SVP Range"]
        ]
        + [
            [
                z,
                f"Zone {z}",
                _sentence(rng, 10, 20),
                _sentence(rng, 10, 20),
                _sentence(rng, 10, 20),
                _sentence(rng, 5, 10),
                "4.0",
            ]
            for z in range(1, 6)
        ],
        "Related Occupations.txt": [["O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"]]
        + [
            [c, data_codes[(i + k + 1) % 923], "Primary-Short" if k < 5 else "Supplemental", k + 1]
            for i, c in enumerate(data_codes)
            for k in range(20)
        ],
    }
    target = folder / "db_30_1_text.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            text = "".join("\t".join(map(str, row)) + "\r\n" for row in rows)
            archive.writestr(f"db_30_1_text/{name}", text.encode("utf-8"))
    return target


OEWS_HEADER = [
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "NAICS_TITLE",
    "I_GROUP",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC_QUOTIENT",
    "PCT_TOTAL",
    "PCT_RPT",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
]


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def write_oews(folder: Path, rng: random.Random, rows_wanted: int = 400_000) -> Path:
    """all_data_M_2025.xlsx at full size, streamed to the zip as raw sheet XML with shared strings."""
    strings: dict[str, int] = {}

    def shared(text: str) -> int:
        return strings.setdefault(text, len(strings))

    occupations = [(f"{11 + i % 43:02d}-{1000 + i:04d}", f"Occupation {i} Workers") for i in range(830)]
    areas = [("99", "U.S.", 1, "US")] + [(f"{s:02d}", f"State {s}", 2, "ST") for s in range(1, 55)]
    areas += [(f"{10000 + m * 40}", f"Metro Area {m}, ST", 4, "ST") for m in range(400)]
    areas += [(f"{100000 + n:07d}", f"Nonmetro Area {n}", 6, "ST") for n in range(130)]
    letters = [_column(i) for i in range(len(OEWS_HEADER))]
    target = folder / "all_data_M_2025.xlsx"
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as book:
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://'
                b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )

            def row(values: list[object]) -> None:
                nonlocal count
                count += 1
                cells = []
                for letter, value in zip(letters, values, strict=True):
                    ref = f"{letter}{count}"
                    if value is None:
                        continue
                    if isinstance(value, str):
                        cells.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                sheet.write(f'<row r="{count}">{"".join(cells)}</row>'.encode())

            row(OEWS_HEADER)

            def estimate(area, industry, group, occupation) -> list[object]:
                wage = rng.uniform(12, 90)
                mark = rng.random()
                hourly = [round(wage * f, 2) for f in (0.6, 0.8, 1.0, 1.2, 1.5)]
                annual = [round(h * 2080) for h in hourly]
                if mark < 0.03:
                    hourly, annual = ["*"] * 5, ["*"] * 5
                elif mark < 0.04:
                    hourly[-1], annual[-1] = "#", "#"
                return [
                    area[0],
                    area[1],
                    area[2],
                    area[3],
                    industry[0],
                    industry[1],
                    group,
                    1235,
                    occupation[0],
                    occupation[1],
                    "detailed",
                    rng.randint(30, 90000) if mark > 0.01 else "**",
                    3.2,
                    1.5,
                    0.9,
                    None,
                    None,
                    round(wage, 2),
                    round(wage * 2080),
                    1.1,
                    *hourly,
                    *annual,
                    None,
                    None,
                ]

            industries = [(f"{100000 + i * 37:06d}", f"Industry {i}") for i in range(130)]
            # About 85% of the rows are cross-industry estimates for an area (what the import keeps);
            # the rest are national industry-specific rows, which it reads and skips.
            per_area = min(len(occupations), int(rows_wanted * 0.85 / len(areas)))
            for area in areas:
                for occupation in rng.sample(occupations, per_area):
                    row(estimate(area, ("000000", "Cross-industry"), "cross-industry", occupation))
            while count < rows_wanted:
                industry = rng.choice(industries)
                row(estimate(areas[0], industry, "3-digit", rng.choice(occupations)))
            sheet.write(b"</sheetData></worksheet>")
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        book.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            f'main" count="{len(strings)}">{items}</sst>',
        )
        book.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="All May 2025 data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>',
        )
    return target


def measure(arguments: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, output) of ``handouts ARGUMENTS`` in a fresh Python process.

    The child reports its own peak (RUSAGE_SELF at exit), so each import's
    figure is its own and not the largest of all children so far.
    """
    start = time.perf_counter()
    command = [sys.executable, __file__, "--child", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"handouts {' '.join(arguments)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    *lines, cpu, peak = done.stdout.strip().splitlines()
    return seconds, float(cpu.removeprefix("CPU_S ")), int(peak.removeprefix("PEAK_KB ")) / 1024, "\n".join(lines)


def child(arguments: list[str]) -> None:
    from handouts.cli import main as cli

    try:
        cli.main(arguments, standalone_mode=False)
    finally:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"CPU_S {usage.ru_utime + usage.ru_stime:.2f}")
        print(f"PEAK_KB {usage.ru_maxrss}")


def main() -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="handouts-public-data-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2025)
    started = time.perf_counter()
    release = write_onet(work, rng)
    oews = write_oews(work, rng)
    with zipfile.ZipFile(oews) as book:
        sheet = book.getinfo("xl/worksheets/sheet1.xml")
    print(
        f"generated in {time.perf_counter() - started:.0f} s: {release.name} ({release.stat().st_size / 1e6:.1f} MB), "
        f"{oews.name} ({oews.stat().st_size / 1e6:.1f} MB, sheet XML {sheet.file_size / 1e6:.0f} MB)"
    )
    print(f"load average before the imports: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| import | wall | CPU | peak RSS | 60 s CPU / 500 MB | first line of output |")
    print("| --- | --- | --- | --- | --- | --- |")
    rows = []
    for label, command in (
        ("OEWS all-data file", ["import", "wages", str(oews), "--data", str(work / "data")]),
        ("O*NET release, every occupation", ["import", "onet", str(release), "--all", "--data", str(work / "data")]),
    ):
        seconds, cpu, peak_mb, output = measure(command)
        # The import uses one core; on a busy machine its wall time waits for other work, so the
        # verdict is on CPU time (what the import itself costs) and the load is printed beside it.
        verdict = "within" if cpu < BUDGET_SECONDS and peak_mb < BUDGET_MB else "OVER"
        summary = output.strip().splitlines()[0] if output.strip() else ""
        load = os.getloadavg()[0]
        print(f"| {label} | {seconds:.1f} s (load {load:.1f}) | {cpu:.1f} s | {peak_mb:.0f} MB | {verdict} | {summary}")
        rows.append(
            {
                "benchmark": f"import {label}",
                "route": "handouts",
                "seconds": seconds,
                "pages": 0,
                "peak_kb": int(peak_mb * 1024),
                "bytes": 0,
            }
        )
    roles = len(list((work / "data" / "roles").glob("*.yaml")))
    print(f"{roles} draft role files written; kept in {work}" if args.keep else f"{roles} draft role files written")
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        main()
