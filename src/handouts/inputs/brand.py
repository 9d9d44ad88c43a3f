"""Load a brand kit: ``brand.toml`` plus the files it names, all inside its folder.

Brand kits travel between schools, so everything here treats the kit as
untrusted: files are resolved inside the kit folder (symlinks out are
refused), colours are parsed by our own code (never ReportLab's colour
evaluator), and every problem is reported with the file, line and key.

TOML gives no line numbers for values, so `toml_lines` maps each dotted key
to its line by reading the file's key and table lines.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import tomllib
from pathlib import Path
from typing import Any

from handouts.errors import BrandError, Problem
from handouts.inputs import schema
from handouts.inputs.colors import parse_color
from handouts.inputs.contrast import check_contrast
from handouts.inputs.images import AssetProblem
from handouts.inputs.logos import blurry_fix, blurry_warning, inspect_logo
from handouts.inputs.models import Brand, BrandColors, BrandFonts
from handouts.inputs.values import InvalidValue, language, web_url
from handouts.paths import UnreadableText, display_path, is_within, read_utf8

BRAND_FILE = "brand.toml"
MAX_TOML_BYTES = 1_000_000
_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file read as UTF-8 with or without BOM; BrandError with line on failure."""
    shown = display_path(path)
    try:
        text = read_utf8(path, MAX_TOML_BYTES, "a brand.toml or job manifest is a few kilobytes: is it the right file?")
    except UnreadableText as exc:
        raise BrandError(problems=[Problem(shown, exc.line, "", exc.what, exc.fix)]) from None
    try:
        return tomllib.loads(text), text
    except RecursionError:
        # tomllib is recursive Python: arrays or inline tables nested a few hundred deep exhaust the stack.
        raise BrandError(
            problems=[Problem(shown, 0, "", "arrays or tables nested too deep", "flatten the structure")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else 0
        what = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) if match else str(exc)
        raise BrandError(
            problems=[
                Problem(
                    shown, line, "", f"TOML syntax error: {what}", 'check quotes and "key = value" form on this line'
                )
            ]
        ) from None
    except ValueError as exc:
        # int() of over 4,300 digits: Python's own limit, raised from inside tomllib.
        raise BrandError(
            problems=[Problem(shown, 0, "", f"a value is too large ({exc})", "shorten the number")]
        ) from None


def toml_lines(text: str) -> dict[str, int]:
    """Key path -> line, numbering the entries of arrays of tables (``items[0].layout``)."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            name = _unquote(header.group(2))
            if header.group(1) == "[[":
                index = counts.get(name, 0)
                counts[name] = index + 1
                table = f"{name}[{index}]"
            else:
                # [items.fields] after [[items]] belongs to the latest entry.
                head, _, rest = name.partition(".")
                table = f"{head}[{counts[head] - 1}].{rest}" if head in counts and rest else name
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = _unquote(key.group(1))
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def _unquote(dotted: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in dotted.split("."))


def to_nodes(value: Any, path: str, lines: dict[str, int], default_line: int = 1) -> schema.Node:
    """Typed TOML values as schema nodes carrying lines and their TOML type."""
    line = lines.get(path, default_line)
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            child = f"{path}.{key}" if path else key
            child_line = lines.get(child, line)
            items.append((key, child_line, to_nodes(item, child, lines, child_line)))
        return schema.Mapping(items, line, toml=True)
    if isinstance(value, list):
        return schema.Sequence([to_nodes(v, f"{path}[{i}]", lines, line) for i, v in enumerate(value)], line, toml=True)
    if isinstance(value, bool):
        return schema.Scalar("true" if value else "false", line, toml_type="bool")
    if isinstance(value, (int, float)):
        return schema.Scalar(repr(value), line, toml_type=type(value).__name__)
    if isinstance(value, (datetime.date, datetime.time, datetime.datetime)):
        return schema.Scalar(value.isoformat(), line, toml_type="date")
    return schema.Scalar(str(value), line, quoted=True, toml_type="str")


def load_brand(folder: Path | None, warnings: list[Problem] | None = None) -> Brand:
    """The default brand when ``folder`` is None, else the validated kit.

    Raises BrandError with every problem found: unknown keys, colours that do
    not parse or do not contrast enough, files outside the kit, a logo that
    is not a usable image. Problems that only spoil the print (a blurry
    logo, a weak accent) are warnings: they are appended to ``warnings``
    when a list is given and never stop the build.
    """
    if folder is None:
        return Brand()
    shown_folder = display_path(folder)
    if not folder.is_dir():
        raise BrandError(
            problems=[
                Problem(
                    shown_folder,
                    0,
                    "",
                    "brand kit folder not found",
                    "give a folder containing brand.toml (make one with 'handouts new brand DIR')",
                )
            ]
        )
    path = folder / BRAND_FILE
    if not path.is_file():
        raise BrandError(
            problems=[
                Problem(
                    display_path(path),
                    0,
                    "",
                    "brand.toml not found in the brand kit",
                    "make one with 'handouts new brand DIR'",
                )
            ]
        )
    data, text = read_toml(path)
    if isinstance(data.get("paper"), str):
        data["paper"] = data["paper"].lower()  # "A4" is how people write it
    lines = toml_lines(text)
    converter = schema.Converter(display_path(path))
    brand = converter.convert(to_nodes(data, "", lines), Brand, "")
    problems = list(converter.problems)
    if problems:
        brand = _without_failed_keys(data, problems, lines, converter.file)
    causes: list[BaseException] = []  # a decoder's own errors, shown only by --debug (as the cause)
    if brand is not None:
        brand = dataclasses.replace(brand, folder=str(folder.resolve()))
        problems += _check_brand(brand, converter.file, lines, folder, causes)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise BrandError(problems=problems) from (causes[0] if causes else None)
    if warnings is not None:
        warnings.extend(problems)
    return _normalised(brand)


def _without_failed_keys(data: dict[str, Any], problems: list[Problem], lines: dict[str, int], file: str) -> Any:
    """The brand with every top-level key that failed left at its default, so the other checks still run.

    One misspelt key should not hide a missing logo or an illegible colour:
    `handouts check` lists everything in one pass.
    """
    failed = {re.split(r"[.\[]", p.where)[0] for p in problems}
    partial = {key: value for key, value in data.items() if key not in failed}
    retry = schema.Converter(file)
    brand = retry.convert(to_nodes(partial, "", lines), Brand, "")
    return None if retry.problems else brand


def _check_brand(
    brand: Brand, shown: str, lines: dict[str, int], folder: Path, causes: list[BaseException]
) -> list[Problem]:
    problems: list[Problem] = []
    for name in (f.name for f in dataclasses.fields(BrandColors)):
        value = getattr(brand.colors, name)
        if value is not None and parse_color(value) is None:
            problems.append(
                Problem(
                    shown,
                    lines.get(f"colors.{name}", 1),
                    f"colors.{name}",
                    f"'{value}' is not a colour",
                    'write a hex colour like "#1f4e79" or a CSS colour name like "navy"',
                )
            )
    files = [("logo", brand.logo)] + [
        (f"fonts.{f.name}", getattr(brand.fonts, f.name)) for f in dataclasses.fields(BrandFonts)
    ]
    for key, relative in files:
        if relative is None:
            continue
        problem = check_kit_file(folder, relative)
        if problem:
            example = "logo.png" if key == "logo" else "fonts/MyFont-Regular.ttf"
            problems.append(
                Problem(
                    shown, lines.get(key, 1), key, problem, f'name a file inside the brand kit folder, e.g. "{example}"'
                )
            )
    if not any(p.where.startswith("colors.") for p in problems):
        problems += check_contrast(brand.colors, shown, lines)
    if brand.logo is not None and not any(p.where == "logo" for p in problems):
        problems += _check_logo(folder, brand.logo, shown, lines.get("logo", 1), causes)
    if not _is_language_tag(brand.language):
        problems.append(
            Problem(
                shown,
                lines.get("language", 1),
                "language",
                f"'{brand.language}' is not a language tag",
                'write a BCP 47 tag such as "en-US", "en-GB" or "es"',
            )
        )
    if brand.website is not None and not _is_web_url(brand.website):
        # The same rule as <qr url>, so a website check passes is one every layout can print.
        problems.append(
            Problem(
                shown,
                lines.get("website", 1),
                "website",
                f"'{brand.website}' is not a web address a QR code can carry",
                "write a full address starting with https://, with a plain ASCII host name, "
                'e.g. "https://www.example.edu/careers"',
            )
        )
    if not 4.0 <= brand.min_text_size <= 12.0:
        problems.append(
            Problem(
                shown,
                lines.get("min_text_size", 1),
                "min_text_size",
                f"{brand.min_text_size:g} pt is not a sensible smallest text size",
                "give a size between 4 and 12 points, e.g. min_text_size = 6.5",
            )
        )
    if not 0 <= brand.stale_after_years <= 50:
        problems.append(
            Problem(
                shown,
                lines.get("stale_after_years", 1),
                "stale_after_years",
                f"{brand.stale_after_years} years is not a sensible age for a figure",
                "give a whole number of years from 0 to 50, e.g. stale_after_years = 3",
            )
        )
    return problems


def _is_web_url(value: str) -> bool:
    try:
        web_url(value)
    except InvalidValue:
        return False
    return True


def _is_language_tag(value: str) -> bool:
    """The same rule as the markup's lang attribute, so the brand's language always reaches the PDF."""
    try:
        language(value)
    except InvalidValue:
        return False
    return True


def _check_logo(folder: Path, written: str, shown: str, line: int, causes: list[BaseException]) -> list[Problem]:
    """The logo must be a sound PNG or JPEG of sane size; too few pixels for print is a warning.

    Every message names the logo as brand.toml wrote it (``written``).
    """
    try:
        facts = inspect_logo(folder / written, written)
    except AssetProblem as exc:
        if exc.__cause__ is not None:
            causes.append(exc.__cause__)
        return [Problem(shown, line, "logo", exc.what, exc.fix)]
    blurry = blurry_warning(facts, written)
    if blurry:
        return [Problem(shown, line, "logo", blurry, blurry_fix(facts), warning=True)]
    return []


def check_kit_file(folder: Path, relative: str) -> str | None:
    """Why a file named in a kit is unusable, or None when it is fine."""
    candidate = folder / relative
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        return f"'{relative}' points outside the brand kit"
    if not is_within(candidate, folder):
        return f"'{relative}' leads outside the brand kit (through a link)"
    try:
        found = candidate.is_file()
    except OSError as exc:  # e.g. a name longer than the file system allows
        return f"file '{relative[:60]}' cannot be opened ({exc.strerror})"
    if not found:
        return f"file '{relative}' not found in the brand kit"
    return None


def _normalised(brand: Brand) -> Brand:
    """Colours as #rrggbb so later stages never parse names again."""
    colors = BrandColors(
        **{
            f.name: parse_color(value).hex  # type: ignore[union-attr]  # _check_brand refused any that fail
            for f in dataclasses.fields(BrandColors)
            if (value := getattr(brand.colors, f.name)) is not None
        }
    )
    return dataclasses.replace(brand, colors=colors)


def brand_source(brand: Brand) -> tuple[str, dict[str, int]]:
    """The brand.toml a loaded brand came from, as shown in messages, and its key lines.

    Read again on demand (a small file) so later checks, such as fonts and
    glyphs, can point at the line of the key they are about.
    """
    if brand.folder is None:
        return "<built-in brand>", {}
    path = Path(brand.folder) / BRAND_FILE
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return display_path(path), {}
    return display_path(path), toml_lines(text)
