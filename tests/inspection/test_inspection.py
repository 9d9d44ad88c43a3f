"""Inspection finds what a person would see before printing, and names page and position.

Each bad PDF is drawn here with ReportLab, so the defect is exactly what
the test says; a good handout reports nothing, both from what the renderer
drew and read back from the file.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handouts.build import build_handout, render_handout
from handouts.inputs.fonts import builtin_font_path
from handouts.inspection import Settings, inspect_pdf, inspect_rendered
from tests.conftest import PAIR, pdfs_in

LETTER = (612.0, 792.0)
SANS = "InspectSans"
pdfmetrics.registerFont(TTFont(SANS, builtin_font_path("regular")))

LONG = "Medical assistants work side by side with doctors and nurses and split their day between patients"


def _pdf(tmp_path: Path, draw, name: str = "bad.pdf") -> Path:
    """A one-page Letter PDF drawn by ``draw(canvas)``, with the embedded Open Sans as its font."""
    path = tmp_path / name
    canvas = Canvas(str(path), pagesize=LETTER, invariant=1, initialFontName=SANS)
    canvas.setFont(SANS, 11)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return path


def _where(problem) -> tuple[int, float, float]:
    """(page, inches from left, inches from top) named by a problem."""
    match = re.fullmatch(r"page (\d+), ([\d.]+) in from left, ([\d.]+) in from top", problem.where)
    assert match, problem.where
    return int(match.group(1)), float(match.group(2)), float(match.group(3))


def _only(problems, needle: str):
    found = [p for p in problems if needle in p.what]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def test_text_past_the_right_edge_is_reported_with_page_and_position(tmp_path):
    # Starts 2 in from the left, 2 in from the top; runs well past 8.25 in (the printable edge).
    path = _pdf(tmp_path, lambda c: c.drawString(144, 792 - 144, LONG))
    problem = _only(inspect_pdf(path), "unprintable border at the right")
    assert not problem.warning
    assert problem.file == str(path)
    assert 'text "Medical assistants' in problem.what
    page, x, y = _where(problem)
    assert page == 1
    assert x == pytest.approx(2.0, abs=0.01)
    assert y == pytest.approx(2.0 - 0.76 * 11 / 72, abs=0.02)  # the top of the glyphs


def test_text_past_a_given_margin_but_inside_the_printable_area_is_a_warning(tmp_path):
    # Ends about 7.9 in from the left: inside the 0.25 in border, past a 0.6 in margin.
    text = "Median pay: $44,200 a year (2024) from the U.S. Bureau of Labor Statistics survey"
    width = pdfmetrics.stringWidth(text, SANS, 11)
    path = _pdf(tmp_path, lambda c: c.drawString(570 - width, 600, text))
    margins = Settings(margins=(43.2, 43.2, 43.2, 43.2))
    problem = _only(inspect_pdf(path, margins), "past the right margin")
    assert problem.warning
    assert "runs 0.02 in past the right margin (0.60 in)" in problem.what
    assert _where(problem)[0] == 1
    assert inspect_pdf(path) == []  # no margin given: only the printable area applies


def test_two_overlapping_paragraphs_are_reported(tmp_path):
    style = ParagraphStyle("p", fontName=SANS, fontSize=10, leading=13)

    def draw(canvas):
        for y, words in ((600, "First paragraph: " + LONG), (594, "Second paragraph: " + LONG)):
            para = Paragraph(words, style)
            para.wrap(300, 200)
            para.drawOn(canvas, 72, y)

    problems = inspect_pdf(_pdf(tmp_path, draw))
    overlaps = [p for p in problems if "overlaps text" in p.what]
    assert overlaps, [str(p) for p in problems]
    assert all(not p.warning for p in overlaps)
    assert 'text "First paragraph' in overlaps[0].what or 'text "Second paragraph' in overlaps[0].what
    page, x, _ = _where(overlaps[0])
    assert page == 1 and x == pytest.approx(1.0, abs=0.01)


def test_a_glyph_the_font_lacks_is_reported(tmp_path):
    # Open Sans has no CJK: ReportLab silently draws .notdef boxes.
    path = _pdf(tmp_path, lambda c: c.drawString(100, 500, "Course code \u4e2d\u6587 101"))
    problem = _only(inspect_pdf(path), ".notdef")
    assert not problem.warning
    assert "Course code" in problem.what
    page, x, y = _where(problem)
    assert (page, x) == (1, pytest.approx(100 / 72, abs=0.01))
    assert y == pytest.approx((792 - 500) / 72 - 0.76 * 11 / 72, abs=0.02)


def test_a_standard_font_that_is_not_embedded_is_reported(tmp_path):
    def draw(canvas):
        canvas.drawString(72, 700, "Embedded heading")
        canvas.setFont("Helvetica", 10)
        canvas.drawString(144, 650, "Helvetica body text")

    problem = _only(inspect_pdf(_pdf(tmp_path, draw)), "is not embedded")
    assert "font Helvetica (Type1)" in problem.what
    page, x, _ = _where(problem)
    assert (page, x) == (1, 2.0)  # where its first text is


def test_a_72_dpi_image_is_reported(tmp_path):
    pixels = Image.new("RGB", (144, 72), (31, 78, 121))
    pixels.paste((200, 80, 10), (0, 0, 72, 36))  # not a flat colour, so nothing is optimised away
    buffer = io.BytesIO()
    pixels.save(buffer, format="PNG")
    buffer.seek(0)
    path = _pdf(tmp_path, lambda c: c.drawImage(ImageReader(buffer), 72, 500, 144, 72))  # 2 x 1 in
    problem = _only(inspect_pdf(path), "dpi")
    assert problem.warning
    assert "prints at 72 dpi (144x72 pixels over 2.00 x 1.00 in), below 150 dpi" in problem.what
    assert "at least 300x150 pixels" in problem.fix
    page, x, y = _where(problem)
    assert (page, x, y) == (1, 1.0, pytest.approx((792 - 572) / 72, abs=0.01))


def test_a_link_that_runs_script_is_reported(tmp_path):
    def draw(canvas):
        canvas.drawString(72, 700, "Apply online")
        canvas.linkURL("javascript:alert(1)", (72, 695, 150, 712))
        canvas.linkURL("https://www.bls.gov/ooh/", (72, 675, 150, 690))

    problem = _only(inspect_pdf(_pdf(tmp_path, draw)), "not an http(s), mailto or tel link")
    assert "javascript:alert(1)" in problem.what
    assert _where(problem)[:2] == (1, 1.0)


@pytest.mark.broken_pdfs  # writes a cut-off PDF on purpose; the suite-wide structure check skips it
def test_a_damaged_file_is_reported(tmp_path):
    good = _pdf(tmp_path, lambda c: c.drawString(72, 700, "Hello"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(good.read_bytes()[:-200])
    problems = inspect_pdf(broken)
    assert problems, "a PDF missing its cross-reference table and trailer passed"
    assert all(p.where == "PDF structure" and not p.warning for p in problems), [str(p) for p in problems]


def test_more_pages_than_allowed(tmp_path):
    path = tmp_path / "three.pdf"
    canvas = Canvas(str(path), pagesize=LETTER, invariant=1, initialFontName=SANS)
    for n in range(3):
        canvas.setFont(SANS, 11)
        canvas.drawString(72, 700, f"Page {n + 1}")
        canvas.showPage()
    canvas.save()
    problem = _only(inspect_pdf(path, Settings(max_pages=2)), "runs to 3 pages")
    assert problem.where.startswith("page 3,")


@pytest.fixture(scope="module")
def comparison():
    return render_handout("comparison", PAIR)


def test_the_comparison_handout_reports_nothing_from_what_was_drawn(comparison):
    rendered, info = comparison
    assert inspect_rendered(rendered, "comparison.pdf", Settings(max_pages=info.max_pages)) == []


def test_the_comparison_handout_reports_nothing_read_back(comparison, tmp_path):
    rendered, info = comparison
    path = tmp_path / "comparison.pdf"
    path.write_bytes(rendered.pdf)
    settings = Settings(max_pages=info.max_pages, margins=rendered.margins)
    problems = inspect_pdf(path, settings)
    # Read back, furniture is not told apart from the body, so only text inside the body margins is allowed
    # to be checked against them: the footer and header sit outside by design.
    assert [p for p in problems if "margin" not in p.what] == []
    assert inspect_pdf(path, Settings(max_pages=info.max_pages)) == []


def test_our_pathway_sheet_reports_nothing_read_back(tmp_path):
    """Its move labels sit side by side on their arrows; read back they were one run over a box edge, twice."""
    from handouts.build import Inputs

    brand = Path(__file__).parents[2] / "examples" / "brands" / "northfield-college"
    rendered, _ = render_handout("pathway", ["medical-assistant"], Inputs(brand=brand))
    path = tmp_path / "pathway.pdf"
    path.write_bytes(rendered.pdf)
    assert inspect_pdf(path) == []


def test_the_drawn_record_sees_what_the_file_shows(comparison):
    """Build-time inspection works from the renderer's record: it must hold the same text, images and rules."""
    rendered, _ = comparison
    log = rendered.page_log
    footer = [t for t in log.texts if t.text.startswith("Page ")]
    assert [t.text for t in footer] == ["Page 1 of 2", "Page 2 of 2"]
    assert all(not t.content for t in footer)
    assert any(s.kind == "box" and s.content for s in log.shapes)  # table shading
    assert all(b.font_size >= 7 for b in rendered.boxes if b.font_size)  # figures have no text size


