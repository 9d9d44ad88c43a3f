"""`handouts inspect` refuses a PDF whose streams decode past its caps, by name, unread, in bounded memory.

Every hostile file is made here (tests/support/pdfbombs.py), small on disk and huge decoded:
a page content of 512 MiB in 0.5 MB, an image of 1 GiB behind two Flate filters in
3 KB, twelve images each under the cap for one stream but 576 MiB together, an
object stream and a cross-reference stream of 1 GiB (qpdf decodes both merely to
open a file), and an encrypted file whose object streams could decode past the
cap (they cannot be measured before qpdf decrypts them). The tests assert our refusal (exit status 3, the file, the object and
where it is used, the cap, our error type), that the other files of the same run
are still inspected, and, in a child process, the peak memory.

Each test writes unsound PDFs on purpose, so the suite-wide structure check (which
would decode the bombs with qpdf) skips them: @pytest.mark.broken_pdfs.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from handouts.errors import UnsafePDF
from handouts.inspection import inspect_file
from handouts.inspection.audit import audit_pdf
from handouts.inspection.decoding import Unfollowable, decoded_size
from handouts.inspection.limits import DecodeLimits
from tests.support import pdfbombs

MIB = 1 << 20

BOMBS = {
    # name: (maker, where the message must point, the cap it must name)
    "page content": (pdfbombs.content_bomb, "object 4 (the content of page 1)", "64 MiB"),
    "nested image": (pdfbombs.nested_image_bomb, "object 5 (image /Im0 on page 1)", "64 MiB"),
    "many streams": (pdfbombs.many_streams_bomb, "on page 1)", "512 MiB"),
    "object stream": (pdfbombs.object_stream_bomb, "object 5 (an object stream", "64 MiB"),
    "xref stream": (pdfbombs.xref_stream_bomb, "(a cross-reference stream", "64 MiB"),
}

pytestmark = pytest.mark.broken_pdfs


@pytest.fixture(params=sorted(BOMBS))
def bomb(request, tmp_path):
    make, where, cap = BOMBS[request.param]
    path = tmp_path / f"{request.param.replace(' ', '-')}.pdf"
    path.write_bytes(make())
    return path, where, cap


def test_a_bomb_is_refused_by_name_with_the_cap_and_exit_3(run, bomb):
    path, where, cap = bomb
    assert path.stat().st_size < 1.1 * MIB
    code, out = run("inspect", str(path))
    assert code == 3, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1, out  # one paragraph: file, object, where it is used, the cap, what to do
    assert lines[0].startswith(f"error: {path}: object "), out
    assert where in out and cap in out and "not read" in out, out
    assert "Traceback" not in out and "no problems found" not in out


def test_the_library_raises_our_error_before_reading_anything(bomb):
    path, where, _ = bomb
    with pytest.raises(UnsafePDF) as caught:
        inspect_file(path, name="hostile.pdf")
    assert caught.value.exit_code == 3
    assert [p.file for p in caught.value.problems] == ["hostile.pdf"]
    assert where in caught.value.problems[0].where
    with pytest.raises(UnsafePDF):
        audit_pdf(path, "hostile.pdf")


def test_the_other_files_of_the_run_are_still_inspected(run, tmp_path):
    hostile = tmp_path / "hostile.pdf"
    hostile.write_bytes(pdfbombs.content_bomb())
    good = tmp_path / "good.pdf"
    canvas = Canvas(str(good), invariant=1)
    canvas.drawString(72, 700, "A")
    canvas.save()
    code, out = run("inspect", str(hostile), str(good))
    assert code == 3
    assert f"{good}: " in out and f"{hostile}: object 4 (the content of page 1)" in out


# The child's own peak: VmHWM belongs to the process's memory since exec. (getrusage's ru_maxrss would
# not do: Linux carries the parent's peak over exec, so a child of a large pytest reports pytest's.)
SCRIPT = """
import json, sys
from handouts.cli import main
try:
    main(["inspect", sys.argv[1]])
    code = 0
except SystemExit as exc:
    code = exc.code
