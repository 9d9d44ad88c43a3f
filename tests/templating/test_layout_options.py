"""`LayoutOptions` keeps what a layout is given besides its options: each call must give what the plain
functions give for the same arguments, whatever the option values and in whatever order they come."""

from __future__ import annotations

import pytest

from handouts.build import Inputs, LayoutOptions, layout_text, markup_for
from handouts.errors import HandoutsError
from handouts.jobs.probes import shape
from tests.conftest import EVERY_HANDOUT, ROOT

BRAND = ROOT / "examples" / "brands" / "lakeside-high"
# Names an office's roster holds: accents, markup characters, empty, very long, right to left, spaces.
VALUES = [
    "QéK jX",
    "Çağla Guðmundsdóttir",
    "Ada O'Brien & Co <Ltd>",
    "",
    "Kwame " + "Fernández-Villaverde " * 12,
    "محمد عبد الله",
    "  Bo  Li ",
    "名前",
]


@pytest.mark.parametrize("inputs", [Inputs(), Inputs(brand=BRAND, lang="es", large_print=True)])
def test_each_option_set_gives_what_the_plain_functions_give(inputs):
    layout = LayoutOptions("checklist", ("medical-assistant",), inputs)
    for value in VALUES:
        options = {"student": value, "adviser": value[::-1], "date": "April 2026"}
        assert layout.text(options) == layout_text("checklist", ("medical-assistant",), inputs, options)
        kept, plain = layout.markup(options), markup_for("checklist", ("medical-assistant",), inputs, options)
        assert shape(kept.tree) == shape(plain.tree)
        assert (kept.printed, kept.roles, kept.edition, kept.untranslated) == (
            plain.printed,
            plain.roles,
            plain.edition,
            plain.untranslated,
        )


@pytest.mark.parametrize(("layout", "roles"), EVERY_HANDOUT)
def test_every_handout_without_options(layout, roles):
    assert LayoutOptions(layout, roles).text({}) == layout_text(layout, roles)


def test_a_layout_that_cannot_be_set_up_fails_at_every_call_as_the_plain_function_does():
    layout = LayoutOptions("checklist", ("no-such-role",))
    for _ in range(2):
        with pytest.raises(HandoutsError) as kept:
            layout.text({})
        with pytest.raises(HandoutsError) as plain:
            layout_text("checklist", ("no-such-role",))
        assert [str(p) for p in kept.value.problems] == [str(p) for p in plain.value.problems]
