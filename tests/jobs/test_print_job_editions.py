"""A print job mixing editions (English, Spanish, both, large print), read back from what it wrote.

One small job is run once for the module: a comparison in English and the same comparison in Spanish,
a personalised checklist for three students in English and Spanish, and a Spanish large-print
checklist, duplex, with separators and --individual.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pikepdf
import pytest

from handouts.jobs.batch import run_job
from tests.conftest import ROOT
from tests.support.jobkit import assert_nothing_written, edit, line_in, write_roster
from tests.support.pdfcheck import Pdf
from tests.support.structtree import Structure

NAMES = ["Ana María López", "Kwame Mensah", "Mei-Lin Chen"]
PAIR = '["medical-assistant", "medical-administrative-assistant"]'
MANIFEST = f"""\
name = "Family night"
duplex = true
separators = true

[[items]]
title = "Which career fits you?"
layout = "comparison"
roles = {PAIR}

[[items]]
title = "Which career fits you?"
layout = "comparison"
roles = {PAIR}
lang = "es"

[[items]]
title = "Your checklist"
layout = "checklist"
roles = ["medical-assistant"]
roster = "students.csv"
fields = {{ student = "Student name" }}
lang = "en,es"

[[items]]
title = "Checklist for the grandparents"
layout = "checklist"
roles = ["medical-assistant"]
lang = "es"
large_print = true
"""
# Layout strings of each edition (the comparison's and the checklist's headings).
ENGLISH = ("At a glance", "Who can help")
SPANISH = ("De un vistazo", "Quién le puede ayudar")


@pytest.fixture(autouse=True)
def _output_in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _job(folder: Path, text: str = MANIFEST) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_roster(folder / "students.csv", NAMES, blank_rows=False)
    manifest = folder / "job.toml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editions")
    result = run_job(_job(folder / "job"), output=folder / "out" / "family.pdf", jobs=1, individual=True)
    return result, Pdf.open(result.path)


def _pages_of(pdf: Pdf, heading: str) -> list[int]:
    """0-based pages from a separator headed ``heading`` to the next separator (its blank back aside)."""
    seps = [i for i, text in enumerate(pdf.pages) if "separator sheet, not a handout" in text]
    first = next(i for i in seps if heading in pdf.pages[i])
    end = next((i for i in seps if i > first), len(pdf.pages))
    return [i for i in range(first + 1, end) if pdf.pages[i].strip()]


def _figures(text: str) -> set[str]:
    """Pay and percentage figures as printed: digits with a thousands or decimal separator."""
    return set(re.findall(r"\d+(?:[.,]\d+)+", text))


def _lang_marks(pdf: Pdf) -> list[str | None]:
    """Per page: the /Lang of a marked-content sequence wrapping the whole page, or None."""
    marks: list[str | None] = []
    with pikepdf.open(io.BytesIO(pdf.data)) as doc:
        for page in doc.pages:
            ops = list(pikepdf.parse_content_stream(page)) if "/Contents" in page.obj else []
            wraps = ops and str(ops[0].operator) == "BDC" and str(ops[-1].operator) == "EMC"
            marks.append(str(ops[0].operands[1].Lang) if wraps else None)
    return marks


def test_each_item_prints_in_its_own_edition(mixed):
    _, pdf = mixed
    english = _pages_of(pdf, "Item 1 of 4")
    spanish = _pages_of(pdf, "Item 2 of 4")
    assert len(english) == len(spanish) == 2
    english_text = " ".join(pdf.pages[i] for i in english)
    spanish_text = " ".join(pdf.pages[i] for i in spanish)
    assert ENGLISH[0] in english_text and SPANISH[0] not in english_text
    assert SPANISH[0] in spanish_text and ENGLISH[0] not in spanish_text
    # The same figures in both: every figure the Spanish edition prints is one the English prints.
    assert {"38,000", "45,000", "35,000", "42,000", "12.5", "4.2"} <= _figures(spanish_text)
    assert _figures(spanish_text) <= _figures(english_text)


def test_both_languages_item_prints_each_students_english_then_spanish_each_on_a_fresh_sheet(mixed):
    _, pdf = mixed
    pages = _pages_of(pdf, "Item 3 of 4")
    assert len(pages) == 2 * len(NAMES)  # one page per edition per student
    for number, name in enumerate(NAMES):
        first, second = pages[2 * number], pages[2 * number + 1]
        assert first % 2 == 0 and second % 2 == 0  # 0-based even: an odd page, the front of a sheet
        assert second == first + 2 and pdf.pages[first + 1].strip() == ""  # the English page's blank back
        assert ENGLISH[1] in pdf.pages[first] and SPANISH[1] not in pdf.pages[first]
        assert SPANISH[1] in pdf.pages[second] and ENGLISH[1] not in pdf.pages[second]
        assert name in pdf.pages[first] and name in pdf.pages[second]  # the name on both editions


def test_large_print_spanish_item_has_18_pt_running_text(mixed):
    _, pdf = mixed
    pages = _pages_of(pdf, "Item 4 of 4")
    assert len(pages) > 1  # the checklist allows one page; large print may take five times as many
    assert SPANISH[1] in " ".join(pdf.pages[i] for i in pages) and all(ENGLISH[1] not in pdf.pages[i] for i in pages)
    sizes = [round(c["size"], 1) for i in pages for c in pdf.chars[i]]
    assert max(set(sizes), key=sizes.count) >= 18.0
    regular = [round(c["size"], 1) for i in _pages_of(pdf, "Item 2 of 4") for c in pdf.chars[i]]
    assert max(set(regular), key=regular.count) < 12.0


def test_the_print_file_says_its_language_and_marks_the_pages_in_another(mixed):
    _, pdf = mixed
    with pikepdf.open(io.BytesIO(pdf.data)) as doc:
        assert str(doc.Root.Lang) == "en-US"
    marks = _lang_marks(pdf)
    spanish = _pages_of(pdf, "Item 2 of 4") + _pages_of(pdf, "Item 4 of 4")
    spanish += [i for i in _pages_of(pdf, "Item 3 of 4") if SPANISH[1] in pdf.pages[i]]
    assert {marks[i] for i in spanish} == {"es-US"}
    others = [i for i, text in enumerate(pdf.pages) if text.strip() and i not in spanish]
    assert others and {marks[i] for i in others} == {None}


def test_individual_pdfs_carry_their_editions_language(mixed):
    result, _ = mixed
    folder = result.individual
    langs = {}
    for name in (
        "01-which-career-fits-you.pdf",
        "02-which-career-fits-you.pdf",
        "04-checklist-for-the-grandparents.pdf",
    ):
        with pikepdf.open(folder / name) as doc:
            langs[name[:2]] = str(doc.Root.Lang)
    assert langs == {"01": "en-US", "02": "es-US", "04": "es-US"}
    students = sorted((folder / "03-your-checklist").glob("*.pdf"))
    assert len(students) == len(NAMES)
    for path, name in zip(students, NAMES, strict=True):
        own = Pdf.open(path)
        assert len(own.pages) == 3 and own.pages[1].strip() == ""  # English, blank back, Spanish
        assert ENGLISH[1] in own.pages[0] and SPANISH[1] in own.pages[2] and name in own.pages[2]
        tree = Structure(own.data)  # (kept: its elements live as long as it does)
        parts = [k for k in tree.root.kids if getattr(k, "role", "") == "Part"]
        assert [str(p.obj.Lang) for p in parts] == ["en-US", "es-US"]


def test_the_summary_shows_each_items_edition(mixed):
    result, _ = mixed
    table = result.summary.table()
    lines = {line.split()[0]: line for line in table.splitlines() if line.strip()[:1].isdigit()}
    assert "English " in lines["1"] and "Spanish" not in lines["1"]
    assert "Spanish" in lines["2"]
    assert "English + Spanish" in lines["3"]
    assert "Spanish, large print" in lines["4"]
    header = table.splitlines()[0]
    assert header.index("edition") > header.index("item")
    assert {len(line) for line in table.splitlines()[1::2] if set(line) == {"-"}}  # rules drawn
    data = json.loads(result.summary_files[1].read_text(encoding="utf-8"))
    assert [row["edition"] for row in data["items"]] == [
        "English",
        "Spanish",
        "English + Spanish",
        "Spanish, large print",
    ]
    assert ",edition," in result.summary_files[0].read_text(encoding="utf-8").splitlines()[0]
    row = {r.item: r for r in result.summary.rows}["3"]
    assert row.documents == 3 and row.pages_each == 2 and row.pages == 2 + 3 * 4  # separator + 3 x (2 + 2 backs)


def test_separator_titles_name_the_edition(mixed):
    _, pdf = mixed
    assert "Which career fits you? (Spanish)" in pdf.pages[_pages_of(pdf, "Item 2 of 4")[0] - 2]
    assert any("Checklist for the grandparents (Spanish, large print)" in text for text in pdf.pages)


def test_an_english_render_is_never_reused_for_a_spanish_item(tmp_path):
    manifest = _job(tmp_path / "job", MANIFEST.split("[[items]]")[0] + "[[items]]" + MANIFEST.split("[[items]]")[1])
    first = run_job(manifest, jobs=1)
    assert ENGLISH[0] in Pdf.open(first.path).text
    edit(manifest, "layout = ", 'lang = "es"\nlayout = ')
    second = run_job(manifest, jobs=1)
    assert second.stats.rendered == 1 and second.stats.cached == 0
    text = Pdf.open(second.path).text
    assert SPANISH[0] in text and ENGLISH[0] not in text
    edit(manifest, 'lang = "es"\n', "large_print = true\n")
    third = run_job(manifest, jobs=1)
    assert third.stats.rendered == 1  # large print is its own render too


def test_command_line_lang_and_large_print_are_job_wide_defaults(run, tmp_path):
    text = MANIFEST.replace('lang = "es"\nlarge_print = true\n', "large_print = false\n")
    _job(tmp_path / "job", text)
    code, out = run("print", "job/job.toml", "--lang", "es", "--large-print", "-o", "out/fair.pdf")
    assert code == 0, out
    data = json.loads((tmp_path / "out" / "fair.summary.json").read_text(encoding="utf-8"))
    assert [row["edition"] for row in data["items"]] == [
        "Spanish, large print",
        "Spanish, large print",
        "English + Spanish, large print",
        "Spanish",  # its own large_print = false wins
    ]
    with pikepdf.open(tmp_path / "out" / "fair.pdf") as doc:
        assert str(doc.Root.Lang) == "es-US"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            'lang = "es"\nlarge_print',
            'lang = "fr"\nlarge_print',
            'lang = "fr"',
            "items[3].lang: 'fr' is not a language handouts can print in; the languages there are: en, es",
        ),
        (
            'lang = "en,es"',
            'lang = "en,sp"',
            'lang = "en,sp"',
            "items[2].lang: 'sp' is not a language handouts can print in;",
        ),
        (
            "large_print = true",
            'large_print = "yes"',
            'large_print = "yes"',
            "items[3].large_print: expected true or false",
        ),
        (
            "large_print = true",
            "large_prnt = true",
            "large_prnt",
            "items[3].large_prnt: unknown field 'large_prnt' in Item; did you mean 'large_print'?",
        ),
        (
            'name = "Family night"',
            'name = "Family night"\nlang = 2',
            "lang = 2",
            "lang: expected",
        ),
    ],
    ids=["unknown-language", "unknown-in-a-pair", "large-print-not-a-boolean", "misspelt-key", "job-lang-not-text"],
)
def test_a_bad_edition_is_refused_at_its_line_and_nothing_is_written(run, tmp_path, old, new, needle, message):
    manifest = _job(tmp_path / "job")
    edit(manifest, old, new)
    code, out = run("print", "job/job.toml")
    assert code == 3, out
    assert f"job/job.toml:{line_in(manifest, needle)}: {message}" in out
    assert "Traceback" not in out
    assert_nothing_written(tmp_path)


def test_an_unknown_command_line_language_is_refused(run, tmp_path):
    _job(tmp_path / "job")
    code, out = run("print", "job/job.toml", "--lang", "de")
    assert code == 3, out
    assert "command line: --lang: 'de' is not a language handouts can print in" in out
    assert "the languages there are: en, es" in out
    assert_nothing_written(tmp_path)


def test_the_family_night_example_prints_every_edition_without_a_warning(tmp_path):
    result = run_job(ROOT / "examples" / "family-night" / "job.toml", output=tmp_path / "family.pdf", jobs=1)
    assert result.ok and result.warnings == []
    editions = [row.edition for row in result.summary.rows if row.item.isdigit()]
    assert editions == ["English", "Spanish", "English + Spanish", "English, large print", "Spanish, large print"]


def test_without_duplex_both_editions_follow_each_other_with_no_blank_page(tmp_path):
    text = 'name = "Simplex"\n\n[[items]]\nlayout = "checklist"\nroles = ["medical-assistant"]\nlang = "en,es"\ncopies = 2\n'
    result = run_job(_job(tmp_path / "job", text), jobs=1)
    pdf = Pdf.open(result.path)
    assert len(pdf.pages) == 4 and all(page.strip() for page in pdf.pages)  # every page is a sheet of its own
    assert [ENGLISH[1] in page for page in pdf.pages] == [True, False, True, False]
    assert [SPANISH[1] in page for page in pdf.pages] == [False, True, False, True]