# -- the command line --------------------------------------------------------


def test_inspect_command_lists_each_problem_and_exits_3(run, tmp_path):
    path = _pdf(
        tmp_path, lambda c: (c.drawString(144, 700, LONG), c.setFont("Helvetica", 9), c.drawString(72, 600, "x"))
    )
    code, out = run("inspect", str(path))
    assert code == 3
    assert "unprintable border at the right" in out
    assert "font Helvetica (Type1) is not embedded" in out
    assert f"{path}: page 1, 2.00 in from left" in out


def test_inspect_command_passes_a_good_handout(run, tmp_path):
    code, out = run("build", "comparison", *PAIR, "-o", str(tmp_path / "good.pdf"))
    assert code == 0, out
    code, out = run("inspect", str(tmp_path / "good.pdf"), "--max-pages", "2", "--strict")
    good = tmp_path / "good.pdf"
    assert (code, out.strip()) == (0, f"{good}: no problems found\n{good}: accessible (tagged PDF, checks passed)")


def _brand(tmp_path: Path, extra: str) -> Path:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.toml").write_text(f'name = "Lakeside High School"\n{extra}\n')
    return kit


def test_build_prints_inspection_warnings_and_still_writes(run, tmp_path):
    kit = _brand(tmp_path, "min_text_size = 9.5")  # the type scale's small size is 9 pt
    code, out = run("build", "comparison", *PAIR, "--brand", str(kit))
    assert code == 0, out
    assert re.search(
        r"warning: output/comparison-.*\.pdf: page \d, [\d.]+ in from left, [\d.]+ in from top: text \".*\" is set in 9(\.0)? pt, below the 9\.5 pt minimum",
        out,
    )
    assert len(pdfs_in(tmp_path / "output")) == 1


