"""Baseline: the comparison handout as HTML and CSS, filled by Jinja2 and printed by WeasyPrint.

The other common route to a branded PDF. WeasyPrint is an optional extra
(`pip install weasyprint`, which needs Pango); the runner skips this route
with a note when it is not installed.

    python benchmarks/weasyprint_comparison.py out.pdf      # cold: one handout from a fresh process
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jinja2
from content import Comparison, comparison

FONTS = Path(__file__).resolve().parent.parent / "src" / "handouts" / "builtin" / "fonts"

TEMPLATE = """<!doctype html>
<html lang="en-US"><head><meta charset="utf-8"><title>{{ doc.title }}</title>
<style>
@font-face { font-family: OS; src: url("{{ fonts }}/OpenSans-Regular.ttf"); }
@font-face { font-family: OS; font-weight: bold; src: url("{{ fonts }}/OpenSans-Bold.ttf"); }
@page { size: letter; margin: 1.42in 0.6in 0.75in 0.6in;
  @top-left { content: "Career Advising Office"; font: bold 12pt OS; color: white; background: #1f4e79;
              padding-left: 0.15in; margin: 0.4in -0.1in 0.22in -0.1in; border-radius: 6pt; }
  @top-right { content: "Career comparison"; font: 8.5pt OS; color: white; background: #1f4e79;
               padding-right: 0.1in; margin: 0.4in -0.1in 0.22in 0; border-radius: 6pt; }
  @bottom-left { content: "Career Advising Office"; font: 7pt OS; color: #575a5e; border-top: 0.5pt solid #9aafc3; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7pt OS; color: #575a5e;
                  border-top: 0.5pt solid #9aafc3; } }
body { font: 9.5pt/13.2pt OS; color: #1f2328; margin: 0; }
h1 { font-size: 19pt; line-height: 23pt; color: #1f4e79; margin: 0 0 6pt; }
h2 { font-size: 13pt; line-height: 16pt; color: #1f4e79; margin: 10pt 0 5pt; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 6pt 0 3pt; }
p { margin: 0 0 5pt; } p.lead { font-size: 11pt; line-height: 15pt; margin-bottom: 8pt; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; line-height: 11pt; margin: 2pt 0 8pt; }
thead th { background: #1f4e79; color: white; text-align: left; }
th, td { padding: 3.5pt 4.5pt 4pt; vertical-align: top; text-align: left; border-bottom: 0.5pt solid #9aafc3; }
tbody tr:nth-child(even) { background: #eef3f8; }
ul { margin: 0; padding-left: 12pt; } li { margin: 0 0 2pt; }
.callout { background: #eef3f8; border-left: 3pt solid #1f4e79; padding: 7pt 8pt 5pt 10pt; margin: 4pt 0 8pt; font-size: 9pt; }
.charts { display: flex; gap: 24pt; } .chart { flex: 1; font-size: 7.5pt; line-height: 9pt; }
.bar { display: flex; align-items: center; height: 9pt; margin: 2pt 0 5pt; }
.low { background: #b4530a; height: 9pt; } .high { background: #f0d4bf; border: 0.5pt solid #b4530a; height: 8pt; }
.label { padding-left: 4pt; white-space: nowrap; } .axis { display: flex; justify-content: space-between; width: 55%; border-top: 0.5pt solid #9aafc3; font-size: 6.5pt; }
.caption { font-size: 6.5pt; }
.src { font-size: 7.5pt; line-height: 9.8pt; color: #575a5e; margin: 0 0 2pt; }
.small { font-size: 8pt; color: #575a5e; }
</style></head><body>
<h1>{{ doc.heading }}</h1>
<p class="lead">{{ doc.lead }}</p>
{% for a, b in doc.intros %}<p><b>{{ a }}</b> {{ b }}</p>{% endfor %}
<h2>At a glance</h2>
<table><thead><tr><th style="width:19%"></th>{% for c in doc.columns %}<th>{{ c }}</th>{% endfor %}</tr></thead><tbody>
{% for label, cells in doc.glance %}<tr><th>{{ label }}</th>{% for text, items in cells %}<td>{{ text }}
{% if items %}<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>{% endif %}</td>{% endfor %}</tr>{% endfor %}
</tbody></table>
<h2>Which one fits you?</h2>
<table><thead><tr>{% for c in doc.columns %}<th>{{ c }} could suit you if you</th>{% endfor %}</tr></thead>
<tbody><tr>{% for items in doc.fits %}<td><ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul></td>{% endfor %}</tr></tbody></table>
{% if doc.charts %}<h2>Pay and job growth</h2><div class="charts">{% for chart in doc.charts %}<div class="chart">
<b>{{ chart.title }}</b>{% for name, low, high, label in chart.bars %}
<div class="name">{{ name }}</div><div class="bar"><span class="low" style="width: {{ 55 * low / chart.top }}%"></span><span class="high" style="width: {{ 55 * (high - low) / chart.top }}%"></span><span class="label">{{ label }}</span></div>{% endfor %}
<div class="axis">{% for i in range(5) %}<span>{{ "{:,.0f}".format(chart.top * i / 4) if chart.top > 100 else "{:g}".format(chart.top * i / 4) }}</span>{% endfor %}</div>
<div class="caption">{{ chart.axis }}</div></div>{% endfor %}</div>{% endif %}
<div class="callout"><b>Why sources give different numbers</b>
<p>Career figures change with the year they describe and with who collected them. Where our sources disagree we
show the newest figure, or the one that compares like with like, and list the others here.</p>
<ul>{% for o in doc.others %}<li>{{ o }}</li>{% endfor %}</ul></div>
<h3>Sources</h3>{% for s in doc.sources %}<p class="src">{{ s }}</p>{% endfor %}
<p class="small">{{ doc.note }}</p>
</body></html>"""

_environment = jinja2.Environment(autoescape=True)
_template = _environment.from_string(TEMPLATE)


def available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: installed, but Pango is missing
        return False
    return True


def build_pdf(doc: Comparison) -> bytes:
    import weasyprint

    html = _template.render(doc=doc, fonts=FONTS.as_uri())
    return weasyprint.HTML(string=html, base_url=str(FONTS)).write_pdf()


def main(argv: list[str] | None = None) -> None:
    from handouts.inputs.roles import load_catalog  # the data loader alone: no templating to import

    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0]) if args else Path("weasyprint-comparison.pdf")
    role_ids = args[1:3] or ["medical-assistant", "medical-administrative-assistant"]
    catalog = load_catalog([Path(a) for a in args[3:]])
    out.write_bytes(build_pdf(comparison([catalog.roles[r] for r in role_ids], catalog.sources)))


if __name__ == "__main__":
    main()
