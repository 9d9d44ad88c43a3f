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

from handouts.errors import DataError, Problem
from handouts.inputs import schema
from handouts.inputs.models import Catalog, Role, RoleTexts, Source
from handouts.inputs.rolecheck import RoleFile, cross_check
from handouts.inputs.values import InvalidValue, date_text, url
from handouts.paths import UnreadableText, builtin_dir, display_path, read_utf8

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
    consequence: Callable[[str], bool] = field(default=lambda where: False)  # follows from a field problem
    texts: RoleTexts | None = None  # a role's prose fields and their translations

    def line(self, path: str) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rsplit(".", 1)[0] if "." in path else ""
        return 1


def read_text(path: Path, shown: str) -> str:
    """UTF-8 text with or without a BOM; anything else is refused by name."""
    try:
        return read_utf8(path, MAX_FILE_BYTES, "split the data over several files")
    except UnreadableText as exc:
        raise DataError(problems=[Problem(shown, exc.line, "", exc.what, exc.fix)]) from None


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


def load_file(path: Path, target: type, lenient: bool = False) -> tuple[LoadedFile | None, list[Problem]]:
    """Read, parse and convert one YAML file; problems instead of exceptions.

    With ``lenient`` a file with field problems still comes back (stand-ins in
    place of what could not be read; see `schema.Converter`) along with its
    problems, so its cross-references can be checked in the same pass.
    """
    shown = display_path(path)
    try:
        root = parse_yaml(read_text(path, shown), shown)
    except DataError as exc:
        return None, list(exc.problems)
    return convert_file(root, shown, target, lenient)


def convert_file(
    root: schema.Node, shown: str, target: type, lenient: bool = False
) -> tuple[LoadedFile | None, list[Problem]]:
    """A parsed file typed as ``target``; see `load_file`. A role's text fields may be given per language."""
    converter = schema.Converter(shown, lenient=lenient, languages=target is Role)
    block = None
    if target is Role and isinstance(root, schema.Mapping):
        block = next((item for item in root.items if item[0] == "translations"), None)
        if block is not None:
            root = schema.Mapping([item for item in root.items if item[0] != "translations"], root.line, root.toml)
    value = converter.convert(root, target, "")
    if block is not None:
        converter.translations_block(block[2])
    if value is schema.NOTHING or (converter.problems and not lenient):
        return None, converter.problems
    loaded = LoadedFile(shown, value, converter.lines, converter.consequence)
    loaded.texts = RoleTexts(shown, converter.prose, converter.translations)
    return loaded, converter.problems


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
    for folder in reversed(folders):
        path = folder / "sources.yaml"
        if path.is_file():
            problems += _load_sources(path, sources)

    files = role_files([f / "roles" for f in folders])
    loaded_roles: dict[str, RoleFile] = {}
    lines: dict[str, dict[str, int]] = {}
    texts: dict[str, RoleTexts] = {}
    checked: list[RoleFile] = []
    for role_id, path in files.items():
        loaded, found = _load_role(path)
        problems += found
        if loaded is None:
            continue
        role: Role = loaded.value  # type: ignore[assignment]
        role_file = RoleFile(loaded.file, path, role, loaded.line, loaded.consequence)
        checked.append(role_file)
        if found:  # field problems: cross-checked below, not usable
            continue
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
        loaded_roles[role_id] = role_file
        lines[role_id] = loaded.lines
        if loaded.texts is not None:
            texts[role_id] = loaded.texts

    for role_file in checked:
        problems += cross_check(role_file, sources, set(loaded_roles) | set(files))
    if problems:
        raise DataError(problems=problems)
    roles = {rid: lf.role for rid, lf in loaded_roles.items()}
    origin = {rid: lf.file for rid, lf in loaded_roles.items()}
    return Catalog(roles=roles, sources=dict(sorted(sources.items())), origin=origin, lines=lines, texts=texts)


def _load_sources(path: Path, sources: dict[str, Source]) -> list[Problem]:
    """Add one sources file's entries to ``sources`` (later files win); every problem in it.

    Read leniently: a source with a field problem still lends its id, so the
    roles citing it are not reported as citing an unknown source as well.
    """
    loaded, problems = load_file(path, SourcesFile, lenient=True)
    if loaded is None:
        return problems
    seen: dict[str, int] = {}
    for index, source in enumerate(loaded.value.sources):  # type: ignore[attr-defined]
        if not source.id:
            continue
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
        for key, check in (("url", url), ("date", date_text), ("accessed", date_text)):
            value = getattr(source, key)
            if value and not loaded.consequence(f"sources[{index}].{key}"):
                try:
                    check(value)
                except InvalidValue as exc:
                    fix = "or leave url out" if key == "url" else ""
                    problems.append(
                        Problem(
                            loaded.file,
                            loaded.line(f"sources[{index}].{key}"),
                            f"sources[{index}].{key}",
                            str(exc),
                            fix,
                        )
                    )
        sources[source.id] = source
    return problems


def _load_role(path: Path) -> tuple[LoadedFile | None, list[Problem]]:
    """One role file read leniently; a sources file put in roles/ by mistake is named as such."""
    shown = display_path(path)
    try:
        root = parse_yaml(read_text(path, shown), shown)
    except DataError as exc:
        return None, list(exc.problems)
    if isinstance(root, schema.Mapping) and [key for key, _, _ in root.items] == ["sources"]:
        target = display_path(path.parent.parent / "sources.yaml")
        return None, [
            Problem(
                shown,
                root.line,
                "",
                "this is a sources file (a list of sources), not a role, so it cannot go in roles/",
                f"move it to {target}, beside roles/; every file in roles/ is read as a role",
            )
        ]
    return convert_file(root, shown, Role, lenient=True)