def test_strict_build_writes_nothing_when_inspection_finds_problems(run, tmp_path):
    kit = _brand(tmp_path, "min_text_size = 9.5")
    code, out = run("build", "comparison", *PAIR, "--brand", str(kit), "--strict")
    assert code == 4, out
    assert "below the 9.5 pt minimum" in out
    assert "not written: inspection found problems and --strict is on" in out
    assert pdfs_in(tmp_path) == []


def _engine_without_margin_guards(monkeypatch):
    """The renderer now refuses such margins itself; inspection is the net behind it, so
    these tests switch the guards off to prove the net still catches what gets through."""
    from handouts.render import document as render
    from handouts.render import furniture

    monkeypatch.setattr(render, "_check_margins", lambda *args: None)
    monkeypatch.setattr(furniture, "footer_height", lambda *lines: 0.0)


def test_strict_build_of_a_layout_that_prints_over_its_footer(run, tmp_path, monkeypatch):
    _engine_without_margin_guards(monkeypatch)
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "crowded.xml.j2").write_text(
        "{#- roles: 1 -#}\n"
        '<handout title="Crowded" margins="0.7in 0.6in 0.3in 0.6in">\n'
        "{% for i in range(40) %}<p>{{ role.summary }}</p>\n{% endfor %}</handout>\n"
    )
    code, out = run("build", "crowded", PAIR[0], "--layouts", str(layouts), "--strict")
    assert code == 4, out
    assert re.search(
        r'page 1, 0\.60 in from left, [\d.]+ in from top: text "Medical assistants work.*" overlaps text "(Page 1 of|Career Advising)',
        out,
    ), out
    assert pdfs_in(tmp_path) == []


