"""The print job's parts on their own: manifest lines, roster reading, name fitting, reading pages back."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.build import render_handout
from handouts.contentstream.glyphs import read_page
from handouts.inputs.brand import toml_lines
from handouts.jobs.batch import run_job
from handouts.jobs.overlay import Slot, confirm_room, fits, widened
from handouts.jobs.roster import _NOT_PLAIN_ASCII, _clean, read_roster
from tests.conftest import FIXTURES, PAIR
from tests.support.pdfcheck import Pdf


@pytest.fixture(autouse=True)
def _output_in_tmp_path(tmp_path, monkeypatch):
    """A job's default print file (output/NAME.pdf) is relative to the working folder: keep it in the test's."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def fonts():
    from handouts.inputs.brand import load_brand
    from handouts.inputs.fonts import load_fonts

    return load_fonts(load_brand(None))


def test_manifest_lines_number_each_entry_of_an_array_of_tables():
    text = 'name = "x"\n\n[[items]]\nlayout = "a"\n\n[[items]]\nlayout = "b"\nfields.student = "N"\n\n[items.options]\nk = "v"\n'
    lines = toml_lines(text)
    assert lines["name"] == 1
    assert lines["items[0].layout"] == 4
    assert lines["items[1].layout"] == 7
    assert lines["items[1].fields.student"] == 8
    assert lines["items[1].options.k"] == 11


def test_roster_semicolons_quoted_newlines_and_blank_rows(tmp_path, fonts):
    path = tmp_path / "r.csv"
    path.write_text('Name;Room\n"Ana\nMaría";1\n\n;\nBo;2\n', encoding="utf-8")
    roster, problems = read_roster(path, {"student": "Name"}, {"regular": fonts.regular})
    assert problems == []
    assert [(s.row, s.value("student")) for s in roster.students] == [(2, "Ana María"), (6, "Bo")]


def test_roster_utf16_with_tabs(tmp_path, fonts):
    path = tmp_path / "r.txt"
    path.write_bytes("Name\tRoom\nZoë\t1\n".encode("utf-16"))
    roster, problems = read_roster(path, {"student": "Name"}, {"regular": fonts.regular})
    assert problems == [] and roster.encoding == "utf-16"
    assert roster.students[0].value("student") == "Zoë"


def test_roster_characters_skipped_by_the_check_are_never_refused():
    """The per-character check skips printable ASCII: none of it is a control, format or right-to-left character."""
    skipped = [chr(code) for code in range(0x110000) if not _NOT_PLAIN_ASCII.match(chr(code))]
    assert skipped == [chr(code) for code in range(0x20, 0x7F)]
    for char in skipped:
        assert unicodedata.category(char) not in ("Cc", "Cf", "Co", "Cs", "Cn")
        assert unicodedata.bidirectional(char) not in ("R", "AL")


def test_roster_values_lose_every_bidi_control_and_invisible_character():
    hidden = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff\u00ad"
    assert _clean(f"{hidden} Zo\u0065\u0308{hidden}  Ana\u200c{hidden} ") == "Zo\u00eb Ana\u200c"


def test_roster_control_character_after_accented_letters_is_still_found(tmp_path, fonts):
    path = tmp_path / "r.csv"
    path.write_text("Name\nZoë \u00e9\u200bx\u0007 Ana\n", encoding="utf-8")
    _, problems = read_roster(path, {"student": "Name"}, {"regular": fonts.regular})
    assert [p.what for p in problems] == ["contains the invisible or control character U+0007"]


def _slot(fonts, *, right: float = 300.0, baseline: float = 500.0, size: float = 10.0) -> Slot:
    return Slot(0, "student", 100.0, baseline, size, fonts.regular, (0.0,), right)


def test_a_name_is_drawn_on_top_only_up_to_the_width_its_slot_was_seen_to_take(fonts):
    name = "Ana López"
    end = 100.0 + stringWidth(name, fonts.regular, 10.0)
    assert fits(name, _slot(fonts, right=end))
    assert not fits(name, _slot(fonts, right=end - 0.01))


def test_the_wide_probe_fills_the_room_its_slot_seems_to_have(fonts):
    long = {"student": "WöY zVwZv"}
    wide = widened(long, [_slot(fonts, right=260.0)])["student"]
    assert wide.startswith(long["student"]) and set(wide[len(long["student"]) :]) == set("wZv")
    width = stringWidth(wide, fonts.regular, 10.0)
    assert 160.0 - stringWidth("w", fonts.regular, 10.0) < width <= 160.0


