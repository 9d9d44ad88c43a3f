"""Render a layout template into handout markup, sandboxed.

Layouts are shared between schools and are untrusted, so they run in
Jinja2's immutable sandbox with autoescaping (every value from the data is
XML-escaped before it becomes markup) and StrictUndefined (a misspelt field
is an error naming the layout and line, never blank text). Templates load
only from the layout folders, by names matching a safe pattern, and never
through a symlink that leads outside its folder.

Search order: the user's ``--layouts`` folders, the brand kit's ``layouts/``,
then the built-in layouts. ``builtin/NAME`` always means the built-in one,
so an override can extend the layout it replaces.
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from handouts.errors import LayoutError, Problem, suggest
from handouts.inputs.models import Brand, Catalog, Figure, Role
from handouts.paths import builtin_dir, display_path, is_within
from handouts.templating.bytecode import layout_bytecode_cache
from handouts.templating.deadline import Overtime, time_limit
from handouts.templating.helpers import FILTERS, GLOBALS, PRINTED
from handouts.templating.sandbox import MAX_CHARS, LayoutEnvironment
from handouts.templating.translation import EXTENSIONS, GETTEXT_GLOBALS

SUFFIX = ".xml.j2"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
FILE_PATTERN = re.compile(r"^(?:builtin/)?_?[a-z0-9][a-z0-9_-]{0,63}\.xml\.j2$")
MAX_TEMPLATE_BYTES = 256_000
MAX_OUTPUT_CHARS = MAX_CHARS
MAX_SECONDS = 5.0
_META = re.compile(r"^\s*\{#-?(.*?)-?#\}", re.S)


@dataclass(frozen=True, slots=True)
class LayoutInfo:
    """What a layout's header comment declares, and where the file is.

    roles_min/roles_max: how many role ids the layout takes.
    max_pages: the most pages it may produce (0: no limit).
    description: one line for `handouts list layouts`.
    needs: role fields that must be filled in (e.g. checklist), from a ``needs:`` line.
    wants: role fields the layout prints, each with what it prints them as, from a ``wants:`` line;
        `handouts check` lists the ones a draft role still lacks.
    """

    name: str
    path: Path
    origin: str
    roles_min: int = 1
    roles_max: int = 1
    max_pages: int = 0
    description: str = ""
    needs: tuple[str, ...] = ()
    wants: tuple[tuple[str, str], ...] = ()  # (field, what the layout prints it as)
    problems: tuple[Problem, ...] = ()  # what is wrong with the header itself; building is refused


class LayoutLoader(jinja2.BaseLoader):
    """Loads templates by safe names from an ordered list of folders."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.builtin = builtin_dir("layouts")

    def find(self, name: str) -> Path:
        if not FILE_PATTERN.match(name):
            raise jinja2.TemplateNotFound(
                name,
                f"'{name}' is not a valid layout file name (lowercase letters, digits, - and _, ending in {SUFFIX})",
            )
        found = self._first(name)
        if found is None:
            raise jinja2.TemplateNotFound(name)
        candidate, folder = found
        if not is_within(candidate, folder):
            raise jinja2.TemplateNotFound(
                name,
                f"'{display_path(candidate)}' is a link leading outside its layout folder; copy the file in instead",
            )
        return candidate

    def _first(self, name: str) -> tuple[Path, Path] | None:
        """The first folder's file (or link) of that name, and the folder, or None."""
        folders = [self.builtin] if name.startswith("builtin/") else self.folders
        base = name.removeprefix("builtin/")
        for folder in folders:
            candidate = folder / base
            if candidate.is_file() or candidate.is_symlink():
                return candidate, folder
        return None

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.find(template)
        try:
            version = _version(path)
            if os.stat(path).st_size > MAX_TEMPLATE_BYTES:
                raise jinja2.TemplateNotFound(template, f"layout file is larger than {MAX_TEMPLATE_BYTES:,} bytes")
            source = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise jinja2.TemplateNotFound(template, "layout file is not UTF-8 text") from None
        except OSError as exc:  # a broken link, a file that vanished, no permission
            raise jinja2.TemplateNotFound(template, f"cannot read layout file ({exc.strerror})") from None
        return source, str(path), lambda: self._unchanged(template, path, version)

    def _unchanged(self, template: str, path: Path, version: tuple[int, ...]) -> bool:
        """A compiled template is reused only while the same file, unchanged, is still the one found:
        a copy dropped into an earlier folder later in the process overrides it.

        Jinja2 asks at every use (a print job's planning, some seventy times). The link and the file
        it leads to are compared by identity and time (`_version`), not resolved again: the same file
        by the same link is inside its folder as it was when `find` checked it, and resolving both
        paths was most of the cost (16 M of the career-fair job's 820 M instructions of planning).
        """
        try:
            found = self._first(template)
            return found is not None and found[0] == path and _version(path) == version
        except OSError:
            return False

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in self.folders:
            if folder.is_dir():
                names.update(e.name for e in os.scandir(folder) if FILE_PATTERN.match(e.name))
        return sorted(names)


