"""Benchmark: the career-fair print job against rendering every document by hand and merging them.

    python benchmarks/print_job.py                  # everything, a few minutes
    python benchmarks/print_job.py --rounds 1 --no-scaling

The job is examples/career-fair/job.toml: 12 handouts x 40 copies and one
personalised checklist for each of 300 students (780 documents, 1,588 pages in
the print file). Every figure is a whole process, started fresh, measured by
the operating system when it ends (``os.wait4``: CPU time of the process and
its worker processes, wall time, the largest resident set size):

- **against the baseline**: ``handouts print`` with default settings, with
  ``--jobs 1``, and the baseline (`print_job_baseline`: every one of the 780
  documents rendered by hand-written platypus, then merged into one file with
  pikepdf, blank backs added for duplex), in turn, for ``--rounds`` rounds; each
  ratio is per page of the print file (1,588 pages against the baseline's
  1,560), the median of the rounds' ratios, so the machine's other load slows
  both sides of each one alike;
- an unchanged job run again (the cache filled);
- **scaling**: the roster at 300, 3,000 and 10,000 students (default
  settings), with the CPU time each phase took (plan, render, write; the
  render phase's includes its worker processes, if the job started any) and
  the peak memory.

`main()` prints a Markdown section and returns the figures (``--json FILE``
writes them too); `benchmarks/run.py` puts both in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "career-fair"
ROSTERS = (300, 3_000, 10_000)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of handouts against the baseline (medians)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 3,000 and 10,000-student rosters")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args([] if argv is None else argv)  # called by run.py: its own argv is not ours
    if args.child:
        print(json.dumps(_phases(json.loads(args.child))))
        return {}
    if os.environ.get("HANDOUTS_BENCH_QUICK") == "1":
        args.rounds, args.no_scaling = 1, True
    figures = {
        "cpus": _cpus(),
        "load_start": os.getloadavg()[0],
        "against": _against_baseline(args.rounds),
        "cached": _cached(),
        "scaling": _scaling((300,) if args.no_scaling else ROSTERS),
    }
    figures["load_end"] = os.getloadavg()[0]
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


# -- whole processes ---------------------------------------------------------------


def _run(cmd: list[str], cwd: Path) -> dict:
    """Run ``cmd`` to its end: wall, CPU (with its workers) and peak memory, as the system counted them."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024),  # macOS counts bytes
        "stdout": out.decode(errors="replace"),
    }


def _job_folder(folder: Path, students: int = 300) -> Path:
    """The example job in ``folder``, its brand named by absolute path, with a roster of ``students`` rows."""
    text = (EXAMPLE / "job.toml").read_text(encoding="utf-8")
    brand = json.dumps((ROOT / "examples" / "brands" / "lakeside-high").as_posix())
    text = text.replace('"../brands/lakeside-high"', brand)
    rows = (EXAMPLE / "students.csv").read_text(encoding="utf-8-sig").splitlines()
    body = [rows[1 + i % (len(rows) - 1)] for i in range(students)]
    (folder / "students.csv").write_text("\n".join([rows[0], *body]) + "\n", encoding="utf-8")
    path = folder / "job.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _handouts(folder: Path, *options: str) -> dict:
    """``handouts print`` on the job in ``folder`` (cache and all beside its print file)."""
    out = folder / "out" / "fair.pdf"
    cmd = [sys.executable, "-m", "handouts", "print", str(folder / "job.toml"), "-o", str(out), "-q", *options]
    figures = _run(cmd, folder)
    return {**figures, "pages": _pages(out), "bytes": out.stat().st_size}


def _baseline(folder: Path) -> dict:
    out = folder / "baseline.pdf"
    figures = _run([sys.executable, str(HERE / "print_job_baseline.py"), str(folder / "job.toml"), str(out)], folder)
    return {**figures, "pages": _pages(out), "bytes": out.stat().st_size}


def _against_baseline(rounds: int) -> dict:
    """Default settings, --jobs 1 and the baseline in turn; each in a fresh folder (an empty cache)."""
    runs: dict[str, list[dict]] = {"default": [], "jobs1": [], "baseline": []}
    # Warm-up runs, not counted (as hyperfine's --warmup): the file cache, and what a user's first runs of
    # handouts leave in its __pycache__ for every later run, as Python's bytecode (the tables of compiled
    # dataclass methods and regular expressions; a pattern is kept from its second run on, see regexcode).
    # Under PYTHONDONTWRITEBYTECODE those tables are never written, by these runs or a user's.
    print("warming up ...", file=sys.stderr, flush=True)
    for name in ("default", "default", "baseline"):
        with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
            folder = Path(tmp)
            _job_folder(folder)
            if name == "baseline":
                _baseline(folder)
            else:
                _handouts(folder)
    for number in range(rounds):
        for name in runs:
            print(f"round {number + 1}: {name} ...", file=sys.stderr, flush=True)
            with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
                folder = Path(tmp)
                _job_folder(folder)
                if name == "baseline":
                    runs[name].append(_baseline(folder))
                else:
                    runs[name].append(_handouts(folder, *(["--jobs", "1"] if name == "jobs1" else [])))
    for figures in runs.values():
        for run in figures:
            run.pop("stdout", None)
    ratios: dict[str, dict[str, float]] = {}
    for name in ("default", "jobs1"):
        ratios[name] = {
            measure: statistics.median(
                (base[measure] / base["pages"]) / (ours[measure] / ours["pages"])
                for ours, base in zip(runs[name], runs["baseline"], strict=True)
            )
            for measure in ("cpu", "wall")
        }
    default_vs_one = {
        measure: statistics.median(
            d[measure] / one[measure] for d, one in zip(runs["default"], runs["jobs1"], strict=True)
        )
        for measure in ("cpu", "wall")
    }
    return {"runs": runs, "per_page_ratio": ratios, "default_vs_jobs1": default_vs_one}


