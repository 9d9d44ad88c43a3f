"""The render cache of print jobs: an unchanged job renders nothing, and an edit to any file that
shapes a document (role, layout, brand kit, a file behind a folder link, a library) renders it again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts.jobs.batch import run_job
from handouts.jobs.cache import fingerprint
from tests.conftest import ROOT
from tests.support.jobkit import edit
from tests.support.pdfcheck import Pdf

LAYOUT = """{#-
roles: 1
description: Test: a one-page note about one role.
-#}
{% extends "_base.xml.j2" %}
{% block title %}A note{% endblock %}
{% block body %}
<h1>About the {{ role.name }} role</h1>
<p>{{ role.summary }}</p>
{% endblock %}
"""


@pytest.fixture
def cached_job(tmp_path) -> Path:
    """A job with its own data (roles behind a folder link), layout and brand kit; run once to fill the cache."""
    shutil.copytree(ROOT / "data", tmp_path / "data-real")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "roles").symlink_to(tmp_path / "data-real" / "roles", target_is_directory=True)
    shutil.copy(tmp_path / "data-real" / "sources.yaml", tmp_path / "data" / "sources.yaml")
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "note.xml.j2").write_text(LAYOUT, encoding="utf-8")
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "brand.toml").write_text('name = "Lakeside High School"\n', encoding="utf-8")
    manifest = tmp_path / "job.toml"
    manifest.write_text(
        'name = "Cached"\ndata = ["data"]\nlayouts = ["layouts"]\nbrand = "kit"\noutput = "out/cached.pdf"\n\n'
        '[[items]]\nlayout = "note"\nroles = ["medical-assistant"]\ncopies = 2\n',
        encoding="utf-8",
    )
    first = run_job(manifest, jobs=1)
    assert first.stats.rendered == 1
    again = run_job(manifest, jobs=1)
    assert again.stats.rendered == 0 and again.stats.cached == 1
    return manifest


@pytest.mark.parametrize(
    ("file", "old", "new", "shows"),
    [
        ("data-real/roles/medical-assistant.yaml", 'name: "Medical Assistant"', 'name: "Medical Aide"', "Medical Aide"),
        ("data/roles/medical-assistant.yaml", 'name: "Medical Assistant"', 'name: "Medical Helper"', "Medical Helper"),
        ("layouts/note.xml.j2", "<h1>About the", "<h1>All about the", "All about the"),
        ("kit/brand.toml", 'name = "Lakeside High School"', 'name = "Riverside College"', "Riverside College"),
    ],
    ids=["role-behind-a-folder-link", "role-through-the-link", "layout", "brand"],
)
def test_an_edit_renders_the_document_again(cached_job, file, old, new, shows):
    edit(cached_job.parent / file, old, new)
    result = run_job(cached_job, jobs=1)
    assert result.stats.rendered == 1, "the edit was not noticed: the cached document was printed"
    assert shows in Pdf.open(result.path).text


@pytest.mark.parametrize("library", ["jinja2", "PIL", "pikepdf", "reportlab"])
def test_the_cache_key_changes_with_each_library_that_shapes_a_document(monkeypatch, library):
    import importlib

    module = importlib.import_module(library)
    before = fingerprint([])
    attribute = "Version" if library == "reportlab" else "__version__"
    monkeypatch.setattr(module, attribute, "0.0.0-test")
    assert fingerprint([]) != before


def test_a_folder_link_back_up_the_tree_does_not_loop(tmp_path):
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "note.xml.j2").write_text(LAYOUT, encoding="utf-8")
    (folder / "loop").symlink_to(tmp_path, target_is_directory=True)
    before = fingerprint([folder])
    (tmp_path / "elsewhere.txt").write_text("a file the link reaches\n")
    assert fingerprint([folder]) != before  # reached through the link, once


def test_a_run_without_the_cache_does_not_fingerprint_the_inputs(cached_job, monkeypatch):
    """Hashing every input file is for cache keys; a run that renders into a fresh folder skips it."""
    import handouts.jobs.plan

    def refuse(folders):
        raise AssertionError("fingerprinted")

    monkeypatch.setattr(handouts.jobs.plan, "fingerprint", refuse)
    result = run_job(cached_job, jobs=1, cache=False)
    assert result.stats.rendered == 1 and result.stats.cached == 0
