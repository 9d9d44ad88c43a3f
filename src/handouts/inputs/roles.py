"""Load role and source data from YAML: the only module that imports yaml.

YAML is read only as parser events (``yaml.parse``; see `parse_yaml` for why
not ``yaml.compose``), never constructed into objects, so no tag can run code
and no YAML 1.1 guess (``NO`` -> False, ``012345`` -> 5349) reaches a field;
`schema` types every value by the model. Aliases are refused outright: career
data has no use for them and they are how a small file becomes a huge one.
Duplicate keys are refused rather than last-wins.

A folder given with ``--data`` is searched before the built-in data, so an
office's file with a built-in id replaces that role.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handouts.errors import DataError, Problem, suggest
from handouts.inputs import schema
from handouts.inputs.models import Catalog, Figure, Role, Source
from handouts.inputs.sheetcheck import Report, check_sheets
from handouts.inputs.values import InvalidValue, url
from handouts.paths import builtin_dir, display_path

try:  # libyaml is much faster; the pure-Python parser gives the same nodes.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_DEPTH = 40
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class SourcesFile:
    """The top level of data/sources.yaml.

    sources: every source that role data may cite.
    """

    sources: tuple[Source, ...]


@dataclass
class LoadedFile:
    """A converted file plus where each field path sits, for later checks."""

    file: str
    value: object
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, path: str) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rsplit(".", 1)[0] if "." in path else ""
        return 1


def read_text(path: Path, shown: str) -> str:
    """UTF-8 text with or without a BOM; anything else is refused by name."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(
                problems=[
                    Problem(
                        shown, 0, "", f"file is {size:,} bytes", f"data files must be under {MAX_FILE_BYTES:,} bytes"
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(
            problems=[Problem(shown, 0, "", f"cannot read file ({exc.strerror})", "check the path and its permissions")]
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            problems=[
                Problem(
                    shown,
                    line,
                    "",
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                    "save the file as UTF-8 (in Excel or Notepad: Save As, encoding UTF-8)",
                )
            ]
        ) from None


def parse_yaml(text: str, shown: str) -> schema.Node:
    """Parse YAML into schema nodes; raises DataError on syntax, aliases, duplicates, depth.

    Nodes are built from the parser's event stream rather than by
    ``yaml.compose``: libyaml's composer recurses in C, and a 100 kB file of
    ``[[[[...`` crashed the whole process (segmentation fault) before any
    depth check could run. Here depth is counted as the events arrive and
    the file is refused at the first level too deep, and an alias is
    refused at its own line.
    """
    try:
        return _build_nodes(yaml.parse(text, Loader=_Loader), shown)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = f"YAML syntax error: {exc.problem or exc.context}"
        raise DataError(
            problems=[
                Problem(shown, line, "", what, "check the indentation and quoting on this line and the one above")
            ]
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        what = f"character U+{exc.character:04X} is not allowed in YAML" if isinstance(exc.character, int) else str(exc)
        fix = "remove it; save the file as plain UTF-8 text"
        raise DataError(problems=[Problem(shown, line, "", what, fix)]) from None
    except yaml.YAMLError as exc:
        raise DataError(problems=[Problem(shown, 0, "", f"YAML error: {exc}", "check the file's syntax")]) from None
    except UnicodeEncodeError:
        what, fix = "the text is not valid Unicode", "save the file as UTF-8"
        raise DataError(problems=[Problem(shown, 0, "", what, fix)]) from None


@dataclass
class _Open:
    """A list or mapping still being read, and (for a mapping) the key waiting for its value."""

    node: schema.Sequence | schema.Mapping
    key: tuple[str, int] | None = None
    keys: dict[str, int] = field(default_factory=dict)


def _build_nodes(events: Iterable[yaml.Event], shown: str) -> schema.Node:
    def refuse(line: int, what: str, fix: str, where: str = "") -> DataError:
        return DataError(problems=[Problem(shown, line, where, what, fix)])

    stack: list[_Open] = []
    root: schema.Node | None = None
    documents = 0
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark is not None else 0  # the parser marks every event
        if isinstance(event, yaml.AliasEvent):
            raise refuse(line, "YAML aliases (*name) are not allowed", "write the value out in full")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise refuse(line, "a second YAML document ('---') in one file", "keep one document per file")
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()
            continue
        if isinstance(event, yaml.ScalarEvent):
            quoted = event.style in ("'", '"', "|", ">")
            null = not quoted and event.value in ("", "~", "null", "Null", "NULL")
            node: schema.Node = schema.Scalar(event.value, line, quoted=quoted, null=null)
        elif isinstance(event, yaml.SequenceStartEvent):
            node = schema.Sequence([], line)
        elif isinstance(event, yaml.MappingStartEvent):
            node = schema.Mapping([], line)
        else:  # stream and document ends
            continue
        if stack:
            parent = stack[-1]
            if isinstance(parent.node, schema.Sequence):
                parent.node.items.append(node)
            elif parent.key is None:
                if not isinstance(node, schema.Scalar):
                    raise refuse(line, "a key must be a plain name", "write 'name: value'")
                first = parent.keys.get(node.text)
                if first is not None:
                    raise refuse(line, f"duplicate key (first on line {first})", "keep one of them", node.text)
                parent.keys[node.text] = line
                parent.key = (node.text, line)
            else:
                parent.node.items.append((parent.key[0], parent.key[1], node))
                parent.key = None
        elif root is None:
            root = node
        if isinstance(node, (schema.Sequence, schema.Mapping)):
            if len(stack) >= MAX_DEPTH:
                raise refuse(line, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
            stack.append(_Open(node))
    if root is None:
        raise refuse(1, "file is empty", "see data/roles/ for a complete example")
    return root


def load_file(path: Path, target: type) -> tuple[LoadedFile | None, list[Problem]]:
    """Read, parse and convert one YAML file; problems instead of exceptions."""
    shown = display_path(path)
    try:
        root = parse_yaml(read_text(path, shown), shown)
    except DataError as exc:
        return None, list(exc.problems)
    converter = schema.Converter(shown)
    value = converter.convert(root, target, "")
    if converter.problems:
        return None, converter.problems
    return LoadedFile(shown, value, converter.lines), []


def role_files(folders: list[Path]) -> dict[str, Path]:
    """Role id -> file, earlier folders winning; ids come from file names."""
    found: dict[str, Path] = {}
    for folder in reversed(folders):
        if not folder.is_dir():
            continue
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                found[entry.name.rsplit(".", 1)[0]] = Path(entry.path)
    return dict(sorted(found.items()))


def data_folders(extra: list[Path] | None = None) -> list[Path]:
    """Folders holding ``roles/`` and ``sources.yaml``, highest precedence first."""
    return [*(extra or []), builtin_dir("data")]


def load_catalog(extra: list[Path] | None = None) -> Catalog:
    """Load and cross-check every role and source; raise DataError listing all problems."""
    folders = data_folders(extra)
    for folder in extra or []:
        try:
            exists = folder.is_dir()
            usable = exists and ((folder / "roles").is_dir() or (folder / "sources.yaml").is_file())
        except OSError as exc:  # e.g. a name too long for the file system
            raise DataError(
                problems=[
                    Problem(
                        display_path(folder),
                        0,
                        "",
                        f"cannot open ({exc.strerror})",
                        "give a shorter path to a data folder",
                    )
                ]
            ) from None
        if not usable:
            what = "holds no roles/ folder and no sources.yaml" if exists else "data folder not found"
            hint = " (give the folder above roles/)" if folder.name == "roles" else ""
            raise DataError(
                problems=[
                    Problem(
                        display_path(folder),
                        0,
                        "",
                        what,
                        f"give a folder that holds roles/*.yaml (and optionally sources.yaml){hint}",
                    )
                ]
            )
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    source_files: dict[str, tuple[LoadedFile, int]] = {}
    for folder in reversed(folders):
        path = folder / "sources.yaml"
        if not path.is_file():
            continue
        loaded, found = load_file(path, SourcesFile)
        problems += found
        if loaded is None:
            continue
        seen: dict[str, int] = {}
        for index, source in enumerate(loaded.value.sources):  # type: ignore[attr-defined]
            line = loaded.line(f"sources[{index}].id")
            if source.id in seen:
                problems.append(
                    Problem(
                        loaded.file,
                        line,
                        f"sources[{index}].id",
                        f"duplicate source id '{source.id}' (first on line {seen[source.id]})",
                        "give each source its own id",
                    )
                )
            seen[source.id] = line
            if source.url is not None:
                try:
                    url(source.url)
                except InvalidValue as exc:
                    problems.append(
                        Problem(
                            loaded.file,
                            loaded.line(f"sources[{index}].url"),
                            f"sources[{index}].url",
                            str(exc),
                            "or leave url out",
                        )
                    )
            sources[source.id] = source
            source_files[source.id] = (loaded, line)

    files = role_files([f / "roles" for f in folders])
    loaded_roles: dict[str, LoadedFile] = {}
    for role_id, path in files.items():
        loaded, found = load_file(path, Role)
        problems += found
        if loaded is None:
            continue
        role: Role = loaded.value  # type: ignore[assignment]
        if role.id != role_id:
            problems.append(
                Problem(
                    loaded.file,
                    loaded.line("id"),
                    "id",
                    f"id '{role.id}' does not match the file name '{path.name}'",
                    f"write 'id: {role_id}' or rename the file to {role.id}.yaml",
                )
            )
            continue
        if not schema.ID_PATTERN.match(role.id):
            problems.append(
                Problem(
                    loaded.file,
                    loaded.line("id"),
                    "id",
                    f"'{role.id}' is not a valid id",
                    "use lowercase letters, digits and dashes, e.g. medical-assistant",
                )
            )
            continue
        loaded_roles[role_id] = loaded

    for loaded in loaded_roles.values():
        problems += _cross_check(loaded, sources, set(loaded_roles) | set(files))
    if problems:
        raise DataError(problems=problems)
    roles = {rid: lf.value for rid, lf in loaded_roles.items()}
    origin = {rid: lf.file for rid, lf in loaded_roles.items()}
    return Catalog(roles=roles, sources=dict(sorted(sources.items())), origin=origin)  # type: ignore[arg-type]


def _cross_check(loaded: LoadedFile, sources: dict[str, Source], role_ids: set[str]) -> list[Problem]:
    """Dangling source ids, unknown role ids, and figure rules the schema cannot express."""
    role: Role = loaded.value  # type: ignore[assignment]
    problems: list[Problem] = []

    def bad(path: str, what: str, fix: str) -> None:
        problems.append(Problem(loaded.file, loaded.line(path), path, what, fix))

    def check_source(path: str, source_id: str) -> None:
        if source_id not in sources:
            bad(
                path,
                f"unknown source id '{source_id}'",
                suggest(source_id, sources) + " (sources are listed in data/sources.yaml)",
            )

    for index, source_id in enumerate(role.sources):
        check_source(f"sources[{index}]", source_id)
    for metric_id, metric in role.figures.items():
        base = f"figures.{metric_id}"
        if not metric.figures:
            bad(f"{base}.figures", "has no figures", "give at least one figure, or remove the metric")
        defaults = [i for i, f in enumerate(metric.figures) if f.default]
        if len(defaults) > 1:
            bad(
                f"{base}.figures[{defaults[1]}].default",
                "more than one figure is marked default",
                "mark only one figure default: true",
            )
        for index, figure in enumerate(metric.figures):
            _check_figure(figure, f"{base}.figures[{index}]", bad, check_source)
    for index, setting in enumerate(role.work_settings):
        if setting.share is not None:
            _check_figure(setting.share, f"work_settings[{index}].share", bad, check_source)
    for index, step in enumerate(role.advancement):
        if step.role is not None and step.role not in role_ids:
            bad(
                f"advancement[{index}].role",
                f"unknown role id '{step.role}'",
                suggest(step.role, role_ids) + "; or leave 'role' out for a target that is not a role file",
            )
    check_sheets(role, bad, check_source, lambda f, path: _check_figure(f, path, bad, check_source), role_ids)
    return problems


def _check_figure(figure: Figure, path: str, bad: Report, check_source: Callable[[str, str], None]) -> None:
    check_source(f"{path}.source", figure.source)
    has_value = figure.value is not None
    has_range = figure.low is not None or figure.high is not None
    if has_value == has_range:
        bad(
            path,
            "a figure needs either 'value' or both 'low' and 'high'",
            "write value: 44200, or low: 38000 and high: 45000",
        )
    elif has_range and (figure.low is None or figure.high is None):
        bad(path, "a range needs both 'low' and 'high'", "add the missing end of the range")
    elif figure.low is not None and figure.high is not None and figure.low > figure.high:
        bad(f"{path}.low", f"low ({figure.low:g}) is above high ({figure.high:g})", "swap them")
    if figure.qualifier is not None and figure.qualifier not in ("over", "about", "under"):
        bad(
            f"{path}.qualifier",
            f"'{figure.qualifier}' is not a qualifier",
            suggest(figure.qualifier, ["over", "about", "under"]),
        )
    if not 1900 <= figure.year <= 2100:
        bad(f"{path}.year", f"year {figure.year} is out of range", "write a four-digit year, e.g. 2024")
