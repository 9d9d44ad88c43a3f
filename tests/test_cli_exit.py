"""The console script ends its process as soon as the command is done: output flushed, atexit handlers run,
the exit status as ``sys.exit`` gives it, and no interpreter teardown (20-35 ms after a print job)."""

from __future__ import annotations

import subprocess
import sys

import pytest

_ENDING = """
import atexit, sys
from handouts.cli.main import end_process

class Torn:
    def __del__(self):
        print("torn down", flush=True)

kept = Torn()  # a normal exit finalises it while tearing the module down
atexit.register(lambda: print("atexit ran", flush=True))
sys.stdout.write("written, not yet flushed;")
end_process({status})
"""


def _end(status: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _ENDING.format(status=status)], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(("status", "code"), [("None", 0), ("0", 0), ("3", 3), ("130", 130)])
def test_the_process_ends_with_its_status_its_output_flushed_and_its_atexit_handlers_run(status, code):
    done = _end(status)
    assert done.returncode == code, done.stderr
    assert done.stdout == "written, not yet flushed;atexit ran\n"
    assert done.stderr == ""


def test_a_message_as_status_is_printed_and_exits_1_as_sys_exit_does():
    done = _end("'stopped: no such layout'")
    assert done.returncode == 1
    assert done.stderr == "stopped: no such layout\n"


def test_the_interpreter_is_not_torn_down():
    """What makes it quick: objects are not finalised one by one (the same script with sys.exit is)."""
    assert "torn down" not in _end("0").stdout
    normal = subprocess.run(
        [sys.executable, "-c", _ENDING.format(status="0").replace("end_process(0)", "sys.exit(0)")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "torn down" in normal.stdout


def test_the_console_script_exits_with_the_commands_status(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "handouts", "list", "layouts"], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert ok.returncode == 0 and "comparison" in ok.stdout
    wrong = subprocess.run(
        [sys.executable, "-m", "handouts", "build", "comparisn", "medical-assistant"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert wrong.returncode == 2 and "comparison" in wrong.stderr  # a usage error (UsageError), naming the layout meant
    assert "Traceback" not in wrong.stderr
