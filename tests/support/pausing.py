"""The handouts command, stopped at a chosen point, for tests that kill it there or run another beside it.

    python -m tests.support.pausing STAGE SIGNALS -- print job.toml --no-cache ...

Runs the real command in this process; when it reaches STAGE it creates
``SIGNALS/ready`` and waits until ``SIGNALS/go`` exists. A test then sends
SIGKILL (a run killed outright, as a power cut or the out-of-memory killer
would) or lets it go on. Nothing is faked but the pause: every temporary is
made by handouts' own code.

Stages:
- ``commit``: a print job with every output written as a temporary beside its
  target (print file, summaries, individual folder), before any is renamed.
- ``swap``: half-way through replacing the individual folder: the last run's
  folder set aside, the new one not yet in its place.
- ``cache``: half-way through writing a cache entry.
- ``render``: in a worker process, once it has rendered a document (the
  parent, holding the render folder, waits for it).
- ``build``: half-way through writing a single handout's PDF.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def pause(signals: Path) -> None:
    (signals / f"ready-{os.getpid()}").touch()
    (signals / "ready").touch()
    while not (signals / "go").exists():
        time.sleep(0.02)


def render_then_pause(spec):
    """Module level, so the worker process is handed it by name."""
    from handouts.jobs.pool import render_document

    result = render_document(spec)
    pause(Path(os.environ["HANDOUTS_TEST_SIGNALS"]))
    return result


def _install(stage: str, signals: Path) -> None:
    import handouts.build
    import handouts.jobs.cache
    import handouts.jobs.render
    import handouts.output

    if stage == "commit":
        real_commit = handouts.output.Staging.commit

        def commit(self):
            pause(signals)
            return real_commit(self)

        handouts.output.Staging.commit = commit
    elif stage == "swap":
        real_replace = os.replace

        def replace(src, dst):
            real_replace(src, dst)
            if ".old." in Path(dst).parent.name:  # the last run's folder has just been set aside
                pause(signals)

        os.replace = replace
    elif stage in ("cache", "build"):

        def halfway(path, data, what="the PDF", **options):
            def write(handle):
                handle.write(data[: len(data) // 2])
                handle.flush()
                pause(signals)
                handle.write(data[len(data) // 2 :])

            return handouts.output.write_atomic_with(path, write, what, **options)

        if stage == "cache":
            handouts.jobs.cache.write_atomic = halfway
        else:
            handouts.build.write_atomic = halfway
    elif stage == "render":
        os.environ["HANDOUTS_TEST_SIGNALS"] = str(signals)  # forked workers inherit it
        handouts.jobs.render.render_document = render_then_pause
    else:
        raise SystemExit(f"unknown stage {stage!r}")


def main() -> None:
    stage, signals, separator, *args = sys.argv[1:]
    assert separator == "--", sys.argv
    _install(stage, Path(signals))
    from handouts.cli import main as cli

    cli.main(args, prog_name="handouts")


if __name__ == "__main__":
    main()
