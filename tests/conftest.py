from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAIR = ("medical-assistant", "medical-administrative-assistant")
# Every built-in layout with the shipped roles: each handout an office can print from a fresh install.
EVERY_HANDOUT = [
    ("comparison", PAIR),
    ("checklist", PAIR[:1]),
    ("checklist", PAIR[1:]),
    ("pathway", PAIR[:1]),
    ("pathway", PAIR[1:]),
]


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run the CLI in a fresh working folder; returns (exit code, stdout+stderr)."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return result.exit_code, result.output

    return invoke


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the built-in data, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture
def job(tmp_path) -> Path:
    """The print-job fixture copied to ``tmp_path/job``, with a roster of four students."""
    from tests.support.jobkit import STUDENTS, job_copy

    return job_copy(tmp_path, STUDENTS[:4]).parent


def pdfs_in(folder: Path) -> list[Path]:
    """Every PDF and leftover temporary under a folder."""
    return sorted(p for p in folder.rglob("*") if (p.suffix in (".pdf", ".tmp") or ".pdf." in p.name) and p.is_file())


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Nothing in a build may reach the network."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    os.environ.setdefault("HANDOUTS_TESTING", "1")


# Every PDF a test writes is checked for structural soundness (qpdf's checks, via pikepdf):
# the ones under a test's tmp_path when that test ends, and any left elsewhere under pytest's
# temporary folders (module-scoped fixtures) when the session ends. A test that writes broken
# PDFs on purpose (to test a checker) marks itself @pytest.mark.broken_pdfs.
_CHECKED: set[Path] = set()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "broken_pdfs: this test writes unsound PDFs on purpose; skip the structure check"
    )


def structure_problems(folder: Path) -> list[str]:
    """qpdf's complaints about every PDF under ``folder`` not checked before."""
    from tests.support.pdfcheck import structure_problems_in

    problems = []
    for path in sorted(folder.rglob("*.pdf")):
        if path in _CHECKED or not path.is_file():
            continue
        _CHECKED.add(path)
        problems += [f"{path}: {p}" for p in structure_problems_in(path.read_bytes())]
    return problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    folder = item.funcargs.get("tmp_path") if hasattr(item, "funcargs") else None
    try:
        result = yield
    except BaseException:
        if folder is not None:  # the test failed already: its files are not reported a second time
            _CHECKED.update(Path(folder).rglob("*.pdf"))
        raise
    if folder is not None:
        if item.get_closest_marker("broken_pdfs"):
            _CHECKED.update(Path(folder).rglob("*.pdf"))
        else:
            problems = structure_problems(Path(folder))
            assert not problems, "unsound PDF written:\n" + "\n".join(problems)
    return result


@pytest.fixture(scope="session", autouse=True)
def _every_pdf_is_sound(tmp_path_factory):
    yield
    problems = structure_problems(tmp_path_factory.getbasetemp())
    assert not problems, "unsound PDF written:\n" + "\n".join(problems)
