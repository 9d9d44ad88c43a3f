"""Work a print job no longer does changes nothing printed: slots from two probe renders, bounded memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pytest

import handouts.jobs.pool
from handouts.jobs.batch import run_job
from handouts.jobs.overlay import NotOverlayable
from tests.conftest import ROOT


def test_slots_guessed_from_the_short_probe_print_what_comparing_with_the_long_probe_prints(job, monkeypatch):
    """The usual two renders (short probe, then wide) and the three of the long way give the same print file."""
    usual = run_job(job / "job.toml", output=job.parent / "a" / "fair.pdf", cache=False, jobs=1)
    renders: list[dict] = []
    real = handouts.jobs.pool.render_document

    def counting(spec, tagged=False):
        renders.append(dict(spec.options))
        return real(spec, tagged)

    def no_guess(*args, **kwargs):
        raise NotOverlayable("forced: the long way")

    monkeypatch.setattr(handouts.jobs.pool, "render_document", counting)
    monkeypatch.setattr(handouts.jobs.pool, "probe_slots", no_guess)
    long_way = run_job(job / "job.toml", output=job.parent / "b" / "fair.pdf", cache=False, jobs=1)
    assert usual.path.read_bytes() == long_way.path.read_bytes()
    firsts = sorted({options.get("student", "")[:2] for options in renders})
    assert firsts == ["Qé", "Wö"]  # the long way: the short probe, then the long one and the wide one


def test_the_print_file_draws_squares_where_individual_pdfs_have_fillable_boxes(job):
    result = run_job(job / "job.toml", output=job.parent / "out" / "fair.pdf", individual=True, jobs=1)
    with pikepdf.open(result.path) as pdf:
        assert "/AcroForm" not in pdf.Root
        assert not any("/Annots" in page.obj for page in pdf.pages)
    own = sorted(result.individual.rglob("*.pdf"))
    with pikepdf.open(own[-1]) as pdf:
        assert "/AcroForm" in pdf.Root and any("/Annots" in page.obj for page in pdf.pages)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads the peak from /proc (Linux)")
def test_a_roster_of_3000_students_prints_in_bounded_memory(tmp_path):
    """A generous bound (the whole process, in a subprocess of its own): it is about 90 MB today.

    The peak is the process's own (VmHWM): ``ru_maxrss`` would also count the test process's, which a
    forked child inherits across exec.
    """
    rows = (ROOT / "examples" / "career-fair" / "students.csv").read_text(encoding="utf-8-sig").splitlines()
    (tmp_path / "students.csv").write_text("\n".join([rows[0], *rows[1:] * 10]) + "\n", encoding="utf-8")
    brand = json.dumps((ROOT / "examples" / "brands" / "lakeside-high").as_posix())
    manifest = (ROOT / "examples" / "career-fair" / "job.toml").read_text().replace('"../brands/lakeside-high"', brand)
    (tmp_path / "job.toml").write_text(manifest)
    code = textwrap.dedent(
        """
        import sys
        from handouts.jobs.batch import run_job
        result = run_job(sys.argv[1], output=sys.argv[2], jobs=1)
        peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
        print(result.summary.pages, peak.split()[1])
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "job.toml"), str(tmp_path / "out" / "fair.pdf")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    pages, peak = (int(v) for v in out.stdout.split())
    assert pages == 6_988
    assert peak / 1024 < 300  # (kB)
