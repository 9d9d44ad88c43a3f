"""How many cores are free now, measured over the fraction of a second a job spends planning.

The load average is a one-minute mean: for a minute after other work ends it
still counts that work, so a job started then keeps to one core while the
other sits idle, and one started as other work begins takes a core that is
busy. The kernel's idle time per core (``/proc/stat``) over the job's own
planning says what the cores are doing now. `mark` takes the first reading
as a job starts; `free_since_mark` compares it with a second one when the
job decides how many processes to use. Where the counters cannot be read
(not Linux) or the window is too short to mean anything, it answers None
and the caller falls back to the load average.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

STAT = Path("/proc/stat")
MIN_WINDOW = 0.05  # seconds: shorter, the clock-tick counters (usually 100 a second) say too little
MAX_WINDOW = 60.0  # seconds: longer, the load average (a one-minute mean) is as good
FREE_SHARE = 0.6  # a core idle this much of the window counts as free


@dataclass(frozen=True)
class CpuSample:
    """Idle plus I/O-wait clock ticks of each core this process may run on, and when they were read."""

    at: float  # time.monotonic()
    idle: dict[int, int]


_mark: CpuSample | None = None


def sample(stat: Path = STAT) -> CpuSample | None:
    """The idle ticks of every core in this process's affinity; None where /proc/stat cannot be read."""
    try:
        allowed = os.sched_getaffinity(0)
        text = stat.read_text(encoding="ascii")
    except (AttributeError, OSError, UnicodeDecodeError):
        return None
    idle: dict[int, int] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or not name[3:].isdigit() or int(name[3:]) not in allowed:
            continue
        fields = rest.split()
        if len(fields) < 5 or not all(f.isdigit() for f in fields[3:5]):
            return None
        idle[int(name[3:])] = int(fields[3]) + int(fields[4])  # idle, iowait
    return CpuSample(time.monotonic(), idle) if idle else None


def mark() -> None:
    """Take the reading a job's later `free_since_mark` compares with (call as the job starts)."""
    global _mark
    _mark = sample()


def free_since_mark(now: CpuSample | None = None) -> int | None:
    """Cores free for this process since `mark`, counting the one it runs on; None if it cannot tell.

    This process kept one core busy while it planned, so the others' idle
    time is what is free beside it: each core's worth idle at least
    `FREE_SHARE` of the window adds one.
    """
    start = _mark
    now = now or sample()
    if start is None or now is None or start.idle.keys() != now.idle.keys():
        return None
    window = now.at - start.at
    if not MIN_WINDOW <= window <= MAX_WINDOW:
        return None
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    idle_cores = sum(now.idle[cpu] - start.idle[cpu] for cpu in now.idle) / (ticks * window)
    free = 1 + int(max(0.0, idle_cores) + 1 - FREE_SHARE)
    return min(len(now.idle), free)
