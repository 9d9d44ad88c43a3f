"""Read a PDF with the programs a print shop and a reader use, none of them ours.

Ghostscript (the engine inside many print shops' RIPs), poppler (pdftoppm,
pdffonts, pdftotext: most Linux viewers and converters), qpdf and pdf.js
(Firefox and many web viewers) each read a file their own way; a file one of
them takes silently can make another print a blank page. Each function runs
one client and returns what it reported: every line it wrote to its error
output, and a note when it failed. The tests assert that the list is empty,
never what a client's message says, so a new release's wording changes
nothing here.

The clients are programs, not Python packages. On a user's machine without
them the tests that need them skip, saying which is missing and how to get it;
under ``CI=true`` a missing client fails instead, so CI can never pass by
skipping them (``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

PDFJS_DIR = Path(__file__).resolve().parent / "pdfjs"
TIMEOUT = 600

_INSTALL = {
    "gs": "apt-get install ghostscript",
    "pdftoppm": "apt-get install poppler-utils",
    "pdffonts": "apt-get install poppler-utils",
    "pdftotext": "apt-get install poppler-utils",
    "qpdf": "apt-get install qpdf",
    "node": "install Node.js 20.16 or newer",
    "pdf.js": f"npm ci --prefix {PDFJS_DIR.relative_to(PDFJS_DIR.parents[2])}",
}


def _missing(client: str) -> str | None:
    if client == "pdf.js":
        if shutil.which("node") is None:
            return "node"
        return None if (PDFJS_DIR / "node_modules" / "pdfjs-dist").is_dir() else "pdf.js"
    return None if shutil.which(client) else client


def require(*clients: str) -> None:
    """Skip the test (fail it under CI=true) unless every named client is installed."""
    missing = [m for m in (_missing(c) for c in clients) if m]
    if not missing:
        return
    how = "; ".join(f"{m}: {_INSTALL[m]}" for m in dict.fromkeys(missing))
    message = f"PDF client not installed ({how})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; CI must run every client", pytrace=False)
    pytest.skip(message)


def _run(args: list[str], *, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd, errors="replace")


def _complaints(result: subprocess.CompletedProcess[str], *, stdout_counts: bool) -> list[str]:
    lines = result.stderr.splitlines()
    if stdout_counts:
        lines += result.stdout.splitlines()
    problems = [line.strip() for line in lines if line.strip()]
    if result.returncode != 0:
        problems.append(f"exit status {result.returncode}")
    return problems


def ghostscript_render(pdf: Path) -> list[str]:
    """Ghostscript interpreting every page, as a RIP does, drawing to nothing."""
    require("gs")
    args = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(pdf)]
    return _complaints(_run(args), stdout_counts=True)


def ghostscript_redistill(pdf: Path, out_dir: Path) -> list[str]:
    """Ghostscript rewriting the file with pdfwrite (what a preflight or "print to PDF" step does)."""
    require("gs")
    target = out_dir / f"{pdf.stem}.redistilled.pdf"
    args = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={target}", str(pdf)]
    problems = _complaints(_run(args), stdout_counts=True)
    if not problems and not (target.is_file() and target.stat().st_size > 0):
        problems.append("pdfwrite wrote no file")
    target.unlink(missing_ok=True)
    return problems


def poppler_render(pdf: Path, out_dir: Path, *, dpi: int = 10) -> list[str]:
    """pdftoppm drawing every page (at low resolution: the reading is what is tested)."""
    require("pdftoppm")
    folder = out_dir / f"{pdf.stem}.pages"
    folder.mkdir(parents=True, exist_ok=True)
    problems = _complaints(_run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(folder / "p")]), stdout_counts=True)
    shutil.rmtree(folder)
    return problems


def poppler_text(pdf: Path) -> list[str]:
    """pdftotext reading every page's text."""
    require("pdftotext")
    return _complaints(_run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"]), stdout_counts=False)


@dataclass(frozen=True)
class FontRow:
    """One line of pdffonts: a font as the file declares it."""

    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool
    object_id: str


_FONT_ROW = re.compile(
    r"^(?P<name>\S+)\s+(?P<type>.+?)\s+(?P<encoding>\S+)\s+(?P<emb>yes|no)\s+(?P<sub>yes|no)\s+(?P<uni>yes|no)"
    r"\s+(?P<obj>\d+\s+\d+)\s*$"
)


def poppler_fonts(pdf: Path) -> tuple[list[FontRow], list[str]]:
    """pdffonts' list of fonts, and its complaints."""
    require("pdffonts")
    result = _run(["pdffonts", str(pdf)])
    problems = _complaints(result, stdout_counts=False)
    rows = []
    for line in result.stdout.splitlines()[2:]:
        match = _FONT_ROW.match(line)
        if match is None:
            problems.append(f"pdffonts row not understood: {line!r}")
            continue
        rows.append(
            FontRow(
                match["name"],
                match["type"].strip(),
                match["emb"] == "yes",
                match["sub"] == "yes",
                match["uni"] == "yes",
                " ".join(match["obj"].split()),
            )
        )
    return rows, problems


def qpdf_check(pdf: Path) -> list[str]:
    """qpdf --check: structure, cross-reference table and every stream decoded. Exit 0 means no warnings."""
    require("qpdf")
    result = _run(["qpdf", "--check", str(pdf)])
    return _complaints(result, stdout_counts=False)  # 2: errors, 3: warnings; both on stderr


def pdfjs_read(*pdfs: Path) -> dict[Path, list[str]]:
    """pdf.js loading every page of each file: operators, fonts, text and annotations."""
    require("pdf.js")
    absolute = {str(pdf.resolve()): pdf for pdf in pdfs}
    result = _run(["node", str(PDFJS_DIR / "check.mjs"), *absolute], cwd=PDFJS_DIR)
    found: dict[Path, list[str]] = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        found[absolute[record["path"]]] = list(record["problems"])
    for pdf in pdfs:
        found.setdefault(pdf, [f"pdf.js did not report on the file (exit {result.returncode}): {result.stderr[-500:]}"])
    return found


def _fonts_embedded(pdf: Path) -> list[str]:
    fonts, problems = poppler_fonts(pdf)
    return problems + [f"font not embedded: {row.name}" for row in fonts if not row.embedded]


def every_client(pdf: Path, out_dir: Path) -> dict[str, list[str]]:
    """Each client's complaints about one file; every list must be empty.

    The clients are separate programs, so they read the file side by side (a 1,600-page print
    file takes a minute one after another).
    """
    require("gs", "pdftoppm", "pdftotext", "pdffonts", "qpdf", "pdf.js")
    readers: dict[str, Callable[[], list[str]]] = {
        "ghostscript (nullpage)": lambda: ghostscript_render(pdf),
        "ghostscript (pdfwrite)": lambda: ghostscript_redistill(pdf, out_dir),
        "pdftoppm": lambda: poppler_render(pdf, out_dir),
        "pdftotext": lambda: poppler_text(pdf),
        "pdffonts": lambda: _fonts_embedded(pdf),
        "qpdf --check": lambda: qpdf_check(pdf),
        "pdf.js": lambda: pdfjs_read(pdf)[pdf],
    }
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {name: pool.submit(read) for name, read in readers.items()}
        return {name: future.result() for name, future in futures.items()}


def assert_clean_in_every_client(pdf: Path, out_dir: Path) -> None:
    """Zero errors and zero warnings from every client, with what each said when not."""
    said = {client: problems for client, problems in every_client(pdf, out_dir).items() if problems}
    if said:
        report = "\n".join(f"{client}: {len(p)} problem(s), first: {p[:3]}" for client, p in said.items())
        pytest.fail(f"{pdf.name} is not clean in every client:\n{report}", pytrace=False)


def duplicate_font_names(pdf: Path) -> dict[str, int]:
    """Font names that stand for more than one font object (subset tags that do not tell subsets apart)."""
    fonts, _ = poppler_fonts(pdf)
    objects: dict[str, set[str]] = {}
    for row in fonts:
        objects.setdefault(row.name, set()).add(row.object_id)
    return {name: len(ids) for name, ids in objects.items() if len(ids) > 1}
