"""Copy a built-in layout into an office's own layout folder, with a guide to editing it.

Copying is how an office customises a handout (DESIGN: "copying a layout and
editing it is the way to customise"), so the copy starts with a comment
that says what the file is, how to build with it and where the reference
is. The guide goes inside the layout's first comment, after the metadata
lines that `templating` reads, so the copy lists and builds like the
original. An existing file is never overwritten.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from handouts.errors import OutputError, Problem, UsageError, suggest
from handouts.output import write_atomic
from handouts.paths import builtin_dir, display_path
from handouts.scaffold.catalog import plan_layout_copy, write_catalogs
from handouts.templating.environment import SUFFIX, list_layouts

NAME = re.compile(r"^_?[a-z0-9][a-z0-9_-]{0,63}$")
_FIRST_COMMENT = re.compile(r"^(\s*\{#-?)(.*?)(-?#\})", re.S)

GUIDE = Template("""
  ------------------------------------------------------------------------
  YOUR COPY of the built-in layout "$source", made with
    handouts new layout $name --from $source
  Build with it (from the folder that holds $folder/):
    handouts build $name $roles --layouts $folder
  Check it after every edit (lists every problem at once):
    handouts check --layouts $folder
  Its translations are in $folder/locales/ (es.po is Spanish): when you
  reword a sentence here, reword it there too. Text you add is marked
  {{ _("...") }}; docs/editions.md, "Translating your own layouts".
$replaces
  How to edit
  - The roles, max-pages and description lines at the top are read by
    handouts: how many role ids the layout takes, the most pages it may
    print, and its line in `handouts list layouts`.
  - Everything below writes handout markup, a small XML vocabulary
    (headings, paragraphs, lists, tables, columns, call-outs, images, QR
    codes, charts, sources). docs/layouts.md lists every element and
    attribute, with examples.
  - Move a section by moving its lines; drop a table row by deleting its
    <tr> line; reword any heading or sentence in place.
  - {{ role.name }} prints data, escaped for you; {% for %}, {% if %} and
    {% set %} hold the logic. docs/data.md lists every role field. A
    misspelt field is an error naming this file and line, never blank text.
  - Print numbers with the fig filter, {{ role.figure("job_growth") | fig }},
    so each keeps its period and citation mark; a chart takes bars made by
    {{ bar(role.name, role.figure("pay_range")) }}.
  - Images: put a PNG or JPEG in this folder (or the brand kit) and write
    <image src="photo.png" alt="what it shows"/>. Nothing is fetched from
    the web.
  - {% extends "_base.xml.j2" %} uses the built-in page frame;
    "builtin/$source.xml.j2" always means the built-in original, so a
    layout can {% extends "builtin/$source.xml.j2" %} and replace one
    {% block %}.
  ------------------------------------------------------------------------
""")


def builtin_layouts() -> list[str]:
    """Names of the built-in layout files, including building blocks such as ``_base``."""
    folder = builtin_dir("layouts")
    return sorted(p.name[: -len(SUFFIX)] for p in folder.glob(f"*{SUFFIX}"))


def copy_layout(name: str, source: str = "comparison", folder: Path = Path("layouts")) -> list[Path]:
    """Write ``folder/NAME.xml.j2``, the built-in ``source`` layout with an editing guide, and the
    translations it uses into ``folder/locales/LANG.po``; the paths written, the layout first.

    UsageError for a bad name or unknown source; OutputError if the layout
    exists (an office's edits are never overwritten); a catalog already
    there only gains the entries it lacks (`scaffold.catalog`).
    """
    problems: list[Problem] = []
    if not NAME.match(name):
        problems.append(
            Problem(
                "command line",
                0,
                "NAME",
                f"'{name}' is not a layout name",
                "use lowercase letters, digits, - and _, e.g. my-comparison",
            )
        )
    available = builtin_layouts()
    if source not in available:
        problems.append(
            Problem("command line", 0, "--from", f"no built-in layout '{source}'", suggest(source, available))
        )
    if problems:
        raise UsageError(problems=problems)
    target = folder / f"{name}{SUFFIX}"
    if target.exists() or target.is_symlink():
        raise OutputError(
            problems=[
                Problem(
                    display_path(target),
                    0,
                    "",
                    "the file already exists; it is never overwritten",
                    "choose another NAME, another folder with --to, or delete the file first",
                )
            ]
        )
    source_path = builtin_dir("layouts") / f"{source}{SUFFIX}"
    original = source_path.read_text(encoding="utf-8")
    catalogs = plan_layout_copy(source_path, name, folder)  # every check done before anything is written
    write_catalogs(catalogs)
    write_atomic(target, with_guide(original, name, source, folder).encode("utf-8"))
    return [target, *(planned.path for planned in catalogs)]


def with_guide(text: str, name: str, source: str, folder: Path) -> str:
    """The layout text with the editing guide at the end of its first comment (or a new one)."""
    replaces = (
        f'  This copy has the same name as the built-in layout, so it replaces "{source}"\n'
        f"  in every build that names --layouts {folder.as_posix()}.\n"
        if name == source
        else ""
    )
    info = list_layouts([builtin_dir("layouts")]).get(source)
    roles = " ".join(["ROLE-ID"] * max(1, info.roles_min if info else 1))
    guide = GUIDE.substitute(source=source, name=name, folder=folder.as_posix(), replaces=replaces, roles=roles)
    match = _FIRST_COMMENT.match(text)
    if match:
        start, body, end = match.groups()
        return f"{start}{body.rstrip()}\n{guide}{end}{text[match.end() :]}"
    return "{#-" + guide + "-#}\n" + text
