"""Brand kits nobody designed the layouts for, crossed with every built-in layout and 1, 2 and 3 roles.

The kits (tests/fixtures/brands-unlike/, see its README) cover monospace,
condensed and wide fonts, names and web addresses of 100+ characters, tall
and wide logos, dark, light and yellow primaries, French, Spanish and
Vietnamese footers and all three papers. Every build of every role set must:

- pass `handouts build --strict`: not refused (page budget, accessibility)
  and nothing found by inspection (overlaps, margins, clipped or elided
  text, a page under 30% filled, a keep group split, placeholders...);
- print the whole footer line and the whole web address in its footer;
- set its body text at 10 pt or more (the size most body text is set in),
  no paragraph, list item or table cell under 9 pt, and every character it
  prints (diagram, header and footer included) at 9 pt or more and in at
  most five sizes.

Every case builds, fitted to its page budget, except those in `REFUSED`:
content that no fitting step brings within the budget, which the build must
refuse naming the cause and writing nothing (issue 16 item 1). A refused
case that starts to build fails until it leaves the list.
"""

from __future__ import annotations

import collections
import tomllib
from pathlib import Path

import pytest

from handouts.render.furniture import website_label
from handouts.session import Session
from tests.support import brandmatrix
from tests.support.pdfcheck import Pdf

BODY_MIN = 10.0  # pt: the size most body text is set in
TEXT_MIN = 9.0  # pt: any paragraph, list item or table cell
SIZES_MAX = 5  # one type scale
BODY_ROLES = {"P", "LBody", "Lbl"}
TEXT_ROLES = BODY_ROLES | {"TD", "TH"}

# (kit, layout, role count): what the refusal must name. None today: three roles side by side in a monospace
# font (34% wider than Open Sans) on A4 with a five-line footer filled three pages (99%, 86%, 86%) until the
# comparison's tables shared their width by what each column holds (`balance="true"`); it now fits two pages
# (99%, 98%) with the charts, the "why sources differ" box and the closing note left out.
REFUSED: dict[tuple[str, str, int], list[str]] = {}


def _cases():
    params = []
    for kit, info, count in brandmatrix.cases():
        params.append(pytest.param(kit, info, count, id=f"{kit.name}-{info.name}-{count}"))
    return params


@pytest.fixture(scope="module")
def session() -> Session:
    return Session()


def test_the_matrix_covers_what_the_issue_asks(session):
    """At least six kits; monospace, condensed and wide fonts; all three papers; 1, 2 and 3 roles."""
    kits = brandmatrix.kits()
    brands = [tomllib.loads((kit / "brand.toml").read_text(encoding="utf-8")) for kit in kits]
    assert len(kits) >= 6
    assert {b["paper"] for b in brands} == {"letter", "a4", "legal"}
    assert any(len(b["name"]) >= 100 for b in brands) and any(len(b.get("website", "")) >= 100 for b in brands)
    fonts = {Path(b["fonts"]["regular"]).name for b in brands if "fonts" in b}
    assert {"NotoSansMono-Regular.ttf", "RobotoCondensed-Regular.ttf", "DejaVuSans.ttf"} <= fonts
    assert {count for _, _, count in brandmatrix.cases()} == {1, 2, 3}
    assert len(set(REFUSED) - {(k.name, i.name, n) for k, i, n in brandmatrix.cases()}) == 0


@pytest.mark.parametrize(
    ("kit", "info"),
    [
        pytest.param(kit, info, id=f"{kit.name}-{info.name}")
        for kit in brandmatrix.kits()
        for info in brandmatrix.layouts()
    ],
)
def test_footer_line_and_address_are_printed_whole(kit, info, session):
    """Whatever the fitting does with the body: the footer never cuts its line or the web address, and
    nothing on the page is shortened with an ellipsis or runs past its box."""
    roles = brandmatrix.role_sets(info, info.roles_min, session)[0]
    built = brandmatrix.render_only(kit, info, roles, session)
    assert _footer_problems(built) == []
    cut = [str(p) for p in built.inspection if "ellipsis" in p.what or "past the edge of its box" in p.what]
    assert cut == []


@pytest.mark.parametrize(("kit", "info", "count"), _cases())
def test_every_build_passes_strict_and_prints_everything(kit, info, count, session):
    sets = brandmatrix.role_sets(info, count, session)
    assert sets, f"no {count} roles have what {info.name} needs"
    failures: list[str] = []
    causes = REFUSED.get((kit.name, info.name, count))
    for roles in sets:
        built = brandmatrix.build(kit, info, roles, session)
        if causes is not None:
            said = " ".join(str(p) for p in built.refused)
            assert built.refused and all(cause in said for cause in causes), said or "built, not refused"
            assert "max-pages" in said and "even set as tightly as the layout allows" in said
            continue
        if built.refused:
            failures += [f"{built.name}: refused: {p}" for p in built.refused]
            continue
        failures += [f"{built.name}: {p}" for p in built.inspection]
        failures += [f"{built.name}: {f}" for f in _footer_problems(built)]
        failures += [f"{built.name}: {f}" for f in _type_problems(built)]
    assert failures == []


