"""The baseline for the print-job benchmark: each document rendered with plain platypus, then merged.

What an office would script by hand without handouts: one SimpleDocTemplate
per document, Paragraphs and Tables with the same text as the comparison,
checklist and advancement-path handouts, the same embedded Open Sans, a
header and a footer; then every document appended to one print file with
pikepdf, a blank back after each odd-length one (the job prints duplex).
No templates, no markup, no tagging, no checks, no logo, no diagram (the
pathway sheet's diagram is left out, so that baseline is cheaper than the
real sheet): it is the floor a faster print job must beat by rendering less,
not by doing less per page.

    python benchmarks/print_job_baseline.py MANIFEST OUT.pdf   # the whole job, as a script would do it

The manifest's items, roles and roster are read with handouts' own loaders
(a script would read the same CSV); the timing is the whole process.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT, BOLD = "BaselineSans", "BaselineSans-Bold"
PRIMARY = colors.HexColor("#0e4d64")
_STYLES: dict[str, ParagraphStyle] = {}


def setup() -> None:
    """Register the fonts and styles once, as a hand-written script would at import."""
    from handouts.inputs.fonts import builtin_font_path

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, builtin_font_path("regular")))
        pdfmetrics.registerFont(TTFont(BOLD, builtin_font_path("bold")))
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.2, spaceAfter=5)
    _STYLES.update(
        body=body,
        lead=ParagraphStyle("lead", body, fontSize=11, leading=15, spaceAfter=8),
        h1=ParagraphStyle("h1", body, fontName=BOLD, fontSize=19, leading=23, textColor=PRIMARY, spaceAfter=6),
        h2=ParagraphStyle("h2", body, fontName=BOLD, fontSize=13, leading=16, textColor=PRIMARY, spaceBefore=10),
        th=ParagraphStyle("th", body, fontName=BOLD, fontSize=8.5, leading=11, spaceAfter=0),
        td=ParagraphStyle("td", body, fontSize=8.5, leading=11, spaceAfter=0),
        small=ParagraphStyle("small", body, fontSize=7.5, leading=9.8, spaceAfter=2),
    )


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), _STYLES[style])


def _table(rows: list[list], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9ab")),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eaf4f7")))
    table.setStyle(TableStyle(commands))
    return table


def _build(story: list, title: str) -> bytes:
    buffer = io.BytesIO()

    def page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(PRIMARY)
        canvas.rect(0.5 * inch, LETTER[1] - 1.2 * inch, LETTER[0] - inch, 0.8 * inch, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, 12)
        canvas.drawString(0.7 * inch, LETTER[1] - 0.85 * inch, "Lakeside Regional High School")
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 7)
        canvas.drawRightString(LETTER[0] - 0.6 * inch, 0.46 * inch, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=1.45 * inch,
        bottomMargin=0.75 * inch,
        title=title,
        invariant=1,
        initialFontName=FONT,
    )
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()


def _figure(role, metric: str) -> str:
    from handouts.templating.figures import format_figure

    return format_figure(role.figure(metric)) if metric in role.figures else "Not given in our sources"


def comparison(roles: list, sources: dict) -> bytes:
    """The two-role comparison: intro, an 11-row table, fit table, a note, sources (2 pages)."""
    names = [r.name for r in roles]
    story: list = [
        _p(f"{names[0]} or {names[1]}?", "h1"),
        _p(
            "These two careers can look alike from the waiting room, but the day-to-day work is different. "
            "This sheet sets them side by side.",
            "lead",
        ),
    ]
    story += [_p(f"{r.name}. {r.summary}") for r in roles]
    story.append(_p("At a glance", "h2"))
    rows = [
        ("Primary focus", lambda r: r.primary_focus),
        ("Patient care", lambda r: r.patient_care),
        ("Clinical duties", lambda r: r.clinical_scope),
        ("Typical duties", lambda r: "; ".join(d.title for d in r.duties[:4])),
        (
            "Education and program length",
            lambda r: r.education.minimum + ", then: " + "; ".join(f"{p.name}: {p.length}" for p in r.education.paths),
        ),
        (
            "Certification",
            lambda r: r.certifications.expectation + ": " + ", ".join(c.abbreviation for c in r.certifications.options),
        ),
        ("Pay", lambda r: _figure(r, "pay_range")),
        ("Median pay", lambda r: _figure(r, "median_pay")),
        ("Job outlook", lambda r: _figure(r, "job_growth")),
        ("Work settings", lambda r: "; ".join(s.name for s in r.work_settings[:4])),
        ("Advancement", lambda r: "; ".join(a.title for a in r.advancement)),
    ]
    data = [[_p("", "th"), *(_p(n, "th") for n in names)]]
    data += [[_p(label, "th"), *(_p(get(r), "td") for r in roles)] for label, get in rows]
    width = LETTER[0] - 1.2 * inch
    story.append(_table(data, [width * 0.19, width * 0.405, width * 0.405]))
    story.append(_p("Which one fits you?", "h2"))
    fit = [
        [_p(f"{r.name} could suit you if you", "th") for r in roles],
        [_p("; ".join(r.right_for_you_if), "td") for r in roles],
    ]
    story.append(_table(fit, [width / 2, width / 2]))
    story.append(Spacer(1, 8))
    story.append(_p("Why sources give different numbers", "h2"))
    story.append(_p("Career figures change with the year they describe and with who collected them."))
    story.append(_p("Sources", "h2"))
    story += [
        _p(f"[{n}] {s.publisher}. {s.title}. {s.date}.", "small") for n, s in enumerate(sources.values(), start=1)
    ]
    return _build(story, " and ".join(names))


def checklist(role, student: str = "", adviser: str = "", date: str = "") -> bytes:
    """The one-page checklist with a name line, boxes, details and a help block."""
    items = role.checklist
    story: list = [_p(items.title, "h1")]
    width = LETTER[0] - 1.2 * inch
    blanks = [
        [_p("Name", "th"), _p(student, "td"), _p("Date", "th"), _p(date, "td"), _p("Adviser", "th"), _p(adviser, "td")]
    ]
    line = Table(blanks, colWidths=[0.6 * inch, width * 0.38, 0.5 * inch, width * 0.14, 0.7 * inch, None])
    line.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LINEBELOW", (1, 0), (1, 0), 0.75, colors.black),
                ("LINEBELOW", (3, 0), (3, 0), 0.75, colors.black),
                ("LINEBELOW", (5, 0), (5, 0), 0.75, colors.black),
            ]
        )
    )
    story.append(line)
    if items.intro:
        story.append(_p(items.intro))
    rows = []
    for number, item in enumerate(items.items, start=1):
        text = [_p(item.action, "th"), _p(item.detail, "td")]
        if item.time or item.cost:
            text.append(_p(" ".join(x for x in (item.time, item.cost) if x), "small"))
        rows.append([_p(f"{number}.", "th"), _box(), text])
    table = Table(rows, colWidths=[0.35 * inch, 0.4 * inch, None])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#9ab")),
            ]
        )
    )
    story.append(table)
    story.append(_p("Who can help", "h2"))
    story.append(_p("College and Career Center, 4100 Shoreline Drive, Room 118. Your school counselor can also help."))
    return _build(story, items.title)


class _Box(Flowable):
    """A printed box to tick."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 11, 11

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, 11, 11)