def _cached() -> dict:
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        folder = Path(tmp)
        _job_folder(folder)
        _handouts(folder)  # fills the cache
        figures = _handouts(folder)
        figures.pop("stdout", None)
        return figures


def _scaling(rosters: tuple[int, ...]) -> list[dict]:
    """Each roster size in a fresh process with default settings: whole-process figures and the phase split."""
    rows = []
    for students in rosters:
        print(f"roster of {students:,} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
            folder = Path(tmp)
            _job_folder(folder, students)
            config = json.dumps({"folder": str(folder)})
            figures = _run([sys.executable, str(Path(__file__).resolve()), "--child", config], folder)
            phases = json.loads(figures.pop("stdout").strip().splitlines()[-1])
            rows.append({"students": students, **figures, **phases})
    return rows


def _phases(config: dict) -> dict:
    """In the child: run the job with default settings, timing imports and each phase (CPU, with any workers).

    The child is the command's process as ``handouts print`` runs it: its modules are loaded by the command
    line's `preload` (collector paused, then frozen), so phases and the whole process match the command.
    """
    start = time.process_time()
    from handouts.cli.main import own_process, preload

    own_process()
    preload("handouts.jobs.batch")
    from handouts.jobs import batch
    from handouts.session import Session

    imported = time.process_time()
    spent: dict[str, float] = {}

    def timed(name: str, label: str) -> None:
        real = getattr(batch, name)

        def wrapper(*args, **kwargs):
            begin = _cpu_with_workers()
            try:
                return real(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + _cpu_with_workers() - begin

        setattr(batch, name, wrapper)

    timed("plan_job", "plan")
    timed("render_items", "render")
    timed("_write", "write")
    folder = Path(config["folder"])
    result = batch.run_job(folder / "job.toml", output=folder / "out" / "fair.pdf", session=Session())
    return {
        "imports": imported - start,
        **spent,
        "pages": result.summary.pages,
        "bytes": result.path.stat().st_size,
        "tasks": result.stats.rendered,
    }


def _cpu_with_workers() -> float:
    """CPU time of this process and of the worker processes it has ended (a job's pool ends with its render)."""
    import resource

    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + workers.ru_utime + workers.ru_stime


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# -- the report ------------------------------------------------------------------


def report(figures: dict) -> str:
    against = figures["against"]
    runs = against["runs"]
    rounds = len(runs["baseline"])

    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[name])

    lines = [
        f"Career-fair print job (`examples/career-fair/job.toml`), {figures['cpus']} CPUs, load average "
        f"{figures['load_start']:.1f} at the start and {figures['load_end']:.1f} at the end. Whole processes "
        f"from start to exit; medians of {rounds} rounds in turn; ratios per page of the print file, the median "
        "of each round's ratio.",
        "",
        "| run | pages | CPU (s) | wall (s) | peak memory (MB) | file (KB) | baseline / this per page: CPU, wall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = {
        "default": "`handouts print` (default settings, empty cache)",
        "jobs1": "`handouts print --jobs 1` (empty cache)",
        "baseline": "baseline: each document by hand-written platypus, merged with pikepdf",
    }
    for name, label in names.items():
        ratio = against["per_page_ratio"].get(name)
        shown = f"**{ratio['cpu']:.1f}x**, {ratio['wall']:.1f}x" if ratio else ""
        lines.append(
            f"| {label} | {runs[name][0]['pages']:,} | {median(name, 'cpu'):.2f} | {median(name, 'wall'):.2f} "
            f"| {median(name, 'peak_mb'):.0f} | {median(name, 'bytes') / 1024:,.0f} | {shown} |"
        )
    cached = figures["cached"]
    lines.append(
        f"| `handouts print`, unchanged job again (cache filled) | {cached['pages']:,} | {cached['cpu']:.2f} "
        f"| {cached['wall']:.2f} | {cached['peak_mb']:.0f} | {cached['bytes'] / 1024:,.0f} | |"
    )
    versus = against["default_vs_jobs1"]
    lines += [
        "",
        f"Default settings against `--jobs 1`: {versus['cpu']:.2f}x the CPU time and {versus['wall']:.2f}x the wall "
        "time (median of the rounds' ratios; below 1 is faster).",
        "",
        "Scaling with the roster (default settings; each phase's CPU time, a render phase's with its worker "
        "processes):",
        "",
        "| students | print file pages | CPU (s) | wall (s) | per student (ms CPU) | imports | plan | render | write "
        "| write share | peak memory (MB) | file (KB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in figures["scaling"]:
        work = row["plan"] + row["render"] + row["write"]
        lines.append(
            f"| {row['students']:,} | {row['pages']:,} | {row['cpu']:.2f} | {row['wall']:.2f} "
            f"| {row['cpu'] / row['students'] * 1000:.2f} | {row['imports']:.2f} | {row['plan']:.2f} "
            f"| {row['render']:.2f} | {row['write']:.2f} | {row['write'] / work:.0%} | {row['peak_mb']:.0f} "
            f"| {row['bytes'] / 1024:,.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
