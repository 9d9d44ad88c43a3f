"""The markup of the printed sheets: checklists, write-on blanks and pathway diagrams.

Registered in the vocabulary here, apart from their builders, so the markup
stage (`markup.parse_markup`) knows every element without importing ReportLab.
"""

from __future__ import annotations

import re

from handouts.markup.vocabulary import (
    Attr,
    ElementSpec,
    InvalidValue,
    boolean,
    choice,
    length,
    nonblank,
    register,
    text,
)

KINDS = ("education", "credential", "role")
_FIELD = re.compile(r"[a-z0-9]+(?:(?:--?|_)[a-z0-9]+)*")


def share(value: str) -> float:
    """share: a percentage such as `50%`"""
    match = re.fullmatch(r"(\d{1,3}(?:\.\d+)?)%", value.strip())
    if not match or not 0 < float(match.group(1)) <= 100:
        raise InvalidValue(f"'{value}' is not a share; write a percentage such as 50%")
    return float(match.group(1))


register("blanks", ElementSpec("block", ("blank",), {}, "a row of labelled lines to write on"))
register(
    "blank",
    ElementSpec(
        "child",
        "empty",
        {
            "label": Attr(text, required=True, doc="what to write, e.g. Name"),
            "value": Attr(text, doc="text printed on the line instead of leaving it blank"),
            "width": Attr(
                share,
                doc="share of the row's writing room, e.g. 50%; what the shares leave is shared equally by the "
                "blanks without one (or left empty); shares add up to 100% at most",
            ),
        },
        "one labelled line to write on",
    ),
)


def field_name(value: str) -> str:
    """form field name: lowercase letters and digits, joined by `-`, `--` or `_`"""
    if len(value) > 120 or not _FIELD.fullmatch(value):
        raise InvalidValue(
            f"'{value}' is not a form field name; use lowercase letters, digits and dashes, "
            "e.g. medical-assistant--get-certified"
        )
    return value


register(
    "checklist",
    ElementSpec(
        "block",
        ("item",),
        {"numbered": Attr(boolean, True, doc="print the item numbers beside the boxes")},
        "a list of things to do, each with a box to tick on paper or in a PDF reader",
    ),
)
register(
    "item",
    ElementSpec(
        "child",
        "flow",
        {
            "field": Attr(field_name, required=True, doc="the checkbox's form field name, unique in the handout"),
            "label": Attr(text, required=True, doc="the thing to do, in a few words; printed in bold and read out"),
        },
        "one checklist item: its label, then any text and blocks (detail, time, cost)",
    ),
)


def step_id(value: str) -> str:
    """step id: lowercase letters, digits and dashes, e.g. `high-school`"""
    if not re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", value):
        raise InvalidValue(f"'{value}' is not a step id; use lowercase letters, digits and dashes, e.g. high-school")
    return value


register(
    "pathway",
    ElementSpec(
        "block",
        ("step", "move"),
        {
            "alt": Attr(nonblank, required=True, doc="the path described in words, read out by screen readers"),
            "max-height": Attr(length, doc="the most room the diagram may take, e.g. 4in"),
            "legend": Attr(boolean, True, doc="show the key to the box styles (in a free top corner, else below)"),
        },
        "an advancement-path diagram, laid out automatically from its steps and moves",
    ),
)
register(
    "step",
    ElementSpec(
        "child",
        "inline",
        {
            "id": Attr(step_id, required=True, doc="the id moves refer to"),
            "kind": Attr(choice(*KINDS), "role", doc="education, credential or role; sets the box style"),
            "current": Attr(boolean, False, doc="true for the role the sheet is about; its box is outlined"),
            "optional": Attr(boolean, False, doc="true for a step the path can skip; its box is drawn dashed"),
        },
        "one box of a pathway; its text is the step's title",
    ),
)
register(
    "move",
    ElementSpec(
        "child",
        "inline",
        {
            "from": Attr(step_id, required=True, doc="id of the step the arrow starts at"),
            "to": Attr(step_id, required=True, doc="id of the step the arrow points to"),
        },
        "an arrow of a pathway; its text is what the move requires",
    ),
)
