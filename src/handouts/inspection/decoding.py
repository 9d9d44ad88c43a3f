"""How large a PDF stream decodes to, found without ever holding the decoded bytes.

A few hundred kilobytes of Flate can stand for gigabytes of zeros, and
filters nest (``[/FlateDecode /FlateDecode]``), so a small file can expand
without end. qpdf and pdfminer decode a stream whole before anyone can look
at its size; `decoded_size` decodes it here in chunks, through each filter
in turn, counts the bytes and drops them, and stops as soon as any stage
passes the limit. Memory stays at a few chunks whatever the stream holds.

It follows the filters that expand (Flate, LZW, RunLength, ASCII85,
ASCIIHex). Image codecs (DCT, JPX, JBIG2, CCITT) and the Crypt filter end
the count: nothing in `handouts inspect` decodes their pixels, so what
reaches them is what is held. Predictors only remove bytes, so a predictor
on the last filter is ignored; one before another filter would change what
that filter reads, which no real PDF does, so such a chain is refused as
`Unfollowable`. A stage that meets damaged data stops where the damage
starts, as qpdf and pdfminer do: what came out before it is counted.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence

CHUNK = 1 << 16
ABBREVIATIONS = {
    "/Fl": "/FlateDecode",
    "/LZW": "/LZWDecode",
    "/RL": "/RunLengthDecode",
    "/A85": "/ASCII85Decode",
    "/AHx": "/ASCIIHexDecode",
}


class Unfollowable(Exception):
    """The filter chain is one this module cannot count (a predictor before another filter)."""


class _Over(Exception):
    """A stage produced more than the limit."""


def decoded_size(raw: bytes, filters: Sequence[str], predictors: Sequence[bool], limit: int) -> int:
    """Bytes the largest stage of ``filters`` gives from ``raw``; ``limit + 1`` as soon as one passes ``limit``.

    ``filters`` are PDF filter names in decoding order; ``predictors[i]`` says
    whether filter i has a /Predictor above 1 in its /DecodeParms.
    """
    if len(raw) > limit:
        return limit + 1
    stages: list[_Counter] = []
    chunks: Iterator[bytes] = _pieces(raw)
    for index, name in enumerate(filters):
        stage = _STAGES.get(ABBREVIATIONS.get(name, name))
        if stage is None:
            break  # an image codec, Crypt or an unknown filter: the count ends here
        if index < len(predictors) and predictors[index] and index + 1 < len(filters):
            raise Unfollowable(f"{name} has a predictor and is followed by {filters[index + 1]}")
        chunks = _Counter(stage(chunks), limit)
        stages.append(chunks)
    try:
        for _ in chunks:
            pass
    except _Over:
        return limit + 1
    return max([len(raw), *(stage.seen for stage in stages)])


class _Counter(Iterator[bytes]):
    """Passes chunks on, raising `_Over` once more than ``limit`` bytes have passed: every stage
    is bounded, not only the last (a stage can swallow a flood of input and give little out)."""

    def __init__(self, source: Iterator[bytes], limit: int) -> None:
        self.source, self.limit, self.seen = source, limit, 0

    def __next__(self) -> bytes:
        piece = next(self.source)
        self.seen += len(piece)
        if self.seen > self.limit:
            raise _Over
        return piece


def _pieces(raw: bytes) -> Iterator[bytes]:
    view = memoryview(raw)
    for start in range(0, len(raw), CHUNK):
        yield bytes(view[start : start + CHUNK])


def _flate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            data = chunk
            while data and not inflater.eof:
                out = inflater.decompress(data, CHUNK)
                if out:
                    yield out
                data = inflater.unconsumed_tail
            if inflater.eof:
                return
        tail = inflater.flush()
        if tail:
            yield tail
    except zlib.error:
        return


def _lzw(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """LZW as PDF uses it (EarlyChange 1, the default: the code width grows one code early)."""
    table: list[bytes] = []
    width, previous = 9, b""
    buffer, bits = 0, 0

    def reset() -> None:
        table[:] = [bytes([i]) for i in range(256)] + [b"", b""]

    reset()
    for chunk in chunks:
        out = bytearray()
        for byte in chunk:
            buffer, bits = (buffer << 8) | byte, bits + 8
            while bits >= width:
                bits -= width
                code = (buffer >> bits) & ((1 << width) - 1)
                buffer &= (1 << bits) - 1
                if code == 256:
                    reset()
                    width, previous = 9, b""
                    continue
                if code == 257:
                    if out:
                        yield bytes(out)
                    return
                if not previous:
                    if code >= 256:
                        return  # damaged: a first code must be a single byte
                    entry = table[code]
                elif code < len(table):
                    entry = table[code]
                    table.append(previous + entry[:1])
                elif code == len(table):
                    entry = previous + previous[:1]
                    table.append(entry)
                else:
                    if out:
                        yield bytes(out)
                    return  # damaged
                out += entry
                previous = entry
                if len(table) + 1 >= 1 << width and width < 12:
                    width += 1
                if len(out) >= CHUNK:
                    yield bytes(out)
                    out = bytearray()
        if out:
            yield bytes(out)


def _run_length(chunks: Iterable[bytes]) -> Iterator[bytes]:
    literal = 0  # bytes still to copy from a literal run
    repeat = False  # the next byte is repeated ``count`` times
    count = 0
    for chunk in chunks:
        out = bytearray()
        position = 0
        while position < len(chunk):
            if literal:
                take = chunk[position : position + literal]
                out += take
                literal -= len(take)
                position += len(take)
            elif repeat:
                out += chunk[position : position + 1] * count
                repeat = False
                position += 1
            else:
                length = chunk[position]
                position += 1
                if length == 128:
                    if out:
                        yield bytes(out)
                    return
                if length < 128:
                    literal = length + 1
                else:
                    repeat, count = True, 257 - length
            if len(out) >= CHUNK:
                yield bytes(out)
                out = bytearray()
        if out:
            yield bytes(out)


_SPACE = re.compile(rb"[\x00\t\n\x0c\r ]+")
_A85_GROUPS = re.compile(rb"(?:z|[!-u]{5})*")


def _ascii_hex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    carry = b""
    for chunk in chunks:
        text = carry + _SPACE.sub(b"", chunk)
        end = text.find(b">")
        if end != -1:
            text = text[:end] + (b"0" if (end % 2) else b"")
        whole = len(text) - len(text) % 2
        try:
            out = binascii.unhexlify(text[:whole])
        except binascii.Error:
            return
        if out:
            yield out
        if end != -1:
            return
        carry = text[whole:]


def _ascii85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    carry = b""
    for chunk in chunks:
        text = carry + _SPACE.sub(b"", chunk)
        end = text.find(b"~")
        final = end != -1
        if final:
            text = text[:end]
        groups = _A85_GROUPS.match(text)
        complete = groups.end() if groups else 0
        body, rest = text[:complete], text[complete:]
        pad = 0
        if final and rest:  # the last group may be short: pad it with 'u' and drop as many bytes
            pad = 5 - len(rest)
            body += rest + b"u" * pad
        elif len(rest) >= 5:
            return  # a character outside the alphabet: damaged
        try:
            out = base64.a85decode(body)
        except ValueError:
            return
        if pad:
            out = out[:-pad]
        if out:
            yield out
        if final:
            return
        carry = rest


_STAGES = {
    "/FlateDecode": _flate,
    "/LZWDecode": _lzw,
    "/RunLengthDecode": _run_length,
    "/ASCII85Decode": _ascii85,
    "/ASCIIHexDecode": _ascii_hex,
}
