"""Shared tools for hostile-input tests: a canary file outside every folder, a record of
files opened and processes started, and one assertion for "refused cleanly".

Each hostile test feeds one bad input and checks what the office would see: the exit
status, a message naming the file and the place, nothing left on disk, and, where the
input tries to read a file or run code, that nothing was read or run.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import PAIR, pdfs_in
from tests.support.jobkit import line_of  # noqa: F401 - hostile tests import it from here

CANARY_TEXT = "CANARY-c4n4ry-do-not-print"
_SPAWN_EVENTS = ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "pty.spawn")


@dataclass
class Watch:
    """Files opened and processes started while a hostile test runs."""

    active: bool = False
    opened: list[str] = field(default_factory=list)
    spawned: list[str] = field(default_factory=list)


_WATCH = Watch()


def _audit(event: str, args: tuple) -> None:
    if not _WATCH.active:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        _WATCH.opened.append(str(args[0]))
    elif event.startswith(_SPAWN_EVENTS):
        _WATCH.spawned.append(f"{event} {args!r}")


sys.addaudithook(_audit)  # cannot be removed; inert unless a test is watching


@pytest.fixture
def watch(canary):
    """Record opens and process starts for the duration of the test (after the canary is written)."""
    _WATCH.opened.clear()
    _WATCH.spawned.clear()
    _WATCH.active = True
    yield _WATCH
    _WATCH.active = False


@pytest.fixture
def canary(tmp_path) -> Path:
    """A file outside every data, layout and brand folder whose content must never be read or printed."""
    folder = tmp_path / "outside"
    folder.mkdir()
    path = folder / "secret.txt"
    path.write_text(CANARY_TEXT + "\n")
    return path


def assert_untouched(watch: Watch, canary: Path, tmp_path: Path, out: str) -> None:
    """Nothing ran, the canary was never opened, and its text appears in no output."""
    assert watch.spawned == [], watch.spawned
    assert not [p for p in watch.opened if Path(p).name == canary.name], "the canary file was opened"
    assert CANARY_TEXT not in out
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.parent != canary.parent:
            assert CANARY_TEXT.encode() not in path.read_bytes(), path
    for pdf in pdfs_in(tmp_path):
        from tests.support.pdfcheck import Pdf

        if pdf.suffix == ".pdf":
            assert CANARY_TEXT not in Pdf.open(pdf).text


def assert_refused(code: int, out: str, tmp_path: Path, status: int, file: str, place: str | int | None) -> None:
    """Refused with ``status``, naming ``file`` and the place (a line number, or a field or element)."""
    assert code == status, out
    assert "Traceback" not in out and "This is a bug" not in out, out
    if isinstance(place, int):
        assert re.search(rf"{re.escape(file)}:{place}\b", out), f"expected {file}:{place} in:\n{out}"
    else:
        assert file in out, f"expected {file} in:\n{out}"
        if place:
            assert place in out, f"expected {place} in:\n{out}"
    assert pdfs_in(tmp_path) == [], pdfs_in(tmp_path)


def write_layout(folder: Path, body: str, name: str = "evil") -> tuple[Path, str]:
    """A two-role layout whose body is ``body``; returns its path and full text."""
    folder.mkdir(exist_ok=True)
    text = '{#-\nroles: 2\n-#}\n<handout title="Test">\n' + body + "\n</handout>\n"
    path = folder / f"{name}.xml.j2"
    path.write_text(text)
    return path, text


@pytest.fixture
def build_layout(run, tmp_path):
    """Write a layout into ./layouts and build it for the usual pair of roles."""

    def build(body: str, name: str = "evil", *extra: str):
        _path, text = write_layout(tmp_path / "layouts", body, name)
        code, out = run("build", name, *PAIR, "--layouts", str(tmp_path / "layouts"), *extra)
        return code, out, text

    return build
