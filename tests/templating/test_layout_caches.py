"""What is kept between lookups and runs (a layout's header, its compiled code) is never stale."""

from __future__ import annotations

import os

from handouts.build import Inputs, build_handout
from handouts.templating.bytecode import LayoutBytecodeCache, layout_bytecode_cache
from handouts.templating.environment import find_layout
from tests.conftest import PAIR, ROOT
from tests.support.pdfcheck import Pdf

BUILTIN = ROOT / "layouts" / "comparison.xml.j2"


def _layout(folder, description: str, heading: str, mtime: int) -> None:
    path = folder / "comparison.xml.j2"
    source = BUILTIN.read_text().replace('<h2>{{ _("At a glance") }}</h2>', f"<h2>{heading}</h2>")
    path.write_text(f"{{#-\nroles: 2\ndescription: {description}\n-#}}\n" + source.split("-#}\n", 1)[1])
    os.utime(path, ns=(mtime, mtime))


def test_an_edited_layout_header_is_read_again(tmp_path):
    _layout(tmp_path, "first", "One", 1_000_000_000_000_000_000)
    assert find_layout("comparison", [tmp_path]).description == "first"
    _layout(tmp_path, "second", "One", 1_000_000_001_000_000_000)
    assert find_layout("comparison", [tmp_path]).description == "second"


def test_an_edited_layout_is_compiled_again_in_a_new_run(tmp_path):
    """Each build here makes a fresh environment (as a new process would), so only the file cache remains."""
    _layout(tmp_path, "ours", "Side by side", 1_000_000_000_000_000_000)
    first = build_handout("comparison", PAIR, Inputs(layouts=[tmp_path]), output=tmp_path / "a.pdf")
    _layout(tmp_path, "ours", "Face to face", 1_000_000_001_000_000_000)
    second = build_handout("comparison", PAIR, Inputs(layouts=[tmp_path]), output=tmp_path / "b.pdf")
    assert "Side by side" in Pdf.open(first.path).text
    assert "Face to face" in Pdf.open(second.path).text and "Side by side" not in Pdf.open(second.path).text


def test_compiled_code_is_keyed_by_the_templating_code_too():
    """Code compiled by another version of handouts' code generator is never loaded."""
    one, other = LayoutBytecodeCache("one"), LayoutBytecodeCache("other")
    assert one.get_cache_key("comparison.xml.j2", "/x") != other.get_cache_key("comparison.xml.j2", "/x")
    assert one.get_cache_key("comparison.xml.j2", "/x") != one.get_cache_key("checklist.xml.j2", "/x")
    cache = layout_bytecode_cache()
    if cache is not None:  # (None where no private folder can be had: nothing is cached then)
        assert os.stat(cache.directory).st_mode & 0o077 == 0  # the user's alone
