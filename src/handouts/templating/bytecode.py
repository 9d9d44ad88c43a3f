"""Compiled layouts kept between runs, so a cold ``handouts build`` does not compile its layout again.

Compiling a layout and the base it extends took about 35 ms of every
fresh process (a third of the work after Python's imports). Jinja2's
`jinja2.FileSystemBytecodeCache` keeps the compiled code in a folder of the
user's own (Jinja2 makes it in the temporary folder, readable and writable
by that user alone, and refuses one that another user owns or can write
to), checks each entry against the template's source, and compiles again
when the source changed.

What Jinja2 does not know is that handouts compiles with a code generator of
its own (`sandbox.BudgetedCodeGenerator`, which weighs what a template
builds): code compiled by another version of handouts must never be run.
So every entry's key also holds a hash of the templating code itself.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import FileSystemBytecodeCache


class LayoutBytecodeCache(FileSystemBytecodeCache):
    """Jinja2's file cache, keyed by the templating code as well as by the template."""

    def __init__(self, salt: str) -> None:
        super().__init__(pattern="handouts-%s.cache")
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{self.salt}\0{name}\0{filename}".encode()).hexdigest()


@cache
def layout_bytecode_cache() -> LayoutBytecodeCache | None:
    """The process's cache, or None where no private folder for it can be had (nothing is cached then)."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    import jinja2

    digest.update(jinja2.__version__.encode())
    try:
        return LayoutBytecodeCache(digest.hexdigest())
    except (OSError, RuntimeError):  # no usable temporary folder, or one another user could write to
        return None
