"""A print job's logo is made on a thread while planning goes on, and is then never made again.

What must hold: the logo drawn is the one a plain `logo_xobject` call makes
(same object, made once), a logo that cannot be made is reported by the
render exactly as without the thread, and no logo thread is left running
when a worker process is forked.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import handouts.render.logo as logo_module
from handouts.inputs.images import AssetProblem
from handouts.jobs.plan import plan_job
from handouts.render.logo import finish_pending, logo_xobject, prepare_soon

ROOT = Path(__file__).resolve().parents[2]
LOGO = ROOT / "examples" / "brands" / "lakeside-high" / "logo.png"


@pytest.fixture
def made_in(monkeypatch) -> list[str]:
    """The thread each logo image object was made in (``ImageReader`` is where making one starts)."""
    logo_module._prepared.cache_clear()
    logo_module._MADE.clear()
    finish_pending()
    threads: list[str] = []
    real = logo_module.ImageReader

    def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(logo_module, "ImageReader", recording)
    yield threads
    finish_pending()
    logo_module._prepared.cache_clear()
    logo_module._MADE.clear()


def test_a_logo_started_early_is_made_once_on_its_thread_and_drawn_from_there(made_in):
    prepare_soon(LOGO, "logo.png")
    made = logo_xobject(LOGO, "logo.png")
    assert made_in == ["handouts-logo"]
    assert logo_xobject(LOGO, "logo.png") is made
    assert made_in == ["handouts-logo"]


def test_a_logo_that_cannot_be_made_is_reported_by_the_draw_as_without_the_thread(made_in, tmp_path):
    broken = tmp_path / "logo.png"
    broken.write_bytes(LOGO.read_bytes()[:400])  # a PNG cut short: its header reads, its pixels do not
    with pytest.raises(AssetProblem) as plain:
        logo_xobject(broken, "logo.png")
    logo_module._prepared.cache_clear()
    logo_module._MADE.clear()
    prepare_soon(broken, "logo.png")  # fails on its thread, quietly
    with pytest.raises(AssetProblem) as early:
        logo_xobject(broken, "logo.png")
    assert (str(early.value), early.value.kind) == (str(plain.value), plain.value.kind)


def test_finishing_leaves_no_logo_thread_running(made_in):
    prepare_soon(LOGO, "logo.png")
    finish_pending()
    assert not any(t.name == "handouts-logo" for t in threading.enumerate())
    logo_xobject(LOGO, "logo.png")
    assert made_in == ["handouts-logo"]


def test_planning_a_job_starts_its_brands_logo(made_in, tmp_path):
    brand = (ROOT / "examples" / "brands" / "lakeside-high").as_posix()
    manifest = tmp_path / "job.toml"
    manifest.write_text(
        f"name = 'Logo early'\nbrand = {json.dumps(brand)}\n\n"
        "[[items]]\nlayout = 'checklist'\nroles = ['medical-assistant']\ncopies = 2\n",
        encoding="utf-8",
    )
    plan_job(manifest)
    logo_xobject(LOGO, "logo.png")  # as the first render's page header does
    assert made_in == ["handouts-logo"]


def test_building_a_handout_starts_its_brands_logo_before_the_data_loads(made_in):
    from handouts.build import Inputs, build_handout_bytes

    pdf = build_handout_bytes("checklist", ["medical-assistant"], Inputs(brand=LOGO.parent))
    assert pdf.startswith(b"%PDF")
    assert made_in == ["handouts-logo"]
