"""Hostile PDFs for the inspect tests, written byte by byte: decompression bombs of every kind inspect must refuse.

Nothing here is committed as a file: each PDF is made when a test asks for it, in
milliseconds, without ever holding the decoded bytes. A Flate stream of N MiB of
zeros is one compressed MiB followed by N-1 copies of the next (a full flush
resets the compressor, so every later MiB compresses to the same bytes) and the
zlib trailer worked out by hand, so it decodes cleanly to exactly N MiB.

The writers are deliberately small and literal (objects, an xref table or an xref
stream, a trailer), so each file holds exactly the structure a test names.
"""

from __future__ import annotations

import zlib

MIB = 1 << 20
_ZEROS = bytes(MIB)


def zeros_flate(mib: int, prefix: bytes = b"") -> bytes:
    """A zlib stream that decodes to ``prefix`` followed by ``mib`` MiB of zero bytes."""
    compressor = zlib.compressobj(9)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH) if prefix else b""
    first = compressor.compress(_ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    steady = compressor.compress(_ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(prefix)
    low, high = checksum & 0xFFFF, checksum >> 16
    high = (high + low * mib * MIB) % 65521  # each zero byte adds the running low sum to the high sum
    return head + first + steady * (mib - 1) + b"\x03\x00" + ((high << 16) | low).to_bytes(4, "big")


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def write(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF with a classic xref table; ``objects`` maps object numbers to their bodies."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def write_with_xref_stream(
    objects: dict[int, bytes],
    compressed: dict[int, tuple[int, int]] | None = None,
    root: int = 1,
    xref_data: bytes | None = None,
) -> bytes:
    """A PDF whose cross-reference is a stream; ``compressed`` maps object numbers to (object stream, index).

    ``xref_data`` replaces the stream's (Flate) data, e.g. with a bomb.
    """
    compressed = compressed or {}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_number = max([*objects, *compressed]) + 1
    xref_offset = len(out)
    offsets[xref_number] = xref_offset
    rows = bytearray()
    for number in range(xref_number + 1):
        if number in offsets:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00"
        elif number in compressed:
            holder, index = compressed[number]
            rows += b"\x02" + holder.to_bytes(4, "big") + index.to_bytes(2, "big")
        else:
            rows += b"\x00\x00\x00\x00\x00\xff\xff"
    data = zlib.compress(bytes(rows)) if xref_data is None else xref_data
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        root,
        len(data),
    )
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def page(entries: bytes = b"") -> bytes:
    resources = b"" if b"/Resources" in entries else b"/Resources << >> "
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s%s>>" % (resources, entries)


def content_bomb(mib: int = 512) -> bytes:
    """Page 1's content stream (object 4) decodes to ``mib`` MiB: 512 MiB from a 0.5 MB file."""
    return write(
        {
            1: CATALOG,
            2: PAGES,
            3: page(b"/Contents 4 0 R "),
            4: stream(zeros_flate(mib), b"/Filter /FlateDecode "),
        }
    )


def nested_image_bomb() -> bytes:
    """An image on page 1 (object 5, /Im0) behind two Flate filters: 1 GiB from a file of a few kilobytes."""
    inner = zeros_flate(1024)
    image = stream(
        zlib.compress(inner, 9),
        b"/Type /XObject /Subtype /Image /Width 16384 /Height 16384 /ColorSpace /DeviceCMYK "
        b"/BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode] ",
    )
    draw = b"q 100 0 0 100 72 600 cm /Im0 Do Q"
    return write(
        {
            1: CATALOG,
            2: PAGES,
            3: page(b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R "),
            4: stream(draw),
            5: image,
        }
    )


def many_streams_bomb(count: int = 12, mib: int = 48) -> bytes:
    """``count`` images of ``mib`` MiB each: every one under the cap for one stream, all together over the total."""
    objects = {1: CATALOG, 2: PAGES}
    names = b" ".join(b"/Im%d %d 0 R" % (i, 5 + i) for i in range(count))
    objects[3] = page(b"/Resources << /XObject << %s >> >> /Contents 4 0 R " % names)
    objects[4] = stream(b" ".join(b"q 10 0 0 10 %d 600 cm /Im%d Do Q" % (72 + 12 * i, i) for i in range(count)))
    data = zeros_flate(mib)
    for i in range(count):
        objects[5 + i] = stream(
            data,
            b"/Type /XObject /Subtype /Image /Width 4096 /Height 4096 /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter /FlateDecode ",
        )
    return write(objects)


def object_stream_bomb() -> bytes:
    """The page tree lives in an object stream (object 5) padded to 1 GiB: qpdf decodes it merely to open the file."""
    held = PAGES + b" " + page()
    header = b"2 0 3 %d " % (len(PAGES) + 1)
    data = zeros_flate(1024, header + held + b"\n")
    holder = b"<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(data))
    return write_with_xref_stream({1: CATALOG, 5: holder + data + b"\nendstream"}, {2: (5, 0), 3: (5, 1)})


def xref_stream_bomb() -> bytes:
    """The cross-reference stream itself decodes to 1 GiB: qpdf decodes it as it opens the file."""
    return write_with_xref_stream({1: CATALOG, 2: PAGES, 3: page()}, xref_data=zeros_flate(1024))


def predictor_chain() -> bytes:
    """A content stream whose first filter has a predictor and is followed by another: no writer makes this."""
    data = zlib.compress(zlib.compress(b"BT ET"))
    entries = b"/Filter [/FlateDecode /FlateDecode] /DecodeParms [<< /Predictor 12 /Columns 4 >> null] "
    return write({1: CATALOG, 2: PAGES, 3: page(b"/Contents 4 0 R "), 4: stream(data, entries)})


def lzw_encode(data: bytes) -> bytes:
    """LZW as PDF writes it (EarlyChange 1), for checking the counting decoder against known data."""
    table = {bytes([i]): i for i in range(256)}
    width, next_code, bits, count = 9, 258, 0, 0

    def emit(code: int) -> None:
        nonlocal bits, count
        bits, count = (bits << width) | code, count + width

    emit(256)
    word = b""
    for byte in data:
        longer = word + bytes([byte])
        if longer in table:
            word = longer
            continue
        emit(table[word])
        table[longer] = next_code
        next_code += 1
        if next_code >= 1 << width and width < 12:  # the reader widens one code early: after 511 entries
            width += 1
        if next_code >= 4094:
            emit(256)
            table, width, next_code = {bytes([i]): i for i in range(256)}, 9, 258
        word = bytes([byte])
    if word:
        emit(table[word])
    emit(257)
    pad = -count % 8
    return (bits << pad).to_bytes((count + pad) // 8, "big")
