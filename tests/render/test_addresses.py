"""A web address is printed whole and broken where a reader expects: after / ? &, in the footer and under a QR code."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.render.addresses import url_lines
from tests.support.layoutkit import content_words, render_markup

URL = "https://orientation.cegep-hcn-iles.example/carrieres/sante/fiches?lang=fr&source=papier&x=1"
HOST = "https://orientation.cegep-hcn-iles.example/"  # one run: the scheme's // is no place for a break


def odd_breaks(lines: list[str]) -> list[str]:
    """Lines that end other than after / ? & outside the host (the one run with no / ? & to break at)."""
    ends = [len("".join(lines[: n + 1])) for n in range(len(lines) - 1)]
    return [lines[n] for n, end in enumerate(ends) if URL[end - 1] not in "/?&" and end >= len(HOST)]


@pytest.mark.parametrize("room", [60, 90, 130, 200, 400])
def test_lines_join_to_the_whole_address_and_fit(room):
    lines = url_lines(URL, room, "Helvetica", 8)
    assert "".join(lines) == URL
    assert all(stringWidth(line, "Helvetica", 8) <= room for line in lines)


@pytest.mark.parametrize("room", [100, 130, 170, 250])
def test_a_line_ends_after_a_slash_question_mark_or_ampersand_unless_the_run_is_wider_than_a_line(room):
    lines = url_lines(URL, room, "Helvetica", 8)
    assert len(lines) > 1 and odd_breaks(lines) == []
    if stringWidth(HOST, "Helvetica", 8) <= room:
        assert lines[0].startswith(HOST)  # the host is never cut when it fits a line
    else:
        assert lines[0][-1] in ".-" and not lines[0].endswith("//")


def test_a_run_with_no_punctuation_wider_than_the_room_breaks_between_characters():
    lines = url_lines("https://x.example/" + "a" * 60, 50, "Helvetica", 8)
    assert "".join(lines).endswith("a" * 60) and len(lines) > 2


def test_the_address_under_a_qr_code_breaks_as_the_footer_does(tmp_path):
    qr = f'<qr url="{URL.replace("&", "&amp;")}" size="1in"/>'
    body = f"<columns widths='*,1.6in'><column><p>Scan me.</p></column><column>{qr}</column></columns>"
    pdf = render_markup(tmp_path, body)
    lines: dict[int, str] = {}
    for word in content_words(pdf):
        if word["x0"] > pdf.page_sizes[0][0] / 2:  # the right-hand column: the code's address
            lines[round(word["top"])] = lines.get(round(word["top"]), "") + word["text"]
    printed = [lines[top] for top in sorted(lines)]
    assert "".join(printed) == URL
    assert len(printed) > 2 and odd_breaks(printed) == [], printed
