"""Where the built-in layouts, data and assets live, installed or in a checkout.

A wheel carries them inside the package (``handouts/builtin/layouts`` and
``handouts/builtin/data``, mapped there from the repository's top-level
``layouts/`` and ``data/`` at build time). An editable install or a plain
checkout has them only at the repository root, so fall back to that.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def builtin_dir(name: str) -> Path:
    """The built-in ``layouts``, ``data`` or ``fonts`` folder."""
    packaged = PACKAGE_DIR / "builtin" / name
    if packaged.is_dir():
        return packaged
    checkout = PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"built-in folder '{name}' is missing from the installation ({packaged})")


def display_path(path: Path) -> str:
    """A path as a user should see it in a message: relative to the working folder when inside it.

    Each build names its layout, brand and data files this way, and resolving
    a path walks every folder in it (about 12 system calls a path): the
    answer is kept per path and working folder (`_displayed`).
    """
    try:
        return _displayed(os.fspath(path), os.getcwd())
    except OSError:
        return str(path)


@lru_cache(maxsize=512)
def _displayed(path: str, cwd: str) -> str:
    """`display_path` for ``path`` seen from ``cwd`` (an OSError is not cached: it propagates)."""
    resolved = Path(path).resolve()
    cwd_resolved = Path(cwd).resolve()
    for base, prefix in ((cwd_resolved, ""), (builtin_dir_root(), "<built-in>/")):
        if base is not None and resolved.is_relative_to(base):
            rel = resolved.relative_to(base).as_posix()
            return prefix + rel if prefix or rel else "."
    return path


@cache
def builtin_dir_root() -> Path | None:
    """The folder whose children are the built-in ``layouts`` and ``data``."""
    try:
        return builtin_dir("layouts").parent
    except FileNotFoundError:  # pragma: no cover - broken installation
        return None


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` resolves inside ``folder``, following symlinks.

    Compares resolved paths, not string prefixes, so a sibling ``out2``
    never passes as inside ``out``.
    """
    try:
        return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(folder)))
    except (OSError, ValueError):
        return False


def walk_files(folder: Path, skip_hidden: bool = False) -> list[Path]:
    """Every file under ``folder``, in sorted order, following folder links as the loaders do.

    The role, layout and brand loaders open files through symlinked folders,
    so a fingerprint of what they read must look there too (``os.walk``
    does not by default). Each real folder is walked once, so a link back
    up the tree cannot loop. ``skip_hidden`` leaves out dot-files and
    ``__pycache__``.
    """
    found: list[Path] = []
    seen = {os.path.realpath(folder)}
    for root, dirs, names in os.walk(folder, followlinks=True):
        kept = []
        for name in sorted(dirs):
            if skip_hidden and (name.startswith(".") or name == "__pycache__"):
                continue
            real = os.path.realpath(os.path.join(root, name))
            if real not in seen:
                seen.add(real)
                kept.append(name)
        dirs[:] = kept
        found.extend(Path(root) / n for n in sorted(names) if not (skip_hidden and n.startswith(".")))
    return found


class UnreadableText(Exception):
    """Why `read_utf8` could not give a file's text: ``line`` (0 for the whole file), what is wrong, the fix."""

    def __init__(self, line: int, what: str, fix: str) -> None:
        super().__init__(what)
        self.line, self.what, self.fix = line, what, fix


def read_utf8(path: Path, limit: int, too_big: str) -> str:
    """A file's text, UTF-8 with or without a byte-order mark, refused past ``limit`` bytes.

    One reader for every file a school writes by hand (role data, brand kit, catalogs): each
    says the same about the same fault. ``too_big`` is the fix to give past ``limit``.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            raise UnreadableText(0, f"file is {size:,} bytes, more than the {limit:,} it may have", too_big)
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableText(
            0, f"cannot read file ({exc.strerror})", "check that the file exists and can be read"
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise UnreadableText(
            line,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8 (in Excel or Notepad: Save As, encoding UTF-8)",
        ) from None
