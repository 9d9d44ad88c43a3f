"""Benchmark: the career-fair print job against rendering every document by hand.

    python benchmarks/print_job.py                 # everything, about a minute
    python benchmarks/print_job.py --no-baseline   # only handouts' own runs

The job is examples/career-fair/job.toml: 12 handouts x 40 copies and one
personalised checklist for each of 300 students, about 1,600 pages. Each run
happens in a fresh Python process (so imports, worker start-up and memory are
counted honestly) and reports:

- wall time of the whole process and time inside `run_job`; pages per second;
- the peak memory (RSS) of the main process and of the largest worker;
- the print file's size;
- ``--jobs 1`` against ``--jobs 2`` with an empty cache, a re-run with the
  cache filled, and the roster grown tenfold (3,000 students) to show that
  memory stays bounded as the roster grows;
- the baseline, measured in the same run: every one of the job's 780
  documents rendered separately with hand-written platypus
  (`print_job_baseline`), in one process as a plain script would.

`main()` prints a Markdown table and returns the rows in the shape
`benchmarks/run.py` puts in docs/performance.md (``HANDOUTS_BENCH_QUICK=1``
runs each measurement once and skips the large roster); ``--json FILE``
also writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "career-fair"


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baseline", action="store_true", help="skip the hand-written platypus baseline")
    parser.add_argument("--scale", type=int, default=10, help="roster multiple for the memory run (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each handouts measurement; the median is shown")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args([] if argv is None else argv)  # called by run.py: its own argv is not ours
    if args.child:
        print(json.dumps(_child(json.loads(args.child))))
        return []
    if os.environ.get("HANDOUTS_BENCH_QUICK") == "1":
        args.repeat, args.scale = 1, 0
    runs = [
        ("handouts --jobs 1, empty cache", {"kind": "job", "jobs": 1}, args.repeat),
        ("handouts --jobs 2, empty cache", {"kind": "job", "jobs": 2}, args.repeat),
        ("handouts --jobs 2, unchanged job again", {"kind": "job", "jobs": 2, "warm": True}, args.repeat),
    ]
    if args.scale:
        label = f"handouts --jobs 2, roster x{args.scale} ({300 * args.scale:,} students)"
        runs.append((label, {"kind": "job", "jobs": 2, "scale": args.scale}, 1))
    if not args.no_baseline:
        runs.append(("baseline: every document by hand-written platypus, 1 process", {"kind": "baseline"}, 1))
    results = []
    for label, config, repeat in runs:
        print(f"running: {label} ...", file=sys.stderr, flush=True)
        samples = [_measure(config) for _ in range(max(1, repeat))]
        median = sorted(samples, key=lambda s: s["wall"])[len(samples) // 2]
        results.append({"run": label, "samples": [round(s["wall"], 3) for s in samples], **median})
    _print_table(results)
    if args.json:
        args.json.write_text(json.dumps({"cpus": _cpus(), "results": results}, indent=2) + "\n")
    return [
        {
            "benchmark": f"print job: career fair, {r['documents']} documents",
            "route": r["run"],
            "seconds": r["wall"],
            "pages": r["pages"],
            "peak_kb": max(r["rss_main"], r["rss_worker"]) // 1024,
            "bytes": r["bytes"],
        }
        for r in results
    ]


def _measure(config: dict) -> dict:
    """One run in a fresh process; a warm run first fills the cache in another process, untimed."""
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        config = {**config, "folder": tmp}
        if config.get("warm"):
            _child_process(config)
        start, cpu = time.perf_counter(), _children_cpu()
        figures = _child_process(config)
        figures["wall"] = time.perf_counter() - start
        figures["cpu"] = _children_cpu() - cpu  # the process and its workers: not inflated by other load
        return figures


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child_process(config: dict) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(config)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _child(config: dict) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    if config["kind"] == "baseline":
        return _baseline()
    from handouts.jobs.batch import run_job

    folder = Path(config["folder"])
    manifest = _manifest(folder, config.get("scale", 1))
    target = folder / "out" / "career-fair.pdf"
    start = time.perf_counter()
    result = run_job(manifest, output=target, jobs=config["jobs"])
    seconds = time.perf_counter() - start
    items = [r for r in result.summary.rows if r.item.isdigit()]
    return {
        "seconds": seconds,
        "pages": sum(r.documents * r.copies * r.pages_each for r in items),
        "file_pages": result.summary.pages,
        "documents": sum(r.documents * r.copies for r in items),
        "rendered": result.stats.rendered,
        "bytes": target.stat().st_size,
        **_memory(),
    }


def _manifest(folder: Path, scale: int) -> Path:
    """The example job, pointed at its brand by absolute path, with the roster repeated ``scale`` times."""
    text = (EXAMPLE / "job.toml").read_text(encoding="utf-8")
    text = text.replace(
        '"../brands/lakeside-high"', json.dumps((ROOT / "examples" / "brands" / "lakeside-high").as_posix())
    )
    roster = (EXAMPLE / "students.csv").read_text(encoding="utf-8-sig").splitlines()
    (folder / "students.csv").write_text("\n".join([roster[0], *roster[1:] * scale]) + "\n", encoding="utf-8")
    path = folder / "job.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _memory() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux kilobytes
    return {"rss_main": own * scale, "rss_worker": workers * scale}


def _baseline() -> dict:
    """Every document of the job rendered on its own with plain platypus: 12 x 40 copies + 300 students."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import print_job_baseline as baseline

    from handouts.build import Inputs, catalog_for
    from handouts.jobs.manifest import load_manifest
    from handouts.jobs.roster import read_roster

    catalog = catalog_for(Inputs())
    baseline.setup()
    loaded, _ = load_manifest(EXAMPLE / "job.toml")
    work = []
    for item in loaded.manifest.items:
        roles = [catalog.roles[r] for r in item.roles]
        if item.layout == "comparison":
            work += [lambda roles=roles: baseline.comparison(roles, catalog.sources)] * item.copies
        elif item.layout == "pathway":
            work += [lambda role=roles[0]: baseline.pathway(role)] * item.copies
        elif item.roster is None:
            work += [lambda role=roles[0]: baseline.checklist(role)] * item.copies
        else:
            roster, _ = read_roster(loaded.resolve(item.roster), dict(item.fields), {})
            for student in roster.students:
                values = dict(student.values)
                work.append(
                    lambda role=roles[0], v=values: baseline.checklist(
                        role, v["student"], v.get("adviser", ""), "April 2026"
                    )
                )
    start = time.perf_counter()
    pages = 0
    size = 0
    for render in work:
        pdf = render()
        pages += pdf.count(b"/Type /Page\n")
        size += len(pdf)
    seconds = time.perf_counter() - start
    figures = {"seconds": seconds, "pages": pages, "file_pages": pages, "documents": len(work), "rendered": len(work)}
    return {**figures, "bytes": size, **_memory()}