def _footer_problems(built) -> list[str]:
    """The whole footer line at the left of the footer and the whole web address in its links, on every page."""
    brand = brandmatrix.load_kit(built.kit)
    rendered = built.rendered
    pdf = Pdf(rendered.pdf)
    bottom = rendered.margins[2]
    site = website_label(brand.website) if brand.website else ""
    problems = []
    for page, chars in enumerate(pdf.chars):
        height = pdf.page_sizes[page][1]
        footer = [c for c in chars if height - c["bottom"] < bottom]
        links = sorted(
            # The footer's own links: a QR code's address in the body links to the same page.
            (
                link
                for link in rendered.page_log.links
                if link.page == page and link.uri == brand.website and link.y1 <= bottom
            ),
            key=lambda link: -link.y1,
        )
        if site:
            printed = "".join(
                c["text"] for link in links for c in footer if _inside(c, height, link.x0, link.y0, link.x1, link.y1)
            )
            if printed != site:
                problems.append(f"page {page + 1}: the footer's web address reads {printed!r}, not {site!r}")
        if brand.footer:
            right = min([link.x0 for link in links], default=rendered.page_size[0])
            left = [c for c in footer if c["x1"] < right - 1]
            words = " ".join(_lines(left))
            if " ".join(brand.footer.split()) not in words:
                problems.append(f"page {page + 1}: the footer line is not printed whole: {words!r}")
    return problems


def _inside(char: dict, height: float, x0: float, y0: float, x1: float, y1: float) -> bool:
    mid_x, mid_y = (char["x0"] + char["x1"]) / 2, height - (char["top"] + char["bottom"]) / 2
    return x0 <= mid_x <= x1 and y0 <= mid_y <= y1


def _lines(chars: list[dict]) -> list[str]:
    """Characters as lines of text, top to bottom, each left to right, spaces kept."""
    rows: dict[float, list[dict]] = collections.defaultdict(list)
    for c in chars:
        rows[round(c["bottom"], 1)].append(c)
    return ["".join(c["text"] for c in sorted(rows[y], key=lambda c: c["x0"])).strip() for y in sorted(rows)]


def _type_problems(built) -> list[str]:
    sizes: collections.Counter[float] = collections.Counter()
    small = set()
    for box in built.rendered.boxes:
        if box.role not in TEXT_ROLES or not box.text.strip() or box.font_size <= 0:
            continue
        if box.role in BODY_ROLES and not box.in_table:  # (a list in a table cell is table text: 9 pt at least)
            sizes[round(box.font_size, 1)] += len(box.text)
        if box.font_size < TEXT_MIN - 0.05:
            small.add((box.role, round(box.font_size, 1)))
    problems = [f"{role} text set in {size:g} pt, under {TEXT_MIN:g} pt" for role, size in sorted(small)]
    # One type scale: every character printed, read back from the PDF, in at most five sizes and none under
    # the floor. Text drawn straight onto the canvas counts as well as text blocks: the pathway diagram's
    # titles, labels and key are one Figure with no text boxes of their own, the header band and footer
    # are furniture.
    printed = {round(c["size"], 1) for page in Pdf(built.rendered.pdf).chars for c in page if c["text"].strip()}
    problems += [
        f"text printed at {size:g} pt, under {TEXT_MIN:g} pt" for size in sorted(printed) if size < TEXT_MIN - 0.05
    ]
    scale = sorted(printed, reverse=True)
    if len(scale) > SIZES_MAX:
        problems.append(f"text in {len(scale)} sizes ({', '.join(f'{s:g}' for s in scale)} pt), more than {SIZES_MAX}")
    if sizes:
        body = sizes.most_common(1)[0][0]
        if body < BODY_MIN - 0.05:
            problems.append(f"most body text is set in {body:g} pt, under {BODY_MIN:g} pt")
    return problems


def test_a_handout_over_its_budget_is_refused_naming_what_in_the_brand_makes_it_long(tmp_path, session):
    """Issue 16 item 1: fit, then refuse naming the cause. The monospace A4 kit's three-role comparison needs
    its two pages even fitted; a copy of the layout that allows one is refused naming the font, footer and paper,
    and nothing is written."""
    from handouts.build import Inputs, build_handout
    from handouts.errors import RenderError
    from handouts.paths import builtin_dir

    layouts = tmp_path / "layouts"
    layouts.mkdir()
    text = (builtin_dir("layouts") / "comparison.xml.j2").read_text(encoding="utf-8")
    assert "max-pages: 2\n" in text
    (layouts / "comparison.xml.j2").write_text(text.replace("max-pages: 2\n", "max-pages: 1\n"), encoding="utf-8")
    kit = brandmatrix.KITS / "mono-a4-fr"
    inputs = Inputs(data=[brandmatrix.THIRD_ROLE], brand=kit, layouts=[layouts])
    roles = ["medical-assistant", "medical-administrative-assistant", "clinic-receptionist"]
    with pytest.raises(RenderError) as caught:
        build_handout("comparison", roles, inputs, output=tmp_path / "out.pdf", session=session)
    said = " ".join(str(p) for p in caught.value.problems)
    assert "even set as tightly as the layout allows; this layout allows 1" in said
    for cause in ["the brand font sets 34% wider than the default", "footer", "A4 paper"]:
        assert cause in said
    assert not (tmp_path / "out.pdf").exists()
