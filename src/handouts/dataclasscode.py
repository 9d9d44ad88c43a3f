"""The code of the methods `dataclasses` writes for our classes, kept between runs as Python keeps bytecode.

Python 3.11's `dataclasses` writes each method it adds (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, and for a frozen class
``__setattr__`` and ``__delattr__``) as source text and compiles it with
``exec`` whenever the class is created: about half a millisecond a class, and
a build creates some ninety of them, a fifth of a cold ``handouts build``
(December 2026). Python caches the modules' own code in ``__pycache__``, but
not this.

`install` gives the ``dataclasses`` module an ``exec`` of its own (a module
global, which Python finds before the builtin) that, for a class defined in
a ``handouts`` module, takes the compiled code for that exact text from a
table, compiling only text it has not seen, and then runs it as ``exec``
would. The text is the key, so a class that changed can never get the old
code, and the code is what ``compile`` makes of that text.

The table lives in ``__pycache__`` (marshal, as a ``.pyc`` does), one part
per module, each unpacked when that module makes its first class, so
``handouts --help`` does not unpack the renderer's. It is written back
atomically when the process ends, if it grew and Python may write bytecode
(not under ``PYTHONDONTWRITEBYTECODE``, nor where the package folder is
read-only); a module's part then holds the texts this process used, so
those of classes since changed do not pile up. A missing, unreadable or
foreign table is simply rebuilt.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import marshal
import os
import sys
from importlib.util import MAGIC_NUMBER, cache_from_source
from types import CodeType
from typing import Any

_packed: dict[str, bytes] | None = None  # module -> its part of the table as read, still marshalled
_parts: dict[str, dict[str, CodeType]] = {}  # module -> method text -> code: the parts unpacked or made here
_used: dict[str, set[str]] = {}  # module -> the texts this process used
_grew = False
compiled = 0  # method texts this process compiled itself (the rest came from the table)


def table_path(stem: str) -> str | None:
    """Where a table named ``stem`` lives: the package's ``__pycache__`` (or Python's cache prefix), per
    Python version (`regexcode` keeps its table there too). None where Python keeps no bytecode cache."""
    try:
        folder = os.path.dirname(cache_from_source(__file__))
    except NotImplementedError:  # an interpreter that keeps no bytecode cache
        return None
    return os.path.join(folder, f"{stem}.{sys.implementation.cache_tag}.marshal")


def _file() -> str | None:
    return table_path("dataclass-methods")


def _read() -> dict[str, bytes]:
    path = _file()
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            data = handle.read()  # marshal.load on the file object reads it in small pieces, much slower
        magic, packed = marshal.loads(data)
    except Exception:  # missing, unreadable, truncated or not ours: start an empty table
        return {}
    if magic != MAGIC_NUMBER or not isinstance(packed, dict):
        return {}
    return packed


def _part(module: str) -> dict[str, CodeType]:
    """The module's part of the table, unpacked on first use (empty when missing or damaged)."""
    global _packed
    part = _parts.get(module)
    if part is None:
        if _packed is None:
            _packed = _read()
        packed = _packed.get(module)
        try:
            part = marshal.loads(packed) if isinstance(packed, bytes) else {}
        except Exception:  # a damaged part: made again
            part = {}
        part = _parts[module] = part if isinstance(part, dict) else {}
    return part


def _exec(source: Any, *args: Any, **kwargs: Any) -> None:
    """``exec`` as `dataclasses` calls it, with our classes' method code taken from the table.

    Any call but the one this knows (text, globals, locals, given by position) is passed to the
    builtin ``exec`` as it is: a later Python that calls it otherwise loses the table, nothing else.
    """
    global _grew, compiled
    scope = args[0] if len(args) == 2 and not kwargs else None
    names = args[1] if scope is not None else None
    module = scope.get("__name__") if isinstance(scope, dict) else None
    if not (isinstance(source, str) and isinstance(module, str) and module.partition(".")[0] == "handouts"):
        builtins.exec(source, *args, **kwargs)
        return
    part = _part(module)
    code = part.get(source)
    if code is None:
        # dont_inherit: compiled as `dataclasses` compiles it, without this module's `from __future__` flags
        code = part[source] = compile(source, "<string>", "exec", dont_inherit=True)
        _grew = True
        compiled += 1
    _used.setdefault(module, set()).add(source)
    builtins.exec(code, scope, names)


def save(force: bool = False) -> None:
    """Write the table back if it grew (``force``: even under PYTHONDONTWRITEBYTECODE); errors are ignored.

    Parts this process never unpacked are written as they were read; the others with the texts this
    process used (a module makes its classes when imported, so that is all of its current ones).
    """
    if not (_grew or force) or (sys.dont_write_bytecode and not force):
        return
    path = _file()
    if path is None:
        return
    packed = dict(_packed if _packed is not None else _read())
    for module, part in _parts.items():
        used = _used.get(module, set())
        packed[module] = marshal.dumps({text: code for text, code in part.items() if text in used})
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(marshal.dumps((MAGIC_NUMBER, dict(sorted(packed.items())))))
        os.replace(temporary, path)
    except OSError:  # a read-only installation: every run compiles, as before
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def install() -> None:
    """Route `dataclasses`' ``exec`` through the table (once per process) and save the table at exit."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is not _exec:
        dataclasses.exec = _exec  # type: ignore[attr-defined]
        atexit.register(save)
