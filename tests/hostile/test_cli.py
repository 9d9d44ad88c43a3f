"""Hostile command-line arguments: paths where ids belong, terminal escapes, huge arguments,
files where folders belong. Each is a usage error naming the argument, and nothing is read."""

from __future__ import annotations

import time

import pytest

from tests.conftest import PAIR
from tests.hostile.conftest import assert_refused, assert_untouched


@pytest.mark.parametrize(
    "role", ["../outside/secret", "{canary}", "roles/../../outside/secret", "medical-assistant.yaml"]
)
def test_role_ids_are_never_paths(run, tmp_path, watch, canary, role):
    role = role.format(canary=str(canary).removesuffix(".txt"))
    code, out = run("build", "comparison", role, PAIR[1])
    assert_refused(code, out, tmp_path, 2, "command line", f"role: unknown role id '{role}'")
    assert_untouched(watch, canary, tmp_path, out)


@pytest.mark.parametrize(
    "layout", ["../outside/secret", "builtin/comparison", "/etc/passwd", "_base", "comparison.xml.j2"]
)
def test_layout_names_are_never_paths(run, tmp_path, watch, canary, layout):
    code, out = run("build", layout, *PAIR)
    assert_refused(code, out, tmp_path, 2, "command line", f"layout: unknown layout '{layout}'")
    assert_untouched(watch, canary, tmp_path, out)


def test_terminal_escapes_in_an_argument_are_shown_not_obeyed(run, tmp_path):
    code, out = run("build", "comparison", "\x1b]0;owned\x07\x1b[2Jma", PAIR[1])
    assert_refused(code, out, tmp_path, 2, "command line", "unknown role id")
    assert "\x1b" not in out and "\x07" not in out
    assert "'\\x1b]0;owned\\x07\\x1b[2Jma'" in out


def test_a_huge_argument_is_answered_quickly(run, tmp_path):
    started = time.monotonic()
    code, out = run("build", "comparison", "x" * 200_000, PAIR[1])
    assert time.monotonic() - started < 60  # a hang guard, not a speed test: quadratic matching took hours
    assert_refused(code, out, tmp_path, 2, "command line", "unknown role id")


def test_output_must_be_a_pdf_or_a_folder(run, tmp_path):
    code, out = run("build", "comparison", *PAIR, "-o", "notes.txt")
    assert_refused(code, out, tmp_path, 2, "command line", "--output: 'notes.txt' is not a .pdf file or a folder")


def test_a_file_given_as_the_data_folder(run, tmp_path):
    (tmp_path / "roles.yaml").write_text("id: x\n")
    code, out = run("build", "comparison", *PAIR, "--data", "roles.yaml")
    assert_refused(code, out, tmp_path, 2, "roles.yaml", "--data")  # the wording is Click's


def test_a_missing_data_folder_is_named(run, tmp_path):
    code, out = run("build", "comparison", *PAIR, "--data", "no-such-folder")
    assert_refused(code, out, tmp_path, 3, "no-such-folder", "data folder not found")


def test_the_same_role_twice(run, tmp_path):
    code, out = run("build", "comparison", PAIR[0], PAIR[0])
    assert_refused(code, out, tmp_path, 2, "command line", "the same role is named twice")
