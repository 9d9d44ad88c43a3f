"""The engine code of the regular expressions a process compiles, kept between runs as Python keeps bytecode.

Python turns each pattern into the regex engine's code when it is first
compiled (``re._compiler``: a pure-Python parser and code generator), in
every process again. The print job's imports compile about 150 patterns
(tomllib's, Jinja2's lexer, PyYAML's resolver, ReportLab's, ``platform``'s,
ours): 109 M of its 900 M instructions of importing (December 2026,
callgrind), about a sixth of a second's worth before the first render.

`install` replaces ``re._compiler.compile``, which ``re`` calls for a
pattern not in its own per-process cache, by `_compile`: it takes the code
for a pattern's text and flags from a table and hands it to ``_sre.compile``
exactly as ``re._compiler.compile`` would, and compiles only a pattern it
has not seen. What the engine is given is what ``re._compiler`` made of the
same text and flags, so a pattern matches as it always did; the table is
kept per Python build (``sys.version`` and the engine's ``_sre.MAGIC``), so
a pattern is never given code another version made.

The table lives beside `dataclasscode`'s in ``__pycache__`` (marshal) and is
read at the first pattern compiled after `install`. A pattern's code is kept
from the second process that compiles it on; the first only notes its text,
so a text made afresh in every process (ReportLab builds one from a set, in
the set's order of the day) is never stored. The table is written back
atomically at exit if it changed and Python may write bytecode; each writing
counts one more generation and marks the patterns its process used with it,
and a pattern no process used in the last `KEEP` writings (a noted one:
`KEEP_NOTED`) is dropped; the table holds at most `LIMIT` patterns (some are
made from what a run reads), and one past that is compiled as Python does.
A missing, damaged or foreign table is rebuilt. A
pattern whose compiling warns (e.g. "possible nested set") warns in the runs
that compile it, not in later ones: as in one process, where ``re``'s cache
answers the second time.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the engine re._compiler hands its code to
import atexit
import contextlib
import marshal
import os
import re
import sys
from re._compiler import _code as _generate  # type: ignore[import-not-found]  # its code generator
from typing import Any

from handouts.dataclasscode import table_path

KEEP = 32  # writings of the table a pattern's code stays in unused
KEEP_NOTED = 8  # writings a pattern compiled once stays noted in (kept if compiled again meanwhile)
# Patterns the table holds at most. Some are made from what a run reads (the object numbers of a PDF given
# to `handouts inspect`, an output's file name): a hostile PDF with thousands of indirect /Length values
# must not grow a table that every later run reads first. Past this, a pattern is compiled as Python does.
LIMIT = 4096

_original = re._compiler.compile
_parser = re._parser  # type: ignore[attr-defined]

# (text, flags) -> (flags, code, groups, groupindex, indexgroup): the arguments after the text to _sre.compile,
# or None for a pattern noted (compiled by one process so far).
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_Key = tuple[str | bytes, int]
_table: dict[_Key, _Entry | None] | None = None
_ages: dict[_Key, int] = {}  # pattern -> the last writing of the table whose process used it
_generation = 0  # writings of the table read
_used: set[_Key] = set()
_grew = False
compiled = 0  # patterns this process compiled itself (the rest came from the table)


def _header() -> tuple[str, int]:
    """What a table must have been written by: this Python build and its regex engine."""
    return (sys.version, _sre.MAGIC)


def _file() -> str | None:
    """The table's path, beside `dataclasscode`'s."""
    return table_path("regex-code")


def _read() -> tuple[int, dict[_Key, _Entry | None], dict[_Key, int]]:
    """The table's generation, patterns and their ages; nothing from a file this build did not write."""
    path = _file()
    if path is None:
        return 0, {}, {}
    try:
        with open(path, "rb") as handle:
            data = handle.read()  # marshal.load on the file object reads it in small pieces, much slower
        header, generation, table, ages = marshal.loads(data)
    except Exception:  # missing, unreadable, truncated or not ours: start an empty table
        return 0, {}, {}
    if header != _header() or not (isinstance(generation, int) and isinstance(table, dict) and isinstance(ages, dict)):
        return 0, {}, {}
    return generation, table, ages


def _load() -> dict[_Key, _Entry | None]:
    global _table, _generation, _ages
    _generation, _table, _ages = _read()
    return _table


def _compile(p: Any, flags: int = 0) -> Any:
    """``re._compiler.compile``, with the code of a plain text pattern taken from the table (or made and kept)."""
    global _grew, compiled
    if type(p) not in (str, bytes) or flags & re.DEBUG:
        return _original(p, flags)  # a parsed pattern, a str subclass, or one that prints its code: as Python does
    key = (p, int(flags))
    table = _table if _table is not None else _load()
    if key not in table and len(table) >= LIMIT:
        return _original(p, flags)
    _used.add(key)
    entry = table.get(key)
    if entry is not None:
        try:
            return _pattern(p, entry)
        except Exception:  # not what this module writes: made again below, as for a pattern not seen
            pass
    made = _made(p, key[1])
    table[key] = made if key in table else None  # kept when compiled before (or damaged); else noted
    _grew = True
    compiled += 1
    return _pattern(p, made)


def _pattern(text: str | bytes, entry: _Entry) -> Any:
    """The compiled pattern, as ``re._compiler.compile`` makes it from what `_made` gives."""
    final, code, groups, groupindex, indexgroup = entry
    return _sre.compile(text, final, code, groups, dict(groupindex), indexgroup)


def _made(pattern: str | bytes, flags: int) -> _Entry:
    """What ``re._compiler.compile`` gives ``_sre.compile`` for this text and these flags (its own steps)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _generate(parsed, flags)]  # (opcodes are int subclasses; marshal takes plain ints)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def save(force: bool = False) -> None:
    """Write the table back if it changed (``force``: even under PYTHONDONTWRITEBYTECODE); errors are ignored."""
    if _table is None or not (_grew or force) or (sys.dont_write_bytecode and not force):
        return
    path = _file()
    if path is None:
        return
    generation = _generation + 1
    ages = {**_ages, **dict.fromkeys(_used, generation)}
    kept = {
        key: age
        for key, age in ages.items()
        if key in _table and age > generation - (KEEP if _table[key] is not None else KEEP_NOTED)
    }
    table = {key: _table[key] for key in kept}
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(marshal.dumps((_header(), generation, table, kept)))
        os.replace(temporary, path)
    except (OSError, ValueError):  # a read-only installation (every run compiles, as before), or unmarshallable
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def install() -> None:
    """Route ``re``'s compiling through the table (once per process) and save the table at exit."""
    if re._compiler.compile is not _compile:
        re._compiler.compile = _compile
        atexit.register(save)