def _version(path: Path) -> tuple[int, ...]:
    """The link (or file) at ``path`` and the file it leads to: device, inode and modification time of each."""
    link, target = os.lstat(path), os.stat(path)
    return (link.st_dev, link.st_ino, link.st_mtime_ns, target.st_dev, target.st_ino, target.st_mtime_ns)


def layout_folders(user: list[Path] | None = None, brand_folder: str | None = None) -> list[Path]:
    """Folders searched for layouts, highest precedence first."""
    folders = list(user or [])
    if brand_folder:
        kit_layouts = Path(brand_folder) / "layouts"
        # A kit's layouts/ that is a link out of the kit is not the kit's: ignore it.
        if kit_layouts.is_dir() and is_within(kit_layouts, Path(brand_folder)):
            folders.append(kit_layouts)
    folders.append(builtin_dir("layouts"))
    return folders


def make_environment(folders: list[Path]) -> LayoutEnvironment:
    """The sandboxed environment loading layouts from ``folders``, in that order.

    Compiled templates live on the environment, so whoever keeps it reuses
    them: a `handouts.session.Session` keeps one per folder list. A changed
    layout file is compiled again (``auto_reload``). Compiled code is also
    kept on disk between runs (`bytecode`).
    """
    env = LayoutEnvironment(
        loader=LayoutLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
        bytecode_cache=layout_bytecode_cache(),
        extensions=EXTENSIONS,
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # read by the i18n extension when compiling
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.globals.update(GETTEXT_GLOBALS)
    return env


def find_layout(name: str, folders: list[Path]) -> LayoutInfo:
    """The layout called ``name``, or a UsageError-style LayoutError suggesting the nearest."""
    available = list_layouts(folders)
    if name not in available:
        from handouts.errors import UsageError

        raise UsageError(
            problems=[Problem("command line", 0, "layout", f"unknown layout '{name}'", suggest(name, available))]
        )
    info = available[name]
    if info.problems:
        raise LayoutError(problems=info.problems)
    if not is_within(info.path, info.path.parent):
        raise LayoutError(
            problems=[
                Problem(
                    f"{display_path(info.path.parent)}/{info.path.name}",
                    0,
                    "layout",
                    "is a link leading outside its layout folder",
                    "copy the layout file into the folder instead of linking to it",
                )
            ]
        )
    return info


def list_layouts(folders: list[Path]) -> dict[str, LayoutInfo]:
    """Buildable layouts (not starting with ``_``), first folder winning, with their metadata."""
    found: dict[str, LayoutInfo] = {}
    builtin = builtin_dir("layouts")
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if not entry.name.endswith(SUFFIX) or entry.name.startswith("_"):
                continue
            name = entry.name[: -len(SUFFIX)]
            if name in found or not NAME_PATTERN.match(name):
                continue
            origin = "built-in" if folder == builtin else display_path(folder)
            found[name] = _read_info(name, Path(entry.path), origin)
    return dict(sorted(found.items()))


def _read_info(name: str, path: Path, origin: str) -> LayoutInfo:
    """The layout's header, read again only when its file (or the link to it) changed.

    Every build looks its layout up among all the layouts in its folders; a
    print job does that for each document it checks (dozens of times), and
    reading and parsing every header each time cost more than templating.
    """
    try:
        link, target = os.lstat(path), os.stat(path)
        version: tuple = (link.st_ino, link.st_mtime_ns, target.st_ino, target.st_mtime_ns, target.st_size)
    except OSError:
        version = ()
    return _read_info_of(name, path, origin, version, os.getcwd())  # (messages name it from the working folder)


@lru_cache(maxsize=256)
def _read_info_of(name: str, path: Path, origin: str, _version: tuple, _cwd: str) -> LayoutInfo:
    if not is_within(path, path.parent):
        return LayoutInfo(name, path, origin, description="(a link leading outside its folder: it cannot be built)")
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")[:4000]
    except OSError:
        return LayoutInfo(name, path, origin)
    meta: dict[str, str] = {}
    match = _META.match(head)
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.strip().partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip()
    shown = display_path(path)
    problems: list[Problem] = []
    line = head[: match.start(1)].count("\n") + 1 if match else 1

    def bad(key: str, what: str, fix: str) -> None:
        number = (
            next(
                (
                    line + i
                    for i, text in enumerate(match.group(1).splitlines())
                    if text.strip().lower().startswith(key + ":")
                ),
                line,
            )
            if match
            else line
        )
        problems.append(Problem(shown, number, f"header {key}", what, fix))

    low, high = 1, 1
    roles = meta.get("roles", "1")
    parts = roles.split("-")
    if len(parts) in (1, 2) and all(p.strip().isdigit() for p in parts):
        low, high = int(parts[0]), int(parts[-1])
    if not (len(parts) in (1, 2) and all(p.strip().isdigit() for p in parts)) or not 1 <= low <= high <= 10:
        bad("roles", f"'{roles}' is not a role count", "write a number or a range from 1 to 10, e.g. roles: 2-3")
        low, high = max(1, min(low, 10)), max(1, min(max(low, high), 10))
    pages = 0
    if "max-pages" in meta:
        text = meta["max-pages"]
        if text.isdigit() and int(text) <= 500:  # 0: no limit
            pages = int(text)
        else:
            fix = "write a whole number from 0 (no limit) to 500, e.g. max-pages: 2"
            bad("max-pages", f"'{text}' is not a page count", fix)
    needs = tuple(n.strip() for n in meta.get("needs", "").split(",") if n.strip())
    fields = [f.name for f in dataclasses.fields(Role)]
    for need in needs:
        if need not in fields:
            bad("needs", f"'{need}' is not a role field", suggest(need, fields))
    wants = _wants(meta.get("wants", ""))
    for want, _ in wants:
        top = want.split(".", 1)[0]
        if top not in fields:
            bad("wants", f"'{top}' is not a role field", suggest(top, fields))
    return LayoutInfo(name, path, origin, low, high, pages, meta.get("description", ""), needs, wants, tuple(problems))


_WANT = re.compile(r"\s*([A-Za-z_][\w.]*)\s*(?:\(([^)]*)\))?\s*(?:,|$)")


def _wants(text: str) -> tuple[tuple[str, str], ...]:
    """``right_for_you_if (the "which one fits you" lines), figures.pay_range`` -> (field, what) pairs."""
    return tuple((m.group(1), (m.group(2) or "").strip()) for m in _WANT.finditer(text) if m.group(1))


def layout_context(
    roles: list[Role],
    brand: Brand,
    catalog: Catalog,
    info: LayoutInfo,
    options: dict[str, Any] | None = None,
    area: Any = None,
) -> dict[str, Any]:
    """What a layout sees: the documented names in docs/layouts.md, nothing else.

    ``area`` is the place local pay is printed for (an `Area`: ``area.name``, ``area.code``), or None.
    """
    return {
        "roles": roles,
        "role": roles[0],
        "brand": brand,
        "sources": catalog.sources,
        "layout": info.name,
        "options": dict(options or {}),
        "area": area,
    }


def render_layout(
    info: LayoutInfo,
    folders: list[Path],
    context: dict[str, Any],
    environment: LayoutEnvironment | None = None,
    printed: list[Figure] | None = None,
) -> str:
    """The layout's markup text; LayoutError naming file and line on any template failure.

    ``environment`` is the one `make_environment` made for ``folders`` and a
    caller kept (its compiled templates are reused); without it a fresh one
    compiles the layout again. ``printed``, when given, receives every figure
    the layout printed (with ``fig``, ``value`` or ``bar()``), in order.
    """
    env = environment if environment is not None else make_environment(folders)
    token = PRINTED.set(printed)
    try:
        with time_limit(MAX_SECONDS):
            return _generate(env, info, context)
    except jinja2.TemplateSyntaxError as exc:
        file = display_path(Path(exc.filename)) if exc.filename else display_path(info.path)
        what, fix = f"syntax error: {exc.message}", "check the {% %} and {{ }} tags on this line"
        raise LayoutError(problems=[Problem(file, exc.lineno or 0, "template", what, fix)]) from None
    except (Overtime, RecursionError, jinja2.TemplateError, *_LAYOUT_MISTAKES) as exc:
        where, line = _template_position(exc, info)
        what, fix = _explain(exc)
        raise LayoutError(problems=[Problem(where, line, "template", what, fix)]) from None
    finally:
        PRINTED.reset(token)


# Python errors a layout's own expressions can raise (a wrong type, a missing key, 1/0 ...).
_LAYOUT_MISTAKES = (TypeError, ValueError, KeyError, AttributeError, IndexError, ZeroDivisionError, OverflowError)


def _explain(exc: BaseException) -> tuple[str, str]:
    """What went wrong in a layout, and the fix, for each kind of failure."""
    if isinstance(exc, Overtime):
        return (
            f"the layout was stopped after {MAX_SECONDS:g} seconds, still running here",
            "a loop runs too often (loops inside loops multiply); loop over the data, not over large ranges",
        )
    if isinstance(exc, RecursionError):
        return (
            "a macro, recursive loop, include or extends calls itself too deeply (it may never stop)",
            "give the recursion a condition that ends it, or loop instead",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        detail = exc.message if exc.message and exc.message != exc.name else f"layout file '{exc.name}' not found"
        return detail, (
            'include or extend layouts from the layout folders by file name, e.g. "_base.xml.j2" or '
            '"builtin/comparison.xml.j2"'
        )
    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined value: {exc.message}", _field_hint(exc.message or "")
    if isinstance(exc, SecurityError):
        return (
            f"refused by the sandbox: {str(exc).rstrip('.')}",
            "layouts may read data and call the documented helpers only",
        )
    return f"{type(exc).__name__}: {exc}", "check the expression on this line"


def _generate(env: jinja2.Environment, info: LayoutInfo, context: dict[str, Any]) -> str:
    """Render chunk by chunk so the output budget is checked as it grows.

    The clock is also read between chunks: a fallback where `deadline`
    cannot interrupt (an interpreter other than CPython).
    """
    template = env.get_template(info.path.name)
    started = time.monotonic()
    chunks: list[str] = []
    size = 0
    for chunk in template.generate(**context):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise SecurityError(f"the layout produced more than {MAX_OUTPUT_CHARS:,} characters")
        if time.monotonic() - started > MAX_SECONDS:
            raise Overtime()
    return "".join(chunks)


_NO_ATTRIBUTE = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'")


def _field_hint(message: str) -> str:
    """ "did you mean" for a misspelt data field, from the record's own field names."""
    from dataclasses import fields, is_dataclass

    from handouts.inputs import models

    match = _NO_ATTRIBUTE.search(message)
    record = getattr(models, match.group(1), None) if match else None
    if match and is_dataclass(record):
        names = [f.name for f in fields(record)] + [n for n in vars(record) if not n.startswith("_")]
        hint = suggest(match.group(2), names)
        if hint.startswith("did you mean"):
            return f"{hint} (docs/data.md lists every field)"
    return "check the spelling against the data fields in docs/data.md"


def _template_position(exc: BaseException, info: LayoutInfo) -> tuple[str, int]:
    """The innermost template file and line in the traceback.

    Jinja2 rewrites tracebacks of ordinary exceptions so their frames carry
    template lines. `Overtime` (a BaseException, injected by `deadline`)
    bypasses that, so a frame of compiled template code has its Python line
    mapped back through the template's debug info.
    """
    where, line = display_path(info.path), 0
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        filename = frame.f_code.co_filename
        if filename.endswith(SUFFIX):
            template = frame.f_globals.get("__jinja_template__")
            lineno = tb.tb_lineno
            if template is not None:
                lineno = template.get_corresponding_lineno(lineno)
            where, line = display_path(Path(filename)), lineno
        tb = tb.tb_next
    return where, line
