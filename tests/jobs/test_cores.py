"""Free cores measured from /proc/stat over a job's planning, and the fall-backs where that cannot tell."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import handouts.jobs.pool
from handouts.jobs import cores
from handouts.jobs.cores import CpuSample

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(folder: Path, idle: dict[int, int], cpus: list[int] | None = None) -> Path:
    """A /proc/stat with ``idle`` ticks (split over idle and iowait) for each core."""
    lines = [f"cpu  10 0 10 {sum(idle.values())} 0 0 0 0 0 0"]
    for cpu in cpus if cpus is not None else sorted(idle):
        ticks = idle.get(cpu, 0)
        lines.append(f"cpu{cpu} 5 0 5 {ticks - ticks // 4} {ticks // 4} 0 0 0 0 0")
    lines += ["intr 1 2 3", "ctxt 100", "cpuset 1"]
    path = folder / "stat"
    path.write_text("\n".join(lines) + "\n")
    return path


def _window(monkeypatch, seconds: float, idle_ticks: dict[int, int]) -> int | None:
    """free_since_mark for a window of ``seconds`` in which each core was idle ``idle_ticks``."""
    start = CpuSample(100.0, dict.fromkeys(idle_ticks, 1000))
    monkeypatch.setattr(cores, "_mark", start)
    now = CpuSample(100.0 + seconds, {cpu: 1000 + ticks for cpu, ticks in idle_ticks.items()})
    return cores.free_since_mark(now)


def test_a_reading_counts_idle_and_iowait_of_the_cores_this_process_may_use(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    reading = cores.sample(_stat(tmp_path, {0: 400, 1: 800, 2: 1200}))
    assert reading is not None and reading.idle == {0: 400, 1: 800}  # core 2 is not this process's


@pytest.mark.parametrize("text", ["", "cpu0 1 2\n", "cpu0 1 2 3 x y\n", "\xff\xfe"])
def test_a_stat_file_it_cannot_read_gives_no_reading(tmp_path, text):
    path = tmp_path / "stat"
    path.write_bytes(text.encode("latin-1"))
    assert cores.sample(path) is None
    assert cores.sample(tmp_path / "missing") is None


def test_the_other_core_idle_counts_it_free_beside_this_one(monkeypatch):
    # 0.2 s: this process kept core 0 busy, core 1 was idle the whole window
    assert _window(monkeypatch, 0.2, {0: 0, 1: round(0.2 * TICKS)}) == 2


def test_the_other_core_busy_leaves_only_this_one(monkeypatch):
    assert _window(monkeypatch, 0.2, {0: 0, 1: 0}) == 1
    assert _window(monkeypatch, 0.2, {0: 0, 1: round(0.1 * TICKS)}) == 1  # half idle is not free


def test_free_cores_never_exceed_the_cores_this_process_may_use(monkeypatch):
    assert _window(monkeypatch, 1.0, {0: TICKS, 1: TICKS}) == 2  # this process slept: still two cores
    assert _window(monkeypatch, 1.0, {cpu: TICKS for cpu in range(4)}) == 4


@pytest.mark.parametrize("seconds", [0.01, 120.0])
def test_a_window_too_short_or_too_long_falls_back_to_the_load_average(monkeypatch, seconds):
    assert _window(monkeypatch, seconds, {0: 0, 1: 0}) is None
    monkeypatch.setattr(os, "getloadavg", lambda: (1.5, 0.0, 0.0))
    monkeypatch.setattr(handouts.jobs.pool, "default_jobs", lambda: 4)
    assert handouts.jobs.pool.usable_cores() == 3  # four cores less one busy by the load average


def test_no_mark_falls_back(monkeypatch):
    monkeypatch.setattr(cores, "_mark", None)
    assert cores.free_since_mark(CpuSample(1.0, {0: 5})) is None


def test_cores_coming_or_going_between_readings_falls_back(monkeypatch):
    monkeypatch.setattr(cores, "_mark", CpuSample(1.0, {0: 5, 1: 5}))
    assert cores.free_since_mark(CpuSample(1.5, {0: 50})) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/stat is Linux's")
def test_usable_cores_measures_the_real_machine_after_a_mark(monkeypatch):
    cores.mark()
    monkeypatch.setattr(cores, "MIN_WINDOW", 0.0)
    free = handouts.jobs.pool.usable_cores()
    assert 1 <= free <= handouts.jobs.pool.default_jobs()
