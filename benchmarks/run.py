"""Run every benchmark and write docs/performance.md.

    python benchmarks/run.py            # full run (a few minutes; WeasyPrint is most of it)
    python benchmarks/run.py --quick    # fewer repeats, 20 handouts instead of 200: to try the runner

Each measurement runs in a fresh Python process (``--case NAME``) so peak
memory (the process's maximum resident set size) belongs to that route
alone, and one route's caches never help another. Times are medians.
Every route prints the same comparison handout from the same role data
(see content.py); the 200-handout run uses 20 generated role variants
(variants.py) so each handout differs.

Routes: handouts (templating, markup, tagging, render and build-time
inspection), hand-written ReportLab platypus (the floor handouts builds on)
and Jinja2 + WeasyPrint (HTML/CSS; skipped with a note when not installed).

Print jobs: benchmarks/print_job.py runs in its own process after the
others (each of its measurements a whole process of its own); its Markdown
goes into the report under "Print job" and its figures into "Against the
targets": the career-fair job against its hand-written baseline, default
--jobs against --jobs 1, and the roster at 300, 3,000 and 10,000 students.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
PAIR = ["medical-assistant", "medical-administrative-assistant"]
REPORT = ROOT / "docs" / "performance.md"


# -- cases, each run in its own process ---------------------------------------


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page>>") or 1


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _repeat(make, runs: int) -> tuple[list[float], list[float], bytes]:
    """Wall and CPU time of each of ``runs`` builds, after two warm-up builds."""
    make()  # warm: imports, fonts, compiled templates, loaded data
    make()
    times, cpus, pdf = [], [], b""
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        pdf = make()
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return times, cpus, pdf


def _handouts_one():
    from handouts.build import Inputs, brand_for, inspect_handout, render_handout

    def make() -> bytes:
        rendered, info = render_handout("comparison", PAIR)
        problems = inspect_handout(rendered, info, brand_for(Inputs()), "bench.pdf")
        assert not problems, problems
        return rendered.pdf

    return make


def _stages(runs: int) -> dict[str, float]:
    """Median CPU time of each handouts stage for the comparison handout."""
    from handouts.build import Inputs, brand_for, inspect_handout, markup_for
    from handouts.inputs.fonts import load_fonts
    from handouts.paths import display_path
    from handouts.render.document import render

    marks: dict[str, list[float]] = {"templating + markup": [], "render + tagging": [], "inspection": []}
    for i in range(runs + 2):
        t0 = time.process_time()
        made = markup_for("comparison", PAIR)
        t1 = time.process_time()
        rendered = render(
            made.tree, made.brand, load_fonts(made.brand), made.catalog.sources, display_path(made.layout.path)
        )
        t2 = time.process_time()
        inspect_handout(rendered, made.layout, brand_for(Inputs()), "bench.pdf")
        t3 = time.process_time()
        if i >= 2:
            for key, value in zip(marks, (t1 - t0, t2 - t1, t3 - t2), strict=True):
                value_list = marks[key]
                value_list.append(value)
    return {k: statistics.median(v) for k, v in marks.items()}


def _baseline_one(module_name: str):
    module = __import__(module_name)
    from content import comparison

    # The data loader alone: importing handouts.build would install handouts' own ReportLab settings
    # and speed-ups (render.document.lock_down_reportlab) into the baseline's process.
    from handouts.inputs.roles import load_catalog

    catalog = load_catalog([])
    roles = [catalog.roles[r] for r in PAIR]

    def make() -> bytes:
        return module.build_pdf(comparison(roles, catalog.sources))

    return make


def _batch(route: str, count: int, data: Path) -> tuple[float, float, int, int]:
    from variants import pairs

    from handouts.inputs.roles import load_catalog  # not handouts.build, for the baselines: see `_baseline_one`

    catalog = load_catalog([data])
    chosen = pairs(sorted(catalog.roles), count)
    if route == "handouts":
        from handouts.build import Inputs, brand_for, inspect_handout, render_handout

        inputs = Inputs(data=[data])

        def make(pair):
            rendered, info = render_handout("comparison", list(pair), inputs)
            inspect_handout(rendered, info, brand_for(inputs), "bench.pdf")
            return rendered.pdf
    else:
        from content import comparison

        module = __import__(f"{route}_comparison")

        def make(pair):
            return module.build_pdf(comparison([catalog.roles[r] for r in pair], catalog.sources))

    make(chosen[0])  # warm
    pages = size = 0
    start, cpu = time.perf_counter(), time.process_time()
    for pair in chosen:
        pdf = make(pair)
        pages += _pages(pdf)
        size += len(pdf)
    return time.perf_counter() - start, time.process_time() - cpu, pages, size


def run_case(name: str, quick: bool, data: str | None) -> dict:
    runs = 5 if quick else 30
    if name == "warm-handouts":
        times, cpus, pdf = _repeat(_handouts_one(), runs)
        extra = {"stages": _stages(5 if quick else 20)}
    elif name in ("warm-platypus", "warm-weasyprint"):
        route = name.split("-")[1]
        count = runs if route == "platypus" else max(3, runs // 3)
        times, cpus, pdf = _repeat(_baseline_one(f"{route}_comparison"), count)
        extra = {}
    elif name.startswith("builds-"):  # for `_instructions`: only the builds, nothing timed
        _, route, count = name.split("-")
        make = _handouts_one() if route == "handouts" else _baseline_one(f"{route}_comparison")
        for _ in range(int(count)):
            make()
        return {"builds": int(count)}
    elif name.startswith("batch-"):
        route = name.split("-")[1]
        count = 20 if quick else 200
        seconds, cpu, pages, size = _batch(route, count, Path(data or "."))
        return {
            "seconds": seconds,
            "cpu": cpu,
            "pages": pages,
            "bytes": size // count,
            "peak_kb": _peak_kb(),
            "count": count,
        }
    else:
        raise SystemExit(f"unknown case {name}")
    return {
        "seconds": statistics.median(times),
        "cpu": statistics.median(cpus),
        "pages": _pages(pdf),
        "bytes": len(pdf),
        "peak_kb": _peak_kb(),
        "runs": len(times),
        **extra,
    }


# -- the parent: run cases, cold starts, the report ------------------------------


def _child(case: str, quick: bool, data: Path | None = None) -> dict:
    cmd = [sys.executable, str(Path(__file__)), "--case", case] + (["--quick"] if quick else [])
    if data:
        cmd += ["--data", str(data)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _cold(cmd: list[str], runs: int, out: Path) -> dict:
    """Wall time, CPU time and peak memory of a fresh process that writes one handout (median of ``runs``)."""
    times, cpus, peaks = [], [], []
    for _ in range(runs):
        out.unlink(missing_ok=True)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=out.parent)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
        times.append(elapsed)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss)
    pdf = out.read_bytes()
    return {
        "seconds": statistics.median(times),
        "cpu": statistics.median(cpus),
        "pages": _pages(pdf),
        "bytes": len(pdf),
        "peak_kb": max(peaks),
    }


def _instructions(route: str) -> float | None:
    """Instructions one warm build of ``route`` executes, counted by valgrind's callgrind; None without valgrind.

    A count, not a time: the same for the same code and inputs whatever else
    the machine is doing, so a change's effect shows even on a busy machine.
    One process builds once, another six times; the difference over five is
    one warm build, without imports, loading and the first build's compiling.
    """
    if not shutil.which("valgrind"):
        return None
    counts = []
    for builds in (1, 6):
        cmd = [sys.executable, str(Path(__file__)), "--case", f"builds-{route}-{builds}"]
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        found = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
        if proc.returncode != 0 or found is None:
            print(f"callgrind failed for {route}: {proc.stderr[-500:]}", file=sys.stderr)
            return None
        counts.append(int(found.group(1)))
    return (counts[1] - counts[0]) / 5


def _compile_bytecode() -> None:
    """Compile handouts and the benchmark scripts to bytecode, as installing a package does.

    A cold start should not include compiling Python source: pip writes
    bytecode when it installs a wheel, but an editable install only caches
    it on first import, and not at all where PYTHONDONTWRITEBYTECODE is set
    (it is on some machines; compiling handouts' own modules then costs about
    60 ms of every cold start). Every route's cold start runs with it.

    It also writes the tables of our dataclasses' generated methods
    (handouts.dataclasscode) and of the regular expressions' engine code
    (handouts.regexcode) that a user's first runs write and every later run
    reads: here by importing every module of handouts in a child process,
    twice, and saving the tables even where PYTHONDONTWRITEBYTECODE is set,
    as compileall writes bytecode there.
    """
    import compileall

    import handouts

    for folder in (Path(handouts.__file__).parent, HERE):
        compileall.compile_dir(str(folder), quiet=1)
    code = (
        "import importlib, pkgutil, handouts\n"
        "for module in pkgutil.walk_packages(handouts.__path__, 'handouts.'):\n"
        "    if not module.name.endswith('__main__'):  # that one runs the command line\n"
        "        importlib.import_module(module.name)\n"
        "from handouts import dataclasscode, regexcode\n"
        "dataclasscode.save(force=True)\n"
        "regexcode.save(force=True)\n"
    )
    for _ in range(2):  # a regular expression's code is kept from the second process that compiles it on
        subprocess.run([sys.executable, "-c", code], check=True)


def _weasyprint() -> bool:
    """Whether WeasyPrint imports, asked of a child process.

    Importing it here would grow this process to about 57 MB, and every
    child it starts would then report at least that as its peak memory
    (a forked child's maximum resident size counts the parent's pages it
    started with).
    """
    code = "import sys; sys.path.insert(0, sys.argv[1]); from weasyprint_comparison import available; " + (
        "sys.exit(0 if available() else 1)"
    )
    return subprocess.run([sys.executable, "-c", code, str(HERE)], capture_output=True).returncode == 0


def _print_job(quick: bool, folder: Path) -> tuple[dict, str]:
    """benchmarks/print_job.py in its own process: its figures (JSON) and its Markdown section."""
    figures_file = folder / "print_job.json"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import print_job; "
        "print_job.main(['--json', sys.argv[2]] + (['--rounds', '1', '--no-scaling'] if sys.argv[3] == '1' else []))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(HERE), str(figures_file), "1" if quick else "0"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        return {}, f"`benchmarks/print_job.py` failed:\n\n```\n{proc.stderr[-2000:]}\n```"
    return json.loads(figures_file.read_text()), proc.stdout.strip()


def _duration(seconds: float, count: int = 1) -> str:
    text = f"{seconds * 1000:.1f} ms" if seconds < 2 else f"{seconds:.2f} s"
    return text + (f" ({seconds / count * 1000:.1f} ms each)" if count > 1 else "")


def _row(bench: str, route: str, r: dict, floor: float | None, count: int = 1) -> str:
    cpu = r["cpu"]
    ratio = f"{cpu / floor:.2f}x" if floor else "1.00x"
    pages_s = r["pages"] / cpu if cpu else 0
    return (
        f"| {bench} | {route} | {_duration(cpu, count)} | {_duration(r['seconds'], count)} | {ratio} "
        f"| {pages_s:.0f} | {r['peak_kb'] / 1024:.0f} MB | {r['bytes'] / 1024:.0f} KB |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data")
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.quick, args.data)))
        return
    quick = args.quick
    weasy = _weasyprint()
    routes = ["handouts", "platypus"] + (["weasyprint"] if weasy else [])
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        from variants import write_variants

        data = write_variants(tmp_path / "variants")
        load_before = os.getloadavg()[0]
        # Rounds alternate the routes, and each keeps its best round: other work on the machine
        # then slows every route alike instead of whichever happened to run during it.
        for round_ in range(1 if quick else 3):
            for route in routes:
                print(f"warm {route}, round {round_ + 1} ...", file=sys.stderr)
                result = _child(f"warm-{route}", quick)
                best = results.get(f"warm-{route}")
                if best is None or result["cpu"] < best["cpu"]:
                    results[f"warm-{route}"] = result
        _compile_bytecode()
        handouts_cli = shutil.which("handouts") or str(Path(sys.executable).parent / "handouts")
        colds = {
            "handouts": [handouts_cli, "build", "comparison", *PAIR, "-o", str(tmp_path / "cold.pdf")],
            "platypus": [sys.executable, str(HERE / "platypus_comparison.py"), str(tmp_path / "cold.pdf")],
            "weasyprint": [sys.executable, str(HERE / "weasyprint_comparison.py"), str(tmp_path / "cold.pdf")],
        }
        cold_runs: dict[str, list[dict]] = {route: [] for route in routes}
        for _ in range(3 if quick else 9):  # interleaved, for the same reason
            for route in routes:
                cold_runs[route].append(_cold(colds[route], 1, tmp_path / "cold.pdf"))
        for route in routes:
            runs = cold_runs[route]
            results[f"cold-{route}"] = {
                **runs[0],
                "seconds": statistics.median(r["seconds"] for r in runs),
                "cpu": statistics.median(r["cpu"] for r in runs),
                "peak_kb": max(r["peak_kb"] for r in runs),
            }
        print("cold starts done", file=sys.stderr)
        for route in routes:
            print(f"batch {route} ...", file=sys.stderr)
            results[f"batch-{route}"] = _child(f"batch-{route}", quick, data)
        if not quick:  # about a minute under valgrind
            print("instructions per build (callgrind) ...", file=sys.stderr)
            results["instructions"] = {route: _instructions(route) for route in ("handouts", "platypus")}
        print("print job ...", file=sys.stderr)
        job, job_text = _print_job(quick, tmp_path)
        load = (load_before, os.getloadavg()[0])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(results, routes, weasy, quick, job, job_text, load))
    print(f"wrote {args.out}", file=sys.stderr)


def report(
    results: dict,
    routes: list[str],
    weasy: bool,
    quick: bool,
    job: dict,
    job_text: str,
    load: tuple[float, float],
) -> str:
    import reportlab

    count = results["batch-handouts"]["count"]
    lines = [
        "# Performance",
        "",
        "Written by `python benchmarks/run.py`" + (" --quick" if quick else "") + "; do not edit by hand.",
        f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, "
        f"ReportLab {reportlab.Version}" + (f", WeasyPrint {_weasy_version()}" if weasy else "") + "; "
        f"load average {load[0]:.1f} at the start and {load[1]:.1f} at the end (other work on the machine "
        "slows every route; warm figures are each route's best of three alternating rounds, cold ones interleaved).",
        "",
        "Every route prints the same two-page comparison handout (Medical Assistant vs Medical Administrative "
        "Assistant) from the same role data; see `benchmarks/README.md`, which also lists what the baselines leave "
        "out of that page (the citation marks' links, tagging, every check). Times are medians. *CPU* is the processor "
        "time the work took, which other programs on the machine do not inflate; *wall* is the clock time, which "
        "they do (on an idle machine the two agree within a few percent). *vs platypus* and pages/s use CPU time; "
        "*vs platypus* divides by hand-written platypus on the same document in the same run. Peak memory is the "
        "process's maximum resident set size (Python itself is about 10 MB of it).",
        "",
        "| benchmark | route | CPU | wall | vs platypus | pages/s | peak memory | PDF size |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    names = {"warm": "one handout, warm (in process)", "cold": "one handout, cold (fresh process, CLI)"}
    for kind in ("warm", "cold"):
        floor = results[f"{kind}-platypus"]["cpu"]
        for route in routes:
            lines.append(_row(names[kind], route, results[f"{kind}-{route}"], floor))
    floor = results["batch-platypus"]["cpu"]
    for route in routes:
        lines.append(_row(f"{count} different handouts, one process", route, results[f"batch-{route}"], floor, count))
    warm = results["warm-handouts"]["cpu"]
    cold = results["cold-handouts"]
    lines += ["", "## Against the targets", ""]
    lines.append(
        f"- Full pipeline warm (templating, markup, tagging, render, inspection): {warm * 1000:.1f} ms CPU, "
        f"**{warm / results['warm-platypus']['cpu']:.2f}x** hand-written platypus (target: at most 1.5x)."
    )
    counted = results.get("instructions", {})
    if counted.get("handouts") and counted.get("platypus"):
        lines.append(
            f"- The same warm build counted in instructions (valgrind's callgrind, which other work on the machine "
            f"does not change): {counted['handouts'] / 1e6:.1f} M against {counted['platypus'] / 1e6:.1f} M for "
            f"platypus, **{counted['handouts'] / counted['platypus']:.2f}x**."
        )
    if weasy:
        lines.append(
            f"- WeasyPrint takes **{results['warm-weasyprint']['cpu'] / warm:.1f}x** as long warm, "
            f"{results['batch-weasyprint']['cpu'] / results['batch-handouts']['cpu']:.1f}x over "
            f"{count} handouts and {results['cold-weasyprint']['cpu'] / cold['cpu']:.1f}x cold "
            "(target: handouts at least 15x faster warm)."
        )
        floor = results["warm-weasyprint"]["cpu"] / results["warm-platypus"]["cpu"]
        verdict = "it is." if floor >= 19.5 else f"a pipeline at 1.3x platypus would be {floor / 1.3:.1f}x faster."
        lines.append(
            f"- WeasyPrint takes {floor:.1f}x as long as hand-written platypus here, so the two warm targets "
            f"can both be met only where that is at least 19.5x (15 x 1.3): {verdict}"
        )
    else:
        lines.append(
            "- WeasyPrint is not installed here, so the HTML/CSS route was skipped (`pip install weasyprint`)."
        )
    lines.append(
        f"- `handouts build` cold, from starting the process to a finished, inspected PDF on disk: "
        f"**{cold['cpu']:.3f} s CPU**, {cold['seconds']:.3f} s wall at this load (target: under 0.25 s); "
        f"hand-written platypus cold: {results['cold-platypus']['cpu']:.3f} s CPU. Python bytecode is compiled "
        "beforehand, as installing a package does, and the table of our dataclasses' generated methods "
        "(handouts.dataclasscode) is written as a first run writes it (see `_compile_bytecode` in the runner)."
    )
    lines += _job_targets(job)
    stages = results["warm-handouts"].get("stages", {})
    if stages:
        lines += ["", "Where the warm handouts time goes (median CPU ms):", ""]
        lines += [f"- {name}: {value * 1000:.1f}" for name, value in stages.items()]
    lines += ["", "## Print job", "", job_text or "(no output)", ""]
    return "\n".join(lines)


def _job_targets(job: dict) -> list[str]:
    """The print job's lines under "Against the targets" (see print_job.py for how each is measured)."""
    if not job:
        return []
    against = job["against"]
    ratio, versus = against["per_page_ratio"]["default"], against["default_vs_jobs1"]
    lines = [
        f"- Career-fair print job, default settings: **{ratio['wall']:.1f}x** faster per page than every document "
        f"by hand-written platypus merged with pikepdf, in wall time (the job's clock time, start to exit, as "
        f"the target counts it; {ratio['cpu']:.1f}x in CPU time), whole processes in the same run "
        "(target: at least 15x).",
        f"- Default `--jobs` against `--jobs 1`: {versus['cpu']:.2f}x the CPU time, {versus['wall']:.2f}x the wall "
        "time (target: never slower, at most 1.00x).",
    ]
    scaling = {row["students"]: row for row in job["scaling"]}
    if 10_000 in scaling:
        big = scaling[10_000]
        work = big["plan"] + big["render"] + big["write"]
        small = scaling[300]
        per = (big["cpu"] - small["cpu"]) / (10_000 - 300) * 1000
        lines.append(
            f"- 10,000 students: {big['cpu']:.2f} s CPU ({per:.2f} ms for each student past the first 300), peak "
            f"memory **{big['peak_mb']:.0f} MB** (target: under 300 MB), the write phase {big['write'] / work:.0%} "
            "of plan, render and write (target: under half)."
        )
    return lines


def _weasy_version() -> str:
    import weasyprint

    return weasyprint.__version__


if __name__ == "__main__":
    main()
