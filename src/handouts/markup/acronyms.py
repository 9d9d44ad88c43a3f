"""Acronyms spelled out on first use in each handout, as a style guide asks (and a parent needs).

Role data and layouts write the short forms (CMA, AAMA, NHA...), because
the same text is printed in tables and on diagrams where a full name would
not fit. The glossary comes from the roles themselves (a credential's name
and its issuer's, a role's short name) so a new role brings its own. This
pass goes through the handout's text in reading order: the first use of
each acronym becomes "Full Name (ACR)", later uses stay short. Text the
data already spells out ("electronic health record (EHR)") counts as the
first use. Headings, table header cells and drawings (diagram boxes and
labels, charts) are left short: the body text is where a reader looks a
term up, and a box or a column head has no room for a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from handouts.inputs.models import Catalog, Role
from handouts.markup.parse import Element

# Elements whose text keeps the short forms (and does not count as a first use).
_SHORT = frozenset({"h1", "h2", "h3", "th", "pathway", "chart", "qr", "sources", "blanks"})
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def glossary(catalog: Catalog, printed: Sequence[Role] = ()) -> dict[str, str]:
    """Acronym -> full name, from every role's credentials (and their issuers) and short name.

    ``printed``: the roles as this edition prints them (translated), whose names come first, so a
    Spanish edition spells a credential out the way its own role text names it.
    """
    names: dict[str, str] = {}
    for role in (*printed, *catalog.roles.values()):
        if role.short_name and role.short_name.isupper() and role.short_name != role.name:
            # A job title inside a sentence is lower case: "medical assistant (MA) experience".
            names.setdefault(role.short_name, _CAPITALISED.sub(lambda m: m.group(0).lower(), role.name))
        for cert in role.certifications.options if role.certifications else ():
            if cert.name:
                names.setdefault(cert.abbreviation, cert.name)
            if cert.issuer and cert.issuer_abbreviation:
                names.setdefault(cert.issuer_abbreviation, cert.issuer)
    return names


def spell_out(root: Element, names: Mapping[str, str]) -> Element:
    """A copy of the tree with each acronym's first use in running text written out in full."""
    if not names:
        return root
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True)) + r")\b")
    done: set[str] = set()

    def text(value: str) -> str:
        def replace(match: re.Match[str]) -> str:
            short = match.group(1)
            if short in done:
                return short
            done.add(short)
            before, after = value[: match.start()], value[match.end() :]
            full = names[short]
            full, gloss = _name_and_gloss(full)
            if before.endswith("(") and after.startswith(")"):
                if before[:-1].rstrip().lower().endswith(full.lower()):
                    return short  # already spelled out: "National Healthcareer Association (NHA)"
                return f"{full}, {short}{gloss}"  # "CMA (AAMA)" -> "CMA (American Association of ..., AAMA)"
            return f"{full} ({short}{gloss})"

        return pattern.sub(replace, value)

    return _walk(root, text)


def _name_and_gloss(full: str) -> tuple[str, str]:
    """A name that carries its own gloss, "Certified Medical Assistant (asistente médico certificado)", as
    the name and ", gloss", so its acronym goes inside the one pair of brackets: "... (CMA, asistente ...)"."""
    if full.endswith(")") and " (" in full:
        name, _, gloss = full[:-1].partition(" (")
        return name, f", {gloss}"
    return full, ""


def _walk(element: Element, text: Callable[[str], str]) -> Element:
    """The element with ``text`` applied to its running text, in reading order (a module function: a nested
    recursive one is a reference cycle, which a build must not leave behind)."""
    if element.tag in _SHORT:
        return element
    children = [text(c) if isinstance(c, str) else _walk(c, text) for c in element.children]
    return Element(element.tag, element.attrs, children, element.line)
