"""Re-extract every string the built-in layouts and the program print into layouts/locales/handouts.pot,
then merge it into each layouts/locales/LANG.po (new strings arrive untranslated, changed ones fuzzy).

Run it after changing a layout's text:

    python scripts/extract_messages.py

Then translate the new entries in each .po (`handouts check --lang es` lists what is missing).
tests/templating/test_catalogs.py fails while the shipped .pot lacks a layout string, so a forgotten
run is caught. Babel does the work (scripts/babel.cfg says where the strings are).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "layouts" / "locales"
KEYWORDS = ["-k", "_", "-k", "tr", "-k", "N_", "-k", "ngettext:1,2"]


def main() -> int:
    pot = LOCALES / "handouts.pot"
    common = ["--no-location", "--omit-header", "--sort-output", "--width", "100"]
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "scripts" / "babel.cfg"),
            *KEYWORDS,
            *common,
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    for po in sorted(LOCALES.glob("*.po")):
        # Babel rewrites the header with dates; keep the file's own (comments and plural rule) instead.
        header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
        CommandLineInterface().run(
            ["pybabel", "-q", "update", "-i", str(pot), "-o", str(po), "-l", po.stem, "--omit-header", "--no-wrap"]
        )
        po.write_text(header + "\n\n" + po.read_text(encoding="utf-8"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
