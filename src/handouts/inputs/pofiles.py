"""Read a message catalog (``locales/LANG.po``) that came with a layout folder, as untrusted input.

A school's catalog is as untrusted as its layouts: it may be shared between
schools, hand-edited, or a link to somewhere else. Babel's reader is lenient
(it prints a warning and carries on, takes an unclosed quote as text, keeps
one of two entries with the same msgid), so a typo would quietly print the
wrong words. Each line is therefore checked here first, and every problem is
reported at its file and line before Babel reads the file; a file that is a
link leading out of its layout folder is never opened.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.errors import LayoutError, Problem
from handouts.paths import UnreadableText, display_path, is_within, read_utf8

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog as BabelCatalog

MAX_CATALOG_BYTES = 2_000_000  # the built-in es.po is under 40 kB
_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d\])[ \t]*({_STRING})[ \t]*$")
_CONTINUATION = re.compile(rf"^[ \t]*({_STRING})[ \t]*$")
_PERCENT_NAME = re.compile(r"%\((\w*)\)")
_BRACE_FIELD = re.compile(r"\{(\w+)\}")
_BRACE_ANY = re.compile(r"\{([^{}]*)\}")
LINE_FIX = (
    'each line is a comment starting with #, a keyword and a quoted text (msgid "..." or msgstr "..."), '
    'or a quoted text continuing the line above; write a " inside a text as \\"'
)


def read_catalog(path: Path, folder: Path, lang: str | None = None) -> BabelCatalog:
    """The catalog in ``path``, a file inside the layout folder ``folder``.

    LayoutError naming the file and line for a link out of the folder, a file
    too large, text that is not UTF-8, a malformed line or a msgid given twice.
    """
    from babel.messages.pofile import PoFileError, read_po

    shown = f"{display_path(path.parent)}/{path.name}"  # the link's own name, not where it leads
    if not is_within(path, folder):
        raise LayoutError(
            problems=[
                Problem(
                    shown,
                    0,
                    "catalog",
                    "is a link leading outside its layout folder, so it is not read",
                    "copy the .po file into the folder instead of linking to it",
                )
            ]
        )
    text = _text(path, shown)
    problems = check_lines(text, shown)
    if problems:
        raise LayoutError(problems=problems)
    try:
        catalog = read_po(text.splitlines(keepends=True), locale=lang, abort_invalid=True)
    except PoFileError as exc:
        line = exc.lineno + 1  # Babel counts from 0
        extra = _extra_plural(text, line, exc.catalog.num_plurals)
        if extra:
            line = extra
            what = f"more plural forms than the {exc.catalog.num_plurals} the Plural-Forms line at the top gives"
            fix = "give msgstr[0] to msgstr[nplurals - 1], as many as nplurals in the Plural-Forms line"
        else:
            what = "this line is out of place: an entry is a msgid line, then its msgstr line(s)"
            fix = 'write each entry as msgid "English", then msgstr "translation" (plurals: msgid_plural, msgstr[0]...)'
        raise LayoutError(problems=[Problem(shown, line, "catalog", what, fix)]) from None
    except ValueError as exc:  # a Plural-Forms or Language header Babel cannot use
        raise LayoutError(
            problems=[
                Problem(
                    shown,
                    _header_line(text),
                    "catalog",
                    f"the header at the top of the file cannot be read ({exc})",
                    'keep the header of the catalog you copied, e.g. "Plural-Forms: nplurals=2; plural=(n != 1);"',
                )
            ]
        ) from None
    problems = check_placeholders(catalog, shown)
    if problems:
        raise LayoutError(problems=problems)
    return catalog


def check_placeholders(catalog: BabelCatalog, shown: str) -> list[Problem]:
    """A problem for each translation naming a value its English text does not pass.

    Layout texts are filled with ``%(name)s`` and the program's own with ``{name}``
    (`str.format`, which would also read ``{name.attribute}``), so a translation may use
    exactly the names of its msgid, as they are written there, and nothing else.
    """
    problems: list[Problem] = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        percent = {name for text in ids for name in _PERCENT_NAME.findall(text)}
        if len(ids) > 1:
            percent.add("num")  # a plural's count is also passed as num
        braces = {name for text in ids for name in _BRACE_FIELD.findall(text)}
        for text in strings:
            if not text:
                continue
            unknown = [f"%({name})s" for name in _PERCENT_NAME.findall(text) if name not in percent]
            if braces or "{" in text:
                fields = _BRACE_ANY.findall(text.replace("{{", "").replace("}}", ""))
                unknown += [f"{{{field}}}" for field in fields if field not in braces]
            if unknown:
                what = (
                    f"the translation of '{_short(ids[0])}' uses {', '.join(dict.fromkeys(unknown))}, "
                    "which its English text does not have"
                )
                fix = "keep each %(name)s and {name} exactly as the msgid writes it"
                if not braces:
                    fix += "; write a brace in the text as {{ or }}"
                problems.append(Problem(shown, message.lineno or 0, "catalog", what, fix))
    return problems


def _text(path: Path, shown: str) -> str:
    try:
        return read_utf8(path, MAX_CATALOG_BYTES, "keep only the entries your layouts use")
    except UnreadableText as exc:
        raise LayoutError(problems=[Problem(shown, exc.line, "catalog", exc.what, exc.fix)]) from None


def check_lines(text: str, shown: str) -> list[Problem]:
    """A problem for each line that is not .po syntax, and for each msgid given a second time."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    keyword, context, msgid, started = "", "", "", 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if match := _KEYWORD_LINE.match(line):
            keyword, value = match.group(1), match.group(2)[1:-1]
            if keyword == "msgctxt":
                context, started = value, number
            elif keyword == "msgid":
                started = started if context else number
                msgid = value
            elif keyword in ("msgstr", "msgstr[0]") and not started:
                what = f"'{_short(stripped)}' has no msgid line before it"
                problems.append(Problem(shown, number, "catalog", what, 'begin each entry with msgid "English"'))
            elif keyword in ("msgstr", "msgstr[0]"):  # the entry's id is complete
                if msgid and (context, msgid) in seen:
                    first = seen[(context, msgid)]
                    what = f"the msgid '{_short(msgid)}' is given a second time (first at line {first})"
                    problems.append(Problem(shown, started, "catalog", what, "keep one entry for each msgid"))
                seen.setdefault((context, msgid), started)
                context, msgid, started = "", "", 0
        elif match := _CONTINUATION.match(line):
            if not keyword:
                what = "a quoted text continues no msgid or msgstr line"
                problems.append(Problem(shown, number, "catalog", what, LINE_FIX))
            elif keyword == "msgid":
                msgid += match.group(1)[1:-1]
            elif keyword == "msgctxt":
                context += match.group(1)[1:-1]
        else:
            what = f"'{_short(stripped)}' is not a line of a .po file"
            problems.append(Problem(shown, number, "catalog", what, LINE_FIX))
    return problems


def _extra_plural(text: str, start: int, plurals: int) -> int:
    """The line of the first msgstr[N] past ``plurals`` in the entry that begins at line ``start``, or 0."""
    for number, line in enumerate(text.splitlines()[start - 1 :], start):
        match = _KEYWORD_LINE.match(line)
        if number > start and match and match.group(1) in ("msgctxt", "msgid"):
            break
        if match and match.group(1).startswith("msgstr[") and int(match.group(1)[7:-1]) >= plurals:
            return number
    return 0


def _header_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if "Plural-Forms" in line or "Language:" in line:
            return number
    return 1


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
