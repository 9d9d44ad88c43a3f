"""Generated documentation must match the code it documents."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_docs_are_current():
    expected = _load("data_docs").render()
    actual = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/data.md is stale: run python scripts/data_docs.py"