def _print_table(results: list[dict]) -> None:
    base = next((r for r in results if r["run"].startswith("baseline")), None)
    print(
        f"\nCareer-fair print job, {results[0]['documents']} documents, "
        f"{results[0]['pages']:,} pages of handouts, {_cpus()} cores\n"
    )
    print(
        "| run | wall, whole process (s) | CPU, process and workers (s) | in run_job, wall (s) | pages/s "
        "| render tasks run | peak RSS main / worker (MB) | output (KB) | baseline / this: wall, CPU |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        ratio = f"{base['wall'] / r['wall']:.1f}x, {base['cpu'] / r['cpu']:.1f}x" if base and r is not base else ""
        output = f"{r['bytes'] / 1024:,.0f}" + (" (in 780 files)" if r is base else f" ({r['file_pages']:,} pages)")
        print(
            f"| {r['run']} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['seconds']:.2f} | {r['pages'] / r['wall']:,.0f} "
            f"| {r['rendered']} | {r['rss_main'] / 2**20:.0f} / {r['rss_worker'] / 2**20:.0f} | {output} | {ratio} |"
        )
    print(
        "\nWall time counts Python's start and imports; other programs on the machine inflate it, not the CPU time. "
        "pages/s: pages of handouts (blank backs and separator sheets not counted) per second of wall time."
    )
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0,)
    print(f"Load average at the end: {load[0]:.1f}.")


if __name__ == "__main__":
    main(sys.argv[1:])
