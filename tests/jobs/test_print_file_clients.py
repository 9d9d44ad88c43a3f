"""What the print file is made of: every stream readable by every client, one name per font program, each
identical object stored once.

The print file merges many rendered documents with pikepdf. Three things went wrong there and are held
here: a blank duplex back had a zero-length content stream claiming /FlateDecode, which Ghostscript (the
engine of many print shops' RIPs) refused on every blank page; ReportLab names the first subset of every
document ``AAAAAA+...``, so one name stood for many different font programs; and distinct documents each
brought their own copy of the logo, its mask and identical font subsets.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

import pikepdf
import pytest

import handouts.subsettags
from handouts.jobs.batch import run_job
from tests.conftest import ROOT
from tests.support.jobkit import STUDENTS, edit, job_copy
from tests.support.pdfclients import (
    duplicate_font_names,
    ghostscript_redistill,
    ghostscript_render,
    pdfjs_read,
    require,
)

_PROGRAMS = ("/FontFile", "/FontFile2", "/FontFile3")
_STORAGE = {"/Length", "/Filter", "/DecodeParms"}


@pytest.fixture(autouse=True)
def _output_in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _full_job(tmp_path: Path, students: int = 5, sheets: bool = True) -> Path:
    """The test job: copies, duplex blanks and overlaid names, and (``sheets``) a cover and separators."""
    manifest = job_copy(tmp_path, STUDENTS[:students])
    if sheets:
        edit(manifest, "separators = false", "separators = true\ncover = true")
    return manifest


@pytest.fixture(scope="module", params=[True, False], ids=["cover-and-separators", "plain"])
def print_file(request, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("full")
    return run_job(_full_job(tmp, sheets=request.param), output=tmp / "out" / "fair.pdf", jobs=1).path


@pytest.fixture(scope="module")
def career_fair(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fair")
    return run_job(ROOT / "examples" / "career-fair" / "job.toml", output=folder / "fair.pdf", jobs=2).path


def _streams(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"]


def _program(font: pikepdf.Dictionary) -> bytes:
    descriptor = font.FontDescriptor
    return next(descriptor[key].read_bytes() for key in _PROGRAMS if key in descriptor)


# --- every stream readable -------------------------------------------------------------------------------


def test_a_blank_back_has_no_content_stream(print_file):
    with pikepdf.open(print_file) as pdf:
        blank = [page for page in pdf.pages if "/Contents" not in page.obj]
        drawn = [page for page in pdf.pages if "/Contents" in page.obj]
        assert len(blank) >= 5  # the cover's, the separators', the one-page checklists' backs
        for page in drawn:  # and a page that draws has something in each of its content streams
            contents = page.obj.Contents
            streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            assert all(stream.read_bytes().strip() for stream in streams)


def test_every_stream_written_decodes_to_something(print_file):
    """Page content, cover and separator sheets, name overlays, flattened checkboxes, fonts, images."""
    with pikepdf.open(print_file) as pdf:
        streams = _streams(pdf)
        assert len(streams) > 20
        for stream in streams:
            assert stream.read_raw_bytes(), stream.objgen
            assert stream.read_bytes(), stream.objgen
        forms = [s for s in streams if s.get("/Subtype") == "/Form"]
        assert forms  # the overlays and the flattened checkboxes were among them


def test_ghostscript_draws_every_page_of_a_duplex_print_file_without_a_complaint(print_file, tmp_path):
    require("gs")
    assert ghostscript_render(print_file) == []
    assert ghostscript_redistill(print_file, tmp_path) == []


def test_pdfjs_reads_every_page_of_a_duplex_print_file_without_a_complaint(print_file):
    require("pdf.js")
    assert pdfjs_read(print_file)[print_file] == []


# --- one name per font program ---------------------------------------------------------------------------


def _names_and_programs(path: Path) -> set[tuple[str, str]]:
    with pikepdf.open(path) as pdf:
        return {(str(font.BaseFont)[1:], hashlib.sha256(_program(font)).hexdigest()) for font in _fonts(pdf)}


def _one_to_one(pairs: set[tuple[str, str]]) -> tuple[dict, dict]:
    names, programs = defaultdict(set), defaultdict(set)
    for name, program in pairs:
        names[name].add(program)
        programs[program].add(name)
    return (
        {name: len(p) for name, p in names.items() if len(p) > 1},
        {program[:8]: sorted(n) for program, n in programs.items() if len(n) > 1},
    )


def test_no_two_font_programs_share_a_name(print_file):
    pairs = _names_and_programs(print_file)
    assert len({program for _, program in pairs}) >= 4  # several documents, each with its own subsets
    assert all(re.fullmatch(r"[A-Z]{6}\+[A-Za-z-]+", name) for name, _ in pairs), pairs
    shared_names, _ = _one_to_one(pairs)
    assert shared_names == {}
    with pikepdf.open(print_file) as pdf:  # and one font object per name: identical fonts were merged
        objects = defaultdict(set)
        for font in _fonts(pdf):
            objects[str(font.BaseFont)].add(font.objgen)
        assert {name: len(o) for name, o in objects.items() if len(o) > 1} == {}
    require("pdffonts")
    assert duplicate_font_names(print_file) == {}


def test_a_subset_is_named_after_its_program_the_same_in_every_print_file(print_file, tmp_path):
    """Another job sharing one handout: the same subset has the same name in both files, others differ."""
    manifest = tmp_path / "other.toml"
    manifest.write_text(
        'name = "Other"\n\n[[items]]\nlayout = "comparison"\n'
        'roles = ["medical-assistant", "medical-administrative-assistant"]\n\n'
        '[[items]]\nlayout = "pathway"\nroles = ["medical-assistant"]\n'
    )
    other = run_job(manifest, output=tmp_path / "other.pdf", jobs=1).path
    mine, theirs = _names_and_programs(print_file), _names_and_programs(other)
    assert mine & theirs  # the comparison's subsets, in both files under the same name
    assert theirs - mine  # the pathway's, only in the second file
    shared_names, renamed = _one_to_one(mine | theirs)
    assert shared_names == {} and renamed == {}


def test_the_new_name_is_the_name_everywhere_the_font_is_named(print_file):
    with pikepdf.open(print_file) as pdf:
        for font in _fonts(pdf):
            name = str(font.BaseFont)[1:]
            assert str(font.FontDescriptor.FontName)[1:] == name
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            assert re.search(r"/CMapName /(\S+) def", cmap)[1] == name


def test_names_stay_unique_when_two_programs_give_the_same_tag(tmp_path, monkeypatch):
    real = handouts.subsettags.tag_for
    monkeypatch.setattr(
        handouts.subsettags,
        "tag_for",
        lambda program, attempt=0: "CLASHA" if attempt == 0 else real(program, attempt),
    )
    path = run_job(_full_job(tmp_path, 2), output=tmp_path / "out" / "clash.pdf", jobs=1).path
    pairs = _names_and_programs(path)
    assert any(name.startswith("CLASHA+") for name, _ in pairs)
    assert _one_to_one(pairs)[0] == {}
    require("pdffonts")
    assert duplicate_font_names(path) == {}


# --- each identical object once --------------------------------------------------------------------------


def _content_key(stream: pikepdf.Stream) -> tuple:
    entries = tuple(sorted((str(k), repr(v)) for k, v in stream.stream_dict.items() if str(k) not in _STORAGE))
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        data = stream.read_raw_bytes()
    return entries, hashlib.sha256(data).digest()


def _copies(path: Path) -> dict[str, int]:
    """Streams stored more than once (same data, same dictionary), by what they are."""
    with pikepdf.open(path) as pdf:
        seen: dict[tuple, list[pikepdf.Stream]] = defaultdict(list)
        for stream in _streams(pdf):
            seen[_content_key(stream)].append(stream)
        return {
            f"{group[0].get('/Subtype', '(content)')} {group[0].objgen}": len(group)
            for group in seen.values()
            if len(group) > 1
        }


def test_each_identical_stream_is_stored_once(print_file):
    assert _copies(print_file) == {}


def test_the_career_fair_stores_its_logo_and_every_font_program_once(career_fair):
    assert _copies(career_fair) == {}
    with pikepdf.open(career_fair) as pdf:
        images = [s for s in _streams(pdf) if s.get("/Subtype") == "/Image"]
        masks = {s.SMask.objgen for s in images if "/SMask" in s}
        logos = [s for s in images if "/SMask" in s]
        assert len(logos) == 1 and len(masks) == 1  # seven distinct documents print the brand's logo
        programs = [_program(font) for font in _fonts(pdf)]
        assert len(programs) == len(set(programs))  # one font object per distinct program
    require("pdffonts")
    assert duplicate_font_names(career_fair) == {}
