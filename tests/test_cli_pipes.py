"""A reader that stops reading (`handouts list roles | head -1`) ends handouts quietly, not as a bug."""

from __future__ import annotations

import subprocess
import sys


def test_a_closed_pipe_is_not_reported_as_a_bug():
    # The pipe is closed before handouts writes, so its first write or its last flush fails with EPIPE.
    with subprocess.Popen(
        [sys.executable, "-m", "handouts", "list", "roles"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    assert "bug" not in err and "Traceback" not in err and "BrokenPipe" not in err, err
    assert code == 141, (code, err)