status = open("/proc/self/status").read()
peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))  # KiB
print(json.dumps({"code": code, "peak_mib": peak / 1024}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc to read peak memory")
@pytest.mark.parametrize("name", ["page content", "nested image", "object stream"])
def test_peak_memory_stays_bounded(tmp_path, name):
    """Decoded, these are 0.5 to 1 GiB; read whole they took that much memory and more."""
    path = tmp_path / "hostile.pdf"
    path.write_bytes(BOMBS[name][0]())
    # (the timeout only stops a hang: before the caps, these ran for over ten minutes)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 3, done.stderr
    assert report["peak_mib"] < 300, report


def test_a_predictor_before_another_filter_is_refused(run, tmp_path):
    path = tmp_path / "chain.pdf"
    path.write_bytes(pdfbombs.predictor_chain())
    code, out = run("inspect", str(path))
    assert code == 3 and "object 4 (the content of page 1)" in out and "chain of filters" in out


def test_a_file_under_the_caps_is_read_and_one_past_a_lowered_cap_is_not(tmp_path):
    """The caps are what refuse, not the shape of the file: 1 MiB of page content passes 64 MiB and fails 512 KiB."""
    path = tmp_path / "big.pdf"
    path.write_bytes(pdfbombs.content_bomb(mib=1))
    from handouts.inspection import Settings

    with pytest.raises(UnsafePDF) as caught:
        inspect_file(path, Settings(limits=DecodeLimits(stream=MIB // 2)))
    assert "512 KiB" in caught.value.problems[0].what
    assert inspect_file(path).problems == []  # read: 1 MiB of zeros draws nothing


# -- the counting decoder ------------------------------------------------------------------------------------


DATA = bytes(range(256)) * 300 + b"handouts" * 1000


@pytest.mark.parametrize(
    ("filters", "encode"),
    [
        (["/FlateDecode"], zlib.compress),
        (["/Fl", "/Fl"], lambda d: zlib.compress(zlib.compress(d))),
        (["/ASCII85Decode", "/FlateDecode"], lambda d: __import__("base64").a85encode(zlib.compress(d)) + b"~>"),
        (["/AHx"], lambda d: d.hex().encode() + b">"),
        (["/LZWDecode"], pdfbombs.lzw_encode),
        (["/RunLengthDecode"], lambda d: b"".join(bytes([len(c) - 1]) + c for c in _chunks(d, 128)) + b"\x80"),
    ],
    ids=["flate", "flate-flate", "a85-flate", "hex", "lzw", "runlength"],
)
def test_every_expanding_filter_is_counted_to_the_byte(filters, encode):
    raw = encode(DATA)
    assert decoded_size(raw, filters, [False] * len(filters), 10 * MIB) == max(len(DATA), len(raw))
    assert decoded_size(raw, filters, [False] * len(filters), len(DATA) - 1) == len(DATA)  # limit + 1: past it


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_an_image_codec_ends_the_count_and_a_predictor_on_the_last_filter_is_fine():
    jpeg_like = b"\xff\xd8" + bytes(1000)
    assert decoded_size(jpeg_like, ["/DCTDecode"], [False], MIB) == len(jpeg_like)
    assert decoded_size(zlib.compress(DATA), ["/FlateDecode"], [True], MIB) == len(DATA)
    with pytest.raises(Unfollowable):
        decoded_size(zlib.compress(zlib.compress(DATA)), ["/Fl", "/Fl"], [True, False], MIB)


# -- encrypted files: object streams cannot be measured before qpdf decrypts them -------------------------------


def _encrypted(tmp_path: Path, filler: int) -> Path:
    """A handout saved encrypted (empty user password) with object streams, plus ``filler`` objects of
    2 KB of random text each, which make its object streams large."""
    import random

    import pikepdf

    from handouts.build import render_handout
    from tests.conftest import PAIR

    rendered, _ = render_handout("comparison", PAIR)
    pdf = pikepdf.open(io.BytesIO(rendered.pdf))
    noise = random.Random(7)
    kept = [
        pdf.make_indirect(pikepdf.Dictionary(Note=pikepdf.String(noise.randbytes(1024).hex()))) for _ in range(filler)
    ]
    if kept:
        pdf.Root.HdFiller = pikepdf.Array(kept)
    path = tmp_path / "encrypted.pdf"
    pdf.save(
        path,
        encryption=pikepdf.Encryption(owner="owner", user=""),
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return path


def test_an_encrypted_file_with_small_object_streams_is_read(tmp_path):
    inspection = inspect_file(_encrypted(tmp_path, 0))
    assert [str(p) for p in inspection.problems] == []


def test_an_encrypted_object_stream_that_could_pass_the_cap_is_refused_with_a_way_out(run, tmp_path):
    path = _encrypted(tmp_path, 100)  # object streams of about 200 KB: up to 200 MB decoded, unmeasurable
    code, out = run("inspect", str(path))
    assert code == 3, out
    assert "an object stream" in out and "encrypted" in out and "64 MiB" in out
    assert "without encryption" in out
