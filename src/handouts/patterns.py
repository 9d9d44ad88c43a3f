"""Regular expressions of a few dependencies compiled on first use instead of at import.

Every process pays for compiling the patterns a module builds at import,
whether it ever uses them or not. Four cost most of it (November 2026, on the
machine docs/performance.md names): ReportLab's URI pattern in
``reportlab.platypus.paragraph`` (about 30 ms: case-insensitive ranges up to
U+FFFF), PyYAML's pure-Python reader's printable-character class (6 ms; we
read YAML with libyaml, which never uses it), pikepdf's XML character class
(6 ms; used only when XMP metadata is edited) and ReportLab's CJK splitter
(4 ms). That is a sixth of a cold ``handouts build``.

`install` (called when the handouts package is imported) puts a finder in
front of ``sys.meta_path`` that, while one of `MODULES` runs its body, makes
``re.compile`` called *from that module* return a `Deferred` pattern: the
same pattern, compiled the first time any of its attributes is used. Every
use of those modules' patterns was checked to be an attribute call
(``.match``, ``.sub``, ``.search``, ``.split``); nothing else in the process
is touched, and what the patterns match is unchanged.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MODULES = frozenset(
    {
        "reportlab.platypus.paragraph",
        "reportlab.lib.textsplit",
        "yaml.reader",
        "pikepdf.models.metadata._constants",
        # The same class before pikepdf 10 split metadata into a package (our minimum, 9.10, has it
        # here; its only uses there are .sub calls).
        "pikepdf.models.metadata",
    }
)

_compile = re.compile


class Deferred:
    """A compiled pattern in waiting: the real one is made by the first attribute read."""

    __slots__ = ("_args", "_pattern")

    def __init__(self, pattern: Any, flags: int) -> None:
        self._args = (pattern, flags)
        self._pattern: re.Pattern | None = None

    def __getattr__(self, name: str) -> Any:
        pattern = self._pattern
        if pattern is None:
            pattern = self._pattern = _compile(*self._args)
        return getattr(pattern, name)


def _deferring_compile(pattern: Any, flags: int = 0) -> Any:
    """``re.compile``, deferred only for a call made from the body of one of `MODULES`."""
    caller = sys._getframe(1).f_globals.get("__name__")
    if caller in MODULES and isinstance(pattern, str | bytes):
        return Deferred(pattern, flags)
    return _compile(pattern, flags)


@contextmanager
def _deferring() -> Iterator[None]:
    previous = re.compile
    re.compile = _deferring_compile
    try:
        yield
    finally:
        re.compile = previous


class _Loader:
    """The module's own loader, running the module's body with deferred compiling.

    Plain classes, not ``importlib.abc``'s: importing that pulls in ``importlib.resources``, ``tempfile``
    and more, which ``import handouts`` alone must not pay for.
    """

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: Any) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        with _deferring():
            self._loader.exec_module(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_code, ... as the real loader answers
        return getattr(self._loader, name)


class _Finder:
    """Finds `MODULES` as the rest of ``sys.meta_path`` does, and wraps their loader."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in MODULES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec: Any = finder.find_spec(fullname, path, target)  # a ModuleSpec; its loader is replaced below
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader)
                return spec
        return None


_FINDER = _Finder()


def install() -> None:
    """Defer the patterns of `MODULES` not imported yet (once per process; a module imported already keeps its own)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
