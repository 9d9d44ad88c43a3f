"""display_path: what a message calls a file, from wherever the command runs (its answers are kept per folder)."""

from __future__ import annotations

import os

from handouts.paths import builtin_dir, display_path


def test_a_file_is_named_from_the_working_folder_each_time_it_changes(tmp_path, monkeypatch):
    target = tmp_path / "office" / "roles" / "nurse.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("id: nurse\n")
    monkeypatch.chdir(tmp_path)
    assert display_path(target) == "office/roles/nurse.yaml"
    monkeypatch.chdir(tmp_path / "office")
    assert display_path(target) == "roles/nurse.yaml"
    assert display_path(target.parent.parent) == "."
    monkeypatch.chdir(tmp_path / "office" / "roles")
    assert display_path(target.relative_to(tmp_path / "office" / "roles")) == "nurse.yaml"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert display_path(target) == str(target)  # outside the working folder: as given


def test_a_link_is_named_where_it_leads_and_a_built_in_file_as_built_in(tmp_path, monkeypatch):
    real = tmp_path / "shared" / "brand.toml"
    real.parent.mkdir()
    real.write_text("")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "kit").symlink_to(real.parent)
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "work" / "kit" / "brand.toml") == "shared/brand.toml"
    layout = builtin_dir("layouts") / "comparison.xml.j2"
    monkeypatch.chdir(tmp_path / "work")
    assert display_path(layout) == "<built-in>/layouts/comparison.xml.j2"


def test_a_deleted_working_folder_gives_the_path_as_given(tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    os.rmdir(gone)
    assert display_path(tmp_path / "x.pdf") == str(tmp_path / "x.pdf")
