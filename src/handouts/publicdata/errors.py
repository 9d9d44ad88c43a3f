"""The refusals public-data imports raise, each naming the file and what is wrong in it.

Downloaded files change layout between releases (a renamed column, a file
split in two, a sheet renamed), and a download can stop half-way. Either way
the import stops before anything is written and says which file, which
column or sheet, and what the release's documentation expects instead.
"""

from __future__ import annotations

from handouts.errors import InvalidInput, Problem, UsageError


class RefusedFile(InvalidInput):
    """Raised when a downloaded file is not in the documented layout, or is damaged (exit 3)."""


class UnknownRelease(UsageError):
    """Raised when a release's number or publication date cannot be told and must be given (exit 2)."""


def refuse(file: str, what: str, fix: str, line: int = 0, where: str = "") -> RefusedFile:
    """One RefusedFile with one problem; callers ``raise refuse(...)``."""
    return RefusedFile(problems=[Problem(file, line, where, what, fix)])
