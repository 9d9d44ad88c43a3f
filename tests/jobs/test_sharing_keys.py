"""The print file's sharing keeps one copy of each object whose content is equal, and only of those.

Objects are compared by their content itself, not by a digest of it (cheaper, and exact: two objects are
never merged on a digest alone); the font programs that retagging already decoded are not decoded again,
and what sharing then keeps is what it keeps when it reads every stream itself.
"""

from __future__ import annotations

import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name

import handouts.jobs.sharing as sharing
from handouts.jobs.sharing import Sharer
from handouts.subsettags import retag_subsets


def _stream(pdf: pikepdf.Pdf, data: bytes, compressed: bool = False, **entries) -> pikepdf.Stream:
    stream = pdf.make_stream(zlib.compress(data) if compressed else data)
    if compressed:
        stream.stream_dict.Filter = Name.FlateDecode
    for key, value in entries.items():
        stream.stream_dict[Name("/" + key)] = value
    return stream


def test_equal_content_is_kept_once_and_different_content_apart():
    pdf = pikepdf.new()
    sharer = Sharer()
    first = _stream(pdf, b"0 0 m 10 10 l S")
    same_compressed = _stream(pdf, b"0 0 m 10 10 l S", compressed=True)  # another encoding of the same data
    other = _stream(pdf, b"0 0 m 10 20 l S")
    dict_a = pdf.make_indirect(Dictionary(Type=Name.ExtGState, CA=0.5))
    dict_b = pdf.make_indirect(Dictionary(Type=Name.ExtGState, CA=0.5))
    dict_c = pdf.make_indirect(Dictionary(Type=Name.ExtGState, CA=0.25))
    assert sharer.indirect(first).objgen == first.objgen
    assert sharer.indirect(same_compressed).objgen == first.objgen
    assert sharer.indirect(other).objgen == other.objgen
    assert sharer.indirect(dict_a).objgen == dict_a.objgen
    assert sharer.indirect(dict_b).objgen == dict_a.objgen
    assert sharer.indirect(dict_c).objgen == dict_c.objgen
    assert sharer.merged == 2


def test_references_are_pointed_at_the_kept_copy_before_containers_are_compared():
    pdf = pikepdf.new()
    font_a = pdf.make_indirect(Dictionary(Type=Name.Font, BaseFont=Name("/Helvetica")))
    font_b = pdf.make_indirect(Dictionary(Type=Name.Font, BaseFont=Name("/Helvetica")))
    res_a = pdf.make_indirect(Dictionary(Font=Dictionary(F1=font_a)))
    res_b = pdf.make_indirect(Dictionary(Font=Dictionary(F1=font_b)))
    sharer = Sharer()
    assert sharer.indirect(res_a).objgen == res_a.objgen
    assert sharer.indirect(res_b).objgen == res_a.objgen  # the same once its font points at the kept font
    assert res_b.Font.F1.objgen == font_a.objgen


def test_objects_are_never_merged_on_a_digest_alone(monkeypatch):
    """Were two different streams' digests equal (a hash that collides), both are still kept."""

    class Colliding:
        @staticmethod
        def sha256(data=b""):
            class Same:
                def digest(self):
                    return b"\0" * 32

            return Same()

    monkeypatch.setattr(sharing, "hashlib", Colliding, raising=False)
    pdf = pikepdf.new()
    a, b = _stream(pdf, b"BT (a) Tj ET"), _stream(pdf, b"BT (b) Tj ET")
    arrays = [pdf.make_indirect(Array([1, 2])), pdf.make_indirect(Array([1, 3]))]
    sharer = Sharer()
    assert {sharer.indirect(o).objgen for o in (a, b, *arrays)} == {o.objgen for o in (a, b, *arrays)}
    assert sharer.merged == 0


def _font(pdf: pikepdf.Pdf, program: bytes, tag: str = "AAAAAA") -> Dictionary:
    file = _stream(pdf, program, compressed=True)
    descriptor = pdf.make_indirect(Dictionary(Type=Name.FontDescriptor, FontName=Name(f"/{tag}+Demo"), FontFile2=file))
    return pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name(f"/{tag}+Demo"), FontDescriptor=descriptor)
    )


def test_retagging_notes_each_program_decoded_as_sharing_would_read_it():
    pdf = pikepdf.new()
    fonts = [_font(pdf, b"program one" * 50), _font(pdf, b"program two" * 50), _font(pdf, b"program one" * 50)]
    decoded: dict[tuple[int, int], bytes] = {}
    retag_subsets(pdf, decoded)
    files = [font.FontDescriptor.FontFile2 for font in fonts]
    assert decoded == {f.objgen: f.read_bytes(pikepdf.StreamDecodeLevel.generalized) for f in files}


def test_sharing_given_the_decoded_programs_keeps_what_it_keeps_reading_them_itself():
    def kept(use_decoded: bool) -> list[tuple[int, int]]:
        pdf = pikepdf.new()
        programs = [b"glyphs A" * 40, b"glyphs B" * 40, b"glyphs A" * 40, b"glyphs C" * 40, b"glyphs B" * 40]
        fonts = [
            _font(pdf, p, tag)
            for p, tag in zip(programs, ["AAAAAA", "AAAAAA", "AAAAAB", "AAAAAA", "ZZZZZZ"], strict=True)
        ]
        decoded: dict[tuple[int, int], bytes] = {}
        retag_subsets(pdf, decoded)
        sharer = Sharer(decoded if use_decoded else None)
        return [sharer.indirect(font).objgen for font in fonts]

    with_decoded, without = kept(True), kept(False)
    assert with_decoded == without
    assert len(set(with_decoded)) == 3  # A, B and C once each


def test_sharing_takes_a_stream_it_was_given_decoded_from_what_it_was_given():
    """The decoded data stands for the stream (so it is read once); a stream not given is read."""
    pdf = pikepdf.new()
    a, b = _stream(pdf, b"one", compressed=True), _stream(pdf, b"two", compressed=True)
    sharer = Sharer({b.objgen: b"one"})  # as if b held a's data
    assert sharer.indirect(a).objgen == a.objgen
    assert sharer.indirect(b).objgen == a.objgen
    plain = Sharer()
    assert plain.indirect(a).objgen == a.objgen and plain.indirect(b).objgen == b.objgen