def test_a_slot_ends_where_the_widest_probe_drawn_there_unchanged_ends(fonts):
    slot = _slot(fonts, right=260.0)
    long = {"student": "WöY zVwZv"}
    wide = widened(long, [slot])
    width_wide, width_long = (stringWidth(t["student"], fonts.regular, 10.0) for t in (wide, long))
    assert confirm_room([slot], [slot], wide, long)[0].right == pytest.approx(100.0 + width_wide)
    smaller = _slot(fonts, right=260.0, baseline=499.8, size=9.5)  # the layout set the wide probe smaller
    assert confirm_room([slot], [smaller], wide, long)[0].right == pytest.approx(100.0 + width_long)
    assert confirm_room([slot], None, wide, long)[0].right == pytest.approx(100.0 + width_long)


def test_reading_a_page_back_agrees_with_pdfplumber():
    rendered, _ = render_handout("comparison", PAIR)
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        glyphs, _ = read_page(pdf.pages[0])
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        chars = [c for c in pdf.pages[0].chars]
    ours = [g for g in glyphs if not g.char.isspace()]
    theirs = [c for c in chars if not c["text"].isspace()]
    assert len(ours) == len(theirs) > 1000
    for g, c in zip(ours, theirs, strict=True):
        assert g.char == c["text"]
        assert g.x0 == pytest.approx(c["x0"], abs=0.01) and g.baseline == pytest.approx(c["matrix"][5], abs=0.01)
        assert g.size == pytest.approx(c["size"], abs=0.01)


def test_a_layout_that_moves_text_with_the_name_is_rendered_in_full(tmp_path):
    from tests.support.jobkit import write_roster

    write_roster(tmp_path / "students.csv", ["Ana López", "Maximiliano Fernández"], blank_rows=False)
    layouts = FIXTURES / "print-job" / "layouts"
    (tmp_path / "job.toml").write_text(
        f'name = "Centred"\nlayouts = ["{layouts.as_posix()}"]\n\n[[items]]\nlayout = "centred-name"\n'
        'roles = ["medical-assistant"]\nroster = "students.csv"\nfields = { student = "Student name" }\n'
    )
    result = run_job(tmp_path / "job.toml", jobs=1)
    assert any("rendered in full" in note and "length moves other text ('Prepared'" in note for note in result.notes), (
        result.notes
    )
    pages = Pdf.open(result.path).pages
    assert "Prepared for Ana López" in pages[0] and "Prepared for Maximiliano Fernández" in pages[1]
    assert "Maximiliano" not in pages[0]


def test_every_manifest_key_is_documented():
    import dataclasses

    from handouts.jobs.manifest import Item, Manifest

    docs = (Path(__file__).resolve().parents[2] / "docs" / "print-jobs.md").read_text(encoding="utf-8")
    for cls in (Manifest, Item):
        for field in dataclasses.fields(cls):
            assert f"| `{field.name}` |" in docs, field.name


def test_a_page_whose_name_cannot_be_taken_out_is_rendered_in_full(job, monkeypatch):
    """Taking the probe text out of the shared page can meet an operator it does not handle
    (contentstream.interpreter.Unsupported): the students' documents are then rendered in full, not failed as a bug."""
    import handouts.jobs.pool
    from handouts.contentstream.glyphs import Unsupported
    from tests.support.jobkit import STUDENTS

    def cannot(*args, **kwargs):
        raise Unsupported("text drawn with ' cannot be taken out")

    monkeypatch.setattr(handouts.jobs.pool, "strip", cannot)
    result = run_job(job / "job.toml", output=job.parent / "out" / "fair.pdf", jobs=1, cache=False)
    assert any("rendered in full" in note and "cannot be taken out" in note for note in result.notes), result.notes
    pages = Pdf.open(result.path).pages
    for name in STUDENTS[:4]:
        assert len([text for text in pages if name in text]) == 1, name


def test_a_roster_rendered_in_full_gets_a_worker_per_core(tmp_path, monkeypatch):
    """Six students rendered in full are six renders: the pool was sized for the shared page and one overlay."""
    import handouts.jobs.render
    from tests.support.jobkit import STUDENTS, write_roster

    sizes: list[int] = []
    real_pool = handouts.jobs.render.Pool

    def recording_pool(jobs, context, start_method=None):
        sizes.append(jobs)
        return real_pool(1, context)  # in-process: the test is about the size asked for

    monkeypatch.setattr(handouts.jobs.render, "Pool", recording_pool)
    write_roster(tmp_path / "students.csv", STUDENTS[:6], blank_rows=False)
    layouts = FIXTURES / "print-job" / "layouts"
    (tmp_path / "job.toml").write_text(
        f'name = "Centred"\nlayouts = ["{layouts.as_posix()}"]\n\n[[items]]\nlayout = "centred-name"\n'
        'roles = ["medical-assistant"]\nroster = "students.csv"\nfields = { student = "Student name" }\n'
    )
    result = run_job(tmp_path / "job.toml", output=tmp_path / "out" / "centred.pdf", jobs=6)
    assert any("rendered in full" in note for note in result.notes)
    assert sizes == [6]
