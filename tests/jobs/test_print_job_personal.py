"""Personalised items: names are drawn over a shared page only when the layout prints them as given;
a layout that changes them (first name, upper case, shortened, set smaller when long) gets a full
render per student, and the print file shows exactly what each student's own PDF shows."""

from __future__ import annotations

import pytest
from markupsafe import escape

from handouts.jobs.batch import run_job
from handouts.jobs.probes import printed_as_given, probes
from handouts.markup.parse import Element, parse_markup
from tests.conftest import ROOT
from tests.support.jobkit import STUDENTS, assert_nothing_written, edit, line_in, write_roster
from tests.support.pdfcheck import Pdf

NAME = "value=\"{{ options.get('student') or '' }}\""
ADVISER = "value=\"{{ options.get('adviser') or '' }}\""


@pytest.fixture(autouse=True)
def _output_in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _checklist_copy(job, changes: dict[str, str], extra: str = "") -> None:
    """The built-in checklist copied into the job's layouts as 'checklist' (found first), edited."""
    text = (ROOT / "layouts" / "checklist.xml.j2").read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace("<h1>{{ checklist.title }}</h1>", "<h1>{{ checklist.title }}</h1>" + extra)
    (job / "layouts" / "checklist.xml.j2").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("changes", "extra", "reason"),
    [
        (
            {
                NAME: "value=\"{{ (options.get('student') or '').split()[0] }}\"",
                ADVISER: "value=\"{{ (options.get('adviser') or '')|upper }}\"",
            },
            "",
            "the layout changes options.student before printing it",
        ),
        (
            {NAME: "value=\"{{ (options.get('student') or '')|truncate(18, true, '.', 0) }}\""},
            "",
            "the layout prints options.student differently for 'Søren Kierkegaard Jensen' (24 characters)",
        ),
        (
            {},
            '{% if options.student|length > 20 %}<p size="small">(long name on file)</p>{% endif %}',
            "the layout prints options.student differently for 'Søren Kierkegaard Jensen'",
        ),
    ],
    ids=["first-name-and-upper-case", "truncate", "length-test"],
)
def test_a_layout_that_changes_the_names_prints_what_each_students_own_pdf_shows(job, changes, extra, reason):
    _checklist_copy(job, changes, extra)
    result = run_job(job / "job.toml", jobs=1, individual=True)
    assert any(reason in note and "rendered in full" in note for note in result.notes), result.notes
    students = sorted((result.individual / "03-student-checklists").iterdir())
    assert len(students) == 4
    pages = Pdf.open(result.path).pages
    firsts = [n for n, text in enumerate(pages) if "Your checklist" in text]
    assert len(firsts) == 4
    for page, own in zip(firsts, students, strict=True):
        assert pages[page] == Pdf.open(own).pages[0], own.name


def test_first_names_and_upper_case_advisers_are_what_prints(job):
    _checklist_copy(
        job,
        {
            NAME: "value=\"{{ (options.get('student') or '').split()[0] }}\"",
            ADVISER: "value=\"{{ (options.get('adviser') or '')|upper }}\"",
        },
    )
    result = run_job(job / "job.toml", jobs=1)
    text = Pdf.open(result.path).text
    assert "Ana" in text and "MS. OKAFOR" in text
    assert "Ana María López" not in text and "Ms. Okafor" not in text


def test_a_layout_printing_names_as_given_is_still_overlaid(job):
    _checklist_copy(job, {})
    result = run_job(job / "job.toml", jobs=1)
    assert result.notes == []  # one shared page and the names drawn on it, no full renders
    assert result.stats.rendered == 2 + 1 + 1  # two comparisons, the shared page (two probe renders), one overlay


def test_an_option_printed_only_inside_another_is_not_taken_as_printed(run, job, tmp_path):
    """The checklist prints the adviser but, here, not the student: the student's probe must not be
    found inside the adviser's (with 'QJX' and 'QJXQ' it was, and every copy was the same)."""
    _checklist_copy(job, {NAME: 'value=""'})
    # (An absolute path: in one process, templating does not notice a layout added to a folder it has
    # already searched under the same name, and "job/layouts" is that name in every test.)
    code, out = run("print", str(job / "job.toml"))
    assert code == 3, out
    line = line_in(job / "job.toml", "fields = ")
    assert f"job/job.toml:{line}: items[2].fields.student: layout 'checklist' does not print options.student" in out
    assert "items[2].fields.adviser" not in out
    assert_nothing_written(tmp_path)


def test_two_rosters_on_one_layout_are_each_checked(job):
    """Items with the same layout and fields share the probe's markup, but not their roster's values."""
    _checklist_copy(job, {NAME: "value=\"{{ (options.get('student') or '')|truncate(18, true, '.', 0) }}\""})
    write_roster(job / "short.csv", ["Ana Li", "Bo Wu"])
    manifest = job / "job.toml"
    text = manifest.read_text(encoding="utf-8")
    first = text[text.index('[[items]]\ntitle = "Student checklists"') :]
    edit(
        manifest,
        first,
        first.replace('"Student checklists"', '"Short names"').replace("students.csv", "short.csv") + "\n" + first,
    )
    result = run_job(manifest, jobs=1)
    notes = [n for n in result.notes if "rendered in full" in n]
    assert len(notes) == 1 and "('Student checklists')" in notes[0], result.notes


