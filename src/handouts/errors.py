"""The exception family and the problem records every stage reports.

Stages never print or exit: they raise a `HandoutsError` subclass, and only
the CLI turns it into a message and an exit status. Validation collects every
`Problem` it finds before raising, so an office fixes a file in one pass
rather than one error per run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input, and what would be valid instead.

    Printed as ``file:line: where: what; fix``. ``line`` is 0 when the place
    has no line (a missing file, a command-line argument).
    """

    file: str
    line: int
    where: str
    what: str
    fix: str = ""
    warning: bool = False

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{place}: {self.where}: {self.what}" if self.where else f"{place}: {self.what}"
        return f"{text}; {self.fix}" if self.fix else text


class HandoutsError(Exception):
    """Base of every error the library raises on purpose.

    ``exit_code`` is the CLI's exit status for this kind of failure:
    1 unexpected, 2 usage, 3 invalid input, 4 render failed, 5 output refused.
    """

    exit_code = 1

    def __init__(self, message: str = "", problems: Iterable[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not message:
            message = "\n".join(str(p) for p in self.problems)
        super().__init__(message)

    # Exceptions cross process boundaries in print jobs; keep them picklable.
    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), str(self), self.problems))


def _rebuild(cls: type[HandoutsError], message: str, problems: tuple[Problem, ...]) -> HandoutsError:
    return cls(message, problems)


class UsageError(HandoutsError):
    """Raised for a wrong command-line argument: unknown role, layout, option value."""

    exit_code = 2


class InvalidInput(HandoutsError):
    """Raised when a data file, brand kit, layout or print job fails validation."""

    exit_code = 3


class DataError(InvalidInput):
    """Raised when role or source data is malformed or inconsistent."""


class BrandError(InvalidInput):
    """Raised when a brand kit's brand.toml or one of its assets is invalid."""


class LayoutError(InvalidInput):
    """Raised when a layout template fails to load, render, or yields bad markup."""


class AccessibilityError(InvalidInput):
    """Raised when a handout would not be accessible: low text contrast, a figure without alt text, bad tags."""


class UnsafePDF(InvalidInput):
    """Raised when a PDF given to inspect is refused unread: a stream decodes past the cap (a decompression bomb)."""


class RenderError(HandoutsError):
    """Raised when valid input cannot be laid out (a block taller than a page, a missing glyph)."""

    exit_code = 4


class OutputError(HandoutsError):
    """Raised when the PDF cannot be written (disk full, read-only folder, file locked)."""

    exit_code = 5


class Interrupted(KeyboardInterrupt):
    """Ctrl-C after some outputs were already complete and in place; ``written`` names them.

    A plain KeyboardInterrupt means nothing was written (outputs are written
    as temporaries and renamed together); this one lets the message say what was.
    """

    def __init__(self, written: Iterable[object]) -> None:
        self.written = tuple(written)
        super().__init__(f"interrupted after writing {', '.join(map(str, self.written))}")


def suggest(name: str, choices: Iterable[str]) -> str:
    """A "did you mean" phrase for an unknown name, or a list of valid names.

    Always says what would be valid, so an error never leaves the reader guessing.
    """
    choices = sorted(set(choices))
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return "there is nothing to choose from"
    shown = ", ".join(choices[:12])
    more = f" (and {len(choices) - 12} more)" if len(choices) > 12 else ""
    return f"valid names are {shown}{more}"
