"""The built-in roles print only what the two source articles say, dated as the articles date them.

Read back from the built-in handouts: a figure the article gives no period
for says so and when the article was published (never the article's date as
its period), and claims the articles do not make are gone.
"""

from __future__ import annotations

import pytest

from handouts.build import build_handout
from tests.conftest import PAIR
from tests.support.pdfcheck import Pdf


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    text = {}
    for layout, roles in (
        ("comparison", PAIR),
        ("checklist", ("medical-assistant",)),
        ("checklist", ("medical-administrative-assistant",)),
        ("pathway", ("medical-assistant",)),
        ("pathway", ("medical-administrative-assistant",)),
    ):
        result = build_handout(layout, roles, output=out)
        text[(layout, roles[0])] = " ".join(Pdf.open(result.path).text.split())
    return text


def test_indeed_pay_is_dated_by_publication_not_given_the_article_s_date_as_its_period(printed):
    text = printed[("comparison", "medical-assistant")]
    assert "about $42,000–$44,000 a year (period not stated; published 28 January 2026) [2]" in text
    assert "$35,000–$38,000 a year (period not stated; published 28 January 2026) [2]" in text
    assert "(January 2026)" not in text


def test_work_setting_shares_are_not_dated_2026(printed):
    text = printed[("comparison", "medical-assistant")]
    assert "Outpatient care centers – 9% (period not stated; published 2026) [1]" in text
    assert "% (2026)" not in text


def test_fhca_s_undated_15_percent_is_in_the_conflicts_box_not_shown(printed):
    text = printed[("comparison", "medical-assistant")]
    box = text.split("Why sources give different numbers")[1].split("Sources")[0]
    assert "about 15% (period not stated; published 28 January 2026) [2]" in box
    assert "12.5% (through 2034) [2] projected job growth" in text


def test_claims_the_articles_do_not_make_are_gone(printed):
    comparison = printed[("comparison", "medical-assistant")]
    assert "CCMA (NHA)" not in comparison and "CCMA from the NHA" not in comparison
    # Acronyms are spelled out on first use (issue 16); the CCMA's issuer is still not named.
    assert "National Certified Medical Assistant (NCMA), Certified Clinical Medical Assistant (CCMA)" in comparison
    assert "Associate degree (length not given in our sources)" in comparison  # the MAA degree: no length in either
    assert "Associate degree: About 2 years, with clinical externship" in comparison  # the MA degree: Research.com
    assert "CCMA from NHA" not in printed[("pathway", "medical-assistant")]
    assert "CCMA (NHA)" not in printed[("checklist", "medical-assistant")]
    assert "about 2 years" not in printed[("checklist", "medical-administrative-assistant")]
    assert "About 2 years" not in printed[("pathway", "medical-administrative-assistant")]


def test_built_in_handouts_carry_no_draft_mark_and_no_o_net_credit(printed):
    for text in printed.values():
        assert "DRAFT" not in text and "O*NET" not in text
