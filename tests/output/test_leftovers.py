"""Temporaries of runs killed outright (SIGKILL, as the out-of-memory killer or a power cut would end
them) are removed by the next run, and a run still going keeps its own, however many run at once.

Each test starts the real command in a subprocess (`tests.support.pausing`), stopped at the point where it
holds a kind of temporary, and really kills it there, or runs another command beside it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts import temporaries
from handouts.jobs.batch import run_job
from tests.conftest import PAIR, ROOT
from tests.support.jobkit import leftovers
from tests.support.pdfcheck import Pdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills processes with POSIX signals")

# What each stopped run holds, as globs under the output folder ``out`` (a lock file beside each).
HELD = {
    "commit": [
        ".fair.pdf.*.tmp",  # the print file
        ".fair.summary.csv.*.tmp",
        ".fair.summary.json.*.tmp",
        ".fair.????????.tmp",  # the individual PDFs' folder
        ".handouts-render-*.tmp",  # --no-cache's render folder
    ],
    "swap": [".fair.old.*.tmp", ".fair.????????.tmp"],  # the last run's folder set aside; the new one
    "cache": [".handouts-cache/*/.*.pdf.*.tmp"],
    "build": [".*.pdf.*.tmp"],
}
COMMANDS = {
    "commit": ["print", "job/job.toml", "-o", "out/fair.pdf", "-j", "1", "-q", "--individual", "--no-cache"],
    "swap": ["print", "job/job.toml", "-o", "out/fair.pdf", "-j", "1", "-q", "--individual"],
    "cache": ["print", "job/job.toml", "-o", "out/fair.pdf", "-j", "1", "-q"],
    "build": ["build", "comparison", *PAIR, "-o", "out/"],
}


SMALL_JOB = """\
name = "Test fair"
layouts = ["layouts"]
duplex = true

[[items]]
title = "Comparison A"
layout = "comparison"
roles = ["medical-assistant", "medical-administrative-assistant"]
copies = 2

[[items]]
title = "Comparison B"
layout = "comparison"
roles = ["medical-administrative-assistant", "medical-assistant"]
"""


@pytest.fixture
def job(job):
    """The test job cut to two documents (two workers' worth): each test here runs it three times."""
    (job / "job.toml").write_text(SMALL_JOB, encoding="utf-8")
    return job


class Stopped:
    """A handouts command in its own process group, stopped at a stage (see tests/support/pausing.py)."""

    def __init__(self, stage: str, cwd: Path, args: list[str]) -> None:
        self.signals = cwd / f"signals-{stage}"
        self.signals.mkdir()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "tests.support.pausing", stage, str(self.signals), "--", *args]
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while not (self.signals / "ready").exists():
            if self.process.poll() is not None:
                raise AssertionError(f"it ended before reaching {stage}: {self.process.stdout.read().decode()}")
            assert time.monotonic() < deadline, f"never reached {stage}"
            time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL to the command's own process (not its workers): no handler, no cleanup."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process.stdout.close()

    def go_on(self) -> str:
        (self.signals / "go").touch()
        out, _ = self.process.communicate(timeout=120)
        assert self.process.returncode == 0, out.decode()
        return out.decode()

    def end(self) -> None:
        """Whatever is left of its process group (workers of a killed parent)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait()
        self.process.stdout.close()


@pytest.fixture
def stopped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    started: list[Stopped] = []

    def start(stage: str, args: list[str] | None = None) -> Stopped:
        command = Stopped(stage, tmp_path, args or COMMANDS[stage])
        started.append(command)
        return command

    yield start
    for command in started:
        command.end()


def held(out: Path, stage: str) -> dict[str, list[Path]]:
    """Each kind of temporary the stopped run holds, with its lock file, found on disk."""
    found = {}
    for pattern in HELD[stage]:
        paths = [p for p in out.glob(pattern) if ".old." not in p.name or "old" in pattern]
        assert len(paths) == 1, (pattern, sorted(out.rglob("*")))
        lock = paths[0].with_name(paths[0].name[: -len(".tmp")] + ".lock")
        assert lock.is_file(), f"no lock file beside {paths[0]}"
        found[pattern] = [paths[0], lock]
    return found


def _earlier_run(stage: str, job: Path, tmp_path: Path) -> None:
    """The last run's outputs, which a killed run must leave as they were."""
    if stage != "build":
        run_job(job / "job.toml", output=tmp_path / "out" / "fair.pdf", jobs=1, individual=stage != "cache")
    if stage == "cache":  # so that the stopped run renders and fills it again
        shutil.rmtree(tmp_path / "out" / ".handouts-cache")


def _next_run(stage: str, run) -> None:
    if stage == "build":
        code, out = run(*COMMANDS["build"])
    else:  # the next run need not be the same command: here it writes no individual PDFs
        code, out = run("print", "job/job.toml", "-o", "out/fair.pdf", "-j", "1", "-q")
    assert code == 0, out


