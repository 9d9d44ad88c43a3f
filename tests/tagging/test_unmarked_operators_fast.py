"""unmarked_operators skips marked-content sequences without tokenising them: it must read as the old scan did."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.build import Inputs, build_handout_bytes
from handouts.tagging import canvas
from handouts.tagging.canvas import unmarked_operators
from tests.conftest import PAIR

# The scan as it was before (7c0a576), written out so that it stays the reference.
_PAINTING = frozenset({"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"})
_MARKED = frozenset({"BMC", "BDC", "EMC"})
_TOKEN = re.compile(
    r"""(?:[\s\d.+\-\[\]]++|\((?:[^\\)]++|\\.)*+\)|<<|>>|<[0-9A-Fa-f\s]*+>|/[^\s/\[\]()<>{}%]*+|%[^\r\n]*+"""
    r"""|(?!(?:BDC|BMC|EMC|B\*|BI|Do|TJ|Tj|b\*|f\*|sh|"|'|B|F|S|b|f|s)(?![A-Za-z0-9*'"]))"""
    r"""[A-Za-z'"][A-Za-z0-9*'"]*)++|[A-Za-z'"][A-Za-z0-9*'"]*"""
)
_INLINE_IMAGE_DATA = re.compile(r"ID(?<=\sID)\s.*?\sEI(?=\s)", re.S)


def _reference(code: str) -> dict[str, int]:
    """The scan as it was before (7c0a576): every page tokenised whole, then the depth counted."""
    tokens = _TOKEN.findall(_INLINE_IMAGE_DATA.sub(" EI ", code))
    found: dict[str, int] = {}

    def count(stretch: list[str]) -> None:
        for token in stretch:
            if token in _PAINTING:
                found[token] = found.get(token, 0) + 1

    depth = 0
    start = 0
    for index in [i for i, token in enumerate(tokens) if token in _MARKED]:
        if depth == 0:
            count(tokens[start:index])
        if tokens[index] == "EMC":
            if depth == 0:
                found["EMC"] = found.get("EMC", 0) + 1
            depth = max(depth - 1, 0)
        else:
            depth += 1
        start = index + 1
    if depth == 0:
        count(tokens[start:])
    return found


_PIECES = [
    "BMC", "BDC", "EMC", "/Artifact", "/P", "<</MCID 3>>", ">>", "(a EMC b)", "(x \\) BDC)", "(a (BDC) Tj)",
    "(\\\\)", "(\\(EMC)", "(a\\\nEMC)", "(", ")", "<0A1f>", "<BDC>", "<EMC>", "<", ">", "[", "]", "{", "}",
    "Tj", "TJ", "'", '"', "f", "f*", "S", "s", "B", "B*", "b", "b*", "F", "sh", "Do", "BI", "re", "cm", "q",
    "Q", "BT", "ET", "0", "12.5", "-3", ".5", "+", "*", "0BDC", "1EMC", "*EMC", "x1EMC", "'EMC", "f*EMC",
    "/EMC", "/xBDC", "EMCx", "BDC1", "BMCC", "xEMC", "% EMC comment\n", "%BDC\r", "%", "\n", "\r", "\t",
    "1.5Tj", "f**", "f*Tj", "*Tj", "x٣Tj", "٣f", "a'", "'a", "\"'", "B*B", "shx", "Tjx", "Dox", "xDo",
    "BI /W 1 ID xx EI", "ID \x00EMC\xffEI", " EI ", "ID", "EI", "é", "٣", "\u00a0", "\u3000",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "", "\n"])), max_size=60))
def test_content_streams_read_as_the_whole_page_scan_read_them(pieces):
    code = "".join(piece + gap for piece, gap in pieces)
    assert unmarked_operators(code) == _reference(code)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="BDEMCTJjfFSsbhoIx*'\"()<>[]{}/%\\ \n\r0123456789.+-aq\x00é٣", max_size=120))
def test_any_characters_read_as_the_whole_page_scan_read_them(code):
    assert unmarked_operators(code) == _reference(code)


def test_odd_streams():
    for code in ["", " ", "EMC", "BDC", "BDC Tj", "EMC EMC f", "(EMC", "(\\", "<<BDC>>f", "1EMC", "x" * 100_000]:
        assert unmarked_operators(code) == _reference(code), code
    long = "/P <</MCID 0>> BDC BT (a \\) EMC) Tj ET EMC 0 0 5 5 re f " * 2000
    assert unmarked_operators(long) == _reference(long) == {"f": 2000}


def _page_streams(layout: str, roles: list[str], tagged: bool) -> list[str]:
    pdf = pikepdf.open(io.BytesIO(build_handout_bytes(layout, roles, Inputs(), tagged=tagged)))
    with pdf:
        return [page.Contents.read_bytes().decode("latin-1") for page in pdf.pages]


@pytest.mark.parametrize("tagged", [True, False])
@pytest.mark.parametrize(
    ("layout", "roles"),
    [
        ("comparison", PAIR),
        ("checklist", PAIR[:1]),
        ("checklist", PAIR[1:]),
        ("pathway", PAIR[:1]),
        ("pathway", PAIR[1:]),
    ],
)
def test_pages_of_the_builtin_handouts_read_as_before(layout, roles, tagged, monkeypatch):
    audited: list[str] = []
    monkeypatch.setattr(canvas, "unmarked_operators", lambda code: audited.append(code) or unmarked_operators(code))
    streams = _page_streams(layout, roles, tagged)
    assert streams and (audited or not tagged)
    for code in streams + audited:
        assert unmarked_operators(code) == _reference(code)
        assert re.search(r"\bEMC\b", code) or not tagged
