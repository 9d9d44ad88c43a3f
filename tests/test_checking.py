"""`handouts check` builds every layout without writing, and refuses what `handouts build` would refuse."""

from __future__ import annotations

import re

from handouts.build import Inputs
from handouts.checking import ALL_COMBINATIONS, MAX_SETS, check_inputs, role_sets
from handouts.inputs.models import Catalog
from handouts.templating.environment import LayoutInfo
from tests.conftest import FIXTURES, PAIR, pdfs_in
from tests.support.layoutkit import write_layout


def test_check_builds_every_layout_with_each_role_and_says_so(run):
    code, out = run("check")
    assert code == 0, out
    assert out.strip().endswith("built without writing: checklist x2, comparison x1, pathway x2")
    report = check_inputs(Inputs(data=[FIXTURES / "third-role"]))
    assert ("comparison", (*sorted(PAIR), "clinic-receptionist")) not in report.built  # catalog order, not sorted
    comparisons = [roles for layout, roles in report.built if layout == "comparison"]
    assert len(comparisons) == 4 and all(2 <= len(r) <= 3 for r in comparisons)  # every pair, and the three
    assert [r for layout, r in report.built if layout == "checklist"] == [(r,) for r in sorted(PAIR)]


def test_check_refuses_what_build_refuses_with_builds_message_and_writes_nothing(run, tmp_path):
    body = "{% for i in range(90) %}<p>Line {{ i }} of a handout far longer than its one page.</p>{% endfor %}"
    folder = write_layout(tmp_path, body, name="long", pages=1)
    code, built = run("build", "long", PAIR[0], "--layouts", str(folder))
    assert code == 4, built
    code, out = run("check", "--layouts", str(folder))
    assert code == 4, out
    message = built.strip().removeprefix("error: ")
    assert "max-pages" in message and message in out  # "...: max-pages: the handout runs to 3 pages; ..."
    lead = r"^handouts build long \S+ \(and 2 more role sets\): build would write nothing, for the reasons below$"
    assert len(re.findall(lead, out, re.M)) == 1  # one refusal for the three role sets, said once
    assert pdfs_in(tmp_path) == []


def test_check_refuses_a_missing_image_as_build_does(run, tmp_path):
    folder = write_layout(tmp_path, '<p>Hello.</p><image src="nowhere.png" alt="A picture"/>', name="pictured")
    code, built = run("build", "pictured", PAIR[0], "--layouts", str(folder))
    assert code != 0
    code, out = run("check", "--layouts", str(folder))
    assert code == 3 or code == 4, out
    assert built.strip().removeprefix("error: ") in out
    assert "handouts build pictured" in out


def test_inspection_warnings_are_warnings_and_errors_under_strict(run, tmp_path):
    body = "<p>Tous les élèves peuvent prendre rendez-…</p>"
    folder = write_layout(tmp_path, body, name="cut")
    code, out = run("check", "--layouts", str(folder))
    assert code == 0, out
    assert re.search(r"warning: cut \(medical-administrative-assistant\): page 1, .*ends in an ellipsis", out)
    assert "no errors," in out
    code, out = run("check", "--layouts", str(folder), "--strict")
    assert code == 4, out  # as build --strict exits
    assert re.search(r"^cut \(medical-administrative-assistant\): page 1, .*ends in an ellipsis", out, re.M)


def test_check_takes_the_paper_build_would(run):
    code, out = run("check", "--paper", "legal")
    assert code == 0, out
    report = check_inputs(Inputs(paper=None))
    assert report.ok


def _catalog(count: int) -> Catalog:
    from handouts.inputs.roles import load_catalog

    base = load_catalog([])
    role = base.roles["medical-assistant"]
    roles = {f"role-{n:02d}": role for n in range(count)}
    return Catalog(roles=roles, sources=base.sources)


def test_role_sets_are_every_combination_when_few_and_bounded_when_many():
    comparison = LayoutInfo("comparison", FIXTURES, "built-in", roles_min=2, roles_max=3)
    sets, eligible = role_sets(comparison, _catalog(4))
    assert eligible == 4 and len(sets) == 6 + 4  # all 6 pairs, all 4 threes (each at most ALL_COMBINATIONS)
    sets, eligible = role_sets(comparison, _catalog(40))
    assert eligible == 40 and len(sets) == 2 * MAX_SETS
    pairs = [s for s in sets if len(s) == 2]
    assert len(set(pairs)) == len(pairs) == MAX_SETS and ALL_COMBINATIONS < 40
    single = LayoutInfo("sheet", FIXTURES, "built-in")
    sets, _ = role_sets(single, _catalog(5))
    assert sets == [(f"role-{n:02d}",) for n in range(5)]
