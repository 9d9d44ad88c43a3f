"""Report how much of a PDF's stream data is stored more than once, and which font names are reused.

Run: python scripts/stream_duplicates.py FILE.pdf [FILE.pdf ...]

A print file merges many rendered documents; when each brings its own copy
of the same logo, font subset or form, the file carries the same bytes
several times. This counts every stream object in the file, groups them by
content (the bytes as stored plus the dictionary entries that say how to read
them: /Filter, /DecodeParms, /Subtype, /Width, ...) and reports the share of
raw stream bytes that are copies of a stream already counted, by kind. It
also lists font names (``/BaseFont``) that stand for more than one font
program. Nothing here is used by handouts itself; it is the measuring stick
for `printfile`.
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from pathlib import Path

import pikepdf

_IGNORED = {"/Length"}


def _kind(stream: pikepdf.Stream, font_files: set[tuple[int, int]], cmaps: set[tuple[int, int]]) -> str:
    subtype = str(stream.get("/Subtype", ""))
    if stream.objgen in font_files:
        return "font program"
    if stream.objgen in cmaps:
        return "ToUnicode"
    if subtype == "/Image":
        return "image"
    if subtype == "/Form":
        return "form XObject"
    return "other (page content, ...)"


def _roles(pdf: pikepdf.Pdf) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    font_files, cmaps = set(), set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") not in (pikepdf.Name.Font, "/FontDescriptor"):
            continue
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in obj:
                font_files.add(obj[key].objgen)
        if "/ToUnicode" in obj:
            cmaps.add(obj.ToUnicode.objgen)
    return font_files, cmaps


def measure(path: Path) -> dict:
    """Totals, duplicate bytes by kind, and reused font names for one file."""
    with pikepdf.open(path) as pdf:
        font_files, cmaps = _roles(pdf)
        seen: set[bytes] = set()
        total = duplicate = streams = copies = 0
        by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # bytes, duplicate bytes, duplicate streams
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            raw = obj.read_raw_bytes()
            entries = sorted((str(k), repr(v)) for k, v in obj.stream_dict.items() if k not in _IGNORED)
            digest = hashlib.sha256(repr(entries).encode() + b"\0" + raw).digest()
            kind = _kind(obj, font_files, cmaps)
            streams += 1
            total += len(raw)
            by_kind[kind][0] += len(raw)
            if digest in seen:
                copies += 1
                duplicate += len(raw)
                by_kind[kind][1] += len(raw)
                by_kind[kind][2] += 1
            seen.add(digest)
        programs: dict[str, set[bytes]] = defaultdict(set)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in obj:
                        programs[str(obj.FontName)[1:]].add(hashlib.sha256(obj[key].read_bytes()).digest())
        pages = len(pdf.pages)
    return {
        "file": str(path),
        "bytes": path.stat().st_size,
        "pages": pages,
        "streams": streams,
        "stream_bytes": total,
        "duplicate_streams": copies,
        "duplicate_bytes": duplicate,
        "by_kind": dict(by_kind),
        "font_programs": sum(len(v) for v in programs.values()),
        "font_names": len(programs),
        "shared_names": {name: len(v) for name, v in programs.items() if len(v) > 1},
    }


def report(found: dict) -> str:
    share = found["duplicate_bytes"] / found["stream_bytes"] if found["stream_bytes"] else 0.0
    lines = [
        f"{found['file']}: {found['bytes']:,} bytes, {found['pages']:,} pages",
        f"  streams: {found['streams']:,} holding {found['stream_bytes']:,} raw bytes",
        f"  duplicates: {found['duplicate_streams']:,} streams, {found['duplicate_bytes']:,} bytes "
        f"({share:.1%} of raw stream bytes)",
    ]
    for kind, (size, dup, count) in sorted(found["by_kind"].items()):
        lines.append(f"    {kind:<26} {size:>10,} bytes, {dup:>10,} duplicate ({count} streams)")
    lines.append(f"  font programs: {found['font_programs']} under {found['font_names']} names")
    for name, count in sorted(found["shared_names"].items()):
        lines.append(f"    {name}: {count} different programs")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    for name in argv:
        print(report(measure(Path(name))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
