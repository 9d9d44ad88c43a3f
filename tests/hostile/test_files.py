"""The file system fights back: a full disk, a read-only or locked target, Ctrl-C mid-write,
a file in the way, a link at the target. The old PDF survives, no temporary is left, and the
message says what to do."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

import handouts.output
from handouts import temporaries
from handouts.errors import OutputError
from handouts.output import explain, slug, unique_slugs, write_atomic
from tests.conftest import PAIR, pdfs_in, structure_problems
from tests.hostile.conftest import CANARY_TEXT, assert_untouched

TARGET = "output/comparison-medical-assistant-vs-medical-administrative-assistant.pdf"


@pytest.fixture
def old_pdf(run, tmp_path) -> bytes:
    """A first, good build at the target; the hostile build must leave it exactly as it is."""
    code, out = run("build", "comparison", *PAIR)
    assert code == 0, out
    return (tmp_path / TARGET).read_bytes()


def _assert_kept(tmp_path: Path, old: bytes) -> None:
    assert (tmp_path / TARGET).read_bytes() == old
    assert [p.name for p in pdfs_in(tmp_path)] == [Path(TARGET).name], "a temporary file was left behind"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux /dev/full")
def test_full_disk_keeps_the_old_pdf(run, tmp_path, old_pdf, monkeypatch):
    """The temporary file is made as usual, but its bytes go to /dev/full, which fails every
    write with ENOSPC as a full disk does. (The device is opened by name only for writing:
    nothing here changes its permissions.)"""
    real_new_file, real_fdopen = temporaries.new_file, os.fdopen
    ours: set[int] = set()

    def new_file(*args, **kwargs):
        temp, fd = real_new_file(*args, **kwargs)
        ours.add(fd)
        return temp, fd

    def fdopen(fd, *args, **kwargs):
        if fd in ours:
            os.close(fd)
            return open("/dev/full", "wb")  # closed by write_atomic's with-block
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(handouts.output, "new_temporary_file", new_file)
    monkeypatch.setattr(os, "fdopen", fdopen)
    code, out = run("build", "comparison", *PAIR)
    assert code == 5
    assert f"{TARGET}: cannot write the PDF: the disk is full; free some space or choose another folder" in out
    _assert_kept(tmp_path, old_pdf)


def test_disk_full_at_fsync_keeps_the_old_pdf(run, tmp_path, old_pdf, monkeypatch):
    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    code, out = run("build", "comparison", *PAIR)
    assert code == 5 and "cannot write the PDF: the disk is full" in out
    _assert_kept(tmp_path, old_pdf)


def test_read_only_folder_gives_a_clear_error(run, tmp_path, old_pdf, monkeypatch):
    def mkstemp(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    code, out = run("build", "comparison", *PAIR)
    assert code == 5
    assert f"{TARGET}: cannot write the PDF: the folder is read-only; choose a folder you can write to" in out
    _assert_kept(tmp_path, old_pdf)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write to read-only folders")
def test_really_read_only_folder(run, tmp_path, old_pdf):
    folder = tmp_path / "output"
    folder.chmod(0o500)
    try:
        code, out = run("build", "comparison", *PAIR)
    finally:
        folder.chmod(0o700)
    assert code == 5 and "cannot write the PDF: permission denied" in out
    _assert_kept(tmp_path, old_pdf)


def test_file_locked_by_a_viewer_keeps_the_old_pdf(run, tmp_path, old_pdf, monkeypatch):
    """On Windows a PDF open in a viewer cannot be replaced; os.replace raises PermissionError."""

    def replace(src, dst):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(os, "replace", replace)
    code, out = run("build", "comparison", *PAIR)
    assert code == 5 and "cannot write the PDF: permission denied" in out
    _assert_kept(tmp_path, old_pdf)
    what, fix = explain(PermissionError(errno.EACCES, "Access is denied"), windows=True)
    assert (what, fix) == ("the file is open in another program", "close it (e.g. in your PDF viewer) and build again")


def test_ctrl_c_while_writing_exits_130_and_keeps_the_old_pdf(run, tmp_path, old_pdf, monkeypatch):
    def fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", fsync)
    code, out = run("build", "comparison", *PAIR)
    assert code == 130 and "interrupted; nothing was written" in out
    _assert_kept(tmp_path, old_pdf)


def test_ctrl_c_during_the_render_exits_130_and_writes_nothing(run, tmp_path, monkeypatch):
    from handouts import build

    def lay_out(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "lay_out", lay_out)
    code, out = run("build", "comparison", *PAIR)
    assert code == 130 and "interrupted; nothing was written" in out
    assert pdfs_in(tmp_path) == []


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("blocker/", "a file is in the way of the output folder"),
        ("blocker/x.pdf", "a file is in the way of the output folder"),
        ("blocker/deeper/x.pdf", "part of the folder path is a file, not a folder"),
        ("folder.pdf", "a folder already has that name"),
        ("x" * 300 + ".pdf", "the file name is too long"),
    ],
)
def test_something_in_the_way_of_the_output(run, tmp_path, output, message):
    (tmp_path / "blocker").write_text("not a folder")
    (tmp_path / "folder.pdf").mkdir()
    code, out = run("build", "comparison", *PAIR, "-o", output)
    assert code == 5, out
    assert f"cannot write the PDF: {message}" in out
    assert "Traceback" not in out and "This is a bug" not in out
    assert pdfs_in(tmp_path) == []


def test_a_link_at_the_target_is_replaced_not_written_through(run, tmp_path, watch, canary):
    (tmp_path / "output").mkdir()
    os.symlink(canary, tmp_path / TARGET)
    code, out = run("build", "comparison", *PAIR)
    assert code == 0, out
    assert not (tmp_path / TARGET).is_symlink()
    assert_untouched(watch, canary, tmp_path, out)
    assert canary.read_text() == CANARY_TEXT + "\n"


def test_write_atomic_leaves_nothing_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.dat"
    target.write_bytes(b"old")

    def fsync(fd):
        raise OSError(errno.EIO, "the device reported a fault")  # an errno with no wording of our own

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OutputError, match="cannot write the PDF: the device reported a fault"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.dat"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\System32", "c-windows-system32"),
        ("CON", "con-file"),
        ("nul", "nul-file"),
        ("LPT1", "lpt1-file"),
        ("José Núñez", "jose-nunez"),
        ("محمد", "handout"),
        ("", "handout"),
        ("\x00\x1b[2J", "2j"),
        ("a" * 500, "a" * 80),
        (".hidden", "hidden"),
    ],
)
def test_names_from_rosters_and_roles_are_safe_slugs(text, expected):
    assert slug(text) == expected


def test_names_from_a_roster_are_unique(tmp_path):
    names = unique_slugs(["Ana López", "Ana Lopez", "ANA LOPEZ", "ana-lopez-2", "", "محمد"])
    assert names == ["ana-lopez", "ana-lopez-2", "ana-lopez-3", "ana-lopez-2-2", "handout", "handout-2"]
    for name in names:
        path = (tmp_path / f"{name}.pdf").resolve()
        assert path.parent == tmp_path.resolve()


@pytest.mark.broken_pdfs
def test_the_structure_check_catches_a_truncated_pdf(tmp_path, run):
    """The suite-wide PDF check (tests/conftest.py) is real: a cut-off PDF fails it."""
    code, _out = run("build", "comparison", *PAIR, "-o", "whole.pdf")
    assert code == 0
    whole = (tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) - 40])
    problems = structure_problems(tmp_path)
    assert [p for p in problems if "cut.pdf" in p]
    assert not [p for p in problems if "whole.pdf" in p]


def test_a_broken_link_in_a_layout_folder_is_named_not_a_bug(run, tmp_path):
    layouts = tmp_path / "L"
    layouts.mkdir()
    (layouts / "dang.xml.j2").symlink_to(layouts / "missing.xml.j2")
    code, out = run("build", "dang", "medical-assistant", "--layouts", str(layouts))
    assert code == 3, out
    assert "cannot read layout file" in out and "bug" not in out


def test_an_output_folder_with_a_dot_in_its_name_is_a_folder(run, tmp_path):
    (tmp_path / "fair.2026").mkdir()
    code, out = run("build", "checklist", "medical-assistant", "-o", "fair.2026")
    assert code == 0, out
    assert (tmp_path / "fair.2026" / "checklist-medical-assistant.pdf").is_file()
