"""`handouts import onet`: draft role files and their source entry from an O*NET release.

Everything is planned before anything is written: the occupations are read,
each draft is rendered and read back with the project's own loader, the
sources file is extended in memory, and existing role files are refused
(unless replacing was asked for) before the first byte goes to disk. Then
the drafts and sources.yaml are written as temporaries and renamed together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import OutputError, Problem, UsageError
from handouts.inputs import roles as data
from handouts.inputs import schema
from handouts.inputs.models import Role
from handouts.output import Staging, unique_slugs
from handouts.paths import builtin_dir, display_path, is_within
from handouts.publicdata.drafts import MODIFIED_NOTICE, credit_line, render_draft
from handouts.publicdata.onet import normalize_code, read_occupations, search
from handouts.publicdata.release import Release, ReleaseInfo
from handouts.publicdata.sourcesfile import add_source

DATABASE_PAGE = "https://www.onetcenter.org/database.html"


@dataclass(frozen=True)
class DraftResult:
    """What an O*NET import wrote: one draft per occupation, and whether sources.yaml changed."""

    release: ReleaseInfo
    roles: tuple[tuple[str, str, Path], ...]  # (O*NET code, role id, file)
    sources: Path | None  # the sources file, when it was written


def check_data_folder(folder: Path) -> None:
    """Refuse a data folder inside the installed package (imports write only to the office's own data)."""
    if is_within(folder, builtin_dir("data")):
        raise UsageError(
            problems=[
                Problem(
                    display_path(folder),
                    0,
                    "--data",
                    "this is the built-in data that ships with handouts",
                    "give your own data folder, e.g. --data my-data",
                )
            ]
        )
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            problems=[Problem(display_path(folder), 0, "--data", "is a file, not a folder", "give a folder")]
        )


def source_fields(info: ReleaseInfo) -> list[tuple[str, object]]:
    return [
        ("id", info.source_id),
        ("title", info.title),
        ("publisher", "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)"),
        ("date", info.published),
        ("url", DATABASE_PAGE),
        ("credit", credit_line(info)),
        ("modified", MODIFIED_NOTICE),
    ]


def search_onet(path: Path, text: str) -> list[tuple[str, str, str | None]]:
    """Occupations matching ``text`` by title or alternate title: (code, title, matching alternate or None)."""
    with Release(path) as release:
        return search(release, text)


def import_onet(
    path: Path,
    codes: Sequence[str] | None,
    folder: Path,
    *,
    replace: bool = False,
    release_number: str | None = None,
    released: str | None = None,
) -> DraftResult:
    """Write a draft role per occupation (every occupation with tasks when ``codes`` is None)."""
    check_data_folder(folder)
    wanted = None if codes is None else list(dict.fromkeys(normalize_code(c) for c in codes))
    with Release(path) as release:
        info = release.info(release_number, released)
        occupations = read_occupations(release, wanted)
    ids = unique_slugs([o.title for o in occupations])
    role_ids = {o.code: role_id for o, role_id in zip(occupations, ids, strict=True)}
    roles_dir = folder / "roles"
    targets = [roles_dir / f"{role_id}.yaml" for role_id in ids]
    in_the_way = [t for t in targets if t.exists()]
    if in_the_way and not replace:
        raise OutputError(
            problems=[
                Problem(
                    display_path(t),
                    0,
                    "",
                    "already exists (it may have been reviewed since it was drafted)",
                    "move it aside, or import again with --replace to overwrite it",
                )
                for t in in_the_way
            ]
        )
    texts = [render_draft(o, role_id, info, role_ids) for o, role_id in zip(occupations, ids, strict=True)]
    for target, text in zip(targets, texts, strict=True):
        _check_draft(text, target)
    sources_path = folder / "sources.yaml"
    sources_text = add_source(sources_path, source_fields(info))
    staging = Staging()
    try:
        for target, text in zip(targets, texts, strict=True):
            staging.write(target, text.encode("utf-8"), "the draft role")
        if sources_text is not None:
            staging.write(sources_path, sources_text.encode("utf-8"), "the sources file")
        staging.commit()
    finally:
        staging.discard()
    return DraftResult(
        info,
        tuple((o.code, role_id, t) for o, role_id, t in zip(occupations, ids, targets, strict=True)),
        sources_path if sources_text is not None else None,
    )


def _check_draft(text: str, target: Path) -> None:
    """A draft that the project's loader would refuse is a bug here, not the user's problem."""
    shown = display_path(target)
    converter = schema.Converter(shown)
    converter.convert(data.parse_yaml(text, shown), Role, "")
    if converter.problems:
        raise AssertionError("draft does not load: " + "; ".join(map(str, converter.problems)))
