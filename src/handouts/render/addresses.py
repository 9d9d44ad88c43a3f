"""Web addresses printed whole, in lines that fit: one rule for the footer and the text under a QR code.

A reader must be able to type every character of an address, so it is
never shortened. ReportLab breaks lines only at spaces (and cuts a long word
anywhere), so an address is cut here: after / ? & (where a reader expects a
break; never after the scheme's //), and only when a run between those is wider than the room, after
. - = _, and failing that between characters.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth


def url_lines(url: str, room: float, font: str, size: float) -> list[str]:
    """``url`` in lines no wider than ``room`` (in ``font`` at ``size``), each as long as it can be."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(url, room, font, size):
        if line and stringWidth(line + piece, font, size) > room:
            lines.append(line)
            line = piece
        else:
            line += piece
    return [*lines, line] if line else lines


def _pieces(url: str, room: float, font: str, size: float) -> list[str]:
    """The runs a line may end after: up to each / ? &, a wider run cut after . - = _, then anywhere."""
    pieces = []
    for piece in re.findall(r"(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/?&]*[/?&]*", url):  # "https://" kept with the host
        if not piece:
            continue
        if stringWidth(piece, font, size) <= room:
            pieces.append(piece)
            continue
        for part in re.findall(r"[^.\-=_]*[.\-=_]*", piece):
            if part and stringWidth(part, font, size) <= room:
                pieces.append(part)
            elif part:
                pieces += list(part)  # one unbreakable run longer than the room: break between characters
    return pieces
