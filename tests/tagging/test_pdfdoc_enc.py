"""`rlcompat.fast_pdfdoc_enc` gives what ReportLab's own ``pdfdocEnc`` gives, for every input, errors included."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from reportlab.pdfbase import pdfdoc

from handouts.render import document  # noqa: F401  (installs the fast encoder, as any build does)
from handouts.tagging import rlcompat


def reportlab_pdfdoc_enc(x: Any) -> Any:
    """ReportLab's ``pdfdocEnc`` as written in 5.1.0 (the module's own name is replaced by ours)."""
    return x.encode("extpdfdoc") if isinstance(x, str) else x


class Text(str):
    """A str subclass: not taken by the fast path, still encoded as ReportLab encodes it."""


def _outcome(encode: Any, x: Any) -> Any:
    try:
        result = encode(x)
    except UnicodeEncodeError as exc:
        return ("error", exc.encoding, exc.object, exc.start, exc.end, exc.reason)
    return (type(result), result)


BMP = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000]


def test_installed_in_place_of_the_function_compared_with() -> None:
    assert pdfdoc.pdfdocEnc is rlcompat.fast_pdfdoc_enc
    source = inspect.getsource(pdfdoc)  # the module's text: its function object is no longer there to compare
    assert "def pdfdocEnc(x):\n    return x.encode('extpdfdoc') if isinstance(x,str) else x\n" in source


def test_every_bmp_character_alone_and_in_ascii_text() -> None:
    for char in BMP:
        for x in (char, f"12 0 obj{char}\n", f"{char}(a)"):
            assert _outcome(rlcompat.fast_pdfdoc_enc, x) == _outcome(reportlab_pdfdoc_enc, x), repr(x)


@pytest.mark.parametrize(
    "x",
    [
        "",
        "12 0 obj\n",
        "612.5",
        "\x18",
        "abc\x1fdef",
        "\x00\x07\x7f",
        "caf\u00e9 \u2013 \u201cna\u00efve\u201d",
        "\u0645\u0631\u062d\u0628\u0627",
        "\U0001f600",
        "x" * 100_000 + "\x1a",
        "y" * 100_000,
        Text("plain"),
        Text("caf\u00e9"),
        b"bytes stay \x00\xff",
        bytearray(b"as they are"),
        None,
        12,
    ],
)
def test_odd_inputs(x: Any) -> None:
    assert _outcome(rlcompat.fast_pdfdoc_enc, x) == _outcome(reportlab_pdfdoc_enc, x)