def test_text_in_the_unprintable_border_is_caught_at_build(tmp_path, monkeypatch):
    _engine_without_margin_guards(monkeypatch)
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "edge.xml.j2").write_text(
        '{#- roles: 1 -#}\n<handout title="Edge" margins="1.3in 0.1in 1in 0.1in"><p>{{ role.summary }}</p></handout>\n'
    )
    from handouts.build import Inputs

    result = build_handout("edge", [PAIR[0]], Inputs(layouts=[layouts]), output=tmp_path / "edge.pdf")
    problem = next(p for p in result.warnings if "unprintable border" in p.what)
    assert not problem.warning
    page, x, _ = _where(problem)
    assert (page, x) == (1, pytest.approx(0.1, abs=0.01))


def test_a_rule_through_text_is_a_warning_unless_the_text_sits_on_a_plate(tmp_path):
    def crossed(canvas):
        canvas.drawString(72, 700, "Enroll in college")
        canvas.line(100, 690, 100, 720)  # straight down through the words

    problem = _only(inspect_pdf(_pdf(tmp_path, crossed)), "crossed by a rule")
    assert problem.warning and 'text "Enroll in college"' in problem.what
    assert _where(problem)[:2] == (1, 1.0)

    def knocked_out(canvas):
        canvas.line(100, 690, 100, 720)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(70, 696, 90, 14, stroke=0, fill=1)  # a diagram label's white plate hides the line
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawString(72, 700, "Enroll in college")

    assert inspect_pdf(_pdf(tmp_path, knocked_out, "plate.pdf")) == []


def test_build_time_font_scan_finds_a_stray_helvetica(tmp_path):
    """The build reads fonts from ReportLab's own font dictionaries, without a PDF parser."""
    from handouts.inspection.drawn import fonts_in

    def draw(canvas):
        canvas.drawString(72, 700, "Embedded")
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, 650, "Not embedded")

    fonts = {f.name: f.embedded for f in fonts_in(_pdf(tmp_path, draw).read_bytes())}
    (subset,) = [name for name in fonts if name != "Helvetica"]
    assert re.fullmatch(r"[A-Z]{6}\+OpenSans", subset)  # BaseFont is the face name, behind a subset tag
    assert fonts == {subset: True, "Helvetica": False}


def test_two_labels_side_by_side_are_read_as_two_runs_and_each_edge_fault_is_told_once(tmp_path):
    """A diagram draws move labels side by side; 0.75 em apart, with no space between, they are two pieces of
    text ("Pass an examPass an exam" was one), and a run over the edges of two shaded boxes is one warning."""

    def labels(canvas):
        canvas.drawString(72, 700, "Pass an exam")
        canvas.drawString(72 + canvas.stringWidth("Pass an exam", SANS, 11) + 0.75 * 11, 700, "Pass an exam")
        canvas.drawString(72, 650, "Words with spaces")  # spaces join the words of a line
        canvas.setFillColorRGB(0.9, 0.9, 0.9)
        canvas.rect(60, 560, 40, 40, stroke=0, fill=1)  # two shaded boxes the next text runs out of
        canvas.rect(110, 560, 40, 40, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawString(90, 575, "Out of its box")

    problems = inspect_pdf(_pdf(tmp_path, labels))
    assert [str(p) for p in problems if "overlap" in p.what] == []
    edge = _only(problems, "runs over the edge of a shaded box")
    assert 'text "Out of its box"' in edge.what

    from handouts.inspection.reading import _runs

    with pdfplumber.open(tmp_path / "bad.pdf") as plumber:
        texts = [run.text for run, _ in _runs(0, plumber.pages[0].chars)]
    assert texts == ["Pass an exam", "Pass an exam", "Words with spaces", "Out of its box"]