def test_probes_are_changed_by_case_and_word_filters_and_never_inside_one_another():
    options = [f"option{i}" for i in range(20)]
    every = [*probes(options, 0).values(), *probes(options, 1).values()]
    assert len(set(every)) == len(every)
    for probe in every:
        assert " " in probe and any(c in probe for c in "éö")
        assert probe.upper() != probe and probe.lower() != probe and probe.title() != probe
        assert probe.capitalize() != probe and probe.split()[0] != probe
        assert not [other for other in every if other != probe and probe in other]
    short, long = probes(options[:2], 0), probes(options[:2], 1)
    assert not set("".join(short.values()).replace(" ", "")) & set("".join(long.values()))


def test_probes_fall_back_to_plain_letters_when_a_brand_font_lacks_the_accent(monkeypatch):
    import handouts.jobs.probes
    from handouts.inputs.brand import load_brand
    from handouts.inputs.fonts import load_fonts

    fonts = load_fonts(load_brand(None))
    assert "é" in probes(["student"], 0, fonts)["student"]
    monkeypatch.setattr(handouts.jobs.probes, "missing_glyphs", lambda font, text: [c for c in text if c in "éö"])
    assert probes(["student"], 0, fonts)["student"] == probes(["student"], 0)["student"].replace("é", "e")


def test_twenty_names_of_many_lengths_printed_as_given_are_overlaid(job):
    """One value of each length per option is templated and compared: names printed as given pass."""
    write_roster(job / "students.csv", STUDENTS)
    _checklist_copy(job, {})
    result = run_job(job / "job.toml", jobs=1)
    assert result.notes == []


BOLD_ITALIC_NAME = """{#-
roles: 1
max-pages: 1
description: Test: the student's name in bold italic.
-#}
{% extends "_base.xml.j2" %}
{% block title %}{{ role.name }} for a student{% endblock %}
{% block body %}
<h1>{{ role.name }}</h1>
<p>For <b><i>{{ options.student }}</i></b></p>
<p>{{ role.summary }}</p>
{% endblock %}
"""


def test_a_name_is_checked_against_the_font_it_is_printed_in(run, job, tmp_path, monkeypatch):
    """Here the name is printed in bold italic, whose font (pretend) lacks 'Ø': the row is refused.
    Other faces are not asked: a name printed in the regular face may use what only it has."""
    import handouts.jobs.roster
    from handouts.inputs.brand import load_brand
    from handouts.inputs.fonts import load_fonts

    bold_italic = load_fonts(load_brand(None)).bold_italic
    real = handouts.jobs.roster.missing_glyphs

    def lacks(font: str, text: str) -> list[str]:
        return sorted({"Ø"} & set(text)) if font == bold_italic else real(font, text)

    monkeypatch.setattr(handouts.jobs.roster, "missing_glyphs", lacks)
    (job / "layouts" / "name-bold-italic.xml.j2").write_text(BOLD_ITALIC_NAME, encoding="utf-8")
    manifest = job / "job.toml"
    edit(manifest, 'layout = "checklist"', 'layout = "name-bold-italic"')
    edit(
        manifest, 'fields = { student = "Student name", adviser = "Adviser" }', 'fields = { student = "Student name" }'
    )
    code, out = run("print", "job/job.toml", "--jobs", "1")
    assert code == 4, out
    assert (
        "job/students.csv:4: row 4, column 'Student name': the brand's bold italic font has no glyph for "
        "'Ø' (U+00D8 LATIN CAPITAL LETTER O WITH STROKE)"
    ) in out
    assert "row 2" not in out and "row 3" not in out and "row 5" not in out


def test_a_name_printed_in_the_regular_face_may_use_what_the_italic_lacks(job, monkeypatch):
    import handouts.jobs.roster
    from handouts.inputs.brand import load_brand
    from handouts.inputs.fonts import load_fonts

    italic = load_fonts(load_brand(None)).italic
    real = handouts.jobs.roster.missing_glyphs
    monkeypatch.setattr(
        handouts.jobs.roster,
        "missing_glyphs",
        lambda font, text: sorted({"Ø"} & set(text)) if font == italic else real(font, text),
    )
    result = run_job(job / "job.toml", jobs=1)
    assert "Zoë Åberg-Øster" in Pdf.open(result.path).text


def _layout(name: str, *, upper_long: bool = False) -> str:
    """A tiny layout's markup for a student name, escaped as Jinja2's autoescape writes it."""
    shown = name.upper() if upper_long and len(name) > 12 else name
    return f'<handout title="t"><p>For {escape(shown)}</p><blanks><blank label="Name" value="{escape(shown)}"/></blanks></handout>'


def _checked(names: list[str], **layout: bool) -> tuple[str, int]:
    """printed_as_given over ``names`` with the text shortcut: its answer, and how many markups it parsed."""
    parsed = []

    def markup(options: dict[str, str]) -> Element:
        parsed.append(options["student"])
        return parse_markup(_layout(options["student"], **layout), "t.xml")

    def text(options: dict[str, str]) -> str:
        return _layout(options["student"], **layout)

    texts = probes(["student"], 0)
    base = parse_markup(_layout(texts["student"]), "t.xml")
    return printed_as_given(markup, base, texts, {"student": names}, text), len(parsed)


def test_names_printed_as_given_are_settled_by_the_templated_text_alone():
    answer, parsed = _checked(["Ada O'Brien & Co", "Zoë <Li>", "Bo"])
    assert (answer, parsed) == ("", 0)


def test_a_name_the_layout_changes_is_still_found_with_the_text_shortcut():
    answer, _ = _checked(["Ada Lovelace King", "Bo"], upper_long=True)
    assert "differently for 'Ada Lovelace King'" in answer


def test_a_name_with_spaces_the_parser_may_fold_is_compared_as_markup():
    answer, parsed = _checked(["Ada  Lovelace", " Bo", "Cy"])
    assert (answer, parsed) == ("", 2)  # the doubled space and the leading one parsed; "Cy" by its text
