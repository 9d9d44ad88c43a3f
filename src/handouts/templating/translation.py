"""``{% trans %}``, ``_()`` and ``ngettext()`` in layouts: Jinja2's i18n extension, fed by the edition.

The extension compiles ``{% trans %}`` blocks into calls to ``gettext`` and
``ngettext`` ("new style": variables are passed as keywords and filled in
after translating, escaped, so a translation can move them). Those names
are globals that ask the current `language.Edition` (a context variable the
build sets), so one compiled layout serves every language and two threads
building two editions never see each other's catalog.

A translation comes from a layout folder's catalog, which is as untrusted as
the layout itself, so its ``%`` format is checked by the sandbox's rules
before it is filled in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from handouts.inputs.language import edition
from handouts.templating.sandbox import check_percent_format, sized

EXTENSIONS = ["jinja2.ext.i18n"]


def _filled(context: Context, text: Any, variables: dict[str, Any]) -> str:
    """The translation with its variables filled in; ``text`` is whatever the layout passed ``_()``."""
    if isinstance(text, str) and "%" not in text:
        # Nothing to fill (most strings): ``text % variables`` with a mapping would return it as it is.
        return sized(Markup(text) if context.eval_ctx.autoescape else text, "a translated text")
    check_percent_format(text)
    out: str = Markup(text) if context.eval_ctx.autoescape else text
    try:
        return sized(out % variables, "a translated text")
    except (KeyError, ValueError, TypeError):
        # A stray % in a translation, or a layout's trans block that passes fewer names than its msgid
        # has: print it unfilled rather than fail the build over a typo. (A translation naming a value
        # its msgid does not have is refused when the catalog is read: inputs.pofiles.)
        return out


@pass_context
def gettext(context: Context, text: str, /, **variables: Any) -> str:
    return _filled(context, edition().gettext(text), variables)


@pass_context
def ngettext(context: Context, singular: str, plural: str, number: int, /, **variables: Any) -> str:
    variables.setdefault("num", number)
    return _filled(context, edition().ngettext(singular, plural, number), variables)


GETTEXT_GLOBALS = {"gettext": gettext, "_": gettext, "ngettext": ngettext}


def layout_messages(path: Path) -> list[tuple[int, str]]:
    """(line, English text) of every string ``{% trans %}``, ``_()`` or ``ngettext()`` marks in a layout.

    Babel's own extractor for Jinja2 (the one scripts/extract_messages.py runs), so `check` and the
    shipped catalog agree on what a layout's strings are. It parses the template; nothing runs.
    """
    return [(line, singular) for line, singular, _plural in layout_entries(path)]


def layout_entries(path: Path) -> list[tuple[int, str, str | None]]:
    """(line, singular, plural or None) of every marked string in a layout, in the file's order."""
    from jinja2.ext import babel_extract

    options = {"extensions": ",".join(EXTENSIONS), "trim_blocks": "true", "lstrip_blocks": "true"}
    options["newstyle_gettext"] = "true"
    with open(path, "rb") as handle:
        found = babel_extract(handle, ("_", "gettext", "ngettext"), [], options)
        out: list[tuple[int, str, str | None]] = []
        for line, _function, message, _comments in found:
            if isinstance(message, tuple):
                singular, plural = message[0], message[1] if len(message) > 1 else None
            else:
                singular, plural = message, None
            if singular:
                out.append((line, singular, plural or None))
    return out
