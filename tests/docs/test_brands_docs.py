"""docs/brands.md must match the brand model, and its example must be a real, passing kit."""

from __future__ import annotations

import importlib.util
import re
import tomllib

from tests.conftest import ROOT


def _brand_docs():
    spec = importlib.util.spec_from_file_location("brand_docs", ROOT / "scripts" / "brand_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_field_tables_are_current():
    docs = _brand_docs()
    actual = docs.DOC.read_text(encoding="utf-8")
    assert docs.START in actual and docs.END in actual
    assert actual == docs.render(actual), "docs/brands.md is stale: run python scripts/brand_docs.py"


def test_the_full_example_in_the_docs_is_the_lakeside_kit():
    text = (ROOT / "docs" / "brands.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    kit = (ROOT / "examples" / "brands" / "lakeside-high" / "brand.toml").read_text(encoding="utf-8")
    assert kit in blocks
    for block in blocks:
        tomllib.loads(block)  # every TOML snippet in the docs parses