def _box() -> Flowable:
    return _Box()


def pathway(role) -> bytes:
    """The advancement path as a table of steps (no diagram)."""
    path = role.pathway
    story: list = [_p(f"{role.name}: career path", "h1"), _p(path.summary)]
    width = LETTER[0] - 1.2 * inch
    data = [[_p("Step", "th"), _p("What it takes", "th"), _p("Leads to", "th")]]
    for step in path.steps:
        takes = " ".join(x for x in (step.education, step.time, step.detail) if x)
        leads = "; ".join(f"{path.step(m.to).title} ({m.requires})" for m in step.leads_to)
        data.append([_p(step.title, "th"), _p(takes, "td"), _p(leads, "td")])
    story.append(_table(data, [width * 0.22, width * 0.5, width * 0.28]))
    return _build(story, f"{role.name}: advancement path")


def documents(manifest: Path) -> list:
    """A function making each document of the job, in print order: every copy and every student."""
    from handouts.build import Inputs, catalog_for
    from handouts.jobs.manifest import load_manifest
    from handouts.jobs.roster import read_roster

    catalog = catalog_for(Inputs())
    loaded, _ = load_manifest(manifest)
    work: list = []
    for item in loaded.manifest.items:
        roles = [catalog.roles[r] for r in item.roles]
        if item.layout == "comparison":
            work += [lambda roles=roles: comparison(roles, catalog.sources)] * item.copies
        elif item.layout == "pathway":
            work += [lambda role=roles[0]: pathway(role)] * item.copies
        elif item.roster is None:
            work += [lambda role=roles[0]: checklist(role)] * item.copies
        else:
            roster, _ = read_roster(loaded.resolve(item.roster), dict(item.fields), {})
            date = dict(item.options).get("date", "")
            for student in roster.students:
                values = dict(student.values)
                work += [
                    lambda role=roles[0], v=values, d=date: checklist(role, v["student"], v.get("adviser", ""), d)
                ] * item.copies
    return work


def merge(pdfs, target: Path, duplex: bool = True) -> int:
    """Every document appended to one file, a blank back after an odd-length one; returns the page count."""
    import pikepdf

    out = pikepdf.new()
    for data in pdfs:
        with pikepdf.open(io.BytesIO(data)) as source:
            out.pages.extend(source.pages)
            if duplex and len(source.pages) % 2:
                out.add_blank_page(page_size=LETTER)
    pages = len(out.pages)
    out.save(target)
    return pages


def main(argv: list[str]) -> None:
    manifest, target = Path(argv[0]), Path(argv[1])
    setup()
    pages = merge((make() for make in documents(manifest)), target)
    print(pages)


if __name__ == "__main__":
    main(sys.argv[1:])
