"""An office's own layouts: override the built-in one, extend it, include across folders, copy it."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.build import Inputs, build_handout
from tests.conftest import PAIR, ROOT, pdfs_in
from tests.support.pdfcheck import Pdf

BUILTIN = ROOT / "layouts" / "comparison.xml.j2"


def test_a_user_layout_overrides_the_built_in_one(tmp_path):
    folder = tmp_path / "my-layouts"
    folder.mkdir()
    source = BUILTIN.read_text()
    (folder / "comparison.xml.j2").write_text(
        source.replace('<h2>{{ _("At a glance") }}</h2>', "<h2>Side by side</h2>")
    )
    result = build_handout("comparison", PAIR, Inputs(layouts=[folder]), output=tmp_path / "out.pdf")
    text = Pdf.open(result.path).text
    assert "Side by side" in text and "At a glance" not in text
    assert result.layout.path == folder / "comparison.xml.j2"


def test_a_user_layout_can_extend_the_built_in_one_it_replaces(tmp_path):
    folder = tmp_path / "my-layouts"
    folder.mkdir()
    (folder / "comparison.xml.j2").write_text(
        "{#-\nroles: 2-3\nmax-pages: 2\ndescription: ours\n-#}\n"
        '{% extends "builtin/comparison.xml.j2" %}\n'
        "{% block subtitle %}Lakeside careers night{% endblock %}\n"
    )
    result = build_handout("comparison", PAIR, Inputs(layouts=[folder]), output=tmp_path / "out.pdf")
    pdf = Pdf.open(result.path)
    assert "Lakeside careers night" in pdf.pages[0]
    assert "At a glance" in pdf.pages[0]  # everything else comes from the built-in layout


def test_a_new_layout_extends_the_built_in_base_and_includes_its_own_partial(tmp_path):
    folder = tmp_path / "my-layouts"
    folder.mkdir()
    (folder / "_contact.xml.j2").write_text('<callout title="Ask us">Room 12, Mondays.</callout>\n')
    (folder / "flyer.xml.j2").write_text(
        "{#-\nroles: 1\ndescription: one role, one page\n-#}\n"
        '{% extends "_base.xml.j2" %}\n'
        "{% block title %}{{ role.name }}{% endblock %}\n"
        "{% block body %}<h1>{{ role.name }}</h1><p>{{ role.summary }}</p>"
        '{% include "_contact.xml.j2" %}{% endblock %}\n'
    )
    result = build_handout("flyer", ["medical-assistant"], Inputs(layouts=[folder]), output=tmp_path / "f.pdf")
    text = Pdf.open(result.path).text
    assert "Medical Assistant" in text and "Ask us Room 12, Mondays." in text


def test_a_brand_kit_layouts_folder_is_searched_before_the_built_in_one(tmp_path):
    kit = tmp_path / "kit"
    (kit / "layouts").mkdir(parents=True)
    (kit / "brand.toml").write_text('name = "Lakeside High"\n')
    (kit / "layouts" / "comparison.xml.j2").write_text(
        '{#-\nroles: 2\n-#}\n{% extends "builtin/comparison.xml.j2" %}{% block subtitle %}Kit layout{% endblock %}'
    )
    result = build_handout("comparison", PAIR, Inputs(brand=kit), output=tmp_path / "k.pdf")
    assert "Kit layout" in Pdf.open(result.path).pages[0]


def test_list_layouts_shows_where_each_comes_from(run, tmp_path):
    folder = tmp_path / "my-layouts"
    folder.mkdir()
    (folder / "comparison.xml.j2").write_text("{#-\nroles: 2\ndescription: ours\n-#}\n")
    (folder / "flyer.xml.j2").write_text("{#-\nroles: 1\ndescription: a flyer\n-#}\n")
    code, out = run("list", "layouts", "--layouts", str(folder))
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "my-layouts (replaces built-in)" in lines["comparison"] and "ours" in lines["comparison"]
    assert "my-layouts" in lines["flyer"] and "replaces" not in lines["flyer"]
    code, out = run("list", "layouts")
    assert "built-in" in out.splitlines()[0]


def test_new_layout_copies_the_built_in_one_with_a_guide_and_it_builds(run, tmp_path):
    code, out = run("new", "layout", "my-comparison", "--from", "comparison")
    assert code == 0, out
    path = tmp_path / "layouts" / "my-comparison.xml.j2"
    assert f"wrote {Path('layouts') / 'my-comparison.xml.j2'}" in out
    text = path.read_text()
    assert text.startswith("{#-\nroles: 2-3\nmax-pages: 2\ndescription: Two or three careers")
    assert 'YOUR COPY of the built-in layout "comparison"' in text
    assert "handouts build my-comparison ROLE-ID ROLE-ID --layouts layouts" in text
    assert "docs/layouts.md" in text
    assert text.split("-#}", 1)[1] == BUILTIN.read_text().split("-#}", 1)[1]  # the layout itself is unchanged
    code, out = run("list", "layouts", "--layouts", "layouts")
    assert any(line.startswith("my-comparison") and "roles: 2-3" in line for line in out.splitlines())
    code, out = run("build", "my-comparison", *PAIR, "--layouts", "layouts")
    assert code == 0, out
    assert len(Pdf.open(tmp_path / "output" / f"my-comparison-{PAIR[0]}-vs-{PAIR[1]}.pdf").pages) == 2


def test_new_layout_with_the_built_in_name_overrides_it(run, tmp_path):
    code, _ = run("new", "layout", "comparison", "--to", "school")
    assert code == 0
    assert (
        'replaces "comparison"\n  in every build that names --layouts school'
        in (tmp_path / "school" / "comparison.xml.j2").read_text()
    )
    code, out = run("list", "layouts", "--layouts", "school")
    assert "school (replaces built-in)" in out


def test_new_layout_never_overwrites(run, tmp_path):
    target = tmp_path / "layouts" / "mine.xml.j2"
    target.parent.mkdir()
    target.write_text("my edits")
    code, out = run("new", "layout", "mine")
    assert code == 5
    assert "layouts/mine.xml.j2: the file already exists; it is never overwritten" in out
    assert target.read_text() == "my edits"
    assert [p.name for p in target.parent.iterdir()] == ["mine.xml.j2"]  # no temporary left behind


def test_new_layout_bad_name_and_unknown_source(run, tmp_path):
    code, out = run("new", "layout", "../escape", "--from", "comparsion")
    assert code == 2
    assert "NAME: '../escape' is not a layout name" in out
    assert "--from: no built-in layout 'comparsion'; did you mean 'comparison'?" in out
    assert not (tmp_path / "layouts").exists()
    assert pdfs_in(tmp_path) == []


def test_new_layout_help_has_an_example(run):
    code, out = run("new", "layout", "--help")
    assert code == 0
    assert "handouts new layout my-comparison --from comparison" in out


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("roles: 0", "header roles: '0' is not a role count"),
        ("roles: 3-1", "header roles: '3-1' is not a role count"),
        ("max-pages: abc", "header max-pages: 'abc' is not a page count"),
        ("needs: checklst", "header needs: 'checklst' is not a role field; did you mean 'checklist'?"),
    ],
)
def test_a_wrong_layout_header_is_named_with_its_line(run, tmp_path, header, message):
    layouts = tmp_path / "L"
    layouts.mkdir()
    (layouts / "odd.xml.j2").write_text(f'{{#-\n{header}\n-#}}\n<handout title="x"><p>x</p></handout>\n')
    code, out = run("check", "--layouts", str(layouts))
    assert code == 3, out
    assert f"L/odd.xml.j2:2: {message}" in out
    code, out = run("build", "odd", "medical-assistant", "--layouts", str(layouts))
    assert code == 3 and message in out


def test_check_still_tries_layouts_when_the_data_is_broken(run, tmp_path, data_copy):
    role = data_copy / "roles" / "medical-assistant.yaml"
    role.write_text(role.read_text().replace("primary_focus:", "primary_focsu:", 1))
    layouts = tmp_path / "L"
    layouts.mkdir()
    (layouts / "mine.xml.j2").write_text('<handout title="x"><p>{{ role.nmae }}</p></handout>\n')
    code, out = run("check", "--data", str(data_copy), "--layouts", str(layouts))
    assert code == 3
    assert "primary_focsu" in out and "L/mine.xml.j2:1: template: undefined value" in out


def test_an_override_added_later_in_the_same_process_is_used(tmp_path):
    from handouts.build import Inputs, markup_for

    layouts = tmp_path / "L"
    layouts.mkdir()
    inputs = Inputs(layouts=[layouts])
    pair = ("medical-assistant", "medical-administrative-assistant")
    tree = markup_for("comparison", pair, inputs).tree
    assert "Override" not in tree.text()
    (layouts / "comparison.xml.j2").write_text(
        '{#- roles: 2-3 -#}\n<handout title="Override"><p>Override text</p></handout>\n'
    )
    tree = markup_for("comparison", pair, inputs).tree
    assert tree.text() == "Override text"
