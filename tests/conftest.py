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


def pdfs_in(folder: Path) -> list[Path]:
    """Every PDF and leftover temporary under a folder."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".pdf", ".tmp") or ".pdf." in p.name)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Nothing in a build may reach the network."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    os.environ.setdefault("HANDOUTS_TESTING", "1")