@pytest.mark.parametrize("stage", list(HELD))
def test_the_next_run_removes_what_a_killed_run_left(run, job, tmp_path, stopped, stage):
    _earlier_run(stage, job, tmp_path)
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in out.glob("fair*") if p.is_file()}
    individual = sorted(p.relative_to(out) for p in (out / "fair").rglob("*")) if (out / "fair").is_dir() else []
    command = stopped(stage)
    left = held(out, stage)
    command.kill()
    assert all(p.exists() for paths in left.values() for p in paths), "the kill left its temporaries"
    assert {p.name: p.read_bytes() for p in out.glob("fair*") if p.is_file()} == before  # the old outputs stand
    _next_run(stage, run)
    assert leftovers(tmp_path) == []
    if stage == "swap":  # killed with the last run's folder set aside: the next run put it back
        assert sorted(p.relative_to(out) for p in (out / "fair").rglob("*")) == individual
    written = out / "fair.pdf" if stage != "build" else next(out.glob("*.pdf"))
    assert Pdf.open(written).pages


@pytest.mark.parametrize("stage", list(HELD))
def test_a_run_still_going_keeps_its_temporaries(run, job, tmp_path, stopped, stage):
    """Another run in the same folder, of the same print file, starts and finishes meanwhile."""
    _earlier_run(stage, job, tmp_path)
    out = tmp_path / "out"
    command = stopped(stage)
    left = held(out, stage)
    _next_run(stage, run)  # sweeps the folder and the cache at its start and end
    assert all(p.exists() for paths in left.values() for p in paths), "a live run's temporary was removed"
    command.go_on()  # and the stopped run still finishes with them
    assert leftovers(tmp_path) == []
    if stage in ("commit", "swap"):
        assert (out / "fair" / "01-comparison-a.pdf").is_file()


def test_a_killed_print_jobs_workers_end_and_its_render_folder_goes(run, job, tmp_path, stopped):
    """Killed outright, the parent cannot stop its workers; they notice and end themselves."""
    command = stopped("render", ["print", "job/job.toml", "-o", "out/fair.pdf", "-j", "2", "-q", "--no-cache"])
    workers = [int(p.name.removeprefix("ready-")) for p in command.signals.glob("ready-*")]
    assert workers and command.process.pid not in workers
    assert len(list((tmp_path / "out").glob(".handouts-render-*.tmp"))) == 1
    command.kill()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers):
        assert time.monotonic() < deadline, "a killed print job's worker is still running"
        time.sleep(0.05)
    _next_run("cache", run)
    assert leftovers(tmp_path) == []


FORKED = """
import os, sys, time
from pathlib import Path
from handouts import temporaries
folder = temporaries.new_folder(Path(sys.argv[1]), ".handouts-render-")
started = Path(sys.argv[2] + ".started")
child = os.fork()
if child == 0:  # fork's after-in-child hooks have run by the time this line does
    started.write_text("yes")
    time.sleep(60)  # a worker that lives on, having inherited the parent's open files
    os._exit(0)
while not started.exists():  # killing the parent before the child ran its hooks would test nothing
    time.sleep(0.01)
Path(sys.argv[2]).write_text(str(child))
time.sleep(60)
"""


def test_a_forked_child_does_not_keep_its_killed_parents_temporaries(tmp_path):
    """flock belongs to the open file, which fork shares: the child closes its copies."""
    ready = tmp_path / "child-pid"
    parent = subprocess.Popen([sys.executable, "-c", FORKED, str(tmp_path), str(ready)], start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() or not ready.read_text():
            assert parent.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        child = int(ready.read_text())
        [folder] = tmp_path.glob(".handouts-render-*.tmp")
        assert temporaries.remove_leftovers(tmp_path) == []  # the parent lives: kept
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert _alive(child)
        assert temporaries.remove_leftovers(tmp_path) == [folder]
        assert not list(tmp_path.glob(".handouts-render-*"))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()


def _alive(pid: int) -> bool:
    """Running (a zombie no one has reaped yet counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def test_without_locks_only_age_says_a_temporary_is_abandoned(tmp_path, monkeypatch):
    """Windows has no flock: there a temporary goes once it and its lock file are an hour old."""
    folder = temporaries.new_folder(tmp_path, ".fair.")
    (folder.path / "0001-ana.pdf").write_bytes(b"%PDF-")
    monkeypatch.setattr(temporaries, "fcntl", None)
    assert temporaries.remove_leftovers(tmp_path) == []
    old = time.time() - 2 * temporaries.STALE_SECONDS
    for path in (folder.path, folder.lock):
        os.utime(path, (old, old))
    assert temporaries.remove_leftovers(tmp_path) == [folder.path]
    assert sorted(tmp_path.iterdir()) == []
    folder.release()


def test_another_programs_lock_files_are_left_alone(tmp_path):
    (tmp_path / ".notes.k3j9x0a_.lock").write_text("held by an editor\n")
    (tmp_path / ".notes.k3j9x0a_.tmp").write_text("draft\n")
    assert temporaries.remove_leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.k3j9x0a_.lock", ".notes.k3j9x0a_.tmp"]
