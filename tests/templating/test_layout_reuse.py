"""A compiled layout is reused while the file found for it is the same, unchanged one, and compiled
again when it is not: edited, replaced, overridden from an earlier folder, or its link re-pointed."""

from __future__ import annotations

import os

import jinja2
import pytest

from handouts.templating.environment import make_environment

STAMP = 1_000_000_000_000_000_000  # a fixed modification time, so two versions can share one


def _write(path, words: str, mtime: int = STAMP) -> None:
    path.write_text(f"<p>{words}</p>")
    os.utime(path, ns=(mtime, mtime))


def _render(env, name: str = "note.xml.j2") -> str:
    return env.get_template(name).render()


@pytest.fixture()
def folders(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    return first, second


def test_an_unchanged_layout_is_compiled_once(folders):
    _, second = folders
    _write(second / "note.xml.j2", "kept")
    env = make_environment(list(folders))
    template = env.get_template("note.xml.j2")
    assert all(env.get_template("note.xml.j2") is template for _ in range(3))
    assert template.render() == "<p>kept</p>"


def test_an_edited_layout_is_compiled_again(folders):
    _, second = folders
    _write(second / "note.xml.j2", "before")
    env = make_environment(list(folders))
    assert _render(env) == "<p>before</p>"
    _write(second / "note.xml.j2", "after", STAMP + 1_000_000_000)
    assert _render(env) == "<p>after</p>"


def test_a_file_replaced_with_the_same_time_is_compiled_again(folders):
    _, second = folders
    _write(second / "note.xml.j2", "old")
    env = make_environment(list(folders))
    assert _render(env) == "<p>old</p>"
    replacement = second / "new.tmp"
    _write(replacement, "new")  # same modification time, another file (as an editor's save-and-rename leaves)
    os.replace(replacement, second / "note.xml.j2")
    assert _render(env) == "<p>new</p>"


def test_a_copy_in_an_earlier_folder_takes_over(folders):
    first, second = folders
    _write(second / "note.xml.j2", "theirs")
    env = make_environment(list(folders))
    assert _render(env) == "<p>theirs</p>"
    _write(first / "note.xml.j2", "ours")
    assert _render(env) == "<p>ours</p>"


def test_a_link_pointed_at_another_file_is_compiled_again(folders, tmp_path):
    first, _ = folders
    one, two = first / "one.txt", first / "two.txt"
    _write(one, "one")
    _write(two, "two")  # the same modification time as one.txt
    link = first / "note.xml.j2"
    link.symlink_to(one.name)
    env = make_environment(list(folders))
    assert _render(env) == "<p>one</p>"
    link.unlink()
    link.symlink_to(two.name)
    os.utime(link, ns=(STAMP, STAMP), follow_symlinks=False)
    assert _render(env) == "<p>two</p>"


def test_a_layout_replaced_by_a_link_out_of_its_folder_is_refused(folders, tmp_path):
    first, _ = folders
    _write(first / "note.xml.j2", "inside")
    env = make_environment(list(folders))
    assert _render(env) == "<p>inside</p>"
    outside = tmp_path / "secret.txt"
    _write(outside, "secret")
    (first / "note.xml.j2").unlink()
    (first / "note.xml.j2").symlink_to(outside)
    with pytest.raises(jinja2.TemplateNotFound, match="leading outside"):
        _render(env)
