"""The command line tunes the garbage collector in its own process only, and still builds and prints."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from tests.conftest import PAIR
from tests.support.pdfcheck import Pdf

# The console script's process: `run` marks the process as the command's own, then the command runs; the
# collector's state is printed as the process ends (`run` ends it, running the atexit handlers).
_CONSOLE = """
import atexit, gc, json, sys

def report():
    print(json.dumps({"frozen": gc.get_freeze_count(), "gen0": gc.get_threshold()[0], "enabled": gc.isenabled()}))

atexit.register(report)
from handouts.cli import run
sys.argv = ["handouts", *sys.argv[1:]]
run()
"""


def test_the_console_script_freezes_a_builds_imports_and_still_collects(tmp_path):
    out = tmp_path / "c.pdf"
    done = subprocess.run(
        [sys.executable, "-c", _CONSOLE, "build", "comparison", *PAIR, "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["frozen"] > 10_000  # the modules' objects: ReportLab, Jinja2, handouts
    assert state["gen0"] == 10_000 and state["enabled"]
    assert "Which one fits you?" in Pdf.open(out).text


def test_commands_run_in_another_program_leave_its_collector_alone(run):
    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    code, _ = run("build", "comparison", *PAIR, "-o", "c.pdf")
    assert code == 0
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
