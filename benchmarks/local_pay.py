"""Benchmark: a handout with local pay against the same handout without it (budget: within 10%).

    python benchmarks/local_pay.py            # about a minute
    python benchmarks/local_pay.py --runs 60  # more builds per round

A data folder is made as an office makes one, from the test fixtures (the
O*NET draft of nursing assistants; the May 2025 OEWS national, state and
metro extracts and the 2024-34 projections in its store). Then, in one
process, after warm-up builds, the comparison of medical assistants and
nursing assistants is built to bytes (rendered and inspected, as
``handouts build`` does, without the disk write):

- **without**: ``--data`` only (the national BLS figures are added, no area);
- **local pay**: the same with ``--area "Portland-Vancouver"`` (the "Local pay"
  row: the area found in the store, two more wage look-ups per role).

The two alternate in rounds so a busy machine slows both alike; each is the
median of its best round. CPU time is reported beside wall time because the
machine may be shared. No test times anything; this is where speed is measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET = 1.10
ROLES = ["medical-assistant", "nursing-assistants"]


def _round(build, runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        build()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="builds per round (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating the two (default 3)")
    args = parser.parse_args()

    from tests.support.publicdata_kit import public_data_folder

    from handouts.build import Inputs, build_handout_bytes
    from handouts.session import Session

    with tempfile.TemporaryDirectory() as tmp:
        data = public_data_folder(Path(tmp) / "my-data", ("31-1131",))
        session = Session()
        cases = {
            "without": Inputs([data]),
            "local pay": Inputs([data], area="Portland-Vancouver"),
        }
        builds = {
            name: (lambda i=inputs: build_handout_bytes("comparison", ROLES, i, session=session))
            for name, inputs in cases.items()
        }
        for build in builds.values():  # warm: imports, fonts, compiled layout, loaded data
            build()
            build()
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.rounds):
            for name, build in builds.items():
                result = _round(build, args.runs)
                best[name] = min(best.get(name, result), result)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    _, base_cpu = best["without"]
    print(f"comparison of {' and '.join(ROLES)}, {args.runs} builds x {args.rounds} rounds, load {load:.2f}")
    print("| build | wall, median | CPU, median | CPU vs without |")
    print("| --- | --- | --- | --- |")
    for name, (wall, cpu) in best.items():
        print(f"| {name} | {wall * 1000:.1f} ms | {cpu * 1000:.1f} ms | {cpu / base_cpu:.3f} |")
    ratio = best["local pay"][1] / base_cpu
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"local pay costs {ratio - 1:+.1%} CPU per handout: {verdict} the {BUDGET - 1:.0%} budget")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
