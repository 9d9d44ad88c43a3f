"""A Session keeps loaded data, brand kits and compiled layouts between builds, and reads
again whatever file was edited in between: a warm build after an edit prints exactly what a
fresh session prints."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

import handouts.session
from handouts.build import Inputs, build_handout_bytes
from handouts.session import Session
from tests.conftest import PAIR, ROOT
from tests.support.pdfcheck import Pdf

BRANDS = ROOT / "examples" / "brands"
FONTS = ROOT / "src" / "handouts" / "builtin" / "fonts"


def _edit(path: Path, data: bytes) -> None:
    """Rewrite a file and move its modification time on: two writes within one clock tick
    can share a time stamp, and the session tells versions apart by name, size and time."""
    before = path.stat().st_mtime_ns
    path.write_bytes(data)
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def _fresh(layout: str, roles: list[str] | tuple[str, ...], inputs: Inputs) -> bytes:
    return build_handout_bytes(layout, roles, inputs, session=Session())


def test_an_edited_role_file_is_read_again(data_copy):
    session = Session()
    inputs = Inputs(data=[data_copy])
    before = build_handout_bytes("checklist", ["medical-assistant"], inputs, session=session)
    role = data_copy / "roles" / "medical-assistant.yaml"
    text = role.read_text(encoding="utf-8")
    assert 'name: "Medical Assistant"\n' in text
    _edit(role, text.replace('name: "Medical Assistant"\n', 'name: "Clinic Floor Assistant"\n').encode())
    after = build_handout_bytes("checklist", ["medical-assistant"], inputs, session=session)
    assert "Clinic Floor Assistant" in Pdf(after).text
    assert "Clinic Floor Assistant" not in Pdf(before).text
    assert after == _fresh("checklist", ["medical-assistant"], inputs)


def test_an_edited_brand_kit_is_read_again(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(BRANDS / "lakeside-high", kit)
    session = Session()
    inputs = Inputs(brand=kit)
    build_handout_bytes("comparison", PAIR, inputs, session=session)
    toml = kit / "brand.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'name = "Lakeside Regional High School' in text
    _edit(
        toml, text.replace('name = "Lakeside Regional High School', 'name = "Lakeshore Regional High School').encode()
    )
    after = build_handout_bytes("comparison", PAIR, inputs, session=session)
    assert "Lakeshore Regional High School" in Pdf(after).text
    assert after == _fresh("comparison", PAIR, inputs)


def test_an_edited_font_file_is_read_again(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(BRANDS / "northfield-college", kit)
    session = Session()
    inputs = Inputs(brand=kit)
    before = build_handout_bytes("checklist", ["medical-assistant"], inputs, session=session)
    _edit(kit / "fonts" / "Carlito-Regular.ttf", (FONTS / "OpenSans-Regular.ttf").read_bytes())
    after = build_handout_bytes("checklist", ["medical-assistant"], inputs, session=session)
    assert set(Pdf(after).fonts()) != set(Pdf(before).fonts())
    assert after == _fresh("checklist", ["medical-assistant"], inputs)


def test_an_edited_layout_is_compiled_again(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    layout = layouts / "note.xml.j2"
    layout.write_text('{#- roles: 1 -#}\n<handout title="Note"><p>First words</p></handout>\n')
    session = Session()
    inputs = Inputs(layouts=[layouts])
    assert "First words" in Pdf(build_handout_bytes("note", [PAIR[0]], inputs, session=session)).text
    _edit(layout, b'{#- roles: 1 -#}\n<handout title="Note"><p>Second words</p></handout>\n')
    after = build_handout_bytes("note", [PAIR[0]], inputs, session=session)
    assert "Second words" in Pdf(after).text
    assert after == _fresh("note", [PAIR[0]], inputs)


def test_a_session_reads_the_data_once_and_another_session_reads_it_again(monkeypatch):
    loads: list[object] = []
    real = handouts.session.load_catalog

    def counting(extra):  # type: ignore[no-untyped-def]
        loads.append(extra)
        return real(extra)

    monkeypatch.setattr(handouts.session, "load_catalog", counting)
    first = Session()
    one = build_handout_bytes("checklist", ["medical-assistant"], session=first)
    two = build_handout_bytes("checklist", ["medical-administrative-assistant"], session=first)
    assert len(loads) == 1
    assert one != two
    build_handout_bytes("checklist", ["medical-assistant"], session=Session())
    assert len(loads) == 2
    first.clear()
    build_handout_bytes("checklist", ["medical-assistant"], session=first)
    assert len(loads) == 3


@pytest.mark.parametrize("brand", [None, "northfield-college"])
def test_a_pickled_session_builds_the_same_bytes(brand):
    """What a spawned print-job worker gets: the loaded data and brands, with layouts compiled anew there."""
    inputs = Inputs(brand=BRANDS / brand if brand else None)
    session = Session()
    original = build_handout_bytes("comparison", PAIR, inputs, session=session)
    copy = pickle.loads(pickle.dumps(session))
    assert build_handout_bytes("comparison", PAIR, inputs, session=copy) == original


class _Untouchable(Session):
    """A default session that fails whoever uses it."""

    def catalog(self, data):  # type: ignore[no-untyped-def]
        raise AssertionError("the default session was used")

    def brand(self, folder):  # type: ignore[no-untyped-def]
        raise AssertionError("the default session was used")

    def layout_environment(self, folders):  # type: ignore[no-untyped-def]
        raise AssertionError("the default session was used")


def test_each_command_runs_in_a_session_of_its_own(run, job, monkeypatch):
    monkeypatch.setattr(handouts.session, "_DEFAULT", _Untouchable())
    for command in (
        ["build", "checklist", "medical-assistant"],
        ["check"],
        ["list", "roles"],
        ["preview", "checklist", "medical-assistant", "--dpi", "20"],
        ["print", "job/job.toml", "--jobs", "2", "--no-cache"],
    ):
        code, out = run(*command)
        assert code == 0, (command, out)
