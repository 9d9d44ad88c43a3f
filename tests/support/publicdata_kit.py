"""Copies of the public-data fixtures, and the damaged variants the refusal tests need."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "public-data"
ONET_ZIP = FIXTURES / "onet" / "db_30_1_text.zip"
ONET_FOLDER = FIXTURES / "onet" / "db_30_1_text"
PROJECTIONS = FIXTURES / "projections" / "occupation.xlsx"
OEWS = FIXTURES / "oews"
NATIONAL, STATE, METRO = (OEWS / f"{name}_M2025_dl.xlsx" for name in ("national", "state", "MSA"))


def fixture_maker():
    """The fixture script as a module, for writing release folders with other line endings."""
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def release_copy(tmp: Path, newline: str = "\r\n", name: str = "db_30_1_text") -> Path:
    """A fresh O*NET release folder under ``tmp`` with the given line endings (and folder name)."""
    folder = fixture_maker().write_onet(tmp / "download", newline)
    if name != folder.name:
        folder = folder.rename(folder.with_name(name))
    return folder


def edit_file(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


def rewrite_xlsx(source: Path, target: Path, change) -> Path:
    """``source`` copied to ``target`` with ``change(name, bytes) -> bytes`` applied to every part."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change(info.filename, old.read(info.filename)))
    return target


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its checksum: the state a refused import must leave alone."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def public_data_folder(folder: Path, codes: tuple[str, ...] = ("31-1131", "43-6013")) -> Path:
    """A data folder as an office makes one: O*NET drafts, and the OEWS and projections fixtures in its store."""
    from handouts.publicdata.drafting import import_onet
    from handouts.publicdata.loading import import_projections, import_wages

    import_onet(ONET_ZIP, list(codes), folder)
    for path in (NATIONAL, STATE, METRO):
        import_wages(path, folder)
    import_projections(PROJECTIONS, folder)
    return folder


def write_role(folder: Path, role_id: str, *, soc: str | None = None, figures: str = "{}", extra: str = "") -> Path:
    """A small hand-written role in ``folder/roles/`` (its source, fixture-source, in ``folder/sources.yaml``)."""
    (folder / "roles").mkdir(parents=True, exist_ok=True)
    sources = folder / "sources.yaml"
    if not sources.exists() or "fixture-source" not in sources.read_text(encoding="utf-8"):
        text = sources.read_text(encoding="utf-8") if sources.exists() else "sources:\n"
        text += (
            '  - id: "fixture-source"\n    title: "Invented figures for tests"\n'
            '    publisher: "handouts test suite"\n    date: "2025-06-01"\n'
        )
        sources.write_text(text, encoding="utf-8")
    (folder / "roles").mkdir(parents=True, exist_ok=True)
    path = folder / "roles" / f"{role_id}.yaml"
    path.write_text(
        f'id: "{role_id}"\n'
        + (f'soc: "{soc}"\n' if soc else "")
        + f'name: "{role_id.replace("-", " ").title()}"\nshort_name: "X"\n'
        'summary: "A fictional role for tests."\n'
        'duties:\n  - title: "Work"\n    detail: "Does the work."\n'
        "skills: []\n"
        'education:\n  minimum: "High school diploma"\n  summary: "Trained on the job."\n  paths: []\n'
        + ("figures: {}\n" if figures == "{}" else "figures:\n" + figures.rstrip("\n") + "\n")
        + "work_settings: []\nwork_life: []\nadvancement: []\n"
        'right_for_you_if:\n  - "You like tests."\nfaqs: []\nsources: ["fixture-source"]\n' + extra,
        encoding="utf-8",
    )
    return path
